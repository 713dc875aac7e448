"""One Sheets stand-in per test module, a fresh provisioned spreadsheet per test, and SheetLogs
that talk to it through real gspread over HTTP. Retries never really sleep."""

from __future__ import annotations

import pytest
from helpers_log import no_wait_retry

from bot.config import Settings
from bot.log.outbox import Outbox
from bot.log.provision import provision
from bot.log.sheet import SheetLog
from bot.schema import load_schema
from sandbox.sheets import SheetsStandIn, local_client


@pytest.fixture(scope="module")
def stand_in():
    server = SheetsStandIn(db_path=None).start()
    yield server
    server.stop()


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(
        {
            "SHEETS_MAX_ATTEMPTS": 4,
            "SHEETS_TIMEOUT_SECONDS": 2.0,
            "SNAPSHOT_MAX_AGE_SECONDS": 30.0,
            "DATA_DIR": str(tmp_path),
        }
    )


@pytest.fixture
def client(stand_in, settings):
    return local_client(stand_in, timeout=settings.sheets_timeout_seconds)


@pytest.fixture
def blank_spreadsheet(stand_in, client):
    stand_in.faults.clear()
    spreadsheet = client.open_by_key(stand_in.create_spreadsheet("Referral log"))
    stand_in.reset_calls()
    yield spreadsheet
    stand_in.faults.clear()


@pytest.fixture
def spreadsheet(stand_in, blank_spreadsheet, settings):
    provision(blank_spreadsheet, load_schema(), no_wait_retry(settings))
    stand_in.reset_calls()
    return blank_spreadsheet


@pytest.fixture
def person(stand_in, spreadsheet):
    return stand_in.person(spreadsheet.id)


@pytest.fixture
def make_log(spreadsheet, settings):
    logs: list[SheetLog] = []

    def make(outbox: Outbox | None = None, start: bool = True, **kw) -> SheetLog:
        kw.setdefault("retry", no_wait_retry(settings))
        kw.setdefault("writer_backoff", (0.05, 0.2))
        sheet_log = SheetLog(
            spreadsheet, load_schema(), settings, outbox or Outbox(), start=start, **kw
        )
        logs.append(sheet_log)
        return sheet_log

    yield make
    for sheet_log in logs:
        sheet_log.close()


@pytest.fixture
def sheet_log(make_log) -> SheetLog:
    return make_log()
