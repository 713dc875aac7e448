"""One answer at a time per referral.

Two answers on one referral (a typed "sent" and the button, two coordinators pressing Won, a
retried modal) each read the referral, decide and queue a write. Run side by side they decide from
the same state and both write: two Touch rows for one touch, two closes, two drafts. Held from the
read to the queued write, this lock makes the second see the first's write (the snapshot shows
writes still in the outbox), so it counts nothing twice and a repeat becomes a no-op.
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

    @contextmanager
    def hold(self, referral_id: str) -> Iterator[None]:
        key = referral_id.strip().upper()
        with self._guard:
            lock, users = self._locks.get(key, (threading.RLock(), 0))
            self._locks[key] = (lock, users + 1)
        try:
            with lock:
                yield
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
