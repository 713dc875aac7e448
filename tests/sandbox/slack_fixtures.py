"""Helpers the Slack stand-in tests share: a seeded workspace, a client, a served Bolt app."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from slack_bolt import App
from slack_sdk import WebClient

from sandbox.slack import SlackStandIn
from sandbox.slack.bolt_server import serve_bolt
from sandbox.slack.tokens import manifest_bot_scopes

TOKEN = "xoxb-local-0000"
SECRET = "local-secret"
ANA, BEN, CARA = "U01", "U02", "U03"
REVIEW, GENERAL = "C01", "C0GENERAL"
EVERY_SCOPE = (
    frozenset({"channels:history", "groups:history", "files:write", "users:read.email"})
    | manifest_bot_scopes()
)
"""These tests exercise the whole Web API subset, so their token may call all of it."""


def seeded_standin(db_path: Path | None = None) -> SlackStandIn:
    """A started stand-in with three people and two channels (Cara is not in #referral-review)."""
    slack = SlackStandIn(bot_token=TOKEN, signing_secret=SECRET, db_path=db_path).start()
    slack.tokens.set_scopes(TOKEN, EVERY_SCOPE)
    slack.add_user(ANA, "ana", "Ana Coordinator", "ana@firm.test", tz="Europe/London")
    slack.add_user(BEN, "ben", "Ben Owner", "ben@firm.test", tz="America/New_York")
    slack.add_user(CARA, "cara", "Cara Partner", "cara@firm.test")
    slack.add_channel(REVIEW, "referral-review", members=[ANA, BEN])
    slack.add_channel(GENERAL, "general", members=[ANA, BEN, CARA])
    return slack


def client_for(slack: SlackStandIn, token: str | None = TOKEN) -> WebClient:
    return WebClient(token=token, base_url=slack.api_url)


def bolt_app(slack: SlackStandIn) -> App:
    """A Bolt app talking to the stand-in (Bolt calls auth.test on it at construction)."""
    return App(signing_secret=slack.signing_secret, client=client_for(slack))


@contextmanager
def served(app: App) -> Iterator[str]:
    server, url = serve_bolt(app)
    try:
        yield url
    finally:
        server.stop()


def wait_for(condition: Callable[[], object], timeout: float = 3.0) -> object:
    """Poll until `condition()` is truthy (Bolt runs listeners after it acks)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.01)
    raise AssertionError("condition not met within the timeout")


class FakeClock:
    """A monotonic clock that moves only when told: trigger_ids expire without sleeping."""

    def __init__(self, start: float = 1000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def simple_modal(**overrides: object) -> dict:
    view = {
        "type": "modal",
        "callback_id": "refer",
        "title": {"type": "plain_text", "text": "New referral"},
        "submit": {"type": "plain_text", "text": "Log"},
        "blocks": [
            {
                "type": "input",
                "block_id": "lead",
                "label": {"type": "plain_text", "text": "Lead name"},
                "element": {"type": "plain_text_input", "action_id": "name", "max_length": 80},
            }
        ],
    }
    view.update(overrides)
    return view
