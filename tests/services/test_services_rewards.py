"""The reward flow through the desk over the in-memory log: each step writes the row and one
Activity together, refuses with a plain reason, and the thank-you names the reward only once
Approved."""

from __future__ import annotations

import pytest
from services_helpers import ANA, SAM, TEAM, YOU, Clock, RecordingNotifier, submission

from bot.config import load_settings
from bot.domain import referral as R
from bot.domain.referral import TeamMember
from bot.drafts import Drafts
from bot.errors import PermissionDeniedError, ValidationError
from bot.log.base import MemoryLog
from bot.services.context import ServiceContext
from bot.services.desk import ReferralDesk
from bot.services.types import Actor

BEA = Actor("UBEA", "bea")
SECOND_COORDINATOR = TeamMember(
    "Bea Second", "UBEA", "bea@firm.test", "Coordinator", "", "", "0", "No", "Europe/London", ""
)


@pytest.fixture
def log() -> MemoryLog:
    return MemoryLog(team=(*TEAM, SECOND_COORDINATOR))


@pytest.fixture
def settings():
    env = {
        "FIRM_TIMEZONE": "Europe/London",
        "DEFAULT_PHONE_REGION": "GB",
        "REWARD_POLICY": "fee",
        "REWARD_FEE_PERCENT": "5",
        "REWARD_SECOND_APPROVER_ABOVE": "500",
    }
    return load_settings(env=env, dotenv=None)


@pytest.fixture
def desk(log, notifier, settings, clock) -> ReferralDesk:
    drafts = Drafts(settings.firm_name, None, settings.firm_timezone)
    ctx = ServiceContext(log, drafts, settings, notifier, now=clock.now, later=lambda t: t())
    return ReferralDesk(ctx)


@pytest.fixture
def won(desk, log, clock: Clock, notifier: RecordingNotifier):
    desk.refer(submission(est_value="8000"), YOU)  # Sam owns it; Max (YOU) logged it
    clock.advance(days=10)
    desk.close("R-0001", SAM, R.WON, won_value="6,000")
    return log.referrals[0]


def test_won_starts_the_review_in_the_same_write_as_the_close(won, log, notifier):
    assert (won.reward_state, won.reward_amount, won.won_value) == (
        R.REWARD_PENDING,
        "300",  # 5% of the won value, not of Est. value
        "6000",
    )
    assert [a.what for a in log.activity[-2:]] == ["Status change", "Reward change"]
    assert not notifier.of("reward_review")  # no post of its own: in the morning review


def test_the_reward_is_one_item_of_the_next_morning_review_until_decided(
    desk, won, clock, notifier
):
    clock.advance(days=1)  # the next working morning
    desk.sweep()
    desk.sweep()
    [post] = notifier.of("morning_review")
    rewards = [line for line in post[2] if line.is_reward]
    assert [line.item for line in rewards] == ["R-0001|reward"]
    assert rewards[0].referral.reward_state == R.REWARD_PENDING


def test_a_won_value_that_is_not_an_amount_writes_nothing(desk, log):
    desk.refer(submission(), YOU)
    writes = log.writes
    with pytest.raises(ValidationError, match="not an amount"):
        desk.close("R-0001", SAM, R.WON, won_value="lots")
    assert (log.referrals[0].stage, log.writes) == (R.NEW, writes)


def test_approve_sends_the_thank_you_that_names_the_reward(desk, won, log, notifier):
    done = desk.approve_reward("R-0001", ANA)
    assert done.referral.reward_state == log.referrals[0].reward_state == R.REWARD_APPROVED
    assert log.activity[-1].what == "Reward change" and "approved" in log.activity[-1].details
    (_, rid, user, draft) = notifier.of("draft_ready")[-1]
    assert (rid, user, draft.name) == ("R-0001", "UMAX", "thank_you")
    assert "referral reward of 300" in draft.body


def test_no_thank_you_names_a_reward_before_approval(desk, won, notifier):
    drafts = [s[-1] for s in notifier.sent if s[0] in ("draft_ready", "thankyou_assigned")]
    assert drafts and not any("reward" in d.body.casefold() for d in drafts)


def test_a_member_cannot_approve_and_nothing_is_written(desk, won, log):
    writes = log.writes
    with pytest.raises(PermissionDeniedError, match="coordinators"):
        desk.approve_reward("R-0001", SAM)
    assert (log.referrals[0].reward_state, log.writes) == (R.REWARD_PENDING, writes)


def test_the_person_who_logged_it_cannot_approve(desk, log, clock, notifier):
    desk.refer(submission(), ANA)  # Ana, a coordinator, logged it
    desk.close("R-0001", SAM, R.WON, won_value="4000")
    with pytest.raises(ValidationError, match="another coordinator"):
        desk.approve_reward("R-0001", ANA)
    assert desk.approve_reward("R-0001", BEA).referral.reward_state == R.REWARD_APPROVED


def test_above_the_threshold_a_second_coordinator_approves(desk, won, log, notifier):
    desk.change_reward_amount("R-0001", ANA, "£750")
    first = desk.approve_reward("R-0001", ANA)
    assert first.referral.reward_state == R.REWARD_AWAITING_APPROVAL and "second" in first.note
    assert not notifier.of("draft_ready")[1:]  # the close-the-loop only: no thank-you yet
    with pytest.raises(ValidationError, match="different coordinator"):
        desk.approve_reward("R-0001", ANA)
    assert desk.approve_reward("R-0001", BEA).referral.reward_state == R.REWARD_APPROVED
    assert notifier.of("draft_ready")[-1][3].name == "thank_you"


def test_a_disputed_referral_cannot_be_approved(desk, won, log):
    log.referrals[0] = won.with_changes({"attribution_confidence": R.CONFIDENCE_DISPUTED})
    with pytest.raises(ValidationError, match="disputed"):
        desk.approve_reward("R-0001", ANA)
    assert log.referrals[0].reward_state == R.REWARD_PENDING


def test_decline_with_a_reason_then_nothing_more(desk, won, log):
    with pytest.raises(ValidationError, match="why"):
        desk.decline_reward("R-0001", ANA, "")
    desk.decline_reward("R-0001", ANA, "already a client")
    assert log.referrals[0].reward_state == R.REWARD_DECLINED
    assert log.activity[-1].details == "reward declined: already a client"
    with pytest.raises(ValidationError):
        desk.mark_reward_paid("R-0001", ANA)


def test_mark_paid_keeps_the_date(desk, won, log, clock):
    desk.approve_reward("R-0001", ANA)
    clock.advance(days=3)
    desk.mark_reward_paid("R-0001", BEA)
    assert (log.referrals[0].reward_state, log.referrals[0].reward_paid_at) == (
        R.REWARD_PAID,
        "2026-12-06 10:00",
    )


def test_the_queue_lists_awaiting_unpaid_and_disputes(desk, won, log):
    assert [r.id for r in desk.reward_queue().awaiting] == ["R-0001"]
    desk.approve_reward("R-0001", ANA)
    queue = desk.reward_queue()
    assert (queue.awaiting, [r.id for r in queue.unpaid]) == ([], ["R-0001"])
    assert desk.home(ANA).rewards.unpaid and not desk.home(SAM).rewards.unpaid


STATES = (
    "",
    R.REWARD_NOT_APPLICABLE,
    R.REWARD_PENDING,
    R.REWARD_AWAITING_APPROVAL,
    R.REWARD_APPROVED,
    R.REWARD_PAID,
    R.REWARD_DECLINED,
)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("confidence", ["High", "Low", R.CONFIDENCE_DISPUTED])
def test_drafts_the_desk_makes_name_a_reward_only_when_approved(desk, won, state, confidence):
    referral = won.with_changes(
        {"reward_state": state, "reward_amount": "300", "attribution_confidence": confidence}
    )
    for name in desk.ctx.drafts.names():  # every template, the firm's own included
        draft = desk.ctx.draft(name, referral, reason="budget")
        names_it = "reward" in f"{draft.subject}\n{draft.body}".casefold()
        if name == "thank_you" and state == R.REWARD_APPROVED and confidence != "Disputed":
            assert names_it and "300" in draft.body
        else:
            assert not names_it, (name, state)


def test_a_comma_decimal_firm_types_won_values_and_amounts_its_own_way(log, notifier, clock):
    env = {
        "FIRM_TIMEZONE": "Europe/Berlin",
        "DEFAULT_PHONE_REGION": "DE",  # Germany writes 6.000,50: a lone "." groups thousands
        "REWARD_POLICY": "fee",
        "REWARD_FEE_PERCENT": "5",
        "REWARD_SECOND_APPROVER_ABOVE": "500",
    }
    settings = load_settings(env=env, dotenv=None)
    drafts = Drafts(settings.firm_name, None, settings.firm_timezone)
    ctx = ServiceContext(log, drafts, settings, notifier, now=clock.now, later=lambda t: t())
    desk = ReferralDesk(ctx)
    desk.refer(submission(), YOU)
    clock.advance(days=10)

    desk.close("R-0001", SAM, R.WON, won_value="6.000")
    assert (log.referrals[0].won_value, log.referrals[0].reward_amount) == ("6000", "300")
    desk.change_reward_amount("R-0001", ANA, "250,50")
    assert log.referrals[0].reward_amount == "250.50"
