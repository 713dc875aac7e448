"""The weekly digest as data (DESIGN.md "Digests"), pure: the service posts what this says, the
Slack builder lays it out, the chart draws its weeks.

- The week is the seven whole days before the day the digest is for (a Monday digest covers
  Monday to Sunday: `/refer stats last week`), compared with the seven days before those.
- The five questions of the light routine for that week (bot/domain/routine.py).
- The headline figures (bot/domain/figures.py) for the week and the week before.
- As of now: owners above Max active, referrers gone quiet, open disputes, rewards waiting for a
  coordinator (Pending eligibility or Awaiting approval), and rewards paid by referrer (all time).

A referrer has *gone quiet* when they made at least `QUIET_AT_LEAST` submissions (merged ones
count) and none in the last `QUIET_AFTER`, their last one within `QUIET_LOOK_BACK` (someone who
last referred years ago is history, not news).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain import figures as F
from bot.domain import metrics as M
from bot.domain import referral as R
from bot.domain import reward_metrics
from bot.domain.referral import Activity, Referral, TeamMember
from bot.domain.routine import Answer, five_questions

QUIET_AFTER = timedelta(days=60)
QUIET_LOOK_BACK = timedelta(days=365)
QUIET_AT_LEAST = 2
WAITING_STATES = (R.REWARD_PENDING, R.REWARD_AWAITING_APPROVAL)
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


# --- when -----------------------------------------------------------------------------------


def slot(now: datetime, tz: str, day: str, hour: int) -> datetime:
    """The latest scheduled digest time at or before `now` (`day` at `hour`, firm time)."""
    zone = ZoneInfo(tz)
    local = now.astimezone(zone)
    back = (local.weekday() - DAYS.index(day)) % 7
    candidate = datetime.combine(local.date() - timedelta(days=back), time(hour), zone)
    if candidate > now:
        candidate = datetime.combine(candidate.date() - timedelta(days=7), time(hour), zone)
    return candidate


def week_before(moment: datetime, tz: str) -> M.Period:
    """The seven whole days before `moment`'s day, firm time."""
    end = moment.astimezone(ZoneInfo(tz)).date()
    return _days(end - timedelta(days=7), end, tz)


def _days(first: date, end: date, tz: str) -> M.Period:
    zone = ZoneInfo(tz)
    last = end - timedelta(days=1)
    label = f"{first:%-d %b} – {last:%-d %b %Y}"
    return M.Period(
        label, datetime.combine(first, time(0), zone), datetime.combine(end, time(0), zone)
    )


def previous(week: M.Period, tz: str) -> M.Period:
    assert week.start is not None
    first = week.start.astimezone(ZoneInfo(tz)).date()
    return _days(first - timedelta(days=7), first, tz)


# --- what -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """One headline figure for the week and the week before."""

    label: str
    kind: str
    this_week: float | int | None
    last_week: float | int | None
    better: str

    @property
    def trend(self) -> str:
        """ "better", "worse", "same" or "" (nothing to compare, or neither way is good)."""
        if self.this_week is None or self.last_week is None or self.better == "neither":
            return ""
        if self.this_week == self.last_week:
            return "same"
        up = self.this_week > self.last_week
        return "better" if up == (self.better == "higher") else "worse"


@dataclass(frozen=True)
class QuietReferrer:
    name: str
    submissions: int
    last: datetime


@dataclass(frozen=True)
class Digest:
    week: M.Period
    previous: M.Period
    questions: tuple[Answer, ...]
    figures: tuple[Comparison, ...]
    overloaded: tuple[M.OwnerLoad, ...]
    gone_quiet: tuple[QuietReferrer, ...]
    open_disputes: tuple[str, ...]
    rewards_waiting: tuple[tuple[str, str], ...]
    """(referral ID, reward state), oldest ID first."""
    paid_by_referrer: tuple[tuple[str, float], ...]
    weeks: tuple[M.WeekOutcomes, ...]
    """Referrals per week by where they stand now, for the chart (oldest first)."""


def build(
    referrals: Sequence[Referral],
    activity: Sequence[Activity],
    week: M.Period,
    now: datetime,
    tz: str,
    sla_hours: float = 24,
    team: Sequence[TeamMember] = (),
    default_max_active: int = 10,
) -> Digest:
    before = previous(week, tz)
    # Judged as they stand now, as `/refer stats` judges them, so the two always agree.
    this, last, everything = (
        M.compute(referrals, activity, p, now, tz, sla_hours, team, default_max_active)
        for p in (week, before, M.all_time())
    )
    return Digest(
        week=week,
        previous=before,
        questions=tuple(five_questions(referrals, week, now, tz)),
        figures=tuple(
            Comparison(f.label, f.kind, f.value(this), f.value(last), f.better) for f in F.HEADLINE
        ),
        overloaded=everything.overloaded,
        gone_quiet=gone_quiet(M.submissions(referrals, activity, tz), now),
        open_disputes=tuple(r.id for r in referrals if _disputed(r)),
        rewards_waiting=tuple(
            (r.id, r.reward_state) for r in referrals if r.reward_state in WAITING_STATES
        ),
        paid_by_referrer=reward_metrics.paid_by_referrer(referrals),
        weeks=everything.weeks,
    )


def _disputed(r: Referral) -> bool:
    return r.attribution_confidence == R.CONFIDENCE_DISPUTED


def gone_quiet(subs: Sequence[M.Submission], now: datetime) -> tuple[QuietReferrer, ...]:
    """Referrers who used to refer and have stopped, the longest quiet first."""
    count: dict[str, int] = {}
    last: dict[str, datetime] = {}
    shown: dict[str, str] = {}
    for s in subs:
        if s.at is None or s.referrer == M.UNNAMED:
            continue
        key = s.referrer.casefold()
        shown.setdefault(key, s.referrer)
        count[key] = count.get(key, 0) + 1
        last[key] = max(last.get(key, s.at), s.at)
    quiet = [
        QuietReferrer(shown[k], count[k], last[k])
        for k in count
        if count[k] >= QUIET_AT_LEAST and QUIET_AFTER < now - last[k] <= QUIET_LOOK_BACK
    ]
    return tuple(sorted(quiet, key=lambda q: (q.last, q.name.casefold())))
