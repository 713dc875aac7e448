"""Section 1: Sheets API calls per action, counted by the stand-in (`stand_in.calls`)."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from benchmarks import dataset
from benchmarks.report import Row, Section, count, ratio
from benchmarks.rig import Rig
from benchmarks.workload import Leads, Tally, counted, sent_when_due
from bot.domain import referral as R
from bot.domain.referral import Referral
from bot.log.riding import ACTIVITY_RIDE_SECONDS
from bot.services.types import Actor, Submission

HOW = """\
Each action runs once through the services (the code Slack listeners and the scheduler call), then
the writer sends what is due without a flush (a capture's row: at once; Activity rows of an answer
or a sweep wait for a ride, and the next capture's calls show them going); the stand-in counts
every API call it received (faults, refusals and errors included). Ours starts from a fresh
snapshot, as it does between two reads in production (a snapshot is read again at most every
`SNAPSHOT_MAX_AGE_SECONDS`, 30 s by default, in the background). The DM button is *Follow-up
sent* on an open referral whose row is already tagged. Reads and writes are counted apart, as
Google's per-minute quotas count them. A capture's calls include any tagging it causes, whenever
it is sent. Capture CPU is `time.thread_time()` of the thread that runs `desk.refer` (the
duplicate check, routing, queueing the row; the parse before it is not counted), over 20 more
captures of new leads. The naive log reads the sheet once per action (`get_all_records`, again
after its own write) and writes at the row that read found."""


CPU_CAPTURES = 20
CPU_TARGET = 0.020


@dataclass
class Counts:
    capture: Tally
    button: Tally
    sweep: Tally
    tagging: Tally | None
    sweep_changes: str
    riders: int = 0
    """Activity rows the button and the sweep left waiting for a ride (bot/log/riding.py)."""
    ride: Tally | None = None
    """The next capture's calls, those rows riding with it."""
    capture_cpu: list[float] = field(default_factory=list)
    """CPU seconds of the capturing thread for each of CPU_CAPTURES more captures."""


def run(sizes: list[int], naive_max: int) -> Section:
    section = Section("1. Sheets API calls and CPU per action", HOW)
    for size in sizes:
        rows = dataset.generate(size)
        ours = measure(rows, naive=False)
        naive = measure(rows, naive=True) if size <= naive_max else None
        del rows
        section.rows += _rows(size, ours, naive)
        _grow(section, size, ours)
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
        "found by their ID tag). No Sheets request can also append rows, so the Activity rows of "
        "the button and the sweep wait in the outbox and ride with the next capture's batchUpdate "
        "(the row below the sweep's); with no capture, all that waited go in one appendCells "
        f"call {int(ACTIVITY_RIDE_SECONDS)} s after the first (bot/log/riding.py).",
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

        def due_sent() -> None:
            """The Activity rows that wait for a ride are carried by the next capture instead
            (counted below); the naive log is settled as before."""
            return settle() if naive else sent_when_due(log, 60)

        def action(work):
            """One action: the naive log reads once per action, from its start."""

            def run():
                getattr(log, "begin_action", lambda: None)()
                work()

            return run

        leads = Leads(seed=11)
        capture = counted(sheets, action(lambda: _capture(desk, leads)), settle)
        tagging = None if naive else counted(sheets, lambda: log.snapshot(max_age=0), settle)
        target = _open_referral(rows)
        owner = Actor(target.owner_slack_id)
        answer = action(lambda: desk.record_followup(target.id, owner, R.FOLLOWUP_SENT))
        button = counted(sheets, answer, due_sent)
        reports = []
        sweep = counted(sheets, action(lambda: reports.append(desk.sweep())), due_sent)
        riders, ride = 0, None
        if not naive:
            riders = sum(len(e.payload["activity"]) for e in log.outbox.pending())
            ride = counted(sheets, action(lambda: _capture(desk, leads)), due_sent)
        cpu = [_timed_capture(desk, leads, log) for _ in range(CPU_CAPTURES)]
        settle()
        counts = Counts(capture, button, sweep, tagging, _changes(reports[0]), riders, ride)
        counts.capture_cpu = cpu
        return counts
    finally:
        rig.stop()


def _timed_capture(desk, leads: Leads, log) -> float:
    """CPU seconds of this thread for one capture (parsed before the clock starts)."""
    begin = getattr(log, "begin_action", None)
    if begin is not None:
        begin()  # the naive log reads once per action
    parsed = desk.parse_refer_text(leads.line())
    started = time.thread_time()
    outcome = desk.refer(parsed, Actor(dataset.SUBMITTER.user_id))
    spent = time.thread_time() - started
    if outcome.status != "logged":
        raise RuntimeError(f"the benchmark's capture was not logged: {outcome.status}")
    return spent


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


def _percentile(samples: list[float], p: float) -> float | None:
    if not samples:
        return None
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _grow(section: Section, size: int, ours: Counts) -> None:
    for figure, tally in (
        ("Capture: Sheets API calls, tagging included", ours.capture),
        ("DM button: Sheets API calls", ours.button),
        ("Sweep: Sheets API calls", ours.sweep),
    ):
        section.grow(figure, size, tally.brief(), tally.total)
    for p in (50, 100):
        value = _percentile(ours.capture_cpu, p)
        label = "p50" if p == 50 else "slowest"
        section.grow(f"Capture CPU, {label}", size, _ms(value), value)


def _ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:.1f} ms"


def _rows(size: int, ours: Counts, naive: Counts | None) -> list[Row]:
    at = f"at {size:,} referrals"
    sweep_writes = ours.sweep.writes

    def theirs(pick) -> str:
        return pick(naive) if naive else "—"

    def times(pick) -> str:
        return ratio(pick(naive), pick(ours)) if naive else "—"

    cpu = [
        Row(
            f"Capture {at}: CPU of its thread, {'p50' if p == 50 else 'slowest'} of {CPU_CAPTURES}",
            _ms(_percentile(ours.capture_cpu, p)),
            theirs(lambda c, p=p: _ms(_percentile(c.capture_cpu, p))),
            times(lambda c, p=p: _percentile(c.capture_cpu, p)),
            "≤ 20 ms",
            (_percentile(ours.capture_cpu, p) or 0) <= CPU_TARGET,
        )
        for p in (50, 100)
    ]
    return [
        Row(
            f"Capture {at}: API calls, its tagging included",
            ours.capture.brief(),
            theirs(lambda c: c.capture.brief()),
            times(lambda c: c.capture.total),
            "1 write, reads from the snapshot",
            ours.capture.writes == 1 and ours.capture.reads == 0,
        ),
        *cpu,
        Row(
            f"The next read of the log after a capture {at}",
            ours.tagging.brief() if ours.tagging else "—",
            "no tags" if naive else "—",
            target="1 read, no tag write",
            met=ours.tagging is not None and ours.tagging.writes == 0,
        ),
        Row(
            f"DM button on a tagged row {at}: API calls",
            f"{ours.button.brief()}: {ours.button.row_writes} for the row, "
            f"{count(ours.button.appends, 'Activity append')}",
            theirs(lambda c: c.button.brief()),
            times(lambda c: c.button.total),
            "1 call",
            ours.button.total == 1,
        ),
        Row(
            f"Sweep {at}: API calls",
            f"{ours.sweep.brief()}: {ours.sweep.row_writes} for rows, "
            f"{count(ours.sweep.appends, 'Activity append')}",
            theirs(lambda c: c.sweep.brief()),
            times(lambda c: c.sweep.total),
            "1 read + at most 1 write",
            ours.sweep.reads == 1 and sweep_writes <= 1,
        ),
        Row(
            f"The next capture {at}, carrying the {count(ours.riders, 'Activity row')} the "
            "button and the sweep left waiting: API calls",
            ours.ride.brief() if ours.ride else "—",
            "— (no rows wait)" if naive else "—",
            target="1 write",
            met=ours.ride is not None and ours.ride.writes == 1 and ours.ride.reads == 0,
        ),
    ]
