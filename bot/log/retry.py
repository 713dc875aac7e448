"""Bounded retries for Sheets calls: exponential backoff with full jitter, Retry-After honoured.

Retried: 429, 500, 502, 503, 504, timeouts and dropped connections. Never retried: 400, 403, 404 and
anything else the caller got wrong. When every try fails, SheetUnavailableError says so; callers
that hold a write keep it in the outbox.
"""

from __future__ import annotations

import logging
import random as _random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import requests
from gspread.exceptions import APIError

from bot.errors import SheetUnavailableError
from bot.log import messages

log = logging.getLogger(__name__)
T = TypeVar("T")

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Failure:
    """What a failed call tells us: may we try again, and might it have been applied anyway?"""

    status: int | None
    retryable: bool
    ambiguous: bool
    """True when the request may have reached the sheet (timeout, 5xx); 429 is never applied."""
    retry_after: float | None = None


def status_of(exc: BaseException) -> int | None:
    if isinstance(exc, APIError):
        return exc.response.status_code
    if isinstance(exc, SheetUnavailableError):
        return exc.last_status
    return None


def classify(exc: BaseException) -> Failure:
    if isinstance(exc, APIError):
        status = exc.response.status_code
        return Failure(
            status,
            retryable=status in RETRY_STATUSES,
            ambiguous=status >= 500,
            retry_after=_retry_after(exc.response),
        )
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return Failure(None, retryable=True, ambiguous=False)
    if isinstance(exc, requests.exceptions.Timeout | requests.exceptions.ConnectionError):
        return Failure(None, retryable=True, ambiguous=True)
    return Failure(status_of(exc), retryable=False, ambiguous=False)


def _retry_after(response: requests.Response) -> float | None:
    text = response.headers.get("Retry-After", "") if response is not None else ""
    try:
        return max(0.0, float(text)) if text.strip() else None
    except ValueError:
        return None  # an HTTP date: rare from Google, and backoff covers it


@dataclass
class RetryPolicy:
    """`call(fn)` runs fn up to `max_attempts` times. `sleep` and `random` are injectable so tests
    never wait."""

    max_attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 32.0
    sleep: Callable[[float], None] = time.sleep
    random: Callable[[], float] = field(default=_random.random)

    @classmethod
    def from_settings(cls, settings, **overrides) -> RetryPolicy:
        return cls(max_attempts=max(1, int(settings.sheets_max_attempts)), **overrides)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Full jitter: uniform in [0, min(max, base * 2^(attempt-1))]; Retry-After wins."""
        if retry_after is not None:
            return min(retry_after, self.max_delay)
        return self.random() * min(self.max_delay, self.base_delay * 2 ** (attempt - 1))

    def call(
        self,
        fn: Callable[[], T],
        what: str = "the request",
        on_failure: Callable[[Failure], None] | None = None,
    ) -> T:
        """Run fn; on a retryable failure call `on_failure` (e.g. to remember that a write may
        have landed), wait, and try again."""
        failure = Failure(None, retryable=False, ambiguous=False)
        for attempt in range(1, self.max_attempts + 1):
            try:
                return fn()
            except Exception as exc:
                failure = classify(exc)
                if not failure.retryable:
                    raise
                if on_failure:
                    on_failure(failure)
                log.warning("Sheets %s failed (try %s): %s", what, attempt, _short(exc))
                if attempt == self.max_attempts:
                    raise SheetUnavailableError(
                        messages.unavailable(what, attempt, failure.status),
                        attempts=attempt,
                        last_status=failure.status,
                    ) from exc
                self.sleep(self.delay(attempt, failure.retry_after))
        raise AssertionError("unreachable")


def api_message(exc: APIError) -> str:
    """Google's error message, for telling one 400 from another."""
    error = exc.error if isinstance(getattr(exc, "error", None), dict) else {}
    return str(error.get("message", "")) or str(exc)


def _short(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc)[:200]}"
