"""Socket Mode end to end: the local workspace's bot connected over a WebSocket, and the
connection lost or changed while a referral is being logged — nothing lost, nothing doubled."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import time_machine
from e2e_support import COMPLETE, dm_texts, history, rows

from bot.config import Settings
from sandbox.workspace import LocalWorkspace

MONDAY_MORNING = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # 09:30 in London
PING_SECONDS = 0.5
"""slack_sdk's client notices a dropped connection after five failed pings; a short interval
keeps these tests quick (not shorter: under load a late pong would look like a dead link)."""


@pytest.fixture
def socket_ws(tmp_path) -> Iterator[LocalWorkspace]:
    settings = Settings(
        {"DATA_DIR": str(tmp_path), "FIRM_TIMEZONE": "Europe/London", "LOCAL_SOCKET_MODE": True}
    )
    workspace = LocalWorkspace(settings, tmp_path, socket_ping_seconds=PING_SECONDS)
    with time_machine.travel(MONDAY_MORNING, tick=True), workspace as ws:
        yield ws


def drop_after_acks(ws: LocalWorkspace, count: int) -> threading.Thread:
    """Cut the bot's connection as soon as Slack has `count` acks: the bot is still at work."""
    server = ws.slack.socket_mode

    def cut() -> None:
        deadline = time.monotonic() + 10
        while server.acks < count and time.monotonic() < deadline:
            time.sleep(0.005)
        server.drop()

    thread = threading.Thread(target=cut, daemon=True)
    thread.start()
    return thread


def logged_replies(ws: LocalWorkspace) -> list[str]:
    return [e["text"] for e in ws.ephemerals() if "Logged *R-" in e.get("text", "")]


def test_the_bot_reconnects_when_the_connection_drops_mid_capture(socket_ws):
    ws = socket_ws
    server = ws.slack.socket_mode
    hellos = server.hellos
    ws.sheets.faults.latency = 0.3  # Google is slow, so the row is still being written
    cutter = drop_after_acks(ws, server.acks + 1)

    seen = ws.refer(COMPLETE)
    cutter.join(timeout=10)

    assert not seen.problem  # the ack got through before the connection went
    assert server.wait_connected(after=hellos, timeout=10)  # the bot opened a new one itself
    ws.sheets.faults.latency = 0.0
    assert [r["ID"] for r in rows(ws)] == ["R-0001"]
    assert len(logged_replies(ws)) == 1
    assert len([t for t in dm_texts(ws, "Sam Lee") if "R-0001" in t]) == 1

    # The next thing anyone does travels over the new connection.
    ws.as_user("Sam Lee")
    again = ws.reply("sent")
    assert not again.problem
    assert history(ws, "R-0001").count("Touch") == 1


def test_a_lost_ack_for_a_command_logs_it_once_and_the_person_is_still_told(socket_ws):
    ws = socket_ws
    server = ws.slack.socket_mode
    hellos = server.hellos
    server.lose_next_ack()  # the bot answers; the network drops the answer and the connection

    seen = ws.refer(COMPLETE)

    assert "did not answer in time" in seen.problem  # Slack shows the person an error...
    assert len(logged_replies(ws)) == 1  # ...but the bot's reply came through response_url
    assert server.wait_connected(after=hellos, timeout=10)
    ws.refer(COMPLETE)  # the person types it again, to be sure
    assert [r["ID"] for r in rows(ws)] == ["R-0001"]  # the same lead from the same referrer


@pytest.mark.parametrize("reason", ["warning", "refresh_requested"])
def test_slack_changing_the_connection_before_the_ack_logs_the_referral_once(socket_ws, reason):
    """The /refer envelope goes out, then Slack's `disconnect` before the bot's ack: Slack moves
    to the bot's new connection and delivers the command again there."""
    ws = socket_ws
    server = ws.slack.socket_mode
    hellos = server.hellos
    ws.sheets.faults.latency = 0.3  # Google is slow, so the row is still being written
    server.refresh_before_next_ack(reason)

    seen = ws.refer(COMPLETE)

    assert not seen.problem  # the second delivery was acknowledged on the new connection
    first, again = [e for e in server.envelopes if e["type"] == "slash_commands"]
    assert "retry_attempt" not in first
    assert (again["retry_attempt"], again["retry_reason"]) == (1, "timeout")
    assert first["payload"] == again["payload"]
    assert server.hellos == hellos + 1
    assert len(server.connections()) == 1  # Slack closed the old one
    ws.flush()
    ws.sheets.faults.latency = 0.0
    assert [r["ID"] for r in rows(ws)] == ["R-0001"]
    assert len(logged_replies(ws)) == 1
    assert len([t for t in dm_texts(ws, "Sam Lee") if "R-0001" in t]) == 1

    ws.as_user("Sam Lee")
    assert not ws.reply("sent").problem  # and the next thing travels over the new connection
    assert history(ws, "R-0001").count("Touch") == 1


def test_a_dm_reply_whose_ack_is_lost_is_redelivered_and_applied_once(socket_ws):
    ws = socket_ws
    ws.refer(COMPLETE)
    ws.as_user("Sam Lee")
    server = ws.slack.socket_mode
    hellos = server.hellos
    server.lose_next_ack()  # the bot applied it and acked; the network lost the ack

    seen = ws.reply("sent")

    assert not seen.problem  # Slack retried the event on the bot's new connection
    assert server.hellos > hellos
    first, retry = [e for e in server.envelopes if e["type"] == "events_api"][-2:]
    assert (first["retry_attempt"], retry["retry_attempt"]) == (0, 1)
    assert first["payload"]["event_id"] == retry["payload"]["event_id"]
    assert history(ws, "R-0001").count("Touch") == 1
