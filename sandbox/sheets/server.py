"""The Sheets stand-in: a ThreadingHTTPServer on 127.0.0.1 speaking the Sheets API v4 subset.

One lock guards the model. A mutating request works on a copy of its spreadsheet and swaps it in
only when every part succeeded, which gives batchUpdate its all-or-nothing behaviour for free;
committed objects are never mutated again, so responses can be serialised outside the lock.
"""

from __future__ import annotations

import contextlib
import gc
import json
import socket
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import parse_qs, urlsplit

from bot.log.reroute import RerouteAdapter

from . import conformance, discovery, fieldmask, routes
from .errors import ApiError, invalid, not_found
from .faults import Faults
from .model import Spreadsheet, new_spreadsheet
from .oauth import TOKEN_PATH, GrantRefused, SignIn
from .person import Person
from .render import KNOWN_FIELDS, spreadsheet_json
from .schema import check_query
from .store import SqliteStore

_gc_lock = threading.Lock()
_gc_pauses = 0


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic GC while a big answer is built: millions of small dicts otherwise
    trigger repeated full collections that cost more than building them. Nesting across
    threads is counted so the collector comes back only when the last request is done."""
    global _gc_pauses
    with _gc_lock:
        _gc_pauses += 1
        if _gc_pauses == 1:
            gc.disable()
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0:
                gc.enable()


class RecordedRequest(NamedTuple):
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    status: int


# What Google sends with a 401, so a client knows to get a new token.
_CHALLENGE = 'Bearer realm="https://accounts.google.com/", error="invalid_token"'


class SheetsStandIn:
    """Local Google Sheets API v4 (the subset Referral Desk uses), in memory or in SQLite.

    ``calls`` counts every request the server recognised as an API method, whatever its
    outcome (faults, quota refusals and errors included: the client made that call);
    ``requests`` records each one as (method, path, query, body, status); ``deviations`` lists
    every way an exchange differed from Google's discovery document (see ``conformance``).
    """

    def __init__(self, db_path: str | Path | None = None):
        self._lock = threading.RLock()
        self._stats_lock = threading.Lock()
        self._store = SqliteStore(db_path) if db_path is not None else None
        self._spreadsheets: dict[str, Spreadsheet] = self._store.load() if self._store else {}
        self._server: ThreadingHTTPServer | None = None
        self._port = 0
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self.faults = Faults()
        self.sign_in = SignIn(lambda: self.base_url)
        """Google's sign-in: once an account is registered, every call needs its bearer token."""
        self.calls: Counter[str] = Counter()
        self.requests: list[RecordedRequest] = []
        self.deviations: list[str] = []

    # --- lifecycle ----------------------------------------------------------------------------

    def start(self) -> SheetsStandIn:
        """Serve on 127.0.0.1 in a daemon thread. After a ``stop()`` the same port is taken
        again when free, so adapters already mounted keep working across a restart."""
        if self._server is not None:
            return self
        stand_in = self

        class Handler(_Handler):
            owner = stand_in

        self._stopping.clear()
        self._server = self._bind(Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name="sheets-stand-in",
            daemon=True,
        )
        self._thread.start()
        return self

    def _bind(self, handler: type[BaseHTTPRequestHandler]) -> ThreadingHTTPServer:
        if self._port:
            with contextlib.suppress(OSError):
                return ThreadingHTTPServer(("127.0.0.1", self._port), handler)
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._port = server.server_address[1]
        return server

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``; still known while stopped (connections are then refused)."""
        if not self._port:
            raise RuntimeError("The Sheets stand-in has not been started")
        return f"http://127.0.0.1:{self._port}"

    def stop(self) -> None:
        """Stop serving; pending hangs and latency sleeps are cut short. The model (and its
        SQLite file) stays, so ``start()`` serves the same spreadsheets again."""
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        with self._stats_lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> SheetsStandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def adapter(self) -> RerouteAdapter:
        return RerouteAdapter(self.base_url)

    # --- direct access (no HTTP, not counted) ---------------------------------------------

    def create_spreadsheet(
        self, title: str = "Referral log", sheets: Iterable[str] = ("Sheet1",)
    ) -> str:
        ss = new_spreadsheet(title, list(sheets))
        ss.seal()
        with self._lock:
            self._spreadsheets[ss.spreadsheet_id] = ss
            self._persist()
        return ss.spreadsheet_id

    def spreadsheet(self, spreadsheet_id: str) -> Spreadsheet:
        """The committed model of one spreadsheet (read only: never mutate it)."""
        with self._lock:
            if spreadsheet_id not in self._spreadsheets:
                raise KeyError(spreadsheet_id)
            return self._spreadsheets[spreadsheet_id]

    def mutate(self, spreadsheet_id: str, change: Callable[[Spreadsheet], Any]) -> Any:
        """Apply ``change`` to a copy of the spreadsheet and commit it if it returns normally."""
        with self._lock:
            if spreadsheet_id not in self._spreadsheets:
                raise not_found()
            work = self._spreadsheets[spreadsheet_id].copy()
            result = change(work)
            work.seal()
            self._spreadsheets[spreadsheet_id] = work
            self._persist()
            return result

    def person(self, spreadsheet_id: str) -> Person:
        self.spreadsheet(spreadsheet_id)
        return Person(self, spreadsheet_id)

    def reset_calls(self) -> None:
        with self._stats_lock:
            self.calls.clear()
            self.requests.clear()

    def _persist(self) -> None:
        if self._store is not None:
            self._store.save(self._spreadsheets)

    # --- request handling -----------------------------------------------------------------

    def handle(
        self, http: str, raw_path: str, query: dict, body: Any, body_error: ApiError | None
    ) -> tuple[int, dict, float, bool]:
        """Answer one request: (status, JSON body, seconds to hang before answering, drop)."""
        found = routes.match(http, raw_path)
        if found is None:
            return (
                404,
                ApiError(404, f"The requested URL {raw_path} was not found on this server.").body(),
                0,
                False,
            )
        route, match = found
        with self._stats_lock:
            self.calls[route.name] += 1
        if self.faults.latency and self._stopping.wait(self.faults.latency):
            return 503, ApiError(503).body(), 0, True
        decision = self.faults.decide(route.kind)
        if decision.error is not None:
            return decision.error.code, decision.error.body(), 0, False
        if decision.hang and not decision.hang_after_apply and self._stopping.wait(decision.hang):
            return 503, ApiError(503).body(), 0, True
        try:
            if body_error is not None:
                raise body_error
            with _gc_paused():
                result = _apply_fields(route, query, self._run(route, match, query, body))
        except ApiError as error:
            return (
                error.code,
                error.body(),
                decision.hang if decision.hang_after_apply else 0,
                False,
            )
        if decision.fail_after_apply:
            return 500, ApiError(500).body(), 0, False
        return 200, result, decision.hang if decision.hang_after_apply else 0, False

    def _run(self, route: routes.Route, match: Any, query: dict, body: Any) -> dict:
        if route.handler is None and route.name != "spreadsheets.create":
            raise routes.refuse(route)
        if body is None:
            body = {}
        if not isinstance(body, dict):
            raise invalid("Invalid JSON payload received. Expected an object.")
        _parse_as_google(route.name, query, body)
        if route.name == "spreadsheets.create":
            check_query(query, {})
            title, sheets = routes.create_body(body)
            sid = self.create_spreadsheet(title, sheets)
            return spreadsheet_json(self.spreadsheet(sid), False, [], None)
        sid = match.group("id")
        if route.mutates:
            return self.mutate(sid, lambda ss: route.handler(ss, query, body, match))
        with self._lock:
            ss = self._spreadsheets.get(sid)
        if ss is None:
            raise not_found()
        return route.handler(ss, query, body, match)

    def record(self, name: str, path: str, query: dict, body: Any, status: int) -> None:
        with self._stats_lock:
            self.requests.append(RecordedRequest(name, path, query, body, status))

    def conform(self, name: str, query: dict, body: Any, status: int, answer: Any) -> None:
        problems = conformance.record(name, query, body, status, answer)
        if problems:
            with self._stats_lock:
                self.deviations.extend(problems)

    def track(self, conn: socket.socket, alive: bool) -> None:
        with self._stats_lock:
            if alive:
                self._connections.add(conn)
            else:
                self._connections.discard(conn)

    def wait(self, seconds: float) -> bool:
        """Sleep that ``stop()`` interrupts; True when interrupted."""
        return self._stopping.wait(seconds)


def _parse_as_google(name: str, query: dict, body: dict) -> None:
    """Google binds the query and parses the body against the method before anything runs."""
    method = discovery.method(name)
    problems = discovery.query_errors(method, query)
    if problems:
        raise invalid(problems[0])
    if method.request is not None:
        problems = discovery.body_errors(body, method.request, coerce=True)
        if problems:
            raise invalid("\n".join(problems))


def _apply_fields(route: routes.Route, query: dict, result: dict) -> dict:
    if route.name == "spreadsheets.get" or "fields" not in query:
        return result
    mask = fieldmask.parse(query["fields"][-1])
    fieldmask.check_known(mask, KNOWN_FIELDS)
    return fieldmask.apply(result, mask)


class _Handler(BaseHTTPRequestHandler):
    owner: SheetsStandIn
    protocol_version = "HTTP/1.1"
    server_version = "ESF"
    sys_version = ""

    def setup(self) -> None:
        super().setup()
        # headers and body go out in two writes; without NODELAY each answer waits ~40 ms
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.owner.track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.owner.track(self.connection, False)

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read .requests instead
        pass

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def do_PATCH(self) -> None:
        self._serve("PATCH")

    def _serve(self, http: str) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query, keep_blank_values=True)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if parts.path == TOKEN_PATH and http == "POST":
            self._grant(raw)
            return
        try:
            self.owner.sign_in.authorise(self.headers.get("Authorization", ""), parts.path)
        except ApiError as refused:
            self.owner.record("sign_in", parts.path, query, None, refused.code)
            self._answer(refused.code, refused.body(), {"WWW-Authenticate": _CHALLENGE})
            return
        body, body_error = None, None
        if raw.strip():
            try:
                body = json.loads(raw)
            except (ValueError, UnicodeDecodeError):
                body_error = invalid("Invalid JSON payload received. Unexpected token.")
        status, payload, hang, drop = self.owner.handle(http, parts.path, query, body, body_error)
        found = routes.match(http, parts.path)
        if found is not None:
            self.owner.conform(found[0].name, query, body, status, payload)
        with _gc_paused():
            encoded = json.dumps(
                payload, ensure_ascii=False, separators=(",", ":"), check_circular=False
            ).encode()
        del payload
        self.owner.record(found[0].name if found else "unknown", parts.path, query, body, status)
        if hang and self.owner.wait(hang):
            drop = True
        if drop:
            self.close_connection = True
            return
        self._send(status, encoded)

    def _grant(self, raw: bytes) -> None:
        """The OAuth token endpoint: a signed JWT in, an access token (or invalid_grant) out."""
        try:
            status, answer = 200, self.owner.sign_in.grant(raw)
        except GrantRefused as refused:
            status, answer = refused.status, refused.body
        self.owner.record("oauth2.token", TOKEN_PATH, {}, None, status)
        self._answer(status, answer)

    def _answer(self, status: int, payload: dict, headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(payload).encode(), headers)

    def _send(self, status: int, encoded: bytes, headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=UTF-8")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(encoded)))
            self.end_headers()
            self.wfile.write(encoded)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (timeout); nothing to answer
