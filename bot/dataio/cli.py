"""`python run.py export` and `python run.py import ...`: the firm's data in and out from a terminal.

Works on the real sheet when Google credentials are set, else on the local workspace's sheet
(DATA_DIR). Errors become one line that says what to do."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import gspread

from bot.dataio.export import export_csv, export_filename
from bot.errors import ReferralDeskError
from bot.log.base import Snapshot
from bot.log.outbox import Outbox
from bot.log.sheet import SheetLog
from bot.schema import load_schema


@contextlib.contextmanager
def firm_spreadsheet(settings) -> Iterator[gspread.Spreadsheet]:
    """The firm's sheet, or the local workspace's when no Google credentials are set."""
    if settings.google_service_account_file or settings.google_service_account_json:
        from bot.log.client import open_spreadsheet

        yield open_spreadsheet(settings)
        return
    from sandbox.workspace import local_spreadsheet

    with local_spreadsheet(settings) as spreadsheet:
        yield spreadsheet


@contextlib.contextmanager
def opened_log(
    settings, spreadsheet: gspread.Spreadsheet, writing: bool = False
) -> Iterator[SheetLog]:
    """The log with this machine's outbox, so writes still queued there are seen (and, when
    `writing`, delivered)."""
    outbox = Outbox.for_settings(settings)
    log = SheetLog(spreadsheet, load_schema(), settings, outbox, start=writing)
    try:
        yield log
    finally:
        log.close()
        outbox.close()


def current_snapshot(log: SheetLog) -> Snapshot:
    log.refresh(fix_tags=False)
    return log.snapshot()


def _export_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python run.py export", description="Write the Referrals tab to a CSV file."
    )
    parser.add_argument("--out", help="file to write (default: referrals-YYYY-MM-DD.csv)")
    return parser


def export_main(
    argv: list[str], settings, out: Callable[[str], None] = print, now: datetime | None = None
) -> int:
    args = _export_parser().parse_args(argv)
    path = Path(args.out or export_filename(now or datetime.now()))
    try:
        with firm_spreadsheet(settings) as spreadsheet, opened_log(settings, spreadsheet) as log:
            referrals = current_snapshot(log).referrals
        path.write_bytes(export_csv(referrals, load_schema()))
    except (ReferralDeskError, OSError) as exc:
        out(f"export: {exc}")
        return 1
    out(f"Exported {len(referrals)} referral(s) to {path}")
    return 0


def data_main(command: str, argv: list[str], settings) -> int:
    if command == "export":
        return export_main(argv, settings)
    from bot.dataio.importing_cli import import_main

    return import_main(argv, settings)
