"""The short-lived handles Slack gives an app with each interaction: trigger_id and response_url.

A trigger_id opens one view within 3 seconds; a response_url takes at most 5 posts within
30 minutes. Both books read time from a clock function so tests can expire them without sleeping.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sandbox.slack.api_error import ApiError

TRIGGER_LIFETIME = 3.0
RESPONSE_URL_LIFETIME = 30 * 60.0
RESPONSE_URL_USES = 5
_TRIGGER_FORMAT = re.compile(r"^\d+\.\d+\.[0-9a-f]+$")


@dataclass
class Trigger:
    user_id: str
    created: float
    used: bool = False


class TriggerBook:
    def __init__(self, clock: Callable[[], float], team_number: int = 1):
        self._clock = clock
        self._team_number = team_number
        self._triggers: dict[str, Trigger] = {}
        self._count = 0

    def mint(self, user_id: str) -> str:
        self._count += 1
        trigger_id = f"{self._count}.{self._team_number}.{secrets.token_hex(16)}"
        self._triggers[trigger_id] = Trigger(user_id=user_id, created=self._clock())
        return trigger_id

    def exchange(self, trigger_id: str | None) -> str:
        """The user the trigger belongs to; a trigger opens one view, within 3 seconds."""
        if not trigger_id:
            raise ApiError(
                "invalid_arguments", messages=["[ERROR] missing required field: trigger_id"]
            )
        if not _TRIGGER_FORMAT.match(trigger_id):
            raise ApiError("invalid_trigger_id")
        trigger = self._triggers.get(trigger_id)
        if trigger is None:
            raise ApiError("expired_trigger_id")
        if trigger.used:
            raise ApiError("exchanged_trigger_id")
        if self._clock() - trigger.created > TRIGGER_LIFETIME:
            raise ApiError("expired_trigger_id")
        trigger.used = True
        return trigger.user_id


@dataclass
class Hook:
    """Where a response_url posts: the user who acted, the conversation, the source message."""

    user_id: str
    channel_id: str | None
    created: float
    original: dict[str, Any] | None = None
    uses: int = 0


class ResponseUrlBook:
    def __init__(self, clock: Callable[[], float]):
        self._clock = clock
        self._hooks: dict[str, Hook] = {}

    def mint(
        self, user_id: str, channel_id: str | None, original: dict[str, Any] | None = None
    ) -> str:
        token = secrets.token_urlsafe(18)
        self._hooks[token] = Hook(user_id, channel_id, self._clock(), original)
        return token

    def usable(self, token: str) -> Hook:
        """The hook behind a token, if it may post again; a post counts once it is accepted."""
        hook = self._hooks.get(token)
        if hook is None:
            raise ApiError("no_service", status=404)
        if self._clock() - hook.created > RESPONSE_URL_LIFETIME:
            raise ApiError("expired_url", status=404)
        if hook.uses >= RESPONSE_URL_USES:
            raise ApiError("used_url", status=404)
        return hook
