"""Slack's rate limits, per method, as its API reference states them.

Web API methods belong to tiers allowing about 1, 20, 50 or 100 calls a minute per workspace
(Slack tolerates bursts above the figure, so each tier is a bucket that holds one minute's worth
and refills steadily). `chat.postMessage` is limited per channel instead: about one message a
second, with short bursts allowed. A call over the limit gets HTTP 429, `Retry-After` in seconds
and `{"ok": false, "error": "ratelimited"}`.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from sandbox.slack.api_error import ApiError

TIER_PER_MINUTE = {1: 1, 2: 20, 3: 50, 4: 100}
METHOD_TIERS = {
    "auth.test": 4,
    "apps.connections.open": 1,
    "chat.postEphemeral": 4,
    "chat.update": 3,
    "chat.getPermalink": 4,
    "conversations.open": 3,
    "conversations.join": 3,
    "conversations.list": 2,
    "conversations.history": 3,
    "conversations.replies": 3,
    "users.info": 4,
    "views.open": 4,
    "views.publish": 4,
    "files.getUploadURLExternal": 4,
    "files.completeUploadExternal": 4,
}
TIER_BURST = 5
POST_PER_SECOND = 1.0
POST_BURST = 10
"""Messages a channel takes at once before the one-a-second pace applies."""


@dataclass
class _Bucket:
    capacity: float
    per_second: float
    level: float
    at: float

    def take(self, now: float) -> float:
        """0 when a call may go now, else the seconds until one may."""
        self.level = min(self.capacity, self.level + (now - self.at) * self.per_second)
        self.at = now
        if self.level >= 1:
            self.level -= 1
            return 0.0
        return (1 - self.level) / self.per_second


class RateLimits:
    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.enabled = True
        self._buckets: dict[tuple[str, str], _Bucket] = {}
        self._lock = threading.Lock()

    def check(self, method: str, channel: str = "") -> None:
        """Raise Slack's 429 when this call is over its method's (or channel's) limit."""
        if not self.enabled:
            return
        if method == "chat.postMessage":
            key, capacity, rate = (method, channel), POST_BURST, POST_PER_SECOND
        elif method in METHOD_TIERS:
            per_minute = TIER_PER_MINUTE[METHOD_TIERS[method]]
            # "A small amount of burst behavior is tolerated", even on Tier 1.
            key, capacity, rate = (method, ""), max(per_minute, TIER_BURST), per_minute / 60
        else:
            return
        now = self.clock()
        with self._lock:
            bucket = self._buckets.setdefault(key, _Bucket(capacity, rate, capacity, now))
            wait = bucket.take(now)
        if wait:
            retry_after = str(max(1, math.ceil(wait)))
            raise ApiError("ratelimited", status=429, headers={"Retry-After": retry_after})
