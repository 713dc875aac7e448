"""The follow-up buttons on owner DMs and App Home. Each one calls the desk, then redraws the
message (or App Home) in place; a refusal reaches only the presser, through the error handler."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.domain import referral as R
from bot.slack import answers
from bot.slack.blocks.modal import not_a_fit_modal
from bot.slack.blocks.rewards import won_modal
from bot.slack.context import FirmTime, actor_of, referral_id_of
from bot.slack.forms import CloseMetadata
from bot.slack.updates import show_answer

if TYPE_CHECKING:
    from bot.services.desk import ReferralDesk


def followup_sent_callback(
    ack: Ack, body: dict, action: dict, client: WebClient, desk: ReferralDesk, clock: FirmTime
) -> None:
    _followup(ack, body, action, client, desk, clock, R.FOLLOWUP_SENT)


def waiting_reply_callback(
    ack: Ack, body: dict, action: dict, client: WebClient, desk: ReferralDesk, clock: FirmTime
) -> None:
    _followup(ack, body, action, client, desk, clock, R.WAITING_FOR_REPLY)


def no_further_action_callback(
    ack: Ack, body: dict, action: dict, client: WebClient, desk: ReferralDesk, clock: FirmTime
) -> None:
    _followup(ack, body, action, client, desk, clock, R.NO_FURTHER_ACTION)


def _followup(ack, body, action, client, desk, clock, status: str) -> None:
    ack()
    answered = answers.followup(desk, actor_of(body), referral_id_of(action), status)
    show_answer(body, client, desk, clock, answered)


def in_conversation_callback(
    ack: Ack, body: dict, action: dict, client: WebClient, desk: ReferralDesk, clock: FirmTime
) -> None:
    ack()
    answered = answers.in_conversation(desk, actor_of(body), referral_id_of(action))
    show_answer(body, client, desk, clock, answered)


def snooze_1d_callback(
    ack: Ack, body: dict, action: dict, client: WebClient, desk: ReferralDesk, clock: FirmTime
) -> None:
    _snooze_days(ack, body, action, client, desk, clock, 1)


def snooze_3d_callback(
    ack: Ack, body: dict, action: dict, client: WebClient, desk: ReferralDesk, clock: FirmTime
) -> None:
    _snooze_days(ack, body, action, client, desk, clock, 3)


def _snooze_days(ack, body, action, client, desk, clock, days: int) -> None:
    ack()
    until = clock.now() + timedelta(days=days)
    answered = answers.snooze(desk, actor_of(body), referral_id_of(action), until)
    show_answer(body, client, desk, clock, answered)


def snooze_pick_callback(
    ack: Ack, body: dict, action: dict, client: WebClient, desk: ReferralDesk, clock: FirmTime
) -> None:
    ack()
    until = answers.start_of(date.fromisoformat(action["selected_date"]), clock.tz)
    answered = answers.snooze(desk, actor_of(body), referral_id_of(action), until)
    show_answer(body, client, desk, clock, answered)


def reassign_callback(
    ack: Ack, body: dict, action: dict, client: WebClient, desk: ReferralDesk, clock: FirmTime
) -> None:
    ack()
    new_owner = action.get("selected_user") or ""
    answered = answers.reassign(desk, actor_of(body), referral_id_of(action), new_owner)
    show_answer(body, client, desk, clock, answered)


def close_won_callback(
    ack: Ack, body: dict, action: dict, client: WebClient, desk: ReferralDesk, clock: FirmTime
) -> None:
    if desk.reward_policy().kind != "none":  # the won value is asked for: a fee may follow it
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=won_form(body, action))
        return
    _close(ack, body, action, client, desk, clock, R.WON)


def close_no_response_callback(
    ack: Ack, body: dict, action: dict, client: WebClient, desk: ReferralDesk, clock: FirmTime
) -> None:
    _close(ack, body, action, client, desk, clock, R.NO_RESPONSE)


def _close(ack, body, action, client, desk, clock, stage: str) -> None:
    ack()
    answered = answers.close(desk, actor_of(body), referral_id_of(action), stage)
    show_answer(body, client, desk, clock, answered)


def close_not_a_fit_callback(ack: Ack, body: dict, action: dict, client: WebClient) -> None:
    """Ask for the reason first; the modal's submission closes the referral."""
    ack()
    client.views_open(
        trigger_id=body["trigger_id"], view=not_a_fit_modal(_close_metadata(body, action))
    )


def won_form(body: dict, action: dict) -> dict:
    metadata = _close_metadata(body, action)
    return won_modal(metadata.dump(), metadata.referral_id)


def _close_metadata(body: dict, action: dict) -> CloseMetadata:
    container = body.get("container") or {}
    in_message = container.get("type") == "message"
    return CloseMetadata(
        referral_id_of(action),
        channel=container.get("channel_id", "") if in_message else "",
        ts=container.get("message_ts", "") if in_message else "",
    )
