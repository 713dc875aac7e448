"""What people do from their DMs: log a touch, snooze, reassign, close, mark a draft sent.

Each answer is checked against who may act on that track (DESIGN.md "Who may act"), decided by
the pure transitions in bot/domain/transitions.py, then written as one update with its Activity.
When someone other than the track's owner changes it, the owner is told."""

from __future__ import annotations

from datetime import datetime

from bot.domain import messages as domain_msg
from bot.domain import referral as R
from bot.domain import steps as S
from bot.domain import transitions as T
from bot.domain.referral import Activity, Referral
from bot.domain.rewards import format_amount, parse_money
from bot.domain.steps import Track
from bot.errors import AlreadyDoneError, PermissionDeniedError, ValidationError
from bot.log.base import Snapshot
from bot.services import messages as msg
from bot.services.context import ServiceContext
from bot.services.rewards import REWARD_CHANGE, won_step
from bot.services.schedule import Planner, plan_next
from bot.services.types import Actor

FOLLOWUP_STATUSES = (R.FOLLOWUP_SENT, R.WAITING_FOR_REPLY, R.NO_FURTHER_ACTION, R.FOLLOWUP_PREPARED)
TRACK_WORDS = {
    S.LEAD: "the follow-up with the lead",
    S.THANKS: "the thank-you",
    S.UPDATES: "the referrer updates",
}


def is_coordinator(actor: Actor, snapshot: Snapshot) -> bool:
    member = snapshot.member(actor.user_id)
    return member is not None and member.is_coordinator


def may_act(referral: Referral, actor: Actor, snapshot: Snapshot, track: Track) -> bool:
    """Coordinators on every track; the owner on the lead; the thank-you owner on the thank-you
    and the referrer updates (nothing on the lead)."""
    if is_coordinator(actor, snapshot):
        return True
    return bool(actor.user_id) and actor.user_id == S.owner_id_of(referral, track)


def allowed(referral: Referral, actor: Actor, snapshot: Snapshot) -> bool:
    """May act on some track of the referral (to see it, to be asked which step they mean)."""
    return any(may_act(referral, actor, snapshot, track) for track in S.TRACKS)


def _refused(referral: Referral, track: Track) -> PermissionDeniedError:
    who = S.owner_name_of(referral, track) or "its owner"
    return PermissionDeniedError(msg.track_is_theirs(TRACK_WORDS[track], referral.id, who))


class FollowThrough:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def _load(self, referral_id: str, actor: Actor, track: Track) -> tuple[Referral, Snapshot, str]:
        snapshot = self.ctx.snapshot()
        referral = self.ctx.referral(referral_id, snapshot)
        if not may_act(referral, actor, snapshot, track):
            raise _refused(referral, track)
        return referral, snapshot, self.ctx.who(actor, snapshot)

    def _decide(self, change, *args, **kwargs) -> dict[str, str]:
        try:
            return change(*args, **kwargs)
        except T.Refused as exc:
            raise ValidationError({"referral": str(exc)}) from exc

    def _write(
        self,
        referral: Referral,
        cells: dict[str, str],
        who: str,
        what: str,
        details: str,
        actor: Actor | None = None,
        track: Track = S.LEAD,
        more: tuple[Activity, ...] = (),
    ) -> Referral:
        cells = {**cells, "updated_at": self.ctx.stamp()}
        updated = referral.with_changes(cells)
        cells.update(plan_next(self.ctx, updated))
        activity = [self.ctx.activity(referral.id, who, what, details), *more]
        self.ctx.log.update({referral.id: cells}, activity)
        written = referral.with_changes(cells)
        if actor is not None:
            self._tell_owner(written, actor, track, f"{what.lower()}: {details}", who)
        return written

    def _tell_owner(self, referral: Referral, actor: Actor, track: Track, what: str, who: str):
        """Someone other than the track's owner changed it: the owner hears what and who."""
        owner_id = S.owner_id_of(referral, track)
        if owner_id and owner_id != actor.user_id:
            tell = getattr(self.ctx.notifier, "changed_by_other", None)
            if tell is not None:
                tell(referral, owner_id, who, what)

    # --- the lead's follow-up (the owner) ------------------------------------------------------

    def record_followup(
        self, referral_id: str, actor: Actor, status: str, touch: int | None = None
    ) -> Referral:
        """A follow-up status; "Follow-up sent" is touch `touch` (the next one when not said),
        counted once however many times it is recorded."""
        if status not in FOLLOWUP_STATUSES:
            raise ValidationError({"status": msg.unknown_followup_status(status)})
        referral, _, who = self._load(referral_id, actor, S.LEAD)
        if status == R.FOLLOWUP_SENT:
            return self._touch(referral, actor, who, touch, "Follow-up sent")
        cells = self._decide(T.followup_status, referral, status)
        return self._write(
            referral, cells, who, "Status change", f"follow-up status: {status}", actor
        )

    def _touch(
        self, referral: Referral, actor: Actor, who: str, number: int | None, how: str
    ) -> Referral:
        cells = self._decide(T.touch, referral, self.ctx.now(), self.ctx.tz, number)
        if not cells:
            return referral  # the same email recorded again: it was already counted
        details = f"touch {cells['touches']} sent ({how})"
        return self._write(referral, cells, who, "Touch", details, actor)

    def set_in_conversation(self, referral_id: str, actor: Actor) -> Referral:
        referral, _, who = self._load(referral_id, actor, S.LEAD)
        cells = self._decide(T.in_conversation, referral, self.ctx.now(), self.ctx.tz)
        return self._write(referral, cells, who, "Status change", "stage: In conversation", actor)

    def close(
        self, referral_id: str, actor: Actor, stage: str, reason: str = "", won_value: str = ""
    ) -> Referral:
        if stage not in R.CLOSED_STAGES:
            raise ValidationError({"stage": domain_msg.close_as_one_of(R.CLOSED_STAGES)})
        if stage == R.NOT_A_FIT and not reason.strip():
            raise ValidationError({"reason": domain_msg.say_why_not_a_fit()})
        referral, _, who = self._load(referral_id, actor, S.LEAD)
        if referral.stage == stage:
            # A repeat (typed twice, a second coordinator, a retried form): no second close,
            # Activity row or close-the-loop draft.
            raise AlreadyDoneError(msg.already_closed_as(referral.id, stage), referral)
        recipient = S.owner_id_of(referral, S.UPDATES)
        cells = self._decide(
            T.close,
            referral,
            stage,
            reason,
            self.ctx.now(),
            self.ctx.tz,
            draft_sent_at_once=bool(recipient),
        )
        details = f"closed as {stage} {reason}".strip()
        reward = self._won_reward(referral, stage, won_value, cells)
        closed = self._write(
            referral,
            {**cells, **(reward.cells if reward else {})},
            who,
            "Status change",
            details,
            actor,
            more=(self.ctx.activity(referral.id, who, REWARD_CHANGE, reward.details),)
            if reward
            else (),
        )
        # The reward's review item is in the coordinators' next morning review post (and App
        # Home), not a post of its own.
        step = S.REFERRER_UPDATE
        sender = S.owner_name_of(closed, S.UPDATES)
        draft = self.ctx.draft(step.draft_for(closed), closed, sender=sender, reason=reason.strip())
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
            amount = parse_money(won_value, self.ctx.settings.decimal_comma)
            if amount is None or amount < 0:
                raise ValidationError({"won_value": msg.not_an_amount(won_value)})
            cells["won_value"] = format_amount(amount)
        return won_step(self.ctx, referral.with_changes(cells))

    # --- any track ------------------------------------------------------------------------------

    def default_track(self, referral: Referral, actor: Actor, snapshot: Snapshot) -> Track:
        """The track a person means when they do not say: the one they owe, the lead first for a
        coordinator or an owner who also thanks."""
        if actor.user_id == referral.owner_slack_id or is_coordinator(actor, snapshot):
            return S.LEAD
        if referral.thankyou_status != R.THANKYOU_SENT and referral.is_open:
            return S.THANKS
        return S.UPDATES

    def snooze(
        self, referral_id: str, actor: Actor, until: datetime, track: Track | None = None
    ) -> Referral:
        snapshot = self.ctx.snapshot()
        referral = self.ctx.referral(referral_id, snapshot)
        track = track or self.default_track(referral, actor, snapshot)
        if not may_act(referral, actor, snapshot, track):
            raise _refused(referral, track)
        who = self.ctx.who(actor, snapshot)
        try:
            cells = T.snooze(referral, track, until, self.ctx.now(), self.ctx.tz)
        except T.Refused as exc:
            raise ValidationError({"until": str(exc)}) from exc
        details = f"{TRACK_WORDS[track]} until {self.ctx.stamp(until)}"
        return self._write(referral, cells, who, "Snoozed", details, actor, track)

    def reassign(
        self, referral_id: str, actor: Actor, new_owner_id: str, track: Track = S.LEAD
    ) -> Referral:
        referral, snapshot, who = self._load(referral_id, actor, track)
        member = snapshot.member(new_owner_id)
        if member is None:
            raise ValidationError({"owner": msg.not_on_team_tab()})
        cells = self._decide(T.reassign, referral, track, member.name, member.slack_user_id)
        details = f"{TRACK_WORDS[track]} reassigned to {member.name}"
        previous = S.owner_id_of(referral, track)
        updated = self._write(referral, cells, who, "Assigned", details)
        if previous and previous not in (actor.user_id, member.slack_user_id):
            self._tell_owner(referral, actor, track, details, who)
        self._hand_over(updated, track, member.slack_user_id)
        return updated

    def _hand_over(self, referral: Referral, track: Track, user_id: str) -> None:
        """The new person gets the step they now owe, with its draft."""
        notifier = self.ctx.notifier
        if track == S.LEAD:
            step = S.touch_step(referral.touch_count + 1)
            draft = self.ctx.draft(step.draft, referral, sender=referral.owner)
            notifier.owner_assigned(referral, user_id, draft)
        elif track == S.THANKS and referral.thankyou_status != R.THANKYOU_SENT:
            draft = self.ctx.draft(S.THANK_YOU.draft, referral, sender=referral.thankyou_owner)
            notifier.thankyou_assigned(referral, user_id, draft)

    def reopen(self, referral_id: str, actor: Actor) -> Referral:
        snapshot = self.ctx.snapshot()
        coordinator = self.ctx.require_coordinator(actor, snapshot)
        referral = self.ctx.referral(referral_id, snapshot)
        cells = self._decide(T.reopen, referral, self.ctx.now(), self.ctx.tz)
        details = f"reopened as {cells['stage']}"
        return self._write(referral, cells, coordinator.name, "Status change", details, actor)

    def mark_sent(self, referral_id: str, actor: Actor, draft_name: str) -> Referral:
        """A draft was sent. A lead draft is its own touch (the first contact is touch 1), so it
        is counted once even if "Follow-up sent" was pressed for the same email."""
        track = S.track_of_draft(draft_name)
        if track is None:
            raise ValidationError({"draft": msg.unknown_draft(draft_name)})
        referral, _, who = self._load(referral_id, actor, track)
        if draft_name in S.TOUCH_DRAFTS:
            return self._touch(
                referral, actor, who, S.TOUCH_DRAFTS[draft_name], f"{draft_name} marked sent"
            )
        if draft_name == "decline":
            return self._write(referral, {}, who, "Touch", "decline sent to the lead", actor)
        if draft_name == S.ASK_REFERRER_FIRST:
            # Not a touch: the lead has not heard from us; the owner waits for the referrer.
            return self._write(referral, {}, who, "Referrer asked", "to check with the lead", actor)
        if track == S.THANKS:
            cells = self._decide(T.thanked, referral, self.ctx.now(), self.ctx.tz)
            if not cells:
                return referral
            return self._write(referral, cells, who, "Thank-you sent", draft_name, actor, track)
        cells = T.told(referral, self.ctx.now(), self.ctx.tz)
        return self._write(referral, cells, who, "Referrer updated", draft_name, actor, track)

    def mark_done(self, referral_id: str, actor: Actor) -> tuple[Referral, str]:
        """A typed "sent" with nothing else to go on: the step this person owes that is due
        first. The thank-you owner's "R-0011 sent" is the thank-you, never a touch on the lead.
        Returns the referral and the draft (or step) marked."""
        snapshot = self.ctx.snapshot()
        referral = self.ctx.referral(referral_id, snapshot)
        planner = Planner(self.ctx, snapshot)
        owed = [
            p
            for p in planner.pending(referral)
            if actor.user_id == S.owner_id_of(referral, p.track)
        ]
        if not owed and is_coordinator(actor, snapshot):
            owed = planner.pending(referral)
        if not owed:
            if allowed(referral, actor, snapshot):
                raise ValidationError({"referral": msg.nothing_waiting_on_you(referral.id)})
            raise _refused(referral, S.LEAD)
        # A referrer is thanked before being updated: the thank-you goes first whatever the
        # update's due time (a first contact makes the update due at once).
        first = min(owed, key=lambda p: (p.step != S.THANK_YOU.key, p.due_at))
        draft = S.step(first.step).draft_for(referral)
        if first.track == S.LEAD and first.step == S.CLOSE_NO_RESPONSE.key:
            raise ValidationError({"referral": msg.touches_done(referral.id)})
        return self.mark_sent(referral_id, actor, draft), draft
