"""`SheetLog`: the referral log on a Google Sheet, keeping the ReferralLog contract (bot/log/base.py).

Reads: one `spreadsheets.get` per snapshot, cached for SNAPSHOT_MAX_AGE_SECONDS, with the writes still
waiting in the outbox laid over it so callers read their own writes.
Writes: acknowledged once durable in the outbox; one writer thread sends them (bot/log/delivery.py).
Rows are found by their tag (row developer metadata = referral ID), never by a remembered row number.
"""

from __future__ import annotations

import logging
import math
import time
from collections import ChainMap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import gspread

from bot.domain.lead_index import LEAD_KEYS, LeadIndex, recount
from bot.domain.referral import Activity, Referral
from bot.errors import ReferralNotFoundError, SheetUnavailableError
from bot.log import messages, riding
from bot.log.activity_read import read_activity
from bot.log.activity_rewrite import rewrite_activity
from bot.log.base import Adoption, Snapshot, check_columns
from bot.log.cache import ReadCache
from bot.log.delivery import Delivery
from bot.log.health import SheetHealth
from bot.log.outbox import ACTIVITY, APPEND, CELLS, DASHBOARD, Outbox
from bot.log.reading import Read
from bot.log.retry import RetryPolicy
from bot.log.writer import Pacer, Writer
from bot.schema import Schema

log = logging.getLogger(__name__)

_INTENT = "intent:"

ADOPT_MAX_AGE = 2.0
"""Adoption tags a row at the index of a read (then confirms it); a read older than this is
repeated first, so a row that moved is the exception, not the rule."""


class SheetLog:
    def __init__(
        self,
        spreadsheet: gspread.Spreadsheet,
        schema: Schema,
        settings,
        outbox: Outbox,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        retry: RetryPolicy | None = None,
        pacer: Pacer | None = None,
        writer_backoff: tuple[float, float] = (1.0, 60.0),
        start: bool = True,
    ):
        self.spreadsheet = spreadsheet
        self.schema = schema
        self.settings = settings
        self.outbox = outbox
        self.retry = retry or RetryPolicy.from_settings(settings)
        self._clock = clock
        self._overlay: tuple[tuple, Snapshot] | None = None
        self.health = SheetHealth(outbox)
        """Unreachable, back, damaged: told once to coordinators (bot/log/health.py)."""
        self.leads = LeadIndex(settings.default_phone_region)
        """Where the duplicate check looks, by referral ID: grown by each read and each write."""
        self.cache = ReadCache(
            spreadsheet, schema, settings, outbox, self.retry, self.health, self.leads, clock, now
        )
        self._nothing_read = self.cache.team.unread()
        """Served while Google is down and the log was never read in this run: the outbox's
        writes, and the team as last read (captures are routed by it)."""
        self.delivery = Delivery(self.cache)
        self.writer = Writer(
            outbox,
            self.delivery.deliver,
            pacer=pacer,
            retry_later=writer_backoff,
            select=riding.due,
        )
        if start:
            self.writer.start()

    # --- the contract -------------------------------------------------------------------------

    def snapshot(self, max_age: float | None = None) -> Snapshot:
        """With no `max_age`, a stale read is served at once and read again in the background:
        people waiting in Slack never wait for Google. The sweep asks for `max_age=0`."""
        limit = self.settings.snapshot_max_age_seconds if max_age is None else max_age
        read = self.cache.read
        if read is None and max_age is None and (self.health.is_down or self.cache.read_failed):
            # Started while Google is down or over quota: captures are taken into the outbox,
            # and nobody in Slack waits for a read that is failing (tried again in the background).
            self.cache.refresh_in_background()
            return self._overlaid(self._nothing_read)
        forgotten = read is not None and read.at == -math.inf  # the bot itself moved rows
        if read is not None and not forgotten and limit > 0:
            # No lock on this path: a read in flight elsewhere must not hold up a Slack answer.
            if self._clock() - read.at <= limit:
                return self._overlaid(read)
            if max_age is None:
                self.cache.refresh_in_background()
                return self._overlaid(read)
        with self.cache.read_lock:
            read = self.cache.read
            if read is None or limit <= 0 or self._clock() - read.at > limit:
                read = self.refresh()
            return self._overlaid(read)

    @contextmanager
    def holding(self) -> Iterator[None]:
        """Writes queued inside are durable at once but sent together when it ends (the sweep's
        changes leave as one values call whatever the log's size; its Activity rows ride)."""
        self.writer.hold()
        try:
            yield
        finally:
            self.writer.release()

    def append_referral(self, referral: Referral, activity: list[Activity]) -> Referral:
        if self.cache.read is None:
            self._first_read()
            self._require_a_numbering()
        with self.cache.state_lock:
            # Allocation and queueing under one lock: entries reach the outbox in ID order.
            (referral_id,) = self.cache.allocate(1)
            stored = referral.with_changes({"id": referral_id})
            rows = [self.cache.activity_row(a, referral_id) for a in activity]
            self.outbox.put(APPEND, {"referral": stored.to_row(), "activity": rows})
            self.leads.add(referral_id, stored)
        self.writer.kick()
        return stored

    def append_referrals(self, items: list[tuple[Referral, list[Activity]]]) -> list[Referral]:
        """Many new referrals queued in one outbox transaction (an import's batch): one entry
        each, in ID order, as if appended one by one, without a disk sync per row."""
        if not items:
            return []
        if self.cache.read is None:
            self._first_read()
        with self.cache.state_lock:
            ids = self.cache.allocate(len(items))
            stored = [r.with_changes({"id": rid}) for (r, _), rid in zip(items, ids, strict=True)]
            entries = [
                (
                    APPEND,
                    {
                        "referral": s.to_row(),
                        "activity": [self.cache.activity_row(a, s.id) for a in acts],
                    },
                )
                for s, (_, acts) in zip(stored, items, strict=True)
            ]
            self.outbox.put_many(entries)
        self.writer.kick()
        return stored

    def update(self, changes: dict[str, dict[str, str]], activity: list[Activity]) -> None:
        changes = {rid: dict(cells) for rid, cells in changes.items() if cells}
        self._check_update(changes)
        items = []
        if changes:
            items.append((CELLS, {"changes": changes}))
        if activity:
            items.append(
                (ACTIVITY, {"activity": [self.cache.activity_row(a, "") for a in activity]})
            )
        if items:
            self._index_lead_changes(changes)
            self.outbox.put_many(items)
            self.writer.kick()

    def _index_lead_changes(self, changes: dict[str, dict[str, str]]) -> None:
        """A merge that fills a blank email or phone must be found by it from the next capture on."""
        touched = [rid for rid, cells in changes.items() if LEAD_KEYS & set(cells)]
        if not touched:
            return
        snapshot = self.snapshot()
        for rid in touched:
            current = snapshot.find(rid)
            if current is not None:
                self.leads.add(rid, current.with_changes(changes[rid]))

    def adopt(self, rows: list[Adoption]) -> list[str]:
        """Synchronous: the tag goes to the row index just read and is confirmed before the cells
        are written by it. A row that changed, moved or vanished since it was read is skipped
        ("" in the answer) and adopted from a later read."""
        if not rows:
            return []
        with self.cache.read_lock:
            read = self.cache.read
            if read is None or self._clock() - read.at > ADOPT_MAX_AGE:
                read = self.refresh()
            adopted = self.delivery.adopt(read, rows)
        self.writer.kick()  # the adopted rows' Activity, queued by the delivery
        return adopted

    def flush(self, timeout: float | None = None) -> bool:
        return self.writer.flush(timeout)

    # Intents: what the bot is about to do outside the sheet (a nudge DM), kept in the outbox's
    # file so a crash between doing it and recording it is noticed on restart.
    def intend(self, key: str, stamp: str) -> None:
        self.outbox.set_meta(_INTENT + key, stamp)

    def intent(self, key: str) -> str:
        return self.outbox.get_meta(_INTENT + key)

    def forget_intent(self, key: str) -> None:
        self.outbox.delete_meta(_INTENT + key)

    def intents_starting(self, prefix: str) -> dict[str, str]:
        found = self.outbox.meta_starting(_INTENT + prefix)
        return {key.removeprefix(_INTENT): stamp for key, stamp in found.items()}

    def applied(self, request: str) -> bool:
        return self.outbox.applied(request)

    def close(self, timeout: float = 5.0) -> None:
        self.writer.stop(timeout)

    def write_dashboard(self, a1_range: str, values: list[list]) -> None:
        """The Dashboard's figures, sent with the next cells write (one values call for both)."""
        self.outbox.put(DASHBOARD, {"range": a1_range, "values": values})
        self.writer.kick()

    def read_activity(self) -> list[Activity]:
        """The whole Activity tab (one call), and the rows still waiting in the outbox: only
        figures that need the history ask for it."""
        waiting = [
            row
            for entry in self.outbox.pending()
            if entry.kind in (APPEND, ACTIVITY)
            for row in entry.payload.get("activity", [])
        ]
        read = self.retry.call(
            lambda: read_activity(self.spreadsheet, self.schema), "reading Activity"
        )
        landed = {a.event_id for a in read if a.event_id}
        return read + [Activity(**row) for row in waiting if row.get("event_id") not in landed]

    def rewrite_activity(self, scrub: Callable[[str], str]) -> int:
        """Erasure's rewrite of Activity (bot/log/activity_rewrite.py); cells changed."""
        return rewrite_activity(self.cache, self.flush, scrub)

    def row_link(self, referral_id: str) -> str:
        """A link that opens the sheet at the referral's row, as of the last read; the tab when
        the row has not been read back yet."""
        read = self.cache.read
        if read is None:
            return self.spreadsheet.url
        gid = read.sheet_ids.get("referrals", 0)
        row = read.rows.get(referral_id)
        where = f"&range=A{row + 1}" if row is not None else ""
        return f"{self.spreadsheet.url}#gid={gid}{where}"

    # --- reading (bot/log/cache.py) ------------------------------------------------------------

    def refresh(self, with_activity: bool = False, fix_tags: bool = True) -> Read:
        """Read the log now (one API call); tag rows that need it right away (one more call)."""
        return self.cache.refresh(with_activity, fix_tags)

    def current_read(self) -> Read:
        return self.cache.current_read()

    def fix_tags(self, read: Read) -> None:
        self.cache.fix_tags(read)

    def _require_a_numbering(self) -> None:
        """IDs continue from the highest this machine handed out or read; with neither (a new
        machine while Google is down), an ID could repeat one already in the sheet."""
        if self.cache.read is None and self.cache.highest == 0 and not self.cache.read_once:
            raise SheetUnavailableError(messages.never_read(), attempts=0)

    def _first_read(self) -> None:
        """IDs continue from the highest in the sheet; when Google is down at the very first
        capture, from the highest this machine handed out (kept in the outbox file)."""
        try:
            self.snapshot()
        except SheetUnavailableError as exc:
            log.warning("Allocating IDs without reading the sheet first: %s", exc)

    def _overlaid(self, read: Read) -> Snapshot:
        key = (id(read), self.outbox.version)
        if self._overlay and self._overlay[0] == key:
            return self._overlay[1]
        referrals = list(read.referrals)
        added: dict[str, int] = {}
        changes: list[tuple[Referral | None, Referral]] = []

        def position(rid: str) -> int | None:
            found = added.get(rid)
            return read.positions.get(rid) if found is None else found

        # Re-applying a write the read already shows changes nothing, so over-applying is safe.
        for entry in self.outbox.unread(self.cache.read_from_version):
            if entry.kind == APPEND:
                pending = Referral.from_row(entry.payload["referral"])
                if position(pending.id) is None:
                    added[pending.id] = len(referrals)
                    referrals.append(pending)
                    changes.append((None, pending))
            elif entry.kind == CELLS:
                for rid, cells in entry.payload["changes"].items():
                    where = position(rid)
                    if where is not None:
                        before = referrals[where]
                        referrals[where] = before.with_changes(cells)
                        changes.append((before, referrals[where]))
        snapshot = Snapshot(
            tuple(referrals),
            tuple(read.team),
            tuple(r for _, r in read.untracked),
            leads=self.leads,
            positions=ChainMap(added, read.positions) if added else read.positions,
            load=recount(read.load, changes) if changes else read.load,
        )
        self._overlay = (key, snapshot)
        return snapshot

    # --- helpers ------------------------------------------------------------------------------

    def _check_update(self, changes: dict[str, dict[str, str]]) -> None:
        check_columns(changes)
        if not changes:
            return
        missing = [rid for rid in changes if not self._known(rid)]
        if missing:
            snapshot = self.snapshot(max_age=0)
            missing = [rid for rid in changes if snapshot.find(rid) is None]
        if missing:
            raise ReferralNotFoundError(messages.no_referral(missing))
        header = self.current_read().headers["referrals"]
        for cells in changes.values():
            for key in cells:
                header.index(key)  # SchemaError naming the column when the sheet lacks it

    def _known(self, referral_id: str) -> bool:
        """In the last read, or appended since: a lookup, not a rebuild of the snapshot."""
        read = self.cache.read
        if read is None:
            try:
                read = self.current_read()
            except SheetUnavailableError:
                read = None
        if read is not None and referral_id in read.rows:
            return True
        return any(
            e.kind == APPEND and e.payload["referral"]["id"] == referral_id
            for e in self.outbox.unread(self.cache.read_from_version)
        )
