from __future__ import annotations

from services_helpers import ANA, SAM, YOU, submission

from bot.domain import referral as R
from bot.domain.conflicts import claim_key
from bot.domain.duplicates import open_conflict
from bot.errors import PermissionDeniedError


def test_logged_referral_is_routed_drafted_and_written_once(desk, log, notifier):
    outcome = desk.refer(submission(), YOU)

    assert outcome.status == "logged"
    row = log.referrals[0]
    assert row.id == "R-0001"
    assert (row.owner, row.owner_slack_id) == ("Sam Lee", "USAM")  # payroll matches Sam's tags
    assert row.stage == R.NEW
    assert row.thankyou_owner_slack_id == "UMAX"  # whoever logged it thanks the referrer
    assert row.attribution_confidence == R.CONFIDENCE_HIGH  # named, email, email intro
    assert row.next_step == "First contact"
    assert row.next_followup_due == "2026-11-24 10:00"  # 24 hours after receipt, London time
    assert [a.what for a in log.activity] == ["Logged", "Assigned", "Draft made"]
    assert {a.referral_id for a in log.activity} == {"R-0001"}
    assert log.writes == 1
    owner_dm = notifier.of("owner_assigned")[0]
    assert owner_dm[2] == "USAM"
    assert "Alex" in owner_dm[3].body  # the first-contact draft mentions the referrer
    thanks = notifier.of("thankyou_assigned")[0]
    assert thanks[2] == "UMAX" and thanks[3].to == "alex@client.com"


def test_a_capture_asks_slack_for_no_time_zone_the_team_tab_has(desk, log, notifier):
    desk.refer(submission(), YOU)  # Sam owns it; both have a zone on the Team tab
    assert log.referrals[0].next_followup_due == "2026-11-24 10:00"
    assert notifier.asked_tz == []


def test_invalid_input_writes_nothing_and_says_what_to_fix(desk, log):
    outcome = desk.refer(submission(lead_email="not-an-email", referred_by=""), YOU)

    assert outcome.status == "invalid"
    assert set(outcome.errors) >= {"lead_email", "referred_by"}
    assert log.referrals == [] and log.activity == []


def test_same_submission_twice_makes_one_row(desk, log):
    first = desk.refer(submission(idempotency_key="V123"), YOU)
    second = desk.refer(submission(idempotency_key="V123"), YOU)

    assert first == second
    assert len(log.referrals) == 1


def test_chosen_owner_wins(desk, log):
    desk.refer(submission(owner_id="UPRI"), YOU)

    assert log.referrals[0].owner_slack_id == "UPRI"


def test_high_value_goes_to_coordinators(desk, log, notifier):
    outcome = desk.refer(submission(est_value="50000"), YOU)

    assert outcome.to_coordinators and outcome.owner is None
    assert log.referrals[0].owner_slack_id == ""
    assert notifier.kinds()[:1] == ["needs_owner"]


def test_same_lead_same_referrer_is_merged_with_a_note(desk, log, notifier):
    desk.refer(submission(), YOU)
    outcome = desk.refer(submission(context="met again at the conference"), SAM)

    assert outcome.status == "merged" and outcome.referral.id == "R-0001"
    assert len(log.referrals) == 1
    assert log.activity[-1].what == "Duplicate merged"
    assert "conflict_flagged" not in notifier.kinds()


def test_different_referrer_raises_a_conflict_only_coordinators_decide(desk, log, notifier):
    desk.refer(submission(), YOU)
    outcome = desk.refer(submission(referred_by="Bea Tran", referrer_email="bea@partner.com"), SAM)

    assert outcome.status == "conflict"
    row = log.referrals[0]
    assert row.attribution_confidence == R.CONFIDENCE_DISPUTED
    assert "Also referred by Bea Tran <bea@partner.com>" in row.conflict
    assert notifier.of("conflict_flagged")[0][1:3] == ("R-0001", "Bea Tran")

    try:
        desk.resolve_conflict("R-0001", SAM, claim_key("Bea Tran", "bea@partner.com"))
        raise AssertionError("an owner must not decide a conflict")
    except PermissionDeniedError:
        pass
    assert log.referrals[0].referred_by == "Alex Kim"

    decided = desk.resolve_conflict("R-0001", ANA, claim_key("Bea Tran", "bea@partner.com"))
    assert decided.referred_by == "Bea Tran"
    assert log.referrals[0].referrer_email == "bea@partner.com"
    assert not open_conflict(log.referrals[0])
    assert "Resolved" in log.referrals[0].conflict.rsplit("; ", 1)[-1]
    assert log.referrals[0].attribution_confidence != R.CONFIDENCE_DISPUTED
    assert log.activity[-1].what == "Conflict resolved"


def test_possible_duplicate_asks_then_logs_when_confirmed(desk, log):
    desk.refer(submission(), YOU)
    similar = submission(lead_name="Jane Do", company="", lead_email="jd@gmail.com")

    asked = desk.refer(similar, YOU)
    assert asked.status == "needs_confirmation" and asked.referral.id == "R-0001"
    assert len(log.referrals) == 1

    confirmed = desk.refer(
        submission(
            lead_name="Jane Do", company="", lead_email="jd@gmail.com", confirmed_new_lead=True
        ),
        YOU,
    )
    assert confirmed.status == "logged" and len(log.referrals) == 2


def test_formula_looking_text_is_kept_as_typed(desk, log):
    desk.refer(submission(context='=HYPERLINK("http://evil")', lead_name="@Jane Doe"), YOU)

    assert log.referrals[0].context == '=HYPERLINK("http://evil")'


def test_parse_refer_text_complete_and_incomplete(desk):
    complete = desk.parse_refer_text("Jane Doe <jane@acme.com> from Alex Kim: needs payroll help")
    assert complete.fields["lead_email"] == "jane@acme.com"
    assert complete.fields["referred_by"] == "Alex Kim"

    partial = desk.parse_refer_text("Jane Doe: needs payroll help")
    assert isinstance(partial, dict)
    assert "referred_by" in partial["_missing"]
    assert partial["lead_name"] == "Jane Doe"
