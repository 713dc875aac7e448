"""Fixtures for the Slack side: the Slack stand-in, a recording fake desk, and the real Bolt app
served over HTTP with a Driver sending it signed requests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
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

from bot.slack.app import build_app, make_http_server, with_rate_limit_retries
from bot.slack.notify import SlackNotifier
from sandbox.slack import Driver, SlackStandIn

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


@pytest.fixture
def bot(slack: SlackStandIn, desk: FakeDesk) -> Iterator[Bot]:
    settings = settings_for(slack)
    app = build_app(settings, desk)
    server = make_http_server(app, "127.0.0.1", 0)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/slack/events"
    client = with_rate_limit_retries(WebClient(token=TOKEN, base_url=slack.api_url))
    notifier = SlackNotifier(client, settings, row_link=desk.row_link)
    with Driver(slack, url) as driver:
        yield Bot(url, driver, notifier, client)
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
