"""The buttons on an escalation in the review channel: remind whoever owes the step, hold that
step's track a day, or hand the thank-you and referrer updates to someone else. (Mark done is
the draft's Mark sent; reassigning the lead is the usual Reassign.)"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.domain import steps as S
from bot.slack import answers
from bot.slack.context import FirmTime, actor_of, referral_id_of
from bot.slack.updates import show_answer

if TYPE_CHECKING:
    from bot.services.desk import ReferralDesk


def _extra(action: dict) -> str:
    return (action.get("value") or "").partition("|")[2]


def remind_callback(
    ack: Ack, body: dict, action: dict, client: WebClient, desk: ReferralDesk, clock: FirmTime
) -> None:
    ack()
    answered = answers.remind(desk, actor_of(body), referral_id_of(action), _extra(action))
    show_answer(body, client, desk, clock, answered)


def snooze_track_callback(
    ack: Ack, body: dict, action: dict, client: WebClient, desk: ReferralDesk, clock: FirmTime
) -> None:
    ack()
    track = _extra(action) if _extra(action) in S.TRACKS else S.LEAD
    until = clock.now() + timedelta(days=1)
    answered = answers.snooze(desk, actor_of(body), referral_id_of(action), until, track)
    show_answer(body, client, desk, clock, answered)


def reassign_thanks_callback(
    ack: Ack, body: dict, action: dict, client: WebClient, desk: ReferralDesk, clock: FirmTime
) -> None:
    ack()
    new_owner = action.get("selected_user") or ""
    answered = answers.reassign(desk, actor_of(body), referral_id_of(action), new_owner, S.THANKS)
    show_answer(body, client, desk, clock, answered)
