"""The morning round, run inside the sweep: each person's one reminder list, and the coordinators'
one review post, per working morning (the rules are in bot/domain/morning.py).

Exactly once, across retries and restarts, the way single nudges are: before a list is sent its
record (the day, the lines) is kept durably as an intent; once Slack took it the record says
where the message is (so it can be redrawn in place as people act on it, and retired by the next
morning's list); a record left "intended" by a killed process means the DM may be out, so Slack's
DM history (the list carries its day in message metadata) is asked before sending again. Each
step's first listing is marked in its row's nudge state, which is what escalation counts from.
The record stays after the outcome is known, overwritten by the next morning's: it is the only
place the message's address is kept."""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime

from bot.domain import steps as S
from bot.domain.cadence import ESCALATED, PendingStep
from bot.domain.morning import (
    Owed,
    end_of_day,
    escalation_due,
    is_escalated,
    listed_at,
    morning_now,
    needs_listing,
    owed_today,
    parse_time_of_day,
)
from bot.domain.referral import Activity, Referral
from bot.services.context import ServiceContext
from bot.services.rewards import queue
from bot.services.types import REWARD_ITEM, ListLine, MorningList

logger = logging.getLogger(__name__)

BOT = "Referral Desk"
RECORD = "morning:"
REVIEW = "review"
"""The review post's record is kept under "morning:review"; people's under their Slack ID."""
LIST_MAX = 20
"""Lines per message: each line is two blocks (text, buttons), so 20 lines with the heading
and the "N more" note stay well inside Slack's 50 blocks per message."""
INTENDED, SENT, EMPTY = "intended", "sent", "empty"


@dataclass(frozen=True)
class Record:
    day: str = ""
    state: str = ""
    at: str = ""
    where: str = ""
    items: list[str] = field(default_factory=list)
    more: int = 0
    new: list[str] = field(default_factory=list)
    """In the review post: the lines escalated that morning."""
    retire: str = ""
    """An earlier morning's message still to be redrawn without buttons."""

    @classmethod
    def load(cls, text: str) -> Record:
        try:
            data = json.loads(text) if text else {}
        except ValueError:
            return cls()
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})

    def dump(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    def done_for(self, day: date) -> bool:
        return self.day == day.isoformat() and self.state in (SENT, EMPTY)


def record_of(ctx: ServiceContext, whose: str) -> Record:
    return Record.load(ctx.log.intent(RECORD + whose))


def keep(ctx: ServiceContext, whose: str, record: Record) -> None:
    ctx.log.intend(RECORD + whose, record.dump())


class MorningRound:
    """Collects, referral by referral during the sweep, what each person owes and what is
    overdue; then sends the lists whose morning it is, and the review post."""

    def __init__(self, ctx: ServiceContext, planner):
        self.ctx, self.planner = ctx, planner
        self.now = ctx.now()
        self.at = parse_time_of_day(ctx.settings.morning_reminder_time)
        self.escalate_after = planner.policy.escalate_after_working_days
        self._days: dict[str, date | None] = {}
        self.owed: dict[str, list[Owed]] = defaultdict(list)
        self.overdue: list[ListLine] = []
        self.latest: dict[str, Referral] = {}
        self.marks: dict[str, dict[str, str]] = defaultdict(dict)
        self.events: dict[str, list[Activity]] = defaultdict(list)
        self.review_day = self._day_for(REVIEW)

    # --- whose morning it is --------------------------------------------------------------------

    def _day_for(self, whose: str) -> date | None:
        """The day whose list (or review post) is due now and not yet sent, else None."""
        if whose not in self._days:
            calendar = self.planner.calendar("" if whose == REVIEW else whose)
            day = morning_now(calendar, self.now, self.at)
            if day is not None and record_of(self.ctx, whose).done_for(day):
                day = None
            self._days[whose] = day
        return self._days[whose]

    def wanted(self, referral: Referral) -> bool:
        people = {referral.owner_slack_id, referral.thankyou_owner_slack_id} - {""}
        return self.review_day is not None or any(self._day_for(p) for p in people)

    # --- collecting -----------------------------------------------------------------------------

    def collect(self, referral: Referral) -> None:
        """Called with each referral as the sweep leaves it."""
        if not self.wanted(referral):
            return
        self.latest[referral.id] = referral
        for pending in self.planner.pending(referral):
            owes = S.owner_id_of(referral, pending.track)
            if owes and self._day_for(owes) and not self._reminded_today(referral, pending, owes):
                self.owed[owes].append(Owed(referral, pending.step, pending.key, pending.due_at))
            if self.review_day is not None:
                self._review_line(referral, pending, owes)

    def _reminded_today(self, referral: Referral, pending: PendingStep, owes: str) -> bool:
        """An urgent first contact nudged at once today is not repeated in today's list."""
        listed = listed_at(referral, pending, self.planner.tz)
        zone = self.planner.calendar(owes).zone
        return listed is not None and listed.astimezone(zone).date() == self._days[owes]

    def _review_line(self, referral: Referral, pending: PendingStep, owes: str) -> None:
        if pending.due_at > self.now:
            return
        escalated = is_escalated(referral.nudges, pending.key)
        if owes:
            calendar = self.planner.calendar(owes)
            new = escalation_due(
                referral, pending, calendar, self.now, self.escalate_after, self.planner.tz
            )
        else:
            new = not escalated  # nobody to remind: coordinators hear of it the first morning
        if new or escalated:
            # Its draft is rendered only if it is among the lines the post shows (_send_review).
            line = line_of(
                self.ctx, referral, pending.key, pending.due_at, owes, new=new, draft=False
            )
            self.overdue.append(line)

    # --- sending --------------------------------------------------------------------------------

    def send(self, report) -> None:
        for whose, day in list(self._days.items()):
            if day is not None and whose != REVIEW:
                self._send_list(whose, day, report)
        if self.review_day is not None:
            self._send_review(self.review_day, report)

    def _send_list(self, user_id: str, day: date, report) -> None:
        calendar = self.planner.calendar(user_id)
        owed = owed_today(self.owed.get(user_id, []), self.now, end_of_day(calendar, day))
        # Drafts for the lines shown only: an owner with thousands of open referrals costs a
        # sort of what they owe, not a draft rendered for each.
        lines = [line_of(self.ctx, o.referral, o.key, o.due_at, user_id) for o in owed[:LIST_MAX]]
        morning = MorningList(day, lines, max(0, len(owed) - LIST_MAX))
        where = self._once(user_id, morning, report)
        if where:
            person = self.planner.snapshot.member(user_id)
            name = person.name if person else user_id
            for line in morning.lines:
                self._mark_listed(line, f"listed in {name}'s morning reminders")
            self._write_marks(morning)
            report.lists.append((user_id, len(owed)))
            report.listed += [_reported(line) for line in morning.lines]

    def _send_review(self, day: date, report) -> None:
        rewards = queue(list(self.latest.values())).awaiting
        reward_lines = [
            ListLine(f"{r.id}|{REWARD_ITEM}", r, REWARD_ITEM) for r in sorted(rewards, key=_rid)
        ]
        overdue = sorted(self.overdue, key=lambda line: (not line.new, line.due_at, line.item))
        lines = overdue + reward_lines
        shown = [_with_draft(self.ctx, line) for line in lines[:LIST_MAX]]
        morning = MorningList(day, shown, max(0, len(lines) - LIST_MAX))
        if self._once(REVIEW, morning, report):
            for line in morning.lines:
                if line.new and line.referral is not None:
                    self._mark_escalated(line)
                    report.escalated.append(_reported(line))
            self._write_marks(morning)
            report.reviewed += [_reported(line) for line in morning.lines]

    def _once(self, whose: str, morning: MorningList, report) -> str:
        """Send `morning` for `whose` exactly once; where it went, or "" (nothing to send, or
        Slack refused: then the intent stays and the next sweep asks the DM history first)."""
        ctx, notifier = self.ctx, self.ctx.notifier
        record = record_of(ctx, whose)
        today = morning.day.isoformat()
        retire = record.where if record.day != today and record.where else record.retire
        if record.day == today and record.state == INTENDED:
            found = self._already_out(whose, morning.day, record.at)
            if found:
                keep(ctx, whose, replace(record, state=SENT, where=found))
                return found
        if not morning.lines:
            keep(ctx, whose, Record(today, EMPTY, retire=self._retired(retire)))
            return ""
        stamp = self.now.isoformat(timespec="seconds")
        items = [line.item for line in morning.lines]
        new = [line.item for line in morning.lines if line.new]
        intended = Record(today, INTENDED, stamp, "", items, morning.more, new, retire)
        keep(ctx, whose, intended)
        if whose == REVIEW:
            coordinators = [m.slack_user_id for m in self.planner.snapshot.team if m.is_coordinator]
            where = _sent(notifier.morning_review, morning, coordinators)
        else:
            where = _sent(notifier.reminder_list, whose, morning)
        if not where:
            report.failed.append(("", f"morning list for {whose}"))
            return ""
        keep(ctx, whose, replace(intended, state=SENT, where=where, retire=self._retired(retire)))
        return where

    def _retired(self, where: str) -> str:
        """Redraw an earlier morning's message without its buttons; what is still to retire."""
        return "" if not where or _sent(self.ctx.notifier.retire_list, where) else where

    def _already_out(self, whose: str, day: date, since: str) -> str:
        notifier = self.ctx.notifier
        if whose == REVIEW:
            return _sent(notifier.morning_review_sent, day, since) or ""
        return _sent(notifier.reminder_list_sent, whose, day, since) or ""

    # --- what the rows remember -----------------------------------------------------------------

    def _mark_listed(self, line: ListLine, how: str) -> None:
        referral = line.referral
        pending = PendingStep(S.step(line.step).key, "owner", line.step, line.due_at)
        if referral is None or not needs_listing(referral, pending, self.ctx.tz):
            return
        self.marks[referral.id][line.step] = self.now.isoformat(timespec="seconds")
        label = S.step(line.step).says(referral)
        note = self.ctx.activity(referral.id, BOT, "Nudge sent", f"{label}: {how}")
        self.events[referral.id].append(note)

    def _mark_escalated(self, line: ListLine) -> None:
        referral = line.referral
        self.marks[referral.id][ESCALATED + line.step] = self.now.isoformat(timespec="seconds")
        told = f"{S.step(line.step).says(referral)} overdue: in the coordinators' morning review"
        self.events[referral.id].append(self.ctx.activity(referral.id, BOT, "Escalated", told))

    def _write_marks(self, morning: MorningList) -> None:
        """Right after each message, so a kill before the next one loses no mark. Marks add up
        per referral: one in two people's lists is written with both."""
        shown = {line.referral.id for line in morning.lines if line.referral is not None}
        for referral_id in sorted(shown & set(self.marks)):
            nudges = {**self.latest[referral_id].nudges, **self.marks[referral_id]}
            cells = {"nudge_state": json.dumps(nudges, sort_keys=True)}
            self.ctx.log.update({referral_id: cells}, self.events.pop(referral_id, []))


def line_of(
    ctx: ServiceContext,
    referral: Referral,
    key: str,
    due_at: datetime,
    owes: str,
    new: bool = False,
    draft: bool = True,
) -> ListLine:
    """A line about one step, with the draft it offers (none for closing or picking an owner;
    with `draft=False`, none yet: `_with_draft` adds it once the line is to be shown)."""
    declared = S.step(key)
    return ListLine(
        item=f"{referral.id}|{key}",
        referral=referral,
        step=key,
        due_at=due_at,
        owes_id=owes,
        owes_name=S.owner_name_of(referral, declared.track) if owes else "",
        draft=_draft(ctx, referral, declared) if draft else None,
        new=new,
    )


def _with_draft(ctx: ServiceContext, line: ListLine) -> ListLine:
    if line.is_reward or line.draft is not None or line.referral is None:
        return line
    return replace(line, draft=_draft(ctx, line.referral, S.step(line.step)))


def _draft(ctx: ServiceContext, referral: Referral, declared: S.Step):
    if declared.owes == "coordinator" or declared.key == S.CLOSE_NO_RESPONSE.key:
        return None
    sender = S.owner_name_of(referral, declared.track)
    return ctx.draft(declared.draft_for(referral), referral, sender=sender)


def _reported(line: ListLine) -> tuple[str, str]:
    referral_id = line.item.partition("|")[0]
    return referral_id, line.step if line.is_reward else S.step(line.step).key


def _rid(referral: Referral) -> str:
    return referral.id


def _sent(send, *args):
    try:
        return send(*args)
    except Exception:  # one person's failed list must not stop the others
        logger.exception("sending a morning message failed; the next sweep tries again")
        return ""


# --- redrawing a morning message as people act on it ------------------------------------------


def any_showing(ctx: ServiceContext, referral_id: str) -> bool:
    """Whether any kept morning message, whoever's, has a line about `referral_id`: asked
    before the log is looked at, since most changes (each sheet edit a sweep takes in) are
    about a referral no message shows."""
    for text in ctx.log.intents_starting(RECORD).values():
        record = Record.load(text)
        if _shows(record, referral_id):
            return True
    return False


def _shows(record: Record, referral_id: str) -> bool:
    if record.state != SENT or not record.where:
        return False
    return any(item.partition("|")[0] == referral_id for item in record.items)


def lists_showing(
    ctx: ServiceContext, planner, referral_id: str
) -> list[tuple[str, str, MorningList]]:
    """Every kept morning message (a person's list, the review post) with a line about
    `referral_id`: whose, where, and its lines as they stand now."""
    people = [m.slack_user_id for m in planner.snapshot.team if m.slack_user_id]
    found = []
    for whose in [*dict.fromkeys(people), REVIEW]:
        record = record_of(ctx, whose)
        if _shows(record, referral_id):
            day = date.fromisoformat(record.day)
            morning = lines_now(ctx, planner, whose, day, record.items, record.more, record.new)
            found.append((whose, record.where, morning))
    return found


def lines_now(
    ctx: ServiceContext,
    planner,
    whose: str,
    day: date,
    items: list[str],
    more: int = 0,
    new: list[str] = (),
) -> MorningList:
    """The lines of a morning message as they stand now: still owed (by that person, before
    their day ends; for the review post, still overdue) or not, with today's draft."""
    now = ctx.now()
    lines = []
    for item in items:
        referral_id, _, key = item.partition("|")
        referral = planner.snapshot.find(referral_id)
        if referral is None:
            lines.append(ListLine(item, None, key, live=False))
            continue
        if key == REWARD_ITEM:
            lines.append(ListLine(item, referral, key))
            continue
        pending = next((p for p in planner.pending(referral) if p.key == key), None)
        if pending is None:
            lines.append(ListLine(item, referral, key, live=False))
            continue
        owes = S.owner_id_of(referral, pending.track)
        line = line_of(ctx, referral, key, pending.due_at, owes, new=item in new)
        if whose == REVIEW:
            live = pending.due_at <= now
        else:
            live = owes == whose and pending.due_at < end_of_day(planner.calendar(whose), day)
        lines.append(replace(line, live=live))
    return MorningList(day, lines, more)
