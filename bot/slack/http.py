"""HTTP mode's front door: waitress serves Bolt's WSGI adapter, behind checks that hold before
anything in a request is read.

waitress reads each request fully in its event loop before a worker thread sees it, so a client
that claims a megabyte and sends five bytes holds no thread and is dropped after the read timeout;
a body above the cap gets 413 without being read. Then, in this order: only POST /slack/events
(GET /health answers "ok"); the signature headers well formed and the signature valid, else 401
(nothing else in the request is looked at); the body text and its JSON well formed, else 400.
Only then does Bolt parse it and run the listeners."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier
from waitress.server import create_server

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/health"
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
_FORMS = ("application/x-www-form-urlencoded", "application/json")

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


@dataclass(frozen=True)
class Limits:
    max_body_bytes: int = 1_048_576
    read_timeout_seconds: int = 10
    threads: int = 8


def limits_from(settings: Any) -> Limits:
    return Limits(
        settings.http_max_body_bytes, settings.http_read_timeout_seconds, settings.http_threads
    )


class FrontDoor:
    """The WSGI app: refuses what is not a well-formed, signed Slack request, then hands the
    request to Bolt's own adapter."""

    def __init__(self, app: App, signing_secret: str, limits: Limits = Limits()):
        self.bolt = SlackRequestHandler(app, path=EVENTS_PATH)
        self.verifier = SignatureVerifier(signing_secret)
        self.limits = limits

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method, path = environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", "")
        if method == "GET" and path == HEALTH_PATH:
            return _answer(start_response, "200 OK", "ok")
        if path != EVENTS_PATH:
            return _answer(start_response, "404 Not Found", "Not found")
        if method != "POST":
            return _answer(start_response, "405 Method Not Allowed", "Use POST")
        body = environ["wsgi.input"].read(_length(environ, self.limits.max_body_bytes))
        refusal = self._refusal(environ, body)
        if refusal:
            return _answer(start_response, *refusal)
        environ["wsgi.input"] = _Replay(body)
        return self.bolt(environ, start_response)

    def _refusal(self, environ: dict[str, Any], body: bytes) -> tuple[str, str] | None:
        timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "")
        signature = environ.get("HTTP_X_SLACK_SIGNATURE", "")
        if not (_TIMESTAMP.fullmatch(timestamp) and _SIGNATURE.fullmatch(signature)):
            log.info("Refused a request without well-formed Slack signature headers")
            return "401 Unauthorized", "Unsigned"
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            log.info("Refused a request whose body is not UTF-8 text")
            return "400 Bad Request", "Malformed body"
        if not self._valid(text, timestamp, signature):
            log.info("Refused a request whose Slack signature did not verify")
            return "401 Unauthorized", "Bad signature"
        if not _well_formed(text, environ.get("CONTENT_TYPE", "")):
            log.info("Refused a signed request whose body is malformed")
            return "400 Bad Request", "Malformed body"
        return None

    def _valid(self, text: str, timestamp: str, signature: str) -> bool:
        try:
            return self.verifier.is_valid(text, timestamp, signature)
        except (ValueError, TypeError):  # whatever a forger sends, the answer is no
            return False


def _length(environ: dict[str, Any], cap: int) -> int:
    try:
        return max(0, min(int(environ.get("CONTENT_LENGTH") or 0), cap))
    except ValueError:
        return 0


def _well_formed(text: str, content_type: str) -> bool:
    """What Bolt will parse: UTF-8 text, a form (with a JSON object as `payload` when there is
    one) or a JSON object."""
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind not in _FORMS:
        return False
    try:
        if kind == "application/json" or text.startswith("{"):
            return isinstance(json.loads(text), dict)
        fields = dict(parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text)))
        return "payload" not in fields or isinstance(json.loads(fields["payload"]), dict)
    except ValueError:  # JSONDecodeError, and a form that is not one
        return False


class _Replay:
    """The body, read once by the front door, offered again to Bolt's adapter."""

    def __init__(self, body: bytes):
        self._body = body

    def read(self, size: int = -1) -> bytes:
        data, self._body = (self._body, b"") if size < 0 else (self._body[:size], self._body[size:])
        return data


def _answer(start_response: StartResponse, status: str, text: str) -> list[bytes]:
    data = text.encode("utf-8")
    start_response(
        status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(data)))]
    )
    return [data]


class HttpServer:
    """waitress, started and stopped the way a test or the local workspace wants: serve_forever
    in a thread, shutdown from another."""

    def __init__(self, wsgi: FrontDoor, host: str, port: int, limits: Limits):
        self._server = create_server(
            wsgi,
            host=host,
            port=port,
            threads=limits.threads,
            channel_timeout=limits.read_timeout_seconds,
            cleanup_interval=1,
            max_request_body_size=limits.max_body_bytes,
            asyncore_loop_timeout=0.05,
            expose_tracebacks=False,
            ident="referral-desk",
        )
        self._stopped = False

    @property
    def server_address(self) -> tuple[str, int]:
        return (self._server.effective_host, self._server.effective_port)

    def serve_forever(self, poll_interval: float = 0.05) -> None:
        del poll_interval  # waitress polls every asyncore_loop_timeout
        try:
            self._server.run()
        except (OSError, ValueError):
            if not self._stopped:  # closing sockets under a running loop ends it this way
                raise

    def shutdown(self) -> None:
        self._stopped = True
        self._server.task_dispatcher.shutdown(timeout=5)
        for channel in list(self._server._map.values()):
            channel.close()

    def server_close(self) -> None:
        if not self._stopped:
            self.shutdown()


def make_http_server(
    app: App, host: str, port: int, signing_secret: str = "", limits: Limits = Limits()
) -> HttpServer:
    """Slack's requests at /slack/events (port 0 picks a free one)."""
    secret = signing_secret or _secret_of(app)
    return HttpServer(FrontDoor(app, secret, limits), host, port, limits)


def _secret_of(app: App) -> str:
    # Bolt keeps the secret it verifies with; the front door checks with the same one first.
    return app._signing_secret or ""


def serve_http(app: App, host: str, port: int, limits: Limits = Limits()) -> None:
    """Serve Slack's requests until interrupted."""
    server = make_http_server(app, host, port, limits=limits)
    log.info("Listening for Slack on http://%s:%d%s", host, server.server_address[1], EVENTS_PATH)
    try:
        server.serve_forever()
    finally:
        server.server_close()
