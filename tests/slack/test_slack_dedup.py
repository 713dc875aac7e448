"""Slack's retries and replays applied once (bot/slack/dedup.py): an event re-sent with
X-Slack-Retry-Num, a replayed button payload, a re-sent modal; and the store across a restart."""

from __future__ import annotations

import threading

from slack_support import OTHER, OWNER, draft, referral, wait_for

from bot.log.applying import applying
from bot.log.outbox import CELLS, Outbox
from bot.services.types import ReferOutcome
from bot.slack import ids
from bot.slack.dedup import Deliveries, identity


def bot_replies(slack, user):
    return [m for m in slack.dm_messages(user) if m.get("bot_id")]


def test_a_dm_event_resent_by_slack_is_applied_once(bot, slack, desk):
    bot.driver.message_im(OWNER, "sent")
    wait_for(lambda: bot_replies(slack, OWNER))
    assert bot.driver.retry_last(attempt=1).status_code == 200
    assert bot.driver.retry_last(attempt=2).status_code == 200
    bot.driver.message_im(OWNER, "waiting")  # a new event, after the retries
    wait_for(lambda: len(bot_replies(slack, OWNER)) == 2)
    assert len(desk.called("mark_done")) == 1  # "sent": the step owed, marked once
    assert [call[2] for call in desk.called("record_followup")] == ["Waiting for reply"]


def test_a_replayed_button_payload_counts_once(bot, slack, desk):
    ref = bot.notifier.owner_assigned(desk.referrals["R-0012"], OWNER, draft())
    channel, ts = ref.split(":")
    dm = next(m for m in slack.messages(channel) if m["ts"] == ts)
    bot.driver.block_action(OWNER, ids.FOLLOWUP_SENT, "R-0012", container_message=dm)
    wait_for(lambda: desk.called("record_followup"))
    assert bot.driver.retry_last().status_code == 200
    bot.driver.block_action(OWNER, ids.WAITING_REPLY, "R-0012", container_message=dm)
    wait_for(lambda: len(desk.called("record_followup")) == 2)
    assert [c[2] for c in desk.called("record_followup")] == [
        "Follow-up sent",
        "Waiting for reply",
    ]


def test_a_modal_sent_again_confirms_once(bot, slack, desk):
    bot.driver.slash_command(OTHER, "")
    view = wait_for(lambda: slack.views(OTHER))[-1]
    desk.outcomes = [ReferOutcome("logged", referral=referral(id="R-0013"))] * 2
    values = {"lead_name": {"lead_name": "Jane Doe"}, "referred_by": {"referred_by": "Alex"}}
    bot.driver.submit_view(OTHER, view, values)
    wait_for(lambda: slack.ephemerals(OTHER))
    assert bot.driver.retry_last().status_code == 200
    bot.driver.slash_command(OTHER, "help")  # a later request, answered after the retry
    wait_for(lambda: len(slack.ephemerals(OTHER)) >= 2)
    assert len(desk.called("refer")) == 1
    assert sum("R-0013" in str(e) for e in slack.ephemerals(OTHER)) == 1


def test_identities_of_each_kind_of_request():
    event = {"type": "event_callback", "event_id": "Ev1"}
    action = {
        "type": "block_actions",
        "user": {"id": "U1"},
        "actions": [{"action_id": "a", "action_ts": "1.2"}],
    }
    view = {"type": "view_submission", "view": {"id": "V1", "hash": "h", "state": {"values": {}}}}
    command = {"command": "/refer", "trigger_id": "t1"}
    keys = [identity(b) for b in (event, action, view, command)]
    assert keys[0] == "event:Ev1" and keys[1] == "action:U1:a:1.2"
    assert keys[2].startswith("view:V1:h:") and keys[3] == "command:t1"
    assert identity({"type": "block_actions", "actions": [{}]}) == ""


def test_completed_claims_survive_a_restart_and_unfinished_ones_are_retried(tmp_path):
    path = tmp_path / "deliveries.sqlite3"
    first = Deliveries(path)
    assert first.claim("event:done") and first.claim("event:died")
    assert not first.claim("event:done")  # the same run: a retry while it is being handled
    first.complete("event:done")
    first.close()
    again = Deliveries(path)  # the bot restarted
    assert not again.claim("event:done")
    assert again.claim("event:died")  # the earlier run never finished it: apply it now
    assert not again.claim("event:died")


def test_a_request_whose_writes_were_durable_before_a_crash_is_not_applied_again(tmp_path):
    """The bot died after the answer's writes reached the outbox but before the claim was
    completed: Slack's retry after the restart is acknowledged and applies nothing."""
    key = "action:U0SAM:followup_sent:1700000000.1"
    first, outbox = Deliveries(tmp_path / "deliveries.sqlite3"), Outbox(tmp_path / "outbox.sqlite3")
    assert first.claim(key, outbox.applied)
    with applying(key):
        outbox.put(CELLS, {"changes": {"R-0001": {"touches": "1"}}})
    first.close(), outbox.close()  # killed here: never completed

    again, outbox = Deliveries(tmp_path / "deliveries.sqlite3"), Outbox(tmp_path / "outbox.sqlite3")
    assert not again.claim(key, outbox.applied)
    assert not again.claim(key)  # and it stays done: the outbox's word was recorded
    unfinished = "action:U0SAM:followup_sent:1700000000.2"  # claimed, died before any write
    assert again.claim(unfinished, outbox.applied)


def test_a_claim_is_committed_without_an_fsync_on_the_way_to_the_ack(tmp_path):
    """The claim is made before Slack hears its ack: WAL with synchronous=NORMAL, so a claim
    survives the bot being killed without waiting for the disk (the outbox keeps FULL)."""
    deliveries = Deliveries(tmp_path / "deliveries.sqlite3")
    assert deliveries._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert deliveries._db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL


def test_a_claim_does_not_wait_while_the_outbox_writer_holds_the_outbox(tmp_path):
    """Asking the outbox whether a request's writes are durable (a claim left by an earlier run)
    never waits for the writer, which holds the outbox while its commit is fsynced."""
    key = "action:U0SAM:followup_sent:1700000000.3"
    first = Deliveries(tmp_path / "deliveries.sqlite3")
    assert first.claim(key)
    first.close()  # killed before any write
    again, outbox = Deliveries(tmp_path / "deliveries.sqlite3"), Outbox(tmp_path / "outbox.sqlite3")
    answered: list[bool] = []
    claiming = threading.Thread(target=lambda: answered.append(again.claim(key, outbox.applied)))
    with outbox._changed:  # the writer's commit in progress
        claiming.start()
        claiming.join(timeout=10)
        assert answered == [True]  # claimed (no write was made) while the outbox was held
    assert not again.claim(key, outbox.applied)


def test_a_claim_lost_with_the_machine_still_finds_the_writes_in_the_outbox(tmp_path):
    """A claim not yet on disk when the machine failed: the request's writes were (the outbox
    fsyncs them), so Slack's retry after the reboot is acknowledged and applies nothing."""
    key = "action:U0SAM:followup_sent:1700000000.4"
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    with applying(key):
        outbox.put(CELLS, {"changes": {"R-0001": {"touches": "1"}}})
    outbox.close()
    rebooted = Deliveries(tmp_path / "deliveries.sqlite3")  # no claim on disk
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    assert not rebooted.claim(key, outbox.applied)
    assert not rebooted.claim(key)  # recorded as done: the outbox's word is kept
