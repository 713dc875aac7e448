"""The bot as its own process for the soak: the real wiring, outbox, dedup file and HTTP front
door, talking over HTTP to the stand-ins in the soak's process. Killed with SIGKILL at random
moments, started again on the same DATA_DIR.

    python -m soak.bot_process SETTINGS_JSON
"""

from __future__ import annotations

import json
import logging
import sys

import gspread
from google.auth.credentials import AnonymousCredentials

from bot.config import Settings
from bot.log.client import open_or_wait
from bot.log.reroute import GOOGLE_SHEETS_BASE, RerouteAdapter
from bot.running import serve, stop_on_signals
from bot.wiring import build_bot


def main(argv: list[str]) -> int:
    options = json.loads(argv[0])
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    settings = Settings(options["settings"])
    client = gspread.Client(auth=AnonymousCredentials())
    client.http_client.session.mount(GOOGLE_SHEETS_BASE, RerouteAdapter(options["sheets_url"]))
    client.http_client.set_timeout(settings.sheets_timeout_seconds)
    with stop_on_signals() as stop:
        bot = build_bot(settings, open_or_wait(settings, client))
        bot.read_log()
        try:
            serve(bot.app, settings, stop)
        finally:
            bot.finish()  # as run.py stops: acknowledged answers end, the outbox drains
            bot.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
