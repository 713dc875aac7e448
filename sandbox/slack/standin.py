"""SlackStandIn: a local Slack speaking the Web API subset the bot uses, over real HTTP.

slack = SlackStandIn(bot_token="xoxb-local-0000", signing_secret="local-secret").start()
client = WebClient(token="xoxb-local-0000", base_url=slack.api_url)
"""

from __future__ import annotations

import copy
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sandbox.slack.context import Context
from sandbox.slack.faults import Faults
from sandbox.slack.gateway import Gateway, RecordedCall
from sandbox.slack.interactivity import ResponseUrlBook, TriggerBook
from sandbox.slack.methods_views import apply_submission_answer, close_top_view
from sandbox.slack.rate_limits import RateLimits
from sandbox.slack.response_urls import reply_to_interaction
from sandbox.slack.server import RunningServer
from sandbox.slack.socket_mode import SocketModeServer
from sandbox.slack.tokens import Tokens
from sandbox.slack.workspace import Team, Workspace


class SlackStandIn:
    def __init__(
        self,
        bot_token: str = "xoxb-local-0000",
        signing_secret: str = "local-secret",
        db_path: str | Path | None = None,
        *,
        team: Team | None = None,
    ):
        self.bot_token = bot_token
        self.tokens = Tokens(bot_token)
        self.signing_secret = signing_secret
        self.db_path = Path(db_path) if db_path else None
        # Read on every trigger_id and response_url check; tests swap it to expire them.
        self.clock: Callable[[], float] = time.monotonic
        self.faults = Faults()
        self.rate_limits = RateLimits()
        """Slack's per-method limits; `rate_limits.enabled = False` for a benchmark's flood."""
        self._lock = threading.RLock()
        self.triggers = TriggerBook(lambda: self.clock())
        self.response_urls = ResponseUrlBook(lambda: self.clock())
        workspace = Workspace.load_or_create(self.db_path, team or Team())
        self._ctx = Context(workspace, self.triggers)
        self._gateway = Gateway(
            self._ctx,
            bot_token=bot_token,
            tokens=self.tokens,
            faults=self.faults,
            rate_limits=self.rate_limits,
            response_urls=self.response_urls,
            lock=self._lock,
            persist=self._persist,
        )
        self._server: RunningServer | None = None
        self._socket_mode: SocketModeServer | None = None
        self._ctx.open_connection = lambda: self.socket_mode.open_url()

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self, port: int = 0) -> SlackStandIn:
        self._server = RunningServer(self._gateway, port=port)
        self._ctx.root_url = f"http://127.0.0.1:{self._server.port}/"
        return self

    def stop(self) -> None:
        if self._socket_mode is not None:
            self._socket_mode.stop()
            self._socket_mode = None
        if self._server is not None:
            self._server.stop()
            self._server = None
        self._persist()

    def __enter__(self) -> SlackStandIn:
        return self.start() if self._server is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def root_url(self) -> str:
        if not self._ctx.root_url:
            raise RuntimeError("start() the stand-in first")
        return self._ctx.root_url

    @property
    def api_url(self) -> str:
        return f"{self.root_url}api/"

    @property
    def socket_mode(self) -> SocketModeServer:
        """Slack's Socket Mode side, started on first use (apps.connections.open or a driver)."""
        with self._lock:
            if self._socket_mode is None:
                self._socket_mode = SocketModeServer(self.team.app_id)
            return self._socket_mode

    def add_app_token(self, token: str) -> None:
        """An app-level token (xapp-, scope connections:write) that may open connections."""
        self.tokens.add(token, kind="app")

    # -- who is who --------------------------------------------------------------------------

    @property
    def team(self) -> Team:
        return self._ctx.workspace.team

    @property
    def bot_user_id(self) -> str:
        return self.team.bot_user_id

    def add_user(
        self,
        user_id: str,
        name: str,
        real_name: str = "",
        email: str | None = None,
        tz: str = "Europe/London",
        is_bot: bool = False,
        is_admin: bool = False,
    ) -> None:
        with self._lock:
            self._ctx.workspace.add_user(
                user_id=user_id,
                name=name,
                real_name=real_name,
                email=email,
                tz=tz,
                is_bot=is_bot,
                is_admin=is_admin,
            )
            self._persist()

    def add_channel(
        self,
        channel_id: str,
        name: str,
        members: list[str] | None = None,
        is_private: bool = False,
        bot_is_member: bool = True,
    ) -> None:
        with self._lock:
            self._ctx.workspace.add_channel(
                channel_id=channel_id,
                name=name,
                members=list(members or []),
                is_private=is_private,
                bot_is_member=bot_is_member,
            )
            self._persist()

    # -- what happened -----------------------------------------------------------------------

    @property
    def calls(self) -> Counter[str]:
        return self._gateway.calls

    @property
    def requests(self) -> list[RecordedCall]:
        return self._gateway.requests

    def messages(self, channel: str) -> list[dict[str, Any]]:
        with self._lock:
            return copy.deepcopy(self._ctx.workspace.messages.get(channel, []))

    def all_messages(self) -> dict[str, list[dict[str, Any]]]:
        """Every conversation's messages (thread replies included), by channel ID."""
        with self._lock:
            return copy.deepcopy(self._ctx.workspace.messages)

    def dm_channel(self, user_id: str) -> str | None:
        with self._lock:
            for channel in self._ctx.workspace.channels.values():
                if channel["is_im"] and channel["user"] == user_id:
                    return channel["id"]
        return None

    def dm_messages(self, user_id: str) -> list[dict[str, Any]]:
        channel_id = self.dm_channel(user_id)
        return self.messages(channel_id) if channel_id else []

    def ephemerals(self, user_id: str) -> list[dict[str, Any]]:
        """chat.postEphemeral posts and ephemeral response_url posts, oldest first."""
        with self._lock:
            return copy.deepcopy(self._ctx.workspace.ephemerals.get(user_id, []))

    def views(self, user_id: str) -> list[dict[str, Any]]:
        """The user's open modal stack, root first (the Home tab is `home_view`)."""
        with self._lock:
            return copy.deepcopy(self._ctx.workspace.modal_stacks.get(user_id, []))

    def home_view(self, user_id: str) -> dict[str, Any] | None:
        with self._lock:
            return copy.deepcopy(self._ctx.workspace.home_views.get(user_id))

    def files(self) -> list[dict[str, Any]]:
        with self._lock:
            return copy.deepcopy(list(self._ctx.workspace.files.values()))

    def file_content(self, file_id: str) -> bytes | None:
        with self._lock:
            return self._ctx.workspace.file_contents.get(file_id)

    # -- what the driver uses ----------------------------------------------------------------

    def mint_trigger(self, user_id: str) -> str:
        with self._lock:
            return self.triggers.mint(user_id)

    def mint_response_url(
        self, user_id: str, channel_id: str | None, original: dict[str, Any] | None = None
    ) -> str:
        """`original`: {"channel", "ts", "is_ephemeral"} of the message acted on, if any."""
        with self._lock:
            token = self.response_urls.mint(user_id, channel_id, original)
        return f"{self.root_url}response_url/{token}"

    def post_as_user(
        self, user_id: str, channel_id: str, text: str, thread_ts: str | None = None
    ) -> dict[str, Any]:
        """A message a person typed, in the thread of `thread_ts` if given (the driver sends the
        matching event to the bot)."""
        with self._lock:
            ws = self._ctx.workspace
            message = {
                "type": "message",
                "user": user_id,
                "text": text,
                "ts": ws.next_ts(),
                "team": ws.team.team_id,
            }
            if thread_ts:
                message["thread_ts"] = thread_ts
            ws.messages.setdefault(channel_id, []).append(message)
            self._persist()
            return copy.deepcopy(message)

    def open_dm(self, user_id: str) -> str:
        with self._lock:
            channel_id = self._ctx.workspace.open_dm(user_id)["id"]
            self._persist()
            return channel_id

    def user(self, user_id: str) -> dict[str, Any] | None:
        with self._lock:
            return copy.deepcopy(self._ctx.workspace.users.get(user_id))

    def channel(self, channel_id: str) -> dict[str, Any] | None:
        with self._lock:
            return copy.deepcopy(self._ctx.workspace.channels.get(channel_id))

    def locate_message(self, ts: str) -> tuple[str, bool, dict[str, Any]] | None:
        """(channel_id, is_ephemeral, message) of the message or ephemeral shown with this ts."""
        with self._lock:
            ws = self._ctx.workspace
            for channel_id, messages in ws.messages.items():
                for message in messages:
                    if message["ts"] == ts:
                        return channel_id, False, copy.deepcopy(message)
            for entries in ws.ephemerals.values():
                for entry in entries:
                    if entry["ts"] == ts:
                        return entry["channel"], True, copy.deepcopy(entry)
        return None

    def reply_to_command(self, user_id: str, channel_id: str, payload: dict[str, Any]) -> None:
        """A slash command ack that carries a message (raises ApiError if Slack would refuse)."""
        with self._lock:
            reply_to_interaction(self._ctx, user_id, channel_id, payload, via="ack")
            self._persist()

    def set_view_state(self, user_id: str, view_id: str, state: dict[str, Any]) -> None:
        """What the person typed into the open modal, kept as Slack keeps it."""
        with self._lock:
            for view in self._ctx.workspace.modal_stacks.get(user_id, []):
                if view["id"] == view_id:
                    view["state"] = copy.deepcopy(state)
            self._persist()

    def apply_submission_answer(self, user_id: str, answer: dict[str, Any] | None) -> None:
        with self._lock:
            apply_submission_answer(self._ctx, user_id, answer)
            self._persist()

    def close_view(self, user_id: str) -> dict[str, Any] | None:
        with self._lock:
            closed = close_top_view(self._ctx, user_id)
            self._persist()
            return closed

    def _persist(self) -> None:
        if self.db_path is not None:
            with self._lock:
                self._ctx.workspace.save(self.db_path)
