"""Where each referral is shown in Slack: the DMs and review-channel messages the bot posted about
it, and the App Homes that list it. Kept so a change made elsewhere redraws each of them in place
(chat.update, views.publish) and no button acts on stale state.

SQLite in DATA_DIR, like the deliveries store, so a restart keeps the record; in memory for tests.
A place is (referral, kind, channel, ts): kind is "dm" (a DM about the referral), "card" (its
conflict card in the review channel), "review" (any other review-channel message) or "home"
(channel is then the user whose App Home lists it, ts is blank)."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DM, CARD, REVIEW, HOME = "dm", "card", "review", "home"
KEEP_SECONDS = 400 * 24 * 3600
"""A referral stays open for months; its messages are remembered beyond a year's review."""
_SCHEMA = """
CREATE TABLE IF NOT EXISTS shown (
    referral_id TEXT NOT NULL, kind TEXT NOT NULL, channel TEXT NOT NULL, ts TEXT NOT NULL,
    user_id TEXT NOT NULL, at REAL NOT NULL, PRIMARY KEY (referral_id, channel, ts)
);
CREATE INDEX IF NOT EXISTS shown_home ON shown (kind, channel);
"""


@dataclass(frozen=True)
class Place:
    referral_id: str
    kind: str
    channel: str
    ts: str = ""
    user_id: str = ""
    """Whose DM or App Home it is; blank in the review channel."""


class Shown:
    def __init__(self, path: str | Path = ":memory:"):
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.executescript(_SCHEMA)
        self._lock = threading.Lock()

    @classmethod
    def for_settings(cls, settings: Any) -> Shown:
        return cls(Path(settings.data_dir) / "shown.sqlite3")

    def add(self, referral_id: str, kind: str, where: str, user_id: str = "") -> None:
        """Remember a message posted about `referral_id`; `where` is "channel:ts" as the
        notifier returns it (blank when Slack refused it: nothing to remember)."""
        channel, _, ts = where.partition(":")
        if not (referral_id and channel and ts):
            return
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO shown VALUES (?, ?, ?, ?, ?, ?)",
                (referral_id, kind, channel, ts, user_id, time.time()),
            )

    def home_lists(self, user_id: str, referral_ids: Iterable[str]) -> None:
        """`user_id`'s App Home was just published listing these referrals (and no others)."""
        now = time.time()
        rows = [(rid, HOME, user_id, "", user_id, now) for rid in set(referral_ids) if rid]
        with self._lock:
            self._db.execute("DELETE FROM shown WHERE kind = ? AND channel = ?", (HOME, user_id))
            self._db.executemany("INSERT OR REPLACE INTO shown VALUES (?, ?, ?, ?, ?, ?)", rows)

    def places(self, referral_id: str, kind: str = "") -> list[Place]:
        """Where `referral_id` is shown, oldest first; only of `kind` when given."""
        query = "SELECT referral_id, kind, channel, ts, user_id FROM shown WHERE referral_id = ?"
        args: tuple = (referral_id,)
        if kind:
            query, args = query + " AND kind = ?", (referral_id, kind)
        with self._lock:
            self._prune()
            found = self._db.execute(query + " ORDER BY at, ts", args).fetchall()
        return [Place(*row) for row in found]

    def forget(self, place: Place) -> None:
        """A message that is gone (deleted, or erased with the lead)."""
        with self._lock:
            self._db.execute(
                "DELETE FROM shown WHERE referral_id = ? AND channel = ? AND ts = ?",
                (place.referral_id, place.channel, place.ts),
            )

    def _prune(self) -> None:
        self._db.execute("DELETE FROM shown WHERE at < ?", (time.time() - KEEP_SECONDS,))
