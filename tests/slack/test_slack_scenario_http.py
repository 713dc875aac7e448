"""The app as served over HTTP: signatures, acks that do not wait for slow work, Slack rate
limits, App Home, the error handler and start-up checks."""

from __future__ import annotations

import json
import logging
import threading
import time
from urllib.parse import urlencode

import pytest
from slack_support import COORD, OTHER, OWNER, referral, settings_for, wait_for

from bot.errors import ConfigError
from bot.services.types import ReferOutcome, Submission
from bot.slack import ids
from bot.slack.app import build_app

COMMAND = {"command": "/refer", "text": "list", "user_id": OWNER, "channel_id": "C0GENERAL"}


def form(fields: dict) -> bytes:
    return urlencode(fields).encode()


def test_a_forged_signature_is_rejected(http_bot, desk):
    body = form(COMMAND)
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        **http_bot.driver.sign(body, secret="not-the-secret"),
    }
    assert http_bot.driver.send_raw(body, headers).status_code == 401
    assert desk.calls == []


def test_a_stale_request_is_rejected(http_bot, desk):
    body = form(COMMAND)
    ten_minutes_ago = int(time.time()) - 600
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        **http_bot.driver.sign(body, ten_minutes_ago),
    }
    assert http_bot.driver.send_raw(body, headers).status_code == 401
    assert desk.calls == []


def test_a_tampered_body_is_rejected(http_bot, desk):
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        **http_bot.driver.sign(form(COMMAND)),
    }
    tampered = form({**COMMAND, "user_id": COORD})
    assert http_bot.driver.send_raw(tampered, headers).status_code == 401
    assert desk.calls == []


def test_the_ack_does_not_wait_for_the_desk(bot, slack, desk):
    release = threading.Event()
    slow_refer = desk.refer

    def refer(submission, actor):
        release.wait(5)  # the sheet is slow; Slack must still hear back at once
        return slow_refer(submission, actor)

    desk.refer = refer
    desk.parsed = Submission(
        fields={"lead_name": "Jane", "referred_by": "Alex"}, channel="Slash command"
    )
    desk.outcomes = [ReferOutcome("logged", referral=referral())]
    response = bot.driver.slash_command(OTHER, "Jane from Alex")
    assert response.status_code == 200 and slack.ephemerals(OTHER) == []
    release.set()
    assert "Logged" in wait_for(lambda: slack.ephemerals(OTHER))[-1]["text"]


@pytest.fixture
def quick_retry(monkeypatch):
    # slack_sdk waits Retry-After plus up to a second of jitter; keep the jitter small in tests.
    monkeypatch.setattr("slack_sdk.http_retry.builtin_handlers.random.random", lambda: 0.01)


def test_slack_429_on_post_message_is_retried(bot, slack, desk, quick_retry):
    slack.faults.rate_limit_next("chat.postMessage", count=1, retry_after=0)
    bot.driver.message_im(OWNER, "sent")
    answer = wait_for(lambda: [m for m in slack.dm_messages(OWNER) if m.get("bot_id")])[-1]
    assert "R-0012" in answer["text"]
    assert slack.calls["chat.postMessage"] == 2  # refused once, then delivered


def test_the_notifier_retries_429_too(bot, slack, desk, quick_retry):
    slack.faults.rate_limit_next("chat.postMessage", count=2, retry_after=0)
    ref = bot.notifier.needs_owner(referral(owner_slack_id=""), "nobody is free")
    assert ref.startswith("C0REVIEW:")
    assert slack.calls["chat.postMessage"] == 3


def test_app_home_opened_publishes_my_referrals(bot, slack, desk):
    bot.driver.app_home_opened(OWNER)
    home = wait_for(lambda: slack.home_view(OWNER))
    shown = json.dumps(home["blocks"], ensure_ascii=False)
    assert "*R-0012* Jane Doe, Acme" in shown
    assert "Unassigned" not in shown


def test_coordinators_home_shows_the_team(bot, slack, desk):
    desk.referrals["R-0020"] = referral(
        id="R-0020", lead_name="Ann Other", owner="", owner_slack_id=""
    )
    bot.driver.app_home_opened(COORD)
    home = wait_for(lambda: slack.home_view(COORD))
    shown = json.dumps(home["blocks"], ensure_ascii=False)
    assert "Unassigned" in shown and "*R-0020* Ann Other, Acme" in shown


def test_a_button_in_app_home_answers_and_redraws_home(bot, slack, desk):
    bot.driver.app_home_opened(OWNER)
    home = wait_for(lambda: slack.home_view(OWNER))
    bot.driver.block_action(OWNER, ids.WAITING_REPLY, "R-0012", view=home)
    wait_for(lambda: slack.calls["views.publish"] == 2)
    assert desk.called("record_followup")[0][0] == "R-0012"
    assert "Waiting for reply" in json.dumps(slack.home_view(OWNER)["blocks"])


def test_an_unexpected_error_is_logged_redacted_and_the_user_is_told(bot, slack, desk, caplog):
    caplog.set_level(logging.INFO, logger="bot.slack")
    desk.fail_with = RuntimeError("boom for jane@acme.com on +44 20 7946 0000")
    bot.driver.slash_command(OWNER, "list")
    told = wait_for(lambda: slack.ephemerals(OWNER))[-1]
    assert "Something went wrong on my side" in told["text"]
    assert "jane@" not in told["text"]
    logged = wait_for(lambda: [r for r in caplog.records if r.name == "bot.slack.errors"])[-1]
    text = logged.getMessage()
    assert "Traceback" in text and "RuntimeError" in text and "command:/refer" in text
    assert "jane@acme.com" not in text and "7946" not in text and "[email]" in text


def test_a_wrong_token_stops_start_up_with_a_hint(slack, desk):
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN"):
        build_app(settings_for(slack, slack_bot_token="xoxb-wrong"), desk)


def test_no_token_stops_start_up_with_a_hint(slack, desk):
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN"):
        build_app(settings_for(slack, slack_bot_token=""), desk)


def test_the_server_answers_only_the_events_path(http_bot):
    base = http_bot.url.removesuffix("/slack/events")
    session = http_bot.driver.transport._session
    assert session.get(f"{base}/health", timeout=2).text == "ok"
    assert session.post(f"{base}/elsewhere", data=b"x", timeout=2).status_code == 404


def test_a_rejected_body_is_never_logged(http_bot, desk, caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="slack_bolt.RequestVerification")
    body = form({**COMMAND, "text": "Jane Doe jane@acme.com +1 415 555 0100 from Alex"})
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        **http_bot.driver.sign(body, secret="not-the-secret"),
    }
    assert http_bot.driver.send_raw(body, headers).status_code == 401
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Refused a request whose Slack signature did not verify" in logged
    assert "jane" not in logged and "415" not in logged and "Jane" not in logged
