"""spreadsheets.values writes: update, batchUpdate, batchUpdateByDataFilter and append.

Behaviour mirrors Google where the reference is explicit:
- ``update``/``batchUpdate`` never grow the grid (writing past it is "exceeds grid limits", as
  Google answers), while ``append`` adds the rows it needs;
- ``null`` in written values skips that cell; ``""`` clears it (its formatting stays);
- ``append`` finds the first "table" in the range (the first block of consecutive non-empty rows,
  which may run past the range) and writes after it, starting at the table's first column;
- a single-cell range is only the anchor: the values extend from it; a larger range bounds them
  ("Requested writing within range [...], but tried writing to row [N]");
- ``batchUpdateByDataFilter`` writes to every range a filter matches (the reference: "If more
  than one range is matched by the specified DataFilter the specified values are applied to all
  of those ranges"); a filter that matches nothing writes nothing and adds no entry to
  ``responses``, so a caller can tell a vanished row from a written one.
"""

from __future__ import annotations

from typing import Any

from . import dimensions, validation
from .a1 import col_letter, format_range
from .cells import MAX_CELL_CHARS, from_json
from .errors import invalid
from .metadata import a1_region, filter_regions
from .model import Sheet, Spreadsheet
from .schema import check_query
from .values_read import grid_error, one, region_range, value_range

WRITE_PARAMS = {
    "valueInputOption": "ValueInputOption",
    "includeValuesInResponse": "bool",
    "responseValueRenderOption": "ValueRenderOption",
    "responseDateTimeRenderOption": "DateTimeRenderOption",
}


def _flag(value: Any) -> bool:
    return value in (True, "true", "True", "1")


# --- writing --------------------------------------------------------------------------------


def _input_option(value: str | None, in_body: bool) -> str:
    if value:
        return value
    if in_body:
        raise invalid("Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED")
    raise invalid("'valueInputOption' is required but not specified")


def _matrix(values: Any, major: str, where: str) -> list[list[Any]]:
    if values is None:
        return []
    if not isinstance(values, list) or any(not isinstance(r, list) for r in values):
        raise invalid(f"Invalid value at '{where}' (type.googleapis.com/google.protobuf.ListValue)")
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            if value is not None and not isinstance(value, str | int | float | bool):
                raise invalid(f"Invalid values[{r}][{c}]: {_describe(value)}")
    if major == "COLUMNS":
        width = max((len(r) for r in values), default=0)
        return [[col[i] if i < len(col) else None for col in values] for i in range(width)]
    return values


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "struct_value {\n}"
    return "list_value {\n}"


def write(
    sheet: Sheet,
    r0: int,
    c0: int,
    rows: list[list[Any]],
    option: str,
    limit: tuple[int | None, int | None],
    range_text: str,
) -> dict[str, Any]:
    """Write ``rows`` with their top-left at (r0, c0); ``limit`` bounds the requested range."""
    height = len(rows)
    width = max((len(r) for r in rows), default=0)
    end_row, end_col = limit
    if end_row is not None and r0 + height > end_row:
        raise invalid(
            f"Requested writing within range [{range_text}], but tried writing to row [{end_row + 1}]"
        )
    if end_col is not None and c0 + width > end_col:
        raise invalid(
            f"Requested writing within range [{range_text}], but tried writing to column [{col_letter(end_col)}]"
        )
    if (
        r0 + height > sheet.row_count
        or c0 + width > sheet.column_count
        or r0 >= sheet.row_count
        or c0 >= sheet.column_count
    ):
        raise grid_error(range_text, sheet)
    touched_rows, touched_cols, cells = set(), set(), 0
    raw = option == "RAW"
    for i, values in enumerate(rows):
        if not values or all(v is None for v in values):
            continue
        line = sheet.row(r0 + i)
        if len(line) < c0 + len(values):
            line.extend([None] * (c0 + len(values) - len(line)))
        for j, value in enumerate(values):
            if value is None:
                continue
            old = line[c0 + j]
            extras = old[2] if old is not None else None
            if raw and type(value) is str and value and len(value) <= MAX_CELL_CHARS:
                cell = ("s", value, extras)  # the common case, kept fast for big loads
            else:
                cell = from_json(value, option, extras)
                cell = (None, None, extras) if cell is None and extras else cell
            if extras:
                validation.check(sheet.title, r0 + i, c0 + j, cell)
            line[c0 + j] = cell
            touched_cols.add(j)
            cells += 1
        touched_rows.add(i)
    result: dict[str, Any] = {}
    if height and width:
        result["updatedRange"] = format_range(sheet.title, r0, r0 + height, c0, c0 + width)
    else:
        result["updatedRange"] = format_range(sheet.title, r0, r0 + 1, c0, c0 + 1)
    if cells:
        result.update(
            updatedRows=len(touched_rows), updatedColumns=len(touched_cols), updatedCells=cells
        )
    return result


def _with_data(ss: Spreadsheet, result: dict, include: bool, render: str, dt_render: str) -> dict:
    if include and "updatedRange" in result:
        region = a1_region(ss, result["updatedRange"])
        result["updatedData"] = value_range(region, "ROWS", render, dt_render)
    return result


def _write_a1(
    ss: Spreadsheet, range_text: str, values: Any, major: str, option: str, where: str
) -> dict:
    sheet, ref = ss.resolve(range_text)
    r0, c0 = ref.start_row or 0, ref.start_col or 0
    rows = _matrix(values, major, where)
    single_cell = ref.end_row == r0 + 1 and ref.end_col == c0 + 1
    limit = (
        (None, None) if single_cell else (ref.end_row, ref.end_col)
    )  # one cell is just the anchor
    return write(sheet, r0, c0, rows, option, limit, range_text)


def update(ss: Spreadsheet, params: dict, range_text: str, body: dict) -> dict:
    check_query(params, WRITE_PARAMS)
    option = _input_option(one(params, "valueInputOption"), in_body=False)
    if "range" in body and not _same_range(ss, body["range"], range_text):
        raise invalid(
            f"Requested range [{body['range']}] does not match the range in the request URL [{range_text}]"
        )
    result = {"spreadsheetId": ss.spreadsheet_id}
    result.update(
        _write_a1(
            ss, range_text, body.get("values"), body.get("majorDimension", "ROWS"), option, "values"
        )
    )
    return _with_data(
        ss,
        result,
        _flag(one(params, "includeValuesInResponse")),
        one(params, "responseValueRenderOption", "FORMATTED_VALUE"),
        one(params, "responseDateTimeRenderOption", "SERIAL_NUMBER"),
    )


def _same_range(ss: Spreadsheet, a: str, b: str) -> bool:
    sa, ra = ss.resolve(a)
    sb, rb = ss.resolve(b)
    return sa is sb and (ra.start_row, ra.end_row, ra.start_col, ra.end_col) == (
        rb.start_row,
        rb.end_row,
        rb.start_col,
        rb.end_col,
    )


def batch_update(ss: Spreadsheet, params: dict, body: dict) -> dict:
    check_query(params, {})
    option = _input_option(body.get("valueInputOption"), in_body=True)
    include = body.get("includeValuesInResponse", False)
    render = body.get("responseValueRenderOption", "FORMATTED_VALUE")
    dt_render = body.get("responseDateTimeRenderOption", "SERIAL_NUMBER")
    responses = []
    for i, item in enumerate(body.get("data", [])):
        if "range" not in item:
            raise invalid(f"Invalid data[{i}]: No range specified.")
        result = {"spreadsheetId": ss.spreadsheet_id}
        result.update(
            _write_a1(
                ss,
                item["range"],
                item.get("values"),
                item.get("majorDimension", "ROWS"),
                option,
                f"data[{i}].values",
            )
        )
        responses.append(_with_data(ss, result, include, render, dt_render))
    return (
        {"spreadsheetId": ss.spreadsheet_id, **_totals(ss, responses), "responses": responses}
        if responses
        else {"spreadsheetId": ss.spreadsheet_id}
    )


def _totals(ss: Spreadsheet, responses: list[dict]) -> dict[str, int]:
    rows, cols, sheets, cells = set(), set(), set(), 0
    for response in responses:
        if not response.get("updatedCells"):
            continue
        region = a1_region(ss, response["updatedRange"])
        sid = region.sheet.sheet_id
        sheets.add(sid)
        rows.update((sid, r) for r in range(region.r0, region.r1))
        cols.update((sid, c) for c in range(region.c0, region.c1))
        cells += response["updatedCells"]
    if not cells:
        return {}
    return {
        "totalUpdatedRows": len(rows),
        "totalUpdatedColumns": len(cols),
        "totalUpdatedCells": cells,
        "totalUpdatedSheets": len(sheets),
    }


def batch_update_by_data_filter(ss: Spreadsheet, params: dict, body: dict) -> dict:
    check_query(params, {})
    option = _input_option(body.get("valueInputOption"), in_body=True)
    include = body.get("includeValuesInResponse", False)
    render = body.get("responseValueRenderOption", "FORMATTED_VALUE")
    dt_render = body.get("responseDateTimeRenderOption", "SERIAL_NUMBER")
    responses = []
    for i, item in enumerate(body.get("data", [])):
        if "dataFilter" not in item:
            raise invalid(f"Invalid data[{i}]: A dataFilter is required.")
        rows = _matrix(item.get("values"), item.get("majorDimension", "ROWS"), f"data[{i}].values")
        for region in filter_regions(ss, item["dataFilter"], f"data[{i}].dataFilter"):
            written = write(
                region.sheet,
                region.r0,
                region.c0,
                rows,
                option,
                (region.r1, region.c1),
                region_range(region),
            )
            written["dataFilter"] = item["dataFilter"]
            responses.append(_with_data(ss, written, include, render, dt_render))
    result: dict[str, Any] = {"spreadsheetId": ss.spreadsheet_id, **_totals(ss, responses)}
    if responses:
        result["responses"] = responses
    return result


def append(ss: Spreadsheet, params: dict, range_text: str, body: dict) -> dict:
    check_query(params, {**WRITE_PARAMS, "insertDataOption": "InsertDataOption"})
    option = _input_option(one(params, "valueInputOption"), in_body=False)
    sheet, ref = ss.resolve(range_text)
    rows = _matrix(body.get("values"), body.get("majorDimension", "ROWS"), "values")
    r0 = ref.start_row or 0
    c0 = ref.start_col or 0
    r_end = sheet.row_count if ref.end_row is None else min(ref.end_row, sheet.row_count)
    c_end = sheet.column_count if ref.end_col is None else min(ref.end_col, sheet.column_count)
    table = _find_table(sheet, r0, r_end, c0, c_end)
    result: dict[str, Any] = {"spreadsheetId": ss.spreadsheet_id}
    if table:
        t0, t1, tc0, tc1 = table
        result["tableRange"] = format_range(sheet.title, t0, t1, tc0, tc1)
        at_row, at_col = t1, tc0
    else:
        at_row, at_col = r0, c0
    width = max((len(r) for r in rows), default=0)
    if at_col + width > sheet.column_count:
        raise grid_error(range_text, sheet)
    height = len(rows)
    if (
        one(params, "insertDataOption", "OVERWRITE") == "INSERT_ROWS"
        and at_row < sheet.row_count
        and height
    ):
        dimensions.insert(ss, sheet, "ROWS", at_row, at_row + height, inherit_from_before=True)
    elif at_row + height > sheet.row_count:
        sheet.grid["rowCount"] = at_row + height
    ss.check_cell_limit()
    written = write(sheet, at_row, at_col, rows, option, (None, None), range_text)
    result["updates"] = _with_data(
        ss,
        {"spreadsheetId": ss.spreadsheet_id, **written},
        _flag(one(params, "includeValuesInResponse")),
        one(params, "responseValueRenderOption", "FORMATTED_VALUE"),
        one(params, "responseDateTimeRenderOption", "SERIAL_NUMBER"),
    )
    return result


def _find_table(
    sheet: Sheet, r0: int, r1: int, c0: int, c1: int
) -> tuple[int, int, int, int] | None:
    """The "table" values.append extends: it starts at the first row inside the range that has a
    value in the range's columns and runs down through consecutive rows with any value from the
    range's first column on (past the end of the range, so a range of ``A1`` finds the table
    that starts there). Returns (first row, end row, first column, end column)."""
    stored = len(sheet.rows)
    start = next((r for r in range(r0, min(r1, stored)) if sheet.row_has_value(r, c0, c1)), None)
    if start is None:
        return None
    end = start
    while end < stored and sheet.row_has_value(end, c0):
        end += 1
    first_col, last_col = sheet.column_count, c0
    for r in range(start, end):
        line = sheet.rows[r]
        for c in range(c0, len(line)):
            if line[c] is not None and line[c][0] is not None:
                first_col = min(first_col, c)
                last_col = max(last_col, c + 1)
    return start, end, first_col, last_col
