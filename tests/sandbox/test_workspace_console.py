"""The console driven by a scripted stdin, as `python run.py < demo.txt` drives it. A step of the
script may read the screen first (the number of a button, the field a form asks for), the way a
person would."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine

from bot.config import Settings
from sandbox.console.session import run_console
from sandbox.workspace import LocalWorkspace

COMPLETE = "/refer Jane Doe <jane@acme.com> from Alex Kim: needs payroll help"
MONDAY_MORNING = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)

Step = str | Callable[[str], str]


class Typist(io.TextIOBase):
    """A stdin that types the script's lines; a callable step sees the screen so far."""

    def __init__(self, screen: io.StringIO, steps: list[Step]):
        self.screen = screen
        self.steps = iter(steps)

    def readline(self, size: int = -1) -> str:
        step = next(self.steps, None)
        if step is None:
            return ""
        return (step(self.screen.getvalue()) if callable(step) else step) + "\n"

    def isatty(self) -> bool:
        return False


def run(ws: LocalWorkspace, steps: list[Step]) -> str:
    screen = io.StringIO()
    assert run_console(ws, Typist(screen, steps), screen) == 0
    return screen.getvalue()


def press(label: str) -> Callable[[str], str]:
    """`press N` for the last button with this label on screen."""

    def step(screen: str) -> str:
        numbers = re.findall(rf"\[(\d+)\] {re.escape(label)}", screen)
        assert numbers, f"no [N] {label} on screen"
        return f"press {numbers[-1]}"

    return step


def form(answers: dict[str, list[str]], then: str = "") -> Callable[[str], str]:
    """Answers a form field by field: the field's label picks the next answer, Enter keeps."""

    def step(screen: str) -> str:
        prompt = screen.rstrip("\n").rsplit("\n", 1)[-1]
        for label, queue in answers.items():
            if prompt.strip().startswith(label + " (") and queue:
                return queue.pop(0)
        return ""

    return step


def sheet_cell(screen: str, column: str, referral_id: str) -> str:
    """The cell under `column` in the row of `referral_id`, from the last printed table."""
    lines = screen.split("\n")
    for at in range(len(lines) - 2, -1, -1):
        header, rule = lines[at], lines[at + 1]
        if column not in header or not rule.startswith("-"):
            continue
        spans = [m.span() for m in re.finditer(r"-+", rule)]
        for row in lines[at + 2 :]:
            if row.startswith(referral_id):
                for start, end in spans:
                    if header[start:end].strip() == column:
                        return row[start:end].strip()
    raise AssertionError(f"no {column} for {referral_id} on screen")


@pytest.fixture
def ws(tmp_path) -> Iterator[LocalWorkspace]:
    settings = Settings({"DATA_DIR": str(tmp_path), "FIRM_TIMEZONE": "Europe/London"})
    with time_machine.travel(MONDAY_MORNING, tick=True), LocalWorkspace(settings, tmp_path) as ws:
        yield ws


def test_refer_then_the_owner_answers_the_dm_and_the_sheet_shows_it(ws):
    screen = run(ws, [COMPLETE, "as Sam Lee", "dms", press("Follow-up sent"), "sheet", "quit"])
    assert "You> /refer Jane Doe <jane@acme.com> from Alex Kim" in screen  # the command echoed
    assert "Logged R-0001 Jane Doe" in screen
    assert "-> DM to Sam Lee: New referral for you: R-0001 Jane Doe" in screen
    assert "Sam Lee> dms" in screen
    assert "Hi Jane," in screen  # the drafted first contact in Sam's DM
    assert "Updated in place:" in screen
    assert sheet_cell(screen, "Touches", "R-0001") == "1"
    assert sheet_cell(screen, "Stage", "R-0001") == "Contacted"
    assert sheet_cell(screen, "Follow-up status", "R-0001") == "Follow-up sent"


def test_the_form_is_walked_field_by_field_and_an_inline_error_is_fixed(ws):
    answers = {
        "Name of the person referred": ["Jane Doe"],
        "Their company": ["Acme"],
        "Their email": ["jane(at)acme.com", "jane@acme.com"],
        "Referred by": ["Alex Kim"],
        "Referrer type": ["1"],
        "Context": ["needs payroll help"],
    }
    fill = form(answers)
    screen = run(ws, ["/refer", *[fill] * 20, "sheet", "quit"])
    assert "Form: Log a referral" in screen
    assert "Name of the person referred (required): Jane Doe" in screen
    assert "1) Client  2) Partner" in screen  # a select shows numbered options
    assert "The form has 1 problem" in screen
    assert "Their email (optional) [jane(at)acme.com]: jane@acme.com" in screen  # asked again
    assert "Submitted." in screen
    assert "Logged R-0001 Jane Doe, Acme" in screen
    assert not any(answers.values())  # every answer was used
    assert sheet_cell(screen, "Lead email", "R-0001") == "jane@acme.com"
    assert sheet_cell(screen, "Referrer type", "R-0001") == "Client"


def test_cancel_abandons_the_form_and_logs_nothing(ws):
    screen = run(ws, ["/refer Bob Stone bob@example.com", "", "cancel", "sheet", "quit"])
    assert "Still needed: referred by." in screen
    assert "Form closed; nothing was submitted." in screen
    assert "Referrals: no rows yet." in screen
    assert ws.modal() is None


def test_moving_the_clock_shows_the_nudges_that_arrived(ws):
    screen = run(ws, [COMPLETE, "clock +2d", "clock", "quit"])
    assert "Clock moved to Wed 2026-03-04" in screen
    assert re.search(r"-> DM to Sam Lee: .*R-0001", screen.split("clock +2d", 1)[1])
    assert "Sweep: " in screen
    assert "(2d ahead of real time)" in screen


def test_a_second_referrer_of_the_same_lead_raises_a_conflict_for_coordinators(ws):
    second = "/refer Jane Doe <jane@acme.com> from Pat Lee: met her at a conference"
    screen = run(ws, [COMPLETE, "sheet", second, "as Ana", "channel", "quit"])
    after_second = screen.split(second, 1)[1]
    assert "already referred by Alex Kim" in after_second
    assert "-> #referral-review:" in after_second
    assert "R-0002" not in after_second  # no second record of the same lead
    assert "[1] Credit Alex Kim" in after_second and "[2] Credit Pat Lee" in after_second


def test_bad_input_gets_a_one_line_hint_and_never_a_traceback(ws):
    screen = run(
        ws,
        [
            "bogus",
            "refer Jane",
            "/foo",
            "press",
            "press 7",
            "as Nobody",
            "sheet Nowhere",
            "sheet R-0404",
            "clock sometime",
            "reply",
            "# a comment is ignored",
            "help",
        ],
    )
    assert "I don't know 'bogus'. Type help" in screen
    assert "did you mean /refer Jane?" in screen
    assert "/foo is not installed here" in screen
    assert "Say which button: press 2" in screen
    assert "There is no button [7]" in screen
    assert "No one called 'Nobody' here" in screen
    assert "No tab 'Nowhere'" in screen
    assert "There is no R-0404 in the sheet." in screen
    assert "Move the clock like this" in screen
    assert "Say what to type: reply sent" in screen
    assert "press N" in screen  # the help
    assert "Traceback" not in screen
    assert screen.rstrip().endswith("run python run.py again to carry on.")  # EOF quits politely


def test_a_typed_reply_in_the_dm_is_answered(ws):
    screen = run(ws, [COMPLETE, "as Sam", "reply sent", "sheet R-0001", "quit"])
    assert "Sam Lee> reply sent" in screen
    assert "DM from Referral Desk to Sam Lee:" in screen
    assert re.search(r"Touches\s+1", screen)


def test_who_lists_the_team_and_marks_you(ws):
    screen = run(ws, ["as Priya", "who", "quit"])
    assert re.search(r"Priya Shah \(you\)\s+Owner\s+audit, advisory", screen)
    assert re.search(r"Ana Ruiz\s+Coordinator", screen)


def test_a_message_in_a_channel_is_logged_with_the_shortcut(ws):
    fill = form({"Referred by": ["Sam Lee"]})
    post = "post Meet Bo Park <bo@park.io>, a friend who needs an audit"
    screen = run(ws, [post, "log", *([fill] * 14), "sheet", "quit"])
    assert "Posted in #general." in screen
    assert "Name of the person referred (required) [Bo Park]" in screen
    assert "Logged R-0001 Bo Park" in screen
    assert sheet_cell(screen, "Channel", "R-0001") == "Message shortcut"
    assert sheet_cell(screen, "Referred by", "R-0001") == "Sam Lee"


def test_the_demo_script_in_the_docs_runs_clean(ws):
    lines = (Path(__file__).parents[2] / "docs" / "demo.txt").read_text().splitlines()
    screen = run(ws, lines)
    assert "Something went wrong" not in screen and "That did not work" not in screen
    assert "There is no button" not in screen
    assert sheet_cell_card(screen, "Stage") == "Won"
    assert sheet_cell_card(screen, "Thank-you status") == "Sent"
    assert re.search(r"Nudge sent\s+Second touch", screen)  # the Activity tab, in words


def sheet_cell_card(screen: str, label: str) -> str:
    """A value from the last `sheet R-0001` card on screen."""
    values = re.findall(rf"^\s+{re.escape(label)}\s{{2,}}(.+)$", screen, re.M)
    assert values, f"no {label} on screen"
    return values[-1].strip()
