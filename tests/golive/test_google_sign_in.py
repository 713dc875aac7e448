"""The real Google sign-in, offline: the bot's own google_client signs a JWT with a service
account's key (google-auth), the Sheets stand-in's token endpoint verifies it, and every Sheets
call then needs the bearer token it handed out."""

from __future__ import annotations

import pytest
from google.auth.exceptions import RefreshError
from keys import EMAIL, private_key, write_key_file

from bot.config import Settings
from bot.errors import SheetAccessError
from bot.log.client import google_client, open_spreadsheet
from bot.startup import explain
from sandbox.sheets import SheetsStandIn

KEY_ID = "key-1"


@pytest.fixture
def sheets():
    stand_in = SheetsStandIn().start()
    stand_in.sign_in.add_service_account(EMAIL, KEY_ID, private_key().public_key())
    yield stand_in
    stand_in.stop()


@pytest.fixture
def spreadsheet_id(sheets):
    sid = sheets.create_spreadsheet("Referral log")
    sheets.sign_in.share(sid, EMAIL)
    return sid


def settings_for(sheets, tmp_path, spreadsheet_id, **changes) -> Settings:
    key = write_key_file(tmp_path, sheets.sign_in.token_uri, **changes)
    return Settings(
        {
            "GOOGLE_SERVICE_ACCOUNT_FILE": str(key),
            "SPREADSHEET": spreadsheet_id,
            "GOOGLE_SHEETS_API_URL": sheets.base_url,
            "SHEETS_MAX_ATTEMPTS": 1,
        }
    )


def names(sheets) -> list[tuple[str, int]]:
    return [(r.method, r.status) for r in sheets.requests]


def test_the_bot_signs_in_with_its_key_and_reads_with_the_token(sheets, tmp_path, spreadsheet_id):
    settings = settings_for(sheets, tmp_path, spreadsheet_id)
    book = open_spreadsheet(settings, google_client(settings))
    assert book.title == "Referral log"
    assert sheets.sign_in.grants == 1
    assert names(sheets)[0] == ("oauth2.token", 200)
    assert all(status == 200 for _, status in names(sheets))


def test_an_expired_token_gets_googles_401_and_the_client_signs_in_again(
    sheets, tmp_path, spreadsheet_id
):
    settings = settings_for(sheets, tmp_path, spreadsheet_id)
    book = open_spreadsheet(settings, google_client(settings))
    sheets.sign_in.expire_tokens()
    book.fetch_sheet_metadata()
    assert ("sign_in", 401) in names(sheets)
    assert sheets.sign_in.grants == 2  # a new JWT, a new token, the call retried


def test_a_call_without_a_token_gets_googles_unauthenticated_body(sheets, spreadsheet_id):
    import requests

    answer = requests.get(f"{sheets.base_url}/v4/spreadsheets/{spreadsheet_id}", timeout=5)
    assert answer.status_code == 401
    assert answer.json()["error"]["status"] == "UNAUTHENTICATED"
    assert "Expected OAuth 2 access token" in answer.json()["error"]["message"]
    assert 'error="invalid_token"' in answer.headers["WWW-Authenticate"]
    wrong = requests.get(
        f"{sheets.base_url}/v4/spreadsheets/{spreadsheet_id}",
        headers={"Authorization": "Bearer ya29.made-up"},
        timeout=5,
    )
    assert wrong.status_code == 401
    assert wrong.json()["error"]["message"].startswith("Request had invalid authentication")


def test_a_key_google_does_not_hold_is_invalid_grant_and_one_line(sheets, tmp_path, spreadsheet_id):
    settings = settings_for(sheets, tmp_path, spreadsheet_id, which=1)  # another private key
    with pytest.raises(RefreshError) as caught:
        open_spreadsheet(settings, google_client(settings))
    assert "invalid_grant" in str(caught.value) and "Invalid JWT Signature" in str(caught.value)
    line = explain(caught.value, settings)
    assert line.startswith("Google rejected the service-account key (") and EMAIL in line
    assert "\n" not in line


def test_a_deleted_key_is_refused_too(sheets, tmp_path, spreadsheet_id):
    sheets.sign_in.delete_key(EMAIL, KEY_ID)
    settings = settings_for(sheets, tmp_path, spreadsheet_id)
    with pytest.raises(RefreshError, match="invalid_grant"):
        open_spreadsheet(settings, google_client(settings))


def test_a_sheet_not_shared_with_the_service_account_says_whom_to_share_with(sheets, tmp_path):
    other = sheets.create_spreadsheet("Someone else's")
    settings = settings_for(sheets, tmp_path, other)
    with pytest.raises(SheetAccessError) as caught:
        open_spreadsheet(settings, google_client(settings))
    assert EMAIL in str(caught.value) and "403" in str(caught.value)
