"""Fixtures for the Slack side: the Slack stand-in, a recording fake desk, and the real Bolt app
served over HTTP with a Driver sending it signed requests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from slack_sdk import WebClient
from slack_support import (
    COORD,
    GENERAL,
    OTHER,
    OWNER,
    REVIEW,
    SECRET,
    THANKER,
    TOKEN,
    TZ,
    FakeDesk,
    settings_for,
)

from bot.slack import socket_mode
from bot.slack.app import build_app, make_http_server, with_rate_limit_retries
from bot.slack.notify import SlackNotifier
from sandbox.slack import Driver, SlackStandIn, SocketModeTransport

APP_TOKEN = "xapp-1-test-0000"
SOCKET_PING_SECONDS = 0.5
"""The client checks its connection this often: a dropped one is replaced within a second."""

_stopping: list[threading.Thread] = []


@pytest.fixture(scope="session", autouse=True)
def _stand_ins_stopped() -> Iterator[None]:
    yield
    for thread in _stopping:
        thread.join(timeout=5)


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    standin = SlackStandIn(bot_token=TOKEN, signing_secret=SECRET).start()
    for user_id, name in ((OWNER, "sam"), (THANKER, "tia"), (COORD, "cora"), (OTHER, "olly")):
        standin.add_user(user_id, name, name.title(), email=f"{name}@firm.example", tz=TZ)
    everyone = [OWNER, THANKER, COORD, OTHER]
    standin.add_channel(GENERAL, "general", members=everyone)
    standin.add_channel(REVIEW, "referral-review", members=[COORD, OTHER])
    yield standin
    # Stopping waits out the stand-in's half-second poll; let it happen while the next test runs.
    stopper = threading.Thread(target=standin.stop, daemon=True)
    stopper.start()
    _stopping.append(stopper)


@pytest.fixture
def desk() -> FakeDesk:
    return FakeDesk()


@dataclass
class Bot:
    url: str
    driver: Driver
    notifier: SlackNotifier
    client: WebClient
    transport: str


TRANSPORTS = ("http", "socket_mode")


@pytest.fixture(params=TRANSPORTS)
def bot(request, slack: SlackStandIn, desk: FakeDesk) -> Iterator[Bot]:
    """The bot as Slack reaches it, once over HTTP and once over Socket Mode: every scenario
    that uses this fixture runs both ways."""
    with serving(slack, desk, request.param) as served:
        yield served


@pytest.fixture
def http_bot(slack: SlackStandIn, desk: FakeDesk) -> Iterator[Bot]:
    """For what only HTTP mode has: request signatures, the server's paths."""
    with serving(slack, desk, "http") as served:
        yield served


@contextmanager
def serving(slack: SlackStandIn, desk: FakeDesk, transport: str) -> Iterator[Bot]:
    settings = settings_for(slack)
    app = build_app(settings, desk)
    client = with_rate_limit_retries(WebClient(token=TOKEN, base_url=slack.api_url))
    notifier = SlackNotifier(client, settings, row_link=desk.row_link)
    if transport == "socket_mode":
        slack.add_app_token(APP_TOKEN)
        handler = socket_mode.connect(app, APP_TOKEN, ping_seconds=SOCKET_PING_SECONDS)
        with Driver(slack, transport=SocketModeTransport(slack.socket_mode)) as driver:
            yield Bot("", driver, notifier, client, transport)
        socket_mode.close(handler)
        return
    server = make_http_server(app, "127.0.0.1", 0)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/slack/events"
    with Driver(slack, url) as driver:
        yield Bot(url, driver, notifier, client, transport)
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
