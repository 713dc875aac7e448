"""Claims for a missed referral through the desk: a claim joins the conflict queue as its own
claim, within the window, and a decision for the claimant moves the credit and the reward."""

from __future__ import annotations

from datetime import date

import pytest
from services_helpers import ANA, SAM, TEAM, YOU, Clock, RecordingNotifier, submission

from bot.config import load_settings
from bot.domain import referral as R
from bot.domain.conflicts import claim_key
from bot.domain.duplicates import conflict_claims, open_conflict
from bot.domain.referral import TeamMember
from bot.drafts import Drafts
from bot.errors import ValidationError
from bot.log.base import MemoryLog
from bot.services.context import ServiceContext
from bot.services.desk import ReferralDesk
from bot.services.types import Actor

BEA = Actor("UBEA", "bea")
SECOND = TeamMember("Bea Second", "UBEA", "bea@firm.test", "Coordinator", "", "", "0", "No", "", "")
MARCH = date(2026, 11, 2)


@pytest.fixture
def log() -> MemoryLog:
    return MemoryLog(team=(*TEAM, SECOND))


@pytest.fixture
def settings():
    env = {"FIRM_TIMEZONE": "Europe/London", "REWARD_POLICY": "fee", "REWARD_FEE_PERCENT": "5"}
    return load_settings(env=env, dotenv=None)


@pytest.fixture
def desk(log, notifier, settings, clock) -> ReferralDesk:
    drafts = Drafts(settings.firm_name, None, settings.firm_timezone)
    ctx = ServiceContext(log, drafts, settings, notifier, now=clock.now, later=lambda t: t())
    return ReferralDesk(ctx)


@pytest.fixture
def logged(desk, log):
    desk.refer(submission(), YOU)  # Alex Kim credited; Max (YOU) logged it and thanks
    return log.referrals[0]


def claim(desk, **changes):
    values = {
        "referrer": "Pat Lee",
        "email": "pat@partner.com",
        "introduced_on": MARCH,
        "evidence": "https://firm.slack.com/archives/C1/p123; she wrote to us first",
    }
    values.update(changes)
    return desk.claim("R-0001", SAM, **values)


def test_a_claim_joins_the_conflict_queue_as_its_own_claim(desk, logged, log, notifier):
    claimed = claim(desk)
    assert claimed.attribution_confidence == R.CONFIDENCE_DISPUTED and open_conflict(claimed)
    ((name, email, when),) = conflict_claims(claimed.conflict)
    assert (name, email, when) == ("Pat Lee", "pat@partner.com", "2026-11-02")
    assert "evidence: https://firm.slack.com/archives/C1/p123, she wrote" in claimed.conflict
    assert (
        log.activity[-1].what == "Claim filed" and "claimed by Sam Lee" in log.activity[-1].details
    )
    assert notifier.of("conflict_flagged")[-1][1:] == ("R-0001", "Pat Lee", "USAM")


def test_a_second_claim_is_one_more_claim_beside_the_first(desk, logged):
    claim(desk)
    claimed = claim(desk, referrer="Lee Chan", email="")
    assert [c[0] for c in conflict_claims(claimed.conflict)] == ["Pat Lee", "Lee Chan"]


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"referrer": " "}, "referrer", "who referred"),
        ({"referrer": "alex kim"}, "referrer", "already named"),
        ({"email": "pat at partner"}, "email", "not an email"),
        ({"introduced_on": None}, "when", "date"),
        ({"introduced_on": date(2027, 1, 1)}, "when", "future"),
        ({"evidence": ""}, "evidence", "evidence"),
    ],
)
def test_a_claim_that_cannot_be_heard_says_what_to_fix_and_writes_nothing(
    desk, logged, log, changes, field, says
):
    writes = log.writes
    with pytest.raises(ValidationError) as refused:
        claim(desk, **changes)
    assert says in refused.value.errors[field]
    assert (log.writes, log.referrals[0].conflict) == (writes, "")


def test_claims_close_after_the_window(desk, logged, clock: Clock):
    clock.advance(days=61)
    with pytest.raises(ValidationError, match="CLAIM_WINDOW_DAYS"):
        claim(desk)


def test_deciding_for_the_claimant_moves_the_credit_and_the_reward(
    desk, logged, log, notifier: RecordingNotifier
):
    desk.close("R-0001", SAM, R.WON, won_value="6000")
    desk.change_reward_amount("R-0001", ANA, "200")
    desk.approve_reward("R-0001", ANA)  # approved for Alex Kim
    claim(desk)
    with pytest.raises(ValidationError, match="disputed"):
        desk.mark_reward_paid("R-0001", ANA)  # frozen while the claim is open

    decided = desk.resolve_conflict("R-0001", BEA, claim_key("Pat Lee", "pat@partner.com"))

    assert (decided.referred_by, decided.referrer_email) == ("Pat Lee", "pat@partner.com")
    assert decided.reward_state == R.REWARD_PENDING  # Alex's approval does not carry over
    assert [a.what for a in log.activity[-2:]] == ["Conflict resolved", "Reward change"]
    outcome = notifier.of("draft_ready")[-1]
    assert (outcome[2], outcome[3].name, outcome[3].to) == (
        "UMAX",
        "claim_outcome",
        "pat@partner.com",
    )
    assert "recorded the introduction as yours" in outcome[3].body
    assert "reward" not in outcome[3].body.casefold()

    desk.approve_reward("R-0001", ANA)
    thanks = notifier.of("draft_ready")[-1][3]
    assert (thanks.name, thanks.to) == ("thank_you", "pat@partner.com")
    assert "Hi Pat" in thanks.body and "referral reward of 200" in thanks.body


def test_keeping_the_first_referrer_tells_the_claimant_and_keeps_the_reward(
    desk, logged, log, notifier
):
    desk.close("R-0001", SAM, R.WON, won_value="6000")
    claim(desk)
    decided = desk.resolve_conflict("R-0001", ANA, claim_key("Alex Kim", "alex@client.com"))
    assert decided.referred_by == "Alex Kim" and decided.reward_state == R.REWARD_PENDING
    outcome = notifier.of("draft_ready")[-1][3]
    assert outcome.name == "claim_outcome" and "someone else introduced them" in outcome.body
    assert desk.approve_reward("R-0001", ANA).referral.reward_state == R.REWARD_APPROVED
