"""The documents the actions app adds to agenda packs: the action log and the recommendation tracker.

Registered as kinds of generated document in :class:`actions.apps.ActionsConfig`, so an agenda item can
carry one (:mod:`meetings.packs.generated`); the meetings app, which builds packs, never imports this app.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

from django.template import loader

from meetings.enums import PackEdition
from meetings.packs.sources import GeneratedPageSource

from .meeting_log import MeetingActionLog, long_date, meeting_action_log

ACTION_LOG_TEMPLATE = "actions/pdf/action_log.html"
#: The paper's layout: its templates and its print stylesheet (on top of the pack's).
LAYOUT_TEMPLATES = (ACTION_LOG_TEMPLATE, "actions/pdf/_action_log_table.html")
STYLESHEET = "css/action_log_print.css"


def stylesheet_path() -> Path:
    from meetings.packs.render import static_file

    return static_file(STYLESHEET)


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


TRACKER_TEMPLATE = "actions/pdf/recommendation_tracker.html"
TRACKER_STYLESHEET = "css/recommendation_tracker_print.css"


def tracker_stylesheet_path() -> Path:
    from meetings.packs.render import static_file

    return static_file(TRACKER_STYLESHEET)


@cache
def tracker_layout_fingerprint() -> str:
    """A hash of the tracker's template and stylesheet: a change to the layout renders it again."""
    digest = hashlib.sha256(b"recommendation-tracker-1")
    for path in (loader.get_template(TRACKER_TEMPLATE).origin.name, tracker_stylesheet_path()):
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:16]


def tracker_row(row, *, as_at) -> dict[str, Any]:
    """One row of the monitoring table as the paper shows it: the Update column is the latest update with
    words (and its date), or else the response; the status is as at the meeting's date."""
    from django.utils import timezone

    from .recommendations import latest_update, status_label

    update = latest_update(row)
    if update is not None and update.text:
        update_text, update_date, is_response = update.text, long_date(timezone.localdate(update.created_at)), False
    elif row.response:
        update_text, update_date, is_response = row.response, long_date(row.response_date), True
    else:
        update_text, update_date, is_response = "", "", False
    came_from = ""
    if row.meeting_id:
        came_from = f"Meeting of {long_date(row.meeting.date)}" + (f", {row.minute.label}" if row.minute_id else "")
    return {
        "reference": row.reference,
        "made_on": long_date(row.made_on),
        "text": row.text,
        "addressee": row.addressee,
        "came_from": came_from,
        "target": row.target_label,
        "officer": row.officer_label,
        "update_text": update_text,
        "update_date": update_date,
        "update_is_response": is_response,
        "status_text": status_label(row, today=as_at),
    }


class RecommendationTrackerSource(GeneratedPageSource):
    """A scrutiny committee's monitoring table of its recommendations as at the meeting: those made before the
    meeting's date (completed ones too), in the layout councils use, on landscape pages. The public edition
    holds none made under a Part II minute. No recommendations, no pages: an uploaded paper goes in instead."""

    kind = "recommendation_tracker"
    title_text = "Monitoring of recommendations"

    @property
    def layout_version(self) -> str:  # type: ignore[override]
        return tracker_layout_fingerprint()

    @classmethod
    def for_item(cls, *, meeting, entry, edition) -> list[GeneratedPageSource]:
        source = cls(meeting=meeting, entry=entry, title=cls.title_text)
        source.edition = edition
        return [source] if source.rows() else []

    def rows(self) -> list[dict[str, Any]]:
        if not hasattr(self, "_rows"):
            from .recommendations import monitoring_rows

            rows = monitoring_rows(self.meeting.board).filter(made_on__lt=self.meeting.date)
            if getattr(self, "edition", None) == PackEdition.PUBLIC:
                rows = rows.exclude(minute__confidential=True)
            self._rows = [tracker_row(row, as_at=self.meeting.date) for row in rows]
        return self._rows

    def content(self) -> dict[str, Any]:
        return {
            "board": self.meeting.board.name,
            "meeting": self.meeting.date.isoformat(),
            "rows": self.rows(),
        }

    def render(self, output: Path) -> None:
        from meetings.packs.render import render_document

        data = self.content()
        render_document(
            TRACKER_TEMPLATE,
            {
                "title": self.title,
                "stylesheet": tracker_stylesheet_path().as_uri(),
                "board": data["board"],
                "meeting_date": long_date(self.meeting.date),
                "rows": data["rows"],
            },
            output=output,
        )
