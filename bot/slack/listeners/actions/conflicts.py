"""Coordinators deciding who gets credit when two people referred the same lead."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.slack import answers
from bot.slack.context import Clock, actor_of, referral_id_of
from bot.slack.updates import show_answer

if TYPE_CHECKING:
    from bot.services.desk import ReferralDesk


def conflict_keep_first_callback(
    ack: Ack, body: dict, action: dict, client: WebClient, desk: ReferralDesk, clock: Clock
) -> None:
    _decide(ack, body, action, client, desk, clock, "first")


def conflict_give_second_callback(
    ack: Ack, body: dict, action: dict, client: WebClient, desk: ReferralDesk, clock: Clock
) -> None:
    _decide(ack, body, action, client, desk, clock, "second")


def _decide(ack, body, action, client, desk, clock, keep: str) -> None:
    ack()
    # The desk refuses anyone but coordinators and admins; the buttons stay for them.
    answered = answers.resolve_conflict(desk, actor_of(body), referral_id_of(action), keep)
    show_answer(body, client, desk, clock, answered)
