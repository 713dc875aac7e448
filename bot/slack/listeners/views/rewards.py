"""The reward forms: a reason to decline, or a new amount. A refusal is shown in the form itself,
which stays open; on success the review item (or App Home) is redrawn."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.errors import PermissionDeniedError, ReferralNotFoundError, ValidationError
from bot.slack import ids
from bot.slack.blocks.rewards import RewardMetadata, form_value
from bot.slack.context import FirmTime, actor_of
from bot.slack.listeners.actions.rewards import redraw

if TYPE_CHECKING:
    from bot.services.desk import ReferralDesk

REFUSED = (ValidationError, PermissionDeniedError, ReferralNotFoundError)


def reward_decline_modal_callback(
    ack: Ack, body: dict, view: dict, client: WebClient, desk: ReferralDesk, clock: FirmTime
) -> None:
    meta = RewardMetadata.load(view.get("private_metadata", ""))
    actor = actor_of(body)
    reason = form_value(view, ids.REWARD_REASON)
    try:
        done = desk.decline_reward(meta.referral_id, actor, reason)
    except REFUSED as exc:
        ack(response_action="errors", errors={ids.REWARD_REASON: _why(exc)})
        return
    ack()
    redraw(client, desk, clock, actor.user_id, meta, done, "decline")


def reward_amount_modal_callback(
    ack: Ack, body: dict, view: dict, client: WebClient, desk: ReferralDesk, clock: FirmTime
) -> None:
    meta = RewardMetadata.load(view.get("private_metadata", ""))
    actor = actor_of(body)
    amount = form_value(view, ids.REWARD_AMOUNT_INPUT)
    try:
        done = desk.change_reward_amount(meta.referral_id, actor, amount)
    except REFUSED as exc:
        ack(response_action="errors", errors={ids.REWARD_AMOUNT_INPUT: _why(exc)})
        return
    ack()
    redraw(client, desk, clock, actor.user_id, meta, done, "amount")


def _why(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.errors.values())
    return str(error)
