"""Opening the referral log: spreadsheet ID or URL, the service-account key, and the hint to share
the sheet when Google answers 403/404 (the stand-in answers for Google)."""

from __future__ import annotations

import json

import pytest

from bot.config import Settings
from bot.errors import ConfigError, SheetAccessError
from bot.log.client import open_spreadsheet, service_account_info, spreadsheet_id


def test_spreadsheet_id_from_url_or_id():
    url = "https://docs.google.com/spreadsheets/d/1AbC-d_9/edit#gid=0"
    assert spreadsheet_id(url) == "1AbC-d_9"
    assert spreadsheet_id(" 1AbC-d_9 ") == "1AbC-d_9"


@pytest.mark.parametrize("status", [403, 404])
def test_no_access_says_whom_to_share_with(stand_in, client, status):
    key = {"type": "service_account", "client_email": "desk@firm-proj.iam.gserviceaccount.com"}
    settings = Settings(
        {
            "GOOGLE_SERVICE_ACCOUNT_JSON": json.dumps(key),
            "SPREADSHEET": "https://docs.google.com/spreadsheets/d/nope123/edit",
            "SHEETS_MAX_ATTEMPTS": 1,
        }
    )
    if status == 403:
        settings = settings.replace(spreadsheet=stand_in.create_spreadsheet("Private"))
        stand_in.faults.fail_next(403, 1)
    with pytest.raises(SheetAccessError) as error:
        open_spreadsheet(settings, client=client)
    assert "desk@firm-proj.iam.gserviceaccount.com" in str(error.value)
    assert "Share the sheet" in str(error.value)
    stand_in.faults.clear()


def test_key_from_a_file_or_from_the_environment(tmp_path):
    key = {"type": "service_account", "client_email": "desk@p.iam.gserviceaccount.com"}
    path = tmp_path / "key.json"
    path.write_text(json.dumps(key))
    from_file = Settings({"GOOGLE_SERVICE_ACCOUNT_FILE": str(path)})
    from_env = Settings({"GOOGLE_SERVICE_ACCOUNT_JSON": json.dumps(key)})
    assert service_account_info(from_file) == service_account_info(from_env) == key


@pytest.mark.parametrize("text", ["not json", "{}", "[1]"])
def test_a_broken_key_says_what_to_set(text):
    with pytest.raises(ConfigError, match="GOOGLE_SERVICE_ACCOUNT_FILE"):
        service_account_info(Settings({"GOOGLE_SERVICE_ACCOUNT_JSON": text}))


def test_opens_the_sheet_named_by_its_url(stand_in, client):
    key = stand_in.create_spreadsheet("Referral log")
    settings = Settings({"SPREADSHEET": f"https://docs.google.com/spreadsheets/d/{key}/edit#gid=0"})
    assert open_spreadsheet(settings, client=client).id == key
