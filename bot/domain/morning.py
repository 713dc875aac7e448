"""The working morning: when each person's one reminder list goes out, what it holds, and when a
step listed there is overdue enough for the coordinators' morning review (DESIGN.md "Digests").

A person's morning is the reminder time (MORNING_REMINDER_TIME) on one of their working days, in
their own time zone, or the opening of their working hours when that is later. The list holds
every step they owe that falls due before their working day ends, overdue first. A step is
escalated only once it has been in a list (its nudge-state key records when it was first listed)
and `escalate_after_working_days` of its owner's working days have passed since it fell due or
was listed, whichever is later: no step reaches the review channel without its owner having seen
it first, except those nobody owns yet.

A first contact whose SLA is shorter than a day cannot wait for tomorrow's list: it is still
nudged the moment it falls due (URGENT_FIRST_CONTACT_HOURS)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from bot.domain import steps as S
from bot.domain.cadence import ESCALATED, PendingStep, snoozed_until
from bot.domain.calendar import WorkingCalendar
from bot.domain.referral import Referral
from bot.domain.timefmt import parse_dt

URGENT_FIRST_CONTACT_HOURS = 24.0
"""A first-contact SLA below this many hours is urgent: nudged at once, not the next morning."""


def parse_time_of_day(text: str) -> time:
    hour, _, minute = text.strip().partition(":")
    return time(int(hour), int(minute or 0))


def morning_of(calendar: WorkingCalendar, day: date, at: time) -> datetime | None:
    """When the list goes out on `day` (local): `at`, or the opening when that is later; None
    on a day off, or when `at` is at or after the day's closing."""
    if not calendar.is_working_day(day):
        return None
    opening = datetime.combine(day, calendar.hours[0], tzinfo=calendar.zone)
    closing = datetime.combine(day, calendar.hours[1], tzinfo=calendar.zone)
    wanted = datetime.combine(day, at, tzinfo=calendar.zone)
    start = max(opening, wanted)
    return start if start < closing else None


def morning_now(calendar: WorkingCalendar, now: datetime, at: time) -> date | None:
    """The local day whose morning list is due at `now`: from its morning until its closing (a
    bot that was down at 09:00 still sends the day's list at 11:00), else None."""
    day = now.astimezone(calendar.zone).date()
    start = morning_of(calendar, day, at)
    if start is None:
        return None
    closing = datetime.combine(day, calendar.hours[1], tzinfo=calendar.zone)
    return day if start <= now < closing else None


def end_of_day(calendar: WorkingCalendar, day: date) -> datetime:
    return datetime.combine(day, calendar.hours[1], tzinfo=calendar.zone)


def is_urgent(step: str, first_contact_due_hours: float) -> bool:
    return step == S.FIRST_CONTACT.key and first_contact_due_hours < URGENT_FIRST_CONTACT_HOURS


@dataclass(frozen=True)
class Owed:
    """One line of a list: a step of a referral, owed by someone, due at `due_at` (after its
    track's snooze)."""

    referral: Referral
    step: str
    key: str
    due_at: datetime

    @property
    def declared(self) -> S.Step:
        return S.step(self.step)

    @property
    def item(self) -> str:
        """How the list remembers the line: "R-0012|second_touch"."""
        return f"{self.referral.id}|{self.key}"

    def is_overdue(self, now: datetime) -> bool:
        return self.due_at < now


def owed_today(owed: Iterable[Owed], now: datetime, until: datetime) -> list[Owed]:
    """What goes in the list: due before the working day ends, overdue first (earliest due
    first within each), then by referral ID so two sweeps build the same list."""
    due = [o for o in owed if o.due_at < until]
    return sorted(due, key=lambda o: (not o.is_overdue(now), o.due_at, o.referral.id, o.key))


def listed_at(referral: Referral, pending: PendingStep, tz: str = "UTC") -> datetime | None:
    """When this step was first listed (or nudged) since its track's last snooze; None if not."""
    sent = parse_dt(str(referral.nudges.get(pending.key) or ""), "UTC")
    if sent is None:
        return None
    snoozed = snoozed_until(referral, pending.track, tz)
    return None if snoozed is not None and sent < snoozed else sent


def needs_listing(referral: Referral, pending: PendingStep, tz: str = "UTC") -> bool:
    return listed_at(referral, pending, tz) is None


def escalation_due(
    referral: Referral,
    pending: PendingStep,
    calendar: WorkingCalendar,
    now: datetime,
    escalate_after_working_days: int,
    tz: str = "UTC",
) -> bool:
    """Overdue, listed, not yet escalated, and its owner has had the escalation delay (counted
    in their working days, by date, so the sweep's minute does not move it a day)."""
    if pending.due_at > now or is_escalated(referral.nudges, pending.key):
        return False
    listed = listed_at(referral, pending, tz)
    if listed is None:
        return False
    start = max(pending.due_at, listed)
    deadline = calendar.add_working_days(start, escalate_after_working_days)
    return deadline.date() <= now.astimezone(calendar.zone).date()


def is_escalated(nudges: Mapping[str, Any], key: str) -> bool:
    return ESCALATED + key in nudges
