"""Fixtures for the Sheets stand-in tests: a fresh server per test, reached by real gspread
over HTTP through the loopback adapter (anonymous credentials, no Authorization header)."""

from __future__ import annotations

import gspread
import pytest
from google.auth.credentials import AnonymousCredentials
from slack_fixtures import client_for, seeded_standin

from sandbox.sheets import GOOGLE_SHEETS_BASE, SheetsStandIn


def gspread_client(stand_in: SheetsStandIn) -> gspread.Client:
    client = gspread.Client(auth=AnonymousCredentials())
    client.http_client.session.mount(GOOGLE_SHEETS_BASE, stand_in.adapter())
    return client


@pytest.fixture
def sheets():
    stand_in = SheetsStandIn().start()
    yield stand_in
    stand_in.stop()


@pytest.fixture
def gclient(sheets) -> gspread.Client:
    return gspread_client(sheets)


@pytest.fixture
def book(sheets, gclient) -> gspread.Spreadsheet:
    """A fresh "Referral log" with Referrals and Activity tabs, opened through gspread."""
    spreadsheet = gclient.open_by_key(
        sheets.create_spreadsheet("Referral log", ["Referrals", "Activity"])
    )
    sheets.reset_calls()
    return spreadsheet


@pytest.fixture
def person(sheets, book):
    return sheets.person(book.id)


# --- the Slack stand-in (fixtures shared by tests/sandbox/test_slack_standin_*.py) -------------


@pytest.fixture
def slack():
    """A seeded Slack stand-in; a module that needs an injected clock overrides this."""
    standin = seeded_standin()
    yield standin
    standin.stop()


@pytest.fixture
def client(slack):
    return client_for(slack)
