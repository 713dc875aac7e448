"""Typed replies in the thread of a DM: the referral comes from the DM's message metadata.

The Slack stand-in does not keep message metadata yet, so these call the callback directly with a
small client double that answers conversations.history the way Slack does."""

from __future__ import annotations

from slack_support import OWNER, THANKER, TZ, FakeDesk, draft, referral

from bot.domain import referral as R
from bot.slack.blocks.owner_dm import draft_dm, owner_dm
from bot.slack.context import FirmTime
from bot.slack.listeners.messages.dm_reply import dm_reply_callback
from bot.slack.post import referral_metadata


class ThreadClient:
    def __init__(self, parent: dict):
        self.parent = parent
        self.updates: list[dict] = []

    def conversations_history(
        self, channel, limit, include_all_metadata, latest=None, inclusive=False
    ):
        assert include_all_metadata is True  # without it Slack leaves the metadata out
        if latest is None:  # the newest messages first, as Slack lists them
            return {"ok": True, "messages": [{"ts": "200.0", "text": "sent"}, self.parent]}
        return {"ok": True, "messages": [self.parent] if latest == self.parent["ts"] else []}

    def chat_update(self, **kwargs):
        self.updates.append(kwargs)


def parent_dm(blocks, referral_id="R-0013") -> dict:
    return {
        "ts": "100.000001",
        "text": "DM",
        "blocks": blocks,
        "metadata": referral_metadata(referral_id),
    }


def reply(desk, client, user, text, thread_ts="100.000001"):
    said = []
    event = {"user": user, "text": text, "channel": "D1", "channel_type": "im"}
    if thread_ts:
        event["thread_ts"] = thread_ts
    dm_reply_callback(event, client, lambda **kw: said.append(kw), desk, FirmTime(TZ))
    return said


def test_a_reply_in_the_thread_acts_on_that_referral_and_updates_it():
    desk = FakeDesk([referral(), referral(id="R-0013")])  # two open: only the thread can tell
    client = ThreadClient(parent_dm(owner_dm(referral(id="R-0013"), "New", draft=draft(), tz=TZ)))
    said = reply(desk, client, OWNER, "waiting")
    assert desk.called("record_followup")[0][0::2] == ("R-0013", R.WAITING_FOR_REPLY)
    (update,) = client.updates
    assert update["ts"] == "100.000001" and update["channel"] == "D1"
    assert said[0]["thread_ts"] == "100.000001" and "R-0013" in said[0]["text"]


def test_sent_in_a_thank_you_thread_marks_that_draft_sent():
    desk = FakeDesk([referral(id="R-0013")])
    client = ThreadClient(
        parent_dm(draft_dm(referral(id="R-0013"), "Thank", draft("acknowledgment")))
    )
    reply(desk, client, THANKER, "sent")
    assert desk.called("mark_sent")[0][0::2] == ("R-0013", "acknowledgment")
    assert desk.called("record_followup") == []


def test_won_typed_twice_is_a_polite_no_op_the_second_time():
    desk = FakeDesk([referral(id="R-0013")])
    client = ThreadClient(parent_dm(owner_dm(referral(id="R-0013"), "New", draft=draft(), tz=TZ)))
    reply(desk, client, OWNER, "won")
    said = reply(desk, client, OWNER, "won")  # in the DM's thread: it names the referral
    assert desk.referrals["R-0013"].stage == R.WON
    first, second = client.updates
    assert "closed this as *Won*" in str(first["blocks"])
    assert "already closed as *Won*; nothing changed" in str(second["blocks"])
    assert "R-0013" in said[0]["text"]


def test_a_reply_outside_any_thread_updates_the_latest_dm_about_it():
    desk = FakeDesk([referral(id="R-0013")])
    client = ThreadClient(parent_dm(owner_dm(referral(id="R-0013"), "New", draft=draft(), tz=TZ)))
    said = reply(desk, client, OWNER, "won", thread_ts=None)
    assert desk.called("close")[0][0::2] == ("R-0013", R.WON)
    (update,) = client.updates
    assert update["ts"] == "100.000001" and "closed this as *Won*" in str(update["blocks"])
    assert said[0]["thread_ts"] is None
