"""One answer at a time per referral.

Two answers on one referral (a typed "sent" and the button, two coordinators pressing Won, a
retried modal) each read the referral, decide and queue a write. Run side by side they decide from
the same state and both write: two Touch rows for one touch, two closes, two drafts. Held from the
read to the queued write, this lock makes the second see the first's write (the snapshot shows
writes still in the outbox), so it counts nothing twice and a repeat becomes a no-op.

The sweep takes the same lock for each referral it acts on. It decides from the read it made at
its start; a referral an answer changed since then is looked up again (`changed_since`), so a
sweep never nudges a step just marked done, nor writes back cells an answer has just replaced.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")


class ReferralLocks:
    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, tuple[threading.RLock, int]] = {}
        """Referral ID -> (its lock, how many hold or wait for it): gone when nobody does."""
        self._held = 0
        self._last_held: dict[str, int] = {}
        """Referral ID -> the count of holds when it was last released (one int per referral
        ever acted on: small beside the log itself)."""

    def mark(self) -> int:
        """Now, as `changed_since` counts."""
        with self._guard:
            return self._held

    def changed_since(self, referral_id: str, mark: int) -> bool:
        """Whether something held this referral's lock (and may have written) after `mark`."""
        with self._guard:
            return self._last_held.get(referral_id.strip().upper(), -1) >= mark

    @contextmanager
    def hold(self, referral_id: str) -> Iterator[None]:
        key = referral_id.strip().upper()
        with self._guard:
            lock, users = self._locks.get(key, (threading.RLock(), 0))
            self._locks[key] = (lock, users + 1)
        try:
            with lock:
                try:
                    yield
                finally:  # before the lock is let go: whoever takes it next sees the change
                    with self._guard:
                        self._last_held[key] = self._held
                        self._held += 1
        finally:
            with self._guard:
                lock, users = self._locks[key]
                if users == 1:
                    del self._locks[key]
                else:
                    self._locks[key] = (lock, users - 1)

    def waiting(self) -> int:
        """Referrals someone holds or waits for (tests check nothing is left behind)."""
        with self._guard:
            return len(self._locks)


def one_at_a_time(method: Callable[..., T]) -> Callable[..., T]:
    """For a ReferralDesk method whose first argument is the referral ID it acts on."""

    @functools.wraps(method)
    def serialised(self: Any, referral_id: str, *args: Any, **kwargs: Any) -> T:
        with self.locks.hold(referral_id):
            return method(self, referral_id, *args, **kwargs)

    return serialised
