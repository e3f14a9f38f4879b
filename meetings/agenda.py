"""The agenda as read: numbers, appendix labels and start times, from stored order, durations and numbers.

While the agenda is a draft, item numbers follow from positions ("3", "3a" or "3.1" in the board's style).
Publishing stores each item's number (``AgendaItem.published_number``), and from then on an item shows
the number it was published with, wherever it has been moved since, so that minutes and decisions written
against "item 6" stay right. Only sending the changes to members (:func:`meetings.services.agenda_publish`)
renumbers, and says so in the agenda's revisions. An item added since the last sending has a *provisional*
number, marked as new: the number of the nearest earlier item at its level that has a published number
(for a first sub-item, the number of its main item; for an item above item 1, "0"), followed by a capital
letter, the first not already in use: a late item after item 6 is "6A", a second one "6B"; a sub-item of a
new item is numbered under it as usual ("6Aa" or "6A.1"). Capital letters appear in no computed number,
so a provisional number never collides with a published one.

A paper's label follows from its kind and place, never from its title: appendices are lettered in order
among the item's appendices only, in the board's style ("Appendix 6(a)", or "Appendix A"); a report goes
by its title alone; minutes, presentations and background papers by their kind ("Minutes"). Start times
follow from the meeting's start and each item's time allowed. One query for items, one each for leads
and papers.

The agenda's Part I and Part II sections (:mod:`meetings.parts`): each main entry that opens a section
carries its heading (``section``), worked out from the entries the reader is shown.
"""

from __future__ import annotations

import datetime
import itertools
import string
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Prefetch

from boards.enums import AppendixStyle, NumberingStyle

from . import parts
from .enums import PaperKind
from .models import AgendaItem, ItemLead, Meeting, Paper
from .paperlabels import labelled


def sub_number(parent_number: str, index: int, style: str) -> str:
    if style == NumberingStyle.DECIMAL:
        return f"{parent_number}.{index + 1}"
    letters = string.ascii_lowercase
    suffix = letters[index] if index < 26 else letters[index // 26 - 1] + letters[index % 26]
    return f"{parent_number}{suffix}"


def capital_letters(index: int) -> str:
    """A, B, ... Z, AA, AB, ...: the suffix of provisional numbers."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = string.ascii_uppercase[rest] + out
    return out


def number_items(items, style: str, *, stored: bool) -> dict[int, tuple[str, bool]]:
    """Number a meeting's items, given in agenda order (``position``, then pk): ``{pk: (number, provisional)}``,
    main items each followed by their sub-items. ``items`` need ``pk``, ``parent_id`` and ``published_number``.

    ``stored=False`` computes every number from positions (a draft agenda, and what publishing stores);
    ``stored=True`` keeps each item's published number and gives the others provisional ones (see above).
    """
    tops = [i for i in items if i.parent_id is None]
    children_of: dict[int, list] = {}
    for item in items:
        if item.parent_id is not None:
            children_of.setdefault(item.parent_id, []).append(item)
    out: dict[int, tuple[str, bool]] = {}
    if not stored:
        for index, item in enumerate(tops):
            number = str(index + 1)
            out[item.pk] = (number, False)
            for child_index, child in enumerate(children_of.get(item.pk, [])):
                out[child.pk] = (sub_number(number, child_index, style), False)
        return out

    used = {i.published_number for i in items if i.published_number}

    def provisional(anchor: str) -> tuple[str, bool]:
        index = 0
        while f"{anchor}{capital_letters(index)}" in used:
            index += 1
        number = f"{anchor}{capital_letters(index)}"
        used.add(number)
        return number, True

    anchor = "0"
    for item in tops:
        if item.published_number:
            out[item.pk] = (item.published_number, False)
            anchor = item.published_number
        else:
            out[item.pk] = provisional(anchor)
        number, new_parent = out[item.pk]
        sub_anchor = number
        for child_index, child in enumerate(children_of.get(item.pk, [])):
            if child.published_number:
                out[child.pk] = (child.published_number, False)
                sub_anchor = child.published_number
            elif new_parent and sub_number(number, child_index, style) not in used:
                out[child.pk] = (sub_number(number, child_index, style), True)
                used.add(out[child.pk][0])
            else:
                out[child.pk] = provisional(sub_anchor)
    return out


def numbers_are_stored(meeting: Meeting, items) -> bool:
    """True once the agenda is published with its numbers stored. (An agenda marked published without them,
    by hand or by a fixture, keeps computing its numbers.)"""
    return meeting.agenda_published_at is not None and any(i.published_number for i in items)


def appendix_letter(index: int) -> str:
    return string.ascii_lowercase[index] if index < 26 else f"{index + 1}"


def appendix_label(number: str, index: int, style: str) -> str:
    """The label of an item's ``index``-th appendix (counting appendices only): "6(a)" by item number, or
    "A" by letter."""
    if style == AppendixStyle.LETTERS:
        return capital_letters(index)
    return f"{number}({appendix_letter(index)})"


def paper_labels(kinds: list[str], number: str, style: str) -> list[str]:
    """Each paper's appendix label, for an item's papers in order: "" for a paper that is not an appendix."""
    labels = []
    index = 0
    for kind in kinds:
        if kind == PaperKind.APPENDIX:
            labels.append(appendix_label(number, index, style))
            index += 1
        else:
            labels.append("")
    return labels


@dataclass
class PaperEntry:
    paper: Paper
    label: str  # an appendix's label, "6(a)" or "A"; "" for a paper of another kind

    @property
    def appendix(self) -> str:
        """ "Appendix 6(a)", or "" for a paper that is not an appendix."""
        return f"Appendix {self.label}" if self.label else ""

    @property
    def kind_label(self) -> str:
        return PaperKind(self.paper.kind).label if self.paper.kind in PaperKind.values else ""

    @property
    def heading(self) -> str:
        """What the paper's first page stamp and bookmark call it besides the item: "Appendix 6(a)",
        "Minutes"; "" for a report, which goes by its title (and its item) alone."""
        if self.label:
            return self.appendix
        return "" if self.paper.kind == PaperKind.REPORT else self.kind_label

    @property
    def name(self) -> str:
        """How lists name it: "Appendix 6(a): Youth Justice data", or a report's title."""
        return labelled(self.paper.title, self.heading)

    @property
    def kind_note(self) -> str:
        """The kind, for lists to add after a name that does not say it already ("Report"); else ""."""
        kind = self.kind_label
        return "" if self.label or self.name.casefold().startswith(kind.casefold()) else kind


@dataclass
class AgendaEntry:
    item: AgendaItem
    number: str
    depth: int
    starts_at: datetime.datetime | None
    papers: list[PaperEntry] = field(default_factory=list)  # ready papers, labelled
    children: list[AgendaEntry] = field(default_factory=list)
    leads: list[ItemLead] = field(default_factory=list)
    #: Added since the agenda was last sent to members: its number holds until the changes are sent.
    provisional: bool = False
    #: A Part II item listed to a reader who may not read it: its number, title and exemption only, no
    #: papers, leads or outcome (:func:`meetings.visibility.part_two_listed_q`).
    withheld: bool = False
    #: The heading shown just before this main entry, when it opens Part I or Part II (:mod:`meetings.parts`).
    section: parts.Section | None = None

    @property
    def part_two(self) -> bool:
        """Part II, itself or by the item it sits under (worked out by the visibility rule's query)."""
        return self.item.is_part_two

    @property
    def pending_papers(self) -> list[Paper]:
        """Uploads still converting, or refused: shown with their status, never read or packed."""
        return [] if self.withheld else self.item.pending_papers

    @property
    def is_converting(self) -> bool:
        return any(p.is_converting for p in self.pending_papers)

    @property
    def exemption_reason(self) -> str:
        return self.item.exemption_reason or (self.item.parent.exemption_reason if self.item.parent_id else "")

    def _exempt_by(self) -> AgendaItem | None:
        """The item whose exemption applies: the item itself when it is Part II, else the item it sits under."""
        if self.item.confidential:
            return self.item
        if self.item.parent_id and self.item.parent.confidential:
            return self.item.parent
        return None

    def _exemption(self) -> dict:
        exempt = self._exempt_by()
        return {
            "council": parts.is_council(self.item.meeting.board),
            "paragraph": exempt.exemption_paragraph if exempt else None,
            "reason": exempt.exemption_reason if exempt else "",
        }

    @property
    def exemption_paragraph(self) -> int | None:
        """A council committee's Part II item: its paragraph of Schedule 12A (or that of its main item)."""
        return self._exemption()["paragraph"]

    @property
    def exemption_ground(self) -> str:
        """Why it is exempt, as the agenda shows it: the paragraph of Schedule 12A or the reason in words."""
        return parts.exemption_ground(**self._exemption()) if self.part_two else ""

    @property
    def row_exemption(self) -> str:
        """The exemption shown against the item's row: its own. A sub-item that is Part II by its main item
        shows none: the main item's row, just above, says it."""
        return self.exemption_ground if self.item.confidential else ""

    @property
    def publication_notice(self) -> str:
        """ "Not for publication ...": stamped on every page of a Part II item's papers in the members' pack."""
        return parts.publication_notice(**self._exemption()) if self.part_two else ""

    @property
    def total_minutes(self) -> int:
        return (self.item.duration_minutes or 0) + sum(child.total_minutes for child in self.children)


@dataclass
class Agenda:
    meeting: Meeting
    entries: list[AgendaEntry]

    def flat(self) -> list[AgendaEntry]:
        out = []
        for entry in self.entries:
            out.append(entry)
            out.extend(entry.children)
        return out

    @property
    def ends_at(self) -> datetime.datetime:
        return self.meeting.starts_at + datetime.timedelta(minutes=sum(e.total_minutes for e in self.entries))

    @property
    def overrun_minutes(self) -> int:
        """Minutes by which the timed agenda runs past the meeting's end (0 when it fits or no end is set)."""
        if not self.meeting.end_time:
            return 0
        over = (self.ends_at - self.meeting.ends_at).total_seconds() / 60
        return max(0, int(over))

    @property
    def sub_item_count(self) -> int:
        """Sub-items, numbered under their main items ("3a"): the builder counts them apart."""
        return sum(len(e.children) for e in self.entries)

    @cached_property
    def closing_ids(self) -> set[int]:
        """The run of closing standing items that ends Part I (any other business, future dates): the items
        every business item goes above."""
        part_one = list(itertools.takewhile(lambda e: not e.part_two, self.entries))
        run = list(itertools.takewhile(lambda e: e.item.closes_agenda, reversed(part_one)))
        return {e.item.pk for e in run}

    @property
    def has_provisional(self) -> bool:
        """Some item was added since the agenda was last sent to members, and has a provisional number."""
        return any(e.provisional for e in self.flat())

    def entry_for(self, item_id: int) -> AgendaEntry | None:
        return next((e for e in self.flat() if e.item.pk == item_id), None)

    @property
    def council(self) -> bool:
        return parts.is_council(self.meeting.board)

    @property
    def has_part_two(self) -> bool:
        return any(e.part_two for e in self.entries)

    @property
    def out_of_order(self) -> list[AgendaEntry]:
        """Part I main items placed after a Part II one: only in an agenda arranged before the services kept
        Part II last. The builder asks the coordinator to move them above Part II."""
        first = next((i for i, e in enumerate(self.entries) if e.part_two), None)
        return [] if first is None else [e for e in self.entries[first:] if not e.part_two]

    @property
    def first_part_two(self) -> AgendaEntry | None:
        return next((e for e in self.entries if e.part_two), None)


def agenda_items_queryset(meeting: Meeting, reader=None):
    return (
        AgendaItem.objects.filter(meeting=meeting)
        .with_visibility(reader)
        .select_related("deferred_from", "meeting__board", "parent")
        .prefetch_related(
            Prefetch("leads", queryset=ItemLead.objects.select_related("person", "person__organisation")),
            Prefetch("papers", queryset=Paper.objects.ready().order_by("position", "pk")),
            Prefetch("papers", queryset=Paper.objects.pending().order_by("pk"), to_attr="pending_papers"),
            "uploaders",
        )
        .order_by("position", "pk")
    )


def build_agenda(meeting: Meeting, *, reader) -> Agenda:
    """Number, time and label the meeting's agenda, as ``reader`` may see it (:mod:`meetings.visibility`).

    Numbers and times are worked out over every item, so an agenda without the items a reader may not
    see (Part II for the public) keeps the numbers members see. Once published, the numbers are the stored
    ones (see the head of this module). ``reader`` is a user, or an audience:
    ``BOARD_READER`` for everything (the builder, the members' edition), ``PUBLIC_READER`` for the public.
    """
    items = list(agenda_items_queryset(meeting, reader))
    numbers = number_items(items, meeting.board.numbering_style, stored=numbers_are_stored(meeting, items))
    style = meeting.board.appendix_style
    children_of: dict[int, list[AgendaItem]] = {}
    for item in items:
        if item.parent_id is not None:
            children_of.setdefault(item.parent_id, []).append(item)
    clock = meeting.starts_at
    entries = []
    for item in (i for i in items if i.parent_id is None):
        entry = _entry(item, numbers[item.pk], depth=0, starts_at=clock, style=style)
        clock += datetime.timedelta(minutes=item.duration_minutes or 0)
        for child in children_of.get(item.pk, []):
            child_entry = _entry(child, numbers[child.pk], depth=1, starts_at=clock, style=style)
            clock += datetime.timedelta(minutes=child.duration_minutes or 0)
            if child.is_listed:
                entry.children.append(child_entry)
        if item.is_listed:
            entries.append(entry)
    starts = parts.section_starts([e.part_two for e in entries], council=parts.is_council(meeting.board))
    for index, entry in enumerate(entries):
        entry.section = starts.get(index)
    return Agenda(meeting=meeting, entries=entries)


def _entry(item: AgendaItem, numbered: tuple[str, bool], *, depth: int, starts_at, style: str) -> AgendaEntry:
    number, provisional = numbered
    entry = AgendaEntry(item=item, number=number, depth=depth, starts_at=starts_at, provisional=provisional)
    if not item.is_visible:  # listed by title only: nothing the reader may not read
        entry.withheld = True
        return entry
    entry.leads = list(item.leads.all())
    papers = list(item.papers.all())
    labels = paper_labels([p.kind for p in papers], number, style)
    entry.papers = [PaperEntry(paper=p, label=label) for p, label in zip(papers, labels, strict=True)]
    return entry
