"""The weekly digest through slack_sdk over HTTP to the Slack stand-in: the message within
Block Kit's limits, the chart through Slack's external upload flow into the digest channel, and
what a restart finds there."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from slack_sdk import WebClient
from slack_support import COORD, TOKEN, settings_for

from bot.domain import digest as D
from bot.domain.routine import Answer
from bot.slack.blocks.digest import chart_filename, digest_blocks
from bot.slack.notify import DIGEST_EVENT, SlackNotifier
from tests.domain.metrics_dataset import ACTIVITY, NOW, REFERRALS, TEAM

DIGEST = "C0DIGEST"
SLOT = "2026-03-16T08:00:00+00:00"


@pytest.fixture
def notifier(slack):
    slack.add_channel(DIGEST, "referral-digest", members=[COORD])
    client = WebClient(token=TOKEN, base_url=slack.api_url)
    return SlackNotifier(client, settings_for(slack, digest_channel="referral-digest"))


def dataset_digest() -> D.Digest:
    week = D.week_before(datetime(2026, 3, 16, 8, tzinfo=UTC), "UTC")
    return D.build(REFERRALS, ACTIVITY, week, NOW, "UTC", team=TEAM)


def test_the_digest_lands_in_the_digest_channel_with_its_slot(notifier, slack):
    where = notifier.post_digest(dataset_digest(), SLOT)
    channel, ts = where.split(":")
    assert channel == DIGEST  # DIGEST_CHANNEL is a name; the notifier found its ID
    (message,) = slack.messages(DIGEST)
    assert message["ts"] == ts
    assert message["metadata"] == {"event_type": DIGEST_EVENT, "event_payload": {"slot": SLOT}}
    shown = json.dumps(message["blocks"], ensure_ascii=False)
    assert message["blocks"][0]["text"]["text"] == "Weekly referral digest — 9 Mar – 15 Mar 2026"
    assert "One follow-up owner?* 0 of 5 — not yet: R-0048, R-0049, R-0050" in shown
    assert "Priya Shah: 13 open, Max active 12" in shown
    assert "R-0004 (Awaiting approval), R-0005 (Awaiting approval)" in shown
    assert "Alex Kim: 750" in shown
    assert "5 (last week 0) :arrow_up_small: better" in shown  # submissions


def test_the_chart_goes_through_slacks_external_upload_into_the_channel(notifier, slack):
    file_id = notifier.share_chart(dataset_digest(), SLOT)
    (message,) = slack.messages(DIGEST)
    (file,) = message["files"]
    assert file["id"] == file_id and file["name"] == chart_filename(SLOT)
    assert file["mimetype"] == "image/png"
    assert slack.file_content(file_id).startswith(b"\x89PNG\r\n\x1a\n")  # a real PNG
    uploads = [c for c in slack.calls if c.startswith("files.") or c == "upload"]
    assert uploads == ["files.getUploadURLExternal", "upload", "files.completeUploadExternal"]
    (completed,) = [r.args for r in slack.requests if r.method == "files.completeUploadExternal"]
    assert completed["channel_id"] == DIGEST
    (asked,) = [r.args for r in slack.requests if r.method == "files.getUploadURLExternal"]
    assert "12 weeks" in asked["alt_txt"]


def test_a_restart_finds_the_message_and_the_chart_of_its_slot_only(notifier, slack):
    since = datetime(2026, 3, 16, 8, tzinfo=UTC).replace(year=2000)  # the stand-in's clock is real
    assert notifier.digest_found(SLOT, since) == ("", "")
    where = notifier.post_digest(dataset_digest(), SLOT)
    file_id = notifier.share_chart(dataset_digest(), SLOT)
    assert notifier.digest_found(SLOT, since) == (where, file_id)
    assert notifier.digest_found("2026-03-23T08:00:00+00:00", since) == ("", "")


def test_a_digest_channel_the_bot_is_not_in_is_refused_and_reported_as_not_sent(slack):
    slack.add_channel("C0PARTNERS", "partners", members=[COORD], bot_is_member=False)
    client = WebClient(token=TOKEN, base_url=slack.api_url)
    notifier = SlackNotifier(client, settings_for(slack, digest_channel="C0PARTNERS"))
    assert notifier.post_digest(dataset_digest(), SLOT) == ""
    assert notifier.share_chart(dataset_digest(), SLOT) == ""
    assert slack.messages("C0PARTNERS") == []


def test_a_huge_week_stays_within_slacks_limits(notifier, slack):
    ids = tuple(f"R-{n:05d}" for n in range(2000))
    answers = tuple(Answer(q.question, 2000, ids) for q in dataset_digest().questions)
    quiet = tuple(D.QuietReferrer(f"Referrer {n}", 3, NOW) for n in range(300))
    huge = replace(
        dataset_digest(),
        questions=answers,
        gone_quiet=quiet,
        open_disputes=ids,
        rewards_waiting=tuple((i, "Awaiting approval") for i in ids),
        paid_by_referrer=tuple((f"Referrer {n}", 25.0) for n in range(300)),
    )
    blocks = digest_blocks(huge)
    assert len(blocks) <= 50
    texts = [b["text"]["text"] for b in blocks if b["type"] == "section" and "text" in b]
    assert max(len(t) for t in texts) <= 3000
    assert any("…and 1975 more" in t for t in texts)  # cut, and says so
    assert notifier.post_digest(huge, SLOT)  # the stand-in checks Block Kit's limits as Slack does
