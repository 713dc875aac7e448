"""Rows of a tab read and written by header name, never by column position.

People reorder columns, add their own and type rows by hand; the schema says which headers matter.
Headers match after trimming and casefolding. Values are read as the sheet shows them (a typed date
shows as `yyyy-mm-dd hh:mm`); they are written typed (``bot.log.cells``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from bot.domain.cellvalues import text_of_serial
from bot.errors import SchemaError
from bot.log import messages
from bot.log.cells import Typed, encode, number_format
from bot.schema import Tab


def normalise_header(text: str) -> str:
    return " ".join(str(text or "").split()).casefold()


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class HeaderMap:
    """Where each schema column of one tab sits right now (0-based column indexes)."""

    tab: Tab
    positions: dict[str, int]
    width: int
    """Number of cells in the header row, including columns people added."""
    date_positions: tuple[int, ...] = ()
    """Columns of dates: a bare serial number there (its format was cleared) reads as the date."""
    formats: dict[int, dict[str, str]] = field(default_factory=dict)
    """Column index -> the number format of a typed column there."""

    def has(self, key: str) -> bool:
        return key in self.positions

    def index(self, key: str) -> int:
        try:
            return self.positions[key]
        except KeyError:
            if key not in self.tab.keys:
                raise SchemaError(messages.unknown_column(self.tab.title, key)) from None
            header = self.tab.column(key).header
            raise SchemaError(messages.missing_column(self.tab.title, header)) from None

    def letter(self, key: str) -> str:
        return column_letter(self.index(key))

    def row_values(self, row: list[str]) -> dict[str, str]:
        """{column key: text} for one grid row; absent cells and absent optional columns read ""."""
        for i in self.date_positions:
            if i < len(row) and _looks_serial(row[i]):
                row = [*row[:i], text_of_serial(float(row[i])), *row[i + 1 :]]
        width = len(row)
        return {
            key: (row[i] if i < width else "") or "" for key, i in self.positions.items()
        } | self._absent

    @cached_property
    def _absent(self) -> dict[str, str]:
        """The optional columns this sheet lacks, each read "": worked out once, not per row."""
        return {key: "" for key in self.tab.keys if key not in self.positions}

    def cells(self, values: dict[str, str]) -> list[str | Typed | None]:
        """One row to write from column A: the given values at their columns, typed as their
        columns are (``bot.log.cells``). Elsewhere None ("leave this cell alone"), or in a typed
        column a format-only Typed, so a new row's blank date still shows dates when filled."""
        indexes = {self.index(key): self.encode(key, text) for key, text in values.items()}
        row: list[str | Typed | None] = [None] * (max([*indexes, *self.formats], default=-1) + 1)
        for i, fmt in self.formats.items():
            row[i] = Typed(None, fmt)
        for i, value in indexes.items():
            row[i] = value
        return row

    def encode(self, key: str, text: str) -> str | Typed:
        i = self.positions.get(key)
        return encode(self.tab.column(key), text) if i is not None and i in self.formats else text


def map_headers(tab: Tab, header_row: list[str]) -> HeaderMap:
    """Locate the schema's columns in a header row.

    Raises SchemaError when a required column is missing, or when a schema header appears twice
    (the bot could not tell which one to use). Headers people add are ignored."""
    seen: dict[str, list[int]] = {}
    for i, text in enumerate(header_row):
        name = normalise_header(text)
        if name:
            seen.setdefault(name, []).append(i)
    positions: dict[str, int] = {}
    for column in tab.columns:
        found = seen.get(normalise_header(column.header), [])
        if len(found) > 1:
            letters = [column_letter(i) for i in found]
            raise SchemaError(messages.duplicate_column(tab.title, column.header, letters))
        if found:
            positions[column.key] = found[0]
        elif column.required:
            raise SchemaError(messages.missing_column(tab.title, column.header))
    dates = tuple(
        positions[c.key] for c in tab.columns if c.type == "datetime" and c.key in positions
    )
    formats = {
        positions[c.key]: fmt
        for c in tab.columns
        if c.key in positions and (fmt := number_format(c)) is not None
    }
    return HeaderMap(tab, positions, len(header_row), dates, formats)


def _looks_serial(text: object) -> bool:
    """A plain number such as 46083.39583 where a date belongs (not a year, not a phone)."""
    if not isinstance(text, str) or not text[:1].isdigit() or "-" in text or ":" in text:
        return False
    try:
        return 1 <= float(text) < 2958466  # 1899-12-31 .. 9999-12-31
    except ValueError:
        return False


def is_blank(row: list[str]) -> bool:
    return not any(str(cell or "").strip() for cell in row)


def split_header(grid: list[list[str]]) -> tuple[int, list[str]]:
    """The header is the first non-blank row (a person may have left blank rows above it)."""
    for i, row in enumerate(grid):
        if not is_blank(row):
            return i, row
    return 0, []


def read_rows(
    header: HeaderMap, grid: list[list[str]], header_index: int
) -> Iterator[tuple[int, dict]]:
    """(0-based sheet row index, {column key: text}) for every non-blank row under the header,
    one at a time: at 50,000 rows a list of them all would be the read's largest object."""
    for i in range(header_index + 1, len(grid)):
        if not is_blank(grid[i]):
            yield i, header.row_values(grid[i])
