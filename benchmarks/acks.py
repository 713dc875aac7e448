"""Section 2: how fast Slack gets its HTTP answer (the ack) with 200 ms of Sheets latency."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from benchmarks import dataset
from benchmarks.report import Row, Section, ms, ratio
from benchmarks.rig import Rig
from benchmarks.workload import Leads, Tally, as_slack_sends, owner_dm, tally, wait_for
from bot.log.base import format_id
from bot.slack import ids

SLACK_WAITS = 3.0
TARGET = 0.3
LOGGED_TARGET = 1.0
HOW = """\
The Driver sends signed requests to the bot's HTTP endpoint exactly as Slack does and times each
answer: first {n} `/refer <complete text>` commands one after another, each timed to its ack and
to its "Logged" reply (the ephemeral message, posted to the response_url, as the Slack stand-in
records it), then *Follow-up sent* on the owner DM of each referral just logged. Last, the first
action after a quiet minute: the cached read is made a minute old (`SheetLog.cache.read.at`, as if
nobody had used Slack since), and one more `/refer` is timed and its Sheets API calls counted until
everything it set off is done. The Sheets stand-in answers every call after {latency:.0f} ms;
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
    logged: list[float] = field(default_factory=list)
    """From sending each `/refer` to its "Logged" reply being in Slack."""
    quiet_ack: float | None = None
    quiet_logged: float | None = None
    quiet_calls: Tally | None = None
    """The first `/refer` after a quiet minute: its ack, its reply, the Sheets calls it caused."""


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
    for size in sizes:
        rows = dataset.generate(size)
        ours = measure(rows, False, requests, latency)
        naive = measure(rows, True, naive_requests, latency) if size <= naive_max else None
        _rows_at(section, size, ours, naive, requests, naive_requests)
        section.notes += _slow_notes(size, ours)
    section.notes += [
        "The first action after a quiet minute reads the whole log again (in the background: "
        'the stale read answers it). Google has no cheaper "has anything changed" call in the '
        "APIs the bot uses (Drive's modifiedTime needs the Drive API and another scope; "
        "developer metadata and `spreadsheets.get` without grid data do not change when a "
        "cell does), so the read's CPU is shared with the answer on a 2-core machine.",
        "Ours acks first (Bolt `process_before_response=False`, `ack()` before any work), and "
        "Bolt's thread is free from the ack on: the listener runs on the bot's own threads "
        "(bot/slack/after_ack.py). The capture reads the cached snapshot and the lead index, "
        "queues the row in the durable outbox and leaves Sheets and the DMs to background "
        "threads. The naive app runs "
        f"the same listeners on Bolt's defaults with its gspread calls, each paying the "
        f"{latency * 1000:.0f} ms.",
        "Percentiles are nearest-rank: below 100 samples, p99 is the slowest request.",
        f"The naive app is not run above {naive_max:,} referrals (`--naive-max`): every one of "
        "its actions reads the whole tab.",
    ]
    return section


def _rows_at(section, size, ours: Acks, naive: Acks | None, requests, naive_requests):
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
            section.grow(f"{name}: ack p{p}", size, ms(a), a)
    a, b = percentile(ours.logged, 99), percentile(naive.logged, 99) if naive else None
    section.rows.append(
        Row(
            f'At {size:,}: `/refer`: "Logged" reply p99',
            ms(a),
            ms(b),
            ratio(b, a),
            "< 1 s",
            a is not None and a < LOGGED_TARGET,
        )
    )
    section.grow('`/refer`: "Logged" reply p99', size, ms(a), a)
    theirs = naive.quiet_calls if naive else None
    section.rows += [
        Row(
            f"At {size:,}: first `/refer` after a quiet minute: ack",
            ms(ours.quiet_ack),
            ms(naive.quiet_ack) if naive else "—",
            ratio(naive.quiet_ack if naive else None, ours.quiet_ack),
            "< 300 ms",
            ours.quiet_ack is not None and ours.quiet_ack < TARGET,
        ),
        Row(
            f'At {size:,}: first `/refer` after a quiet minute: "Logged" reply',
            ms(ours.quiet_logged),
            ms(naive.quiet_logged) if naive else "—",
            ratio(naive.quiet_logged if naive else None, ours.quiet_logged),
            "< 1 s",
            ours.quiet_logged is not None and ours.quiet_logged < LOGGED_TARGET,
        ),
        Row(
            f"At {size:,}: first `/refer` after a quiet minute: Sheets API calls",
            ours.quiet_calls.brief() if ours.quiet_calls else "—",
            theirs.brief() if theirs else "—",
            ratio(theirs.total if theirs else None, ours.quiet_calls and ours.quiet_calls.total),
            "1 write (no full re-read)",
            ours.quiet_calls is not None and ours.quiet_calls.reads == 0,
        ),
    ]
    section.grow(
        'first `/refer` after a quiet minute: "Logged" reply',
        size,
        ms(ours.quiet_logged),
        ours.quiet_logged,
    )
    section.rows.append(
        Row(
            f"At {size:,}: answered 200 within Slack's 3 s",
            f"{ours.in_time} of {2 * requests}",
            f"{naive.in_time} of {2 * naive_requests}" if naive else "—",
            target="all",
            met=ours.in_time == 2 * requests,
        )
    )


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
            _refer(rig, acks, leads)
        acks.refer = list(rig.driver.acks)
        rig.driver.acks.clear()
        for number in range(len(rows) + 1, len(rows) + count + 1):
            _press(rig, acks, format_id(number))
        acks.button = list(rig.driver.acks)
        acks.slow = [(b - a, rig.reads_during(a, b)) for a, b in rig.driver.spans if b - a > TARGET]
        _after_a_quiet_minute(rig, acks, leads)
        rig.settle()
        return acks
    finally:
        rig.stop()


def _replies(rig: Rig) -> int:
    return len(rig.slack.ephemerals(dataset.SUBMITTER.user_id))


def _refer(rig: Rig, acks: Acks, leads: Leads) -> float | None:
    """One `/refer`, timed to its ack and to its "Logged" reply; the reply's time, if it came."""
    before, started = _replies(rig), time.perf_counter()
    _send(
        acks, rig.driver, lambda: rig.driver.slash_command(dataset.SUBMITTER.user_id, _line(leads))
    )
    deadline = started + 60
    while _replies(rig) <= before and time.perf_counter() < deadline:
        time.sleep(0.005)
    if _replies(rig) <= before:
        return None
    acks.logged.append(time.perf_counter() - started)
    return acks.logged[-1]


def _after_a_quiet_minute(rig: Rig, acks: Acks, leads: Leads) -> None:
    """The cached read made a minute old, then one more `/refer`: its ack, its reply, and every
    Sheets call it set off (the background re-read included) once all is done."""
    log, later = rig.bot.log, rig.bot.desk.ctx.later
    _idle(rig)
    if not rig.naive and log.cache.read is not None:
        log.cache.read.at -= 61
    rig.sheets.reset_calls()
    rig.driver.acks.clear()
    acks.quiet_logged = _refer(rig, Acks(), leads)  # counted apart from the others
    acks.quiet_ack = rig.driver.acks[-1] if rig.driver.acks else None
    _idle(rig)
    if not rig.naive:
        wait_for(lambda: not log.cache.refreshing, timeout=120)
        log.flush(60)
    later.wait_idle(30)
    acks.quiet_calls = tally(rig.sheets)


def _idle(rig: Rig) -> None:
    """Nothing left running from what came before: no write queued, no listener working."""
    if rig.naive:
        rig.bot.app.wait_idle(120)
    else:
        rig.bot.log.flush(120)
    rig.bot.desk.ctx.later.wait_idle(30)


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
    # Coordinators own too: routing hands them what no owner below Max active can take.
    for member in dataset.TEAM:
        message = owner_dm(rig.slack, member.user_id, referral_id)
        if message is not None:
            return member.user_id, message
    return None
