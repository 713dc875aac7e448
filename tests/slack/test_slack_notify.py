"""SlackNotifier against the Slack stand-in: where messages go, what they carry, what they return."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from slack_sdk import WebClient
from slack_support import COORD, OWNER, REVIEW, THANKER, TOKEN, TZ, draft, referral, settings_for

from bot.services.types import Escalation
from bot.slack import ids
from bot.slack.notify import SlackNotifier


@pytest.fixture
def notifier(slack):
    client = WebClient(token=TOKEN, base_url=slack.api_url)
    return SlackNotifier(client, settings_for(slack), row_link=lambda r: f"https://sheet/{r.id}")


def posted(slack, ref: str) -> dict:
    channel, ts = ref.split(":")
    return next(m for m in slack.messages(channel) if m["ts"] == ts)


def sent_args(slack, method: str) -> list[dict]:
    return [call.args for call in slack.requests if call.method == method]


def test_owner_dm_carries_the_draft_buttons_link_and_referral_metadata(notifier, slack):
    ref = notifier.owner_assigned(referral(), OWNER, draft())
    assert ref.split(":")[0] == slack.dm_channel(OWNER)
    message = posted(slack, ref)
    shown = json.dumps(message["blocks"])
    assert "New referral for you" in message["text"]
    assert "https://sheet/R-0012" in shown and "Alex Kim suggested we talk" in shown
    assert ids.FOLLOWUP_SENT in shown
    (args,) = sent_args(slack, "chat.postMessage")
    metadata = (
        args["metadata"] if isinstance(args["metadata"], dict) else json.loads(args["metadata"])
    )
    assert metadata == {"event_type": "referral", "event_payload": {"id": "R-0012"}}


def test_thankyou_and_draft_ready_dms_have_mark_sent(notifier, slack):
    for ref in (
        notifier.thankyou_assigned(referral(), THANKER, draft("acknowledgment")),
        notifier.draft_ready(referral(), THANKER, draft("close_won")),
    ):
        shown = json.dumps(posted(slack, ref)["blocks"])
        assert ids.MARK_SENT in shown and ids.FOLLOWUP_SENT not in shown


def test_nudge_says_the_step_and_whether_it_was_escalated(notifier, slack):
    plain = posted(
        slack, notifier.nudge(referral(), "second_touch", OWNER, draft("second_touch"), False)
    )
    loud = posted(
        slack, notifier.nudge(referral(), "second_touch", OWNER, draft("second_touch"), True)
    )
    # The step's own label, read from its declaration: who to write to, not "thank you" at the reader.
    assert "Reminder: Second touch to Jane Doe" in plain["text"]
    assert "coordinators" not in plain["text"]
    assert "coordinators have been told" in loud["text"]


def test_a_sent_nudge_is_found_again_in_the_dm_history(notifier, slack):
    before = datetime.now(UTC).isoformat(timespec="seconds")
    assert not notifier.nudge_sent(referral(), "second_touch", OWNER, before)
    notifier.nudge(referral(), "second_touch", OWNER, draft("second_touch"), False)
    assert notifier.nudge_sent(referral(), "second_touch", OWNER, before)
    assert not notifier.nudge_sent(referral(), "third_touch", OWNER, before)
    assert not notifier.nudge_sent(referral(id="R-0099"), "second_touch", OWNER, before)


def test_owner_changed_tells_the_new_owner(notifier, slack):
    message = posted(slack, notifier.owner_changed(referral(), THANKER, previous_owner="Sam Owner"))
    assert "is now yours (was Sam Owner)" in message["text"]
    assert slack.dm_channel(THANKER)


def test_review_messages_go_to_the_review_channel_found_by_name(notifier, slack):
    refs = [
        notifier.needs_owner(referral(owner_slack_id=""), "Est. value above 25000"),
        notifier.conflict_flagged(referral(), "Pat Lee", OWNER),
        notifier.escalate(
            referral(), Escalation("first_contact", OWNER, "Sam Owner", datetime.now(UTC)), [COORD]
        ),
    ]
    assert all(ref.startswith(f"{REVIEW}:") for ref in refs)
    assert slack.calls["conversations.list"] == 1  # looked up once
    escalation = posted(slack, refs[2])
    assert f"<@{COORD}>" in escalation["text"] and f"<@{OWNER}>" in escalation["text"]


def test_a_refused_post_returns_blank_and_is_logged(notifier, slack, caplog):
    slack.faults.error_next("chat.postMessage", "channel_not_found")
    assert notifier.owner_assigned(referral(), OWNER, draft()) == ""
    assert "channel_not_found" in caplog.text


def test_nobody_to_tell_sends_nothing(notifier, slack):
    assert notifier.thankyou_assigned(referral(), "", draft("acknowledgment")) == ""
    assert slack.calls["chat.postMessage"] == 0


def test_user_tz_reads_the_profile_once(notifier, slack):
    assert notifier.user_tz(OWNER) == TZ
    assert notifier.user_tz(OWNER) == TZ
    assert slack.calls["users.info"] == 1
    assert notifier.user_tz("U0NOBODY") == ""


def test_sheet_notices_go_to_the_review_channel(notifier, slack):
    from bot.log.health import BACK, DAMAGED, DOWN, SheetNotice

    damage = SheetNotice(DAMAGED, problems=("Referrals!A7: the ID R-0004 is also on row 3 <b>",))
    refs = [
        notifier.sheet_notice(SheetNotice(DOWN, waiting=3)),
        notifier.sheet_notice(SheetNotice(BACK, waiting=1)),
        notifier.sheet_notice(damage),
    ]
    assert all(ref.startswith(f"{REVIEW}:") for ref in refs)
    down, back, damaged = (posted(slack, ref) for ref in refs)
    assert "not answering" in down["text"] and "3 changes waiting" in down["text"]
    assert "answers again" in back["text"] and "1 change still to write" in back["text"]
    assert "Referrals!A7" in damaged["text"] and "&lt;b&gt;" in damaged["text"]
