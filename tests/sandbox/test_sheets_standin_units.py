"""Pure pieces of the stand-in: A1 notation and how typed text becomes a cell."""

from __future__ import annotations

import pytest

from sandbox.sheets.a1 import (
    A1Range,
    col_index,
    col_letter,
    format_range,
    parse_cells,
    quote_title,
    split_sheet,
)
from sandbox.sheets.cells import formatted, parse_user_entered, rendered
from sandbox.sheets.errors import ApiError


@pytest.mark.parametrize(
    ("index", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")]
)
def test_column_letters_round_trip(index, letters):
    assert col_letter(index) == letters
    assert col_index(letters) == index


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A1", A1Range("S", 0, 1, 0, 1)),
        ("B2:C3", A1Range("S", 1, 3, 1, 3)),
        ("C3:B2", A1Range("S", 1, 3, 1, 3)),
        ("A:C", A1Range("S", None, None, 0, 3)),
        ("2:4", A1Range("S", 1, 4, None, None)),
        ("A2:C", A1Range("S", 1, None, 0, 3)),
        ("$A$1:$b$2", A1Range("S", 0, 2, 0, 2)),
        ("B2:2", A1Range("S", 1, 2, 1, None)),
    ],
)
def test_parse_cells(text, expected):
    assert parse_cells(text, text, "S") == expected


@pytest.mark.parametrize("text", ["", "A", "1", "A0", "2:A1", "1:B", "A1:B2:C3", "AAAA1", "A-1"])
def test_unparseable_cells(text):
    with pytest.raises(ApiError, match="Unable to parse range"):
        parse_cells(text, text, "S")


def test_sheet_titles_are_quoted_only_when_needed():
    assert split_sheet("'It''s here'!A1") == ("It's here", "A1")
    assert split_sheet("Referrals") == (None, "Referrals")
    assert quote_title("Referrals") == "Referrals"
    assert quote_title("My tab") == "'My tab'"
    assert quote_title("A1") == "'A1'"
    assert format_range("It's", 0, 2, 0, 3) == "'It''s'!A1:C2"


@pytest.mark.parametrize(
    ("typed", "kind", "value"),
    [
        ("=A1", "f", "=A1"),
        ("'=A1", "s", "=A1"),
        ("+44", "n", 44),
        ("-5", "n", -5),
        ("0044", "n", 44),
        ("1.50", "n", 1.5),
        ("1,000", "n", 1000),
        ("50%", "n", 0.5),
        ("$1,200.50", "n", 1200.5),
        ("true", "b", True),
        ("+44 20 7946 0000", "s", "+44 20 7946 0000"),
        ("@x", "s", "@x"),
        ("2024-02-30", "s", "2024-02-30"),
        ("=", "s", "="),
    ],
)
def test_user_entered_parsing(typed, kind, value):
    assert parse_user_entered(typed)[:2] == (kind, value)


def test_rendering_by_value_render_option():
    formula = ("f", "=2*3", None)
    assert rendered(formula, "FORMATTED_VALUE", "SERIAL_NUMBER") == "6"
    assert rendered(formula, "UNFORMATTED_VALUE", "SERIAL_NUMBER") == 6
    assert rendered(formula, "FORMULA", "SERIAL_NUMBER") == "=2*3"
    unknown = ("f", "=VLOOKUP(A1,B:C,2)", None)
    assert formatted(unknown) == "=VLOOKUP(A1,B:C,2)"
    kind, serial, fmt = parse_user_entered("2024-05-01")
    date = (kind, serial, {"userEnteredFormat": {"numberFormat": fmt}})
    assert rendered(date, "UNFORMATTED_VALUE", "SERIAL_NUMBER") == 45413
    assert rendered(date, "UNFORMATTED_VALUE", "FORMATTED_STRING") == "2024-05-01"
    assert (
        formatted(("n", 1234.5, {"userEnteredFormat": {"numberFormat": {"type": "CURRENCY"}}}))
        == "$1,234.50"
    )
    assert formatted(("n", 0.1 + 0.2, None)) == "0.3"


@pytest.mark.parametrize(
    "serial, pattern, shown",
    [
        (46097.5, "yyyy-mm-dd hh:mm", "2026-03-16 12:00"),
        (46097.5, "yyyy-mm-dd h:mm:ss", "2026-03-16 12:00:00"),
        (46097.0, "d mmm yyyy", "16 Mar 2026"),
        (46097.75, "dddd h:mm am/pm", "Monday 6:00 PM"),
        (46097.0 + 9.5 / 24, "m/d/yy", "3/16/26"),
        (46097.0 + 9.5 / 24, "hh:mm", "09:30"),
    ],
)
def test_date_patterns_render_as_sheets_shows_them(serial, pattern, shown):
    from sandbox.sheets.number_format import render_date

    assert render_date(serial, pattern) == shown


@pytest.mark.parametrize(
    "value, pattern, shown",
    [
        (0.5, "0%", "50%"),
        (0.12345, "0.0%", "12.3%"),
        (37500, "#,##0", "37,500"),
        (37500, '"$"#,##0.00', "$37,500.00"),
        (2.25, "0.0", "2.3"),
        (-1200, "#,##0", "-1,200"),
    ],
)
def test_number_patterns_render_as_sheets_shows_them(value, pattern, shown):
    from sandbox.sheets.number_format import render_number

    assert render_number(value, pattern) == shown
