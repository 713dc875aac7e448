"""How a value the bot writes becomes a typed cell: dates are serial numbers shown with a date-time
format, Touches and Max active are numbers, amounts are numbers in a currency format; everything
else stays text. Pure: no I/O.

The formats render exactly the text the bot reads back (`formattedValue`): a date shows as
`yyyy-mm-dd hh:mm`, the sheet text `bot.domain.timefmt` writes and parses, so a typed log reads the
same as a text one. A typed value goes out as `numberValue` (or a JSON number under RAW), never
as text Google could take for a formula.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from bot.domain.cellvalues import read_number, serial_of_text
from bot.schema import Column

DATE_TIME = {"type": "DATE_TIME", "pattern": "yyyy-mm-dd hh:mm"}
COUNT = {"type": "NUMBER", "pattern": "0"}
MONEY = {"type": "CURRENCY", "pattern": "#,##0.00"}
MONEY_KEYS = frozenset({"est_value", "reward_amount", "won_value"})


class Typed(NamedTuple):
    """A number for a typed column, with the format the column shows it in."""

    number: float | None  # None: no value, only the column's format (a blank cell of a new row)
    number_format: dict[str, str]


def number_format(column: Column) -> dict[str, str] | None:
    """The format a column's cells carry, or None for a text column."""
    if column.type == "datetime":
        return DATE_TIME
    if column.type == "number":
        return MONEY if column.key in MONEY_KEYS else COUNT
    return None


def encode(column: Column, text: str) -> str | Typed:
    """What to write for `text` in `column`: a Typed number, or the text itself when the column
    is text or the text is not a number or date the column takes (it is then kept as typed)."""
    fmt = number_format(column)
    if fmt is None or not text:
        return text
    number = serial_of_text(text) if fmt is DATE_TIME else read_number(text)
    return text if number is None else Typed(number, fmt)


def raw_value(value: Any) -> Any:
    """A cell for values:batchUpdate with RAW input: a Typed becomes its number (a format-only
    marker leaves the cell alone), text stays text."""
    if isinstance(value, Typed):
        return value.number
    return value
