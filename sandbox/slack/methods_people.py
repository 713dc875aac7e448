"""auth.test, apps.connections.open, users.info, conversations.open, .join and .list."""

from __future__ import annotations

from typing import Any

from sandbox.slack.api_error import ApiError
from sandbox.slack.args import Args
from sandbox.slack.context import Context
from sandbox.slack.workspace import user_payload

_CHANNEL_FIELDS = ("id", "name", "is_channel", "is_group", "is_im", "is_private", "is_archived")


def auth_test(ctx: Context, args: Args) -> dict[str, Any]:
    team = ctx.workspace.team
    return {
        "url": ctx.team_url,
        "team": team.team_name,
        "user": team.bot_name,
        "team_id": team.team_id,
        "user_id": team.bot_user_id,
        "bot_id": team.bot_id,
        "is_enterprise_install": False,
    }


def apps_connections_open(ctx: Context, args: Args) -> dict[str, Any]:
    """A single-use WebSocket URL for Socket Mode (the token was checked as an app token)."""
    if ctx.open_connection is None:
        raise ApiError("internal_error")
    return {"url": ctx.open_connection()}


def users_info(ctx: Context, args: Args) -> dict[str, Any]:
    user = ctx.workspace.users.get(args.text("user") or "")
    if user is None:
        raise ApiError("user_not_found")
    return {"user": user_payload(user)}


def conversations_open(ctx: Context, args: Args) -> dict[str, Any]:
    ws = ctx.workspace
    channel_id, users = args.text("channel"), args.text("users")
    if channel_id:
        channel = ws.channels.get(channel_id)
        if channel is None or not channel["is_im"]:
            raise ApiError("channel_not_found")
        return _opened(channel, args, already_open=True)
    if not users:
        raise ApiError("users_list_not_supplied")
    user_ids = [u.strip() for u in users.split(",") if u.strip()]
    if len(user_ids) > 1:
        # Group DMs are outside the subset the bot uses; say so rather than fake one.
        raise ApiError("invalid_arguments", messages=["[ERROR] the stand-in opens 1:1 DMs only"])
    user = ws.users.get(user_ids[0])
    if user is None or user["deleted"]:
        raise ApiError("user_not_found")
    if user["is_bot"]:
        raise ApiError("cannot_dm_bot")
    existed = any(c["is_im"] and c.get("user") == user["id"] for c in ws.channels.values())
    return _opened(ws.open_dm(user["id"]), args, already_open=existed)


def _opened(channel: dict[str, Any], args: Args, already_open: bool) -> dict[str, Any]:
    body: dict[str, Any] = {"channel": {"id": channel["id"]}}
    if args.flag("return_im"):
        body["channel"] = {
            "id": channel["id"],
            "created": channel["created"],
            "is_im": True,
            "is_org_shared": False,
            "user": channel["user"],
            "is_open": True,
        }
    if already_open:
        body.update(no_op=True, already_open=True)
    return body


def conversations_list(ctx: Context, args: Args) -> dict[str, Any]:
    types = set((args.text("types") or "public_channel").split(","))
    bot = ctx.workspace.team.bot_user_id
    chosen = [c for c in ctx.workspace.channels.values() if _kind(c) in types and _visible(c, bot)]
    if args.flag("exclude_archived"):
        chosen = [c for c in chosen if not c["is_archived"]]
    limit = args.integer("limit", 100) or 0
    if not 1 <= limit <= 1000:
        raise ApiError("invalid_limit")
    start = args.integer("cursor", 0) or 0
    page = chosen[start : start + limit]
    following = start + limit if start + limit < len(chosen) else ""
    return {
        "channels": [_channel_summary(c, bot) for c in page],
        "response_metadata": {"next_cursor": str(following)},
    }


def conversations_join(ctx: Context, args: Args) -> dict[str, Any]:
    """The bot joins a public channel; a private one it is not in does not exist for it."""
    channel = ctx.workspace.channels.get(args.text("channel") or "")
    bot = ctx.workspace.team.bot_user_id
    if channel is None or channel["is_im"] or not _visible(channel, bot):
        raise ApiError("channel_not_found")
    if channel["is_archived"]:
        raise ApiError("is_archived")
    if channel["is_private"]:
        raise ApiError("method_not_supported_for_channel_type")
    already = bot in channel["members"]
    if not already:
        channel["members"].append(bot)
    body: dict[str, Any] = {"channel": _channel_summary(channel, bot)}
    if already:
        body["warning"] = "already_in_channel"
    return body


def _visible(channel: dict[str, Any], bot_user_id: str) -> bool:
    """A private channel is invisible to a bot that is not in it: Slack says channel_not_found."""
    return not channel["is_private"] or bot_user_id in channel["members"]


def _kind(channel: dict[str, Any]) -> str:
    if channel["is_im"]:
        return "im"
    return "private_channel" if channel["is_private"] else "public_channel"


def _channel_summary(channel: dict[str, Any], bot_user_id: str) -> dict[str, Any]:
    summary = {key: channel[key] for key in _CHANNEL_FIELDS if key in channel}
    summary["created"] = channel["created"]
    if channel["is_im"]:
        summary["user"] = channel["user"]
    else:
        summary["is_member"] = bot_user_id in channel["members"]
        summary["num_members"] = len(channel["members"])
    return summary
