"""Sending queued writes to the sheet, exactly once.

All pending appends and Activity rows go out as ONE `spreadsheets.batchUpdate` (appendCells on each
tab: atomic, so a referral never lands without its Activity row). All pending cell changes go out
as ONE `values:batchUpdateByDataFilter`, each row found by its ID tag. The writer hands over
Activity rows of answers only when they ride (bot/log/riding.py), so an answer is one call.

Exactly once: a timeout or 5xx may have been applied by Google. After one, the next try first reads
the log (Referrals IDs and Activity event IDs) and drops what already landed. A 429 is never applied.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from gspread.exceptions import APIError
from gspread.urls import SPREADSHEETS_API_V4_BASE_URL

from bot.errors import ReferralDeskError, SheetUnavailableError
from bot.log import ops
from bot.log.base import Adoption, id_number
from bot.log.cache import ReadCache
from bot.log.mapping import HeaderMap
from bot.log.outbox import ACTIVITY, APPEND, CELLS, DASHBOARD, Entry
from bot.log.reading import Read
from bot.log.retry import api_message
from bot.log.tagging import Claim, tag_and_confirm

logger = logging.getLogger(__name__)

VALUES_BY_FILTER_URL = SPREADSHEETS_API_V4_BASE_URL + "/%s/values:batchUpdateByDataFilter"
ROWS_ATTEMPTS = 3
MARKS = "batch_marks"
MARKS_KEPT = 20
"""Batch marks left on the spreadsheet: a copy of a batch still in flight after this many later
batches have landed is beyond any timeout; older marks are deleted (metadata has a size limit)."""


class AppendWaitingError(ReferralDeskError):
    """Cell changes of a referral whose own row is still in the outbox: they wait for it."""


class TagMissingError(ReferralDeskError):
    """A row the bot must write to has no tag yet and tagging it failed; try again later."""


class Delivery:
    def __init__(self, cache: ReadCache):
        self.cache = cache
        self._dashboard: list[dict[str, Any]] = []
        self._end = 0
        """Just below the rows this delivery inserted last: a read older than them does not
        show them, and new rows go below them all the same."""
        self.suspect = bool(cache.outbox.pending())
        """A write may have landed without our knowing (ambiguous failure, or a restart with
        pending entries): check the sheet before sending appends again."""

    def deliver(self, entries: list[Entry]) -> None:
        """The writer thread's job: send everything pending. Raises when something stays queued."""
        errors = []
        rows = [e for e in entries if e.kind in (APPEND, ACTIVITY)]
        cells = [e for e in entries if e.kind in (CELLS, DASHBOARD)]
        for send, batch in ((self._send_rows, rows), (self._send_cells, cells)):
            if not batch:
                continue
            try:
                self._isolating_bad_requests(send, batch)
            except SheetUnavailableError as exc:
                self.cache.health.unreachable(exc)
                errors.append(exc)
            except Exception as exc:
                errors.append(exc)
        if errors:
            raise errors[0]
        self.cache.health.reachable()

    def _isolating_bad_requests(self, send, batch: list[Entry]) -> None:
        """A 400 means one entry is malformed: send the rest one by one and set that one aside
        (kept in the outbox as failed) rather than blocking every write behind it."""
        retry = self.cache.retry
        try:
            retry.call(lambda: send(batch), "writing to the log")
            return
        except APIError as exc:
            if exc.response.status_code != 400:
                raise
            if len(batch) == 1:
                self._set_aside(batch, exc)
                return
        for entry in batch:
            try:
                retry.call(lambda e=entry: send([e]), "writing to the log")
            except APIError as exc:
                if exc.response.status_code != 400:
                    raise
                self._set_aside([entry], exc)

    def _set_aside(self, batch: list[Entry], exc: APIError) -> None:
        logger.error("Google refused queued write(s) %s: %s", [e.id for e in batch], exc)
        self.cache.outbox.failed([e.id for e in batch], str(exc))

    # --- appends and Activity -----------------------------------------------------------------

    def _send_rows(self, entries: list[Entry]) -> None:
        """A 400 here is most often news, not a malformed entry: our own earlier copy of the batch
        landed late (its tag IDs exist), or rows were deleted under the insert position. Both
        are settled by reading the sheet again; only a 400 that survives that is the entry's."""
        for attempt in range(ROWS_ATTEMPTS):
            try:
                self._send_rows_once(entries, fresh=attempt > 0)
                return
            except APIError as exc:
                if exc.response.status_code != 400 or attempt == ROWS_ATTEMPTS - 1:
                    raise
                if ops.is_tag_conflict(api_message(exc)):
                    self.suspect = True
                    self._remember_mark(ops.batch_mark_id(min(e.id for e in entries)), [])
                logger.info("Writing new rows was refused (%s); reading the sheet again", exc)

    def _send_rows_once(self, entries: list[Entry], fresh: bool) -> None:
        live = {e.id for e in self.cache.outbox.pending()}
        batch = [e for e in entries if e.id in live]
        if self.suspect:
            read = self.cache.refresh(with_activity=True)
            self._end = 0
            landed = [e for e in batch if _landed(e, read)]
            self.cache.outbox.done([e.id for e in landed])
            batch = [e for e in batch if e not in landed]
            self.suspect = False
        elif fresh:
            read = self.cache.refresh()
            self._end = 0
        else:
            read = self.cache.current_read()
        if not batch:
            return
        start = max(read.data_end, self._end)
        mark, stale = ops.batch_mark_id(min(e.id for e in batch)), self._marks()[:-MARKS_KEPT]
        requests = _append_requests(read, batch, start)
        requests += [ops.create_batch_mark(mark), *(ops.delete_tag(m) for m in stale)]
        self.suspect = True  # until Google answers, this batch may or may not land
        try:
            self.cache.spreadsheet.batch_update({"requests": requests})
        except APIError as exc:
            self.suspect = exc.response.status_code >= 500
            raise
        self.suspect = False
        self.cache.outbox.done([e.id for e in batch])
        self._remember_mark(mark, stale)
        self._end = start + sum(1 for e in batch if e.kind == APPEND)
        self.cache.mark_tagged({e.payload["referral"]["id"] for e in batch if e.kind == APPEND})

    def _marks(self) -> list[int]:
        return json.loads(self.cache.outbox.get_meta(MARKS, "[]"))

    def _remember_mark(self, mark: int, deleted: list[int]) -> None:
        marks = [m for m in self._marks() if m not in deleted and m != mark] + [mark]
        self.cache.outbox.set_meta(MARKS, json.dumps(marks))

    # --- cell updates -------------------------------------------------------------------------

    def _send_cells(self, entries: list[Entry]) -> None:
        changes: dict[str, dict[str, str]] = {}
        for entry in entries:
            for rid, cells in entry.payload.get("changes", {}).items():
                changes.setdefault(rid, {}).update(cells)
        # Figures are replaced, not accumulated: only the newest Dashboard is worth writing.
        self._dashboard = [e.payload for e in entries if e.kind == DASHBOARD][-1:]
        waiting = sorted(set(changes) & self._appends_pending())
        if waiting:
            # Confirmed to someone already: kept until the row they change has reached the sheet.
            raise AppendWaitingError(f"changes to {waiting} wait for their rows to be written")
        for attempt in range(2):
            read = self.cache.current_read()
            if attempt or not all(self.cache.is_tagged(rid) for rid in changes):
                read = self.cache.refresh()  # tags the rows that need it
                # Only a fresh read can say a row is gone: an older one predates rows born since.
                changes = self._drop_gone(read, changes)
            untagged = [rid for rid in changes if not self.cache.is_tagged(rid)]
            if untagged:
                raise TagMissingError(f"rows {untagged} are not tagged yet")
            unmatched = self._write_cells(read.headers["referrals"], changes)
            if not unmatched:
                break
            changes = {rid: changes[rid] for rid in unmatched}
        else:
            raise TagMissingError(f"rows {sorted(changes)} could not be found by their tag")
        self.cache.outbox.done([e.id for e in entries])

    def _appends_pending(self) -> set[str]:
        return {
            e.payload["referral"]["id"] for e in self.cache.outbox.pending() if e.kind == APPEND
        }

    def _drop_gone(self, read: Read, changes: dict[str, dict[str, str]]) -> dict:
        gone = [rid for rid in changes if rid not in read.rows]
        if gone:
            # A person deleted the row (or its ID): nothing to write to. Say so rather than guess.
            logger.warning(
                "Referral(s) %s are no longer in the sheet; their changes are dropped", gone
            )
        return {rid: cells for rid, cells in changes.items() if rid in read.rows}

    def _write_cells(self, header: HeaderMap, changes: dict[str, dict[str, str]]) -> list[str]:
        """One values:batchUpdateByDataFilter call (with the Dashboard, when one waits); returns
        the IDs whose tag matched no row."""
        dashboard, self._dashboard = self._dashboard, []
        extra = [ops.range_values(d["range"], d["values"]) for d in dashboard]
        return write_by_tag(self.cache, header, changes, extra, retried=False)

    # --- adoption of hand-typed rows ----------------------------------------------------------

    def adopt(self, read: Read, rows: list[Adoption]) -> list[str]:
        """Tag each hand-typed row where the read saw it, confirm the tag is on that row, then
        write its ID and cells by the tag (bot/log/tagging.py): a row that moved meanwhile is
        left for the next read, and no other row is ever written."""
        found = _locate(read, rows)
        ids = iter(self.cache.allocate_ids(sum(1 for index in found if index is not None)))
        planned = [next(ids) if index is not None else "" for index in found]
        header = read.headers["referrals"]
        claims = [
            Claim(rid, index, adoption.row, ops.tag_id(id_number(rid)))
            for adoption, rid, index in zip(rows, planned, found, strict=True)
            if rid and index is not None
        ]
        confirmed = tag_and_confirm(
            self.cache.spreadsheet, self.cache.retry, read.sheet_ids["referrals"], header, claims
        )
        changes = {
            rid: {**adoption.cells, "id": rid}
            for adoption, rid in zip(rows, planned, strict=True)
            if rid in confirmed
        }
        missed = write_by_tag(self.cache, header, changes)
        adopted = [rid if rid in changes and rid not in missed else "" for rid in planned]
        activity = [
            self.cache.activity_row(a, rid)
            for adoption, rid in zip(rows, adopted, strict=True)
            if rid
            for a in adoption.activity
        ]
        if activity:
            self.cache.outbox.put(ACTIVITY, {"activity": activity})  # sent at the caller's kick
        self.cache.mark_tagged({rid for rid in adopted if rid})
        self.cache.forget_read()
        return adopted


def write_by_tag(
    cache: ReadCache,
    header: HeaderMap,
    changes: dict[str, dict[str, str]],
    extra: list[dict[str, Any]] | None = None,
    retried: bool = True,
) -> list[str]:
    """Cells of rows found by their tag, in one values:batchUpdateByDataFilter call (safe to
    retry: it sets values, so a copy applied twice changes nothing); returns the IDs no row
    carried. `retried=False` for callers that retry the whole delivery themselves."""
    extra = extra or []
    if not changes and not extra:
        return []
    rows = {rid: header.cells(cells) for rid, cells in changes.items()}
    body = ops.values_by_filter(rows)
    body["data"] += extra
    client = cache.spreadsheet.client
    url = VALUES_BY_FILTER_URL % cache.spreadsheet.id

    def send() -> dict:
        return client.request("post", url, json=body).json()

    answer = cache.retry.call(send, "writing cells by tag") if retried else send()
    # A filter that matched no row has no entry in `responses`; each entry echoes its filter.
    written = {
        r.get("dataFilter", {}).get("developerMetadataLookup", {}).get("metadataValue")
        for r in answer.get("responses", [])
        if r.get("updatedCells")
    }
    return [rid for rid in rows if rid not in written]


def _landed(entry: Entry, read: Read) -> bool:
    events = [r["event_id"] for r in entry.payload.get("activity", []) if r.get("event_id")]
    if events and read.event_ids is not None:
        # Referral and Activity rows went in one atomic batch: its event ID proves both landed.
        return events[0] in read.event_ids
    if entry.kind == APPEND:
        return entry.payload["referral"]["id"] in read.rows
    return False


def _row_cells(header: HeaderMap, values: dict[str, str]) -> list[str | None]:
    present = {k: v for k, v in values.items() if header.has(k) and v}
    return header.cells(present)


def _append_requests(read: Read, batch: list[Entry], start: int) -> list[dict[str, Any]]:
    """New referrals are born tagged: one insert of fresh rows where the data ends (as last
    read), their cells and their tags, in the same atomic batch as their Activity rows. Where the
    rows land depends on the read; which rows get the cells and tags does not (the ones inserted)."""
    new = [e.payload["referral"] for e in batch if e.kind == APPEND]
    activity = [
        _row_cells(read.headers["activity"], r) for e in batch for r in e.payload["activity"]
    ]
    requests = []
    if new:
        sheet_id = read.sheet_ids["referrals"]
        # Formats and dropdowns come from the row below; at the grid's end, from the row above.
        requests.append(ops.insert_rows(sheet_id, start, len(new), start >= read.row_count))
        header = read.headers["referrals"]
        requests.append(ops.write_rows(sheet_id, start, [_row_cells(header, r) for r in new]))
        requests += [
            ops.create_tag(sheet_id, start + i, r["id"], ops.tag_id(id_number(r["id"])))
            for i, r in enumerate(new)
        ]
    if activity:
        requests.append(ops.append_cells(read.sheet_ids["activity"], activity))
    return requests


def _locate(read: Read, rows: list[Adoption]) -> list[int | None]:
    """Row index of each hand-typed row in this read, matched by its content."""
    free = list(read.untracked)
    found: list[int | None] = []
    for adoption in rows:
        match = next((pair for pair in free if pair[1] == adoption.row), None)
        if match:
            free.remove(match)
        found.append(match[0] if match else None)
    return found
