"""The computed agenda: numbers, appendix labels and start times, derived from stored order and durations.

Nothing here is stored: item numbers follow from positions ("3", "3a" or "3.1" in the board's style),
appendix labels from the item number and the paper's place ("Appendix 6(a)"), start times from the
meeting's start and each item's time allowed. One query for items, one each for leads and papers.
"""

from __future__ import annotations

import datetime
import string
from dataclasses import dataclass, field

from django.db.models import Prefetch

from boards.enums import NumberingStyle

from .models import AgendaItem, ItemLead, Meeting, Paper


def sub_number(parent_number: str, index: int, style: str) -> str:
    if style == NumberingStyle.DECIMAL:
        return f"{parent_number}.{index + 1}"
    letters = string.ascii_lowercase
    suffix = letters[index] if index < 26 else letters[index // 26 - 1] + letters[index % 26]
    return f"{parent_number}{suffix}"


def appendix_letter(index: int) -> str:
    return string.ascii_lowercase[index] if index < 26 else f"{index + 1}"


@dataclass
class PaperEntry:
    paper: Paper
    label: str  # "6(a)"

    @property
    def appendix(self) -> str:
        return f"Appendix {self.label}"


@dataclass
class AgendaEntry:
    item: AgendaItem
    number: str
    depth: int
    starts_at: datetime.datetime | None
    papers: list[PaperEntry] = field(default_factory=list)  # ready papers, as appendices
    children: list[AgendaEntry] = field(default_factory=list)
    leads: list[ItemLead] = field(default_factory=list)

    @property
    def part_two(self) -> bool:
        """Part II, itself or by the item it sits under (worked out by the visibility rule's query)."""
        return self.item.is_part_two

    @property
    def pending_papers(self) -> list[Paper]:
        """Uploads still converting, or refused: shown with their status, never read or packed."""
        return self.item.pending_papers

    @property
    def is_converting(self) -> bool:
        return any(p.is_converting for p in self.pending_papers)

    @property
    def exemption_reason(self) -> str:
        return self.item.exemption_reason or (self.item.parent.exemption_reason if self.item.parent_id else "")

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

    def entry_for(self, item_id: int) -> AgendaEntry | None:
        return next((e for e in self.flat() if e.item.pk == item_id), None)


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
    see (Part II for the public) keeps the numbers members see. ``reader`` is a user, or an audience:
    ``BOARD_READER`` for everything (the builder, the members' edition), ``PUBLIC_READER`` for the public.
    """
    items = list(agenda_items_queryset(meeting, reader))
    style = meeting.board.numbering_style
    children_of: dict[int, list[AgendaItem]] = {}
    for item in items:
        if item.parent_id is not None:
            children_of.setdefault(item.parent_id, []).append(item)
    clock = meeting.starts_at
    entries = []
    for index, item in enumerate(i for i in items if i.parent_id is None):
        number = str(index + 1)
        entry = AgendaEntry(item=item, number=number, depth=0, starts_at=clock, leads=list(item.leads.all()))
        entry.papers = _paper_entries(item, number)
        clock += datetime.timedelta(minutes=item.duration_minutes or 0)
        for child_index, child in enumerate(children_of.get(item.pk, [])):
            child_number = sub_number(number, child_index, style)
            child_entry = AgendaEntry(
                item=child, number=child_number, depth=1, starts_at=clock, leads=list(child.leads.all())
            )
            child_entry.papers = _paper_entries(child, child_number)
            clock += datetime.timedelta(minutes=child.duration_minutes or 0)
            if child.is_visible:
                entry.children.append(child_entry)
        if item.is_visible:
            entries.append(entry)
    return Agenda(meeting=meeting, entries=entries)


def _paper_entries(item: AgendaItem, number: str) -> list[PaperEntry]:
    return [PaperEntry(paper=p, label=f"{number}({appendix_letter(i)})") for i, p in enumerate(item.papers.all())]
