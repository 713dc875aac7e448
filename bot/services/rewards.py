"""Coordinators reviewing referral rewards: approve, decline, change the amount, confirm a Low
attribution, mark paid.

Each step reads the log fresh (a stale snapshot must not approve twice or pay a declined reward),
lets the domain decide (bot/domain/rewards.py), and writes the row and its Activity in one
delivery. A refusal raises with the domain's plain reason and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.domain import referral as R
from bot.domain import rewards as rules
from bot.domain.duplicates import open_conflict
from bot.domain.referral import Referral, TeamMember
from bot.domain.rewards import RewardPolicy, RewardRefused, Step
from bot.errors import PermissionDeniedError, ValidationError
from bot.services import messages as msg
from bot.services.context import ServiceContext
from bot.services.types import Actor

REWARD_CHANGE = "Reward change"


@dataclass(frozen=True)
class RewardDone:
    """A reward step done: the referral as written and a line for the person who did it."""

    referral: Referral
    note: str = ""


@dataclass(frozen=True)
class RewardQueue:
    """What coordinators have to look at (App Home, the digest)."""

    awaiting: list[Referral] = field(default_factory=list)
    """Won referrals whose reward is Pending eligibility or Awaiting approval."""
    unpaid: list[Referral] = field(default_factory=list)
    disputes: list[Referral] = field(default_factory=list)


def policy_of(ctx: ServiceContext) -> RewardPolicy:
    return RewardPolicy.from_settings(ctx.settings)


def won_step(ctx: ServiceContext, closed: Referral) -> Step | None:
    """The reward step a close as Won adds to that close's own write (see FollowThrough.close)."""
    return rules.on_won(closed, policy_of(ctx), ctx.stamp())


def queue(referrals: tuple[Referral, ...] | list[Referral]) -> RewardQueue:
    awaiting = [r for r in referrals if r.stage == R.WON and r.reward_state in rules.UNDER_REVIEW]
    unpaid = [r for r in referrals if r.reward_state == R.REWARD_APPROVED]
    disputes = [r for r in referrals if open_conflict(r)]
    return RewardQueue(awaiting, unpaid, disputes)


class Rewards:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def approve(self, referral_id: str, actor: Actor) -> RewardDone:
        done = self._step(
            referral_id,
            actor,
            lambda r, m, p: rules.approve(r, m, p, self.ctx.stamp()),
        )
        if done.referral.reward_state == R.REWARD_APPROVED:
            self._send_thank_you(done.referral)
        return done

    def change_amount(self, referral_id: str, actor: Actor, amount_text: str) -> RewardDone:
        amount = rules.parse_money(amount_text, self.ctx.settings.decimal_comma)
        return self._step(referral_id, actor, lambda r, m, p: rules.change_amount(r, m, p, amount))

    def decline(self, referral_id: str, actor: Actor, reason: str) -> RewardDone:
        return self._step(referral_id, actor, lambda r, m, p: rules.decline(r, m, p, reason))

    def confirm_attribution(self, referral_id: str, actor: Actor) -> RewardDone:
        return self._step(referral_id, actor, rules.confirm_attribution)

    def mark_paid(self, referral_id: str, actor: Actor) -> RewardDone:
        return self._step(
            referral_id, actor, lambda r, m, p: rules.mark_paid(r, m, p, self.ctx.stamp())
        )

    def queue(self) -> RewardQueue:
        return queue(self.ctx.snapshot().referrals)

    # --- plumbing -------------------------------------------------------------------------------

    def _step(
        self,
        referral_id: str,
        actor: Actor,
        decide: Callable[[Referral, TeamMember, RewardPolicy], Step],
    ) -> RewardDone:
        snapshot = self.ctx.snapshot(fresh=True)
        member = snapshot.member(actor.user_id)
        if member is None or not member.is_coordinator:
            raise PermissionDeniedError(msg.coordinators_only_rewards())
        referral = self.ctx.referral(referral_id, snapshot)
        try:
            step = decide(referral, member, policy_of(self.ctx))
        except RewardRefused as refused:
            raise ValidationError({"reward": str(refused)}) from None
        cells = {**step.cells, "updated_at": self.ctx.stamp()}
        activity = self.ctx.activity(referral.id, member.name, REWARD_CHANGE, step.details)
        self.ctx.log.update({referral.id: cells}, [activity])
        return RewardDone(referral.with_changes(cells), step.note)

    def _send_thank_you(self, approved: Referral) -> None:
        """Only now may the thank-you name the reward: its owner gets that draft to send."""
        recipient = (
            approved.thankyou_owner_slack_id
            or approved.logged_by_slack_id
            or approved.owner_slack_id
        )
        sender = approved.thankyou_owner or approved.owner
        draft = self.ctx.draft("thank_you", approved, sender=sender)
        self.ctx.notifier.draft_ready(approved, recipient, draft)
