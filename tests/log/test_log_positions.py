"""No write addressed by a remembered row position: a row tagged where a read saw it is confirmed
before anything is written to it, and a person's sort in between costs a retry, never another
referral's cells. Changes to a referral whose own row is still queued wait for it."""

from __future__ import annotations

import pytest
from helpers_log import by_id, logged, referral, table

from bot.domain.referral import Activity
from bot.errors import SheetUnavailableError
from bot.log.base import Adoption
from bot.log.ops import ID_TAG
from bot.log.outbox import CELLS


def id_tags(person) -> dict[str, int]:
    """{referral ID: row index} of every ID tag."""
    return {
        m["metadataValue"]: m["location"]["dimensionRange"]["startIndex"]
        for m in person.developer_metadata()
        if m["metadataKey"] == ID_TAG
    }


def test_a_typed_row_that_moved_before_its_tag_is_left_alone(sheet_log, person):
    for name in ("Abe", "Cara"):
        sheet_log.append_referral(referral(name), logged())
    sheet_log.flush(timeout=5)
    person.append_row("Referrals", ["", "", "Bea"])
    read = sheet_log.refresh()
    ((index, row),) = read.untracked
    assert index == 3
    person.sort_rows("Referrals", "Lead name")  # Bea moves up; Cara (R-0002) is now where Bea was
    (adopted,) = sheet_log.delivery.adopt(read, [Adoption(row, {"stage": "New"})])
    assert adopted == ""
    rows = table(person)
    assert [(r["ID"], r["Lead name"], r["Stage"]) for r in rows] == [
        ("R-0001", "Abe", "New"),
        ("", "Bea", ""),
        ("R-0002", "Cara", "New"),
    ]
    assert id_tags(person) == {"R-0001": 1, "R-0002": 3}  # the stray tag was taken off Cara
    sheet_log.update({"R-0002": {"next_step": "call Cara"}}, [])
    sheet_log.flush(timeout=5)
    assert by_id(person)["R-0002"]["Next step"] == "call Cara"
    (fresh,) = sheet_log.snapshot(max_age=0).untracked
    (again,) = sheet_log.adopt([Adoption(fresh, {"stage": "New"})])
    assert by_id(person)[again]["Lead name"] == "Bea"
    assert id_tags(person)[again] == 2


def test_a_retyped_id_is_tagged_only_once_its_row_is_confirmed(sheet_log, person):
    for name in ("Abe", "Bea"):
        sheet_log.append_referral(referral(name), logged())
    sheet_log.flush(timeout=5)
    person.set_cell("Referrals", "A3", "R-0077")  # Bea's ID retyped
    read = sheet_log.refresh(fix_tags=False)
    assert read.untagged == {"R-0077": 2}
    person.sort_rows("Referrals", "Lead name", descending=True)  # Bea to row 2, Abe to row 3
    sheet_log.fix_tags(read)
    assert "R-0077" not in id_tags(person)
    assert id_tags(person)["R-0001"] == 2  # Abe's tag, still on Abe
    sheet_log.refresh()  # the next read tags it where it now is
    assert id_tags(person)["R-0077"] == 1
    sheet_log.update({"R-0077": {"stage": "Won"}}, [])
    sheet_log.flush(timeout=5)
    assert by_id(person)["R-0077"]["Lead name"] == "Bea"
    assert by_id(person)["R-0077"]["Stage"] == "Won"
    assert by_id(person)["R-0001"]["Stage"] == "New"


def test_changes_wait_for_their_own_row_while_writes_are_refused(stand_in, make_log, person):
    sheet_log = make_log(start=False)
    sheet_log.snapshot()
    stored = sheet_log.append_referral(referral("Jane Doe"), logged())
    touch = Activity("2024-05-02 10:00", stored.id, "Ann", "Touch", "sent")
    sheet_log.update({stored.id: {"touches": "1"}}, [touch])
    stand_in.faults.fail_next(429, 4)  # every try of the rows' write; reads still answer
    with pytest.raises(SheetUnavailableError):  # the writer thread tries again later
        sheet_log.delivery.deliver(sheet_log.outbox.pending())
    assert [e.kind for e in sheet_log.outbox.pending()].count(CELLS) == 1
    assert table(person) == []
    sheet_log.delivery.deliver(sheet_log.outbox.pending())
    assert sheet_log.outbox.pending() == []
    assert by_id(person)[stored.id]["Touches"] == "1"
    assert [a["What"] for a in table(person, "Activity")] == ["Logged", "Touch"]
