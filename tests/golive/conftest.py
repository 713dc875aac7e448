"""Fixtures for going-live tests: a Slack stand-in whose bot token is granted what manifest.json
asks for, and settings that point the bot at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.config import Settings
from sandbox.slack import SlackStandIn

TOKEN = "xoxb-golive-0000"
APP_TOKEN = "xapp-1-golive-0000"
SECRET = "golive-signing-secret"
REVIEW, GENERAL = "C0REVIEW", "C0GENERAL"
ANA, SAM = "U0ANA", "U0SAM"


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    standin = SlackStandIn(bot_token=TOKEN, signing_secret=SECRET).start()
    standin.tokens.add(APP_TOKEN, kind="app")
    standin.add_user(ANA, "ana", "Ana Ruiz", "ana@firm.example", tz="Europe/London")
    standin.add_user(SAM, "sam", "Sam Lee", "sam@firm.example", tz="Europe/London")
    standin.add_channel(GENERAL, "general", members=[ANA, SAM])
    standin.add_channel(REVIEW, "referral-review", members=[ANA])
    yield standin
    standin.stop()


def slack_settings(slack: SlackStandIn, **extra: object) -> Settings:
    values = {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_APP_TOKEN": APP_TOKEN,
        "SLACK_API_URL": slack.api_url,
        "FIRM_TIMEZONE": "Europe/London",
        "REVIEW_CHANNEL": "referral-review",
    }
    return Settings({**values, **{k.upper(): v for k, v in extra.items()}})
