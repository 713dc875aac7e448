"""Message metadata, conversations.history and conversations.replies through the real WebClient,
and people's DM replies in threads reaching a served Bolt app as Slack's message.im events."""

from __future__ import annotations

import base64
import json
import time

import pytest
from slack_fixtures import ANA, BEN, GENERAL, bolt_app, served, wait_for
from slack_sdk.errors import SlackApiError

from sandbox.slack import Driver, DriverError

META = {"event_type": "referral", "event_payload": {"id": "R-0001", "amount": 5, "tags": ["a"]}}


def error_of(call) -> str:
    with pytest.raises(SlackApiError) as raised:
        call()
    return raised.value.response["error"]


def post_many(client, count: int, channel: str = GENERAL) -> list[str]:
    return [client.chat_postMessage(channel=channel, text=f"m{i}")["ts"] for i in range(count)]


# -- metadata on chat.postMessage and chat.update ----------------------------------------------


def test_posted_metadata_comes_back_in_the_message_and_only_on_request_in_history(client):
    posted = client.chat_postMessage(channel=GENERAL, text="R-0001", metadata=META)
    assert posted["message"]["metadata"] == META
    asked = client.conversations_history(channel=GENERAL, include_all_metadata=True)
    assert asked["messages"][0]["metadata"] == META
    plain = client.conversations_history(channel=GENERAL)
    assert "metadata" not in plain["messages"][0]


def test_metadata_sent_as_a_form_string_is_read_as_json(client):
    posted = client.api_call(
        "chat.postMessage",
        data={"channel": GENERAL, "text": "hi", "metadata": json.dumps(META)},
    )
    assert posted["message"]["metadata"] == META


@pytest.mark.parametrize(
    ("metadata", "error"),
    [
        ("{not json", "invalid_metadata_format"),
        (json.dumps(["event_type"]), "invalid_metadata_format"),
        (json.dumps({"event_payload": {"id": "R-0001"}}), "invalid_metadata_schema"),
        (json.dumps({"event_type": 7, "event_payload": {}}), "invalid_metadata_schema"),
        (
            json.dumps({"event_type": "referral", "event_payload": "R-0001"}),
            "invalid_metadata_schema",
        ),
        (json.dumps({"event_type": "referral"}), "invalid_metadata_schema"),
    ],
)
def test_malformed_metadata_is_refused_as_slack_refuses_it(client, slack, metadata, error):
    form = {"channel": GENERAL, "text": "hi", "metadata": metadata}
    assert error_of(lambda: client.api_call("chat.postMessage", data=form)) == error
    assert slack.messages(GENERAL) == []


def test_an_update_replaces_keeps_or_clears_the_metadata(client):
    ts = client.chat_postMessage(channel=GENERAL, text="v1", metadata=META)["ts"]
    newer = {"event_type": "referral", "event_payload": {"id": "R-0002"}}
    updated = client.chat_update(channel=GENERAL, ts=ts, text="v2", metadata=newer)
    assert updated["message"]["metadata"] == newer
    kept = client.chat_update(channel=GENERAL, ts=ts, text="v3")
    assert kept["message"]["metadata"] == newer
    bad = {"event_type": "", "event_payload": {}}
    assert error_of(lambda: client.chat_update(channel=GENERAL, ts=ts, text="v", metadata=bad)) == (
        "invalid_metadata_schema"
    )
    cleared = client.chat_update(channel=GENERAL, ts=ts, text="v4", metadata={})
    assert "metadata" not in cleared["message"]
    history = client.conversations_history(channel=GENERAL, include_all_metadata=True)
    assert [m["text"] for m in history["messages"]] == ["v4"]
    assert "metadata" not in history["messages"][0]


# -- conversations.history ---------------------------------------------------------------------


def test_history_lists_newest_first_and_pages_with_a_cursor(client):
    stamps = post_many(client, 5)
    first = client.conversations_history(channel=GENERAL, limit=2)
    assert [m["ts"] for m in first["messages"]] == stamps[:2:-1][:2]
    assert first["has_more"] is True
    cursor = first["response_metadata"]["next_cursor"]
    assert base64.b64decode(cursor).decode().startswith("next_ts:")
    second = client.conversations_history(channel=GENERAL, limit=2, cursor=cursor)
    assert [m["ts"] for m in second["messages"]] == [stamps[2], stamps[1]]
    last = client.conversations_history(
        channel=GENERAL, limit=2, cursor=second["response_metadata"]["next_cursor"]
    )
    assert [m["ts"] for m in last["messages"]] == [stamps[0]]
    assert last["has_more"] is False and "response_metadata" not in last.data


def test_the_sdk_paginator_walks_the_whole_history(client):
    stamps = post_many(client, 5)
    # The SDK's iterator hands back the same response object, refilled page by page.
    seen = [
        m["ts"]
        for page in client.conversations_history(channel=GENERAL, limit=2)
        for m in page["messages"]
    ]
    assert seen == stamps[::-1]


def test_latest_oldest_and_inclusive_bound_the_range(client):
    stamps = post_many(client, 5)
    between = client.conversations_history(channel=GENERAL, latest=stamps[3], oldest=stamps[1])
    assert [m["ts"] for m in between["messages"]] == [stamps[2]]
    inclusive = client.conversations_history(
        channel=GENERAL, latest=stamps[3], oldest=stamps[1], inclusive=True
    )
    assert [m["ts"] for m in inclusive["messages"]] == [stamps[3], stamps[2], stamps[1]]
    # The bot reads one message back this way.
    one = client.conversations_history(channel=GENERAL, latest=stamps[2], inclusive=True, limit=1)
    assert [m["ts"] for m in one["messages"]] == [stamps[2]]


def test_history_shows_thread_parents_with_their_replies_counted_but_not_the_replies(client):
    parent = client.chat_postMessage(channel=GENERAL, text="parent")["ts"]
    first = client.chat_postMessage(channel=GENERAL, text="r1", thread_ts=parent)["ts"]
    second = client.chat_postMessage(channel=GENERAL, text="r2", thread_ts=parent)["ts"]
    history = client.conversations_history(channel=GENERAL)["messages"]
    assert [m["text"] for m in history] == ["parent"]
    shown = history[0]
    assert shown["thread_ts"] == parent and shown["reply_count"] == 2
    assert shown["latest_reply"] == max(first, second, key=float)
    assert shown["reply_users"] == [client.auth_test()["user_id"]]


def test_history_refuses_unknown_channels_bad_cursors_and_bad_timestamps(client, slack):
    assert error_of(lambda: client.conversations_history(channel="C0NOPE")) == "channel_not_found"
    assert error_of(lambda: client.conversations_history(channel=GENERAL, cursor="!!")) == (
        "invalid_cursor"
    )
    assert error_of(lambda: client.conversations_history(channel=GENERAL, latest="soon")) == (
        "invalid_ts_latest"
    )
    slack.add_channel("C0SECRET", "secret", members=[ANA], bot_is_member=False)
    assert error_of(lambda: client.conversations_history(channel="C0SECRET")) == "not_in_channel"


# -- conversations.replies ---------------------------------------------------------------------


def test_replies_list_the_parent_first_then_the_replies_oldest_first(client):
    parent = client.chat_postMessage(channel=GENERAL, text="parent", metadata=META)["ts"]
    client.chat_postMessage(channel=GENERAL, text="elsewhere")
    for text in ("r1", "r2", "r3"):
        client.chat_postMessage(channel=GENERAL, text=text, thread_ts=parent)
    thread = client.conversations_replies(channel=GENERAL, ts=parent)
    assert [m["text"] for m in thread["messages"]] == ["parent", "r1", "r2", "r3"]
    assert thread["has_more"] is False
    assert thread["messages"][0]["reply_count"] == 3 and "metadata" not in thread["messages"][0]
    assert {m["thread_ts"] for m in thread["messages"]} == {parent}
    assert thread["messages"][1]["parent_user_id"] == client.auth_test()["user_id"]
    with_meta = client.conversations_replies(channel=GENERAL, ts=parent, include_all_metadata=True)
    assert with_meta["messages"][0]["metadata"] == META


def test_replies_page_and_any_message_of_the_thread_names_it(client):
    parent = client.chat_postMessage(channel=GENERAL, text="parent")["ts"]
    replies = [
        client.chat_postMessage(channel=GENERAL, text=f"r{i}", thread_ts=parent)["ts"]
        for i in range(3)
    ]
    first = client.conversations_replies(channel=GENERAL, ts=replies[1], limit=2)
    assert [m["ts"] for m in first["messages"]] == [parent, replies[0]]
    assert first["has_more"] is True
    rest = client.conversations_replies(
        channel=GENERAL, ts=parent, limit=2, cursor=first["response_metadata"]["next_cursor"]
    )
    assert [m["ts"] for m in rest["messages"]] == replies[1:]


def test_an_unthreaded_message_is_a_thread_of_one_and_unknown_ts_is_not_found(client):
    ts = client.chat_postMessage(channel=GENERAL, text="alone")["ts"]
    alone = client.conversations_replies(channel=GENERAL, ts=ts)["messages"]
    assert [m["text"] for m in alone] == ["alone"] and "reply_count" not in alone[0]
    assert error_of(lambda: client.conversations_replies(channel=GENERAL, ts="1.000001")) == (
        "thread_not_found"
    )
    assert error_of(lambda: client.conversations_replies(channel="C0NOPE", ts=ts)) == (
        "channel_not_found"
    )


# -- people's DM replies -----------------------------------------------------------------------


@pytest.fixture
def heard(slack):
    events: list[dict] = []
    app = bolt_app(slack)

    @app.event("message")
    def on_message(event):
        events.append(event)

    with served(app) as url, Driver(slack, url) as driver:
        yield driver, events


def test_a_dm_reply_in_a_thread_is_in_history_and_reaches_the_bot_as_message_im(
    heard, slack, client
):
    driver, events = heard
    dm = client.conversations_open(users=BEN)["channel"]["id"]
    parent = client.chat_postMessage(channel=dm, text="About R-0001", metadata=META)["ts"]
    assert driver.message_im(BEN, "sent", thread_ts=parent).status_code == 200
    [event] = wait_for(lambda: list(events))
    assert event["thread_ts"] == parent and event["channel"] == dm
    assert event["channel_type"] == "im" and event["user"] == BEN
    assert event["parent_user_id"] == slack.bot_user_id
    thread = client.conversations_replies(channel=dm, ts=parent, include_all_metadata=True)
    assert [m["text"] for m in thread["messages"]] == ["About R-0001", "sent"]
    assert thread["messages"][0]["metadata"] == META
    assert thread["messages"][1]["ts"] == event["ts"]
    history = client.conversations_history(channel=dm)["messages"]
    assert [m["text"] for m in history] == ["About R-0001"] and history[0]["reply_count"] == 1


def test_a_dm_reply_outside_a_thread_is_top_level_and_a_reply_to_a_reply_joins_its_thread(
    heard, client
):
    driver, events = heard
    driver.message_im(BEN, "won")
    wait_for(lambda: len(events) == 1)
    assert "thread_ts" not in events[0] and events[0]["channel_type"] == "im"
    dm = events[0]["channel"]
    assert [m["text"] for m in client.conversations_history(channel=dm)["messages"]] == ["won"]
    parent = client.chat_postMessage(channel=dm, text="About R-0001")["ts"]
    reply = client.chat_postMessage(channel=dm, text="Done", thread_ts=parent)["ts"]
    driver.message_im(BEN, "thanks", thread_ts=reply)
    wait_for(lambda: len(events) == 2)
    assert events[1]["thread_ts"] == parent
    with pytest.raises(DriverError, match="no message"):
        driver.message_im(BEN, "sent", thread_ts=f"{time.time():.6f}")
