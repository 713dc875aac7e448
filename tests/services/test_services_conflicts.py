"""Deciding a conflict through the desk: every claim (the first referrer, each duplicate
submitter, each /refer claim) is its own claim, and a decision credits exactly the one chosen."""

from __future__ import annotations

from datetime import date

import pytest
from services_helpers import ANA, PRIYA, SAM, YOU, submission

from bot.domain import referral as R
from bot.domain.conflicts import claim_key, open_claims
from bot.domain.duplicates import open_conflict
from bot.services.conflicts import StaleConflictCard
from bot.services.desk import ReferralDesk

ALEX = claim_key("Alex Kim", "alex@client.com")
BEA = claim_key("Bea Tran", "bea@partner.com")
CHRIS = claim_key("Chris Park", "chris@partner.com")
PAT = claim_key("Pat Lee", "pat@partner.com")


def three_claims(desk: ReferralDesk, clock) -> None:
    """Alex Kim refers Jane; Bea Tran and then Chris Park refer her again; Pat Lee claims her."""
    desk.refer(submission(), YOU)
    clock.advance(hours=2)
    desk.refer(submission(referred_by="Bea Tran", referrer_email="bea@partner.com"), SAM)
    clock.advance(hours=3)
    desk.refer(submission(referred_by="Chris Park", referrer_email="chris@partner.com"), PRIYA)
    clock.advance(days=1)
    desk.claim("R-0001", SAM, "Pat Lee", "pat@partner.com", date(2026, 11, 20), "email of 20 Nov")


def test_every_claim_is_its_own_claim_with_its_time_and_evidence(desk, log, clock):
    three_claims(desk, clock)
    claims = open_claims(log.referrals[0])
    assert [(c.name, c.key, c.standing) for c in claims] == [
        ("Alex Kim", ALEX, True),
        ("Bea Tran", BEA, False),
        ("Chris Park", CHRIS, False),
        ("Pat Lee", PAT, False),
    ]
    bea, chris, pat = claims[1:]
    assert (bea.when, bea.source) == ("2026-11-23 12:00", "logged by Sam Lee via Modal")
    assert (chris.when, chris.evidence) == ("2026-11-23 15:00", "Email intro")
    assert (pat.when, pat.evidence) == ("2026-11-20", "email of 20 Nov")
    assert pat.source == "claimed by Sam Lee on 2026-11-24 15:00"


def test_pressing_the_second_claim_credits_the_second_not_the_last(desk, log, clock, notifier):
    three_claims(desk, clock)
    decided = desk.resolve_conflict("R-0001", ANA, BEA)

    row = log.referrals[0]
    assert (row.referred_by, row.referrer_email) == ("Bea Tran", "bea@partner.com")
    assert decided == row and not open_conflict(row)
    assert row.attribution_confidence != R.CONFIDENCE_DISPUTED
    assert row.conflict.endswith(f"credit to Bea Tran <bea@partner.com> (was Alex Kim) [{BEA}]")
    assert "Also referred by Chris Park" in row.conflict  # the claims stay readable
    resolved = log.activity[-1]
    assert (resolved.what, resolved.who) == ("Conflict resolved", "Ana Ruiz")
    assert resolved.details == "credit to Bea Tran (logged by Sam Lee via Modal), not Alex Kim"
    outcomes = {d.to: d.body for _, _, _, d in notifier.of("draft_ready")}
    assert "recorded the introduction as yours" in outcomes["bea@partner.com"]
    assert "someone else introduced them" in outcomes["chris@partner.com"]
    assert "someone else introduced them" in outcomes["pat@partner.com"]


def test_keeping_the_first_referrer_is_a_decision_like_any_other(desk, log, clock):
    three_claims(desk, clock)
    desk.resolve_conflict("R-0001", ANA, ALEX)
    row = log.referrals[0]
    assert row.referred_by == "Alex Kim" and not open_conflict(row)
    assert log.activity[-1].details == "credit stays with Alex Kim"


def test_a_decided_conflict_cannot_be_decided_twice(desk, log, clock):
    three_claims(desk, clock)
    desk.resolve_conflict("R-0001", ANA, BEA)
    writes = log.writes
    with pytest.raises(StaleConflictCard, match="already decided") as stale:
        desk.resolve_conflict("R-0001", ANA, CHRIS)  # a second card, pressed later
    assert stale.value.referral.referred_by == "Bea Tran"
    assert (log.writes, log.referrals[0].referred_by) == (writes, "Bea Tran")


def test_a_claim_no_longer_on_the_referral_is_refused_and_writes_nothing(desk, log, clock):
    three_claims(desk, clock)
    log.referrals[0] = log.referrals[0].with_changes({"referred_by": "Alexander Kim"})
    writes = log.writes
    with pytest.raises(StaleConflictCard, match="pick again"):
        desk.resolve_conflict("R-0001", ANA, ALEX)  # the first referrer as the card showed him
    assert log.writes == writes and open_conflict(log.referrals[0])


def test_a_new_claim_after_a_decision_opens_a_new_round(desk, log, clock):
    three_claims(desk, clock)
    desk.resolve_conflict("R-0001", ANA, BEA)
    desk.claim("R-0001", YOU, "Dee Moss", "", date(2026, 11, 21), "told Sam at lunch")
    row = log.referrals[0]
    assert open_conflict(row)
    assert [c.name for c in open_claims(row)] == ["Bea Tran", "Dee Moss"]


def test_a_conflict_cell_written_the_old_way_still_reads_and_decides(desk, log, clock):
    desk.refer(submission(), YOU)
    old = "Also referred by Sam Lee <sam@x.com> on 2026-11-01 09:00; Also referred by Bo on 2026-11-02"
    log.referrals[0] = log.referrals[0].with_changes({"conflict": old})
    assert [c.name for c in open_claims(log.referrals[0])] == ["Alex Kim", "Sam Lee", "Bo"]
    desk.resolve_conflict("R-0001", ANA, claim_key("Sam Lee", "sam@x.com"))
    assert log.referrals[0].referred_by == "Sam Lee"


def test_a_decision_written_the_old_way_is_a_closed_conflict(desk, log):
    desk.refer(submission(), YOU)
    old = "Resolved 2026-11-01 09:00 by Ana Ruiz: credit to Alex Kim"
    log.referrals[0] = log.referrals[0].with_changes({"conflict": old})
    with pytest.raises(StaleConflictCard, match="already decided"):
        desk.resolve_conflict("R-0001", ANA, ALEX)
