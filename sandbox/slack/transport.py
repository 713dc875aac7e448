"""How the driver's requests reach the bot: signed HTTP POSTs, or Socket Mode envelopes.

Both answer with a `requests.Response`, so whoever drives the bot reads an ack the same way
whichever way it travelled: over Socket Mode the ack's payload becomes the JSON body (an empty
body when the ack carried none), and an envelope nobody acknowledged raises a ReadTimeout, as an
HTTP request that got no answer in 3 seconds does.
"""

from __future__ import annotations

import json
from typing import Any, Protocol
from urllib.parse import parse_qsl

import requests

from sandbox.slack.socket_mode import NotAcknowledged, SocketModeServer

# Interactions whose ack may carry an answer Slack acts on (Slack's accepts_response_payload).
_ANSWERED_INTERACTIONS = frozenset({"view_submission", "block_suggestion"})


class Transport(Protocol):
    def send(
        self, body: bytes, headers: dict[str, str], retry: tuple[int, str] | None = None
    ) -> requests.Response: ...

    def close(self) -> None: ...


class HttpTransport:
    """A POST to the bot's Request URL, as Slack sends it in HTTP mode."""

    def __init__(self, url: str, timeout: float):
        self.url = url
        self.timeout = timeout
        self._session = requests.Session()

    def send(
        self, body: bytes, headers: dict[str, str], retry: tuple[int, str] | None = None
    ) -> requests.Response:
        if retry is not None:
            headers = {
                **headers,
                "X-Slack-Retry-Num": str(retry[0]),
                "X-Slack-Retry-Reason": retry[1],
            }
        return self._session.post(self.url, data=body, headers=headers, timeout=self.timeout)

    def close(self) -> None:
        self._session.close()


class SocketModeTransport:
    """An envelope over the bot's WebSocket: the same payload, framed as Socket Mode frames it
    (no signature: the connection itself is authenticated by the app-level token)."""

    def __init__(self, server: SocketModeServer):
        self.server = server

    def send(
        self, body: bytes, headers: dict[str, str], retry: tuple[int, str] | None = None
    ) -> requests.Response:
        kind, payload, accepts = envelope_of(body, headers.get("Content-Type", ""))
        try:
            ack = self.server.deliver(
                kind, payload, accepts, retry_attempt=retry[0] if retry else 0
            )
        except NotAcknowledged as exc:
            raise requests.exceptions.ReadTimeout(str(exc)) from None
        return _response(ack)

    def close(self) -> None:
        return None


def envelope_of(body: bytes, content_type: str) -> tuple[str, dict[str, Any], bool]:
    """(envelope type, payload, accepts_response_payload) for what HTTP mode would POST."""
    text = body.decode("utf-8")
    if content_type.startswith("application/json"):
        return "events_api", json.loads(text), False
    fields = dict(parse_qsl(text, keep_blank_values=True))
    if "payload" in fields:
        payload = json.loads(fields["payload"])
        return "interactive", payload, payload.get("type") in _ANSWERED_INTERACTIONS
    return "slash_commands", fields, True


def _response(ack: dict[str, Any] | None) -> requests.Response:
    response = requests.Response()
    response.status_code = 200
    response._content = json.dumps(ack).encode() if ack else b""
    if ack:
        response.headers["Content-Type"] = "application/json"
    response.encoding = "utf-8"
    return response
