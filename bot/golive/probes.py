"""What `python run.py check` asks Slack and Google, each answer fetched once and shared.

Every method returns (ok, what to tell the person), or raises Skip when an earlier answer it
depends on was already a failure."""

from __future__ import annotations

import json
import logging
import re
import urllib.error
from functools import cached_property
from pathlib import Path
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.config import Settings
from bot.errors import ReferralDeskError
from bot.golive import messages
from bot.startup import explain

log = logging.getLogger(__name__)

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.json"
CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{6,}$")
WEBSOCKET_TIMEOUT = 10.0


class Skip(ReferralDeskError):
    """An earlier check failed, so this one cannot be judged; the text says which."""


def manifest_scopes(path: Path = MANIFEST) -> set[str]:
    manifest = json.loads(path.read_text(encoding="utf-8"))
    return set(manifest["oauth_config"]["scopes"]["bot"])


# --- Slack ---------------------------------------------------------------------------------------


class SlackProbe:
    def __init__(self, settings: Settings, client: WebClient | None = None):
        self.settings = settings
        self.client = client or WebClient(
            token=settings.slack_bot_token or None, base_url=settings.slack_api_url
        )

    @cached_property
    def _auth(self) -> tuple[dict[str, Any] | None, str]:
        """(auth.test's answer with its headers, '') or (None, what went wrong)."""
        if not self.settings.slack_bot_token:
            return None, messages.not_set("SLACK_BOT_TOKEN", "copy the Bot User OAuth Token")
        try:
            response = self.client.auth_test()
        except SlackApiError as exc:
            return None, messages.token_refused(exc.response.get("error", "error"))
        except (urllib.error.URLError, OSError) as exc:
            return None, messages.slack_unreachable(self.settings.slack_api_url, _reason(exc))
        headers = {k.lower(): v for k, v in (response.headers or {}).items()}
        return {**response.data, "_headers": headers}, ""

    def _authed(self) -> dict[str, Any]:
        auth, _ = self._auth
        if auth is None:
            raise Skip("the bot token does not work yet")
        return auth

    def token(self) -> tuple[bool, str]:
        auth, problem = self._auth
        if auth is None:
            return False, problem
        return True, messages.token_works(auth.get("team", "?"), auth.get("user", "?"))

    def scopes(self) -> tuple[bool, str]:
        header = self._authed()["_headers"].get("x-oauth-scopes")
        if header is None:
            return False, messages.scopes_unknown()
        granted = {s.strip() for s in _first(header).split(",") if s.strip()}
        wanted = manifest_scopes()
        missing = wanted - granted
        if missing:
            return False, messages.scopes_missing(missing)
        return True, messages.scopes_granted(len(wanted))

    def socket_mode(self) -> tuple[bool, str]:
        app_token = self.settings.slack_app_token
        if not app_token:
            return True, messages.socket_mode_off()
        client = WebClient(base_url=self.settings.slack_api_url)
        try:
            url = client.apps_connections_open(app_token=app_token)["url"]
        except SlackApiError as exc:
            return False, messages.socket_mode_refused(exc.response.get("error", "error"))
        except (urllib.error.URLError, OSError) as exc:
            return False, messages.slack_unreachable(self.settings.slack_api_url, _reason(exc))
        return _greeted(url)

    def channel(self, setting: str, wanted: str) -> tuple[bool, str]:
        self._authed()
        name = wanted.strip().lstrip("#")
        channel = self._find_channel(name)
        if channel is None:
            return False, messages.channel_missing(setting, wanted)
        if channel.get("is_member"):
            return True, messages.channel_ok(channel["name"], joined=False)
        if channel.get("is_private"):
            return False, messages.channel_invite(setting, channel["name"], "it is private")
        try:
            self.client.conversations_join(channel=channel["id"])
        except SlackApiError as exc:
            why = exc.response.get("error", "error")
            return False, messages.channel_invite(setting, channel["name"], why)
        return True, messages.channel_ok(channel["name"], joined=True)

    def _find_channel(self, name: str) -> dict[str, Any] | None:
        by_id = bool(CHANNEL_ID.match(name))
        cursor = None
        while True:
            page = self.client.conversations_list(
                types="public_channel,private_channel",
                exclude_archived=True,
                limit=200,
                cursor=cursor,
            )
            for channel in page.get("channels") or []:
                if channel.get("id" if by_id else "name") == name:
                    return channel
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return None

    def team(self, rows: list[dict[str, str]]) -> tuple[bool, str]:
        self._authed()
        if not rows:
            return False, messages.team_empty()
        problems = [p for p in map(self._member_problem, rows) if p]
        if problems:
            return False, messages.team_problems(problems)
        return True, messages.team_ok(len(rows))

    def _member_problem(self, row: dict[str, str]) -> str:
        name, user_id = row.get("name", ""), row.get("slack_user_id", "").strip()
        try:
            user = self.client.users_info(user=user_id)["user"] if user_id else None
        except SlackApiError as exc:
            return messages.member_not_in_slack(name, user_id, exc.response.get("error", "error"))
        if user is None:
            return messages.member_not_in_slack(name, user_id, "no Slack user ID")
        if not (user.get("tz") or row.get("time_zone", "").strip()):
            return messages.member_no_tz(name)
        return ""


def _greeted(url: str) -> tuple[bool, str]:
    """Open the WebSocket Slack handed out and wait for its hello, as the bot will."""
    from websockets.exceptions import WebSocketException
    from websockets.sync.client import connect

    try:
        with connect(url, open_timeout=WEBSOCKET_TIMEOUT, close_timeout=1) as socket:
            first = json.loads(socket.recv(timeout=WEBSOCKET_TIMEOUT))
    except (OSError, TimeoutError, WebSocketException, ValueError) as exc:
        return False, messages.socket_mode_unreachable(_reason(exc))
    if first.get("type") != "hello":
        return False, messages.socket_mode_unreachable(f"first frame was {first.get('type')!r}")
    return True, messages.socket_mode_works()


def _first(header: Any) -> str:
    return header[0] if isinstance(header, list) else str(header)


def _reason(exc: BaseException) -> str:
    return str(getattr(exc, "reason", "") or exc or type(exc).__name__)


# --- Google --------------------------------------------------------------------------------------


class GoogleProbe:
    def __init__(self, settings: Settings, client: Any = None):
        self.settings = settings
        self._client = client

    @cached_property
    def _signed_in(self) -> tuple[Any, str]:
        """(gspread client with a fresh token, '') or (None, what went wrong)."""
        s = self.settings
        if not (s.google_service_account_file or s.google_service_account_json):
            return None, messages.not_set(
                "GOOGLE_SERVICE_ACCOUNT_FILE", "download the service account's JSON key"
            )
        from google.auth.transport.requests import Request

        from bot.log.client import google_client, service_account_info

        try:
            client = self._client or google_client(s)
            client.http_client.auth.refresh(Request())
            email = service_account_info(s)["client_email"]
        except Exception as exc:
            return None, explain(exc, s) or f"{type(exc).__name__}: {exc}"
        self.email = email
        return client, ""

    def key(self) -> tuple[bool, str]:
        client, problem = self._signed_in
        return (False, problem) if client is None else (True, messages.key_loads(self.email))

    @cached_property
    def _opened(self) -> tuple[Any, str]:
        client, _ = self._signed_in
        if client is None:
            return None, "the key does not work yet"
        from bot.log.client import open_spreadsheet

        try:
            return open_spreadsheet(self.settings, client), ""
        except Exception as exc:
            return None, explain(exc, self.settings) or f"{type(exc).__name__}: {exc}"

    def _spreadsheet(self) -> Any:
        spreadsheet, _ = self._opened
        if spreadsheet is None:
            raise Skip("the sheet cannot be opened yet")
        return spreadsheet

    def shared(self) -> tuple[bool, str]:
        if self._signed_in[0] is None:
            raise Skip("the key does not work yet")
        spreadsheet, problem = self._opened
        return (
            (False, problem) if spreadsheet is None else (True, messages.shared(spreadsheet.title))
        )

    def layout(self) -> tuple[bool, str]:
        from bot.log.provision import planned_changes
        from bot.schema import load_schema

        settings = self.settings
        lines = planned_changes(
            self._spreadsheet(), load_schema(), settings.firm_timezone, settings.decimal_comma
        )
        return (
            (False, messages.schema_changes(lines)) if lines else (True, messages.schema_matches())
        )

    def team_rows(self) -> list[dict[str, str]]:
        from bot.schema import load_schema

        spreadsheet = self._spreadsheet()
        title = load_schema().tab("team").title
        try:
            grid = spreadsheet.worksheet(title).get_all_values()
        except Exception as exc:
            raise Skip(f"the {title} tab cannot be read ({type(exc).__name__})") from exc
        keys = {"name": "Name", "slack_user_id": "Slack user ID", "time_zone": "Time zone"}
        header = [h.strip().casefold() for h in (grid[0] if grid else [])]
        where = {k: header.index(v.casefold()) for k, v in keys.items() if v.casefold() in header}
        rows = []
        for row in grid[1:]:
            values = {k: (row[i] if i < len(row) else "") for k, i in where.items()}
            if any(v.strip() for v in values.values()):
                rows.append(values)
        return rows

    def templates(self) -> tuple[bool, str]:
        from bot.golive.samples import render_every_draft

        try:
            count = render_every_draft(self.settings)
        except ReferralDeskError as exc:
            return False, messages.template_broken(str(exc))
        return True, messages.templates_ok(count)
