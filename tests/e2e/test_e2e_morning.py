"""Issue 10's "fewer, better reminders" end to end: each person's one list per working morning,
redrawn in place as they act on it (a button on the list, a typed reply), yesterday's list
retired by today's, and the coordinators' one review post."""

from __future__ import annotations

from typing import Any

from e2e_support import COMPLETE, buttons, days, row

from bot.domain import referral as R


def lists(ws, name: str) -> list[dict[str, Any]]:
    """The morning lists in `name`'s DM, oldest first."""
    ws.as_user(name)
    return [m for m in ws.dms() if _head(m).startswith("mhead|list|")]


def _head(message: dict[str, Any]) -> str:
    return (message.get("blocks") or [{}])[0].get("block_id", "")


def line_buttons(message: dict[str, Any], item: str) -> list[tuple[str, str, str]]:
    return [b for b in buttons(message) if b[1] == f"mact|{item}"]


def test_one_list_a_morning_redrawn_in_place_when_a_line_is_done(ws):
    ws.refer(COMPLETE)  # Monday 09:30: Sam owns it, You thank Alex Kim
    ws.advance(days(1))  # Tuesday 09:30: the first contact is due at 09:30
    ws.advance(days(0.1))  # a later sweep the same morning sends nothing more
    (sams,) = lists(ws, "Sam Lee")
    assert "R-0001 First contact with Jane Doe" in sams["text"]
    labels = [b[0] for b in line_buttons(sams, "R-0001|first_contact")]
    assert labels == ["Sent", "Open in email", "They replied", "Snooze 1 day"]

    _, block_id, action_id = line_buttons(sams, "R-0001|first_contact")[0]
    ws.press(sams, block_id, action_id)
    assert row(ws, "R-0001")["Touches"] == "1"
    (redrawn,) = lists(ws, "Sam Lee")  # the same message, not a new one
    assert redrawn["ts"] == sams["ts"]
    assert line_buttons(redrawn, "R-0001|first_contact") == []  # no stale button stays live
    assert "no longer waiting on you" in str(redrawn["blocks"])


def test_a_typed_reply_redraws_the_list_too(ws):
    ws.refer(COMPLETE)
    ws.advance(days(1))
    (yours,) = lists(ws, "You")
    assert line_buttons(yours, "R-0001|thank_you")
    ws.reply("R-0001 sent")  # the thank-you owner's "sent" is the thank-you
    assert row(ws, "R-0001")["Thank-you status"] == R.THANKYOU_SENT
    (redrawn,) = lists(ws, "You")
    assert redrawn["ts"] == yours["ts"] and line_buttons(redrawn, "R-0001|thank_you") == []


def test_the_next_mornings_list_retires_yesterdays(ws):
    ws.refer(COMPLETE)
    ws.advance(days(1))  # Tuesday's list
    ws.advance(days(1))  # Wednesday's: the first contact is still owed
    tuesday, wednesday = lists(ws, "Sam Lee")
    assert buttons(tuesday) == []  # yesterday's list has no buttons left to press
    assert "newer list replaces this one" in str(tuesday["blocks"])
    assert line_buttons(wednesday, "R-0001|first_contact")
    assert ":warning: overdue since" in str(wednesday["blocks"])


def test_an_overdue_step_goes_to_one_review_post_naming_who_owes_it(ws):
    ws.refer(COMPLETE)
    ws.advance(days(1))  # Tuesday: in Sam's list
    ws.advance(days(1))  # Wednesday: a working day later, still not sent
    review = ws.find_channel("referral-review")
    posts = [m for m in ws.channel_messages(review) if _head(m).startswith("mhead|review|")]
    (post,) = posts
    shown = str(post["blocks"])
    assert "First contact with Jane Doe" in shown and ":new:" in shown
    labels = [b[0] for b in line_buttons(post, "R-0001|first_contact")]
    assert labels[0] == "Remind Sam Lee again"


def test_sent_typed_in_the_thread_of_a_one_line_list_is_that_line(ws):
    ws.refer(COMPLETE)
    ws.advance(days(1))
    (sams,) = lists(ws, "Sam Lee")
    ws.reply("sent", thread_ts=sams["ts"])
    assert row(ws, "R-0001")["Touches"] == "1"  # the first contact, counted once
    (redrawn,) = lists(ws, "Sam Lee")
    assert line_buttons(redrawn, "R-0001|first_contact") == []
