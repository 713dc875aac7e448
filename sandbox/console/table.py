"""A sheet tab as a compact text table. Wide cells are cut short; a table wider than the terminal
is split into panels, each repeating the first column (the ID) so rows stay recognisable."""

from __future__ import annotations

CELL_MAX = 22
GAP = "  "
ELLIPSIS = "…"


def clip(text: str, limit: int = CELL_MAX) -> str:
    text = " ".join(text.split())  # a cell's line breaks would break the table
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def drop_empty_columns(
    headers: list[str], rows: list[list[str]]
) -> tuple[list[str], list[list[str]], int]:
    """Columns with nothing below the header are left out; the count says how many."""
    keep = [i for i in range(len(headers)) if any(row[i].strip() for row in rows)]
    if not rows:
        keep = list(range(len(headers)))
    dropped = len(headers) - len(keep)
    return [headers[i] for i in keep], [[row[i] for i in keep] for row in rows], dropped


def table(headers: list[str], rows: list[list[str]], width: int) -> list[str]:
    if not headers:
        return []
    cells = [[clip(h) for h in headers]] + [[clip(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines: list[str] = []
    for panel in _panels(widths, width):
        if lines:
            lines.append("")
        lines += _draw(cells, widths, panel)
    return lines


def _panels(widths: list[int], width: int) -> list[list[int]]:
    """Groups of column indexes that fit the width, each starting with column 0."""
    panels: list[list[int]] = []
    current = [0]
    used = widths[0]
    for index in range(1, len(widths)):
        needed = len(GAP) + widths[index]
        if used + needed > width and len(current) > 1:
            panels.append(current)
            current, used = [0], widths[0]
        current.append(index)
        used += needed
    panels.append(current)
    return panels


def _draw(cells: list[list[str]], widths: list[int], panel: list[int]) -> list[str]:
    def line(row: list[str]) -> str:
        return GAP.join(row[i].ljust(widths[i]) for i in panel).rstrip()

    rule = GAP.join("-" * widths[i] for i in panel)
    return [line(cells[0]), rule] + [line(row) for row in cells[1:]]


def card(headers: list[str], row: list[str], width: int) -> list[str]:
    """One row, one column per line: `Stage ........ Contacted`."""
    label_width = min(max((len(h) for h in headers), default=0), 26)
    room = max(20, width - label_width - 4)
    return [
        f"  {clip(h, label_width).ljust(label_width)}  {clip(v, room)}"
        for h, v in zip(headers, row, strict=False)
        if v.strip()
    ]
