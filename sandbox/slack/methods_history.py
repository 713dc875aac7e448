"""conversations.history and conversations.replies: reading messages back, as Slack lists them.

History lists a conversation's top-level messages (thread parents included, replies not), newest
first; replies lists one thread, its parent first and then the replies oldest first. Both leave
message metadata out unless `include_all_metadata` is set.
"""

from __future__ import annotations

import base64
import binascii
import copy
from decimal import Decimal, InvalidOperation
from typing import Any

from sandbox.slack.api_error import ApiError
from sandbox.slack.args import Args
from sandbox.slack.context import Context

HISTORY_LIMIT, HISTORY_MAX = 100, 999
REPLIES_LIMIT, REPLIES_MAX = 1000, 1000
_CURSOR_PREFIX = "next_ts:"  # Slack's cursors for these methods are base64 of this and a ts


def conversations_history(ctx: Context, args: Args) -> dict[str, Any]:
    channel_id = _readable_channel(ctx, args)
    messages = ctx.workspace.messages.get(channel_id, [])
    top_level = [m for m in messages if not _is_reply(m)]
    newest_first = sorted(_in_range(top_level, args), key=_ts_key, reverse=True)
    start = _cursor_ts(args)
    if start is not None:
        newest_first = [m for m in newest_first if _ts_key(m) <= start]
    page, following = _page(newest_first, args, HISTORY_LIMIT, HISTORY_MAX)
    shown = [_shown(m, messages, args) for m in page]
    body: dict[str, Any] = {"messages": shown, "has_more": following is not None, "pin_count": 0}
    if following is not None:
        body["response_metadata"] = {"next_cursor": _cursor(following)}
    return body


def conversations_replies(ctx: Context, args: Args) -> dict[str, Any]:
    channel_id = _readable_channel(ctx, args)
    messages = ctx.workspace.messages.get(channel_id, [])
    ts = args.text("ts")
    if not ts:
        raise ApiError("invalid_arguments", messages=["[ERROR] missing required field: ts"])
    asked = next((m for m in messages if m["ts"] == ts), None)
    if asked is None:
        raise ApiError("thread_not_found")
    # Any message of a thread names the whole thread; an unthreaded message is a thread of one.
    parent_ts = asked.get("thread_ts") or asked["ts"]
    thread = [m for m in messages if m["ts"] == parent_ts or m.get("thread_ts") == parent_ts]
    oldest_first = sorted(_in_range(thread, args), key=_ts_key)
    start = _cursor_ts(args)
    if start is not None:
        oldest_first = [m for m in oldest_first if _ts_key(m) >= start]
    page, following = _page(oldest_first, args, REPLIES_LIMIT, REPLIES_MAX)
    body: dict[str, Any] = {
        "messages": [_shown(m, messages, args) for m in page],
        "has_more": following is not None,
    }
    if following is not None:
        body["response_metadata"] = {"next_cursor": _cursor(following)}
    return body


def _readable_channel(ctx: Context, args: Args) -> str:
    channel_id = args.text("channel")
    if not channel_id:
        raise ApiError("invalid_arguments", messages=["[ERROR] missing required field: channel"])
    channel = ctx.workspace.channels.get(channel_id)
    if channel is None:
        raise ApiError("channel_not_found")
    if ctx.workspace.team.bot_user_id not in channel["members"]:
        raise ApiError("not_in_channel")
    return channel_id


def _is_reply(message: dict[str, Any]) -> bool:
    thread_ts = message.get("thread_ts")
    return bool(thread_ts) and thread_ts != message["ts"]


def _in_range(messages: list[dict[str, Any]], args: Args) -> list[dict[str, Any]]:
    """Messages between `oldest` and `latest`, the bounds themselves only when `inclusive`."""
    latest, oldest = _ts_arg(args, "latest"), _ts_arg(args, "oldest")
    inclusive = args.flag("inclusive")
    kept = []
    for message in messages:
        ts = _ts_key(message)
        if latest is not None and (ts > latest or (ts == latest and not inclusive)):
            continue
        if oldest is not None and (ts < oldest or (ts == oldest and not inclusive)):
            continue
        kept.append(message)
    return kept


def _page(
    ordered: list[dict[str, Any]], args: Args, default: int, most: int
) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """One page of `ordered` and the first message of the next page, if there is one."""
    limit = args.integer("limit", default) or default  # Slack reads 0 as "the default"
    if limit < 0:
        raise ApiError("invalid_limit")
    limit = min(limit, most)
    following = ordered[limit] if len(ordered) > limit else None
    return ordered[:limit], following


def _shown(
    message: dict[str, Any], channel_messages: list[dict[str, Any]], args: Args
) -> dict[str, Any]:
    """A stored message as these methods return it: thread details added, metadata on request."""
    shown = copy.deepcopy(message)
    if not args.flag("include_all_metadata"):
        shown.pop("metadata", None)
    if _is_reply(message):
        parent = next((m for m in channel_messages if m["ts"] == message["thread_ts"]), None)
        if parent is not None and parent.get("user"):
            shown["parent_user_id"] = parent["user"]
        return shown
    replies = [m for m in channel_messages if _is_reply(m) and m["thread_ts"] == message["ts"]]
    if replies:
        repliers = list(dict.fromkeys(m["user"] for m in replies if m.get("user")))
        shown.update(
            thread_ts=message["ts"],
            reply_count=len(replies),
            reply_users=repliers,
            reply_users_count=len(repliers),
            latest_reply=max(replies, key=_ts_key)["ts"],
        )
    return shown


def _ts_key(message: dict[str, Any]) -> Decimal:
    return Decimal(message["ts"])


def _ts_arg(args: Args, name: str) -> Decimal | None:
    value = args.text(name)
    if value is None:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        raise ApiError(f"invalid_ts_{name}") from None


def _cursor(message: dict[str, Any]) -> str:
    return base64.b64encode(f"{_CURSOR_PREFIX}{message['ts']}".encode()).decode()


def _cursor_ts(args: Args) -> Decimal | None:
    cursor = args.text("cursor")
    if cursor is None:
        return None
    try:
        decoded = base64.b64decode(cursor, validate=True).decode()
        if not decoded.startswith(_CURSOR_PREFIX):
            raise ValueError(decoded)
        return Decimal(decoded.removeprefix(_CURSOR_PREFIX))
    except (binascii.Error, UnicodeDecodeError, ValueError, InvalidOperation):
        raise ApiError("invalid_cursor") from None
