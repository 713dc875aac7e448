"""Sheets API v4 request bodies the log sends. Pure functions: no I/O, easy to read side by side
with Google's reference.

Every user-text cell is a `stringValue` (or a RAW value), so "=HYPERLINK(...)", "+1", "-2" and
"@x" stay the literal text someone typed instead of becoming formulas.
"""

from __future__ import annotations

from typing import Any

ID_TAG = "referral_desk.id"
"""Row developer metadata: value is the referral ID. It moves with the row when people sort."""


def text_cell(text: str | None) -> dict[str, Any]:
    if text is None or text == "":
        return {}
    return {"userEnteredValue": {"stringValue": str(text)}}


def append_cells(sheet_id: int, rows: list[list[str | None]]) -> dict[str, Any]:
    """appendCells: rows land after the last row with data, whatever people did to the sheet."""
    return {
        "appendCells": {
            "sheetId": sheet_id,
            "rows": [{"values": [text_cell(v) for v in row]} for row in rows],
            "fields": "userEnteredValue",
        }
    }


def update_cell(sheet_id: int, row: int, column: int, text: str) -> dict[str, Any]:
    # One request per cell: a wider range would also clear the cells in between.
    return {
        "updateCells": {
            "start": {"sheetId": sheet_id, "rowIndex": row, "columnIndex": column},
            "rows": [{"values": [text_cell(text) or {"userEnteredValue": {"stringValue": ""}}]}],
            "fields": "userEnteredValue",
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


def values_by_filter(rows: dict[str, list[str | None]]) -> dict[str, Any]:
    """Body of values:batchUpdateByDataFilter: one DataFilter per referral, null = leave the cell."""
    return {
        "valueInputOption": "RAW",
        "includeValuesInResponse": False,
        "data": [
            {"dataFilter": row_filter(rid), "majorDimension": "ROWS", "values": [row]}
            for rid, row in rows.items()
        ],
    }


def range_values(a1_range: str, values: list[list]) -> dict[str, Any]:
    """A DataFilterValueRange for a fixed A1 range (the Dashboard): RAW, so numbers stay numbers
    and text stays text."""
    return {"dataFilter": {"a1Range": a1_range}, "majorDimension": "ROWS", "values": values}
