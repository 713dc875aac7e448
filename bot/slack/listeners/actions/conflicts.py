"""Coordinators deciding who gets credit on a conflict card: one button per claim, carrying the
claim's key. The card is redrawn in place: decided (no buttons left, the credited claim ticked),
or, when it was out of date, as the referral stands now."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.domain.duplicates import open_conflict
from bot.domain.referral import Referral
from bot.errors import PermissionDeniedError, ValidationError
from bot.services.conflicts import StaleConflictCard
from bot.slack import messages as msg
from bot.slack.answers import Answered
from bot.slack.blocks.claims import claim_modal
from bot.slack.blocks.common import esc, mention
from bot.slack.blocks.review import conflict_decided, conflict_review
from bot.slack.context import FirmTime, actor_of, referral_id_of
from bot.slack.redraw import redraw_cards
from bot.slack.updates import elsewhere, shown_of

if TYPE_CHECKING:
    from bot.services.desk import ReferralDesk


def conflict_credit_callback(
    ack: Ack, body: dict, action: dict, client: WebClient, desk: ReferralDesk, clock: FirmTime
) -> None:
    ack()
    referral_id, _, claim_key = (action.get("value") or "").partition("|")
    actor = actor_of(body)
    try:
        # The desk refuses anyone but coordinators and admins; the buttons stay for them.
        decided = desk.resolve_conflict(referral_id, actor, claim_key)
    except StaleConflictCard as stale:
        said = esc(str(stale.errors.get("conflict", "")))
        redraw(body, client, stale.referral, said)
        _redraw_the_rest(client, desk, clock, Answered(stale.referral, said), _pressed(body))
        raise
    note = msg.did_resolve(mention(actor.user_id), esc(decided.referred_by))
    redraw(body, client, decided, note)
    _redraw_the_rest(client, desk, clock, Answered(decided, note), _pressed(body))


def conflict_claim_callback(
    ack: Ack, body: dict, action: dict, client: WebClient, desk: ReferralDesk
) -> None:
    """File a claim from the card: the claim form for that referral (anyone may claim); the new
    claim's card replaces this one, and its outcome reaches the claimant as for any claim."""
    ack()
    referral = desk.referral(referral_id_of(action))
    container = body.get("container") or {}
    view = claim_modal(referral, desk.claim_window_days(), container.get("channel_id", ""))
    client.views_open(trigger_id=body["trigger_id"], view=view)


def _redraw_the_rest(
    client: WebClient, desk: ReferralDesk, clock: FirmTime, answered: Answered, pressed: str
) -> None:
    """The referral's other cards, DMs and App Homes, as it now stands."""
    shown = shown_of(desk)
    if shown is not None:
        redraw_cards(client, shown, answered.referral, answered.note, skip=pressed)
    elsewhere(client, desk, clock, answered, skip=pressed)


def _pressed(body: dict[str, Any]) -> str:
    container = body.get("container") or {}
    return f"{container.get('channel_id', '')}:{container.get('message_ts', '')}"


def conflict_old_card_callback(
    ack: Ack, body: dict, action: dict, client: WebClient, desk: ReferralDesk
) -> None:
    """A button of a card posted before each claim had its own: it decides nothing (it cannot
    say which claim it meant), the card is redrawn with one button per claim."""
    ack()
    if not desk.is_coordinator(actor_of(body).user_id):
        raise PermissionDeniedError(
            "Only coordinators and admins (Team tab, Role column) can do this."
        )
    referral = desk.referral(referral_id_of(action))
    redraw(body, client, referral, msg.conflict_card_changed())
    raise ValidationError({"conflict": msg.conflict_card_changed()})


def redraw(body: dict[str, Any], client: WebClient, referral: Referral, note: str) -> None:
    """The card as `referral` now stands: live buttons while its conflict is open."""
    container = body.get("container") or {}
    message = body.get("message") or {}
    if open_conflict(referral):
        blocks = conflict_review(referral)
    else:
        blocks = conflict_decided(message.get("blocks") or [], referral, note)
    client.chat_update(
        channel=container.get("channel_id", ""),
        ts=container.get("message_ts") or message.get("ts", ""),
        text=message.get("text") or note,
        blocks=blocks,
    )
