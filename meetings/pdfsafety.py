"""Checking an uploaded PDF safely and taking out its active content (no Django in here).

:func:`check_paper_pdf` checks a paper in a **child process** with a cap on its memory (``RLIMIT_AS``) and
CPU time, so a hostile file can exhaust only that child, never the web or worker process:

* bombs are refused before they are unpacked: more pages than ``max_pages`` (the page tree's own count is
  read first, before walking 100,000 pages), more objects than any paper has, or a stream that unpacks to
  more than ``max_stream_mb`` (Flate data is unpacked a piece at a time, counting, never held whole);
* damage, passwords and empty files are refused as before (:func:`meetings.packs.assembly.inspect_pdf`);
* active content is removed (:func:`strip_active_content`) and a cleaned copy written, with a list of what
  was taken out in a clerk's words. A file with nothing to remove is kept byte for byte.

Active content is anything a PDF reader would *do* rather than show: JavaScript (opening the document or a
page, document-level scripts, form scripts, XFA), launching programs, submitting forms, opening other files
(GoToR / GoToE, e.g. to ``\\\\host\\share``), media, and attached files (the EmbeddedFiles list, file
attachment annotations). Links to web pages (URI) and links within the paper stay.
:func:`strip_page_active_content` does the same for one page; the pack builder runs it on every page it
copies, so a paper stored before these checks still cannot carry anything into a pack.

Run as ``python -m meetings.pdfsafety IN OUT LIMITS_JSON``; it prints one line of JSON.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

MB = 1024 * 1024
ROOT = Path(__file__).resolve().parent.parent

JAVASCRIPT = "JavaScript (scripts that run when the paper or a page is opened)"
LAUNCH = "a link that starts a program on the reader's computer"
FORM = "a form that sends what is typed into it to a web address"
REMOTE = "a link that opens another file ({detail})"
MEDIA = "embedded sound, video or 3D content"
ATTACHED = "attached files ({detail})"

_BAD_ACTIONS = {
    "/JavaScript": JAVASCRIPT,
    "/Launch": LAUNCH,
    "/SubmitForm": FORM,
    "/ImportData": FORM,
    "/GoToR": REMOTE,
    "/GoToE": REMOTE,
    "/Rendition": MEDIA,
    "/Movie": MEDIA,
    "/Sound": MEDIA,
    "/RichMediaExecute": MEDIA,
}
_ACTION_KEYS = ("/A", "/OpenAction", "/PA", "/Next")
_BAD_ANNOTATIONS = {"/FileAttachment": ATTACHED, "/Sound": MEDIA, "/Movie": MEDIA, "/Screen": MEDIA}
_BAD_ANNOTATIONS.update({"/RichMedia": MEDIA, "/3D": MEDIA})
_NOT_FOLLOWED = frozenset({"/Parent", "/P", "/Prev", "/Last"})


@dataclass(frozen=True)
class Limits:
    max_pages: int = 5000
    max_stream_mb: int = 256
    max_objects: int = 2_000_000
    memory_mb: int = 768
    cpu_seconds: int = 60
    timeout: float = 120


@dataclass
class PdfReport:
    pages: int
    removed: list[str] = field(default_factory=list)
    cleaned: bool = False


# Active content ---------------------------------------------------------------------------------------


class _Cleaner:
    """Walks a document (or a page) and removes active content, remembering what it removed."""

    def __init__(self) -> None:
        self.found: dict[str, list[str]] = {}

    def note(self, kind: str, detail: str = "") -> None:
        details = self.found.setdefault(kind, [])
        if detail and detail not in details and len(details) < 5:
            details.append(detail)

    def summary(self) -> list[str]:
        out = []
        for kind, details in self.found.items():
            if "{detail}" in kind:
                out.append(kind.format(detail=", ".join(details) if details else "not named"))
            else:
                out.append(kind)
        return out

    @staticmethod
    def _file_name(spec) -> str:
        import pikepdf

        if isinstance(spec, pikepdf.Dictionary):
            for key in ("/UF", "/F"):
                value = spec.get(key)
                if isinstance(value, pikepdf.String):
                    return str(value)[:80]
        if isinstance(spec, pikepdf.String):
            return str(spec)[:80]
        return ""

    def _bad_action(self, action) -> bool:
        import pikepdf

        if not isinstance(action, pikepdf.Dictionary):
            return False
        kind = _BAD_ACTIONS.get(str(action.get("/S", "")))
        if kind is None:
            if "/JS" in action:
                kind = JAVASCRIPT
            else:
                return False
        self.note(kind, self._file_name(action.get("/F")))
        return True

    def clean_dict(self, d) -> None:
        import pikepdf

        if "/AA" in d:
            self.note(JAVASCRIPT)
            del d["/AA"]
        if "/JS" in d and "/S" not in d:
            self.note(JAVASCRIPT)
            del d["/JS"]
        if "/XFA" in d:
            self.note(JAVASCRIPT)
            del d["/XFA"]
        for key in _ACTION_KEYS:
            value = d.get(key)
            if isinstance(value, pikepdf.Dictionary) and self._bad_action(value):
                del d[key]
            elif isinstance(value, pikepdf.Array) and key == "/Next":
                kept = [a for a in value if not self._bad_action(a)]
                if len(kept) != len(value):
                    d[key] = pikepdf.Array(kept)
        if "/EF" in d:
            self.note(ATTACHED, self._file_name(d))
            del d["/EF"]
        names = d.get("/Names") if d.get("/Type") == "/Catalog" or "/Pages" in d else None
        if isinstance(names, pikepdf.Dictionary):
            if "/JavaScript" in names:
                self.note(JAVASCRIPT)
                del names["/JavaScript"]
            if "/EmbeddedFiles" in names:
                tree = names["/EmbeddedFiles"]
                try:
                    for key in list(pikepdf.NameTree(tree).keys())[:5]:
                        self.note(ATTACHED, str(key)[:80])
                except (pikepdf.PdfError, TypeError, ValueError):
                    self.note(ATTACHED)
                del names["/EmbeddedFiles"]
        annots = d.get("/Annots")
        if isinstance(annots, pikepdf.Array):
            kept = []
            for annot in annots:
                kind = (
                    _BAD_ANNOTATIONS.get(str(annot.get("/Subtype", "")))
                    if isinstance(annot, pikepdf.Dictionary)
                    else None
                )
                if kind is None:
                    kept.append(annot)
                else:
                    self.note(kind, self._file_name(annot.get("/FS")))
            if len(kept) != len(annots):
                d["/Annots"] = pikepdf.Array(kept)

    def walk(self, start, *, follow=lambda key: True) -> None:
        """Clean every dictionary reachable from ``start`` (each indirect object once)."""
        import pikepdf

        seen: set[tuple[int, int]] = set()
        stack = [start]
        while stack:
            obj = stack.pop()
            if obj.is_indirect:
                if obj.objgen in seen:
                    continue
                seen.add(obj.objgen)
            if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
                self.clean_dict(obj)
                for key in obj.keys():  # noqa: SIM118 (pikepdf streams iterate their data)
                    if key in _NOT_FOLLOWED or not follow(key):
                        continue
                    value = obj.get(key)
                    if isinstance(value, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)):
                        stack.append(value)
            elif isinstance(obj, pikepdf.Array):
                stack.extend(v for v in obj if isinstance(v, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)))


def strip_active_content(pdf) -> list[str]:
    """Remove active content from a whole document; returns what was removed (empty: nothing)."""
    cleaner = _Cleaner()
    cleaner.walk(pdf.trailer)
    return cleaner.summary()


_PAGE_SKIP = frozenset({"/Contents", "/Resources", "/AP", "/Parent", "/P", "/Dest"})


def strip_page_active_content(page) -> bool:
    """Remove active content from one page and its annotations (not its content or resources): fast enough
    for every page of a pack. Returns whether anything was removed."""
    if "/AA" not in page and "/Annots" not in page:
        return False
    cleaner = _Cleaner()
    cleaner.walk(page, follow=lambda key: key not in _PAGE_SKIP)
    return bool(cleaner.found)


# The check, in the child ------------------------------------------------------------------------------


class _Refused(Exception):
    pass


def _filter_names(stream) -> list[str]:
    import pikepdf

    filters = stream.get("/Filter")
    if filters is None:
        return []
    if isinstance(filters, pikepdf.Array):
        return [str(f) for f in filters]
    return [str(filters)]


def _flate_size_within(stream, limit: int) -> bool:
    """Unpack the stream's leading Flate filters a piece at a time and say whether it stays within
    ``limit`` bytes; nothing bigger than a piece is ever held."""
    names = _filter_names(stream)
    depth = 0
    while depth < len(names) and names[depth] in ("/FlateDecode", "/Fl"):
        depth += 1
    if depth == 0:
        return True
    stages = [zlib.decompressobj() for _ in range(depth)]
    total = 0

    def feed(level: int, data: bytes) -> None:
        nonlocal total
        if level == depth:
            total += len(data)
            if total > limit:
                raise _Refused
            return
        stage = stages[level]
        while not stage.eof:
            out = stage.decompress(data, 256 * 1024)
            data = stage.unconsumed_tail
            if out:
                feed(level + 1, out)
            elif not data:
                return

    raw = stream.read_raw_bytes()
    try:
        for offset in range(0, len(raw), MB):
            feed(0, raw[offset : offset + MB])
    except zlib.error:
        return True  # damaged data: the full read below reports it
    except _Refused:
        return False
    return True


def _child(source: Path, output: Path, limits: Limits) -> dict:
    import resource

    cap = limits.memory_mb * MB
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    import pikepdf

    from meetings.packs.assembly import (
        REASON_DAMAGED,
        REASON_NO_PAGES,
        REASON_NOT_PDF,
        REASON_PROTECTED,
        _has_pdf_header,
        _is_restricted,
        _read_stream,
    )

    too_many_pages = (
        f"has more than {limits.max_pages:,} pages, far more than any paper: it may be built to overload the "
        "server. Check it is the right file, or split it into smaller papers."
    )
    bomb = (
        f"holds data that unpacks to more than {limits.max_stream_mb} MB, far more than any real paper: it may "
        "be built to overload the server. Open it, print it to a new PDF and upload that."
    )
    if not _has_pdf_header(source):
        return {"error": REASON_NOT_PDF}
    try:
        pdf = pikepdf.open(source, inherit_page_attributes=False)
    except pikepdf.PasswordError:
        return {"error": REASON_PROTECTED}
    except (pikepdf.PdfError, OSError, RuntimeError, ValueError):
        return {"error": REASON_DAMAGED}
    with pdf:
        if _is_restricted(pdf):
            return {"error": REASON_PROTECTED}
        try:
            claimed = int(pdf.Root.Pages.get("/Count", 0))
        except (AttributeError, KeyError, TypeError, ValueError, pikepdf.PdfError):
            claimed = 0
        size = pdf.trailer.get("/Size")
        if claimed > limits.max_pages:
            return {"error": too_many_pages}
        if isinstance(size, int) and size > limits.max_objects:
            return {"error": bomb}
        try:
            pages = len(pdf.pages)
        except (pikepdf.PdfError, RuntimeError, ValueError):
            return {"error": REASON_DAMAGED}
        if pages > limits.max_pages:
            return {"error": too_many_pages}
        if pages == 0:
            return {"error": REASON_DAMAGED if pdf.get_warnings() else REASON_NO_PAGES}
        warnings_before = len(pdf.get_warnings())
        limit = limits.max_stream_mb * MB
        try:
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Stream):
                    if not _flate_size_within(obj, limit):
                        return {"error": bomb}
                    _read_stream(obj)
        except (pikepdf.PdfError, RuntimeError, ValueError, TypeError):
            return {"error": REASON_DAMAGED}
        except MemoryError:
            return {"error": bomb}
        if len(pdf.get_warnings()) > warnings_before:
            return {"error": REASON_DAMAGED}
        removed = strip_active_content(pdf)
        if removed:
            pdf.save(output, deterministic_id=True, stream_decode_level=pikepdf.StreamDecodeLevel.none)
        return {"pages": pages, "removed": removed, "cleaned": bool(removed)}


def check_paper_pdf(source: Path, *, label: str, output: Path, limits: Limits = Limits()) -> PdfReport:
    """Check ``source`` in a memory-capped child process; write a cleaned copy to ``output`` if it held
    active content (``report.cleaned``). Raises :class:`~meetings.packs.assembly.PaperError`."""
    from meetings.packs.assembly import REASON_DAMAGED, PaperError

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    argv = [sys.executable, "-m", "meetings.pdfsafety", str(source), str(output), json.dumps(asdict(limits))]
    too_big = (
        "is too large or too complicated to check safely: it may be built to overload the server. "
        "Open it, print it to a new PDF and upload that."
    )
    try:
        result = subprocess.run(argv, capture_output=True, timeout=limits.timeout, env=env, cwd=ROOT, check=False)
    except subprocess.TimeoutExpired:
        raise PaperError(label, too_big) from None
    if result.returncode != 0:
        # Killed for its CPU time, or out of memory before it could say so.
        raise PaperError(label, too_big if result.returncode < 0 or b"MemoryError" in result.stderr else REASON_DAMAGED)
    try:
        answer = json.loads(result.stdout.decode().strip().splitlines()[-1])
    except (ValueError, IndexError):
        raise PaperError(label, REASON_DAMAGED) from None
    if "error" in answer:
        raise PaperError(label, answer["error"])
    return PdfReport(pages=answer["pages"], removed=answer["removed"], cleaned=answer["cleaned"])


def main(argv: list[str]) -> int:
    source, output, limits = Path(argv[0]), Path(argv[1]), Limits(**json.loads(argv[2]))
    try:
        answer = _child(source, output, limits)
    except MemoryError:
        answer = {"error": "MemoryError"}
        print("MemoryError", file=sys.stderr)
        return 3
    print(json.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
