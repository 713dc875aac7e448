"""Slack's rate limits in the stand-in: about a message a second per channel with short bursts,
and per-method tiers, answered with 429, Retry-After and `ratelimited` as Slack answers."""

from __future__ import annotations

import pytest
from slack_fixtures import BEN, GENERAL, REVIEW, client_for
from slack_sdk.errors import SlackApiError

from sandbox.slack.rate_limits import POST_BURST, TIER_BURST, TIER_PER_MINUTE


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(slack) -> Clock:
    clock = Clock()
    slack.rate_limits.clock = clock
    return clock


def refused(call) -> SlackApiError:
    with pytest.raises(SlackApiError) as caught:
        call()
    return caught.value


def test_a_channel_takes_a_short_burst_then_one_message_a_second(slack, clock):
    client = client_for(slack)
    for n in range(POST_BURST):
        client.chat_postMessage(channel=GENERAL, text=f"burst {n}")
    error = refused(lambda: client.chat_postMessage(channel=GENERAL, text="one too many"))
    assert error.response.status_code == 429
    assert error.response["error"] == "ratelimited"
    assert error.response.headers["Retry-After"] == "1"
    assert client.chat_postMessage(channel=REVIEW, text="another channel is not held up")["ok"]
    clock.now += 1.0
    assert client.chat_postMessage(channel=GENERAL, text="a second later")["ok"]
    assert [m["text"] for m in slack.messages(GENERAL)][-1] == "a second later"


def test_a_tier_2_method_allows_about_twenty_a_minute(slack, clock):
    client = client_for(slack)
    allowed = max(TIER_PER_MINUTE[2], TIER_BURST)
    for _ in range(allowed):
        client.conversations_list()
    error = refused(lambda: client.conversations_list())
    assert error.response.status_code == 429 and int(error.response.headers["Retry-After"]) >= 1
    clock.now += 3.0  # twenty a minute: one more every three seconds
    assert client.conversations_list()["ok"]


def test_limits_count_per_method(slack, clock):
    client = client_for(slack)
    for _ in range(TIER_PER_MINUTE[2]):
        client.conversations_list()
    assert client.users_info(user=BEN)["ok"]  # users.info is Tier 4, counted apart
