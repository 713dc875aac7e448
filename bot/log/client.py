"""Opening the referral log: the real spreadsheet from a service-account key.

Never gspread's BackOffHTTPClient: it retries forever. Retries are ours (bot/log/retry.py).
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

import gspread
import requests
from gspread.exceptions import APIError, SpreadsheetNotFound

from bot.errors import ConfigError, SheetAccessError, SheetUnavailableError
from bot.log import messages
from bot.log.reroute import GOOGLE_SHEETS_BASE, RerouteAdapter
from bot.log.retry import RetryPolicy

log = logging.getLogger(__name__)

SCOPES = ("https://www.googleapis.com/auth/spreadsheets",)
_URL_ID = re.compile(r"/spreadsheets/d/([a-zA-Z0-9_-]+)")


def spreadsheet_id(text: str) -> str:
    """The ID from an ID or from the sheet's URL as a browser shows it."""
    text = (text or "").strip()
    match = _URL_ID.search(text)
    return match.group(1) if match else text


def service_account_info(settings) -> dict[str, Any]:
    """The key as a dict, from GOOGLE_SERVICE_ACCOUNT_JSON or the file GOOGLE_SERVICE_ACCOUNT_FILE."""
    try:
        if settings.google_service_account_json:
            info = json.loads(settings.google_service_account_json)
        elif settings.google_service_account_file:
            info = json.loads(Path(settings.google_service_account_file).read_text("utf-8"))
        else:
            raise ConfigError(messages.no_key("neither setting is set"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(messages.no_key(str(exc))) from exc
    if not isinstance(info, dict) or not info.get("client_email"):
        raise ConfigError(messages.no_key("it has no client_email"))
    return info


def google_client(settings) -> gspread.Client:
    from google.oauth2.service_account import Credentials

    info = service_account_info(settings)
    try:
        credentials = Credentials.from_service_account_info(info, scopes=list(SCOPES))
    except ValueError as exc:
        raise ConfigError(messages.no_key(str(exc))) from exc
    client = gspread.Client(auth=credentials)
    client.http_client.set_timeout(settings.sheets_timeout_seconds)
    if settings.google_sheets_api_url:  # offline tests only: the Sheets stand-in's address
        adapter = RerouteAdapter(settings.google_sheets_api_url)
        client.http_client.session.mount(GOOGLE_SHEETS_BASE, adapter)
    return client


def open_spreadsheet(
    settings, client: gspread.Client | None = None, retry: RetryPolicy | None = None
) -> gspread.Spreadsheet:
    """The referral log named by SPREADSHEET. On 403/404, SheetAccessError says whom to share with."""
    client = client or google_client(settings)
    key = spreadsheet_id(settings.spreadsheet)
    retry = retry or RetryPolicy.from_settings(settings)
    try:
        return retry.call(lambda: client.open_by_key(key), "opening the spreadsheet")
    except SpreadsheetNotFound as exc:
        raise _access_error(settings, key, 404) from exc
    except PermissionError as exc:
        raise _access_error(settings, key, 403) from exc
    except APIError as exc:
        if exc.response.status_code in (403, 404):
            raise _access_error(settings, key, exc.response.status_code) from exc
        raise


class UnopenedSpreadsheet(gspread.Spreadsheet):
    """The spreadsheet SPREADSHEET names, before Google has answered for it: the bot starts and
    serves while Google is down (captures wait in the outbox), and its first read that works is
    the opening. Only the ID is known; every call goes to Google as for an opened one."""

    def __init__(self, http_client, key: str):  # no metadata fetch: that is what is failing
        self.client = http_client
        self._properties = {"id": key, "title": key}


def open_or_wait(
    settings, client: gspread.Client | None = None, retry: RetryPolicy | None = None
) -> gspread.Spreadsheet:
    """`open_spreadsheet`, except that Google being down (it answers 5xx or 429, or not in time,
    after every retry) is not a reason to stop: the log waits for it. A set-up mistake still
    stops start-up with one line: a key Google rejects, a sheet not shared, no route to Google
    at all (DNS, proxy, a refused connection)."""
    client = client or google_client(settings)
    try:
        return open_spreadsheet(settings, client, retry)
    except SheetUnavailableError as exc:
        if exc.last_status is None and not isinstance(exc.__cause__, requests.Timeout):
            raise
        log.warning("Starting without the sheet: %s", exc)
        return UnopenedSpreadsheet(client.http_client, spreadsheet_id(settings.spreadsheet))


def _access_error(settings, key: str, status: int) -> SheetAccessError:
    try:
        email = service_account_info(settings)["client_email"]
    except ConfigError:
        email = "the service account's client_email (in its JSON key)"
    return SheetAccessError(messages.share_sheet(email, key, status))
