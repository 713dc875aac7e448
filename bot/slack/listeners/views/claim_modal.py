"""A submitted claim form: the desk files the claim (or says what to fix, in the form), then the
person who filed it is told where it went."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.errors import PermissionDeniedError, ReferralNotFoundError, ValidationError
from bot.slack import ids
from bot.slack import messages as msg
from bot.slack.blocks.claims import claim_values, form_errors
from bot.slack.blocks.common import esc, title
from bot.slack.blocks.rewards import RewardMetadata
from bot.slack.context import actor_of
from bot.slack.post import tell

if TYPE_CHECKING:
    from bot.services.desk import ReferralDesk


def claim_modal_callback(
    ack: Ack, body: dict, view: dict, client: WebClient, desk: ReferralDesk
) -> None:
    meta = RewardMetadata.load(view.get("private_metadata", ""))
    actor = actor_of(body)
    typed = claim_values(view)
    try:
        claimed = desk.claim(
            meta.referral_id,
            actor,
            typed[ids.CLAIM_REFERRER],
            typed[ids.CLAIM_EMAIL],
            _date(typed[ids.CLAIM_WHEN]),
            typed[ids.CLAIM_EVIDENCE],
        )
    except ValidationError as exc:
        ack(response_action="errors", errors=form_errors(exc.errors))
        return
    except (PermissionDeniedError, ReferralNotFoundError) as exc:
        ack(response_action="errors", errors={ids.CLAIM_REFERRER: str(exc)})
        return
    ack()
    note = msg.claim_filed(title(claimed), esc(typed[ids.CLAIM_REFERRER].strip()))
    tell(client, actor.user_id, note, channel=meta.channel)


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
