"""Socket Mode: the bot connects out to Slack over a WebSocket, so it needs no public URL.

Slack's own client (slack_sdk's built-in one, through Bolt's adapter) does the protocol: hello,
acks by envelope_id, pings, `disconnect` refreshes and reconnecting after a dropped connection.
This module only starts it and stops it cleanly."""

from __future__ import annotations

import contextlib
import logging
import socket
import threading

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

log = logging.getLogger(__name__)

PING_SECONDS = 10.0
"""How often the connection is checked, and a lost one replaced (Bolt's default)."""


def connect(app: App, app_token: str, ping_seconds: float = PING_SECONDS) -> SocketModeHandler:
    """Open the connection (apps.connections.open, then the WebSocket) and return at once; the
    handler keeps it up, reconnecting as Slack asks or when the network drops it."""
    handler = SocketModeHandler(app, app_token, ping_interval=ping_seconds)
    handler.connect()
    log.info("Connected to Slack over Socket Mode")
    return handler


def serve(app: App, app_token: str, stop: threading.Event) -> None:
    """Serve Slack over Socket Mode until `stop` is set (e.g. by SIGTERM)."""
    handler = connect(app, app_token)
    try:
        stop.wait()
    finally:
        close(handler)


def close(handler: SocketModeHandler) -> None:
    """Stop reconnecting, then close. The client's receive loop notices within its 3-second
    read timeout; closing the socket first makes it notice at once. Its message loop waits up
    to a second on an empty queue; marking the client closed and waking the loop with an empty
    message lets it stop at once instead."""
    client = handler.client
    client.auto_reconnect_enabled = False
    client.closed = True
    client.message_queue.put(None)
    session = getattr(client, "current_session", None)
    sock = getattr(session, "sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
    handler.close()
    log.info("Socket Mode connection closed")
