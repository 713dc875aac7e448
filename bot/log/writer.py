"""The one thread that drains the outbox into the sheet.

Everything pending goes out together, so a burst of captures becomes a handful of API calls; a token
bucket keeps the writer well under Google's 60 requests per minute per user. When a delivery fails
after its retries, the entries stay in the outbox and the writer tries again later, backing off.
Some entries may wait for a ride (`select`, bot/log/riding.py); `flush` sends everything now.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from bot.log.outbox import Entry, Outbox

log = logging.getLogger(__name__)

Select = Callable[[list[Entry], float], tuple[list[Entry], float | None]]
"""(pending entries, wall-clock now) -> (those to send now, seconds until the rest fall due)."""


def send_all(entries: list[Entry], now: float) -> tuple[list[Entry], float | None]:
    return entries, None


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
        select: Select = send_all,
        wall_clock: Callable[[], float] = time.time,
    ):
        self.outbox = outbox
        self._deliver = deliver
        self._select, self._wall_clock = select, wall_clock
        self._flushing = 0
        """Flushes waiting now: while any does, what waits for a ride is sent too."""
        self._pacer = pacer or Pacer()
        self._linger = linger
        self._retry_base, self._retry_cap = retry_later
        self._wake = threading.Event()
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None
        self.failures = 0
        """Deliveries that failed in a row; 0 when the last one succeeded."""
        self._holds = 0
        self._lock = threading.Lock()

    def hold(self) -> None:
        """Keep queued entries back until `release` (they are already durable in the outbox)."""
        with self._lock:
            self._holds += 1

    def release(self) -> None:
        with self._lock:
            self._holds -= 1
        self.kick()

    @property
    def held(self) -> bool:
        with self._lock:
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
        """Send everything queued, rides not awaited; True once the outbox is empty."""
        with self._lock:
            self._flushing += 1
        try:
            self.kick()
            return self.outbox.wait_empty(timeout)
        finally:
            with self._lock:
                self._flushing -= 1

    def stop(self, timeout: float = 5.0) -> None:
        self._stopped.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _due(self) -> tuple[list[Entry], float | None]:
        """What to send now, and when to look again if that is nothing (None: when kicked)."""
        entries = [] if self.held else self.outbox.pending()
        with self._lock:
            flushing = self._flushing > 0
        if not entries or flushing:
            return entries, None
        return self._select(entries, self._wall_clock())

    def _run(self) -> None:
        while not self._stopped.is_set():
            self._wake.clear()
            due, later = self._due()
            if not due:
                self._wake.wait(later)
                continue
            # A short pause lets a burst of captures arrive and leave as one call.
            self._stopped.wait(self._linger)
            self._pacer.acquire()
            due, _ = self._due()
            if not due or self._stopped.is_set():
                continue
            try:
                self._deliver(due)
                self.failures = 0
            except Exception:
                self.failures += 1
                delay = min(self._retry_cap, self._retry_base * 2 ** (self.failures - 1))
                log.exception(
                    "Could not write %s queued change(s) to the sheet; trying again in %.0f s",
                    len(due),
                    delay,
                )
                self._wake.wait(delay)
