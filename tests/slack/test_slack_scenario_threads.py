"""Typed replies in the thread of an owner DM, through the Slack stand-in: the bot finds the
referral from the DM's message metadata (read back with conversations.history), acts on it and
redraws that DM in place."""

from __future__ import annotations

import json

from slack_support import OWNER, draft, referral, wait_for

from bot.domain import referral as R


def owner_dm_for_r0001(bot, slack, desk) -> tuple[str, str]:
    """The owner has two open referrals, so only the thread can tell which one a reply is about."""
    desk.referrals = {
        "R-0001": referral(id="R-0001", lead_name="Ann Able"),
        "R-0002": referral(id="R-0002", lead_name="Bob Baker"),
    }
    channel, ts = bot.notifier.owner_assigned(desk.referrals["R-0001"], OWNER, draft()).split(":")
    return channel, ts


def message_at(slack, channel: str, ts: str) -> dict:
    return next(m for m in slack.messages(channel) if m["ts"] == ts)


def bot_answers_in_thread(slack, channel: str, ts: str) -> list[dict]:
    return [m for m in slack.messages(channel) if m.get("bot_id") and m.get("thread_ts") == ts]


def test_sent_in_the_thread_records_the_followup_for_that_referral_and_redraws_the_dm(
    bot, slack, desk
):
    channel, ts = owner_dm_for_r0001(bot, slack, desk)
    assert message_at(slack, channel, ts)["metadata"]["event_payload"]["id"] == "R-0001"

    assert bot.driver.message_im(OWNER, "sent", thread_ts=ts).status_code == 200
    answer = wait_for(lambda: bot_answers_in_thread(slack, channel, ts))[-1]

    # "sent" is the step the owner owes (the services pick it: never a thank-you owner's touch).
    ((referral_id, actor),) = desk.called("mark_done")
    assert (referral_id, actor.user_id) == ("R-0001", OWNER)
    assert "R-0001" in answer["text"]
    read_back = [r for r in slack.requests if r.method == "conversations.history"]
    assert read_back and read_back[0].args["latest"] == ts
    redrawn = wait_for(lambda: (m := message_at(slack, channel, ts)).get("edited") and m)
    assert f"<@{OWNER}> marked the first contact as sent" in json.dumps(redrawn["blocks"])
    top_level = [m for m in slack.messages(channel) if m.get("thread_ts") in (None, m["ts"])]
    assert [m["ts"] for m in top_level] == [ts]  # updated in place, nothing new posted outside


def test_a_second_reply_in_the_same_thread_still_finds_the_referral(bot, slack, desk):
    channel, ts = owner_dm_for_r0001(bot, slack, desk)
    bot.driver.message_im(OWNER, "sent", thread_ts=ts)
    wait_for(lambda: desk.called("mark_done"))
    wait_for(lambda: message_at(slack, channel, ts).get("edited"))
    # The redraw keeps the DM's metadata, so the thread still names R-0001.
    bot.driver.message_im(OWNER, "won", thread_ts=ts)
    wait_for(lambda: desk.called("close"))
    assert desk.called("close")[0][0::2] == ("R-0001", R.WON)


def test_an_unclear_reply_in_the_thread_gets_the_short_help(bot, slack, desk):
    channel, ts = owner_dm_for_r0001(bot, slack, desk)
    bot.driver.message_im(OWNER, "what now?", thread_ts=ts)
    answer = wait_for(lambda: bot_answers_in_thread(slack, channel, ts))[-1]
    assert "I didn't catch that" in answer["text"] and "snooze 2d" in answer["text"]
    assert [name for name, _ in desk.calls] == []
    assert "edited" not in message_at(slack, channel, ts)
