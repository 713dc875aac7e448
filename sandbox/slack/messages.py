"""Message content as Slack checks it (text, blocks, limits) and the message records it stores."""

from __future__ import annotations

import copy
import hashlib
from typing import Any

from sandbox.slack.api_error import ApiError
from sandbox.slack.args import Args
from sandbox.slack.blockkit import MESSAGE, block_problems
from sandbox.slack.workspace import Team

MAX_TEXT = 40_000


def message_content(args: Args) -> dict[str, Any]:
    """The text, blocks and attachments of a post; refuses what Slack refuses."""
    text = args.text("text")
    blocks = _blocks(args)
    attachments = args.structured("attachments", error="invalid_attachments")
    if text is None and not blocks and not attachments:
        raise ApiError("no_text")
    if text is not None and len(text) > MAX_TEXT:
        raise ApiError("msg_too_long")
    if blocks is not None:
        problems = block_problems(blocks, MESSAGE)
        if problems:
            raise ApiError("invalid_blocks", messages=problems)
    if attachments is not None and not isinstance(attachments, list):
        raise ApiError("invalid_attachments")
    content: dict[str, Any] = {"text": text or ""}
    if blocks is not None:
        content["blocks"] = blocks
    if attachments:
        content["attachments"] = attachments
    return content


def message_metadata(args: Args) -> dict[str, Any] | None:
    """The `metadata` of a post or update: None when absent, {} when an update clears it.

    Slack refuses what is not a JSON object (`invalid_metadata_format`) and an object without a
    string `event_type` or with a non-object `event_payload` (`invalid_metadata_schema`).
    """
    if args.get("metadata") in (None, ""):
        return None
    metadata = args.structured("metadata", error="invalid_metadata_format")
    if not isinstance(metadata, dict):
        raise ApiError("invalid_metadata_format")
    if not metadata:
        return {}
    event_type = metadata.get("event_type")
    if not isinstance(event_type, str) or not event_type.strip():
        raise ApiError("invalid_metadata_schema", messages=["[ERROR] event_type must be a string"])
    if not isinstance(metadata.get("event_payload"), dict):
        raise ApiError(
            "invalid_metadata_schema", messages=["[ERROR] event_payload must be an object"]
        )
    return {"event_type": event_type, "event_payload": copy.deepcopy(metadata["event_payload"])}


def _blocks(args: Args) -> list[Any] | None:
    if args.get("blocks") in (None, ""):
        return None
    blocks = args.structured("blocks", error="invalid_blocks_format")
    if not isinstance(blocks, list):
        raise ApiError("invalid_blocks_format", messages=["[ERROR] must be an array"])
    return blocks


def stamp_ids(blocks: list[dict[str, Any]], seed: str) -> list[dict[str, Any]]:
    """Slack gives every block a block_id and every element an action_id when the app did not."""
    stamped = copy.deepcopy(blocks)
    for index, block in enumerate(stamped):
        block.setdefault("block_id", _short_id(f"{seed}/{index}"))
        for position, element in enumerate(_interactive_elements(block)):
            element.setdefault("action_id", _short_id(f"{seed}/{index}/{position}"))
    return stamped


def _interactive_elements(block: dict[str, Any]) -> list[dict[str, Any]]:
    kind = block.get("type")
    if kind == "actions":
        return list(block.get("elements", []))
    if kind == "section" and block.get("accessory", {}).get("type") not in (None, "image"):
        return [block["accessory"]]
    if kind == "input":
        return [block["element"]]
    return []


def _short_id(seed: str) -> str:
    return hashlib.sha1(seed.encode()).hexdigest()[:5]


def bot_message(team: Team, content: dict[str, Any], ts: str) -> dict[str, Any]:
    """A message posted with the bot token, shaped as chat.postMessage returns it."""
    message: dict[str, Any] = {
        "type": "message",
        "user": team.bot_user_id,
        "bot_id": team.bot_id,
        "app_id": team.app_id,
        "team": team.team_id,
        "ts": ts,
        "bot_profile": {
            "id": team.bot_id,
            "app_id": team.app_id,
            "name": team.bot_name,
            "team_id": team.team_id,
            "deleted": False,
        },
    }
    message.update(copy.deepcopy(content))
    if "blocks" in message:
        message["blocks"] = stamp_ids(message["blocks"], seed=ts)
    return message
