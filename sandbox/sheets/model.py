"""The in-memory spreadsheet model: sheets with sparse cell rows, dimension properties,
protected ranges, conditional formats, charts, and developer metadata.

Everything the API can address is kept in Google's own JSON shapes (SheetProperties,
GridRange, DeveloperMetadata ...) so rendering a response is mostly copying.
"""

from __future__ import annotations

import copy
import secrets
from dataclasses import dataclass, field
from typing import Any

from .a1 import A1Range, parse_cells, split_sheet
from .cells import Cell
from .errors import invalid

DEFAULT_ROWS = 1000
DEFAULT_COLUMNS = 26
MAX_CELLS = 10_000_000
DEFAULT_ROW_PIXELS = 21
DEFAULT_COLUMN_PIXELS = 100


def new_id() -> int:
    """Sheet, protected range, chart and metadata ids are random positive int32s, as in Google."""
    return secrets.randbelow(2**31 - 2) + 1


@dataclass
class Sheet:
    """One tab. ``rows`` holds only the rows up to the last one ever touched; the grid size is
    in ``props["gridProperties"]``."""

    props: dict[str, Any]
    rows: list[list[Cell | None]] = field(default_factory=list)
    row_props: dict[int, dict] = field(default_factory=dict)
    col_props: dict[int, dict] = field(default_factory=dict)
    protected_ranges: list[dict] = field(default_factory=list)
    conditional_formats: list[dict] = field(default_factory=list)
    charts: list[dict] = field(default_factory=list)

    @classmethod
    def new(
        cls,
        sheet_id: int,
        title: str,
        index: int,
        rows: int = DEFAULT_ROWS,
        columns: int = DEFAULT_COLUMNS,
    ) -> Sheet:
        props = {
            "sheetId": sheet_id,
            "title": title,
            "index": index,
            "sheetType": "GRID",
            "gridProperties": {"rowCount": rows, "columnCount": columns},
        }
        return cls(props=props)

    @property
    def sheet_id(self) -> int:
        return self.props["sheetId"]

    @property
    def title(self) -> str:
        return self.props["title"]

    @property
    def grid(self) -> dict[str, Any]:
        return self.props["gridProperties"]

    @property
    def row_count(self) -> int:
        return self.grid.get("rowCount", 0)

    @property
    def column_count(self) -> int:
        return self.grid.get("columnCount", 0)

    @property
    def frozen_rows(self) -> int:
        return self.grid.get("frozenRowCount", 0)

    def __post_init__(self) -> None:
        self._owned: dict[int, list] = {}

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state.pop("_owned", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._owned = {}

    def copy(self) -> Sheet:
        """A copy safe to mutate, made cheaply: row lists are shared copy-on-write (see ``row``),
        cells are immutable tuples and dimension-property dicts are replaced, never mutated."""
        return Sheet(
            props=copy.deepcopy(self.props),
            rows=list(self.rows),
            row_props=dict(self.row_props),
            col_props=dict(self.col_props),
            protected_ranges=copy.deepcopy(self.protected_ranges),
            conditional_formats=copy.deepcopy(self.conditional_formats),
            charts=copy.deepcopy(self.charts),
        )

    def seal(self) -> None:
        """Called when this copy is committed: from now on every row list is shared."""
        self._owned = {}

    def row(self, index: int) -> list[Cell | None]:
        """The row list at ``index``, made private to this copy so it can be changed in place."""
        while len(self.rows) <= index:
            fresh: list[Cell | None] = []
            self.rows.append(fresh)
            self._owned[id(fresh)] = fresh
        line = self.rows[index]
        if id(line) not in self._owned:
            line = list(line)
            self.rows[index] = line
            self._owned[id(line)] = line
        return line

    def cell(self, row: int, col: int) -> Cell | None:
        if row < len(self.rows):
            line = self.rows[row]
            if col < len(line):
                return line[col]
        return None

    def put(self, row: int, col: int, cell: Cell | None) -> None:
        if cell is None and (row >= len(self.rows) or col >= len(self.rows[row])):
            return
        line = self.row(row)
        if len(line) <= col:
            line.extend([None] * (col + 1 - len(line)))
        line[col] = cell

    def row_has_value(self, row: int, start_col: int = 0, end_col: int | None = None) -> bool:
        if row >= len(self.rows):
            return False
        return any(c is not None and c[0] is not None for c in self.rows[row][start_col:end_col])

    def data_row_count(self) -> int:
        """Rows up to and including the last row with a value (0 when the sheet is empty)."""
        for row in range(len(self.rows) - 1, -1, -1):
            if self.row_has_value(row):
                return row + 1
        return 0


@dataclass
class Spreadsheet:
    spreadsheet_id: str
    props: dict[str, Any]
    sheets: list[Sheet] = field(default_factory=list)
    metadata: dict[int, dict] = field(default_factory=dict)

    def copy(self) -> Spreadsheet:
        return Spreadsheet(
            spreadsheet_id=self.spreadsheet_id,
            props=copy.deepcopy(self.props),
            sheets=[s.copy() for s in self.sheets],
            metadata=dict(self.metadata),  # entries are replaced, never mutated
        )

    def seal(self) -> None:
        for sheet in self.sheets:
            sheet.seal()

    @property
    def title(self) -> str:
        return self.props["title"]

    def sheet_by_id(self, sheet_id: Any) -> Sheet | None:
        for sheet in self.sheets:
            if sheet.sheet_id == sheet_id:
                return sheet
        return None

    def sheet_by_title(self, title: str) -> Sheet | None:
        for sheet in self.sheets:
            if sheet.title == title:
                return sheet
        return None

    def require_sheet(self, sheet_id: Any, where: str) -> Sheet:
        sheet = self.sheet_by_id(sheet_id if sheet_id is not None else 0)
        if sheet is None:
            raise invalid(f"{where}: No grid with id: {sheet_id if sheet_id is not None else 0}")
        return sheet

    def reindex(self) -> None:
        for i, sheet in enumerate(self.sheets):
            sheet.props["index"] = i

    def total_cells(self) -> int:
        return sum(s.row_count * s.column_count for s in self.sheets)

    def check_cell_limit(self, where: str = "") -> None:
        if self.total_cells() > MAX_CELLS:
            prefix = f"{where}: " if where else ""
            raise invalid(
                f"{prefix}This action would increase the number of cells in the workbook above the limit of {MAX_CELLS} cells."
            )

    def resolve(self, text: str) -> tuple[Sheet, A1Range]:
        """Resolve an A1 range (``'Tab'!A1:B2``, ``Tab``, ``A1:B2``) to its sheet.

        A bare name that is a sheet title means the whole sheet; bare cells mean the first sheet;
        an unknown title is "Unable to parse range", as Google says.
        """
        if not isinstance(text, str) or not text.strip():
            raise invalid(f"Unable to parse range: {text}")
        title, cells = split_sheet(text)
        if title is None:
            assert cells is not None
            sheet = self.sheet_by_title(cells)
            if sheet is not None:
                return sheet, A1Range(sheet.title)
            return self.sheets[0], parse_cells(cells, text, self.sheets[0].title)
        sheet = self.sheet_by_title(title)
        if sheet is None:
            raise invalid(f"Unable to parse range: {text}")
        if cells is None:
            return sheet, A1Range(sheet.title)
        return sheet, parse_cells(cells, text, sheet.title)


def new_spreadsheet(title: str, sheet_titles: list[str]) -> Spreadsheet:
    spreadsheet_id = secrets.token_urlsafe(33)[:44]
    props = {
        "title": title,
        "locale": "en_US",
        "autoRecalc": "ON_CHANGE",
        "timeZone": "Etc/GMT",
        "defaultFormat": {
            "backgroundColor": {"red": 1, "green": 1, "blue": 1},
            "padding": {"top": 2, "right": 3, "bottom": 2, "left": 3},
            "verticalAlignment": "BOTTOM",
            "wrapStrategy": "OVERFLOW_CELL",
            "textFormat": {
                "foregroundColor": {},
                "fontFamily": "arial,sans,sans-serif",
                "fontSize": 10,
                "bold": False,
                "italic": False,
                "strikethrough": False,
                "underline": False,
            },
        },
    }
    ss = Spreadsheet(spreadsheet_id=spreadsheet_id, props=props)
    for i, sheet_title in enumerate(sheet_titles or ["Sheet1"]):
        ss.sheets.append(Sheet.new(0 if i == 0 else new_id(), sheet_title, i))
    return ss
