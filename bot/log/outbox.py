"""The durable outbox: a write is acknowledged once it is here, and leaves only when it reached the sheet.

A SQLite file under DATA_DIR (":memory:" in tests). Entries are JSON payloads of three kinds:
"append" (a new referral and its Activity rows, written atomically), "activity" (Activity rows),
"cells" (cells of existing referrals) and "dashboard" (the Dashboard tab's figures; only the newest
is written, in the same call as the cells). A kept copy in memory makes `pending()` cheap, since the
snapshot overlays pending writes on every read.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.log.applying import current_request

APPEND, ACTIVITY, CELLS, DASHBOARD = "append", "activity", "cells", "dashboard"
KINDS = (APPEND, ACTIVITY, CELLS, DASHBOARD)
_APPLIED = "applied:"
APPLIED_KEEP_SECONDS = 7 * 24 * 3600  # as long as the dedup store remembers a request

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at REAL NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    error TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class Entry:
    id: int
    kind: str
    payload: dict[str, Any]
    created_at: float = 0.0
    """Wall-clock seconds when it was queued: Activity rows wait for a ride (bot/log/riding.py)
    at most so long after it."""


class Outbox:
    def __init__(self, path: str | Path = ":memory:"):
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = str(path)
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA synchronous=FULL")
        if self.path != ":memory:":
            self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)
        self._db.execute(
            "DELETE FROM meta WHERE key LIKE ? AND CAST(value AS REAL) < ?",
            (_APPLIED + "%", time.time() - APPLIED_KEEP_SECONDS),
        )
        self._changed = threading.Condition()
        self._reader: sqlite3.Connection | None = None
        """For `applied`, asked before a Slack request is acknowledged: in WAL mode a reader
        never waits for the writer's fsync, which holds `_changed`."""
        if self.path != ":memory:":
            self._reader = sqlite3.connect(self.path, check_same_thread=False)
            self._reader_lock = threading.Lock()
        self._pending: dict[int, Entry] = {}
        self.version = 0
        """Goes up on every change, so readers can tell their overlay is stale."""
        self._landed: list[tuple[int, Entry]] = []
        """Entries that reached the sheet, with the version at which they did: a read of the
        sheet that started at an earlier version may not show them yet."""
        for row in self._db.execute(
            "SELECT id, kind, payload, created_at FROM outbox WHERE state = 'pending' ORDER BY id"
        ):
            self._pending[row[0]] = Entry(row[0], row[1], json.loads(row[2]), row[3])

    @classmethod
    def for_settings(cls, settings) -> Outbox:
        return cls(Path(settings.data_dir) / "outbox.sqlite3")

    def put(self, kind: str, payload: dict[str, Any]) -> int:
        return self.put_many([(kind, payload)])[0]

    def put_many(self, items: list[tuple[str, dict[str, Any]]]) -> list[int]:
        """Store entries in one transaction; when this returns they survive a crash."""
        for kind, _ in items:
            if kind not in KINDS:
                raise ValueError(f"unknown outbox entry kind {kind!r}")
        with self._changed:
            ids, now = [], time.time()
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for kind, payload in items:
                    cursor = self._db.execute(
                        "INSERT INTO outbox (kind, payload, created_at) VALUES (?, ?, ?)",
                        (kind, json.dumps(payload), now),
                    )
                    ids.append(cursor.lastrowid)
                self._record_request()
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            for (kind, payload), entry_id in zip(items, ids, strict=True):
                copy = json.loads(json.dumps(payload))
                self._pending[entry_id] = Entry(entry_id, kind, copy, now)
            self._bump()
            return ids

    def _record_request(self) -> None:
        """Inside the entries' transaction: the Slack request they apply, if any, is applied."""
        request = current_request()
        if request:
            self._db.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                (_APPLIED + request, str(time.time())),
            )

    def applied(self, request: str) -> bool:
        """True when a write made for this Slack request is durable here."""
        if self._reader is None:
            return bool(self.get_meta(_APPLIED + request))
        with self._reader_lock:
            row = self._reader.execute(
                "SELECT 1 FROM meta WHERE key = ?", (_APPLIED + request,)
            ).fetchone()
        return row is not None

    def unread(self, read_from_version: int) -> list[Entry]:
        """What a read that started at `read_from_version` may not show: the entries that
        landed since, then those still pending. One lock, so no entry slips between the two."""
        with self._changed:
            landed = [e for v, e in self._landed if v > read_from_version]
            return landed + sorted(self._pending.values(), key=lambda e: e.id)

    def forget_landed(self, upto_version: int) -> None:
        """A read that started at `upto_version` shows everything that landed until then."""
        with self._changed:
            self._landed = [(v, e) for v, e in self._landed if v > upto_version]

    def pending(self) -> list[Entry]:
        with self._changed:
            return sorted(self._pending.values(), key=lambda e: e.id)

    def done(self, ids: list[int]) -> None:
        """The entries reached the sheet: forget them."""
        if not ids:
            return
        with self._changed:
            self._db.executemany("DELETE FROM outbox WHERE id = ?", [(i,) for i in ids])
            self._bump()
            for i in ids:
                entry = self._pending.pop(i, None)
                if entry is not None:
                    self._landed.append((self.version, entry))

    def failed(self, ids: list[int], error: str) -> None:
        """Google refused these for good (a 400): set aside for a person, never retried blindly."""
        with self._changed:
            self._db.executemany(
                "UPDATE outbox SET state = 'failed', error = ? WHERE id = ?",
                [(error[:2000], i) for i in ids],
            )
            for i in ids:
                self._pending.pop(i, None)
            self._bump()

    def failures(self) -> list[tuple[Entry, str]]:
        with self._changed:
            rows = self._db.execute(
                "SELECT id, kind, payload, error FROM outbox WHERE state = 'failed' ORDER BY id"
            ).fetchall()
        return [(Entry(r[0], r[1], json.loads(r[2])), r[3]) for r in rows]

    def get_meta(self, key: str, default: str = "") -> str:
        with self._changed:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        """Small facts that must survive a restart (e.g. the highest referral ID handed out)."""
        with self._changed:
            self._db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def meta_starting(self, prefix: str) -> dict[str, str]:
        with self._changed:
            rows = self._db.execute(
                "SELECT key, value FROM meta WHERE substr(key, 1, ?) = ?", (len(prefix), prefix)
            ).fetchall()
        return dict(rows)

    def delete_meta(self, key: str) -> None:
        with self._changed:
            self._db.execute("DELETE FROM meta WHERE key = ?", (key,))

    def wait_empty(self, timeout: float | None = None) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: not self._pending, timeout)

    def close(self) -> None:
        with self._changed:
            self._db.close()
        if self._reader is not None:
            with self._reader_lock:
                self._reader.close()

    def _bump(self) -> None:
        self.version += 1
        self._changed.notify_all()
