import pytest

from bot.config import Settings
from bot.domain.referral import Referral, TeamMember
from bot.domain.rewards import (
    RewardPolicy,
    can_approve,
    can_mark_paid,
    initial_reward_state,
    reward_mentionable,
)

COORD = TeamMember(name="Cleo", slack_user_id="U_CLEO", role="Coordinator")
ADMIN = TeamMember(name="Ada", slack_user_id="U_ADA", role="Admin")
OWNER = TeamMember(name="Olly", slack_user_id="U_OLLY", role="Owner")
FEE = RewardPolicy("fee", gift_cap=50, second_approver_above=500)
GIFT = RewardPolicy("gift", gift_cap=50, second_approver_above=500)
WON = Referral(
    id="R-0001", stage="Won", attribution_confidence="High", reward_state="Awaiting approval"
)


def test_initial_state_follows_the_policy():
    assert initial_reward_state(RewardPolicy("none")) == "Not applicable"
    assert initial_reward_state(GIFT) == "Pending eligibility"
    assert initial_reward_state(FEE) == "Pending eligibility"


def test_policy_from_settings():
    settings = Settings({"REWARD_POLICY": "gift", "REWARD_GIFT_CAP": 25.0})
    assert RewardPolicy.from_settings(settings) == RewardPolicy("gift", 25.0, 500.0)


@pytest.mark.parametrize("approver", [COORD, ADMIN])
def test_coordinators_and_admins_approve(approver):
    assert can_approve(WON, approver, FEE, 200, None) == (True, "Approved.")


def test_owners_cannot_approve():
    ok, why = can_approve(WON, OWNER, FEE, 200, None)
    assert not ok and "coordinators" in why


def test_disputed_attribution_blocks_approval():
    ok, why = can_approve(Referral(attribution_confidence="Disputed"), COORD, FEE, 10, None)
    assert not ok and "disputed" in why


def test_no_policy_means_no_approvals():
    ok, why = can_approve(WON, COORD, RewardPolicy("none"), 10, None)
    assert not ok and "none" in why


def test_gift_is_capped():
    assert can_approve(WON, COORD, GIFT, 50, None)[0]
    ok, why = can_approve(WON, COORD, GIFT, 50.01, None)
    assert not ok and "50.00" in why


@pytest.mark.parametrize("amount", [0, -5, float("nan"), float("inf")])
def test_amount_must_be_positive_and_finite(amount):
    assert not can_approve(WON, COORD, FEE, amount, None)[0]


def test_already_paid_cannot_be_approved_again():
    assert not can_approve(Referral(reward_state="Paid"), COORD, FEE, 10, None)[0]


def test_above_the_threshold_needs_a_second_different_approver():
    ok, why = can_approve(WON, COORD, FEE, 501, None)
    assert ok and "second" in why  # the first approval is recorded, not final
    ok, why = can_approve(WON, COORD, FEE, 501, "U_CLEO")
    assert not ok and "different" in why
    assert can_approve(WON, ADMIN, FEE, 501, "U_CLEO") == (True, "Approved by two coordinators.")


def test_at_the_threshold_one_approver_is_enough():
    assert not FEE.needs_second_approver(500)
    assert can_approve(WON, COORD, FEE, 500, None) == (True, "Approved.")


def test_only_approved_undisputed_rewards_are_mentionable():
    assert reward_mentionable(Referral(reward_state="Approved"))
    for state in (
        "",
        "Not applicable",
        "Pending eligibility",
        "Awaiting approval",
        "Paid",
        "Declined",
    ):
        assert not reward_mentionable(Referral(reward_state=state)), state
    assert not reward_mentionable(
        Referral(reward_state="Approved", attribution_confidence="Disputed")
    )


def test_mark_paid_needs_approval_and_no_dispute():
    assert can_mark_paid(Referral(reward_state="Approved"))[0]
    assert not can_mark_paid(Referral(reward_state="Awaiting approval"))[0]
    assert not can_mark_paid(Referral(reward_state="Approved", attribution_confidence="Disputed"))[
        0
    ]
