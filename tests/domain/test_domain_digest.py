"""The weekly digest on the fixed dataset (tests/domain/metrics_dataset.py), worked by hand: a
Monday 08:00 digest on 16 March 2026 covers Monday 9 to Sunday 15 March."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import digest as D
from bot.domain import metrics as M
from tests.domain.metrics_dataset import ACTIVITY, NOW, REFERRALS, TEAM

MONDAY_SLOT = datetime(2026, 3, 16, 8, tzinfo=UTC)


def digest(now: datetime = NOW) -> D.Digest:
    week = D.week_before(D.slot(now, "UTC", "monday", 8), "UTC")
    return D.build(REFERRALS, ACTIVITY, week, now, "UTC", team=TEAM)


def test_the_slot_is_the_latest_digest_time_at_or_before_now():
    assert D.slot(NOW, "UTC", "monday", 8) == MONDAY_SLOT
    assert D.slot(MONDAY_SLOT, "UTC", "monday", 8) == MONDAY_SLOT
    just_before = MONDAY_SLOT - timedelta(minutes=1)
    assert D.slot(just_before, "UTC", "monday", 8) == MONDAY_SLOT - timedelta(days=7)
    assert D.slot(NOW, "UTC", "friday", 16) == datetime(2026, 3, 13, 16, tzinfo=UTC)


def test_the_slot_is_the_firms_local_hour_across_summer_time():
    # London moves to BST on 29 March 2026: 08:00 local is 07:00 UTC the next morning.
    monday = datetime(2026, 3, 30, 7, 0, tzinfo=UTC)
    assert D.slot(monday, "Europe/London", "monday", 8) == monday
    assert D.slot(monday - timedelta(seconds=1), "Europe/London", "monday", 8) == datetime(
        2026, 3, 23, 8, tzinfo=UTC
    )


def test_the_week_is_the_seven_days_before_the_digest_day_against_the_seven_before():
    d = digest()
    assert (d.week.start, d.week.end) == (
        datetime(2026, 3, 9, tzinfo=UTC),
        datetime(2026, 3, 16, tzinfo=UTC),
    )
    assert d.week.label == "9 Mar – 15 Mar 2026"
    assert (d.previous.start, d.previous.end) == (
        datetime(2026, 3, 2, tzinfo=UTC),
        datetime(2026, 3, 9, tzinfo=UTC),
    )
    # A Monday digest's week is `/refer stats last week`.
    last = M.last_week(NOW, "UTC")
    assert (last.start, last.end) == (d.week.start, d.week.end)


def test_five_questions_for_the_week_with_the_ids_that_fail():
    a = {q.question: q for q in digest().questions}
    unowned = tuple(f"R-{n:04d}" for n in range(48, 53))  # the five New of 11 March
    assert (a["Source recorded?"].asked, a["Source recorded?"].failing) == (5, ())
    assert a["One follow-up owner?"].failing == unowned
    assert a["Context preserved?"].failing == unowned
    assert a["Thank-you sent?"].failing == unowned  # a week old, never thanked
    inbox = a["Anything still only in someone's inbox?"]
    assert inbox.asked == 28  # every open referral, whenever received
    assert inbox.failing == tuple(f"R-{n:04d}" for n in range(53, 61))


def test_figures_compare_the_week_with_the_week_before():
    f = {c.label: c for c in digest().figures}
    # 9-15 March: the five New referrals; 2-8 March: nothing at all.
    assert (f["Submissions"].this_week, f["Submissions"].last_week) == (5, 0)
    assert f["Submissions"].trend == "better"
    assert (f["Won"].this_week, f["Won"].last_week, f["Won"].trend) == (0, 0, "same")
    assert f["Acceptance rate"].this_week == 1.0 and f["Acceptance rate"].last_week is None
    assert f["Acceptance rate"].trend == ""  # nothing to compare with
    assert f["Thank-you sent rate"].this_week == 0.0
    # Leakage counts the week's own referrals: none received 9-15 March is 30 days old yet.
    assert f["Leaking: open over 30 days"].this_week == 0
    assert [c.label for c in digest().figures][:2] == ["Submissions", "Merged as duplicates"]


def test_a_lower_is_better_figure_going_up_is_worse():
    worse = D.Comparison("First contact, median hours", "hours", 30.0, 2.0, "lower")
    better = D.Comparison("First contact, median hours", "hours", 2.0, 30.0, "lower")
    neither = D.Comparison("Merged as duplicates", "count", 3, 1, "neither")
    assert (worse.trend, better.trend, neither.trend) == ("worse", "better", "")


def test_what_stands_open_now():
    d = digest()
    # Priya owns the 5 New of today and the 8 In conversation: 13 against her Max active 12.
    assert [(o.name, o.active, o.max_active) for o in d.overloaded] == [("Priya Shah", 13, 12)]
    assert d.open_disputes == ("R-0053",)
    assert d.rewards_waiting == (
        ("R-0004", "Awaiting approval"),
        ("R-0005", "Awaiting approval"),
    )
    assert d.paid_by_referrer == (("Alex Kim", 750.0),)  # R-0001..0003, 250 each
    assert len(d.weeks) == 12 and d.weeks[-1].open == 15  # this week: 10 Contacted, 5 New


def test_nobody_has_gone_quiet_yet():
    assert digest().gone_quiet == ()


def test_referrers_gone_quiet_sixty_days_on():
    # On 7 May: Chris Wu last referred 20 February (a merged submission), Bea Cole 1 March;
    # Alex Kim on 17 March and Dana Fox on 18 March are within 60 days; Erin Moss referred once.
    later = NOW + timedelta(days=50)
    quiet = digest(later).gone_quiet
    assert [(q.name, q.submissions) for q in quiet] == [("Chris Wu", 8 + 8 + 1), ("Bea Cole", 14)]
    assert quiet[0].last == datetime(2026, 2, 20, 9, tzinfo=UTC)
    assert quiet[1].last == datetime(2026, 3, 1, 9, tzinfo=UTC)


def test_a_referrer_quiet_for_over_a_year_is_history_not_news():
    # 340 days on, Chris Wu's last (20 February) is 366 days ago; Bea Cole's 357 days.
    quiet = digest(NOW + timedelta(days=340)).gone_quiet
    assert [q.name for q in quiet] == ["Bea Cole", "Alex Kim", "Dana Fox"]
    assert digest(NOW + timedelta(days=400)).gone_quiet == ()


@pytest.mark.parametrize("day", D.DAYS)
def test_every_day_of_the_week_can_be_the_digest_day(day):
    slot = D.slot(NOW, "UTC", day, 8)
    assert slot <= NOW < slot + timedelta(days=7)
    assert slot.strftime("%A").lower() == day and slot.hour == 8
