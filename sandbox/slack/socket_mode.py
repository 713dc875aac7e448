"""Socket Mode, as Slack serves it: a WebSocket per `apps.connections.open`, envelopes out, acks in.

    url = server.open_url()                       # what apps.connections.open answers
    ack = server.deliver("slash_commands", fields, accepts_response_payload=True)

On connecting, the app gets `hello`. Each envelope is
`{"envelope_id", "type", "payload", "accepts_response_payload"}` (events also carry
`retry_attempt` and `retry_reason`); the app must answer `{"envelope_id": ..., "payload": ...}`
within 3 seconds. A URL (its ticket) opens one connection only. `warn_disconnect()` and
`refresh()` send Slack's `disconnect` messages; `drop()` cuts a connection without a close frame,
as a network does. An event whose connection is lost before its ack is delivered again on the
next connection with `retry_attempt` raised, as Slack retries events; commands and interactions
lost to the network are not retried (Slack shows the person an error instead). An envelope of any
kind still un-acked when Slack itself retires the connection it went out on (a refresh) is
delivered again on the app's new connection, with `retry_attempt` and `retry_reason`.
`refresh_before_next_ack()` makes that happen on purpose: the next envelope goes out, then the
`disconnect` message, and its ack is not waited for, so a test sees exactly that order every time.

The timers are the stand-in's settings (`ack_seconds`, `retry_wait_seconds`), so tests that let
an ack go missing can use short ones.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

logger = logging.getLogger(__name__)

ACK_SECONDS = 3.0
"""Slack gives up on an ack after 3 seconds."""
RETRIED_TYPES = frozenset({"events_api"})
MAX_RETRIES = 3
RETRY_WAIT_SECONDS = 15.0
"""How long an event waits for the app to reconnect before Slack gives up on it (Slack itself
retries for minutes; the app reconnects within seconds)."""
DEBUG_HOST = "applink-local-standin"


class NotAcknowledged(Exception):
    """No connected app acknowledged the envelope in time (Slack would show an error)."""


@dataclass
class _Waiting:
    envelope_id: str
    answered: threading.Event = field(default_factory=threading.Event)
    ack: dict[str, Any] | None = None
    moving: bool = False
    """Slack is retiring the envelope's connection: an ack for it no longer counts."""


class SocketModeServer:
    def __init__(
        self,
        app_id: str,
        ack_seconds: float = ACK_SECONDS,
        retry_wait_seconds: float = RETRY_WAIT_SECONDS,
    ):
        self.app_id = app_id
        self.ack_seconds = ack_seconds
        self.retry_wait_seconds = retry_wait_seconds
        self._tickets: set[str] = set()
        self._connections: list[ServerConnection] = []
        self._retired: set[ServerConnection] = set()
        self._waiting: dict[str, _Waiting] = {}
        self._lock = threading.Condition()
        self.hellos = 0
        self._lose_acks = 0
        self._refresh_next: str | None = None
        self.acks = 0
        """Acks received (lost ones not counted)."""
        self.envelopes: list[dict[str, Any]] = []
        """Every envelope sent, in order (tests read retries and framing here)."""
        self._server: Server = serve(
            self._serve_connection,
            "127.0.0.1",
            0,
            process_request=self._check_ticket,
            ping_interval=None,  # the app pings; Slack answers
        )
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="slack-socket-mode", daemon=True
        )
        self._thread.start()

    # -- lifecycle -------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return self._server.socket.getsockname()[1]

    def stop(self) -> None:
        for connection in self.connections():
            connection.close()
        self._server.shutdown()
        self._thread.join(timeout=5)

    def open_url(self) -> str:
        """A fresh single-use URL, as apps.connections.open hands out."""
        ticket = uuid.uuid4().hex
        with self._lock:
            self._tickets.add(ticket)
        return f"ws://127.0.0.1:{self.port}/link/?ticket={ticket}&app_id={self.app_id}"

    def connections(self) -> list[ServerConnection]:
        with self._lock:
            return list(self._connections)

    def wait_connected(self, count: int = 1, timeout: float = 5.0, after: int = 0) -> bool:
        """True once `count` connections are open and more than `after` hellos were sent."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self._connections) < count or self.hellos <= after:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._lock.wait(left)
        return True

    # -- what Slack sends --------------------------------------------------------------------------

    def deliver(
        self,
        kind: str,
        payload: dict[str, Any],
        accepts_response_payload: bool,
        retry_attempt: int = 0,
    ) -> dict[str, Any] | None:
        """Send one envelope to the newest connection and wait for its ack; the ack's payload
        (None when it carried none). Raises NotAcknowledged as Slack would give up."""
        attempt, reason = retry_attempt, ""
        while True:
            envelope = self._envelope(kind, payload, accepts_response_payload, attempt, reason)
            try:
                return self._send_and_wait(envelope)
            except _LostBeforeAck as lost:
                moved = isinstance(lost, _Retired)
                if not (moved or kind in RETRIED_TYPES) or attempt >= MAX_RETRIES:
                    raise NotAcknowledged(
                        f"the connection closed before {kind} was acked"
                    ) from None
                attempt, reason = attempt + 1, "timeout"
                if not self.wait_connected(after=lost.hellos, timeout=self.retry_wait_seconds):
                    raise NotAcknowledged("no app reconnected to take the retry") from None

    def warn_disconnect(self) -> None:
        """Slack's notice, about 10 seconds ahead, that it will refresh the connection."""
        self._broadcast({"type": "disconnect", "reason": "warning"})

    def refresh(self, timeout: float = 5.0, reason: str = "refresh_requested") -> bool:
        """`refresh_requested`: the app opens a new connection; then Slack closes the old one.
        Envelopes still un-acked on the old one are delivered again on the new one."""
        old = self.connections()
        hellos = self.hellos
        with self._lock:
            self._retired.update(old)
        self._broadcast({"type": "disconnect", "reason": reason})
        reconnected = self.wait_connected(after=hellos, timeout=timeout)
        for connection in old:
            connection.close()
        with self._lock:
            self._lock.wait_for(lambda: not set(old) & set(self._connections), timeout)
        return reconnected

    def refresh_before_next_ack(self, reason: str = "refresh_requested") -> None:
        """The next envelope goes out, then at once Slack's `disconnect` (`warning` or
        `refresh_requested`) on its connection: Slack moves to the app's new connection before
        the ack, and delivers the envelope again there."""
        with self._lock:
            self._refresh_next = reason

    def lose_next_ack(self, count: int = 1) -> None:
        """The next acks are lost in transit: the app sent them, then the network dropped the
        connection before Slack read them (so Slack retries events on the next connection)."""
        with self._lock:
            self._lose_acks += count

    def drop(self) -> None:
        """The network cuts every connection: no close frame, the socket just goes."""
        for connection in self.connections():
            with contextlib.suppress(OSError):
                connection.socket.shutdown(socket.SHUT_RDWR)

    # -- the connection ----------------------------------------------------------------------------

    def _check_ticket(self, connection: ServerConnection, request: Any) -> Any:
        query = parse_qs(urlsplit(request.path).query)
        ticket = (query.get("ticket") or [""])[0]
        with self._lock:
            known = ticket in self._tickets
            self._tickets.discard(ticket)  # one connection per URL
        if not known:
            return connection.respond(HTTPStatus.UNAUTHORIZED, "invalid or used ticket\n")
        return None

    def _serve_connection(self, connection: ServerConnection) -> None:
        with self._lock:
            self._connections.append(connection)
            count = len(self._connections)
        try:
            connection.send(json.dumps(self._hello(count)))
            with self._lock:
                self.hellos += 1
                self._lock.notify_all()
            for frame in connection:
                self._on_frame(frame)
        except ConnectionClosed:
            pass
        finally:
            with self._lock:
                if connection in self._connections:
                    self._connections.remove(connection)
                self._lock.notify_all()

    def _on_frame(self, frame: str | bytes) -> None:
        try:
            message = json.loads(frame)
        except ValueError:
            logger.warning("Socket Mode stand-in got a frame that is not JSON")
            return
        waiting = (
            self._waiting.get(message.get("envelope_id", "")) if isinstance(message, dict) else None
        )
        if waiting is None or waiting.moving:
            return  # an ack for an envelope nobody waits for any more: Slack ignores it too
        with self._lock:
            lose, self._lose_acks = self._lose_acks > 0, max(0, self._lose_acks - 1)
        if lose:
            self.drop()
            return
        payload = message.get("payload")
        waiting.ack = payload if isinstance(payload, dict) else None
        with self._lock:
            self.acks += 1
            self._lock.notify_all()
        waiting.answered.set()

    def _send_and_wait(self, envelope: dict[str, Any]) -> dict[str, Any] | None:
        connection = self._newest()
        hellos = self.hellos
        with self._lock:
            refresh, self._refresh_next = self._refresh_next, None
        waiting = _Waiting(envelope["envelope_id"], moving=refresh is not None)
        self._waiting[waiting.envelope_id] = waiting
        try:
            self.envelopes.append(envelope)
            try:
                connection.send(json.dumps(envelope))
            except ConnectionClosed:
                raise _LostBeforeAck(hellos) from None
            if refresh is not None:
                self.refresh(timeout=self.retry_wait_seconds, reason=refresh)
                raise _Retired(hellos)
            deadline = time.monotonic() + self.ack_seconds
            while not waiting.answered.wait(0.02):
                if connection not in self.connections():
                    with self._lock:
                        retired = connection in self._retired
                    raise (_Retired if retired else _LostBeforeAck)(hellos)
                if time.monotonic() > deadline:
                    raise NotAcknowledged(
                        f"no ack for {envelope['type']} within {self.ack_seconds:g} seconds"
                    )
            return waiting.ack
        finally:
            self._waiting.pop(waiting.envelope_id, None)

    def _newest(self) -> ServerConnection:
        if not self.wait_connected(timeout=self.ack_seconds):
            raise NotAcknowledged("no app is connected over Socket Mode")
        return self.connections()[-1]

    def _broadcast(self, message: dict[str, Any]) -> None:
        message = {**message, "debug_info": {"host": DEBUG_HOST}}
        for connection in self.connections():
            with contextlib.suppress(ConnectionClosed):
                connection.send(json.dumps(message))

    def _envelope(
        self, kind: str, payload: dict[str, Any], accepts: bool, attempt: int, reason: str
    ) -> dict[str, Any]:
        envelope: dict[str, Any] = {
            "envelope_id": str(uuid.uuid4()),
            "payload": payload,
            "type": kind,
            "accepts_response_payload": accepts,
        }
        if kind == "events_api" or attempt:
            envelope["retry_attempt"] = attempt
            envelope["retry_reason"] = reason if attempt else ""
        return envelope

    def _hello(self, count: int) -> dict[str, Any]:
        return {
            "type": "hello",
            "num_connections": count,
            "debug_info": {
                "host": DEBUG_HOST,
                "build_number": 1,
                "approximate_connection_time": 18060,
            },
            "connection_info": {"app_id": self.app_id},
        }


class _LostBeforeAck(Exception):
    """The connection closed between sending an envelope and its ack."""

    def __init__(self, hellos: int):
        super().__init__()
        self.hellos = hellos
        """Hellos sent before the envelope went out: a retry waits for a newer connection."""


class _Retired(_LostBeforeAck):
    """Slack itself closed the envelope's connection (a refresh) before the ack."""
