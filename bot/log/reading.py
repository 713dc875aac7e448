"""Turning one `spreadsheets.get` answer into what the bot knows about the log.

The Referrals rows are checked against their row tags (developer metadata holding the referral ID):
a row whose ID cell has no tag, or a tag that disagrees with the cell (a person retyped the ID), is
listed for tagging, and stale tags for deletion. The ID cell is the truth; the tag is how writes
find the row.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter, itemgetter
from typing import Any

from bot.domain.cellvalues import in_firm_reading
from bot.domain.lead_index import active_counts
from bot.domain.referral import Referral, TeamMember
from bot.errors import SchemaError
from bot.log import damage, messages, ops
from bot.log.cells import MONEY_KEYS
from bot.log.mapping import HeaderMap, is_blank, map_headers, read_rows, split_header
from bot.schema import Schema

log = logging.getLogger(__name__)

FIELDS = (
    "sheets(properties(sheetId,title,gridProperties(rowCount,columnCount)),"
    "data(startRow,startColumn,rowMetadata(developerMetadata(metadataId,metadataKey,metadataValue)),"
    "rowData(values(formattedValue))))"
)


@dataclass(frozen=True)
class TabGrid:
    sheet_id: int
    title: str
    rows: list[list[str]]
    """Formatted values by absolute row index (row 0 = the sheet's first row)."""
    tags: dict[int, list[dict[str, Any]]]
    """Row index -> the referral-ID tags on that row."""
    row_count: int = 0
    """The grid's rows, empty ones included (gridProperties.rowCount)."""


@dataclass
class Read:
    at: float
    referrals: list[Referral] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    """Referral ID -> 0-based row index in Referrals, as of this read."""
    positions: dict[str, int] = field(default_factory=dict)
    """Referral ID -> position in `referrals`."""
    load: dict[str, int] = field(default_factory=dict)
    """Open referrals per owner Slack ID (routing's load), counted once per read."""
    untracked: list[tuple[int, Referral]] = field(default_factory=list)
    team: list[TeamMember] = field(default_factory=list)
    headers: dict[str, HeaderMap] = field(default_factory=dict)
    sheet_ids: dict[str, int] = field(default_factory=dict)
    tag_deletes: list[dict[str, Any]] = field(default_factory=list)
    """Requests deleting tags that no longer say what their row is (by metadata ID)."""
    untagged: dict[str, int] = field(default_factory=dict)
    """Referral ID -> row index, for rows whose ID cell has no tag saying so (a person typed or
    retyped the ID): bot/log/tagging.py tags them, confirming the row before trusting it."""
    tagged: set[str] = field(default_factory=set)
    """IDs whose row already carries the right tag."""
    event_ids: set[str] | None = None
    """Activity event IDs, when the whole Activity tab was read."""
    problems: list[damage.Problem] = field(default_factory=list)
    """Damage a person did to rows (bot/log/damage.py): each with its cell and what to do."""
    damaged: set[str] = field(default_factory=set)
    """IDs of the rows with such a problem (checked again on the next read)."""
    data_end: int = 1
    """Referrals row index just below the last row with any text: where new rows are inserted."""
    row_count: int = 0
    """Referrals grid rows as read; an insert may start at most here."""

    @property
    def needs_tags(self) -> bool:
        return bool(self.tag_deletes or self.untagged)


def quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def read_ranges(schema: Schema, with_activity: bool) -> list[str]:
    activity = quoted(schema.tab("activity").title)
    return [
        quoted(schema.tab("referrals").title),
        quoted(schema.tab("team").title),
        activity if with_activity else activity + "!1:1",
    ]


INTERN_UP_TO = 40


def compact_cell(obj: dict[str, Any]) -> Any:
    """json object_hook for a grid read: a cell `{"formattedValue": text}` becomes its text and
    an empty object (an empty cell, a row with no values) becomes "" while decoding."""
    if not obj:
        return ""
    if len(obj) == 1 and "formattedValue" in obj:
        text = obj["formattedValue"]
        # Stages, names and choices repeat down a column: one shared string per value.
        return sys.intern(text) if isinstance(text, str) and len(text) <= INTERN_UP_TO else text
    return obj


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def text_of(cell: Any) -> str:
    """A cell's text, whether it was decoded compactly (str) or as a CellData object."""
    if isinstance(cell, dict):
        return str(cell.get("formattedValue", ""))
    return str(cell)


def tab_grids(response: dict[str, Any]) -> dict[str, TabGrid]:
    """{casefolded title: TabGrid} from a spreadsheets.get answer with grid data."""
    grids = {}
    for sheet in response.get("sheets", []):
        sheet = _obj(sheet)
        props = _obj(sheet.get("properties"))
        rows: list[list[str]] = []
        tags: dict[int, list[dict[str, Any]]] = {}
        for data in map(_obj, sheet.get("data", [])):
            start_row, start_col = data.get("startRow", 0), data.get("startColumn", 0)
            for offset, row in enumerate(data.get("rowData", [])):
                values = [text_of(c) for c in _obj(row).get("values", [])]
                put_row(rows, start_row + offset, [""] * start_col + values)
            for offset, meta in enumerate(data.get("rowMetadata", [])):
                ours = row_tags(meta)
                if ours:
                    tags[start_row + offset] = ours
        title = props.get("title", "")
        row_count = _obj(props.get("gridProperties")).get("rowCount", len(rows))
        grids[title.casefold()] = TabGrid(props.get("sheetId", 0), title, rows, tags, row_count)
    return grids


def row_tags(meta: Any) -> list[dict[str, Any]]:
    """The referral-ID tags among one row's developer metadata."""
    found = _obj(meta).get("developerMetadata", [])
    return [m for m in found if isinstance(m, dict) and m.get("metadataKey") in ops.ID_TAGS]


def put_row(rows: list[list[str]], index: int, values: list[str]) -> None:
    while len(rows) <= index:
        rows.append([])
    merged = rows[index] + [""] * max(0, len(values) - len(rows[index]))
    for i, value in enumerate(values):
        if value:
            merged[i] = value
    rows[index] = merged


def parse_grids(
    grids: dict[str, TabGrid],
    schema: Schema,
    at: float,
    with_activity: bool = False,
    previous: Read | None = None,
    decimal_comma: bool = False,
) -> Read:
    """What one `spreadsheets.get` answer, split into grids (bot/log/grid_stream.py decodes one
    as it arrives), says about the log. `previous`: the read before, whose unchanged rows are
    reused rather than built again (one copy of the log in memory, not two, while this read is
    parsed and after). `decimal_comma`: the firm writes amounts 5.000,50, so a hand-typed "1.500"
    in an amount cell is 1500. Consumes `grids`: each row of Referrals is let go as soon as it
    is parsed, so an unchanged row's new texts are freed at once and the old row is all that
    stays."""
    read = Read(at=at)
    for key in ("referrals", "team", "activity"):
        tab = schema.tab(key)
        grid = grids.pop(tab.title.casefold(), None)
        if grid is None:
            raise SchemaError(messages.missing_tab(tab.title, "not in the spreadsheet"))
        header_index, header_row = split_header(grid.rows)
        read.headers[key] = map_headers(tab, header_row)
        read.sheet_ids[key] = grid.sheet_id
        if key == "referrals":
            read.data_end = _data_end(grid.rows, header_index)
            read.row_count = max(grid.row_count, read.data_end)
            _read_referrals(read, grid, header_index, previous, decimal_comma)
            read.load = active_counts(read.referrals)
        elif key == "team":
            rows = list(read_rows(read.headers[key], grid.rows, header_index))
            read.team = [TeamMember.from_row(values) for _, values in rows]
            read.problems += damage.team_problems(read.headers[key], rows)
        elif with_activity and read.headers[key].has("event_id"):
            rows = read_rows(read.headers[key], grid.rows, header_index)
            read.event_ids = {values["event_id"] for _, values in rows if values["event_id"]}
    read.problems = damage.capped(read.problems)
    return read


def _read_referrals(
    read: Read,
    grid: TabGrid,
    header_index: int,
    previous: Read | None = None,
    decimal_comma: bool = False,
) -> None:
    header = read.headers["referrals"]
    for index, values in read_rows(header, grid.rows, header_index):
        grid.rows[index] = _PARSED
        _amounts_as_meant(values, decimal_comma)
        referral_id = values["id"].strip()
        values["id"] = referral_id
        tags = grid.tags.get(index, [])
        if not referral_id:
            read.untracked.append((index, Referral.from_row(values)))
            # A person cleared the ID: the row must no longer receive that referral's writes.
            read.tag_deletes += [ops.delete_tag(t["metadataId"]) for t in tags]
            continue
        if referral_id in read.rows:
            _second_row(read, header, index, values, tags, previous)
            continue
        read.rows[referral_id] = index
        read.positions[referral_id] = len(read.referrals)
        referral = _reused(_row_before(previous, referral_id), values)
        read.referrals.append(referral)
        _check(read, header, index, values, referral, previous)
        if [t.get("metadataValue") for t in tags] == [referral_id]:
            read.tagged.add(referral_id)
        else:
            read.tag_deletes += [ops.delete_tag(t["metadataId"]) for t in tags]
            read.untagged[referral_id] = index


def _amounts_as_meant(values: dict[str, str], decimal_comma: bool) -> None:
    """Amounts a person typed the firm's way read as the firm means them, wherever the bot
    reads them next (routing's threshold, revenue, fees); the cell itself is left as typed."""
    if not decimal_comma:
        return  # a point-decimal firm's amounts read as typed: nothing to look at per row
    for key in MONEY_KEYS:
        if values.get(key):
            values[key] = in_firm_reading(values[key], decimal_comma)


_PARSED: list[str] = []
"""Stands in the grid for a row already parsed (its texts are in `values` or freed)."""


def _second_row(read: Read, header, index: int, values: dict, tags: list, previous) -> None:
    """One ID on two rows. The referral is the row the bot tagged for it, wherever a sort put
    it; the other row is reported, never written to and never taken for the referral."""
    referral_id = values["id"]
    kept = read.rows[referral_id]
    ours = [t.get("metadataValue") for t in tags] == [referral_id]
    if ours and referral_id not in read.tagged:
        read.problems.append(damage.duplicate_id(header, kept, referral_id, index))
        read.rows[referral_id] = index
        referral = _reused(_row_before(previous, referral_id), values)
        read.referrals[read.positions[referral_id]] = referral
        read.untagged.pop(referral_id, None)
        read.tagged.add(referral_id)
        _check(read, header, index, values, referral, previous)
        return
    log.warning("Referral %s appears on two rows; the second is reported", referral_id)
    read.problems.append(damage.duplicate_id(header, index, referral_id, kept))
    read.tag_deletes += [ops.delete_tag(t["metadataId"]) for t in tags]


def _check(read: Read, header, index: int, values: dict, referral, previous) -> None:
    """Dates and stage of a row, unless it is the previous read's unchanged, sound row."""
    old = _row_before(previous, values["id"])
    if old is referral and values["id"] not in previous.damaged:
        return
    found = damage.row_problems(header, index, values)
    if found:
        read.problems += found
        read.damaged.add(values["id"])


def _data_end(rows: list[list[str]], header_index: int) -> int:
    end = len(rows)
    while end > header_index + 1 and is_blank(rows[end - 1]):
        end -= 1
    return max(end, header_index + 1)


def _row_before(previous: Read | None, referral_id: str) -> Referral | None:
    if previous is None:
        return None
    position = previous.positions.get(referral_id)
    return previous.referrals[position] if position is not None else None


def _reused(old: Referral | None, values: dict[str, str]) -> Referral:
    """The referral as read before when no cell of it changed, else built from this read."""
    if old is not None and _same_cells(old, values):
        return old
    return Referral.from_row(values)


def _same_cells(old: Referral, values: dict[str, str]) -> bool:
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
