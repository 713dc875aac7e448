"""The sweep: one read of the log, the cadence decides what is due, DMs go out, and every change
goes back in one write. Reminders go out as one list per person per working morning, and
escalations as one review post (bot/services/morning.py); only an urgent first contact (an SLA
in hours) is nudged on its own, the moment it falls due. Nudge state lives in the sheet, so a
restart neither repeats nor loses one: a nudge is marked only once its DM was sent, and one that
failed is tried again next sweep."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

from bot.domain import steps as S
from bot.domain import transitions as T
from bot.domain.cadence import (
    STAGE_LAST,
    CadencePolicy,
    DueStep,
    PendingStep,
    due_steps,
    next_due,
    pending_after_snoozes,
)
from bot.domain.calendar import WorkingCalendar, calendar_for, parse_working_hours, zone_or
from bot.domain.morning import URGENT_FIRST_CONTACT_HOURS, is_urgent
from bot.domain.referral import Activity, Referral, TeamMember
from bot.errors import ValidationError
from bot.log.base import Snapshot
from bot.services import messages as msg
from bot.services.adoption import adopt_typed_rows
from bot.services.context import ServiceContext
from bot.services.dashboard import DashboardRefresh
from bot.services.morning import MorningRound
from bot.services.serial import ReferralLocks

logger = logging.getLogger(__name__)

BOT = "Referral Desk"
NUDGE_INTENT = "nudge:"
"""Intents of nudges (nudge:<referral ID>:<nudge key>): recorded before the DM, forgotten once the
nudge is in the outbox."""


@dataclass
class SweepReport:
    nudged: list[tuple[str, str]] = field(default_factory=list)
    escalated: list[tuple[str, str]] = field(default_factory=list)
    """Steps escalated for the first time, in this sweep's morning review post."""
    failed: list[tuple[str, str]] = field(default_factory=list)
    adopted: list[str] = field(default_factory=list)
    edits: list[tuple[str, str]] = field(default_factory=list)
    listed: list[tuple[str, str]] = field(default_factory=list)
    """Steps in the morning lists sent: (referral ID, step), like `nudged`."""
    lists: list[tuple[str, int]] = field(default_factory=list)
    """Morning lists sent: (Slack user ID, steps it holds, counting those past the limit)."""
    reviewed: list[tuple[str, str]] = field(default_factory=list)
    """Lines of the morning review post sent: (referral ID, step or "reward")."""


@dataclass
class SheetEdits:
    """What a person changed in a row since the bot last looked: a new owner typed in, and
    each change in words for the messages redrawn ("set the stage to Won")."""

    new_owner: TeamMember | None = None
    what: list[str] = field(default_factory=list)


def calendar_of(ctx: ServiceContext, snapshot: Snapshot, user_id: str) -> WorkingCalendar:
    """Team tab first, then the Slack profile's time zone, then the firm's defaults."""
    s = ctx.settings
    member = snapshot.member(user_id)
    # The Team tab's zone wins, so Slack is asked only when the tab has none: a capture plans its
    # first step before the modal is answered, and must not wait on users.info.
    known = member is not None and zone_or(member.time_zone, "")
    slack_tz = ctx.notifier.user_tz(user_id) if user_id and not known else None
    hours = parse_working_hours(s.default_working_hours)
    return calendar_for(member, slack_tz or s.firm_timezone, hours, s.holidays)


class Planner:
    """The cadence policy and each person's working calendar for one snapshot, built once: the
    sweep asks for them for every referral of the log."""

    def __init__(self, ctx: ServiceContext, snapshot: Snapshot):
        self.ctx, self.snapshot = ctx, snapshot
        self.policy = CadencePolicy.from_settings(ctx.settings)
        self.tz = ctx.tz
        """The firm's time zone, looked up once (a setting read costs, asked per referral)."""
        self._calendars: dict[str, WorkingCalendar] = {}

    def calendar(self, user_id: str) -> WorkingCalendar:
        if user_id not in self._calendars:
            self._calendars[user_id] = calendar_of(self.ctx, self.snapshot, user_id)
        return self._calendars[user_id]

    def calendars(self, referral: Referral) -> tuple[WorkingCalendar, WorkingCalendar]:
        return self.calendar(referral.owner_slack_id), self.calendar(
            referral.thankyou_owner_slack_id
        )

    def due(self, referral: Referral) -> list[DueStep]:
        owner, thanks = self.calendars(referral)
        return due_steps(referral, self.ctx.now(), owner, thanks, self.policy, self.tz)

    def pending(self, referral: Referral) -> list[PendingStep]:
        """Every step still to do, each at its own track's due time (after that track's snooze)."""
        owner, thanks = self.calendars(referral)
        return pending_after_snoozes(referral, owner, thanks, self.policy, self.tz)

    def next_step(self, referral: Referral) -> dict[str, str]:
        """Next step and its due time, for the sheet's columns."""
        due = None
        if referral.is_open:
            owner, thanks = self.calendars(referral)
            due = next_due(referral, owner, thanks, self.policy, self.tz)
        if due is None:
            return {"next_step": "", "next_followup_due": ""}
        return {
            "next_step": S.step(due.step).name,
            "next_followup_due": self.ctx.stamp(due.due_at),
        }


def plan_next(
    ctx: ServiceContext, referral: Referral, snapshot: Snapshot | None = None
) -> dict[str, str]:
    return Planner(ctx, snapshot or ctx.snapshot()).next_step(referral)


class Sweep:
    def __init__(self, ctx: ServiceContext, locks: ReferralLocks | None = None):
        self.ctx = ctx
        self.dashboard = DashboardRefresh(ctx)
        self.locks = locks or ReferralLocks()
        """The answers' locks (bot/services/serial.py): the sweep acts on a referral only while
        no answer does, and looks again at one an answer changed since the sweep's read."""

        self._intents: list[str] = []

    def run(self) -> SweepReport:
        """Every change is queued in the durable outbox the moment it is made, so a process
        killed mid-sweep has recorded every nudge it sent; the log holds them back until the
        end and sends them together: one values call for the rows. Their Activity rows wait in
        the outbox for the next batch of new rows, or the end of their ride (bot/log/riding.py)."""
        since = self.locks.mark()  # before the read: an answer after it is looked at again
        snapshot = self.ctx.snapshot(fresh=True)
        planner = Planner(self.ctx, snapshot)
        report = SweepReport()
        morning = MorningRound(self.ctx, planner)
        with self.ctx.log.holding():
            self._settle_earlier_nudges(snapshot)
            for referral in snapshot.referrals:
                with self.locks.hold(referral.id):
                    current = self._as_now(referral, since)
                    if current is not None:
                        morning.collect(self._one(current, planner, report))
            morning.send(report)
            self.dashboard.run(snapshot)  # when due; rides in the same values write
        report.adopted = adopt_typed_rows(self.ctx, snapshot)
        return report

    def _settle_earlier_nudges(self, snapshot: Snapshot) -> None:
        """An intent left by an earlier sweep means it was killed between a nudge DM and its
        record. The DM's history says whether the nudge went out: if it did, it is recorded now,
        also when the step is no longer due (the person did get it); either way the intent is
        forgotten, and a step still due is nudged by this sweep as usual."""
        for key, stamp in self.ctx.log.intents_starting(NUDGE_INTENT).items():
            referral_id, nudge_key = key.removeprefix(NUDGE_INTENT).split(":", 1)
            with self.locks.hold(referral_id):
                referral = self.ctx.snapshot().find(referral_id)
                if referral is not None:
                    self._record_if_sent(referral, nudge_key, stamp, snapshot)
                self.ctx.log.forget_intent(key)

    def _record_if_sent(self, referral: Referral, nudge_key: str, stamp: str, snapshot) -> None:
        declared = S.step(nudge_key)
        recipient = S.owner_id_of(referral, declared.track)
        notifier = self.ctx.notifier
        if not recipient or not notifier.nudge_sent(referral, declared.key, recipient, stamp):
            return
        nudges = {**referral.nudges, nudge_key: stamp}
        person = snapshot.member(recipient)
        reminded = f"{declared.says(referral)}: reminded {person.name if person else recipient}"
        note = self.ctx.activity(referral.id, BOT, "Nudge sent", reminded)
        self._record(referral, {"nudge_state": json.dumps(nudges, sort_keys=True)}, [note])

    def _as_now(self, referral: Referral, since: int) -> Referral | None:
        """The referral as the sweep's read shows it, unless an answer changed it since: then
        as it is now, with that answer's writes (None if it was withdrawn or forgotten)."""
        if not self.locks.changed_since(referral.id, since):
            return referral
        return self.ctx.snapshot().find(referral.id)

    def remind(self, referral_id: str, actor, step_key: str) -> Referral:
        """A coordinator asks for a step to be reminded again now, from its escalation."""
        snapshot = self.ctx.snapshot()
        coordinator = self.ctx.require_coordinator(actor, snapshot)
        referral = self.ctx.referral(referral_id, snapshot)
        declared = S.step(step_key)
        recipient = S.owner_id_of(referral, declared.track)
        if not recipient:
            raise ValidationError({"referral": msg.nobody_owes_step(referral.id)})
        sender = S.owner_name_of(referral, declared.track)
        draft = self.ctx.draft(declared.draft_for(referral), referral, sender=sender)
        self.ctx.notifier.nudge(referral, declared.key, recipient, draft, True)
        person = snapshot.member(recipient)
        details = f"{declared.says(referral)}: reminded {person.name if person else recipient}"
        note = self.ctx.activity(referral.id, coordinator.name, "Nudge sent", details)
        self.ctx.log.update({}, [note])
        return referral

    def _record(self, referral: Referral, cells: dict[str, str], events: list) -> Referral:
        if cells or events:
            self.ctx.log.update({referral.id: cells} if cells else {}, events)
        return referral.with_changes(cells) if cells else referral

    def _one(self, referral: Referral, planner: Planner, report: SweepReport) -> Referral:
        """The referral's edits, urgent nudge and planned next step; returns it as written."""
        snapshot = planner.snapshot
        cells, events, edits = self._human_edits(referral, snapshot, report)
        current = self._record(referral, cells, events)
        urgent = planner.policy.first_contact_due_hours < URGENT_FIRST_CONTACT_HOURS
        for step in planner.due(current) if urgent else ():
            if not (step.nudge and is_urgent(step.step, planner.policy.first_contact_due_hours)):
                continue  # everything else waits for its owner's morning list
            nudges = dict(current.nudges)
            events = self._act(current, step, snapshot, nudges, report)
            marked = {"nudge_state": json.dumps(nudges, sort_keys=True)}
            current = self._record(current, marked if nudges != current.nudges else {}, events)
            self._forget_intents()  # the nudge state is in the durable outbox now
        planned = planner.next_step(current)
        changed = {k: v for k, v in planned.items() if getattr(current, k) != v}
        current = self._record(current, changed, [])
        if edits.what:
            self._show_edits(current, edits)
        return current

    def _show_edits(self, referral: Referral, edits: SheetEdits) -> None:
        """A person changed the row in the sheet: a new owner gets the new-referral DM, and every
        DM and App Home already showing it is redrawn (the old owner's without its buttons, a
        closed one without any), so no button is left acting on what the sheet no longer says."""
        notifier, where = self.ctx.notifier, ""
        if edits.new_owner is not None:
            draft = S.touch_step(referral.touch_count + 1).draft
            where = notifier.owner_assigned(
                referral, edits.new_owner.slack_user_id, self.ctx.draft(draft, referral)
            )
        redraw = getattr(notifier, "redraw", None)
        if redraw is not None:
            what = "; ".join(edits.what) + " in the sheet"
            try:
                redraw(referral, "Someone", what, where)
            except Exception:  # the edit is written; a message left as it was is not worth more
                logger.exception("redrawing the messages about %s failed", referral.id)

    def _act(self, referral: Referral, step: DueStep, snapshot: Snapshot, nudges: dict, report):
        """Nudge an urgent step at once; mark it in the nudge state only once Slack took it, so
        a failed DM is tried again next sweep and a sent one is never repeated. (Nobody to nudge:
        the coordinators' morning review lists it.)"""
        ctx, events = self.ctx, []
        declared = step.declared
        recipient = S.owner_id_of(referral, declared.track)
        stamp = ctx.now().isoformat(timespec="seconds")
        label = declared.says(referral)
        if step.nudge and recipient:
            sender = S.owner_name_of(referral, declared.track)
            draft = ctx.draft(declared.draft_for(referral), referral, sender=sender)
            if not self._nudge_once(referral, step, recipient, draft):
                report.failed.append((referral.id, step.step))
                return events
            nudges[step.key] = stamp
            person = snapshot.member(recipient)
            reminded = f"{label}: reminded {person.name if person else recipient}"
            events.append(ctx.activity(referral.id, BOT, "Nudge sent", reminded))
            report.nudged.append((referral.id, step.step))
        return events

    def _nudge_once(self, referral: Referral, step: DueStep, recipient: str, draft) -> bool:
        """Exactly once across crashes: the intent is recorded before the DM and forgotten once
        the nudge state is queued; one a killed sweep left behind is settled from Slack's DM
        history at the next sweep's start (nudges carry their referral and step in message
        metadata), so a nudge is never sent twice nor left unrecorded."""
        key = f"{NUDGE_INTENT}{referral.id}:{step.key}"
        self.ctx.log.intend(key, self.ctx.now().isoformat(timespec="seconds"))
        notifier = self.ctx.notifier
        if not self._sent(notifier.nudge, referral, step.step, recipient, draft, step.escalate):
            return False  # the intent stays: the next sweep looks in the DM before trying again
        self._intents.append(key)
        return True

    def _forget_intents(self) -> None:
        for key in self._intents:
            self.ctx.log.forget_intent(key)
        self._intents.clear()

    @staticmethod
    def _sent(send, *args) -> bool:
        try:
            return bool(send(*args))
        except Exception:  # one referral's failed DM must not stop the sweep for the others
            logger.exception("sending a nudge failed; the next sweep tries again")
            return False

    def _human_edits(self, referral: Referral, snapshot: Snapshot, report: SweepReport):
        """Owner or stage changed by a person in the sheet since the bot last looked."""
        cells: dict[str, str] = {}
        events = []
        edits = SheetEdits(self._retyped_owner(referral, snapshot))
        if edits.new_owner is not None:
            cells["owner_slack_id"] = edits.new_owner.slack_user_id
            events.append(self._sheet_edit(referral, f"owner changed to {edits.new_owner.name}"))
            report.edits.append((referral.id, "owner"))
            edits.what.append(f"changed the owner to {edits.new_owner.name}")
        seen = referral.nudges.get(STAGE_LAST)
        if seen and seen != referral.stage:
            events.append(self._sheet_edit(referral, f"stage {seen} -> {referral.stage}"))
            report.edits.append((referral.id, "stage"))
            edits.what.append(f"set the stage to {referral.stage or 'blank'}")
        # Rows the bot never saw closed (an imported history) are left alone: writing a note
        # into every one of them would cost a write per row on the first sweep.
        if seen != referral.stage and (seen or referral.is_open):
            # A stage typed in the sheet starts the referrer update's clock now, and a close
            # typed there is dated like one made in Slack.
            moved = T.stage_cells(referral, referral.stage, self.ctx.now(), self.ctx.tz)
            cells["nudge_state"] = moved["nudge_state"]
            if referral.is_open == bool(referral.closed_at):
                cells["closed_at"] = moved["closed_at"]
        return cells, events, edits

    @staticmethod
    def _retyped_owner(referral: Referral, snapshot: Snapshot) -> TeamMember | None:
        """The Team member a person typed into Owner, when it is not who the bot assigned."""
        typed = referral.owner.strip()
        current = snapshot.member(referral.owner_slack_id)
        if not typed or (current is not None and current.name.casefold() == typed.casefold()):
            return None
        return snapshot.member_named(typed)

    def _sheet_edit(self, referral: Referral, details: str) -> Activity:
        return self.ctx.activity(referral.id, "Sheet", "Edited in sheet", details)
