"""Referral rewards: the states a reward moves through, who may move it, and when a draft may
mention one.

The policy is the firm's (REWARD_POLICY): none; a nominal gift with a cap, for professions whose
ethics rules allow only token thanks; or a fee (a percentage of the won value, or a fixed amount,
with a cap). The flow, as DESIGN.md "Reward flow" has it:

    Won under a policy other than none -> Pending eligibility (a coordinator reviews the
    attribution and the amount) -> Awaiting approval -> Approved (a second, different coordinator
    above a threshold; never the person who referred or logged it) -> Paid, or Declined.

Disputed attribution blocks approval until the conflict is decided; Low attribution until a
coordinator confirms it. What the review has seen (approvals of the current amount, who confirmed
the attribution, when it became eligible and was approved, why it was declined) is kept in one
hidden JSON cell, Reward review, so the sheet stays the only record."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

from bot.domain import messages as msg
from bot.domain.cellvalues import read_number
from bot.domain.referral import (
    CONFIDENCE_DISPUTED,
    CONFIDENCE_LOW,
    REWARD_APPROVED,
    REWARD_AWAITING_APPROVAL,
    REWARD_DECLINED,
    REWARD_NOT_APPLICABLE,
    REWARD_PAID,
    REWARD_PENDING,
    WON,
    Referral,
    TeamMember,
)
from bot.errors import ReferralDeskError

PolicyKind = Literal["none", "gift", "fee"]
UNDER_REVIEW = (REWARD_PENDING, REWARD_AWAITING_APPROVAL)
"""States a coordinator can still approve, decline or change the amount of."""


@dataclass(frozen=True)
class RewardPolicy:
    kind: PolicyKind = "none"
    gift_cap: float = 50.0
    second_approver_above: float = 500.0
    gift_amount: float = 25.0
    fee_percent: float = 10.0
    fee_fixed: float = 0.0
    """A fixed fee for every won referral; 0 means the percentage of the won value applies."""
    fee_cap: float = 1000.0

    @classmethod
    def from_settings(cls, settings: Any) -> RewardPolicy:
        return cls(
            kind=settings.reward_policy,
            gift_cap=float(settings.reward_gift_cap),
            second_approver_above=float(settings.reward_second_approver_above),
            gift_amount=float(settings.reward_gift_amount),
            fee_percent=float(settings.reward_fee_percent),
            fee_fixed=float(settings.reward_fee_fixed),
            fee_cap=float(settings.reward_fee_cap),
        )

    def needs_second_approver(self, amount: float) -> bool:
        return amount > self.second_approver_above

    @property
    def describe(self) -> str:
        """The policy in a few words, for the review item."""
        if self.kind == "gift":
            return msg.policy_gift(self.gift_cap)
        if self.kind == "fee" and self.fee_fixed:
            return msg.policy_fixed_fee(self.fee_fixed, self.fee_cap)
        if self.kind == "fee":
            return msg.policy_percent_fee(self.fee_percent, self.fee_cap)
        return msg.policy_none()


@dataclass(frozen=True)
class RewardReview:
    """What the reward's review has recorded (the hidden Reward review cell)."""

    approvals: tuple[str, ...] = ()
    """Slack IDs of the coordinators who approved the current amount, in order."""
    confirmed_by: str = ""
    """The coordinator who confirmed a Low attribution."""
    eligible_at: str = ""
    approved_at: str = ""
    declined_reason: str = ""

    @classmethod
    def of(cls, referral: Referral) -> RewardReview:
        """The referral's review; a cell a person broke reads as an empty review (nothing approved)."""
        try:
            data = json.loads(referral.reward_review) if referral.reward_review else {}
        except json.JSONDecodeError:
            return cls()
        if not isinstance(data, dict):
            return cls()
        approvals = data.get("approvals") or []
        return cls(
            approvals=tuple(str(a) for a in approvals if isinstance(a, str)),
            confirmed_by=str(data.get("confirmed_by") or ""),
            eligible_at=str(data.get("eligible_at") or ""),
            approved_at=str(data.get("approved_at") or ""),
            declined_reason=str(data.get("declined_reason") or ""),
        )

    def to_cell(self) -> str:
        data = {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self).items() if v}
        return json.dumps(data, sort_keys=True)


@dataclass(frozen=True)
class Step:
    """A reward step the rules allow: the cells to write and the Activity details to record."""

    cells: dict[str, str]
    details: str
    state: str = ""
    note: str = ""
    """A word for the person when the step is not what they may expect (a first of two approvals)."""


class RewardRefused(ReferralDeskError):
    """A reward step the rules do not allow; the message says why, in plain words."""


# --- amounts --------------------------------------------------------------------------------


def parse_money(text: str | None, decimal_comma: bool = False) -> float | None:
    """An amount as people type it ("12000", "12,000", "£12k", "1.5m", "1.200,50"); None when it
    is not one. `decimal_comma`: the firm writes 12.000,50, so "1.500" is 1500 and "1,5" 1.5."""
    return read_number(text, decimal_comma)


def format_amount(amount: float) -> str:
    """An amount as the sheet's number cell takes it: whole numbers without decimals."""
    rounded = round(amount, 2)
    return f"{rounded:.0f}" if rounded == int(rounded) else f"{rounded:.2f}"


def cap_of(policy: RewardPolicy) -> float | None:
    return {"gift": policy.gift_cap, "fee": policy.fee_cap}.get(policy.kind)


def proposed_amount(referral: Referral, policy: RewardPolicy) -> float | None:
    """What the review item proposes: the nominal gift, or the fee of the won value entered at
    close (else Est. value), never above the cap. None when there is nothing to base a fee on."""
    if policy.kind == "gift":
        return min(policy.gift_amount, policy.gift_cap)
    if policy.kind != "fee":
        return None
    if policy.fee_fixed:
        return min(policy.fee_fixed, policy.fee_cap)
    base = won_value(referral)
    if base is None:
        base = referral.value
    if base is None or base <= 0:
        return None
    return min(round(base * policy.fee_percent / 100, 2), policy.fee_cap)


def won_value(referral: Referral) -> float | None:
    return parse_money(referral.won_value) if referral.won_value.strip() else None


def amount_of(referral: Referral) -> float | None:
    return parse_money(referral.reward_amount) if referral.reward_amount.strip() else None


def amount_refusal(policy: RewardPolicy, amount: float | None) -> str:
    """Why `amount` cannot be a reward under the policy, or ""."""
    if amount is None or not math.isfinite(amount) or amount <= 0:
        return msg.amount_not_a_number()
    if policy.kind == "gift" and amount > policy.gift_cap:
        return msg.amount_above_gift_cap(amount, policy.gift_cap)
    if policy.kind == "fee" and amount > policy.fee_cap:
        return msg.amount_above_fee_cap(amount, policy.fee_cap)
    return ""


# --- the flow -------------------------------------------------------------------------------


def initial_reward_state(policy: RewardPolicy) -> str:
    """A new referral has no reward to review yet: only a Won one becomes Pending eligibility."""
    return REWARD_NOT_APPLICABLE


def on_won(referral: Referral, policy: RewardPolicy, stamp: str) -> Step | None:
    """The reward step a close as Won starts, or None (no policy, or already decided once).

    `referral` is the row as it will be after the close (its won value already set)."""
    if policy.kind == "none":
        return None
    if referral.reward_state not in ("", REWARD_NOT_APPLICABLE, *UNDER_REVIEW):
        return None  # reopened and won again: the decision already made stands
    amount = proposed_amount(referral, policy)
    review = replace(RewardReview.of(referral), approvals=(), eligible_at=stamp)
    cells = {
        "reward_state": REWARD_PENDING,
        "reward_amount": "" if amount is None else format_amount(amount),
        "reward_review": review.to_cell(),
    }
    shown = "no amount yet" if amount is None else f"proposed {format_amount(amount)}"
    return Step(cells, f"reward {REWARD_PENDING.lower()}: {shown}", REWARD_PENDING)


def is_involved(referral: Referral, member: TeamMember) -> bool:
    """Whether `member` referred the lead or logged it: they never review their own reward."""
    if member.slack_user_id and member.slack_user_id == referral.logged_by_slack_id:
        return True
    name = member.name.strip().casefold()
    if name and name in (referral.referred_by.strip().casefold(), referral.logged_by.casefold()):
        return True
    email = member.email.strip().casefold()
    return bool(email) and email == referral.referrer_email.strip().casefold()


def _reviewer_refusal(referral: Referral, member: TeamMember, policy: RewardPolicy) -> str:
    if policy.kind == "none":
        return msg.no_rewards_policy()
    if not member.is_coordinator:
        return msg.reward_reviewers_only()
    if is_involved(referral, member):
        return msg.own_reward(referral.id)
    return ""


def _state_refusal(referral: Referral) -> str:
    state = referral.reward_state
    if state == REWARD_PAID:
        return msg.reward_already_paid()
    if state == REWARD_APPROVED:
        return msg.reward_already_approved()
    if state == REWARD_DECLINED:
        return msg.reward_was_declined()
    if state not in UNDER_REVIEW or referral.stage != WON:
        return msg.reward_only_when_won()
    return ""


def attribution_blocker(referral: Referral) -> str:
    """Why the attribution does not allow approval yet (Disputed, or Low unconfirmed), or ""."""
    if referral.attribution_confidence == CONFIDENCE_DISPUTED:
        return msg.attribution_disputed()
    if (
        referral.attribution_confidence == CONFIDENCE_LOW
        and not RewardReview.of(referral).confirmed_by
    ):
        return msg.attribution_low()
    return ""


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
    state stays Awaiting approval until a different coordinator approves."""
    refusal = (
        _reviewer_refusal(referral, approver, policy)
        or (msg.reward_already_paid() if referral.reward_state == REWARD_PAID else "")
        or attribution_blocker(referral)
        or amount_refusal(policy, amount)
    )
    if refusal:
        return False, refusal
    if not policy.needs_second_approver(amount):
        return True, msg.reward_approved()
    if first_approver_id is None:
        return True, msg.first_approval_recorded(policy.second_approver_above)
    if first_approver_id == approver.slack_user_id:
        return False, msg.second_approver_must_differ()
    return True, msg.approved_by_two()


def approve(referral: Referral, approver: TeamMember, policy: RewardPolicy, stamp: str) -> Step:
    """The next approval of the reward's current amount (raises RewardRefused with the reason)."""
    refusal = _reviewer_refusal(referral, approver, policy) or _state_refusal(referral)
    if refusal:
        raise RewardRefused(refusal)
    amount = amount_of(referral)
    review = RewardReview.of(referral)
    first = review.approvals[0] if review.approvals else None
    ok, why = can_approve(referral, approver, policy, amount or 0.0, first)
    if not ok:
        raise RewardRefused(why)
    approvals = (*review.approvals, approver.slack_user_id)
    shown = format_amount(amount or 0.0)
    if policy.needs_second_approver(amount or 0.0) and len(approvals) < 2:
        review = replace(review, approvals=approvals)
        cells = {"reward_state": REWARD_AWAITING_APPROVAL, "reward_review": review.to_cell()}
        return Step(cells, f"reward {shown}: first approval", REWARD_AWAITING_APPROVAL, why)
    review = replace(review, approvals=approvals, approved_at=stamp)
    cells = {"reward_state": REWARD_APPROVED, "reward_review": review.to_cell()}
    return Step(cells, f"reward {shown} approved", REWARD_APPROVED)


def change_amount(
    referral: Referral, member: TeamMember, policy: RewardPolicy, amount: float | None
) -> Step:
    """A coordinator sets the amount; approvals of the old amount no longer count."""
    refusal = (
        _reviewer_refusal(referral, member, policy)
        or _state_refusal(referral)
        or amount_refusal(policy, amount)
    )
    if refusal:
        raise RewardRefused(refusal)
    shown = format_amount(amount or 0.0)
    review = replace(RewardReview.of(referral), approvals=())
    cells = {
        "reward_state": REWARD_AWAITING_APPROVAL,
        "reward_amount": shown,
        "reward_review": review.to_cell(),
    }
    return Step(cells, f"reward amount set to {shown}", REWARD_AWAITING_APPROVAL)


def confirm_attribution(referral: Referral, member: TeamMember, policy: RewardPolicy) -> Step:
    """A coordinator vouches for a Low attribution, so its reward can be approved."""
    refusal = _reviewer_refusal(referral, member, policy) or _state_refusal(referral)
    if refusal:
        raise RewardRefused(refusal)
    if referral.attribution_confidence == CONFIDENCE_DISPUTED:
        raise RewardRefused(msg.confirm_disputed_attribution())
    if referral.attribution_confidence != CONFIDENCE_LOW:
        raise RewardRefused(msg.only_low_needs_confirming())
    review = replace(RewardReview.of(referral), confirmed_by=member.slack_user_id)
    state = referral.reward_state
    return Step(
        {"reward_review": review.to_cell()},
        f"attribution to {referral.referred_by or 'the referrer'} confirmed for the reward",
        state,
    )


def decline(referral: Referral, member: TeamMember, policy: RewardPolicy, reason: str) -> Step:
    refusal = _reviewer_refusal(referral, member, policy)
    if not refusal and referral.reward_state not in (*UNDER_REVIEW, REWARD_APPROVED):
        refusal = _state_refusal(referral) or msg.no_reward_to_decline()
    if refusal:
        raise RewardRefused(refusal)
    if not reason.strip():
        raise RewardRefused(msg.say_why_declined())
    review = replace(RewardReview.of(referral), approvals=(), declined_reason=reason.strip())
    cells = {"reward_state": REWARD_DECLINED, "reward_review": review.to_cell()}
    return Step(cells, f"reward declined: {reason.strip()}", REWARD_DECLINED)


def can_mark_paid(referral: Referral) -> tuple[bool, str]:
    """Only an approved reward is paid, and a dispute freezes it even after approval."""
    if referral.attribution_confidence == CONFIDENCE_DISPUTED:
        return False, msg.reward_frozen_by_dispute()
    if referral.reward_state != REWARD_APPROVED:
        return False, msg.only_approved_is_paid()
    return True, msg.marked_paid()


def mark_paid(referral: Referral, member: TeamMember, policy: RewardPolicy, stamp: str) -> Step:
    refusal = _reviewer_refusal(referral, member, policy)
    if refusal:
        raise RewardRefused(refusal)
    ok, why = can_mark_paid(referral)
    if not ok:
        raise RewardRefused(why)
    cells = {"reward_state": REWARD_PAID, "reward_paid_at": stamp}
    # "Paid ..." first: bot/domain/metrics.py reads payouts from Activity rows that start so.
    return Step(cells, f"Paid {referral.reward_amount or 'the reward'}", REWARD_PAID)


def reward_mentionable(referral: Referral) -> bool:
    """Whether a draft may mention the reward.

    Only the Approved state, as DESIGN says: a Paid reward has already been handed over by a
    person, so drafts have nothing to promise; and a dispute raised after approval freezes it."""
    return (
        referral.reward_state == REWARD_APPROVED
        and referral.attribution_confidence != CONFIDENCE_DISPUTED
    )
