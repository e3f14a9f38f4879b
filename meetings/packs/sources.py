"""Sources of pages for a pack: uploaded papers now, generated documents (draft minutes, action log) later.

A :class:`PageSource` is anything that can hand the pack builder a PDF with a known number of pages, a
name a clerk recognises in an error, and a fingerprint of its content.  :func:`gather` walks the computed
agenda (:func:`meetings.agenda.build_agenda`) and returns, for every item and sub-item in agenda order,
the sources that go into the pack for one edition: the public edition lists Part II items but takes none
of their pages.

A generated document is a small class, registered by the app that owns it as a *kind* that agenda items
can carry (:mod:`meetings.packs.generated`)::

    class ActionLogSource(GeneratedPageSource):
        kind = "action_log"

        @classmethod
        def for_item(cls, *, meeting, entry, edition):
            return [cls(meeting=meeting, entry=entry, title="Action log")]

        def content(self) -> dict:          # what the document shows: hashed for the fingerprint and cache
            return {"actions": [...]}

        def render(self, output: Path) -> None:   # write the PDF (WeasyPrint)
            ...

    # in the actions app's AppConfig.ready():
    register_generated_kind("action_log", "Action log", ActionLogSource, public_by_default=False)

Sources are read through the storage API only (:mod:`core.files`): :meth:`PageSource.prepare` copies each
into the build's local working folder, where the page engine reads it.  Generated PDFs are stored under
``packs/cache/`` named by their content hash, so an unchanged document is rendered once however many packs
(on whichever worker) use it.
"""

from __future__ import annotations

import hashlib
import json
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pikepdf

from core.files import copy_to_local, save_local_file, stored_files

from ..agenda import Agenda, AgendaEntry, PaperEntry
from ..enums import PackEdition
from ..models import Meeting, Paper
from ..paperlabels import labelled
from ..visibility import Visibility, generated_document_visibility
from .assembly import (
    REASON_DAMAGED,
    REASON_MISSING,
    PaperError,
    PaperSource,
    appendix_heading,
    inspect_pdf,
    paper_heading,
)
from .generated import generated_kind

__all__ = [
    "GeneratedPageSource",
    "ItemSources",
    "PageSource",
    "PaperPageSource",
    "file_sha256",
    "gather",
]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


class PageSource(ABC):
    """Pages for one agenda item, as one PDF.

    ``appendix_label`` is the builder's label ("6(a)", "A") or ``None`` for a paper that is not an appendix:
    an item's own document (drawn minutes, action log), which comes before its papers, or a report.
    ``heading`` names a paper of another kind on its stamp and bookmark ("Minutes", "Presentation").
    ``key`` identifies the source across builds (so a supplement can say "replaced" rather than "removed
    and added").
    """

    kind: ClassVar[str] = "source"

    def __init__(
        self, *, item_number: str, title: str, appendix_label: str | None = None, heading: str | None = None
    ) -> None:
        self.item_number = item_number
        self.title = title
        self.appendix_label = appendix_label
        self.heading = heading
        self.workdir: Path | None = None  # the build's local working folder, given by prepare()

    @property
    @abstractmethod
    def key(self) -> str: ...

    @property
    def label(self) -> str:
        """How a clerk names it: "Appendix 7(a) 'Youth Justice Plan'" or "Item 2 'Draft minutes'"."""
        if self.appendix_label:
            return f"{appendix_heading(self.appendix_label)} '{self.title}'"
        return f"Item {self.item_number} '{self.title}'"

    @property
    def bookmark_title(self) -> str:
        return labelled(self.title, paper_heading(self.appendix_label, self.heading))

    @abstractmethod
    def pdf_path(self) -> Path:
        """The PDF to take pages from, as a local copy in the working folder (fetched from storage or
        rendered first if need be). Raises :class:`PaperError`."""

    @property
    @abstractmethod
    def page_count(self) -> int: ...

    @abstractmethod
    def content_sha256(self) -> str:
        """SHA-256 of the PDF's content as it will go into the pack."""

    def prepare(self, workdir: Path) -> None:
        """Check the source before planning (copy the file into ``workdir``, render it): raises
        :class:`PaperError`."""
        self.workdir = workdir
        self.pdf_path()
        self.content_sha256()

    def _local(self, name: str) -> Path:
        if self.workdir is None:
            raise RuntimeError(f"{self.label} was not prepared in a working folder")
        return self.workdir / name

    def fingerprint_part(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "key": self.key,
            "title": self.title,
            "appendix": self.appendix_label,
            "heading": self.heading,
            "sha256": self.content_sha256(),
            "pages": self.page_count,
        }

    def paper_source(self) -> PaperSource:
        """The engine's view of this source (:mod:`meetings.packs.assembly`)."""
        return PaperSource(
            path=self.pdf_path(),
            item_number=self.item_number,
            title=self.title,
            label=self.label,
            appendix_label=self.appendix_label,
            page_count=self.page_count,
            heading=self.heading,
        )


class PaperPageSource(PageSource):
    """An uploaded paper.

    The page count and SHA-256 were worked out when it was uploaded.  The file is hashed again at build
    time (cheap next to reading it into the pack); if it no longer matches, it was changed behind the
    portal's back and is inspected afresh, so a damaged file is named rather than packed.
    """

    kind = "paper"

    def __init__(
        self, paper: Paper, *, item_number: str, appendix_label: str | None, heading: str | None = None
    ) -> None:
        super().__init__(item_number=item_number, title=paper.title, appendix_label=appendix_label, heading=heading)
        self.paper = paper
        self._path: Path | None = None
        self._copied_sha256 = ""
        self._sha256: str | None = None
        self._pages: int | None = None

    @property
    def key(self) -> str:
        return f"paper:{self.paper.pk}"

    def pdf_path(self) -> Path:
        if self._path is None:
            if not self.paper.file:
                raise PaperError(self.label, REASON_MISSING)
            path = self._local(f"paper-{self.paper.pk}.pdf")
            try:
                self._copied_sha256 = copy_to_local(self.paper.file.name, path, storage=self.paper.file.storage)
            except FileNotFoundError:
                raise PaperError(self.label, REASON_MISSING) from None
            except OSError:
                raise PaperError(self.label, REASON_DAMAGED) from None
            self._path = path
        return self._path

    def content_sha256(self) -> str:
        if self._sha256 is None:
            path = self.pdf_path()
            actual = self._copied_sha256  # hashed while it was copied
            if actual == self.paper.sha256:
                self._pages = self.paper.page_count
            else:
                self._pages = inspect_pdf(path, label=self.label)
            self._sha256 = actual
        return self._sha256

    @property
    def page_count(self) -> int:
        if self._pages is None:
            self.content_sha256()
        assert self._pages is not None
        return self._pages


class GeneratedPageSource(PageSource):
    """A document the portal writes itself (draft minutes, action log, scorecard), cached by content.

    Subclasses set ``kind`` (the key they are registered under), implement :meth:`for_item` (which sources
    an item gets, maybe none), :meth:`content` (the data shown, JSON-able) and :meth:`render` (write the PDF).
    Which editions carry them is the item's visibility rule, not the class's.
    """

    def __init__(self, *, meeting: Meeting, entry: AgendaEntry, title: str, appendix_label: str | None = None):
        super().__init__(item_number=entry.number, title=title, appendix_label=appendix_label)
        self.meeting = meeting
        self.entry = entry
        self._content_hash: str | None = None
        self._path: Path | None = None
        self._pages: int | None = None

    @classmethod
    @abstractmethod
    def for_item(cls, *, meeting: Meeting, entry: AgendaEntry, edition: str) -> list[GeneratedPageSource]: ...

    @abstractmethod
    def content(self) -> dict[str, Any]: ...

    @abstractmethod
    def render(self, output: Path) -> None: ...

    #: Bump when the layout of the generated document changes, so cached copies are rendered again.
    layout_version: ClassVar[str] = "1"
    #: Kinds of uploaded paper the generated document stands in for (the minutes written in the portal
    #: replace a minutes paper uploaded to the same item): when it has pages, those papers are left out.
    replaces_paper_kinds: ClassVar[tuple[str, ...]] = ()

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.meeting.pk}:{self.item_number}"

    def content_hash(self) -> str:
        if self._content_hash is None:
            data = {"kind": self.kind, "layout": self.layout_version, "title": self.title, "content": self.content()}
            blob = json.dumps(data, sort_keys=True, default=str, separators=(",", ":")).encode()
            self._content_hash = hashlib.sha256(blob).hexdigest()
        return self._content_hash

    def cache_name(self) -> str:
        """Where the rendered document is stored, named by its content."""
        return f"packs/cache/{self.kind}-{self.content_hash()}.pdf"

    def pdf_path(self) -> Path:
        if self._path is None:
            name = self.cache_name()
            path = self._local(f"{self.kind}-{self.content_hash()}.pdf")
            storage = stored_files()
            try:
                copy_to_local(name, path, storage=storage)
            except FileNotFoundError:
                self.render(path)  # into the working folder: stored only once it is complete
                stored = save_local_file(name, path, storage=storage)
                if stored != name:  # another build stored the same document a moment ago
                    storage.delete(stored)
            self._path = path
        return self._path

    def content_sha256(self) -> str:
        # The cached file is named by its content hash: that hash stands for the file.
        return self.content_hash()

    @property
    def page_count(self) -> int:
        if self._pages is None:
            try:
                with pikepdf.open(self.pdf_path()) as pdf:
                    self._pages = len(pdf.pages)
            except pikepdf.PdfError:
                stored_files().delete(self.cache_name())
                raise PaperError(self.label, REASON_DAMAGED) from None
        return self._pages


class NotYetRecordedSource(GeneratedPageSource):
    """A kind whose records the portal does not hold yet (minutes, actions, indicators arrive with their own
    work): an item of the kind gets no generated pages until then, and an uploaded paper goes in instead."""

    @classmethod
    def for_item(cls, *, meeting, entry, edition) -> list[GeneratedPageSource]:
        return []

    def content(self) -> dict[str, Any]:
        return {}

    def render(self, output: Path) -> None:
        raise NotImplementedError(f"The {self.kind} is not written in the portal yet.")


@dataclass
class ItemSources:
    """One agenda row and the sources that go into the pack for it (none when left out)."""

    entry: AgendaEntry
    part_two: bool
    sources: list[PageSource] = field(default_factory=list)
    withheld: bool = False  # Part II in the public edition: listed, pages left out

    @property
    def number(self) -> str:
        return self.entry.number

    @property
    def notice(self) -> str:
        """ "Not for publication ...": stamped on every page of a Part II item's papers (:mod:`meetings.parts`)."""
        return self.entry.publication_notice if self.part_two else ""


def _paper_source(entry: AgendaEntry, paper_entry: PaperEntry) -> PaperPageSource:
    return PaperPageSource(
        paper_entry.paper,
        item_number=entry.number,
        appendix_label=paper_entry.label or None,
        heading=None if paper_entry.label else paper_entry.heading or None,
    )


def _generated_sources(meeting: Meeting, entry: AgendaEntry, *, edition: str) -> list[GeneratedPageSource]:
    """The item's generated document, from the kind it carries, if this edition may show it."""
    kind = generated_kind(entry.item.generated_kind)
    if kind is None:
        return []
    visibility = generated_document_visibility(entry.item, public_by_default=kind.public_by_default)
    if edition == PackEdition.PUBLIC and visibility != Visibility.PUBLIC:
        return []
    return kind.source_class.for_item(meeting=meeting, entry=entry, edition=edition)


def gather(agenda: Agenda, *, edition: str) -> list[ItemSources]:
    """Every agenda row (items and sub-items, in order) with its page sources for ``edition``.

    ``agenda`` must be built for ``BOARD_READER`` (every item): the public edition lists Part II items
    (with their exemption reason) and leaves their pages out.  Which items are Part II is the visibility
    rule's answer (:mod:`meetings.visibility`), so a sub-item of a Part II item is Part II too.
    """
    public = edition == PackEdition.PUBLIC
    rows: list[ItemSources] = []
    for top in agenda.entries:
        for entry in (top, *top.children):
            row = ItemSources(entry=entry, part_two=entry.part_two, withheld=public and entry.part_two)
            if not row.withheld:
                generated = _generated_sources(agenda.meeting, entry, edition=edition)
                replaced = {kind for source in generated for kind in source.replaces_paper_kinds}
                row.sources.extend(generated)
                row.sources.extend(_paper_source(entry, p) for p in entry.papers if p.paper.kind not in replaced)
            rows.append(row)
    return rows
