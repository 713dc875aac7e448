"""Starting and serving while Google is down: the bot opens no spreadsheet, takes captures into
the outbox and acknowledges them, tells coordinators once that the sheet is unreachable and once
that it is back, and a restart in between repeats neither."""

from __future__ import annotations

import pytest
from helpers_log import ids, logged, no_wait_retry, referral

from bot.config import Settings
from bot.errors import SheetUnavailableError
from bot.log.client import UnopenedSpreadsheet, open_or_wait
from bot.log.health import BACK, DOWN
from bot.log.outbox import Outbox
from bot.log.sheet import SheetLog
from bot.schema import load_schema


@pytest.fixture
def outbox_path(settings) -> str:
    return f"{settings.data_dir}/outbox.sqlite3"


def started(spreadsheet, settings, outbox_path, told: list) -> SheetLog:
    sheet_log = SheetLog(
        spreadsheet,
        load_schema(),
        settings,
        Outbox(outbox_path),
        retry=no_wait_retry(settings),
        writer_backoff=(0.05, 0.2),
    )
    sheet_log.health.tell = told.append
    return sheet_log


def read_once_before(spreadsheet, settings, outbox_path) -> None:
    """An earlier run that read the sheet: this machine knows where the numbering stands."""
    earlier = started(spreadsheet, settings, outbox_path, [])
    earlier.snapshot()
    earlier.close()
    earlier.outbox.close()


def test_start_while_down_captures_are_acknowledged_and_coordinators_told_once_each_way(
    stand_in, spreadsheet, client, settings, outbox_path, person
):
    read_once_before(spreadsheet, settings, outbox_path)
    stand_in.faults.outage(600)
    opened = open_or_wait(
        Settings({"SPREADSHEET": spreadsheet.id, "DATA_DIR": settings.data_dir}),
        client,
        no_wait_retry(settings),
    )
    assert isinstance(opened, UnopenedSpreadsheet) and opened.id == spreadsheet.id
    told: list = []
    sheet_log = started(opened, settings, outbox_path, told)
    with pytest.raises(SheetUnavailableError):
        sheet_log.refresh()  # the read before serving
    first = sheet_log.append_referral(referral("Jane Doe"), logged())
    second = sheet_log.append_referral(referral("Sam Roe"), logged())
    assert sheet_log.snapshot().find(second.id).lead_name == "Sam Roe"  # served from the outbox
    assert [n.kind for n in told] == [DOWN]
    assert not sheet_log.flush(timeout=0.3)
    stand_in.faults.clear()
    assert sheet_log.flush(timeout=10)
    assert ids(person) == [first.id, second.id]
    assert [n.kind for n in told] == [DOWN, BACK]
    sheet_log.snapshot(max_age=0)
    assert [n.kind for n in told] == [DOWN, BACK]
    sheet_log.close()


def test_a_restart_while_down_does_not_tell_again(
    stand_in, spreadsheet, settings, outbox_path, person
):
    read_once_before(spreadsheet, settings, outbox_path)
    stand_in.faults.outage(600)
    told: list = []
    first = started(spreadsheet, settings, outbox_path, told)
    with pytest.raises(SheetUnavailableError):
        first.refresh()
    stored = first.append_referral(referral("Jane Doe"), logged())
    first.close()
    first.outbox.close()
    again = started(spreadsheet, settings, outbox_path, told)
    assert again.snapshot().find(stored.id) is not None  # no wait for a failing read
    assert [n.kind for n in told] == [DOWN]
    stand_in.faults.clear()
    assert again.flush(timeout=10)
    assert ids(person) == [stored.id]
    assert [n.kind for n in told] == [DOWN, BACK]
    again.close()


def test_a_quota_storm_is_not_an_outage(stand_in, spreadsheet, settings, outbox_path):
    told: list = []
    sheet_log = started(spreadsheet, settings, outbox_path, told)
    stand_in.faults.fail_next(429, 4)
    with pytest.raises(SheetUnavailableError):
        sheet_log.refresh()
    assert told == []
    sheet_log.close()


def test_a_new_machine_that_never_read_the_sheet_does_not_guess_a_number(
    stand_in, spreadsheet, settings, outbox_path
):
    stand_in.faults.outage(600)
    sheet_log = started(spreadsheet, settings, outbox_path, [])
    with pytest.raises(SheetUnavailableError, match="cannot number a new referral"):
        sheet_log.append_referral(referral("Jane Doe"), logged())
    assert sheet_log.outbox.pending() == []
    sheet_log.close()


def test_a_failed_background_read_is_logged_once_with_its_traceback(stand_in, sheet_log, caplog):
    sheet_log.snapshot()
    stand_in.faults.outage(600)
    try:
        with caplog.at_level("WARNING", logger="bot.log.cache"):
            sheet_log.cache._background_refresh()  # what the stale snapshot starts in its thread
    finally:
        stand_in.faults.clear()
    records = [r for r in caplog.records if r.name == "bot.log.cache"]
    assert len(records) == 1
    assert records[0].levelname == "WARNING" and records[0].exc_info is not None
