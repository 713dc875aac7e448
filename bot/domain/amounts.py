"""Money amounts as people at the firm type them, in the firm's own way of writing numbers.

A comma-decimal firm (most of continental Europe, Latin America) writes five thousand and a half as
`5.000,50`; a point-decimal firm writes `5,000.50`. With both marks in one amount the last one is
the decimal mark whatever the firm's habit; with one mark, the firm's habit decides what a lone
mark before three digits means (`5.000` is 5000 to a comma-decimal firm, 5 to a point-decimal one)."""

from __future__ import annotations

import math
import re

_CURRENCY = re.compile(r"[\s$£€¥\u00a0\u202f']|\b(?:[A-Za-z]{3})\b")
_NUMBER = re.compile(r"[-+]?(?:\d[\d.,]*|[.,]\d+)(?:[eE][-+]?\d+)?")
_GROUPED = re.compile(r"\d{1,3}(?:[.,]\d{3})+")

COMMA_DECIMAL_REGIONS = frozenset(
    [
        "AD",
        "AL",
        "AM",
        "AO",
        "AR",
        "AT",
        "AZ",
        "BA",
        "BE",
        "BG",
        "BO",
        "BR",
        "BY",
        "CH",
        "CL",
        "CM",
        "CO",
        "CR",
        "CU",
        "CV",
        "CY",
        "CZ",
        "DE",
        "DK",
        "DZ",
        "EC",
        "EE",
        "ES",
        "FI",
        "FO",
        "FR",
        "GE",
        "GL",
        "GR",
        "HR",
        "HU",
        "ID",
        "IS",
        "IT",
        "KZ",
        "LB",
        "LI",
        "LT",
        "LU",
        "LV",
        "MA",
        "MC",
        "MD",
        "ME",
        "MK",
        "MN",
        "MZ",
        "NL",
        "NO",
        "PE",
        "PL",
        "PT",
        "PY",
        "RO",
        "RS",
        "RU",
        "SE",
        "SI",
        "SK",
        "SM",
        "TN",
        "TR",
        "UA",
        "UY",
        "UZ",
        "VE",
        "VN",
        "ZA",
    ]
)
"""Countries whose usual decimal mark is a comma (CLDR's number symbols); the rest use a point.
Switzerland writes 5'000.50 in German but the comma in French: firms there set the setting."""


def comma_decimal_region(region: str) -> bool:
    return region.strip().upper() in COMMA_DECIMAL_REGIONS


def read_amount(text: str | None, decimal_comma: bool = False) -> float | None:
    """The amount in `text` ("5.000,50", "$5,000", "€1.5e3", "-20"); None when blank.

    Raises ValueError when the text is not one finite number."""
    if not (text or "").strip():
        return None
    cleaned = _CURRENCY.sub("", text)
    if not _NUMBER.fullmatch(cleaned):
        raise ValueError(text)
    sign = "-" if cleaned.startswith("-") else ""
    digits = cleaned.lstrip("+-")
    value = float(sign + _plain(digits, decimal_comma))
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _plain(digits: str, decimal_comma: bool) -> str:
    """The digits with one '.' as the decimal mark and no grouping marks."""
    mantissa, exponent = re.match(r"([^eE]*)(.*)", digits).groups()
    marks = [c for c in mantissa if c in ".,"]
    if not marks:
        return digits
    if "," in marks and "." in marks:
        decimal = mantissa[max(mantissa.rfind(","), mantissa.rfind("."))]
    elif len(marks) > 1:
        if not _GROUPED.fullmatch(mantissa):
            raise ValueError(digits)
        decimal = ""  # "5.000.000": only grouping
    else:
        mark = marks[0]
        grouping = "." if decimal_comma else ","
        lone_thousands = bool(_GROUPED.fullmatch(mantissa))
        decimal = "" if mark == grouping and lone_thousands else mark
    whole, _, fraction = mantissa.rpartition(decimal) if decimal else (mantissa, "", "")
    whole = whole.replace(",", "").replace(".", "")
    if decimal and ("," in fraction or "." in fraction):
        raise ValueError(digits)
    if decimal and whole and not _grouping_ok(mantissa[: mantissa.rfind(decimal)]):
        raise ValueError(digits)
    return (f"{whole or '0'}.{fraction}" if decimal else whole) + exponent


def _grouping_ok(whole: str) -> bool:
    """Marks in the whole part group by threes ("5.000" before ",50"), or there are none."""
    return not any(c in ".," for c in whole) or bool(_GROUPED.fullmatch(whole))


def amount_text(value: float) -> str:
    """How the bot writes an amount in the sheet: 5000, 5000.5 (a point, no grouping)."""
    return str(int(value)) if value.is_integer() else f"{value:.2f}".rstrip("0")
