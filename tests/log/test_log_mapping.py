import pytest

from bot.errors import SchemaError
from bot.log import cells, ops
from bot.log.cells import Typed
from bot.log.mapping import column_letter, map_headers, read_rows, split_header
from bot.schema import load_schema

REFERRALS = load_schema().tab("referrals")
TEAM = load_schema().tab("team")


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 51, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "ZZ",
        "AAA",
    ]


def test_reordered_and_extra_columns_still_map():
    header = ["Notes", *reversed(REFERRALS.headers), "Partner's flag"]
    mapped = map_headers(REFERRALS, header)
    assert mapped.index("id") == len(REFERRALS.headers)
    assert mapped.index(REFERRALS.keys[-1]) == 1
    assert mapped.width == len(header)


def test_header_matching_trims_and_casefolds():
    header = ["  id ", "RECEIVED", "lead   Name", "Referred by", "stage"]
    mapped = map_headers(REFERRALS, header)
    assert (mapped.index("id"), mapped.index("lead_name"), mapped.index("stage")) == (0, 2, 4)


def test_missing_required_column_names_column_and_tab():
    header = [h for h in REFERRALS.headers if h != "Lead name"] + ["Lead"]
    with pytest.raises(SchemaError) as error:
        map_headers(REFERRALS, header)
    assert str(error.value) == (
        "Referrals is missing the column 'Lead name' — was it renamed? "
        "Put the header back or run `python run.py init-sheet`"
    )


def test_missing_optional_column_reads_blank_and_cannot_be_written():
    header = [h for h in REFERRALS.headers if h != "Company"]
    mapped = map_headers(REFERRALS, header)
    assert mapped.row_values(["R-0001"])["company"] == ""
    with pytest.raises(SchemaError, match="'Company'"):
        mapped.cells({"company": "Acme"})


def test_duplicated_schema_header_is_refused():
    last = column_letter(len(REFERRALS.headers))
    with pytest.raises(SchemaError, match=rf"'Stage' more than once \(columns M, {last}\)"):
        map_headers(REFERRALS, [*REFERRALS.headers, "Stage "])


def test_duplicated_human_header_is_fine():
    mapped = map_headers(TEAM, [*TEAM.headers, "Notes", "notes"])
    assert mapped.index("name") == 0


def test_rows_skip_blanks_and_keep_text():
    grid = [
        [],
        ["Name", "Slack user ID", "Role"],
        ["Ann", "U1", "Admin"],
        ["", "  ", ""],
        ["Bob", "U2"],
        ["0044 20 7946 0000", "U3", "Member", "extra cell"],
    ]
    header_index, header = split_header(grid)
    mapped = map_headers(TEAM, header)
    rows = list(read_rows(mapped, grid, header_index))
    assert [i for i, _ in rows] == [2, 4, 5]
    assert rows[1][1]["role"] == ""
    assert rows[2][1]["name"] == "0044 20 7946 0000"
    assert rows[0][1]["email"] == ""  # optional column absent from the sheet


def test_cells_row_leaves_other_columns_alone():
    mapped = map_headers(REFERRALS, REFERRALS.headers)
    row = mapped.cells({"stage": "Won", "lead_name": "Jane"})
    assert row[mapped.index("stage")] == "Won" and row[2] == "Jane"
    written = [v for v in row if v is not None and not (isinstance(v, Typed) and v.number is None)]
    assert written == ["Jane", "Won"]
    # Under RAW the untouched cells are nulls, and none trail the last written one.
    (raw,) = ops.values_by_filter({"R-0001": row})["data"][0]["values"]
    assert len(raw) == mapped.index("stage") + 1
    assert [v for v in raw if v is not None] == ["Jane", "Won"]


def test_dates_and_numbers_are_written_typed_and_text_stays_text():
    mapped = map_headers(REFERRALS, REFERRALS.headers)
    row = mapped.cells(
        {"received": "2026-03-02 09:30", "touches": "2", "est_value": "5,000", "context": "=1+1"}
    )
    assert row[mapped.index("received")] == Typed(46083.39583333, cells.DATE_TIME)
    assert row[mapped.index("touches")] == Typed(2.0, cells.COUNT)
    assert row[mapped.index("est_value")] == Typed(5000.0, cells.MONEY)
    assert row[mapped.index("context")] == "=1+1"
    # A blank date of a new row still carries the column's format.
    assert row[mapped.index("first_contact_at")] == Typed(None, cells.DATE_TIME)
    request = ops.append_cells(7, [row])["appendCells"]
    assert request["fields"] == "userEnteredValue,userEnteredFormat.numberFormat"
    values = request["rows"][0]["values"]
    assert values[mapped.index("received")] == {
        "userEnteredValue": {"numberValue": 46083.39583333},
        "userEnteredFormat": {"numberFormat": cells.DATE_TIME},
    }
    assert values[mapped.index("context")] == {"userEnteredValue": {"stringValue": "=1+1"}}


def test_a_value_a_typed_column_cannot_take_is_kept_as_typed_text():
    mapped = map_headers(REFERRALS, REFERRALS.headers)
    row = mapped.cells({"received": "next Tuesday", "est_value": "about five grand"})
    assert row[mapped.index("received")] == "next Tuesday"
    assert row[mapped.index("est_value")] == "about five grand"


def test_a_date_whose_format_was_cleared_reads_as_the_date():
    mapped = map_headers(REFERRALS, REFERRALS.headers)
    grid_row = [""] * len(REFERRALS.headers)
    grid_row[mapped.index("received")] = "46083.39583333"
    grid_row[mapped.index("touches")] = "3"
    values = mapped.row_values(grid_row)
    assert (values["received"], values["touches"]) == ("2026-03-02 09:30", "3")
