"""The Bolt app and the two ways to run it: Socket Mode (no public URL) or HTTP with signed requests
(served by bot/slack/http.py, re-exported here for callers that start the app)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from slack_bolt import App
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.config import Settings
from bot.errors import ConfigError
from bot.logs import RejectedBodyFilter
from bot.slack import dedup, fallbacks, guards
from bot.slack.after_ack import AfterAck
from bot.slack.context import FirmTime
from bot.slack.http import EVENTS_PATH, make_http_server, serve_http
from bot.slack.listeners import register_listeners

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.services.desk import ReferralDesk

log = logging.getLogger(__name__)

__all__ = ["EVENTS_PATH", "build_app", "make_client", "make_http_server", "serve_http"]
RATE_LIMIT_RETRIES = 3
LISTENER_THREADS = 32
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
    clock: Clock | None = None,
    deliveries: dedup.Deliveries | None = None,
    applied: Callable[[str], bool] = lambda request: False,
    handoff: AfterAck | None = None,
) -> App:
    """The Bolt app with every listener registered. Checks the token with Slack now (auth.test),
    so a wrong token stops start-up with a hint instead of failing at the first request.
    Listeners run on `handoff`'s threads, Bolt's only until they ack (bot/slack/after_ack.py)."""
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
            # Bolt's default is 5 threads: a burst of 30 captures queued behind them missed
            # Slack's 3 seconds. Each waits only for its listener's ack (the work after it is on
            # the bot's own threads), so a burst is acknowledged as fast as it can be parsed.
            listener_executor=ThreadPoolExecutor(LISTENER_THREADS, "slack-listener"),
            name="referral-desk",
        )
    except BoltError as exc:
        raise ConfigError(
            f"Slack refused the bot token ({exc}). Copy the Bot User OAuth Token (xoxb-...) from "
            "OAuth & Permissions into SLACK_BOT_TOKEN, and check SLACK_API_URL."
        ) from exc
    # Bolt quotes a rejected request's whole body; whatever handler a host attaches, it is dropped.
    logging.getLogger("slack_bolt.RequestVerification").addFilter(_REJECTED_BODIES)
    guards.register(app)
    # After the guards: a refused request claims nothing. In memory unless the caller keeps it.
    dedup.register(app, deliveries or dedup.Deliveries(), applied)
    firm_time = FirmTime(settings.firm_timezone, clock.now if clock else None)
    register_listeners(app, desk, firm_time, handoff or AfterAck())
    fallbacks.register(app)
    return app
