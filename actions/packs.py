"""The documents the actions app adds to agenda packs: the action log and the recommendation tracker.

Registered as kinds of generated document in :class:`actions.apps.ActionsConfig`, so an agenda item can
carry one (:mod:`meetings.packs.generated`); the meetings app, which builds packs, never imports this app.
"""

from __future__ import annotations

from meetings.packs.sources import NotYetRecordedSource


class ActionLogSource(NotYetRecordedSource):
    """The board's open actions and those completed since the last meeting."""

    kind = "action_log"


class RecommendationTrackerSource(NotYetRecordedSource):
    """A scrutiny committee's recommendations and the responses to them."""

    kind = "recommendation_tracker"
