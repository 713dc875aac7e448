"""The five questions on the fixed dataset (tests/domain/metrics_dataset.py), worked by hand."""

from __future__ import annotations

from bot.domain import metrics as M
from bot.domain.routine import five_questions
from tests.domain.metrics_dataset import NOW, REFERRALS


def answers(period: M.Period) -> dict:
    return {a.question: a for a in five_questions(REFERRALS, period, NOW, "UTC")}


def test_all_time():
    a = answers(M.all_time())
    assert a["Source recorded?"].failing == ()  # every group names its referrer and how
    # The five New referrals received a week ago have no owner.
    assert a["One follow-up owner?"].failing == tuple(f"R-{n:04d}" for n in range(48, 53))
    # No referral of the dataset kept any context: all 60 fail.
    assert (a["Context preserved?"].asked, len(a["Context preserved?"].failing)) == (60, 60)
    # Not sent: 6 late declines, 10 contacted this week (all over a day old), 5 new a week ago;
    # the 5 received 4 hours ago are not due yet.
    thanks = a["Thank-you sent?"]
    assert len(thanks.failing) == 6 + 10 + 5 and thanks.passing == 60 - 21
    inbox = a["Anything still only in someone's inbox?"]
    assert inbox.asked == 10 + 10 + 8  # every open referral
    assert inbox.failing == tuple(f"R-{n:04d}" for n in range(53, 61))


def test_this_week_asks_of_this_weeks_referrals_and_the_inbox_of_all_open_ones():
    a = answers(M.this_week(NOW, "UTC"))
    assert a["Source recorded?"].asked == 15
    assert a["One follow-up owner?"].failing == ()
    assert a["Anything still only in someone's inbox?"].asked == 28
