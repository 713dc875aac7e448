"""Every figure of DESIGN.md "Metrics", for any period, as a pure function of the Referrals rows,
the Activity rows, the Team and `now`. The Dashboard tab, `/refer stats` and the weekly digest all
read `compute`, so they always agree.

Definitions (DESIGN.md "Metrics"):
- A *submission* is one introduction logged: each record of the log, plus each one merged into an
  existing record as a duplicate or a conflict (its Activity row "Duplicate merged" / "Conflict
  flagged"). Volume counts submissions by the time they were logged.
- Figures about follow-through (acceptance, conversion, first contact, thank-yous, attribution,
  rewards, revenue) are about the *records* received in the period (a cohort), judged by their
  state now. Leakage, open disputes and owners' load are as of `now`.
- Accepted: a submission that became its own record and was not closed as Not a fit before a
  first contact. Acceptance rate = accepted / submissions.
- Conversion = Won / accepted records that are closed.
- Time to first contact: received -> First contact at, in hours; median and 90th percentile
  (nearest rank). SLA hit rate = contacted within the SLA / (contacted + accepted records never
  contacted whose SLA has passed): an overdue, never-contacted referral is a miss.
- Time to acknowledgment: received -> Thank-you sent at; thank-you sent rate over records.
- Leakage: open records received over 30 days ago (no clear yes or no), and open records with no
  touch (or, never touched, no receipt) for 14 days.
- Attribution complete: referrer, how introduced, owner and stage filled, and the outcome reason
  once closed as Not a fit (Won and No response are their own outcome: closing as either asks for
  no reason, so requiring one would keep every firm under the target). Target 95%.
- Revenue: of Won records, the won value entered at close, else Est. value.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from statistics import median
from zoneinfo import ZoneInfo

from bot.domain import referral as R
from bot.domain import reward_metrics
from bot.domain.referral import Activity, Referral, TeamMember
from bot.domain.rewards import won_value
from bot.domain.timefmt import parse_dt

LEAK_AGE = timedelta(days=30)
QUIET_FOR = timedelta(days=14)
ATTRIBUTION_TARGET = 0.95
UNNAMED = "(not recorded)"
OPEN = "Open"
MERGED_WHAT = ("Duplicate merged", "Conflict flagged")
_MERGED_BY = re.compile(
    r"^(?:Referred again by|Also referred by) (?P<name>.+?)(?: <[^>]*>)?"
    r"(?: via (?P<channel>[^,(.;]+?))?(?:,| on | \(|\.|;|$)"
)


# --- periods --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """[start, end) in the firm's time zone; None for an open end (all time)."""

    label: str
    start: datetime | None = None
    end: datetime | None = None

    def holds(self, moment: datetime | None) -> bool:
        if moment is None:
            return self.start is None and self.end is None
        after = self.start is None or moment >= self.start
        before = self.end is None or moment < self.end
        return after and before


def _midnight(day: date, tz: str) -> datetime:
    return datetime.combine(day, time(0), ZoneInfo(tz))


def week_start(moment: datetime, tz: str) -> date:
    local = moment.astimezone(ZoneInfo(tz)).date()
    return local - timedelta(days=local.weekday())


def this_week(now: datetime, tz: str) -> Period:
    monday = week_start(now, tz)
    return Period("This week", _midnight(monday, tz), _midnight(monday + timedelta(days=7), tz))


def last_week(now: datetime, tz: str) -> Period:
    monday = week_start(now, tz) - timedelta(days=7)
    return Period("Last week", _midnight(monday, tz), _midnight(monday + timedelta(days=7), tz))


def last_weeks(now: datetime, tz: str, weeks: int = 4) -> Period:
    """This week so far and the `weeks - 1` whole weeks before it."""
    end = week_start(now, tz) + timedelta(days=7)
    start = end - timedelta(days=7 * weeks)
    return Period(f"Last {weeks} weeks", _midnight(start, tz), _midnight(end, tz))


def month(year: int, number: int, tz: str) -> Period:
    first = date(year, number, 1)
    following = date(year + number // 12, number % 12 + 1, 1)
    return Period(first.strftime("%B %Y"), _midnight(first, tz), _midnight(following, tz))


def all_time() -> Period:
    return Period("All time")


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_period(text: str, now: datetime, tz: str) -> Period | None:
    """`this week` (also blank), `last week`, `last 4 weeks` (this week and the three before, as
    the Dashboard's middle column), `month` (this calendar month), `YYYY-MM`, `all`; None when
    the text is none of them."""
    words = " ".join(text.casefold().split())
    if words in ("", "this week", "week"):
        return this_week(now, tz)
    if words == "last week":
        return last_week(now, tz)
    if words in ("last 4 weeks", "4 weeks", "last four weeks"):
        return last_weeks(now, tz, 4)  # the Dashboard's middle column
    if words in ("month", "this month"):
        local = now.astimezone(ZoneInfo(tz))
        return month(local.year, local.month, tz)
    if words in ("all", "all time"):
        return all_time()
    match = _MONTH.match(words)
    if match and 1 <= int(match.group(2)) <= 12:
        return month(int(match.group(1)), int(match.group(2)), tz)
    return None


# --- submissions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Submission:
    """One introduction as it was logged."""

    referral_id: str
    at: datetime | None
    referrer: str
    referrer_type: str
    channel: str
    merged: bool = False


def _label(text: str) -> str:
    return text.strip() or UNNAMED


def submissions(
    referrals: Sequence[Referral], activity: Iterable[Activity], tz: str
) -> list[Submission]:
    """Each record, and each introduction merged into one (found in Activity)."""
    by_id = {r.id: r for r in referrals}
    found = [
        Submission(
            r.id,
            r.at("received", tz),
            _label(r.referred_by),
            _label(r.referrer_type),
            _label(r.channel),
        )
        for r in referrals
    ]
    for row in activity:
        if row.what not in MERGED_WHAT or row.details.startswith("new record linked"):
            continue
        found.append(_merged(row, by_id.get(row.referral_id), tz))
    return found


def _merged(row: Activity, record: Referral | None, tz: str) -> Submission:
    match = _MERGED_BY.match(row.details.strip())
    name = match.group("name").strip() if match else ""
    channel = (match.group("channel") or "").strip() if match else ""
    recorded = record.referred_by.strip() if record else ""
    same = bool(name) and name.casefold() == recorded.casefold()
    kind = record.referrer_type if record is not None and (same or not name) else ""
    return Submission(
        row.referral_id,
        parse_dt(row.when, tz),
        _label(name or recorded),
        _label(kind),
        _label(channel),
        merged=True,
    )


# --- per-record judgements ------------------------------------------------------------------


def contacted(r: Referral) -> bool:
    return bool(r.first_contact_at.strip()) or r.touch_count > 0


def accepted(r: Referral) -> bool:
    """Its own record, and not closed as Not a fit before any first contact."""
    return not (r.stage == R.NOT_A_FIT and not contacted(r))


def _hours(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return max((end - start).total_seconds() / 3600, 0.0)


ATTRIBUTION_FIELDS = ("referred_by", "how_introduced", "lead_consent", "owner", "stage")
"""What a complete record names: the referrer, how the lead was introduced, whether the lead
agreed to it (any answer, "Not asked" included: it was recorded), the owner and the stage."""


def revenue(r: Referral) -> float:
    """What a won referral brought: the won value entered at close, else its Est. value."""
    won = won_value(r)
    return won if won is not None else (r.value or 0.0)


def attribution_complete(r: Referral) -> bool:
    filled = all(getattr(r, k).strip() for k in ATTRIBUTION_FIELDS)
    return filled and (r.stage != R.NOT_A_FIT or bool(r.outcome_reason.strip()))


def leaking_old(r: Referral, now: datetime, tz: str) -> bool:
    received = r.at("received", tz)
    return r.is_open and received is not None and now - received > LEAK_AGE


def leaking_quiet(r: Referral, now: datetime, tz: str) -> bool:
    last = r.at("last_touch_at", tz) or r.at("received", tz)
    return r.is_open and last is not None and now - last > QUIET_FOR


def percentile(values: Sequence[float], share: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least `share` of the values at or
    below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


# --- figures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of a table by referrer, referrer type, channel or owner."""

    key: str
    submissions: int = 0
    accepted: int = 0
    closed: int = 0
    won: int = 0
    revenue: float = 0.0

    @property
    def conversion(self) -> float | None:
        return rate(self.won, self.closed)


@dataclass(frozen=True)
class OwnerLoad:
    name: str
    active: int
    max_active: int

    @property
    def overloaded(self) -> bool:
        return self.active > self.max_active


@dataclass(frozen=True)
class WeekOutcomes:
    """Records received in the week starting `monday`, by where they stand now."""

    monday: date
    won: int = 0
    not_a_fit: int = 0
    no_response: int = 0
    open: int = 0


@dataclass(frozen=True)
class Rewards:
    """Hook for reward metrics (issue 11): counts by Reward state and, when Activity records
    payouts, days from Won to Paid."""

    by_state: tuple[tuple[str, int], ...] = ()
    approvals: int = 0
    awaiting_approval: tuple[str, ...] = ()
    median_days_to_payout: float | None = None
    declines: int = 0
    paid_total: float = 0.0
    paid_by_referrer: tuple[tuple[str, float], ...] = ()
    """(referrer, total paid), largest first (bot/domain/reward_metrics.py)."""


@dataclass(frozen=True)
class Metrics:
    period: Period
    submissions: int
    merged: int
    records: int
    accepted: int
    closed: int
    won: int
    hours_to_first_contact: tuple[float, ...]
    sla_hits: int
    sla_due: int
    hours_to_acknowledgment: tuple[float, ...]
    thankyou_sent: int
    attribution_complete: int
    conflicts: int
    revenue_won: float
    leaking_old: tuple[str, ...]
    leaking_quiet: tuple[str, ...]
    open_disputes: tuple[str, ...]
    rewards: Rewards
    by_referrer: tuple[Row, ...]
    by_referrer_type: tuple[Row, ...]
    by_channel: tuple[Row, ...]
    by_owner: tuple[Row, ...]
    decline_reasons: tuple[tuple[str, int], ...]
    owners: tuple[OwnerLoad, ...]
    funnel: tuple[tuple[str, int], ...]
    weeks: tuple[WeekOutcomes, ...] = field(default=())

    @property
    def acceptance_rate(self) -> float | None:
        return rate(self.accepted, self.submissions)

    @property
    def conversion_rate(self) -> float | None:
        return rate(self.won, self.closed)

    @property
    def median_hours_to_first_contact(self) -> float | None:
        return median(self.hours_to_first_contact) if self.hours_to_first_contact else None

    @property
    def p90_hours_to_first_contact(self) -> float | None:
        return percentile(self.hours_to_first_contact, 0.9)

    @property
    def sla_hit_rate(self) -> float | None:
        return rate(self.sla_hits, self.sla_due)

    @property
    def median_hours_to_acknowledgment(self) -> float | None:
        return median(self.hours_to_acknowledgment) if self.hours_to_acknowledgment else None

    @property
    def thankyou_sent_rate(self) -> float | None:
        return rate(self.thankyou_sent, self.records)

    @property
    def attribution_rate(self) -> float | None:
        return rate(self.attribution_complete, self.records)

    @property
    def attribution_on_target(self) -> bool:
        return (self.attribution_rate or 0.0) >= ATTRIBUTION_TARGET

    @property
    def overloaded(self) -> tuple[OwnerLoad, ...]:
        return tuple(o for o in self.owners if o.overloaded)


def compute(
    referrals: Sequence[Referral],
    activity: Sequence[Activity],
    period: Period,
    now: datetime,
    tz: str = "UTC",
    sla_hours: float = 24,
    team: Sequence[TeamMember] = (),
    default_max_active: int = 10,
    weeks: int = 12,
) -> Metrics:
    subs = [s for s in submissions(referrals, activity, tz) if period.holds(s.at)]
    cohort = [r for r in referrals if not r.is_withdrawn and period.holds(r.at("received", tz))]
    kept = [r for r in cohort if accepted(r)]
    closed = [r for r in kept if not r.is_open]
    waits = [_hours(r.at("received", tz), r.at("first_contact_at", tz)) for r in kept]
    acks = [_hours(r.at("received", tz), r.at("thankyou_sent_at", tz)) for r in cohort]
    hits, due = _sla(kept, now, tz, sla_hours)
    return Metrics(
        period=period,
        submissions=len(subs),
        merged=sum(s.merged for s in subs),
        records=len(cohort),
        accepted=len(kept),
        closed=len(closed),
        won=sum(r.stage == R.WON for r in closed),
        hours_to_first_contact=tuple(w for w in waits if w is not None),
        sla_hits=hits,
        sla_due=due,
        hours_to_acknowledgment=tuple(a for a in acks if a is not None),
        thankyou_sent=sum(r.thankyou_status == R.THANKYOU_SENT for r in cohort),
        attribution_complete=sum(attribution_complete(r) for r in cohort),
        conflicts=sum(bool(r.conflict.strip()) for r in cohort),
        revenue_won=sum(revenue(r) for r in cohort if r.stage == R.WON),
        leaking_old=_ids(r for r in cohort if leaking_old(r, now, tz)),
        leaking_quiet=_ids(r for r in cohort if leaking_quiet(r, now, tz)),
        open_disputes=_ids(r for r in cohort if _disputed(r)),
        rewards=_rewards(cohort, activity, tz),
        by_referrer=_table(subs, cohort, lambda s: s.referrer, lambda r: _label(r.referred_by)),
        by_referrer_type=_table(
            subs, cohort, lambda s: s.referrer_type, lambda r: _label(r.referrer_type)
        ),
        by_channel=_table(subs, cohort, lambda s: s.channel, lambda r: _label(r.channel)),
        by_owner=_table([], cohort, None, lambda r: _label(r.owner)),
        decline_reasons=_decline_reasons(cohort),
        owners=_owner_load(referrals, team, default_max_active),
        funnel=_funnel(cohort),
        weeks=_weeks(referrals, now, tz, weeks),
    )


def _ids(rows: Iterable[Referral]) -> tuple[str, ...]:
    return tuple(r.id for r in rows)


def _disputed(r: Referral) -> bool:
    return r.attribution_confidence == R.CONFIDENCE_DISPUTED


def _sla(kept: list[Referral], now: datetime, tz: str, sla_hours: float) -> tuple[int, int]:
    limit = timedelta(hours=sla_hours)
    hits = due = 0
    for r in kept:
        received = r.at("received", tz)
        first = r.at("first_contact_at", tz)
        if received is None:
            continue
        if first is not None:
            due += 1
            hits += first - received <= limit
        elif now - received > limit:
            due += 1  # never contacted and past its SLA: a miss
    return hits, due


def _table(
    subs: list[Submission],
    cohort: list[Referral],
    sub_key: Callable[[Submission], str] | None,
    record_key: Callable[[Referral], str],
) -> tuple[Row, ...]:
    """Submissions counted by the submission's own value; outcomes by the record's."""
    counts: dict[str, Counter] = {}
    earned: Counter = Counter()
    for s in subs:
        counts.setdefault(sub_key(s), Counter())["submissions"] += 1
    for r in cohort:
        line = counts.setdefault(record_key(r), Counter())
        if sub_key is None:
            line["submissions"] += 1
        if accepted(r):
            line["accepted"] += 1
            if not r.is_open:
                line["closed"] += 1
                line["won"] += r.stage == R.WON
        if r.stage == R.WON:
            earned[record_key(r)] += revenue(r)
    rows = [
        Row(k, c["submissions"], c["accepted"], c["closed"], c["won"], earned[k])
        for k, c in counts.items()
    ]
    return tuple(sorted(rows, key=lambda row: (-row.submissions, -row.won, row.key.casefold())))


def _decline_reasons(cohort: list[Referral]) -> tuple[tuple[str, int], ...]:
    reasons = Counter(
        _label(r.outcome_reason.strip().capitalize()) for r in cohort if r.stage == R.NOT_A_FIT
    )
    return tuple(sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])))


def _owner_load(
    referrals: Sequence[Referral], team: Sequence[TeamMember], default_max: int
) -> tuple[OwnerLoad, ...]:
    active = Counter(r.owner.strip() for r in referrals if r.is_open and r.owner.strip())
    capacity = {m.name.strip(): m.capacity(default_max) for m in team if m.name.strip()}
    names = sorted(set(active) | {m.name.strip() for m in team if m.can_own and m.name.strip()})
    loads = [OwnerLoad(n, active[n], capacity.get(n, default_max)) for n in names]
    return tuple(sorted(loads, key=lambda o: (-o.active, o.name.casefold())))


FUNNEL = ("Received", "Contacted", "In conversation", "Won")


def _funnel(cohort: list[Referral]) -> tuple[tuple[str, int], ...]:
    reached_contact = [r for r in cohort if contacted(r) or r.stage in (R.IN_CONVERSATION, R.WON)]
    talking = [r for r in cohort if r.stage in (R.IN_CONVERSATION, R.WON)]
    counts = (
        len(cohort),
        len(reached_contact),
        len(talking),
        sum(r.stage == R.WON for r in cohort),
    )
    return tuple(zip(FUNNEL, counts, strict=True))


def _weeks(referrals: Sequence[Referral], now: datetime, tz: str, count: int) -> tuple:
    first = week_start(now, tz) - timedelta(days=7 * (count - 1))
    tally: dict[date, Counter] = {first + timedelta(days=7 * i): Counter() for i in range(count)}
    for r in referrals:
        received = r.at("received", tz)
        if received is None:
            continue
        monday = week_start(received, tz)
        if monday in tally:
            tally[monday][r.stage if r.stage in R.CLOSED_STAGES else OPEN] += 1
    return tuple(
        WeekOutcomes(m, c[R.WON], c[R.NOT_A_FIT], c[R.NO_RESPONSE], c[OPEN])
        for m, c in tally.items()
    )


def _rewards(cohort: list[Referral], activity: Sequence[Activity], tz: str) -> Rewards:
    states = Counter(r.reward_state.strip() for r in cohort if r.reward_state.strip())
    approved = states[R.REWARD_APPROVED] + states[R.REWARD_PAID]
    waiting = _ids(r for r in cohort if r.reward_state == R.REWARD_AWAITING_APPROVAL)
    # The row's own times where it has them (the reward flow keeps both), else Activity's.
    from_rows = reward_metrics.days_to_payout(cohort, tz)
    from_activity = _days_to_payout({r.id for r in cohort} - set(from_rows), activity, tz)
    days = [*from_rows.values(), *from_activity]
    return Rewards(
        by_state=tuple(sorted(states.items())),
        approvals=approved,
        awaiting_approval=waiting,
        median_days_to_payout=median(days) if days else None,
        declines=reward_metrics.declines(cohort),
        paid_total=reward_metrics.paid_total(cohort),
        paid_by_referrer=reward_metrics.paid_by_referrer(cohort),
    )


def _days_to_payout(ids: set[str], activity: Sequence[Activity], tz: str) -> list[float]:
    """Won (its Status change row) to Paid (a Reward change row whose details start "Paid"):
    the rewards flow writes the second; until it does, there is nothing to measure."""
    won: dict[str, datetime] = {}
    paid: dict[str, datetime] = {}
    for row in activity:
        when = parse_dt(row.when, tz)
        if row.referral_id not in ids or when is None:
            continue
        if row.what == "Status change" and row.details.startswith(f"closed as {R.WON}"):
            won.setdefault(row.referral_id, when)
        elif row.what == "Reward change" and row.details.startswith(R.REWARD_PAID):
            paid.setdefault(row.referral_id, when)
    return [(paid[i] - won[i]).total_seconds() / 86400 for i in paid if i in won]
