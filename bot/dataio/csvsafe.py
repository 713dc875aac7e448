"""CSV that a spreadsheet program opens without running anything a person typed.

OWASP's CSV-injection rules: a cell starting with =, +, -, @, tab or carriage return is read as a
formula by Excel, LibreOffice and Google Sheets, so it gets a leading single quote; every cell is
wrapped in double quotes, and double quotes inside are doubled."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(header: list[str], rows: Iterable[Iterable[object]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows accented names correctly."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([escape_cell(h) for h in header])
    for row in rows:
        writer.writerow([escape_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")
