"""The generated documents the meetings app writes itself: the work programme and the minutes of the last
meeting. Registered as kinds in :class:`meetings.apps.MeetingsConfig` (:mod:`meetings.packs.generated`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db.models import F, Q

from ..models import WorkProgrammeEntry
from .sources import GeneratedPageSource, NotYetRecordedSource

WORK_PROGRAMME_TEMPLATE = "meetings/pdf/work_programme.html"


class LastMinutesSource(NotYetRecordedSource):
    """The minutes of the board's last meeting.

    Minutes are not yet written in the portal (they arrive with the minutes work): until then the minutes
    go in as an uploaded paper on the item, and this kind adds no pages of its own.
    """

    kind = "minutes"


class WorkProgrammeSource(GeneratedPageSource):
    """The board's work programme from this meeting on: topics planned for later meetings, then those to be
    confirmed. An item with nothing planned gets no pages."""

    kind = "work_programme"
    title_text = "Work programme"

    @classmethod
    def for_item(cls, *, meeting, entry, edition) -> list[GeneratedPageSource]:
        source = cls(meeting=meeting, entry=entry, title=cls.title_text)
        return [source] if source.content()["rows"] else []

    def content(self) -> dict[str, Any]:
        if not hasattr(self, "_rows"):
            entries = (
                WorkProgrammeEntry.objects.filter(board_id=self.meeting.board_id)
                .filter(Q(meeting__isnull=True) | Q(meeting__date__gt=self.meeting.date))
                .select_related("meeting")
                .order_by(F("meeting__date").asc(nulls_last=True), "created_at", "pk")
            )
            self._rows = [
                {
                    "meeting": f"{e.meeting.date.day} {e.meeting.date:%B %Y}" if e.meeting_id else "To be confirmed",
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
