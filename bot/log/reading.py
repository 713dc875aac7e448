"""Turning one `spreadsheets.get` answer into what the bot knows about the log.

The Referrals rows are checked against their row tags (developer metadata holding the referral ID):
a row whose ID cell has no tag, or a tag that disagrees with the cell (a person retyped the ID), is
listed for tagging, and stale tags for deletion. The ID cell is the truth; the tag is how writes
find the row.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any

from bot.domain.lead_index import active_counts
from bot.domain.referral import Referral, TeamMember
from bot.errors import SchemaError
from bot.log import damage, messages, ops
from bot.log.mapping import HeaderMap, map_headers, read_rows, split_header
from bot.log.referral_rows import ReferralRows
from bot.schema import Schema, Tab

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
    streamed: ReferralRows | None = None
    """The Referrals rows, parsed as they arrived (then `rows` is empty)."""


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
        read.sheet_ids[key] = grid.sheet_id
        if key == "referrals":
            _referrals_of(grid, tab, previous, decimal_comma).settle(read, grid.tags)
            read.row_count = max(grid.row_count, read.data_end)
            read.load = active_counts(read.referrals)
            continue
        header_index, header_row = split_header(grid.rows)
        read.headers[key] = map_headers(tab, header_row)
        if key == "team":
            rows = list(read_rows(read.headers[key], grid.rows, header_index))
            read.team = [TeamMember.from_row(values) for _, values in rows]
            read.problems += damage.team_problems(read.headers[key], rows)
        elif with_activity and read.headers[key].has("event_id"):
            rows = read_rows(read.headers[key], grid.rows, header_index)
            read.event_ids = {values["event_id"] for _, values in rows if values["event_id"]}
    read.problems = damage.capped(read.problems)
    return read


def _referrals_of(
    grid: TabGrid, tab: Tab, previous: Read | None, decimal_comma: bool
) -> ReferralRows:
    """The tab's rows as parsed while they arrived, or parsed now from the grid (each row let go
    as soon as it is parsed: an unchanged row's new texts are freed at once)."""
    if grid.streamed is not None:
        return grid.streamed
    parsed = ReferralRows(tab, previous, decimal_comma)
    for index, cells in enumerate(grid.rows):
        grid.rows[index] = _PARSED
        parsed.take(cells)
    return parsed


_PARSED: list[str] = []
"""Stands in the grid for a row already parsed (its texts are in the referral or freed)."""
