"""Fixtures for going-live tests: a Slack stand-in whose bot token is granted what manifest.json
asks for, with an app-level token for Socket Mode."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from golive_support import ANA, APP_TOKEN, DIGEST, GENERAL, REVIEW, SAM, SECRET, TOKEN

from sandbox.slack import SlackStandIn


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    standin = SlackStandIn(bot_token=TOKEN, signing_secret=SECRET).start()
    standin.tokens.add(APP_TOKEN, kind="app")
    standin.add_user(ANA, "ana", "Ana Ruiz", "ana@firm.example", tz="Europe/London")
    standin.add_user(SAM, "sam", "Sam Lee", "sam@firm.example", tz="Europe/London")
    standin.add_channel(GENERAL, "general", members=[ANA, SAM])
    standin.add_channel(REVIEW, "referral-review", members=[ANA])
    standin.add_channel(DIGEST, "referral-digest", members=[ANA])
    yield standin
    standin.stop()
