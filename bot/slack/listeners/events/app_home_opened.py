"""App Home: drawn fresh each time it is opened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_sdk import WebClient

from bot.slack.context import FirmTime
from bot.slack.updates import publish_home

if TYPE_CHECKING:
    from bot.services.desk import ReferralDesk


def app_home_opened_callback(
    event: dict, client: WebClient, desk: ReferralDesk, clock: FirmTime
) -> None:
    if event.get("tab", "home") != "home":
        return  # the Messages tab needs nothing drawn
    publish_home(client, desk, clock, event["user"])
