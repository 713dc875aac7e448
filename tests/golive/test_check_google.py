"""`python run.py check` against a firm's set-up on the stand-ins: everything right is all ✓ and
exit 0; each Google-side mistake produced for real gives its ✗ with the fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from firm import make_firm
from keys import EMAIL, write_key_file

from bot.golive.check import run_checks

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def firm(tmp_path):
    made = make_firm(tmp_path)
    yield made
    made.stop()


def by_name(settings) -> dict:
    return {r.name: r for r in run_checks(settings)}


def run_check(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "GOOGLE_", "LOCAL_", "TEST_")) and k != "SPREADSHEET"
    }
    return subprocess.run(
        [sys.executable, str(ROOT / "run.py"), "check"],
        env={**clean, **env, "PYTHONIOENCODING": "utf-8"},
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_a_firm_set_up_right_passes_every_check(firm, tmp_path):
    done = run_check(firm.env(), tmp_path)
    lines = done.stdout.splitlines()
    assert done.returncode == 0, done.stdout + done.stderr
    assert [line[0] for line in lines[:-1]] == ["✓"] * (len(lines) - 1)
    names = [line.split(":")[0][2:] for line in lines[:-1]]
    assert names == [
        "Slack bot token",
        "Slack scopes",
        "Socket Mode",
        "Review channel",
        "Digest channel",
        "Google key",
        "Sheet shared",
        "Sheet layout",
        "Team tab",
        "Templates",
    ]
    assert f"✓ Google key: signed in to Google as {EMAIL}" in lines
    assert lines[-1].startswith("All 10 checks passed")


def test_a_key_google_rejects_says_to_make_a_new_one(firm, tmp_path):
    other = write_key_file(tmp_path / "other", firm.sheets.sign_in.token_uri, which=1)
    found = by_name(firm.settings(google_service_account_file=str(other)))
    assert not found["Google key"].ok
    assert found["Google key"].detail.startswith("Google rejected the service-account key")
    assert "Create a new JSON key" in found["Google key"].detail
    assert found["Sheet shared"].detail == "not checked: the key does not work yet"


def test_no_route_to_google_is_named(firm, tmp_path):
    far = write_key_file(tmp_path / "far", "http://127.0.0.1:9/token")
    found = by_name(firm.settings(google_service_account_file=str(far)))
    assert found["Google key"].detail.startswith("Cannot reach Google (127.0.0.1:9)")


def test_a_sheet_not_shared_says_with_whom_to_share_it(tmp_path):
    firm = make_firm(tmp_path, share=False)
    try:
        found = by_name(firm.settings())
    finally:
        firm.stop()
    assert found["Google key"].ok and not found["Sheet shared"].ok
    assert EMAIL in found["Sheet shared"].detail
    assert found["Sheet layout"].detail == "not checked: the sheet cannot be opened yet"


def test_a_sheet_never_provisioned_says_what_init_sheet_would_change(tmp_path):
    firm = make_firm(tmp_path, provisioned=False)
    try:
        found = by_name(firm.settings())
    finally:
        firm.stop()
    layout = found["Sheet layout"]
    assert not layout.ok and layout.detail.startswith("run `python run.py init-sheet`: it would")
    assert "Referrals" in layout.detail
    assert not found["Team tab"].ok


def test_a_team_member_slack_does_not_know_is_named(firm):
    firm.sheets.person(firm.spreadsheet_id).set_cell("Team", "B3", "U0GONE")
    found = by_name(firm.settings())
    assert not found["Team tab"].ok
    assert "Ana Ruiz: Slack has no user U0GONE (user_not_found)" in found["Team tab"].detail


def test_a_broken_override_template_is_named(firm, tmp_path):
    overrides = tmp_path / "templates"
    overrides.mkdir()
    (overrides / "thank_you.txt.j2").write_text("Subject: Thanks\n\n{{ referral.nonsense() }}\n")
    found = by_name(firm.settings(templates_override_dir=str(overrides)))
    assert not found["Templates"].ok
    assert (
        "thank_you" in found["Templates"].detail
        and "TEMPLATES_OVERRIDE_DIR" in found["Templates"].detail
    )


def test_check_exits_non_zero_and_prints_every_failure(firm, tmp_path):
    env = firm.env(SLACK_BOT_TOKEN="xoxb-revoked", REVIEW_CHANNEL="nowhere")
    done = run_check(env, tmp_path)
    assert done.returncode == 1
    assert "✗ Slack bot token: Slack refused SLACK_BOT_TOKEN (invalid_auth)" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
