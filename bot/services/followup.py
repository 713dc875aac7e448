"""What owners do from their DMs: log a touch, snooze, reassign, close, mark a draft sent.

Each answer is checked against the actor's role, then written as one update with its Activity."""

from __future__ import annotations

from datetime import datetime

from bot.domain import referral as R
from bot.domain.cadence import STAGE_LAST, mark_nudged
from bot.domain.referral import Activity, Referral
from bot.domain.rewards import format_amount, parse_money
from bot.errors import PermissionDeniedError, ValidationError
from bot.log.base import Snapshot
from bot.services.context import ServiceContext
from bot.services.rewards import REWARD_CHANGE, won_step
from bot.services.schedule import plan_next
from bot.services.types import Actor

FOLLOWUP_STATUSES = (R.FOLLOWUP_SENT, R.WAITING_FOR_REPLY, R.NO_FURTHER_ACTION, R.FOLLOWUP_PREPARED)
LEAD_DRAFTS = ("first_contact", "second_touch", "third_touch")
REFERRER_DRAFTS = (
    "status_update",
    "close_won",
    "close_not_a_fit",
    "close_no_response",
    "periodic_update",
)
THANKS_DRAFTS = ("acknowledgment", "thank_you")
CLOSE_DRAFT = {
    R.WON: "close_won",
    R.NOT_A_FIT: "close_not_a_fit",
    R.NO_RESPONSE: "close_no_response",
}


def allowed(referral: Referral, actor: Actor, snapshot: Snapshot) -> bool:
    """The owner, the thank-you owner and coordinators may act on a referral."""
    member = snapshot.member(actor.user_id)
    is_coordinator = member is not None and member.is_coordinator
    involved = actor.user_id in {referral.owner_slack_id, referral.thankyou_owner_slack_id}
    return is_coordinator or involved


class FollowThrough:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def _load(self, referral_id: str, actor: Actor) -> tuple[Referral, Snapshot, str]:
        snapshot = self.ctx.snapshot()
        referral = self.ctx.referral(referral_id, snapshot)
        if not allowed(referral, actor, snapshot):
            raise PermissionDeniedError(
                f"Only {referral.owner or 'the owner'}, the thank-you owner or a coordinator "
                f"can update {referral.id}."
            )
        return referral, snapshot, self.ctx.who(actor, snapshot)

    def _write(
        self,
        referral: Referral,
        cells: dict[str, str],
        who: str,
        what: str,
        details: str,
        more: tuple[Activity, ...] = (),
    ):
        cells = {**cells, "updated_at": self.ctx.stamp()}
        if "stage" in cells:
            # The sweep reports stage changes it did not see the bot make as sheet edits.
            nudges = referral.with_changes(cells).nudges
            cells["nudge_state"] = mark_nudged(nudges, STAGE_LAST, self.ctx.now(), cells["stage"])
        updated = referral.with_changes(cells)
        planned = plan_next(self.ctx, updated)
        cells.update(planned)
        activity = [self.ctx.activity(referral.id, who, what, details), *more]
        self.ctx.log.update({referral.id: cells}, activity)
        return referral.with_changes(cells)

    def record_followup(self, referral_id: str, actor: Actor, status: str) -> Referral:
        if status not in FOLLOWUP_STATUSES:
            raise ValidationError({"status": f"Unknown follow-up status '{status}'."})
        referral, _, who = self._load(referral_id, actor)
        if not referral.is_open:
            raise ValidationError({"stage": f"{referral.id} is closed ({referral.stage})."})
        cells = {"followup_status": status}
        if status == R.FOLLOWUP_SENT:
            cells.update(self._touch(referral))
            return self._write(referral, cells, who, "Touch", f"touch {cells['touches']} sent")
        return self._write(referral, cells, who, "Status change", f"follow-up status: {status}")

    def _touch(self, referral: Referral) -> dict[str, str]:
        now = self.ctx.stamp()
        cells = {"touches": str(referral.touch_count + 1), "last_touch_at": now}
        if not referral.first_contact_at:
            cells["first_contact_at"] = now
        if referral.stage in ("", R.NEW):
            cells["stage"] = R.CONTACTED
        return cells

    def set_in_conversation(self, referral_id: str, actor: Actor) -> Referral:
        referral, _, who = self._load(referral_id, actor)
        cells = {"stage": R.IN_CONVERSATION, "followup_status": R.WAITING_FOR_REPLY}
        return self._write(referral, cells, who, "Status change", "stage: In conversation")

    def snooze(self, referral_id: str, actor: Actor, until: datetime) -> Referral:
        referral, _, who = self._load(referral_id, actor)
        if until <= self.ctx.now():
            raise ValidationError({"until": "Pick a time in the future to snooze until."})
        stamp = self.ctx.stamp(until)
        return self._write(referral, {"snoozed_until": stamp}, who, "Snoozed", f"until {stamp}")

    def reassign(self, referral_id: str, actor: Actor, new_owner_id: str) -> Referral:
        referral, snapshot, who = self._load(referral_id, actor)
        member = snapshot.member(new_owner_id)
        if member is None:
            raise ValidationError(
                {"owner": "That person is not on the Team tab; add them there first."}
            )
        cells = {"owner": member.name, "owner_slack_id": member.slack_user_id}
        updated = self._write(referral, cells, who, "Assigned", f"reassigned to {member.name}")
        draft = "first_contact" if updated.touch_count == 0 else _touch_draft(updated)
        self.ctx.notifier.owner_assigned(
            updated, member.slack_user_id, self.ctx.draft(draft, updated)
        )
        return updated

    def close(
        self, referral_id: str, actor: Actor, stage: str, reason: str = "", won_value: str = ""
    ) -> Referral:
        if stage not in R.CLOSED_STAGES:
            raise ValidationError({"stage": f"Close as one of: {', '.join(R.CLOSED_STAGES)}."})
        if stage == R.NOT_A_FIT and not reason.strip():
            raise ValidationError({"reason": "Say briefly why it is not a fit (e.g. budget)."})
        referral, _, who = self._load(referral_id, actor)
        nudges = mark_nudged(referral.nudges, f"referrer_update:{stage}", self.ctx.now())
        cells = {"stage": stage, "outcome_reason": reason.strip(), "nudge_state": nudges}
        reward = self._won_reward(referral, stage, won_value, cells)
        closed = self._write(
            referral,
            {**cells, **(reward.cells if reward else {})},
            who,
            "Status change",
            f"closed as {stage} {reason}".strip(),
            (self.ctx.activity(referral.id, who, REWARD_CHANGE, reward.details),) if reward else (),
        )
        if reward:
            self.ctx.notifier.reward_review(closed)
        recipient = closed.thankyou_owner_slack_id or closed.owner_slack_id
        draft = self.ctx.draft(CLOSE_DRAFT[stage], closed, reason=reason.strip())
        self.ctx.notifier.draft_ready(closed, recipient, draft)
        if stage == R.NOT_A_FIT and closed.owner_slack_id:
            # The lead deserves a polite answer too; the owner reviews the reason before sending.
            decline = self.ctx.draft("decline", closed, sender=closed.owner, reason=reason.strip())
            self.ctx.notifier.draft_ready(closed, closed.owner_slack_id, decline)
        return closed

    def _won_reward(self, referral: Referral, stage: str, won_value: str, cells: dict[str, str]):
        """Won under a reward policy: the reward review starts in the same write as the close."""
        if stage != R.WON:
            return None
        if won_value.strip():
            amount = parse_money(won_value)
            if amount is None or amount < 0:
                raise ValidationError(
                    {
                        "won_value": f"“{won_value}” is not an amount; write it as a number, e.g. 12000."
                    }
                )
            cells["won_value"] = format_amount(amount)
        return won_step(self.ctx, referral.with_changes(cells))

    def reopen(self, referral_id: str, actor: Actor) -> Referral:
        snapshot = self.ctx.snapshot()
        coordinator = self.ctx.require_coordinator(actor, snapshot)
        referral = self.ctx.referral(referral_id, snapshot)
        stage = R.CONTACTED if referral.touch_count else R.NEW
        cells = {"stage": stage, "outcome_reason": ""}
        return self._write(
            referral, cells, coordinator.name, "Status change", f"reopened as {stage}"
        )

    def mark_sent(self, referral_id: str, actor: Actor, draft_name: str) -> Referral:
        referral, _, who = self._load(referral_id, actor)
        now = self.ctx.stamp()
        if draft_name in THANKS_DRAFTS:
            cells = {
                "thankyou_status": R.THANKYOU_SENT,
                "thankyou_sent_at": now,
                "referrer_last_updated": now,
            }
            return self._write(referral, cells, who, "Thank-you sent", draft_name)
        if draft_name in REFERRER_DRAFTS:
            nudges = mark_nudged(
                referral.nudges, "stage_seen", self.ctx.now(), value=referral.stage
            )
            cells = {"referrer_last_updated": now, "nudge_state": nudges}
            return self._write(referral, cells, who, "Referrer updated", draft_name)
        if draft_name in LEAD_DRAFTS:
            cells = {"followup_status": R.FOLLOWUP_SENT, **self._touch(referral)}
            return self._write(referral, cells, who, "Touch", f"{draft_name} sent")
        if draft_name == "decline":
            return self._write(referral, {}, who, "Touch", "decline sent to the lead")
        raise ValidationError({"draft": f"Unknown draft '{draft_name}'."})


def _touch_draft(referral: Referral) -> str:
    return {0: "first_contact", 1: "second_touch"}.get(referral.touch_count, "third_touch")
