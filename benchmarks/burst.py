"""Section 3: a burst of captures within one second, under Google's per-user quota."""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from benchmarks import dataset
from benchmarks.report import Row, Section, ratio, secs
from benchmarks.rig import Rig, TimedDriver
from benchmarks.workload import Leads, Tally, as_slack_sends, email_in, tally, wait_for
from sandbox.sheets import Person

SLACK_WAITS = 3.0
HOW = """\
{count} `/refer <complete text>` commands leave {count} threads within one second, each through its
own signed connection, to a bot whose log holds {size} referrals. The Sheets stand-in enforces
{quota} requests per minute (reads and writes counted apart, as Google does) and answers every call
after {latency:.0f} ms. After the burst the log is flushed and the Referrals tab is read back."""


@dataclass
class Burst:
    acks: list[float] = field(default_factory=list)
    in_time: int = 0
    landed_after: float | None = None
    """Seconds from the first command until every capture was in the sheet."""
    replied_after: float | None = None
    """Seconds from the first command until every "Logged" reply was in Slack."""
    copies: Counter = field(default_factory=Counter)
    calls: Tally = field(default_factory=Tally)


def run(sizes: list[int], count: int, quota: int, latency: float, naive_max: int) -> Section:
    how = HOW.format(
        count=count, size=" / ".join(f"{n:,}" for n in sizes), quota=quota, latency=latency * 1000
    )
    section = Section(f"3. A burst of {count} captures in one second", how)
    for size in sizes:
        rows = dataset.generate(size)
        ours = measure(rows, False, count, quota, latency)
        naive = measure(rows, True, count, quota, latency) if size <= naive_max else Burst()
        section.rows += _rows_at(size, count, ours, naive)
        for figure, value in (
            ("slowest ack", max(ours.acks)),
            ('every "Logged" reply in Slack after', ours.replied_after),
            ("every capture in the sheet after", ours.landed_after),
        ):
            section.grow(figure, size, secs(value), value)
        section.grow("Sheets API calls", size, ours.calls.brief(), ours.calls.total)
    section.notes += [
        "Ours queues each capture in the durable outbox and acks; one writer thread sends "
        "everything queued as one batchUpdate (appendCells on Referrals and Activity), paced by a "
        "token bucket. The naive app appends each referral and its Activity itself before it "
        "answers; a refusal there (a 429) loses a referral the person may think is logged.",
        "The naive acks queue up: the capture service runs one check-then-append at a time (two "
        "people logging the same lead must make one record), and the naive log holds that turn "
        "through all its gspread calls.",
        f"The naive app is not run above {naive_max:,} referrals (`--naive-max`).",
    ]
    return section


def _rows_at(size: int, count: int, ours: Burst, naive: Burst) -> list[Row]:
    ran = bool(naive.acks)
    once = [sum(1 for n in b.copies.values() if n == 1) for b in (ours, naive)]
    at = f"At {size:,}: "
    return [
        Row(
            at + "slowest ack",
            secs(max(ours.acks)),
            secs(max(naive.acks)) if ran else "—",
            ratio(max(naive.acks), max(ours.acks)) if ran else "—",
            "≤ 3 s",
            max(ours.acks) <= SLACK_WAITS,
        ),
        Row(
            at + "answered 200 within 3 s",
            f"{ours.in_time} of {count}",
            f"{naive.in_time} of {count}" if ran else "—",
            target="all",
            met=ours.in_time == count,
        ),
        Row(
            at + "in the sheet exactly once after flush",
            f"{once[0]} of {count}",
            f"{once[1]} of {count}" if ran else "—",
            target="all",
            met=once[0] == count and sum(ours.copies.values()) == count,
        ),
        Row(
            at + "Sheets API calls",
            ours.calls.brief(),
            naive.calls.brief() if ran else "—",
            ratio(naive.calls.total, ours.calls.total),
            "writes coalesced",
            ours.calls.writes < count,
        ),
        Row(
            at + "429 RESOURCE_EXHAUSTED answers",
            str(ours.calls.quota_refusals),
            str(naive.calls.quota_refusals) if ran else "—",
            target="0",
            met=ours.calls.quota_refusals == 0,
        ),
        Row(
            at + 'every "Logged" reply in Slack after',
            secs(ours.replied_after),
            secs(naive.replied_after),
            ratio(naive.replied_after, ours.replied_after),
            "—",
        ),
        Row(
            at + "all captures in the sheet after",
            secs(ours.landed_after),
            secs(naive.landed_after),
            ratio(naive.landed_after, ours.landed_after),
            "≤ 10 s",
            ours.landed_after is not None and ours.landed_after <= 10,
        ),
    ]


def measure(rows, naive: bool, count: int, quota: int, latency: float) -> Burst:
    rig = Rig(rows, naive=naive)
    try:
        if not naive:
            rig.bot.log.snapshot(max_age=0)
        faults = rig.sheets.faults
        faults.clear()
        faults.latency, faults.quota_per_minute = latency, quota
        rig.sheets.reset_calls()
        leads = Leads(seed=31)
        lines = [leads.line() for _ in range(count)]
        burst = Burst()
        before = len(rig.slack.ephemerals(dataset.SUBMITTER.user_id))
        started = _send_all(rig, lines, burst)
        replied = wait_for(
            lambda: len(rig.slack.ephemerals(dataset.SUBMITTER.user_id)) >= before + count,
            timeout=120,
        )
        if replied:
            burst.replied_after = time.perf_counter() - started
        rig.settle()
        burst.landed_after = time.perf_counter() - started
        burst.calls = tally(rig.sheets)
        faults.clear()
        burst.copies = _copies(rig, [email_in(line) for line in lines])
        return burst
    finally:
        rig.stop()


def _send_all(rig: Rig, lines: list[str], burst: Burst) -> float:
    """Every command from its own thread, spread evenly over one second; returns the start."""
    gate = threading.Barrier(len(lines) + 1)
    lock = threading.Lock()
    spacing = 1.0 / len(lines)

    def send(index: int, line: str) -> None:
        driver = TimedDriver(rig.slack, rig.url, ack_timeout=60)
        gate.wait()
        time.sleep(index * spacing)
        try:
            response = driver.slash_command(dataset.SUBMITTER.user_id, as_slack_sends(line))
            ok = response.status_code == 200
        except Exception:
            ok = False
        finally:
            driver.close()
        with lock:
            burst.acks.append(driver.acks[-1])
            burst.in_time += ok and driver.acks[-1] <= SLACK_WAITS

    threads = [threading.Thread(target=send, args=item) for item in enumerate(lines)]
    for thread in threads:
        thread.start()
    gate.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return started


def _copies(rig: Rig, emails: list[str]) -> Counter:
    """How many rows of the Referrals tab hold each of these lead emails."""
    grid = Person(rig.sheets, rig.spreadsheet_id).rows(rig.schema.tab("referrals").title)
    column = grid[0].index(rig.schema.tab("referrals").column("lead_email").header)
    wanted = set(emails)
    found = Counter(row[column] for row in grid[1:] if len(row) > column and row[column] in wanted)
    return Counter({email: found.get(email, 0) for email in emails})
