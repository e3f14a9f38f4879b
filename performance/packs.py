"""The document the performance app adds to agenda packs: the scorecard, frozen for the meeting.

Registered as a kind of generated document in :class:`performance.apps.PerformanceConfig`, so an agenda
item can carry it (:mod:`meetings.packs.generated`); the meetings app never imports this app. The paper
shows the meeting's :class:`~performance.models.ScorecardSnapshot` (frozen the first time the pack is built,
or when a coordinator refreshes it), so rebuilding the pack after a figure is revised keeps what the board
saw. The public edition shows the public scorecard (small numbers suppressed).
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

from django.template import loader

from core.charts import DRAWING_CODE
from meetings.enums import PackEdition
from meetings.packs.sources import GeneratedPageSource

SCORECARD_TEMPLATE = "performance/pdf/scorecard.html"
LAYOUT_TEMPLATES = (SCORECARD_TEMPLATE, "performance/_scorecard_table.html", "performance/pdf/_charts.html")
STYLESHEET = "css/scorecard_print.css"


def stylesheet_path() -> Path:
    from meetings.packs.render import static_file

    return static_file(STYLESHEET)


@cache
def layout_fingerprint() -> str:
    """A hash of the templates, the stylesheet and the code drawing the sparklines: a change to the layout
    renders every cached copy again."""
    digest = hashlib.sha256(b"scorecard-1" + DRAWING_CODE.encode())
    for path in (*(loader.get_template(name).origin.name for name in LAYOUT_TEMPLATES), stylesheet_path()):
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:16]


SUMMARY_TEMPLATE = "performance/partials/scorecard_summary.html"


def agenda_summary(meeting, reader) -> tuple[str, dict[str, Any]] | None:
    """Under the meeting's scorecard item on the meeting page, for the board's members: whether the scorecard
    is frozen for the pack yet, how many indicators have been revised since, and the link to it."""
    if reader is None or not reader.has_perm("performance.view_indicator", meeting.board):
        return None
    from .scorecards import revised_since
    from .services import scorecard_snapshot_for

    snapshot = scorecard_snapshot_for(meeting, freeze=False)
    revised = revised_since(snapshot.content) if snapshot else {}
    return SUMMARY_TEMPLATE, {"meeting": meeting, "snapshot": snapshot, "revised": revised}


class ScorecardSource(GeneratedPageSource):
    """The board's scorecard as the meeting's snapshot holds it. A board with no indicators gets no pages
    (an uploaded scorecard on the item goes in instead)."""

    kind = "scorecard"
    title_text = "Performance scorecard"

    @property
    def layout_version(self) -> str:  # type: ignore[override]
        return layout_fingerprint()

    @classmethod
    def for_item(cls, *, meeting, entry, edition) -> list[GeneratedPageSource]:
        source = cls(meeting=meeting, entry=entry, title=cls.title_text)
        source.edition = edition
        return [source] if source.scorecard()["groups"] else []

    def scorecard(self) -> dict[str, Any]:
        if not hasattr(self, "_scorecard"):
            from .services import scorecard_snapshot_for

            snapshot = scorecard_snapshot_for(self.meeting)
            edition = getattr(self, "edition", PackEdition.MEMBERS)
            self._scorecard = snapshot.for_edition(edition) if snapshot else {"groups": []}
        return self._scorecard

    def content(self) -> dict[str, Any]:
        return self.scorecard()

    def render(self, output: Path) -> None:
        from meetings.packs.render import render_document

        from .charts import rag_grids, scorecard_context

        prefix = f"pack-{self.item_number}"
        card = self.scorecard()
        shown = scorecard_context(card, prefix=prefix, trends=True)
        for group in shown["groups"]:  # every chart drawn for the paper, as the web page draws them
            for row in group["rows"]:
                row["trend_svg"] = row["draw_trend"]() if row.get("draw_trend") else ""
        render_document(
            SCORECARD_TEMPLATE,
            {
                "title": self.title,
                "stylesheet": stylesheet_path().as_uri(),
                "meeting": self.meeting,
                **shown,
                "grids": rag_grids(card, prefix=prefix),
            },
            output=output,
        )
