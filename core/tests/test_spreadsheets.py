"""Tables people upload, read without trusting them; CSV the portal writes, opened without running anything."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest

from core.spreadsheets import Formula, Limits, SpreadsheetRefused, csv_response, read_table, safe_cell


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+44 1772 530000", "'+44 1772 530000"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Lancashire", "Lancashire"),
        ("O'Neil", "O'Neil"),
        (datetime.date(2015, 9, 17), "2015-09-17"),
        (None, ""),
        (True, "Yes"),
        (12, "12"),
    ],
)
def test_safe_cell(value, written):
    assert safe_cell(value) == written


def test_csv_response_writes_utf8_with_a_bom_and_escapes_every_cell():
    response = csv_response("list.csv", ["Name", "=Heading"], [["Zoë", "=1+1"], ["-", None]])
    assert response["Content-Disposition"] == 'attachment; filename="list.csv"'
    assert response["Cache-Control"] == "private, no-store"
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(body[1:]))) == [["Name", "'=Heading"], ["Zoë", "'=1+1"], ["'-", ""]]


def read(data: bytes, **limits) -> list:
    return read_table(io.BytesIO(data), limits=Limits(**limits)).rows


def test_csv_rows_are_numbered_as_a_spreadsheet_shows_them():
    data = b'Name,Role\r\n\r\nJane Smith,Member\r\n"Multi\r\nline",Chair\r\nJo Bloggs,Member\r\n'
    assert [n for n, _ in read(data)] == [1, 3, 4, 5]


@pytest.mark.parametrize(
    ("data", "cells"),
    [
        ("Name;Role\nZoë Brontë;Chair\n".encode("cp1252"), ["Zoë Brontë", "Chair"]),
        ("Name\tRole\nZoë Brontë\tChair\n".encode("utf-16"), ["Zoë Brontë", "Chair"]),
        ('"Name, in full",Role\n"Brontë, Zoë",Chair\n'.encode("utf-8-sig"), ["Brontë, Zoë", "Chair"]),
        (b"Name,Phone\nJo,'+44 1772 530000\n", ["Jo", "+44 1772 530000"]),  # a cell the portal escaped
    ],
    ids=["windows-semicolons", "utf16-tabs", "quoted-commas", "escaped-cell"],
)
def test_csv_encodings_and_separators(data, cells):
    assert read(data)[1] == (2, cells)


def test_a_workbook_gives_dates_numbers_and_formulas_uncalculated():
    book = openpyxl.Workbook()
    book.active.append(["Name", "From", "Phone", "Total"])
    book.active.append(["Jane Smith", datetime.datetime(2015, 9, 17), 1772530000.0, "=1+1"])
    out = io.BytesIO()
    book.save(out)
    table = read_table(io.BytesIO(out.getvalue()), limits=Limits())
    assert table.kind == "xlsx"
    assert table.rows[1] == (2, ["Jane Smith", datetime.date(2015, 9, 17), 1772530000, Formula("=1+1")])


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"Name\x00,Role\n", "is not a CSV file or an Excel workbook"),
        (b"Name,Role\n\x1b[31mJane,Chair\n", "is not a CSV file or an Excel workbook"),
        (b"   \r\n", "is empty."),
        (b"PK\x03\x04" + bytes(100), "is damaged and cannot be read."),
    ],
)
def test_what_is_not_a_table_is_refused(data, reason):
    with pytest.raises(SpreadsheetRefused) as refused:
        read(data)
    assert refused.value.reason.startswith(reason)


def test_the_limits_hold():
    with pytest.raises(SpreadsheetRefused, match=r"^is larger than 0\.5 MB"):
        read(b"Name\n" + b"x\n" * 300_000, max_bytes=512 * 1024)
    with pytest.raises(SpreadsheetRefused, match="more than 3 rows"):
        read(b"Name\na\nb\nc\nd\n", max_rows=3)
    assert len(read(b"Name\na\nb\nc\n", max_rows=3)) == 4
    assert read(b"A,B,C,D\n1,2,3,4\n", max_columns=2)[1] == (2, ["1", "2"])
