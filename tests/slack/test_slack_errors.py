import inspect

import pytest

from bot.errors import (
    PermissionDeniedError,
    ReferralNotFoundError,
    SchemaError,
    SheetUnavailableError,
    ValidationError,
)
from bot.slack.errors import reported, user_message


def test_user_messages_are_plain_and_specific():
    assert user_message(PermissionDeniedError("Only coordinators can do this.")) == (
        "Only coordinators can do this."
    )
    assert "R-9" in user_message(ReferralNotFoundError("There is no referral R-9 in the log."))
    assert "Pick a time in the future" in user_message(
        ValidationError({"until": "Pick a time in the future."})
    )
    assert "not answering" in user_message(SheetUnavailableError("quota", attempts=5))
    damaged = user_message(SchemaError("Referrals is missing the column 'Stage' — run init-sheet"))
    assert damaged.startswith("Nothing was changed: the referral log needs a fix first.")
    assert "missing the column 'Stage'" in damaged and "init-sheet" in damaged
    unexpected = user_message(KeyError("lead_name"))
    assert "lead_name" not in unexpected and "Try again" in unexpected


class FakeAck:
    def __init__(self, acked: bool):
        self.response = object() if acked else None


class FakeRespond:
    response_url = "https://hooks.example/1"

    def __init__(self):
        self.sent: list[dict] = []

    def __call__(self, **kwargs):
        self.sent.append(kwargs)


def refusing_callback(ack, action):
    raise PermissionDeniedError(f"Only coordinators can decide {action['value']}.")


def test_reported_asks_bolt_for_what_reporting_needs_and_keeps_the_name():
    wrapped = reported(refusing_callback)
    assert inspect.getfullargspec(wrapped).args == [
        "ack",
        "action",
        "body",
        "client",
        "respond",
        "context",
    ]
    assert wrapped.__name__ == "refusing_callback"


def test_an_error_after_the_ack_is_reported_and_the_ack_stands():
    respond = FakeRespond()
    reported(refusing_callback)(
        ack=FakeAck(acked=True), action={"value": "R-1"}, body={}, client=None, respond=respond
    )
    assert respond.sent == [
        {
            "text": "Only coordinators can decide R-1.",
            "response_type": "ephemeral",
            "replace_original": False,
        }
    ]


def test_an_error_before_the_ack_is_left_to_bolt():
    with pytest.raises(PermissionDeniedError):
        reported(refusing_callback)(
            ack=FakeAck(acked=False), action={"value": "R-1"}, body={}, client=None, respond=None
        )
