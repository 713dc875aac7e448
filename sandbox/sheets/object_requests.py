"""batchUpdate requests on things attached to sheets: protected ranges, conditional formats,
developer metadata and charts."""

from __future__ import annotations

import copy
from typing import Any

from . import fieldmask, metadata
from .errors import invalid
from .model import Sheet, Spreadsheet, new_id


def _sheet_of_range(ss: Spreadsheet, grid_range: dict | None, where: str) -> Sheet:
    if not grid_range:
        raise invalid(f"{where}: A range is required.")
    return ss.require_sheet(grid_range.get("sheetId", 0), where)


def _all_protected(ss: Spreadsheet) -> list[tuple[Sheet, dict]]:
    return [(s, p) for s in ss.sheets for p in s.protected_ranges]


def add_protected_range(ss: Spreadsheet, req: dict, where: str) -> dict:
    protected = copy.deepcopy(req.get("protectedRange") or {})
    if "namedRangeId" in protected or "tableId" in protected:
        raise invalid(
            f"{where}: Protecting named ranges or tables is not supported by the Sheets stand-in."
        )
    sheet = _sheet_of_range(ss, protected.get("range"), where)
    protected["range"].setdefault("sheetId", sheet.sheet_id)
    if protected.get("warningOnly") and protected.get("editors"):
        raise invalid(f"{where}: A protected range cannot have editors when warningOnly is set.")
    protected.pop("requestingUserCanEdit", None)
    ids = {p["protectedRangeId"] for _, p in _all_protected(ss)}
    if "protectedRangeId" in protected:
        if protected["protectedRangeId"] in ids:
            raise invalid(
                f"{where}: A protected range with id {protected['protectedRangeId']} already exists."
            )
    else:
        protected = {"protectedRangeId": _fresh(ids), **protected}
    sheet.protected_ranges.append(protected)
    return {"addProtectedRange": {"protectedRange": {**protected, "requestingUserCanEdit": True}}}


def _fresh(ids: set[int]) -> int:
    candidate = new_id()
    while candidate in ids:
        candidate = new_id()
    return candidate


def _find_protected(ss: Spreadsheet, protected_id: Any, where: str) -> tuple[Sheet, dict]:
    for sheet, protected in _all_protected(ss):
        if protected["protectedRangeId"] == protected_id:
            return sheet, protected
    raise invalid(f"{where}: No protected range with id: {protected_id}")


def update_protected_range(ss: Spreadsheet, req: dict, where: str) -> None:
    given = req.get("protectedRange") or {}
    if not req.get("fields"):
        raise invalid(f"{where}: At least one field must be specified in 'fields'.")
    sheet, protected = _find_protected(ss, given.get("protectedRangeId"), where)
    updated = fieldmask.update(protected, given, fieldmask.parse(req["fields"]))
    updated["protectedRangeId"] = protected["protectedRangeId"]
    new_sheet = _sheet_of_range(ss, updated.get("range"), where)
    sheet.protected_ranges.remove(protected)
    new_sheet.protected_ranges.append(updated)


def delete_protected_range(ss: Spreadsheet, req: dict, where: str) -> None:
    sheet, protected = _find_protected(ss, req.get("protectedRangeId"), where)
    sheet.protected_ranges.remove(protected)


def _check_cf_rule(ss: Spreadsheet, rule: dict | None, where: str) -> Sheet:
    if not rule or not rule.get("ranges"):
        raise invalid(f"{where}: A conditional format rule needs at least one range.")
    if ("booleanRule" in rule) == ("gradientRule" in rule):
        raise invalid(f"{where}: Exactly one of booleanRule or gradientRule must be set.")
    sheets = {r.get("sheetId", 0) for r in rule["ranges"]}
    if len(sheets) != 1:
        raise invalid(
            f"{where}: All ranges of a conditional format rule must be on the same sheet."
        )
    sheet = ss.require_sheet(sheets.pop(), where)
    for grid_range in rule["ranges"]:
        grid_range.setdefault("sheetId", sheet.sheet_id)
    condition = (rule.get("booleanRule") or {}).get("condition") or {}
    if "booleanRule" in rule and not condition.get("type"):
        raise invalid(f"{where}: A boolean rule needs a condition type.")
    if condition.get("type") == "CUSTOM_FORMULA":
        values = condition.get("values") or []
        if len(values) != 1 or not str(values[0].get("userEnteredValue", "")).startswith("="):
            raise invalid(
                f"{where}: CUSTOM_FORMULA needs exactly one value, a formula starting with '='."
            )
    return sheet


def add_conditional_format_rule(ss: Spreadsheet, req: dict, where: str) -> None:
    rule = copy.deepcopy(req.get("rule"))
    sheet = _check_cf_rule(ss, rule, where)
    index = req.get("index", 0)
    if not 0 <= index <= len(sheet.conditional_formats):
        raise invalid(f"{where}: index {index} is out of range.")
    sheet.conditional_formats.insert(index, rule)


def _rule_at(ss: Spreadsheet, sheet_id: Any, index: Any, where: str) -> tuple[Sheet, int]:
    sheet = ss.require_sheet(sheet_id if sheet_id is not None else 0, where)
    if index is None or not 0 <= index < len(sheet.conditional_formats):
        raise invalid(f"{where}: No conditional format on sheet {sheet.sheet_id} at index {index}")
    return sheet, index


def update_conditional_format_rule(ss: Spreadsheet, req: dict, where: str) -> dict:
    sheet, index = _rule_at(ss, req.get("sheetId"), req.get("index"), where)
    old = sheet.conditional_formats[index]
    if ("rule" in req) == ("newIndex" in req):
        raise invalid(f"{where}: Exactly one of rule or newIndex must be set.")
    if "rule" in req:
        rule = copy.deepcopy(req["rule"])
        _check_cf_rule(ss, rule, where)
        sheet.conditional_formats[index] = rule
        return {
            "updateConditionalFormatRule": {
                "oldRule": old,
                "newRule": rule,
                "oldIndex": index,
                "newIndex": index,
            }
        }
    new_index = req["newIndex"]
    if not 0 <= new_index < len(sheet.conditional_formats):
        raise invalid(f"{where}: newIndex {new_index} is out of range.")
    sheet.conditional_formats.insert(new_index, sheet.conditional_formats.pop(index))
    return {
        "updateConditionalFormatRule": {"newRule": old, "oldIndex": index, "newIndex": new_index}
    }


def delete_conditional_format_rule(ss: Spreadsheet, req: dict, where: str) -> dict:
    sheet, index = _rule_at(ss, req.get("sheetId"), req.get("index"), where)
    return {"deleteConditionalFormatRule": {"rule": sheet.conditional_formats.pop(index)}}


def create_developer_metadata(ss: Spreadsheet, req: dict, where: str) -> dict:
    stored = metadata.create(ss, req.get("developerMetadata") or {}, where, check=False)
    return {"createDeveloperMetadata": {"developerMetadata": copy.deepcopy(stored)}}


def update_developer_metadata(ss: Spreadsheet, req: dict, where: str) -> dict:
    if not req.get("fields"):
        raise invalid(f"{where}: At least one field must be specified in 'fields'.")
    mask = fieldmask.parse(req["fields"])
    given = req.get("developerMetadata") or {}
    if (mask is not None and "metadataId" in mask) or (mask is None and "metadataId" in given):
        raise invalid(f"{where}: metadataId cannot be updated.")
    filters = req.get("dataFilters") or []
    if not filters:
        raise invalid(f"{where}: At least one dataFilter is required.")
    matched: dict[int, dict] = {}
    for i, data_filter in enumerate(filters):
        for meta in metadata.matched_metadata(ss, data_filter, f"{where}.dataFilters[{i}]"):
            matched[meta["metadataId"]] = meta
    updated = []
    for meta_id, meta in matched.items():
        new = fieldmask.update(meta, {**given, "metadataId": meta_id}, mask)
        if not new.get("metadataKey") or not new.get("visibility"):
            raise invalid(f"{where}: Developer metadata must always have a key and a visibility.")
        new["location"] = metadata.normalise_location(ss, new.get("location"), where)
        ss.metadata[meta_id] = new
        updated.append(copy.deepcopy(new))
    metadata.check_sizes(ss, where)
    return {"updateDeveloperMetadata": {"developerMetadata": updated}}


def delete_developer_metadata(ss: Spreadsheet, req: dict, where: str) -> dict:
    if "dataFilter" not in req:
        raise invalid(f"{where}: A dataFilter is required.")
    deleted = metadata.matched_metadata(ss, req["dataFilter"], f"{where}.dataFilter")
    for meta in deleted:
        del ss.metadata[meta["metadataId"]]
    return {"deleteDeveloperMetadata": {"deletedDeveloperMetadata": deleted}}


def _all_charts(ss: Spreadsheet) -> list[tuple[Sheet, dict]]:
    return [(s, c) for s in ss.sheets for c in s.charts]


CHART_KINDS = (
    "basicChart", "pieChart", "bubbleChart", "candlestickChart", "orgChart", "histogramChart",
    "waterfallChart", "treemapChart", "scorecardChart",
)  # fmt: skip


def check_chart_spec(ss: Spreadsheet, spec: dict | None, where: str) -> None:
    """What Google checks before it stores a chart: one chart kind, a chart type, and source
    ranges on grids that exist, inside them, each one row or one column, of matching lengths."""
    if not spec:
        raise invalid(f"{where}: A chart spec is required.")
    kinds = [k for k in CHART_KINDS if k in spec]
    if len(kinds) != 1:
        raise invalid(f"{where}: A chart spec must set exactly one chart type (e.g. basicChart).")
    if kinds[0] != "basicChart":
        raise invalid(f"{where}: {kinds[0]} is not supported by the Sheets stand-in.")
    basic = spec["basicChart"]
    if basic.get("chartType", "BASIC_CHART_TYPE_UNSPECIFIED") == "BASIC_CHART_TYPE_UNSPECIFIED":
        raise invalid(f"{where}: basicChart.chartType is required.")
    if basic.get("headerCount", 0) < 0:
        raise invalid(f"{where}: headerCount must not be negative.")
    if not basic.get("series"):
        raise invalid(f"{where}: A basic chart needs at least one series.")
    datas = [d.get("domain") for d in basic.get("domains", [])]
    datas += [s.get("series") for s in basic["series"]]
    lengths = {_chart_data_length(ss, data, where) for data in datas}
    if len(lengths) > 1:
        raise invalid(f"{where}: The domain and every series must have the same number of cells.")


def _chart_data_length(ss: Spreadsheet, data: dict | None, where: str) -> int:
    sources = ((data or {}).get("sourceRange") or {}).get("sources") or []
    if not sources:
        raise invalid(f"{where}: ChartData needs a sourceRange with at least one source.")
    total = 0
    for grid_range in sources:
        sheet = ss.require_sheet(grid_range.get("sheetId", 0), where)
        r0, c0 = grid_range.get("startRowIndex", 0), grid_range.get("startColumnIndex", 0)
        r1 = grid_range.get("endRowIndex", sheet.row_count)
        c1 = grid_range.get("endColumnIndex", sheet.column_count)
        if r1 > sheet.row_count or c1 > sheet.column_count or r0 >= r1 or c0 >= c1:
            raise invalid(
                f"{where}: Range {grid_range} exceeds grid limits or is empty. "
                f"Max rows: {sheet.row_count}, max columns: {sheet.column_count}"
            )
        if r1 - r0 != 1 and c1 - c0 != 1:
            raise invalid(f"{where}: Each chart source range must be a single row or column.")
        total += max(r1 - r0, c1 - c0)
    return total


def add_chart(ss: Spreadsheet, req: dict, where: str) -> dict:
    chart = copy.deepcopy(req.get("chart") or {})
    check_chart_spec(ss, chart.get("spec"), where)
    position = chart.get("position") or {}
    if position.get("newSheet"):
        raise invalid(f"{where}: Charts on a new sheet are not supported by the Sheets stand-in.")
    anchor = (position.get("overlayPosition") or {}).get("anchorCell") or {}
    sheet_id = position.get("sheetId", anchor.get("sheetId", ss.sheets[0].sheet_id))
    sheet = ss.require_sheet(sheet_id, where)
    if anchor and not (
        0 <= anchor.get("rowIndex", 0) < sheet.row_count
        and 0 <= anchor.get("columnIndex", 0) < sheet.column_count
    ):
        raise invalid(f"{where}: The chart's anchor cell is outside the grid of {sheet.title}.")
    ids = {c["chartId"] for _, c in _all_charts(ss)}
    if "chartId" in chart and chart["chartId"] in ids:
        raise invalid(f"{where}: An object with id {chart['chartId']} already exists.")
    chart.setdefault("chartId", _fresh(ids))
    chart["position"] = position or {"sheetId": sheet.sheet_id}
    sheet.charts.append(chart)
    return {"addChart": {"chart": copy.deepcopy(chart)}}


def _find_chart(ss: Spreadsheet, chart_id: Any, where: str) -> tuple[Sheet, dict]:
    for sheet, chart in _all_charts(ss):
        if chart["chartId"] == chart_id:
            return sheet, chart
    raise invalid(f"{where}: No chart with id: {chart_id}")


def update_chart_spec(ss: Spreadsheet, req: dict, where: str) -> None:
    _, chart = _find_chart(ss, req.get("chartId"), where)
    check_chart_spec(ss, req.get("spec"), where)
    chart["spec"] = copy.deepcopy(req["spec"])


def delete_embedded_object(ss: Spreadsheet, req: dict, where: str) -> None:
    sheet, chart = _find_chart(ss, req.get("objectId"), where)
    sheet.charts.remove(chart)
