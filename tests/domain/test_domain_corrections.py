"""Undo of a referral logged by mistake: withdrawn, never deleted; only soon after, and only
while nobody has acted on it; a withdrawn row is neither counted nor a duplicate."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import metrics as M
from bot.domain.cadence import CadencePolicy, pending_steps
from bot.domain.calendar import WorkingCalendar
from bot.domain.corrections import CannotUndo, withdrawal
from bot.domain.duplicates import find_matches
from bot.domain.referral import Referral

LOGGED = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
JANE = Referral(
    id="R-0001",
    received="2026-03-02 09:30",
    lead_name="Jane Doe",
    lead_email="jane@acme.com",
    referred_by="Alex Kim",
    stage="New",
    touches="0",
    next_step="First contact",
    next_followup_due="2026-03-03 09:30",
)


def test_within_ten_minutes_it_is_marked_withdrawn():
    cells = withdrawal(JANE, LOGGED + timedelta(minutes=9), "UTC")
    withdrawn = JANE.with_changes(cells)
    assert withdrawn.stage == "Withdrawn" and not withdrawn.is_open
    assert withdrawn.next_followup_due == "" and withdrawn.closed_at == "2026-03-02 09:39"


def test_after_ten_minutes_it_says_what_to_do_instead():
    with pytest.raises(CannotUndo, match=r"no longer be undone\. Correct it with Edit, or ask a"):
        withdrawal(JANE, LOGGED + timedelta(minutes=11), "UTC")


def test_once_someone_acted_on_it_it_cannot_be_undone():
    touched = JANE.with_changes({"touches": "1", "first_contact_at": "2026-03-02 09:35"})
    with pytest.raises(CannotUndo, match="already been acted on"):
        withdrawal(touched, LOGGED + timedelta(minutes=6), "UTC")
    withdrawn = JANE.with_changes(withdrawal(JANE, LOGGED, "UTC"))
    with pytest.raises(CannotUndo, match="already withdrawn"):
        withdrawal(withdrawn, LOGGED, "UTC")


def test_a_withdrawn_row_is_not_a_duplicate_and_not_counted():
    withdrawn = JANE.with_changes(withdrawal(JANE, LOGGED, "UTC"))
    again = Referral(lead_name="Jane Doe", lead_email="jane@acme.com", referred_by="Alex Kim")
    assert find_matches(again, [withdrawn], LOGGED + timedelta(minutes=5)).kind == "none"
    assert find_matches(again, [JANE], LOGGED + timedelta(minutes=5)).kind == "duplicate"
    period = M.parse_period("all", LOGGED + timedelta(days=1), "UTC")
    figures = M.compute([withdrawn, JANE.with_changes({"id": "R-0002"})], (), period, LOGGED, "UTC")
    assert figures.records == 1


def test_a_withdrawn_referral_owes_nobody_anything():
    withdrawn = JANE.with_changes(withdrawal(JANE, LOGGED, "UTC"))
    calendar = WorkingCalendar()
    assert pending_steps(JANE, calendar, calendar, CadencePolicy(), "UTC")  # before: owed
    assert pending_steps(withdrawn, calendar, calendar, CadencePolicy(), "UTC") == []
