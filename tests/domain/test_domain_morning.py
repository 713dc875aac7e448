"""When a person's morning list is due, what it holds and when a listed step is escalated:
pure rules, in each person's own time zone and working days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from bot.domain.cadence import PendingStep
from bot.domain.calendar import WorkingCalendar
from bot.domain.morning import (
    Owed,
    escalation_due,
    is_urgent,
    morning_now,
    morning_of,
    owed_today,
)
from bot.domain.referral import Referral

LONDON = WorkingCalendar("Europe/London", (time(9), time(17, 30)), {date(2026, 12, 25)})
NEW_YORK = WorkingCalendar("America/New_York", (time(10), time(18)))
NINE = time(9)


def test_the_morning_is_the_reminder_time_or_the_opening_if_later_on_working_days_only():
    assert morning_of(LONDON, date(2026, 11, 23), NINE) == datetime(
        2026, 11, 23, 9, tzinfo=LONDON.zone
    )
    assert morning_of(NEW_YORK, date(2026, 11, 23), NINE).hour == 10  # she starts at 10:00
    assert morning_of(LONDON, date(2026, 11, 28), NINE) is None  # a Saturday
    assert morning_of(LONDON, date(2026, 12, 25), NINE) is None  # a holiday
    assert morning_of(LONDON, date(2026, 11, 23), time(18)) is None  # after closing


def test_the_list_is_due_from_the_morning_until_closing_in_the_persons_own_zone():
    monday = datetime(2026, 11, 23, tzinfo=UTC)
    assert morning_now(LONDON, monday.replace(hour=8, minute=59), NINE) is None
    assert morning_now(LONDON, monday.replace(hour=9), NINE) == date(2026, 11, 23)
    assert morning_now(LONDON, monday.replace(hour=16), NINE) == date(2026, 11, 23)  # bot was down
    assert morning_now(LONDON, monday.replace(hour=17, minute=30), NINE) is None
    assert morning_now(NEW_YORK, monday.replace(hour=14), NINE) is None  # 09:00 in New York
    assert morning_now(NEW_YORK, monday.replace(hour=15), NINE) == date(2026, 11, 23)


def test_the_list_holds_what_falls_due_before_closing_overdue_first():
    now = datetime(2026, 11, 23, 9, tzinfo=UTC)
    r1, r2 = Referral(id="R-0001"), Referral(id="R-0002")
    later = Owed(r1, "second_touch", "second_touch", now + timedelta(hours=3))
    overdue = Owed(r2, "thank_you", "thank_you", now - timedelta(days=2))
    tomorrow = Owed(r1, "thank_you", "thank_you", now + timedelta(days=1))
    until = datetime(2026, 11, 23, 17, 30, tzinfo=UTC)
    assert owed_today([later, tomorrow, overdue], now, until) == [overdue, later]


def test_a_step_is_escalated_a_working_day_after_its_listing_counted_by_date():
    listed = "2026-11-27T09:05:00+00:00"  # a Friday's list
    referral = Referral(id="R-0001", nudge_state=f'{{"second_touch": "{listed}"}}')
    step = PendingStep(
        "second_touch", "owner", "second_touch", datetime(2026, 11, 26, 12, tzinfo=UTC)
    )
    monday_early = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # before Friday's 09:05
    assert not escalation_due(referral, step, LONDON, datetime(2026, 11, 28, 10, tzinfo=UTC), 1)
    assert escalation_due(referral, step, LONDON, monday_early, 1)
    escalated = Referral(
        id="R-0001",
        nudge_state=f'{{"second_touch": "{listed}", "escalated:second_touch": "{listed}"}}',
    )
    assert not escalation_due(escalated, step, LONDON, monday_early, 1)  # once


def test_a_step_never_listed_is_not_escalated_and_a_snooze_resets_its_listing():
    step = PendingStep(
        "thank_you", "thankyou_owner", "thank_you", datetime(2026, 11, 2, tzinfo=UTC)
    )
    later = datetime(2026, 11, 30, 10, tzinfo=UTC)
    assert not escalation_due(Referral(id="R-0001"), step, LONDON, later, 1)
    snoozed = Referral(
        id="R-0001",
        nudge_state='{"thank_you": "2026-11-03T09:00:00+00:00", '
        '"snoozed:thanks": "2026-11-20T09:00:00+00:00"}',
    )
    assert not escalation_due(snoozed, step, LONDON, later, 1)


def test_only_a_first_contact_with_an_sla_under_a_day_is_urgent():
    assert is_urgent("first_contact", 4) and not is_urgent("first_contact", 24)
    assert not is_urgent("thank_you", 1)
