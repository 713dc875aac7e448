"""The stand-in's Slack workspace: people, conversations, messages, views and files.

Everything here is plain JSON-able data, so the whole workspace can be written to a file after
each change and read back on start (the stand-in survives a restart the way Slack would).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Team:
    """Who the workspace and the installed app are."""

    team_id: str = "T0LOCAL"
    team_domain: str = "localfirm"
    team_name: str = "Local Firm"
    app_id: str = "A0LOCAL"
    bot_id: str = "B0BOT"
    bot_user_id: str = "U0BOT"
    bot_name: str = "referral-desk"


class Workspace:
    def __init__(self, team: Team):
        self.team = team
        self.users: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, dict[str, Any]] = {}
        self.messages: dict[str, list[dict[str, Any]]] = {}
        self.ephemerals: dict[str, list[dict[str, Any]]] = {}
        self.modal_stacks: dict[str, list[dict[str, Any]]] = {}
        self.home_views: dict[str, dict[str, Any]] = {}
        self.files: dict[str, dict[str, Any]] = {}
        self.file_contents: dict[str, bytes] = {}
        self.counters: dict[str, int] = {}
        self.last_ts_micros = 0
        self.add_user(
            user_id=team.bot_user_id, name=team.bot_name, real_name="Referral Desk", is_bot=True
        )

    # -- identifiers -------------------------------------------------------------------------

    def mint_id(self, prefix: str) -> str:
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return f"{prefix}{self.counters[prefix]:08d}"

    def next_ts(self) -> str:
        """Message timestamps: epoch seconds with six decimals, unique and always increasing."""
        micros = max(int(time.time() * 1_000_000), self.last_ts_micros + 1)
        self.last_ts_micros = micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    # -- people ------------------------------------------------------------------------------

    def add_user(
        self,
        *,
        user_id: str,
        name: str,
        real_name: str = "",
        email: str | None = None,
        tz: str = "Europe/London",
        is_bot: bool = False,
        is_admin: bool = False,
    ) -> dict[str, Any]:
        self.users[user_id] = {
            "id": user_id,
            "team_id": self.team.team_id,
            "name": name,
            "deleted": False,
            "real_name": real_name or name,
            "is_bot": is_bot,
            "is_admin": is_admin,
            "is_app_user": False,
            "email": email,
            "tz": tz,
        }
        return self.users[user_id]

    # -- conversations -----------------------------------------------------------------------

    def add_channel(
        self,
        *,
        channel_id: str,
        name: str,
        members: list[str],
        is_private: bool = False,
        bot_is_member: bool = True,
    ) -> dict[str, Any]:
        people = list(dict.fromkeys(members))
        if bot_is_member and self.team.bot_user_id not in people:
            people.append(self.team.bot_user_id)
        self.channels[channel_id] = {
            "id": channel_id,
            "name": name.lstrip("#"),
            "is_channel": not is_private,
            "is_group": False,
            "is_im": False,
            "is_private": is_private,
            "is_archived": False,
            "created": int(time.time()),
            "members": people,
        }
        return self.channels[channel_id]

    def open_dm(self, user_id: str) -> dict[str, Any]:
        for channel in self.channels.values():
            if channel["is_im"] and channel["user"] == user_id:
                return channel
        channel_id = self.mint_id("D")
        self.channels[channel_id] = {
            "id": channel_id,
            "is_im": True,
            "is_private": True,
            "is_archived": False,
            "user": user_id,
            "created": int(time.time()),
            "members": [user_id, self.team.bot_user_id],
        }
        return self.channels[channel_id]

    def resolve_channel(self, ref: str) -> dict[str, Any] | None:
        """A conversation named the ways chat.postMessage accepts: ID, name, #name, or user ID."""
        if ref in self.channels:
            return self.channels[ref]
        if ref in self.users and not self.users[ref]["is_bot"]:
            return self.open_dm(ref)  # posting to a user ID posts in the app's DM with them
        name = ref.lstrip("#")
        for channel in self.channels.values():
            if channel.get("name") == name:
                return channel
        return None

    def find_message(self, channel_id: str, ts: str) -> dict[str, Any] | None:
        for message in self.messages.get(channel_id, []):
            if message["ts"] == ts:
                return message
        return None

    # -- persistence -------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        state = {key: value for key, value in vars(self).items() if key != "file_contents"}
        state["team"] = asdict(self.team)
        state["file_contents"] = {
            file_id: base64.b64encode(data).decode() for file_id, data in self.file_contents.items()
        }
        return {"version": FORMAT_VERSION, "workspace": state}

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> Workspace:
        state = dict(document["workspace"])
        workspace = cls(Team(**state.pop("team")))
        contents = state.pop("file_contents", {})
        for key, value in state.items():
            setattr(workspace, key, value)
        workspace.file_contents = {k: base64.b64decode(v) for k, v in contents.items()}
        return workspace

    def save(self, path: Path) -> None:
        """Write atomically, so a crash mid-write leaves the previous file intact."""
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(json.dumps(self.to_json()), encoding="utf-8")
        os.replace(temporary, path)

    @classmethod
    def load_or_create(cls, path: Path | None, team: Team) -> Workspace:
        if path is None or not path.exists():
            return cls(team)
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))


def user_payload(user: dict[str, Any]) -> dict[str, Any]:
    """A user object shaped as users.info returns it."""
    offset, label = _tz_details(user["tz"])
    profile = {
        "real_name": user["real_name"],
        "real_name_normalized": user["real_name"],
        "display_name": user["name"],
        "display_name_normalized": user["name"],
        "team": user["team_id"],
    }
    if user.get("email"):
        profile["email"] = user["email"]
    fields = ("id", "team_id", "name", "deleted", "real_name", "is_bot", "is_admin", "is_app_user")
    payload = {key: user[key] for key in fields}
    payload.update(tz=user["tz"], tz_label=label, tz_offset=offset, profile=profile)
    return payload


def _tz_details(name: str) -> tuple[int, str]:
    try:
        now = dt.datetime.now(ZoneInfo(name))
    except (ZoneInfoNotFoundError, ValueError):
        return 0, "Coordinated Universal Time"
    offset = now.utcoffset() or dt.timedelta(0)
    return int(offset.total_seconds()), now.tzname() or name
