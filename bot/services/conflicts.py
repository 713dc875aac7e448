"""Coordinators decide who gets credit when two people referred the same lead."""

from __future__ import annotations

from bot.domain.attribution import attribution_confidence
from bot.domain.duplicates import RESOLVED_PREFIX, conflict_claims, open_conflict
from bot.domain.referral import Referral
from bot.errors import ValidationError
from bot.services.claims import after_decision, tell_claimants
from bot.services.context import ServiceContext
from bot.services.types import Actor


def last_claim(referral: Referral) -> tuple[str, str]:
    """(name, email) of the latest competing referrer written in the Conflict cell."""
    claims = conflict_claims(referral.conflict)
    if not claims:
        raise ValidationError(
            {"conflict": f"{referral.id}'s Conflict cell does not name a second referrer."}
        )
    name, email, _ = claims[-1]
    return name, email


def resolve_conflict(ctx: ServiceContext, referral_id: str, actor: Actor, keep: str) -> Referral:
    snapshot = ctx.snapshot(fresh=True)
    coordinator = ctx.require_coordinator(actor, snapshot)
    referral = ctx.referral(referral_id, snapshot)
    if not open_conflict(referral):
        raise ValidationError({"conflict": f"{referral.id} has no open conflict to decide."})
    cells: dict[str, str] = {}
    if keep == "second":
        name, email = last_claim(referral)
        cells = {"referred_by": name, "referrer_email": email}
    elif keep != "first":
        raise ValidationError({"keep": "Choose who keeps the credit: first or second."})
    credited = cells.get("referred_by", referral.referred_by)
    cells["conflict"] = (
        f"{RESOLVED_PREFIX} {ctx.stamp()} by {coordinator.name}: credit to {credited}"
    )
    decided = referral.with_changes(cells)
    cells["attribution_confidence"] = attribution_confidence(
        decided, logged_by_referrer=False, has_open_conflict=False
    )
    cells["updated_at"] = ctx.stamp()
    activity = ctx.activity(
        referral.id, coordinator.name, "Conflict resolved", f"credit to {credited}"
    )
    reward_moved = after_decision(ctx, referral, cells, coordinator.name)
    ctx.log.update({referral.id: cells}, [activity, *reward_moved])
    decided = referral.with_changes(cells)
    tell_claimants(ctx, referral, decided)
    return decided
