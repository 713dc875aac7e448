"""Anyone at the firm files a claim for a referral logged without its referrer; coordinators
decide it on the conflict card like any other claim.

Filing writes the claim into Conflict (attribution Disputed, so any reward freezes) with its
Activity in one delivery and posts the conflict card. When the decision gives the credit to a
different referrer, the reward follows: approvals given for the previous referrer no longer count
and the review starts again. Whoever claimed hears the outcome in a draft the thank-you owner
sends."""

from __future__ import annotations

from datetime import date

from bot.domain import referral as R
from bot.domain import rewards as reward_rules
from bot.domain.claims import Claim, claim_cells, problems
from bot.domain.conflicts import round_claims
from bot.domain.referral import Activity, Referral
from bot.errors import ValidationError
from bot.services.context import ServiceContext
from bot.services.rewards import REWARD_CHANGE
from bot.services.types import Actor

CLAIM_FILED = "Claim filed"


def file_claim(
    ctx: ServiceContext,
    referral_id: str,
    actor: Actor,
    referrer: str,
    email: str,
    introduced_on: date | None,
    evidence: str,
) -> Referral:
    snapshot = ctx.snapshot(fresh=True)
    referral = ctx.referral(referral_id, snapshot)
    who = ctx.who(actor, snapshot)
    claim = Claim(referrer, email, introduced_on, evidence, filed_by=who)
    found = problems(claim, referral, ctx.now(), ctx.tz, ctx.settings.claim_window_days)
    if found:
        raise ValidationError(found)
    cells = {**claim_cells(claim, referral, ctx.now(), ctx.tz), "updated_at": ctx.stamp()}
    line = cells["conflict"].rsplit("; ", 1)[-1]
    activity = ctx.activity(referral.id, who, CLAIM_FILED, line)
    ctx.log.update({referral.id: cells}, [activity])
    claimed = referral.with_changes(cells)
    ctx.notifier.conflict_flagged(claimed, referrer.strip(), actor.user_id)
    return claimed


def after_decision(
    ctx: ServiceContext, before: Referral, cells: dict[str, str], who: str
) -> list[Activity]:
    """What a conflict decision also changes, added to its own cells (and write): when the credit
    moves to another referrer, the reward review starts again for them. Returns its Activity."""
    credited = cells.get("referred_by", before.referred_by)
    moved = credited.strip().casefold() != before.referred_by.strip().casefold()
    if not moved or before.reward_state not in (*reward_rules.UNDER_REVIEW, R.REWARD_APPROVED):
        return []
    review = reward_rules.RewardReview.of(before)
    fresh = reward_rules.RewardReview(eligible_at=review.eligible_at)
    cells.update({"reward_state": R.REWARD_PENDING, "reward_review": fresh.to_cell()})
    details = f"reward moves to {credited}: to review again"
    return [ctx.activity(before.id, who, REWARD_CHANGE, details)]


def tell_claimants(
    ctx: ServiceContext, before: Referral, decided: Referral, credited_key: str
) -> None:
    """A draft to each claimant of the round just decided (not the referrer first credited, who
    was never asked), saying whether the credit is theirs, for the thank-you owner to send."""
    recipient = decided.thankyou_owner_slack_id or decided.logged_by_slack_id
    if not recipient:
        return
    told: set[str] = set()
    for claim in round_claims(before.conflict):
        if claim.key in told:
            continue
        told.add(claim.key)
        addressed = decided.with_changes({"referred_by": claim.name, "referrer_email": claim.email})
        draft = ctx.draft(
            "claim_outcome",
            addressed,
            sender=decided.thankyou_owner or decided.owner,
            credited=claim.key == credited_key,
        )
        ctx.notifier.draft_ready(decided, recipient, draft)
