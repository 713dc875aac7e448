"""The soak's world: the Sheets and Slack stand-ins in this process, the bot in its own.

The bot process (soak/bot_process.py) keeps its outbox and dedup files in DATA_DIR, so a SIGKILL
and a start again on the same folder is what a supervisor does after a crash.
"""

from __future__ import annotations

import json
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from zoneinfo import ZoneInfo

import requests

from bot.log.provision import provision
from bot.schema import load_schema
from sandbox.demo_firm import GENERAL, Person, add_to_slack, seed_team
from sandbox.sheets import SheetsStandIn, local_client
from sandbox.slack import Driver, SlackStandIn

ROOT = Path(__file__).resolve().parents[1]
BOT_TOKEN = "xoxb-soak"
SIGNING_SECRET = "soak-signing-secret"
REVIEW = "C0REVIEW"
FIRM_TZ = "Europe/London"
SWEEP_SECONDS = 1.5
"""The bot process sweeps this often (real seconds): urgent first-contact nudges go out then."""
SUBMITTER = "U0YOU"
OWNERS = ("U0SAM", "U0PRIYA")
TEAM: tuple[Person, ...] = (
    Person("U0YOU", "you", "You", "you@firm.example", "Member"),
    Person("U0ANA", "ana", "Ana Ruiz", "ana@firm.example", "Coordinator", max_active="1000"),
    Person("U0SAM", "sam", "Sam Lee", "sam@firm.example", "Owner", "payroll", max_active="1000"),
    Person(
        "U0PRIYA",
        "priya",
        "Priya Shah",
        "priya@firm.example",
        "Owner",
        "payroll",
        max_active="1000",
    ),
)


def firm_start(now: datetime) -> datetime:
    """A Monday 09:30 in London, a week or more before `now`: the firm's clock starts there and
    runs `speed` times faster than the wall clock, inside a working day and never ahead of the
    real time (Slack's message times are real; a nudge is looked for in the DM after its
    intent's time)."""
    london = now.astimezone(ZoneInfo(FIRM_TZ))
    monday = (london - timedelta(days=london.weekday() + 7)).date()
    return datetime.combine(monday, clock_time(9, 30), ZoneInfo(FIRM_TZ)).astimezone(UTC)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class World:
    def __init__(self, data_dir: Path, firm_speed: float = 60.0):
        """`firm_speed`: firm seconds per real second in the bot process (the first contact is
        due 15 firm minutes after receipt, so nudges come within the run)."""
        self.epoch = datetime.now(UTC)
        self.firm_start, self.firm_speed = firm_start(self.epoch), firm_speed
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.sheets = SheetsStandIn().start()
        self.slack = SlackStandIn(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET).start()
        # A soak sends in minutes what a firm sends in months: Slack's per-channel pace would
        # drop owners' DMs (the faults under test are Google's, and the bot's own kills).
        self.slack.rate_limits.enabled = False
        add_to_slack(self.slack, TEAM, {GENERAL: "general", REVIEW: "referral-review"})
        spreadsheet_id = self.sheets.create_spreadsheet("Referral log")
        spreadsheet = local_client(self.sheets, timeout=10).open_by_key(spreadsheet_id)
        provision(spreadsheet, load_schema())
        seed_team(spreadsheet, TEAM)
        self.person = self.sheets.person(spreadsheet_id)
        self.port = free_port()
        self.driver = Driver(self.slack, f"http://127.0.0.1:{self.port}/slack/events")
        self.spreadsheet_id = spreadsheet_id
        self.bot: subprocess.Popen | None = None
        self.starts = 0

    # --- the bot process -----------------------------------------------------------------------

    def _options(self) -> str:
        settings = {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": self.slack.api_url,
            "SPREADSHEET": self.spreadsheet_id,
            "DATA_DIR": str(self.data_dir),
            "HOST": "127.0.0.1",
            "PORT": self.port,
            "REVIEW_CHANNEL": REVIEW,
            "FIRM_TIMEZONE": FIRM_TZ,
            "SHEETS_TIMEOUT_SECONDS": 1.5,
            "SHEETS_MAX_ATTEMPTS": 3,
            "FIRST_CONTACT_DUE_HOURS": 0.25,
            "TEST_SWEEP_INTERVAL_SECONDS": SWEEP_SECONDS,
        }
        clock = {
            "start": self.firm_start.isoformat(),
            "epoch": self.epoch.isoformat(),
            "speed": self.firm_speed,
        }
        return json.dumps(
            {"settings": settings, "sheets_url": self.sheets.base_url, "clock": clock}
        )

    def start_bot(self, timeout: float = 30.0) -> None:
        log = open(self.data_dir / "bot.log", "a", encoding="utf-8")  # noqa: SIM115 - the child's
        self.bot = subprocess.Popen(
            [sys.executable, "-m", "soak.bot_process", self._options()],
            cwd=ROOT,
            stdout=log,
            stderr=log,
        )
        log.close()
        self.starts += 1
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.bot.poll() is not None:
                raise RuntimeError(f"the bot exited with {self.bot.returncode}; see bot.log")
            try:
                if requests.get(f"http://127.0.0.1:{self.port}/health", timeout=1).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.05)
        raise RuntimeError("the bot did not start in time; see bot.log")

    def kill_bot(self, which: subprocess.Popen | None = None) -> None:
        """SIGKILL (of `which`, by default the running bot): no clean stop, no flush, as a crash
        or an out-of-memory kill."""
        bot = which or self.bot
        if bot is not None and bot.poll() is None:
            bot.send_signal(signal.SIGKILL)
            bot.wait(10)

    def bot_alive(self) -> bool:
        return self.bot is not None and self.bot.poll() is None

    def stop_bot(self) -> None:
        if self.bot_alive():
            self.bot.send_signal(signal.SIGTERM)
            try:
                self.bot.wait(15)
            except subprocess.TimeoutExpired:
                self.kill_bot()

    def pending(self) -> int:
        """Writes the bot still holds in its outbox (read from its file, as a person could)."""
        return self._outbox_count("pending")

    def failed(self) -> int:
        return self._outbox_count("failed")

    def _outbox_count(self, state: str) -> int:
        path = self.data_dir / "outbox.sqlite3"
        if not path.exists():
            return 0
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            return db.execute("SELECT count(*) FROM outbox WHERE state = ?", (state,)).fetchone()[0]
        finally:
            db.close()

    def close(self) -> None:
        self.stop_bot()
        self.driver.close()
        self.slack.stop()
        self.sheets.stop()
