from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.metrics import summarise
from bot.domain.referral import Referral

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


def ref(stage="New", received="2026-03-16 09:00", **cells) -> Referral:
    return Referral(id="R-0001", stage=stage, received=received, **cells)


def test_empty_log_has_no_rates():
    s = summarise([], NOW)
    assert (s.total, s.conversion, s.sla_hit_rate, s.median_hours_to_first_contact) == (
        0,
        None,
        None,
        None,
    )


def test_counts_conversion_and_first_contact():
    rows = [
        ref("Won", first_contact_at="2026-03-16 10:00", touches="2"),
        ref("No response", first_contact_at="2026-03-18 09:00", touches="3"),
        ref("Not a fit", touches="0"),  # declined before contact: not accepted
        ref("Contacted", first_contact_at="2026-03-16 12:00", touches="1", thankyou_status="Sent"),
        ref("New", next_followup_due="2026-03-17 09:00"),
    ]
    s = summarise(rows, NOW)
    assert (s.total, s.open, s.won, s.closed) == (5, 2, 1, 2)
    assert s.conversion == 0.5
    assert s.overdue == 1
    assert s.thankyou_sent == 1
    assert s.median_hours_to_first_contact == 3.0  # 1 h, 3 h and 48 h
    assert (s.first_contact_sla_hits, s.first_contacts) == (2, 3)


def test_leaking_referrals_are_old_or_quiet():
    rows = [
        ref("Contacted", received="2026-02-01 09:00", last_touch_at="2026-03-19 09:00"),  # old
        ref("Contacted", received="2026-03-01 09:00", last_touch_at="2026-03-02 09:00"),  # quiet
        ref("Contacted", received="2026-03-10 09:00", last_touch_at="2026-03-19 09:00"),
        ref("Won", received="2026-01-01 09:00"),  # closed: never leaking
    ]
    assert summarise(rows, NOW).leaking == 2
