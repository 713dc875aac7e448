"""A1 notation: parsing ranges like ``'My tab'!A2:C`` and formatting them the way Google echoes them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import invalid

_CELL = re.compile(r"^\$?([A-Za-z]{0,3})\$?([0-9]{0,7})$")
_SIMPLE_TITLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LOOKS_LIKE_CELL = re.compile(r"^([A-Za-z]{1,3}[0-9]+|[Rr][0-9]*[Cc][0-9]*)$")


@dataclass(frozen=True)
class A1Range:
    """A parsed range. Indexes are 0-based, ``end_*`` exclusive; ``None`` means unbounded."""

    sheet: str | None
    start_row: int | None = None
    end_row: int | None = None
    start_col: int | None = None
    end_col: int | None = None


def col_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def col_index(letters: str) -> int:
    """A -> 0, AA -> 26."""
    value = 0
    for ch in letters.upper():
        value = value * 26 + (ord(ch) - 64)
    return value - 1


def quote_title(title: str) -> str:
    """Titles are quoted only when they need it, as Google does in echoed ranges."""
    if _SIMPLE_TITLE.match(title) and not _LOOKS_LIKE_CELL.match(title):
        return title
    return "'" + title.replace("'", "''") + "'"


def split_sheet(text: str) -> tuple[str | None, str | None]:
    """Split ``'Tab'!A1:B2`` into (title, cells). Either part may be None."""
    if text.startswith("'"):
        i, title = 1, []
        while i < len(text):
            if text[i] == "'":
                if text[i + 1 : i + 2] == "'":
                    title.append("'")
                    i += 2
                    continue
                rest = text[i + 1 :]
                if rest == "":
                    return "".join(title), None
                if rest.startswith("!"):
                    return "".join(title), rest[1:]
                raise invalid(f"Unable to parse range: {text}")
            title.append(text[i])
            i += 1
        raise invalid(f"Unable to parse range: {text}")
    if "!" in text:
        title, _, cells = text.rpartition("!")
        return title, cells
    return None, text


def parse_cells(cells: str, original: str, sheet: str | None) -> A1Range:
    """Parse the cell part (``A1``, ``A1:B2``, ``A:B``, ``2:5``, ``A2:C``)."""
    parts = cells.split(":")
    if len(parts) > 2 or not cells:
        raise invalid(f"Unable to parse range: {original}")
    refs = [_parse_ref(p, original) for p in parts]
    if len(refs) == 1:
        col, row = refs[0]
        if col is None or row is None:
            raise invalid(f"Unable to parse range: {original}")
        return A1Range(sheet, row, row + 1, col, col + 1)
    (c1, r1), (c2, r2) = refs
    if c1 is not None and r1 is not None and c2 is None and r2 is not None:
        return A1Range(sheet, min(r1, r2), max(r1, r2) + 1, c1, None)  # A2:2 -> rest of row 2
    if (c1 is None) != (c2 is None):
        raise invalid(f"Unable to parse range: {original}")
    if c1 is None or c2 is None:
        cols: tuple[int | None, int | None] = (None, None)
    else:
        cols = (min(c1, c2), max(c1, c2) + 1)
    if r1 is not None and r2 is not None:
        rows: tuple[int | None, int | None] = (min(r1, r2), max(r1, r2) + 1)
    elif r1 is None and r2 is None:
        rows = (None, None)
    elif c1 is None:
        raise invalid(f"Unable to parse range: {original}")
    elif r1 is not None:
        rows = (r1, None)  # A2:C -> from row 2 to the end of the grid
    else:
        rows = (0, r2 + 1)  # A:C5 -> rows 1 to 5
    return A1Range(sheet, rows[0], rows[1], cols[0], cols[1])


def _parse_ref(ref: str, original: str) -> tuple[int | None, int | None]:
    m = _CELL.match(ref)
    if not m or (not m.group(1) and not m.group(2)):
        raise invalid(f"Unable to parse range: {original}")
    letters, digits = m.group(1), m.group(2)
    col = col_index(letters) if letters else None
    row = int(digits) - 1 if digits else None
    if row is not None and row < 0:
        raise invalid(f"Unable to parse range: {original}")
    return col, row


def format_range(title: str, start_row: int, end_row: int, start_col: int, end_col: int) -> str:
    """Format a bounded range as Google echoes it: ``Sheet1!A1:B2`` or ``Sheet1!A1`` for one cell."""
    first = f"{col_letter(start_col)}{start_row + 1}"
    last = f"{col_letter(end_col - 1)}{end_row}"
    cells = first if first == last else f"{first}:{last}"
    return f"{quote_title(title)}!{cells}"
