"""Numbers and dates as people type them, and the serial numbers a spreadsheet keeps dates as."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.cellvalues import (
    in_firm_reading,
    read_number,
    serial,
    serial_of_text,
    text_of_serial,
)


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("5000", 5000), ("5,000", 5000), ("$5,000", 5000), ("£1 200", 1200), ("5k", 5000),
        ("1.5m", 1_500_000), ("1.234,50", 1234.5), ("1,234.50", 1234.5), ("12,5", 12.5),
        ("EUR 300", 300), ("-40", -40), ("5,000.00", 5000),
    ],
)  # fmt: skip
def test_a_number_typed_as_people_type_it(typed, value):
    assert read_number(typed) == value


def test_a_decimal_comma_firm_reads_one_comma_as_the_decimal_mark():
    assert read_number("1,500") == 1500
    assert read_number("1,500", decimal_comma=True) == 1.5
    assert read_number("1.234", decimal_comma=True) == 1234


@pytest.mark.parametrize("typed", ["", "   ", "about five grand", "5 or 6k", "inf", "nan", "k"])
def test_what_is_not_a_number_reads_as_none(typed):
    assert read_number(typed) is None


def test_serial_numbers_count_days_from_1899_12_30_with_the_time_as_a_fraction():
    assert serial(datetime(1900, 1, 1, 12, 0)) == 2.5  # Google's own example
    assert serial(datetime(1900, 2, 1, 15, 0)) == 33.625
    assert serial_of_text("2026-03-02 09:30") == pytest.approx(46083.395833, abs=1e-6)
    assert serial_of_text("2026-03-02") == 46083
    assert serial_of_text("next Tuesday") is None


@given(st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)))
def test_a_date_to_the_minute_survives_the_round_trip(moment):
    text = moment.strftime("%Y-%m-%d %H:%M")
    assert text_of_serial(serial_of_text(text)) == text


@pytest.mark.parametrize(
    ("typed", "firm_reads"),
    [
        ("1.500", "1500"), ("1.500 €", "1500"), ("12,5", "12,5"), ("1,500", "1.5"),
        ("5.000,50", "5.000,50"), ("5000", "5000"), ("1.50", "1.50"), ("about 5k?", "about 5k?"),
        ("", ""),
    ],
)  # fmt: skip
def test_an_amount_typed_the_comma_decimal_way_reads_as_the_firm_means_it(typed, firm_reads):
    assert in_firm_reading(typed, decimal_comma=True) == firm_reads
    meant = read_number(typed, decimal_comma=True)
    assert read_number(in_firm_reading(typed, decimal_comma=True)) == meant


@given(st.text(max_size=12))
def test_a_point_decimal_firm_reads_every_amount_text_as_typed(text):
    assert in_firm_reading(text, decimal_comma=False) == text
