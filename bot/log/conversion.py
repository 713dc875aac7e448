"""`init-sheet` on a log whose dates and numbers are text (written by an older bot, or typed into
cells without a format): each such cell becomes the real date or number it means.

A date's text is read as the bot reads it (bot/domain/timefmt.py: the firm's wall clock, ISO with
an offset converted to the firm's zone); a number's as people type it ("5k", "$5,000", "1.234,50").
Text that reads as neither stays as it is, and the lines say where.
"""

from __future__ import annotations

from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import gspread

from bot.domain.cellvalues import read_number, serial
from bot.domain.timefmt import parse_dt
from bot.log import messages
from bot.log.cells import DATE_TIME
from bot.log.mapping import column_letter
from bot.log.ops import WITH_FORMAT
from bot.log.reading import quoted
from bot.schema import Column, Tab

_FIELDS = "sheets(properties(sheetId),data(startRow,startColumn,rowData(values(userEnteredValue))))"
_LISTED = 10


class Conversion(NamedTuple):
    tab: Tab
    column: Column
    sheet_id: int
    index: int
    number_format: dict[str, str]


Found = dict[tuple[int, int], list[tuple[int, dict[str, Any]]]]
"""(sheet ID, column index) -> (row index, userEnteredValue) of each cell below the header."""


def read_columns(spreadsheet: gspread.Spreadsheet, conversions: list[Conversion]) -> Found:
    """One read of the columns to convert, values as entered (text stays text, numbers numbers)."""
    ranges = [
        f"{quoted(c.tab.title)}!{column_letter(c.index)}2:{column_letter(c.index)}"
        for c in conversions
    ]
    params = {"includeGridData": "true", "ranges": ranges, "fields": _FIELDS}
    answer = spreadsheet.client.spreadsheets_get(spreadsheet.id, params=params)
    found: Found = {}
    for sheet in answer.get("sheets", []):
        sheet_id = sheet.get("properties", {}).get("sheetId", 0)
        for data in sheet.get("data", []):
            start_row, column = data.get("startRow", 0), data.get("startColumn", 0)
            cells = found.setdefault((sheet_id, column), [])
            for offset, row in enumerate(data.get("rowData", [])):
                values = row.get("values") or [{}]
                cells.append((start_row + offset, values[0].get("userEnteredValue", {})))
    return found


def conversion_requests(
    conversions: list[Conversion], found: Found, tz: str, decimal_comma: bool = False
) -> tuple[list[dict[str, Any]], list[str]]:
    requests: list[dict[str, Any]] = []
    lines: list[str] = []
    for conversion in conversions:
        cells = found.get((conversion.sheet_id, conversion.index), [])
        numbers, unreadable = _converted(conversion, cells, tz, decimal_comma)
        requests += _runs(conversion, numbers)
        ref = f"{conversion.tab.title}!{conversion.column.header}"
        if numbers:
            lines.append(
                messages.converted_cells(len(numbers), ref, conversion.number_format["type"])
            )
        if unreadable:
            letter = column_letter(conversion.index)
            cells = [f"{letter}{row + 1}" for row in unreadable]
            lines.append(
                messages.unreadable_cells(ref, conversion.number_format["type"], cells, _LISTED)
            )
    return requests, lines


def _converted(
    conversion: Conversion, cells: list[tuple[int, dict[str, Any]]], tz: str, decimal_comma: bool
) -> tuple[dict[int, float], list[int]]:
    """{row: number} for the text cells that read as the column's type; rows that do not."""
    numbers: dict[int, float] = {}
    unreadable: list[int] = []
    for row, value in cells:
        text = value.get("stringValue")
        if text is None or not text.strip():
            continue  # blank, already a number, a formula or a boolean: left as it is
        number = _read(text, conversion.number_format is DATE_TIME, tz, decimal_comma)
        if number is None:
            unreadable.append(row)
        else:
            numbers[row] = number
    return numbers, unreadable


def _read(text: str, is_date: bool, tz: str, decimal_comma: bool) -> float | None:
    if not is_date:
        return read_number(text, decimal_comma)
    moment = parse_dt(text, tz)
    return None if moment is None else serial(moment.astimezone(ZoneInfo(tz)))


def _runs(conversion: Conversion, numbers: dict[int, float]) -> list[dict[str, Any]]:
    """One updateCells per run of consecutive converted rows (a wider range would also rewrite
    the cells left as text between them)."""
    requests: list[dict[str, Any]] = []
    run: list[int] = []
    for row in sorted(numbers):
        if run and row != run[-1] + 1:
            requests.append(_update(conversion, run, numbers))
            run = []
        run.append(row)
    if run:
        requests.append(_update(conversion, run, numbers))
    return requests


def _update(conversion: Conversion, rows: list[int], numbers: dict[int, float]) -> dict[str, Any]:
    cell = {"userEnteredFormat": {"numberFormat": conversion.number_format}}
    return {
        "updateCells": {
            "start": {
                "sheetId": conversion.sheet_id,
                "rowIndex": rows[0],
                "columnIndex": conversion.index,
            },
            "rows": [
                {"values": [{**cell, "userEnteredValue": {"numberValue": numbers[r]}}]}
                for r in rows
            ],
            "fields": WITH_FORMAT,
        }
    }
