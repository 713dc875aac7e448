"""Set-up mistakes through the real entry point: one line that says what to do, no traceback
(unless LOG_LEVEL=DEBUG), and never a silent local workspace when some credentials are set."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from keys import write_key_file

ROOT = Path(__file__).resolve().parents[2]


def run_py(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "GOOGLE_", "LOCAL_"))
        and k not in ("SPREADSHEET", "DATA_DIR")
    }
    clean.update(DATA_DIR=str(tmp_path / "data"), PYTHONIOENCODING="utf-8", **env)
    return subprocess.run(
        [sys.executable, str(ROOT / "run.py"), *args],
        input="quit\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,  # no .env of the developer's is read
        env=clean,
        timeout=60,
    )


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    """The one line about the mistake (a list of wrong settings has one line per setting)."""
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    lines = [line.strip() for line in done.stderr.splitlines() if line.strip()]
    if lines[0].endswith("(in the environment or .env):"):
        lines = lines[1:]
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_a_misspelled_setting_stops_start_instead_of_running_the_local_workspace(tmp_path):
    done = run_py(tmp_path, GOOGLE_SERVICE_ACOUNT_FILE="key.json")
    line = one_line(done)
    assert "did you mean GOOGLE_SERVICE_ACCOUNT_FILE?" in line
    assert "Starting the local workspace" not in done.stdout


def test_a_misspelled_setting_in_dotenv_stops_init_sheet_too(tmp_path):
    (tmp_path / ".env").write_text("SLACK_BOT_TOKN=xoxb-1\n")
    done = run_py(tmp_path, "init-sheet")
    assert "did you mean SLACK_BOT_TOKEN?" in one_line(done)
    assert "docs.google.com" not in done.stdout


def test_half_a_set_up_is_pointed_out_not_replaced_by_the_local_workspace(tmp_path):
    line = one_line(run_py(tmp_path, SLACK_SIGNING_SECRET="abc"))
    assert "SLACK_BOT_TOKEN is empty but SLACK_SIGNING_SECRET is set" in line


def test_no_route_to_google_is_one_line_naming_the_host(tmp_path):
    key = write_key_file(tmp_path, token_uri="http://127.0.0.1:9/token")
    env = {
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_SIGNING_SECRET": "s",
        "GOOGLE_SERVICE_ACCOUNT_FILE": str(key),
        "SPREADSHEET": "abc123",
    }
    line = one_line(run_py(tmp_path, **env))
    assert line.startswith("Referral Desk cannot start: Cannot reach Google (127.0.0.1:9).")
    assert "proxy" in line
    debug = run_py(tmp_path, LOG_LEVEL="DEBUG", **env)
    assert debug.returncode == 2 and "Traceback" in debug.stderr


def test_init_sheet_without_a_key_says_it_provisions_the_local_stand_in(tmp_path):
    done = run_py(tmp_path, "init-sheet")
    assert done.returncode == 0, done.stderr
    assert "No Google key is set" in done.stdout
    assert "docs.google.com" not in done.stdout and "local stand-in" in done.stdout
