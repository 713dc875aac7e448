"""What a post to a response_url does: an ephemeral reply, a channel message, or an edit of the
message the interaction came from (replace_original / delete_original)."""

from __future__ import annotations

import json
from typing import Any

from sandbox.slack.api_error import ApiError
from sandbox.slack.args import Args
from sandbox.slack.context import Context
from sandbox.slack.interactivity import Hook
from sandbox.slack.messages import bot_message, message_content, stamp_ids
from sandbox.slack.methods_chat import record_ephemeral


def deliver(ctx: Context, hook: Hook, body: bytes) -> None:
    payload = _payload(body)
    if _flag(payload.get("delete_original")):
        _delete_original(ctx, hook)
    else:
        _post(ctx, hook, payload)
    hook.uses += 1


def _payload(body: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ApiError("invalid_payload", status=400) from None
    if not isinstance(payload, dict):
        raise ApiError("invalid_payload", status=400)
    return payload


def _flag(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


def reply_to_interaction(
    ctx: Context, user_id: str, channel_id: str | None, payload: dict[str, Any], via: str
) -> None:
    """A reply Slack shows for an interaction: ephemeral unless response_type is in_channel."""
    content = _content(payload)
    ws = ctx.workspace
    if payload.get("response_type") == "in_channel" and channel_id:
        message = bot_message(ws.team, content, ws.next_ts())
        ws.messages.setdefault(channel_id, []).append(message)
    else:
        record_ephemeral(ctx, user_id, channel_id, content, ws.next_ts(), via)


def _content(payload: dict[str, Any]) -> dict[str, Any]:
    try:
        return message_content(Args(payload))
    except ApiError as error:
        raise ApiError(error.error, messages=error.messages, status=400) from None


def _post(ctx: Context, hook: Hook, payload: dict[str, Any]) -> None:
    if _flag(payload.get("replace_original")) and hook.original:
        _replace_original(ctx, hook, _content(payload))
    else:
        reply_to_interaction(ctx, hook.user_id, hook.channel_id, payload, "response_url")


def _replace_original(ctx: Context, hook: Hook, content: dict[str, Any]) -> None:
    original = hook.original or {}
    target = _original_record(ctx, hook)
    if target is None:  # the original is gone: Slack shows the reply as a new ephemeral
        ts = ctx.workspace.next_ts()
        record_ephemeral(ctx, hook.user_id, hook.channel_id, content, ts, "response_url")
        return
    target["text"] = content["text"]
    target.pop("blocks", None)
    if "blocks" in content:
        target["blocks"] = stamp_ids(content["blocks"], seed=f"{original['ts']}/replaced")
    target["replaced_via"] = "response_url"


def _delete_original(ctx: Context, hook: Hook) -> None:
    target = _original_record(ctx, hook)
    if target is None:
        return
    ws = ctx.workspace
    if (hook.original or {}).get("is_ephemeral"):
        ws.ephemerals[hook.user_id].remove(target)
    else:
        ws.messages[hook.original["channel"]].remove(target)  # type: ignore[index]


def _original_record(ctx: Context, hook: Hook) -> dict[str, Any] | None:
    original = hook.original
    if not original:
        return None
    if original.get("is_ephemeral"):
        for entry in ctx.workspace.ephemerals.get(hook.user_id, []):
            if entry["ts"] == original["ts"]:
                return entry
        return None
    return ctx.workspace.find_message(original["channel"], original["ts"])
