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

ID_TAG = "rd.id"
"""Row developer metadata: value is the referral ID. It moves with the row when people sort.
Short, because Google caps a spreadsheet's metadata at 2,000,000 characters of keys and values:
the first key (`FIRST_ID_TAG`, 16 characters) stopped new rows at about 83,000 referrals; this
one leaves room for about 150,000."""
FIRST_ID_TAG = "referral_desk.id"
"""The key rows were tagged with before: still read as a row's tag, and written through."""
ID_TAGS = frozenset({ID_TAG, FIRST_ID_TAG})

TAG_ID_BASE = 2_000_000_000
"""A born-tagged row's tag has the metadataId TAG_ID_BASE + its referral number. Google refuses a
second metadata with an ID that exists, so a batch that was applied late (a timeout, then a
retry) cannot make a second row: whichever copy comes second is refused whole."""


def tag_id(referral_number: int) -> int:
    # metadataId is an int32; Google's own random IDs could collide with this range only by a
    # one-in-millions chance, which the delivery survives by reading the sheet again.
    return TAG_ID_BASE + referral_number


BATCH_MARK = "referral_desk.batch"
"""Spreadsheet developer metadata: one per batch of new rows, its metadataId derived from the
batch's first outbox entry. Activity rows carry no tag of their own; the mark makes a copy of the
batch that Google applies late (it was still working when the client gave up) refused whole."""
BATCH_MARK_BASE = 1_000_000_000


def batch_mark_id(first_entry_id: int) -> int:
    # Below TAG_ID_BASE: a batch's mark never meets a referral's tag.
    return BATCH_MARK_BASE + first_entry_id % BATCH_MARK_BASE


def create_batch_mark(metadata_id: int) -> dict[str, Any]:
    return {
        "createDeveloperMetadata": {
            "developerMetadata": {
                "metadataId": metadata_id,
                "metadataKey": BATCH_MARK,
                "metadataValue": str(metadata_id - BATCH_MARK_BASE),
                "visibility": "DOCUMENT",
                "location": {"spreadsheet": True},
            }
        }
    }


def is_tag_conflict(message: str) -> bool:
    """Google's 400 for a metadataId that already exists: our earlier copy of the batch landed."""
    text = message.casefold()
    return "metadata" in text and "already exists" in text


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


def insert_rows(sheet_id: int, start: int, count: int, inherit_from_before: bool) -> dict:
    """insertDimension: fresh empty rows at `start`. The cells and tags that follow in the same
    batch address these rows, which nobody else can have written: the batch is applied whole."""
    return {
        "insertDimension": {
            "range": {
                "sheetId": sheet_id,
                "dimension": "ROWS",
                "startIndex": start,
                "endIndex": start + count,
            },
            "inheritFromBefore": inherit_from_before,
        }
    }


def write_rows(sheet_id: int, start: int, rows: list[list[Cell]]) -> dict[str, Any]:
    """updateCells of whole rows from `start` (rows the same batch inserted), typed as appendCells
    types them."""
    return {
        "updateCells": {
            "start": {"sheetId": sheet_id, "rowIndex": start, "columnIndex": 0},
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


def create_tag(
    sheet_id: int, row: int, referral_id: str, metadata_id: int | None = None
) -> dict[str, Any]:
    """With no `metadata_id`, Google picks one (its answer says which)."""
    chosen = {"metadataId": metadata_id} if metadata_id is not None else {}
    return {
        "createDeveloperMetadata": {
            "developerMetadata": {
                **chosen,
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
    """A DataFilter for the Referrals row tagged with this referral ID (only that tab has the tag),
    under either key: the lookup names no key, only the row location and the ID."""
    return {
        "developerMetadataLookup": {
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
