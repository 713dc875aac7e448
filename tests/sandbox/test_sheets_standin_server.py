"""The server itself: persistence across restarts, routing, malformed input, partial responses."""

from __future__ import annotations

import gspread
import pytest
import requests
from google.auth.credentials import AnonymousCredentials

from sandbox.sheets import GOOGLE_SHEETS_BASE, SheetsStandIn
from sandbox.sheets.fieldmask import apply, parse


def gspread_client(stand_in: SheetsStandIn) -> gspread.Client:
    client = gspread.Client(auth=AnonymousCredentials())
    client.http_client.session.mount(GOOGLE_SHEETS_BASE, stand_in.adapter())
    return client


def test_state_survives_a_restart_with_sqlite(tmp_path):
    db = tmp_path / "sheets.sqlite"
    first = SheetsStandIn(db_path=db).start()
    try:
        client = gspread_client(first)
        sid = first.create_spreadsheet("Referral log", ["Referrals"])
        book = client.open_by_key(sid)
        book.worksheet("Referrals").update([["ID"], ["R-0001"]], "A1")
        meta = {"metadataKey": "referral_id", "metadataValue": "R-0001", "visibility": "DOCUMENT",
                "location": {"dimensionRange": {"sheetId": 0, "dimension": "ROWS", "startIndex": 1, "endIndex": 2}}}  # fmt: skip
        book.batch_update({"requests": [{"createDeveloperMetadata": {"developerMetadata": meta}}]})
    finally:
        first.stop()
    second = SheetsStandIn(db_path=db).start()
    try:
        book = gspread_client(second).open_by_key(sid)
        assert book.worksheet("Referrals").get_all_values() == [["ID"], ["R-0001"]]
        assert [m["metadataValue"] for m in second.person(sid).developer_metadata()] == ["R-0001"]
        assert not second.calls["spreadsheets.values.update"]
    finally:
        second.stop()


def raw(sheets, method: str, path: str, **kw) -> requests.Response:
    session = requests.Session()
    session.mount(GOOGLE_SHEETS_BASE, sheets.adapter())
    return session.request(method, GOOGLE_SHEETS_BASE + path, timeout=5, **kw)


def test_unknown_paths_are_404_and_known_but_unsupported_methods_are_400(sheets, book):
    response = raw(sheets, "GET", f"v4/spreadsheets/{book.id}/nothing")
    assert response.status_code == 404
    assert response.json()["error"]["status"] == "NOT_FOUND"
    response = raw(
        sheets, "POST", f"v4/spreadsheets/{book.id}/values:batchClear", json={"ranges": ["A1"]}
    )
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": 400,
        "message": "Method spreadsheets.values.batchClear is not supported by the Sheets stand-in.",
        "status": "INVALID_ARGUMENT",
    }


def test_malformed_json_is_400(sheets, book):
    response = raw(sheets, "POST", f"v4/spreadsheets/{book.id}:batchUpdate", data=b"{not json")
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("Invalid JSON payload received.")


def test_requests_without_authorization_are_served(sheets, book):
    response = raw(sheets, "GET", f"v4/spreadsheets/{book.id}", params={"fields": "spreadsheetId"})
    assert response.json() == {"spreadsheetId": book.id}


def test_the_adapter_refuses_other_hosts(sheets):
    session = requests.Session()
    session.mount("https://", sheets.adapter())
    with pytest.raises(ValueError, match="only serves"):
        session.get("https://slack.com/api/auth.test")


def test_spreadsheets_get_field_masks(book):
    book.worksheet("Referrals").update([["ID", "Name"], ["R-1", "=1+1"]], "A1", raw=False)
    meta = book.fetch_sheet_metadata(
        {"fields": "properties.title,sheets(properties(sheetId,title,gridProperties(rowCount)))"}
    )
    assert meta == {
        "properties": {"title": "Referral log"},
        "sheets": [
            {
                "properties": {
                    "sheetId": 0,
                    "title": "Referrals",
                    "gridProperties": {"rowCount": 1000},
                }
            },
            {
                "properties": {
                    "sheetId": book.worksheet("Activity").id,
                    "title": "Activity",
                    "gridProperties": {"rowCount": 1000},
                }
            },
        ],
    }
    data = book.fetch_sheet_metadata(
        {
            "ranges": "Referrals!A2:B2",
            "fields": "sheets(data(startRow,rowData(values(userEnteredValue,formattedValue))))",
        }
    )
    assert data == {
        "sheets": [
            {
                "data": [
                    {
                        "startRow": 1,
                        "rowData": [
                            {
                                "values": [
                                    {
                                        "userEnteredValue": {"stringValue": "R-1"},
                                        "formattedValue": "R-1",
                                    },
                                    {
                                        "userEnteredValue": {"formulaValue": "=1+1"},
                                        "formattedValue": "2",
                                    },
                                ]
                            }
                        ],
                    }
                ]
            }
        ]
    }


def test_grid_data_only_when_asked(book):
    plain = book.fetch_sheet_metadata()
    assert "data" not in plain["sheets"][0]
    full = book.fetch_sheet_metadata({"includeGridData": "true", "ranges": "Referrals!A1:B3"})
    data = full["sheets"][0]["data"][0]
    assert len(data["rowMetadata"]) == 3 and data["rowMetadata"][0] == {"pixelSize": 21}
    assert data["columnMetadata"] == [{"pixelSize": 100}, {"pixelSize": 100}]


def test_bad_field_masks_are_refused(book):
    with pytest.raises(gspread.exceptions.APIError, match="Invalid field selection sheetz"):
        book.fetch_sheet_metadata({"fields": "sheetz(properties)"})
    with pytest.raises(gspread.exceptions.APIError, match="Invalid field selection"):
        book.fetch_sheet_metadata({"fields": "sheets(properties"})


def test_field_mask_grammar():
    mask = parse("a,b(c,d/e),f.g")
    assert mask == {"a": None, "b": {"c": None, "d": {"e": None}}, "f": {"g": None}}
    value = {"a": 1, "b": [{"c": 2, "d": {"e": 3, "x": 4}, "y": 5}], "f": {"g": 6, "h": 7}, "z": 8}
    assert apply(value, mask) == {"a": 1, "b": [{"c": 2, "d": {"e": 3}}], "f": {"g": 6}}
    assert apply(value, parse("*")) == value
    assert apply(value, parse("b(*)")) == {"b": value["b"]}


def test_stop_and_start_again_keeps_the_port_and_the_model(sheets, gclient, book):
    book.worksheet("Referrals").update([["kept"]], "A1")
    url = sheets.base_url
    sheets.stop()
    with pytest.raises(requests.exceptions.ConnectionError):
        book.values_get("Referrals!A1")
    sheets.start()
    assert sheets.base_url == url
    assert book.values_get("Referrals!A1")["values"] == [["kept"]]
