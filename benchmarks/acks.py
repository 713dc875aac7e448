"""Section 2: how fast Slack gets its HTTP answer (the ack) with 200 ms of Sheets latency."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from benchmarks import dataset
from benchmarks.report import Row, Section, ms, ratio
from benchmarks.rig import Rig
from benchmarks.workload import Leads, as_slack_sends, owner_dm, wait_for
from bot.log.base import format_id
from bot.slack import ids

SLACK_WAITS = 3.0
TARGET = 0.3
HOW = """\
The Driver sends signed requests to the bot's HTTP endpoint exactly as Slack does and times each
answer: first {n} `/refer <complete text>` commands one after another, then *Follow-up sent* on the
owner DM of each referral just logged. The Sheets stand-in answers every call after {latency:.0f} ms;
the log holds {size} referrals (each size a fresh bot on a fresh sheet). The naive app is
timed on its first {naive_n} of each."""


@dataclass
class Acks:
    refer: list[float] = field(default_factory=list)
    button: list[float] = field(default_factory=list)
    sent: int = 0
    in_time: int = 0
    """Answered 200 within Slack's 3 seconds."""
    slow: list[tuple[float, set[str]]] = field(default_factory=list)
    """Acks over 300 ms, with the threads reading the log meanwhile."""


def percentile(samples: list[float], p: float) -> float | None:
    """Nearest-rank percentile: the smallest sample at or above p% of them."""
    if not samples:
        return None
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def run(
    sizes: list[int], requests: int, naive_requests: int, latency: float, naive_max: int
) -> Section:
    how = HOW.format(
        n=requests,
        latency=latency * 1000,
        size=" / ".join(f"{n:,}" for n in sizes),
        naive_n=naive_requests,
    )
    section = Section("2. Slack ack latency", how)
    growth: dict[str, list[float | None]] = {}
    for size in sizes:
        rows = dataset.generate(size)
        ours = measure(rows, False, requests, latency)
        naive = measure(rows, True, naive_requests, latency) if size <= naive_max else None
        _rows_at(section, size, ours, naive, requests, naive_requests, growth)
        section.notes += _slow_notes(size, ours)
    section.notes += [
        "Ours acks first (Bolt `process_before_response=False`, `ack()` before any work); the "
        "capture itself reads the cached snapshot and the lead index, queues the row in the "
        "durable outbox and leaves Sheets and the DMs to background threads. The naive app runs "
        f"the same listeners on Bolt's defaults with its gspread calls, each paying the "
        f"{latency * 1000:.0f} ms.",
        "Percentiles are nearest-rank: below 100 samples, p99 is the slowest request.",
        f"The naive app is not run above {naive_max:,} referrals (`--naive-max`): every one of "
        "its actions reads the whole tab.",
        *_growth_notes(growth, sizes),
    ]
    return section


def _rows_at(section, size, ours: Acks, naive: Acks | None, requests, naive_requests, growth):
    for name, mine, theirs in (
        ("`/refer <complete text>`", ours.refer, naive.refer if naive else []),
        ("DM button", ours.button, naive.button if naive else []),
    ):
        for p in (50, 99):
            a, b = percentile(mine, p), percentile(theirs, p)
            target = "< 300 ms" if p == 99 else "—"
            met = (a is not None and a < TARGET) if p == 99 else None
            figure = f"At {size:,}: {name}: ack p{p}"
            section.rows.append(Row(figure, ms(a), ms(b), ratio(b, a), target, met))
            growth.setdefault(f"{name}: ack p{p}", []).append(a)
    section.rows.append(
        Row(
            f"At {size:,}: answered 200 within Slack's 3 s",
            f"{ours.in_time} of {2 * requests}",
            f"{naive.in_time} of {2 * naive_requests}" if naive else "—",
            target="all",
            met=ours.in_time == 2 * requests,
        )
    )


def _growth_notes(growth: dict[str, list[float | None]], sizes: list[int]) -> list[str]:
    if len(sizes) < 2:
        return []
    parts = []
    for figure, values in growth.items():
        first, last = values[0], values[-1]
        if first and last:
            parts.append(f"{figure} ×{last / first:.1f}")
    return [f"Growth from {sizes[0]:,} to {sizes[-1]:,} referrals: " + "; ".join(parts) + "."]


def _slow_notes(size: int, ours: Acks) -> list[str]:
    if not ours.slow:
        return []
    threads = sorted({t for _, during in ours.slow for t in during})
    overlapping = sum(1 for _, during in ours.slow if during)
    return [
        f"At {size:,}, {len(ours.slow)} of ours took over 300 ms "
        f"({', '.join(ms(s) for s, _ in ours.slow)}); {overlapping} of them overlapped a full "
        f"read of the log (`SheetLog.refresh`, by {', '.join(threads) or 'no thread'})."
    ]


def measure(rows, naive: bool, count: int, latency: float) -> Acks:
    rig = Rig(rows, naive=naive)
    try:
        if not naive:
            rig.bot.log.snapshot(max_age=0)
        rig.sheets.faults.latency = latency
        acks = Acks()
        leads = Leads(seed=21)
        for _ in range(count):
            _send(
                acks,
                rig.driver,
                lambda: rig.driver.slash_command(dataset.SUBMITTER.user_id, _line(leads)),
            )
        acks.refer = list(rig.driver.acks)
        rig.driver.acks.clear()
        for number in range(len(rows) + 1, len(rows) + count + 1):
            _press(rig, acks, format_id(number))
        acks.button = list(rig.driver.acks)
        rig.settle()
        acks.slow = [(b - a, rig.reads_during(a, b)) for a, b in rig.driver.spans if b - a > TARGET]
        return acks
    finally:
        rig.stop()


def _line(leads: Leads) -> str:
    return as_slack_sends(leads.line())


def _send(acks: Acks, driver, request) -> None:
    acks.sent += 1
    try:
        response = request()
    except Exception:  # no answer at all: Slack shows the person an error
        return
    if response.status_code == 200 and driver.acks[-1] <= SLACK_WAITS:
        acks.in_time += 1


def _press(rig: Rig, acks: Acks, referral_id: str) -> None:
    """Follow-up sent, pressed by the owner on the DM the bot sent them about this referral."""
    found = wait_for(lambda: _dm_of(rig, referral_id), timeout=30)
    if found is None:
        acks.sent += 1  # the DM never came: nothing to press
        return
    owner_id, message = found
    _send(
        acks,
        rig.driver,
        lambda: rig.driver.block_action(
            owner_id,
            ids.FOLLOWUP_SENT,
            container_message=message,
            block_id=ids.block_id(ids.KIND_OWNER_ACTIONS, referral_id, "1"),
        ),
    )


def _dm_of(rig: Rig, referral_id: str):
    for member in dataset.OWNERS:
        message = owner_dm(rig.slack, member.user_id, referral_id)
        if message is not None:
            return member.user_id, message
    return None
