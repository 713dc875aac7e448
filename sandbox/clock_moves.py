"""`clock +2h`, `clock +1d4h`, `clock 09:00`: how far to move the bot's clock, read from what the
person typed, and how far it has been moved, said back to them."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

MAX_MOVE = timedelta(weeks=52)
_MOVE = re.compile(r"^\+?((?:\d{1,5}[wdhm])+)$", re.IGNORECASE)
_PART = re.compile(r"(\d+)([wdhm])", re.IGNORECASE)
_TIME_OF_DAY = re.compile(r"^(\d{1,2}):(\d{2})$")
_WEEKDAY_TIME = re.compile(r"^([a-z]+)(\d{1,2}):(\d{2})$", re.IGNORECASE)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_UNITS = {
    "w": timedelta(weeks=1),
    "d": timedelta(days=1),
    "h": timedelta(hours=1),
    "m": timedelta(minutes=1),
}


def parse_move(text: str, now: datetime) -> timedelta | None:
    """+2h, 3d, +1w2d, 90m, HH:MM or `monday 09:30` (the next such time after `now`, in now's
    time zone); None when the text is none of these or moves more than a year."""
    text = text.replace(" ", "")
    time_of_day = _TIME_OF_DAY.match(text)
    if time_of_day:
        return _until(now, int(time_of_day.group(1)), int(time_of_day.group(2)))
    weekday_time = _WEEKDAY_TIME.match(text)
    if weekday_time:
        day, hour, minute = weekday_time.groups()
        return _until_weekday(now, day.lower(), int(hour), int(minute))
    match = _MOVE.match(text)
    if not match:
        return None
    total = sum((int(n) * _UNITS[u.lower()] for n, u in _PART.findall(match.group(1))), timedelta())
    return total if total <= MAX_MOVE else None


def _until(now: datetime, hour: int, minute: int) -> timedelta | None:
    if hour > 23 or minute > 59:
        return None
    target = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if target <= now:
        target += timedelta(days=1)
    return target - now


def _until_weekday(now: datetime, day: str, hour: int, minute: int) -> timedelta | None:
    """To the next `day` at HH:MM after `now` (a script that starts there reads the same on any
    day of the week it is run)."""
    if day not in WEEKDAYS:
        return None
    first = _until(now, hour, minute)
    if first is None:
        return None
    target = now + first
    target += timedelta(days=(WEEKDAYS.index(day) - target.weekday()) % 7)
    return target - now


def describe(delta: timedelta) -> str:
    """`2d 3h` for how far the clock was moved; blank when it was not."""
    minutes = int(delta.total_seconds() // 60)
    if minutes <= 0:
        return ""
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [
        f"{days}d" if days else "",
        f"{hours}h" if hours else "",
        f"{minutes}m" if minutes else "",
    ]
    return " ".join(p for p in parts if p)
