"""What the going-live tests share: the Slack stand-in's tokens and settings that point at it."""

from __future__ import annotations

from bot.config import Settings
from sandbox.slack import SlackStandIn

TOKEN = "xoxb-golive-0000"
APP_TOKEN = "xapp-1-golive-0000"
SECRET = "golive-signing-secret"
REVIEW, DIGEST, GENERAL = "C0REVIEW", "C0DIGEST", "C0GENERAL"
ANA, SAM = "U0ANA", "U0SAM"


def slack_settings(slack: SlackStandIn, **extra: object) -> Settings:
    values = {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_APP_TOKEN": APP_TOKEN,
        "SLACK_API_URL": slack.api_url,
        "FIRM_TIMEZONE": "Europe/London",
        "REVIEW_CHANNEL": "referral-review",
        "DIGEST_CHANNEL": "referral-digest",
    }
    return Settings({**values, **{k.upper(): v for k, v in extra.items()}})
