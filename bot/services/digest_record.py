"""What the weekly digest has sent, kept on disk (DATA_DIR/digests.sqlite3, like the outbox), so
each week's digest goes out once even when the bot restarts or the scheduler fires twice.

One row per digest slot (its scheduled time, ISO, UTC): when it was started, then where its
message and its chart landed. A slot started but not finished (the bot died in between) is
finished by the next run, which first looks in the channel for what already got there.

The store also remembers when it was made: slots before that are never sent, so a bot installed
(or a data folder started afresh) on a Wednesday does not post Monday's digest late."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS digests (
    slot TEXT PRIMARY KEY, started TEXT NOT NULL, message TEXT NOT NULL DEFAULT '',
    chart TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS since (at TEXT NOT NULL);
"""


@dataclass(frozen=True)
class SlotRecord:
    slot: str
    started: str
    message: str = ""
    """"channel:ts" of the digest message, once posted."""
    chart: str = ""
    """The chart's file ID, once shared."""

    @property
    def done(self) -> bool:
        return bool(self.message and self.chart)


class DigestRecord:
    def __init__(self, path: str | Path, now: datetime):
        """`now` is the store's birth when it is new; an existing store keeps its own."""
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)
        self._lock = threading.Lock()
        with self._lock:
            if self._db.execute("SELECT at FROM since").fetchone() is None:
                self._db.execute("INSERT INTO since (at) VALUES (?)", (now.isoformat(),))

    @classmethod
    def for_settings(cls, settings: Any, now: datetime) -> DigestRecord:
        return cls(Path(settings.data_dir) / "digests.sqlite3", now)

    @property
    def since(self) -> datetime:
        with self._lock:
            (at,) = self._db.execute("SELECT at FROM since").fetchone()
        return datetime.fromisoformat(at)

    def get(self, slot: datetime) -> SlotRecord | None:
        with self._lock:
            row = self._db.execute(
                "SELECT slot, started, message, chart FROM digests WHERE slot = ?", (_key(slot),)
            ).fetchone()
        return SlotRecord(*row) if row else None

    def start(self, slot: datetime, at: datetime) -> SlotRecord:
        """Record the intent before anything is sent; an existing record is kept as it is."""
        with self._lock:
            self._db.execute(
                "INSERT OR IGNORE INTO digests (slot, started) VALUES (?, ?)",
                (_key(slot), at.isoformat()),
            )
        found = self.get(slot)
        assert found is not None
        return found

    def message_posted(self, slot: datetime, where: str) -> None:
        self._set(slot, "message", where)

    def chart_shared(self, slot: datetime, file_id: str) -> None:
        self._set(slot, "chart", file_id)

    def _set(self, slot: datetime, column: str, value: str) -> None:
        with self._lock:
            self._db.execute(
                f"UPDATE digests SET {column} = ? WHERE slot = ?",  # column is ours, not input
                (value, _key(slot)),
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _key(slot: datetime) -> str:
    return slot.astimezone(UTC).isoformat()
