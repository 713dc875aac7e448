"""Issue 14's export, end to end: hostile cells typed into the sheet come out of `/refer export`
and `python run.py export` escaped (OWASP CSV injection), and only coordinators get the file."""

from __future__ import annotations

import csv
import io

from e2e_support import COMPLETE, row

from bot.config import Settings
from bot.dataio.cli import export_main
from sandbox.workspace import local_spreadsheet

HOSTILE = {
    "Lead name": '=HYPERLINK("http://evil.test","Jane")',
    "Company": "+SUM(1,2)",
    "Context": "-2+3",
    "Referred by": "@cmd|' /C calc'!A0",
    "Outcome reason": "\t=1+1",
    "Next step": "\r=2+2",
}
HARMLESS = {"Lead email": "jane@acme.com", "Conflict": 'She said "hi", then left'}


def type_hostile_cells(ws, referral_id: str) -> None:
    person = ws.sheets_person()
    for header, text in {**HOSTILE, **HARMLESS}.items():
        person.set_cell("Referrals", ws.cell_of(referral_id, header), "'" + text)  # as literal text


def csv_rows(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads accents right
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def assert_escaped(exported: dict[str, str]) -> None:
    for header, text in HOSTILE.items():
        assert exported[header] == "'" + text, header
    for header, text in HARMLESS.items():
        assert exported[header] == text, header


def test_refer_export_sends_coordinators_a_file_with_every_hostile_cell_escaped(ws):
    ws.refer(COMPLETE)
    type_hostile_cells(ws, "R-0001")
    assert row(ws, "R-0001")["Company"] == "+SUM(1,2)"  # the sheet holds it as text

    ws.as_user("Ana Ruiz")
    seen = ws.refer("export")
    assert not seen.problem
    (shared,) = [m for m in ws.dms() if m.get("files")]
    (file,) = shared["files"]
    assert file["name"].startswith("referrals-") and file["name"].endswith(".csv")
    (exported,) = csv_rows(ws.file_content(file["id"]))
    assert exported["ID"] == "R-0001"
    assert_escaped(exported)
    assert "Owner Slack ID" not in exported  # the bot's hidden columns stay in the sheet


def test_refer_export_is_refused_to_anyone_but_coordinators(ws):
    ws.refer(COMPLETE)
    ws.as_user("Sam Lee")
    ws.refer("export")
    assert any("coordinator" in e.get("text", "").lower() for e in ws.ephemerals())
    assert not [m for m in ws.dms() if m.get("files")]


def test_run_py_export_writes_the_same_escaped_csv(ws, tmp_path):
    ws.refer(COMPLETE)
    type_hostile_cells(ws, "R-0001")
    ws.stop()  # the command runs while the bot is stopped, as a firm would run it
    lines: list[str] = []
    out = tmp_path / "out.csv"
    settings = Settings({"DATA_DIR": str(tmp_path)})
    code = export_main(["--out", str(out)], settings, lines.append, local=local_spreadsheet)
    assert code == 0, lines
    assert lines == [f"Exported 1 referral(s) to {out}"]
    (exported,) = csv_rows(out.read_bytes())
    assert_escaped(exported)
