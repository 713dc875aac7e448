"""The bot's side of the sweep benchmark, in a process of its own, so that its CPU time and peak
memory are the bot's alone (the stand-ins serving it live in the parent, benchmarks/sweep.py).

The parent sends one JSON line (what to run, where the stand-ins are); the worker asks for the
sheet to be restored before each measured sweep and for the calls counted after it, one JSON line
per question, and ends with {"result": ...}. Run as `python -m benchmarks.sweep_worker`.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import logging
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gspread
from google.auth.credentials import AnonymousCredentials

from benchmarks import dataset
from benchmarks.rig import naive_bot
from benchmarks.workload import sent_when_due
from bot.clock import Clock
from bot.log.base import Snapshot
from bot.log.outbox import Outbox
from bot.log.reroute import GOOGLE_SHEETS_BASE, RerouteAdapter
from bot.schema import load_schema
from bot.services.morning import RECORD, REVIEW
from bot.services.schedule import Sweep
from bot.wiring import build_bot


def ask(question: str) -> Any:
    print(json.dumps({"ask": question}), flush=True)
    return json.loads(sys.stdin.readline())


def memory_mb(field: str) -> float | None:
    """VmRSS (now) or VmHWM (peak since the last reset) of this process, in MB; None where there
    is no /proc. (Linux keeps ru_maxrss across exec, so a worker would report its parent's peak.)"""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def reset_peak() -> None:
    """Start VmHWM again from the current RSS (Linux 4.0+: clear_refs "5")."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
    except OSError:
        pass  # the peak then covers the whole life of the worker


class PreRead:
    """The log as the sweep sees it, with its read already done: the sweep's work without the
    HTTP read. Writes go to the real log."""

    def __init__(self, log, snapshot: Snapshot):
        self._log, self._snapshot = log, snapshot

    def snapshot(self, max_age: float | None = None) -> Snapshot:
        return self._snapshot

    def __getattr__(self, name: str) -> Any:
        return getattr(self._log, name)


def a_new_morning(log) -> None:
    """Forget the morning lists and review post already sent today (the sheet is restored
    apart), so each measured sweep is the day's first: the heaviest, which sends them all."""
    for whose in [m.user_id for m in dataset.TEAM] + [REVIEW]:
        log.forget_intent(RECORD + whose)


def measured(
    sweep: Callable[[], Any], flush: Callable[[], Any], log, restore: bool = True
) -> dict[str, Any]:
    """One sweep on a freshly restored sheet (on a new morning; `restore=False`: on the sheet
    as it is, the morning kept): CPU (every thread of this process), wall time, then the
    delivery of what it queued; the peak RSS through both, and the calls the sweep made."""
    if restore:
        a_new_morning(log)
    ask("restore" if restore else "reset")
    gc.collect()
    reset_peak()
    rss, cpu, wall = memory_mb("VmRSS"), time.process_time(), time.perf_counter()
    report = sweep()
    out = {"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall}
    cpu, wall = time.process_time(), time.perf_counter()
    sent_when_due(log, 300)
    out["calls"] = ask("calls")  # the sweep's own: its Activity rows wait for a ride
    flush()
    out |= {"flush_cpu": time.process_time() - cpu, "flush_wall": time.perf_counter() - wall}
    peak = memory_mb("VmHWM")
    out["rss_peak"] = peak
    out["rss_rise"] = None if peak is None or rss is None else peak - rss
    out["report"] = {k: len(v) for k, v in dataclasses.asdict(report).items()}
    return out


def traced(sweep: Callable[[], Any], flush: Callable[[], Any], log) -> dict[str, Any]:
    """Peak of Python allocations (MB) during one sweep and its delivery. Tracing slows the
    sweep down several times, so its wall time and calls are kept to show what else ran."""
    a_new_morning(log)
    ask("restore")
    gc.collect()
    wall = time.perf_counter()
    tracemalloc.start()
    try:
        sweep()
        flush()
        peak = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
    return {"peak": peak, "wall": time.perf_counter() - wall, "calls": ask("calls")}


def build(config: dict[str, Any], data_dir: str):
    """The desk (ours or the naive baseline's) and its log, against the parent's stand-ins."""
    settings = dataset.settings(
        slack_bot_token=config["slack_token"],
        slack_signing_secret=config["slack_secret"],
        slack_api_url=config["slack_api_url"],
        spreadsheet=config["spreadsheet_id"],
        data_dir=data_dir,
    )
    client = gspread.Client(auth=AnonymousCredentials())
    client.http_client.session.mount(GOOGLE_SHEETS_BASE, RerouteAdapter(config["sheets_url"]))
    spreadsheet = client.open_by_key(config["spreadsheet_id"])
    clock = Clock(dataset.NOW)
    if config["mode"] == "naive":
        bot = naive_bot(settings, spreadsheet, load_schema(), clock)
    else:
        outbox = Outbox(Path(data_dir) / "outbox.sqlite3")
        bot = build_bot(settings, spreadsheet, clock=clock, outbox=outbox)
    return bot.desk, bot.log


def main() -> None:
    logging.basicConfig(level=logging.ERROR)
    config = json.loads(sys.stdin.readline())
    with tempfile.TemporaryDirectory(prefix="bench-sweep-") as data_dir:
        desk, log = build(config, data_dir)

        def flush() -> None:
            log.flush(300)

        def without_read():
            ask("restore")
            snapshot = log.snapshot(max_age=0)  # the read, done before the clock starts
            ctx = dataclasses.replace(desk.ctx, log=PreRead(log, snapshot))
            return lambda: Sweep(ctx).run()

        result = {"first": measured(desk.sweep, flush, log)}
        a_new_morning(log)
        result["without_read"] = measured(without_read(), flush, log, restore=False)
        result["warm"] = measured(desk.sweep, flush, log)
        if config.get("tracemalloc", True):
            result["traced"] = traced(desk.sweep, flush, log)
        log.close()
    print(json.dumps({"result": result}), flush=True)


if __name__ == "__main__":
    main()
