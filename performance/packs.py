"""The document the performance app adds to agenda packs: the scorecard.

Registered as a kind of generated document in :class:`performance.apps.PerformanceConfig`, so an agenda
item can carry it (:mod:`meetings.packs.generated`); the meetings app never imports this app.
"""

from __future__ import annotations

from meetings.packs.sources import NotYetRecordedSource


class ScorecardSource(NotYetRecordedSource):
    """The board's scorecard, frozen into the pack.

    Indicators and observations are not recorded in the portal yet (they arrive with the performance
    work): until then an item of this kind gets no generated pages, and an uploaded scorecard goes in as
    a paper.
    """

    kind = "scorecard"
