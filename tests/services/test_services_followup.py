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


def test_the_morning_list_goes_once_and_a_restart_repeats_nothing(
    desk, log, logged, notifier, clock
):
    clock.advance(hours=25)  # Tuesday 11:00: first contact was due at 10:00
    report = desk.sweep()

    assert notifier.listed("USAM") == ["R-0001|first_contact"]
    assert notifier.listed("UMAX") == ["R-0001|thank_you"]  # the thank-you owner's own list
    assert sorted(report.lists) == [("UMAX", 1), ("USAM", 1)]
    assert not notifier.of("nudge")  # no reminder of its own: the list is the reminder

    desk.sweep()
    clock.advance(hours=2)
    restarted = type(desk)(desk.ctx)  # a new process reading the same sheet
    restarted.sweep()
    assert len(notifier.of("reminder_list")) == 2
    assert [a.what for a in log.activity].count("Nudge sent") == 2


def test_a_list_outside_working_hours_waits_for_that_persons_morning(desk, log, notifier, clock):
    desk.refer(submission(owner_id="UPRI"), YOU)  # Priya works 09:00-17:00 New York
    clock.moment = clock.moment.replace(hour=11) + timedelta(days=1)  # 06:00 in New York
    desk.sweep()
    assert not notifier.listed("UPRI")
    assert notifier.listed("UMAX") == ["R-0001|thank_you"]  # London's morning came first

    clock.advance(hours=3)  # 09:00 in New York
    desk.sweep()
    assert notifier.listed("UPRI") == ["R-0001|first_contact"]


def test_an_overdue_step_reaches_the_review_post_a_working_day_after_its_listing(
    desk, log, logged, notifier, clock
):
    clock.advance(days=1)  # Tuesday 10:00: the first contact is in Sam's list
    desk.sweep()
    assert not notifier.reviewed()  # the owner gets a working day after the list to act
    clock.advance(days=1)  # Wednesday's morning: still not sent
    report = desk.sweep()
    assert sorted(report.escalated) == [("R-0001", "first_contact"), ("R-0001", "thank_you")]
    assert desk.sweep().escalated == []

    new = [line for line in notifier.reviewed(new_only=True) if line.step == "first_contact"]
    assert len(new) == 1 and new[0].owes_id == "USAM"
    assert notifier.of("morning_review")[0][3] == ("UANA",)
    assert [a.what for a in log.activity].count("Escalated") == 2  # first contact, thank-you
    clock.advance(days=1)  # Thursday: still overdue, listed again, but escalated only once
    desk.sweep()
    again = [line for line in notifier.reviewed() if line.step == "first_contact"]
    assert [line.new for line in again] == [True, False]
    assert [a.what for a in log.activity].count("Escalated") == 2


def test_a_failed_list_is_retried_next_sweep(desk, log, logged, notifier, clock):
    from bot.errors import ReferralDeskError

    def broken(*args):
        raise ReferralDeskError("slack down")

    original = notifier.reminder_list
    notifier.reminder_list = broken
    clock.advance(hours=25)
    report = desk.sweep()
    assert ("", "morning list for USAM") in report.failed

    notifier.reminder_list = original
    report = desk.sweep()
    assert ("USAM", 1) in report.lists
    assert notifier.listed("USAM") == ["R-0001|first_contact"]


def test_snooze_keeps_a_step_out_of_the_lists_until_it_ends(desk, log, logged, notifier, clock):
    desk.snooze("R-0001", SAM, clock.now() + timedelta(days=2))  # until Wednesday 10:00
    clock.advance(hours=25)
    desk.sweep()
    assert notifier.listed("USAM") == []

    clock.advance(days=1)  # Wednesday: due at 10:00 after the snooze, so in today's list
    desk.sweep()
    assert notifier.listed("USAM") == ["R-0001|first_contact"]


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


def test_killed_mid_sweep_neither_repeats_nor_loses_a_list(desk, log, notifier, clock):
    desk.refer(submission(), YOU)
    desk.refer(submission(lead_name="Bo Park", lead_email="bo@park.io", company="Park"), YOU)
    clock.advance(hours=25)
    original, calls = notifier.reminder_list, []

    def dies_on_the_second_list(user_id, morning):
        calls.append(user_id)
        if len(calls) == 2:
            raise Killed
        return original(user_id, morning)

    notifier.reminder_list = dies_on_the_second_list
    with pytest.raises(Killed):
        desk.sweep()

    notifier.reminder_list = original
    type(desk)(desk.ctx).sweep()  # the restarted process
    type(desk)(desk.ctx).sweep()

    sent = sorted((s[1], s[3]) for s in notifier.of("reminder_list"))
    assert [user for user, _ in sent] == ["UMAX", "USAM"]  # each list exactly once
    assert sorted(notifier.listed()) == [
        "R-0001|first_contact",
        "R-0001|thank_you",
        "R-0002|first_contact",
        "R-0002|thank_you",
    ]
    assert [a.what for a in log.activity].count("Nudge sent") == 4


@pytest.mark.parametrize("answered_meanwhile", [False, True])
def test_killed_between_an_urgent_nudge_and_its_record_it_is_recorded_once_never_resent(
    desk, log, notifier, clock, settings, answered_meanwhile
):
    """The DM went out, the process died before the nudge was recorded. The next sweep finds it
    in the DM's history and records it, also when the owner has answered in between (the step
    is no longer due, but the owner did get the nudge)."""
    desk.ctx.settings = settings.replace(first_contact_due_hours=1.0)
    desk.refer(submission(), YOU)
    clock.advance(minutes=61)
    original = notifier.nudge

    def sends_then_dies(*args):
        original(*args)  # Slack took the DM...
        raise Killed  # ...and the process died before the record heard of it

    notifier.nudge = sends_then_dies
    with pytest.raises(Killed):
        desk.sweep()
    notifier.nudge = original
    if answered_meanwhile:
        desk.record_followup("R-0001", SAM, R.FOLLOWUP_SENT)

    type(desk)(desk.ctx).sweep()  # the restarted process
    type(desk)(desk.ctx).sweep()

    assert len(notifier.of("nudge")) == 1
    reminded = [a for a in log.activity if a.what == "Nudge sent" and "reminded" in a.details]
    assert [(a.referral_id, a.details) for a in reminded] == [
        ("R-0001", "First contact with Jane Doe: reminded Sam Lee")
    ]
    assert "first_contact" in log.referrals[0].nudges
    assert not [k for k in log.intents if k.startswith("nudge:")]


def test_killed_between_the_list_and_its_record_the_list_is_not_sent_again(
    desk, log, notifier, clock
):
    desk.refer(submission(), YOU)
    clock.advance(hours=25)
    original = notifier.reminder_list

    def sends_then_dies(user_id, morning):
        original(user_id, morning)  # Slack took the DM...
        raise Killed  # ...and the process died before the record heard of it

    notifier.reminder_list = sends_then_dies
    with pytest.raises(Killed):
        desk.sweep()
    assert any('"intended"' in record for record in log.intents.values())

    notifier.reminder_list = original
    type(desk)(desk.ctx).sweep()  # the restarted process finds it in the DM history
    type(desk)(desk.ctx).sweep()

    assert sorted(notifier.listed()) == ["R-0001|first_contact", "R-0001|thank_you"]
    assert len(notifier.of("reminder_list")) == 2
    assert not [k for k in log.intents if k.startswith("nudge:")]
    assert '"sent"' in log.intents["morning:USAM"] and '"sent"' in log.intents["morning:UMAX"]


def test_an_urgent_first_contact_is_nudged_at_once_not_the_next_morning(
    desk, log, notifier, clock, settings
):
    desk.ctx.settings = settings.replace(first_contact_due_hours=1.0)
    desk.refer(submission(), YOU)
    clock.advance(minutes=61)  # Monday 11:01: an hour after receipt
    desk.sweep()
    desk.sweep()
    assert [(n[1], n[2], n[3]) for n in notifier.of("nudge")] == [
        ("R-0001", "first_contact", "USAM")
    ]
    assert notifier.listed("USAM") == []  # nudged today already: not again in today's list

    clock.advance(days=1)  # Tuesday: still not contacted, so it is in the list as well
    desk.sweep()
    assert "R-0001|first_contact" in notifier.listed("USAM")
    assert len(notifier.of("nudge")) == 1


def test_an_unassigned_referral_is_in_one_review_post_as_new_not_every_sweep(
    desk, log, notifier, clock
):
    desk.refer(submission(est_value="90000"), YOU)  # high value: coordinators assign the owner
    assert log.referrals[0].owner_slack_id == ""
    clock.advance(hours=25)
    desk.sweep()
    clock.advance(minutes=15)
    desk.sweep()
    clock.advance(hours=2)
    desk.sweep()

    [post] = notifier.of("morning_review")
    first_contact = [line for line in post[2] if line.step == "first_contact"]
    assert len(first_contact) == 1 and first_contact[0].new and not first_contact[0].owes_id


def test_only_a_coordinator_reopens_a_closed_referral(desk, log, logged):
    desk.record_followup("R-0001", SAM, R.FOLLOWUP_SENT)
    desk.close("R-0001", SAM, R.NO_RESPONSE)
    with pytest.raises(PermissionDeniedError):
        desk.reopen("R-0001", SAM)
    assert log.referrals[0].stage == R.NO_RESPONSE

    reopened = desk.reopen("R-0001", ANA)
    assert reopened.stage == R.CONTACTED and reopened.next_step == "Second touch"
    assert log.activity[-1].details == "reopened as Contacted"


def test_killed_after_the_review_post_it_is_not_posted_again(desk, log, notifier, clock):
    desk.refer(submission(est_value="90000"), YOU)  # nobody owns it: the review post lists it
    clock.advance(hours=25)
    original = notifier.morning_review

    def posts_then_dies(morning, coordinators):
        original(morning, coordinators)
        raise Killed

    notifier.morning_review = posts_then_dies
    with pytest.raises(Killed):
        desk.sweep()
    notifier.morning_review = original
    type(desk)(desk.ctx).sweep()  # finds the post in the channel's history
    type(desk)(desk.ctx).sweep()

    assert len(notifier.of("morning_review")) == 1
    assert '"sent"' in log.intents["morning:review"]


def test_a_list_longer_than_a_message_shows_the_first_lines_and_counts_the_rest(
    desk, log, notifier, clock
):
    from bot.services.morning import LIST_MAX

    for n in range(LIST_MAX + 5):
        fields = {"lead_name": f"Lead {n}", "lead_email": f"l{n}@co{n}.com", "company": f"Co {n}"}
        desk.refer(submission(**fields), YOU)
    clock.advance(hours=25)
    desk.sweep()
    [(_, _, _, lines, more)] = [s for s in notifier.of("reminder_list") if s[1] == "UMAX"]
    assert (len(lines), more) == (LIST_MAX, 5)
    # Only what was shown counts as listed: the rest is listed (and escalated) later, not lost.
    shown = {line.referral.id for line in lines}
    thanked = {
        a.referral_id
        for a in log.activity
        if a.what == "Nudge sent" and a.details.startswith("Thank")
    }
    assert thanked == shown
