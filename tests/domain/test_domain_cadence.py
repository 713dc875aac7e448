"""The cadence with explicit clocks. The firm is in London; Monday 3 June 2024 is the usual start."""

import json
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.domain.cadence import (
    ESCALATED,
    STAGE_SEEN,
    CadencePolicy,
    DueStep,
    NextDue,
    due_steps,
    mark_escalated,
    mark_nudged,
    next_due,
)
from bot.domain.calendar import WorkingCalendar
from bot.domain.referral import Referral

TZ = "Europe/London"
LONDON = ZoneInfo(TZ)
NEW_YORK = ZoneInfo("America/New_York")
HOURS = (time(9, 0), time(17, 30))
UK = WorkingCalendar(TZ, HOURS)
NY = WorkingCalendar("America/New_York", HOURS)
POLICY = CadencePolicy()


def london(mo, d, h, mi=0) -> datetime:
    return datetime(2024, mo, d, h, mi, tzinfo=LONDON)


def referral(**cells) -> Referral:
    base = {
        "id": "R-0001",
        "received": "2024-06-03 10:00",
        "updated_at": "2024-06-03 10:00",
        "stage": "New",
        "touches": "0",
        "thankyou_status": "Drafted",
        "owner_slack_id": "U_OWNER",
        "thankyou_owner_slack_id": "U_THANKS",
    }
    return Referral(**{**base, **cells})


def due(r: Referral, now: datetime, owner=UK, thanks=UK, policy=POLICY) -> list[DueStep]:
    return due_steps(r, now, owner, thanks, policy, TZ)


def steps(r: Referral, now: datetime, **kwargs) -> list[str]:
    return [s.step for s in due(r, now, **kwargs)]


def sweep(r: Referral, now: datetime, **kwargs) -> tuple[Referral, list[DueStep]]:
    """What the sweep does: send what is due, record it in the nudge state."""
    found = due(r, now, **kwargs)
    for step in found:
        if step.nudge:
            r = r.with_changes({"nudge_state": mark_nudged(r.nudges, step.key, now)})
        if step.escalate:
            r = r.with_changes({"nudge_state": mark_escalated(r.nudges, step.key, now)})
    return r, found


# --- policy ------------------------------------------------------------------------------------


def test_policy_defaults_match_the_settings_defaults():
    assert CadencePolicy.from_settings(Settings()) == POLICY
    assert POLICY.ack_due_working_hours == 4 and POLICY.first_contact_due_hours == 24


def test_policy_from_settings_reads_each_value():
    policy = CadencePolicy.from_settings(
        Settings({"FIRST_CONTACT_DUE_HOURS": 1.0, "ESCALATE_AFTER_WORKING_DAYS": 2})
    )
    assert (policy.first_contact_due_hours, policy.escalate_after_working_days) == (1.0, 2)


# --- thank-you and first contact ---------------------------------------------------------------


def test_nothing_is_due_right_after_receipt():
    assert due(referral(), london(6, 3, 10, 0)) == []


def test_thank_you_is_due_four_working_hours_after_receipt():
    assert due(referral(), london(6, 3, 13, 59)) == []
    assert due(referral(), london(6, 3, 14, 0)) == [
        DueStep("thank_you", "thankyou_owner", london(6, 3, 14, 0), False, "thank_you", True)
    ]


def test_thank_you_stops_once_sent():
    assert steps(referral(thankyou_status="Sent"), london(6, 3, 15, 0)) == []
    assert steps(referral(thankyou_sent_at="2024-06-03 12:00"), london(6, 3, 15, 0)) == []


def test_first_contact_is_due_24_plain_hours_after_receipt():
    r = referral(thankyou_status="Sent")
    assert steps(r, london(6, 4, 9, 59)) == []
    [step] = due(r, london(6, 4, 10, 0))
    assert (step.step, step.who, step.due_at, step.key) == (
        "first_contact",
        "owner",
        london(6, 4, 10, 0),
        "first_contact",
    )


def test_first_contact_sla_can_be_one_hour():
    r = referral(thankyou_status="Sent")
    policy = CadencePolicy(first_contact_due_hours=1)
    assert steps(r, london(6, 3, 11, 0), policy=policy) == ["first_contact"]


def test_first_contact_stops_after_the_first_touch():
    r = referral(thankyou_status="Sent", touches="1", first_contact_at="2024-06-03 11:00")
    assert "first_contact" not in steps(r, london(6, 4, 10, 0))


def test_due_steps_come_earliest_first():
    assert steps(referral(), london(6, 4, 10, 0)) == ["thank_you", "first_contact"]


# --- working hours of the recipient ------------------------------------------------------------


def test_a_step_due_at_the_weekend_waits_for_monday():
    r = referral(received="2024-06-07 16:00", updated_at="2024-06-07 16:00", thankyou_status="Sent")
    assert steps(r, london(6, 8, 16, 0)) == []  # Saturday: due, but nobody is working
    [step] = due(r, london(6, 10, 9, 0))
    assert (step.step, step.due_at, step.escalate) == ("first_contact", london(6, 8, 16, 0), False)


def test_owner_in_new_york_is_nudged_in_their_own_hours():
    r = referral(thankyou_status="Sent")
    # Due Tuesday 10:00 London = 05:00 in New York: it waits for 09:00 there (14:00 London).
    assert steps(r, london(6, 4, 10, 0), owner=NY) == []
    assert steps(r, london(6, 4, 13, 59), owner=NY) == []
    assert steps(r, datetime(2024, 6, 4, 9, 0, tzinfo=NEW_YORK), owner=NY) == ["first_contact"]


def test_thank_you_owner_and_owner_keep_separate_hours():
    r = referral()
    # Monday 14:00 London: the London thank-you owner is working, the New York owner is too (09:00).
    assert steps(r, london(6, 3, 14, 0), owner=NY, thanks=UK) == ["thank_you"]
    # The thank-you owner in New York: due at 4 of *their* working hours after 10:00 London (05:00 NY).
    assert steps(r, london(6, 3, 14, 0), thanks=NY) == []
    assert steps(r, london(6, 3, 18, 0), thanks=NY) == ["thank_you"]  # 13:00 in New York


def test_holiday_pushes_a_working_day_step_and_blocks_nudges():
    holiday = WorkingCalendar(TZ, HOURS, {date(2024, 6, 5)})
    r = referral(thankyou_status="Sent", touches="1", first_contact_at="2024-06-03 11:00")
    # Three working days after Monday 11:00 skipping Wednesday: Friday 11:00.
    assert steps(r, london(6, 6, 11, 0), owner=holiday) == []
    assert steps(r, london(6, 7, 11, 0), owner=holiday) == ["second_touch"]
    assert steps(r, london(6, 6, 11, 0), owner=UK) == ["second_touch"]
    # A step already due on the holiday itself waits for the next working day.
    first = referral(thankyou_status="Sent", received="2024-06-04 10:00")
    assert steps(first, london(6, 5, 10, 0), owner=holiday) == []
    assert steps(first, london(6, 6, 9, 0), owner=holiday) == ["first_contact"]


# --- touches -----------------------------------------------------------------------------------


def touched(n: int, **cells) -> Referral:
    base = {
        "thankyou_status": "Sent",
        "stage": "Contacted",
        "touches": str(n),
        "first_contact_at": "2024-06-03 11:00",
        "last_touch_at": "2024-06-03 11:00",
        "nudge_state": json.dumps({STAGE_SEEN: "Contacted"}),
    }
    return referral(**{**base, **cells})


def test_second_touch_three_working_days_after_the_first():
    assert steps(touched(1), london(6, 6, 10, 59)) == []
    [step] = due(touched(1), london(6, 6, 11, 0))
    assert (step.step, step.key, step.who) == ("second_touch", "second_touch", "owner")


def test_third_touch_seven_working_days_after_the_first():
    r = touched(2, last_touch_at="2024-06-06 11:00")
    assert steps(r, london(6, 12, 10, 59)) == []
    assert steps(r, london(6, 12, 11, 0)) == ["third_touch"]


def test_close_as_no_response_seven_days_after_the_third_touch():
    r = touched(3, last_touch_at="2024-06-13 15:00")
    assert steps(r, london(6, 20, 14, 59)) == []
    assert steps(r, london(6, 20, 15, 0)) == ["close_no_response"]


def test_no_touch_steps_once_the_lead_replied_or_no_action_is_requested():
    assert (
        steps(
            touched(
                1, stage="In conversation", nudge_state=json.dumps({STAGE_SEEN: "In conversation"})
            ),
            london(6, 10, 12),
        )
        == []
    )
    assert steps(touched(1, followup_status="No further action requested"), london(6, 10, 12)) == []
    assert steps(touched(3, followup_status="No further action requested"), london(7, 1, 12)) == []


def test_a_lead_in_conversation_needs_no_first_contact_nudge():
    r = referral(
        thankyou_status="Sent",
        stage="In conversation",
        nudge_state=json.dumps({STAGE_SEEN: "In conversation"}),
    )
    assert steps(r, london(6, 5, 10, 0)) == []


def test_a_hand_typed_first_contact_counts_as_a_touch():
    r = touched(0)  # Touches left at 0 but First contact at filled in
    assert steps(r, london(6, 6, 11, 0)) == ["second_touch"]


def test_second_touch_without_first_contact_date_uses_last_touch():
    r = touched(1, first_contact_at="", last_touch_at="2024-06-04 11:00")
    assert steps(r, london(6, 6, 11, 0)) == []
    assert steps(r, london(6, 7, 11, 0)) == ["second_touch"]


# --- never twice, escalation -------------------------------------------------------------------


def test_a_restart_repeats_nothing():
    now = london(6, 4, 10, 0)
    r, first = sweep(referral(), now)
    assert [s.step for s in first] == ["thank_you", "first_contact"]
    # Same input again (the bot restarted and re-read the sheet): nothing new.
    assert due(r, now) == []
    assert due(r, london(6, 4, 13, 0)) == []


def test_nudge_state_round_trips_through_the_sheet_text():
    r, _ = sweep(referral(), london(6, 4, 10, 0))
    reread = Referral.from_row(r.to_row())
    assert set(reread.nudges) == {"thank_you", "first_contact"}
    assert due(reread, london(6, 4, 10, 30)) == []


def test_escalates_one_working_day_after_due_once():
    r, _ = sweep(referral(thankyou_status="Sent", received="2024-06-07 16:00"), london(6, 10, 9, 0))
    # Due Saturday 16:00; one working day after the next opening (Mon 09:00) is Tue 09:00.
    assert due(r, london(6, 10, 17, 0)) == []
    [step] = due(r, london(6, 11, 9, 0))
    assert (step.step, step.escalate, step.nudge) == ("first_contact", True, False)
    r, _ = sweep(r, london(6, 11, 9, 0))
    assert ESCALATED + "first_contact" in r.nudges
    assert due(r, london(6, 12, 9, 0)) == []


def test_a_late_first_sweep_nudges_first_and_escalates_a_working_day_after_the_nudge():
    r, [step] = sweep(referral(thankyou_status="Sent"), london(6, 6, 10, 0))  # two days late
    assert (step.nudge, step.escalate) == (True, False)
    assert due(r, london(6, 6, 16, 0)) == []  # the owner gets their working day to act
    assert [s.escalate for s in due(r, london(6, 7, 10, 0))] == [True]


def test_escalation_delay_is_a_setting():
    r, _ = sweep(referral(thankyou_status="Sent"), london(6, 4, 10, 0))
    two = CadencePolicy(escalate_after_working_days=2)
    assert due(r, london(6, 5, 10, 0), policy=two) == []
    assert [s.escalate for s in due(r, london(6, 6, 10, 0), policy=two)] == [True]


# --- snooze ------------------------------------------------------------------------------------


def test_the_owners_snooze_holds_only_the_lead_follow_up():
    r = referral(snoozed_until="2024-06-04 12:00")
    # The thank-you belongs to someone else: it is due on its own clock, snooze or not.
    assert steps(r, london(6, 4, 11, 59)) == ["thank_you"]
    found = due(r, london(6, 4, 12, 0))
    assert [s.step for s in found] == ["thank_you", "first_contact"]
    assert found[1].due_at == london(6, 4, 12, 0)
    assert found[0].due_at == london(6, 3, 14, 0)


def test_a_step_nudged_before_the_snooze_is_nudged_again_after_it():
    r, _ = sweep(referral(thankyou_status="Sent"), london(6, 4, 10, 0))
    r = r.with_changes({"snoozed_until": "2024-06-05 09:30"})
    assert due(r, london(6, 5, 9, 29)) == []
    r, again = sweep(r, london(6, 5, 9, 30))
    assert [(s.step, s.nudge, s.escalate) for s in again] == [("first_contact", True, False)]
    assert due(r, london(6, 5, 9, 45)) == []  # and only once


def test_snooze_moves_the_escalation_too():
    r, _ = sweep(
        referral(thankyou_status="Sent", snoozed_until="2024-06-05 09:30"), london(6, 5, 9, 30)
    )
    assert due(r, london(6, 5, 17, 0)) == []
    assert [s.escalate for s in due(r, london(6, 6, 9, 30))] == [True]


def test_an_escalated_step_is_not_escalated_again_after_a_snooze():
    r, _ = sweep(referral(thankyou_status="Sent"), london(6, 4, 10, 0))  # nudged
    r, _ = sweep(r, london(6, 5, 10, 0))  # escalated a working day later
    assert ESCALATED + "first_contact" in r.nudges
    r = r.with_changes({"snoozed_until": "2024-06-06 09:00"})
    [step] = due(r, london(6, 10, 9, 0))  # long after the snooze: nudged again, not escalated
    assert (step.nudge, step.escalate) == (True, False)


def test_a_snooze_in_the_past_changes_nothing():
    r, _ = sweep(referral(thankyou_status="Sent"), london(6, 4, 10, 0))
    r = r.with_changes({"snoozed_until": "2024-06-01 09:00"})
    assert due(r, london(6, 4, 11, 0)) == []


# --- the referrer hears back -------------------------------------------------------------------


def test_a_stage_change_asks_for_a_referrer_update():
    r = referral(
        stage="Contacted",
        thankyou_status="Sent",
        touches="1",
        first_contact_at="2024-06-03 11:00",
        updated_at="2024-06-03 11:00",
    )
    [step] = due(r, london(6, 3, 11, 5))
    assert (step.step, step.who, step.key) == (
        "referrer_update",
        "thankyou_owner",
        "referrer_update:Contacted",
    )
    told = r.with_changes(
        {"nudge_state": mark_nudged(r.nudges, STAGE_SEEN, london(6, 3, 12), value="Contacted")}
    )
    assert due(told, london(6, 3, 12, 0)) == []


def test_a_new_referral_needs_no_stage_update():
    assert "referrer_update" not in steps(referral(stage=""), london(6, 4, 10, 0))


def test_closed_referrals_only_close_the_loop():
    r = referral(
        stage="Won",
        touches="1",
        updated_at="2024-06-10 10:00",
        nudge_state=json.dumps({STAGE_SEEN: "Contacted"}),
    )
    # The thank-you was never sent and touches are "due", but a closed lead gets only the update.
    assert steps(r, london(6, 10, 10, 0)) == ["referrer_update"]
    told = r.with_changes({"nudge_state": json.dumps({STAGE_SEEN: "Won"})})
    assert due(told, london(7, 30, 10, 0)) == []


def test_closing_with_the_draft_sent_at_once_is_only_escalated_if_not_confirmed():
    # The close service marks the update as nudged when it hands the draft over.
    state = {STAGE_SEEN: "Contacted", "referrer_update:Not a fit": "2024-06-10T09:00:00+00:00"}
    r = referral(stage="Not a fit", updated_at="2024-06-10 10:00", nudge_state=json.dumps(state))
    assert due(r, london(6, 10, 15, 0)) == []
    [step] = due(r, london(6, 11, 10, 0))
    assert (step.step, step.nudge, step.escalate) == ("referrer_update", False, True)


def test_periodic_update_every_30_days_while_open():
    state = json.dumps({STAGE_SEEN: "Contacted", "second_touch": "x", "third_touch": "x"})
    r = touched(2, referrer_last_updated="2024-05-01 10:00", nudge_state=state, stage="Contacted")
    r = r.with_changes({"followup_status": "No further action requested"})
    assert steps(r, london(5, 31, 9, 59)) == []
    [step] = due(r, london(5, 31, 10, 0))
    assert (step.step, step.key) == ("periodic_update", "periodic_update:2024-05-01")
    # Once the referrer has heard back, the next period has its own key and date.
    later = r.with_changes({"referrer_last_updated": "2024-06-03 10:00"})
    assert due(later, london(6, 4, 10, 0)) == []
    assert [s.key for s in due(later, london(7, 3, 10, 0))] == ["periodic_update:2024-06-03"]


def test_periodic_update_falls_back_to_thank_you_then_receipt():
    r = touched(1, received="2024-04-01 10:00", first_contact_at="2024-04-01 11:00")
    r = r.with_changes({"followup_status": "No further action requested"})
    assert [s.key for s in due(r, london(5, 1, 10, 0))] == ["periodic_update:2024-04-01"]
    r = r.with_changes({"thankyou_sent_at": "2024-04-10 09:00"})
    assert due(r, london(5, 1, 10, 0)) == []
    assert [s.key for s in due(r, london(5, 10, 10, 0))] == ["periodic_update:2024-04-10"]


def test_rows_without_dates_have_no_clock():
    assert due(referral(received="", updated_at=""), london(6, 10, 10, 0)) == []


# --- next due, for the sheet -------------------------------------------------------------------


def nxt(r: Referral):
    return next_due(r, UK, UK, POLICY, TZ)


def test_next_due_is_the_lead_follow_up():
    assert nxt(referral()) == NextDue("first_contact", london(6, 4, 10, 0))
    assert nxt(touched(1)) == NextDue("second_touch", london(6, 6, 11, 0))


def test_next_due_stays_while_overdue_and_nudged():
    r, _ = sweep(referral(thankyou_status="Sent"), london(6, 4, 10, 0))
    assert nxt(r) == NextDue("first_contact", london(6, 4, 10, 0))


def test_next_due_follows_a_snooze():
    assert nxt(referral(snoozed_until="2024-06-05 09:00")).due_at == london(6, 5, 9, 0)


def test_next_due_is_none_when_closed_or_waiting_on_nobody():
    assert nxt(referral(stage="Won")) is None
    assert nxt(touched(1, stage="In conversation")) is None


# --- nudge state text --------------------------------------------------------------------------


def test_mark_nudged_returns_new_text_and_keeps_the_rest():
    state = {"thank_you": "2024-06-03T13:00:00+00:00"}
    text = mark_nudged(state, "first_contact", london(6, 4, 10, 0))
    assert json.loads(text) == {
        "thank_you": "2024-06-03T13:00:00+00:00",
        "first_contact": "2024-06-04T09:00:00+00:00",
    }
    assert state == {"thank_you": "2024-06-03T13:00:00+00:00"}  # input untouched
    assert json.loads(mark_nudged({}, STAGE_SEEN, london(6, 4, 10), value="Won")) == {
        STAGE_SEEN: "Won"
    }
    assert json.loads(mark_escalated({}, "thank_you", datetime(2024, 6, 4, tzinfo=UTC))) == {
        "escalated:thank_you": "2024-06-04T00:00:00+00:00"
    }


def test_unreadable_nudge_time_counts_as_nudged_even_with_a_snooze():
    r = referral(
        thankyou_status="Sent",
        snoozed_until="2024-06-05 09:00",
        nudge_state=json.dumps({"first_contact": "yes"}),
    )
    assert all(not s.nudge for s in due(r, london(6, 5, 9, 30)))
