"""The Referrals tab parsed one row at a time, as the answer arrives.

Each row becomes its referral as soon as it is decoded (or, when no cell of it changed, the referral
the read before built, and the row's texts are freed at once): the grid of every row's texts is
never held beside the log already in memory. Row tags come after the rows in Google's answer
(GridData's rowMetadata follows rowData), so what depends on them (which rows need tagging, which of
two rows with one ID is the referral) is settled once the tab has ended (`settle`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache
from operator import attrgetter, itemgetter
from typing import Any

from bot.domain.cellvalues import in_firm_reading
from bot.domain.referral import Referral
from bot.errors import SchemaError
from bot.log import damage, ops
from bot.log.cells import MONEY_KEYS
from bot.log.mapping import HeaderMap, is_blank, map_headers
from bot.schema import Tab

Read = Any
"""bot/log/reading.py's Read, which imports this module: named here without importing it back."""

log = logging.getLogger(__name__)


class ReferralRows:
    """Takes the tab's rows in order (`take`), then writes what they say into a read (`settle`)."""

    def __init__(self, tab: Tab, previous: Read | None = None, decimal_comma: bool = False):
        self.tab = tab
        self.previous = previous
        self.decimal_comma = decimal_comma
        self.header: HeaderMap | None = None
        self.header_index = 0
        self.error: SchemaError | None = None
        self.taken = 0
        self.last_text = -1
        self.referrals: list[Referral] = []
        self.rows: dict[str, int] = {}
        self.positions: dict[str, int] = {}
        self.untracked: list[tuple[int, Referral]] = []
        self.cleared: list[int] = []
        """Rows whose ID a person cleared: their tags are deleted once known."""
        self.seconds: list[tuple[int, dict[str, str]]] = []
        """Rows repeating an ID already read (rare): judged when the tags are known."""
        self.problems: list[damage.Problem] = []
        self.damaged: set[str] = set()

    def take(self, cells: list[str]) -> None:
        """The next row of the tab (row 0 first)."""
        index = self.taken
        self.taken += 1
        if is_blank(cells):
            return
        self.last_text = index
        if self.header is None and self.error is None:
            self._header(index, cells)
        elif self.header is not None:
            self._row(index, self.header.row_values(cells))

    def _header(self, index: int, cells: list[str]) -> None:
        """The first row with text is the header (a person may have left blank rows above it)."""
        self.header_index = index
        try:
            self.header = map_headers(self.tab, cells)
        except SchemaError as exc:  # raised by `settle`, where the read's other errors are
            self.error = exc

    def _row(self, index: int, values: dict[str, str]) -> None:
        _amounts_as_meant(values, self.decimal_comma)
        referral_id = values["id"].strip()
        values["id"] = referral_id
        if not referral_id:
            self.untracked.append((index, Referral.from_row(values)))
            self.cleared.append(index)
        elif referral_id in self.rows:
            self.seconds.append((index, values))
        else:
            self.rows[referral_id] = index
            self.positions[referral_id] = len(self.referrals)
            referral = _reused(_row_before(self.previous, referral_id), values)
            self.referrals.append(referral)
            self._check(index, values, referral)

    def _check(self, index: int, values: dict, referral: Referral) -> None:
        """Dates and stage of a row, unless it is the previous read's unchanged, sound row."""
        old = _row_before(self.previous, values["id"])
        if old is referral and values["id"] not in self.previous.damaged:
            return
        found = damage.row_problems(self.header, index, values)
        if found:
            self.problems += found
            self.damaged.add(values["id"])

    def settle(self, read: Read, tags: dict[int, list[dict[str, Any]]]) -> None:
        """Write the rows into `read`, now that each row's tags are known."""
        if self.error is not None:
            raise self.error
        if self.header is None:
            self.header = map_headers(self.tab, [])  # no header row: says which column is missing
        read.headers["referrals"] = self.header
        read.data_end = max(self.last_text + 1, self.header_index + 1)
        read.referrals, read.rows, read.positions = self.referrals, self.rows, self.positions
        read.untracked, read.damaged = self.untracked, self.damaged
        for referral_id, index in self.rows.items():
            ours = tags.get(index, [])
            if [t.get("metadataValue") for t in ours] == [referral_id]:
                read.tagged.add(referral_id)
            else:
                read.tag_deletes += [ops.delete_tag(t["metadataId"]) for t in ours]
                read.untagged[referral_id] = index
        for index in self.cleared:
            # A person cleared the ID: the row must no longer receive that referral's writes.
            read.tag_deletes += [ops.delete_tag(t["metadataId"]) for t in tags.get(index, [])]
        for index, values in self.seconds:
            self._second_row(read, index, values, tags.get(index, []))
        read.problems += self.problems

    def _second_row(self, read: Read, index: int, values: dict, tags: list) -> None:
        """One ID on two rows. The referral is the row the bot tagged for it, wherever a sort put
        it; the other row is reported, never written to and never taken for the referral."""
        referral_id = values["id"]
        kept = read.rows[referral_id]
        ours = [t.get("metadataValue") for t in tags] == [referral_id]
        if ours and referral_id not in read.tagged:
            self.problems.append(damage.duplicate_id(self.header, kept, referral_id, index))
            read.rows[referral_id] = index
            referral = _reused(_row_before(self.previous, referral_id), values)
            read.referrals[read.positions[referral_id]] = referral
            read.untagged.pop(referral_id, None)
            read.tagged.add(referral_id)
            self._check(index, values, referral)
            return
        log.warning("Referral %s appears on two rows; the second is reported", referral_id)
        self.problems.append(damage.duplicate_id(self.header, index, referral_id, kept))
        read.tag_deletes += [ops.delete_tag(t["metadataId"]) for t in tags]


def _amounts_as_meant(values: dict[str, str], decimal_comma: bool) -> None:
    """Amounts a person typed the firm's way read as the firm means them, wherever the bot
    reads them next (routing's threshold, revenue, fees); the cell itself is left as typed."""
    if not decimal_comma:
        return  # a point-decimal firm's amounts read as typed: nothing to look at per row
    for key in MONEY_KEYS:
        if values.get(key):
            values[key] = in_firm_reading(values[key], decimal_comma)


def _row_before(previous: Read | None, referral_id: str) -> Referral | None:
    if previous is None:
        return None
    position = previous.positions.get(referral_id)
    return previous.referrals[position] if position is not None else None


def _reused(old: Referral | None, values: dict[str, str]) -> Referral:
    """The referral as read before when no cell of it changed, else built from this read."""
    if old is not None and same_cells(old, values):
        return old
    return Referral.from_row(values)


def same_cells(old: Referral, values: dict[str, str]) -> bool:
    """Whether each cell reads as `old` has it; a column the referral has no field for is no
    change. (Asked for every row of every read: the cells are compared in one go.)"""
    fields_of, cells_of = _getters(tuple(values))
    return fields_of(old) == cells_of(values)


@lru_cache(maxsize=16)
def _getters(keys: tuple[str, ...]) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    """Getters of the referral's fields and the row's cells, in the same order, for the row
    keys that name an attribute of Referral (the same ones `getattr(old, key)` finds)."""
    kept = tuple(key for key in keys if hasattr(Referral, key))
    if not kept:
        return _nothing, _nothing
    return attrgetter(*kept), itemgetter(*kept)


def _nothing(_: Any) -> tuple:
    return ()
