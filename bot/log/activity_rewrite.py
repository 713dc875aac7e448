"""The one rewrite of the append-only Activity tab: erasing a lead's personal data from every
line that holds it (DESIGN.md "Privacy"). Only the cells whose text changes are written.

Activity rows carry no row tag, so they are addressed by the row index of a read made just
before the write; a person sorting the Activity tab in that second could misdirect a cell, which
is why nothing else ever rewrites it."""

from __future__ import annotations

from collections.abc import Callable

from bot.errors import SheetUnavailableError
from bot.log import ops
from bot.log.cache import ReadCache
from bot.log.mapping import map_headers, split_header
from bot.log.reading import quoted

KEPT = ("event_id",)
"""Columns never rewritten: the event ID is how a retried write is recognised."""


def rewrite_activity(
    cache: ReadCache,
    flush: Callable[[float], bool],
    scrub: Callable[[str], str],
    timeout: float = 60.0,
) -> int:
    """Apply `scrub` to every Activity cell, once `flush` has sent every queued write; returns
    how many cells changed."""
    if not flush(timeout):
        raise SheetUnavailableError("queued writes did not reach the sheet in time", attempts=0)
    tab = cache.schema.tab("activity")
    sheet_id = cache.current_read().sheet_ids["activity"]

    def attempt() -> int:
        values = cache.spreadsheet.values_get(quoted(tab.title)).get("values", [])
        header_index, header_row = split_header(values)
        header = map_headers(tab, header_row)
        columns = [i for key, i in header.positions.items() if key not in KEPT]
        requests = []
        for row_index in range(header_index + 1, len(values)):
            row = values[row_index]
            for column in columns:
                text = str(row[column]) if column < len(row) else ""
                new = scrub(text)
                if new != text:
                    requests.append(ops.update_cell(sheet_id, row_index, column, new))
        if requests:
            cache.spreadsheet.batch_update({"requests": requests})
        return len(requests)

    return cache.retry.call(attempt, "erasing from Activity")
