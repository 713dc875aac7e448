"""batchUpdate requests that write cells: updateCells, appendCells, repeatCell,
setDataValidation and sortRange."""

from __future__ import annotations

from typing import Any

from . import dimensions, discovery, fieldmask, validation
from .a1 import format_range
from .cells import effective, from_user_entered_value
from .errors import invalid
from .metadata import Region, grid_region
from .model import Sheet, Spreadsheet

WRITABLE_CELL_FIELDS = {"userEnteredValue", "userEnteredFormat", "note", "dataValidation"}
READ_ONLY_CELL_FIELDS = {"effectiveValue", "formattedValue", "effectiveFormat"}


def check_mask(mask: fieldmask.Mask, message: str, where: str) -> None:
    """Every path in an update mask must name a real field of ``message``."""
    if mask is None:
        return
    known = discovery.fields(message)
    for name, sub in mask.items():
        if name == "*":
            continue
        if name not in known:
            raise invalid(f"{where}: Invalid field mask path: {name}")
        kind = discovery.child_message(known[name])
        if sub is not None and kind is not None:
            check_mask(sub, kind, where)


def cell_mask(fields: str | None, where: str) -> fieldmask.Mask:
    if not fields:
        raise invalid(f"{where}: At least one field must be specified in 'fields'.")
    mask = fieldmask.parse(fields)
    check_mask(mask, "CellData", where)
    chosen = set(mask) if mask is not None else WRITABLE_CELL_FIELDS
    if "*" in chosen:
        chosen = WRITABLE_CELL_FIELDS
    unsupported = chosen - WRITABLE_CELL_FIELDS - READ_ONLY_CELL_FIELDS
    if unsupported:
        raise invalid(
            f"{where}: Writing {', '.join(sorted(unsupported))} is not supported by the Sheets stand-in."
        )
    return mask


class CellWriter:
    """Applies CellData under an update mask, sharing unchanged extras between cells."""

    def __init__(self, mask: fieldmask.Mask, where: str):
        self.mask = mask if mask is None or "*" not in mask else None
        self.where = where

    def apply(self, sheet: Sheet, row: int, col: int, data: dict[str, Any]) -> None:
        old = sheet.cell(row, col) or (None, None, None)
        kind, value, extras = old
        selected, _ = fieldmask.child(self.mask, "userEnteredValue")
        if selected:
            uev = data.get("userEnteredValue")
            kind, value = from_user_entered_value(uev, self.where) if uev else (None, None)
        new_extras = dict(extras or {})
        for key in ("userEnteredFormat", "note", "dataValidation"):
            selected, sub = fieldmask.child(self.mask, key)
            if not selected:
                continue
            if key not in data:
                new_extras.pop(key, None)
            elif key == "userEnteredFormat" and sub is not None:
                new_extras[key] = fieldmask.update(new_extras.get(key) or {}, data[key], sub)
            else:
                new_extras[key] = data[key]
        for key in list(new_extras):
            if not new_extras[key]:
                del new_extras[key]
        if new_extras == (extras or {}):
            new_extras = extras
        cell = (kind, value, new_extras or None)
        validation.check(sheet.title, row, col, cell)
        sheet.put(row, col, None if cell == (None, None, None) else cell)


def _check_in_grid(sheet: Sheet, r1: int, c1: int, where: str) -> None:
    if r1 > sheet.row_count or c1 > sheet.column_count:
        raise invalid(
            f"{where}: Range ({format_range(sheet.title, 0, max(r1, 1), 0, max(c1, 1))}) exceeds grid limits. "
            f"Max rows: {sheet.row_count}, max columns: {sheet.column_count}"
        )


def _write_rows(sheet: Sheet, r0: int, c0: int, rows: list[dict], writer: CellWriter) -> None:
    for i, row in enumerate(rows):
        for j, data in enumerate(row.get("values", [])):
            writer.apply(sheet, r0 + i, c0 + j, data)


def update_cells(ss: Spreadsheet, req: dict, where: str) -> None:
    writer = CellWriter(cell_mask(req.get("fields"), where), where)
    rows = req.get("rows", [])
    if ("start" in req) == ("range" in req):
        raise invalid(f"{where}: Exactly one of start or range must be set.")
    if "start" in req:
        start = req["start"]
        sheet = ss.require_sheet(start.get("sheetId", 0), where)
        r0, c0 = start.get("rowIndex", 0), start.get("columnIndex", 0)
        width = max((len(r.get("values", [])) for r in rows), default=0)
        _check_in_grid(sheet, r0 + len(rows), c0 + width, where)
        _write_rows(sheet, r0, c0, rows, writer)
        return
    region = _bounded(ss, req["range"], where)
    for i in range(region.r1 - region.r0):
        values = rows[i].get("values", []) if i < len(rows) else []
        if i >= len(rows) and region.r0 + i >= len(region.sheet.rows):
            break  # nothing stored below here to clear
        if len(values) > region.c1 - region.c0:
            raise invalid(f"{where}: The rows given are wider than the range.")
        for j in range(region.c1 - region.c0):
            writer.apply(
                region.sheet, region.r0 + i, region.c0 + j, values[j] if j < len(values) else {}
            )
    if len(rows) > region.r1 - region.r0:
        raise invalid(f"{where}: More rows given than the range holds.")


def _bounded(ss: Spreadsheet, grid_range: dict, where: str) -> Region:
    sheet = ss.require_sheet(grid_range.get("sheetId", 0), where)
    r1 = grid_range.get("endRowIndex", sheet.row_count)
    c1 = grid_range.get("endColumnIndex", sheet.column_count)
    _check_in_grid(sheet, r1, c1, where)
    return grid_region(ss, grid_range, where)


def append_cells(ss: Spreadsheet, req: dict, where: str) -> None:
    writer = CellWriter(cell_mask(req.get("fields"), where), where)
    if "tableId" in req:
        raise invalid(f"{where}: Tables are not supported by the Sheets stand-in.")
    sheet = ss.require_sheet(req.get("sheetId", 0), where)
    rows = req.get("rows", [])
    width = max((len(r.get("values", [])) for r in rows), default=0)
    if width > sheet.column_count:
        _check_in_grid(sheet, 1, width, where)
    start = sheet.data_row_count()
    if start + len(rows) > sheet.row_count:
        sheet.grid["rowCount"] = start + len(rows)  # appendCells inserts the rows it needs
    _write_rows(sheet, start, 0, rows, writer)


def repeat_cell(ss: Spreadsheet, req: dict, where: str) -> None:
    writer = CellWriter(cell_mask(req.get("fields"), where), where)
    if "range" not in req:
        raise invalid(f"{where}: A range is required.")
    region = _bounded(ss, req["range"], where)
    data = req.get("cell", {})
    sheet = region.sheet
    blank: list = []  # what an empty cell becomes: the same for each (a column's format, say)
    for r in range(region.r0, region.r1):
        for c in range(region.c0, region.c1):
            if blank and sheet.cell(r, c) is None:
                validation.check(sheet.title, r, c, blank[0])
                sheet.put(r, c, blank[0])
                continue
            was_blank = sheet.cell(r, c) is None
            writer.apply(sheet, r, c, data)
            if was_blank:
                blank.append(sheet.cell(r, c))


def set_data_validation(ss: Spreadsheet, req: dict, where: str) -> None:
    if "range" not in req:
        raise invalid(f"{where}: A range is required.")
    rule = req.get("rule")
    if rule is not None:
        _check_rule(rule, where)
    region = _bounded(ss, req["range"], where)
    writer = CellWriter({"dataValidation": None}, where)
    data = {"dataValidation": rule} if rule else {}
    for r in range(region.r0, region.r1):
        for c in range(region.c0, region.c1):
            writer.apply(region.sheet, r, c, data)


def _check_rule(rule: dict, where: str) -> None:
    condition = rule.get("condition") or {}
    kind = condition.get("type")
    values = condition.get("values", [])
    if not kind:
        raise invalid(f"{where}: A data validation rule needs a condition type.")
    if kind == "ONE_OF_LIST" and not values:
        raise invalid(f"{where}: ONE_OF_LIST condition requires at least one value.")
    if kind == "ONE_OF_LIST" and len(values) > 500:
        raise invalid(f"{where}: ONE_OF_LIST condition allows at most 500 values.")
    if kind in ("ONE_OF_RANGE", "CUSTOM_FORMULA") and len(values) != 1:
        raise invalid(f"{where}: {kind} condition requires exactly one value.")
    if kind in ("BLANK", "NOT_BLANK", "TEXT_IS_EMAIL", "TEXT_IS_URL", "DATE_IS_VALID") and values:
        raise invalid(f"{where}: {kind} condition takes no values.")


def sort_range(ss: Spreadsheet, req: dict, where: str) -> None:
    if "range" not in req:
        raise invalid(f"{where}: A range is required.")
    region = _bounded(ss, req["range"], where)
    specs = req.get("sortSpecs") or []
    if not specs:
        raise invalid(f"{where}: At least one sortSpec is required.")
    for spec in specs:
        column = spec.get("dimensionIndex", 0)
        if not region.c0 <= column < region.c1:
            raise invalid(f"{where}: sortSpecs dimensionIndex {column} is outside the range.")
    sort_rows(
        ss,
        region,
        [
            (s.get("dimensionIndex", 0), s.get("sortOrder", "ASCENDING") == "DESCENDING")
            for s in specs
        ],
    )


def sort_rows(ss: Spreadsheet, region: Region, specs: list[tuple[int, bool]]) -> None:
    """Stable multi-key sort of the rows in ``region``; blanks go last in either order.

    When the region spans every column whole rows move, carrying their metadata and properties;
    a narrower region moves only its cells, as Sheets does.
    """
    sheet = region.sheet
    lo, hi = region.r0, min(region.r1, len(sheet.rows))
    if hi - lo < 2:
        return
    order = list(range(lo, hi))
    for column, descending in reversed(specs):
        filled = [i for i in order if _key(sheet.cell(i, column)) is not None]
        blank = [i for i in order if _key(sheet.cell(i, column)) is None]
        filled.sort(key=lambda i, col=column: _key(sheet.cell(i, col)), reverse=descending)
        order = filled + blank
    whole = region.c0 == 0 and region.c1 >= sheet.column_count
    dimensions.permute(ss, sheet, "ROWS", lo, order, None if whole else (region.c0, region.c1))


def _key(cell: tuple | None) -> tuple | None:
    if cell is None or cell[0] is None:
        return None
    kind, value = effective(cell)
    if kind == "n":
        return (0, value, "")
    if kind == "s":
        return (1, 0, value.casefold())
    return (2, int(value), "")
