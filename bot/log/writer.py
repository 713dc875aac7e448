"""The one thread that drains the outbox into the sheet.

Everything pending goes out together, so a burst of captures becomes a handful of API calls; a token
bucket keeps the writer well under Google's 60 requests per minute per user. When a delivery fails
after its retries, the entries stay in the outbox and the writer tries again later, backing off.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from bot.log.outbox import Entry, Outbox

log = logging.getLogger(__name__)


class Pacer:
    """Token bucket: `burst` calls at once, then `rate` calls per second on average."""

    def __init__(self, rate: float = 0.8, burst: int = 10, clock=time.monotonic, sleep=time.sleep):
        self.rate, self.burst = rate, burst
        self._clock, self._sleep = clock, sleep
        self._tokens = float(burst)
        self._at = clock()
        self._lock = threading.Lock()

    def acquire(self) -> None:
        with self._lock:
            now = self._clock()
            self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
            self._at = now
            if self._tokens < 1:
                wait = (1 - self._tokens) / self.rate
                self._sleep(wait)
                self._tokens, self._at = 1.0, self._clock()
            self._tokens -= 1


class Writer:
    def __init__(
        self,
        outbox: Outbox,
        deliver: Callable[[list[Entry]], None],
        pacer: Pacer | None = None,
        linger: float = 0.05,
        retry_later: tuple[float, float] = (1.0, 60.0),
    ):
        self.outbox = outbox
        self._deliver = deliver
        self._pacer = pacer or Pacer()
        self._linger = linger
        self._retry_base, self._retry_cap = retry_later
        self._wake = threading.Event()
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None
        self.failures = 0
        """Deliveries that failed in a row; 0 when the last one succeeded."""
        self._holds = 0
        self._holds_lock = threading.Lock()

    def hold(self) -> None:
        """Keep queued entries back until `release` (they are already durable in the outbox)."""
        with self._holds_lock:
            self._holds += 1

    def release(self) -> None:
        with self._holds_lock:
            self._holds -= 1
        self.kick()

    @property
    def held(self) -> bool:
        with self._holds_lock:
            return self._holds > 0

    def start(self) -> Writer:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._run, name="referral-log-writer", daemon=True
            )
            self._thread.start()
        return self

    def kick(self) -> None:
        """Something was queued, or someone is waiting: try now rather than after the backoff."""
        self._wake.set()

    def flush(self, timeout: float | None = None) -> bool:
        self.kick()
        return self.outbox.wait_empty(timeout)

    def stop(self, timeout: float = 5.0) -> None:
        self._stopped.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        while not self._stopped.is_set():
            self._wake.clear()
            if self.held or not self.outbox.pending():
                self._wake.wait()
                continue
            # A short pause lets a burst of captures arrive and leave as one call.
            self._stopped.wait(self._linger)
            self._pacer.acquire()
            entries = self.outbox.pending()
            if not entries or self._stopped.is_set() or self.held:
                continue
            try:
                self._deliver(entries)
                self.failures = 0
            except Exception:
                self.failures += 1
                delay = min(self._retry_cap, self._retry_base * 2 ** (self.failures - 1))
                log.exception(
                    "Could not write %s queued change(s) to the sheet; trying again in %.0f s",
                    len(entries),
                    delay,
                )
                self._wake.wait(delay)
