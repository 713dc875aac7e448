"""Inserting, deleting, moving and reordering rows or columns.

Cells, row/column properties, developer metadata, protected ranges and conditional-format ranges
all follow their row or column, and whatever sat only on deleted rows is deleted with them — the
property the referral log relies on to find rows by metadata after people sort and insert.
"""

from __future__ import annotations

from collections.abc import Callable

from .model import Sheet, Spreadsheet

ROW_KEYS = ("startRowIndex", "endRowIndex")
COL_KEYS = ("startColumnIndex", "endColumnIndex")


def _keys(dimension: str) -> tuple[str, str]:
    return ROW_KEYS if dimension == "ROWS" else COL_KEYS


def _count_key(dimension: str) -> str:
    return "rowCount" if dimension == "ROWS" else "columnCount"


def insert(
    ss: Spreadsheet,
    sheet: Sheet,
    dimension: str,
    start: int,
    end: int,
    inherit_from_before: bool = False,
) -> None:
    """Insert ``end - start`` empty rows/columns before index ``start``."""
    n = end - start
    sheet.grid[_count_key(dimension)] += n
    source = start - 1 if inherit_from_before else start
    if dimension == "ROWS":
        template = _format_only(sheet.rows[source]) if 0 <= source < len(sheet.rows) else []
        if start < len(sheet.rows):
            sheet.rows[start:start] = [list(template) for _ in range(n)]
        props = sheet.row_props
    else:
        for r, shared in enumerate(sheet.rows):
            if start < len(shared):
                line = sheet.row(r)
                keep = line[source] if 0 <= source < len(line) else None
                filler = (None, None, keep[2]) if keep is not None and keep[2] else None
                line[start:start] = [filler] * n
        props = sheet.col_props

    def shift(i: int) -> int:
        return i if i < start else i + n

    def shift_end(i: int) -> int:
        return i if i <= start else i + n

    inherited = props.get(source)
    _remap_props(props, shift)
    if inherited:
        for i in range(start, end):
            props[i] = dict(inherited)
    _remap_ranges(ss, sheet, dimension, shift, shift_end)


def delete(ss: Spreadsheet, sheet: Sheet, dimension: str, start: int, end: int) -> None:
    """Delete rows/columns ``[start, end)`` with everything attached only to them."""
    n = end - start
    sheet.grid[_count_key(dimension)] -= n
    if dimension == "ROWS":
        del sheet.rows[start:end]
        props = sheet.row_props
    else:
        for r, shared in enumerate(sheet.rows):
            if start < len(shared):
                del sheet.row(r)[start:end]
        props = sheet.col_props

    def boundary(i: int) -> int:
        return i if i <= start else (start if i <= end else i - n)

    _remap_props(props, lambda i: None if start <= i < end else (i if i < start else i - n))
    _remap_ranges(ss, sheet, dimension, boundary, boundary)


def move(
    ss: Spreadsheet, sheet: Sheet, dimension: str, start: int, end: int, destination: int
) -> None:
    """Move ``[start, end)`` so it lands before ``destination`` (an index before the move)."""
    if start <= destination <= end:
        return
    lo, hi = min(start, destination), max(end, destination)
    indexes = list(range(lo, hi))
    block = list(range(start, end))
    rest = [i for i in indexes if not start <= i < end]
    at = destination - lo if destination < start else destination - lo - len(block)
    permute(ss, sheet, dimension, lo, rest[:at] + block + rest[at:])


def permute(
    ss: Spreadsheet,
    sheet: Sheet,
    dimension: str,
    lo: int,
    order: list[int],
    cells_only_cols: tuple[int, int] | None = None,
) -> None:
    """Reorder indexes ``[lo, lo + len(order))``: new position ``lo + k`` takes old index ``order[k]``.

    With ``cells_only_cols`` only the cells of those columns move (a sortRange over part of the
    width), and rows keep their properties and metadata.
    """
    hi = lo + len(order)
    new_of = {old: lo + k for k, old in enumerate(order)}
    if dimension == "ROWS":
        while len(sheet.rows) < hi:
            sheet.rows.append([])
        if cells_only_cols is None:
            sheet.rows[lo:hi] = [sheet.rows[i] for i in order]
        else:
            _permute_row_cells(sheet, lo, order, cells_only_cols)
            return
        props = sheet.row_props
    else:
        for r, shared in enumerate(sheet.rows):
            if len(shared) > lo:
                line = sheet.row(r)
                line.extend([None] * (hi - len(line)))
                line[lo:hi] = [line[i] for i in order]
        props = sheet.col_props
    _remap_props(props, lambda i: new_of.get(i, i))
    _permute_ranges(ss, sheet, dimension, lo, hi, new_of)


def _permute_row_cells(sheet: Sheet, lo: int, order: list[int], cols: tuple[int, int]) -> None:
    c0, c1 = cols
    pieces = []
    for i in order:
        line = sheet.rows[i]
        pieces.append((line + [None] * (c1 - len(line)))[c0:c1])
    for k, piece in enumerate(pieces):
        line = sheet.row(lo + k)
        if len(line) < c1:
            line.extend([None] * (c1 - len(line)))
        line[c0:c1] = piece


def _format_only(line: list) -> list:
    return [(None, None, c[2]) if c is not None and c[2] else None for c in line]


def _remap_props(props: dict[int, dict], fn: Callable[[int], int | None]) -> None:
    moved = {}
    for i, value in props.items():
        j = fn(i)
        if j is not None:
            moved[j] = value
    props.clear()
    props.update(moved)


def _remap_ranges(
    ss: Spreadsheet,
    sheet: Sheet,
    dimension: str,
    start_fn: Callable[[int], int],
    end_fn: Callable[[int], int],
) -> None:
    """Shift every range on this sheet's dimension; drop those left empty."""

    def adjust(obj: dict, keys: tuple[str, str]) -> bool:
        s_key, e_key = keys
        if s_key in obj:
            obj[s_key] = start_fn(obj[s_key])
        if e_key in obj:
            obj[e_key] = end_fn(obj[e_key])
        return obj.get(s_key, 0) < obj.get(e_key, float("inf"))

    for meta_id, dim_range in _metadata_ranges(ss, sheet, dimension):
        if adjust(dim_range, ("startIndex", "endIndex")):
            _replace_range(ss, meta_id, dim_range)
        else:
            del ss.metadata[meta_id]
    keys = _keys(dimension)
    sheet.protected_ranges[:] = [p for p in sheet.protected_ranges if adjust(p["range"], keys)]
    for rule in sheet.conditional_formats:
        rule["ranges"] = [r for r in rule["ranges"] if adjust(r, keys)]
    sheet.conditional_formats[:] = [r for r in sheet.conditional_formats if r["ranges"]]


def _permute_ranges(
    ss: Spreadsheet, sheet: Sheet, dimension: str, lo: int, hi: int, new_of: dict[int, int]
) -> None:
    def adjust(obj: dict, keys: tuple[str, str]) -> None:
        s_key, e_key = keys
        s, e = obj.get(s_key, 0), obj.get(e_key)
        if e is None or (s <= lo and e >= hi) or e <= lo or s >= hi:
            return  # covers the whole reordered block, or misses it: unchanged
        mapped = [new_of.get(i, i) for i in range(s, e)]
        obj[s_key], obj[e_key] = min(mapped), max(mapped) + 1

    for meta_id, dim_range in _metadata_ranges(ss, sheet, dimension):
        adjust(dim_range, ("startIndex", "endIndex"))
        _replace_range(ss, meta_id, dim_range)
    keys = _keys(dimension)
    for protected in sheet.protected_ranges:
        adjust(protected["range"], keys)
    for rule in sheet.conditional_formats:
        for grid_range in rule["ranges"]:
            adjust(grid_range, keys)


def _metadata_ranges(ss: Spreadsheet, sheet: Sheet, dimension: str) -> list[tuple[int, dict]]:
    """(id, private copy of its dimensionRange) for metadata on this sheet's rows or columns."""
    found = []
    for meta_id, meta in ss.metadata.items():
        dim_range = meta["location"].get("dimensionRange")
        if (
            dim_range
            and dim_range.get("sheetId") == sheet.sheet_id
            and dim_range["dimension"] == dimension
        ):
            found.append((meta_id, dict(dim_range)))
    return found


def _replace_range(ss: Spreadsheet, meta_id: int, dim_range: dict) -> None:
    """Metadata entries are shared with the committed model, so changes make a new entry."""
    meta = ss.metadata[meta_id]
    if meta["location"]["dimensionRange"] != dim_range:
        ss.metadata[meta_id] = {
            **meta,
            "location": {**meta["location"], "dimensionRange": dim_range},
        }


def drop_sheet_metadata(ss: Spreadsheet, sheet_id: int) -> None:
    """Metadata on a deleted sheet (or its rows and columns) goes with it."""
    for meta_id, meta in list(ss.metadata.items()):
        location = meta["location"]
        dim_range = location.get("dimensionRange")
        if location.get("sheetId") == sheet_id or (
            dim_range and dim_range.get("sheetId") == sheet_id
        ):
            del ss.metadata[meta_id]
