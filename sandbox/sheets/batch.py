"""spreadsheets.batchUpdate: requests applied in order, all or nothing.

The caller hands in a copy of the spreadsheet; if any request fails the copy is dropped, so an
invalid second request leaves the first unapplied, as Google guarantees.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from . import cell_requests, dimensions, fieldmask, metadata, object_requests
from .errors import invalid
from .model import DEFAULT_COLUMNS, DEFAULT_ROWS, Sheet, Spreadsheet, new_id
from .schema import OTHER_GOOGLE_KINDS, SUPPORTED_KINDS

Handler = Callable[[Spreadsheet, dict, str], dict | None]


def batch_update(
    ss: Spreadsheet, body: dict, render: Callable[[Spreadsheet, list[str], bool], dict]
) -> dict:
    replies = []
    created_at = ""
    for i, request in enumerate(body.get("requests") or []):
        replies.append(apply_request(ss, request, i))
        if request.get("createDeveloperMetadata") is not None:
            created_at = f"Invalid requests[{i}].createDeveloperMetadata"
    if created_at:  # the batch is all or nothing, so one check after it is the same outcome
        metadata.check_sizes(ss, created_at)
    result: dict[str, Any] = {"spreadsheetId": ss.spreadsheet_id, "replies": replies}
    if body.get("includeSpreadsheetInResponse"):
        result["updatedSpreadsheet"] = render(
            ss, body.get("responseRanges") or [], bool(body.get("responseIncludeGridData"))
        )
    return result


def apply_request(ss: Spreadsheet, request: dict, i: int) -> dict:
    kinds = [k for k in request if request[k] is not None]
    if not kinds:
        raise invalid(f"Invalid requests[{i}]: No request set.")
    if len(kinds) > 1:
        raise invalid(
            f"Invalid value at 'requests[{i}]' (oneof), oneof field 'kind' is already set. Cannot set '{kinds[1]}'"
        )
    kind = kinds[0]
    where = f"Invalid requests[{i}].{kind}"
    if kind in OTHER_GOOGLE_KINDS:
        raise invalid(f"{where}: {kind} requests are not supported by the Sheets stand-in.")
    assert kind in SUPPORTED_KINDS
    reply = HANDLERS[kind](ss, request[kind], where)
    ss.check_cell_limit(where)
    return reply or {}


# --- sheets ---------------------------------------------------------------------------------


def add_sheet(ss: Spreadsheet, req: dict, where: str) -> dict:
    props = copy.deepcopy(req.get("properties") or {})
    if props.get("sheetType", "GRID") != "GRID":
        raise invalid(f"{where}: Only GRID sheets are supported by the Sheets stand-in.")
    sheet_id = props.get("sheetId")
    if sheet_id is None:
        sheet_id = new_id()
    elif ss.sheet_by_id(sheet_id) is not None:
        raise invalid(
            f"{where}: A sheet with the id {sheet_id} already exists. Please enter another id."
        )
    title = props.get("title") or _next_title(ss)
    _check_title(ss, title, where)
    grid = props.get("gridProperties") or {}
    sheet = Sheet.new(
        sheet_id,
        title,
        0,
        grid.get("rowCount", DEFAULT_ROWS),
        grid.get("columnCount", DEFAULT_COLUMNS),
    )
    for key in ("frozenRowCount", "frozenColumnCount", "hideGridlines"):
        if grid.get(key):
            sheet.grid[key] = grid[key]
    for key in ("hidden", "tabColor", "tabColorStyle", "rightToLeft"):
        if key in props:
            sheet.props[key] = props[key]
    _check_grid(sheet, where)
    index = props.get("index", len(ss.sheets))
    ss.sheets.insert(min(max(index, 0), len(ss.sheets)), sheet)
    ss.reindex()
    return {"addSheet": {"properties": copy.deepcopy(sheet.props)}}


def _next_title(ss: Spreadsheet) -> str:
    n = len(ss.sheets) + 1
    while ss.sheet_by_title(f"Sheet{n}"):
        n += 1
    return f"Sheet{n}"


def _check_title(ss: Spreadsheet, title: Any, where: str, sheet: Sheet | None = None) -> None:
    if not isinstance(title, str) or not title.strip():
        raise invalid(f"{where}: Sheet title cannot be empty.")
    if len(title) > 100:
        raise invalid(f"{where}: Sheet title is longer than 100 characters.")
    other = ss.sheet_by_title(title)
    if other is not None and other is not sheet:
        raise invalid(
            f'{where}: A sheet with the name "{title}" already exists. Please enter another name.'
        )


def _check_grid(sheet: Sheet, where: str) -> None:
    grid = sheet.grid
    if grid.get("rowCount", 0) < 1 or grid.get("columnCount", 0) < 1:
        raise invalid(f"{where}: A sheet needs at least one row and one column.")
    if (
        grid.get("frozenRowCount", 0) >= grid["rowCount"]
        or grid.get("frozenColumnCount", 0) >= grid["columnCount"]
    ):
        raise invalid(f"{where}: You can't freeze all visible rows on the sheet.")


def delete_sheet(ss: Spreadsheet, req: dict, where: str) -> None:
    sheet = ss.require_sheet(req.get("sheetId"), where)
    if len(ss.sheets) == 1:
        raise invalid(f"{where}: You can't remove all the sheets in a document.")
    if not _visible_besides(ss, sheet):
        raise invalid(f"{where}: You can't remove all the visible sheets in a document.")
    ss.sheets.remove(sheet)
    dimensions.drop_sheet_metadata(ss, sheet.sheet_id)
    ss.reindex()


def _visible_besides(ss: Spreadsheet, sheet: Sheet) -> bool:
    """A spreadsheet always shows at least one sheet: is another one visible?"""
    return any(not other.props.get("hidden") for other in ss.sheets if other is not sheet)


def update_sheet_properties(ss: Spreadsheet, req: dict, where: str) -> None:
    if not req.get("fields"):
        raise invalid(f"{where}: At least one field must be specified in 'fields'.")
    given = req.get("properties") or {}
    mask = fieldmask.parse(req["fields"])
    cell_requests.check_mask(mask, "SheetProperties", where)
    sheet = ss.require_sheet(given.get("sheetId", 0), where)
    new = fieldmask.update(sheet.props, {**given, "sheetId": sheet.sheet_id}, mask)
    if new.get("sheetType", "GRID") != "GRID":
        raise invalid(f"{where}: sheetType cannot be changed.")
    if new.get("hidden") and not _visible_besides(ss, sheet):
        raise invalid(f"{where}: You can't hide all visible sheets in a document.")
    _check_title(ss, new.get("title"), where, sheet)
    old_grid = dict(sheet.grid)
    new_grid = new.setdefault("gridProperties", {})
    new_grid.setdefault("rowCount", old_grid["rowCount"])
    new_grid.setdefault("columnCount", old_grid["columnCount"])
    sheet.props = {**new, "gridProperties": dict(old_grid)}
    _resize(ss, sheet, "ROWS", new_grid["rowCount"], where)
    _resize(ss, sheet, "COLUMNS", new_grid["columnCount"], where)
    sheet.props["gridProperties"] = new_grid
    _check_grid(sheet, where)
    if "index" in new and new["index"] != ss.sheets.index(sheet):
        ss.sheets.remove(sheet)
        ss.sheets.insert(min(max(new["index"], 0), len(ss.sheets)), sheet)
    ss.reindex()


def _resize(ss: Spreadsheet, sheet: Sheet, dimension: str, count: int, where: str) -> None:
    current = sheet.row_count if dimension == "ROWS" else sheet.column_count
    if count < 1:
        raise invalid(f"{where}: A sheet needs at least one row and one column.")
    if count < current:
        dimensions.delete(ss, sheet, dimension, count, current)
    elif count > current:
        sheet.grid["rowCount" if dimension == "ROWS" else "columnCount"] = count


def update_spreadsheet_properties(ss: Spreadsheet, req: dict, where: str) -> None:
    if not req.get("fields"):
        raise invalid(f"{where}: At least one field must be specified in 'fields'.")
    mask = fieldmask.parse(req["fields"])
    cell_requests.check_mask(mask, "SpreadsheetProperties", where)
    new = fieldmask.update(ss.props, req.get("properties") or {}, mask)
    if not new.get("title"):
        raise invalid(f"{where}: The spreadsheet title cannot be empty.")
    ss.props = new


# --- dimensions -----------------------------------------------------------------------------


def _dimension_range(
    ss: Spreadsheet, dim_range: dict | None, where: str, allow_end: bool = False
) -> tuple[Sheet, str, int, int]:
    if not dim_range or "dimension" not in dim_range:
        raise invalid(f"{where}: A range with a dimension is required.")
    sheet = ss.require_sheet(dim_range.get("sheetId", 0), where)
    dimension = dim_range["dimension"]
    count = sheet.row_count if dimension == "ROWS" else sheet.column_count
    start = dim_range.get("startIndex", 0)
    end = dim_range.get("endIndex", count)
    limit = count + (1 if allow_end else 0)
    if start < 0 or start >= end or (end > count and not allow_end) or start >= limit:
        raise invalid(
            f"{where}: Invalid dimension range [{start}, {end}) for a sheet with {count} {dimension.lower()}."
        )
    return sheet, dimension, start, end


def append_dimension(ss: Spreadsheet, req: dict, where: str) -> None:
    sheet = ss.require_sheet(req.get("sheetId", 0), where)
    length = req.get("length", 0)
    if "dimension" not in req or length < 1:
        raise invalid(f"{where}: dimension and a positive length are required.")
    key = "rowCount" if req["dimension"] == "ROWS" else "columnCount"
    sheet.grid[key] += length


def insert_dimension(ss: Spreadsheet, req: dict, where: str) -> None:
    sheet, dimension, start, end = _dimension_range(ss, req.get("range"), where, allow_end=True)
    inherit = bool(req.get("inheritFromBefore"))
    if inherit and start == 0:
        raise invalid(
            f"{where}: Cannot inherit properties from before the first {dimension.lower()[:-1]}."
        )
    dimensions.insert(ss, sheet, dimension, start, end, inherit)


def delete_dimension(ss: Spreadsheet, req: dict, where: str) -> None:
    sheet, dimension, start, end = _dimension_range(ss, req.get("range"), where)
    frozen_key = "frozenRowCount" if dimension == "ROWS" else "frozenColumnCount"
    count = sheet.row_count if dimension == "ROWS" else sheet.column_count
    frozen = sheet.grid.get(frozen_key, 0)
    frozen_deleted = max(0, min(end, frozen) - start)
    if count - (end - start) - (frozen - frozen_deleted) <= 0:
        noun = "rows" if dimension == "ROWS" else "columns"
        raise invalid(f"{where}: Sorry, it is not possible to delete all non-frozen {noun}.")
    dimensions.delete(ss, sheet, dimension, start, end)
    if frozen_deleted:
        sheet.grid[frozen_key] = frozen - frozen_deleted
        if not sheet.grid[frozen_key]:
            del sheet.grid[frozen_key]


def move_dimension(ss: Spreadsheet, req: dict, where: str) -> None:
    sheet, dimension, start, end = _dimension_range(ss, req.get("source"), where)
    destination = req.get("destinationIndex")
    count = sheet.row_count if dimension == "ROWS" else sheet.column_count
    if destination is None or not 0 <= destination <= count:
        raise invalid(f"{where}: destinationIndex must be between 0 and {count}.")
    dimensions.move(ss, sheet, dimension, start, end, destination)


def update_dimension_properties(ss: Spreadsheet, req: dict, where: str) -> None:
    if "dataSourceSheetRange" in req:
        raise invalid(f"{where}: Data source sheets are not supported by the Sheets stand-in.")
    if not req.get("fields"):
        raise invalid(f"{where}: At least one field must be specified in 'fields'.")
    mask = fieldmask.parse(req["fields"])
    cell_requests.check_mask(mask, "DimensionProperties", where)
    if mask is None or set(mask) - {"pixelSize", "hiddenByUser"}:
        raise invalid(
            f"{where}: Only pixelSize and hiddenByUser can be updated by the Sheets stand-in."
        )
    sheet, dimension, start, end = _dimension_range(ss, req.get("range"), where)
    props = sheet.row_props if dimension == "ROWS" else sheet.col_props
    given = req.get("properties") or {}
    if given.get("pixelSize", 1) < 0:
        raise invalid(f"{where}: pixelSize must not be negative.")
    for i in range(start, end):
        updated = fieldmask.update(props.get(i, {}), given, mask)
        updated = {k: v for k, v in updated.items() if v not in (False, None)}
        if updated:
            props[i] = updated
        else:
            props.pop(i, None)


HANDLERS: dict[str, Handler] = {
    "addSheet": add_sheet,
    "deleteSheet": delete_sheet,
    "updateSheetProperties": update_sheet_properties,
    "updateSpreadsheetProperties": update_spreadsheet_properties,
    "appendCells": cell_requests.append_cells,
    "updateCells": cell_requests.update_cells,
    "repeatCell": cell_requests.repeat_cell,
    "setDataValidation": cell_requests.set_data_validation,
    "sortRange": cell_requests.sort_range,
    "appendDimension": append_dimension,
    "insertDimension": insert_dimension,
    "deleteDimension": delete_dimension,
    "moveDimension": move_dimension,
    "updateDimensionProperties": update_dimension_properties,
    "addProtectedRange": object_requests.add_protected_range,
    "updateProtectedRange": object_requests.update_protected_range,
    "deleteProtectedRange": object_requests.delete_protected_range,
    "addConditionalFormatRule": object_requests.add_conditional_format_rule,
    "updateConditionalFormatRule": object_requests.update_conditional_format_rule,
    "deleteConditionalFormatRule": object_requests.delete_conditional_format_rule,
    "createDeveloperMetadata": object_requests.create_developer_metadata,
    "updateDeveloperMetadata": object_requests.update_developer_metadata,
    "deleteDeveloperMetadata": object_requests.delete_developer_metadata,
    "addChart": object_requests.add_chart,
    "updateChartSpec": object_requests.update_chart_spec,
    "deleteEmbeddedObject": object_requests.delete_embedded_object,
}
assert set(HANDLERS) == SUPPORTED_KINDS
