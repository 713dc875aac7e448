"""Injected faults: 429 with Retry-After (and slack_sdk retrying it), errors, latency."""

from __future__ import annotations

import time

import pytest
from slack_fixtures import REVIEW, client_for
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import builtin_handlers
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler


def test_rate_limited_call_gets_429_retry_after_and_ratelimited(slack):
    slack.faults.rate_limit_next("chat.postMessage", retry_after=7)
    with pytest.raises(SlackApiError) as raised:
        client_for(slack).chat_postMessage(channel=REVIEW, text="x")
    response = raised.value.response
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "7"
    assert response.data == {"ok": False, "error": "ratelimited"}
    assert slack.messages(REVIEW) == []


def test_rate_limits_count_down_and_touch_only_their_method(slack):
    client = client_for(slack)
    slack.faults.rate_limit_next("chat.postMessage", count=2)
    assert client.auth_test()["ok"]
    for _ in range(2):
        with pytest.raises(SlackApiError):
            client.chat_postMessage(channel=REVIEW, text="x")
    assert client.chat_postMessage(channel=REVIEW, text="third time")["ok"]


def test_slack_sdk_retry_handler_waits_retry_after_and_retries(slack, monkeypatch):
    waits: list[float] = []
    monkeypatch.setattr(builtin_handlers.time, "sleep", waits.append)
    client = client_for(slack)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=1))
    slack.faults.rate_limit_next("chat.postMessage", retry_after=2)
    assert client.chat_postMessage(channel=REVIEW, text="after the wait")["ok"]
    assert len(waits) == 1 and 2 <= waits[0] < 3
    assert slack.calls["chat.postMessage"] == 2
    assert [m["text"] for m in slack.messages(REVIEW)] == ["after the wait"]


def test_injected_errors_use_slacks_names(slack):
    slack.faults.error_next("users.info", "internal_error")
    slack.faults.error_next("*", "service_unavailable", status=503)
    client = client_for(slack)
    with pytest.raises(SlackApiError) as first:
        client.users_info(user="U01")
    assert first.value.response["error"] == "internal_error"
    with pytest.raises(SlackApiError) as second:
        client.auth_test()
    assert (second.value.response.status_code, second.value.response["error"]) == (
        503,
        "service_unavailable",
    )
    assert client.auth_test()["ok"]


def test_latency_delays_every_answer(slack):
    slack.faults.latency = 0.05
    started = time.monotonic()
    client_for(slack).auth_test()
    assert time.monotonic() - started >= 0.05
