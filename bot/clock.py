"""The one source of "now" for the bot. Production reads the system clock; the local workspace's
console moves it forward to show nudges arriving, and tests pass their own."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta


class Clock:
    def __init__(self, start: datetime | None = None) -> None:
        """`start`: the moment the clock shows now, ticking on from there (benchmarks and demos
        replay a fixed date); the system clock when None."""
        self._offset = start - datetime.now(UTC) if start is not None else timedelta()
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return datetime.now(UTC) + self._offset

    def advance(self, delta: timedelta) -> datetime:
        if delta < timedelta():
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._offset += delta
        return self.now()
