"""The log as last read, shared by `SheetLog` (which serves snapshots and queues writes) and
`Delivery` (which sends them): the cached read and how it is refreshed, the rows known to carry
their ID tag, and the allocation of referral IDs.

One `spreadsheets.get` per refresh, streamed and decoded row by row (bot/log/grid_stream.py);
rows nobody changed are reused from the read before. IDs continue from the highest this machine
handed out or read, kept in the outbox file so a restart never hands one out twice.
"""

from __future__ import annotations

import gc
import logging
import math
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import gspread
import requests
from gspread.exceptions import APIError
from gspread.urls import SPREADSHEET_URL

from bot.domain.lead_index import LeadIndex
from bot.domain.referral import Activity
from bot.domain.timefmt import format_dt
from bot.errors import SchemaError, SheetAccessError, SheetUnavailableError
from bot.log import damage, messages
from bot.log.base import format_id, id_number
from bot.log.grid_stream import CHUNK, stream_grids
from bot.log.health import SheetHealth
from bot.log.outbox import APPEND, Outbox
from bot.log.reading import FIELDS, Read, TabGrid, parse_grids, read_ranges
from bot.log.referral_rows import ReferralRows
from bot.log.retry import RetryPolicy
from bot.log.tagging import Claim, spare_tag_id, tag_and_confirm
from bot.log.team_memory import TeamMemory
from bot.schema import Schema

log = logging.getLogger(__name__)

HIGH_WATER = "highest_referral_number"
READ_ONCE = "sheet_read_once"


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The read makes a few million small objects (a list per row, a dict per cell while it is
    decoded) and leaves no cycles; Python's cycle collector, run by their count, would walk the
    whole log still held from the last read several times over (seconds at 100,000 referrals).
    Paused while the answer is decoded, parsed and indexed (not through retries or waits), and
    back as it was after: garbage is freed by reference counts meanwhile, and only cycles made
    elsewhere in that time wait for the next collection."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


class ReadCache:
    def __init__(
        self,
        spreadsheet: gspread.Spreadsheet,
        schema: Schema,
        settings,
        outbox: Outbox,
        retry: RetryPolicy,
        health: SheetHealth,
        leads: LeadIndex,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ):
        self.spreadsheet = spreadsheet
        self.schema = schema
        self.settings = settings
        self.outbox = outbox
        self.retry = retry
        self.health = health
        self.leads = leads
        self.clock = clock
        self._now = now
        self.read: Read | None = None
        self.read_lock = threading.RLock()
        """Held through a refresh: one read of the log at a time."""
        self.state_lock = threading.Lock()
        """Held briefly: the cached read, the tag set and the ID counter change together."""
        self.read_from_version = outbox.version
        """The outbox version when the cached read was started: later writes are laid over it."""
        self.refreshing = False
        self.read_failed = False
        """The last read failed after every retry (a quota storm, an outage)."""
        self.read_once = bool(outbox.get_meta(READ_ONCE))
        self.highest = max([int(outbox.get_meta(HIGH_WATER, "0") or 0), *self._pending_numbers()])
        self.team = TeamMemory(outbox)
        self._tagged: set[str] = set()

    # --- the read -----------------------------------------------------------------------------

    def refresh(self, with_activity: bool = False, fix_tags: bool = True) -> Read:
        """Read the log now (one API call); tag rows that need it right away (one more call)."""
        with self.read_lock:
            started = self.outbox.version
            response = self._fetched(with_activity)
            if not self.read_once:
                self.read_once = True
                self.outbox.set_meta(READ_ONCE, "yes")
            try:
                with _collector_paused():
                    read = parse_grids(
                        response,
                        self.schema,
                        self.clock(),
                        with_activity,
                        previous=self.read,
                        decimal_comma=self.settings.decimal_comma,
                    )
            except SchemaError as exc:  # a tab or a required column gone: coordinators hear it
                self.health.damaged([damage.schema(str(exc))])
                raise
            self.health.damaged(read.problems)
            del response  # emptied by the parse: the grid is gone before the read is indexed
            with _collector_paused():
                self._index_read(read)
            with self.state_lock:
                self.read = read
                # Older writes are in this read; later ones may not be, so keep showing those.
                self.read_from_version = started
                self._tagged = set(read.tagged)
                self.highest = max([self.highest, *(id_number(r) for r in read.rows)])
            self.outbox.forget_landed(started)
            self.team.remember(read)
            if fix_tags and read.needs_tags:
                self.fix_tags(read)
            return read

    def current_read(self) -> Read:
        return self.read or self.refresh()

    def forget_read(self) -> None:
        """The sheet changed in a way the cached read does not show: read it again next time."""
        with self.state_lock:
            if self.read is not None:
                self.read.at = -math.inf

    def refresh_in_background(self) -> None:
        with self.state_lock:
            if self.refreshing:
                return
            self.refreshing = True
        threading.Thread(target=self._background_refresh, name="log-refresh", daemon=True).start()

    def _background_refresh(self) -> None:
        try:
            self.refresh()
        except Exception:  # the stale read keeps serving; the next snapshot tries again
            log.warning(
                "Background read of the log failed; the last read keeps serving", exc_info=True
            )
        finally:
            with self.state_lock:
                self.refreshing = False

    def _fetched(self, with_activity: bool) -> dict[str, TabGrid]:
        try:
            response = self.retry.call(lambda: self._fetch(with_activity), "reading the log")
        except APIError as exc:
            error = self._read_error(exc)
            if isinstance(error, SchemaError):
                self.health.damaged([damage.schema(str(error))])
            raise error from exc
        except SheetUnavailableError as exc:
            self.read_failed = True
            self.health.unreachable(exc)
            raise
        self.read_failed = False
        self.health.reachable()
        return response

    def _fetch(self, with_activity: bool) -> dict[str, TabGrid]:
        params = {
            "includeGridData": "true",
            "ranges": read_ranges(self.schema, with_activity),
            "fields": FIELDS,
        }
        url = SPREADSHEET_URL % self.spreadsheet.id
        http = self.spreadsheet.client  # gspread's HTTPClient: its session carries the auth
        # Streamed and decoded row by row as it arrives (bot/log/grid_stream.py): neither the
        # answer's bytes nor a tree of it is held while the last read is still in memory.
        # gspread's own request would read the whole body first; errors are raised as it does.
        with http.session.request(
            "get", url, params=params, timeout=http.timeout, stream=True
        ) as response:
            if not response.ok:
                raise APIError(response)
            try:
                with _collector_paused():
                    return stream_grids(response.iter_content(CHUNK), self._row_parsers())
            except (
                requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError,
            ) as exc:
                raise requests.exceptions.ConnectionError(str(exc)) from exc

    def _row_parsers(self) -> dict[str, ReferralRows]:
        """A fresh parser per attempt (a retried read starts over), comparing with the last read."""
        tab = self.schema.tab("referrals")
        parser = ReferralRows(tab, self.read, self.settings.decimal_comma)
        return {tab.title.casefold(): parser}

    def _read_error(self, exc: APIError) -> Exception:
        status = exc.response.status_code
        if status == 400:
            titles = [t.title for t in self.schema.tabs if t.key != "dashboard"]
            return SchemaError(messages.unreadable_tabs(titles, exc.error.get("message", "")))
        if status in (403, 404):
            return SheetAccessError(
                messages.share_sheet("the service account", self.spreadsheet.id, status)
            )
        return exc

    def _index_read(self, read: Read) -> None:
        """Only rows new since the last read, or whose lead details a person changed, are keyed."""
        before = self.read
        if before is None:
            self.leads.add_changed(read.referrals, lambda rid: None)
            return
        old = before.referrals
        self.leads.add_changed(
            read.referrals,
            lambda rid: old[p] if (p := before.positions.get(rid)) is not None else None,
        )

    # --- tags ---------------------------------------------------------------------------------

    def fix_tags(self, read: Read) -> None:
        """Tag the rows a person typed an ID into, each confirmed before it is trusted."""
        claims = [
            Claim(rid, index, read.referrals[read.positions[rid]], spare_tag_id())
            for rid, index in read.untagged.items()
        ]
        try:
            confirmed = tag_and_confirm(
                self.spreadsheet,
                self.retry,
                read.sheet_ids["referrals"],
                read.headers["referrals"],
                claims,
                read.tag_deletes,
            )
        except (SheetUnavailableError, APIError) as exc:
            # Not fatal: the next read finds the same rows and tries again.
            log.warning("Could not tag %s row(s): %s", len(claims), exc)
            return
        self.mark_tagged(confirmed)

    def mark_tagged(self, ids: set[str]) -> None:
        with self.state_lock:
            self._tagged |= ids

    def is_tagged(self, referral_id: str) -> bool:
        with self.state_lock:
            return referral_id in self._tagged

    # --- IDs and Activity rows ----------------------------------------------------------------

    def allocate_ids(self, count: int) -> list[str]:
        with self.state_lock:
            return self.allocate(count)

    def allocate(self, count: int) -> list[str]:
        """The next `count` IDs; the caller holds `state_lock` (queueing in ID order with them)."""
        first = self.highest + 1
        self.highest += count
        self.outbox.set_meta(HIGH_WATER, str(self.highest))
        return [format_id(first + i) for i in range(count)]

    def activity_row(self, activity: Activity, referral_id: str) -> dict[str, str]:
        row = activity.to_row()
        row["referral_id"] = row["referral_id"] or referral_id
        row["event_id"] = row["event_id"] or uuid.uuid4().hex[:16]
        row["when"] = row["when"] or format_dt(self._now(), self.settings.firm_timezone)
        return row

    def _pending_numbers(self) -> list[int]:
        return [
            id_number(e.payload["referral"]["id"])
            for e in self.outbox.pending()
            if e.kind == APPEND
        ]
