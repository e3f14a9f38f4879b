"""The documents the actions app adds to agenda packs: the action log and the recommendation tracker.

Registered as kinds of generated document in :class:`actions.apps.ActionsConfig`, so an agenda item can
carry one (:mod:`meetings.packs.generated`); the meetings app, which builds packs, never imports this app.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from meetings.packs.sources import GeneratedPageSource


class _NoRecordsYet(GeneratedPageSource):
    """Actions and recommendations are not recorded in the portal yet (they arrive with the action-log
    work): until then an item of this kind gets no generated pages, and an uploaded log goes in as a paper."""

    @classmethod
    def for_item(cls, *, meeting, entry, edition) -> list[GeneratedPageSource]:
        return []

    def content(self) -> dict[str, Any]:
        return {}

    def render(self, output: Path) -> None:
        raise NotImplementedError(f"The {self.kind} is not written in the portal yet.")


class ActionLogSource(_NoRecordsYet):
    """The board's open actions and those completed since the last meeting."""

    kind = "action_log"


class RecommendationTrackerSource(_NoRecordsYet):
    """A scrutiny committee's recommendations and the responses to them."""

    kind = "recommendation_tracker"
