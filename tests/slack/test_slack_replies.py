from datetime import date

import pytest

from bot.slack.replies import (
    NO_FURTHER_ACTION,
    NO_RESPONSE,
    NOT_A_FIT,
    REASSIGN,
    REOPEN,
    REPLIED,
    SENT,
    SNOOZE,
    WAITING,
    WON,
    Reply,
    parse_reply,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sent", Reply(SENT)),
        ("Sent!", Reply(SENT)),
        ("follow-up sent", Reply(SENT)),
        ("  SENT.  ", Reply(SENT)),
        ("waiting", Reply(WAITING)),
        ("waiting for reply", Reply(WAITING)),
        ("replied", Reply(REPLIED)),
        ("They replied!", Reply(REPLIED)),
        ("in conversation", Reply(REPLIED)),
        ("reopen R-0012", Reply(REOPEN, referral_id="R-0012")),
        ("won", Reply(WON)),
        ("Won!", Reply(WON)),
        ("won 12000", Reply(WON, amount="12000")),
        ("Won £12,000", Reply(WON, amount="£12,000")),
        ("won: 12k", Reply(WON, amount="12k")),
        ("closed won for 1.5m", Reply(WON, amount="1.5m")),
        ("R-0012 won 8000", Reply(WON, referral_id="R-0012", amount="8000")),
        ("no response", Reply(NO_RESPONSE)),
        ("no further action", Reply(NO_FURTHER_ACTION)),
        ("No further action requested", Reply(NO_FURTHER_ACTION)),
        ("not a fit: budget", Reply(NOT_A_FIT, reason="budget")),
        ("Not a fit - outside our practice", Reply(NOT_A_FIT, reason="outside our practice")),
        ("not a fit because too small", Reply(NOT_A_FIT, reason="too small")),
        ("not a fit", Reply(NOT_A_FIT)),
        ("snooze", Reply(SNOOZE, days=1)),
        ("snooze 2d", Reply(SNOOZE, days=2)),
        ("snooze 3 days", Reply(SNOOZE, days=3)),
        ("snooze 1 day", Reply(SNOOZE, days=1)),
        ("snooze for 2 weeks", Reply(SNOOZE, days=14)),
        ("snooze 1w", Reply(SNOOZE, days=7)),
        ("snooze tomorrow", Reply(SNOOZE, days=1)),
        ("snooze until 2026-12-01", Reply(SNOOZE, until=date(2026, 12, 1))),
        ("snooze 2026-12-01", Reply(SNOOZE, until=date(2026, 12, 1))),
        ("reassign @U123ABC", Reply(REASSIGN, user_id="U123ABC")),
        ("reassign <@U123ABC>", Reply(REASSIGN, user_id="U123ABC")),
        ("reassign to <@U123ABC|sam>", Reply(REASSIGN, user_id="U123ABC")),
        ("R-0012 sent", Reply(SENT, referral_id="R-0012")),
        ("r-12 won", Reply(WON, referral_id="R-12")),
        ("sent R-0012", Reply(SENT, referral_id="R-0012")),
        ("R-0012: not a fit: budget", Reply(NOT_A_FIT, referral_id="R-0012", reason="budget")),
    ],
)
def test_understood_replies(text, expected):
    assert parse_reply(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "hello",
        "R-0012",
        "sent it yesterday to the wrong person",
        "snooze forever",
        "snooze 0d",
        "snooze until 2026-13-40",
        "reassign @sam",
        "reassign",
        "wonderful",
        "won big",
    ],
)
def test_unclear_replies_are_none(text):
    assert parse_reply(text) is None
