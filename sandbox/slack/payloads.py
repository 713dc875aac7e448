"""The request bodies Slack sends to an app, field for field as its reference describes them."""

from __future__ import annotations

import uuid
from typing import Any

from sandbox.slack.workspace import Team


def user_ref(team: Team, user: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": user["id"],
        "username": user["name"],
        "name": user["name"],
        "team_id": team.team_id,
    }


def team_ref(team: Team) -> dict[str, Any]:
    return {"id": team.team_id, "domain": team.team_domain}


def slash_command(
    team: Team,
    user: dict[str, Any],
    channel: dict[str, str],
    *,
    command: str,
    text: str,
    response_url: str,
    trigger_id: str,
    verification_token: str,
) -> dict[str, str]:
    """Form fields of a slash command request."""
    return {
        "token": verification_token,
        "team_id": team.team_id,
        "team_domain": team.team_domain,
        "channel_id": channel["id"],
        "channel_name": channel["name"],
        "user_id": user["id"],
        "user_name": user["name"],
        "command": command,
        "text": text,
        "api_app_id": team.app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }


def interaction_base(
    kind: str, team: Team, user: dict[str, Any], trigger_id: str, verification_token: str
) -> dict[str, Any]:
    """The fields every interactivity payload (shortcut, action, submission) starts with."""
    return {
        "type": kind,
        "team": team_ref(team),
        "user": user_ref(team, user),
        "api_app_id": team.app_id,
        "token": verification_token,
        "trigger_id": trigger_id,
        "enterprise": None,
        "is_enterprise_install": False,
    }


def event_envelope(
    team: Team, event: dict[str, Any], event_time: int, verification_token: str
) -> dict[str, Any]:
    """The Events API `event_callback` wrapper around one event."""
    return {
        "token": verification_token,
        "team_id": team.team_id,
        "api_app_id": team.app_id,
        "event": event,
        "type": "event_callback",
        "event_id": f"Ev{uuid.uuid4().hex[:10].upper()}",
        "event_time": event_time,
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team.team_id,
                "user_id": team.bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
    }


def find_element(
    blocks: list[dict[str, Any]], action_id: str, block_id: str | None
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """(block, element) holding an interactive element with this action_id."""
    for block in blocks:
        if block_id is not None and block.get("block_id") != block_id:
            continue
        candidates = list(block.get("elements", [])) if block.get("type") == "actions" else []
        candidates += [block[key] for key in ("accessory", "element") if key in block]
        for element in candidates:
            if isinstance(element, dict) and element.get("action_id") == action_id:
                return block, element
    return None
