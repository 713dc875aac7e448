"""SheetLog through real gspread over HTTP to the Sheets stand-in: reads, appends, updates, row
identity while people edit the sheet, hand-typed rows, RAW text, and API-call budgets."""

from __future__ import annotations

import time

import pytest
import time_machine
from helpers_log import by_id, logged, referral, table, wait_until

from bot.domain.referral import Activity
from bot.errors import ReferralNotFoundError, SchemaError
from bot.log import ops
from bot.log.base import Adoption
from bot.log.mapping import column_letter
from bot.log.ops import ID_TAG
from bot.log.outbox import Outbox
from bot.log.riding import ACTIVITY_RIDE_SECONDS
from bot.log.sheet import SheetLog
from bot.schema import load_schema


def test_append_is_one_batch_update_with_its_activity_row(stand_in, sheet_log, person):
    sheet_log.snapshot()
    stand_in.reset_calls()
    stored = sheet_log.append_referral(referral("Jane Doe"), logged())
    assert stored.id == "R-0001"
    assert sheet_log.flush(timeout=5)
    assert dict(stand_in.calls) == {"spreadsheets.batchUpdate": 1}
    assert by_id(person)["R-0001"]["Lead name"] == "Jane Doe"
    (activity,) = table(person, "Activity")
    assert (activity["Referral ID"], activity["What"], activity["Who"]) == (
        "R-0001",
        "Logged",
        "Ann",
    )
    assert len(activity["Event ID"]) == 16


def test_ids_continue_from_the_sheet(sheet_log, person):
    person.append_row("Referrals", ["R-0041", "2024-01-01 10:00", "Old lead", "", "", "", "Bo"])
    assert sheet_log.append_referral(referral("Next"), logged()).id == "R-0042"
    assert sheet_log.append_referral(referral("After"), logged()).id == "R-0043"


def test_snapshot_is_one_call_cached_and_refreshed_on_demand(stand_in, make_log, person):
    clock = [100.0]
    sheet_log = make_log(clock=lambda: clock[0])
    person.append_row("Team", ["Ann", "U1", "ann@firm.com", "Coordinator"])
    snap = sheet_log.snapshot()
    assert dict(stand_in.calls) == {"spreadsheets.get": 1}
    assert snap.member("U1").is_coordinator
    clock[0] += 29
    assert sheet_log.snapshot() is snap
    assert stand_in.calls["spreadsheets.get"] == 1
    clock[0] += 2  # older than SNAPSHOT_MAX_AGE_SECONDS (30)
    sheet_log.snapshot()
    sheet_log.snapshot(max_age=0)
    assert dict(stand_in.calls) == {"spreadsheets.get": 3}


def test_snapshot_reads_its_own_pending_writes(make_log):
    sheet_log = make_log(start=False)  # the writer never runs: everything stays queued
    sheet_log.snapshot()
    stored = sheet_log.append_referral(referral("Jane Doe"), logged())
    sheet_log.update({stored.id: {"stage": "Contacted"}}, [])
    assert sheet_log.snapshot().find(stored.id).stage == "Contacted"


def test_update_is_one_call_and_writes_only_the_given_cells(stand_in, sheet_log, person):
    stored = sheet_log.append_referral(referral("Jane Doe", company="Acme"), logged())
    sheet_log.flush(timeout=5)
    sheet_log.snapshot(max_age=0)  # reads the fresh row and tags it
    person.set_cell("Referrals", "D2", "Acme Ltd (typed by a partner)")
    stand_in.reset_calls()
    sheet_log.update({stored.id: {"stage": "Contacted", "touches": "1"}}, [])
    assert sheet_log.flush(timeout=5)
    assert dict(stand_in.calls) == {"spreadsheets.values.batchUpdateByDataFilter": 1}
    row = by_id(person)[stored.id]
    assert (row["Stage"], row["Touches"]) == ("Contacted", "1")
    assert row["Company"] == "Acme Ltd (typed by a partner)"


def tagged_referral(sheet_log, stand_in, name: str = "Jane Doe"):
    stored = sheet_log.append_referral(referral(name), logged())
    assert sheet_log.flush(timeout=5)
    sheet_log.snapshot(max_age=0)
    stand_in.reset_calls()
    return stored


def settled(sheet_log) -> list[str]:
    """Once the writer sent what is due (no flush, which would send the rest too): what waits."""
    kinds = lambda: [e.kind for e in sheet_log.outbox.pending()]  # noqa: E731
    assert wait_until(lambda: set(kinds()) <= {"activity"})
    return kinds()


def test_an_answer_is_one_write_and_its_activity_rides_with_the_next_capture(
    stand_in, sheet_log, person
):
    stored = tagged_referral(sheet_log, stand_in)
    touch = Activity("2024-05-02 10:00", stored.id, "Ann", "Touch", "called")
    sheet_log.update({stored.id: {"touches": "1"}}, [touch])
    assert settled(sheet_log) == ["activity"]
    assert dict(stand_in.calls) == {"spreadsheets.values.batchUpdateByDataFilter": 1}
    assert by_id(person)[stored.id]["Touches"] == "1"
    assert [a["What"] for a in table(person, "Activity")] == ["Logged"]
    # The bot's own figures see the row that waits.
    assert [a.what for a in sheet_log.read_activity()] == ["Logged", "Touch"]
    stand_in.reset_calls()
    sheet_log.append_referral(referral("John Roe"), logged())
    assert sheet_log.outbox.wait_empty(timeout=5)
    assert dict(stand_in.calls) == {"spreadsheets.batchUpdate": 1}
    activity = table(person, "Activity")
    assert [(a["Referral ID"], a["What"]) for a in activity] == [
        (stored.id, "Logged"),
        (stored.id, "Touch"),
        ("R-0002", "Logged"),
    ]


def test_a_flush_sends_the_activity_that_waits_at_once(stand_in, sheet_log, person):
    stored = tagged_referral(sheet_log, stand_in)
    touch = Activity("2024-05-02 10:00", stored.id, "Ann", "Touch", "called")
    sheet_log.update({stored.id: {"touches": "1"}}, [touch])
    assert sheet_log.flush(timeout=5)
    assert stand_in.calls["spreadsheets.values.batchUpdateByDataFilter"] == 1
    assert stand_in.calls["spreadsheets.batchUpdate"] == 1
    assert [a["What"] for a in table(person, "Activity")] == ["Logged", "Touch"]


def test_answers_activity_goes_in_one_call_when_its_ride_is_over(stand_in, sheet_log, person):
    stored = tagged_referral(sheet_log, stand_in)
    for n in (1, 2, 3):
        touch = Activity(f"2024-05-02 10:0{n}", stored.id, "Ann", "Touch", f"call {n}")
        sheet_log.update({stored.id: {"touches": str(n)}}, [touch])
    assert settled(sheet_log) == ["activity"] * 3
    stand_in.reset_calls()
    with time_machine.travel(time.time() + ACTIVITY_RIDE_SECONDS, tick=True):
        sheet_log.writer.kick()  # in production its own wait ends then
        assert sheet_log.outbox.wait_empty(timeout=5)
    assert dict(stand_in.calls) == {"spreadsheets.batchUpdate": 1}
    details = [a["Details"] for a in table(person, "Activity")[1:]]
    assert details == ["call 1", "call 2", "call 3"]


def test_an_update_right_after_a_capture_is_one_write_by_tag(stand_in, sheet_log, person):
    stored = sheet_log.append_referral(referral("Jane Doe"), logged())
    sheet_log.flush(timeout=5)
    stand_in.reset_calls()
    sheet_log.update({stored.id: {"stage": "Contacted"}}, [])
    assert sheet_log.flush(timeout=5)
    assert by_id(person)[stored.id]["Stage"] == "Contacted"
    # The row was born tagged: no read to find it, no tag to write first.
    assert dict(stand_in.calls) == {"spreadsheets.values.batchUpdateByDataFilter": 1}


def test_a_burst_of_captures_is_coalesced(stand_in, sheet_log, person):
    sheet_log.snapshot()
    stand_in.reset_calls()
    stand_in.faults.quota_per_minute = 60
    for n in range(30):
        sheet_log.append_referral(referral(f"Lead {n}"), logged())
    assert sheet_log.flush(timeout=10)
    assert len(table(person)) == 30
    assert sum(stand_in.calls.values()) <= 5


def test_update_of_an_unknown_referral_is_refused(sheet_log):
    sheet_log.snapshot()
    with pytest.raises(ReferralNotFoundError, match="R-0099"):
        sheet_log.update({"R-0099": {"stage": "Won"}}, [])


def id_tags(person) -> list[dict]:
    return [m for m in person.developer_metadata() if m["metadataKey"] == ID_TAG]


def test_a_capture_is_one_write_and_its_row_is_born_tagged(stand_in, sheet_log, person):
    sheet_log.snapshot()
    stand_in.reset_calls()
    sheet_log.append_referral(referral("Jane Doe"), logged())
    sheet_log.flush(timeout=5)
    assert dict(stand_in.calls) == {"spreadsheets.batchUpdate": 1}
    tags = id_tags(person)
    assert [t["metadataValue"] for t in tags] == ["R-0001"]
    assert tags[0]["location"]["dimensionRange"]["startIndex"] == 1
    assert tags[0]["metadataId"] == ops.tag_id(1)


def test_new_rows_go_below_the_data_even_from_a_read_older_than_them(sheet_log, person):
    sheet_log.snapshot()
    first = sheet_log.append_referral(referral("First"), logged())
    sheet_log.flush(timeout=5)
    person.append_row("Referrals", ["", "", "Typed By Hand"])
    second = sheet_log.append_referral(
        referral("Second"), logged()
    )  # the cached read predates both
    sheet_log.flush(timeout=5)
    assert [r["Lead name"] for r in table(person)] == ["First", "Second", "Typed By Hand"]
    assert {
        m["metadataValue"]: m["location"]["dimensionRange"]["startIndex"] for m in id_tags(person)
    } == {first.id: 1, second.id: 2}


def test_rows_deleted_under_the_insert_position_are_read_again(sheet_log, person):
    for name in ("Abe", "Bea", "Cy"):
        sheet_log.append_referral(referral(name), logged())
    sheet_log.flush(timeout=5)
    sheet_log.snapshot(max_age=0)
    worksheet = sheet_log.spreadsheet.worksheet("Referrals")
    worksheet.resize(rows=4)  # the grid ends just below the data
    person.delete_rows("Referrals", 2, 2)  # the cached read's end is now past the grid
    stored = sheet_log.append_referral(referral("Dee"), logged())
    assert sheet_log.flush(timeout=5)
    assert by_id(person)[stored.id]["Lead name"] == "Dee"
    assert sheet_log.outbox.failures() == []


def test_updates_land_on_their_referral_while_people_sort_insert_and_delete(
    stand_in, sheet_log, person
):
    names = ["Cara", "Abe", "Dan", "Bea", "Eve"]
    ids = {sheet_log.append_referral(referral(n), logged()).id: n for n in names}
    sheet_log.flush(timeout=5)
    sheet_log.snapshot(max_age=0)  # the bot's read: rows tagged at their current places
    person.sort_rows("Referrals", "Lead name")
    person.insert_rows("Referrals", 2, 3)
    person.delete_rows("Referrals", 2, 1)
    person.sort_rows("Referrals", "Lead name", descending=True)
    stand_in.reset_calls()
    sheet_log.update({rid: {"next_step": f"call {name}"} for rid, name in ids.items()}, [])
    assert sheet_log.flush(timeout=5)
    assert dict(stand_in.calls) == {"spreadsheets.values.batchUpdateByDataFilter": 1}
    for rid, row in by_id(person).items():
        assert row["Next step"] == f"call {row['Lead name']}", rid
    assert len(by_id(person)) == 5


def test_people_reorder_and_add_columns(sheet_log, person):
    first = sheet_log.append_referral(referral("Jane Doe"), logged())
    sheet_log.flush(timeout=5)
    person.move_column("Referrals", "Stage", 1)
    person.move_column("Referrals", "ID", 6)
    person.rename_column("Referrals", "Lead name", "  LEAD NAME ")  # trim + casefold still match
    sheet_log.spreadsheet.worksheet("Referrals").add_cols(2)  # a person widens the grid
    person.set_cell(
        "Referrals", column_letter(len(load_schema().tab("referrals").keys)) + "1", "Partner notes"
    )
    snap = sheet_log.snapshot(max_age=0)
    assert snap.find(first.id).lead_name == "Jane Doe"
    second = sheet_log.append_referral(referral("Sam Roe", stage="Contacted"), logged())
    sheet_log.update({first.id: {"stage": "Won"}}, [])
    sheet_log.flush(timeout=5)
    rows = by_id(person)
    assert rows[first.id]["Stage"] == "Won"
    assert (rows[second.id]["  LEAD NAME "], rows[second.id]["Stage"]) == ("Sam Roe", "Contacted")
    assert table(person)[0]["Partner notes"] == ""


def test_missing_required_column_stops_with_its_name(sheet_log, person):
    person.rename_column("Referrals", "Lead name", "Lead")
    with pytest.raises(SchemaError, match="Referrals is missing the column 'Lead name'"):
        sheet_log.snapshot()


def test_hand_typed_rows_are_untracked_then_adopted_and_tagged(stand_in, sheet_log, person):
    sheet_log.append_referral(referral("Jane Doe"), logged())
    sheet_log.flush(timeout=5)
    person.append_row(
        "Referrals", ["", "", "Hand Typed", "Typed Co", "", "0044 20 7946 0000", "Bo"]
    )
    snap = sheet_log.snapshot(max_age=0)
    (row,) = snap.untracked
    assert (row.lead_name, row.lead_phone) == ("Hand Typed", "0044 20 7946 0000")
    note = Activity("2024-05-03 08:00", "", "bot", "Edited in sheet", "adopted")
    stand_in.reset_calls()
    (new_id,) = sheet_log.adopt([Adoption(row, {"stage": "New", "channel": "Sheet"}, (note,))])
    assert new_id == "R-0002"
    assert sheet_log.flush(timeout=5)
    # Tag where the read saw it, confirm by a data-filter read, write by the tag; Activity after.
    assert dict(stand_in.calls) == {
        "spreadsheets.batchUpdate": 2,
        "spreadsheets.values.batchGetByDataFilter": 1,
        "spreadsheets.values.batchUpdateByDataFilter": 1,
    }
    snap = sheet_log.snapshot()
    assert snap.untracked == () and snap.find(new_id).channel == "Sheet"
    tags = {m["metadataValue"] for m in id_tags(person)}
    assert new_id in tags
    assert [a["Referral ID"] for a in table(person, "Activity")] == ["R-0001", new_id]
    person.sort_rows("Referrals", "Lead name", descending=True)
    sheet_log.update({new_id: {"stage": "Contacted"}}, [])
    sheet_log.flush(timeout=5)
    assert by_id(person)[new_id]["Lead name"] == "Hand Typed"
    assert by_id(person)[new_id]["Stage"] == "Contacted"


def test_a_retyped_id_is_trusted_and_retagged(sheet_log, person):
    sheet_log.append_referral(referral("Jane Doe"), logged())
    sheet_log.flush(timeout=5)
    sheet_log.snapshot(max_age=0)
    person.set_cell("Referrals", "A2", "R-0077")
    assert sheet_log.snapshot(max_age=0).find("R-0077").lead_name == "Jane Doe"
    tags = [m["metadataValue"] for m in id_tags(person)]
    assert tags == ["R-0077"]
    sheet_log.update({"R-0077": {"stage": "Won"}}, [])
    sheet_log.flush(timeout=5)
    assert by_id(person)["R-0077"]["Stage"] == "Won"


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil.example","x")', "+1", "-2", "@x"])
def test_formula_looking_text_stays_text(sheet_log, person, text):
    stored = sheet_log.append_referral(referral(text, context=text), logged())
    sheet_log.flush(timeout=5)
    sheet_log.snapshot(max_age=0)
    sheet_log.update({stored.id: {"next_step": text}}, [])
    sheet_log.flush(timeout=5)
    row = by_id(person)[stored.id]
    assert (row["Lead name"], row["Context"], row["Next step"]) == (text, text, text)
    for a1 in ("C2", "K2", "P2"):
        assert person.cell("Referrals", a1)["userEnteredValue"] == {"stringValue": text}


def test_phone_with_leading_zeros_stays_text(sheet_log, person):
    stored = sheet_log.append_referral(referral("Jane", lead_phone="0044 20 7946 0000"), logged())
    sheet_log.flush(timeout=5)
    assert sheet_log.snapshot(max_age=0).find(stored.id).lead_phone == "0044 20 7946 0000"
    assert person.cell("Referrals", "F2")["userEnteredValue"] == {
        "stringValue": "0044 20 7946 0000"
    }


def test_a_number_typed_by_a_person_reads_as_its_text(sheet_log, person):
    stored = sheet_log.append_referral(referral("Jane"), logged())
    sheet_log.flush(timeout=5)
    person.set_cell("Referrals", "L2", "25000")
    found = sheet_log.snapshot(max_age=0).find(stored.id)
    assert found.est_value == "25,000.00"  # as the column's currency format shows it
    assert found.value == 25000


def test_an_unprovisioned_sheet_says_to_run_init_sheet(blank_spreadsheet, settings):
    sheet_log = SheetLog(blank_spreadsheet, load_schema(), settings, Outbox(), start=False)
    with pytest.raises(SchemaError, match="init-sheet"):
        sheet_log.snapshot()


def test_the_log_keeps_showing_its_own_writes_after_they_landed(sheet_log):
    sheet_log.snapshot(max_age=0)
    stored = sheet_log.append_referral(referral("Jane Doe"), logged())
    assert sheet_log.flush(timeout=5)
    sheet_log.update({stored.id: {"stage": "Contacted"}}, [])
    assert sheet_log.flush(timeout=5)

    cached = sheet_log.snapshot(max_age=3600)  # no new read: the cached one plus what landed
    assert cached.find(stored.id) is not None
    assert cached.find(stored.id).stage == "Contacted"


def test_the_lead_index_follows_the_bots_writes_and_peoples_edits(sheet_log, person):
    def looked_up(**lead: str) -> list[str]:
        probe = referral(lead.pop("name", "Someone Else"), **lead)
        return [r.id for r in sheet_log.snapshot().same_lead_candidates(probe, "US")]

    sheet_log.snapshot()
    jane = referral("Jane Doe", lead_email="jane@acme.com", owner_slack_id="U1")
    jane = sheet_log.append_referral(jane, logged())
    assert looked_up(lead_email="jane@acme.com") == [jane.id]  # queued, not yet read back
    assert sheet_log.snapshot().active_counts() == {"U1": 1}
    sheet_log.update({jane.id: {"lead_phone": "+14155550132"}}, [])  # a merge fills a blank
    assert looked_up(lead_phone="(415) 555-0132") == [jane.id]
    sheet_log.flush(timeout=5)
    sheet_log.snapshot(max_age=0)
    email = column_letter(load_schema().tab("referrals").keys.index("lead_email"))
    person.set_cell("Referrals", f"{email}2", "j.doe@globex.io")  # a person retypes the email
    sheet_log.snapshot(max_age=0)
    assert looked_up(lead_email="j.doe@globex.io") == [jane.id]
    assert looked_up(name="Jayne Do") == [jane.id]
    assert sheet_log.snapshot().active_counts() == {"U1": 1}
    sheet_log.update({jane.id: {"stage": "Won"}}, [])
    assert sheet_log.snapshot().active_counts() == {}


def test_a_read_reuses_the_rows_nobody_changed(sheet_log, person):
    for name in ("Jane Doe", "Sam Roe"):
        sheet_log.append_referral(referral(name), logged())
    sheet_log.flush(timeout=5)
    first = {r.id: r for r in sheet_log.snapshot(max_age=0).referrals}
    stage = column_letter(load_schema().tab("referrals").keys.index("stage"))
    person.set_cell("Referrals", f"{stage}3", "Won")  # a person closes Sam Roe's referral
    again = {r.id: r for r in sheet_log.snapshot(max_age=0).referrals}
    assert again["R-0001"] is first["R-0001"]  # one copy in memory, not one per read
    assert again["R-0002"] is not first["R-0002"]
    assert again["R-0002"].stage == "Won"


def test_rows_tagged_under_the_first_key_are_still_found_and_written_by_tag(
    stand_in, make_log, person
):
    first = make_log()
    stored = first.append_referral(referral("Jane Doe"), logged())
    first.flush(timeout=5)

    def tagged_before(ss) -> None:  # as a sheet tagged by an earlier version holds it
        for meta in ss.metadata.values():
            if meta["metadataKey"] == ID_TAG:
                meta["metadataKey"] = ops.FIRST_ID_TAG

    stand_in.mutate(person.spreadsheet_id, tagged_before)
    later = make_log()
    stand_in.reset_calls()
    later.snapshot(max_age=0)
    assert dict(stand_in.calls) == {"spreadsheets.get": 1}  # tagged: no tag to write
    later.update({stored.id: {"stage": "Contacted"}}, [])
    assert later.flush(timeout=5)
    assert by_id(person)[stored.id]["Stage"] == "Contacted"
    assert stand_in.calls["spreadsheets.values.batchUpdateByDataFilter"] == 1
    assert [
        m["metadataKey"]
        for m in person.developer_metadata()
        if "location" in m and m["location"].get("locationType") == "ROW"
    ] == [ops.FIRST_ID_TAG]


def test_a_tag_is_a_few_characters_so_150_000_rows_fit_googles_metadata_cap():
    per_row = len(ops.ID_TAG) + len("R-150000")
    assert per_row * 150_000 <= 2_000_000
