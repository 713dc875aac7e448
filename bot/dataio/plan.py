"""What an import will do with each row, decided before anything is written (the preview) and
carried out as planned (`--apply`).

Each row is judged as a capture would judge it: the duplicate rules against the log and against
the rows above it in the same file, attribution, routing when no owner is named. Kept from the
file: dates, stage, owner and the rest of the mapped columns.

Every row has a key (its event ID in the Activity tab). A row whose key is already in the log was
imported by an earlier run and is left alone: that is what makes a killed import resumable with
every row written exactly once."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from datetime import datetime

from bot.dataio.columns import Mapping
from bot.dataio.convert import Reading, convert
from bot.dataio.leads import LeadIndex
from bot.dataio.tables import SourceRow, Table
from bot.domain import referral as R
from bot.domain.attribution import attribution_confidence
from bot.domain.cadence import STAGE_LAST
from bot.domain.duplicates import decide_duplicate, find_matches
from bot.domain.referral import Activity, Referral
from bot.domain.rewards import RewardPolicy, initial_reward_state
from bot.domain.routing import active_counts_by_owner, route
from bot.domain.timefmt import format_dt
from bot.log.base import Snapshot

NEW, DUPLICATE, CONFLICT, INVALID, DONE = "new", "duplicate", "conflict", "invalid", "done"
CHANNEL_IMPORT = "Import"
IMPORTER = "Import"
PROVISIONAL = "file row "


@dataclass
class PlannedRow:
    number: int
    key: str
    kind: str
    reason: str = ""
    record: Referral | None = None
    """For a new row: the record to append (its ID is given when it is written)."""
    target: str = ""
    """For a duplicate or conflict: the referral it lands on (an ID, or "file row N")."""
    cells: dict[str, str] = field(default_factory=dict)
    activity: list[Activity] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Plan:
    source: str
    rows: list[PlannedRow]

    def count(self, kind: str) -> int:
        return sum(1 for r in self.rows if r.kind == kind)

    def to_write(self) -> list[PlannedRow]:
        """New rows and updates of records already in the log; rows folded into a new record
        of this import travel with that record."""
        return [
            r
            for r in self.rows
            if r.kind == NEW or (r.kind in (DUPLICATE, CONFLICT) and not _provisional(r.target))
        ]


@dataclass(frozen=True)
class Rules:
    """The settings a capture uses, and the moment of the import."""

    now: datetime
    tz: str
    region: str
    lookback_days: int
    name_threshold: float
    high_value_threshold: float
    default_max_active: int
    reward_policy: RewardPolicy

    @classmethod
    def from_settings(cls, settings, now: datetime) -> Rules:
        return cls(
            now=now,
            tz=settings.firm_timezone,
            region=settings.default_phone_region,
            lookback_days=settings.lookback_days,
            name_threshold=settings.name_match_threshold,
            high_value_threshold=settings.high_value_threshold,
            default_max_active=settings.default_max_active,
            reward_policy=RewardPolicy(
                settings.reward_policy,
                settings.reward_gift_cap,
                settings.reward_second_approver_above,
            ),
        )

    def stamp(self) -> str:
        return format_dt(self.now, self.tz)


def row_key(source: str, row: SourceRow) -> str:
    """Stable across runs for the same row of the same file: its number and its cells."""
    digest = hashlib.sha256(json.dumps([source, row.number, row.cells]).encode()).hexdigest()
    return "imp-" + digest[:20]


def _provisional(target: str) -> bool:
    return target.startswith(PROVISIONAL)


class Planner:
    def __init__(self, table: Table, mapping: Mapping, snapshot: Snapshot, rules: Rules):
        self.table, self.mapping, self.snapshot, self.rules = table, mapping, snapshot, rules
        self.index = LeadIndex(snapshot.referrals, rules.region)
        self.counts = active_counts_by_owner(snapshot.referrals)
        self.reading = Reading(rules.tz, rules.region, table.decimal_comma)
        self.pending: dict[str, PlannedRow] = {}
        """New rows of this import by their provisional ID, so a later row can land on them."""

    def plan(self, done: set[str]) -> Plan:
        rows = [self._plan_row(row, done) for row in self.table.rows]
        return Plan(self.table.name, rows)

    def _plan_row(self, row: SourceRow, done: set[str]) -> PlannedRow:
        key = row_key(self.table.name, row)
        if key in done:
            return PlannedRow(row.number, key, DONE, "imported by an earlier run")
        values = {}
        for header, text in self.table.values(row).items():
            target = self.mapping.key_of(header)
            if target:
                values[target] = text
        converted = convert(values, self.reading)
        if converted.problems:
            return PlannedRow(row.number, key, INVALID, "; ".join(converted.problems))
        cells = {**converted.cells, "logged_by": converted.cells.get("logged_by") or IMPORTER}
        candidate = Referral(**cells, channel=CHANNEL_IMPORT)
        planned = self._judge(row.number, key, candidate)
        planned.notes += converted.notes
        return planned

    def _judge(self, number: int, key: str, candidate: Referral) -> PlannedRow:
        r = self.rules
        check = find_matches(
            candidate,
            self.index.near(candidate),
            r.now,
            lookback_days=r.lookback_days,
            name_threshold=r.name_threshold,
            default_region=r.region,
            tz=r.tz,
        )
        decision = decide_duplicate(check, candidate, r.now, r.tz, r.name_threshold)
        if decision.action in ("merge", "conflict") and check.match is not None:
            return self._on_existing(number, key, check.match, decision)
        if decision.new_cells:
            candidate = candidate.with_changes(decision.new_cells)
        planned = self._new(number, key, candidate)
        if decision.action == "confirm" and check.match is not None:
            planned.notes.append(
                f"possible duplicate of {check.match.id} ({check.reason}); imported as a new lead"
            )
        return planned

    def _on_existing(self, number: int, key: str, match: Referral, decision) -> PlannedRow:
        kind = CONFLICT if decision.action == "conflict" else DUPLICATE
        details = f"{decision.activity_details} Imported from {self.table.name}, row {number}."
        note = Activity(self.rules.stamp(), "", IMPORTER, decision.activity_what, details, key)
        planned = PlannedRow(number, key, kind, f"{decision.activity_details}", target=match.id)
        updated = match.with_changes(decision.cells)
        self.index.put(updated)
        if _provisional(match.id):
            parent = self.pending[match.id]
            parent.record = updated
            parent.activity.append(note)
            planned.reason = f"same lead as {match.id} of this file: {decision.activity_details}"
        else:
            planned.cells, planned.activity = dict(decision.cells), [note]
        return planned

    def _new(self, number: int, key: str, candidate: Referral) -> PlannedRow:
        record, assigned = self._complete(candidate)
        provisional = f"{PROVISIONAL}{number}"
        details = f"Imported from {self.table.name}, row {number}"
        activity = [Activity(self.rules.stamp(), "", IMPORTER, "Logged", details, key)]
        if assigned:
            activity.append(
                Activity(self.rules.stamp(), "", IMPORTER, "Assigned", assigned, key + "-a")
            )
        if record.linked_to:
            linked = f"new record linked to {record.linked_to}"
            activity.append(
                Activity(self.rules.stamp(), "", IMPORTER, "Duplicate merged", linked, key + "-l")
            )
        planned = PlannedRow(number, key, NEW, "", record=record, activity=activity)
        planned.target = provisional
        self.pending[provisional] = planned
        self.index.put(record.with_changes({"id": provisional}))
        return planned

    def _complete(self, row: Referral) -> tuple[Referral, str]:
        """What a capture fills in, keeping whatever the file said. Returns (record, why the
        owner was chosen, when the rules chose one)."""
        r, team = self.rules, self.snapshot
        stage = row.stage or R.NEW
        cells = {
            "received": row.received or r.stamp(),
            "stage": stage,
            "touches": row.touches or "0",
            "thankyou_status": row.thankyou_status or R.THANKYOU_TODO,
            "reward_state": initial_reward_state(r.reward_policy),
            "nudge_state": json.dumps({STAGE_LAST: stage}),
            "updated_at": r.stamp(),
        }
        assigned = ""
        owner = team.member_named(row.owner)
        if not row.owner.strip():
            decision = route(
                row, team.team, self.counts, None, r.high_value_threshold, r.default_max_active
            )
            owner, assigned = decision.owner, decision.reason
            if owner is None:
                cells["next_step"] = "Coordinators to assign an owner"
        if owner is not None:
            cells |= {"owner": owner.name, "owner_slack_id": owner.slack_user_id}
            self.counts[owner.slack_user_id] = self.counts.get(owner.slack_user_id, 0) + 1
        thanker = team.member_named(row.thankyou_owner) if row.thankyou_owner else owner
        if thanker is not None:
            cells |= {
                "thankyou_owner": thanker.name,
                "thankyou_owner_slack_id": thanker.slack_user_id,
            }
        record = row.with_changes(cells)
        confidence = attribution_confidence(
            record, logged_by_referrer=False, has_open_conflict=False, from_sheet=True
        )
        return record.with_changes({"attribution_confidence": confidence}), assigned


def with_ids(planned: PlannedRow, ids: dict[str, str]) -> PlannedRow:
    """A planned row whose target was a new record of this import, once that record has its ID."""
    return replace(planned, target=ids.get(planned.target, planned.target))
