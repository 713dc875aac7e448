"""Sending queued writes to the sheet, exactly once.

All pending appends and Activity rows go out as ONE `spreadsheets.batchUpdate` (appendCells on each
tab: atomic, so a referral never lands without its Activity row). All pending cell changes go out
as ONE `values:batchUpdateByDataFilter`, each row found by its ID tag.

Exactly once: a timeout or 5xx may have been applied by Google. After one, the next try first reads
the log (Referrals IDs and Activity event IDs) and drops what already landed. A 429 is never applied.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from gspread.exceptions import APIError
from gspread.urls import SPREADSHEETS_API_V4_BASE_URL

from bot.log import ops
from bot.log.base import Adoption
from bot.log.mapping import HeaderMap
from bot.log.outbox import ACTIVITY, APPEND, CELLS, DASHBOARD, Entry
from bot.log.reading import Read

if TYPE_CHECKING:
    from bot.log.sheet import SheetLog

log = logging.getLogger(__name__)

VALUES_BY_FILTER_URL = SPREADSHEETS_API_V4_BASE_URL + "/%s/values:batchUpdateByDataFilter"


class TagMissingError(Exception):
    """A row the bot must write to has no tag yet and tagging it failed; try again later."""


class Delivery:
    def __init__(self, sheet_log: SheetLog):
        self.log = sheet_log
        self._dashboard: list[dict[str, Any]] = []
        self.suspect = bool(sheet_log.outbox.pending())
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
            except Exception as exc:
                errors.append(exc)
        if errors:
            raise errors[0]

    def _isolating_bad_requests(self, send, batch: list[Entry]) -> None:
        """A 400 means one entry is malformed: send the rest one by one and set that one aside
        (kept in the outbox as failed) rather than blocking every write behind it."""
        retry = self.log.retry
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
        log.error("Google refused queued write(s) %s: %s", [e.id for e in batch], exc)
        self.log.outbox.failed([e.id for e in batch], str(exc))

    # --- appends and Activity -----------------------------------------------------------------

    def _send_rows(self, entries: list[Entry]) -> None:
        live = {e.id for e in self.log.outbox.pending()}
        batch = [e for e in entries if e.id in live]
        fixes: list[dict[str, Any]] = []
        if self.suspect:
            read = self.log.refresh(with_activity=True, fix_tags=False)
            landed = [e for e in batch if _landed(e, read)]
            self.log.outbox.done([e.id for e in landed])
            batch = [e for e in batch if e not in landed]
            fixes = read.tag_fixes
            self.suspect = False
        else:
            read = self.log.current_read()
        if not batch and not fixes:
            return
        requests = fixes + _append_requests(read, batch)
        self.suspect = True  # until Google answers, this batch may or may not land
        try:
            self.log.spreadsheet.batch_update({"requests": requests})
        except APIError as exc:
            self.suspect = exc.response.status_code >= 500
            raise
        self.suspect = False
        self.log.outbox.done([e.id for e in batch])
        if fixes:
            self.log.mark_tagged(read.retagged)

    # --- cell updates -------------------------------------------------------------------------

    def _send_cells(self, entries: list[Entry]) -> None:
        changes: dict[str, dict[str, str]] = {}
        for entry in entries:
            for rid, cells in entry.payload.get("changes", {}).items():
                changes.setdefault(rid, {}).update(cells)
        # Figures are replaced, not accumulated: only the newest Dashboard is worth writing.
        self._dashboard = [e.payload for e in entries if e.kind == DASHBOARD][-1:]
        for attempt in range(2):
            read = self.log.current_read()
            if attempt or not all(self.log.is_tagged(rid) for rid in changes):
                read = self.log.refresh()  # tags the rows that need it
            changes = self._drop_gone(read, changes)
            untagged = [rid for rid in changes if not self.log.is_tagged(rid)]
            if untagged:
                raise TagMissingError(f"rows {untagged} are not tagged yet")
            unmatched = self._write_cells(read.headers["referrals"], changes)
            if not unmatched:
                break
            changes = {rid: changes[rid] for rid in unmatched}
        else:
            raise TagMissingError(f"rows {sorted(changes)} could not be found by their tag")
        self.log.outbox.done([e.id for e in entries])

    def _drop_gone(self, read: Read, changes: dict[str, dict[str, str]]) -> dict:
        gone = [rid for rid in changes if rid not in read.rows]
        if gone:
            # A person deleted the row (or its ID): nothing to write to. Say so rather than guess.
            log.warning(
                "Referral(s) %s are no longer in the sheet; their changes are dropped", gone
            )
        return {rid: cells for rid, cells in changes.items() if rid in read.rows}

    def _write_cells(self, header: HeaderMap, changes: dict[str, dict[str, str]]) -> list[str]:
        """One values:batchUpdateByDataFilter call (with the Dashboard, when one waits); returns
        the IDs whose tag matched no row."""
        dashboard, self._dashboard = self._dashboard, []
        if not changes and not dashboard:
            return []
        rows = {rid: header.cells(cells) for rid, cells in changes.items()}
        body = ops.values_by_filter(rows)
        body["data"] += [ops.range_values(d["range"], d["values"]) for d in dashboard]
        client = self.log.spreadsheet.client
        url = VALUES_BY_FILTER_URL % self.log.spreadsheet.id
        answer = client.request("post", url, json=body).json()
        # A filter that matched no row has no entry in `responses`; each entry echoes its filter.
        written = {
            r.get("dataFilter", {}).get("developerMetadataLookup", {}).get("metadataValue")
            for r in answer.get("responses", [])
            if r.get("updatedCells")
        }
        return [rid for rid in rows if rid not in written]

    # --- adoption of hand-typed rows ----------------------------------------------------------

    def adopt(self, read: Read, rows: list[Adoption]) -> list[str]:
        found = _locate(read, rows)
        ids = iter(self.log.allocate_ids(sum(1 for index in found if index is not None)))
        planned = [next(ids) if index is not None else "" for index in found]
        activity = [
            [self.log.activity_row(a, rid) for a in adoption.activity] if rid else []
            for adoption, rid in zip(rows, planned, strict=True)
        ]
        state = {"read": read, "suspect": False}

        def attempt() -> None:
            if state["suspect"]:
                state["read"] = self.log.refresh(fix_tags=False)
                state["suspect"] = False
            requests = _adopt_requests(state["read"], rows, planned, activity)
            if not requests:
                return
            state["suspect"] = True
            try:
                self.log.spreadsheet.batch_update({"requests": requests})
            except APIError as exc:
                state["suspect"] = exc.response.status_code >= 500
                raise
            state["suspect"] = False

        self.log.retry.call(attempt, "adopting hand-typed rows")
        self.log.mark_tagged({rid for rid in planned if rid})
        self.log.forget_read()
        return planned


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


def _append_requests(read: Read, batch: list[Entry]) -> list[dict[str, Any]]:
    referrals = [
        _row_cells(read.headers["referrals"], e.payload["referral"])
        for e in batch
        if e.kind == APPEND
    ]
    activity = [
        _row_cells(read.headers["activity"], r) for e in batch for r in e.payload["activity"]
    ]
    requests = []
    if referrals:
        requests.append(ops.append_cells(read.sheet_ids["referrals"], referrals))
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


def _adopt_requests(
    read: Read, rows: list[Adoption], planned: list[str], activity_rows: list[list[dict]]
) -> list[dict[str, Any]]:
    """updateCells for the row's new cells + its tag + its Activity rows, for rows not adopted yet
    (after an ambiguous failure some may already carry their new ID)."""
    header = read.headers["referrals"]
    sheet_id = read.sheet_ids["referrals"]
    requests, activity = [], []
    pending = [
        (adoption, rid, acts)
        for adoption, rid, acts in zip(rows, planned, activity_rows, strict=True)
        if rid and rid not in read.rows
    ]
    located = _locate(read, [adoption for adoption, _, _ in pending])
    for (adoption, rid, acts), index in zip(pending, located, strict=True):
        if index is None:
            log.warning("A hand-typed row changed before it could be adopted; skipped")
            continue
        for key, text in {**adoption.cells, "id": rid}.items():
            if header.has(key):
                value = header.encode(key, text)  # typed as its column is
                requests.append(ops.update_cell(sheet_id, index, header.index(key), value))
        requests.append(ops.create_tag(sheet_id, index, rid))
        activity += [_row_cells(read.headers["activity"], row) for row in acts]
    if activity:
        requests.append(ops.append_cells(read.sheet_ids["activity"], activity))
    return requests
