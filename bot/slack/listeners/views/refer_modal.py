"""The referral form submitted: inline errors, a duplicate to confirm, or logged and confirmed."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.errors import ValidationError
from bot.services.types import Correction, SameLeadQuestion
from bot.slack import messages as msg
from bot.slack.blocks.common import esc, title
from bot.slack.blocks.confirmation import outcome_blocks, outcome_text
from bot.slack.blocks.modal import refer_modal
from bot.slack.context import actor_of
from bot.slack.forms import ModalMetadata, modal_errors, prefill_from_view, submission_from_view
from bot.slack.post import tell

if TYPE_CHECKING:
    from bot.services.desk import ReferralDesk


def refer_modal_callback(
    ack: Ack, body: dict, view: dict, client: WebClient, desk: ReferralDesk
) -> None:
    actor = actor_of(body)
    metadata = ModalMetadata.load(view.get("private_metadata", ""))
    if metadata.edit_of:
        _correct(ack, body, view, client, desk, metadata)
        return
    try:
        outcome = desk.refer(submission_from_view(view), actor)
    except ValidationError as exc:
        ack(response_action="errors", errors=modal_errors(exc.errors))
        return
    if outcome.status == "invalid":
        ack(response_action="errors", errors=modal_errors(outcome.errors))
        return
    if outcome.status == "needs_confirmation":
        asked = replace(metadata, asked_about=outcome.referral.id)
        again = refer_modal(prefill_from_view(view), asked, duplicate=outcome.referral)
        ack(response_action="update", view=again)
        return
    ack()
    link = desk.row_link(outcome.referral)
    tell(
        client,
        actor.user_id,
        outcome_text(outcome),
        outcome_blocks(outcome, link),
        metadata.channel,
    )


def _correct(
    ack: Ack, body: dict, view: dict, client: WebClient, desk: ReferralDesk, meta: ModalMetadata
) -> None:
    """Edit on a confirmation: the same row is corrected, and the person is told so."""
    actor = actor_of(body)
    try:
        done = desk.edit_capture(meta.edit_of, submission_from_view(view), actor)
    except SameLeadQuestion as asked:
        again = refer_modal(
            prefill_from_view(view),
            replace(meta, asked_about=asked.match.id),
            duplicate=asked.match,
            editing=True,
        )
        ack(response_action="update", view=again)
        return
    except ValidationError as exc:
        ack(response_action="errors", errors=modal_errors(exc.errors))
        return
    ack()
    tell(client, actor.user_id, edited_text(done), None, meta.channel)


def edited_text(done: Correction) -> str:
    corrected = done.referral
    if done.existing is not None:
        return msg.edited_onto(title(corrected), title(done.existing), done.status == "conflict")
    if done.previous_owner:
        return msg.edited_moved(title(corrected), esc(corrected.owner))
    return msg.edited(title(corrected))
