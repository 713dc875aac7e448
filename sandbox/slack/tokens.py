"""Which tokens the stand-in accepts, of which kind, with which scopes — checked per method as Slack
checks them.

A bot token (xoxb-) is granted the scopes manifest.json asks for, as installing the app from the
manifest grants them; an app-level token (xapp-) only `connections:write`, and only for
`apps.connections.open`. A call without the scope it needs gets Slack's `missing_scope` with
`needed` and `provided`; every answer carries `X-OAuth-Scopes`, as Slack's do.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sandbox.slack.api_error import ApiError

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.json"
APP_SCOPES = frozenset({"connections:write"})
APP_TOKEN_METHODS = frozenset({"apps.connections.open"})

# Slack's reference: the scope each method needs (any one of a tuple will do).
_HISTORY = {"im": "im:history", "public": "channels:history", "private": "groups:history"}
METHOD_SCOPES: dict[str, tuple[str, ...]] = {
    "chat.postMessage": ("chat:write",),
    "chat.postEphemeral": ("chat:write",),
    "chat.update": ("chat:write",),
    "conversations.open": ("im:write",),
    "conversations.join": ("channels:join",),
    "conversations.list": ("channels:read", "groups:read", "im:read", "mpim:read"),
    "users.info": ("users:read",),
    "files.getUploadURLExternal": ("files:write",),
    "files.completeUploadExternal": ("files:write",),
    "files.delete": ("files:write",),
    "apps.connections.open": ("connections:write",),
}


def manifest_bot_scopes(path: Path = MANIFEST) -> frozenset[str]:
    manifest = json.loads(path.read_text(encoding="utf-8"))
    return frozenset(manifest["oauth_config"]["scopes"]["bot"])


@dataclass
class Grant:
    kind: str  # "bot" or "app"
    scopes: frozenset[str]

    def header(self) -> dict[str, str]:
        return {"X-OAuth-Scopes": ",".join(sorted(self.scopes))}


class Tokens:
    def __init__(self, bot_token: str, app_token: str | None = None):
        self._grants: dict[str, Grant] = {bot_token: Grant("bot", manifest_bot_scopes())}
        if app_token:
            self._grants[app_token] = Grant("app", APP_SCOPES)

    def add(self, token: str, kind: str = "bot", scopes: frozenset[str] | None = None) -> None:
        default = APP_SCOPES if kind == "app" else manifest_bot_scopes()
        self._grants[token] = Grant(kind, frozenset(scopes if scopes is not None else default))

    def set_scopes(self, token: str, scopes: set[str] | frozenset[str]) -> None:
        self._grants[token].scopes = frozenset(scopes)

    def revoke(self, token: str) -> None:
        self._grants.pop(token, None)

    def grant(self, token: str) -> Grant | None:
        return self._grants.get(token)

    def app_tokens(self) -> set[str]:
        return {t for t, g in self._grants.items() if g.kind == "app"}


def authorise(grant: Grant, method: str, needed: tuple[str, ...]) -> None:
    """Refuse a token of the wrong kind, or one without any of the scopes `needed`."""
    wants_app = method in APP_TOKEN_METHODS
    if (grant.kind == "app") != wants_app:
        raise ApiError("not_allowed_token_type", headers=grant.header())
    if needed and not grant.scopes.intersection(needed):
        raise MissingScope(needed[0], grant)


class MissingScope(ApiError):
    def __init__(self, needed: str, grant: Grant):
        super().__init__("missing_scope", headers=grant.header())
        self.needed, self.provided = needed, ",".join(sorted(grant.scopes))

    def body(self) -> dict[str, Any]:
        return {**super().body(), "needed": self.needed, "provided": self.provided}


def history_scope(kind: str) -> tuple[str, ...]:
    """conversations.history / replies need the history scope of the conversation's kind."""
    return (_HISTORY[kind],)
