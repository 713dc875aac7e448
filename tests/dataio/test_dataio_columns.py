"""Column mapping: suggested from odd headers, written to a file the firm edits, read back and
checked so a typo says what to fix."""

from __future__ import annotations

import json

import pytest

from bot.dataio.columns import mapping_path, read_mapping, suggest, write_mapping
from bot.dataio.tables import SourceError
from bot.schema import load_schema

SCHEMA = load_schema()
HEADERS = ("Client Name", "E-Mail", "Mobile", "Referer", "Date", "Notes", "Deal Value",
           "Status", "Assigned To", "Internal ID")  # fmt: skip


def test_odd_headers_get_the_columns_a_person_would_pick():
    columns = suggest(HEADERS, SCHEMA).columns
    assert columns == {
        "Client Name": "lead_name",
        "E-Mail": "lead_email",
        "Mobile": "lead_phone",
        "Referer": "referred_by",  # a misspelling, matched fuzzily
        "Date": "received",
        "Notes": "context",
        "Deal Value": "est_value",
        "Status": "stage",
        "Assigned To": "owner",
        "Internal ID": None,  # nothing like it: left out
    }


def test_each_column_is_used_once_and_the_exact_header_wins():
    columns = suggest(("Name", "Lead name", "Email", "Lead email"), SCHEMA).columns
    assert columns == {
        "Name": None,
        "Lead name": "lead_name",
        "Email": None,
        "Lead email": "lead_email",
    }


def test_bot_columns_are_never_imported():
    columns = suggest(("ID", "Next step", "Attribution confidence", "Owner Slack ID"), SCHEMA)
    assert set(columns.columns.values()) == {None}


def test_the_mapping_file_round_trips_and_reads_the_firms_edits(tmp_path):
    path = tmp_path / "m.json"
    write_mapping(path, suggest(HEADERS, SCHEMA), SCHEMA)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["columns"]["Client Name"] == "Lead name"  # people read headers, not keys
    document["columns"]["Internal ID"] = "outcome reason"  # any case
    document["columns"]["Notes"] = None
    path.write_text(json.dumps(document), encoding="utf-8")
    mapping = read_mapping(path, HEADERS, SCHEMA)
    assert mapping.key_of("Internal ID") == "outcome_reason"
    assert mapping.key_of("Notes") is None


@pytest.mark.parametrize(
    ("columns", "says"),
    [
        ({"Client Name": "Leed name"}, "'Leed name' (for 'Client Name') is not a column"),
        ({"Client Name": "Lead name", "Referer": "Lead name"}, "used for two file columns"),
        ({"Client Name": "Lead name"}, "does not say where 'E-Mail'"),
        ({"Client Name": "ID"}, "is not a column you can import into"),
    ],
)
def test_a_wrong_mapping_file_says_what_to_fix(tmp_path, columns, says):
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"columns": columns}), encoding="utf-8")
    with pytest.raises(SourceError, match=says.replace("(", r"\(").replace(")", r"\)")):
        read_mapping(path, HEADERS, SCHEMA)


def test_an_unreadable_mapping_file_says_to_fix_or_delete_it(tmp_path):
    path = tmp_path / "m.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(SourceError, match="delete it to get a new suggestion"):
        read_mapping(path, HEADERS, SCHEMA)


def test_the_mapping_file_sits_beside_the_file(tmp_path):
    source = tmp_path / "clients.csv"
    source.write_text("x")
    assert mapping_path(str(source), tmp_path / "data") == tmp_path / "clients.csv.mapping.json"
    sheet = mapping_path("1AbC-sheet-Old list", tmp_path / "data")
    assert sheet.parent == tmp_path / "data" and sheet.name.endswith(".mapping.json")
