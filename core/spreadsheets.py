"""Spreadsheets in and out: tables people upload, and CSV files the portal writes.

Reading (:func:`read_table`) trusts nothing about an uploaded file. What it is comes from its bytes, never
its name: a CSV file (UTF-8, with or without a byte-order mark, or Windows-1252 as older Excel saves it; or
UTF-16 as Excel's "Unicode text"; comma, semicolon or tab between cells) or an Excel workbook (.xlsx).
Anything else is refused in words a clerk can act on: a workbook with macros, an old .xls or
password-protected file, an OpenDocument spreadsheet, a Word file, a PDF, a program renamed ``.csv``.
Before a workbook reaches openpyxl its zip is checked: the size it unpacks to (a 1 MB file that unpacks to
1 GiB is refused), and every XML part for a document type declaration, which no spreadsheet program writes
and which entity attacks (external entities, "billion laughs") need. openpyxl then reads it in read-only
mode without evaluating anything: a formula comes back as :class:`Formula`, for the caller to refuse.

Writing (:func:`csv_response`): UTF-8 with a byte-order mark (so Excel reads accents right), every cell
through :func:`safe_cell`, so that a value someone typed into the portal (``=HYPERLINK(...)``) opens in a
spreadsheet program as text, never as a formula (OWASP's advice on CSV injection).
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from .responses import NO_STORE

MB = 1024 * 1024

# Writing ---------------------------------------------------------------------------------------------

#: What a spreadsheet program may take as the start of a formula (or, tab and CR, of a hidden one).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A value as text for a CSV cell, with a leading ``'`` when a spreadsheet program would read it as a
    formula. Dates are written as 2015-09-17, which every spreadsheet program reads as a date."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def unescape_cell(text: str) -> str:
    """Undo :func:`safe_cell` on a value read back from a CSV file the portal wrote."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_TRIGGERS:
        return text[1:]
    return text


def csv_response(filename: str, header: Iterable, rows: Iterable[Iterable]) -> HttpResponse:
    """A CSV download: UTF-8 with a byte-order mark, every cell through :func:`safe_cell`, never cached
    (lists of people hold contact details)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Cache-Control"] = NO_STORE
    response.write("\ufeff")
    writer = csv.writer(response, lineterminator="\r\n")
    writer.writerow([safe_cell(v) for v in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return response


# Reading ---------------------------------------------------------------------------------------------


def heading_key(text) -> str:
    """A heading as it is matched: lower case, without words in brackets, spaces or punctuation."""
    text = re.sub(r"\(.*?\)|\[.*?\]", "", str(text).lower())
    return re.sub(r"[^a-z0-9]", "", text)


class SpreadsheetRefused(Exception):
    """The file cannot be read; ``reason`` follows its name (“list.csv” is empty.)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class Formula:
    """A workbook cell holding a formula, never evaluated: ``text`` is the formula as typed."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 2 * MB
    max_rows: int = 1000  # rows after the first (the headings); blank rows do not count
    max_unzipped_bytes: int = 50 * MB
    max_ratio: int = 100  # unpacked / packed, for any part bigger than 1 MB
    max_entries: int = 1000  # parts in a workbook's zip
    max_columns: int = 50  # cells further right are not read
    max_sheet_rows: int = 20_000  # rows read from a sheet, blank ones included


@dataclass
class Table:
    """The cells of an uploaded table. ``rows`` holds (row number as the spreadsheet shows it, cells), blank
    rows left out; a cell is text, a number, a date or :class:`Formula`, or None when empty."""

    kind: str  # "csv" or "xlsx"
    rows: list[tuple[int, list]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sha256: str = ""  # of the file's bytes


CSV, XLSX = "csv", "xlsx"

SAVE_AS = "Open it in your spreadsheet program and save it as CSV or as an Excel Workbook (.xlsx)."
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DECLARATION = (b"<!DOCTYPE", b"<!ENTITY")
_DECLARATIONS = tuple(d.decode().encode(codec) for d in _DECLARATION for codec in ("utf-8", "utf-16-le", "utf-16-be"))
_XML_PART = re.compile(r"\.(xml|rels|vml)$", re.I)


def read_table(fileobj, *, limits: Limits = Limits()) -> Table:
    """The rows of an uploaded CSV file or Excel workbook; :class:`SpreadsheetRefused` when it is neither,
    is too big, or is built to attack whatever opens it."""
    data = fileobj.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise SpreadsheetRefused(
            f"is larger than {limits.max_bytes / MB:g} MB, the most the portal accepts for a list. "
            "Save only the sheet with the list, as CSV, and upload that."
        )
    if not data.strip():
        raise SpreadsheetRefused("is empty.")
    if data.startswith(b"PK\x03\x04"):
        table = _read_workbook(data, limits)
    elif data.startswith(_OLE_MAGIC):
        raise SpreadsheetRefused(
            "is an older Excel file (.xls) or a password-protected workbook, which the portal does not read. " + SAVE_AS
        )
    elif data.lstrip().startswith(b"%PDF-"):
        raise SpreadsheetRefused("is a PDF, not a spreadsheet. " + SAVE_AS)
    else:
        table = _read_csv(data, limits)
    table.sha256 = hashlib.sha256(data).hexdigest()
    return table


# CSV ---------------------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    not_text = SpreadsheetRefused("is not a CSV file or an Excel workbook: its contents are something else. " + SAVE_AS)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise not_text from None
    elif b"\x00" in data:
        raise not_text
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise not_text from None
    if _CONTROL.search(text):
        raise not_text
    return text


def _delimiter(text: str) -> str:
    """The separator of the first non-blank line (the headings), outside quotes: comma, semicolon or tab."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    unquoted = re.sub(r'"[^"]*"', "", first)
    counts = {d: unquoted.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _text_cell(value: str):
    value = value.strip()
    return unescape_cell(value) if value else None


def _read_csv(data: bytes, limits: Limits) -> Table:
    text = _decode(data)
    table = Table(kind=CSV)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        for number, cells in enumerate(reader, start=1):
            _add_row(table, number, [_text_cell(c) for c in cells[: limits.max_columns]], limits)
    except csv.Error:
        raise SpreadsheetRefused(
            "cannot be read as CSV: a quotation mark may be left open. "
            "Open it in your spreadsheet program and save it again as CSV."
        ) from None
    return table


def _add_row(table: Table, number: int, cells: list, limits: Limits) -> None:
    while cells and cells[-1] is None:
        cells.pop()
    if not cells:
        return
    if len(table.rows) > limits.max_rows:  # the headings and max_rows rows are already in
        raise SpreadsheetRefused(
            f"has more than {limits.max_rows:,} rows. Split it into files of up to {limits.max_rows:,} rows "
            "and upload them one at a time."
        )
    table.rows.append((number, cells))


# Excel workbooks -------------------------------------------------------------------------------------


def _check_workbook_zip(data: bytes, limits: Limits) -> None:
    """Refuse what is not a plain .xlsx workbook, and any zip built to overload or attack its reader."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        raise SpreadsheetRefused("is damaged and cannot be read. " + SAVE_AS) from None
    names = {info.filename.lower() for info in infos}
    if "mimetype" in names:
        raise SpreadsheetRefused("is an OpenDocument spreadsheet, which the portal does not read. " + SAVE_AS)
    if "word/document.xml" in names:
        raise SpreadsheetRefused("is a Word document, not a spreadsheet. " + SAVE_AS)
    if "xl/workbook.bin" in names:
        raise SpreadsheetRefused("is an Excel binary workbook (.xlsb), which the portal does not read. " + SAVE_AS)
    if "[content_types].xml" not in names or "xl/workbook.xml" not in names:
        raise SpreadsheetRefused("is a zip archive, not a spreadsheet. " + SAVE_AS)
    too_big = SpreadsheetRefused(
        f"unpacks to more than {limits.max_unzipped_bytes // MB} MB, far more than any list of this kind: it may be "
        "built to overload the server. " + SAVE_AS
    )
    if len(infos) > limits.max_entries or sum(i.file_size for i in infos) > limits.max_unzipped_bytes:
        raise too_big
    for info in infos:
        if info.file_size > MB and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise too_big
    macros = "xl/vbaproject.bin" in names or any(n.startswith("xl/macrosheets/") for n in names)
    try:
        with zf.open("[Content_Types].xml") as fh:
            content_types = fh.read(MB).lower()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        raise SpreadsheetRefused("is damaged and cannot be read. " + SAVE_AS) from None
    if macros or b"macroenabled" in content_types:
        raise SpreadsheetRefused(
            "is a workbook with macros (.xlsm), which the portal does not open. Save it as an Excel Workbook "
            "(.xlsx) or as CSV, and upload that."
        )
    # Unpack every XML part, a chunk at a time: the sizes the zip declares are checked again as the data
    # really unpacks, and no part may declare a document type (the door to entity attacks).
    unpacked = 0
    for info in infos:
        if info.is_dir():
            continue
        xml = bool(_XML_PART.search(info.filename))
        tail = b""
        try:
            with zf.open(info) as member:
                while chunk := member.read(MB):
                    unpacked += len(chunk)
                    if unpacked > limits.max_unzipped_bytes:
                        raise too_big
                    if xml:
                        window = tail + chunk
                        if any(d in window for d in _DECLARATIONS):
                            raise SpreadsheetRefused(
                                "holds a document type declaration, which spreadsheets saved by Excel never do: "
                                "it may be built to attack the server. " + SAVE_AS
                            )
                        tail = window[-32:]
        except SpreadsheetRefused:
            raise
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError, EOFError):
            raise SpreadsheetRefused("is damaged and cannot be read. " + SAVE_AS) from None


def _workbook_cell(cell):
    value = cell.value
    if value is None:
        return None
    if cell.data_type == "f":
        return Formula(str(value))
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time() else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip() or None
    return value


def _read_workbook(data: bytes, limits: Limits) -> Table:
    import openpyxl  # only for the requests that read a workbook

    _check_workbook_zip(data, limits)
    table = Table(kind=XLSX)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception:
        raise SpreadsheetRefused("is damaged or is not an Excel workbook, and cannot be read. " + SAVE_AS) from None
    try:
        sheets = [ws for ws in workbook.worksheets if ws.sheet_state == "visible"] or workbook.worksheets
        if not sheets:
            raise SpreadsheetRefused("has no sheet with a table in it. " + SAVE_AS)
        sheet = sheets[0]
        if len(workbook.worksheets) > 1:
            table.notes.append(f"Only the first sheet, “{sheet.title}”, was read.")
        sheet.reset_dimensions()  # the size a workbook declares may be wrong: read what is there
        try:
            for number, row in enumerate(sheet.iter_rows(min_row=1, max_col=limits.max_columns), start=1):
                if number > limits.max_sheet_rows:
                    table.notes.append(f"Rows after row {limits.max_sheet_rows:,} were not read.")
                    break
                _add_row(table, number, [_workbook_cell(cell) for cell in row], limits)
        except SpreadsheetRefused:
            raise
        except Exception:
            raise SpreadsheetRefused("is damaged and cannot be read. " + SAVE_AS) from None
    finally:
        workbook.close()
    return table
