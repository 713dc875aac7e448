"""Answers on one referral run one at a time: two at the same moment decide from each other's
result, so a touch counted in Activity is the touch in the row, and a repeat is a no-op."""

from __future__ import annotations

import threading

import pytest
from services_helpers import ANA, SAM, YOU, submission

from bot.domain import referral as R
from bot.errors import AlreadyDoneError
from bot.log.base import MemoryLog


class SideBySideLog(MemoryLog):
    """Each read waits (briefly) for a second reader: two answers that may run side by side
    then read the same state, as two Slack threads can."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.readers: set[int] = set()
        self.two_readers = threading.Event()
        self.racing = False

    def snapshot(self, max_age=None):
        if self.racing:
            self.readers.add(threading.get_ident())
            if len(self.readers) >= 2:
                self.two_readers.set()
            self.two_readers.wait(0.3)  # with the lock the other never comes: carry on
        return super().snapshot(max_age)


@pytest.fixture
def log() -> MemoryLog:
    from services_helpers import TEAM

    return SideBySideLog(team=TEAM)


def side_by_side(*calls):
    results: list = [None] * len(calls)

    def run(i, call):
        try:
            results[i] = call()
        except Exception as exc:  # the caller asserts what each one got
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    return results


def test_two_sents_at_once_are_two_touches_in_the_row_and_in_activity(desk, log):
    desk.refer(submission(), YOU)
    log.racing = True
    side_by_side(
        lambda: desk.record_followup("R-0001", SAM, R.FOLLOWUP_SENT),
        lambda: desk.record_followup("R-0001", SAM, R.FOLLOWUP_SENT),
    )
    touches = [a.details for a in log.activity if a.what == "Touch"]
    assert log.referrals[0].touches == str(len(touches)) == "2"
    assert sorted(touches) == ["touch 1 sent (Follow-up sent)", "touch 2 sent (Follow-up sent)"]
    assert desk.locks.waiting() == 0


def test_won_twice_at_once_closes_once(desk, log, notifier):
    desk.refer(submission(), YOU)
    log.racing = True
    first, second = side_by_side(
        lambda: desk.close("R-0001", SAM, R.WON),
        lambda: desk.close("R-0001", ANA, R.WON),
    )
    repeats = [r for r in (first, second) if isinstance(r, AlreadyDoneError)]
    assert len(repeats) == 1
    assert repeats[0].referral.stage == R.WON
    closes = [a for a in log.activity if a.details.startswith("closed as")]
    assert len(closes) == 1
    assert [d.name for _, _, _, d in notifier.of("draft_ready")] == ["close_won"]


def test_won_again_later_is_a_no_op(desk, log, notifier):
    desk.refer(submission(), YOU)
    desk.close("R-0001", SAM, R.WON)
    writes = log.writes
    with pytest.raises(AlreadyDoneError, match="already closed as Won"):
        desk.close("R-0001", SAM, R.WON)
    assert log.writes == writes
    assert len(notifier.of("draft_ready")) == 1


class AnsweredDuringTheSweepsRead(MemoryLog):
    """The sweep's read returns; an answer lands before the sweep reaches that referral."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.between = None

    def snapshot(self, max_age=None):
        snapshot = super().snapshot(max_age)
        if max_age == 0 and self.between is not None:
            answer, self.between = self.between, None
            answer()
        return snapshot


def test_an_answer_while_the_sweep_runs_is_not_nudged_nor_written_over(
    desk, notifier, clock, settings
):
    from services_helpers import TEAM

    log = AnsweredDuringTheSweepsRead(team=TEAM)
    desk.ctx.log = log
    desk.ctx.settings = settings.replace(first_contact_due_hours=1.0)
    desk.refer(submission(), YOU)
    clock.advance(minutes=61)  # the urgent first contact is due: the sweep would nudge Sam
    log.between = lambda: desk.record_followup("R-0001", SAM, R.FOLLOWUP_SENT)
    desk.sweep()
    assert notifier.of("nudge") == []  # the first contact was sent while the sweep ran
    (row,) = log.referrals
    assert (row.touches, row.followup_status) == ("1", R.FOLLOWUP_SENT)
    assert row.next_step != "First contact"
    assert desk.locks.waiting() == 0
