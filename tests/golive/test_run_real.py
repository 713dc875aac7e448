"""`python run.py` for a real firm, as a subprocess: a service-account key file, Socket Mode
tokens and the stand-ins' addresses; a referral logged through Slack, the sweep firing on its
interval, and a clean stop on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from firm import make_firm

from sandbox.slack import Driver, SocketModeTransport

ROOT = Path(__file__).resolve().parents[2]
COMPLETE = (
    "Jane Doe &lt;jane@acme.com&gt; from Alex Kim &lt;alex@client.com&gt;: needs payroll help"
)


class Running:
    """The bot's process, with what it logs collected as it goes."""

    def __init__(self, env: dict[str, str], cwd: Path):
        clean = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("SLACK_", "GOOGLE_", "LOCAL_", "TEST_"))
            and k not in ("SPREADSHEET", "DATA_DIR")
        }
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "run.py")],
            env={**clean, **env, "PYTHONIOENCODING": "utf-8"},
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for_line(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [line for line in self.lines if text in line]
            if found:
                return found[0]
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"no {text!r} in the bot's output:\n" + "\n".join(self.lines))

    def stop(self, timeout: float = 30.0) -> int:
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=timeout)
        self._reader.join(timeout=5)
        return code

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def firm(tmp_path):
    made = make_firm(tmp_path)
    yield made
    made.stop()


def rows_of(firm) -> list[list[str]]:
    return firm.sheets.person(firm.spreadsheet_id).rows("Referrals")[1:]


def test_run_py_for_a_real_firm_logs_a_referral_sweeps_and_stops_on_sigterm(firm, tmp_path):
    bot = Running(firm.env(TEST_SWEEP_INTERVAL_SECONDS="1"), cwd=tmp_path)
    try:
        assert firm.slack.socket_mode.wait_connected(timeout=30), "\n".join(bot.lines)
        driver = Driver(firm.slack, transport=SocketModeTransport(firm.slack.socket_mode))
        response = driver.slash_command("U0YOU", COMPLETE, channel_id="C0GENERAL")
        assert response.status_code == 200

        deadline = time.monotonic() + 20
        while not rows_of(firm) and time.monotonic() < deadline:
            time.sleep(0.05)
        (row,) = rows_of(firm)
        assert row[0] == "R-0001" and "Jane Doe" in row

        assert "sweep:" in bot.wait_for_line("sweep:", timeout=20)
        assert firm.sheets.sign_in.grants >= 1  # it signed in with its key, as with Google
        assert bot.stop() == 0
    finally:
        bot.kill()
    output = "\n".join(bot.lines)
    assert "stopping (SIGTERM)" in output and "stopped" in output
    assert "Traceback" not in output
    assert "xoxb-" not in output and "xapp-" not in output  # tokens never logged


def test_a_clean_stop_delivers_what_google_could_not_take_before(firm, tmp_path):
    """Google is down when a referral is logged: the person is told "Logged" (it is in the
    outbox), and SIGTERM a moment later, once Google is back, waits for the row to reach the
    sheet rather than leaving it for the next start."""
    bot = Running(firm.env(), cwd=tmp_path)
    try:
        assert firm.slack.socket_mode.wait_connected(timeout=30), "\n".join(bot.lines)
        driver = Driver(firm.slack, transport=SocketModeTransport(firm.slack.socket_mode))
        firm.sheets.faults.outage(2.0)
        driver.slash_command("U0YOU", COMPLETE, channel_id="C0GENERAL")
        deadline = time.monotonic() + 20
        while not logged_told(firm) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert logged_told(firm), "\n".join(bot.lines)
        assert rows_of(firm) == []  # still in the outbox: Google is down
        assert bot.stop() == 0
    finally:
        bot.kill()
    (row,) = rows_of(firm)
    assert row[0] == "R-0001" and "Jane Doe" in row
    assert "still queued" not in "\n".join(bot.lines)


def logged_told(firm) -> bool:
    return any("Logged" in e.get("text", "") for e in firm.slack.ephemerals("U0YOU"))


def one_line(bot: Running) -> str:
    code = bot.process.wait(timeout=60)
    bot._reader.join(timeout=5)
    assert code == 2, "\n".join(bot.lines)
    output = "\n".join(bot.lines)
    assert "Traceback" not in output
    (line,) = [line for line in bot.lines if line.startswith("Referral Desk cannot start:")]
    return line


def test_a_token_without_a_scope_the_bot_needs_stops_start_in_one_line(firm, tmp_path):
    from firm import BOT_TOKEN

    from bot.golive.probes import manifest_scopes

    firm.slack.tokens.set_scopes(BOT_TOKEN, manifest_scopes() - {"chat:write"})
    line = one_line(Running(firm.env(), cwd=tmp_path))
    assert "the token lacks chat:write" in line and "reinstall the app" in line


def test_no_route_to_slack_stops_start_in_one_line(firm, tmp_path):
    line = one_line(Running(firm.env(SLACK_API_URL="http://127.0.0.1:9/api/"), cwd=tmp_path))
    assert "Cannot reach Slack (127.0.0.1:9)" in line


def test_a_rejected_key_stops_start_in_one_line(firm, tmp_path):
    firm.sheets.sign_in.delete_key("referral-desk@firm-project.iam.gserviceaccount.com", "key-1")
    line = one_line(Running(firm.env(), cwd=tmp_path))
    assert "Google rejected the service-account key (invalid_grant: Invalid JWT Signature.)" in line
