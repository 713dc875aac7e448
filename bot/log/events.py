"""Which Activity event IDs the log already holds: in the sheet, or queued in the outbox.

An import gives each file row a fixed event ID, so a run after a kill can tell which rows are
already written (or about to be) and write only the others."""

from __future__ import annotations

from bot.log.sheet import SheetLog


def recorded_event_ids(log: SheetLog, timeout: float = 120.0) -> set[str]:
    """Delivers what is queued first, so nothing is between the outbox and the sheet while the
    Activity tab is read; what is still queued after `timeout` counts too."""
    log.flush(timeout)
    read = log.refresh(with_activity=True)
    found = set(read.event_ids or ())
    for entry in log.outbox.pending():
        found |= {row.get("event_id", "") for row in entry.payload.get("activity", [])}
    found.discard("")
    return found
