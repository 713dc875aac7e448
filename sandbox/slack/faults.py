"""Faults a test can inject into the stand-in: latency, rate limits, arbitrary API errors."""

from __future__ import annotations

import threading
from collections import deque

from sandbox.slack.api_error import ApiError

ANY_METHOD = "*"


class Faults:
    """Queued failures per Web API method; `"*"` matches every method."""

    def __init__(self) -> None:
        self.latency = 0.0  # seconds added before every Web API and response_url answer
        self._queued: dict[str, deque[ApiError]] = {}
        self._lock = threading.Lock()

    def rate_limit_next(self, method: str, count: int = 1, retry_after: int = 1) -> None:
        """The next `count` calls get HTTP 429, `Retry-After` and `{"error": "ratelimited"}`."""
        headers = {"Retry-After": str(retry_after)}
        self._queue(method, count, ApiError("ratelimited", status=429, headers=headers))

    def error_next(
        self, method: str, error: str = "internal_error", count: int = 1, status: int = 200
    ) -> None:
        """The next `count` calls fail with `error` (Slack sends most errors with HTTP 200)."""
        self._queue(method, count, ApiError(error, status=status))

    def clear(self) -> None:
        with self._lock:
            self._queued.clear()

    def take(self, method: str) -> ApiError | None:
        with self._lock:
            for key in (method, ANY_METHOD):
                queue = self._queued.get(key)
                if queue:
                    return queue.popleft()
        return None

    def _queue(self, method: str, count: int, error: ApiError) -> None:
        with self._lock:
            self._queued.setdefault(method, deque()).extend([error] * count)
