"""The Sheets stand-in against Google's published discovery document for Sheets v4: requests are
parsed as Google parses them, and every exchange it serves is walked through the document."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
import time_machine

from bot.config import Settings
from sandbox.sheets import conformance, discovery
from sandbox.workspace import LocalWorkspace

COMPLETE = (
    "Jane Doe, jane@acme.com, Acme Ltd. Referred by Alex Kim <alex@client.com>. "
    "Needs help with payroll."
)


def call(sheets, http: str, path: str, **kw) -> requests.Response:
    return requests.request(http, f"{sheets.base_url}/v4/spreadsheets{path}", timeout=5, **kw)


def test_the_vendored_document_is_the_one_its_source_note_names():
    note = (discovery.DOCUMENT.parent / "SOURCE.md").read_text(encoding="utf-8")
    digest = hashlib.sha256(discovery.DOCUMENT.read_bytes()).hexdigest()
    assert digest in note
    assert discovery.document()["revision"] in note
    assert discovery.document()["id"] == "sheets:v4"


def test_an_unknown_field_is_refused_with_googles_400_body(sheets):
    sid = sheets.create_spreadsheet()
    body = {"requests": [{"appendCells": {"sheetId": 0, "rowz": []}}]}
    answer = call(sheets, "POST", f"/{sid}:batchUpdate", json=body)
    assert answer.status_code == 400
    assert answer.json() == {
        "error": {
            "code": 400,
            "message": 'Invalid JSON payload received. Unknown name "rowz" at '
            "'requests[0].append_cells': Cannot find field.",
            "status": "INVALID_ARGUMENT",
        }
    }


def test_a_field_the_hand_written_schema_did_not_model_is_parsed_too(sheets):
    """Parts of a request the stand-in only stores (a chart's pie spec, a cell's text runs) are
    checked against the document all the same."""
    sid = sheets.create_spreadsheet()
    cell = {"userEnteredValue": {"stringValue": "x"}, "textFormatRuns": [{"startIndex": "one"}]}
    body = {"requests": [{"updateCells": {"start": {"sheetId": 0}, "rows": [{"values": [cell]}],
                                           "fields": "userEnteredValue"}}]}  # fmt: skip
    answer = call(sheets, "POST", f"/{sid}:batchUpdate", json=body)
    assert answer.status_code == 400
    assert answer.json()["error"]["message"] == (
        "Invalid value at 'requests[0].update_cells.rows[0].values[0].text_format_runs[0]"
        '.start_index\' (TYPE_INT32), "one"'
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"numberValue": "twelve"}, 'user_entered_value.number_value\' (TYPE_DOUBLE), "twelve"'),
        ({"boolValue": "yes"}, 'user_entered_value.bool_value\' (TYPE_BOOL), "yes"'),
        ({"stringValue": 5}, "user_entered_value.string_value' (TYPE_STRING), 5"),
    ],
)
def test_a_wrong_type_is_refused(sheets, value, expected):
    sid = sheets.create_spreadsheet()
    body = {"requests": [{"appendCells": {"sheetId": 0, "fields": "userEnteredValue",
                                           "rows": [{"values": [{"userEnteredValue": value}]}]}}]}  # fmt: skip
    answer = call(sheets, "POST", f"/{sid}:batchUpdate", json=body)
    assert answer.status_code == 400
    assert answer.json()["error"]["message"].endswith(expected)


def test_a_numeric_string_is_read_as_the_number_google_reads(sheets):
    sid = sheets.create_spreadsheet()
    body = {"requests": [{"appendDimension": {"sheetId": "0", "dimension": "ROWS", "length": "3"}}]}
    assert call(sheets, "POST", f"/{sid}:batchUpdate", json=body).status_code == 200
    assert sheets.spreadsheet(sid).sheets[0].row_count == 1003


def test_an_unknown_enum_value_and_query_name_are_refused(sheets):
    sid = sheets.create_spreadsheet()
    answer = call(sheets, "GET", f"/{sid}/values/A1", params={"valueRenderOption": "PRETTY"})
    assert answer.json()["error"]["message"] == (
        "Invalid value at 'value_render_option' "
        '(type.googleapis.com/google.apps.sheets.v4.ValueRenderOption), "PRETTY"'
    )
    answer = call(sheets, "GET", f"/{sid}/values/A1", params={"renderOption": "FORMULA"})
    assert answer.status_code == 400
    assert (
        'Unknown name "renderOption": Cannot bind query parameter'
        in answer.json()["error"]["message"]
    )


def test_a_parameter_google_knows_but_the_stand_in_does_not_model_says_so(sheets):
    sid = sheets.create_spreadsheet()
    answer = call(
        sheets, "GET", f"/{sid}", params={"commentsViewMode": "COMMENTS_VIEW_MODE_OMITTED"}
    )
    assert answer.status_code == 400
    assert answer.json()["error"]["message"] == (
        "The query parameter commentsViewMode is not supported by the Sheets stand-in."
    )


# --- the conformance walk itself ---------------------------------------------------------------


def test_an_answer_with_a_field_google_never_sends_is_a_deviation():
    answer = {"spreadsheetId": "x", "updatedRange": "A1", "rowsAppended": 1}
    problems = conformance.check("spreadsheets.values.update", {}, {"values": [["a"]]}, 200, answer)
    assert problems == [
        "spreadsheets.values.update (200): answered Invalid JSON payload received. "
        'Unknown name "rowsAppended": Cannot find field.'
    ]


def test_an_answer_of_the_wrong_type_is_a_deviation():
    answer = {"spreadsheetId": "x", "replies": [{"addSheet": {"properties": {"sheetId": "7"}}}]}
    (problem,) = conformance.check("spreadsheets.batchUpdate", {}, {"requests": []}, 200, answer)
    assert 'replies[0].add_sheet.properties.sheet_id\' (TYPE_INT32), "7"' in problem


def test_an_accepted_request_google_refuses_is_a_deviation():
    (problem,) = conformance.check(
        "spreadsheets.values.get", {"valueRenderOption": ["PRETTY"]}, None, 200, {"range": "A1"}
    )
    assert problem.startswith("spreadsheets.values.get (200): accepted Invalid value at")


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ({"error": {"code": 501, "message": "no", "status": "NOT_IMPLEMENTED"}}, "google.rpc.Code"),
        (
            {"error": {"code": 400, "message": "no", "status": "INVALID_ARGUMENT"}},
            "HTTP status 503",
        ),
        ({"message": "no"}, "is not {'error'"),
    ],
)
def test_an_error_body_not_shaped_as_googles_is_a_deviation(answer, expected):
    status = 501 if answer.get("error", {}).get("code") == 501 else 503
    (problem,) = conformance.check("spreadsheets.get", {}, None, status, answer)
    assert expected in problem


def test_a_long_list_is_checked_by_its_first_items_and_its_last():
    rows = [{"values": [{"formattedValue": "ok"}]} for _ in range(200)]
    rows[-1] = {"values": [{"formattedValue": 5}]}
    rows[120] = {"values": [{"formattedValue": 6}]}  # past the sample: not looked at
    grid = {"sheets": [{"data": [{"rowData": rows}]}]}
    problems = discovery.body_errors(grid, "Spreadsheet", sample=conformance.SAMPLE)
    assert problems == [
        "Invalid value at 'sheets[0].data[0].row_data[199].values[0].formatted_value' "
        "(TYPE_STRING), 5"
    ]


# --- the bot's own traffic ---------------------------------------------------------------------

MONDAY_MORNING = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def test_every_exchange_of_a_working_day_conforms(tmp_path: Path):
    """Provisioning, a capture, the owner's answers, a sweep with its Dashboard, an export: each
    request the bot sent and each answer it got was walked through the document."""
    settings = Settings({"DATA_DIR": str(tmp_path), "FIRM_TIMEZONE": "Europe/London"})
    before = sum(conformance.CHECKED.values())
    with time_machine.travel(MONDAY_MORNING, tick=True), LocalWorkspace(settings, tmp_path) as ws:
        ws.refer(COMPLETE)
        ws.as_user("Sam Lee")
        ws.reply("sent")
        ws.advance(timedelta(days=2))
        ws.as_user("Ana Ruiz")
        ws.refer("export", command="/refer")
        served = [r for r in ws.sheets.requests if r.method.startswith("spreadsheets")]
        deviations = list(ws.sheets.deviations)
    methods = {r.method for r in served}
    assert {"spreadsheets.get", "spreadsheets.batchUpdate"} <= methods
    assert any(re.match(r"spreadsheets\.values\.", m) for m in methods)
    assert sum(conformance.CHECKED.values()) - before >= len(served)
    assert deviations == []
