from dataclasses import replace

import pytest

from bot.config import Settings
from bot.domain.referral import Referral, TeamMember
from bot.domain.rewards import (
    RewardPolicy,
    RewardRefused,
    RewardReview,
    approve,
    can_approve,
    can_mark_paid,
    change_amount,
    confirm_attribution,
    decline,
    initial_reward_state,
    mark_paid,
    on_won,
    parse_money,
    proposed_amount,
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


def test_a_new_referral_has_no_reward_to_review_under_any_policy():
    # Only a Won referral becomes Pending eligibility (DESIGN "Reward flow").
    for policy in (RewardPolicy("none"), GIFT, FEE):
        assert initial_reward_state(policy) == "Not applicable"


def test_policy_from_settings():
    settings = Settings({"REWARD_POLICY": "gift", "REWARD_GIFT_CAP": 25.0})
    assert RewardPolicy.from_settings(settings) == RewardPolicy("gift", 25.0, 500.0)


@pytest.mark.parametrize("approver", [COORD, ADMIN])
def test_coordinators_and_admins_approve(approver):
    assert can_approve(WON, approver, FEE, 200, None) == (True, "Approved.")


def test_owners_cannot_approve():
    ok, why = can_approve(WON, OWNER, FEE, 200, None)
    assert not ok and "coordinators" in why.casefold()


def test_disputed_attribution_blocks_approval():
    ok, why = can_approve(Referral(attribution_confidence="Disputed"), COORD, FEE, 10, None)
    assert not ok and "disputed" in why


def test_no_policy_means_no_approvals():
    ok, why = can_approve(WON, COORD, RewardPolicy("none"), 10, None)
    assert not ok and "none" in why


def test_gift_is_capped_and_the_refusal_names_the_rule():
    assert can_approve(WON, COORD, GIFT, 50, None)[0]
    ok, why = can_approve(WON, COORD, GIFT, 50.01, None)
    assert not ok and "nominal-gift cap of 50.00 (REWARD_GIFT_CAP)" in why


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


# --- the flow, step by step -----------------------------------------------------------------

STAMP = "2026-03-09 10:00"
BOB = TeamMember(name="Bob", slack_user_id="U_BOB", role="Coordinator", email="bob@firm.test")
REVIEWED = Referral(
    id="R-0007",
    stage="Won",
    referred_by="Alex Kim",
    referrer_email="alex@client.com",
    logged_by="Max Member",
    logged_by_slack_id="U_MAX",
    attribution_confidence="High",
    reward_state="Pending eligibility",
    reward_amount="200",
)


def test_proposed_amount_follows_the_policy():
    won = Referral(est_value="8000", won_value="12000")
    assert proposed_amount(won, FEE) == 1000  # 10% of 12,000 is 1,200: capped at 1,000
    assert proposed_amount(won, replace(FEE, fee_percent=5)) == 600  # the won value, not Est.
    assert proposed_amount(Referral(est_value="£8,000"), replace(FEE, fee_percent=5)) == 400
    assert proposed_amount(Referral(), FEE) is None  # nothing to base a fee on
    assert proposed_amount(won, replace(FEE, fee_fixed=300)) == 300
    assert proposed_amount(won, GIFT) == 25
    assert proposed_amount(won, replace(GIFT, gift_amount=80)) == 50  # never above the cap
    assert proposed_amount(won, RewardPolicy("none")) is None


def test_won_under_a_policy_becomes_pending_eligibility_with_the_proposed_amount():
    won = Referral(stage="Won", won_value="4000", reward_state="Not applicable")
    step = on_won(won, FEE, STAMP)
    assert step.cells["reward_state"] == "Pending eligibility"
    assert step.cells["reward_amount"] == "400"
    assert RewardReview.of(won.with_changes(step.cells)).eligible_at == STAMP
    assert on_won(won, RewardPolicy("none"), STAMP) is None


@pytest.mark.parametrize("state", ["Approved", "Paid", "Declined"])
def test_won_again_after_a_reopen_keeps_the_decision(state):
    assert on_won(Referral(stage="Won", reward_state=state), FEE, STAMP) is None


def test_one_approval_below_the_threshold_approves():
    step = approve(REVIEWED, COORD, FEE, STAMP)
    assert step.cells["reward_state"] == "Approved"
    review = RewardReview.of(REVIEWED.with_changes(step.cells))
    assert review.approvals == ("U_CLEO",) and review.approved_at == STAMP


def test_above_the_threshold_two_different_coordinators_approve():
    big = REVIEWED.with_changes({"reward_amount": "800"})
    first = approve(big, COORD, FEE, STAMP)
    assert first.cells["reward_state"] == "Awaiting approval" and "second" in first.note
    once = big.with_changes(first.cells)
    with pytest.raises(RewardRefused, match="different coordinator"):
        approve(once, COORD, FEE, STAMP)
    second = approve(once, BOB, FEE, STAMP)
    assert second.cells["reward_state"] == "Approved"
    assert RewardReview.of(once.with_changes(second.cells)).approvals == ("U_CLEO", "U_BOB")


@pytest.mark.parametrize(
    "coordinator",
    [
        TeamMember(name="Max Member", slack_user_id="U_MAX", role="Coordinator"),  # logged it
        TeamMember(name="Alex Kim", slack_user_id="U_ALEX", role="Admin"),  # referred it
        TeamMember(name="A. Kim", slack_user_id="U_AK", role="Admin", email="Alex@Client.com"),
    ],
)
def test_no_one_reviews_a_reward_for_a_referral_they_referred_or_logged(coordinator):
    for step in (
        lambda: approve(REVIEWED, coordinator, FEE, STAMP),
        lambda: change_amount(REVIEWED, coordinator, FEE, 100),
        lambda: decline(REVIEWED, coordinator, FEE, "existing client"),
    ):
        with pytest.raises(RewardRefused, match="another coordinator"):
            step()


def test_disputed_attribution_blocks_approval_until_decided():
    disputed = REVIEWED.with_changes({"attribution_confidence": "Disputed"})
    with pytest.raises(RewardRefused, match="disputed"):
        approve(disputed, COORD, FEE, STAMP)
    with pytest.raises(RewardRefused, match="disputed"):
        confirm_attribution(disputed, COORD, FEE)


def test_low_attribution_blocks_approval_until_a_coordinator_confirms_it():
    low = REVIEWED.with_changes({"attribution_confidence": "Low"})
    with pytest.raises(RewardRefused, match="Low"):
        approve(low, COORD, FEE, STAMP)
    confirmed = low.with_changes(confirm_attribution(low, BOB, FEE).cells)
    assert approve(confirmed, COORD, FEE, STAMP).cells["reward_state"] == "Approved"


def test_changing_the_amount_voids_earlier_approvals():
    big = REVIEWED.with_changes({"reward_amount": "800"})
    once = big.with_changes(approve(big, COORD, FEE, STAMP).cells)
    edited = once.with_changes(change_amount(once, BOB, FEE, 900).cells)
    assert (edited.reward_state, edited.reward_amount) == ("Awaiting approval", "900")
    assert RewardReview.of(edited).approvals == ()
    # Bob's edit is not an approval: two approvals of the new amount are still needed.
    assert approve(edited, BOB, FEE, STAMP).cells["reward_state"] == "Awaiting approval"


def test_an_amount_above_the_cap_is_refused_with_the_rules_name():
    with pytest.raises(RewardRefused, match=r"REWARD_GIFT_CAP"):
        change_amount(REVIEWED, COORD, GIFT, 75)
    with pytest.raises(RewardRefused, match=r"REWARD_FEE_CAP"):
        change_amount(REVIEWED, COORD, replace(FEE, fee_cap=500), 501)
    with pytest.raises(RewardRefused, match="above zero"):
        change_amount(REVIEWED, COORD, FEE, None)


def test_decline_needs_a_reason_and_is_final():
    with pytest.raises(RewardRefused, match="why"):
        decline(REVIEWED, COORD, FEE, "  ")
    declined = REVIEWED.with_changes(decline(REVIEWED, COORD, FEE, "existing client").cells)
    assert declined.reward_state == "Declined"
    assert RewardReview.of(declined).declined_reason == "existing client"
    for step in (
        lambda: approve(declined, COORD, FEE, STAMP),
        lambda: mark_paid(declined, COORD, FEE, STAMP),
    ):
        with pytest.raises(RewardRefused):
            step()


def test_only_a_won_referral_has_a_reward_to_approve():
    with pytest.raises(RewardRefused, match="Won"):
        approve(REVIEWED.with_changes({"stage": "In conversation"}), COORD, FEE, STAMP)


def test_mark_paid_records_the_date_and_needs_a_coordinator():
    approved = REVIEWED.with_changes(approve(REVIEWED, COORD, FEE, STAMP).cells)
    with pytest.raises(RewardRefused, match="coordinators"):
        mark_paid(approved, OWNER, FEE, STAMP)
    paid = mark_paid(approved, BOB, FEE, STAMP)
    assert paid.cells == {"reward_state": "Paid", "reward_paid_at": STAMP}


def test_a_review_cell_a_person_broke_reads_as_no_approvals():
    assert RewardReview.of(Referral(reward_review="{oops")) == RewardReview()
    assert RewardReview.of(Referral(reward_review="[1, 2]")) == RewardReview()


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("12000", 12000), ("12,000", 12000), ("£12k", 12000), ("1.5m", 1_500_000), ("€250.50", 250.5)],
)
def test_money_as_people_type_it(typed, amount):
    assert parse_money(typed) == amount


@pytest.mark.parametrize("typed", ["", "lots", "nan", "inf", "12 apples"])
def test_what_is_not_money(typed):
    assert parse_money(typed) is None
