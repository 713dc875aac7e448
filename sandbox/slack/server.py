"""A quiet threading HTTP server on 127.0.0.1 that hands every request to the gateway."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from sandbox.slack.gateway import Gateway

# How often the serving loop checks for stop(); the stdlib's 0.5 s would make every stop slow.
POLL_INTERVAL = 0.05


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self._forward("GET")

    def do_POST(self) -> None:
        self._forward("POST")

    def _forward(self, verb: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {key.lower(): value for key, value in self.headers.items()}
        reply = self.server.gateway.handle(verb, self.path, headers, body)
        self.send_response(reply.status)
        for key, value in reply.headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, format: str, *args: object) -> None:
        return None  # tests and the console stay readable; the gateway records every call


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], gateway: Gateway):
        super().__init__(address, _Handler)
        self.gateway = gateway


class RunningServer:
    """The server and the thread serving it; `stop()` waits for both to finish."""

    def __init__(self, gateway: Gateway, host: str = "127.0.0.1", port: int = 0):
        self._server = _Server((host, port), gateway)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": POLL_INTERVAL},
            name="slack-standin",
            daemon=True,
        )
        self._thread.start()

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
