"""Which queued writes go now, and which wait for a ride.

A DM answer or a sweep changes cells (one values:batchUpdateByDataFilter, rows found by their ID
tag) and adds Activity rows (appendCells, a spreadsheets.batchUpdate). No Sheets request does
both, so sending each answer's Activity row at once would make every answer two writes. Instead
Activity rows wait: they ride with the next batch of new rows (a capture's write, which is sent
anyway), and at most `ACTIVITY_RIDE_SECONDS` after the oldest was queued, all that waited go
together in one call. They are durable in the outbox while they wait, and the bot's own reads of
Activity include them (`SheetLog.read_activity`), so nothing is lost and no figure misses them.
"""

from __future__ import annotations

from bot.log.outbox import ACTIVITY, APPEND, Entry

ACTIVITY_RIDE_SECONDS = 300.0


def due(
    entries: list[Entry], now: float, ride_seconds: float = ACTIVITY_RIDE_SECONDS
) -> tuple[list[Entry], float | None]:
    """The entries to send now, and in how many seconds the waiting ones fall due (None when
    nothing waits)."""
    riders = [e for e in entries if e.kind == ACTIVITY]
    if not riders or any(e.kind == APPEND for e in entries):
        return entries, None
    left = min(e.created_at for e in riders) + ride_seconds - now
    if left <= 0:
        return entries, None
    return [e for e in entries if e.kind != ACTIVITY], left
