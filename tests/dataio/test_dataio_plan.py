"""The import plan: each row judged as a capture would be (duplicates, conflicts, attribution,
routing), original dates, stages and owners kept, and rows done by an earlier run left alone."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.config import Settings
from bot.dataio.columns import suggest
from bot.dataio.importing import apply_plan
from bot.dataio.plan import CONFLICT, DONE, DUPLICATE, INVALID, NEW, Planner, Rules, row_key
from bot.dataio.tables import SourceRow, Table
from bot.domain import referral as R
from bot.domain.referral import Referral, TeamMember
from bot.log.base import MemoryLog
from bot.schema import load_schema

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
HEADERS = ("Client", "Email", "Referrer", "Referrer email", "How introduced", "Date", "Status",
           "Owner")  # fmt: skip
TEAM = (
    TeamMember(name="Sam Lee", slack_user_id="USAM", role="Owner"),
    TeamMember(name="Ana Ruiz", slack_user_id="UANA", role="Coordinator"),
)
EXISTING = Referral(
    id="R-0007",
    received="2026-02-20 10:00",
    lead_name="Jane Doe",
    lead_email="jane@acme.com",
    referred_by="Alex Kim",
    referrer_email="alex@client.com",
    stage=R.NEW,
    owner="Sam Lee",
    owner_slack_id="USAM",
)


def table(*rows: tuple[str, ...]) -> Table:
    return Table(
        "old.csv",
        HEADERS,
        tuple(SourceRow(n, cells) for n, cells in enumerate(rows, start=2)),
    )


def plan(source: Table, log: MemoryLog, done: set[str] = frozenset()):
    settings = Settings({"FIRM_TIMEZONE": "UTC", "DEFAULT_PHONE_REGION": "GB"})
    mapping = suggest(source.headers, load_schema())
    return Planner(source, mapping, log.snapshot(), Rules.from_settings(settings, NOW)).plan(done)


def memory_log() -> MemoryLog:
    return MemoryLog(referrals=[EXISTING], team=TEAM)


def test_a_new_row_keeps_its_dates_stage_and_owner_and_gets_what_a_capture_fills_in():
    log = memory_log()
    source = table(
        ("Bob Roe", "bob@roe.com", "Pat Lee", "pat@partner.com", "Email intro", "05/01/2025",
         "won", "Sam Lee"),
    )  # fmt: skip
    result = plan(source, log)
    apply_plan(result, log, lambda n, total: None)
    (row,) = result.rows
    assert row.kind == NEW
    bob = log.referrals[-1]
    assert (bob.id, bob.received, bob.stage, bob.owner, bob.owner_slack_id) == (
        "R-0008",
        "2025-01-05 00:00",
        R.WON,
        "Sam Lee",
        "USAM",
    )
    assert bob.channel == "Import" and bob.logged_by == "Import"
    assert bob.attribution_confidence == R.CONFIDENCE_HIGH  # named, email, documented intro
    (logged,) = [a for a in log.activity if a.referral_id == "R-0008"]
    assert (logged.what, logged.details) == ("Logged", "Imported from old.csv, row 2")
    assert logged.event_id == row_key("old.csv", source.rows[0])


def test_a_row_with_no_owner_is_routed_like_a_capture():
    log = memory_log()
    result = plan(table(("Cy Poe", "cy@poe.com", "", "", "", "", "", "")), log)
    apply_plan(result, log, lambda n, total: None)
    cy = log.referrals[-1]
    assert cy.owner == "Ana Ruiz" and cy.stage == R.NEW  # the least loaded (Sam has R-0007)
    assert cy.attribution_confidence == R.CONFIDENCE_LOW  # no referrer
    assert [a.what for a in log.activity] == ["Logged", "Assigned"]


def test_the_same_lead_from_the_same_referrer_is_a_duplicate_noted_on_the_record():
    log = memory_log()
    result = plan(table(("Jane Doe", "JANE@acme.com", "Alex Kim", "", "", "", "", "")), log)
    assert [r.kind for r in result.rows] == [DUPLICATE]
    apply_plan(result, log, lambda n, total: None)
    assert len(log.referrals) == 1
    (note,) = log.activity
    assert (note.referral_id, note.what) == ("R-0007", "Duplicate merged")
    assert note.details.endswith("Imported from old.csv, row 2.")


def test_the_same_lead_from_another_referrer_is_a_conflict_first_keeps_credit():
    log = memory_log()
    result = plan(table(("Jane Doe", "jane@acme.com", "Pat Lee", "", "", "", "", "")), log)
    assert [r.kind for r in result.rows] == [CONFLICT]
    apply_plan(result, log, lambda n, total: None)
    jane = log.referrals[0]
    assert jane.referred_by == "Alex Kim"
    assert jane.attribution_confidence == R.CONFIDENCE_DISPUTED
    assert "Also referred by Pat Lee" in jane.conflict


def test_repeats_within_the_file_land_on_the_record_the_first_row_makes():
    log = memory_log()
    source = table(
        ("Bob Roe", "bob@roe.com", "Pat Lee", "", "", "", "", ""),
        ("Bob Roe", "bob@roe.com", "Pat Lee", "", "", "", "", ""),
        ("Bob Roe", "bob@roe.com", "Kim Ray", "", "", "", "", ""),
    )
    result = plan(source, log)
    assert [r.kind for r in result.rows] == [NEW, DUPLICATE, CONFLICT]
    applied = apply_plan(result, log, lambda n, total: None)
    assert log.writes == 1  # the record and both notes in one append
    assert applied.ids == {2: "R-0008", 3: "R-0008", 4: "R-0008"}
    bob = log.referrals[-1]
    assert bob.attribution_confidence == R.CONFIDENCE_DISPUTED
    whats = [a.what for a in log.activity if a.referral_id == "R-0008"]
    assert whats == ["Logged", "Assigned", "Duplicate merged", "Conflict flagged"]


def test_invalid_rows_say_why_and_rows_done_before_are_left_alone():
    log = memory_log()
    source = table(
        ("", "", "Alex Kim", "", "", "", "", ""),
        ("Dee Fox", "dee@fox.com", "", "", "", "next week", "", ""),
        ("Eve Li", "eve@li.com", "", "", "", "", "", ""),
    )
    result = plan(source, log, done={row_key("old.csv", source.rows[2])})
    assert [(r.kind, r.reason) for r in result.rows] == [
        (INVALID, "no lead: it needs a name, an email or a phone"),
        (INVALID, "received 'next week' is not a date"),
        (DONE, "imported by an earlier run"),
    ]
    apply_plan(result, log, lambda n, total: None)
    assert log.writes == 0


def test_progress_is_told_after_each_batch():
    log = memory_log()
    rows = [(f"Lead {chr(65 + i)}", f"l{i}@x{i}.com", "", "", "", "", "", "") for i in range(5)]
    seen: list[tuple[int, int]] = []
    apply_plan(plan(table(*rows), log), log, lambda n, total: seen.append((n, total)), batch_rows=2)
    assert seen == [(2, 5), (4, 5), (5, 5)]
    assert len(log.referrals) == 6
