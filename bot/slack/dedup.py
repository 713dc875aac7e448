"""Each Slack request applied once: Slack re-sends an event whose ack was slow (same `event_id`,
with `X-Slack-Retry-Num`), a client can replay a button payload, a modal can be submitted twice.
A global middleware claims each request's identity in a durable store before any listener runs;
a second arrival of the same identity is acknowledged and does nothing.

A claim is completed when its listener returns. One claimed by an earlier run of the bot that was
never completed (the process died between the claim and the work) may be claimed again, so a
retry after a crash is applied, not lost; a completed one never is, and neither is one whose
writes reached the outbox before the crash (the outbox records the request with its first write,
in the same transaction: bot/log/applying.py)."""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse

log = logging.getLogger(__name__)

CLAIM = "referral_desk_claim"
STORE = "referral_desk_deliveries"
KEEP_SECONDS = 7 * 24 * 3600  # far beyond Slack's retries (minutes) and any sane replay
_PRUNE_EVERY = 500
_SCHEMA = """
CREATE TABLE IF NOT EXISTS deliveries (
    key TEXT PRIMARY KEY, boot TEXT NOT NULL, done INTEGER NOT NULL, at REAL NOT NULL
);
"""


class Deliveries:
    """The durable store of request identities seen (SQLite, like the outbox)."""

    def __init__(self, path: str | Path = ":memory:", now: Callable[[], float] = time.time):
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        # A claim sits between Slack's request and its ack: no fsync there (a shared disk made it
        # the slowest part of a button's ack). In WAL mode a commit survives the bot being
        # killed; only the machine failing can lose the last claims, and then `claim` asks the
        # outbox (fsynced) whether the request's writes were made, so none is applied twice.
        if str(path) != ":memory:":
            self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._lock = threading.Lock()
        self._now = now
        self._claims = 0
        self.boot = uuid.uuid4().hex

    @classmethod
    def for_settings(cls, settings: Any) -> Deliveries:
        return cls(Path(settings.data_dir) / "deliveries.sqlite3")

    def claim(self, key: str, applied: Callable[[str], bool] = lambda key: False) -> bool:
        """True the first time `key` is seen, or when an earlier run claimed it (or its claim was
        lost with the machine) and died before `applied(key)` (its writes are durable) came true."""
        with self._lock:
            row = self._db.execute(
                "SELECT boot, done FROM deliveries WHERE key = ?", (key,)
            ).fetchone()
            if row is not None and (row[1] or row[0] == self.boot):
                return False
            if applied(key):
                self._db.execute(
                    "INSERT OR REPLACE INTO deliveries (key, boot, done, at) VALUES (?, ?, 1, ?)",
                    (key, self.boot, self._now()),
                )
                return False
            self._db.execute(
                "INSERT OR REPLACE INTO deliveries (key, boot, done, at) VALUES (?, ?, 0, ?)",
                (key, self.boot, self._now()),
            )
            self._claims += 1
            if self._claims % _PRUNE_EVERY == 0:
                self._db.execute(
                    "DELETE FROM deliveries WHERE at < ?", (self._now() - KEEP_SECONDS,)
                )
            return True

    def complete(self, key: str) -> None:
        with self._lock:
            self._db.execute("UPDATE deliveries SET done = 1 WHERE key = ?", (key,))

    def close(self) -> None:
        with self._lock:
            self._db.close()


def identity(body: dict[str, Any]) -> str:
    """What makes a request the same request when it arrives again; "" when nothing does."""
    kind = body.get("type")
    if kind == "event_callback" and body.get("event_id"):
        return f"event:{body['event_id']}"
    if kind == "block_actions":
        actions = body.get("actions") or [{}]
        action = actions[0] if isinstance(actions[0], dict) else {}
        user = (body.get("user") or {}).get("id", "")
        if action.get("action_ts"):
            return f"action:{user}:{action.get('action_id', '')}:{action['action_ts']}"
    if kind == "view_submission":
        view = body.get("view") or {}
        state = repr((view.get("state") or {}).get("values"))
        digest = hashlib.sha256(state.encode()).hexdigest()[:16]
        return f"view:{view.get('id', '')}:{view.get('hash', '')}:{digest}"
    if "command" in body and body.get("trigger_id"):
        return f"command:{body['trigger_id']}"
    if kind in ("shortcut", "message_action") and body.get("trigger_id"):
        return f"shortcut:{body['trigger_id']}"
    return ""


def once(
    deliveries: Deliveries, applied: Callable[[str], bool]
) -> Callable[..., BoltResponse | None]:
    def apply_once(
        body: dict[str, Any], context: BoltContext, next: Callable[[], None]
    ) -> BoltResponse | None:
        key = identity(body)
        if key and not deliveries.claim(key, applied):
            log.info("Already handled %s; acknowledged again, nothing done", key.split(":")[0])
            return BoltResponse(status=200, body="")
        if key:
            context[CLAIM], context[STORE] = key, deliveries
        next()
        return None

    return apply_once


def request_of(context: BoltContext | None) -> str:
    """The identity the middleware claimed for this request ("" when it has none)."""
    return (context.get(CLAIM) or "") if context is not None else ""


def completed(context: BoltContext | None) -> None:
    """Called when a listener returns (done or reported): its request is not to be redone."""
    if context is not None and context.get(CLAIM):
        context[STORE].complete(context[CLAIM])


def register(
    app: App, deliveries: Deliveries, applied: Callable[[str], bool] = lambda key: False
) -> None:
    """`applied(key)`: whether the request's writes are durable (the log's outbox knows)."""
    app.use(once(deliveries, applied))
