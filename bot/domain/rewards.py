"""Referral rewards: who may approve what, and when a draft may mention one.

The policy is the firm's (REWARD_POLICY): none; a nominal gift with a cap, for professions whose
ethics rules allow only token thanks; or a fee. Only coordinators and admins approve, never while
the attribution is disputed, and amounts above a threshold need a second, different approver."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

from bot.domain.referral import (
    CONFIDENCE_DISPUTED,
    REWARD_APPROVED,
    REWARD_NOT_APPLICABLE,
    REWARD_PAID,
    REWARD_PENDING,
    Referral,
    TeamMember,
)

PolicyKind = Literal["none", "gift", "fee"]


@dataclass(frozen=True)
class RewardPolicy:
    kind: PolicyKind = "none"
    gift_cap: float = 50.0
    second_approver_above: float = 500.0

    @classmethod
    def from_settings(cls, settings: Any) -> RewardPolicy:
        return cls(
            kind=settings.reward_policy,
            gift_cap=float(settings.reward_gift_cap),
            second_approver_above=float(settings.reward_second_approver_above),
        )

    def needs_second_approver(self, amount: float) -> bool:
        return amount > self.second_approver_above


def initial_reward_state(policy: RewardPolicy) -> str:
    return REWARD_NOT_APPLICABLE if policy.kind == "none" else REWARD_PENDING


def can_approve(
    referral: Referral,
    approver: TeamMember,
    policy: RewardPolicy,
    amount: float,
    first_approver_id: str | None,
) -> tuple[bool, str]:
    """(allowed, why) for `approver` approving `amount` on `referral`.

    With `first_approver_id` None this is the first approval. When the amount needs a second
    approver, a first approval is allowed but does not complete: the reason says so, and the
    services keep the state at Awaiting approval until a different coordinator approves."""
    refusal = _refusal(referral, approver, policy, amount)
    if refusal:
        return False, refusal
    if not policy.needs_second_approver(amount):
        return True, "Approved."
    if first_approver_id is None:
        return True, (
            f"First approval recorded. Amounts above {policy.second_approver_above:,.2f} "
            "need a second coordinator to approve too."
        )
    if first_approver_id == approver.slack_user_id:
        return False, "You gave the first approval; a different coordinator must give the second."
    return True, "Approved by two coordinators."


def _refusal(referral: Referral, approver: TeamMember, policy: RewardPolicy, amount: float) -> str:
    if policy.kind == "none":
        return "This firm does not give referral rewards (REWARD_POLICY is none)."
    if not approver.is_coordinator:
        return "Only coordinators or admins can approve rewards."
    if referral.attribution_confidence == CONFIDENCE_DISPUTED:
        return "The attribution is disputed; a coordinator must resolve the conflict first."
    if referral.reward_state == REWARD_PAID:
        return "This reward has already been paid."
    if not math.isfinite(amount) or amount <= 0:
        return "Enter an amount above zero."
    if policy.kind == "gift" and amount > policy.gift_cap:
        return f"Gifts are capped at {policy.gift_cap:,.2f} under this firm's policy."
    return ""


def can_mark_paid(referral: Referral) -> tuple[bool, str]:
    """Only an approved reward is paid, and a dispute freezes it even after approval."""
    if referral.attribution_confidence == CONFIDENCE_DISPUTED:
        return (
            False,
            "The attribution is disputed; the reward is frozen until a coordinator decides.",
        )
    if referral.reward_state != REWARD_APPROVED:
        return False, "Only an approved reward can be marked paid."
    return True, "Marked paid."


def reward_mentionable(referral: Referral) -> bool:
    """Whether a draft may mention the reward.

    Only the Approved state, as DESIGN says: a Paid reward has already been handed over by a
    person, so drafts have nothing to promise; and a dispute raised after approval freezes it."""
    return (
        referral.reward_state == REWARD_APPROVED
        and referral.attribution_confidence != CONFIDENCE_DISPUTED
    )
