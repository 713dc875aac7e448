"""Reading referral lists in the shapes firms really have: UTF-8 with a BOM, Latin-1 from old
Excel, semicolons, tabs, blank lines, short and long rows, and .xlsx workbooks."""

from __future__ import annotations

from datetime import datetime

import pytest
from openpyxl import Workbook

from bot.dataio.tables import SourceError, decode, read_csv, read_file

HEADER = "Client;E-Mail;Value"


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_with_bom_and_semicolons_reads_a_decimal_comma_file(tmp_path):
    path = write(tmp_path, "a.csv", "\ufeffClient;E-Mail;Value\r\nRené;r@x.fr;1,5\r\n".encode())
    table = read_csv(path)
    assert table.headers == ("Client", "E-Mail", "Value")  # no BOM glued to the first header
    assert [table.values(r) for r in table.rows] == [
        {"Client": "René", "E-Mail": "r@x.fr", "Value": "1,5"}
    ]
    assert table.decimal_comma
    assert table.notes == ("Read as UTF-8 with BOM, separated by semicolons.",)


def test_latin1_is_read_when_the_file_is_not_utf8(tmp_path):
    path = write(tmp_path, "b.csv", "Client,Notes\nJosé Müller,café crème\n".encode("latin-1"))
    table = read_csv(path)
    assert table.values(table.rows[0]) == {"Client": "José Müller", "Notes": "café crème"}
    assert not table.decimal_comma
    assert "Windows-1252" in table.notes[0]


def test_blank_lines_are_skipped_and_rows_keep_their_file_numbers(tmp_path):
    data = b'\n\nName,Email\n\nAna,a@x.com\n ,  \n"Bo\nb",b@x.com\nCy,c@x.com\n'
    table = read_csv(write(tmp_path, "c.csv", data))
    assert table.headers == ("Name", "Email")
    assert [(r.number, r.cells[0]) for r in table.rows] == [(5, "Ana"), (7, "Bo\nb"), (9, "Cy")]


def test_short_rows_read_blank_and_extra_cells_are_dropped(tmp_path):
    table = read_csv(write(tmp_path, "d.csv", b"A\tB\tC\n1\n1\t2\t3\t4\n"))
    assert [table.values(r) for r in table.rows] == [
        {"A": "1", "B": "", "C": ""},
        {"A": "1", "B": "2", "C": "3"},
    ]


def test_quoted_separators_do_not_fool_the_delimiter_guess(tmp_path):
    table = read_csv(write(tmp_path, "e.csv", b'"Name; full",Email\n"Doe; Jane",j@x.com\n'))
    assert table.headers == ("Name; full", "Email")


def test_a_file_with_no_rows_says_so(tmp_path):
    with pytest.raises(SourceError, match="no rows"):
        read_csv(write(tmp_path, "f.csv", b"\n\n"))


def test_a_missing_file_says_so(tmp_path):
    with pytest.raises(SourceError, match="Cannot read"):
        read_csv(tmp_path / "missing.csv")


def test_decode_prefers_utf8():
    assert decode("é".encode()) == ("é", "UTF-8")
    assert decode(b"\x80") == ("€", "Windows-1252")
    assert decode(b"\x81")[1] == "Latin-1"


def test_xlsx_reads_dates_numbers_and_the_named_tab(tmp_path):
    book = Workbook()
    book.active.title = "Notes"
    sheet = book.create_sheet("Referrals")
    sheet.append(["Lead", "Date", "Value"])
    sheet.append(["Jane", datetime(2024, 3, 5), 1500.0])
    sheet.append([None, None, None])
    sheet.append(["Bob", datetime(2024, 3, 6, 14, 30), 2.5])
    path = tmp_path / "list.xlsx"
    book.save(path)
    table = read_file(path, "Referrals")
    assert [table.values(r) for r in table.rows] == [
        {"Lead": "Jane", "Date": "2024-03-05", "Value": "1500"},
        {"Lead": "Bob", "Date": "2024-03-06 14:30", "Value": "2.5"},
    ]
    assert [r.number for r in table.rows] == [2, 4]
    with pytest.raises(SourceError, match="no tab 'Nope'; its tabs: Notes, Referrals"):
        read_file(path, "Nope")
