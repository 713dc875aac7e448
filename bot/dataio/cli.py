"""`python run.py export` and `python run.py import ...`: the firm's data in and out from a terminal.

Works on the real sheet when Google credentials are set, else on the local workspace's sheet
(DATA_DIR). Errors become one line that says what to do."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from bot.dataio.export import export_csv, export_filename
from bot.dataio.importing_cli import import_main
from bot.dataio.opening import LocalSheet, current_snapshot, firm_spreadsheet, opened_log
from bot.errors import ReferralDeskError
from bot.schema import load_schema


def _export_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python run.py export", description="Write the Referrals tab to a CSV file."
    )
    parser.add_argument("--out", help="file to write (default: referrals-YYYY-MM-DD.csv)")
    return parser


def export_main(
    argv: list[str],
    settings,
    out: Callable[[str], None] = print,
    now: datetime | None = None,
    *,
    local: LocalSheet,
) -> int:
    args = _export_parser().parse_args(argv)
    path = Path(args.out or export_filename(now or datetime.now()))
    try:
        with (
            firm_spreadsheet(settings, local) as spreadsheet,
            opened_log(settings, spreadsheet) as log,
        ):
            referrals = current_snapshot(log).referrals
        path.write_bytes(export_csv(referrals, load_schema()))
    except (ReferralDeskError, OSError) as exc:
        out(f"export: {exc}")
        return 1
    out(f"Exported {len(referrals)} referral(s) to {path}")
    return 0


def data_main(command: str, argv: list[str], settings, local: LocalSheet) -> int:
    """`local` opens the local workspace's sheet when no Google credentials are set."""
    if command == "export":
        return export_main(argv, settings, local=local)
    return import_main(argv, settings, local=local)
