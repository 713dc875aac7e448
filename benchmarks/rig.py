"""The bot wired to both stand-ins, as in production: real gspread to the Sheets stand-in, the real
Bolt app served over HTTP, a Driver sending it signed requests and timing each ack."""

from __future__ import annotations

import tempfile
import threading
import time
from pathlib import Path

import gspread
import requests

from benchmarks import dataset
from benchmarks.naive import ActionsLater, NaiveLog, naive_app
from bot.clock import Clock
from bot.config import Settings
from bot.domain.referral import Referral
from bot.drafts import Drafts
from bot.log.outbox import Outbox
from bot.log.provision import provision
from bot.schema import Schema, load_schema
from bot.services.context import ServiceContext
from bot.services.desk import ReferralDesk
from bot.services.links import RowLinks
from bot.slack.app import make_client, make_http_server
from bot.slack.notify import SlackNotifier
from bot.wiring import Bot, build_bot
from sandbox.sheets import SheetsStandIn, local_client
from sandbox.slack import Driver, SlackStandIn

BOT_TOKEN = "xoxb-bench-0000"
SIGNING_SECRET = "bench-signing-secret"
GENERAL, REVIEW = "C0GENERAL", "C0REVIEW"


class TimedDriver(Driver):
    """Remembers how long the bot took to answer each request (its HTTP ack)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.acks: list[float] = []
        self.spans: list[tuple[float, float]] = []
        """(sent, answered) of each request, on the perf_counter clock."""
        self._acks_lock = threading.Lock()

    def send_raw(self, body: bytes, headers: dict[str, str]) -> requests.Response:
        started = time.perf_counter()
        try:
            return super().send_raw(body, headers)
        finally:
            answered = time.perf_counter()
            with self._acks_lock:
                self.acks.append(answered - started)
                self.spans.append((started, answered))


def sheets_with_log(
    referrals: list[Referral], schema: Schema | None = None
) -> tuple[SheetsStandIn, str]:
    """A running Sheets stand-in holding a provisioned referral log with these rows."""
    schema = schema or load_schema()
    sheets = SheetsStandIn().start()
    sid = sheets.create_spreadsheet("Referral log", [t.title for t in schema.tabs])
    provision(local_client(sheets).open_by_key(sid), schema)
    dataset.load(sheets, sid, schema, referrals)
    return sheets, sid


def slack_with_team() -> SlackStandIn:
    slack = SlackStandIn(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET).start()
    # The figures are the bot's and Google's; Slack's per-channel pace (a message a second) would
    # add its Retry-After waits to them. Pacing under Slack's limits is tested on its own.
    slack.rate_limits.enabled = False
    for member in dataset.TEAM:
        slack.add_user(member.user_id, member.handle, member.name, tz=member.tz)
    everyone = [m.user_id for m in dataset.TEAM]
    slack.add_channel(GENERAL, "general", members=everyone)
    slack.add_channel(REVIEW, "referral-review", members=everyone)
    return slack


class Rig:
    """Everything running; `stop()` takes it down. `naive=True` puts the naive baseline
    (benchmarks/naive.py) in place of the bot's log and Slack app, all else equal."""

    def __init__(self, referrals: list[Referral], naive: bool = False, serve: bool = True):
        self.naive = naive
        self.schema = load_schema()
        self.sheets, self.spreadsheet_id = sheets_with_log(referrals, self.schema)
        self.slack = slack_with_team()
        self._dir = tempfile.TemporaryDirectory(prefix="bench-")
        self.settings = dataset.settings(
            slack_bot_token=BOT_TOKEN,
            slack_signing_secret=SIGNING_SECRET,
            slack_api_url=self.slack.api_url,
            spreadsheet=self.spreadsheet_id,
            data_dir=self._dir.name,
        )
        self.spreadsheet = self.open_spreadsheet()
        clock = Clock(dataset.NOW)
        if naive:
            self.bot = naive_bot(self.settings, self.spreadsheet, self.schema, clock)
        else:
            outbox = Outbox(Path(self._dir.name) / "outbox.sqlite3")
            self.bot = build_bot(self.settings, self.spreadsheet, clock=clock, outbox=outbox)
        self.reads: list[tuple[float, float, str]] = []
        """(start, end, thread) of each full read of the log by ours, to explain slow acks."""
        if not naive:
            self._record_reads()
        self._server = None
        self.driver: TimedDriver | None = None
        self.url = ""
        if serve:
            self._serve()

    def _record_reads(self) -> None:
        # Ours reads through its cache (the delivery's reads too); the naive log reads itself.
        log = getattr(self.bot.log, "cache", self.bot.log)
        original = log.refresh

        def refresh(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                thread = threading.current_thread().name
                self.reads.append((started, time.perf_counter(), thread))

        log.refresh = refresh  # the instance's own calls (self.refresh()) come here too

    def reads_during(self, start: float, end: float) -> set[str]:
        """Threads that were reading the log at some point between start and end."""
        return {thread for a, b, thread in self.reads if a < end and b > start}

    def open_spreadsheet(self) -> gspread.Spreadsheet:
        client = local_client(self.sheets, timeout=self.settings.sheets_timeout_seconds)
        return client.open_by_key(self.spreadsheet_id)

    def _serve(self) -> None:
        self._server = make_http_server(self.bot.app, "127.0.0.1", 0)
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/slack/events"
        # Slack gives up after 3 s; the driver waits longer so slow answers are measured too.
        self.driver = TimedDriver(self.slack, self.url, ack_timeout=60)

    def settle(self, timeout: float = 120) -> None:
        """Wait for the work done after the acks: ours in its outbox writer, the naive app's on
        Bolt's listener threads."""
        if self.naive:
            self.bot.app.finish_work()
        else:
            self.bot.log.flush(timeout)

    def stop(self) -> None:
        if self.naive:
            self.bot.app.finish_work()  # listeners still working would meet stopped stand-ins
        if self.driver is not None:
            self.driver.close()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        self.bot.log.flush(timeout=10)
        idle = getattr(self.bot.desk.ctx.later, "wait_idle", None)
        if idle is not None:
            idle(10)  # DMs still being sent would meet a stopped Slack
        if self.bot.handoff is not None:
            self.bot.handoff.wait_idle(10)
        if not self.naive:
            # A background read of this rig's log still decoding would compete with the next
            # run in this process (one slow request at the start of the next section).
            with self.bot.log.cache.read_lock:
                pass
        self.bot.close()
        if not self.naive:
            self.bot.log.outbox.close()
        self.slack.stop()
        self.sheets.stop()
        self._dir.cleanup()


def naive_bot(settings: Settings, spreadsheet: gspread.Spreadsheet, schema: Schema, clock) -> Bot:
    """The bot's services on the naive log, behind the naive Slack app."""
    drafts = Drafts(settings.firm_name, None, settings.firm_timezone)
    log = NaiveLog(spreadsheet, schema, settings)
    client = make_client(settings)
    notifier = SlackNotifier(client, settings, row_link=RowLinks(log, spreadsheet.url))
    ctx = ServiceContext(log, drafts, settings, notifier, now=clock.now, later=ActionsLater(log))
    desk = ReferralDesk(ctx, sheet_url=spreadsheet.url)
    return Bot(settings, clock, log, desk, naive_app(settings, desk, client, clock), client)
