"""Cells as people typed them into an old list, read the way the sheet keeps them."""

from __future__ import annotations

import pytest

from bot.dataio.convert import Reading, convert, read_date, read_number, read_stage

UK = Reading("Europe/London", "GB")
UK_SEMICOLONS = Reading("Europe/London", "GB", decimal_comma=True)
US = Reading("America/New_York", "US")


@pytest.mark.parametrize(
    ("text", "decimal_comma", "value"),
    [
        ("5000", False, 5000.0),
        ("$5,000", False, 5000.0),
        ("5k", False, 5000.0),
        ("£1,234.50", False, 1234.5),
        ("1.234,50", False, 1234.5),
        ("1234,5", False, 1234.5),
        ("1,5", True, 1.5),
        ("1.234", True, 1234.0),
        ("1 234,50 €", True, 1234.5),
        ("twelve", False, None),
    ],
)
def test_numbers(text, decimal_comma, value):
    assert read_number(text, decimal_comma) == value


def test_dates_are_day_first_except_in_the_us():
    assert f"{read_date('05/03/2024', 'UTC', False):%Y-%m-%d}" == "2024-03-05"
    assert f"{read_date('05/03/2024', 'UTC', True):%Y-%m-%d}" == "2024-05-03"
    assert f"{read_date('2024-03-05 14:30', 'UTC', True):%Y-%m-%d %H:%M}" == "2024-03-05 14:30"
    assert f"{read_date('5 March 2024', 'UTC', False):%Y-%m-%d}" == "2024-03-05"
    assert f"{read_date('05.03.2024', 'UTC', False):%Y-%m-%d}" == "2024-03-05"
    assert read_date("soon", "UTC", False) is None


@pytest.mark.parametrize(
    ("text", "stage"),
    [("won", "Won"), ("Closed-Won", "Won"), ("lost", "Not a fit"), ("open", "New"),
     ("In progress", "In conversation"), ("no reply", "No response"), ("maybe", None)],
)  # fmt: skip
def test_stages(text, stage):
    assert read_stage(text) == stage


def test_a_row_becomes_sheet_cells():
    converted = convert(
        {
            "lead_name": " Jane Doe ",
            "lead_email": "Jane@ACME.com",
            "lead_phone": "020 7946 0000",
            "received": "05/03/2024",
            "est_value": "1.234,50",
            "stage": "won",
            "how_introduced": "intro by email",
            "referrer_type": "Neighbour",
        },
        UK_SEMICOLONS,
    )
    assert converted.problems == ()
    assert converted.cells == {
        "lead_name": "Jane Doe",
        "lead_email": "jane@acme.com",
        "lead_phone": "+442079460000",
        "received": "2024-03-05 00:00",
        "est_value": "1234.5",
        "stage": "Won",
        "how_introduced": "Email intro",
        "referrer_type": "Other",
    }
    assert converted.notes == ("'Neighbour' is not a referrer type choice; imported as Other",)


def test_problems_say_what_is_wrong_with_the_row():
    converted = convert(
        {"lead_email": "not-an-email", "received": "soon", "stage": "maybe", "est_value": "lots"},
        US,
    )
    assert converted.problems == (
        "lead email 'not-an-email' is not an email address",
        "received 'soon' is not a date",
        "stage 'maybe' is not one of New, Contacted, In conversation, Won, Not a fit, No response",
        "est. value 'lots' is not a number",
        "no lead: it needs a name, an email or a phone",
    )


def test_a_phone_that_does_not_parse_is_kept_as_typed_with_a_note():
    converted = convert({"lead_name": "Ana", "lead_phone": "ext 4411"}, UK)
    assert converted.problems == ()
    assert converted.cells["lead_phone"] == "ext 4411"
    assert "kept as typed" in converted.notes[0]
