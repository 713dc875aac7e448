"""Serve a Bolt app over HTTP on this machine, the way it is served behind a public URL."""

from __future__ import annotations

import threading
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

EVENTS_PATH = "/slack/events"
POLL_INTERVAL = 0.02  # how often serving checks for stop(); the stdlib's 0.5 s slows every stop


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return None


class BoltServer(ThreadingMixIn, WSGIServer):
    """A threading WSGI server: Slack may send the next request before the last one is acked."""

    daemon_threads = True
    _thread: threading.Thread | None = None

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)


def serve_bolt(app: App, host: str = "127.0.0.1", port: int = 0) -> tuple[BoltServer, str]:
    """Start serving `app` in a daemon thread; returns the server and its events URL."""
    handler = SlackRequestHandler(app, path=EVENTS_PATH)
    server = make_server(host, port, handler, server_class=BoltServer, handler_class=_QuietHandler)
    assert isinstance(server, BoltServer)
    server._thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": POLL_INTERVAL},
        name="bolt-http",
        daemon=True,
    )
    server._thread.start()
    return server, f"http://{host}:{server.server_port}{EVENTS_PATH}"
