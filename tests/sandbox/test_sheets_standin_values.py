"""spreadsheets.values.* through real gspread: RAW vs USER_ENTERED, append, reads, errors."""

from __future__ import annotations

import gspread
import pytest
from gspread.utils import ValueInputOption, ValueRenderOption


def api_error(excinfo) -> dict:
    return excinfo.value.response.json()["error"]


def test_create_through_the_api_and_open_by_key(sheets, gclient):
    body = {
        "properties": {"title": "Made by API"},
        "sheets": [{"properties": {"title": "Referrals"}}],
    }
    created = gclient.http_client.request(
        "post", "https://sheets.googleapis.com/v4/spreadsheets", json=body
    ).json()
    assert created["properties"]["title"] == "Made by API"
    assert created["sheets"][0]["properties"]["gridProperties"] == {
        "rowCount": 1000,
        "columnCount": 26,
    }
    sh = gclient.open_by_key(created["spreadsheetId"])
    assert [ws.title for ws in sh.worksheets()] == ["Referrals"]
    assert sheets.calls["spreadsheets.create"] == 1


def test_unknown_spreadsheet_is_404_not_found(gclient):
    with pytest.raises(gspread.exceptions.SpreadsheetNotFound) as excinfo:
        gclient.open_by_key("no-such-sheet")
    assert excinfo.value.__cause__.response.json() == {
        "error": {"code": 404, "message": "Requested entity was not found.", "status": "NOT_FOUND"}
    }


def test_raw_keeps_text_exactly_as_sent(book, person):
    ws = book.worksheet("Referrals")
    ws.update([["=1+1", "0044 20 7946 0000", "+44", "@x", "-5", "0044", "TRUE"]], "A1", raw=True)
    assert person.rows("Referrals") == [
        ["=1+1", "0044 20 7946 0000", "+44", "@x", "-5", "0044", "TRUE"]
    ]
    assert person.cell("Referrals", "A1")["userEnteredValue"] == {"stringValue": "=1+1"}
    assert person.cell("Referrals", "F1")["userEnteredValue"] == {"stringValue": "0044"}


def test_user_entered_parses_like_a_person_typing(book, person):
    ws = book.worksheet("Referrals")
    ws.update(
        [["=1+1", "0044 20 7946 0000", "+44", "@x", "0044", "true", "'=2+2", "=A9"]],
        "A1",
        raw=False,
    )
    assert person.cell("Referrals", "A1")["userEnteredValue"] == {"formulaValue": "=1+1"}
    assert person.cell("Referrals", "A1")["formattedValue"] == "2"
    assert person.cell("Referrals", "B1")["userEnteredValue"] == {
        "stringValue": "0044 20 7946 0000"
    }
    assert person.cell("Referrals", "C1")["userEnteredValue"] == {"numberValue": 44}
    assert person.cell("Referrals", "D1")["userEnteredValue"] == {"stringValue": "@x"}
    assert person.cell("Referrals", "E1")["userEnteredValue"] == {"numberValue": 44}
    assert person.cell("Referrals", "F1")["userEnteredValue"] == {"boolValue": True}
    assert person.cell("Referrals", "G1")["userEnteredValue"] == {"stringValue": "=2+2"}
    assert person.cell("Referrals", "H1")["userEnteredValue"] == {"formulaValue": "=A9"}
    assert ws.get("A1:H1", value_render_option=ValueRenderOption.formula) == [
        ["=1+1", "0044 20 7946 0000", 44, "@x", 44, True, "=2+2", "=A9"]
    ]
    assert ws.get("A1:F1", value_render_option=ValueRenderOption.unformatted) == [
        [2, "0044 20 7946 0000", 44, "@x", 44, True]
    ]


def test_user_entered_dates_become_serial_numbers_shown_with_seconds(book, person):
    ws = book.worksheet("Referrals")
    ws.update([["2024-05-01 09:30", "2024-05-01"]], "A1", raw=False)
    assert ws.get("A1:B1") == [["2024-05-01 9:30:00", "2024-05-01"]]
    assert person.cell("Referrals", "B1")["userEnteredValue"] == {"numberValue": 45413}


def test_update_reports_what_it_wrote_and_echoes_a_normalised_range(book):
    result = book.worksheet("Referrals").update([["a", "b"], ["c"]], "B2")
    assert result == {
        "spreadsheetId": book.id,
        "updatedRange": "Referrals!B2:C3",
        "updatedRows": 2,
        "updatedColumns": 2,
        "updatedCells": 3,
    }


def test_null_skips_a_cell_and_empty_string_clears_it(book, person):
    ws = book.worksheet("Referrals")
    ws.update([["a", "b", "c"]], "A1")
    book.values_update(
        "Referrals!A1", params={"valueInputOption": "RAW"}, body={"values": [[None, "", "C"]]}
    )
    assert person.rows("Referrals") == [["a", "", "C"]]


def test_values_never_grow_the_grid_on_update(book):
    ws = book.worksheet("Referrals")
    with pytest.raises(gspread.exceptions.APIError) as excinfo:
        ws.update([["x"]], "A1001")
    assert api_error(excinfo) == {
        "code": 400,
        "message": "Range ('Referrals'!A1001) exceeds grid limits. Max rows: 1000, max columns: 26",
        "status": "INVALID_ARGUMENT",
    }
    with pytest.raises(gspread.exceptions.APIError, match="tried writing to column"):
        book.values_update(
            "Referrals!A1:B1",
            params={"valueInputOption": "RAW"},
            body={"values": [["1", "2", "3"]]},
        )


def test_value_input_option_is_required_and_checked(book):
    with pytest.raises(gspread.exceptions.APIError, match="'valueInputOption' is required"):
        book.values_update("Referrals!A1", params={}, body={"values": [["x"]]})
    with pytest.raises(gspread.exceptions.APIError) as excinfo:
        book.values_update(
            "Referrals!A1", params={"valueInputOption": "RAWISH"}, body={"values": [["x"]]}
        )
    assert excinfo.value.response.status_code == 400
    assert "RAWISH" in api_error(excinfo)["message"]
    with pytest.raises(gspread.exceptions.APIError, match="INPUT_VALUE_OPTION_UNSPECIFIED"):
        book.values_batch_update({"data": [{"range": "Referrals!A1", "values": [["x"]]}]})


@pytest.mark.parametrize("bad", ["Nope!A1", "Referrals!A1:B2:C3", "Referrals!1A", "'Referrals!A1"])
def test_bad_ranges_are_unable_to_parse(book, bad):
    with pytest.raises(gspread.exceptions.APIError) as excinfo:
        book.values_get(bad)
    assert api_error(excinfo) == {
        "code": 400,
        "message": f"Unable to parse range: {bad}",
        "status": "INVALID_ARGUMENT",
    }


def test_reads_trim_trailing_empties_and_clip_to_the_grid(book):
    ws = book.worksheet("Referrals")
    ws.update([["a", "", "c", ""], ["", ""], ["d"]], "A1")
    assert book.values_get("Referrals") == {
        "range": "Referrals!A1:Z1000",
        "majorDimension": "ROWS",
        "values": [["a", "", "c"], [], ["d"]],
    }
    assert book.values_get("Referrals!A1:ZZ2")["range"] == "Referrals!A1:Z2"
    assert book.values_get("Referrals!A5:B6") == {
        "range": "Referrals!A5:B6",
        "majorDimension": "ROWS",
    }
    columns = book.values_get("Referrals!A1:C3", params={"majorDimension": "COLUMNS"})
    assert columns["values"] == [["a", "", "d"], [], ["c"]]
    with pytest.raises(gspread.exceptions.APIError, match="exceeds grid limits"):
        book.values_get("Referrals!A1001")


def test_batch_get_returns_one_value_range_per_range(book):
    book.worksheet("Referrals").update([["a", "b"], ["c", "d"]], "A1")
    result = book.values_batch_get(["Referrals!A1:A2", "'Referrals'!B2"])
    assert result["valueRanges"] == [
        {"range": "Referrals!A1:A2", "majorDimension": "ROWS", "values": [["a"], ["c"]]},
        {"range": "Referrals!B2", "majorDimension": "ROWS", "values": [["d"]]},
    ]


def test_append_writes_after_the_table_and_grows_the_grid(sheets, book, person):
    ws = book.worksheet("Activity")
    ws.resize(rows=2)
    ws.update([["When", "What"], ["1", "first"]], "A1", raw=False)
    result = ws.append_rows(
        [["2", "second"], ["3", "third"]], value_input_option=ValueInputOption.raw
    )
    assert result["tableRange"] == "Activity!A1:B2"
    assert result["updates"]["updatedRange"] == "Activity!A3:B4"
    assert person.rows("Activity") == [
        ["When", "What"],
        ["1", "first"],
        ["2", "second"],
        ["3", "third"],
    ]
    assert person.sheet_properties("Activity")["gridProperties"]["rowCount"] == 4
    assert person.cell("Activity", "A3")["userEnteredValue"] == {"stringValue": "2"}


def test_append_stops_at_the_first_blank_row_like_google(book, person):
    ws = book.worksheet("Activity")
    ws.update([["When"], ["1"], [""], ["3"]], "A1")
    ws.append_rows([["2"]], insert_data_option="INSERT_ROWS")
    assert person.rows("Activity") == [["When"], ["1"], ["2"], [], ["3"]]


def test_append_with_insert_rows_pushes_rows_down(book, person):
    ws = book.worksheet("Activity")
    ws.update([["When"], ["1"], ["2"]], "A1")
    ws.append_rows([["3"]], insert_data_option="INSERT_ROWS")
    assert person.rows("Activity") == [["When"], ["1"], ["2"], ["3"]]
    assert person.sheet_properties("Activity")["gridProperties"]["rowCount"] == 1001


def test_values_batch_update_is_all_or_nothing(book, person):
    body = {
        "valueInputOption": "RAW",
        "data": [
            {"range": "Referrals!A1", "values": [["kept?"]]},
            {"range": "Nope!A1", "values": [["x"]]},
        ],
    }
    with pytest.raises(gspread.exceptions.APIError, match="Unable to parse range: Nope!A1"):
        book.values_batch_update(body)
    assert person.rows("Referrals") == []


def test_values_batch_update_totals(book):
    body = {
        "valueInputOption": "USER_ENTERED",
        "data": [
            {"range": "Referrals!A1", "values": [["a", "b"]]},
            {"range": "Activity!A1:A2", "majorDimension": "COLUMNS", "values": [["c", "d"]]},
        ],
    }
    result = book.values_batch_update(body)
    assert {k: v for k, v in result.items() if k.startswith("total")} == {
        "totalUpdatedRows": 3,
        "totalUpdatedColumns": 3,
        "totalUpdatedCells": 4,
        "totalUpdatedSheets": 2,
    }
    assert [r["updatedRange"] for r in result["responses"]] == ["Referrals!A1:B1", "Activity!A1:A2"]


def test_a_cell_holds_at_most_50000_characters(book):
    with pytest.raises(gspread.exceptions.APIError, match="maximum of 50000 characters"):
        book.worksheet("Referrals").update([["x" * 50_001]], "A1")
    book.worksheet("Referrals").update([["x" * 50_000]], "A1")


def test_include_values_in_response(book):
    result = book.values_update(
        "Referrals!A1",
        params={"valueInputOption": "USER_ENTERED", "includeValuesInResponse": "true"},
        body={"values": [["=2*3"]]},
    )
    assert result["updatedData"] == {
        "range": "Referrals!A1",
        "majorDimension": "ROWS",
        "values": [["6"]],
    }


def test_unknown_query_parameter_is_refused(book):
    with pytest.raises(gspread.exceptions.APIError, match='Unknown name "valueInputOptions"'):
        book.values_update(
            "Referrals!A1", params={"valueInputOptions": "RAW"}, body={"values": [["x"]]}
        )


def test_append_with_a_one_cell_table_range_finds_the_whole_table(book, person):
    ws = book.worksheet("Activity")
    ws.update([["When", "What"], ["1", "a"], ["2", "b"]], "A1")
    ws.append_row(["3", "c"], table_range="A1")
    assert person.rows("Activity") == [["When", "What"], ["1", "a"], ["2", "b"], ["3", "c"]]
    assert ws.row_values(4) == ["3", "c"]
