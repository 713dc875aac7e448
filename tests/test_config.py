from __future__ import annotations

import pytest

from bot.config import load_settings
from bot.errors import ConfigError


def settings(**env):
    return load_settings(env=env, dotenv=None)


def test_no_credentials_means_local_workspace():
    s = settings()
    assert s.local_workspace and not s.socket_mode
    assert s.lookback_days == 90 and s.first_contact_due_hours == 24.0


def test_values_are_parsed():
    s = settings(LOOKBACK_DAYS="30", HOLIDAYS="2026-12-25, 2026-12-26", REWARD_POLICY="Gift")
    assert s.lookback_days == 30
    assert [d.isoformat() for d in s.holidays] == ["2026-12-25", "2026-12-26"]
    assert s.reward_policy == "gift"


@pytest.mark.parametrize(
    ("env", "hint"),
    [
        ({"LOOKBACK_DAYS": "ninety"}, "LOOKBACK_DAYS"),
        ({"FIRM_TIMEZONE": "Mars/Olympus"}, "IANA time zone"),
        ({"DEFAULT_WORKING_HOURS": "9 to 5"}, "DEFAULT_WORKING_HOURS"),
        ({"SLACK_BOT_TOKEN": "abc"}, "starts with xoxb-"),
        (
            {"SLACK_BOT_TOKEN": "xoxb-1", "GOOGLE_SERVICE_ACCOUNT_JSON": "{}", "SPREADSHEET": "x"},
            "SLACK_SIGNING_SECRET",
        ),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}, "GOOGLE_SERVICE_ACCOUNT_FILE"),
        (
            {"GOOGLE_SERVICE_ACCOUNT_FILE": "/nope.json", "SPREADSHEET": "x"},
            "no file at /nope.json",
        ),
    ],
)
def test_a_wrong_setting_stops_start_with_a_hint(env, hint):
    with pytest.raises(ConfigError, match=hint):
        settings(**env)


def test_secret_values_are_not_echoed_in_errors():
    with pytest.raises(ConfigError) as caught:
        settings(SLACK_APP_TOKEN="not-a-token-secret-value", SLACK_BOT_TOKEN="xoxb-1")
    assert "not-a-token-secret-value" not in str(caught.value)


def test_dotenv_is_read_and_environment_wins(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("LOOKBACK_DAYS=45\nLOG_LEVEL=debug\n")
    s = load_settings(env={"LOOKBACK_DAYS": "60"}, dotenv=dotenv)
    assert s.lookback_days == 60 and s.log_level == "debug"
