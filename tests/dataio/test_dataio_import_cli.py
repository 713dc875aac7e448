"""`python run.py import` on the local workspace's sheet, through real gspread and the Sheets
stand-in: a 5,000-row CSV in a wild shape is previewed (nothing changes), mapped by an edited
mapping file, applied, killed part-way and resumed with every row in the log exactly once."""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
from pathlib import Path

from dataio_support import lead, tab_rows, wild_csv

from bot.dataio.columns import suggest, write_mapping
from bot.dataio.importing_cli import import_main
from bot.dataio.tables import read_csv
from bot.domain import referral as R
from bot.schema import load_schema
from sandbox.sheets import SheetsStandIn, local_client
from sandbox.workspace import local_spreadsheet

SCHEMA = load_schema()

ROOT = Path(__file__).resolve().parents[2]
ROWS = 600
"""The kill-and-resume test's size: 5,000 rows take over a minute on the stand-in (it keeps the
sheet in SQLite); the 5,000-row file is previewed in full below."""
BIG = 5000
FRENCH = {
    "Nom du client": "Lead name",
    "E-mail": "Lead email",
    "Apporteur": "Referred by",
    "Date d'entrée": "Received",
    "Remarques": "Context",
    "Valeur estimée": "Est. value",
    "Statut": "Stage",
    "Responsable": "Owner",
}


def run_import(settings, *argv: str) -> tuple[int, list[str]]:
    lines: list[str] = []
    code = import_main(list(argv), settings, lines.append, local=local_spreadsheet)
    return code, lines


def edit_mapping(path: Path, columns: dict[str, str | None]) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    document["columns"].update(columns)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def mapped_csv(tmp_path: Path, count: int) -> Path:
    """The wild file and its mapping as the firm edited it (the preview test shows the
    suggested one being written)."""
    source = wild_csv(tmp_path / "crm export.csv", count)
    mapping = source.with_name(source.name + ".mapping.json")
    write_mapping(mapping, suggest(read_csv(source).headers, SCHEMA), SCHEMA)
    edit_mapping(mapping, FRENCH)
    return source


def test_the_preview_suggests_a_mapping_and_changes_nothing(tmp_path, provisioned):
    source = wild_csv(tmp_path / "crm export.csv", 50)
    code, lines = run_import(provisioned, str(source))
    assert code == 0, lines
    assert lines[0] == "crm export.csv: 50 row(s). Read as Windows-1252, separated by semicolons."
    assert "  'E-mail' -> Lead email" in lines
    assert "  'Code interne' -> (left out)" in lines
    assert lines[-1].startswith("Nothing was changed.")
    assert tab_rows(provisioned, "Referrals") == []
    assert tab_rows(provisioned, "Activity") == []
    mapping = json.loads((tmp_path / "crm export.csv.mapping.json").read_text(encoding="utf-8"))
    assert mapping["columns"]["E-mail"] == "Lead email"


def test_the_preview_says_what_each_row_would_be(tmp_path, provisioned):
    source = mapped_csv(tmp_path, 6)
    with source.open("ab") as handle:  # a repeat, another referrer's claim, and a bad row
        handle.write("Ana Abara;LEAD0@firm0.example;;Alex Kim;;;;;;;\r\n".encode("latin-1"))
        handle.write("Ben Abara;lead1@firm1.example;;Pat Lee;;;;;;;\r\n".encode("latin-1"))
        handle.write("Zed;zed@;;;31/02/2024;;;;;;\r\n".encode("latin-1"))
    code, lines = run_import(provisioned, str(source))
    assert code == 0, lines
    summary = next(line for line in lines if line.startswith("6 new"))
    assert "1 duplicate(s)" in summary and "1 conflict(s)" in summary and "1 invalid" in summary
    assert (
        "  row 11: invalid: lead email 'zed@' is not an email address; "
        "received '31/02/2024' is not a date"
    ) in lines
    report = (tmp_path / "crm export.csv.import-report.csv").read_text(encoding="utf-8-sig")
    assert '"9","duplicate"' in report and '"10","conflict"' in report
    assert tab_rows(provisioned, "Referrals") == []


def test_apply_writes_every_row_with_its_history_and_the_rules_of_a_capture(tmp_path, provisioned):
    source = mapped_csv(tmp_path, 8)
    code, lines = run_import(provisioned, str(source), "--apply")
    assert code == 0, lines
    assert "  wrote 8 of 8 row(s)" in lines
    rows = tab_rows(provisioned, "Referrals")
    assert [r["ID"] for r in rows] == [f"R-{n:04d}" for n in range(1, 9)]
    first, second, third = rows[0], rows[1], rows[2]
    assert (first["Lead name"], first["Received"], first["Stage"]) == (
        "Ana Abara",
        "2024-03-01 00:00",  # kept from the file, read day-first
        R.NEW,
    )
    assert first["Context"] == "Besoin: paie; ligne\nsuite 0"
    assert (second["Stage"], third["Stage"]) == (R.WON, R.NOT_A_FIT)
    assert second["Est. value"] == "1.50"  # a decimal comma, shown in the currency format
    assert first["Channel"] == "Import"
    assert first["Attribution confidence"] == R.CONFIDENCE_LOW  # no referrer email
    activity = tab_rows(provisioned, "Activity")
    logged = [a for a in activity if a["What"] == "Logged"]
    assert [a["Details"] for a in logged[:2]] == [
        "Imported from crm export.csv, row 2",
        "Imported from crm export.csv, row 4",  # row 2's note spans two lines
    ]
    assert lines[-1].startswith("Done.")


def test_a_killed_import_resumes_with_every_row_exactly_once(tmp_path, provisioned):
    source = mapped_csv(tmp_path, ROWS)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "GOOGLE_"))}
    env |= {"DATA_DIR": provisioned.data_dir, "PYTHONUNBUFFERED": "1"}
    env |= {"FIRM_TIMEZONE": "Europe/London", "DEFAULT_PHONE_REGION": "GB"}
    command = [sys.executable, str(ROOT / "run.py"), "import", str(source), "--apply"]
    process = subprocess.Popen(
        [*command, "--batch", "100"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    try:
        for line in process.stdout:
            if line.startswith("  wrote 200 of"):
                process.kill()  # as a power cut would: no chance to tidy up
                break
    finally:
        process.kill()
        process.wait(timeout=30)
    assert process.returncode != 0
    written = len(tab_rows(provisioned, "Referrals"))
    assert 200 <= written < ROWS

    code, lines = run_import(provisioned, str(source), "--apply")
    assert code == 0, lines
    summary = next(line for line in lines if "already imported" in line)
    assert summary.startswith(f"{ROWS - written} new")
    assert f", {written} already imported" in summary

    rows = tab_rows(provisioned, "Referrals")
    emails = collections.Counter(r["Lead email"] for r in rows)
    assert len(rows) == ROWS
    assert set(emails) == {lead(i)[1] for i in range(ROWS)}
    assert max(emails.values()) == 1
    assert len({r["ID"] for r in rows}) == ROWS
    imported = [a for a in tab_rows(provisioned, "Activity") if a["What"] == "Logged"]
    assert len(imported) == ROWS
    assert len({a["Details"] for a in imported}) == ROWS


def test_a_5000_row_wild_file_is_previewed_row_by_row(tmp_path, provisioned):
    source = mapped_csv(tmp_path, BIG)
    code, lines = run_import(provisioned, str(source))
    assert code == 0, lines
    summary = next(line for line in lines if line.startswith(f"{BIG} new"))
    assert "0 invalid" in summary
    report = (tmp_path / "crm export.csv.import-report.csv").read_text(encoding="utf-8-sig")
    assert len(report.splitlines()) == 1 + BIG  # the header, then one line per row
    assert tab_rows(provisioned, "Referrals") == []


def another_sheet(settings, title: str, grid: list[list[str]]) -> str:
    """A second spreadsheet in the same stand-in, as a firm's old list in Google Sheets."""
    stand_in = SheetsStandIn(settings.data_path / "sheets.sqlite3").start()
    try:
        other_id = stand_in.create_spreadsheet("Old referrals", sheets=("Notes", title))
        client = local_client(stand_in, timeout=10)
        client.open_by_key(other_id).worksheet(title).update(grid, "A1")
    finally:
        stand_in.stop()
    return other_id


def test_import_from_another_google_sheet(tmp_path, provisioned):
    grid = [
        ["Name", "Email", "Referred by", "Date"],
        ["Jane Doe", "jane@acme.com", "Alex Kim", "2024-05-01"],
    ]
    other_id = another_sheet(provisioned, "Old list", grid)
    url = f"https://docs.google.com/spreadsheets/d/{other_id}/edit#gid=0"
    code, lines = run_import(provisioned, "--sheet", url, "--tab", "Old list", "--apply")
    assert code == 0, lines
    (row,) = tab_rows(provisioned, "Referrals")
    assert (row["Lead name"], row["Received"]) == ("Jane Doe", "2024-05-01 00:00")
    (logged, *_) = tab_rows(provisioned, "Activity")
    assert logged["Details"] == "Imported from Old referrals / Old list, row 2"


def test_a_missing_tab_or_sheet_says_what_to_do(tmp_path, provisioned):
    other_id = another_sheet(provisioned, "Old list", [["Who"], ["Jane"]])
    # `--sheet=ID`: a spreadsheet ID may begin with "-", which argparse would take for an option.
    code, lines = run_import(provisioned, f"--sheet={other_id}", "--tab", "Old")
    assert (code, lines[-1]) == (
        1,
        "import: Old referrals has no tab 'Old'; its tabs: Notes, Old list.",
    )
    code, lines = run_import(provisioned, "--sheet", "1NoSuchSheet", "--tab", "Old")
    assert code == 1 and "share it with the service account" in lines[-1]


def test_a_file_that_cannot_be_read_is_one_line(tmp_path, provisioned):
    code, lines = run_import(provisioned, str(tmp_path / "nope.csv"))
    assert code == 1
    assert lines[-1].startswith("import: Cannot read")
