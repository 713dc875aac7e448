"""What every listener reads from a Slack payload (who, where, which referral) and the firm's
time, which register_listeners puts into Bolt's context (as `clock`) so callbacks receive it as an
argument."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.services.types import Actor
from bot.slack import ids


@dataclass(frozen=True)
class FirmTime:
    """Now, in the firm's time zone: the bot's one source of "now" (`bot.clock.Clock.now`, which
    the local workspace moves forward) read in `tz`. Without a source, the system clock (tests
    travel with time-machine)."""

    tz: str = "UTC"
    source: Callable[[], datetime] | None = None

    def now(self) -> datetime:
        moment = self.source() if self.source else datetime.now(UTC)
        return moment.astimezone(ZoneInfo(self.tz))


def actor_of(body: dict[str, Any]) -> Actor:
    """The person behind a slash command, an interaction or an event."""
    if "user_id" in body:  # slash command
        return Actor(body["user_id"], body.get("user_name", ""))
    user = body.get("user") or (body.get("event") or {}).get("user") or {}
    if isinstance(user, str):
        return Actor(user)
    return Actor(user.get("id", ""), user.get("username") or user.get("name") or "")


def channel_of(body: dict[str, Any]) -> str:
    """The conversation a payload came from, blank for App Home and modals."""
    if "channel_id" in body:
        return body["channel_id"]
    channel = body.get("channel") or (body.get("event") or {}).get("channel") or ""
    if isinstance(channel, dict):
        return channel.get("id", "")
    container = body.get("container") or {}
    return channel or container.get("channel_id", "")


def referral_id_of(action: dict[str, Any]) -> str:
    """The referral an element belongs to: its value ("R-0012" or "R-0012|draft") or its block ID."""
    from_value = ids.referral_id_in((action.get("value") or "").split("|", 1)[0])
    return from_value or ids.parse_block_id(action.get("block_id", ""))[1]


def describe(body: dict[str, Any]) -> str:
    """A short, personal-data-free name for a request, for logs: `block_actions:close_won`."""
    kind = body.get("type") or ("slash_command" if "command" in body else "")
    if kind == "block_actions":
        names = [a.get("action_id", "") for a in body.get("actions") or []]
        return f"{kind}:{','.join(names)}"
    if kind in ("view_submission", "view_closed"):
        return f"{kind}:{(body.get('view') or {}).get('callback_id', '')}"
    if kind in ("shortcut", "message_action"):
        return f"{kind}:{body.get('callback_id', '')}"
    if kind == "event_callback":
        return f"event:{(body.get('event') or {}).get('type', '')}"
    if "command" in body:
        return f"command:{body['command']}"
    return kind or "request"
