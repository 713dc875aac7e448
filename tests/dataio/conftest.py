"""A local workspace's data folder with a provisioned sheet (the Sheets stand-in in a SQLite file,
reached through real gspread), as `python run.py import` and `export` find it."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.log.provision import provision
from bot.log.retry import RetryPolicy
from bot.schema import load_schema
from sandbox.workspace import local_spreadsheet


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(
        {"DATA_DIR": str(tmp_path / "data"), "FIRM_TIMEZONE": "Europe/London",
         "DEFAULT_PHONE_REGION": "GB"}
    )  # fmt: skip


@pytest.fixture
def provisioned(settings) -> Settings:
    with local_spreadsheet(settings) as spreadsheet:
        provision(spreadsheet, load_schema(), RetryPolicy.from_settings(settings))
    return settings
