"""Typed cells in the log, through real gspread to the Sheets stand-in: dates are serial numbers
with a date-time format, Touches a number, Est. value a number in a currency format, all written
as numbers (never formulas); a text-only log is converted by init-sheet with its meaning kept."""

from __future__ import annotations

from datetime import datetime

import pytest
from helpers_log import by_id, logged, no_wait_retry, referral

from bot.domain.cellvalues import serial
from bot.domain.referral import Activity
from bot.log import cells
from bot.log.mapping import column_letter
from bot.log.provision import provision
from bot.schema import load_schema

SCHEMA = load_schema()
REFERRALS = SCHEMA.tab("referrals")
RECEIVED = serial(datetime(2024, 5, 1, 9, 30))


def ref(header: str, row: int = 2) -> str:
    return f"{column_letter(REFERRALS.headers.index(header))}{row}"


def test_a_capture_writes_dates_and_numbers_as_numbers(sheet_log, person):
    stored = sheet_log.append_referral(
        referral("Jane", est_value="$5,000", context="=HYPERLINK(1)"), logged()
    )
    assert sheet_log.flush(timeout=5)

    received = person.cell("Referrals", ref("Received"))
    assert received["userEnteredValue"] == {"numberValue": RECEIVED}
    assert received["userEnteredFormat"]["numberFormat"] == cells.DATE_TIME
    assert received["formattedValue"] == "2024-05-01 09:30"  # what people see and the bot reads
    est = person.cell("Referrals", ref("Est. value"))
    assert est["userEnteredValue"] == {"numberValue": 5000}
    assert (est["userEnteredFormat"]["numberFormat"], est["formattedValue"]) == (
        cells.MONEY,
        "5,000.00",
    )
    context = person.cell("Referrals", ref("Context"))
    assert context["userEnteredValue"] == {"stringValue": "=HYPERLINK(1)"}  # text, not a formula
    when = person.cell("Activity", "A2")
    assert when["userEnteredValue"] == {"numberValue": RECEIVED}
    assert sheet_log.snapshot(max_age=0).find(stored.id).received == "2024-05-01 09:30"


def test_a_blank_date_of_a_new_row_carries_the_date_format(sheet_log, person):
    sheet_log.append_referral(referral("Jane"), logged())
    assert sheet_log.flush(timeout=5)
    blank = person.cell("Referrals", ref("First contact at"))
    assert "userEnteredValue" not in blank
    assert blank["userEnteredFormat"]["numberFormat"] == cells.DATE_TIME


def test_an_update_writes_raw_numbers_that_keep_their_column_format(sheet_log, person, client):
    stored = sheet_log.append_referral(referral("Jane"), logged())
    assert sheet_log.flush(timeout=5)
    touch = Activity("2024-05-02 10:00", stored.id, "Ann", "Touch")
    sheet_log.update({stored.id: {"touches": "1", "last_touch_at": "2024-05-02 10:00"}}, [touch])
    assert sheet_log.flush(timeout=5)

    touches = person.cell("Referrals", ref("Touches"))
    assert (touches["userEnteredValue"], touches["formattedValue"]) == ({"numberValue": 1}, "1")
    sheet = client.open_by_key(sheet_log.spreadsheet.id).worksheet("Referrals")
    a1 = f"{ref('Last touch at')}:{ref('Last touch at')}"
    assert sheet.get(a1, value_render_option="UNFORMATTED_VALUE") == [
        [serial(datetime(2024, 5, 2, 10, 0))]
    ]
    assert sheet.get(
        a1, value_render_option="UNFORMATTED_VALUE", date_time_render_option="FORMATTED_STRING"
    ) == [["2024-05-02 10:00"]]
    assert sheet.get(a1) == [["2024-05-02 10:00"]]
    assert by_id(person)[stored.id]["Touches"] == "1"


@pytest.mark.parametrize(
    ("typed", "value"),
    [("5k", 5000), ("$5,000", 5000), ("1.234,50", 1234.5), ("12,5", 12.5), ("£1 200", 1200)],
)
def test_an_amount_typed_as_people_type_it_is_read_as_its_number(sheet_log, person, typed, value):
    stored = sheet_log.append_referral(referral("Jane"), logged())
    assert sheet_log.flush(timeout=5)
    person.set_cell("Referrals", ref("Est. value"), typed)
    assert sheet_log.snapshot(max_age=0).find(stored.id).value == value


# --- init-sheet on a text-only log ---------------------------------------------------------------


@pytest.fixture
def text_only_log(blank_spreadsheet, stand_in):
    """A log as an older bot wrote it: the right tabs and headers, every cell text."""
    book = blank_spreadsheet
    for tab in SCHEMA.tabs:
        if tab.key != "dashboard":
            book.add_worksheet(tab.title, rows=50, cols=len(tab.columns))
    sheet = book.worksheet("Referrals")
    row = {h: "" for h in REFERRALS.headers}
    row |= {"ID": "R-0001", "Received": "2024-05-01 09:30", "Lead name": "Jane",
            "Referred by": "Alex", "Stage": "New", "Touches": "2", "Est. value": "5,000",
            "Last touch at": "2024-05-03T08:15:00+00:00"}  # fmt: skip
    second = {**row, "ID": "R-0002", "Received": "next Tuesday", "Est. value": "about 5k?"}
    third = {**row, "ID": "R-0003", "Received": "02/05/2024", "Est. value": "1.234,50"}
    sheet.update(
        [REFERRALS.headers] + [[r[h] for h in REFERRALS.headers] for r in (row, second, third)],
        "A1",
        raw=True,
    )
    stand_in.reset_calls()
    return book


def test_init_sheet_converts_a_text_only_log_keeping_its_meaning(text_only_log, stand_in, settings):
    person = stand_in.person(text_only_log.id)
    lines = provision(text_only_log, SCHEMA, no_wait_retry(settings), tz="Europe/London")

    assert "Formatted Referrals!Received as dates" in lines
    assert "Converted 2 cells of Referrals!Received from text to dates" in lines
    assert "Converted 2 cells of Referrals!Est. value from text to amounts" in lines
    assert (
        "Left as typed in Referrals!Received (not readable as a date; fix them by hand): B3"
        in lines
    )
    assert any(line.startswith("Left as typed in Referrals!Est. value") for line in lines)
    received = person.cell("Referrals", ref("Received"))
    assert received["userEnteredValue"] == {"numberValue": RECEIVED}
    assert received["formattedValue"] == "2024-05-01 09:30"
    assert person.cell("Referrals", ref("Received", 4))["formattedValue"] == "2024-05-02 00:00"
    # 08:15 UTC is 09:15 on the firm's (London, summer) wall clock.
    assert person.cell("Referrals", ref("Last touch at"))["formattedValue"] == "2024-05-03 09:15"
    assert person.cell("Referrals", ref("Est. value"))["userEnteredValue"] == {"numberValue": 5000}
    assert person.cell("Referrals", ref("Est. value", 4))["userEnteredValue"] == {
        "numberValue": 1234.5
    }
    assert person.cell("Referrals", ref("Touches"))["userEnteredValue"] == {"numberValue": 2}
    left = person.cell("Referrals", ref("Received", 3))
    assert left["userEnteredValue"] == {"stringValue": "next Tuesday"}

    assert provision(text_only_log, SCHEMA, no_wait_retry(settings), tz="Europe/London") == [
        "Nothing to change: the sheet already matches sheets_schema.json"
    ]


@pytest.mark.parametrize(("separator", "value"), [(",", 1500.0), (".", 1.5)])
def test_an_amount_a_person_typed_as_text_reads_the_firm_s_way(
    spreadsheet, person, settings, separator, value
):
    from bot.log.outbox import Outbox
    from bot.log.sheet import SheetLog

    firm = settings.replace(decimal_separator=separator)
    log = SheetLog(spreadsheet, SCHEMA, firm, Outbox(), retry=no_wait_retry(firm))
    try:
        log.append_referral(referral("Jane"), logged())
        assert log.flush(timeout=5)
        person.set_cell("Referrals", ref("Est. value"), "1.500 €")  # text: the sheet can't read it
        assert person.cell("Referrals", ref("Est. value"))["userEnteredValue"] == {
            "stringValue": "1.500 €"
        }

        assert log.snapshot(max_age=0).find("R-0001").value == value
        assert (
            person.cell("Referrals", ref("Est. value"))["formattedValue"] == "1.500 €"
        )  # as typed
    finally:
        log.close()


def test_init_sheet_converts_amounts_typed_the_firm_s_way(text_only_log, stand_in, settings):
    person = stand_in.person(text_only_log.id)
    provision(text_only_log, SCHEMA, no_wait_retry(settings), "Europe/Berlin", decimal_comma=True)
    # "5,000" to a firm that writes decimal commas is five; "1.234,50" is unambiguous.
    assert person.cell("Referrals", ref("Est. value"))["userEnteredValue"] == {"numberValue": 5}
    assert person.cell("Referrals", ref("Est. value", 4))["userEnteredValue"] == {
        "numberValue": 1234.5
    }
