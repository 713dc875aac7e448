"""Buttons under a draft: "Mark sent" logs it; "Open in email" is a link, acknowledged only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.slack import answers
from bot.slack.context import FirmTime, actor_of, referral_id_of
from bot.slack.updates import show_answer

if TYPE_CHECKING:
    from bot.services.desk import ReferralDesk


def mark_sent_callback(
    ack: Ack, body: dict, action: dict, client: WebClient, desk: ReferralDesk, clock: FirmTime
) -> None:
    ack()
    _, _, draft_name = (action.get("value") or "").partition("|")
    answered = answers.mark_sent(desk, actor_of(body), referral_id_of(action), draft_name)
    show_answer(body, client, desk, clock, answered)


def open_email_callback(ack: Ack) -> None:
    # The browser opens the mailto link; Slack still expects the click acknowledged.
    ack()
