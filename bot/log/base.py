"""The small contract every referral log keeps, so services and the domain can be tested without HTTP.

`SheetLog` (bot/log/sheet.py) keeps it over gspread; `MemoryLog` keeps it in a list."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from typing import Protocol

from bot.domain.lead_index import LeadIndex, active_counts, pick
from bot.domain.referral import REFERRAL_KEYS, Activity, Referral, TeamMember
from bot.errors import ReferralNotFoundError
from bot.log import messages
from bot.log.applying import current_request

ID_PATTERN = re.compile(r"^R-(\d+)$")


def format_id(number: int) -> str:
    return f"R-{number:04d}"


def id_number(referral_id: str) -> int:
    match = ID_PATTERN.match(referral_id.strip())
    return int(match.group(1)) if match else 0


@dataclass(frozen=True)
class Snapshot:
    """One consistent read of the log (plus writes still waiting in the outbox)."""

    referrals: tuple[Referral, ...] = ()
    team: tuple[TeamMember, ...] = ()
    untracked: tuple[Referral, ...] = field(default=())
    """Rows a person typed in without an ID; the sweep gives them one."""
    leads: LeadIndex | None = field(default=None, compare=False, repr=False)
    """Block keys by referral ID, kept by the log across reads (None: built here when needed)."""
    positions: Mapping[str, int] | None = field(default=None, compare=False, repr=False)
    """Referral ID -> position in `referrals` (None: built here when needed)."""
    load: Mapping[str, int] | None = field(default=None, compare=False, repr=False)
    """Open referrals per owner Slack ID (None: counted here when needed)."""

    def _cached(self, name: str, build):
        # Frozen for callers; these caches only restate what `referrals` already says.
        value = getattr(self, name)
        if value is None:
            value = build()
            object.__setattr__(self, name, value)
        return value

    def find(self, referral_id: str) -> Referral | None:
        positions = self._cached("positions", lambda: first_positions(self.referrals))
        position = positions.get(referral_id)
        return self.referrals[position] if position is not None else None

    def same_lead_candidates(self, referral: Referral, region: str) -> list[Referral]:
        """The rows that could be the same lead as `referral`: a handful, not the whole log."""
        if self.leads is not None and self.leads.region == region:
            positions = self._cached("positions", lambda: first_positions(self.referrals))
            found = {positions[h] for h in self.leads.candidates(referral) if h in positions}
        else:
            own = self.__dict__.get("_own_leads")
            if own is None or own.region != region:
                own = LeadIndex.of_positions(self.referrals, region)
                object.__setattr__(self, "_own_leads", own)
            found = own.candidates(referral)
        return pick(self.referrals, found)

    def active_counts(self) -> Mapping[str, int]:
        """Open referrals per owner Slack ID."""
        return self._cached("load", lambda: active_counts(self.referrals))

    def member(self, slack_user_id: str) -> TeamMember | None:
        for person in self.team:
            if person.slack_user_id == slack_user_id:
                return person
        return None

    def member_named(self, name: str) -> TeamMember | None:
        """The Team tab's person with this name, as a person types it in the Owner column."""
        wanted = name.strip().casefold()
        if not wanted:
            return None
        return next((p for p in self.team if p.name.strip().casefold() == wanted), None)


def first_positions(referrals: tuple[Referral, ...]) -> dict[str, int]:
    """Referral ID -> the position of its first row (what a scan for the ID would find)."""
    positions: dict[str, int] = {}
    for position, referral in enumerate(referrals):
        positions.setdefault(referral.id, position)
    return positions


@dataclass(frozen=True)
class Adoption:
    """A hand-typed row to take into the log: the row as read, the cells to set, its Activity."""

    row: Referral
    cells: dict[str, str]
    activity: tuple[Activity, ...] = ()


def check_columns(changes: dict[str, dict[str, str]]) -> None:
    """Every store refuses alike a change to a referral's ID (how its row is found) or to a
    column the log does not have: ValueError, nothing written."""
    for cells in changes.values():
        unknown = set(cells) - set(REFERRAL_KEYS)
        if unknown or "id" in cells:
            raise ValueError(f"cannot update columns {sorted(unknown | ({'id'} & set(cells)))}")


class ReferralLog(Protocol):
    def snapshot(self, max_age: float | None = None) -> Snapshot:
        """The log as last read; read again when older than `max_age` seconds (0 = now)."""

    def append_referral(self, referral: Referral, activity: list[Activity]) -> Referral:
        """Allocate the next ID, write the row and its Activity atomically; return the row with its ID."""

    def append_referrals(self, items: list[tuple[Referral, list[Activity]]]) -> list[Referral]:
        """`append_referral` for many at once (an import's batch): one durable write for all."""

    def update(self, changes: dict[str, dict[str, str]], activity: list[Activity]) -> None:
        """Write only the given cells ({referral ID: {column key: text}}) and append Activity rows."""

    def adopt(self, rows: list[Adoption]) -> list[str]:
        """Give hand-typed rows (from `Snapshot.untracked`) an ID and the given cells, in one write.

        Activity rows with a blank referral ID get the ID allocated to their row. Returns the IDs,
        with "" for a row that changed or vanished since it was read (it is left for next time)."""

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every queued write has reached the sheet; False when it timed out."""

    def close(self, timeout: float = 5.0) -> None:
        """Stop background writing (what is queued stays in the outbox for the next start)."""

    def holding(self) -> AbstractContextManager[None]:
        """Writes made inside are sent together when it ends."""

    def intend(self, key: str, stamp: str) -> None:
        """Record, durably and at once, that something outside the log is about to be done."""

    def intent(self, key: str) -> str:
        """The stamp of an intent not yet forgotten; "" when there is none."""

    def forget_intent(self, key: str) -> None:
        """The intent's outcome is recorded in the log: it needs no checking after a crash."""

    def intents_starting(self, prefix: str) -> dict[str, str]:
        """Every intent not yet forgotten whose key starts with `prefix`: key -> stamp."""

    def read_activity(self) -> list[Activity]:
        """Every Activity row, read now (for the figures that need the history)."""

    def rewrite_activity(self, scrub: Callable[[str], str]) -> int:
        """Apply `scrub` to the text of every Activity row (erasure only); cells changed."""

    def write_dashboard(self, a1_range: str, values: list[list]) -> None:
        """Write the Dashboard's area (numbers stay numbers), with the next write of cells."""

    def row_link(self, referral_id: str) -> str:
        """A link that opens the referral's row in the sheet, or "" when the store has none."""

    def applied(self, request: str) -> bool:
        """True when a write made while applying this Slack request (bot/log/applying.py) is
        durable: a re-delivery of the request must not apply it again."""


class MemoryLog:
    """The contract in memory: what unit tests of services and the domain use."""

    def __init__(self, referrals=(), team=(), untracked=()):
        self._lock = threading.Lock()
        self.referrals: list[Referral] = list(referrals)
        self.team: list[TeamMember] = list(team)
        self.untracked: list[Referral] = list(untracked)
        self.activity: list[Activity] = []
        self.writes = 0
        self.dashboard: list[list] = []
        self.intents: dict[str, str] = {}
        self.requests: set[str] = set()

    def snapshot(self, max_age: float | None = None) -> Snapshot:
        with self._lock:
            return Snapshot(tuple(self.referrals), tuple(self.team), tuple(self.untracked))

    def row_link(self, referral_id: str) -> str:
        return ""  # no sheet to open

    def intend(self, key: str, stamp: str) -> None:
        self.intents[key] = stamp

    def intent(self, key: str) -> str:
        return self.intents.get(key, "")

    def forget_intent(self, key: str) -> None:
        self.intents.pop(key, None)

    def intents_starting(self, prefix: str) -> dict[str, str]:
        return {k: v for k, v in self.intents.items() if k.startswith(prefix)}

    def _next_id(self) -> str:
        return format_id(max((id_number(r.id) for r in self.referrals), default=0) + 1)

    def append_referral(self, referral: Referral, activity: list[Activity]) -> Referral:
        with self._lock:
            stored = referral.with_changes({"id": self._next_id()})
            self.referrals.append(stored)
            self.activity += [a if a.referral_id else _with_id(a, stored.id) for a in activity]
            self._wrote()
            return stored

    def append_referrals(self, items: list[tuple[Referral, list[Activity]]]) -> list[Referral]:
        stored = [self.append_referral(referral, activity) for referral, activity in items]
        self.writes -= max(0, len(items) - 1)  # one write for all, as in the sheet
        return stored

    def update(self, changes: dict[str, dict[str, str]], activity: list[Activity]) -> None:
        check_columns(changes)
        with self._lock:
            index = {r.id: i for i, r in enumerate(self.referrals)}
            missing = [rid for rid in changes if rid not in index]
            if missing:
                raise ReferralNotFoundError(messages.no_referral(missing))
            for rid, cells in changes.items():
                self.referrals[index[rid]] = self.referrals[index[rid]].with_changes(cells)
            self.activity += activity
            self._wrote()

    def adopt(self, rows: list[Adoption]) -> list[str]:
        with self._lock:
            ids = []
            for adoption in rows:
                self.untracked.remove(adoption.row)
                new_id = self._next_id()
                self.referrals.append(adoption.row.with_changes({**adoption.cells, "id": new_id}))
                self.activity += [
                    a if a.referral_id else _with_id(a, new_id) for a in adoption.activity
                ]
                ids.append(new_id)
            self.writes += 1
            return ids

    def flush(self, timeout: float | None = None) -> bool:
        return True

    def close(self, timeout: float = 5.0) -> None:
        return None

    def holding(self) -> AbstractContextManager[None]:
        return nullcontext()

    def read_activity(self) -> list[Activity]:
        with self._lock:
            return list(self.activity)

    def rewrite_activity(self, scrub: Callable[[str], str]) -> int:
        with self._lock:
            changed = 0
            for i, row in enumerate(self.activity):
                fields = {
                    k: scrub(getattr(row, k))
                    for k in ("when", "referral_id", "who", "what", "details")
                }
                changed += sum(fields[k] != getattr(row, k) for k in fields)
                self.activity[i] = replace(row, **fields)
            self.writes += 1 if changed else 0
            return changed

    def write_dashboard(self, a1_range: str, values: list[list]) -> None:
        with self._lock:
            self.dashboard = [list(row) for row in values]

    def applied(self, request: str) -> bool:
        return request in self.requests

    def _wrote(self) -> None:
        self.writes += 1
        if current_request():
            self.requests.add(current_request())


def _with_id(activity: Activity, referral_id: str) -> Activity:
    from dataclasses import replace

    return replace(activity, referral_id=referral_id)
