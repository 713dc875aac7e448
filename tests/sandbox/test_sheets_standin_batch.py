"""spreadsheets.batchUpdate through real gspread: request kinds, replies, atomicity, refusals."""

from __future__ import annotations

import gspread
import pytest


def api_error(excinfo) -> dict:
    return excinfo.value.response.json()["error"]


def sheet_id(book, title: str) -> int:
    return book.worksheet(title).id


def string_row(*texts: str) -> dict:
    return {"values": [{"userEnteredValue": {"stringValue": t}} for t in texts]}


def test_requests_apply_in_order_with_a_reply_each(book, person):
    sid = sheet_id(book, "Referrals")
    result = book.batch_update(
        {
            "requests": [
                {
                    "addSheet": {
                        "properties": {
                            "title": "Team",
                            "gridProperties": {"rowCount": 50, "columnCount": 10},
                        }
                    }
                },
                {
                    "appendCells": {
                        "sheetId": sid,
                        "rows": [string_row("ID", "Lead name")],
                        "fields": "userEnteredValue",
                    }
                },
                {
                    "updateSheetProperties": {
                        "properties": {"sheetId": sid, "gridProperties": {"frozenRowCount": 1}},
                        "fields": "gridProperties.frozenRowCount",
                    }
                },
            ]
        }
    )
    added = result["replies"][0]["addSheet"]["properties"]
    assert added["title"] == "Team" and added["index"] == 2 and added["sheetType"] == "GRID"
    assert added["gridProperties"] == {"rowCount": 50, "columnCount": 10}
    assert result["replies"][1:] == [{}, {}]
    assert person.rows("Referrals") == [["ID", "Lead name"]]
    assert person.sheet_properties("Referrals")["gridProperties"]["frozenRowCount"] == 1
    assert [ws.title for ws in book.worksheets()] == ["Referrals", "Activity", "Team"]


def test_an_invalid_second_request_means_nothing_is_applied(book, person):
    sid = sheet_id(book, "Referrals")
    with pytest.raises(gspread.exceptions.APIError) as excinfo:
        book.batch_update(
            {
                "requests": [
                    {
                        "appendCells": {
                            "sheetId": sid,
                            "rows": [string_row("R-0001")],
                            "fields": "userEnteredValue",
                        }
                    },
                    {"addSheet": {"properties": {"title": "Activity"}}},
                ]
            }
        )
    assert api_error(excinfo) == {
        "code": 400,
        "message": 'Invalid requests[1].addSheet: A sheet with the name "Activity" already exists. Please enter another name.',
        "status": "INVALID_ARGUMENT",
    }
    assert person.rows("Referrals") == []
    assert [ws.title for ws in book.worksheets()] == ["Referrals", "Activity"]


def test_append_cells_goes_after_the_last_row_with_data_and_grows_the_grid(book, person):
    ws = book.worksheet("Referrals")
    ws.resize(rows=3)
    ws.update([["ID"], [""], ["R-0001"]], "A1")
    request = {
        "appendCells": {
            "sheetId": ws.id,
            "rows": [string_row("R-0002"), string_row("R-0003")],
            "fields": "userEnteredValue",
        }
    }
    book.batch_update({"requests": [request]})
    assert person.rows("Referrals") == [["ID"], [], ["R-0001"], ["R-0002"], ["R-0003"]]
    assert person.sheet_properties("Referrals")["gridProperties"]["rowCount"] == 5


def test_append_cells_keeps_formula_text_as_a_string_value(book, person):
    request = {
        "appendCells": {
            "sheetId": sheet_id(book, "Referrals"),
            "rows": [string_row("=1+1", "+44")],
            "fields": "userEnteredValue",
        }
    }
    book.batch_update({"requests": [request]})
    assert person.cell("Referrals", "A1") == {
        "userEnteredValue": {"stringValue": "=1+1"},
        "effectiveValue": {"stringValue": "=1+1"},
        "formattedValue": "=1+1",
    }


def test_unsupported_request_kind_is_refused_with_googles_body(book):
    with pytest.raises(gspread.exceptions.APIError) as excinfo:
        book.batch_update(
            {"requests": [{"mergeCells": {"range": {"sheetId": 0}, "mergeType": "MERGE_ALL"}}]}
        )
    assert excinfo.value.response.status_code == 400
    assert api_error(excinfo)["status"] == "INVALID_ARGUMENT"
    assert "mergeCells" in api_error(excinfo)["message"]


def test_unknown_request_kind_and_unknown_field_are_refused(book):
    with pytest.raises(gspread.exceptions.APIError) as excinfo:
        book.batch_update({"requests": [{"appendRow": {}}]})
    assert api_error(excinfo)["message"] == (
        "Invalid JSON payload received. Unknown name \"appendRow\" at 'requests[0]': Cannot find field."
    )
    with pytest.raises(gspread.exceptions.APIError) as excinfo:
        book.batch_update({"requests": [{"appendCells": {"sheetId": 0, "row": [], "fields": "*"}}]})
    assert "Unknown name \"row\" at 'requests[0].append_cells'" in api_error(excinfo)["message"]
    with pytest.raises(gspread.exceptions.APIError) as excinfo:
        book.batch_update(
            {"requests": [{"insertDimension": {"range": {"sheetId": 0, "dimension": "ROW"}}}]}
        )
    assert "'requests[0].insert_dimension.range.dimension'" in api_error(excinfo)["message"]


def test_two_kinds_in_one_request_are_refused(book):
    with pytest.raises(gspread.exceptions.APIError, match="oneof field 'kind' is already set"):
        book.batch_update({"requests": [{"deleteSheet": {"sheetId": 0}, "addSheet": {}}]})


def test_update_sheet_properties_follows_its_field_mask(book, person):
    ws = book.worksheet("Referrals")
    ws.update_title("Leads")
    ws.freeze(rows=1)
    props = person.sheet_properties("Leads")
    assert props["gridProperties"] == {"rowCount": 1000, "columnCount": 26, "frozenRowCount": 1}
    ws.resize(rows=10, cols=5)
    assert person.sheet_properties("Leads")["gridProperties"]["rowCount"] == 10
    with pytest.raises(gspread.exceptions.APIError, match="Invalid field mask path: titel"):
        book.batch_update(
            {
                "requests": [
                    {"updateSheetProperties": {"properties": {"sheetId": ws.id}, "fields": "titel"}}
                ]
            }
        )


def test_dimension_requests(book, person):
    ws = book.worksheet("Referrals")
    ws.update([["A", "B", "C"], ["1", "2", "3"], ["4", "5", "6"]], "A1")
    book.batch_update(
        {
            "requests": [
                {
                    "insertDimension": {
                        "range": {
                            "sheetId": ws.id,
                            "dimension": "ROWS",
                            "startIndex": 1,
                            "endIndex": 2,
                        },
                        "inheritFromBefore": True,
                    }
                },
                {
                    "deleteDimension": {
                        "range": {
                            "sheetId": ws.id,
                            "dimension": "COLUMNS",
                            "startIndex": 1,
                            "endIndex": 2,
                        }
                    }
                },
                {
                    "moveDimension": {
                        "source": {
                            "sheetId": ws.id,
                            "dimension": "COLUMNS",
                            "startIndex": 1,
                            "endIndex": 2,
                        },
                        "destinationIndex": 0,
                    }
                },
                {"appendDimension": {"sheetId": ws.id, "dimension": "COLUMNS", "length": 3}},
                {
                    "updateDimensionProperties": {
                        "range": {
                            "sheetId": ws.id,
                            "dimension": "COLUMNS",
                            "startIndex": 1,
                            "endIndex": 2,
                        },
                        "properties": {"hiddenByUser": True, "pixelSize": 40},
                        "fields": "hiddenByUser,pixelSize",
                    }
                },
            ]
        }
    )
    assert person.rows("Referrals") == [["C", "A"], [], ["3", "1"], ["6", "4"]]
    props = person.sheet_properties("Referrals")
    assert (
        props["gridProperties"]["rowCount"] == 1001 and props["gridProperties"]["columnCount"] == 28
    )
    assert props["hiddenColumns"] == ["B"] and props["columnWidths"] == {"B": 40}


def test_deleting_every_non_frozen_row_is_refused(book):
    ws = book.worksheet("Referrals")
    ws.freeze(rows=1)
    with pytest.raises(
        gspread.exceptions.APIError, match="not possible to delete all non-frozen rows"
    ):
        ws.delete_rows(2, 1000)


def test_update_cells_and_repeat_cell_write_values_and_formats(book, person):
    ws = book.worksheet("Referrals")
    book.batch_update(
        {
            "requests": [
                {
                    "updateCells": {
                        "start": {"sheetId": ws.id, "rowIndex": 0, "columnIndex": 1},
                        "rows": [string_row("Stage")],
                        "fields": "userEnteredValue",
                    }
                },
                {
                    "repeatCell": {
                        "range": {"sheetId": ws.id, "startRowIndex": 0, "endRowIndex": 1},
                        "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}},
                        "fields": "userEnteredFormat.textFormat.bold",
                    }
                },
            ]
        }
    )
    cell = person.cell("Referrals", "B1")
    assert cell["userEnteredValue"] == {"stringValue": "Stage"}
    assert cell["userEnteredFormat"] == {"textFormat": {"bold": True}}
    bold = {"textFormat": {"bold": True}}
    assert person.cell("Referrals", "Z1") == {"userEnteredFormat": bold, "effectiveFormat": bold}
    with pytest.raises(gspread.exceptions.APIError, match="exceeds grid limits"):
        book.batch_update(
            {
                "requests": [
                    {
                        "updateCells": {
                            "start": {"sheetId": ws.id, "rowIndex": 1000},
                            "rows": [string_row("x")],
                            "fields": "userEnteredValue",
                        }
                    }
                ]
            }
        )
    with pytest.raises(gspread.exceptions.APIError, match="At least one field"):
        book.batch_update({"requests": [{"repeatCell": {"range": {"sheetId": ws.id}, "cell": {}}}]})


def test_data_validation_protected_ranges_and_conditional_formats(book, person):
    ws = book.worksheet("Referrals")
    ws.update([["ID", "Stage"]], "A1")
    rule = {
        "condition": {
            "type": "ONE_OF_LIST",
            "values": [{"userEnteredValue": "New"}, {"userEnteredValue": "Won"}],
        },
        "strict": True,
        "showCustomUi": True,
    }
    cf = {
        "ranges": [{"sheetId": ws.id, "startRowIndex": 1}],
        "booleanRule": {
            "condition": {"type": "CUSTOM_FORMULA", "values": [{"userEnteredValue": '=$B2="New"'}]},
            "format": {"backgroundColor": {"red": 1}},
        },
    }
    result = book.batch_update(
        {
            "requests": [
                {
                    "setDataValidation": {
                        "range": {
                            "sheetId": ws.id,
                            "startRowIndex": 1,
                            "endRowIndex": 1000,
                            "startColumnIndex": 1,
                            "endColumnIndex": 2,
                        },
                        "rule": rule,
                    }
                },
                {
                    "addProtectedRange": {
                        "protectedRange": {
                            "range": {"sheetId": ws.id, "startColumnIndex": 0, "endColumnIndex": 1},
                            "description": "IDs",
                            "warningOnly": True,
                        }
                    }
                },
                {"addConditionalFormatRule": {"rule": cf, "index": 0}},
            ]
        }
    )
    protected = result["replies"][1]["addProtectedRange"]["protectedRange"]
    assert protected["protectedRangeId"] > 0 and protected["warningOnly"] is True
    assert person.data_validations("Referrals") == {"Stage": rule}
    assert person.protected_ranges("Referrals")[0]["description"] == "IDs"
    assert person.conditional_formats("Referrals") == [cf]
    book.batch_update(
        {
            "requests": [
                {"deleteProtectedRange": {"protectedRangeId": protected["protectedRangeId"]}}
            ]
        }
    )
    reply = book.batch_update(
        {"requests": [{"deleteConditionalFormatRule": {"sheetId": ws.id, "index": 0}}]}
    )
    assert reply["replies"][0]["deleteConditionalFormatRule"]["rule"] == cf
    assert (
        person.protected_ranges("Referrals") == [] and person.conditional_formats("Referrals") == []
    )


def test_sort_range_and_charts(book, person):
    ws = book.worksheet("Referrals")
    ws.update([["Name", "Value"], ["b", "2"], ["", "9"], ["a", "1"]], "A1", raw=False)
    book.batch_update(
        {
            "requests": [
                {
                    "sortRange": {
                        "range": {"sheetId": ws.id, "startRowIndex": 1},
                        "sortSpecs": [{"dimensionIndex": 0, "sortOrder": "ASCENDING"}],
                    }
                }
            ]
        }
    )
    assert person.rows("Referrals") == [["Name", "Value"], ["a", "1"], ["b", "2"], ["", "9"]]
    spec = {"title": "Volume", "basicChart": column_chart(ws.id, rows=(0, 4))}
    reply = book.batch_update(
        {
            "requests": [
                {
                    "addChart": {
                        "chart": {
                            "spec": spec,
                            "position": {"overlayPosition": {"anchorCell": {"sheetId": ws.id}}},
                        }
                    }
                }
            ]
        }
    )
    chart = reply["replies"][0]["addChart"]["chart"]
    assert chart["chartId"] > 0 and chart["spec"] == spec
    meta = book.fetch_sheet_metadata({"fields": "sheets(charts(chartId,spec(title)))"})
    assert meta["sheets"][0] == {
        "charts": [{"chartId": chart["chartId"], "spec": {"title": "Volume"}}]
    }


def column_chart(sheet_id: int, rows=(0, 4), series_cols=((1, 2),)) -> dict:
    def data(c0: int, c1: int) -> dict:
        grid = {"sheetId": sheet_id, "startRowIndex": rows[0], "endRowIndex": rows[1]}
        return {"sourceRange": {"sources": [grid | {"startColumnIndex": c0, "endColumnIndex": c1}]}}

    return {
        "chartType": "COLUMN",
        "headerCount": 1,
        "domains": [{"domain": data(0, 1)}],
        "series": [{"series": data(*cols), "targetAxis": "LEFT_AXIS"} for cols in series_cols],
    }


@pytest.mark.parametrize(
    "basic, message",
    [
        ({"chartType": "COLUMN"}, "at least one series"),
        ({"chartType": "DONUT"}, "Invalid value at"),
        ({"series": []}, "chartType is required"),
        ("wide", "single row or column"),
        ("missing sheet", "No grid with id"),
        ("too long", "exceeds grid limits"),
        ("uneven", "same number of cells"),
        ({"chartType": "COLUMN", "colour": "red"}, "Unknown name"),
    ],
)
def test_charts_google_would_refuse_are_refused(book, basic, message):
    ws = book.worksheet("Referrals")
    good = column_chart(ws.id)
    broken = {
        "wide": column_chart(ws.id, series_cols=((1, 3),)),
        "missing sheet": column_chart(987654),
        "too long": column_chart(ws.id, rows=(0, ws.row_count + 1)),
        "uneven": {**good, "series": column_chart(ws.id, rows=(0, 3))["series"]},
    }
    spec = {
        "title": "Bad",
        "basicChart": broken.get(basic, basic) if isinstance(basic, str) else basic,
    }
    request = {"addChart": {"chart": {"spec": spec}}}

    with pytest.raises(gspread.exceptions.APIError) as refused:
        book.batch_update({"requests": [request]})

    assert refused.value.response.status_code == 400
    assert message in refused.value.error["message"]
    assert book.fetch_sheet_metadata({"fields": "sheets(charts)"})["sheets"][0] == {}


def test_include_spreadsheet_in_response(book):
    result = book.batch_update(
        {
            "requests": [{"addSheet": {"properties": {"title": "Dashboard"}}}],
            "includeSpreadsheetInResponse": True,
        }
    )
    assert [s["properties"]["title"] for s in result["updatedSpreadsheet"]["sheets"]] == [
        "Referrals",
        "Activity",
        "Dashboard",
    ]


def test_ten_million_cells_is_the_limit(book):
    with pytest.raises(gspread.exceptions.APIError, match="above the limit of 10000000 cells"):
        book.batch_update(
            {
                "requests": [
                    {
                        "addSheet": {
                            "properties": {
                                "title": "Big",
                                "gridProperties": {"rowCount": 1_000_000, "columnCount": 10},
                            }
                        }
                    }
                ]
            }
        )
    assert len(book.worksheets()) == 2


def test_deleting_the_last_sheet_is_refused(book):
    book.del_worksheet(book.worksheet("Activity"))
    with pytest.raises(gspread.exceptions.APIError, match="can't remove all the sheets"):
        book.del_worksheet(book.worksheet("Referrals"))


def test_strict_validation_rejects_writes_and_warning_rules_accept_them(book, person):
    ws = book.worksheet("Referrals")
    choices = {
        "type": "ONE_OF_LIST",
        "values": [{"userEnteredValue": "New"}, {"userEnteredValue": "Won"}],
    }

    def validate(column: int, strict: bool) -> dict:
        grid = {
            "sheetId": ws.id,
            "startRowIndex": 1,
            "endRowIndex": 10,
            "startColumnIndex": column,
            "endColumnIndex": column + 1,
        }
        return {
            "setDataValidation": {"range": grid, "rule": {"condition": choices, "strict": strict}}
        }

    book.batch_update({"requests": [validate(0, True), validate(1, False)]})
    with pytest.raises(gspread.exceptions.APIError) as excinfo:
        ws.update([["Maybe"]], "A2")
    assert api_error(excinfo)["message"] == (
        "The data in cell Referrals!A2 violates data validation rules set on this cell. "
        "Please enter one of the following values: New, Won."
    )
    ws.update([["Won", "Maybe"]], "A2")
    ws.update([[""]], "A2")
    assert person.rows("Referrals") == [[], ["", "Maybe"]]
    with pytest.raises(Exception, match="violates data validation"):
        person.set_cell("Referrals", "A3", "Lost")


def hide(book, title: str, hidden: bool = True) -> dict:
    return {
        "updateSheetProperties": {
            "properties": {"sheetId": sheet_id(book, title), "hidden": hidden},
            "fields": "hidden",
        }
    }


def test_the_last_visible_sheet_cannot_be_hidden_or_deleted(book, person):
    book.batch_update({"requests": [hide(book, "Activity")]})
    assert person.sheet_properties("Activity")["hidden"] is True
    with pytest.raises(gspread.exceptions.APIError) as refused:
        book.batch_update({"requests": [hide(book, "Referrals")]})
    assert api_error(refused)["message"].endswith(
        "You can't hide all visible sheets in a document."
    )
    with pytest.raises(gspread.exceptions.APIError) as refused:
        book.batch_update({"requests": [{"deleteSheet": {"sheetId": sheet_id(book, "Referrals")}}]})
    assert "You can't remove all the visible sheets" in api_error(refused)["message"]
    book.batch_update({"requests": [hide(book, "Activity", hidden=False), hide(book, "Referrals")]})
    assert person.sheet_properties("Referrals")["hidden"] is True  # another one shows now
