"""Fault injection: latency, per-minute quota, scripted errors, hangs, outages, and
"applied but the client saw an error". Every knob can be changed at any time from any thread."""

from __future__ import annotations

import random
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from .errors import ApiError

QUOTA_METRIC = {"read": "Read requests", "write": "Write requests"}


def quota_error(kind: str, limit: int | None) -> ApiError:
    metric = QUOTA_METRIC[kind]
    message = (
        f"Quota exceeded for quota metric '{metric}' and limit '{metric} per minute per user' of "
        "service 'sheets.googleapis.com' for consumer 'project_number:0'."
    )
    details = [
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "RATE_LIMIT_EXCEEDED",
            "domain": "googleapis.com",
            "metadata": {
                "service": "sheets.googleapis.com",
                "consumer": "projects/0",
                "quota_metric": f"sheets.googleapis.com/{kind}_requests",
                "quota_limit": f"{kind.capitalize()}RequestsPerMinutePerUser",
                "quota_limit_value": str(limit if limit is not None else 0),
                "quota_location": "global",
            },
        }
    ]
    return ApiError(429, message, details)


def status_error(status: int, kind: str) -> ApiError:
    if status == 429:
        return quota_error(kind, None)
    return ApiError(status)


@dataclass
class Decision:
    """What the faults say about one request."""

    error: ApiError | None = None
    hang: float = 0.0
    hang_after_apply: bool = False
    fail_after_apply: bool = False


class Faults:
    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._lock = threading.Lock()
        self.clock = clock
        self.latency = 0.0
        self.quota_per_minute: int | None = None
        self.error_rate = 0.0
        self._seed: int | None = None
        self._random = random.Random()
        self._fail: deque[int] = deque()
        self._hangs: deque[tuple[float, bool]] = deque()
        self._apply_then_fail = 0
        self._outage_until: float | None = None
        self._windows: dict[str, deque[float]] = {"read": deque(), "write": deque()}

    @property
    def seed(self) -> int | None:
        return self._seed

    @seed.setter
    def seed(self, value: int | None) -> None:
        with self._lock:
            self._seed = value
            self._random = random.Random(value)

    def fail_next(self, status: int = 500, count: int = 1) -> None:
        """The next ``count`` requests answer ``status`` with Google's error body, unapplied."""
        with self._lock:
            self._fail.extend([status] * count)

    def hang_next(self, seconds: float = 5.0, count: int = 1, applied: bool = False) -> None:
        """The next ``count`` requests wait ``seconds`` before answering.

        By default the wait comes first and the request is carried out afterwards (a slow server;
        a ``stop()`` during the wait drops it unapplied). With ``applied=True`` it is carried out
        at once and only the answer is late (the write landed, the client timed out).
        """
        with self._lock:
            self._hangs.extend([(seconds, applied)] * count)

    def outage(self, seconds: float = 30.0) -> None:
        """Every request answers 503 UNAVAILABLE until ``seconds`` have passed on ``clock``."""
        with self._lock:
            self._outage_until = self.clock() + seconds

    def apply_then_fail_next(self, count: int = 1) -> None:
        """The next ``count`` requests are applied, but the client is told 500 INTERNAL."""
        with self._lock:
            self._apply_then_fail += count

    def clear(self) -> None:
        """Remove every fault and forget the quota window."""
        with self._lock:
            self.latency = 0.0
            self.quota_per_minute = None
            self.error_rate = 0.0
            self._fail.clear()
            self._hangs.clear()
            self._apply_then_fail = 0
            self._outage_until = None
            for window in self._windows.values():
                window.clear()

    def decide(self, kind: str) -> Decision:
        """Consume the faults that apply to one request of ``kind`` ("read" or "write")."""
        with self._lock:
            now = self.clock()
            if self._outage_until is not None:
                if now < self._outage_until:
                    return Decision(error=ApiError(503))
                self._outage_until = None
            if self._fail:
                return Decision(error=status_error(self._fail.popleft(), kind))
            if self.error_rate and self._random.random() < self.error_rate:
                return Decision(error=ApiError(self._random.choice([500, 503])))
            if self.quota_per_minute is not None:
                window = self._windows[kind]
                while window and window[0] <= now - 60:
                    window.popleft()
                if len(window) >= self.quota_per_minute:
                    return Decision(error=quota_error(kind, self.quota_per_minute))
                window.append(now)
            decision = Decision()
            if self._hangs:
                decision.hang, decision.hang_after_apply = self._hangs.popleft()
            if self._apply_then_fail:
                self._apply_then_fail -= 1
                decision.fail_after_apply = True
            return decision
