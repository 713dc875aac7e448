"""The Bolt app and the two ways to run it: Socket Mode (no public URL) or HTTP with signed requests."""

from __future__ import annotations

import logging
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.config import Settings
from bot.errors import ConfigError
from bot.logs import RejectedBodyFilter
from bot.slack.context import Clock
from bot.slack.listeners import register_listeners

if TYPE_CHECKING:
    from bot.clock import Clock as BotClock
    from bot.services.desk import ReferralDesk

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
RATE_LIMIT_RETRIES = 3
_REJECTED_BODIES = RejectedBodyFilter()


def make_client(settings: Settings) -> WebClient:
    """The Web API client the app and the notifier share."""
    client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url)
    return with_rate_limit_retries(client)


def with_rate_limit_retries(client: WebClient) -> WebClient:
    """Slack answers 429 with Retry-After when a burst goes too fast; wait as told and try again."""
    if not any(isinstance(h, RateLimitErrorRetryHandler) for h in client.retry_handlers):
        client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES))
    return client


def build_app(
    settings: Settings,
    desk: ReferralDesk,
    client: WebClient | None = None,
    clock: BotClock | None = None,
) -> App:
    """The Bolt app with every listener registered. Checks the token with Slack now (auth.test),
    so a wrong token stops start-up with a hint instead of failing at the first request."""
    if client is None and not settings.slack_bot_token:
        raise ConfigError(
            "SLACK_BOT_TOKEN is empty: set the bot token (xoxb-...) from OAuth & Permissions."
        )
    client = with_rate_limit_retries(client or make_client(settings))
    try:
        app = App(
            client=client,
            signing_secret=settings.slack_signing_secret,
            # Slack waits 3 seconds: answer at ack(), then finish the work.
            process_before_response=False,
            name="referral-desk",
        )
    except BoltError as exc:
        raise ConfigError(
            f"Slack refused the bot token ({exc}). Copy the Bot User OAuth Token (xoxb-...) from "
            "OAuth & Permissions into SLACK_BOT_TOKEN, and check SLACK_API_URL."
        ) from exc
    # Bolt quotes a rejected request's whole body; whatever handler a host attaches, it is dropped.
    logging.getLogger("slack_bolt.RequestVerification").addFilter(_REJECTED_BODIES)
    register_listeners(app, desk, Clock(settings.firm_timezone, clock.now if clock else None))
    return app


def make_http_server(app: App, host: str, port: int) -> ThreadingHTTPServer:
    """An HTTP server for Slack's requests at /slack/events (port 0 picks a free one).

    Bolt checks each request's signature and timestamp, so forged or replayed requests get 401."""

    class SlackRequestHandler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            path, _, query = self.path.partition("?")
            if path != EVENTS_PATH:
                self._send(BoltResponse(status=404, body="Not found"))
                return
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8")
            headers = {k.lower(): v for k, v in self.headers.items()}
            self._send(app.dispatch(BoltRequest(body=body, query=query, headers=headers)))

        def do_GET(self) -> None:
            # A health check for a load balancer; it reveals nothing.
            ok = self.path.partition("?")[0] == "/health"
            self._send(BoltResponse(status=200 if ok else 404, body="ok" if ok else "Not found"))

        def _send(self, response: BoltResponse) -> None:
            data = (response.body or "").encode("utf-8")
            self.send_response(response.status)
            for name, values in response.headers.items():
                if name.lower() != "content-length":
                    for value in values:
                        self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            log.debug("%s %s", self.address_string(), format % args)

    server = ThreadingHTTPServer((host, port), SlackRequestHandler)
    server.daemon_threads = True
    return server


def serve_http(app: App, host: str, port: int) -> None:
    """Serve Slack's requests until interrupted."""
    server = make_http_server(app, host, port)
    log.info("Listening for Slack on http://%s:%d%s", host, server.server_address[1], EVENTS_PATH)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()


def start_socket_mode(app: App, app_token: str) -> None:
    """Connect out to Slack over a WebSocket: no public URL needed. Blocks until interrupted."""
    SocketModeHandler(app, app_token).start()
