"""What an uploaded file really is, and making an Office document safe to convert (no Django in here).

* :func:`sniff` reads the file's first bytes (and, for a zip, its table of contents) and says what kind of
  document it is, whatever its name says: a PDF (``%PDF-``), an old Office file (OLE2, ``D0 CF 11 E0``),
  a Word or Excel file of today (a zip holding ``[Content_Types].xml``), an OpenDocument file (a zip whose
  ``mimetype`` says so) or rich text (``{\\rtf``).
* :func:`expect` refuses a file whose contents are not what its name claims, in words a clerk can act on.
* :func:`clean_office_zip` checks a .docx / .xlsx / .odt / .ods before LibreOffice sees it: the total
  unpacked size and the compression ratio (a 1 MB file that unpacks to 1 GiB is refused), and writes a
  copy without anything that would make LibreOffice reach out: external relationships (linked pictures,
  attached templates, linked objects, links to other workbooks), fields that include other files, and
  macros. Web links (hyperlinks to https:// and mailto:) stay.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

# Kinds of document, by what their bytes say.
PDF = "pdf"
OLE_WORD = "ole-word"
OLE_EXCEL = "ole-excel"
OLE_OTHER = "ole"
OOXML_WORD = "docx"
OOXML_EXCEL = "xlsx"
ODF_TEXT = "odt"
ODF_SHEET = "ods"
RTF = "rtf"
ZIP_OTHER = "zip"
UNKNOWN = "unknown"

#: The extension LibreOffice should see for each kind (so its filters match the contents, not the name).
CONVERT_AS = {
    OLE_WORD: ".doc",
    OLE_EXCEL: ".xls",
    OOXML_WORD: ".docx",
    OOXML_EXCEL: ".xlsx",
    ODF_TEXT: ".odt",
    ODF_SHEET: ".ods",
    RTF: ".rtf",
}

#: What each extension may really hold, with the clerk's name for it and what to save it as instead.
ACCEPTS = {
    ".pdf": ({PDF}, "PDF", "PDF"),
    ".doc": ({OLE_WORD, OOXML_WORD, RTF}, "Word document", ".docx or PDF"),
    ".docx": ({OOXML_WORD, OLE_WORD, RTF}, "Word document", ".docx or PDF"),
    ".rtf": ({RTF, OLE_WORD, OOXML_WORD}, "rich text document", ".docx or PDF"),
    ".odt": ({ODF_TEXT}, "OpenDocument text file", ".odt or PDF"),
    ".xls": ({OLE_EXCEL, OOXML_EXCEL}, "Excel spreadsheet", ".xlsx or PDF"),
    ".xlsx": ({OOXML_EXCEL, OLE_EXCEL}, "Excel spreadsheet", ".xlsx or PDF"),
    ".ods": ({ODF_SHEET}, "OpenDocument spreadsheet", ".ods or PDF"),
}

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": ODF_TEXT,
    b"application/vnd.oasis.opendocument.spreadsheet": ODF_SHEET,
}

MB = 1024 * 1024


class FileRefused(Exception):
    """The file cannot be used; ``reason`` follows its name ("“Budget.docx” is not a Word document: ...")."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def _ole_kind(path: Path) -> str:
    # The directory of an OLE2 file names its streams in UTF-16: Word keeps "WordDocument", Excel "Workbook".
    data = path.read_bytes()
    if "WordDocument".encode("utf-16-le") in data:
        return OLE_WORD
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return OLE_EXCEL
    return OLE_OTHER


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "mimetype" in names:
                info = zf.getinfo("mimetype")
                if info.file_size <= 200:
                    return ODF_MIMETYPES.get(zf.read("mimetype").strip(), ZIP_OTHER)
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return OOXML_WORD
                if "xl/workbook.xml" in names:
                    return OOXML_EXCEL
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        return UNKNOWN
    return ZIP_OTHER


def sniff(path: Path) -> str:
    """What the file's bytes say it is (one of the kinds above)."""
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" in head:
        return PDF
    if head.startswith(OLE_MAGIC):
        return _ole_kind(path)
    if head.startswith(b"{\\rtf"):
        return RTF
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    return UNKNOWN


def expect(path: Path, *, name: str) -> str:
    """The file's kind, if it is one its extension allows; :class:`FileRefused` otherwise."""
    suffix = Path(name).suffix.lower()
    allowed, noun, save_as = ACCEPTS[suffix]
    kind = sniff(path)
    if kind in allowed:
        return kind
    article = "an" if noun[0] in "AEIOU" else "a"
    if suffix == ".pdf":
        raise FileRefused("is not a PDF file: save it as a PDF and upload it again")
    if kind == PDF:
        raise FileRefused(
            f"is a PDF, not {article} {noun}: rename it so that its name ends in .pdf and upload it again."
        )
    raise FileRefused(
        f"is not {article} {noun}: its contents are something else. Open it and save it again as {save_as}."
    )


# Office zips -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ZipLimits:
    max_unzipped_bytes: int = 256 * MB
    max_ratio: int = 100  # unpacked / packed, for the whole file and for any large part of it
    max_entries: int = 10_000


_TOO_BIG = (
    "unpacks to more than {limit} MB, far more than any real document: it may be built to overload the "
    "server. Open it, save it again as PDF and upload that."
)
_RATIO = (
    "is packed far more tightly than any real document ({ratio}:1): it may be built to overload the server. "
    "Open it, save it again as PDF and upload that."
)
_DAMAGED = "is damaged and cannot be read: ask the author for a fresh copy"

# External relationships: everything with TargetMode="External" except web and e-mail links.
_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*?/>|<Relationship\b[^>]*?>.*?</Relationship>", re.S)
_EXTERNAL = re.compile(rb'TargetMode\s*=\s*["\']External["\']', re.I)
_HYPERLINK = re.compile(rb'Type\s*=\s*["\'][^"\']*/hyperlink["\']', re.I)
_SAFE_TARGET = re.compile(rb'Target\s*=\s*["\'](https?://|mailto:|#)', re.I)
# Field codes that pull in other files or programs (Word: INCLUDEPICTURE "http://...", INCLUDETEXT, DDE).
_FIELD = re.compile(rb"\b(INCLUDEPICTURE|INCLUDETEXT|INCLUDE|DDEAUTO|DDE|LINK|IMPORT)\b", re.I)
_FIELD_TEXT = re.compile(rb"(<w:instrText\b[^>]*>)([^<]*)(</w:instrText>)|(w:instr\s*=\s*\")([^\"]*)(\")", re.S)
# ODF: xlink:href on pictures, objects, sections and linked tables that points outside the package.
_ODF_LINKED = re.compile(
    rb"(<(?:draw:image|draw:object|draw:object-ole|draw:plugin|draw:applet|draw:floating-frame|text:section-source"
    rb"|table:table-source|table:cell-range-source|style:background-image|draw:fill-image)\b[^>]*?)"
    rb"\s(?:xlink:href|table:href)\s*=\s*\"(?!Pictures/|\./|#|Object)[^\"]*\"",
    re.S,
)
_MACROS = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml|Basic/|Scripts/)", re.I)


def _strip_relationships(data: bytes) -> tuple[bytes, int]:
    removed = 0

    def keep(match: re.Match) -> bytes:
        nonlocal removed
        rel = match.group(0)
        if not _EXTERNAL.search(rel):
            return rel
        if _HYPERLINK.search(rel) and _SAFE_TARGET.search(rel):
            return rel
        removed += 1
        return b""

    return _RELATIONSHIP.sub(keep, data), removed


def _strip_fields(data: bytes) -> tuple[bytes, int]:
    removed = 0

    def neutral(match: re.Match) -> bytes:
        nonlocal removed
        if match.group(1) is not None:
            start, text, end = match.group(1), match.group(2), match.group(3)
        else:
            start, text, end = match.group(4), match.group(5), match.group(6)
        if _FIELD.search(text):
            removed += 1
            return start + b" " + end
        return match.group(0)

    return _FIELD_TEXT.sub(neutral, data), removed


def clean_office_zip(source: Path, target: Path, *, limits: ZipLimits = ZipLimits()) -> int:
    """Check ``source`` (an OOXML or ODF zip) and write a cleaned copy to ``target``.

    Returns how many external links, including fields and macros were taken out. Raises
    :class:`FileRefused` for a zip bomb or a damaged file. Sizes are checked twice: as the zip's table of
    contents declares them (before anything is unpacked), and as the data really unpacks (a table that
    lies is caught while copying, a chunk at a time).
    """
    packed = max(source.stat().st_size, 1)
    limit_mb = limits.max_unzipped_bytes // MB
    try:
        with zipfile.ZipFile(source) as zf:
            infos = zf.infolist()
            if len(infos) > limits.max_entries:
                raise FileRefused(_TOO_BIG.format(limit=limit_mb))
            declared = sum(info.file_size for info in infos)
            if declared > limits.max_unzipped_bytes:
                raise FileRefused(_TOO_BIG.format(limit=limit_mb))
            for info in infos:
                if info.file_size > MB and info.file_size > limits.max_ratio * max(info.compress_size, 1):
                    raise FileRefused(_RATIO.format(ratio=info.file_size // max(info.compress_size, 1)))
            if declared > MB and declared > limits.max_ratio * packed:
                raise FileRefused(_RATIO.format(ratio=declared // packed))
            removed = 0
            unpacked = 0
            with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
                for info in infos:
                    if info.is_dir():
                        continue
                    if _MACROS.search(info.filename):
                        removed += 1
                        continue
                    chunks = []
                    with zf.open(info) as member:
                        while chunk := member.read(MB):
                            unpacked += len(chunk)
                            if unpacked > limits.max_unzipped_bytes:
                                raise FileRefused(_TOO_BIG.format(limit=limit_mb))
                            chunks.append(chunk)
                    data = b"".join(chunks)
                    lower = info.filename.lower()
                    if lower.endswith(".rels"):
                        data, n = _strip_relationships(data)
                        removed += n
                    elif lower.endswith(".xml") and lower.startswith("word/"):
                        data, n = _strip_fields(data)
                        removed += n
                    elif lower in ("content.xml", "styles.xml"):
                        data, n = _ODF_LINKED.subn(rb"\1", data)
                        removed += n
                    compress = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
                    out.writestr(zipfile.ZipInfo(info.filename, date_time=info.date_time), data, compress_type=compress)
    except FileRefused:
        target.unlink(missing_ok=True)
        raise
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError, EOFError):
        target.unlink(missing_ok=True)
        raise FileRefused(_DAMAGED) from None
    return removed


_RTF_FIELD = re.compile(
    rb"(\\fldinst\s*\{?[^}]*?)\b(?:INCLUDEPICTURE|INCLUDETEXT|INCLUDE|DDEAUTO|DDE|LINK|IMPORT)\b", re.I
)


def clean_rtf(source: Path, target: Path) -> int:
    """Copy rich text without fields that include other files (the sandbox stops the rest)."""
    data = source.read_bytes()
    cleaned, removed = _RTF_FIELD.subn(rb"\1 ", data)
    target.write_bytes(cleaned)
    return removed
