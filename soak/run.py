"""`make soak`: captures and answers through the bot's HTTP front door while it is SIGKILLed at
random moments, Google is down, over quota or hangs, and a person sorts, inserts and types rows.
Then every fault is lifted, the bot restarted, its outbox drained, and the sheet checked.

    .venv/bin/python -m soak.run                       # 420 captures, 200 answers, 12 kills
    .venv/bin/python -m soak.run --captures 24 --answers 20 --kills 2 --seed 7

Prints sent / acknowledged / present once / lost / duplicated / misplaced for captures,
answers and nudges, and exits 1 on any loss, duplicate or misplaced write.

What counts: a capture is acknowledged when its submitter saw "Logged R-…" (the ephemeral the
bot posts once the referral is durable); it is present once when exactly one Referrals row has
its lead, under that ID. An answer is acknowledged when the owner's DM was redrawn "marked ...",
and present once when that referral's row counts one touch and Activity one Touch row.
Answers are the owner's *Follow-up sent* button or "sent" typed in the thread of their DM, some
sent again as Slack's retry of a late ack. Misplaced: a row whose ID shows another lead, or a
touch on a referral nobody answered.

Nudges: the bot process sweeps every 1.5 s on a firm clock running faster than the wall clock, so
a referral nobody answered within 15 firm minutes gets its urgent first-contact nudge. A nudge is
sent when the owner's DM holds it (its message metadata names the referral and step); present once
when the referral has one such DM and one "Nudge sent ... reminded" Activity row; lost when one is
there without the other, duplicated when either is there twice.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import re
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import requests

from benchmarks.workload import Leads, as_slack_sends, owner_dm, wait_for
from bot.slack import ids
from soak.world import OWNERS, SUBMITTER, SWEEP_SECONDS, TEAM, World

LOGGED = re.compile(r"Logged \*(R-\d+)\* ([^,.]+)")
ANSWERED = re.compile(r"marked (\*Follow-up sent\*|the .{1,40} as sent)")
NUDGED_STEP = "first_contact"


@dataclass
class Figures:
    sent: int = 0
    acknowledged: int = 0
    present_once: int = 0
    lost: int = 0
    duplicated: int = 0
    misplaced: int = 0

    @property
    def failed(self) -> bool:
        return bool(self.lost or self.duplicated or self.misplaced)


@dataclass
class Faults:
    kills: int = 0
    outages: int = 0
    storms: int = 0
    hangs: int = 0
    edits: int = 0


@dataclass
class Report:
    captures: Figures
    answers: Figures
    nudges: Figures
    faults: Faults
    seconds: float
    left_in_outbox: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        kinds = (self.captures, self.answers, self.nudges)
        return any(k.failed for k in kinds) or bool(self.left_in_outbox)

    def render(self) -> str:
        f = self.faults
        lines = [
            f"Soak: {f.kills} SIGKILLs, {f.outages} outages, {f.storms} 429 storms, "
            f"{f.hangs} hangs, {f.edits} edits by a person; {self.seconds:.0f} s",
            f"{'':10}{'sent':>6}{'acknowledged':>14}{'present once':>14}"
            f"{'lost':>6}{'duplicated':>12}{'misplaced':>11}",
        ]
        kinds = (("captures", self.captures), ("answers", self.answers), ("nudges", self.nudges))
        for name, fig in kinds:
            lines.append(
                f"{name:10}{fig.sent:>6}{fig.acknowledged:>14}{fig.present_once:>14}"
                f"{fig.lost:>6}{fig.duplicated:>12}{fig.misplaced:>11}"
            )
        if self.left_in_outbox:
            lines.append(f"{self.left_in_outbox} write(s) never left the outbox")
        lines += self.notes
        lines.append("FAILED" if self.failed else "OK: nothing lost, duplicated or misplaced")
        return "\n".join(lines)


class Chaos:
    """`kills` SIGKILLs spread over the run's `steps` requests, each at a random moment; before
    each request, on average one fault or edit in `every`."""

    def __init__(self, world: World, rng: random.Random, steps: int, kills: int, every: int):
        self.world, self.rng, self.every = world, rng, max(4, every)
        self.faults = Faults()
        gap = steps / (kills + 1)
        self._kill_at = {int(gap * (k + 1) + rng.uniform(-gap / 3, gap / 3)) for k in range(kills)}
        self._step = 0

    def before(self) -> None:
        self._step += 1
        if not self.world.bot_alive():
            self.world.start_bot()
        if self._step in self._kill_at:
            # Now, or while the next request is in flight, or while the bot writes after it.
            self.faults.kills += 1
            victim = self.world.bot
            threading.Timer(self.rng.uniform(0, 0.3), self.world.kill_bot, (victim,)).start()
            return
        roll = self.rng.random() * self.every
        sheets = self.world.sheets.faults
        if roll < 0.4:
            self.faults.outages += 1
            sheets.outage(self.rng.uniform(0.5, 2.0))
        elif roll < 0.9:
            self.faults.storms += 1
            sheets.fail_next(429, self.rng.randint(2, 6))
        elif roll < 1.3:
            self.faults.hangs += 1
            sheets.hang_next(2.0, 1, applied=self.rng.random() < 0.5)
        elif roll < 2.8:
            self.faults.edits += 1
            self._edit()

    def _edit(self) -> None:
        person = self.world.person
        rows = len(person.rows("Referrals"))
        what = self.rng.choice(("sort", "sort_desc", "insert", "type"))
        if what == "sort":
            person.sort_rows("Referrals", "Lead name")
        elif what == "sort_desc":
            person.sort_rows("Referrals", "Received", descending=True)
        elif what == "insert" and rows > 2:
            person.insert_rows("Referrals", self.rng.randint(2, rows), 1)
        else:
            person.append_row(
                "Referrals", ["", "", f"Typed By Hand {self._step}", "", "", "", "Bo"]
            )


def capture(world: World, chaos: Chaos, count: int, seed: int) -> list[str]:
    """Send `count` one-line captures; the lead names sent, in order."""
    leads, names = Leads(seed), []
    for _ in range(count):
        chaos.before()
        line = leads.line()
        names.append(line.split(" <", 1)[0])
        # The bot may be down: the person then sees Slack's error, nothing was acknowledged.
        with contextlib.suppress(requests.RequestException):
            world.driver.slash_command(SUBMITTER, as_slack_sends(line))
    return names


def acknowledged_captures(world: World) -> dict[str, str]:
    """Lead name -> the referral ID its submitter was told."""
    told: dict[str, str] = {}
    for message in world.slack.ephemerals(SUBMITTER):
        for rid, name in LOGGED.findall(message.get("text", "")):
            told[name.strip()] = rid
    return told


def answer(world: World, chaos: Chaos, told: dict[str, str], count: int) -> dict[str, dict]:
    """Press Follow-up sent on `count` referrals' owner DMs: referral ID -> the DM pressed."""
    pressed: dict[str, dict] = {}
    for rid in sorted(told.values()):
        if len(pressed) >= count:
            break
        found = next(
            ((o, m) for o in OWNERS if (m := owner_dm(world.slack, o, rid)) is not None), None
        )
        if found is None:
            continue  # its DM went with a killed process (the sweep would remind the owner)
        owner, message = found
        chaos.before()
        typed = chaos.rng.random() < 0.35
        pressed[rid] = {"owner": owner, "ts": message["ts"], "typed": typed}
        try:
            if typed:  # "sent" in the DM's thread: the draft it is about was sent
                world.driver.message_im(owner, "sent", thread_ts=message["ts"])
            else:
                world.driver.block_action(owner, ids.FOLLOWUP_SENT, container_message=message)
            roll = chaos.rng.random()
            if roll < 0.3:
                world.driver.retry_last()  # Slack thought the ack was late: the same again
            elif roll < 0.45:
                world.driver.retry_last(attempt=2, reason="http_error")
        except requests.RequestException:
            pass
    return pressed


def settle(world: World, timeout: float) -> int:
    """Faults lifted, then a clean stop (SIGTERM: the answers already acknowledged run to their
    end, the outbox drains), as a deploy would; then a fresh start, as a supervisor would, that
    sweeps at least twice (a nudge sent just before a kill is found in the DM and recorded) and
    drains what is still held. What is held after that."""
    world.sheets.faults.clear()
    if not world.bot_alive():
        world.start_bot()
    world.stop_bot()
    world.start_bot()
    time.sleep(2.5 * SWEEP_SECONDS)
    wait_for(lambda: world.pending() == 0, timeout)
    world.stop_bot()
    return world.pending()


def check_captures(world: World, names: list[str], told: dict[str, str]) -> Figures:
    rows = _table(world, "Referrals")
    by_name = Counter(r["Lead name"] for r in rows if r["ID"])
    by_id: dict[str, list[dict]] = {}
    for r in rows:
        by_id.setdefault(r["ID"], []).append(r)
    fig = Figures(sent=len(names), acknowledged=len(told))
    fig.duplicated = sum(1 for n in names if by_name[n] > 1)
    for name, rid in told.items():
        mine = by_id.get(rid, [])
        if len(mine) == 1 and mine[0]["Lead name"] == name and by_name[name] == 1:
            fig.present_once += 1
        elif not mine and by_name[name] == 0:
            fig.lost += 1
        elif any(r["Lead name"] != name for r in mine):
            fig.misplaced += 1
    return fig


def check_answers(world: World, pressed: dict[str, dict]) -> Figures:
    rows = {r["ID"]: r for r in _table(world, "Referrals") if r["ID"]}
    touches = Counter(a["Referral ID"] for a in _table(world, "Activity") if a["What"] == "Touch")
    fig = Figures(sent=len(pressed))
    for rid, where in pressed.items():
        dm = next(
            (m for m in world.slack.dm_messages(where["owner"]) if m["ts"] == where["ts"]), {}
        )
        row = rows.get(rid, {})
        counted = int(row.get("Touches") or 0)
        if counted > 1 or touches[rid] > 1:
            fig.duplicated += 1
        if not ANSWERED.search(str(dm)):
            continue
        fig.acknowledged += 1
        if counted == 1 and touches[rid] == 1:
            fig.present_once += 1
        elif counted == 0 and touches[rid] == 0:
            fig.lost += 1
    answered = set(pressed)
    fig.misplaced = sum(
        1 for rid, r in rows.items() if rid not in answered and int(r.get("Touches") or 0)
    ) + sum(1 for rid in touches if rid not in answered)
    return fig


def check_nudges(world: World) -> Figures:
    dms: Counter = Counter()
    for person in TEAM:  # hand-typed rows the sweep adopts are the coordinators' to nudge
        for message in world.slack.dm_messages(person.user_id):
            payload = (message.get("metadata") or {}).get("event_payload") or {}
            if payload.get("step") == NUDGED_STEP:
                dms[payload.get("id", "")] += 1
    recorded = Counter(
        a["Referral ID"]
        for a in _table(world, "Activity")
        if a["What"] == "Nudge sent" and ": reminded " in a["Details"]
    )
    known = {r["ID"] for r in _table(world, "Referrals") if r["ID"]}
    fig = Figures(sent=sum(dms.values()), acknowledged=sum(dms.values()))
    for rid in set(dms) | set(recorded):
        if rid not in known:
            fig.misplaced += 1
        elif dms[rid] > 1 or recorded[rid] > 1:
            fig.duplicated += 1
        elif dms[rid] != recorded[rid]:
            fig.lost += 1
        else:
            fig.present_once += 1
    return fig


def _table(world: World, tab: str) -> list[dict[str, str]]:
    grid = world.person.rows(tab)
    header = [str(h) for h in grid[0]]
    out = []
    for line in grid[1:]:
        cells = [str(c) if c is not None else "" for c in line]
        if any(c.strip() for c in cells):
            out.append({h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)})
    return out


def soak(
    captures: int,
    answers: int,
    seed: int,
    data_dir: Path,
    kills: int,
    every: int = 6,
    settle_seconds: float = 120.0,
    firm_speed: float = 60.0,
) -> Report:
    started = time.monotonic()
    world = World(data_dir, firm_speed)
    try:
        rng = random.Random(seed)
        chaos = Chaos(world, rng, captures + answers, kills, every)
        names = capture(world, chaos, captures, seed)
        wait_for(lambda: not world.bot_alive() or world.pending() == 0, 5)
        told = acknowledged_captures(world)
        if not world.bot_alive():
            world.start_bot()
        wait_for(lambda: _has_dm(world, max(told.values(), default="")), 3)
        pressed = answer(world, chaos, told, answers)
        left = settle(world, settle_seconds)
        report = Report(
            check_captures(world, names, told),
            check_answers(world, pressed),
            check_nudges(world),
            chaos.faults,
            time.monotonic() - started,
            left_in_outbox=left,
        )
        if world.failed():
            report.notes.append(f"{world.failed()} write(s) Google refused were set aside")
        report.notes.append(f"bot process started {world.starts} times")
        return report
    finally:
        world.close()


def _has_dm(world: World, rid: str) -> bool:
    return any(owner_dm(world.slack, o, rid) is not None for o in OWNERS)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="make soak", description=__doc__.split("\n\n")[0])
    p.add_argument("--captures", type=int, default=420)
    p.add_argument("--answers", type=int, default=200)
    p.add_argument("--kills", type=int, default=12, help="SIGKILLs spread over the run")
    p.add_argument("--every", type=int, default=8, help="one fault or edit per N requests")
    p.add_argument("--seed", type=int, default=8)
    p.add_argument("--settle", type=float, default=120.0, help="seconds to drain the outbox")
    p.add_argument("--data-dir", type=Path, help="the bot's DATA_DIR (default: a temporary one)")
    p.add_argument("--firm-speed", type=float, default=60.0, help="firm seconds per real second")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
        report = soak(
            args.captures,
            args.answers,
            args.seed,
            args.data_dir or Path(tmp),
            args.kills,
            args.every,
            args.settle,
            args.firm_speed,
        )
    print(report.render())
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
