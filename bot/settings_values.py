"""How each setting's text becomes a value, refusing nonsense with a message a person can act on.

Every parser raises ValueError whose text says what is expected and gives an example, so
`load_settings` can print `NAME='given': what to write instead` and nothing else."""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ZONE_TABLES = (Path("/usr/share/zoneinfo/zone1970.tab"), Path("/usr/share/zoneinfo/zone.tab"))
FALLBACK_PHONE_REGION = "US"
"""For a firm whose time zone names no country (UTC): the library's own default."""

# Names of ours that people often write differently; difflib would not see these as close.
_ALIASES = {"UK": "GB"}


def whole_number(low: int, high: int, example: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise ValueError(f"write a whole number from {low} to {high}, e.g. {example}") from None
        if not low <= value <= high:
            raise ValueError(f"must be from {low} to {high}, e.g. {example}")
        return value

    return parse


def number(low: float, high: float, example: float) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = float(text.strip())
        except ValueError:
            raise ValueError(f"write a number from {low:g} to {high:g}, e.g. {example:g}") from None
        if value != value or not low <= value <= high:  # NaN compares false with everything
            raise ValueError(f"must be from {low:g} to {high:g}, e.g. {example:g}")
        return value

    return parse


def boolean(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("write true or false")


def timezone(text: str) -> str:
    try:
        ZoneInfo(text.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("write an IANA time zone name, e.g. Europe/London") from None
    return text.strip()


def dates(text: str) -> tuple[date, ...]:
    items = [t.strip() for t in text.split(",") if t.strip()]
    try:
        return tuple(date.fromisoformat(t) for t in items)
    except ValueError:
        raise ValueError("list dates as YYYY-MM-DD, separated by commas, e.g. 2026-12-25") from None


def choice(*options: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        value = text.strip().lower()
        if value not in options:
            raise ValueError(f"write one of: {', '.join(options)}")
        return value

    return parse


def working_hours(text: str) -> str:
    from bot.domain.calendar import parse_working_hours

    try:
        parse_working_hours(text)
    except ValueError as exc:
        if "HH:MM" in str(exc):
            raise
        raise ValueError(f"{exc}; write 24-hour HH:MM-HH:MM, e.g. 09:00-17:30") from None
    return text.strip()


def phone_region(text: str) -> str:
    """An ISO 3166 two-letter region phonenumbers knows; empty follows FIRM_TIMEZONE."""
    import phonenumbers

    value = text.strip().upper()
    if not value or value in phonenumbers.SUPPORTED_REGIONS:
        return value
    if value in _ALIASES:
        raise ValueError(f"the ISO 3166 code is {_ALIASES[value]}, not {value}")
    raise ValueError("write a two-letter ISO 3166 region code, e.g. GB, US, DE or IE")


def web_url(text: str) -> str:
    parsed = urlparse(text.strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError("write a web address, e.g. https://slack.com/api/")
    return text.strip() if text.strip().endswith("/") else text.strip() + "/"


def not_blank(example: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if not text.strip():
            raise ValueError(f"cannot be empty, e.g. {example}")
        return text.strip()

    return parse


def existing_folder(text: str) -> str:
    if text.strip() and not Path(text.strip()).is_dir():
        raise ValueError("no such folder; create it or leave the setting empty")
    return text.strip()


def writable_folder(text: str) -> str:
    """A folder the bot can write in, or can create; checked without creating anything."""
    path = Path(text.strip() or ".").expanduser()
    probe = path
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        raise ValueError(f"{probe} is a file, not a folder; choose a folder, e.g. data")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise ValueError(
            f"the bot cannot write in {probe}; choose a folder it may write to, e.g. data"
        )
    return str(path)


# --- the firm's country from its time zone ---------------------------------------------------


@lru_cache(maxsize=1)
def _zone_countries() -> dict[str, str]:
    """zone name -> ISO 3166 code, from the system's tz database (the first country listed)."""
    found: dict[str, str] = {}
    for table in ZONE_TABLES:
        try:
            lines = table.read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        for line in lines:
            if line.startswith("#") or not line.strip():
                continue
            codes, _, zone = line.split("\t")[:3]
            found.setdefault(zone, codes.split(",")[0])
    return found


def region_of_zone(zone: str) -> str:
    """GB for Europe/London, US for America/New_York; the fallback for UTC and unknown zones."""
    return _zone_countries().get(zone, FALLBACK_PHONE_REGION)


# --- names that look like ours -----------------------------------------------------------------


def misspelled(given: Iterable[str], known: Iterable[str]) -> Mapping[str, str]:
    """given name -> the known name it is most likely a misspelling of. Only close calls count:
    the environment holds many unrelated variables (HOME, PATH, HOSTNAME)."""
    known = list(known)
    wanted = set(known)
    found = {}
    for name in given:
        if name in wanted or len(name) < 5:
            continue
        upper = name.upper()
        if upper in wanted:
            found[name] = upper
            continue
        close = difflib.get_close_matches(upper, known, n=1, cutoff=0.85)
        if close:
            found[name] = close[0]
    return found


def optional(parse: Callable[[str], str]) -> Callable[[str], str]:
    """Empty stays empty; anything else must pass `parse`."""
    return lambda text: parse(text) if text.strip() else ""


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")
DAYS_OF_WEEK = (*_WEEKDAYS, "saturday", "sunday")
"""Monday first, as Python's `weekday()` counts."""


def weekday_morning(text: str) -> str:
    """'monday 09:30': a working day and a time of day."""
    day, _, clock = text.strip().lower().partition(" ")
    try:
        hour, minute = (int(part) for part in clock.strip().split(":"))
        valid = day in _WEEKDAYS and 0 <= hour < 24 and 0 <= minute < 60
    except ValueError:
        valid = False
    if not valid:
        raise ValueError("write a weekday and a 24-hour time, e.g. monday 09:30")
    return f"{day} {hour:02d}:{minute:02d}"


def time_of_day(text: str) -> str:
    """'09:00' or '9:30': a 24-hour time of day, written back as HH:MM."""
    hour, _, minute = text.strip().partition(":")
    try:
        h, m = int(hour), int(minute or 0)
        valid = 0 <= h < 24 and 0 <= m < 60
    except ValueError:
        valid = False
    if not valid:
        raise ValueError("write a 24-hour time of day, e.g. 09:00")
    return f"{h:02d}:{m:02d}"
