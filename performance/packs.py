"""The document the performance app adds to agenda packs: the scorecard.

Registered as a kind of generated document in :class:`performance.apps.PerformanceConfig`, so an agenda
item can carry it (:mod:`meetings.packs.generated`); the meetings app never imports this app.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from meetings.packs.sources import GeneratedPageSource


class ScorecardSource(GeneratedPageSource):
    """The board's scorecard, frozen into the pack.

    Indicators and observations are not recorded in the portal yet (they arrive with the performance
    work): until then an item of this kind gets no generated pages, and an uploaded scorecard goes in as
    a paper.
    """

    kind = "scorecard"

    @classmethod
    def for_item(cls, *, meeting, entry, edition) -> list[GeneratedPageSource]:
        return []

    def content(self) -> dict[str, Any]:
        return {}

    def render(self, output: Path) -> None:
        raise NotImplementedError("The scorecard is not written in the portal yet.")
