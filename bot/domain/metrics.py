"""The figures `/refer stats` shows: how many referrals, where they stand, and where they leak.

DESIGN.md's full metrics (by week, referrer, channel; the Dashboard tab; the weekly digest) build
on these; each figure is a pure function of the rows and `now`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from bot.domain.referral import NOT_A_FIT, THANKYOU_SENT, WON, Referral

LEAK_AGE = timedelta(days=30)
QUIET_FOR = timedelta(days=14)


@dataclass(frozen=True)
class Summary:
    total: int
    open: int
    won: int
    closed: int
    overdue: int
    leaking: int
    """Open for over 30 days, or open with no touch for 14 days."""
    thankyou_sent: int
    median_hours_to_first_contact: float | None
    first_contact_sla_hits: int
    first_contacts: int

    @property
    def conversion(self) -> float | None:
        """Won over the closed referrals that were accepted (not closed as Not a fit untouched)."""
        return self.won / self.closed if self.closed else None

    @property
    def sla_hit_rate(self) -> float | None:
        return self.first_contact_sla_hits / self.first_contacts if self.first_contacts else None


def _accepted_closed(referral: Referral) -> bool:
    untouched_decline = referral.stage == NOT_A_FIT and referral.touch_count == 0
    return not referral.is_open and not untouched_decline


def _leaking(referral: Referral, now: datetime, tz: str) -> bool:
    received = referral.at("received", tz)
    last = referral.at("last_touch_at", tz) or received
    old = received is not None and now - received > LEAK_AGE
    quiet = last is not None and now - last > QUIET_FOR
    return referral.is_open and (old or quiet)


def _overdue(referral: Referral, now: datetime, tz: str) -> bool:
    due = referral.at("next_followup_due", tz)
    return referral.is_open and due is not None and due < now


def _hours_to_first_contact(referral: Referral, tz: str) -> float | None:
    received, first = referral.at("received", tz), referral.at("first_contact_at", tz)
    if received is None or first is None:
        return None
    return max((first - received).total_seconds() / 3600, 0.0)


def summarise(
    referrals: Sequence[Referral], now: datetime, tz: str = "UTC", sla_hours: float = 24
) -> Summary:
    waits = [h for h in (_hours_to_first_contact(r, tz) for r in referrals) if h is not None]
    return Summary(
        total=len(referrals),
        open=sum(r.is_open for r in referrals),
        won=sum(r.stage == WON for r in referrals),
        closed=sum(_accepted_closed(r) for r in referrals),
        overdue=sum(_overdue(r, now, tz) for r in referrals),
        leaking=sum(_leaking(r, now, tz) for r in referrals),
        thankyou_sent=sum(r.thankyou_status == THANKYOU_SENT for r in referrals),
        median_hours_to_first_contact=median(waits) if waits else None,
        first_contact_sla_hits=sum(h <= sla_hours for h in waits),
        first_contacts=len(waits),
    )
