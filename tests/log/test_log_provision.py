"""`init-sheet`: provisioning through real gspread against the stand-in, idempotent."""

from __future__ import annotations

from helpers_log import no_wait_retry, table

from bot.log.mapping import column_letter
from bot.log.provision import provision, provision_cli
from bot.schema import load_schema

SCHEMA = load_schema()


def test_provisioning_twice_changes_nothing_the_second_time(stand_in, blank_spreadsheet, settings):
    lines = provision(blank_spreadsheet, SCHEMA, no_wait_retry(settings))
    for expected in (
        "Added tab Referrals",
        "Added tab Activity",
        "Added tab Team",
        "Added tab Dashboard",
        "Added dropdown on Referrals!Stage",
        "Protected Referrals!ID (warning only)",
        "Protected tab Activity (warning only)",
        "Added overdue highlighting on Referrals",
    ):
        assert expected in lines
    assert stand_in.calls["spreadsheets.batchUpdate"] == 1
    stand_in.reset_calls()
    again = provision(blank_spreadsheet, SCHEMA, no_wait_retry(settings))
    assert again == ["Nothing to change: the sheet already matches sheets_schema.json"]
    assert dict(stand_in.calls) == {"spreadsheets.get": 2}


def test_provisioned_sheet_has_what_people_rely_on(stand_in, spreadsheet):
    person = stand_in.person(spreadsheet.id)
    referrals = SCHEMA.tab("referrals")
    assert person.rows("Referrals")[0] == referrals.headers
    for tab in SCHEMA.tabs:
        assert person.sheet_properties(tab.title)["gridProperties"]["frozenRowCount"] == 1
    protected = person.protected_ranges("Referrals")
    id_range = next(p for p in protected if p["description"].endswith("Referrals!ID"))
    assert id_range["warningOnly"] is True
    assert id_range["range"]["startColumnIndex"] == 0
    assert any(p["warningOnly"] for p in person.protected_ranges("Activity"))
    stage = person.data_validations("Referrals")["Stage"]
    assert stage["condition"]["type"] == "ONE_OF_LIST"
    assert [v["userEnteredValue"] for v in stage["condition"]["values"]][:3] == [
        "New",
        "Contacted",
        "In conversation",
    ]
    assert (stage["strict"], stage["showCustomUi"]) == (False, True)
    assert set(person.data_validations("Team")) == {"Role", "Available"}
    (rule,) = person.conditional_formats("Referrals")
    formula = rule["booleanRule"]["condition"]["values"][0]["userEnteredValue"]
    assert formula.startswith('=AND($Q2<>"",') and '$M2="In conversation"' in formula


def test_hidden_columns_are_hidden_and_widths_set(stand_in, spreadsheet):
    props = stand_in.person(spreadsheet.id).sheet_properties("Referrals")
    referrals = SCHEMA.tab("referrals")
    letters = {c.key: column_letter(i) for i, c in enumerate(referrals.columns)}
    assert props["hiddenColumns"] == [letters[c.key] for c in referrals.columns if c.hidden]
    assert props["columnWidths"]["A"] == referrals.column("id").width
    assert props["columnWidths"][letters["context"]] == referrals.column("context").width


def test_existing_data_and_human_columns_are_untouched(stand_in, blank_spreadsheet, settings):
    spreadsheet = blank_spreadsheet
    spreadsheet.add_worksheet("Referrals", rows=50, cols=8)
    person = stand_in.person(spreadsheet.id)
    person.append_row(
        "Referrals", ["Lead name", "ID", "My notes", "Stage", "Received", "Referred by"]
    )
    person.append_row("Referrals", ["Jane", "R-0001", "call Tuesday", "Won", "2024-01-01", "Bo"])
    lines = provision(spreadsheet, SCHEMA, no_wait_retry(settings))
    assert "Added column 'Company' to Referrals" in lines
    assert "Added column 'Lead name' to Referrals" not in lines
    header = person.rows("Referrals")[0]
    assert header[:6] == ["Lead name", "ID", "My notes", "Stage", "Received", "Referred by"]
    assert set(SCHEMA.tab("referrals").headers) <= set(header)
    (row,) = table(person)
    assert (row["Lead name"], row["My notes"], row["Stage"]) == ("Jane", "call Tuesday", "Won")
    formula = person.conditional_formats("Referrals")[0]["booleanRule"]["condition"]["values"][0]
    assert '$D2="New"' in formula["userEnteredValue"]  # Stage is column D in this sheet
    assert provision(spreadsheet, SCHEMA, no_wait_retry(settings)) == [
        "Nothing to change: the sheet already matches sheets_schema.json"
    ]


def test_cli_prints_what_it_did(blank_spreadsheet, settings):
    out: list[str] = []
    assert provision_cli(settings, blank_spreadsheet, out=out.append) == 0
    assert "  Added tab Referrals" in out
    out.clear()
    assert provision_cli(settings, blank_spreadsheet, out=out.append) == 0
    assert out[-1].strip().startswith("Nothing to change")


def test_the_consent_column_gets_its_dropdown(stand_in, spreadsheet):
    consent = stand_in.person(spreadsheet.id).data_validations("Referrals")[
        "Lead agreed to be introduced"
    ]
    assert consent["condition"]["type"] == "ONE_OF_LIST"
    assert [v["userEnteredValue"] for v in consent["condition"]["values"]] == [
        "Yes",
        "No",
        "Not asked",
    ]
