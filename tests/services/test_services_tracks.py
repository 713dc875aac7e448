"""The three tracks kept apart, who may act on each, and nothing but reopen on a closed referral:
the cases of issue 7's "Why", through the services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from services_helpers import ANA, PRIYA, SAM, YOU, submission

from bot.domain import referral as R
from bot.errors import PermissionDeniedError, ValidationError


@pytest.fixture
def logged(desk, log):
    desk.refer(submission(), YOU)  # owner Sam (payroll), thank-you owner: Max (YOU)
    return log.referrals[0]


def test_the_owners_snooze_neither_holds_nor_resends_the_thank_you(
    desk, log, logged, notifier, clock
):
    clock.advance(hours=5)  # Monday 15:00: thank-you due at 14:00; first contact not yet
    desk.sweep()
    assert notifier.listed("UMAX") == ["R-0001|thank_you"]
    assert notifier.listed("USAM") == []
    desk.snooze("R-0001", SAM, clock.now() + timedelta(days=2))
    clock.advance(days=1)  # Tuesday: the lead is snoozed, the thank-you is not
    desk.sweep()
    assert notifier.listed("UMAX") == ["R-0001|thank_you"] * 2  # still owed, one list a day
    assert notifier.listed("USAM") == []
    clock.advance(days=1, hours=1)
    desk.sweep()
    assert notifier.listed("USAM") == ["R-0001|first_contact"]
    nudged = [a.details for a in log.activity if a.what == "Nudge sent"]
    assert [d.split(":")[0] for d in nudged] == [
        "Thank Alex Kim for the introduction",
        "First contact with Jane Doe",
    ]


def test_the_thank_you_owners_typed_sent_marks_the_thank_you_not_a_touch(desk, log, logged):
    _, draft = desk.mark_done("R-0001", YOU)
    row = log.referrals[0]
    assert draft == "acknowledgment"
    assert (row.thankyou_status, row.touches) == (R.THANKYOU_SENT, "0")
    assert row.next_step == "First contact"  # the owner's first contact still waits


def test_after_the_first_contact_the_thank_you_owners_sent_is_still_the_thank_you(
    desk, log, logged
):
    """The first contact makes a referrer update due at once, before the thank-you's own due
    time; a referrer is thanked before being updated, so "sent" is the thank-you."""
    desk.record_followup("R-0001", SAM, R.FOLLOWUP_SENT)
    _, draft = desk.mark_done("R-0001", YOU)
    assert draft == "acknowledgment"
    assert log.referrals[0].thankyou_status == R.THANKYOU_SENT


def test_the_owners_typed_sent_is_their_touch(desk, log, logged):
    _, draft = desk.mark_done("R-0001", SAM)
    assert draft == "first_contact"
    assert (log.referrals[0].touches, log.referrals[0].thankyou_status) == ("1", R.THANKYOU_DRAFTED)


def test_follow_up_sent_and_mark_sent_for_the_same_email_count_one_touch(desk, log, logged):
    desk.record_followup("R-0001", SAM, R.FOLLOWUP_SENT)
    desk.mark_sent("R-0001", SAM, "first_contact")
    assert log.referrals[0].touches == "1"
    assert [a.what for a in log.activity].count("Touch") == 1
    desk.mark_sent("R-0001", SAM, "second_touch")
    assert log.referrals[0].touches == "2"


def test_a_thank_you_owner_may_not_close_or_reassign_the_lead(desk, log, logged, notifier):
    with pytest.raises(PermissionDeniedError):
        desk.close("R-0001", YOU, R.WON)
    with pytest.raises(PermissionDeniedError):
        desk.reassign("R-0001", YOU, "UPRI")
    with pytest.raises(PermissionDeniedError):
        desk.record_followup("R-0001", YOU, R.FOLLOWUP_SENT)
    with pytest.raises(PermissionDeniedError):
        desk.mark_sent("R-0001", SAM, "acknowledgment")  # the owner does not own the thank-you
    assert (log.referrals[0].stage, log.referrals[0].owner_slack_id) == (R.NEW, "USAM")
    with pytest.raises(PermissionDeniedError):
        desk.record_followup("R-0001", PRIYA, R.WAITING_FOR_REPLY)


def test_a_coordinator_acting_on_the_lead_tells_the_owner(desk, log, logged, notifier):
    desk.record_followup("R-0001", ANA, R.FOLLOWUP_SENT)
    [(_, rid, told, who, what)] = notifier.of("changed_by_other")
    assert (rid, told, who) == ("R-0001", "USAM", "Ana Ruiz") and "touch 1" in what


def test_reassigning_a_won_referral_is_refused_and_nobody_is_told(desk, log, logged, notifier):
    desk.close("R-0001", SAM, R.WON)
    before = len(notifier.sent)
    with pytest.raises(ValidationError, match="closed \\(Won\\)"):
        desk.reassign("R-0001", ANA, "UPRI")
    assert log.referrals[0].owner_slack_id == "USAM"
    assert notifier.sent[before:] == []
    for act in (
        lambda: desk.record_followup("R-0001", SAM, R.FOLLOWUP_SENT),
        lambda: desk.snooze("R-0001", SAM, desk.ctx.now() + timedelta(days=1)),
        lambda: desk.close("R-0001", SAM, R.NO_RESPONSE),
    ):
        with pytest.raises(ValidationError, match="reopen"):
            act()
    assert desk.reopen("R-0001", ANA).stage == R.NEW


def test_close_keeps_closed_at_and_the_close_the_loop_can_still_be_marked(desk, log, logged):
    desk.close("R-0001", SAM, R.WON)
    assert log.referrals[0].closed_at == "2026-11-23 10:00"
    desk.mark_sent("R-0001", YOU, "close_won")
    assert log.activity[-1].what == "Referrer updated"


def test_escalating_the_thank_you_names_its_owner_and_its_own_due_time(
    desk, log, logged, notifier, clock
):
    desk.record_followup("R-0001", SAM, R.FOLLOWUP_SENT)  # the lead is on time
    clock.advance(hours=5)
    desk.sweep()  # thank-you listed at 15:00
    clock.advance(days=1, hours=1)
    desk.sweep()
    [line] = [line for line in notifier.reviewed() if line.step == "thank_you"]
    assert (line.referral.id, line.owes_id, line.owes_name, line.new) == (
        "R-0001",
        "UMAX",
        "Max Member",
        True,
    )
    assert notifier.of("morning_review")[0][3] == ("UANA",)
    assert desk.ctx.stamp(line.due_at) == "2026-11-23 14:00"  # four working hours after receipt


def test_an_unrelated_write_does_not_move_the_referrer_update(desk, log, logged, clock, notifier):
    desk.mark_sent("R-0001", YOU, "acknowledgment")
    desk.record_followup("R-0001", SAM, R.FOLLOWUP_SENT)  # stage -> Contacted: update owed now
    clock.advance(days=1)
    desk.snooze("R-0001", SAM, clock.now() + timedelta(days=1))  # refreshes Updated at
    clock.advance(hours=1)
    desk.sweep()
    [(_, user, _, lines, _)] = notifier.of("reminder_list")
    [line] = lines
    assert (user, line.step, line.draft.name) == (
        "UMAX",
        "referrer_update:Contacted",
        "status_update",
    )
    assert desk.ctx.stamp(line.due_at) == "2026-11-23 10:00"  # from the stage change


def test_reassigning_the_thank_you_hands_it_over(desk, log, logged, notifier):
    desk.reassign("R-0001", ANA, "UPRI", "thanks")
    row = log.referrals[0]
    assert (row.thankyou_owner_slack_id, row.owner_slack_id) == ("UPRI", "USAM")
    assert notifier.of("thankyou_assigned")[-1][2] == "UPRI"
    assert notifier.of("changed_by_other")[-1][2] == "UMAX"
