"""One contract, two stores: the same tests run against MemoryLog (what service and domain tests
use) and SheetLog on the Sheets stand-in through gspread over HTTP. A service that passes its tests
on the memory store behaves the same on the sheet only while both keep this contract."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from helpers_log import logged, referral

from bot.domain.referral import Activity, Referral
from bot.errors import ReferralNotFoundError
from bot.log.applying import applying
from bot.log.base import Adoption, MemoryLog, ReferralLog

DASHBOARD_AREA = "Dashboard!A1:B2"


@dataclass
class Store:
    """A store under test, and how a test sees what it holds from outside (as a person would)."""

    log: ReferralLog
    kind: str
    person: Any = None

    def settled(self):
        """The store as read afresh, after every acknowledged write has been delivered."""
        assert self.log.flush(timeout=10)
        return self.log.snapshot(max_age=0)

    def type_untracked_row(self, name: str, phone: str) -> None:
        """A row someone typed in by hand, without an ID."""
        if self.kind == "memory":
            self.log.untracked.append(Referral(lead_name=name, lead_phone=phone))
        else:
            self.person.append_row("Referrals", ["", "", name, "", "", phone, ""])

    def dashboard(self) -> list[list[Any]]:
        if self.kind == "memory":
            return self.log.dashboard
        return [
            [self.person.cell("Dashboard", f"{col}{row}").get("formattedValue") for col in "AB"]
            for row in (1, 2)
        ]


@pytest.fixture(params=["memory", "sheet"])
def store(request) -> Store:
    if request.param == "memory":
        return Store(MemoryLog(), "memory")
    sheet_log = request.getfixturevalue("sheet_log")
    return Store(sheet_log, "sheet", request.getfixturevalue("person"))


def test_appends_hand_out_the_next_ids_in_order(store):
    first = store.log.append_referral(referral("Jane Doe"), logged())
    rest = store.log.append_referrals(
        [(referral("Sam Roe"), logged()), (referral("Ada Ng"), logged())]
    )
    assert [first.id, *(r.id for r in rest)] == ["R-0001", "R-0002", "R-0003"]
    snap = store.settled()
    assert [(r.id, r.lead_name) for r in snap.referrals] == [
        ("R-0001", "Jane Doe"),
        ("R-0002", "Sam Roe"),
        ("R-0003", "Ada Ng"),
    ]


def test_a_write_is_read_back_before_it_reaches_the_store(store):
    stored = store.log.append_referral(referral("Jane Doe"), logged())
    store.log.update({stored.id: {"stage": "Contacted"}}, [])
    assert store.log.snapshot().find(stored.id).stage == "Contacted"  # no flush yet


def test_an_update_changes_only_the_cells_named_and_adds_its_activity(store):
    stored = store.log.append_referral(referral("Jane Doe", company="Acme"), logged())
    note = Activity("2024-05-02 10:00", stored.id, "Sam Lee", "Touch", "first email")
    store.log.update({stored.id: {"stage": "Contacted", "touches": "1"}}, [note])
    found = store.settled().find(stored.id)
    assert (found.stage, found.touches, found.company) == ("Contacted", "1", "Acme")
    activity = [(a.referral_id, a.what, a.details) for a in store.log.read_activity()]
    assert activity[-1] == (stored.id, "Touch", "first email")
    assert activity[0][:2] == (stored.id, "Logged")  # the append's activity got the new ID


def test_an_update_of_an_unknown_referral_is_refused_and_writes_nothing(store):
    stored = store.log.append_referral(referral("Jane Doe"), logged())
    store.settled()
    with pytest.raises(ReferralNotFoundError):
        store.log.update({"R-0099": {"stage": "Won"}, stored.id: {"stage": "Won"}}, [])
    assert store.settled().find(stored.id).stage == "New"
    assert [a.what for a in store.log.read_activity()] == ["Logged"]


def test_a_hand_typed_row_is_untracked_until_adopted(store):
    store.log.append_referral(referral("Jane Doe"), logged())
    store.type_untracked_row("Hand Typed", "0044 20 7946 0000")
    (row,) = store.settled().untracked
    assert row.lead_name == "Hand Typed"
    note = Activity("2024-05-03 08:00", "", "bot", "Edited in sheet", "adopted")
    (new_id,) = store.log.adopt([Adoption(row, {"stage": "New", "channel": "Sheet"}, (note,))])
    assert new_id == "R-0002"
    snap = store.settled()
    assert snap.untracked == ()
    adopted = snap.find(new_id)
    assert (adopted.lead_name, adopted.channel) == ("Hand Typed", "Sheet")
    assert (new_id, "Edited in sheet") in [
        (a.referral_id, a.what) for a in store.log.read_activity()
    ]


def test_intents_are_kept_until_forgotten(store):
    assert store.log.intent("nudge:R-0001:first_contact") == ""
    store.log.intend("nudge:R-0001:first_contact", "2024-05-02T09:00")
    assert store.log.intent("nudge:R-0001:first_contact") == "2024-05-02T09:00"
    store.log.forget_intent("nudge:R-0001:first_contact")
    assert store.log.intent("nudge:R-0001:first_contact") == ""


def test_rewriting_activity_scrubs_every_cell_and_counts_what_changed(store):
    stored = store.log.append_referral(referral("Jane Doe"), logged())
    note = Activity("2024-05-02 10:00", stored.id, "Sam Lee", "Touch", "wrote to jane@acme.com")
    store.log.update({stored.id: {"touches": "1"}}, [note])
    store.settled()
    changed = store.log.rewrite_activity(lambda text: text.replace("jane@acme.com", "[erased]"))
    assert changed == 1
    store.settled()
    details = [a.details for a in store.log.read_activity()]
    assert "wrote to [erased]" in details
    assert not any("jane@acme.com" in d for d in details)


def test_the_dashboard_area_holds_what_was_written(store):
    store.log.write_dashboard(DASHBOARD_AREA, [["Submissions", 40], ["Won", 3]])
    store.settled()
    assert [[str(cell) for cell in row] for row in store.dashboard()] == [
        ["Submissions", "40"],
        ["Won", "3"],
    ]


def test_a_write_made_while_applying_a_request_marks_that_request_applied(store):
    stored = store.log.append_referral(referral("Jane Doe"), logged())
    assert not store.log.applied("action:U0SAM:followup_sent:1.1")
    with applying("action:U0SAM:followup_sent:1.1"):
        store.log.update({stored.id: {"touches": "1"}}, [])
    store.log.update({stored.id: {"touches": "2"}}, [])  # outside any request: marks nothing
    assert store.log.applied("action:U0SAM:followup_sent:1.1")
    assert not store.log.applied("action:U0SAM:followup_sent:2.2")


def test_a_row_link_opens_the_referral_s_row_or_is_empty(store):
    stored = store.log.append_referral(referral("Jane Doe"), logged())
    store.settled()
    link = store.log.row_link(stored.id)
    if store.kind == "memory":
        assert link == ""  # no sheet: the desk falls back to the sheet's URL
    else:
        assert link.startswith(store.log.spreadsheet.url) and "range=A2" in link


@pytest.mark.parametrize("cells", [{"id": "R-0099"}, {"favourite_colour": "blue"}])
def test_an_update_of_the_id_or_an_unknown_column_is_refused_and_writes_nothing(store, cells):
    stored = store.log.append_referral(referral("Jane Doe"), logged())
    with pytest.raises(ValueError, match="cannot update columns"):
        store.log.update({stored.id: cells}, [])
    after = store.settled()
    assert [r.id for r in after.referrals] == [stored.id]
    assert after.find(stored.id).lead_name == "Jane Doe"
