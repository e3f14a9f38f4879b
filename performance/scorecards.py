"""A board's scorecard: each indicator's latest figure against the previous one, its comparators and its target.

:func:`build_scorecard` gathers everything in a fixed number of queries (indicators with their priorities and
comparators, every figure, every target) and returns plain data (JSON-able): the web page shows it live,
and a meeting's pack freezes it as a :class:`~performance.models.ScorecardSnapshot`, so the paper always
shows what the board saw. Every change, direction and rating comes from :mod:`performance.computation`.
Each row also carries its last eight periods of its own kind, each with its rating, and its comparators'
figures for them: the sparkline, the grid of ratings and the trend chart (:mod:`performance.charts`) are
drawn from these, so a frozen scorecard's pictures are what the board saw too.

The public edition suppresses small numbers (below the board's threshold): the figure, the change that would
reveal it, and the points of the trend.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, TextField
from django.db.models.functions import Cast

from boards.models import Board, Priority

from . import computation, periods
from .computation import Figure
from .enums import Direction, ObservationStatus, Rating
from .models import Area, Indicator, Observation, Period, Target
from .selectors import target_for

SPARKLINE_PERIODS = 8
UNGROUPED = "Other indicators"

DIRECTION_WORDS = {
    Direction.BETTER: "Better",
    Direction.SAME: "Same",
    Direction.WORSE: "Worse",
    Direction.UP: "Up",
    Direction.DOWN: "Down",
}


def _arrow(direction: str | None, change: computation.Change | None) -> str:
    """An arrow pointing the way the figure moved (up for a rise, whether that is better or worse)."""
    if direction is None:
        return ""
    if direction == Direction.SAME or change is None:
        return "→"
    return "↑" if change.absolute > 0 else "↓"


def _number(value) -> str | None:
    return None if value is None else f"{value.normalize():f}"


def scorecard_indicators(board: Board):
    return (
        Indicator.objects.filter(board=board, retired=False)
        .select_related("area", "owner_organisation")
        .prefetch_related(
            Prefetch("comparators", queryset=Area.objects.order_by("name")),
            Prefetch("priorities", queryset=Priority.objects.select_related("parent").order_by("position", "number")),
        )
        .order_by("position", "code")
    )


@dataclass(slots=True)
class StoredFigure:
    """An observation as the scorecard reads it: the columns it uses, without a model instance for each (a
    board's scorecard reads every figure it has, thousands of them)."""

    pk: int
    indicator_id: int
    area_id: int
    period: Period
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    status: str
    quality_note: str
    revision: int
    problems_json: str | None  # read as text, decoded only for the figures shown (see ``problems``)
    _figure: Figure | None = field(default=None, init=False, repr=False)

    @property
    def figure(self) -> Figure:
        if self._figure is None:  # made when first asked for: most figures are only counted past
            self._figure = Figure(self.value, self.status, self.numerator, self.denominator)
        return self._figure

    @property
    def period_id(self) -> int:
        return self.period.pk

    @property
    def problems(self) -> list[str]:
        return json.loads(self.problems_json) if self.problems_json else []

    def get_status_display(self) -> str:
        return ObservationStatus(self.status).label


STORED_COLUMNS = (
    "id",
    "indicator_id",
    "area_id",
    "period_id",
    "value",
    "numerator",
    "denominator",
    "status",
    "quality_note",
    "revision",
    "problems_json",
)


def stored_figures(indicators: list[Indicator], as_at: datetime.date) -> dict[int, list[StoredFigure]]:
    """Every figure of ``indicators`` for periods ended by ``as_at``, by indicator: two queries."""
    rows = list(
        Observation.objects.filter(indicator__in=indicators, period__end__lte=as_at)
        .annotate(problems_json=Cast("problems", output_field=TextField()))
        .values_list(*STORED_COLUMNS)
    )
    found = {period.pk: period for period in Period.objects.filter(pk__in={row[3] for row in rows})}
    by_indicator: dict[int, list[StoredFigure]] = defaultdict(list)
    for pk, indicator_id, area_id, period_id, *rest in rows:
        by_indicator[indicator_id].append(StoredFigure(pk, indicator_id, area_id, found[period_id], *rest))
    return by_indicator


def build_scorecard(board: Board, *, as_at: datetime.date, public: bool = False) -> dict[str, Any]:
    """The scorecard of ``board`` with the figures for periods ended by ``as_at``.

    Six queries whatever the number of indicators, areas and periods: indicators (with areas), their
    comparators, their priorities, the figures, their periods, the targets.
    """
    indicators = list(scorecard_indicators(board))
    threshold = board.small_number_threshold if public else 0
    by_indicator = stored_figures(indicators, as_at)
    targets: dict[int, list[Target]] = defaultdict(list)
    for target in Target.objects.filter(indicator__in=indicators).select_related("effective_from"):
        targets[target.indicator_id].append(target)
    for found in targets.values():
        found.sort(key=lambda t: t.effective_from.start)

    groups: dict[tuple, dict[str, Any]] = {}
    for indicator in indicators:
        row = _row(indicator, by_indicator.get(indicator.pk, []), targets.get(indicator.pk, []), threshold)
        priority = next(iter(indicator.priorities.all()), None)
        key = (0, priority.position, priority.number, priority.pk) if priority else (1, 0, "", 0)
        group = groups.setdefault(
            key,
            {
                "priority": priority.number if priority else "",
                "title": f"Priority {priority.number}: {priority.title}" if priority else UNGROUPED,
                "rows": [],
            },
        )
        group["rows"].append(row)
    return {
        "board": board.name,
        "as_at": as_at.isoformat(),
        "public": public,
        "threshold": threshold,
        "groups": [groups[key] for key in sorted(groups)],
    }


def _row(indicator: Indicator, observations: list[StoredFigure], targets: list[Target], threshold: int) -> dict:
    own_kind = periods.kinds_for(indicator.frequency, indicator.basis)[0]
    comparators = sorted(indicator.comparators.all(), key=lambda a: (a.comparator_order, a.name))
    comparators = [a for a in comparators if a.pk != indicator.area_id]
    own = sorted(
        (o for o in observations if o.area_id == indicator.area_id and o.period.kind == own_kind),
        key=lambda o: o.period.start,
    )
    usable = [o for o in own if o.figure.usable]
    current = usable[-1] if usable else (own[-1] if own else None)
    previous = None
    if current is not None:
        before = periods.previous(current.period.key)
        if before is None:  # a snapshot: the one before it
            earlier = [o for o in own if o.period.start < current.period.start]
            previous = earlier[-1] if earlier else None
        else:
            previous = next((o for o in own if o.period.start == before.start), None)

    def figure(o: StoredFigure | None) -> Figure | None:
        return o.figure if o is not None else None

    def shown(o: StoredFigure | None) -> str:
        if o is None:
            return ""
        if threshold or o.status == ObservationStatus.SUPPRESSED:
            return computation.public_value(o.figure, indicator.unit, indicator.decimals, threshold)
        if o.value is None or o.status in (ObservationStatus.NOT_YET_AVAILABLE, ObservationStatus.NOT_COLLECTED):
            return o.get_status_display()
        return computation.format_value(o.value, indicator.unit, indicator.decimals)

    def hidden(o: StoredFigure | None) -> bool:
        return o is not None and (
            o.status == ObservationStatus.SUPPRESSED
            or bool(threshold and computation.is_small_number(o.figure, indicator.unit, threshold))
        )

    change = computation.change(figure(current), figure(previous), indicator.unit)
    direction = computation.direction(figure(current), figure(previous), indicator.polarity, indicator.decimals)
    if hidden(current) or hidden(previous):
        change, direction = None, None
    target = target_for(targets, current.period) if current is not None else None
    rating = computation.rating(
        figure(current), target.rule if target else None, indicator.polarity, indicator.decimals
    )
    if hidden(current):
        rating = None
    by_cell = {(o.area_id, o.period_id): o for o in observations}
    comparator_cells = []
    if current is not None:
        for area in comparators:
            found = by_cell.get((area.pk, current.period_id))
            comparator_cells.append({"area": area.name, "value": shown(found), "period": current.period.label})
    else:
        comparator_cells = [{"area": a.name, "value": "", "period": ""} for a in comparators]
    trend = own[-SPARKLINE_PERIODS:]

    def plotted(o: StoredFigure | None) -> float | None:
        return None if o is None or hidden(o) or not o.figure.usable else float(o.value)

    def rated(o: StoredFigure) -> str:
        if hidden(o):
            return ""
        rule = target_for(targets, o.period)
        return computation.rating(o.figure, rule.rule if rule else None, indicator.polarity, indicator.decimals) or ""

    notes = []
    if current is not None:
        if current.status == ObservationStatus.PROVISIONAL:
            notes.append("Provisional")
        if current.quality_note:
            notes.append(current.quality_note)
        notes.extend(current.problems or [])
    return {
        "indicator_id": indicator.pk,
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "unit_label": indicator.get_unit_display(),
        "area": indicator.area.name,
        "polarity": indicator.polarity,
        "contextual": indicator.polarity == "contextual",
        "decimals": indicator.decimals,
        "observation_id": current.pk if current else None,
        "revision": current.revision if current else None,
        "period": current.period.label if current else "",
        "value": None if current is None or hidden(current) else _number(current.value),
        "value_text": shown(current) if current else "No figures yet",
        "status": current.status if current else "",
        "previous_observation_id": previous.pk if previous else None,
        "previous_revision": previous.revision if previous else None,
        "previous_period": previous.period.label if previous else "",
        "previous_text": shown(previous),
        "change_text": change.describe(indicator.decimals) if change else "",
        "direction": direction or "",
        "direction_text": DIRECTION_WORDS.get(direction, "") if direction else "",
        "arrow": _arrow(direction, change),
        "comparators": comparator_cells,
        "target_text": computation.describe_target(target.rule, indicator.unit, indicator.decimals) if target else "",
        "rating": rating or "",
        "rating_text": Rating(rating).label if rating else "",
        "period_kind": own_kind,
        "trend": [
            {
                "period": o.period.label,
                "start": o.period.start.isoformat(),
                "value": plotted(o),
                "text": shown(o),
                "rating": rated(o),
            }
            for o in trend
        ],
        "comparator_trend": [
            {
                "area": area.name,
                "values": [plotted(by_cell.get((area.pk, o.period_id))) for o in trend],
                "texts": [shown(by_cell.get((area.pk, o.period_id))) for o in trend],
            }
            for area in comparators
        ],
        "notes": notes,
    }


def comparator_names(scorecard: dict[str, Any]) -> list[str]:
    """The comparator areas any row has, in the order they first appear (the table's columns)."""
    names: list[str] = []
    for group in scorecard["groups"]:
        for row in group["rows"]:
            for cell in row["comparators"]:
                if cell["area"] not in names:
                    names.append(cell["area"])
    return names


def revised_since(scorecard: dict[str, Any]) -> dict[str, str]:
    """For a frozen scorecard: the indicators whose figures have changed since it was frozen, with what
    changed ("revised: 1,412 is now 1,420"); one query."""
    wanted: dict[int, tuple[str, int, str]] = {}
    for group in scorecard["groups"]:
        for row in group["rows"]:
            for key, revision_key, text_key in (
                ("observation_id", "revision", "value_text"),
                ("previous_observation_id", "previous_revision", "previous_text"),
            ):
                if row.get(key):
                    wanted[row[key]] = (row["code"], row[revision_key], row[text_key])
    revised: dict[str, str] = {}
    current = Observation.objects.filter(pk__in=wanted).select_related("indicator", "period")
    seen = set()
    for observation in current:
        seen.add(observation.pk)
        code, revision, text = wanted[observation.pk]
        if observation.revision != revision:
            now = (
                computation.format_value(observation.value, observation.indicator.unit, observation.indicator.decimals)
                or observation.get_status_display()
            )
            revised.setdefault(code, f"{observation.period}: {text or 'blank'} in the pack, now {now}")
    for pk, (code, _revision, _text) in wanted.items():
        if pk not in seen:
            revised.setdefault(code, "a figure in the pack has since been removed")
    return revised
