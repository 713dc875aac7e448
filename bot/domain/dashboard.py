"""The Dashboard tab's layout, declared once: where each block sits, what it holds and how its cells
are formatted. The sweep fills it (`grid`), `init-sheet` formats it and points the two charts at
it (`chart_ranges`, `formats`), so the charts always show what the bot last wrote.

The bot owns columns A–H of rows 1–`ROWS`; everything else on the tab (columns J onwards, rows
below, other tabs) is the firm's and is never written. Cells are typed: counts, rates, hours and
money are numbers, weeks and the refresh time are date serial numbers; blanks clear a cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain import figures as F
from bot.domain.metrics import Metrics, Row

WIDTH = 8
"""Columns A–H."""
SERIAL_EPOCH = date(1899, 12, 30)
"""Day 0 of Google Sheets' date serial numbers."""

Cell = str | int | float


def serial(moment: datetime | date, tz: str = "UTC") -> float:
    """A date or moment as a Sheets serial number, in the firm's time zone (what a person sees)."""
    if isinstance(moment, datetime):
        local = moment.astimezone(ZoneInfo(tz))
        day = (local.date() - SERIAL_EPOCH).days
        seconds = local.hour * 3600 + local.minute * 60 + local.second
        return round(day + seconds / 86400, 8)
    return float((moment - SERIAL_EPOCH).days)


@dataclass(frozen=True)
class Block:
    key: str
    title: str
    header: tuple[str, ...]
    rows: int
    kinds: tuple[str, ...]
    """The format of each column: a figures kind, "text" or "date"."""


TABLE = ("Submissions", "Accepted", "Closed", "Won", "Conversion", "Revenue won")
TABLE_KINDS = ("text", F.COUNT, F.COUNT, F.COUNT, F.COUNT, F.PERCENT, F.MONEY)

HEADLINE_HEADER = ("Figure", "This week", "Last 4 weeks", "All time")
"""Row 1: also the tab's frozen header (sheets_schema.json)."""
UPDATED_LABEL = "Updated at"

BLOCKS: tuple[Block, ...] = (
    Block(
        "weeks",
        "Referrals per week, by where they stand now",
        ("Week of", "Won", "Not a fit", "No response", "Open"),
        12,
        ("date", F.COUNT, F.COUNT, F.COUNT, F.COUNT),
    ),
    Block("funnel", "Funnel, all time", ("Stage", "Referrals"), 4, ("text", F.COUNT)),
    Block("referrer", "By referrer, all time", ("Referrer", *TABLE), 20, TABLE_KINDS),
    Block("referrer_type", "By referrer type, all time", ("Referrer type", *TABLE), 8, TABLE_KINDS),
    Block("channel", "By channel, all time", ("Channel", *TABLE), 8, TABLE_KINDS),
    Block(
        "owner",
        "By owner, all time",
        (
            "Owner",
            "Referrals",
            "Accepted",
            "Closed",
            "Won",
            "Conversion",
            "Revenue won",
            "Open now",
        ),
        20,
        (*TABLE_KINDS, F.COUNT),
    ),
    Block("declines", "Decline reasons, all time", ("Reason", "Referrals"), 10, ("text", F.COUNT)),
    Block(
        "paid", "Rewards paid, by referrer, all time", ("Referrer", "Paid"), 20, ("text", F.MONEY)
    ),
)


def _starts() -> dict[str, int]:
    """0-based row of each block's title: headline rows, the Updated at row, a gap, then the
    blocks one after another with a blank row between."""
    row = 1 + len(F.HEADLINE) + 2
    starts = {}
    for block in BLOCKS:
        starts[block.key] = row
        row += 2 + block.rows + 1
    return starts


STARTS = _starts()
UPDATED_ROW = 1 + len(F.HEADLINE)
ROWS = max(STARTS[b.key] + 2 + b.rows for b in BLOCKS)


def block(key: str) -> Block:
    return next(b for b in BLOCKS if b.key == key)


def data_rows(key: str) -> tuple[int, int]:
    """[first, end) 0-based rows of a block's data (under its header row)."""
    first = STARTS[key] + 2
    return first, first + block(key).rows


def a1_range(title: str) -> str:
    quoted = "'" + title.replace("'", "''") + "'"
    return f"{quoted}!A1:{chr(ord('A') + WIDTH - 1)}{ROWS}"


# --- the values ---------------------------------------------------------------------------


def _blank_grid() -> list[list[Cell]]:
    return [[""] * WIDTH for _ in range(ROWS)]


def _put(grid: list[list[Cell]], row: int, values: Sequence[Cell | None]) -> None:
    for col, value in enumerate(values[:WIDTH]):
        grid[row][col] = "" if value is None else value


def grid(
    this_week: Metrics, last_4_weeks: Metrics, everything: Metrics, now: datetime, tz: str
) -> list[list[Cell]]:
    """Every cell of the bot's area, ready for a RAW values write (numbers stay numbers)."""
    cells = _blank_grid()
    _put(cells, 0, HEADLINE_HEADER)
    for i, figure in enumerate(F.HEADLINE, start=1):
        _put(
            cells,
            i,
            [figure.label, *(figure.value(m) for m in (this_week, last_4_weeks, everything))],
        )
    _put(cells, UPDATED_ROW, [UPDATED_LABEL, serial(now, tz)])
    fill: dict[str, list[list[Cell | None]]] = {
        "weeks": [
            [serial(w.monday), w.won, w.not_a_fit, w.no_response, w.open] for w in everything.weeks
        ],
        "funnel": [[stage, n] for stage, n in everything.funnel],
        "referrer": _table(everything.by_referrer),
        "referrer_type": _table(everything.by_referrer_type),
        "channel": _table(everything.by_channel),
        "owner": _owners(everything),
        "declines": [[reason, n] for reason, n in everything.decline_reasons],
        "paid": [[name, total] for name, total in everything.rewards.paid_by_referrer],
    }
    for b in BLOCKS:
        start = STARTS[b.key]
        _put(cells, start, [b.title])
        _put(cells, start + 1, b.header)
        rows = fill[b.key]
        for offset, values in enumerate(rows[: b.rows]):
            _put(cells, start + 2 + offset, values)
        if len(rows) > b.rows:  # say so rather than drop them silently
            _put(cells, start, [f"{b.title} (top {b.rows} of {len(rows)})"])
    return cells


def _row(r: Row) -> list[Cell | None]:
    return [r.key, r.submissions, r.accepted, r.closed, r.won, r.conversion, r.revenue]


def _table(rows: tuple[Row, ...]) -> list[list[Cell | None]]:
    return [_row(r) for r in rows]


def _owners(m: Metrics) -> list[list[Cell | None]]:
    active = {o.name: o.active for o in m.owners}
    return [[*_row(r), active.get(r.key, 0)] for r in m.by_owner]


# --- formats and charts, for init-sheet ---------------------------------------------------

NUMBER_FORMATS: dict[str, dict[str, str]] = {
    F.COUNT: {"type": "NUMBER", "pattern": "#,##0"},
    F.PERCENT: {"type": "PERCENT", "pattern": "0%"},
    F.HOURS: {"type": "NUMBER", "pattern": "0.0"},
    F.DAYS: {"type": "NUMBER", "pattern": "0.0"},
    F.MONEY: {"type": "CURRENCY", "pattern": "#,##0"},
    "date": {"type": "DATE", "pattern": "yyyy-mm-dd"},
    "datetime": {"type": "DATE_TIME", "pattern": "yyyy-mm-dd hh:mm"},
}


@dataclass(frozen=True)
class Region:
    """[row0, row1) x [col0, col1), 0-based, with one number format."""

    row0: int
    row1: int
    col0: int
    col1: int
    kind: str


def formats() -> list[Region]:
    regions = [Region(i, i + 1, 1, 4, figure.kind) for i, figure in enumerate(F.HEADLINE, start=1)]
    regions.append(Region(UPDATED_ROW, UPDATED_ROW + 1, 1, 2, "datetime"))
    for b in BLOCKS:
        first, end = data_rows(b.key)
        regions += [
            Region(first, end, col, col + 1, kind)
            for col, kind in enumerate(b.kinds)
            if kind != "text"
        ]
    return regions


@dataclass(frozen=True)
class ChartPlan:
    title: str
    chart_type: str
    stacked: bool
    block: str
    series_columns: tuple[int, ...]
    anchor_row: int


CHART_COLUMN = WIDTH + 1
"""Charts float from column J, beside the bot's area."""

CHARTS: tuple[ChartPlan, ...] = (
    ChartPlan("Referrals per week by outcome", "COLUMN", True, "weeks", (1, 2, 3, 4), 0),
    ChartPlan(
        "Funnel: received → contacted → in conversation → won", "BAR", False, "funnel", (1,), 22
    ),
)


def chart_spec(plan: ChartPlan, sheet_id: int) -> dict:
    """A basicChart spec over the block's rows, its header row included (headerCount 1)."""
    first, end = data_rows(plan.block)

    def source(col: int) -> dict:
        return {
            "sourceRange": {
                "sources": [
                    {
                        "sheetId": sheet_id,
                        "startRowIndex": first - 1,
                        "endRowIndex": end,
                        "startColumnIndex": col,
                        "endColumnIndex": col + 1,
                    }
                ]
            }
        }

    basic: dict = {
        "chartType": plan.chart_type,
        "legendPosition": "BOTTOM_LEGEND" if plan.stacked else "NO_LEGEND",
        "headerCount": 1,
        "domains": [{"domain": source(0)}],
        "series": [
            {"series": source(col), "targetAxis": _value_axis(plan)} for col in plan.series_columns
        ],
    }
    if plan.stacked:
        basic["stackedType"] = "STACKED"
    return {"title": plan.title, "basicChart": basic}


def _value_axis(plan: ChartPlan) -> str:
    # A BAR chart's values run along the bottom axis; a COLUMN chart's up the left.
    return "BOTTOM_AXIS" if plan.chart_type == "BAR" else "LEFT_AXIS"


def chart_position(plan: ChartPlan, sheet_id: int) -> dict:
    return {
        "overlayPosition": {
            "anchorCell": {
                "sheetId": sheet_id,
                "rowIndex": plan.anchor_row,
                "columnIndex": CHART_COLUMN,
            },
            "widthPixels": 600,
            "heightPixels": 371,
        }
    }
