"""The sweep: one read of the log, the cadence decides what is due, DMs go out, and every change
goes back in one write. Nudge state lives in the sheet, so a restart neither repeats nor loses one:
a nudge is marked only once its DM was sent, and one that failed is tried again next sweep."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

from bot.domain import referral as R
from bot.domain.cadence import (
    ESCALATED,
    STAGE_LAST,
    CadencePolicy,
    DueStep,
    due_steps,
    mark_nudged,
    next_due,
)
from bot.domain.calendar import WorkingCalendar, calendar_for, parse_working_hours
from bot.domain.referral import Activity, Referral, TeamMember
from bot.log.base import Snapshot
from bot.services.adoption import adopt_typed_rows
from bot.services.context import ServiceContext

logger = logging.getLogger(__name__)

STEP_DRAFTS = {
    "thank_you": "acknowledgment",
    "first_contact": "first_contact",
    "second_touch": "second_touch",
    "third_touch": "third_touch",
    "close_no_response": "close_no_response",
    "periodic_update": "periodic_update",
}
STEP_LABELS = {
    "thank_you": "Thank the referrer",
    "first_contact": "First contact",
    "second_touch": "Second touch",
    "third_touch": "Third touch",
    "close_no_response": "Close as No response",
    "referrer_update": "Update the referrer",
    "periodic_update": "Update the referrer",
}
BOT = "Referral Desk"

CLOSE_DRAFTS = {
    R.WON: "close_won",
    R.NOT_A_FIT: "close_not_a_fit",
    R.NO_RESPONSE: "close_no_response",
}


@dataclass
class SweepReport:
    nudged: list[tuple[str, str]] = field(default_factory=list)
    escalated: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    adopted: list[str] = field(default_factory=list)
    edits: list[tuple[str, str]] = field(default_factory=list)


def calendar_of(ctx: ServiceContext, snapshot: Snapshot, user_id: str) -> WorkingCalendar:
    """Team tab first, then the Slack profile's time zone, then the firm's defaults."""
    s = ctx.settings
    default_tz = (ctx.notifier.user_tz(user_id) if user_id else None) or s.firm_timezone
    hours = parse_working_hours(s.default_working_hours)
    return calendar_for(snapshot.member(user_id), default_tz, hours, s.holidays)


class Planner:
    """The cadence policy and each person's working calendar for one snapshot, built once: the
    sweep asks for them for every referral of the log."""

    def __init__(self, ctx: ServiceContext, snapshot: Snapshot):
        self.ctx, self.snapshot = ctx, snapshot
        self.policy = CadencePolicy.from_settings(ctx.settings)
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
        return due_steps(referral, self.ctx.now(), owner, thanks, self.policy, self.ctx.tz)

    def next_step(self, referral: Referral) -> dict[str, str]:
        """Next step and its due time, for the sheet's columns."""
        due = None
        if referral.is_open:
            owner, thanks = self.calendars(referral)
            due = next_due(referral, owner, thanks, self.policy, self.ctx.tz)
        if due is None:
            return {"next_step": "", "next_followup_due": ""}
        return {"next_step": STEP_LABELS[due.step], "next_followup_due": self.ctx.stamp(due.due_at)}


def plan_next(
    ctx: ServiceContext, referral: Referral, snapshot: Snapshot | None = None
) -> dict[str, str]:
    return Planner(ctx, snapshot or ctx.snapshot()).next_step(referral)


class Sweep:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def run(self) -> SweepReport:
        """Every change is queued in the durable outbox the moment it is made, so a process
        killed mid-sweep has recorded every nudge it sent; the log holds them back until the
        end and sends them together: one values call for the rows, one Activity append."""
        snapshot = self.ctx.snapshot(fresh=True)
        planner = Planner(self.ctx, snapshot)
        report = SweepReport()
        with self.ctx.log.holding():
            for referral in snapshot.referrals:
                self._one(referral, planner, report)
        report.adopted = adopt_typed_rows(self.ctx, snapshot)
        return report

    def _record(self, referral: Referral, cells: dict[str, str], events: list) -> Referral:
        if cells or events:
            self.ctx.log.update({referral.id: cells} if cells else {}, events)
        return referral.with_changes(cells) if cells else referral

    def _one(self, referral: Referral, planner: Planner, report: SweepReport) -> None:
        snapshot = planner.snapshot
        current = self._record(referral, *self._human_edits(referral, snapshot, report))
        for step in planner.due(current):
            nudges = dict(current.nudges)
            events = self._act(current, step, snapshot, nudges, report)
            marked = {"nudge_state": json.dumps(nudges, sort_keys=True)}
            current = self._record(current, marked if nudges != current.nudges else {}, events)
        planned = planner.next_step(current)
        self._record(current, {k: v for k, v in planned.items() if getattr(current, k) != v}, [])

    def _act(self, referral: Referral, step: DueStep, snapshot: Snapshot, nudges: dict, report):
        """Send what is due; mark it in the nudge state only once Slack took it, so a failed DM
        is tried again next sweep and a sent one is never repeated."""
        ctx, events = self.ctx, []
        recipient = (
            referral.owner_slack_id if step.who == "owner" else referral.thankyou_owner_slack_id
        ) or referral.owner_slack_id
        stamp = ctx.now().isoformat(timespec="seconds")
        if step.nudge and recipient:
            sender = referral.owner if step.who == "owner" else referral.thankyou_owner
            draft = ctx.draft(self._draft_name(referral, step), referral, sender=sender)
            if not self._sent(
                ctx.notifier.nudge, referral, step.step, recipient, draft, step.escalate
            ):
                report.failed.append((referral.id, step.step))
                return events
            nudges[step.key] = stamp
            person = snapshot.member(recipient)
            reminded = f"{STEP_LABELS[step.step]}: reminded {person.name if person else recipient}"
            events.append(ctx.activity(referral.id, BOT, "Nudge sent", reminded))
            report.nudged.append((referral.id, step.step))
        # Nobody to nudge (no owner yet): coordinators hear of it once, not every sweep.
        unowned = not recipient and ESCALATED + step.key not in nudges
        if step.escalate or unowned:
            coordinators = [m.slack_user_id for m in snapshot.team if m.is_coordinator]
            if not self._sent(ctx.notifier.escalate, referral, step.step, coordinators):
                report.failed.append((referral.id, f"escalate {step.step}"))
                return events
            nudges[ESCALATED + step.key] = stamp
            told = f"{STEP_LABELS[step.step]} overdue: coordinators told"
            events.append(ctx.activity(referral.id, BOT, "Escalated", told))
            report.escalated.append((referral.id, step.step))
        return events

    @staticmethod
    def _sent(send, *args) -> bool:
        try:
            return bool(send(*args))
        except Exception:  # one referral's failed DM must not stop the sweep for the others
            logger.exception("sending a nudge failed; the next sweep tries again")
            return False

    def _draft_name(self, referral: Referral, step: DueStep) -> str:
        if step.step == "referrer_update":
            return CLOSE_DRAFTS.get(referral.stage, "status_update")
        return STEP_DRAFTS[step.step]

    def _human_edits(self, referral: Referral, snapshot: Snapshot, report: SweepReport):
        """Owner or stage changed by a person in the sheet since the bot last looked."""
        cells: dict[str, str] = {}
        events = []
        new_owner = self._retyped_owner(referral, snapshot)
        if new_owner is not None:
            cells["owner_slack_id"] = new_owner.slack_user_id
            events.append(self._sheet_edit(referral, f"owner changed to {new_owner.name}"))
            report.edits.append((referral.id, "owner"))
            updated = referral.with_changes(cells)
            draft = "first_contact" if updated.touch_count == 0 else "second_touch"
            self.ctx.notifier.owner_assigned(
                updated, new_owner.slack_user_id, self.ctx.draft(draft, updated)
            )
        seen = referral.nudges.get(STAGE_LAST)
        if seen and seen != referral.stage:
            events.append(self._sheet_edit(referral, f"stage {seen} -> {referral.stage}"))
            report.edits.append((referral.id, "stage"))
        # Rows the bot never saw closed (an imported history) are left alone: writing a note
        # into every one of them would cost a write per row on the first sweep.
        if seen != referral.stage and (seen or referral.is_open):
            cells["nudge_state"] = mark_nudged(
                referral.nudges, STAGE_LAST, self.ctx.now(), value=referral.stage
            )
        return cells, events

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
