"""What people type into number and date cells, read as the numbers and moments they mean, and
the serial numbers a spreadsheet keeps dates as. Pure: no I/O.

Numbers tolerate "5k", "1.5m", "$5,000", "£1 200", "1.234,50" and "12,5" (a decimal comma); "1,500"
is one thousand five hundred unless the firm writes decimal commas. Dates are serial numbers: days
since 1899-12-30, the fraction the time of day, on the firm's wall clock (Lotus 1-2-3's count,
which Google Sheets keeps).
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta

from bot.domain.amounts import amount_text
from bot.domain.timefmt import SHEET_FORMAT

EPOCH = datetime(1899, 12, 30)
_SYMBOLS = re.compile(r"[\s$£€¥\u00a0]|(?i:usd|eur|gbp|chf)")
_WALL_CLOCK = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d")


def read_number(text: str | None, decimal_comma: bool = False) -> float | None:
    """The number in `text`, or None when it is blank or not a number."""
    cleaned = _SYMBOLS.sub("", text or "")
    multiplier = 1.0
    if cleaned[-1:].lower() in ("k", "m"):
        multiplier = 1_000.0 if cleaned[-1].lower() == "k" else 1_000_000.0
        cleaned = cleaned[:-1]
    if not cleaned:
        return None
    if "," in cleaned and "." in cleaned:
        decimal = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
    elif "," in cleaned:
        thousands = re.fullmatch(r"-?\d{1,3}(,\d{3})+", cleaned) and not decimal_comma
        decimal = "." if thousands else ","
    elif "." in cleaned and decimal_comma and re.fullmatch(r"-?\d{1,3}(\.\d{3})+", cleaned):
        decimal = ","  # 1.234 where commas are decimal is one thousand two hundred and thirty-four
    else:
        decimal = "."
    grouping = "." if decimal == "," else ","
    cleaned = cleaned.replace(grouping, "").replace(decimal, ".")
    try:
        value = float(cleaned) * multiplier
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def in_firm_reading(text: str, decimal_comma: bool) -> str:
    """An amount cell's text as the firm means it, in a form every reader takes alike: where the
    firm writes decimal commas, "1.500" (one thousand five hundred) and "12,5" become "1500" and
    "12.5"; any other text, unreadable text included, is kept as it is."""
    if not decimal_comma:
        return text
    meant = read_number(text, decimal_comma=True)
    if meant is None or meant == read_number(text):
        return text
    return amount_text(meant)


def serial(moment: datetime) -> float:
    """A wall-clock moment (naive, or aware and already in the firm's zone) as a serial number."""
    days = (moment.replace(tzinfo=None) - EPOCH) / timedelta(days=1)
    return round(days, 8)  # to the millisecond: no float noise in what the cell keeps


def serial_of_text(text: str | None) -> float | None:
    """The serial number of a date as the sheet shows it ("2026-03-02 09:30", "2026-03-02")."""
    text = (text or "").strip()
    for fmt in _WALL_CLOCK:
        try:
            return serial(datetime.strptime(text, fmt))
        except ValueError:
            continue
    return None


def text_of_serial(number: float) -> str:
    """A serial number as the sheet shows a date (to the minute)."""
    moment = EPOCH + timedelta(seconds=round(number * 86400))
    return moment.strftime(SHEET_FORMAT)
