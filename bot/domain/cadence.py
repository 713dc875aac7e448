"""What is due when, for one referral: the follow-through cadence as a pure function of the row
and `now`. The steps themselves (who owes each, its draft, its label, what its clock counts from)
are declared once in bot/domain/steps.py; this module computes their due times.

    thank_you          thank-you owner  working hours after receipt, until Thank-you status is Sent
    first_contact      owner            plain hours after receipt (the SLA), until the first touch
    second_touch       owner            working days after the first contact, at one touch
    third_touch        owner            working days after the first contact, at two touches
    close_no_response  owner            days after the last touch, at three touches or more
    referrer_update    thank-you owner  from the moment the stage changed (kept in the nudge
                                        state, and the Closed at column), until the referrer is told
    periodic_update    thank-you owner  N days after Referrer last updated (open only)

Lead steps run only while the owner is still waiting: none once the lead is In conversation, and
no second/third touch or close once the follow-up status is "No further action requested".
Closed referrals get only the close-the-loop referrer_update. A step is nudged only in its
recipient's working hours, and escalated to coordinators once it is overdue by
`escalate_after_working_days` of the recipient's working days.

Nudge state (the hidden nudge_state cell) is {step key: ISO time nudged}, plus "stage_seen" (the
last stage the referrer was told about), "stage_last" and "stage_changed_at" (the stage the bot
last saw, and when it moved), "escalated:<step key>", and "snoozed:<track>" for the thank-you and
referrer-update tracks (the lead's snooze is the Snoozed until column). A step key is nudged once;
a restart re-reads the cell and repeats nothing. A snooze holds only its own track's steps until
it ends; a step of that track nudged before the snooze was set is nudged again when it ends (that
is what "remind me later" means), and no other track's step is touched."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, NamedTuple

from bot.domain import steps as S
from bot.domain.calendar import WorkingCalendar
from bot.domain.referral import (
    IN_CONVERSATION,
    NEW,
    NO_FURTHER_ACTION,
    THANKYOU_SENT,
    Referral,
)
from bot.domain.steps import Track
from bot.domain.timefmt import parse_dt

THANK_YOU = S.THANK_YOU.key
FIRST_CONTACT = S.FIRST_CONTACT.key
SECOND_TOUCH = S.SECOND_TOUCH.key
THIRD_TOUCH = S.THIRD_TOUCH.key
CLOSE_NO_RESPONSE = S.CLOSE_NO_RESPONSE.key
REFERRER_UPDATE = S.REFERRER_UPDATE.key
PERIODIC_UPDATE = S.PERIODIC_UPDATE.key
LEAD_STEPS = S.LEAD_STEPS

STAGE_SEEN = "stage_seen"
STAGE_LAST = "stage_last"
"""The stage the bot last saw (kept by the services), so a stage a person retyped is noticed."""
STAGE_CHANGED_AT = "stage_changed_at"
"""When the stage last moved: the referrer update's clock (never Updated at)."""
ESCALATED = "escalated:"
SNOOZED = "snoozed:"
"""Prefix of the thank-you and referrer-update tracks' snoozes in the nudge state."""

Who = Literal["owner", "thankyou_owner"]


@dataclass(frozen=True)
class CadencePolicy:
    ack_due_working_hours: float = 4
    first_contact_due_hours: float = 24
    second_touch_working_days: int = 3
    third_touch_working_days: int = 7
    no_response_after_days: int = 7
    referrer_update_every_days: int = 30
    escalate_after_working_days: int = 1

    @classmethod
    def from_settings(cls, settings: Any) -> CadencePolicy:
        return cls(
            ack_due_working_hours=float(settings.ack_due_working_hours),
            first_contact_due_hours=float(settings.first_contact_due_hours),
            second_touch_working_days=int(settings.second_touch_working_days),
            third_touch_working_days=int(settings.third_touch_working_days),
            no_response_after_days=int(settings.no_response_after_days),
            referrer_update_every_days=int(settings.referrer_update_every_days),
            escalate_after_working_days=int(settings.escalate_after_working_days),
        )


@dataclass(frozen=True)
class DueStep:
    step: str
    who: Who
    due_at: datetime
    """When the step fell due, after any snooze of its own track."""
    escalate: bool = False
    """Tell coordinators too: the step is overdue by the escalation delay and not yet escalated."""
    key: str = ""
    """The nudge-state key: mark it with `mark_nudged` once the DM is sent, and `ESCALATED + key`
    once coordinators are told."""
    nudge: bool = True
    """False when the recipient was already nudged and only the escalation is new."""

    @property
    def declared(self) -> S.Step:
        return S.step(self.step)

    @property
    def track(self) -> Track:
        return self.declared.track


class NextDue(NamedTuple):
    step: str
    due_at: datetime


@dataclass(frozen=True)
class PendingStep:
    step: str
    who: Who
    key: str
    due_at: datetime

    @property
    def track(self) -> Track:
        return S.step(self.step).track


def _pending(step: S.Step, due: datetime, key: str = "") -> PendingStep:
    who: Who = "owner" if step.owes == "owner" else "thankyou_owner"
    return PendingStep(step.key, who, key or step.nudge_key, due)


def _touches(referral: Referral) -> int:
    # A first contact date typed in by hand counts as a touch even if Touches was left at 0.
    return max(referral.touch_count, 1 if referral.first_contact_at.strip() else 0)


def _still_waiting(referral: Referral) -> bool:
    return referral.followup_status != NO_FURTHER_ACTION


def _lead_step(
    referral: Referral,
    received: datetime,
    calendar: WorkingCalendar,
    policy: CadencePolicy,
    tz: str,
) -> PendingStep | None:
    touches = _touches(referral)
    if referral.stage == IN_CONVERSATION:
        return None  # the lead is talking to us: nothing to chase, whatever Touches says
    if touches == 0:
        due = received + timedelta(hours=policy.first_contact_due_hours)
        return _pending(S.FIRST_CONTACT, due)
    if not _still_waiting(referral):
        return None
    first = referral.at("first_contact_at", tz) or referral.at("last_touch_at", tz) or received
    if touches == 1:
        due = calendar.add_working_days(first, policy.second_touch_working_days)
        return _pending(S.SECOND_TOUCH, due)
    if touches == 2:
        due = calendar.add_working_days(first, policy.third_touch_working_days)
        return _pending(S.THIRD_TOUCH, due)
    last = referral.at("last_touch_at", tz) or first
    due = last + timedelta(days=policy.no_response_after_days)
    return _pending(S.CLOSE_NO_RESPONSE, due)


def stage_changed_at(referral: Referral, tz: str = "UTC") -> datetime | None:
    """When the stage last moved, as the bot recorded it (or the Closed at column)."""
    recorded = parse_dt(str(referral.nudges.get(STAGE_CHANGED_AT) or ""), "UTC")
    if recorded is not None:
        return recorded
    return None if referral.is_open else referral.at("closed_at", tz)


def _referrer_step(
    referral: Referral, received: datetime, policy: CadencePolicy, tz: str
) -> PendingStep | None:
    stage = referral.stage.strip() or NEW
    told = str(referral.nudges.get(STAGE_SEEN) or NEW)
    if stage != told:
        changed = stage_changed_at(referral, tz) or received
        return _pending(S.REFERRER_UPDATE, changed, f"{REFERRER_UPDATE}:{stage}")
    if not referral.is_open:
        return None
    last = (
        referral.at("referrer_last_updated", tz) or referral.at("thankyou_sent_at", tz) or received
    )
    due = last + timedelta(days=policy.referrer_update_every_days)
    # The key carries the date the referrer last heard, so each quiet period is nudged once.
    return _pending(S.PERIODIC_UPDATE, due, f"{PERIODIC_UPDATE}:{last.date()}")


def pending_steps(
    referral: Referral,
    owner_calendar: WorkingCalendar,
    thankyou_calendar: WorkingCalendar,
    policy: CadencePolicy,
    tz: str = "UTC",
) -> list[PendingStep]:
    """Every step still to be done, nudged or not, with the time it falls due (before snoozes)."""
    received = referral.at("received", tz)
    if received is None:
        return []  # no clock to run on; the sweep gives hand-typed rows a Received date first
    steps: list[PendingStep | None] = [_referrer_step(referral, received, policy, tz)]
    if referral.is_open:
        if referral.thankyou_status != THANKYOU_SENT and not referral.thankyou_sent_at.strip():
            due = thankyou_calendar.add_working_hours(received, policy.ack_due_working_hours)
            steps.append(_pending(S.THANK_YOU, due))
        steps.append(_lead_step(referral, received, owner_calendar, policy, tz))
    return sorted((s for s in steps if s is not None), key=lambda s: s.due_at)


def snoozed_until(referral: Referral, track: Track, tz: str = "UTC") -> datetime | None:
    """The end of `track`'s snooze: the Snoozed until column for the lead, the nudge state for
    the referrer's two tracks."""
    if track == S.LEAD:
        return referral.at("snoozed_until", tz)
    return parse_dt(str(referral.nudges.get(SNOOZED + track) or ""), "UTC")


def _after_snooze(due: datetime, snoozed: datetime | None) -> datetime:
    return max(due, snoozed) if snoozed is not None else due


def _was_nudged(nudges: Mapping[str, Any], key: str, snoozed: datetime | None) -> bool:
    sent = nudges.get(key)
    if not sent:
        return False
    if snoozed is None:
        return True
    sent_at = parse_dt(str(sent), "UTC")
    # An unreadable time counts as nudged: a repeated DM is worse than a late one.
    return sent_at is None or sent_at >= snoozed


def _nudged_at(nudges: Mapping[str, Any], key: str) -> datetime | None:
    return parse_dt(str(nudges.get(key) or ""), "UTC")


def due_steps(
    referral: Referral,
    now: datetime,
    owner_calendar: WorkingCalendar,
    thankyou_calendar: WorkingCalendar,
    policy: CadencePolicy,
    tz: str = "UTC",
) -> list[DueStep]:
    """Steps to nudge (or escalate) at `now`, earliest first.

    A step waits for the end of its own track's snooze and for its recipient's working hours; it
    is returned once for its nudge and once more if it then becomes overdue enough to escalate."""
    return list(_due(referral, now, owner_calendar, thankyou_calendar, policy, tz))


def _due(
    referral: Referral,
    now: datetime,
    owner_calendar: WorkingCalendar,
    thankyou_calendar: WorkingCalendar,
    policy: CadencePolicy,
    tz: str,
) -> Iterator[DueStep]:
    nudges = referral.nudges
    snoozes: dict[Track, datetime | None] = {}
    for pending in pending_steps(referral, owner_calendar, thankyou_calendar, policy, tz):
        track = pending.track
        if track not in snoozes:
            snoozes[track] = snoozed_until(referral, track, tz)
        snoozed = snoozes[track]
        due = _after_snooze(pending.due_at, snoozed)
        nudged = _was_nudged(nudges, pending.key, snoozed)
        escalated = ESCALATED + pending.key in nudges
        # Cheap checks first: the sweep runs this for every row of the log.
        if now < due or (nudged and escalated):
            continue
        calendar = owner_calendar if pending.who == "owner" else thankyou_calendar
        if not calendar.is_working(now):
            continue
        # Escalation counts from the nudge, never from before it: the recipient always gets the
        # escalation delay to act, even when the bot was down when the step fell due.
        nudged_at = _nudged_at(nudges, pending.key) if nudged else None
        escalate = (
            nudged_at is not None
            and not escalated
            and now
            >= calendar.add_working_days(max(due, nudged_at), policy.escalate_after_working_days)
        )
        if nudged and not escalate:
            continue
        yield DueStep(pending.step, pending.who, due, escalate, pending.key, nudge=not nudged)


def next_due(
    referral: Referral,
    owner_calendar: WorkingCalendar,
    thankyou_calendar: WorkingCalendar,
    policy: CadencePolicy,
    tz: str = "UTC",
) -> NextDue | None:
    """The owner's next follow-up with the lead and when it is due (after the lead's snooze), for
    the Next step and Next follow-up due columns; None when the referral is closed or waits on
    nobody. It stays in place, overdue, until the owner logs the touch."""
    snoozed = snoozed_until(referral, S.LEAD, tz)
    for pending in pending_steps(referral, owner_calendar, thankyou_calendar, policy, tz):
        if pending.step in LEAD_STEPS:
            return NextDue(pending.step, _after_snooze(pending.due_at, snoozed))
    return None


def track_due(
    referral: Referral,
    track: Track,
    owner_calendar: WorkingCalendar,
    thankyou_calendar: WorkingCalendar,
    policy: CadencePolicy,
    tz: str = "UTC",
) -> PendingStep | None:
    """The pending step of one track with its real due time (after that track's snooze)."""
    snoozed = snoozed_until(referral, track, tz)
    for pending in pending_steps(referral, owner_calendar, thankyou_calendar, policy, tz):
        if pending.track == track:
            return PendingStep(
                pending.step, pending.who, pending.key, _after_snooze(pending.due_at, snoozed)
            )
    return None


def pending_after_snoozes(
    referral: Referral,
    owner_calendar: WorkingCalendar,
    thankyou_calendar: WorkingCalendar,
    policy: CadencePolicy,
    tz: str = "UTC",
) -> list[PendingStep]:
    """Every step still to do, earliest first; the first step of each track at its real due
    time (after that track's snooze, as `track_due` gives it), the others before snoozes. One
    `pending_steps` for the lot: the sweep asks this for every referral of the log."""
    steps = pending_steps(referral, owner_calendar, thankyou_calendar, policy, tz)
    firsts: dict[Track, PendingStep] = {}
    for pending in steps:
        if pending.track not in firsts:
            snoozed = snoozed_until(referral, pending.track, tz)
            due = _after_snooze(pending.due_at, snoozed)
            firsts[pending.track] = PendingStep(pending.step, pending.who, pending.key, due)
    found = [
        firsts[pending.track] if firsts[pending.track].step == pending.step else pending
        for pending in steps
    ]
    return sorted(found, key=lambda p: p.due_at)


def mark_nudged(
    nudges: Mapping[str, Any], step_key: str, now: datetime, value: str | None = None
) -> str:
    """The nudge_state cell's new text with `step_key` recorded (as `now`, or as `value`, e.g.
    `mark_nudged(n, STAGE_SEEN, now, value="Won")`). The input is left unchanged."""
    stamp = now.astimezone(UTC).isoformat(timespec="seconds") if value is None else value
    return json.dumps({**nudges, step_key: stamp}, sort_keys=True)


def mark_escalated(nudges: Mapping[str, Any], step_key: str, now: datetime) -> str:
    return mark_nudged(nudges, ESCALATED + step_key, now)
