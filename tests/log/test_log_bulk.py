"""Appending many referrals at once (an import's batch): one outbox transaction, one call to
Google, every row with its Activity, IDs in order."""

from __future__ import annotations

from helpers_log import logged, referral, table

from bot.log.events import recorded_event_ids
from bot.log.outbox import Outbox


def test_many_referrals_are_queued_together_and_land_in_order(stand_in, make_log, person):
    outbox = Outbox()
    log = make_log(outbox=outbox)
    log.append_referral(referral("First"), logged())
    assert log.flush(5)
    stand_in.reset_calls()
    with log.holding():
        stored = log.append_referrals([(referral(f"Lead {n}"), logged()) for n in range(3)])
        assert len(outbox.pending()) == 3  # durable before anything is sent
    assert [r.id for r in stored] == ["R-0002", "R-0003", "R-0004"]
    assert log.flush(5)
    assert stand_in.calls["spreadsheets.batchUpdate"] == 1  # three rows, one write
    rows = table(person)
    assert [(r["ID"], r["Lead name"]) for r in rows] == [
        ("R-0001", "First"),
        ("R-0002", "Lead 0"),
        ("R-0003", "Lead 1"),
        ("R-0004", "Lead 2"),
    ]
    assert [a["Referral ID"] for a in table(person, "Activity")] == [r["ID"] for r in rows]


def test_recorded_event_ids_include_the_sheet_and_the_outbox(make_log):
    log = make_log(start=False)  # nothing is sent: the entries stay in the outbox
    log.append_referrals([(referral("Queued"), logged())])
    (entry,) = log.outbox.pending()
    queued = entry.payload["activity"][0]["event_id"]
    assert recorded_event_ids(log, timeout=0.1) == {queued}
