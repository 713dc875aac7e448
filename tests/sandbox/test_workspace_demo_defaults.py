"""The demo and the defaults agree: the demo firm's phone numbers are British, the README's
session reads the same on any weekday, and the demo script on a used folder says why it stops."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from test_workspace_console import Typist

from bot.config import Settings
from sandbox.clock_moves import parse_move
from sandbox.console.session import run_console
from sandbox.workspace import LocalWorkspace

DEMO = (Path(__file__).parents[2] / "docs" / "demo.txt").read_text().splitlines()
FRIDAY_EVENING = datetime(2026, 3, 6, 18, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")


def console(ws: LocalWorkspace, lines: list[str]) -> tuple[int, str]:
    screen = io.StringIO()
    code = run_console(ws, Typist(screen, list(lines)), screen)
    return code, screen.getvalue()


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 3, 6, 18, 0, tzinfo=LONDON), datetime(2026, 3, 9, 9, 30, tzinfo=LONDON)),
        (datetime(2026, 3, 9, 8, 0, tzinfo=LONDON), datetime(2026, 3, 9, 9, 30, tzinfo=LONDON)),
        (datetime(2026, 3, 9, 10, 0, tzinfo=LONDON), datetime(2026, 3, 16, 9, 30, tzinfo=LONDON)),
    ],
)
def test_clock_moves_to_the_next_weekday_morning(now, expected):
    assert now + parse_move("monday 09:30", now) == expected
    assert parse_move("someday 09:30", now) is None


def test_the_demo_firm_takes_its_own_british_numbers(tmp_path):
    with (
        time_machine.travel(FRIDAY_EVENING, tick=True),
        LocalWorkspace(Settings({"DATA_DIR": str(tmp_path)}), tmp_path) as ws,
    ):
        assert ws.bot.settings.default_phone_region == "GB"
        ws.refer("Jane Doe 07700 900123 from Alex Kim: needs payroll help")
        headers, rows = ws.sheet_rows("Referrals")
        assert rows[0][headers.index("Lead phone")] == "+447700900123"


def test_the_demo_script_reads_the_same_when_run_on_a_friday_evening(tmp_path):
    with (
        time_machine.travel(FRIDAY_EVENING, tick=True),
        LocalWorkspace(Settings({"DATA_DIR": str(tmp_path)}), tmp_path) as ws,
    ):
        code, screen = console(ws, DEMO)
        assert code == 0, screen
        assert "A fresh workspace" in screen
        assert "Clock moved to Mon" in screen  # the script starts on Monday 09:30
        assert "Something went wrong" not in screen and "There is no button" not in screen
        headers, rows = ws.sheet_rows("Referrals")
        assert rows[0][headers.index("Stage")] == "Won"


def test_the_demo_script_on_a_used_folder_says_why_it_stops(tmp_path):
    settings = Settings({"DATA_DIR": str(tmp_path)})
    with time_machine.travel(FRIDAY_EVENING, tick=True):
        with LocalWorkspace(settings, tmp_path) as ws:
            console(ws, DEMO)
        with LocalWorkspace(settings, tmp_path) as ws:
            code, screen = console(ws, DEMO)
            _, rows = ws.sheet_rows("Referrals")
    assert code == 1
    assert "already has 1 referral, and this script expects none" in screen
    assert "DATA_DIR=$(mktemp -d)" in screen
    assert len(rows) == 1  # nothing of the script ran a second time


def test_local_clock_start_begins_a_fresh_workspace_on_that_weekday_morning(tmp_path):
    settings = Settings({"DATA_DIR": str(tmp_path), "LOCAL_CLOCK_START": "tuesday 09:00"})
    with time_machine.travel(FRIDAY_EVENING, tick=False), LocalWorkspace(settings, tmp_path) as ws:
        local = ws.now().astimezone(LONDON)
        assert (local.strftime("%A %H:%M"), local.date()) == (
            "Tuesday 09:00",
            datetime(2026, 3, 10).date(),
        )
        assert ws.clock_offset > timedelta(days=3)
