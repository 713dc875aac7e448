"""Damage a person does to the sheet is reported once to coordinators, naming the cell and what to
do, and the bot never switches which row is a referral on its own."""

from __future__ import annotations

import pytest
from helpers_log import by_id, logged, referral, table

from bot.errors import SchemaError
from bot.log.health import DAMAGED


@pytest.fixture
def told(sheet_log) -> list:
    notices: list = []
    sheet_log.health.tell = notices.append
    return notices


def problems(told: list) -> list[str]:
    return [p for notice in told if notice.kind == DAMAGED for p in notice.problems]


def test_a_deleted_required_column_is_reported_once_with_init_sheet(sheet_log, person, told):
    sheet_log.append_referral(referral("Jane Doe"), logged())
    sheet_log.flush(timeout=5)
    person.rename_column("Referrals", "Stage", "Status")
    for _ in range(2):
        with pytest.raises(SchemaError):
            sheet_log.snapshot(max_age=0)
    (problem,) = problems(told)
    assert "Referrals is missing the column 'Stage'" in problem and "init-sheet" in problem
    person.rename_column("Referrals", "Status", "Stage")  # put back
    sheet_log.snapshot(max_age=0)
    person.rename_column("Referrals", "Stage", "Status")  # and gone again: news again
    with pytest.raises(SchemaError):
        sheet_log.snapshot(max_age=0)
    assert len(problems(told)) == 2


def test_unreadable_dates_and_unknown_stages_are_named_by_cell_once(sheet_log, person, told):
    for name in ("Abe", "Bea"):
        sheet_log.append_referral(referral(name), logged())
    sheet_log.flush(timeout=5)
    person.set_cell("Referrals", "B3", "next tuesday")
    person.set_cell("Referrals", "M2", "Maybe")
    snapshot = sheet_log.snapshot(max_age=0)
    assert snapshot.find("R-0002").received == "next tuesday"  # kept as typed, not "fixed"
    sheet_log.snapshot(max_age=0)
    found = problems(told)
    assert len(found) == 2
    assert any(p.startswith("Referrals!B3 (Received): “next tuesday” is not a date") for p in found)
    assert any(p.startswith("Referrals!M2 (Stage): “Maybe” is not a stage") for p in found)
    assert set(sheet_log.health.problems) == set(found)


def test_a_duplicate_id_keeps_the_tagged_row_as_the_referral_through_a_sort(
    sheet_log, person, told
):
    for name in ("Zed", "Abe"):
        sheet_log.append_referral(referral(name), logged())
    sheet_log.flush(timeout=5)
    person.append_row("Referrals", ["R-0001", "2024-05-01 09:30", "Aaron Copy", "", "", "", "X"])
    assert sheet_log.snapshot(max_age=0).find("R-0001").lead_name == "Zed"
    person.sort_rows("Referrals", "Lead name")  # the copy now comes first
    assert sheet_log.snapshot(max_age=0).find("R-0001").lead_name == "Zed"
    sheet_log.update({"R-0001": {"next_step": "call Zed"}}, [])
    sheet_log.flush(timeout=5)
    rows = {r["Lead name"]: r for r in table(person)}
    assert rows["Zed"]["Next step"] == "call Zed"
    assert rows["Aaron Copy"]["Next step"] == ""
    assert by_id(person)["R-0002"]["Lead name"] == "Abe"
    found = problems(told)
    assert len(found) == 1  # told once, though the sort moved its cell
    assert "the ID R-0001 is also on row" in found[0] and "Clear this ID" in found[0]


def test_amounts_and_counts_it_cannot_read_are_named_by_cell_once(sheet_log, person, told):
    for name in ("Abe", "Bea", "Cy"):
        sheet_log.append_referral(referral(name), logged())
    sheet_log.flush(timeout=5)
    header = person.rows("Referrals")[0]

    def a1(column: str, row: int) -> str:
        return f"{chr(ord('A') + header.index(column))}{row}"

    person.set_cell("Referrals", a1("Est. value", 2), "about 5 grand")
    person.set_cell("Referrals", a1("Touches", 3), "a few")
    person.set_cell("Referrals", a1("Est. value", 4), "$5,000")  # what people type: readable
    snapshot = sheet_log.snapshot(max_age=0)
    assert snapshot.find("R-0001").est_value == "about 5 grand"  # kept as typed
    assert snapshot.find("R-0001").value is None  # and counted as blank
    assert snapshot.find("R-0003").value == 5000
    person.sort_rows("Referrals", "Lead name", descending=True)  # the cells move: not news
    sheet_log.snapshot(max_age=0)

    found = problems(told)
    assert len(found) == 2
    (amount,) = [p for p in found if "Est. value" in p]
    assert amount.startswith(f"Referrals!{a1('Est. value', 2)} (Est. value): “about 5 grand”")
    assert "not an amount the bot can read; write a number like 5000, 5k or $5,000" in amount
    (count,) = [p for p in found if "Touches" in p]
    assert count.startswith(f"Referrals!{a1('Touches', 3)} (Touches): “a few” is not a number")

    person.set_cell("Referrals", person_cell(person, header, "R-0001", "Est. value"), "5k")
    sheet_log.snapshot(max_age=0)
    assert len(problems(told)) == 2  # fixed: nothing new to say
    assert not any("Est. value" in p for p in sheet_log.health.problems)


def person_cell(person, header: list, referral_id: str, column: str) -> str:
    """The A1 address of a referral's cell wherever a sort put its row."""
    for number, row in enumerate(person.rows("Referrals")[1:], start=2):
        if row and row[0] == referral_id:
            return f"{chr(ord('A') + header.index(column))}{number}"
    raise AssertionError(f"{referral_id} is not in Referrals")


def test_a_max_active_it_cannot_read_is_named_once_and_routing_uses_the_default(
    sheet_log, person, told
):
    person.append_row("Team", ["Sam Owner", "USAM", "sam@firm.test", "Owner", "", "", "three"])
    person.append_row("Team", ["Ana Lead", "UANA", "ana@firm.test", "Coordinator", "", "", "4"])
    for _ in range(2):
        snapshot = sheet_log.snapshot(max_age=0)

    sam, ana = sorted(snapshot.team, key=lambda m: m.name, reverse=True)
    assert (sam.capacity(10), ana.capacity(10)) == (10, 4)
    (problem,) = problems(told)
    column = chr(ord("A") + person.rows("Team")[0].index("Max active"))
    assert problem.startswith(f"Team!{column}2 (Max active): “three” is not a number")
    assert "Sam Owner is given up to DEFAULT_MAX_ACTIVE" in problem
