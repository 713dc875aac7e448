"""Amounts read the way the firm writes them (issue 7: `5.000,50` was read as 5.0005)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.amounts import amount_text, comma_decimal_region, read_amount
from bot.domain.intake import validate_submission


@pytest.mark.parametrize(
    ("text", "comma", "value"),
    [
        ("5.000,50", True, 5000.5),
        ("5.000,50", False, 5000.5),  # both marks: the last one is the decimal mark anyway
        ("5,000.50", True, 5000.5),
        ("5,000", False, 5000.0),
        ("5,000", True, 5.0),
        ("5.000", True, 5000.0),
        ("5.000", False, 5.0),
        ("1.234.567", True, 1234567.0),
        ("12 000,5 €", True, 12000.5),
        ("$5000", False, 5000.0),
        ("€1.5e3", False, 1500.0),
        ("EUR 2.500", True, 2500.0),
        ("  ", False, None),
    ],
)
def test_amounts_follow_the_firm_s_decimal_mark(text, comma, value):
    assert read_amount(text, comma) == value


@pytest.mark.parametrize("text", ["abc", "5..0", "1,2,3", "inf", "nan", "1e999", "5.00,0.1"])
def test_what_is_not_one_number_is_refused(text):
    with pytest.raises(ValueError):
        read_amount(text, True)


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_an_amount_written_either_way_reads_back_and_the_bot_s_own_text_reads_the_same(amount):
    point = f"{amount:,.2f}"
    comma = point.replace(",", " ").replace(".", ",").replace(" ", ".")
    value = float(f"{amount:.2f}")
    assert read_amount(point, False) == read_amount(comma, True) == value
    written = amount_text(value)  # what the bot stores: read the same by any firm
    assert read_amount(written, True) == read_amount(written, False) == value


def test_the_country_decides_the_mark():
    assert comma_decimal_region("de") and comma_decimal_region("BR")
    assert not comma_decimal_region("GB") and not comma_decimal_region("US")


def test_the_form_checks_an_amount_in_the_firm_s_way():
    fields = {"lead_name": "Jane", "referred_by": "Alex", "lead_email": "j@acme.com"}
    assert validate_submission({**fields, "est_value": "5.000,50"}, "DE", decimal_comma=True) == {}
    errors = validate_submission({**fields, "est_value": "cinq"}, "DE", decimal_comma=True)
    assert "5.000,50" in errors["est_value"]
