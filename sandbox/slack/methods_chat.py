"""chat.postMessage, chat.postEphemeral, chat.update and chat.getPermalink."""

from __future__ import annotations

import copy
from typing import Any

from sandbox.slack.api_error import ApiError
from sandbox.slack.args import Args
from sandbox.slack.context import Context
from sandbox.slack.messages import bot_message, message_content, message_metadata, stamp_ids


def post_message(ctx: Context, args: Args) -> dict[str, Any]:
    channel = postable_channel(ctx, args.text("channel"))
    content = message_content(args)
    metadata = message_metadata(args)
    ws = ctx.workspace
    message = bot_message(ws.team, content, ws.next_ts())
    thread_ts = args.text("thread_ts")
    if thread_ts:
        message["thread_ts"] = thread_ts
    if metadata:
        message["metadata"] = metadata
    ws.messages.setdefault(channel["id"], []).append(message)
    return {"channel": channel["id"], "ts": message["ts"], "message": copy.deepcopy(message)}


def post_ephemeral(ctx: Context, args: Args) -> dict[str, Any]:
    channel = postable_channel(ctx, args.text("channel"))
    user_id = args.text("user")
    if not user_id or user_id not in ctx.workspace.users:
        raise ApiError("user_not_found")
    if user_id not in channel["members"]:
        raise ApiError("user_not_in_channel")
    content = message_content(args)
    ts = ctx.workspace.next_ts()
    record_ephemeral(ctx, user_id, channel["id"], content, ts, via="chat.postEphemeral")
    return {"message_ts": ts}


def update(ctx: Context, args: Args) -> dict[str, Any]:
    channel = ctx.workspace.channels.get(args.text("channel") or "")
    if channel is None:
        raise ApiError("channel_not_found")
    message = ctx.workspace.find_message(channel["id"], args.text("ts") or "")
    if message is None:
        raise ApiError("message_not_found")
    if message.get("bot_id") != ctx.workspace.team.bot_id:
        raise ApiError("cant_update_message")
    content = message_content(args)
    metadata = message_metadata(args)
    message["text"] = content["text"] if args.text("text") is not None else message["text"]
    if metadata is not None:
        # An update without metadata keeps the old one; an empty object removes it.
        message.pop("metadata", None)
        if metadata:
            message["metadata"] = metadata
    if "blocks" in content:
        # Slack keeps the previous blocks when the update does not carry any.
        message["blocks"] = stamp_ids(content["blocks"], seed=f"{message['ts']}/edit")
    message["edited"] = {"user": ctx.workspace.team.bot_user_id, "ts": ctx.workspace.next_ts()}
    return {
        "channel": channel["id"],
        "ts": message["ts"],
        "text": message["text"],
        "message": copy.deepcopy(message),
    }


def get_permalink(ctx: Context, args: Args) -> dict[str, Any]:
    channel_id = args.text("channel") or ""
    if channel_id not in ctx.workspace.channels:
        raise ApiError("channel_not_found")
    message = ctx.workspace.find_message(channel_id, args.text("message_ts") or "")
    if message is None:
        raise ApiError("message_not_found")
    link = f"{ctx.team_url}archives/{channel_id}/p{message['ts'].replace('.', '')}"
    thread_ts = message.get("thread_ts")
    if thread_ts and thread_ts != message["ts"]:
        link += f"?thread_ts={thread_ts}&cid={channel_id}"
    return {"channel": channel_id, "permalink": link}


def postable_channel(ctx: Context, ref: str | None) -> dict[str, Any]:
    """The conversation a bot post goes to, refused as Slack refuses it."""
    channel = ctx.workspace.resolve_channel(ref) if ref else None
    if channel is None:
        raise ApiError("channel_not_found")
    in_it = ctx.workspace.team.bot_user_id in channel["members"]
    if channel.get("is_private") and not in_it:
        raise ApiError("channel_not_found")  # a private channel the bot is not in is invisible
    if channel.get("is_archived"):
        raise ApiError("is_archived")
    if not in_it:
        raise ApiError("not_in_channel")
    return channel


def record_ephemeral(
    ctx: Context, user_id: str, channel_id: str | None, content: dict, ts: str, via: str
) -> dict[str, Any]:
    entry = {"channel": channel_id, "user": user_id, "ts": ts, "via": via, **content}
    if "blocks" in entry:
        entry["blocks"] = stamp_ids(entry["blocks"], seed=ts)
    ctx.workspace.ephemerals.setdefault(user_id, []).append(entry)
    return entry
