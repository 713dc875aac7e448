"""Working time: weekdays within working hours, skipping holidays, in one person's time zone.

Each working day is one interval [opening, closing) built from the local date and wall-clock
hours, then turned into UTC. All arithmetic happens in UTC, so a daylight-saving change never
stretches or shrinks an hour; results come back in the calendar's own zone."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.referral import TeamMember

DEFAULT_HOURS = (time(9, 0), time(17, 30))
_HOURS = re.compile(r"^\s*(\d{1,2})(?::(\d{2}))?\s*(?:-|–|—|to)\s*(\d{1,2})(?::(\d{2}))?\s*$", re.I)
_SEARCH_DAYS = 3660  # ten years without a working day means the calendar is wrong, not busy


def parse_working_hours(text: str) -> tuple[time, time]:
    """ "09:00-17:30" -> (09:00, 17:30); "9-17:30" and "9:00 to 17:30" also read. Hours are
    24-hour and end on the day they start. Raises ValueError with a message a person can act on."""
    match = _HOURS.match(text or "")
    if not match:
        raise ValueError(f"write working hours as HH:MM-HH:MM, e.g. 09:00-17:30 (got {text!r})")
    start_h, start_m, end_h, end_m = (int(g or 0) for g in match.groups())
    try:
        start, end = time(start_h, start_m), time(end_h, end_m)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a time of day; use 24-hour HH:MM-HH:MM") from exc
    if end <= start:
        raise ValueError(f"working hours must end after they start (got {text!r})")
    return start, end


@lru_cache(maxsize=65536)
def _interval(tz: str, day: date, start: time, end: time) -> tuple[datetime, datetime]:
    """Opening and closing of one local day, in UTC. A wall-clock time inside a DST gap lands
    on the instant just after the gap, which is what a clock on the wall would show."""
    zone = ZoneInfo(tz)
    opening = datetime.combine(day, start, tzinfo=zone).astimezone(UTC)
    closing = datetime.combine(day, end, tzinfo=zone).astimezone(UTC)
    return opening, closing


@dataclass(frozen=True)
class WorkingCalendar:
    tz: str = "UTC"
    hours: tuple[time, time] = DEFAULT_HOURS
    holidays: Collection[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        ZoneInfo(self.tz)  # fail now on a bad zone, not in the middle of a sweep
        if self.hours[1] <= self.hours[0]:
            raise ValueError("working hours must end after they start")
        object.__setattr__(self, "holidays", frozenset(self.holidays))

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def _local_date(self, moment: datetime) -> date:
        return _aware(moment).astimezone(self.zone).date()

    def _intervals_from(self, day: date) -> Iterator[tuple[datetime, datetime]]:
        """Working intervals (UTC) of `day` and the days after it, in order."""
        for offset in range(_SEARCH_DAYS):
            current = day + timedelta(days=offset)
            if self.is_working_day(current):
                yield _interval(self.tz, current, *self.hours)
        raise ValueError(f"no working day within {_SEARCH_DAYS} days; check HOLIDAYS")

    def _next_working_day(self, day: date) -> date:
        for offset in range(1, _SEARCH_DAYS):
            if self.is_working_day(day + timedelta(days=offset)):
                return day + timedelta(days=offset)
        raise ValueError(f"no working day within {_SEARCH_DAYS} days; check HOLIDAYS")

    def _out(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def is_working(self, moment: datetime) -> bool:
        utc = _aware(moment).astimezone(UTC)
        day = self._local_date(moment)
        if not self.is_working_day(day):
            return False
        opening, closing = _interval(self.tz, day, *self.hours)
        return opening <= utc < closing

    def next_working_moment(self, moment: datetime) -> datetime:
        """`moment` itself when it is in working hours, else the next opening."""
        utc = _aware(moment).astimezone(UTC)
        for opening, closing in self._intervals_from(self._local_date(moment)):
            if utc < closing:
                return self._out(max(utc, opening))
        raise AssertionError("unreachable: _intervals_from raises first")

    # Cached: the sweep asks the same questions about the same rows every few minutes, and a
    # calendar is a small immutable value, so keeping it alive in the cache costs nothing.
    @lru_cache(maxsize=65536)  # noqa: B019
    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        """The moment `hours` of working time after `start`.

        The result is a working moment, or a closing time when the hours run out exactly at one.
        Zero hours gives the next working moment."""
        if hours < 0:
            raise ValueError("hours must be zero or more")
        remaining = timedelta(hours=hours)
        utc = _aware(start).astimezone(UTC)
        for opening, closing in self._intervals_from(self._local_date(start)):
            if closing <= utc:
                continue
            begin = max(utc, opening)
            if remaining <= closing - begin:
                return self._out(begin + remaining)
            remaining -= closing - begin
        raise AssertionError("unreachable: _intervals_from raises first")

    @lru_cache(maxsize=65536)  # noqa: B019
    def add_working_days(self, start: datetime, days: int) -> datetime:
        """The same local time on the `days`-th working day after `start` (after the next opening
        when `start` is outside working hours)."""
        if days < 0:
            raise ValueError("days must be zero or more")
        begin = self.next_working_moment(start)
        day = begin.date()
        for _ in range(days):
            day = self._next_working_day(day)
        # Re-anchor on the local wall clock, then clamp into the day in case of a DST gap.
        target = datetime.combine(day, begin.time(), tzinfo=self.zone).astimezone(UTC)
        opening, closing = _interval(self.tz, day, *self.hours)
        return self._out(min(max(target, opening), closing - timedelta(microseconds=1)))

    def working_hours_between(self, a: datetime, b: datetime) -> float:
        """Working hours from `a` to `b` (negative when `b` is earlier)."""
        a_utc, b_utc = _aware(a).astimezone(UTC), _aware(b).astimezone(UTC)
        if b_utc < a_utc:
            return -self.working_hours_between(b, a)
        total = timedelta()
        for opening, closing in self._intervals_from(self._local_date(a)):
            if opening >= b_utc:
                break
            overlap = min(closing, b_utc) - max(opening, a_utc)
            if overlap > timedelta():
                total += overlap
        return total / timedelta(hours=1)


def _aware(moment: datetime) -> datetime:
    # Naive datetimes are read as UTC, the same as timefmt.format_dt does.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def calendar_for(
    member: TeamMember | None,
    default_tz: str = "UTC",
    default_hours: tuple[time, time] = DEFAULT_HOURS,
    holidays: Collection[date] = (),
) -> WorkingCalendar:
    """A team member's calendar from the Team tab, falling back to the firm's defaults when a cell
    is blank or unreadable (a typo in the sheet must not stop the sweep)."""
    if member is None:
        return WorkingCalendar(default_tz, default_hours, frozenset(holidays))
    return WorkingCalendar(
        zone_or(member.time_zone, default_tz),
        _hours_or(member.working_hours, default_hours),
        frozenset(holidays),
    )


def zone_or(text: str, default: str) -> str:
    """The IANA zone typed in `text`, or `default` when it is blank or not a zone."""
    try:
        return ZoneInfo(text.strip()).key if text.strip() else default
    except (ZoneInfoNotFoundError, ValueError):
        return default


def _hours_or(text: str, default: tuple[time, time]) -> tuple[time, time]:
    try:
        return parse_working_hours(text) if text.strip() else default
    except ValueError:
        return default
