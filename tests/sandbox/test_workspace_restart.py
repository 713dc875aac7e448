"""The local workspace end to end: both stand-ins, the real bot over HTTP, the demo team, and
everything kept in DATA_DIR across a restart."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from bot.config import Settings
from sandbox.workspace import STATE_FILE, LocalWorkspace, WorkspaceError, local_spreadsheet

COMPLETE = "Jane Doe <jane@acme.com> from Alex Kim: needs payroll help"
MONDAY_MORNING = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # London is on GMT in early March


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings({"DATA_DIR": str(tmp_path), "FIRM_TIMEZONE": "Europe/London"})


def as_records(headers: list[str], rows: list[list[str]]) -> list[dict[str, str]]:
    return [dict(zip(headers, row, strict=True)) for row in rows if any(row)]


def test_refer_logs_one_row_dms_the_owner_and_survives_a_restart(settings, tmp_path):
    with time_machine.travel(MONDAY_MORNING, tick=True), LocalWorkspace(settings, tmp_path) as ws:
        seen = ws.refer(COMPLETE)
        assert not seen.problem
        assert any("R-0001" in e["text"] for e in seen.ephemerals)
        assert {p.person.name for p in seen.posted if p.person} == {"Sam Lee", "You"}

        headers, rows = ws.sheet_rows("Referrals")
        (row,) = as_records(headers, rows)
        assert (row["ID"], row["Lead name"], row["Referred by"]) == (
            "R-0001",
            "Jane Doe",
            "Alex Kim",
        )
        assert row["Owner"] == "Sam Lee"  # payroll is Sam's expertise in the Team tab
        assert "Owner Slack ID" not in headers  # hidden bot columns are left out

        ws.as_user("Sam Lee")
        (owner_dm,) = ws.dms()
        assert "R-0001" in owner_dm["text"]
        assert "Hi Jane" in json.dumps(owner_dm["blocks"])  # the drafted first contact

        ws.advance(timedelta(hours=3))

    saved = json.loads((tmp_path / STATE_FILE).read_text())
    assert saved["clock_offset_seconds"] == 3 * 3600
    assert saved["spreadsheet_id"]

    with LocalWorkspace(settings, tmp_path) as again:
        headers, rows = again.sheet_rows("Referrals")
        assert [r["ID"] for r in as_records(headers, rows)] == ["R-0001"]
        assert again.clock_offset == timedelta(hours=3)
        assert again.now() - datetime.now(UTC) > timedelta(hours=2, minutes=59)
        assert again.current.name == "Sam Lee"  # who you were is remembered too
        assert "R-0001" in again.dms()[0]["text"]
        team_headers, team_rows = again.sheet_rows("Team")
        names = [r["Name"] for r in as_records(team_headers, team_rows)]
        assert names == ["You", "Ana Ruiz", "Sam Lee", "Priya Shah"]  # seeded once only


def test_the_demo_team_is_in_the_team_tab_and_in_slack(settings, tmp_path):
    with LocalWorkspace(settings, tmp_path) as ws:
        headers, rows = ws.sheet_rows("Team")
        team = {r["Name"]: r for r in as_records(headers, rows)}
        assert team["Ana Ruiz"]["Role"] == "Coordinator"
        assert team["Sam Lee"]["Expertise tags"] == "payroll, tax"
        assert team["Priya Shah"]["Working hours"] == "09:00-17:30"
        for person in ws.team:
            user = ws.slack.user(person.user_id)
            assert user["real_name"] == person.name and user["email"] == person.email
            assert team[person.name]["Slack user ID"] == person.user_id
        assert set(ws.channels().values()) == {"general", "referral-review", "referral-digest"}


def test_people_are_found_by_name_first_name_or_role(settings, tmp_path):
    with LocalWorkspace(settings, tmp_path) as ws:
        assert ws.as_user("priya").name == "Priya Shah"
        assert ws.as_user("coordinator").name == "Ana Ruiz"
        assert ws.as_user("me").name == "You"
        with pytest.raises(WorkspaceError, match="could be Sam Lee, Priya Shah"):
            ws.as_user("owner")
        with pytest.raises(WorkspaceError, match="No one called 'Zed'"):
            ws.as_user("Zed")


def test_the_clock_only_moves_forward(settings, tmp_path):
    with LocalWorkspace(settings, tmp_path) as ws:
        with pytest.raises(WorkspaceError, match="only moves forward"):
            ws.advance(timedelta(hours=-1))
        assert ws.clock_offset == timedelta()


def test_a_broken_state_file_stops_start_up_with_a_hint(settings, tmp_path):
    (tmp_path / STATE_FILE).write_text("{not json")
    with pytest.raises(WorkspaceError, match="move it away"):
        LocalWorkspace(settings, tmp_path).start()


def test_init_sheet_without_credentials_uses_the_workspace_spreadsheet(settings, tmp_path):
    with local_spreadsheet(settings) as spreadsheet:
        first_id = spreadsheet.id
    with LocalWorkspace(settings, tmp_path) as ws:
        assert ws.spreadsheet.id == first_id  # the same log, provisioned and seeded at start
        headers, _ = ws.sheet_rows("Referrals")
        assert headers[:3] == ["ID", "Received", "Lead name"]
