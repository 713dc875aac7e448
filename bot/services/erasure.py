"""`/refer forget R-0012`: erase a lead's personal data on request (UK and EU firms must be able
to). Coordinators and admins only. The sheet row keeps its non-personal history with an "erased"
marker as the lead's name; every Activity cell that quoted the lead is scrubbed (the only rewrite
of Activity); the bot's Slack messages are updated in place."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.erasure import erased_cells, is_erased, personal_texts, scrub
from bot.domain.referral import Referral
from bot.errors import ValidationError
from bot.services import messages as msg
from bot.services.context import ServiceContext
from bot.services.types import Actor

ERASED_WHAT = "Personal data erased"


@dataclass(frozen=True)
class Forgotten:
    referral: Referral
    activity_cells: int
    messages: int
    files: int


def check_forgettable(ctx: ServiceContext, referral_id: str, actor: Actor) -> Referral:
    """The referral to forget, once the actor may and it is not erased already."""
    snapshot = ctx.snapshot(fresh=True)
    ctx.require_coordinator(actor, snapshot)
    referral = ctx.referral(referral_id, snapshot)
    if is_erased(referral):
        raise ValidationError({"referral": msg.already_erased(referral.id)})
    return referral


def forget(ctx: ServiceContext, referral_id: str, actor: Actor) -> Forgotten:
    referral = check_forgettable(ctx, referral_id, actor)
    texts = personal_texts(referral)
    cells = erased_cells(referral, texts) | {"updated_at": ctx.stamp()}
    note = ctx.activity(
        referral.id,
        ctx.who(actor),
        ERASED_WHAT,
        "lead's name, company, email, phone and context erased on request",
    )
    ctx.log.update({referral.id: cells}, [note])
    changed = ctx.log.rewrite_activity(lambda text: scrub(text, texts))
    team = {m.slack_user_id for m in ctx.snapshot().team if m.slack_user_id}
    involved = {
        referral.owner_slack_id,
        referral.thankyou_owner_slack_id,
        referral.logged_by_slack_id,
    }
    people = sorted((team | involved) - {""})
    messages, files = ctx.notifier.forget(referral.id, lambda text: scrub(text, texts), people)
    return Forgotten(referral.with_changes(cells), changed, messages, files)
