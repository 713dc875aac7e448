"""The naive baseline: the referral log the way a first gspread script keeps it, and a Slack app that
runs on Bolt's defaults.

- each action reads the log once, with `get_all_records` of the tab (kept for that action only,
  and read again after the action's own write);
- a capture is `append_row` for the referral plus `append_rows` for its Activity;
- an update writes at the row where that read found the referral (`worksheet.find` only when it
  was not in the read), one `update_cell` per changed cell.

It keeps the ReferralLog contract, so the very same services (duplicates, routing, cadence, drafts)
run on top of it: the only differences measured are how the sheet is used and when Slack is answered.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext

import gspread
from gspread.utils import ValueInputOption
from slack_bolt import App
from slack_sdk import WebClient

from bot.clock import Clock
from bot.config import Settings
from bot.domain.referral import Activity, Referral, TeamMember
from bot.domain.timefmt import format_dt
from bot.log.base import Adoption, Snapshot, format_id, id_number
from bot.schema import Schema, Tab
from bot.services.context import Background
from bot.slack.context import FirmTime
from bot.slack.listeners import register_listeners

RAW = ValueInputOption.raw


class NaiveLog:
    def __init__(
        self,
        spreadsheet: gspread.Spreadsheet,
        schema: Schema,
        settings: Settings,
        rows_from_read: bool = True,
    ):
        self.schema, self.settings = schema, settings
        self.spreadsheet = spreadsheet
        self.rows_from_read = rows_from_read
        """The row of a referral is its place in the action's own read (False: `find` it)."""
        self.tabs = {
            key: spreadsheet.worksheet(schema.tab(key).title)
            for key in ("referrals", "activity", "team")
        }
        self.headers = {key: tab.row_values(1) for key, tab in self.tabs.items()}
        self._rows: dict[str, int] = {}
        self._highest = 0
        self._lock = threading.Lock()
        self._intents: dict[str, str] = {}
        self._action = threading.local()

    def begin_action(self) -> None:
        """A new action on this thread: its first snapshot reads the sheet again."""
        self._action.snapshot = None

    def snapshot(self, max_age: float | None = None) -> Snapshot:
        cached = getattr(self._action, "snapshot", None)
        if cached is not None and max_age != 0:
            return cached  # a script reads once per action, not once per question it asks
        self._action.snapshot = self._read()
        return self._action.snapshot

    def _read(self) -> Snapshot:
        referrals = [Referral.from_row(r) for r in self._records("referrals")]
        team = [TeamMember.from_row(r) for r in self._records("team")]
        with self._lock:
            self._rows = {r.id: i + 2 for i, r in enumerate(referrals)}
            numbers = [id_number(r.id) for r in referrals]
            self._highest = max([self._highest, *numbers])
        return Snapshot(tuple(r for r in referrals if r.id), tuple(team))

    def append_referral(self, referral: Referral, activity: list[Activity]) -> Referral:
        self.begin_action()  # after its own write, the action reads again
        with self._lock:
            self._highest += 1
            stored = referral.with_changes({"id": format_id(self._highest)})
        self.tabs["referrals"].append_row(self._line("referrals", stored.to_row()), RAW)
        rows = [self._activity_line(a, stored.id) for a in activity]
        if rows:
            self.tabs["activity"].append_rows(rows, RAW)
        return stored

    def update(self, changes: dict[str, dict[str, str]], activity: list[Activity]) -> None:
        self.begin_action()
        sheet = self.tabs["referrals"]
        for referral_id, cells in changes.items():
            row = self._rows.get(referral_id) if self.rows_from_read else None
            if row is None:
                row = sheet.find(referral_id, in_column=1).row
            for key, text in cells.items():
                sheet.update_cell(row, self._column("referrals", key), text)
        rows = [self._activity_line(a, a.referral_id) for a in activity]
        if rows:
            self.tabs["activity"].append_rows(rows, RAW)

    def adopt(self, rows: list[Adoption]) -> list[str]:
        return [""] * len(rows)  # the benchmark's logs have no hand-typed rows

    def intend(self, key: str, stamp: str) -> None:
        self._intents[key] = stamp

    def intent(self, key: str) -> str:
        return self._intents.get(key, "")

    def forget_intent(self, key: str) -> None:
        self._intents.pop(key, None)

    def intents_starting(self, prefix: str) -> dict[str, str]:
        return {k: v for k, v in self._intents.items() if k.startswith(prefix)}

    def row_link(self, referral_id: str) -> str:
        return ""  # a first script links the sheet, not the row

    def flush(self, timeout: float | None = None) -> bool:
        return True  # every write above was synchronous

    def close(self, timeout: float = 5.0) -> None:
        return None

    def holding(self) -> AbstractContextManager[None]:
        return nullcontext()  # a naive script writes each change as it goes

    def read_activity(self) -> list[Activity]:
        return [
            Activity(**{k: r.get(k, "") for k in Activity.__dataclass_fields__})
            for r in self._records("activity")
        ]

    def write_dashboard(self, a1_range: str, values: list[list]) -> None:
        self.spreadsheet.values_update(a1_range, {"valueInputOption": "RAW"}, {"values": values})

    # --- by header name, as a careful script would ---------------------------------------------

    def _tab(self, key: str) -> Tab:
        return self.schema.tab(key)

    def _records(self, key: str) -> list[dict[str, str]]:
        by_header = {c.header: c.key for c in self._tab(key).columns}
        records = self.tabs[key].get_all_records(numericise_ignore=["all"])
        return [
            {by_header[h]: str(v) for h, v in record.items() if h in by_header}
            for record in records
        ]

    def _column(self, key: str, column_key: str) -> int:
        return self.headers[key].index(self._tab(key).column(column_key).header) + 1

    def _line(self, key: str, values: dict[str, str]) -> list[str]:
        by_header = {c.header: c.key for c in self._tab(key).columns}
        return [values.get(by_header.get(h, ""), "") for h in self.headers[key]]

    def _activity_line(self, activity: Activity, referral_id: str) -> list[str]:
        row = activity.to_row()
        row["referral_id"] = row["referral_id"] or referral_id
        row["when"] = row["when"] or format_dt(None, self.settings.firm_timezone)
        return self._line("activity", row)


class ActionsLater(Background):
    """The services' background work (the DMs after a capture), each task one action."""

    def __init__(self, log: NaiveLog):
        super().__init__()
        self._log = log

    def __call__(self, task) -> None:
        def action() -> None:
            self._log.begin_action()
            task()

        super().__call__(action)


class _Actions(ThreadPoolExecutor):
    """Bolt's default pool (five threads); each listener it runs is one action of the log's."""

    def __init__(self, log: NaiveLog):
        super().__init__(max_workers=5)  # what Bolt makes when given none
        self._log = log
        self._busy = 0
        self._idle = threading.Condition()

    def submit(self, fn, /, *args, **kwargs):
        def action():
            try:
                self._log.begin_action()
                return fn(*args, **kwargs)
            finally:
                with self._idle:
                    self._busy -= 1
                    self._idle.notify_all()

        with self._idle:
            self._busy += 1
        return super().submit(action)

    def wait_idle(self, timeout: float) -> bool:
        with self._idle:
            return self._idle.wait_for(lambda: self._busy == 0, timeout)


class NaiveApp(App):
    """Bolt on its defaults (five listener threads, the answer at `ack()`), with a way to wait for
    the work those threads still do after the ack."""

    def __init__(self, settings: Settings, client: WebClient, log: NaiveLog):
        self._work_threads = _Actions(log)
        super().__init__(
            client=client,
            signing_secret=settings.slack_signing_secret,
            name="referral-desk-naive",
            listener_executor=self._work_threads,
        )

    def finish_work(self) -> None:
        self._work_threads.shutdown(wait=True)

    def wait_idle(self, timeout: float = 120) -> bool:
        """Every listener's work done; the app still serves."""
        return self._work_threads.wait_idle(timeout)


def naive_app(settings: Settings, desk, client: WebClient, clock: Clock) -> App:
    """The same listeners on Bolt's defaults: the naive cost is the gspread work the five listener
    threads do after the ack, which the next requests queue behind."""
    app = NaiveApp(settings, client, desk.ctx.log)
    register_listeners(app, desk, FirmTime(settings.firm_timezone, clock.now))
    return app
