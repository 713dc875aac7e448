"""Rendering a number with a Sheets number-format pattern, as the formattedValue Google returns.

The subset a referral log uses: date and time tokens (yyyy, yy, mmmm, mmm, mm, m, dd, d, dddd,
ddd, hh, h, ss, s, AM/PM; "m" after an hour or before seconds is minutes, as in Sheets) and number
patterns (0, 0.0, #,##0.00, a percent sign, literal prefixes and suffixes such as "$" or quoted
text). No pattern falls back to the type's default, as the spreadsheet's en_US locale shows it.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

EPOCH = dt.datetime(1899, 12, 30)
DEFAULTS = {
    "DATE": "yyyy-mm-dd",
    "DATE_TIME": "yyyy-mm-dd h:mm:ss",
    "TIME": "h:mm:ss",
}
_DATE_TOKEN = re.compile(
    r'"[^"]*"|\\.|yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am/pm|a/p', re.I
)


def moment(serial: float) -> dt.datetime:
    # Round to the second: a serial number carries time as a binary fraction of a day.
    return EPOCH + dt.timedelta(seconds=round(serial * 86400))


def render_date(serial: float, pattern: str) -> str:
    when = moment(serial)
    tokens = [m.group(0) for m in _DATE_TOKEN.finditer(pattern)]
    twelve = any(t.lower() in ("am/pm", "a/p") for t in tokens)
    out, last_end, previous = [], 0, ""
    for i, match in enumerate(_DATE_TOKEN.finditer(pattern)):
        out.append(pattern[last_end : match.start()])
        token = match.group(0)
        following = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
        out.append(_date_part(token, when, previous, following, twelve))
        previous = token.lower()
        last_end = match.end()
    out.append(pattern[last_end:])
    return "".join(out)


def _date_part(token: str, when: dt.datetime, previous: str, following: str, twelve: bool) -> str:
    low = token.lower()
    if low.startswith('"'):
        return token[1:-1]
    if low.startswith("\\"):
        return token[1:]
    minutes = low in ("m", "mm") and (previous.startswith("h") or following.startswith("s"))
    hour = when.hour % 12 or 12 if twelve else when.hour
    parts = {
        "yyyy": f"{when.year:04d}",
        "yy": f"{when.year % 100:02d}",
        "mmmmm": when.strftime("%B")[0],
        "mmmm": when.strftime("%B"),
        "mmm": when.strftime("%b"),
        "mm": f"{when.minute:02d}" if minutes else f"{when.month:02d}",
        "m": str(when.minute) if minutes else str(when.month),
        "dddd": when.strftime("%A"),
        "ddd": when.strftime("%a"),
        "dd": f"{when.day:02d}",
        "d": str(when.day),
        "hh": f"{hour:02d}",
        "h": str(hour),
        "ss": f"{when.second:02d}",
        "s": str(when.second),
        "am/pm": "AM" if when.hour < 12 else "PM",
        "a/p": "A" if when.hour < 12 else "P",
    }
    return parts[low]


_NUMBER_BODY = re.compile(r"[#0,]*[0#](?:\.[0#]+)?")


def render_number(value: float, pattern: str) -> str:
    """A number pattern: the first section only (positive), with its literal text kept."""
    section = pattern.split(";")[0]
    literal = re.sub(r'"([^"]*)"', r"\1", section).replace("\\", "")
    match = _NUMBER_BODY.search(literal)
    if match is None:
        return literal
    body = match.group(0)
    decimals = len(body.split(".")[1]) if "." in body else 0
    scaled = value * 100 if "%" in literal else value
    sign = "-" if scaled < 0 else ""
    # Sheets rounds halves away from zero (2.25 shown to one place is 2.3), not to even.
    exact = Decimal(repr(abs(scaled))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    grouped = "," in body.split(".")[0]
    number = f"{exact:,.{decimals}f}" if grouped else f"{exact:.{decimals}f}"
    return sign + literal[: match.start()] + number + literal[match.end() :]
