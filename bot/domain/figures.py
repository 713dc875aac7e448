"""The headline figures, named once: the Dashboard tab writes them as typed numbers, `/refer stats`
and the weekly digest show them as text, so the three always say the same thing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from bot.domain.metrics import ATTRIBUTION_TARGET, Metrics

COUNT, PERCENT, HOURS, DAYS, MONEY = "count", "percent", "hours", "days", "money"


@dataclass(frozen=True)
class Figure:
    label: str
    kind: str
    value: Callable[[Metrics], float | int | None]
    better: str = "higher"
    """Which way is good, for the week-on-week comparison in the digest."""


HEADLINE: tuple[Figure, ...] = (
    Figure("Submissions", COUNT, lambda m: m.submissions),
    Figure("Merged as duplicates", COUNT, lambda m: m.merged, "neither"),
    Figure("Acceptance rate", PERCENT, lambda m: m.acceptance_rate),
    Figure("Won", COUNT, lambda m: m.won),
    Figure("Conversion rate (won of accepted and closed)", PERCENT, lambda m: m.conversion_rate),
    Figure("First contact, median hours", HOURS, lambda m: m.median_hours_to_first_contact, "lower"),
    Figure("First contact, 90th percentile hours", HOURS, lambda m: m.p90_hours_to_first_contact, "lower"),
    Figure("First contact within the SLA", PERCENT, lambda m: m.sla_hit_rate),
    Figure("Referrer thanked, median hours", HOURS, lambda m: m.median_hours_to_acknowledgment, "lower"),
    Figure("Thank-you sent rate", PERCENT, lambda m: m.thankyou_sent_rate),
    Figure(f"Attribution complete (target {ATTRIBUTION_TARGET:.0%})", PERCENT, lambda m: m.attribution_rate),
    Figure("Duplicate conflicts", COUNT, lambda m: m.conflicts, "lower"),
    Figure("Open disputes", COUNT, lambda m: len(m.open_disputes), "lower"),
    Figure("Leaking: open over 30 days", COUNT, lambda m: len(m.leaking_old), "lower"),
    Figure("Leaking: no touch for 14 days", COUNT, lambda m: len(m.leaking_quiet), "lower"),
    Figure("Revenue from won referrals", MONEY, lambda m: m.revenue_won),
    Figure("Rewards approved", COUNT, lambda m: m.rewards.approvals),
    Figure("Rewards awaiting approval", COUNT, lambda m: len(m.rewards.awaiting_approval), "neither"),
    Figure("Time to payout, median days", DAYS, lambda m: m.rewards.median_days_to_payout, "lower"),
    Figure("Rewards declined", COUNT, lambda m: m.rewards.declines, "neither"),
    Figure("Rewards paid, total", MONEY, lambda m: m.rewards.paid_total, "neither"),
)  # fmt: skip


def as_text(kind: str, value: float | int | None) -> str:
    """How a figure reads in Slack; "—" when there is nothing to measure yet. Halves round up,
    as Google Sheets shows the same number on the Dashboard (0.625 is 63% in both, where
    Python's own formatting would say 62%)."""
    if value is None:
        return "—"
    if kind == PERCENT:
        return f"{_rounded(value * 100, 0)}%"
    if kind == HOURS:
        return f"{_rounded(value, 1)} h"
    if kind == DAYS:
        return f"{_rounded(value, 1)} days"
    if kind == MONEY:
        return f"{_rounded(value, 0):,}"
    return f"{value:,}"


def _rounded(value: float, places: int) -> Decimal:
    exact = Decimal(repr(float(value)))  # the shortest decimal that is this float
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def headline_text(m: Metrics) -> list[tuple[str, str]]:
    return [(f.label, as_text(f.kind, f.value(m))) for f in HEADLINE]
