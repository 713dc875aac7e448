"""Reading a referral list as people keep it: a CSV from anywhere, an Excel workbook, or a tab of
another Google Sheet. Every source becomes a `Table`: its header and its non-blank rows, each with
the row number a person sees in the file, so a report can point at it.

CSVs come in every shape: UTF-8 with or without a byte-order mark, Windows-1252 / Latin-1 from
older Excel, commas, semicolons (where the decimal separator is a comma) or tabs."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from bot.errors import ReferralDeskError

DELIMITERS = ",;\t|"


class SourceError(ReferralDeskError):
    """The file or sheet to import cannot be read; the message says why and what to do."""


@dataclass(frozen=True)
class SourceRow:
    number: int
    """The row number a person sees in the file (the header is row 1, blank lines count)."""
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    name: str
    headers: tuple[str, ...]
    rows: tuple[SourceRow, ...]
    decimal_comma: bool = False
    """Numbers in this source use a comma for decimals (a semicolon-separated CSV)."""
    notes: tuple[str, ...] = field(default=())

    def values(self, row: SourceRow) -> dict[str, str]:
        """{header: cell} for one row; short rows read as blanks, extra cells are dropped."""
        cells = list(row.cells) + [""] * (len(self.headers) - len(row.cells))
        return {h: cells[i].strip() for i, h in enumerate(self.headers) if h}


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name): UTF-8 (BOM or not) when it decodes, else Windows-1252, else Latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "UTF-8 with BOM"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"


def delimiter_of(text: str) -> str:
    """The separator of the header line: the candidate that splits it most (quotes respected)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    best, most = ",", 0
    for candidate in DELIMITERS:
        count = len(next(csv.reader([first], delimiter=candidate), [])) - 1
        if count > most:
            best, most = candidate, count
    return best


def _table(name: str, numbered: list[tuple[int, list[str]]], **extra) -> Table:
    rows = [(n, cells) for n, cells in numbered if any(str(c).strip() for c in cells)]
    if not rows:
        raise SourceError(f"{name} has no rows: it needs a header row and at least one referral.")
    (_, header), *body = rows
    headers = tuple(str(h).strip() for h in header)
    return Table(name, headers, tuple(SourceRow(n, tuple(c)) for n, c in body), **extra)


def read_csv(path: Path) -> Table:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    text, encoding = decode(data)
    delimiter = delimiter_of(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    numbered, line = [], 1
    for cells in reader:
        numbered.append((line, cells))
        line = reader.line_num + 1
    name = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars"}[delimiter]
    notes = (f"Read as {encoding}, separated by {name}.",)
    return _table(path.name, numbered, decimal_comma=delimiter == ";", notes=notes)


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != time() else f"{value:%Y-%m-%d}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(path: Path, tab: str = "") -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError) as exc:
        raise SourceError(f"Cannot read {path} as an Excel workbook: {exc}.") from exc
    try:
        if tab and tab not in book.sheetnames:
            raise SourceError(
                f"{path.name} has no tab {tab!r}; its tabs: {', '.join(book.sheetnames)}."
            )
        sheet = book[tab] if tab else book.worksheets[0]
        numbered = [
            (n, [_xlsx_text(v) for v in row])
            for n, row in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        book.close()
    return _table(path.name, numbered, notes=(f"Read tab {sheet.title!r}.",))


def read_file(path: Path, tab: str = "") -> Table:
    if path.suffix.casefold() in (".xlsx", ".xlsm"):
        return read_xlsx(path, tab)
    return read_csv(path)


def read_values(name: str, grid: list[list[str]]) -> Table:
    """A tab of another Google Sheet, as its formatted values."""
    return _table(name, [(n, list(row)) for n, row in enumerate(grid, start=1)])
