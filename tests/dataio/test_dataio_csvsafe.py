"""OWASP CSV-injection escaping: every cell that a spreadsheet would run as a formula gets a
leading quote; everything else is written exactly as it was."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.dataio.csvsafe import FORMULA_STARTS, csv_bytes, escape_cell


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "==", "-"])
def test_formula_starts_get_a_leading_quote(text):
    assert escape_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["", "Jane Doe", " =1", "'=1", "1-2", "a@b.com", "5000"])
def test_other_text_is_left_alone(text):
    assert escape_cell(text) == text


def test_none_is_an_empty_cell():
    assert escape_cell(None) == ""


def read_back(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


@given(st.lists(st.lists(st.text(max_size=20), min_size=2, max_size=2), max_size=5))
def test_a_file_reads_back_cell_for_cell(rows):
    header, *body = read_back(csv_bytes(["A", "B"], rows))
    assert header == ["A", "B"]
    assert body == [[escape_cell(cell) for cell in row] for row in rows]
    assert not any(cell.startswith(FORMULA_STARTS) for row in body for cell in row)


def test_every_cell_is_quoted_and_inner_quotes_doubled():
    content = csv_bytes(["Note"], [['He said "=1"']]).decode("utf-8-sig")
    assert content == '"Note"\r\n"He said ""=1"""\r\n'
