"""files.getUploadURLExternal, the upload URL itself, and files.completeUploadExternal.

This is the path slack_sdk's `files_upload_v2` takes: ask for an upload URL, POST the bytes to it,
then complete the upload, sharing the file into a channel.
"""

from __future__ import annotations

import copy
import mimetypes
import time
from typing import Any

from sandbox.slack.api_error import ApiError, invalid_arguments, missing_field
from sandbox.slack.args import Args
from sandbox.slack.context import Context
from sandbox.slack.messages import bot_message
from sandbox.slack.methods_chat import postable_channel


def get_upload_url(ctx: Context, args: Args) -> dict[str, Any]:
    filename = args.text("filename")
    if not filename:
        raise missing_field("filename")
    length = args.integer("length")
    if length is None:
        raise missing_field("length")
    if length <= 0:
        raise ApiError("missing_argument")
    alt_txt = args.text("alt_txt")
    if alt_txt and len(alt_txt) > 1000:
        raise ApiError("alt_txt_too_large")
    ws = ctx.workspace
    file_id = ws.mint_id("F")
    ws.files[file_id] = {
        "id": file_id,
        "name": filename,
        "title": filename,
        "size": length,
        "alt_txt": alt_txt,
        "user": ws.team.bot_user_id,
        "uploaded": False,
        "completed": False,
    }
    return {"upload_url": f"{ctx.root_url}upload/v1/{file_id}", "file_id": file_id}


def receive_upload(ctx: Context, file_id: str, data: bytes) -> str:
    """The upload URL: Slack answers 200 with a short text body."""
    record = ctx.workspace.files.get(file_id)
    if record is None or record["completed"]:
        raise ApiError("file_not_found", status=404)
    ctx.workspace.file_contents[file_id] = data
    record["uploaded"] = True
    record["size"] = len(data)
    return f"OK - {len(data)}"


def complete_upload(ctx: Context, args: Args) -> dict[str, Any]:
    entries = args.structured("files", error="invalid_arguments")
    if not isinstance(entries, list) or not entries:
        raise invalid_arguments("[ERROR] missing required field: files")
    channel_ids = _share_targets(args)
    channels = [_share_channel(ctx, channel_id) for channel_id in channel_ids]
    records = [_completed(ctx, entry) for entry in entries]
    for record in records:
        record["channels"] = [c["id"] for c in channels]
    for channel in channels:
        _share(ctx, channel["id"], records, args)
    return {"files": [_file_payload(ctx, record) for record in records]}


def _share_targets(args: Args) -> list[str]:
    targets = [args.text("channel_id"), *(args.text("channels") or "").split(",")]
    return [t.strip() for t in targets if t and t.strip()]


def _share_channel(ctx: Context, channel_id: str) -> dict[str, Any]:
    try:
        return postable_channel(ctx, channel_id)
    except ApiError as error:
        if error.error == "channel_not_found":
            raise ApiError("invalid_channel") from None  # this method's name for it
        raise


def _completed(ctx: Context, entry: Any) -> dict[str, Any]:
    if not isinstance(entry, dict) or not entry.get("id"):
        raise invalid_arguments("[ERROR] each file needs an id")
    record = ctx.workspace.files.get(entry["id"])
    if record is None or not record["uploaded"]:
        raise ApiError("file_not_found")
    record["title"] = entry.get("title") or record["name"]
    record["completed"] = True
    record["created"] = int(time.time())
    return record


def _share(ctx: Context, channel_id: str, records: list[dict], args: Args) -> None:
    ws = ctx.workspace
    content: dict[str, Any] = {"text": args.text("initial_comment") or ""}
    content["files"] = [_file_payload(ctx, record) for record in records]
    message = bot_message(ws.team, content, ws.next_ts())
    message["upload"] = True
    if args.text("thread_ts"):
        message["thread_ts"] = args.text("thread_ts")
    ws.messages.setdefault(channel_id, []).append(message)


def _file_payload(ctx: Context, record: dict[str, Any]) -> dict[str, Any]:
    mimetype = mimetypes.guess_type(record["name"])[0] or "application/octet-stream"
    path = f"files/{record['user']}/{record['id']}/{record['name']}"
    payload = {
        "id": record["id"],
        "created": record.get("created"),
        "name": record["name"],
        "title": record["title"],
        "mimetype": mimetype,
        "filetype": record["name"].rsplit(".", 1)[-1].lower() if "." in record["name"] else "",
        "size": record["size"],
        "user": record["user"],
        "url_private": f"{ctx.team_url}{path}",
        "permalink": f"{ctx.team_url}{path}",
        "channels": list(record.get("channels", [])),
    }
    return copy.deepcopy(payload)


def delete_file(ctx: Context, args: Args) -> dict[str, Any]:
    """files.delete: the file's bytes are gone; messages that shared it show a tombstone."""
    file_id = args.text("file")
    if not file_id:
        raise missing_field("file")
    ws = ctx.workspace
    record = ws.files.get(file_id)
    if record is None:
        raise ApiError("file_not_found")
    if record.get("deleted"):
        raise ApiError("file_deleted")
    if record["user"] != ws.team.bot_user_id:
        raise ApiError("cant_delete_file")
    record["deleted"] = True
    ws.file_contents.pop(file_id, None)
    for messages in ws.messages.values():
        for message in messages:
            if any(f.get("id") == file_id for f in message.get("files") or []):
                message["files"] = [
                    {"id": file_id, "mode": "tombstone"} if f.get("id") == file_id else f
                    for f in message["files"]
                ]
    return {}
