"""Coordinators' reward buttons on the review item (review channel or App Home). Each calls the
desk, then redraws where it was pressed; a refusal reaches only the presser, through the error
handler, and changes nothing. Decline and Edit amount ask first, in a small form."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.services.rewards import RewardDone
from bot.slack import messages as msg
from bot.slack.blocks.common import mention
from bot.slack.blocks.rewards import RewardMetadata, amount_modal, decline_modal, reward_review
from bot.slack.context import FirmTime, actor_of, referral_id_of
from bot.slack.morning import redraw_mornings
from bot.slack.updates import publish_home

if TYPE_CHECKING:
    from bot.services.desk import ReferralDesk

DID = {
    "approve": "approved the reward",
    "confirm": "confirmed the attribution",
    "paid": "marked the reward paid",
    "decline": "declined the reward",
    "amount": "changed the reward amount",
}


def reward_approve_callback(
    ack: Ack, body: dict, action: dict, client: WebClient, desk: ReferralDesk, clock: FirmTime
) -> None:
    ack()
    actor = actor_of(body)
    done = desk.approve_reward(referral_id_of(action), actor)
    show_reward(body, client, desk, clock, done, "approve")


def reward_confirm_callback(
    ack: Ack, body: dict, action: dict, client: WebClient, desk: ReferralDesk, clock: FirmTime
) -> None:
    ack()
    done = desk.confirm_attribution(referral_id_of(action), actor_of(body))
    show_reward(body, client, desk, clock, done, "confirm")


def reward_paid_callback(
    ack: Ack, body: dict, action: dict, client: WebClient, desk: ReferralDesk, clock: FirmTime
) -> None:
    ack()
    done = desk.mark_reward_paid(referral_id_of(action), actor_of(body))
    show_reward(body, client, desk, clock, done, "paid")


def reward_decline_callback(ack: Ack, body: dict, action: dict, client: WebClient) -> None:
    """Ask for the reason first; the form's submission declines (and checks the role)."""
    ack()
    client.views_open(trigger_id=body["trigger_id"], view=decline_modal(_meta(body, action)))


def reward_amount_callback(
    ack: Ack, body: dict, action: dict, client: WebClient, desk: ReferralDesk
) -> None:
    ack()
    referral = desk.referral(referral_id_of(action))
    view = amount_modal(_meta(body, action), desk.reward_policy(), referral.reward_amount)
    client.views_open(trigger_id=body["trigger_id"], view=view)


def _meta(body: dict[str, Any], action: dict[str, Any]) -> RewardMetadata:
    container = body.get("container") or {}
    in_message = container.get("type") == "message"
    return RewardMetadata(
        referral_id_of(action),
        channel=container.get("channel_id", "") if in_message else "",
        ts=container.get("message_ts", "") if in_message else "",
    )


def show_reward(
    body: dict[str, Any],
    client: WebClient,
    desk: ReferralDesk,
    clock: FirmTime,
    done: RewardDone,
    what: str,
) -> None:
    """Redraw the review item where the button was pressed, or App Home."""
    meta = _meta(body, {"value": done.referral.id})
    redraw(client, desk, clock, actor_of(body).user_id, meta, done, what)


def redraw(
    client: WebClient,
    desk: ReferralDesk,
    clock: FirmTime,
    user_id: str,
    meta: RewardMetadata,
    done: RewardDone,
    what: str,
) -> None:
    redrawn = redraw_mornings(client, desk, clock, done.referral.id)
    if not meta.channel:
        publish_home(client, desk, clock, user_id)
        return
    if f"{meta.channel}:{meta.ts}" in redrawn:
        return  # pressed on the morning review post: redrawn with the others
    note = msg.did_reward(mention(user_id), DID[what], done.note)
    blocks = reward_review(done.referral, desk.reward_policy(), note)
    client.chat_update(channel=meta.channel, ts=meta.ts, text=note, blocks=blocks)
