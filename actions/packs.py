"""The documents the actions app adds to agenda packs: the action log and the recommendation tracker.

Registered as kinds of generated document in :class:`actions.apps.ActionsConfig`, so an agenda item can
carry one (:mod:`meetings.packs.generated`); the meetings app, which builds packs, never imports this app.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template import loader

from meetings.enums import PackEdition
from meetings.packs.sources import GeneratedPageSource, NotYetRecordedSource

from .meeting_log import MeetingActionLog, long_date, meeting_action_log

ACTION_LOG_TEMPLATE = "actions/pdf/action_log.html"
#: The paper's layout: its templates and its print stylesheet (on top of the pack's).
LAYOUT_TEMPLATES = (ACTION_LOG_TEMPLATE, "actions/pdf/_action_log_table.html")
STYLESHEET = "css/action_log_print.css"


def stylesheet_path() -> Path:
    found = finders.find(STYLESHEET)
    if not found:
        raise FileNotFoundError(f"static/{STYLESHEET} is missing")
    return Path(found)


@cache
def layout_fingerprint() -> str:
    """A hash of the templates and stylesheet: a change to the layout renders every cached copy again."""
    digest = hashlib.sha256(b"action-log-1")
    for path in (*(loader.get_template(name).origin.name for name in LAYOUT_TEMPLATES), stylesheet_path()):
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:16]


class ActionLogSource(GeneratedPageSource):
    """The board's open actions at the meeting's date and those completed since the last meeting, as a
    landscape table (:mod:`actions.meeting_log` chooses and orders them). No actions, no pages: an uploaded
    paper on the item goes in instead."""

    kind = "action_log"
    title_text = "Action log"

    @property
    def layout_version(self) -> str:  # type: ignore[override]
        return layout_fingerprint()

    @classmethod
    def for_item(cls, *, meeting, entry, edition) -> list[GeneratedPageSource]:
        source = cls(meeting=meeting, entry=entry, title=cls.title_text)
        source.edition = edition
        return [source] if source.log() else []

    def log(self) -> MeetingActionLog:
        if not hasattr(self, "_log"):
            # The public edition (where an item puts the log in it) holds no action minuted in Part II.
            public = getattr(self, "edition", None) == PackEdition.PUBLIC
            self._log = meeting_action_log(self.meeting, public=public)
        return self._log

    def content(self) -> dict[str, Any]:
        return self.log().as_data()

    def render(self, output: Path) -> None:
        from meetings.packs.render import render_document

        data = self.content()
        render_document(
            ACTION_LOG_TEMPLATE,
            {
                "title": self.title,
                "stylesheet": stylesheet_path().as_uri(),
                "board": data["board"],
                "meeting_date": long_date(self.meeting.date),
                "previous_date": long_date(self.log().previous_date),
                "open": data["open"],
                "completed": data["completed"],
            },
            output=output,
        )


class RecommendationTrackerSource(NotYetRecordedSource):
    """A scrutiny committee's recommendations and the responses to them."""

    kind = "recommendation_tracker"
