"""Hostile and broken requests at HTTP mode's front door (waitress + Bolt's WSGI adapter): each is
refused or explained, and each asserts that nothing was sent to Slack, to a response_url, or
asked of the desk (which would write the sheet)."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode

import pytest
import requests
from slack_support import OWNER, referral, settings_for, wait_for

from bot.slack import ids
from bot.slack.app import build_app
from bot.slack.http import Limits, make_http_server
from sandbox.slack import payloads

SENDS = ("chat.postMessage", "chat.postEphemeral", "chat.update", "views.open", "views.publish")


class Recorder:
    """An attacker's server: records every request a response_url would send it."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                recorder.hits.append(self.path)
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/steal"


@pytest.fixture
def attacker() -> Iterator[Recorder]:
    recorder = Recorder()
    yield recorder
    recorder.server.shutdown()
    recorder.server.server_close()


def nothing_sent(slack, desk, attacker=None) -> bool:
    return (
        not any(slack.calls[name] for name in SENDS)
        and desk.calls == []
        and (attacker is None or attacker.hits == [])
    )


def command_fields(slack, **changes: str) -> dict[str, str]:
    fields = payloads.slash_command(
        slack.team,
        slack.user(OWNER),
        {"id": "C0GENERAL", "name": "general"},
        command="/refer",
        text="list",
        response_url=slack.mint_response_url(OWNER, "C0GENERAL"),
        trigger_id=slack.mint_trigger(OWNER),
        verification_token="",
    )
    return {**fields, **changes}


def form_headers(bot, body: bytes, **extra: str) -> dict[str, str]:
    return {"Content-Type": "application/x-www-form-urlencoded", **bot.driver.sign(body), **extra}


def test_a_timestamp_that_is_not_a_number_is_refused_and_nothing_is_sent(
    http_bot, slack, desk, attacker
):
    body = urlencode(command_fields(slack, response_url=attacker.url, text="")).encode()
    headers = {**form_headers(http_bot, body), "X-Slack-Request-Timestamp": "abc"}
    assert http_bot.driver.send_raw(body, headers).status_code == 401
    assert nothing_sent(slack, desk, attacker)


def test_unsigned_and_forged_requests_are_refused(http_bot, slack, desk, attacker):
    body = urlencode(command_fields(slack, response_url=attacker.url)).encode()
    plain = {"Content-Type": "application/x-www-form-urlencoded"}
    forged = {**plain, **http_bot.driver.sign(body, secret="guess")}
    assert http_bot.driver.send_raw(body, plain).status_code == 401
    assert http_bot.driver.send_raw(body, forged).status_code == 401
    assert nothing_sent(slack, desk, attacker)


def test_a_body_above_the_cap_is_refused_unread(http_bot, slack, desk):
    body = urlencode(command_fields(slack, text="x" * 1_100_000)).encode()
    assert http_bot.driver.send_raw(body, form_headers(http_bot, body)).status_code == 413
    assert nothing_sent(slack, desk)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"payload=%7Bnot+json", "application/x-www-form-urlencoded"),
        (b"payload=%5B1%2C2%5D", "application/x-www-form-urlencoded"),
        (b"\xff\xfe\x00text", "application/x-www-form-urlencoded"),
        (b'{"type": "event_callback"', "application/json"),
        (b"command=/refer&text=list", "text/plain"),
    ],
)
def test_a_signed_but_malformed_body_gets_400(http_bot, slack, desk, body, content_type):
    headers = {"Content-Type": content_type, **http_bot.driver.sign(body)}
    assert http_bot.driver.send_raw(body, headers).status_code == 400
    assert nothing_sent(slack, desk)


def test_health_answers_without_a_signature(http_bot):
    health = http_bot.url.replace("/slack/events", "/health")
    answer = requests.get(health, timeout=5)
    assert (answer.status_code, answer.text) == (200, "ok")


def test_another_workspace_is_refused_with_a_word_and_nothing_done(bot, slack, desk, attacker):
    body = urlencode(command_fields(slack, team_id="T0ELSEWHERE", response_url=attacker.url))
    answer = bot.driver.send_raw(body.encode(), form_headers(bot, body.encode()))
    assert answer.status_code == 200 and "only takes requests" in answer.text
    assert nothing_sent(slack, desk, attacker)


def test_a_slack_connect_user_from_another_enterprise_is_refused(bot, slack, desk, attacker):
    message = {"ts": "1.000100", "type": "message", "user": OWNER, "text": "sent"}
    payload = payloads.interaction_base(
        "block_actions", slack.team, slack.user(OWNER), slack.mint_trigger(OWNER), ""
    )
    payload["user"]["team_id"] = "T0PARTNER"
    payload["enterprise"] = {"id": "E0PARTNER", "name": "Partner Inc"}
    payload.update(
        actions=[{"action_id": ids.FOLLOWUP_SENT, "value": "R-0012", "type": "button"}],
        container={"type": "message", "channel_id": "D0OWNER", "message_ts": message["ts"]},
        message=message,
        response_url=attacker.url,
    )
    body = urlencode({"payload": json.dumps(payload)}).encode()
    assert bot.driver.send_raw(body, form_headers(bot, body)).status_code == 200
    assert nothing_sent(slack, desk, attacker)


def block_action_body(slack, action: dict, response_url: str) -> bytes:
    payload = payloads.interaction_base(
        "block_actions", slack.team, slack.user(OWNER), slack.mint_trigger(OWNER), ""
    )
    payload.update(
        actions=[action],
        container={"type": "message", "channel_id": "C0GENERAL", "message_ts": "1.000100"},
        message={"ts": "1.000100", "type": "message", "text": "x", "blocks": []},
        channel={"id": "C0GENERAL", "name": "general"},
        response_url=response_url,
    )
    return urlencode({"payload": json.dumps(payload)}).encode()


def test_an_unknown_button_gets_a_short_explanation_not_a_404(bot, slack, desk):
    url = slack.mint_response_url(OWNER, "C0GENERAL")
    body = block_action_body(slack, {"action_id": "launch_rockets", "type": "button"}, url)
    assert bot.driver.send_raw(body, form_headers(bot, body)).status_code == 200
    said = wait_for(lambda: slack.ephemerals(OWNER))
    assert "not one I know" in said[-1]["text"]
    assert desk.calls == []


def test_a_null_date_is_explained_not_a_500(bot, slack, desk):
    desk.referrals["R-0012"] = referral()
    url = slack.mint_response_url(OWNER, "C0GENERAL")
    action = {
        "action_id": ids.SNOOZE_PICK,
        "block_id": ids.block_id(ids.KIND_OWNER_ACTIONS, "R-0012"),
        "type": "datepicker",
        "selected_date": None,
    }
    body = block_action_body(slack, action, url)
    assert bot.driver.send_raw(body, form_headers(bot, body)).status_code == 200
    said = wait_for(lambda: slack.ephemerals(OWNER))
    assert "nothing was changed" in said[-1]["text"]
    assert desk.calls == []


def test_a_command_without_trigger_id_is_explained_not_a_500(bot, slack, desk):
    fields = command_fields(slack, text="")
    del fields["trigger_id"]
    body = urlencode(fields).encode()
    assert bot.driver.send_raw(body, form_headers(bot, body)).status_code == 200
    said = wait_for(lambda: slack.ephemerals(OWNER))
    assert "nothing was changed" in said[-1]["text"]
    assert not slack.calls["views.open"]


def test_foreign_metadata_on_a_modal_is_explained_not_a_500(bot, slack, desk):
    payload = payloads.interaction_base(
        "view_submission", slack.team, slack.user(OWNER), slack.mint_trigger(OWNER), ""
    )
    payload["view"] = {
        "id": "V0FOREIGN",
        "type": "modal",
        "callback_id": ids.NOT_A_FIT_MODAL,
        "private_metadata": "[1, 2, 3]",
        "state": {"values": {}},
    }
    payload["response_urls"] = []
    body = urlencode({"payload": json.dumps(payload)}).encode()
    assert bot.driver.send_raw(body, form_headers(bot, body)).status_code == 200
    said = wait_for(lambda: slack.dm_messages(OWNER))
    assert "nothing was changed" in said[-1]["text"]
    assert desk.calls == []


@pytest.fixture
def impatient(slack, desk) -> Iterator[str]:
    """The app served with a one-second read timeout."""
    app = build_app(settings_for(slack), desk)
    server = make_http_server(app, "127.0.0.1", 0, limits=Limits(read_timeout_seconds=1))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    thread.join(timeout=5)


def test_a_client_that_promises_a_body_and_stalls_is_dropped_and_holds_nobody(impatient, desk):
    host, port = impatient.split(":")
    stalled = socket.create_connection((host, int(port)), timeout=10)
    stalled.sendall(
        b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n\r\nhello"
    )
    # Meanwhile the server answers others at once.
    assert requests.get(f"http://{impatient}/health", timeout=5).text == "ok"
    assert stalled.recv(1024) == b""  # closed by the server after the read timeout
    stalled.close()
    assert desk.calls == []


def test_bolt_itself_answers_nothing_when_verification_raises(slack, desk, attacker):
    """Behind any other front door (or none), the error handler still refuses to act on a request
    whose signature check raised: no reply to its response_url, no DM."""
    from slack_bolt import BoltRequest

    app = build_app(settings_for(slack), desk)
    body = urlencode(command_fields(slack, response_url=attacker.url, text="")).encode()
    headers = {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": "abc",
        "x-slack-signature": "v0=" + "0" * 64,
    }
    answer = app.dispatch(BoltRequest(body=body.decode(), headers=headers))
    assert answer.status == 401
    assert nothing_sent(slack, desk, attacker)
