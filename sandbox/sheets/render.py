"""The Spreadsheet resource as spreadsheets.get returns it, honouring ``ranges``,
``includeGridData`` and the ``fields`` mask (which, as Google documents, overrides
includeGridData: grid data is returned exactly when the mask selects ``sheets.data``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import fieldmask
from .cells import KIND_KEY, effective_value, formatted
from .fieldmask import Mask, child
from .metadata import Region, a1_region
from .model import DEFAULT_COLUMN_PIXELS, DEFAULT_ROW_PIXELS, Sheet, Spreadsheet

KNOWN_FIELDS = frozenset(
    [
        "spreadsheetId",
        "properties",
        "title",
        "locale",
        "autoRecalc",
        "timeZone",
        "defaultFormat",
        "iterativeCalculationSettings",
        "spreadsheetTheme",
        "importFunctionsExternalUrlAccessAllowed",
        "sheets",
        "sheetId",
        "index",
        "sheetType",
        "gridProperties",
        "rowCount",
        "columnCount",
        "frozenRowCount",
        "frozenColumnCount",
        "hideGridlines",
        "rowGroupControlAfter",
        "columnGroupControlAfter",
        "hidden",
        "tabColor",
        "tabColorStyle",
        "rightToLeft",
        "dataSourceSheetProperties",
        "data",
        "startRow",
        "startColumn",
        "rowData",
        "values",
        "userEnteredValue",
        "effectiveValue",
        "formattedValue",
        "userEnteredFormat",
        "effectiveFormat",
        "hyperlink",
        "note",
        "textFormatRuns",
        "dataValidation",
        "pivotTable",
        "dataSourceTable",
        "dataSourceFormula",
        "chipRuns",
        "numberValue",
        "stringValue",
        "boolValue",
        "formulaValue",
        "errorValue",
        "rowMetadata",
        "columnMetadata",
        "pixelSize",
        "hiddenByUser",
        "hiddenByFilter",
        "developerMetadata",
        "metadataId",
        "metadataKey",
        "metadataValue",
        "location",
        "locationType",
        "spreadsheet",
        "dimensionRange",
        "dimension",
        "startIndex",
        "endIndex",
        "visibility",
        "merges",
        "conditionalFormats",
        "ranges",
        "booleanRule",
        "gradientRule",
        "condition",
        "format",
        "type",
        "filterViews",
        "protectedRanges",
        "protectedRangeId",
        "range",
        "namedRangeId",
        "description",
        "warningOnly",
        "requestingUserCanEdit",
        "unprotectedRanges",
        "editors",
        "users",
        "groups",
        "domainUsersCanEdit",
        "basicFilter",
        "charts",
        "chartId",
        "spec",
        "position",
        "border",
        "bandedRanges",
        "rowGroups",
        "columnGroups",
        "slicers",
        "tables",
        "namedRanges",
        "spreadsheetUrl",
        "dataSources",
        "dataSourceSchedules",
        "startRowIndex",
        "endRowIndex",
        "startColumnIndex",
        "endColumnIndex",
        "numberFormat",
        "pattern",
        "backgroundColor",
        "backgroundColorStyle",
        "borders",
        "padding",
        "horizontalAlignment",
        "verticalAlignment",
        "wrapStrategy",
        "textDirection",
        "textFormat",
        "hyperlinkDisplayType",
        "textRotation",
        "foregroundColor",
        "foregroundColorStyle",
        "fontFamily",
        "fontSize",
        "bold",
        "italic",
        "strikethrough",
        "underline",
        "link",
        "uri",
        "red",
        "green",
        "blue",
        "alpha",
        "rgbColor",
        "themeColor",
        "inputMessage",
        "strict",
        "showCustomUi",
        "relativeDate",
        "top",
        "bottom",
        "left",
        "right",
        "style",
        "width",
        "color",
        "colorStyle",
        "angle",
        "vertical",
        "newSheet",
        "replies",
        "updatedSpreadsheet",
        "majorDimension",
        "updatedRange",
        "updatedRows",
        "updatedColumns",
        "updatedCells",
        "updatedData",
        "tableRange",
        "updates",
        "totalUpdatedRows",
        "totalUpdatedColumns",
        "totalUpdatedCells",
        "totalUpdatedSheets",
        "responses",
        "valueRanges",
        "valueRange",
        "dataFilters",
        "dataFilter",
        "matchedDeveloperMetadata",
        "clearedRange",
    ]
)


def spreadsheet_json(
    ss: Spreadsheet, include_grid: bool, ranges: list[str], mask: Mask
) -> dict[str, Any]:
    regions = [a1_region(ss, r) for r in ranges]
    out: dict[str, Any] = {"spreadsheetId": ss.spreadsheet_id, "properties": ss.props}
    selected, sheets_mask = child(mask, "sheets")
    if selected:
        with_data = include_grid if mask is None else child(sheets_mask, "data")[0]
        data_mask = child(sheets_mask, "data")[1]
        out["sheets"] = [
            sheet_json(ss, sheet, regions, with_data, data_mask, sheets_mask)
            for sheet in ss.sheets
            if not regions or any(r.sheet is sheet for r in regions)
        ]
    spreadsheet_meta = [m for m in ss.metadata.values() if m["location"].get("spreadsheet")]
    if spreadsheet_meta:
        out["developerMetadata"] = spreadsheet_meta
    out["spreadsheetUrl"] = f"https://docs.google.com/spreadsheets/d/{ss.spreadsheet_id}/edit"
    top = {k: v for k, v in out.items() if k != "sheets"}
    filtered = fieldmask.apply(top, mask)
    if "sheets" in out:
        filtered["sheets"] = out["sheets"]
    return {k: filtered[k] for k in out if k in filtered}


def sheet_json(
    ss: Spreadsheet,
    sheet: Sheet,
    regions: list[Region],
    with_data: bool,
    data_mask: Mask,
    mask: Mask,
) -> dict[str, Any]:
    out: dict[str, Any] = {"properties": sheet.props}
    if sheet.protected_ranges:
        out["protectedRanges"] = [
            {**p, "requestingUserCanEdit": True} for p in sheet.protected_ranges
        ]
    if sheet.conditional_formats:
        out["conditionalFormats"] = sheet.conditional_formats
    if sheet.charts:
        out["charts"] = sheet.charts
    sheet_meta = [m for m in ss.metadata.values() if m["location"].get("sheetId") == sheet.sheet_id]
    if sheet_meta:
        out["developerMetadata"] = sheet_meta
    out = fieldmask.apply(out, {k: v for k, v in mask.items() if k != "data"} if mask else None)
    if with_data:
        mine = [r for r in regions if r.sheet is sheet] or [
            Region(sheet, 0, sheet.row_count, 0, sheet.column_count)
        ]
        out["data"] = [grid_data(ss, region, data_mask) for region in mine]
    return out


def grid_data(ss: Spreadsheet, region: Region, mask: Mask) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if region.r0 and child(mask, "startRow")[0]:
        out["startRow"] = region.r0
    if region.c0 and child(mask, "startColumn")[0]:
        out["startColumn"] = region.c0
    selected, row_mask = child(mask, "rowData")
    if selected:
        rows = _row_data(region, row_mask)
        if rows:
            out["rowData"] = rows
    selected, meta_mask = child(mask, "rowMetadata")
    if selected:
        out["rowMetadata"] = _dimension_metadata(ss, region, "ROWS", meta_mask)
    selected, meta_mask = child(mask, "columnMetadata")
    if selected:
        out["columnMetadata"] = _dimension_metadata(ss, region, "COLUMNS", meta_mask)
    return out


def _row_data(region: Region, mask: Mask) -> list[dict]:
    selected, values_mask = child(mask, "values")
    render = cell_renderer(values_mask)
    sheet = region.sheet
    rows: list[dict] = []
    for r in range(region.r0, min(region.r1, len(sheet.rows))):
        line = sheet.rows[r][region.c0 : region.c1]
        while line and line[-1] is None:
            line.pop()
        rows.append({"values": [render(c) for c in line]} if line and selected else {})
    while rows and not rows[-1]:
        rows.pop()
    return rows


def cell_renderer(mask: Mask) -> Callable[[Any], dict[str, Any]]:
    """A CellData renderer for one mask, with a fast path for plain text cells."""
    want_uev, uev_sub = child(mask, "userEnteredValue")
    want_ev, ev_sub = child(mask, "effectiveValue")
    want_fv = child(mask, "formattedValue")[0]
    if uev_sub is not None or ev_sub is not None:
        return lambda cell: cell_json(cell, mask)

    def render(cell: Any) -> dict[str, Any]:
        if cell is None:
            return {}
        if cell[0] == "s" and not cell[2]:
            out: dict[str, Any] = {}
            if want_uev:
                out["userEnteredValue"] = {"stringValue": cell[1]}
            if want_ev:
                out["effectiveValue"] = {"stringValue": cell[1]}
            if want_fv:
                out["formattedValue"] = cell[1]
            return out
        return cell_json(cell, mask)

    return render


def cell_json(cell: tuple | None, mask: Mask) -> dict[str, Any]:
    if cell is None:
        return {}
    kind, value, extras = cell
    out: dict[str, Any] = {}
    if kind is not None:
        selected, sub = child(mask, "userEnteredValue")
        if selected:
            out["userEnteredValue"] = fieldmask.apply({KIND_KEY[kind]: value}, sub)
        selected, sub = child(mask, "effectiveValue")
        if selected:
            out["effectiveValue"] = fieldmask.apply(effective_value(cell), sub)
        if child(mask, "formattedValue")[0]:
            out["formattedValue"] = formatted(cell)
    if extras:
        for key, item in extras.items():
            selected, sub = child(mask, key)
            if selected:
                out[key] = fieldmask.apply(item, sub)
        if "userEnteredFormat" in extras:
            selected, sub = child(mask, "effectiveFormat")
            if selected:
                out["effectiveFormat"] = fieldmask.apply(extras["userEnteredFormat"], sub)
    return out


def _dimension_metadata(ss: Spreadsheet, region: Region, dimension: str, mask: Mask) -> list[dict]:
    sheet = region.sheet
    lo, hi = (region.r0, region.r1) if dimension == "ROWS" else (region.c0, region.c1)
    props = sheet.row_props if dimension == "ROWS" else sheet.col_props
    pixels = DEFAULT_ROW_PIXELS if dimension == "ROWS" else DEFAULT_COLUMN_PIXELS
    by_index: dict[int, list[dict]] = {}
    for meta in ss.metadata.values():
        dim = meta["location"].get("dimensionRange")
        if dim and dim["sheetId"] == sheet.sheet_id and dim["dimension"] == dimension:
            for i in range(max(dim["startIndex"], lo), min(dim["endIndex"], hi)):
                by_index.setdefault(i, []).append(meta)
    out = []
    for i in range(lo, hi):
        entry: dict[str, Any] = {"pixelSize": pixels}
        if i in props:
            entry.update(props[i])
        if i in by_index:
            entry["developerMetadata"] = by_index[i]
        out.append(fieldmask.apply(entry, mask) if mask is not None else entry)
    return out
