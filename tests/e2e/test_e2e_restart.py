"""A process killed in the middle of a sweep, with real gspread, the Sheets stand-in and the
durable outbox: after the restart no morning list is repeated and no listing is lost."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import gspread
import pytest

from bot.config import Settings
from bot.drafts import Drafts
from bot.log.outbox import Outbox
from bot.log.provision import provision
from bot.log.sheet import SheetLog
from bot.schema import load_schema
from bot.services.context import ServiceContext
from bot.services.desk import ReferralDesk
from bot.services.types import Actor, Submission
from sandbox.sheets import SheetsStandIn, local_client

TEAM = [
    ["Ana Ruiz", "UANA", "ana@firm.test", "Coordinator", "", "", "", "Yes", "UTC", ""],
    ["Sam Lee", "USAM", "sam@firm.test", "Owner", "payroll", "", "", "Yes", "UTC", ""],
]


class Notifier:
    def __init__(self):
        self.lists: list[tuple[str, tuple[str, ...]]] = []

    def reminder_list(self, user_id, morning):
        self.lists.append((user_id, tuple(line.item for line in morning.lines)))
        return f"D{len(self.lists)}:1.0"

    def reminder_list_sent(self, user_id, day, since):
        return ""  # a DM history with nothing in it: only the kept record can say it went out

    def user_tz(self, user_id):
        return ""

    def __getattr__(self, name):  # the other messages do not matter here
        return lambda *args, **kwargs: "D1:1.0"


class Clock:
    moment = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # a Monday

    def now(self):
        return self.moment


@pytest.fixture
def world(tmp_path):
    stand_in = SheetsStandIn().start()
    client = local_client(stand_in, timeout=2)
    spreadsheet = client.open_by_key(stand_in.create_spreadsheet("Referral log"))
    provision(spreadsheet, load_schema())
    spreadsheet.worksheet("Team").append_rows(TEAM, value_input_option="RAW")
    yield stand_in, spreadsheet, tmp_path
    stand_in.stop()


def desk_on(spreadsheet: gspread.Spreadsheet, outbox_path, clock, notifier):
    settings = Settings({"DATA_DIR": str(outbox_path.parent), "FIRM_TIMEZONE": "UTC"})
    log = SheetLog(spreadsheet, load_schema(), settings, Outbox(outbox_path), now=clock.now)
    drafts = Drafts("Hartley & Moss")
    ctx = ServiceContext(log, drafts, settings, notifier, clock.now, later=lambda task: task())
    return ReferralDesk(ctx), log


def test_killed_after_nudging_before_writing_repeats_and_loses_nothing(world):
    stand_in, spreadsheet, tmp_path = world
    clock, notifier = Clock(), Notifier()
    desk, log = desk_on(spreadsheet, tmp_path / "outbox.sqlite3", clock, notifier)
    fields = {"lead_name": "Jane Doe", "lead_email": "jane@acme.com", "referred_by": "Alex Kim"}
    fields["context"] = "payroll"
    desk.refer(Submission(fields, "Modal"), Actor("UANA"))
    assert log.flush(timeout=5)

    clock.moment += timedelta(hours=25)
    log.writer.stop(5)  # the process dies before its writer sends anything more
    desk.sweep()
    sent_before_the_kill = list(notifier.lists)
    assert sorted(sent_before_the_kill) == [
        ("UANA", ("R-0001|thank_you",)),
        ("USAM", ("R-0001|first_contact",)),
    ]
    assert stand_in.person(spreadsheet.id).rows("Activity")[-1][3] != "Nudge sent"

    restarted, log2 = desk_on(spreadsheet, tmp_path / "outbox.sqlite3", clock, notifier)
    restarted.sweep()
    assert log2.flush(timeout=5)
    restarted.sweep()

    assert notifier.lists == sent_before_the_kill  # nothing sent twice
    whats = [row[3] for row in stand_in.person(spreadsheet.id).rows("Activity")[1:]]
    assert whats.count("Nudge sent") == 2  # and every listing recorded
    log2.close()
