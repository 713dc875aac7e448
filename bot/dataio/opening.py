"""Opening the sheet an export or an import works on, and its log with this machine's outbox."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import gspread

from bot.log.base import Snapshot
from bot.log.outbox import Outbox
from bot.log.sheet import SheetLog
from bot.schema import load_schema

LocalSheet = Callable[..., contextlib.AbstractContextManager[gspread.Spreadsheet]]
"""Opens the local workspace's sheet from the settings (the console's stand-in, in sandbox/)."""


@contextlib.contextmanager
def firm_spreadsheet(settings, local: LocalSheet) -> Iterator[gspread.Spreadsheet]:
    """The firm's sheet, or the local workspace's (`local`) when no Google credentials are set."""
    if settings.google_service_account_file or settings.google_service_account_json:
        from bot.log.client import open_spreadsheet

        yield open_spreadsheet(settings)
        return
    with local(settings) as spreadsheet:
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
