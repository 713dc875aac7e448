"""The bot as its own process for the soak: the real wiring, outbox, dedup file, HTTP front door
and sweep, talking over HTTP to the stand-ins in the soak's process. Killed with SIGKILL at random
moments, started again on the same DATA_DIR. Its clock is the firm's, running faster than the
wall clock (the same in every process of one soak), so first-contact nudges fall due in the run.

    python -m soak.bot_process SETTINGS_JSON
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

import gspread
from google.auth.credentials import AnonymousCredentials

from bot.clock import Clock
from bot.config import Settings
from bot.jobs import build_scheduler
from bot.log.client import open_or_wait
from bot.log.reroute import GOOGLE_SHEETS_BASE, RerouteAdapter
from bot.running import serve, stop_on_signals
from bot.wiring import build_bot


class FirmClock(Clock):
    """`start` at the soak's `epoch`, then `speed` firm seconds per real second."""

    def __init__(self, start: datetime, epoch: datetime, speed: float):
        super().__init__()
        self._start, self._epoch, self._speed = start, epoch, speed

    def now(self) -> datetime:
        return self._start + (datetime.now(UTC) - self._epoch) * self._speed


def firm_clock(options: dict) -> FirmClock:
    fromiso = datetime.fromisoformat
    return FirmClock(fromiso(options["start"]), fromiso(options["epoch"]), options["speed"])


def main(argv: list[str]) -> int:
    options = json.loads(argv[0])
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    settings = Settings(options["settings"])
    client = gspread.Client(auth=AnonymousCredentials())
    client.http_client.session.mount(GOOGLE_SHEETS_BASE, RerouteAdapter(options["sheets_url"]))
    client.http_client.set_timeout(settings.sheets_timeout_seconds)
    with stop_on_signals() as stop:
        bot = build_bot(
            settings, open_or_wait(settings, client), clock=firm_clock(options["clock"])
        )
        bot.read_log()
        sweeps = build_scheduler(bot.desk, 0, settings.test_sweep_interval_seconds)
        sweeps.start()
        try:
            serve(bot.app, settings, stop)
        finally:
            sweeps.shutdown(wait=False)
            bot.finish()  # as run.py stops: acknowledged answers end, the outbox drains
            bot.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
