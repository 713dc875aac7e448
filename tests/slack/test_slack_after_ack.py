"""Listeners run on the bot's own threads; Bolt's thread waits only for the ack
(bot/slack/after_ack.py). Through Bolt over both transports, and the hand-off on its own."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
from slack_bolt import Ack
from slack_support import OTHER, referral, wait_for

from bot.domain.referral import CHANNEL_SLASH
from bot.services.types import ReferOutcome, Submission
from bot.slack.after_ack import AfterAck
from bot.wiring import Bot

COMPLETE = "Jane Doe <jane@acme.com> from Alex Kim: needs payroll help"


def test_a_capture_runs_on_the_bots_threads_and_slack_hears_the_ack_meanwhile(bot, slack, desk):
    release, ran_on = threading.Event(), []

    def slow_refer(sent, actor):
        ran_on.append(threading.current_thread().name)
        release.wait(5)
        return ReferOutcome("logged", referral=referral())

    desk.parsed = Submission(
        fields={"lead_name": "Jane Doe", "lead_email": "jane@acme.com"}, channel=CHANNEL_SLASH
    )
    desk.refer = slow_refer
    response = bot.driver.slash_command(OTHER, COMPLETE)
    try:
        assert response.status_code == 200  # answered while the capture is still held
        assert wait_for(lambda: ran_on) and ran_on[0].startswith("after-ack")
        assert slack.ephemerals(OTHER) == []
    finally:
        release.set()
    reply = wait_for(lambda: slack.ephemerals(OTHER))[-1]
    assert "Logged *R-0012*" in str(reply)


def test_the_callers_thread_returns_at_the_ack_not_at_the_end():
    handoff, finished, release = AfterAck(threads=2), threading.Event(), threading.Event()
    ack = Ack()

    def listener(signalling_ack):
        signalling_ack(text="on it")
        release.wait(5)
        finished.set()

    handoff.run(listener, ack)
    assert ack.response is not None and ack.response.status == 200
    assert not finished.is_set()
    assert not handoff.wait_idle(0.05)
    release.set()
    assert handoff.wait_idle(5) and finished.is_set()


def test_an_error_before_the_ack_is_raised_where_bolt_can_answer_it():
    def listener(signalling_ack):
        raise ValueError("no trigger_id")

    with pytest.raises(ValueError, match="no trigger_id"):
        AfterAck(threads=1).run(listener, Ack())


def test_an_error_after_the_ack_stays_on_the_bots_thread():
    def listener(signalling_ack):
        signalling_ack()
        raise ValueError("after the ack: the listener's wrapper reports it")

    handoff, ack = AfterAck(threads=1), Ack()
    handoff.run(listener, ack)
    assert handoff.wait_idle(5)
    assert ack.response is not None


def test_an_event_bolt_acked_itself_returns_at_once():
    handoff, ack, release = AfterAck(threads=1), Ack(), threading.Event()
    ack()  # Bolt acks Events API requests before the listener runs
    handoff.run(lambda signalling_ack: release.wait(5), ack)
    assert not handoff.wait_idle(0.05)
    release.set()
    assert handoff.wait_idle(5)


def test_a_clean_stop_waits_for_a_listener_still_working_after_its_ack():
    handoff, release, finished = AfterAck(threads=1), threading.Event(), threading.Event()

    def listener(signalling_ack):
        signalling_ack()
        release.wait(5)
        finished.set()  # its writes are queued by now: the flush after sends them

    handoff.run(listener, Ack())
    bolt = SimpleNamespace(listener_executor=ThreadPoolExecutor(1))
    bot = Bot(
        settings=None,
        clock=None,
        log=SimpleNamespace(flush=lambda timeout: finished.is_set()),
        desk=SimpleNamespace(ctx=SimpleNamespace(later=None)),
        app=SimpleNamespace(listener_runner=bolt),
        client=None,
        handoff=handoff,
    )
    threading.Timer(0.2, release.set).start()
    assert bot.finish(seconds=5) is True
