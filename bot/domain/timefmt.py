"""How dates look in the sheet: `YYYY-MM-DD HH:MM` in the firm's time zone, so people can read and
retype them. Reading is forgiving: ISO with seconds or offsets, or a bare date, all parse."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

SHEET_FORMAT = "%Y-%m-%d %H:%M"
_READ_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%d/%m/%Y %H:%M", "%d/%m/%Y")


def format_dt(moment: datetime | None, tz: str = "UTC") -> str:
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(tz)).strftime(SHEET_FORMAT)


def parse_dt(text: str | None, tz: str = "UTC") -> datetime | None:
    """Aware datetime from sheet text; naive text is read in the firm's time zone."""
    return _parsed(text or "", tz)


@lru_cache(maxsize=1024)
def _parsed(text: str, tz: str) -> datetime | None:
    """Each text read once, not at every look (datetimes cannot change): the sweep reads a
    referral's dates for its cadence, its morning lines and its review line, one referral
    after another, so a thousand kept are enough."""
    text = text.strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        moment = None
        for fmt in _READ_FORMATS:
            try:
                moment = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        if moment is None:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(tz))
    return moment
