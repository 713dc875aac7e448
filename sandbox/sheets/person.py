"""A person editing the sheet in the Sheets UI: acts on the model directly (no HTTP, not
counted in calls), with the same effects a browser edit has — metadata follows moved rows,
typed text is parsed as USER_ENTERED."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, Protocol

from . import dimensions, validation
from .a1 import col_letter, parse_cells
from .cell_requests import sort_rows
from .cells import formatted, from_json
from .metadata import Region
from .model import Sheet, Spreadsheet
from .render import cell_json
from .values_read import read_region


class Spreadsheets(Protocol):
    """What a person needs of the stand-in (`SheetsStandIn`): a spreadsheet to look at and a
    way to change it, as the stand-in commits any change."""

    def spreadsheet(self, spreadsheet_id: str) -> Spreadsheet: ...

    def mutate(self, spreadsheet_id: str, change: Callable[[Spreadsheet], Any]) -> Any: ...


class Person:
    def __init__(self, stand_in: Spreadsheets, spreadsheet_id: str):
        self._stand_in = stand_in
        self.spreadsheet_id = spreadsheet_id

    # --- edits ------------------------------------------------------------------------------

    def sort_rows(self, tab_title: str, header_text: str, descending: bool = False) -> None:
        """Sort the rows below the frozen rows (below row 1 if none are frozen) by one column."""

        def change(ss: Spreadsheet) -> None:
            sheet = _tab(ss, tab_title)
            col = _header_col(sheet, header_text)
            start = max(sheet.frozen_rows, 1)
            sort_rows(
                ss,
                Region(sheet, start, sheet.row_count, 0, sheet.column_count),
                [(col, descending)],
            )

        self._stand_in.mutate(self.spreadsheet_id, change)

    def insert_rows(self, tab_title: str, at_row: int, count: int = 1) -> None:
        """Insert ``count`` empty rows so the first new one is row ``at_row`` (1-based)."""

        def change(ss: Spreadsheet) -> None:
            sheet = _tab(ss, tab_title)
            _check_row(sheet, at_row, allow_end=True)
            start = at_row - 1
            dimensions.insert(
                ss, sheet, "ROWS", start, start + count, inherit_from_before=start > 0
            )

        self._stand_in.mutate(self.spreadsheet_id, change)

    def delete_rows(self, tab_title: str, at_row: int, count: int = 1) -> None:
        def change(ss: Spreadsheet) -> None:
            sheet = _tab(ss, tab_title)
            _check_row(sheet, at_row + count - 1)
            dimensions.delete(ss, sheet, "ROWS", at_row - 1, at_row - 1 + count)

        self._stand_in.mutate(self.spreadsheet_id, change)

    def move_column(self, tab_title: str, header_text: str, to_col: int) -> None:
        """Drag the column headed ``header_text`` so it becomes column ``to_col`` (1-based)."""

        def change(ss: Spreadsheet) -> None:
            sheet = _tab(ss, tab_title)
            col = _header_col(sheet, header_text)
            target = to_col - 1
            if not 0 <= target < sheet.column_count:
                raise LookupError(f"Column {to_col} is outside the grid of {tab_title!r}")
            destination = target + 1 if target > col else target
            dimensions.move(ss, sheet, "COLUMNS", col, col + 1, destination)

        self._stand_in.mutate(self.spreadsheet_id, change)

    def rename_column(self, tab_title: str, old_header: str, new_header: str) -> None:
        def change(ss: Spreadsheet) -> None:
            sheet = _tab(ss, tab_title)
            col = _header_col(sheet, old_header)
            _type(sheet, 0, col, new_header)

        self._stand_in.mutate(self.spreadsheet_id, change)

    def set_cell(self, tab_title: str, a1: str, value: str) -> None:
        """Type ``value`` into a cell (parsed like the UI: "=..." is a formula, "12" a number)."""

        def change(ss: Spreadsheet) -> None:
            sheet = _tab(ss, tab_title)
            row, col = _cell_ref(sheet, a1)
            _type(sheet, row, col, value)

        self._stand_in.mutate(self.spreadsheet_id, change)

    def append_row(self, tab_title: str, values: list[str]) -> None:
        """Type a new row under the last row that has anything in it."""

        def change(ss: Spreadsheet) -> None:
            sheet = _tab(ss, tab_title)
            row = sheet.data_row_count()
            if row >= sheet.row_count:
                sheet.grid["rowCount"] = row + 1
            if len(values) > sheet.column_count:
                raise LookupError(
                    f"{len(values)} values do not fit the {sheet.column_count} columns of {tab_title!r}"
                )
            for col, value in enumerate(values):
                _type(sheet, row, col, value)

        self._stand_in.mutate(self.spreadsheet_id, change)

    # --- looking ----------------------------------------------------------------------------

    def rows(self, tab_title: str) -> list[list[str]]:
        """Formatted values, header included, trailing empty cells and rows trimmed."""
        sheet = self._sheet(tab_title)
        region = Region(sheet, 0, sheet.row_count, 0, sheet.column_count)
        return read_region(region, "ROWS", "FORMATTED_VALUE", "SERIAL_NUMBER")

    def cell(self, tab_title: str, a1: str) -> dict[str, Any]:
        """The CellData of one cell: userEnteredValue, effectiveValue, formattedValue, formats."""
        sheet = self._sheet(tab_title)
        row, col = _cell_ref(sheet, a1)
        return copy.deepcopy(cell_json(sheet.cell(row, col), None))

    def sheet_properties(self, tab_title: str) -> dict[str, Any]:
        """SheetProperties plus ``hiddenColumns`` (letters) and ``columnWidths`` (letter -> px)."""
        sheet = self._sheet(tab_title)
        props = copy.deepcopy(sheet.props)
        props["hiddenColumns"] = [
            col_letter(c) for c, p in sorted(sheet.col_props.items()) if p.get("hiddenByUser")
        ]
        props["columnWidths"] = {
            col_letter(c): p["pixelSize"]
            for c, p in sorted(sheet.col_props.items())
            if "pixelSize" in p
        }
        return props

    def protected_ranges(self, tab_title: str) -> list[dict]:
        return copy.deepcopy(self._sheet(tab_title).protected_ranges)

    def data_validations(self, tab_title: str) -> dict[str, dict]:
        """The validation rule of each column (by header), taken from its first data cell with one."""
        sheet = self._sheet(tab_title)
        start = max(sheet.frozen_rows, 1)
        found: dict[str, dict] = {}
        for col in range(sheet.column_count):
            for row in range(start, len(sheet.rows)):
                cell = sheet.cell(row, col)
                if cell is not None and cell[2] and "dataValidation" in cell[2]:
                    header = (
                        formatted(sheet.cell(0, col)) if sheet.cell(0, col) else col_letter(col)
                    )
                    found[header] = copy.deepcopy(cell[2]["dataValidation"])
                    break
        return found

    def conditional_formats(self, tab_title: str) -> list[dict]:
        return copy.deepcopy(self._sheet(tab_title).conditional_formats)

    def charts(self, tab_title: str) -> list[dict]:
        """The embedded charts on a tab, as spreadsheets.get returns them."""
        return copy.deepcopy(self._sheet(tab_title).charts)

    def developer_metadata(self) -> list[dict]:
        return copy.deepcopy(
            list(self._stand_in.spreadsheet(self.spreadsheet_id).metadata.values())
        )

    def _sheet(self, tab_title: str) -> Sheet:
        return _tab(self._stand_in.spreadsheet(self.spreadsheet_id), tab_title)


def _tab(ss: Spreadsheet, title: str) -> Sheet:
    sheet = ss.sheet_by_title(title)
    if sheet is None:
        raise LookupError(f"No tab {title!r} in spreadsheet {ss.spreadsheet_id}")
    return sheet


def _header_col(sheet: Sheet, header: str) -> int:
    for col, cell in enumerate(sheet.rows[0] if sheet.rows else []):
        if cell is not None and formatted(cell) == header:
            return col
    raise LookupError(f"No column headed {header!r} in {sheet.title!r}")


def _check_row(sheet: Sheet, row: int, allow_end: bool = False) -> None:
    limit = sheet.row_count + (1 if allow_end else 0)
    if not 1 <= row <= limit:
        raise LookupError(
            f"Row {row} is outside the grid of {sheet.title!r} ({sheet.row_count} rows)"
        )


def _cell_ref(sheet: Sheet, a1: str) -> tuple[int, int]:
    ref = parse_cells(a1, a1, sheet.title)
    if ref.end_row != (ref.start_row or 0) + 1 or ref.end_col != (ref.start_col or 0) + 1:
        raise LookupError(f"{a1!r} is not a single cell")
    row, col = ref.start_row or 0, ref.start_col or 0
    if row >= sheet.row_count or col >= sheet.column_count:
        raise LookupError(f"{a1} is outside the grid of {sheet.title!r}")
    return row, col


def _type(sheet: Sheet, row: int, col: int, value: str) -> None:
    old = sheet.cell(row, col)
    extras = old[2] if old is not None else None
    cell = from_json(value, "USER_ENTERED", extras)
    if cell is None and extras:
        cell = (None, None, extras)
    validation.check(sheet.title, row, col, cell)  # the UI rejects it too
    sheet.put(row, col, cell)
