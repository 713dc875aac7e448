"""The local workspace: what `python run.py` runs when there are no credentials.

Both stand-ins (Sheets in a SQLite file, Slack in a JSON file, both under DATA_DIR), a small demo
team in the Team tab and in Slack, the real bot served over HTTP on loopback, and a Driver that
acts as the people. Everything is kept in DATA_DIR, so a restart finds the same referrals, the
same DMs and the same moved clock (workspace.json holds the spreadsheet ID and the clock offset).

    with LocalWorkspace(settings, Path("data")) as ws:
        ws.as_user("Sam Lee")
        seen = ws.refer("Jane Doe <jane@acme.com> from Alex Kim: needs payroll help")
"""

from __future__ import annotations

import contextlib
import copy
import json
import logging
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import gspread
import requests

from bot.clock import Clock
from bot.config import SETTINGS_BY_NAME, Settings
from bot.errors import ReferralDeskError
from bot.log.mapping import column_letter
from bot.log.provision import provision
from bot.schema import load_schema
from bot.services.schedule import SweepReport
from bot.slack import socket_mode
from bot.slack.app import make_http_server
from bot.wiring import Bot, build_bot
from sandbox.demo_firm import DEMO_TEAM, GENERAL, Person, add_to_slack, demo_channels, seed_team
from sandbox.listening import Conversations, Mark, Seen, TrackedExecutor, track_bot
from sandbox.sheets import SheetsStandIn, local_client
from sandbox.slack import Driver, DriverError, SlackRejected, SlackStandIn, SocketModeTransport

log = logging.getLogger(__name__)

BOT_TOKEN = "xoxb-local-workspace"
APP_TOKEN = "xapp-1-local-workspace"
SOCKET_PING_SECONDS = 1.0
"""How soon a dropped Socket Mode connection is noticed and replaced: slack_sdk's client gives a
connection up after five pings in a row fail, so about five times this."""
SIGNING_SECRET = "local-workspace-signing-secret"
DEMO_FIRM = "Hartley & Moss"
DEMO_TIMEZONE = "Europe/London"
STATE_FILE = "workspace.json"
SHEETS_FILE = "sheets.sqlite3"
SLACK_FILE = "slack.json"
LOG_FILE = "workspace.log"
SPREADSHEET_TITLE = "Referral log (local)"
BOT_WAIT_SECONDS = 40.0
"""How long to wait for the bot to finish what a click or a command started. The wait ends as
soon as the bot is idle; only a bot still busy after this long is reported. A loaded machine
(two cores running the suite, say) took over 15 s to render and upload a digest's chart."""


class WorkspaceError(Exception):
    """Something the person asked for did not work; the message says what to do."""


# --- saved state -----------------------------------------------------------------------------


@dataclass
class SavedState:
    spreadsheet_id: str = ""
    clock_offset_seconds: float = 0.0
    current_user: str = ""

    @classmethod
    def load(cls, path: Path) -> SavedState:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            raise WorkspaceError(
                f"{path} is unreadable ({exc}); move it away to start a fresh workspace."
            ) from exc
        return cls(
            spreadsheet_id=str(raw.get("spreadsheet_id", "")),
            clock_offset_seconds=float(raw.get("clock_offset_seconds", 0.0)),
            current_user=str(raw.get("current_user", "")),
        )

    def save(self, path: Path) -> None:
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(json.dumps(vars(self), indent=2) + "\n", encoding="utf-8")
        os.replace(temporary, path)


def _open_log(stand_in: SheetsStandIn, state: SavedState, timeout: float) -> gspread.Spreadsheet:
    """The workspace's spreadsheet through real gspread, created on the first start (or when the
    saved one is gone, e.g. the SQLite file was deleted)."""
    try:
        stand_in.spreadsheet(state.spreadsheet_id)
    except KeyError:
        state.spreadsheet_id = stand_in.create_spreadsheet(SPREADSHEET_TITLE)
    client = local_client(stand_in, timeout=timeout)
    return client.open_by_key(state.spreadsheet_id)


@contextlib.contextmanager
def local_spreadsheet(settings: Settings) -> Iterator[gspread.Spreadsheet]:
    """The local workspace's spreadsheet, for `python run.py init-sheet` without credentials."""
    data_dir = settings.data_path
    data_dir.mkdir(parents=True, exist_ok=True)
    state = SavedState.load(data_dir / STATE_FILE)
    stand_in = SheetsStandIn(data_dir / SHEETS_FILE).start()
    try:
        spreadsheet = _open_log(stand_in, state, settings.sheets_timeout_seconds)
        state.save(data_dir / STATE_FILE)
        yield spreadsheet
    finally:
        stand_in.stop()


# --- the workspace ---------------------------------------------------------------------------


class LocalWorkspace:
    def __init__(
        self,
        settings: Settings,
        data_dir: Path | None = None,
        team: tuple[Person, ...] = DEMO_TEAM,
        socket_ping_seconds: float = SOCKET_PING_SECONDS,
    ):
        self.settings = settings
        self.socket_ping_seconds = socket_ping_seconds
        self.data_dir = Path(data_dir) if data_dir is not None else settings.data_path
        self.team = team
        self.current = team[0]
        self.state = SavedState()
        self.sheets: SheetsStandIn | None = None
        self.slack: SlackStandIn | None = None
        self.spreadsheet: gspread.Spreadsheet | None = None
        self.bot: Bot | None = None
        self.driver: Driver | None = None
        self._server = None
        self._server_thread: threading.Thread | None = None
        self._socket_handler = None
        self._listeners: TrackedExecutor | None = None
        self._lock = threading.Lock()

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self) -> LocalWorkspace:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        fresh = not self._state_path.exists()
        self.state = SavedState.load(self._state_path)
        if fresh and self.settings.local_clock_start:
            self.state.clock_offset_seconds = self._offset_to(self.settings.local_clock_start)
        try:
            self._start_sheets()
            self._start_slack()
            self.bot = build_bot(
                self.bot_settings(), self.spreadsheet, clock=self._restored_clock()
            )
            self.bot.read_log()
            self._digest_at_start()
            self._listeners = track_bot(self.bot.app, self.bot.desk.ctx, self.bot.handoff)
            if self.settings.local_socket_mode:
                self._connect_socket_mode()
            else:
                self._serve_http()
        except BaseException:
            self.stop()
            raise
        self.current = self.person(self.state.current_user) or self.team[0]
        self._save_state()
        return self

    def _digest_at_start(self) -> None:
        """As the scheduler does at start: opens the digest record, or sends a missed digest."""
        try:
            self._bot.desk.weekly_digest()
        except ReferralDeskError as exc:
            log.warning("The weekly digest waits for the next clock move: %s", exc)

    def _serve_http(self) -> None:
        self._server = make_http_server(self._bot.app, "127.0.0.1", 0)
        self._server_thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="local-bot",
            daemon=True,
        )
        self._server_thread.start()
        self.driver = Driver(self._slack, self.bot_url)

    def _connect_socket_mode(self) -> None:
        """LOCAL_SOCKET_MODE: the bot connects out to the stand-in, as a firm's bot does."""
        self._slack.add_app_token(APP_TOKEN)
        self._socket_handler = socket_mode.connect(
            self._bot.app, APP_TOKEN, ping_seconds=self.socket_ping_seconds
        )
        self.driver = Driver(self._slack, transport=SocketModeTransport(self._slack.socket_mode))

    def stop(self) -> None:
        """Deliver pending sheet writes, then stop everything; safe to call twice."""
        if self.driver is not None:
            self.driver.close()
            self.driver = None
        if self._socket_handler is not None:
            socket_mode.close(self._socket_handler)
            self._socket_handler = None
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._server_thread is not None:
            self._server_thread.join(timeout=5)
            self._server_thread = None
        if self._listeners is not None:
            self._listeners.wait_idle(5)  # let a listener in flight finish its writes
        if self.bot is not None:
            self.bot.log.flush(timeout=5)
            self.bot.close()
            self.bot = None
        if self._listeners is not None:
            self._listeners.shutdown(wait=False)
            self._listeners = None
        if self.slack is not None:
            self.slack.stop()
            self.slack = None
        if self.sheets is not None:
            self.sheets.stop()
            self.sheets = None

    def __enter__(self) -> LocalWorkspace:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def bot_url(self) -> str:
        if self._server is None:
            raise WorkspaceError("The workspace is not started.")
        return f"http://127.0.0.1:{self._server.server_address[1]}/slack/events"

    def bot_settings(self) -> Settings:
        """The firm's settings, pointed at the stand-ins."""
        if self.slack is None:
            raise WorkspaceError("The workspace is not started.")
        firm = self.settings.firm_name
        return self.settings.replace(
            # The demo drafts read better signed by a firm than by the placeholder, and the demo
            # firm is in London: its dates, and its phone numbers (GB), are London's.
            firm_name=DEMO_FIRM if firm == SETTINGS_BY_NAME["FIRM_NAME"].default else firm,
            firm_timezone=self._firm_zone(),
            slack_bot_token=BOT_TOKEN,
            slack_signing_secret=SIGNING_SECRET,
            slack_app_token="",
            slack_api_url=self.slack.api_url,
            spreadsheet=self.state.spreadsheet_id,
            data_dir=str(self.data_dir),
        )

    @property
    def _state_path(self) -> Path:
        return self.data_dir / STATE_FILE

    def _save_state(self) -> None:
        self.state.current_user = self.current.user_id
        self.state.save(self._state_path)

    def _start_sheets(self) -> None:
        self.sheets = SheetsStandIn(self.data_dir / SHEETS_FILE).start()
        timeout = self.settings.sheets_timeout_seconds
        self.spreadsheet = _open_log(self.sheets, self.state, timeout)
        provision(self.spreadsheet, load_schema())  # idempotent: changes nothing the second time
        seed_team(self.spreadsheet, self.team)

    def _start_slack(self) -> None:
        self.slack = SlackStandIn(
            bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET, db_path=self.data_dir / SLACK_FILE
        ).start()
        add_to_slack(self.slack, self.team, self.channels())

    def channels(self) -> dict[str, str]:
        """channel ID -> name: #general, the review channel and the digest channel."""
        return demo_channels(self.settings)

    def _offset_to(self, weekday_morning: str) -> float:
        """LOCAL_CLOCK_START: seconds from now to the next such weekday morning, firm time."""
        from sandbox.clock_moves import parse_move

        zone = ZoneInfo(self._firm_zone())
        delta = parse_move(weekday_morning, datetime.now(zone))
        return delta.total_seconds() if delta is not None else 0.0

    def _firm_zone(self) -> str:
        zone = self.settings.firm_timezone
        return DEMO_TIMEZONE if zone == SETTINGS_BY_NAME["FIRM_TIMEZONE"].default else zone

    def _restored_clock(self) -> Clock:
        clock = Clock()
        if self.state.clock_offset_seconds > 0:
            clock.advance(timedelta(seconds=self.state.clock_offset_seconds))
        return clock

    # -- who is who ---------------------------------------------------------------------------

    def person(self, user_id: str) -> Person | None:
        return next((p for p in self.team if p.user_id == user_id), None)

    def name_of(self, user_id: str) -> str:
        person = self.person(user_id)
        if person is not None:
            return person.name
        user = self._slack.user(user_id) if self.slack is not None else None
        return (user or {}).get("real_name") or user_id

    def find_person(self, text: str) -> Person:
        """By name, first name, handle, Slack ID or role ("coordinator"); "me" is You."""
        wanted = text.strip().lstrip("@").casefold()
        if wanted in ("me", "myself"):
            wanted = "you"
        exact = [
            p
            for p in self.team
            if wanted in (p.name.casefold(), p.handle, p.user_id.casefold(), p.role.casefold())
        ]
        partial = [p for p in self.team if wanted and p.name.casefold().startswith(wanted)]
        found = exact or partial
        if len(found) != 1:
            names = ", ".join(p.name for p in self.team)
            if not found:
                raise WorkspaceError(f"No one called {text.strip()!r} here. The team: {names}.")
            raise WorkspaceError(f"{text.strip()!r} could be {', '.join(p.name for p in found)}.")
        return found[0]

    def as_user(self, name: str) -> Person:
        self.current = self.find_person(name)
        self._save_state()
        return self.current

    # -- acting as the current person -----------------------------------------------------------

    def refer(self, text: str, command: str = "/refer") -> Seen:
        """A slash command typed in #general, as Slack sends it (`&`, `<`, `>` escaped)."""
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        user = self.current.user_id
        return self._act(lambda: self._driver.slash_command(user, escaped, command, GENERAL))

    def press(
        self,
        container: dict[str, Any],
        block_id: str,
        action_id: str,
        *,
        in_view: bool = False,
        value: Any = None,
        selected_user: str | None = None,
        selected_date: str | None = None,
    ) -> Seen:
        """Click or choose on an element of a message (or of the Home tab / a modal)."""
        user = self.current.user_id
        place = {"view": container} if in_view else {"container_message": container}

        def click():
            return self._driver.block_action(
                user,
                action_id,
                block_id=block_id,
                selected_option=value,
                selected_user=selected_user,
                selected_date=selected_date,
                **place,
            )

        return self._act(click)

    def log_as_referral(self, message: dict[str, Any], channel_id: str) -> Seen:
        """The message shortcut *Log as referral* used on `message`."""
        user = self.current.user_id
        return self._act(
            lambda: self._driver.open_shortcut(user, "log_as_referral", message, channel_id)
        )

    def submit(self, view: dict[str, Any], values: dict[str, dict[str, Any]]) -> Seen:
        user = self.current.user_id
        return self._act(lambda: self._driver.submit_view(user, view, values), answer=True)

    def close_modal(self) -> None:
        user = self.current.user_id
        if self._slack.views(user):
            self._act(lambda: self._driver.close_view(user))

    def reply(self, text: str, thread_ts: str | None = None) -> Seen:
        """The person types in their DM with the bot (in the thread of `thread_ts` when given)."""
        user = self.current.user_id
        return self._act(lambda: self._driver.message_im(user, text, thread_ts))

    def open_home(self) -> dict[str, Any] | None:
        user = self.current.user_id
        seen = self._act(lambda: self._driver.app_home_opened(user))
        if seen.problem:
            raise WorkspaceError(seen.problem)
        return self._slack.home_view(user)

    def dms(self) -> list[dict[str, Any]]:
        return self._slack.dm_messages(self.current.user_id)

    def ephemerals(self) -> list[dict[str, Any]]:
        return self._slack.ephemerals(self.current.user_id)

    def home_view(self) -> dict[str, Any] | None:
        """The Home tab as last published (open_home asks the bot to publish it afresh)."""
        return self._slack.home_view(self.current.user_id)

    def channel_messages(self, channel_id: str) -> list[dict[str, Any]]:
        return self._slack.messages(channel_id)

    def find_channel(self, text: str) -> str:
        """A channel ID from its name (with or without #) or its ID."""
        wanted = text.strip().lstrip("#").casefold()
        for channel_id, name in self.channels().items():
            if wanted in (name.casefold(), channel_id.casefold()):
                return channel_id
        names = ", ".join("#" + name for name in self.channels().values())
        raise WorkspaceError(f"No channel {text.strip()!r}. The channels: {names}.")

    def modal(self) -> dict[str, Any] | None:
        """The modal on top of the current person's stack, if one is open."""
        stack = self._slack.views(self.current.user_id)
        return stack[-1] if stack else None

    def _act(self, send: Callable[[], Any], answer: bool = False) -> Seen:
        with self._lock:
            before = self._mark()
            problem, body = "", None
            try:
                response = send()
            except SlackRejected as exc:
                problem = f"Slack refused the bot's answer ({exc})."
            except DriverError as exc:
                raise WorkspaceError(str(exc)) from exc
            except requests.RequestException as exc:
                problem = f"The bot did not answer in time ({type(exc).__name__})."
            else:
                problem, body = (
                    _response_problem(response),
                    _json_body(response) if answer else None,
                )
            if not self._wait_for_bot():
                problem = problem or "The bot is still working; look again in a moment."
            seen = self._changes(before)
            seen.problem, seen.answer = problem, body
            return seen

    def _wait_for_bot(self) -> bool:
        return self._listeners is None or self._listeners.wait_idle(BOT_WAIT_SECONDS)

    # -- what changed -------------------------------------------------------------------------

    def _conversations(self) -> Conversations:
        found: Conversations = {cid: (f"#{name}", None) for cid, name in self.channels().items()}
        for person in self.team:
            channel_id = self._slack.dm_channel(person.user_id)
            if channel_id:
                found[channel_id] = (f"DM to {person.name}", person)
        return found

    def _mark(self) -> Mark:
        return Mark.take(self._slack, self._conversations(), self.current.user_id)

    def _changes(self, before: Mark) -> Seen:
        return before.changes(self._slack, self._conversations(), self.current.user_id)

    # -- the sheet and the clock ----------------------------------------------------------------

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every acknowledged write reached the sheet."""
        return self._bot.log.flush(timeout=timeout)

    def sheet_rows(self, tab_title: str) -> tuple[list[str], list[list[str]]]:
        """(headers, rows) of a tab as people see it: formatted, hidden columns left out."""
        self.flush()
        person = self._sheets.person(self.state.spreadsheet_id)
        try:
            grid = person.rows(tab_title)
            hidden_letters = set(person.sheet_properties(tab_title)["hiddenColumns"])
        except LookupError as exc:
            raise WorkspaceError(f"There is no tab {tab_title!r} in the sheet.") from exc
        if not grid:
            return [], []
        width = max(len(row) for row in grid)
        grid = [row + [""] * (width - len(row)) for row in grid]
        keep = [i for i in range(width) if column_letter(i) not in hidden_letters]
        headers = [grid[0][i] for i in keep]
        return headers, [[row[i] for i in keep] for row in grid[1:]]

    def all_messages(self) -> dict[str, list[dict[str, Any]]]:
        """Every message in every conversation of the workspace, by channel ID."""
        return self._slack.all_messages()

    def all_files(self) -> list[dict[str, Any]]:
        return self._slack.files()

    def file_content(self, file_id: str) -> bytes | None:
        """The bytes of a file the bot uploaded (an export sent as a file)."""
        return self._slack.file_content(file_id)

    def sheets_person(self):
        """Someone editing the spreadsheet by hand (sort, insert, retype a cell)."""
        return self._sheets.person(self.state.spreadsheet_id)

    def cell_of(self, referral_id: str, header: str, tab_title: str = "Referrals") -> str:
        """The A1 address of a referral's cell, wherever a person has moved its row."""
        self.flush()
        grid = self.sheets_person().rows(tab_title)
        column = grid[0].index(header)
        for number, row in enumerate(grid[1:], start=2):
            if row and row[0] == referral_id:
                return f"{column_letter(column)}{number}"
        raise WorkspaceError(f"{referral_id} is not in {tab_title}.")

    def is_sheet_link(self, url: str) -> bool:
        return bool(self.state.spreadsheet_id) and self.state.spreadsheet_id in url

    def now(self) -> datetime:
        return self._bot.clock.now()

    @property
    def clock_offset(self) -> timedelta:
        return timedelta(seconds=self.state.clock_offset_seconds)

    def advance(self, delta: timedelta) -> tuple[SweepReport, Seen]:
        """Move the bot's clock forward, run a sweep, and say what it sent."""
        if delta < timedelta():
            raise WorkspaceError("The clock only moves forward.")
        with self._lock:
            before = self._mark()
            moved_to = self._bot.clock.advance(delta)
            self.state.clock_offset_seconds += delta.total_seconds()
            self._save_state()
            try:
                report = self._bot.desk.sweep()
                self._bot.desk.weekly_digest()  # the scheduler's weekly job, when its slot came
                self._wait_for_bot()
            except ReferralDeskError as exc:
                raise WorkspaceError(
                    f"The clock moved to {moved_to:%Y-%m-%d %H:%M} UTC, but the sweep did not "
                    f"finish: {exc} It runs again on the next clock move."
                ) from exc
            return report, self._changes(before)

    # -- checked access -------------------------------------------------------------------------

    @property
    def _slack(self) -> SlackStandIn:
        if self.slack is None:
            raise WorkspaceError("The workspace is not started.")
        return self.slack

    @property
    def _sheets(self) -> SheetsStandIn:
        if self.sheets is None:
            raise WorkspaceError("The workspace is not started.")
        return self.sheets

    @property
    def _bot(self) -> Bot:
        if self.bot is None:
            raise WorkspaceError("The workspace is not started.")
        return self.bot

    @property
    def _driver(self) -> Driver:
        if self.driver is None:
            raise WorkspaceError("The workspace is not started.")
        return self.driver


def _response_problem(response: requests.Response | None) -> str:
    if response is None or response.status_code == 200:
        return ""
    return f"The bot answered HTTP {response.status_code}; details are in {LOG_FILE}."


def _json_body(response: requests.Response | None) -> dict[str, Any] | None:
    if response is None or not response.content.strip():
        return None
    try:
        body = response.json()
    except ValueError:
        return None
    return copy.deepcopy(body) if isinstance(body, dict) else None
