"""response_url: ephemeral and in_channel replies, editing the original, 5 uses in 30 minutes."""

from __future__ import annotations

import pytest
from slack_fixtures import ANA, REVIEW, FakeClock, client_for, seeded_standin
from slack_sdk.webhook import WebhookClient


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def slack(clock):
    standin = seeded_standin()
    standin.clock = clock
    yield standin
    standin.stop()


def test_a_reply_is_ephemeral_by_default(slack):
    url = slack.mint_response_url(ANA, REVIEW)
    response = WebhookClient(url).send(text="Logged R-0001")
    assert response.status_code == 200
    assert [(e["text"], e["channel"], e["via"]) for e in slack.ephemerals(ANA)] == [
        ("Logged R-0001", REVIEW, "response_url")
    ]
    assert slack.messages(REVIEW) == []


def test_in_channel_replies_are_posted_to_the_channel(slack):
    url = slack.mint_response_url(ANA, REVIEW)
    WebhookClient(url).send(text="Everyone: R-0001 logged", response_type="in_channel")
    assert [m["text"] for m in slack.messages(REVIEW)] == ["Everyone: R-0001 logged"]
    assert slack.ephemerals(ANA) == []


def test_replace_and_delete_the_original_message(slack):
    posted = client_for(slack).chat_postMessage(channel=REVIEW, text="R-0001: Sent?")
    original = {"channel": REVIEW, "ts": posted["ts"], "is_ephemeral": False}
    url = slack.mint_response_url(ANA, REVIEW, original)
    WebhookClient(url).send(text="R-0001: marked sent", replace_original=True)
    [message] = slack.messages(REVIEW)
    assert (message["ts"], message["text"]) == (posted["ts"], "R-0001: marked sent")
    WebhookClient(url).send(text="", delete_original=True)
    assert slack.messages(REVIEW) == []


def test_at_most_five_posts(slack):
    webhook = WebhookClient(slack.mint_response_url(ANA, REVIEW))
    statuses = [webhook.send(text=f"reply {n}").status_code for n in range(6)]
    assert statuses == [200] * 5 + [404]
    assert webhook.send(text="again").body == '{"ok": false, "error": "used_url"}'
    assert len(slack.ephemerals(ANA)) == 5


def test_a_response_url_expires_after_thirty_minutes(slack, clock):
    webhook = WebhookClient(slack.mint_response_url(ANA, REVIEW))
    clock.advance(29 * 60)
    assert webhook.send(text="in time").status_code == 200
    clock.advance(2 * 60)
    late = webhook.send(text="too late")
    assert (late.status_code, late.body) == (404, '{"ok": false, "error": "expired_url"}')


def test_bad_content_is_refused_and_does_not_use_up_the_url(slack):
    webhook = WebhookClient(slack.mint_response_url(ANA, REVIEW))
    assert webhook.send(text="").status_code == 400
    bad = webhook.send(
        text="x", blocks=[{"type": "header", "text": {"type": "mrkdwn", "text": "h"}}]
    )
    assert bad.status_code == 400 and "invalid_blocks" in bad.body
    assert [webhook.send(text=str(n)).status_code for n in range(5)] == [200] * 5
    assert slack.calls["response_url"] == 7
