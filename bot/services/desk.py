"""ReferralDesk: the one object Slack listeners and the scheduler call. Each method is a use case."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.domain import steps as S
from bot.domain.digest import Digest
from bot.domain.metrics import Metrics
from bot.domain.referral import Referral
from bot.domain.rewards import RewardPolicy
from bot.domain.steps import Track
from bot.domain.timefmt import parse_dt
from bot.drafts import Draft
from bot.services import morning
from bot.services.capture import Capture
from bot.services.claims import file_claim
from bot.services.conflicts import resolve_conflict
from bot.services.context import ServiceContext
from bot.services.corrections import correctable, edit_capture, undo_capture
from bot.services.digest import DigestRun, WeeklyDigest
from bot.services.erasure import Forgotten, check_forgettable, forget
from bot.services.export import ExportFile, export_for
from bot.services.followup import FollowThrough
from bot.services.links import RowLinks
from bot.services.oversight import Oversight
from bot.services.rewards import RewardDone, RewardQueue, Rewards, policy_of, queue
from bot.services.schedule import Planner, Sweep, SweepReport
from bot.services.serial import ReferralLocks, one_at_a_time
from bot.services.types import Actor, Correction, MorningList, ReferOutcome, Submission


@dataclass(frozen=True)
class HomeData:
    now: datetime
    mine: list[Referral] = field(default_factory=list)
    is_coordinator: bool = False
    unassigned: list[Referral] = field(default_factory=list)
    overdue: list[Referral] = field(default_factory=list)
    rewards: RewardQueue = field(default_factory=RewardQueue)
    """Coordinators only: rewards awaiting approval, approved but unpaid, open disputes."""


class ReferralDesk:
    def __init__(self, ctx: ServiceContext, sheet_url: str = ""):
        self.ctx = ctx
        self.sheet_url = sheet_url
        self.links = RowLinks(ctx.log, sheet_url)
        self.capture = Capture(ctx)
        self.follow = FollowThrough(ctx)
        self.rewards = Rewards(ctx)
        self.locks = ReferralLocks()
        """Answers on one referral run one at a time, and the sweep's work on it beside them
        (bot/services/serial.py)."""
        self._sweep = Sweep(ctx, self.locks)
        self.oversight = Oversight(ctx)
        self.weekly = WeeklyDigest(ctx)

    # capture
    def parse_refer_text(self, text: str) -> Submission | dict[str, str]:
        return self.capture.parse_text(text)

    def refer(self, submission: Submission, actor: Actor) -> ReferOutcome:
        return self.capture.refer(submission, actor)

    def correctable(self, referral_id: str, actor: Actor) -> Referral:
        """The referral, if `actor` may edit or undo it (who logged it, or a coordinator)."""
        return correctable(self.ctx, referral_id, actor)

    @one_at_a_time
    def edit_capture(self, referral_id: str, submission: Submission, actor: Actor) -> Correction:
        return edit_capture(self.ctx, referral_id, submission, actor)

    @one_at_a_time
    def undo_capture(self, referral_id: str, actor: Actor) -> Referral:
        return undo_capture(self.ctx, referral_id, actor)

    @one_at_a_time
    def resolve_conflict(self, referral_id: str, actor: Actor, claim_key: str) -> Referral:
        """Credit exactly the claim with this key (bot/domain/conflicts.py)."""
        return resolve_conflict(self.ctx, referral_id, actor, claim_key)

    @one_at_a_time
    def claim(
        self,
        referral_id: str,
        actor: Actor,
        referrer: str,
        email: str,
        introduced_on: date | None,
        evidence: str,
    ) -> Referral:
        return file_claim(self.ctx, referral_id, actor, referrer, email, introduced_on, evidence)

    # reading
    def is_coordinator(self, user_id: str) -> bool:
        member = self.ctx.snapshot().member(user_id)
        return member is not None and member.is_coordinator

    def referral(self, referral_id: str) -> Referral:
        return self.ctx.referral(referral_id)

    def row_link(self, referral: Referral) -> str:
        return self.links(referral)

    def my_open(self, actor: Actor) -> list[Referral]:
        return self._overdue_first(
            r for r in self.ctx.snapshot().referrals if r.is_open and _involves(r, actor.user_id)
        )

    def find(self, text: str) -> list[Referral]:
        needle = text.strip().casefold()
        if not needle:
            return []
        haystack = ("id", "lead_name", "company", "lead_email", "referred_by", "owner", "context")
        found = [
            r
            for r in self.ctx.snapshot().referrals
            if any(needle in getattr(r, key).casefold() for key in haystack)
        ]
        return sorted(found, key=lambda r: r.received, reverse=True)

    def home(self, actor: Actor) -> HomeData:
        snapshot = self.ctx.snapshot()
        now = self.ctx.now()
        member = snapshot.member(actor.user_id)
        is_coordinator = member is not None and member.is_coordinator
        open_ = [r for r in snapshot.referrals if r.is_open]
        return HomeData(
            now=now,
            mine=self.my_open(actor),
            is_coordinator=is_coordinator,
            unassigned=[r for r in open_ if not r.owner_slack_id] if is_coordinator else [],
            overdue=[r for r in self._overdue_first(open_) if self._is_overdue(r)]
            if is_coordinator
            else [],
            rewards=queue(snapshot.referrals) if is_coordinator else RewardQueue(),
        )

    def morning_lists(self, referral_id: str) -> list[tuple[str, str, MorningList]]:
        """The kept morning messages showing `referral_id`: (whose, where, lines as they stand
        now), so each is redrawn in place when the referral changes. Whose is a Slack user ID,
        or "review" for the coordinators' post."""
        if not morning.any_showing(self.ctx, referral_id):
            return []  # no message to redraw: the log is not looked at (a snapshot costs O(log))
        planner = Planner(self.ctx, self.ctx.snapshot())
        return morning.lists_showing(self.ctx, planner, referral_id)

    def stats(self, period_text: str = "") -> Metrics | None:
        """The figures for a period typed as `/refer stats` takes it; None when unreadable."""
        period = self.oversight.period(period_text)
        return None if period is None else self.oversight.metrics(period)

    def digest(self, actor: Actor) -> Digest:
        """`/refer digest`: the weekly digest now (coordinators and admins only)."""
        return self.weekly.on_demand(actor)

    def weekly_digest(self) -> DigestRun:
        """The scheduled digest: posted once for its slot, whatever restarts came between."""
        return self.weekly.run()

    def export(self, actor: Actor) -> ExportFile:
        return export_for(self.ctx, actor)

    def forgettable(self, referral_id: str, actor: Actor) -> Referral:
        return check_forgettable(self.ctx, referral_id, actor)

    @one_at_a_time
    def forget(self, referral_id: str, actor: Actor) -> Forgotten:
        return forget(self.ctx, referral_id, actor)

    def draft(self, referral_id: str, draft_name: str) -> Draft:
        referral = self.referral(referral_id)
        return self.ctx.draft(draft_name, referral)

    def _is_overdue(self, referral: Referral) -> bool:
        due = parse_dt(referral.next_followup_due, self.ctx.tz)
        return due is not None and due < self.ctx.now()

    def _overdue_first(self, referrals) -> list[Referral]:
        def key(r: Referral):
            due = parse_dt(r.next_followup_due, self.ctx.tz)
            return (not self._is_overdue(r), due is None, due or self.ctx.now())

        return sorted(referrals, key=key)

    # follow-through
    @one_at_a_time
    def record_followup(self, referral_id: str, actor: Actor, status: str) -> Referral:
        return self.follow.record_followup(referral_id, actor, status)

    @one_at_a_time
    def set_in_conversation(self, referral_id: str, actor: Actor) -> Referral:
        return self.follow.set_in_conversation(referral_id, actor)

    @one_at_a_time
    def snooze(
        self, referral_id: str, actor: Actor, until: datetime, track: Track | None = None
    ) -> Referral:
        return self.follow.snooze(referral_id, actor, until, track)

    @one_at_a_time
    def reassign(
        self, referral_id: str, actor: Actor, new_owner_id: str, track: Track = S.LEAD
    ) -> Referral:
        return self.follow.reassign(referral_id, actor, new_owner_id, track)

    @one_at_a_time
    def mark_done(self, referral_id: str, actor: Actor) -> tuple[Referral, str]:
        return self.follow.mark_done(referral_id, actor)

    @one_at_a_time
    def remind(self, referral_id: str, actor: Actor, step_key: str) -> Referral:
        return self._sweep.remind(referral_id, actor, step_key)

    @one_at_a_time
    def close(
        self, referral_id: str, actor: Actor, stage: str, reason: str = "", won_value: str = ""
    ) -> Referral:
        return self.follow.close(referral_id, actor, stage, reason, won_value)

    @one_at_a_time
    def reopen(self, referral_id: str, actor: Actor) -> Referral:
        return self.follow.reopen(referral_id, actor)

    @one_at_a_time
    def mark_sent(self, referral_id: str, actor: Actor, draft_name: str) -> Referral:
        return self.follow.mark_sent(referral_id, actor, draft_name)

    # rewards (coordinators)
    @one_at_a_time
    def approve_reward(self, referral_id: str, actor: Actor) -> RewardDone:
        return self.rewards.approve(referral_id, actor)

    @one_at_a_time
    def change_reward_amount(self, referral_id: str, actor: Actor, amount: str) -> RewardDone:
        return self.rewards.change_amount(referral_id, actor, amount)

    @one_at_a_time
    def decline_reward(self, referral_id: str, actor: Actor, reason: str) -> RewardDone:
        return self.rewards.decline(referral_id, actor, reason)

    @one_at_a_time
    def confirm_attribution(self, referral_id: str, actor: Actor) -> RewardDone:
        return self.rewards.confirm_attribution(referral_id, actor)

    @one_at_a_time
    def mark_reward_paid(self, referral_id: str, actor: Actor) -> RewardDone:
        return self.rewards.mark_paid(referral_id, actor)

    def reward_queue(self) -> RewardQueue:
        return self.rewards.queue()

    def reward_policy(self) -> RewardPolicy:
        return policy_of(self.ctx)

    def claim_window_days(self) -> int:
        return self.ctx.settings.claim_window_days

    # the scheduler
    def sweep(self) -> SweepReport:
        return self._sweep.run()


def _involves(referral: Referral, user_id: str) -> bool:
    if referral.owner_slack_id == user_id:
        return True
    return referral.thankyou_owner_slack_id == user_id and referral.thankyou_status != "Sent"
