from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.calendar import WorkingCalendar, calendar_for, parse_working_hours
from bot.domain.referral import TeamMember

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
HOURS = (time(9, 0), time(17, 30))
UK = WorkingCalendar("Europe/London", HOURS)


def at(y, mo, d, h=0, mi=0, tz=UTC) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=tz)


# 2024-06-03 is a Monday; 2024-06-07 a Friday.

# --- parsing working hours ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("09:00-17:30", (time(9), time(17, 30))),
        ("9-17:30", (time(9), time(17, 30))),
        (" 08:15 – 16:45 ", (time(8, 15), time(16, 45))),
        ("9:00 to 17:00", (time(9), time(17))),
        ("00:00-23:59", (time(0), time(23, 59))),
    ],
)
def test_parse_working_hours(text, hours):
    assert parse_working_hours(text) == hours


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("", "HH:MM-HH:MM"),
        ("nine to five", "HH:MM-HH:MM"),
        ("09:00", "HH:MM-HH:MM"),
        ("17:30-09:00", "end after they start"),
        ("09:00-09:00", "end after they start"),
        ("25:00-26:00", "not a time of day"),
        ("09:75-17:00", "not a time of day"),
    ],
)
def test_bad_working_hours_say_what_to_write(text, hint):
    with pytest.raises(ValueError, match=hint):
        parse_working_hours(text)


def test_calendar_refuses_bad_zone_and_hours():
    with pytest.raises(ZoneInfoNotFoundError):
        WorkingCalendar("Mars/Nowhere", HOURS)
    with pytest.raises(ValueError):
        WorkingCalendar("UTC", (time(17), time(9)))


# --- is_working / next_working_moment ----------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "working"),
    [
        (at(2024, 6, 3, 9, 0, LONDON), True),  # opening counts
        (at(2024, 6, 3, 8, 59, LONDON), False),
        (at(2024, 6, 3, 17, 29, LONDON), True),
        (at(2024, 6, 3, 17, 30, LONDON), False),  # closing does not
        (at(2024, 6, 8, 11, 0, LONDON), False),  # Saturday
        (at(2024, 6, 9, 11, 0, LONDON), False),  # Sunday
        (at(2024, 6, 3, 8, 30, UTC), True),  # 09:30 in London (BST)
    ],
)
def test_is_working(moment, working):
    assert UK.is_working(moment) is working


def test_holidays_are_not_working():
    calendar = WorkingCalendar("Europe/London", HOURS, [date(2024, 6, 3)])
    assert not calendar.is_working(at(2024, 6, 3, 11, 0, LONDON))
    assert calendar.next_working_moment(at(2024, 6, 3, 11, 0, LONDON)) == at(
        2024, 6, 4, 9, 0, LONDON
    )


def test_naive_moments_are_read_as_utc():
    assert UK.is_working(datetime(2024, 6, 3, 8, 30))


def test_next_working_moment():
    inside = at(2024, 6, 3, 10, 15, LONDON)
    assert UK.next_working_moment(inside) == inside
    assert UK.next_working_moment(at(2024, 6, 3, 7, 0, LONDON)) == at(2024, 6, 3, 9, 0, LONDON)
    assert UK.next_working_moment(at(2024, 6, 7, 17, 30, LONDON)) == at(2024, 6, 10, 9, 0, LONDON)
    assert UK.next_working_moment(at(2024, 6, 8, 12, 0, LONDON)) == at(2024, 6, 10, 9, 0, LONDON)


def test_results_come_back_in_the_calendar_zone():
    result = UK.next_working_moment(at(2024, 6, 3, 5, 0, UTC))
    assert result.tzinfo == LONDON
    assert result.hour == 9


def test_owner_in_another_time_zone():
    ny = WorkingCalendar("America/New_York", HOURS)
    # 14:00 in London is 09:00 in New York: working for both.
    assert ny.is_working(at(2024, 6, 3, 14, 0, LONDON))
    # 10:00 in London is 05:00 in New York: the London office works, New York does not yet.
    assert UK.is_working(at(2024, 6, 3, 10, 0, LONDON))
    assert not ny.is_working(at(2024, 6, 3, 10, 0, LONDON))
    assert ny.next_working_moment(at(2024, 6, 3, 10, 0, LONDON)) == at(2024, 6, 3, 9, 0, NEW_YORK)


# --- add_working_hours -------------------------------------------------------------------------


def test_add_hours_within_a_day():
    assert UK.add_working_hours(at(2024, 6, 3, 10, 0, LONDON), 4) == at(2024, 6, 3, 14, 0, LONDON)


def test_add_hours_carries_over_to_the_next_day():
    # 17:00 + 4h: 30 minutes today, 3.5 hours tomorrow.
    assert UK.add_working_hours(at(2024, 6, 3, 17, 0, LONDON), 4) == at(2024, 6, 4, 12, 30, LONDON)


def test_add_hours_skips_the_weekend_and_holidays():
    assert UK.add_working_hours(at(2024, 6, 7, 16, 0, LONDON), 4) == at(2024, 6, 10, 11, 30, LONDON)
    holiday = WorkingCalendar("Europe/London", HOURS, {date(2024, 6, 10)})
    assert holiday.add_working_hours(at(2024, 6, 7, 16, 0, LONDON), 4) == at(
        2024, 6, 11, 11, 30, LONDON
    )


def test_add_hours_from_outside_working_time_starts_at_the_opening():
    assert UK.add_working_hours(at(2024, 6, 8, 3, 0, LONDON), 4) == at(2024, 6, 10, 13, 0, LONDON)


def test_add_hours_ending_exactly_at_closing_gives_the_closing_time():
    assert UK.add_working_hours(at(2024, 6, 3, 9, 0, LONDON), 8.5) == at(2024, 6, 3, 17, 30, LONDON)


def test_zero_hours_is_the_next_working_moment():
    assert UK.add_working_hours(at(2024, 6, 3, 11, 0, LONDON), 0) == at(2024, 6, 3, 11, 0, LONDON)
    assert UK.add_working_hours(at(2024, 6, 3, 20, 0, LONDON), 0) == at(2024, 6, 4, 9, 0, LONDON)


def test_negative_hours_are_refused():
    with pytest.raises(ValueError):
        UK.add_working_hours(at(2024, 6, 3), -1)


def test_add_hours_across_the_spring_daylight_saving_change():
    # Friday 29 March 2024 16:00 GMT; clocks go forward on Sunday 31 March.
    result = UK.add_working_hours(at(2024, 3, 29, 16, 0, LONDON), 4)
    assert result == at(2024, 4, 1, 11, 30, LONDON)
    assert result.utcoffset() == timedelta(hours=1)
    assert result.astimezone(UTC) == at(2024, 4, 1, 10, 30)


def test_a_working_day_with_a_daylight_saving_gap_is_an_hour_shorter():
    # Cairo moved its clocks from 00:00 to 01:00 on Friday 28 April 2023.
    cairo = WorkingCalendar("Africa/Cairo", (time(0, 0), time(12, 0)))
    day_start, day_end = at(2023, 4, 27, 20, 0), at(2023, 4, 28, 12, 0)
    assert cairo.working_hours_between(day_start, day_end) == 11
    assert cairo.next_working_moment(day_start).hour == 1


# --- add_working_days --------------------------------------------------------------------------


def test_add_working_days_keeps_the_local_time():
    assert UK.add_working_days(at(2024, 6, 3, 10, 0, LONDON), 3) == at(2024, 6, 6, 10, 0, LONDON)
    assert UK.add_working_days(at(2024, 6, 5, 10, 0, LONDON), 3) == at(2024, 6, 10, 10, 0, LONDON)


def test_add_working_days_skips_holidays():
    calendar = WorkingCalendar("Europe/London", HOURS, [date(2024, 6, 4), date(2024, 6, 5)])
    assert calendar.add_working_days(at(2024, 6, 3, 10, 0, LONDON), 1) == at(
        2024, 6, 6, 10, 0, LONDON
    )


def test_add_working_days_from_outside_hours_starts_at_the_next_opening():
    assert UK.add_working_days(at(2024, 6, 8, 12, 0, LONDON), 1) == at(2024, 6, 11, 9, 0, LONDON)
    assert UK.add_working_days(at(2024, 6, 3, 18, 0, LONDON), 1) == at(2024, 6, 5, 9, 0, LONDON)
    assert UK.add_working_days(at(2024, 6, 3, 18, 0, LONDON), 0) == at(2024, 6, 4, 9, 0, LONDON)


def test_add_working_days_across_daylight_saving_keeps_the_wall_clock():
    result = UK.add_working_days(at(2024, 3, 29, 10, 0, LONDON), 1)
    assert (result.date(), result.hour) == (date(2024, 4, 1), 10)
    assert result.astimezone(UTC).hour == 9


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        UK.add_working_days(at(2024, 6, 3), -1)


# --- working_hours_between ---------------------------------------------------------------------


def test_working_hours_between():
    monday = at(2024, 6, 3, 0, 0, LONDON)
    assert UK.working_hours_between(monday, monday + timedelta(days=7)) == 42.5
    assert (
        UK.working_hours_between(at(2024, 6, 7, 17, 0, LONDON), at(2024, 6, 10, 9, 30, LONDON)) == 1
    )
    assert (
        UK.working_hours_between(at(2024, 6, 10, 9, 30, LONDON), at(2024, 6, 7, 17, 0, LONDON))
        == -1
    )
    assert UK.working_hours_between(monday, monday) == 0


# --- calendar_for ------------------------------------------------------------------------------


def test_calendar_for_a_member_uses_their_zone_and_hours():
    member = TeamMember(time_zone="America/New_York", working_hours="08:00-16:00")
    calendar = calendar_for(member, "Europe/London", HOURS, [date(2024, 12, 25)])
    assert calendar == WorkingCalendar(
        "America/New_York", (time(8), time(16)), {date(2024, 12, 25)}
    )


def test_calendar_for_falls_back_on_blank_or_bad_cells():
    assert calendar_for(TeamMember(), "Europe/London", HOURS) == UK
    assert (
        calendar_for(TeamMember(time_zone="London", working_hours="all day"), "Europe/London") == UK
    )
    assert calendar_for(None, "Europe/London") == UK


# --- properties --------------------------------------------------------------------------------

ZONES = st.sampled_from(
    [
        "UTC",
        "Europe/London",
        "America/New_York",
        "Asia/Kolkata",
        "Australia/Sydney",
        "Pacific/Chatham",
    ]
)
MOMENTS = st.datetimes(
    min_value=datetime(2023, 1, 1), max_value=datetime(2026, 12, 31), timezones=st.just(UTC)
)
WORKING_HOURS = st.sampled_from([HOURS, (time(0, 0), time(23, 59)), (time(7, 45), time(12, 15))])
HOLIDAYS = st.frozensets(
    st.dates(min_value=date(2023, 1, 1), max_value=date(2027, 1, 31)), max_size=30
)
AMOUNTS = st.floats(min_value=0, max_value=200, allow_nan=False)


@st.composite
def calendars(draw) -> WorkingCalendar:
    return WorkingCalendar(draw(ZONES), draw(WORKING_HOURS), draw(HOLIDAYS))


def is_closing_time(calendar: WorkingCalendar, moment: datetime) -> bool:
    local = moment.astimezone(calendar.zone)
    return (
        calendar.is_working_day(local.date())
        and local.timetz().replace(tzinfo=None) == calendar.hours[1]
    )


PROPERTY = settings(max_examples=150, deadline=None)


@PROPERTY
@given(calendars(), MOMENTS, AMOUNTS)
def test_added_hours_land_on_working_time_or_a_closing_time(calendar, start, hours):
    result = calendar.add_working_hours(start, hours)
    assert calendar.is_working(result) or is_closing_time(calendar, result)
    assert result >= start


@PROPERTY
@given(calendars(), MOMENTS, AMOUNTS, AMOUNTS)
def test_adding_hours_is_monotone(calendar, start, a, b):
    low, high = sorted((a, b))
    assert calendar.add_working_hours(start, low) <= calendar.add_working_hours(start, high)


@PROPERTY
@given(calendars(), MOMENTS, AMOUNTS)
def test_working_hours_between_undoes_add_working_hours(calendar, start, hours):
    result = calendar.add_working_hours(start, hours)
    assert calendar.working_hours_between(start, result) == pytest.approx(hours, abs=1e-6)


@PROPERTY
@given(calendars(), MOMENTS)
def test_next_working_moment_is_working_not_earlier_and_stable(calendar, moment):
    result = calendar.next_working_moment(moment)
    assert calendar.is_working(result)
    assert result >= moment
    assert calendar.next_working_moment(result) == result
    assert calendar.working_hours_between(moment, result) == 0


@PROPERTY
@given(calendars(), MOMENTS, st.integers(min_value=0, max_value=15))
def test_added_days_are_working_at_the_same_local_time(calendar, start, days):
    begin = calendar.next_working_moment(start)
    result = calendar.add_working_days(start, days)
    assert calendar.is_working(result)
    assert result >= begin
    skipped = (result.date() - begin.date()).days
    working_days = sum(
        calendar.is_working_day(begin.date() + timedelta(d)) for d in range(1, skipped + 1)
    )
    assert working_days == days
    assert result.time() == begin.time() or result.utcoffset() != begin.utcoffset()


@PROPERTY
@given(calendars(), MOMENTS, MOMENTS, MOMENTS)
def test_working_hours_between_adds_up(calendar, a, b, c):
    a, b, c = sorted((a, b, c))
    total = calendar.working_hours_between(a, c)
    assert total == pytest.approx(
        calendar.working_hours_between(a, b) + calendar.working_hours_between(b, c)
    )
    assert total >= 0
