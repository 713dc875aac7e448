"""Build the bot from settings: drafts, the log, the Slack client and notifier, the desk, the app."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import gspread
from slack_bolt import App
from slack_sdk import WebClient

from bot.clock import Clock
from bot.config import Settings
from bot.drafts import Drafts
from bot.errors import SheetUnavailableError
from bot.log.outbox import Outbox
from bot.log.sheet import SheetLog
from bot.schema import load_schema
from bot.services.context import Background, ServiceContext
from bot.services.desk import ReferralDesk
from bot.services.links import RowLinks
from bot.slack.after_ack import AfterAck
from bot.slack.app import build_app, make_client
from bot.slack.dedup import Deliveries
from bot.slack.notify import SlackNotifier
from bot.slack.shown import Shown

logger = logging.getLogger(__name__)

STOP_GRACE_SECONDS = 8.0


@dataclass
class Bot:
    settings: Settings
    clock: Clock
    log: SheetLog
    desk: ReferralDesk
    app: App
    client: WebClient
    handoff: AfterAck | None = None
    """The threads listeners run on after their ack (None: on Bolt's, as the naive app)."""

    def read_log(self) -> None:
        """Read the log (and index it) before serving: the first Slack action after a start must
        not wait for the whole sheet. Google being down is not fatal: coordinators are told, the
        outbox takes captures, and the log is read again in the background."""
        try:
            self.log.snapshot()
        except SheetUnavailableError as exc:
            logger.warning("Could not read the log before serving: %s", exc)

    def finish(self, seconds: float = STOP_GRACE_SECONDS) -> bool:
        """Before a clean stop, once Slack can no longer reach the bot: the answers it already
        acknowledged run to their end, the work handed to the background too, and the outbox
        is delivered while Google answers, all within `seconds` (a supervisor's SIGKILL comes
        after about ten). False when something is still held; it waits safely in the outbox."""
        deadline = time.monotonic() + seconds
        listeners = self.app.listener_runner.listener_executor
        finishing = threading.Thread(target=listeners.shutdown, name="finishing", daemon=True)
        finishing.start()
        finishing.join(max(0.0, deadline - time.monotonic()))
        if self.handoff is not None:
            self.handoff.wait_idle(max(0.0, deadline - time.monotonic()))
        wait_idle = getattr(self.desk.ctx.later, "wait_idle", None)
        if wait_idle is not None:
            wait_idle(max(0.0, deadline - time.monotonic()))
        return self.log.flush(max(0.0, deadline - time.monotonic()))

    def close(self) -> None:
        self.desk.weekly.close()
        self.log.close()


def build_bot(
    settings: Settings,
    spreadsheet: gspread.Spreadsheet,
    client: WebClient | None = None,
    clock: Clock | None = None,
    outbox: Outbox | None = None,
    later: Callable[[Callable[[], None]], None] | None = None,
) -> Bot:
    """`later` runs work nobody waits for (DMs after a capture); by default a thread pool."""
    clock = clock or Clock()
    drafts = Drafts(
        settings.firm_name, settings.templates_override_dir or None, settings.firm_timezone
    )
    log = SheetLog(
        spreadsheet, load_schema(), settings, outbox or Outbox.for_settings(settings), now=clock.now
    )
    client = client or make_client(settings)
    notifier = SlackNotifier(
        client,
        settings,
        row_link=RowLinks(log, spreadsheet.url),
        clock=clock.now,
        shown=Shown.for_settings(settings),
    )
    ctx = ServiceContext(
        log, drafts, settings, notifier, now=clock.now, later=later or Background()
    )
    desk = ReferralDesk(ctx, sheet_url=spreadsheet.url)
    notifier.desk = desk  # App Homes and morning lists redrawn after a sweep (issue 7)
    log.health.tell = notifier.sheet_notice
    # Slack's retries and replayed payloads are applied once, also across a restart, and also
    # when the bot died after a request's writes were durable but before it was completed.
    handoff = AfterAck()
    app = build_app(
        settings,
        desk,
        client,
        clock=clock,
        deliveries=Deliveries.for_settings(settings),
        applied=log.applied,
        handoff=handoff,
    )
    return Bot(settings, clock, log, desk, app, client, handoff)
