"""The generated documents the meetings app writes itself: the work programme and the minutes of the last
meeting. Registered as kinds in :class:`meetings.apps.MeetingsConfig` (:mod:`meetings.packs.generated`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db.models import Q

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
