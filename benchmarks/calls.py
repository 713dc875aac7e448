"""Section 1: Sheets API calls per action, counted by the stand-in (`stand_in.calls`)."""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks import dataset
from benchmarks.report import Row, Section, count, ratio
from benchmarks.rig import Rig
from benchmarks.workload import Leads, Tally, counted
from bot.domain import referral as R
from bot.domain.referral import Referral
from bot.services.types import Actor, Submission

HOW = """\
Each action runs once through the services (the code Slack listeners and the scheduler call), then
the log is flushed; the stand-in counts every API call it received (faults, refusals and errors
included). Ours starts from a fresh snapshot, as it does between two reads in production (a
snapshot is read again at most every `SNAPSHOT_MAX_AGE_SECONDS`, 30 s by default, in the
background). The DM button is *Follow-up sent* on an open referral whose row is already tagged.
Reads and writes are counted apart, as Google's per-minute quotas count them."""


@dataclass
class Counts:
    capture: Tally
    button: Tally
    sweep: Tally
    tagging: Tally | None
    sweep_changes: str


def run(sizes: list[int]) -> Section:
    section = Section("1. Sheets API calls per action", HOW)
    for size in sizes:
        rows = dataset.generate(size)
        ours, naive = measure(rows, naive=False), measure(rows, naive=True)
        section.rows += _rows(size, ours, naive)
        section.notes.append(f"The sweep at {size:,} referrals {ours.sweep_changes}.")
        batches = max(ours.sweep.row_writes, ours.sweep.appends)
        if batches > 1:
            section.notes.append(
                f"At {size:,} the sweep's changes left in {batches} batches: they were queued "
                "while it ran, and the writer thread sent what was queued before the sweep had "
                "finished (the count varies from run to run)."
            )
    section.notes += [
        "A capture's row is born tagged: one batchUpdate inserts the row where the data ends, "
        "writes its cells, creates its ID tag (with a metadata ID of our choosing, so a retried "
        "copy cannot make a second row) and appends its Activity row. The next read of the log "
        "has no tag left to write, which the 'next read' row counts.",
        "Ours writes the changed cells of a row with one values:batchUpdateByDataFilter (rows "
        "found by their ID tag) and its Activity rows with one batchUpdate (appendCells): two "
        "calls, both shown.",
    ]
    return section


def measure(rows: list[Referral], naive: bool) -> Counts:
    rig = Rig(rows, naive=naive, serve=False)
    try:
        desk, log, sheets = rig.bot.desk, rig.bot.log, rig.sheets
        if not naive:
            log.snapshot(max_age=0)

        def settle() -> None:
            log.flush(60)

        leads = Leads(seed=11)
        capture = counted(sheets, lambda: _capture(desk, leads), settle)
        tagging = None if naive else counted(sheets, lambda: log.snapshot(max_age=0), settle)
        target = _open_referral(rows)
        owner = Actor(target.owner_slack_id)
        button = counted(
            sheets, lambda: desk.record_followup(target.id, owner, R.FOLLOWUP_SENT), settle
        )
        if naive:
            log.rows_from_read = True  # a sweep writes at the rows it has just read
        reports = []
        sweep = counted(sheets, lambda: reports.append(desk.sweep()), settle)
        return Counts(capture, button, sweep, tagging, _changes(reports[0]))
    finally:
        rig.stop()


def _capture(desk, leads: Leads) -> None:
    parsed = desk.parse_refer_text(leads.line())
    if not isinstance(parsed, Submission):
        raise RuntimeError(f"the benchmark's lead did not parse: {parsed}")
    outcome = desk.refer(parsed, Actor(dataset.SUBMITTER.user_id))
    if outcome.status != "logged":
        raise RuntimeError(f"the benchmark's capture was not logged: {outcome.status}")


def _open_referral(rows: list[Referral]) -> Referral:
    return next(r for r in rows if r.stage == R.CONTACTED and r.touch_count in (1, 2))


def _changes(report) -> str:
    return (
        f"sent {count(len(report.lists), 'morning list')} ({count(len(report.listed), 'step')}), "
        f"{count(len(report.nudged), 'urgent nudge')} and a review post of "
        f"{count(len(report.reviewed), 'line')}, and took in "
        f"{count(len(report.edits), 'edit')} people made in the sheet"
    )


def _rows(size: int, ours: Counts, naive: Counts) -> list[Row]:
    at = f"at {size:,} referrals"
    sweep_writes = ours.sweep.writes
    return [
        Row(
            f"Capture {at}: API calls",
            ours.capture.brief(),
            naive.capture.brief(),
            ratio(naive.capture.total, ours.capture.total),
            "1 write, reads from the snapshot",
            ours.capture.writes == 1 and ours.capture.reads == 0,
        ),
        Row(
            f"The next read of the log after a capture {at}",
            ours.tagging.brief() if ours.tagging else "—",
            "no tags",
            target="1 read, no tag write",
            met=ours.tagging is not None and ours.tagging.writes == 0,
        ),
        Row(
            f"DM button on a tagged row {at}: API calls",
            f"{ours.button.brief()}: {ours.button.row_writes} for the row, "
            f"{count(ours.button.appends, 'Activity append')}",
            naive.button.brief(),
            ratio(naive.button.total, ours.button.total),
            "1 call",
            ours.button.total == 1,
        ),
        Row(
            f"Sweep {at}: API calls",
            f"{ours.sweep.brief()}: {ours.sweep.row_writes} for rows, "
            f"{count(ours.sweep.appends, 'Activity append')}",
            naive.sweep.brief(),
            ratio(naive.sweep.total, ours.sweep.total),
            "1 read + at most 1 write",
            ours.sweep.reads == 1 and sweep_writes <= 1,
        ),
    ]
