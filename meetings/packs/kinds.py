"""The generated documents the meetings app writes itself: the work programme and the minutes of the last
meeting. Registered as kinds in :class:`meetings.apps.MeetingsConfig` (:mod:`meetings.packs.generated`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db.models import Q

from ..enums import INFORMAL_KINDS, MinutesDocumentKind, MinutesStatus, PackEdition, PaperKind
from ..minutes.documents import current_document, fingerprint
from ..models import Minutes, WorkProgrammeEntry
from ..visibility import PUBLIC_READER, minutes_edition_for
from ..workdays import long_date
from .sources import GeneratedPageSource

WORK_PROGRAMME_TEMPLATE = "meetings/pdf/work_programme.html"


def previous_minutes(meeting):
    """The minutes of the board's meeting before ``meeting``: the latest earlier formal meeting that has
    minutes (an informal session's notes are not confirmed, so they are passed over), or ``None``."""
    earlier = Q(meeting__date__lt=meeting.date) | Q(
        meeting__date=meeting.date, meeting__start_time__lt=meeting.start_time
    )
    return (
        Minutes.objects.filter(earlier, meeting__board_id=meeting.board_id)
        .exclude(meeting__kind__in=INFORMAL_KINDS)
        .select_related("meeting__board", "presiding")
        .order_by("-meeting__date", "-meeting__start_time", "-meeting_id")
        .first()
    )


class LastMinutesSource(GeneratedPageSource):
    """The minutes of the board's last meeting, for the "minutes of the last meeting" item: the members'
    edition of them in the members' pack, their public edition (each Part II minute its heading and exemption
    only) in the public pack, watermarked DRAFT until the board confirms them.

    They go in as the one visibility rule lets the pack's readers read them
    (:func:`meetings.visibility.minutes_edition_for`): the members' pack once the draft has gone to members;
    the public pack once they are approved, or as a circulated draft where the board publishes its drafts.
    Otherwise, and when the last meeting has no minutes in the portal, the item gets no pages of its own and
    the paper uploaded to it, if any, goes in as before.
    """

    kind = "minutes"
    replaces_paper_kinds = (PaperKind.MINUTES,)

    def __init__(self, *, meeting, entry, minutes, edition: str) -> None:
        self.minutes = minutes
        self.edition = edition
        super().__init__(meeting=meeting, entry=entry, title=self.title_for(minutes))

    @staticmethod
    def title_for(minutes) -> str:
        """ "Draft notes of the meeting held on 21 May 2015" until confirmed, then without "Draft"."""
        held = f"of the meeting held on {long_date(minutes.meeting.date)}"
        if minutes.is_draft_document:
            return f"Draft {minutes.heading_noun.lower()} {held}"
        return f"{minutes.heading_noun} {held}"

    @classmethod
    def for_item(cls, *, meeting, entry, edition) -> list[GeneratedPageSource]:
        minutes = previous_minutes(meeting)
        if minutes is None:
            return []
        if edition == PackEdition.PUBLIC:
            if minutes_edition_for(PUBLIC_READER, minutes) != PackEdition.PUBLIC:
                return []
        elif minutes.status == MinutesStatus.DRAFT and minutes.circulated_at is None:
            return []  # not yet gone to members: only the coordinators read it
        return [cls(meeting=meeting, entry=entry, minutes=minutes, edition=edition)]

    def _signed_document(self):
        """The signed version of this edition the minutes print their sign-off from, once signed."""
        if not self.minutes.is_signed:
            return None
        document = current_document(self.minutes, self.edition)
        return document if document is not None and document.kind == MinutesDocumentKind.SIGNED else None

    def content(self) -> dict[str, Any]:
        if not hasattr(self, "_content"):
            signed = self._signed_document()
            self._content = {
                "minutes": self.minutes.pk,
                "meeting": self.minutes.meeting.date.isoformat(),
                "edition": self.edition,
                "status": self.minutes.status,
                "watermark": self.minutes.is_draft_document,
                # The HTML of the text in this edition, hashed: any change to the minutes changes it.
                "text": fingerprint(self.minutes, self.edition),
                "signed": [signed.pk, signed.version, signed.signer_name] if signed else None,
            }
        return self._content

    def render(self, output: Path) -> None:
        from ..minutes.render import render_minutes_pdf

        data = render_minutes_pdf(
            self.minutes,
            edition=self.edition,
            watermark=self.minutes.is_draft_document,
            sign_off=self._signed_document(),
        )
        output.write_bytes(data)


class WorkProgrammeSource(GeneratedPageSource):
    """The board's work programme from this meeting on: topics planned for later meetings, for this month or
    later, for this quarter or later, then those to be confirmed. An item with nothing planned gets no pages."""

    kind = "work_programme"
    title_text = "Work programme"

    @classmethod
    def for_item(cls, *, meeting, entry, edition) -> list[GeneratedPageSource]:
        source = cls(meeting=meeting, entry=entry, title=cls.title_text)
        return [source] if source.content()["rows"] else []

    def content(self) -> dict[str, Any]:
        if not hasattr(self, "_rows"):
            day = self.meeting.date
            month = day.replace(day=1)
            quarter = month.replace(month=(day.month - 1) // 3 * 3 + 1)
            to_be_confirmed = Q(meeting__isnull=True, month__isnull=True, quarter__isnull=True)
            entries = (
                WorkProgrammeEntry.objects.filter(board_id=self.meeting.board_id)
                .filter(to_be_confirmed | Q(meeting__date__gt=day) | Q(month__gte=month) | Q(quarter__gte=quarter))
                .select_related("meeting")
            )
            self._rows = [
                {
                    "meeting": e.when,
                    "topic": e.topic,
                    "description": e.description,
                    "lead": e.lead,
                }
                for e in entries
            ]
        return {"board": self.meeting.board.name, "from": self.meeting.date.isoformat(), "rows": self._rows}

    def render(self, output: Path) -> None:
        from .render import render_document

        data = self.content()
        render_document(
            WORK_PROGRAMME_TEMPLATE,
            {"title": self.title, "board": data["board"], "rows": data["rows"]},
            output=output,
        )
