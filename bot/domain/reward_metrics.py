"""Reward figures for DESIGN.md "Metrics" (reward approvals, declines, time to payout, paid totals
by referrer), as pure functions of the Referrals rows. bot/domain/metrics.py calls them for its
cohort, so the Dashboard, `/refer stats` and the digest show the same numbers.

The row is the record: Reward state, Reward amount, Reward paid at, and the hidden Reward review
cell, whose `eligible_at` is when the referral was closed as Won under a reward policy."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from bot.domain import referral as R
from bot.domain.referral import Referral
from bot.domain.rewards import RewardReview, amount_of
from bot.domain.timefmt import parse_dt

UNNAMED = "(not recorded)"


def declines(referrals: Iterable[Referral]) -> int:
    return sum(1 for r in referrals if r.reward_state == R.REWARD_DECLINED)


def paid(referrals: Iterable[Referral]) -> list[Referral]:
    return [r for r in referrals if r.reward_state == R.REWARD_PAID]


def paid_total(referrals: Iterable[Referral]) -> float:
    return round(sum(amount_of(r) or 0.0 for r in paid(referrals)), 2)


def paid_by_referrer(referrals: Iterable[Referral]) -> tuple[tuple[str, float], ...]:
    """(referrer, total paid), largest first; a referrer typed two ways counts once (casefold)."""
    totals: dict[str, float] = defaultdict(float)
    shown: dict[str, str] = {}
    for r in paid(referrals):
        name = r.referred_by.strip() or UNNAMED
        key = name.casefold()
        shown.setdefault(key, name)
        totals[key] += amount_of(r) or 0.0
    ranked = sorted(totals.items(), key=lambda item: (-item[1], shown[item[0]]))
    return tuple((shown[key], round(total, 2)) for key, total in ranked)


def days_to_payout(referrals: Iterable[Referral], tz: str) -> dict[str, float]:
    """{referral ID: days from Won (the review's eligible time) to Reward paid at}, for paid
    rewards whose row has both times."""
    found: dict[str, float] = {}
    for r in paid(referrals):
        start = parse_dt(RewardReview.of(r).eligible_at, tz)
        end = r.at("reward_paid_at", tz)
        if start is not None and end is not None and end >= start:
            found[r.id] = (end - start).total_seconds() / 86400
    return found
