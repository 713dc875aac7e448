from __future__ import annotations

import os
from datetime import date

import pytest

from bot.config import SETTINGS, load_settings, local_fallback_problem, value_type
from bot.errors import ConfigError
from bot.setting_fields import SettingFields


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


def test_the_digest_goes_to_its_channel_on_a_day_and_hour_of_the_firms_week():
    default = settings()
    assert (default.digest_channel, default.digest_day, default.digest_hour) == (
        "referral-digest",
        "monday",
        8,
    )
    s = settings(DIGEST_CHANNEL="#partners", DIGEST_DAY="Friday", DIGEST_HOUR="16")
    assert (s.digest_channel, s.digest_day, s.digest_hour) == ("#partners", "friday", 16)


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


# Names that look like ours -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "meant"),
    [
        ("GOOGLE_SERVICE_ACOUNT_FILE", "GOOGLE_SERVICE_ACCOUNT_FILE"),
        ("SLACK_BOT_TOKN", "SLACK_BOT_TOKEN"),
        ("slack_app_token", "SLACK_APP_TOKEN"),
        ("SWEEP_INTERVAL_MINUTE", "SWEEP_INTERVAL_MINUTES"),
    ],
)
def test_a_misspelled_name_in_the_environment_stops_start_with_did_you_mean(given, meant):
    with pytest.raises(ConfigError) as caught:
        settings(**{given: "x"})
    assert f"{given} is not a setting: did you mean {meant}?" in str(caught.value)


def test_a_misspelled_name_in_dotenv_stops_start_too(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("SLACK_BOT_TOKN=xoxb-1\n")
    with pytest.raises(ConfigError, match="did you mean SLACK_BOT_TOKEN"):
        load_settings(env={}, dotenv=dotenv)


def test_unrelated_environment_variables_are_left_alone():
    s = settings(HOME="/home/x", HOSTNAME="box", PATH="/bin", XDG_DATA_DIRS="/usr/share", TERM="x")
    assert s.local_workspace


# Values that make no sense -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEFAULT_PHONE_REGION": "UK"}, "DEFAULT_PHONE_REGION='UK': the ISO 3166 code is GB"),
        ({"DEFAULT_PHONE_REGION": "England"}, "two-letter ISO 3166 region code, e.g. GB"),
        ({"NAME_MATCH_THRESHOLD": "500"}, "NAME_MATCH_THRESHOLD='500': must be from 50 to 100"),
        ({"SWEEP_INTERVAL_MINUTES": "0"}, "must be from 1 to 1440, e.g. 15"),
        ({"SWEEP_INTERVAL_MINUTES": "fifteen"}, "write a whole number from 1 to 1440, e.g. 15"),
        ({"HIGH_VALUE_THRESHOLD": "lots"}, "write a number from 0 to"),
        ({"DEFAULT_WORKING_HOURS": "9-5"}, "write 24-hour HH:MM-HH:MM, e.g. 09:00-17:30"),
        ({"DEFAULT_WORKING_HOURS": "nine to five"}, "HH:MM-HH:MM, e.g. 09:00-17:30"),
        ({"SLACK_API_URL": "slack.com"}, "write a web address, e.g. https://slack.com/api/"),
        ({"LOCAL_CLOCK_START": "someday"}, "e.g. monday 09:30"),
        ({"TEMPLATES_OVERRIDE_DIR": "/no/such/folder"}, "no such folder"),
        ({"DIGEST_DAY": "mon"}, "write one of: monday, tuesday, wednesday"),
        ({"DIGEST_HOUR": "24"}, "DIGEST_HOUR='24': must be from 0 to 23, e.g. 8"),
        ({"DIGEST_CHANNEL": "  "}, "DIGEST_CHANNEL"),
    ],
)
def test_a_value_that_makes_no_sense_is_refused_with_the_expected_form(env, message):
    with pytest.raises(ConfigError) as caught:
        settings(**env)
    assert message in str(caught.value)
    assert "invalid literal" not in str(caught.value)


def test_an_unwritable_data_dir_is_refused_without_creating_anything(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):  # running as root: make the folder a file instead
            locked.chmod(0o700)
            locked.rmdir()
            locked.write_text("")
        with pytest.raises(ConfigError, match=r"DATA_DIR=.*choose a folder"):
            settings(DATA_DIR=str(locked / "data"))
    finally:
        if locked.is_dir():
            locked.chmod(0o700)
    assert not (locked / "data").exists()


def test_a_data_dir_that_does_not_exist_yet_is_fine_when_it_can_be_made(tmp_path):
    s = settings(DATA_DIR=str(tmp_path / "new" / "data"))
    assert s.data_path == tmp_path / "new" / "data"
    assert not (tmp_path / "new").exists()  # checked, not created


# Defaults that follow the firm ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "region"),
    [("Europe/London", "GB"), ("America/New_York", "US"), ("Europe/Berlin", "DE"), ("UTC", "US")],
)
def test_the_phone_region_follows_the_firms_time_zone(zone, region):
    assert settings(FIRM_TIMEZONE=zone).default_phone_region == region


def test_a_phone_region_set_explicitly_wins():
    s = settings(FIRM_TIMEZONE="Europe/London", DEFAULT_PHONE_REGION="ie")
    assert s.default_phone_region == "IE"


# Never a silent fallback to the local workspace ------------------------------------------------


@pytest.mark.parametrize(
    "name", ["SLACK_SIGNING_SECRET", "GOOGLE_SERVICE_ACCOUNT_JSON", "SLACK_APP_TOKEN"]
)
def test_some_credentials_without_a_bot_token_are_pointed_out(name):
    env = {name: "xapp-1" if name == "SLACK_APP_TOKEN" else "something"}
    if name == "GOOGLE_SERVICE_ACCOUNT_JSON":
        env["SPREADSHEET"] = "abc"
    problem = None
    try:
        problem = local_fallback_problem(settings(**env))
    except ConfigError as exc:  # SLACK_APP_TOKEN alone is already refused at load
        problem = str(exc)
    assert problem and "SLACK_BOT_TOKEN" in problem


def test_no_credentials_at_all_is_the_local_workspace_on_purpose():
    assert local_fallback_problem(settings()) is None


def test_every_setting_is_typed_and_its_default_has_that_type():
    simple = {"str": str, "int": int, "float": float, "bool": bool}
    fields = SettingFields.__annotations__
    assert set(fields) == {s.name.lower() for s in SETTINGS}
    for setting in SETTINGS:
        declared = value_type(setting)
        assert fields[setting.name.lower()] == declared
        if declared in simple:
            assert type(setting.default) is simple[declared], setting.name
        else:
            assert declared == "tuple[date, ...]", setting.name
            assert all(isinstance(d, date) for d in setting.default)


def test_a_parsed_value_has_the_declared_type():
    settings = load_settings({"SWEEP_INTERVAL_MINUTES": "20", "HOLIDAYS": "2026-12-25"}, None)
    assert settings.sweep_interval_minutes == 20 and type(settings.sweep_interval_minutes) is int
    assert [d.isoformat() for d in settings.holidays] == ["2026-12-25"]


def test_decimal_separator_defaults_from_the_firm_s_country():
    assert load_settings(env={"FIRM_TIMEZONE": "Europe/Berlin"}, dotenv=None).decimal_comma
    assert not load_settings(env={"FIRM_TIMEZONE": "Europe/London"}, dotenv=None).decimal_comma
    german_points = {"DEFAULT_PHONE_REGION": "DE", "DECIMAL_SEPARATOR": "."}
    assert not load_settings(env=german_points, dotenv=None).decimal_comma
    british_commas = {"DEFAULT_PHONE_REGION": "GB", "DECIMAL_SEPARATOR": ","}
    assert load_settings(env=british_commas, dotenv=None).decimal_comma
