"""Reward figures: approvals, declines, time to payout and paid totals by referrer, from the rows
the reward flow writes, and as metrics.compute reports them for a period's cohort."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain import metrics as M
from bot.domain import reward_metrics as RM
from bot.domain.referral import Referral
from bot.domain.rewards import RewardReview

NOW = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)


def reward(rid: str, state: str, amount: str = "", by: str = "Alex Kim", **more: str) -> Referral:
    review = RewardReview(eligible_at=more.pop("eligible_at", "")).to_cell()
    return Referral(
        id=rid,
        received="2026-03-02 09:00",
        referred_by=by,
        stage="Won",
        reward_state=state,
        reward_amount=amount,
        reward_review=review,
        **more,
    )


ROWS = (
    reward("R-1", "Paid", "300", eligible_at="2026-03-10 09:00", reward_paid_at="2026-03-13 09:00"),
    reward("R-2", "Paid", "100", by="alex kim", eligible_at="2026-03-10 09:00", reward_paid_at="2026-03-11 09:00"),
    reward("R-3", "Paid", "250", by="Pat Lee", eligible_at="2026-03-12 09:00", reward_paid_at="2026-03-22 09:00"),
    reward("R-4", "Declined", "200"),
    reward("R-5", "Approved", "150"),
    reward("R-6", "Awaiting approval", "50"),
    reward("R-7", "Paid", "75", by=""),  # paid, but typed in by hand: no times
)  # fmt: skip


def test_declines_and_paid_totals():
    assert RM.declines(ROWS) == 1
    assert RM.paid_total(ROWS) == 725


def test_paid_totals_by_referrer_largest_first_one_name_however_typed():
    assert RM.paid_by_referrer(ROWS) == (
        ("Alex Kim", 400.0),
        ("Pat Lee", 250.0),
        ("(not recorded)", 75.0),
    )


def test_days_to_payout_from_won_to_paid():
    assert RM.days_to_payout(ROWS, "UTC") == {"R-1": 3.0, "R-2": 1.0, "R-3": 10.0}


def test_compute_reports_the_reward_figures_for_the_cohort():
    rewards = M.compute(ROWS, (), M.all_time(), NOW, "UTC", sla_hours=24).rewards
    assert (rewards.approvals, rewards.declines, rewards.paid_total) == (5, 1, 725)
    assert rewards.median_days_to_payout == 3.0
    assert rewards.paid_by_referrer[0] == ("Alex Kim", 400.0)
    assert rewards.awaiting_approval == ("R-6",)
