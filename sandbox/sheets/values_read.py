"""spreadsheets.values reads: values.get, values.batchGet and values.batchGetByDataFilter.

Reads trim trailing empty cells and rows and clip the range to the grid, as Google does; a range
that starts outside the grid is "exceeds grid limits".
"""

from __future__ import annotations

from typing import Any

from .a1 import format_range
from .cells import rendered
from .errors import invalid
from .metadata import Region, a1_region, filter_regions
from .model import Sheet, Spreadsheet
from .schema import check_query

READ_PARAMS = {
    "majorDimension": "Dimension",
    "valueRenderOption": "ValueRenderOption",
    "dateTimeRenderOption": "DateTimeRenderOption",
}


def one(params: dict[str, list[str]], name: str, default: str | None = None) -> str | None:
    values = params.get(name)
    return values[-1] if values else default


# --- reading --------------------------------------------------------------------------------


def read_region(region: Region, major: str, render: str, dt_render: str) -> list[list[Any]]:
    sheet = region.sheet
    fast = render == "FORMATTED_VALUE"
    out: list[list[Any]] = []
    for r in range(region.r0, min(region.r1, len(sheet.rows))):
        segment = sheet.rows[r][region.c0 : region.c1]
        if fast:
            line = [
                c[1] if c is not None and c[0] == "s" else rendered(c, render, dt_render)
                for c in segment
            ]
        else:
            line = [rendered(c, render, dt_render) for c in segment]
        while line and line[-1] == "":
            line.pop()
        out.append(line)
    while out and not out[-1]:
        out.pop()
    if major == "COLUMNS":
        return _transpose(out)
    return out


def _transpose(rows: list[list[Any]]) -> list[list[Any]]:
    width = max((len(r) for r in rows), default=0)
    cols = [[r[c] if c < len(r) else "" for r in rows] for c in range(width)]
    for col in cols:
        while col and col[-1] == "":
            col.pop()
    return cols


def region_range(region: Region) -> str:
    return format_range(region.sheet.title, region.r0, region.r1, region.c0, region.c1)


def value_range(region: Region, major: str, render: str, dt_render: str) -> dict[str, Any]:
    result: dict[str, Any] = {"range": region_range(region), "majorDimension": major}
    values = read_region(region, major, render, dt_render)
    if values:
        result["values"] = values
    return result


def read_a1(ss: Spreadsheet, text: str) -> Region:
    region = a1_region(ss, text)
    sheet = region.sheet
    if region.r0 >= sheet.row_count or region.c0 >= sheet.column_count:
        raise grid_error(text, sheet)
    return region


def grid_error(text: str, sheet: Sheet) -> Exception:
    return invalid(
        f"Range ({text}) exceeds grid limits. Max rows: {sheet.row_count}, max columns: {sheet.column_count}"
    )


def get(ss: Spreadsheet, params: dict, range_text: str) -> dict:
    check_query(params, READ_PARAMS)
    region = read_a1(ss, range_text)
    return value_range(region, *read_options(params))


def read_options(params: dict) -> tuple[str, str, str]:
    return (
        one(params, "majorDimension", "ROWS"),
        one(params, "valueRenderOption", "FORMATTED_VALUE"),
        one(params, "dateTimeRenderOption", "SERIAL_NUMBER"),
    )


def batch_get(ss: Spreadsheet, params: dict) -> dict:
    check_query(params, {**READ_PARAMS, "ranges": None})
    options = read_options(params)
    result: dict[str, Any] = {"spreadsheetId": ss.spreadsheet_id}
    ranges = params.get("ranges", [])
    if ranges:
        result["valueRanges"] = [value_range(read_a1(ss, r), *options) for r in ranges]
    return result


def batch_get_by_data_filter(ss: Spreadsheet, params: dict, body: dict) -> dict:
    check_query(params, {})
    options = (
        body.get("majorDimension", "ROWS"),
        body.get("valueRenderOption", "FORMATTED_VALUE"),
        body.get("dateTimeRenderOption", "SERIAL_NUMBER"),
    )
    matched = []
    for i, data_filter in enumerate(body.get("dataFilters", [])):
        for region in filter_regions(ss, data_filter, f"dataFilters[{i}]"):
            matched.append(
                {"valueRange": value_range(region, *options), "dataFilters": [data_filter]}
            )
    result: dict[str, Any] = {"spreadsheetId": ss.spreadsheet_id}
    if matched:
        result["valueRanges"] = matched
    return result
