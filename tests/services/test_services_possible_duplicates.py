"""A possible duplicate (a similar name only) the submitter answers about: "same person" is
recorded on the existing record as the rules say — a merge note for the same referrer, a conflict
for another — with its Activity, never dropped; "someone else" logs a new record."""

from __future__ import annotations

from services_helpers import SAM, YOU, submission

from bot.domain import referral as R
from bot.domain.conflicts import open_claims
from bot.domain.duplicates import open_conflict

SIMILAR = {"lead_name": "Jane Do", "company": "", "lead_email": "jd@gmail.com"}


def asked(desk, **changes):
    desk.refer(submission(), YOU)  # R-0001, Jane Doe at Acme, from Alex Kim
    outcome = desk.refer(submission(**SIMILAR, **changes), SAM)
    assert outcome.status == "needs_confirmation" and outcome.referral.id == "R-0001"
    return outcome


def test_same_person_from_the_same_referrer_is_a_merge_note(desk, log, notifier):
    asked(desk)
    outcome = desk.refer(submission(**SIMILAR, same_lead_as="R-0001"), SAM)
    assert outcome.status == "merged" and outcome.referral.id == "R-0001"
    assert len(log.referrals) == 1
    assert log.activity[-1].what == "Duplicate merged"
    assert "Referred again by Alex Kim" in log.activity[-1].details
    assert "conflict_flagged" not in notifier.kinds()


def test_same_person_from_another_referrer_is_a_conflict_with_the_new_claim(desk, log, notifier):
    bea = {"referred_by": "Bea Tran", "referrer_email": "bea@partner.com"}
    asked(desk, **bea)
    outcome = desk.refer(submission(**SIMILAR, **bea, same_lead_as="R-0001"), SAM)
    assert outcome.status == "conflict" and len(log.referrals) == 1
    row = log.referrals[0]
    assert open_conflict(row) and row.attribution_confidence == R.CONFIDENCE_DISPUTED
    assert [c.name for c in open_claims(row)] == ["Alex Kim", "Bea Tran"]
    assert row.referred_by == "Alex Kim"  # the first keeps the credit until a decision
    assert log.activity[-1].what == "Conflict flagged"
    assert notifier.of("conflict_flagged")[-1][1:3] == ("R-0001", "Bea Tran")


def test_someone_else_logs_a_new_record(desk, log):
    asked(desk)
    outcome = desk.refer(submission(**SIMILAR, confirmed_new_lead=True), SAM)
    assert outcome.status == "logged" and outcome.referral.id == "R-0002"
    assert log.referrals[0].conflict == ""


def test_an_answer_about_another_record_is_asked_again(desk, log):
    asked(desk)
    outcome = desk.refer(submission(**SIMILAR, same_lead_as="R-0099"), SAM)
    assert outcome.status == "needs_confirmation" and outcome.referral.id == "R-0001"
    assert len(log.referrals) == 1 and log.referrals[0].conflict == ""
