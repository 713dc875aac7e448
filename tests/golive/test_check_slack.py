"""`python run.py check`, the Slack half: each failure produced for real against the stand-in."""

from __future__ import annotations

import pytest
from golive_support import DIGEST, REVIEW, SAM, TOKEN, slack_settings

from bot.golive.check import check_cli, run_checks
from bot.golive.probes import SlackProbe, manifest_scopes


def result(settings, name):
    return next(r for r in run_checks(settings) if r.name == name)


def test_a_working_token_says_where_and_as_whom(slack):
    found = result(slack_settings(slack), "Slack bot token")
    assert found.ok and found.detail == "works in workspace Local Firm as @referral-desk"


def test_a_refused_token_says_where_to_copy_the_right_one(slack):
    found = result(slack_settings(slack, slack_bot_token="xoxb-wrong"), "Slack bot token")
    assert not found.ok
    assert "Slack refused SLACK_BOT_TOKEN (invalid_auth)" in found.detail
    assert "OAuth & Permissions" in found.detail
    scopes = result(slack_settings(slack, slack_bot_token="xoxb-wrong"), "Slack scopes")
    assert not scopes.ok and scopes.detail.startswith("not checked: the bot token")


def test_an_unreachable_slack_is_named_with_its_address():
    settings = slack_settings_for_url("http://127.0.0.1:9/api/")
    found = result(settings, "Slack bot token")
    assert not found.ok and "cannot reach Slack at http://127.0.0.1:9/api/" in found.detail


def slack_settings_for_url(url):
    from bot.config import Settings

    return Settings({"SLACK_BOT_TOKEN": TOKEN, "SLACK_API_URL": url})


def test_scopes_the_manifest_asks_for_are_checked_against_those_granted(slack):
    assert result(slack_settings(slack), "Slack scopes").ok
    slack.tokens.set_scopes(TOKEN, manifest_scopes() - {"im:write", "chat:write"})
    found = result(slack_settings(slack), "Slack scopes")
    assert not found.ok
    assert "the token lacks chat:write, im:write" in found.detail and "reinstall" in found.detail


# The review and the digest channel are checked alike: each failure, for each.
CHANNELS = pytest.mark.parametrize(
    ("setting", "check", "channel_id", "channel_name"),
    [
        ("review_channel", "Review channel", REVIEW, "referral-review"),
        ("digest_channel", "Digest channel", DIGEST, "referral-digest"),
    ],
)


@CHANNELS
def test_a_missing_channel_says_to_create_it(slack, setting, check, channel_id, channel_name):
    found = result(slack_settings(slack, **{setting: "coordinators"}), check)
    assert not found.ok
    assert "no channel coordinators the bot can see: create it" in found.detail
    assert f"(or fix {setting.upper()})" in found.detail


@CHANNELS
def test_a_private_channel_without_the_bot_says_to_invite_it(
    slack, setting, check, channel_id, channel_name
):
    slack.add_channel("G0PRIV", "partners", members=[SAM], is_private=True, bot_is_member=False)
    found = result(slack_settings(slack, **{setting: "partners"}), check)
    assert not found.ok and "/invite @Referral Desk" in found.detail
    assert slack.bot_user_id not in slack.channel("G0PRIV")["members"]


@CHANNELS
def test_the_bot_joins_a_public_channel_itself(slack, setting, check, channel_id, channel_name):
    slack.add_channel("C0LOBBY", "lobby", members=[SAM], bot_is_member=False)
    found = result(slack_settings(slack, **{setting: "#lobby"}), check)
    assert found.ok and "joined just now" in found.detail
    assert slack.bot_user_id in slack.channel("C0LOBBY")["members"]


@CHANNELS
def test_without_channels_join_the_bot_asks_to_be_invited(
    slack, setting, check, channel_id, channel_name
):
    slack.add_channel("C0LOBBY", "lobby", members=[SAM], bot_is_member=False)
    slack.tokens.set_scopes(TOKEN, manifest_scopes() - {"channels:join"})
    found = result(slack_settings(slack, **{setting: "lobby"}), check)
    assert not found.ok and "missing_scope" in found.detail and "/invite" in found.detail
    assert f"({setting.upper()})" in found.detail


@CHANNELS
def test_a_channel_given_by_id_is_found(slack, setting, check, channel_id, channel_name):
    found = result(slack_settings(slack, **{setting: channel_id}), check)
    assert found.ok and found.detail == f"#{channel_name} exists and the bot is in it"


def test_the_digest_channel_is_checked_on_its_own(slack):
    """A firm whose review channel is right but whose digest channel is missing fails on that
    line only."""
    results = {r.name: r for r in run_checks(slack_settings(slack, digest_channel="weekly"))}
    assert results["Review channel"].ok
    assert (
        not results["Digest channel"].ok and "no channel weekly" in results["Digest channel"].detail
    )


def test_team_members_must_be_slack_users_with_a_time_zone(slack):
    slack.add_user("U0NOTZ", "nora", "Nora", tz="")
    probe = SlackProbe(slack_settings(slack))
    rows = [
        {"name": "Sam Lee", "slack_user_id": SAM},
        {"name": "Ghost", "slack_user_id": "U0GHOST"},
        {"name": "Nora", "slack_user_id": "U0NOTZ"},
        {"name": "Nora with a zone", "slack_user_id": "U0NOTZ", "time_zone": "Europe/Paris"},
    ]
    ok, detail = probe.team(rows)
    assert not ok
    assert "Ghost: Slack has no user U0GHOST (user_not_found)" in detail
    assert "Nora: Slack has no time zone" in detail and "Sam Lee" not in detail
    assert "Nora with a zone" not in detail
    assert probe.team(rows[:1]) == (True, "all 1 members are Slack users with a time zone")


def test_check_prints_one_line_per_check_and_exits_non_zero_on_a_failure(slack):
    lines = []
    code = check_cli(slack_settings(slack), out=lines.append)
    assert code == 1
    assert lines[0] == "✓ Slack bot token: works in workspace Local Firm as @referral-desk"
    assert any(
        line.startswith("✗ Google key: GOOGLE_SERVICE_ACCOUNT_FILE is not set") for line in lines
    )
    assert all(line[0] in "✓✗" for line in lines[:-1])
    assert "checks failed" in lines[-1]


def test_socket_mode_is_checked_by_connecting_and_waiting_for_hello(slack):
    found = result(slack_settings(slack), "Socket Mode")
    assert found.ok and found.detail == "connected and greeted (hello)"
    assert slack.socket_mode.hellos == 1


def test_a_refused_app_token_says_how_to_make_one(slack):
    found = result(slack_settings(slack, slack_app_token="xapp-1-wrong"), "Socket Mode")
    assert not found.ok
    assert "Slack refused SLACK_APP_TOKEN (invalid_auth)" in found.detail
    assert "connections:write" in found.detail


def test_http_mode_is_not_a_failure_but_says_what_slack_must_reach(slack):
    found = result(slack_settings(slack, slack_app_token=""), "Socket Mode")
    assert found.ok and found.detail.startswith("off (HTTP mode)")
