"""The morning messages through SlackNotifier to the Slack stand-in, which checks Block Kit as
Slack does (50 blocks, unique block IDs): the limit, the buttons per step, the metadata a
restarted sweep looks for, and yesterday's list losing its buttons."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from slack_sdk import WebClient
from slack_support import COORD, OWNER, TOKEN, draft, referral, settings_for

from bot.domain.rewards import RewardPolicy
from bot.services.morning import LIST_MAX
from bot.services.types import ListLine, MorningList
from bot.slack import ids
from bot.slack.blocks import morning as blocks_of
from bot.slack.notify import SlackNotifier

NOW = datetime(2026, 3, 3, 9, 30, tzinfo=UTC)
TUESDAY = date(2026, 3, 3)


@pytest.fixture
def notifier(slack):
    client = WebClient(token=TOKEN, base_url=slack.api_url)
    return SlackNotifier(client, settings_for(slack), clock=lambda: NOW)


def posted(slack, where: str) -> dict:
    channel, ts = where.split(":")
    return next(m for m in slack.messages(channel) if m["ts"] == ts)


def line(number: int, key: str = "second_touch", hours: float = -1) -> ListLine:
    r = referral(id=f"R-{number:04d}", lead_name=f"Lead {number}")
    name = {"thank_you": "acknowledgment", "close_no_response": ""}.get(key, key)
    return ListLine(
        f"{r.id}|{key}",
        r,
        key,
        NOW + timedelta(hours=hours),
        OWNER,
        "Sam Lee",
        draft(name) if name else None,
    )


def test_a_full_list_stays_inside_slacks_limits_and_says_how_many_more(notifier, slack):
    lines = [line(n) for n in range(1, LIST_MAX + 1)]
    where = notifier.reminder_list(OWNER, MorningList(TUESDAY, lines, more=7))
    message = posted(slack, where)  # the stand-in refuses more than 50 blocks
    assert len(message["blocks"]) <= blocks_of.BLOCKS_MAX
    assert "7 more lines: App Home lists them all" in json.dumps(message["blocks"])
    assert blocks_of.items_of(message["blocks"]) == ([x.item for x in lines], 7)
    assert message["text"].startswith(":sunrise: *Your referral reminders for Tue 3 Mar*")


def test_more_lines_than_the_limit_are_refused_before_slack_is_asked():
    lines = [line(n) for n in range(1, 30)]
    with pytest.raises(ValueError, match="over Slack's limit"):
        blocks_of.reminder_list(MorningList(TUESDAY, lines), NOW)


def test_each_step_gets_its_own_buttons_overdue_or_due_today(notifier, slack):
    lines = [line(1), line(2, "thank_you", hours=3), line(3, "close_no_response")]
    blocks = posted(slack, notifier.reminder_list(OWNER, MorningList(TUESDAY, lines)))["blocks"]
    by_line = {
        b["block_id"]: [e["action_id"] for e in b["elements"]]
        for b in blocks
        if b["type"] == "actions"
    }
    assert by_line == {
        "mact|R-0001|second_touch": [
            ids.MARK_SENT,
            ids.OPEN_EMAIL,
            ids.IN_CONVERSATION,
            ids.SNOOZE_TRACK,
        ],
        "mact|R-0002|thank_you": [ids.MARK_SENT, ids.OPEN_EMAIL, ids.SNOOZE_TRACK],
        "mact|R-0003|close_no_response": [
            ids.CLOSE_NO_RESPONSE,
            ids.IN_CONVERSATION,
            ids.SNOOZE_TRACK,
        ],
    }
    shown = json.dumps(blocks)
    assert "overdue since" in shown and "due <!date^" in shown
    assert '"value": "R-0001|second_touch"' in shown and '"value": "R-0002|thanks"' in shown


def test_a_list_already_out_is_found_in_the_dm_and_yesterdays_loses_its_buttons(notifier, slack):
    since = (NOW - timedelta(minutes=1)).isoformat()
    assert notifier.reminder_list_sent(OWNER, TUESDAY, since) == ""
    where = notifier.reminder_list(OWNER, MorningList(TUESDAY, [line(1)]))
    assert notifier.reminder_list_sent(OWNER, TUESDAY, since) == where
    assert notifier.reminder_list_sent(OWNER, date(2026, 3, 4), since) == ""

    assert notifier.retire_list(where)
    retired = posted(slack, where)
    assert not [b for b in retired["blocks"] if b["type"] == "actions"]
    assert "newer list replaces this one" in json.dumps(retired["blocks"])


def test_the_review_post_names_who_owes_each_step_and_carries_the_reward_buttons(notifier, slack):
    won = referral(id="R-0020", stage="Won", reward_state="Pending eligibility")
    lines = [
        ListLine("R-0001|first_contact", referral(id="R-0001"), "first_contact", NOW, OWNER, "Sam"),
        ListLine("R-0020|reward", won, "reward"),
    ]
    where = notifier.morning_review(MorningList(TUESDAY, lines), [COORD])
    blocks = posted(slack, where)["blocks"]
    shown = json.dumps(blocks)
    assert f"<@{OWNER}>" in shown and f"<@{COORD}>" in shown
    assert "1 overdue step and 1 reward to review" in shown
    actions = {b["block_id"]: b for b in blocks if b["type"] == "actions"}
    assert ids.REMIND in json.dumps(actions["mact|R-0001|first_contact"])
    assert ids.REWARD_APPROVE in json.dumps(actions["mact|R-0020|reward"])
    since = (NOW - timedelta(minutes=1)).isoformat()
    assert notifier.morning_review_sent(TUESDAY, since) == where
    assert blocks_of.morning_review(MorningList(TUESDAY, lines), RewardPolicy())[0]["block_id"] == (
        "mhead|review|2026-03-03"
    )
