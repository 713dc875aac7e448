"""Coordinators decide who gets credit when more than one person says they referred a lead.

A decision names one claim by its key (bot/domain/conflicts.py), read afresh from the sheet: the
credit moves to exactly that claim, the reward follows it, the decision is appended to Conflict
with its Activity in one delivery, and each claimant hears the outcome in a draft. A card that is
out of date cannot decide twice: a decided conflict, or a claim no longer on the referral, is
refused with the referral as it now stands, so the card can be redrawn."""

from __future__ import annotations

from bot.domain.attribution import attribution_confidence
from bot.domain.conflicts import ConflictClaim, decision_cells, find_claim, last_decision
from bot.domain.duplicates import open_conflict
from bot.domain.referral import Referral
from bot.errors import ValidationError
from bot.services import messages as msg
from bot.services.claims import after_decision, tell_claimants
from bot.services.context import ServiceContext
from bot.services.types import Actor

CONFLICT_RESOLVED = "Conflict resolved"


class StaleConflictCard(ValidationError):
    """The card pressed no longer matches the referral; `referral` is how it stands now."""

    def __init__(self, referral: Referral, errors: dict[str, str]):
        super().__init__(errors)
        self.referral = referral


def resolve_conflict(
    ctx: ServiceContext, referral_id: str, actor: Actor, claim_key: str
) -> Referral:
    snapshot = ctx.snapshot(fresh=True)
    coordinator = ctx.require_coordinator(actor, snapshot)
    referral = ctx.referral(referral_id, snapshot)
    claim = _claim_to_credit(referral, claim_key)
    cells = decision_cells(referral, claim, coordinator.name, ctx.stamp())
    decided = referral.with_changes(cells)
    cells["attribution_confidence"] = attribution_confidence(
        decided, logged_by_referrer=False, has_open_conflict=False
    )
    cells["updated_at"] = ctx.stamp()
    activity = ctx.activity(
        referral.id, coordinator.name, CONFLICT_RESOLVED, _details(claim, referral)
    )
    reward_moved = after_decision(ctx, referral, cells, coordinator.name)
    ctx.log.update({referral.id: cells}, [activity, *reward_moved])
    decided = referral.with_changes(cells)
    tell_claimants(ctx, referral, decided, claim.key)
    return decided


def _claim_to_credit(referral: Referral, claim_key: str) -> ConflictClaim:
    if not open_conflict(referral):
        said = last_decision(referral.conflict)
        raise StaleConflictCard(referral, {"conflict": msg.conflict_decided(referral.id, said)})
    claim = find_claim(referral, claim_key)
    if claim is None:
        raise StaleConflictCard(referral, {"conflict": msg.claim_gone(referral.id)})
    return claim


def _details(claim: ConflictClaim, before: Referral) -> str:
    if claim.standing:
        return f"credit stays with {claim.name}"
    return f"credit to {claim.name} ({claim.source or 'a claim'}), not {before.referred_by}"
