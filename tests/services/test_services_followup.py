from __future__ import annotations

from datetime import timedelta

import pytest
from services_helpers import ANA, PRIYA, SAM, YOU, submission

from bot.domain import referral as R
from bot.errors import PermissionDeniedError, ValidationError


@pytest.fixture
def logged(desk, log):
    desk.refer(submission(), YOU)  # owner Sam (payroll), thank-you owner: you
    return log.referrals[0]


def test_follow_up_sent_counts_a_touch_and_plans_the_second(desk, log, logged, clock):
    clock.advance(hours=2)
    updated = desk.record_followup("R-0001", SAM, R.FOLLOWUP_SENT)

    assert updated == log.referrals[0]
    assert (updated.touches, updated.stage) == ("1", R.CONTACTED)
    assert updated.first_contact_at == updated.last_touch_at == "2026-11-23 12:00"
    assert updated.next_step == "Second touch"
    assert updated.next_followup_due == "2026-11-26 12:00"  # three working days later
    assert log.activity[-1].what == "Touch"


def test_only_owner_thankyou_owner_or_coordinator_may_act(desk, log, logged):
    with pytest.raises(PermissionDeniedError):
        desk.record_followup("R-0001", PRIYA, R.FOLLOWUP_SENT)
    assert log.referrals[0].touches == "0"

    desk.mark_sent("R-0001", YOU, "acknowledgment")  # the thank-you owner
    desk.snooze("R-0001", ANA, desk.ctx.now() + timedelta(days=1))  # a coordinator
    assert log.referrals[0].thankyou_status == R.THANKYOU_SENT
    assert log.referrals[0].snoozed_until


def test_close_not_a_fit_needs_a_reason_then_drafts_the_close_the_loop(desk, log, logged, notifier):
    with pytest.raises(ValidationError):
        desk.close("R-0001", SAM, R.NOT_A_FIT, "")
    assert log.referrals[0].stage == R.NEW

    closed = desk.close("R-0001", SAM, R.NOT_A_FIT, "budget")
    assert (closed.stage, closed.outcome_reason) == (R.NOT_A_FIT, "budget")
    assert closed.next_followup_due == ""
    (_, rid, user, draft), (_, _, owner, decline) = notifier.of("draft_ready")
    assert (rid, user, draft.name) == ("R-0001", "UMAX", "close_not_a_fit")
    assert "thank" in draft.body.lower()
    assert (owner, decline.name, decline.to) == ("USAM", "decline", "jane@acme.com")
    assert "budget" in decline.body


def test_reassign_tells_the_new_owner(desk, log, logged, notifier):
    desk.reassign("R-0001", SAM, "UPRI")

    assert log.referrals[0].owner_slack_id == "UPRI"
    assert notifier.of("owner_assigned")[-1][2] == "UPRI"
    with pytest.raises(ValidationError):
        desk.reassign("R-0001", ANA, "UNOBODY")


def test_sweep_nudges_once_and_a_restart_repeats_nothing(desk, log, logged, notifier, clock):
    clock.advance(hours=25)  # first contact was due 24 hours after receipt
    report = desk.sweep()

    assert ("R-0001", "first_contact") in report.nudged
    assert ("R-0001", "thank_you") in report.nudged
    nudges = [n for n in notifier.of("nudge") if n[2] == "first_contact"]
    assert len(nudges) == 1 and nudges[0][3] == "USAM"

    desk.sweep()
    restarted = type(desk)(desk.ctx)  # a new process reading the same sheet
    restarted.sweep()
    assert len([n for n in notifier.of("nudge") if n[2] == "first_contact"]) == 1
    assert "Nudge sent" in [a.what for a in log.activity]


def test_a_nudge_outside_working_hours_waits(desk, log, notifier, clock):
    desk.refer(submission(owner_id="UPRI"), YOU)  # Priya works 09:00-17:00 New York
    clock.moment = clock.moment.replace(hour=11) + timedelta(days=1)  # 06:00 in New York
    desk.sweep()
    assert not [n for n in notifier.of("nudge") if n[2] == "first_contact"]

    clock.advance(hours=4)  # 10:00 in New York
    desk.sweep()
    assert [n[3] for n in notifier.of("nudge") if n[2] == "first_contact"] == ["UPRI"]


def test_overdue_step_escalates_to_coordinators_once(desk, log, logged, notifier, clock):
    clock.advance(days=2)  # Wednesday: first contact a day overdue; the owner is nudged
    desk.sweep()
    assert not notifier.of("escalate")  # they get a working day after the nudge to act
    clock.advance(days=1)
    desk.sweep()
    desk.sweep()

    escalations = [e for e in notifier.of("escalate") if e[2] == "first_contact"]
    assert len(escalations) == 1 and escalations[0][3] == ("UANA",)


def test_a_failed_nudge_is_retried_next_sweep(desk, log, logged, notifier, clock):
    from bot.errors import ReferralDeskError

    def broken(*args):
        raise ReferralDeskError("slack down")

    original = notifier.nudge
    notifier.nudge = broken
    clock.advance(hours=25)
    report = desk.sweep()
    assert ("R-0001", "first_contact") in report.failed

    notifier.nudge = original
    report = desk.sweep()
    assert ("R-0001", "first_contact") in report.nudged


def test_snooze_holds_nudges_until_it_ends(desk, log, logged, notifier, clock):
    desk.snooze("R-0001", SAM, clock.now() + timedelta(days=2))
    clock.advance(hours=25)
    desk.sweep()
    assert not [n for n in notifier.of("nudge") if n[2] == "first_contact"]

    clock.advance(days=1, hours=1)
    desk.sweep()
    assert [n for n in notifier.of("nudge") if n[2] == "first_contact"]


def test_sweep_adopts_hand_typed_rows_and_notices_sheet_edits(desk, log, logged, notifier):
    log.untracked.append(
        R.Referral(lead_name="Walk In", company="Payroll Co", referred_by="Front desk")
    )
    log.referrals[0] = log.referrals[0].with_changes({"owner": "Priya Shah"})
    desk.sweep()  # records the stage the bot has seen
    log.referrals[0] = log.referrals[0].with_changes({"stage": R.IN_CONVERSATION})
    report = desk.sweep()

    adopted = log.referrals[-1]
    assert adopted.id == "R-0002" and adopted.channel == R.CHANNEL_SHEET
    assert adopted.attribution_confidence == R.CONFIDENCE_LOW  # no referrer contact
    assert log.referrals[0].owner_slack_id == "UPRI"
    assert notifier.of("owner_assigned")[-1][2] in {"UPRI", "USAM"}
    edits = [a.details for a in log.activity if a.what == "Edited in sheet"]
    assert "owner changed to Priya Shah" in edits
    assert any("In conversation" in e for e in edits)
    assert report.edits


class Killed(BaseException):
    """The process dying: not an error the sweep may catch."""


def test_killed_mid_sweep_neither_repeats_nor_loses_a_nudge(desk, log, notifier, clock):
    desk.refer(submission(), YOU)
    desk.refer(submission(lead_name="Bo Park", lead_email="bo@park.io", company="Park"), YOU)
    clock.advance(hours=25)
    original, calls = notifier.nudge, []

    def dies_on_the_second_first_contact(referral, step, *args):
        if step == "first_contact":
            calls.append(referral.id)
            if len(calls) == 2:
                raise Killed
        return original(referral, step, *args)

    notifier.nudge = dies_on_the_second_first_contact
    with pytest.raises(Killed):
        desk.sweep()

    notifier.nudge = original
    type(desk)(desk.ctx).sweep()  # the restarted process

    sent = sorted((n[1], n[2]) for n in notifier.of("nudge"))
    assert sent == [  # every nudge exactly once, including the one sent just before the kill
        ("R-0001", "first_contact"),
        ("R-0001", "thank_you"),
        ("R-0002", "first_contact"),
        ("R-0002", "thank_you"),
    ]


def test_killed_between_the_dm_and_its_record_the_nudge_is_not_sent_again(
    desk, log, notifier, clock
):
    desk.refer(submission(), YOU)
    clock.advance(hours=25)
    original = notifier.nudge

    def sends_then_dies(referral, step, *args):
        original(referral, step, *args)  # Slack took the DM...
        raise Killed  # ...and the process died before the outbox heard of it

    notifier.nudge = sends_then_dies
    with pytest.raises(Killed):
        desk.sweep()
    assert log.intents  # the intent was recorded before the DM

    notifier.nudge = original
    type(desk)(desk.ctx).sweep()  # the restarted process finds it in the DM history
    type(desk)(desk.ctx).sweep()

    sent = sorted((n[1], n[2]) for n in notifier.of("nudge"))
    assert sent == [("R-0001", "first_contact"), ("R-0001", "thank_you")]
    assert log.intents == {}  # recorded in the log, nothing left to check


def test_an_unassigned_referral_is_escalated_once_not_every_sweep(desk, log, notifier, clock):
    desk.refer(submission(est_value="90000"), YOU)  # high value: coordinators assign the owner
    assert log.referrals[0].owner_slack_id == ""
    clock.advance(hours=25)
    desk.sweep()
    clock.advance(minutes=15)
    desk.sweep()
    clock.advance(hours=2)
    desk.sweep()

    first_contact = [e for e in notifier.of("escalate") if e[2] == "first_contact"]
    assert len(first_contact) == 1


def test_only_a_coordinator_reopens_a_closed_referral(desk, log, logged):
    desk.record_followup("R-0001", SAM, R.FOLLOWUP_SENT)
    desk.close("R-0001", SAM, R.NO_RESPONSE)
    with pytest.raises(PermissionDeniedError):
        desk.reopen("R-0001", SAM)
    assert log.referrals[0].stage == R.NO_RESPONSE

    reopened = desk.reopen("R-0001", ANA)
    assert reopened.stage == R.CONTACTED and reopened.next_step == "Second touch"
    assert log.activity[-1].details == "reopened as Contacted"
