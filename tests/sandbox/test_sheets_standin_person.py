"""The person helpers: edits a human makes in the Sheets UI, and ways to look at the result."""

from __future__ import annotations

import pytest


@pytest.fixture
def log(book, person):
    book.worksheet("Referrals").update(
        [
            ["ID", "Lead name", "Stage"],
            ["R-0001", "Cora", "New"],
            ["R-0002", "Abe", "Won"],
            ["R-0003", "Bea", "New"],
        ],
        "A1",
    )
    return person


def test_sort_keeps_the_header_and_blanks_last(book, log):
    log.append_row("Referrals", ["", "", "New"])
    log.sort_rows("Referrals", "Lead name", descending=True)
    assert [r[:2] for r in log.rows("Referrals")] == [
        ["ID", "Lead name"],
        ["R-0001", "Cora"],
        ["R-0003", "Bea"],
        ["R-0002", "Abe"],
        ["", ""],
    ]


def test_insert_and_delete_rows_are_one_based(log):
    log.insert_rows("Referrals", 2)
    assert log.rows("Referrals")[1] == [] and log.rows("Referrals")[2][0] == "R-0001"
    log.delete_rows("Referrals", 2, count=2)
    assert [r[0] for r in log.rows("Referrals")] == ["ID", "R-0002", "R-0003"]
    assert log.sheet_properties("Referrals")["gridProperties"]["rowCount"] == 999


def test_move_and_rename_columns(log):
    log.move_column("Referrals", "Stage", 1)
    assert log.rows("Referrals")[0] == ["Stage", "ID", "Lead name"]
    log.move_column("Referrals", "Stage", 3)
    assert log.rows("Referrals")[0] == ["ID", "Lead name", "Stage"]
    log.rename_column("Referrals", "Lead name", "Lead")
    assert log.rows("Referrals")[0] == ["ID", "Lead", "Stage"]
    with pytest.raises(LookupError, match="No column headed 'Lead name'"):
        log.move_column("Referrals", "Lead name", 1)


def test_typed_text_is_user_entered(log):
    log.set_cell("Referrals", "D2", "=1+1")
    log.set_cell("Referrals", "E2", "0044")
    log.set_cell("Referrals", "F2", "'0044")
    assert log.cell("Referrals", "D2")["userEnteredValue"] == {"formulaValue": "=1+1"}
    assert log.rows("Referrals")[1] == ["R-0001", "Cora", "New", "2", "44", "0044"]


def test_a_hand_typed_row_goes_under_the_last_row(log):
    log.append_row("Referrals", ["", "Dan", "New"])
    assert log.rows("Referrals")[-1] == ["", "Dan", "New"]


def test_person_edits_are_not_api_calls(sheets, log):
    sheets.reset_calls()
    log.sort_rows("Referrals", "ID")
    log.set_cell("Referrals", "A2", "R-9")
    assert not sheets.calls and not sheets.requests


def test_unknown_tab_is_a_clear_error(log):
    with pytest.raises(LookupError, match="No tab 'Leads'"):
        log.rows("Leads")
