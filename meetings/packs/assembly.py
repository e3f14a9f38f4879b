"""Page assembly for agenda packs: plan the page numbers, then join, stamp and bookmark the papers.

This module is deliberately free of Django.  It works on PDF files and plain data:

* :func:`inspect_pdf` checks an uploaded paper and returns its page count, or raises :class:`PaperError`
  with a reason a clerk can act on.
* :func:`plan_pack` works out where every item's papers will sit in the pack ("Pages 5 - 8"), so the
  front sheet and agenda can be rendered with the right page ranges *before* the pack is put together.
* :func:`assemble_pack` joins the front matter and the papers, stamps every paper page with
  "Agenda Item X" (top) and "Page N" (bottom), and every page of a Part II item's papers with the item's
  "Not for publication ..." notice too (under "Agenda Item X"), inserts "This page is intentionally left
  blank" fillers for duplex printing, adds bookmarks, page labels and metadata, and writes the pack
  atomically.  Every paper page copied loses any active content (scripts, launch actions, attachments: see
  :mod:`meetings.pdfsafety`); only the pages come along, never a paper's document-level scripts.

Memory stays small whatever the size of the pack: each paper is stamped into a *segment* of its own (a
PDF of just its pages, with only that paper open); one last pass joins the front matter, the segments and
the blank fillers (read as streams, not mapped into memory), adds the bookmarks, page labels and metadata
and saves the pack; for a large pack that pass runs in a process of its own.  Given a :class:`SegmentCache`, a paper
whose segment was stamped before with the same stamps (:func:`segment_key`) is taken from it instead.

Stamping is done by editing page content streams directly: the paper's own content is wrapped in
``q <scale> cm <clip> ... Q`` so it shrinks a little about the centre of the visible page, leaving a band at
the top and bottom where the stamp text is drawn with a shared base-14 Helvetica font.  The paper's content
streams are never decoded or re-encoded, so stamping costs a few small objects per page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Protocol

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem

from ..paperlabels import labelled
from ..pdfsafety import strip_page_active_content

__all__ = [
    "BLANK_PAGE_TEXT",
    "ItemPapers",
    "ItemPlacement",
    "PackPlan",
    "PaperError",
    "PaperSource",
    "SegmentCache",
    "appendix_heading",
    "assemble_pack",
    "inspect_pdf",
    "paper_heading",
    "plan_pack",
    "segment_key",
]

BLANK_PAGE_TEXT = "This page is intentionally left blank"
STAMP_FONT_NAME = "PackStampF"
DEFAULT_CREATOR = "Governance portal agenda pack builder"
#: Bump when a change elsewhere (pikepdf, libqpdf) changes what a stamped segment holds: every stored segment
#: is then stamped again.  (A change to this module does that by itself: see :func:`segment_key`.)
SEGMENT_VERSION = "1"

REASON_TOO_LARGE = "is larger than the {limit} MB limit"
REASON_NOT_PDF = "is not a PDF file: save it as a PDF and upload it again"
REASON_DAMAGED = "is damaged and cannot be read: ask the author for a fresh copy"
REASON_PROTECTED = "is password-protected: upload an unprotected copy"
REASON_NO_PAGES = "has no pages"
REASON_MISSING = "cannot be found: upload it again"
REASON_CHANGED = "has changed since the page numbers were worked out: build the pack again"

_A4 = (595.28, 841.89)
#: The smallest size a Part II notice is shrunk to before it is cut short.
_MIN_NOTICE_SIZE = 5.0
_MB = 1024 * 1024
#: From this many pages the last pass over a pack runs in a process of its own (see :func:`_finish_apart`):
#: it costs a Python start-up, and saves this process memory in proportion to the pack.
FINISH_APART_PAGES = 1000
#: Seconds the last pass in its own process may take before the build gives up on it (a 5,000-page pass takes a
#: few seconds); a pass that hangs must not hold a worker for ever.
FINISH_APART_TIMEOUT = 600
_ROOT = Path(__file__).resolve().parent.parent.parent

# Helvetica advance widths (AFM, 1/1000 em) for printable ASCII 32..126; other WinAnsi glyphs use 556.
_HELVETICA_WIDTHS = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)  # fmt: skip


# --------------------------------------------------------------------------------------------------
# Data


class PaperError(Exception):
    """A paper cannot go into a pack.  ``label`` names the paper, ``reason`` says what to do about it."""

    def __init__(self, label: str, reason: str) -> None:
        self.label = label
        self.reason = reason
        super().__init__(f"{label} {reason}")


@dataclass(frozen=True)
class PaperSource:
    """A source of pages: an uploaded paper or a generated document (draft minutes, action log), as a PDF.

    ``label`` is how a clerk would name it in an error ("Appendix 7(a) 'Youth Justice Plan'").
    ``appendix_label`` is e.g. ``"6(a)"``, ``"A"`` or ``"Appendix 6(a)"``; ``None`` for a paper that is not
    an appendix. ``heading`` names a paper that is neither an appendix nor the item's report ("Minutes");
    the first page's stamp and the bookmark carry the appendix label or the heading ("Agenda Item 6 -
    Appendix 6(a)"), and a report's stamps name only its item.
    ``page_count`` should be filled in from :func:`inspect_pdf` at upload time; ``None`` means "inspect now".
    """

    path: Path
    item_number: str
    title: str
    label: str
    appendix_label: str | None = None
    page_count: int | None = None
    heading: str | None = None


@dataclass(frozen=True)
class ItemPapers:
    """An agenda item and its papers, in the order they go into the pack.

    ``notice`` is stamped on every page of its papers besides the pack stamps: a Part II item's "Not for
    publication by virtue of paragraph 3 of ..." (the caller words it); empty for a Part I item.
    """

    number: str
    title: str
    papers: tuple[PaperSource, ...]
    notice: str = ""


@dataclass
class ItemPlacement:
    """Pack page numbers of an item's own pages (blank fillers excluded)."""

    number: str
    first_page: int
    last_page: int

    @property
    def pages_text(self) -> str:
        """The agenda's page reference, e.g. ``"(Pages 5 - 8)"``; one page is ``"(Pages 5 - 5)"``.

        Never "(Page 5)": the pack checker reads "Page N" near the foot of a page as a page-number
        stamp, so a bare "Page 5" at the bottom of the agenda would pass for a numbered page.
        """
        return f"(Pages {self.first_page} - {self.last_page})"


@dataclass
class PackPlan:
    """Where everything goes.  ``total_paper_pages`` counts paper pages and blank fillers (not front matter).

    ``blanks_before`` maps an item number to the number of blank fillers put just before its papers (only
    items that get one are listed); ``paper_page_counts`` records the page count of each paper as planned,
    so assembly can refuse a paper that changed in the meantime.
    """

    placements: dict[str, ItemPlacement]
    total_paper_pages: int
    blanks_before: dict[str, int]
    paper_page_counts: dict[str, tuple[int, ...]] = field(default_factory=dict)


def appendix_heading(appendix_label: str) -> str:
    """``"6(a)"`` -> ``"Appendix 6(a)"``; a label already starting with "Appendix" is kept as it is."""
    text = " ".join(appendix_label.split())
    return text if text.lower().startswith("appendix") else f"Appendix {text}"


def paper_heading(appendix_label: str | None, heading: str | None) -> str:
    """What a paper's first page stamp and bookmark call it besides its item: "Appendix 6(a)", "Minutes",
    or "" (a report)."""
    if appendix_label:
        return appendix_heading(appendix_label)
    return " ".join((heading or "").split())


# --------------------------------------------------------------------------------------------------
# Inspecting papers


def _limit_text(max_bytes: int) -> str:
    if max_bytes % _MB == 0:
        return str(max_bytes // _MB)
    if max_bytes % 1_000_000 == 0:
        return str(max_bytes // 1_000_000)
    return f"{max_bytes / _MB:.1f}"


def _has_pdf_header(path: Path) -> bool:
    with open(path, "rb") as fh:
        head = fh.read(1024)
    return b"%PDF-" in head


def _is_restricted(pdf: pikepdf.Pdf) -> bool:
    if not pdf.is_encrypted:
        return False
    return not all(pdf.allow)


def _open_paper(path: Path, label: str) -> pikepdf.Pdf:
    """Open a paper for reading, turning every failure into a :class:`PaperError`."""
    path = Path(path)
    try:
        if not _has_pdf_header(path):
            raise PaperError(label, REASON_NOT_PDF)
        pdf = pikepdf.open(path, access_mode=pikepdf.AccessMode.stream)
    except PaperError:
        raise
    except FileNotFoundError:
        raise PaperError(label, REASON_MISSING) from None
    except IsADirectoryError:
        raise PaperError(label, REASON_NOT_PDF) from None
    except pikepdf.PasswordError:
        raise PaperError(label, REASON_PROTECTED) from None
    except (pikepdf.PdfError, OSError, RuntimeError, ValueError):
        raise PaperError(label, REASON_DAMAGED) from None
    try:
        if _is_restricted(pdf):
            raise PaperError(label, REASON_PROTECTED)
        try:
            count = len(pdf.pages)
        except (pikepdf.PdfError, RuntimeError, ValueError):
            raise PaperError(label, REASON_DAMAGED) from None
        if count == 0:
            raise PaperError(label, REASON_DAMAGED if pdf.get_warnings() else REASON_NO_PAGES)
    except BaseException:
        pdf.close()
        raise
    return pdf


# Filters qpdf decodes itself; image codecs (DCT, JPX, JBIG2, CCITT) are left to viewers.
_GENERAL_FILTERS = frozenset(
    {
        "/FlateDecode",
        "/Fl",
        "/LZWDecode",
        "/LZW",
        "/ASCII85Decode",
        "/A85",
        "/ASCIIHexDecode",
        "/AHx",
        "/RunLengthDecode",
        "/RL",
    }
)


def _read_stream(stream: pikepdf.Stream) -> None:
    """Read a stream's data, decoding it when every filter is a general-purpose one (not an image codec)."""
    filters = stream.get(Name.Filter)
    if filters is None:
        names: list[str] = []
    elif isinstance(filters, Array):
        names = [str(f) for f in filters]
    else:
        names = [str(filters)]
    if all(name in _GENERAL_FILTERS for name in names):
        stream.read_bytes()
    else:
        stream.read_raw_bytes()


def inspect_pdf(path: Path | str, *, label: str, max_bytes: int | None = None) -> int:
    """Check that ``path`` is a usable PDF and return its page count.

    Raises :class:`PaperError` (message starts with ``label``) when the file is over ``max_bytes``, is not a
    PDF, is damaged (including stream data that no longer decodes), is password-protected or restricted,
    or has no pages.  Every stream is read once, so call this at upload time and store the page count.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise PaperError(label, REASON_MISSING) from None
    if max_bytes is not None and size > max_bytes:
        raise PaperError(label, REASON_TOO_LARGE.format(limit=_limit_text(max_bytes)))
    pdf = _open_paper(path, label)
    try:
        count = len(pdf.pages)
        warnings_before = len(pdf.get_warnings())
        try:
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Stream):
                    _read_stream(obj)
        except (pikepdf.PdfError, RuntimeError, ValueError, TypeError):
            raise PaperError(label, REASON_DAMAGED) from None
        if len(pdf.get_warnings()) > warnings_before:
            raise PaperError(label, REASON_DAMAGED)
        return count
    finally:
        pdf.close()


# --------------------------------------------------------------------------------------------------
# Planning


def plan_pack(items: Sequence[ItemPapers], *, duplex: bool = True) -> PackPlan:
    """Work out the pack page numbers of every item's papers.

    Page 1 is the first paper page.  With ``duplex`` each item starts on an odd page, a blank filler
    taking the even page before it when needed.  Papers whose ``page_count`` is ``None`` are inspected
    with :func:`inspect_pdf`.  Items without papers get no placement.
    """
    placements: dict[str, ItemPlacement] = {}
    blanks: dict[str, int] = {}
    counts: dict[str, tuple[int, ...]] = {}
    page = 1
    for item in items:
        if not item.papers:
            continue
        if item.number in placements:
            raise ValueError(f"Agenda item {item.number} appears twice")
        item_counts = []
        for paper in item.papers:
            n = paper.page_count
            if n is None:
                n = inspect_pdf(paper.path, label=paper.label)
            if n <= 0:
                raise PaperError(paper.label, REASON_NO_PAGES)
            item_counts.append(n)
        if duplex and page % 2 == 0:
            blanks[item.number] = 1
            page += 1
        first = page
        page += sum(item_counts)
        placements[item.number] = ItemPlacement(number=item.number, first_page=first, last_page=page - 1)
        counts[item.number] = tuple(item_counts)
    plan = PackPlan(placements=placements, total_paper_pages=page - 1, blanks_before=blanks)
    plan.paper_page_counts = counts
    return plan


# --------------------------------------------------------------------------------------------------
# Stamping


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _pdf_string(text: str) -> bytes:
    """A WinAnsi PDF literal string, parentheses and backslashes escaped."""
    clean = " ".join(text.split())
    raw = clean.encode("cp1252", errors="replace")
    raw = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + raw + b")"


def _text_width(text: str, size: float) -> float:
    total = 0
    for ch in " ".join(text.split()):
        code = ord(ch)
        total += _HELVETICA_WIDTHS[code - 32] if 32 <= code <= 126 else 556
    return total * size / 1000.0


def _box(value: object) -> tuple[float, float, float, float] | None:
    if not isinstance(value, Array) or len(value) != 4:
        return None
    try:
        a, b, c, d = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    x0, x1 = sorted((a, c))
    y0, y1 = sorted((b, d))
    if x1 - x0 < 1 or y1 - y0 < 1:
        return None
    return x0, y0, x1, y1


def _inherited(page: Dictionary, key: Name) -> object:
    node: object = page
    for _ in range(64):
        if not isinstance(node, Dictionary):
            return None
        value = node.get(key)
        if value is not None:
            return value
        node = node.get(Name.Parent)
    return None


def _rotation(value: object) -> int:
    try:
        rotate = int(value or 0) % 360  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0
    return rotate if rotate % 90 == 0 else 0


def _visible_box(media_obj: object, crop_obj: object) -> tuple[float, float, float, float]:
    """The CropBox clipped to the MediaBox (what viewers and pdftotext show); A4 when nothing usable."""
    media = _box(media_obj) or (0.0, 0.0, *_A4)
    crop = _box(crop_obj)
    if crop is None:
        return media
    x0, y0 = max(crop[0], media[0]), max(crop[1], media[1])
    x1, y1 = min(crop[2], media[2]), min(crop[3], media[3])
    if x1 - x0 < 1 or y1 - y0 < 1:
        return media
    return x0, y0, x1, y1


class _Geometry:
    """How a page is shown, and where the paper content and the stamps go on it.

    ``display`` maps upright display coordinates (origin bottom-left of the page as shown, after /Rotate)
    to user space, so stamps read upright whatever the rotation and box origin.
    """

    def __init__(self, box: tuple[float, float, float, float], rotate: int) -> None:
        x0, y0, x1, y1 = box
        if rotate == 90:
            display = (0.0, 1.0, -1.0, 0.0, x1, y0)
        elif rotate == 180:
            display = (-1.0, 0.0, 0.0, -1.0, x1, y1)
        elif rotate == 270:
            display = (0.0, -1.0, 1.0, 0.0, x0, y1)
        else:
            display = (1.0, 0.0, 0.0, 1.0, x0, y0)
        self.box = box
        self.width, self.height = (x1 - x0, y1 - y0) if rotate in (0, 180) else (y1 - y0, x1 - x0)
        band = max(0.04 * self.height, 16.0)
        self.scale = max(0.6, (self.height - 2 * band) / self.height)
        self.band = (1 - self.scale) * self.height / 2
        self.font_size = round(min(9.0, max(4.0, self.band * 0.45)), 2)
        s = self.scale
        self.tx, self.ty = (1 - s) * (x0 + x1) / 2, (1 - s) * (y0 + y1) / 2
        self.wrap_prefix = (
            f"q {_num(s)} 0 0 {_num(s)} {_num(self.tx)} {_num(self.ty)} cm "
            f"{_num(x0)} {_num(y0)} {_num(x1 - x0)} {_num(y1 - y0)} re W n\n"
        ).encode()
        self._open = b"q " + " ".join(_num(v) for v in display).encode() + b" cm BT 0 g\n"
        self._headers: dict[tuple[str, str], bytes] = {}
        self._footers: dict[tuple[str, int, str], bytes] = {}

    def _show(self, font: str, text: str, size: float, u: float, v: float) -> bytes:
        operators = f"/{font} {_num(size)} Tf 1 0 0 1 {_num(u)} {_num(v)} Tm "
        return operators.encode() + _pdf_string(text) + b" Tj\n"

    def _header(self, font: str, header: str) -> bytes:
        key = (font, header)
        cached = self._headers.get(key)
        if cached is None:
            fs = self.font_size
            margin = max(0.06 * self.width, 18.0)
            u = max(4.0, self.width - margin - _text_width(header, fs))
            v = self.height - self.band / 2 - 0.36 * fs
            cached = self._headers[key] = self._show(font, header, fs, u, v)
        return cached

    def _footer(self, font: str, footer: str) -> bytes:
        # "Page N": every digit is as wide as every other in Helvetica, so the position depends only on
        # the length of the text; cache the operators up to the string.
        key = (font, len(footer), footer[:5])
        lead = self._footers.get(key)
        if lead is None:
            fs = self.font_size
            u = max(4.0, (self.width - _text_width(footer, fs)) / 2)
            lead = f"/{font} {_num(fs)} Tf 1 0 0 1 {_num(u)} {_num(self.band / 2 - 0.36 * fs)} Tm ".encode()
            if footer[:5] == "Page " and footer[5:].isdigit():
                self._footers[key] = lead
        return lead + _pdf_string(footer) + b" Tj\n"

    def _notice(self, font: str, notice: str) -> bytes:
        """A Part II notice, on a line of its own in the top band from the left margin, just under "Agenda
        Item X" (which moves up to make room: see :meth:`stamp`). Shrunk to fit between the margins, and cut
        short with "..." only when it cannot fit at a legible size."""
        key = (font, "notice:" + notice)
        cached = self._headers.get(key)
        if cached is None:
            fs = self.font_size
            margin = max(0.06 * self.width, 18.0)
            room = self.width - 2 * margin
            size = max(min(fs, fs * room / max(_text_width(notice, fs), 1.0)), _MIN_NOTICE_SIZE)
            text = " ".join(notice.split())
            while _text_width(text, size) > room and len(text) > 4:
                text = text[: len(text) - 4].rstrip() + "..."
            u = margin
            v = self.height - self.band / 2 - 0.55 * fs - 0.36 * size
            cached = self._headers[key] = self._show(font, text, size, u, v)
        return cached

    def _raised_header(self, font: str, header: str) -> bytes:
        """ "Agenda Item X" over a notice: the upper of two lines in the top band, still right-aligned."""
        key = (font, "raised:" + header)
        cached = self._headers.get(key)
        if cached is None:
            fs = self.font_size
            margin = max(0.06 * self.width, 18.0)
            u = max(4.0, self.width - margin - _text_width(header, fs))
            v = self.height - self.band / 2 + 0.55 * fs - 0.36 * fs
            cached = self._headers[key] = self._show(font, header, fs, u, v)
        return cached

    def stamp(
        self, font: str, header: str | None, footer: str | None, body: str | None = None, notice: str | None = None
    ) -> bytes:
        """Content drawing the stamps upright on the displayed page, as one self-contained q/Q block."""
        parts = [self._open]
        if header and notice:
            parts.append(self._raised_header(font, header))
            parts.append(self._notice(font, notice))
        elif header:
            parts.append(self._header(font, header))
        if body:
            size = min(14.0, self.width / 30)
            u = max(4.0, (self.width - _text_width(body, size)) / 2)
            parts.append(self._show(font, body, size, u, self.height / 2))
        if footer:
            parts.append(self._footer(font, footer))
        parts.append(b"ET Q\n")
        return b"".join(parts)

    def shrink(self, values: list[float]) -> list[float]:
        """Apply the content scaling to a flat x, y, x, y... list (annotation /Rect, /QuadPoints)."""
        s, tx, ty = self.scale, self.tx, self.ty
        return [s * v + (tx if i % 2 == 0 else ty) for i, v in enumerate(values)]


def _cache_key(value: object) -> object:
    if value is None or isinstance(value, int):
        return value
    if isinstance(value, pikepdf.Object):
        return value.unparse()
    return repr(value)


class _Stamper:
    """Stamps pages of one output :class:`pikepdf.Pdf`, sharing one font and one closing stream."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
        font[Name.Encoding] = Name.WinAnsiEncoding
        self.font = pdf.make_indirect(font)
        self.closing = pdf.make_stream(b"\nQ\n")
        self._geometries: dict[tuple[object, object, object], _Geometry] = {}
        self._font_names: dict[tuple[int, int], str] = {}

    def geometry(self, page: Dictionary) -> _Geometry:
        """The page's geometry; pages must carry their own (pushed-down) boxes and rotation."""
        media, crop, rotate = page.get(Name.MediaBox), page.get(Name.CropBox), page.get(Name.Rotate)
        key = (_cache_key(media), _cache_key(crop), _cache_key(rotate))
        geometry = self._geometries.get(key)
        if geometry is None:
            geometry = self._geometries[key] = _Geometry(_visible_box(media, crop), _rotation(rotate))
        return geometry

    def font_name(self, page: Dictionary) -> str:
        """Put the shared font in the page's /Resources /Font under a name the paper does not use."""
        resources = page.get(Name.Resources)
        if not isinstance(resources, Dictionary):
            page[Name.Resources] = Dictionary()
            resources = page[Name.Resources]
        shared = resources.is_indirect
        if shared:
            known = self._font_names.get(resources.objgen)
            if known is not None:
                return known
        fonts = resources.get(Name.Font)
        if not isinstance(fonts, Dictionary):
            resources[Name.Font] = Dictionary()
            fonts = resources[Name.Font]
        font_og = self.font.objgen
        for n in range(1, 1000):
            key = f"/{STAMP_FONT_NAME}{n}"
            existing = fonts.get(key)
            if existing is None:
                fonts[key] = self.font
                break
            if isinstance(existing, pikepdf.Object) and existing.is_indirect and existing.objgen == font_og:
                break
        else:  # pragma: no cover - a thousand colliding names
            raise RuntimeError("no free font name for the stamp")
        name = key[1:]
        if shared:
            self._font_names[resources.objgen] = name
        return name

    def stamp_paper_page(self, page: Dictionary, header: str, footer: str, notice: str = "") -> bool:
        """Shrink the page's own content into the middle and draw the stamps in the bands it leaves.

        Returns whether the page has annotations (so links can be fixed once all its paper is in).
        """
        geometry = self.geometry(page)
        font = self.font_name(page)
        stamps = geometry.stamp(font, header, footer, notice=notice or None)
        prefix = self.pdf.make_stream(stamps + geometry.wrap_prefix)
        contents = page.get(Name.Contents)
        if isinstance(contents, pikepdf.Stream):
            page[Name.Contents] = Array([prefix, contents, self.closing])
        elif isinstance(contents, Array):
            page[Name.Contents] = Array([prefix, *contents, self.closing])
        else:
            page[Name.Contents] = Array([prefix, self.closing])
        annots = page.get(Name.Annots)
        if isinstance(annots, Array):
            _shrink_annotations(annots, geometry)
            return True
        return False

    def blank_page(self, size: tuple[float, float], footer: str | None) -> Dictionary:
        """A new "intentionally left blank" page (numbered when ``footer`` is given), not yet in the tree."""
        geometry = _Geometry((0.0, 0.0, size[0], size[1]), 0)
        name = f"{STAMP_FONT_NAME}1"
        return self.pdf.make_indirect(
            Dictionary(
                Type=Name.Page,
                MediaBox=Array([0, 0, _num(size[0]), _num(size[1])]),
                Resources=Dictionary(Font=Dictionary({"/" + name: self.font})),
                Contents=self.pdf.make_stream(geometry.stamp(name, None, footer, body=BLANK_PAGE_TEXT)),
            )
        )


def _shrink_annotations(annots: Array, geometry: _Geometry) -> None:
    """Move annotations (links, comments) with the shrunk content so they still sit on their text."""
    for annot in annots:
        if not isinstance(annot, Dictionary):
            continue
        for key in (Name.Rect, Name.QuadPoints):
            value = annot.get(key)
            if isinstance(value, Array) and len(value) >= 4 and len(value) % 2 == 0:
                try:
                    coords = [float(v) for v in value]
                except (TypeError, ValueError):
                    continue
                annot[key] = Array(geometry.shrink(coords))


_LINK_OFFSET = Name("/PackLinkOffset")


class _PaperLinks:
    """Keeps a paper's internal links working in the pack.

    Named destinations (WeasyPrint and Word tables of contents use them) live in the paper's catalog,
    which does not come along with its pages: resolve them to explicit destinations on the pack's copies
    of the pages, and move every destination's coordinates with the shrunk content.
    """

    def __init__(self, src: pikepdf.Pdf, stamper: _Stamper) -> None:
        self.stamper = stamper
        self.pages: dict[tuple[int, int], Dictionary] = {}  # source page objgen -> pack page
        self.position: dict[tuple[int, int], int] = {}  # pack page objgen -> its place in the paper
        self.with_annots: list[Dictionary] = []
        names = src.Root.get(Name.Names)
        tree = names.get(Name.Dests) if isinstance(names, Dictionary) else None
        self.tree = pikepdf.NameTree(tree) if isinstance(tree, Dictionary) else None
        old_style = src.Root.get(Name.Dests)
        self.old_style = old_style if isinstance(old_style, Dictionary) else None

    def add(self, source_page: Dictionary, pack_page: Dictionary, has_annots: bool) -> None:
        self.position[pack_page.objgen] = len(self.pages)
        self.pages[source_page.objgen] = pack_page
        if has_annots:
            self.with_annots.append(pack_page)

    def fix(self) -> None:
        """Resolve the links, and mark each with how many pages on its target is (``/PackLinkOffset``):
        joining segments loses a link to a later page, and :func:`_restore_links` puts it back from that."""
        if not self.with_annots:
            return
        own = {page.objgen for page in self.pages.values()}
        for page in self.with_annots:
            here = self.position[page.objgen]
            for annot in page.get(Name.Annots) or ():
                if isinstance(annot, Dictionary) and _LINK_OFFSET in annot:
                    del annot[_LINK_OFFSET]  # only the pack's own marks are followed
                if not isinstance(annot, Dictionary) or annot.get(Name.Subtype) != Name.Link:
                    continue
                fixed = None
                if Name.Dest in annot:
                    fixed = self._resolve(annot[Name.Dest], own)
                    if fixed is not None:
                        annot[Name.Dest] = fixed
                action = annot.get(Name.A)
                if isinstance(action, Dictionary) and action.get(Name.S) == Name.GoTo and Name.D in action:
                    fixed = self._resolve(action[Name.D], own)
                    if fixed is not None:
                        action[Name.D] = fixed
                if fixed is not None:
                    annot[_LINK_OFFSET] = self.position[fixed[0].objgen] - here

    def _lookup(self, key: object) -> object:
        value: object = None
        try:
            if isinstance(key, pikepdf.String) and self.tree is not None:
                value = self.tree.get(str(key))
            elif isinstance(key, Name) and self.old_style is not None:
                value = self.old_style.get(key)
        except (pikepdf.PdfError, RuntimeError, ValueError, TypeError):
            return None
        if isinstance(value, Dictionary):
            value = value.get(Name.D)
        return value

    def _resolve(self, dest: object, own: set[tuple[int, int]]) -> Array | None:
        if isinstance(dest, (pikepdf.String, Name)):
            explicit = self._lookup(dest)
            if not _is_explicit(explicit):
                return None
            target = self.pages.get(explicit[0].objgen)
        elif _is_explicit(dest):
            explicit = dest
            target = dest[0] if dest[0].objgen in own else None
        else:
            return None
        if target is None:
            return None
        try:
            view = _shrink_view(str(explicit[1]), list(explicit)[2:], self.stamper.geometry(target))
        except (TypeError, ValueError):
            return None
        return Array([target, *view])


def _is_explicit(dest: object) -> bool:
    return isinstance(dest, Array) and len(dest) >= 2 and isinstance(dest[0], Dictionary)


def _shrink_view(kind: str, args: list[object], geometry: _Geometry) -> list[object]:
    """Move a destination's view coordinates (left, top, ...) along with the shrunk page content."""
    s, tx, ty = geometry.scale, geometry.tx, geometry.ty

    def x(v: object) -> object:
        return None if v is None else s * float(v) + tx  # type: ignore[arg-type]

    def y(v: object) -> object:
        return None if v is None else s * float(v) + ty  # type: ignore[arg-type]

    if kind == "/XYZ" and len(args) >= 2:
        args = [x(args[0]), y(args[1]), *args[2:]]
    elif kind in ("/FitH", "/FitBH") and args:
        args = [y(args[0])]
    elif kind in ("/FitV", "/FitBV") and args:
        args = [x(args[0])]
    elif kind == "/FitR" and len(args) == 4:
        args = [x(args[0]), y(args[1]), x(args[2]), y(args[3])]
    return [Name(kind), *args]


# --------------------------------------------------------------------------------------------------
# Assembly


def _display_size(page: Dictionary) -> tuple[float, float]:
    box = _visible_box(_inherited(page, Name.MediaBox), _inherited(page, Name.CropBox))
    width, height = box[2] - box[0], box[3] - box[1]
    return (height, width) if _rotation(_inherited(page, Name.Rotate)) in (90, 270) else (width, height)


def _set_metadata(pdf: pikepdf.Pdf, *, title: str, subject: str, author: str, creator: str) -> None:
    producer = f"pikepdf {pikepdf.__version__}"
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = title
        if subject:
            meta["dc:description"] = subject
        if author:
            meta["dc:creator"] = [author]
        meta["xmp:CreatorTool"] = creator
        meta["pdf:Producer"] = producer
        meta["xmp:CreateDate"] = now.isoformat()
        meta["xmp:ModifyDate"] = now.isoformat()
    info = pdf.docinfo
    info[Name.Title] = title
    if subject:
        info[Name.Subject] = subject
    if author:
        info[Name.Author] = author
    info[Name.Creator] = creator
    info[Name.Producer] = producer
    stamp = now.strftime("D:%Y%m%d%H%M%SZ")
    info[Name.CreationDate] = stamp
    info[Name.ModDate] = stamp


def _paper_bookmark(paper: PaperSource) -> str:
    return labelled(paper.title, paper_heading(paper.appendix_label, paper.heading))


def _item_header(number: str) -> str:
    return f"Agenda Item {' '.join(number.split())}"


class SegmentCache(Protocol):
    """Where stamped segments are kept between builds (see :func:`assemble_pack`).

    ``get`` returns a local copy of the segment stored under ``key``, or ``None`` when there is none (or it
    cannot be trusted); ``put`` keeps a segment just stamped.  Neither may raise for a damaged or missing
    entry: a segment that cannot be had is stamped again.
    """

    def get(self, key: str) -> Path | None: ...

    def put(self, key: str, path: Path) -> None: ...


@cache
def _engine_digest() -> str:
    """A hash of this module: a change to how pages are stamped makes every stored segment stale."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def segment_key(*, sha256: str, pages: int, header: str, item_header: str, first_page: int, notice: str) -> str:
    """The name of a stamped segment: a hash of everything that decides its bytes (the paper's content, its
    page count, the stamps on its first and later pages, the pack page it starts on, the Part II notice, and
    the stamping code)."""
    inputs = {
        "version": SEGMENT_VERSION,
        "engine": _engine_digest(),
        "sha256": sha256,
        "pages": pages,
        "header": header,
        "item_header": item_header,
        "first_page": first_page,
        "notice": notice,
    }
    blob = json.dumps(inputs, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(blob).hexdigest()


def _paper_sha256(path: Path, label: str) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(_MB), b""):
                digest.update(chunk)
    except FileNotFoundError:
        raise PaperError(label, REASON_MISSING) from None
    except IsADirectoryError:
        raise PaperError(label, REASON_NOT_PDF) from None
    except OSError:
        raise PaperError(label, REASON_DAMAGED) from None
    return digest.hexdigest()


@dataclass
class _Segment:
    """One paper's place in the pack: its stamps, where it starts, and (with a cache) its key."""

    paper: PaperSource
    header: str
    item_header: str
    notice: str
    first_page: int
    pages: int | None  # as planned; None: whatever the paper has
    key: str = ""


def _save_segment(pdf: pikepdf.Pdf, kids: list[Dictionary], path: Path) -> None:
    pages_root = pdf.Root.Pages
    for kid in kids:
        kid[Name.Parent] = pages_root
    pages_root[Name.Kids] = Array(kids)
    pages_root[Name.Count] = len(kids)
    pdf.save(
        path,
        linearize=False,
        compress_streams=True,
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
        object_stream_mode=pikepdf.ObjectStreamMode.disable,
        deterministic_id=True,  # the same inputs make the same bytes, whichever worker stamps them
    )


def _stamp_segment(segment: _Segment, output: Path) -> int:
    """Copy one paper's pages into a PDF of their own, stamped, cleaned and with working links; returns its
    page count.  Only this paper is open meanwhile."""
    paper = segment.paper
    src = _open_paper(Path(paper.path), paper.label)
    try:
        if segment.pages is not None and len(src.pages) != segment.pages:
            raise PaperError(paper.label, REASON_CHANGED)
        pdf = pikepdf.new()
        try:
            stamper = _Stamper(pdf)
            links = _PaperLinks(src, stamper)
            kids = []
            header = segment.header
            for number, page in enumerate(src.pages, start=segment.first_page):
                new_page = pdf.copy_foreign(page.obj)
                strip_page_active_content(new_page)  # papers are cleaned on upload; older ones here
                has_annots = stamper.stamp_paper_page(new_page, header, f"Page {number}", segment.notice)
                links.add(page.obj, new_page, has_annots)
                kids.append(new_page)
                header = segment.item_header
            links.fix()
            _save_segment(pdf, kids, output)
            return len(kids)
        finally:
            pdf.close()
    finally:
        src.close()


def _blank_pages(size: tuple[float, float], footers: Sequence[str | None], output: Path) -> None:
    """Every "intentionally left blank" filler of the pack, in one PDF (the join takes them page by page)."""
    with pikepdf.new() as pdf:
        stamper = _Stamper(pdf)
        _save_segment(pdf, [stamper.blank_page(size, footer) for footer in footers], output)


def _usable_segment(path: Path | None, pages: int | None) -> bool:
    """Whether a segment from the cache opens cleanly with the pages it should have."""
    if path is None:
        return False
    try:
        with pikepdf.open(path, access_mode=pikepdf.AccessMode.stream) as pdf:
            return (pages is None or len(pdf.pages) == pages) and not pdf.get_warnings()
    except (pikepdf.PdfError, OSError, RuntimeError, ValueError):
        return False


def _is_stamp_font(font: object) -> bool:
    return (
        isinstance(font, Dictionary)
        and font.is_indirect
        and set(font.keys()) == {"/Type", "/Subtype", "/BaseFont", "/Encoding"}
        and font.get(Name.Subtype) == Name.Type1
        and font.get(Name.BaseFont) == Name.Helvetica
        and font.get(Name.Encoding) == Name.WinAnsiEncoding
    )


def _finish_pages(pages: Sequence[pikepdf.Page]) -> None:
    """After the join: point every page at one copy of the stamp font (each segment brought its own), and
    put back the links within a paper that the join lost (see :meth:`_PaperLinks.fix`)."""
    shared: Dictionary | None = None
    seen: set[tuple[int, int]] = set()
    for index, page in enumerate(pages):
        obj = page.obj
        annots = obj.get(Name.Annots)
        if isinstance(annots, Array):
            _restore_links(annots, pages, index)
        resources = obj.get(Name.Resources)
        fonts = resources.get(Name.Font) if isinstance(resources, Dictionary) else None
        if not isinstance(fonts, Dictionary):
            continue
        if fonts.is_indirect:
            if fonts.objgen in seen:
                continue
            seen.add(fonts.objgen)
        for name in list(fonts.keys()):
            if not name.startswith(f"/{STAMP_FONT_NAME}"):
                continue
            font = fonts.get(name)
            if not _is_stamp_font(font):
                continue
            if shared is None:
                shared = font
            elif font.objgen != shared.objgen:
                fonts[name] = shared


def _restore_links(annots: Array, pages: Sequence[pikepdf.Page], index: int) -> None:
    for annot in annots:
        if not isinstance(annot, Dictionary) or _LINK_OFFSET not in annot or annot.get(Name.Subtype) != Name.Link:
            continue
        offset = annot.get(_LINK_OFFSET)
        del annot[_LINK_OFFSET]
        try:
            target = pages[index + int(offset)].obj  # type: ignore[call-overload]
        except (IndexError, TypeError, ValueError):
            continue
        for holder, key in ((annot, Name.Dest), (annot.get(Name.A), Name.D)):
            dest = holder.get(key) if isinstance(holder, Dictionary) else None
            if isinstance(dest, Array) and len(dest) >= 2:
                dest[0] = target


def assemble_pack(
    *,
    front_matter: Path,
    items: Sequence[ItemPapers],
    plan: PackPlan,
    output: Path,
    duplex: bool,
    title: str,
    subject: str = "",
    author: str = "",
    front_bookmarks: Sequence[tuple[str, int]] = (("Front sheet", 0), ("Agenda", 1)),
    progress: Callable[[str, int], None] | None = None,
    creator: str = DEFAULT_CREATOR,
    object_streams: bool = False,
    segments: SegmentCache | None = None,
) -> int:
    """Write the whole pack to ``output`` and return its total page count.

    The front matter comes first, unnumbered; with ``duplex`` and an odd number of front pages an
    unnumbered blank filler follows it, so paper page 1 is a right-hand page.  Then the papers in agenda
    order, stamped and numbered as ``plan`` says.  ``plan`` must come from :func:`plan_pack` on the same
    ``items`` and ``duplex``; a paper whose page count no longer matches raises :class:`PaperError`.
    The pack is written to a temporary file next to ``output`` and moved into place, so a failure never
    leaves a half-written file and an existing ``output`` stays untouched.
    ``progress(stage, percent)`` is called with the stages "counting pages", "stamping" and "saving".
    ``object_streams=True`` packs small objects into object streams: about 15% smaller files, about 10%
    slower.  Paper streams are always copied as they are, never decoded or recompressed.

    Memory stays small whatever the size of the pack: each paper is stamped into a *segment*, a PDF of its
    own, with only that paper open; a last pass joins the segments and adds bookmarks, page labels and
    metadata, in a process of its own for a pack of ``FINISH_APART_PAGES`` pages or more.  With
    ``segments`` (a :class:`SegmentCache`) a paper whose segment is already there under its
    :func:`segment_key` is not stamped again, and every segment stamped is offered to the cache.
    """
    output = Path(output)

    def report(stage: str, percent: float) -> None:
        if progress is not None:
            progress(stage, int(max(0, min(100, percent))))

    with tempfile.TemporaryDirectory(dir=output.parent, prefix=f".{output.name}.") as tmpdir:
        work = Path(tmpdir)

        # 1. Check the front matter and the papers against the plan; name each paper's segment.
        report("counting pages", 0)
        front = _open_paper(Path(front_matter), "The front sheet and agenda")
        try:
            front_count = len(front.pages)
            blank_size = _display_size(front.pages[0].obj)
        finally:
            front.close()
        files: list[tuple[str, int | None]] = [(str(front_matter), None)]  # (file, one page or all)
        blanks_file = work / "blanks.pdf"
        blank_footers: list[str | None] = []

        def blank(footer: str | None) -> None:
            blank_footers.append(footer)
            files.append((str(blanks_file), len(blank_footers) - 1))

        page_index = front_count  # index in the pack of the next page
        if duplex and front_count % 2:
            blank(None)
            page_index += 1
        numbered_from = page_index

        paper_total = sum(len(item.papers) for item in items) or 1
        done = 0
        work_items: list[tuple[ItemPapers, int, list[_Segment]]] = []
        pack_page = 1
        for item in items:
            if not item.papers:
                continue
            placement = plan.placements.get(item.number)
            if placement is None:
                raise ValueError(f"The plan has no pages for item {item.number}: plan the pack again")
            planned = plan.paper_page_counts.get(item.number)
            if planned is not None and len(planned) != len(item.papers):
                raise ValueError(f"The plan for item {item.number} has other papers: plan the pack again")
            blanks = plan.blanks_before.get(item.number, 0)
            pack_page += blanks
            if pack_page != placement.first_page:
                raise ValueError(f"The plan does not match the papers of item {item.number}: plan again")
            item_header = _item_header(item.number)
            item_segments = []
            for k, paper in enumerate(item.papers):
                expected = planned[k] if planned is not None else paper.page_count
                if expected is None:
                    expected = inspect_pdf(paper.path, label=paper.label)
                heading = paper_heading(paper.appendix_label, paper.heading)
                segment = _Segment(
                    paper=paper,
                    header=f"{item_header} - {heading}" if heading else item_header,
                    item_header=item_header,
                    notice=item.notice,
                    first_page=pack_page,
                    pages=expected,
                )
                if segments is not None:
                    segment.key = segment_key(
                        sha256=_paper_sha256(Path(paper.path), paper.label),
                        pages=expected,
                        header=segment.header,
                        item_header=item_header,
                        first_page=pack_page,
                        notice=item.notice,
                    )
                item_segments.append(segment)
                pack_page += expected
                done += 1
                report("counting pages", 100 * done / paper_total)
            if pack_page - placement.first_page != placement.last_page - placement.first_page + 1:
                raise PaperError(f"Item {item.number}", REASON_CHANGED)
            work_items.append((item, blanks, item_segments))

        # 2. Stamp each paper into its segment (or take it from the cache), one paper at a time.
        report("stamping", 0)
        bookmarks: list[tuple[str, int, list[tuple[str, int]]]] = []
        done = 0
        for item, blanks, item_segments in work_items:
            for n in range(blanks):
                blank(f"Page {item_segments[0].first_page - blanks + n}")
                page_index += 1
            children: list[tuple[str, int]] = []
            item_index = page_index
            for segment in item_segments:
                children.append((_paper_bookmark(segment.paper), page_index))
                path = segments.get(segment.key) if segments is not None else None
                if not _usable_segment(path, segment.pages):
                    path = work / f"segment-{done}.pdf"
                    _stamp_segment(segment, path)
                    if segments is not None:
                        segments.put(segment.key, path)
                files.append((str(path), None))
                page_index += segment.pages
                done += 1
                report("stamping", 100 * done / paper_total)
            bookmarks.append((f"Item {item.number}: {item.title}", item_index, children))

        # 3. Join the segments (another process), then add navigation and metadata and save atomically.
        report("saving", 0)
        if blank_footers:
            _blank_pages(blank_size, blank_footers, blanks_file)
        finish = {
            "files": files,
            "output": str(output),
            "pages": page_index,
            "front_count": front_count,
            "numbered_from": numbered_from,
            "front_bookmarks": [list(b) for b in front_bookmarks],
            "bookmarks": bookmarks,
            "title": title,
            "subject": subject,
            "author": author,
            "creator": creator,
            "object_streams": object_streams,
        }
        if page_index >= FINISH_APART_PAGES:
            _finish_apart(finish, work)
        else:
            _finish(**finish)
        total = page_index
        report("saving", 100)
        return total


def _finish(
    *,
    files: Sequence[Sequence[object]],
    output: str,
    pages: int,
    front_count: int,
    numbered_from: int,
    front_bookmarks: Sequence[Sequence[object]],
    bookmarks: Sequence[Sequence[object]],
    title: str,
    subject: str,
    author: str,
    creator: str,
    object_streams: bool,
) -> None:
    """The last pass: join the pages of ``files`` (``(path, page index)``, or ``(path, None)`` for all its
    pages), each file opened once and read as a stream (not mapped into memory); then one stamp font, the
    links within papers, bookmarks, page labels and metadata; then the atomic save to ``output``.  The page
    tree is built once from the list of pages: inserting them one by one costs time in the size of the pack
    for every page."""
    opened: dict[str, pikepdf.Pdf] = {}
    pdf = pikepdf.new()
    try:
        kid_list: list[Dictionary] = []
        for path, index in files:
            src = opened.get(str(path))
            if src is None:
                src = opened[str(path)] = pikepdf.open(path, access_mode=pikepdf.AccessMode.stream)
            chosen = src.pages if index is None else [src.pages[int(index)]]  # type: ignore[call-overload]
            kid_list.extend(pdf.copy_foreign(page.obj) for page in chosen)
        if len(kid_list) != pages:
            raise RuntimeError(f"The joined pack has {len(kid_list)} pages, not the {pages} planned")
        pages_root = pdf.Root.Pages
        for kid in kid_list:
            kid[Name.Parent] = pages_root
        pages_root[Name.Kids] = Array(kid_list)
        pages_root[Name.Count] = len(kid_list)
        del kid_list
        _finish_pdf(
            pdf,
            output=output,
            front_count=front_count,
            numbered_from=numbered_from,
            front_bookmarks=front_bookmarks,
            bookmarks=bookmarks,
            title=title,
            subject=subject,
            author=author,
            creator=creator,
            object_streams=object_streams,
        )
    finally:
        pdf.close()
        for src in opened.values():
            src.close()


def _finish_pdf(
    pdf: pikepdf.Pdf,
    *,
    output: str,
    front_count: int,
    numbered_from: int,
    front_bookmarks: Sequence[Sequence[object]],
    bookmarks: Sequence[Sequence[object]],
    title: str,
    subject: str,
    author: str,
    creator: str,
    object_streams: bool,
) -> None:
    """Bookmarks, page labels, metadata and the one stamp font on the joined pack; then the atomic save."""
    kids = pdf.pages
    total = len(kids)
    _finish_pages(kids)

    def destination(index: int) -> Array:
        return Array([kids[index].obj, Name.Fit])

    with pdf.open_outline() as outline:
        for text, index in front_bookmarks:
            if 0 <= index < front_count:  # type: ignore[operator]
                outline.root.append(OutlineItem(text, destination(index)))  # type: ignore[arg-type]
        for text, index, children in bookmarks:
            entry = OutlineItem(text, destination(index))  # type: ignore[arg-type]
            for child_text, child_index in children:  # type: ignore[attr-defined]
                entry.children.append(OutlineItem(child_text, destination(child_index)))
            outline.root.append(entry)
    labels = Array([0, Dictionary(S=Name.r)])
    if total > numbered_from:
        labels.extend([numbered_from, Dictionary(S=Name.D, St=1)])
    pdf.Root[Name.PageLabels] = Dictionary(Nums=labels)
    pdf.Root[Name.PageMode] = Name.UseOutlines
    _set_metadata(pdf, title=title, subject=subject, author=author, creator=creator)
    _save_atomically(pdf, Path(output), object_streams=object_streams)


def _finish_apart(finish: dict[str, object], work: Path) -> None:
    """:func:`_finish` in a Python process of its own, so the joined pack's objects never take room in this
    (long-running worker) process; its error, if any, is raised here."""
    spec = work / "finish.json"
    spec.write_text(json.dumps(finish))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(_ROOT), os.environ.get("PYTHONPATH")]))}
    argv = [sys.executable, "-m", __name__, "finish", str(spec)]
    try:
        done = subprocess.run(
            argv, capture_output=True, text=True, env=env, cwd=_ROOT, check=False, timeout=FINISH_APART_TIMEOUT
        )
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"The last pass over the pack took longer than {FINISH_APART_TIMEOUT} s") from exc
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise RuntimeError(f"The last pass over the pack failed: {detail}")


def _save_atomically(pdf: pikepdf.Pdf, output: Path, *, object_streams: bool) -> None:
    fd, tmp_name = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".part")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        pdf.save(
            tmp,
            linearize=False,
            compress_streams=True,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
            object_stream_mode=(
                pikepdf.ObjectStreamMode.generate if object_streams else pikepdf.ObjectStreamMode.disable
            ),
        )
        try:
            mode = output.stat().st_mode & 0o777
        except FileNotFoundError:
            mode = 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, output)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


if __name__ == "__main__":  # python -m meetings.packs.assembly finish SPEC.json (see _finish_apart)
    if len(sys.argv) != 3 or sys.argv[1] != "finish":
        sys.exit("usage: python -m meetings.packs.assembly finish SPEC.json")
    _finish(**json.loads(Path(sys.argv[2]).read_text()))
