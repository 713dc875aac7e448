"""Sheets API v4 request bodies the log sends. Pure functions: no I/O, easy to read side by side
with Google's reference.

Every user-text cell is a `stringValue` (or a RAW value), so "=HYPERLINK(...)", "+1", "-2" and
"@x" stay the literal text someone typed instead of becoming formulas. Dates and numbers go out as
`numberValue` with their column's number format (``bot.log.cells``).
"""

from __future__ import annotations

from typing import Any

from bot.log.cells import Typed, raw_value

Cell = str | Typed | None
WITH_FORMAT = "userEnteredValue,userEnteredFormat.numberFormat"

ID_TAG = "referral_desk.id"
"""Row developer metadata: value is the referral ID. It moves with the row when people sort."""


def text_cell(value: Cell) -> dict[str, Any]:
    """CellData for one value: text as `stringValue`, a Typed number as `numberValue` with its
    format (a format-only Typed: the format alone)."""
    if isinstance(value, Typed):
        cell: dict[str, Any] = {"userEnteredFormat": {"numberFormat": value.number_format}}
        if value.number is not None:
            cell["userEnteredValue"] = {"numberValue": value.number}
        return cell
    if value is None or value == "":
        return {}
    return {"userEnteredValue": {"stringValue": str(value)}}


def _fields(rows: list[list[Cell]]) -> str:
    typed = any(isinstance(v, Typed) for row in rows for v in row)
    return WITH_FORMAT if typed else "userEnteredValue"


def append_cells(sheet_id: int, rows: list[list[Cell]]) -> dict[str, Any]:
    """appendCells: rows land after the last row with data, whatever people did to the sheet."""
    return {
        "appendCells": {
            "sheetId": sheet_id,
            "rows": [{"values": [text_cell(v) for v in row]} for row in rows],
            "fields": _fields(rows),
        }
    }


def update_cell(sheet_id: int, row: int, column: int, value: str | Typed) -> dict[str, Any]:
    # One request per cell: a wider range would also clear the cells in between.
    cell = text_cell(value)
    if "userEnteredValue" not in cell:
        cell["userEnteredValue"] = {"stringValue": ""}
    return {
        "updateCells": {
            "start": {"sheetId": sheet_id, "rowIndex": row, "columnIndex": column},
            "rows": [{"values": [cell]}],
            "fields": _fields([[value]]),
        }
    }


def create_tag(sheet_id: int, row: int, referral_id: str) -> dict[str, Any]:
    return {
        "createDeveloperMetadata": {
            "developerMetadata": {
                "metadataKey": ID_TAG,
                "metadataValue": referral_id,
                "visibility": "DOCUMENT",
                "location": {
                    "dimensionRange": {
                        "sheetId": sheet_id,
                        "dimension": "ROWS",
                        "startIndex": row,
                        "endIndex": row + 1,
                    }
                },
            }
        }
    }


def delete_tag(metadata_id: int) -> dict[str, Any]:
    return {
        "deleteDeveloperMetadata": {
            "dataFilter": {"developerMetadataLookup": {"metadataId": metadata_id}}
        }
    }


def row_filter(referral_id: str) -> dict[str, Any]:
    """A DataFilter for the Referrals row tagged with this referral ID (only that tab has the tag)."""
    return {
        "developerMetadataLookup": {
            "metadataKey": ID_TAG,
            "metadataValue": referral_id,
            "locationType": "ROW",
        }
    }


def values_by_filter(rows: dict[str, list[Cell]]) -> dict[str, Any]:
    """Body of values:batchUpdateByDataFilter: one DataFilter per referral, null = leave the cell.
    RAW: a date or number goes as a JSON number (the cell keeps its format), text as text."""
    return {
        "valueInputOption": "RAW",
        "includeValuesInResponse": False,
        "data": [
            {"dataFilter": row_filter(rid), "majorDimension": "ROWS", "values": [_raw_row(row)]}
            for rid, row in rows.items()
        ],
    }


def _raw_row(row: list[Cell]) -> list[Any]:
    values = [raw_value(v) for v in row]
    while values and values[-1] is None:
        values.pop()
    return values


def range_values(a1_range: str, values: list[list]) -> dict[str, Any]:
    """A DataFilterValueRange for a fixed A1 range (the Dashboard): RAW, so numbers stay numbers
    and text stays text."""
    return {"dataFilter": {"a1Range": a1_range}, "majorDimension": "ROWS", "values": values}
