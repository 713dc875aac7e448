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
import resource
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
from benchmarks.naive import NaiveLog
from benchmarks.rig import BenchClock
from bot.drafts import Drafts
from bot.log.base import Snapshot
from bot.log.outbox import Outbox
from bot.schema import load_schema
from bot.services.context import ServiceContext
from bot.services.desk import ReferralDesk
from bot.services.schedule import Sweep
from bot.slack.app import make_client
from bot.slack.notify import SlackNotifier
from bot.wiring import build_bot
from sandbox.sheets import GOOGLE_SHEETS_BASE, LoopbackAdapter


def ask(question: str) -> Any:
    print(json.dumps({"ask": question}), flush=True)
    return json.loads(sys.stdin.readline())


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


class PreRead:
    """The log as the sweep sees it, with its read already done: the sweep's work without the
    HTTP read. Writes go to the real log."""

    def __init__(self, log, snapshot: Snapshot):
        self._log, self._snapshot = log, snapshot

    def snapshot(self, max_age: float | None = None) -> Snapshot:
        return self._snapshot

    def __getattr__(self, name: str) -> Any:
        return getattr(self._log, name)


def measured(
    sweep: Callable[[], Any], flush: Callable[[], Any], restore: bool = True
) -> dict[str, Any]:
    """One sweep on a freshly restored sheet: CPU (every thread of this process), wall time, the
    rise of the peak RSS, then the delivery of what it queued, and the calls it all made."""
    ask("restore" if restore else "reset")
    gc.collect()
    rss, cpu, wall = max_rss_mb(), time.process_time(), time.perf_counter()
    report = sweep()
    out = {"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall}
    cpu, wall = time.process_time(), time.perf_counter()
    flush()
    out |= {"flush_cpu": time.process_time() - cpu, "flush_wall": time.perf_counter() - wall}
    out["rss_rise"] = max_rss_mb() - rss
    out["calls"] = ask("calls")
    out["report"] = {k: len(v) for k, v in dataclasses.asdict(report).items()}
    return out


def traced_peak(sweep: Callable[[], Any], flush: Callable[[], Any]) -> float:
    """Peak of Python allocations (MB) during one sweep and its delivery."""
    ask("restore")
    gc.collect()
    tracemalloc.start()
    try:
        sweep()
        flush()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def build(config: dict[str, Any], data_dir: str):
    """The desk (ours or naive) and the log's flush, against the parent's stand-ins."""
    settings = dataset.settings(
        slack_bot_token=config["slack_token"],
        slack_signing_secret=config["slack_secret"],
        slack_api_url=config["slack_api_url"],
        spreadsheet=config["spreadsheet_id"],
        data_dir=data_dir,
    )
    client = gspread.Client(auth=AnonymousCredentials())
    client.http_client.session.mount(GOOGLE_SHEETS_BASE, LoopbackAdapter(config["sheets_url"]))
    spreadsheet = client.open_by_key(config["spreadsheet_id"])
    clock = BenchClock(dataset.NOW)
    if config["mode"] == "naive":
        log = NaiveLog(spreadsheet, load_schema(), settings, rows_from_read=True)
        drafts = Drafts(settings.firm_name, None, settings.firm_timezone)
        notifier = SlackNotifier(make_client(settings), settings)
        ctx = ServiceContext(log, drafts, settings, notifier, now=clock.now)
        return ReferralDesk(ctx, sheet_url=spreadsheet.url), log
    outbox = Outbox(Path(data_dir) / "outbox.sqlite3")
    bot = build_bot(settings, spreadsheet, clock=clock, outbox=outbox)
    return bot.desk, bot.log


def main() -> None:
    logging.basicConfig(level=logging.ERROR)
    config = json.loads(sys.stdin.readline())
    with tempfile.TemporaryDirectory(prefix="bench-sweep-") as data_dir:
        desk, log = build(config, data_dir)
        rss_start = max_rss_mb()

        def flush() -> None:
            log.flush(300)

        def without_read():
            ask("restore")
            snapshot = log.snapshot(max_age=0)  # the read, done before the clock starts
            ctx = dataclasses.replace(desk.ctx, log=PreRead(log, snapshot))
            return lambda: Sweep(ctx).run()

        result = {"rss_start": rss_start, "first": measured(desk.sweep, flush)}
        result["without_read"] = measured(without_read(), flush, restore=False)
        result["warm"] = measured(desk.sweep, flush)
        if config.get("tracemalloc", True):
            result["traced_peak"] = traced_peak(desk.sweep, flush)
        log.close()
    print(json.dumps({"result": result}), flush=True)


if __name__ == "__main__":
    main()
