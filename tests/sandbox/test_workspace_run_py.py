"""`python run.py` with no credentials: the local workspace, driven through its real entry point
as a new user would, with a script piped to standard input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """\
/refer Jane Doe <jane@acme.com> from Alex Kim: needs payroll help
sheet
quit
"""


def clean_env(data_dir: Path) -> dict[str, str]:
    """No Slack or Google credentials, whatever the machine running the tests has set."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "GOOGLE_")) and k not in ("SPREADSHEET", "DATA_DIR")
    }
    env["DATA_DIR"] = str(data_dir)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def run_py(tmp_path: Path, script: str) -> subprocess.CompletedProcess[str]:
    # cwd is the empty tmp dir, so no .env of the developer's is read.
    return subprocess.run(
        [sys.executable, str(ROOT / "run.py")],
        input=script,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        env=clean_env(tmp_path / "data"),
        timeout=45,
    )


def test_run_py_without_credentials_runs_the_local_workspace(tmp_path):
    done = run_py(tmp_path, SCRIPT)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "You> /refer Jane Doe <jane@acme.com> from Alex Kim: needs payroll help" in out
    assert "Logged R-0001 Jane Doe" in out
    row = next(line for line in out.splitlines() if line.startswith("R-0001 "))
    assert "Jane Doe" in row and "jane@acme.com" in row
    assert "Traceback" not in out + done.stderr
    assert (tmp_path / "data" / "workspace.json").is_file()
    # A second run finds the same referral: data survives a restart.
    again = run_py(tmp_path, "sheet R-0001\nquit\n")
    assert again.returncode == 0, again.stderr
    assert "needs payroll help" in again.stdout
