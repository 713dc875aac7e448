"""Optional SQLite persistence: the whole model pickled into one row after every change."""

from __future__ import annotations

import pickle
import sqlite3
from pathlib import Path

from .model import Spreadsheet


class SqliteStore:
    def __init__(self, path: str | Path):
        self._conn = sqlite3.connect(str(path), check_same_thread=False)
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS model (id INTEGER PRIMARY KEY CHECK (id = 1), blob BLOB NOT NULL)"
        )
        self._conn.commit()

    def load(self) -> dict[str, Spreadsheet]:
        row = self._conn.execute("SELECT blob FROM model WHERE id = 1").fetchone()
        return pickle.loads(row[0]) if row else {}

    def save(self, spreadsheets: dict[str, Spreadsheet]) -> None:
        blob = pickle.dumps(spreadsheets, protocol=pickle.HIGHEST_PROTOCOL)
        self._conn.execute("INSERT OR REPLACE INTO model (id, blob) VALUES (1, ?)", (blob,))
        self._conn.commit()

    def close(self) -> None:
        self._conn.close()
