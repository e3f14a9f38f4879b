"""Reads of performance figures: an indicator's series with its computed changes, and the data-entry sheet.

Every change, direction and rating is worked out here from stored figures by :mod:`performance.computation`
(a fixed number of queries however long the series).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, Subquery

from boards.models import Board
from boards.rules import coordinated_board_ids, member_board_ids
from meetings.enums import MeetingStatus
from meetings.models import Meeting

from . import computation, periods
from .computation import Change
from .enums import PeriodKind
from .models import Area, Indicator, Observation, Period, ScorecardSnapshot, Target


def visible_indicators(user, board: Board | None = None):
    """The indicators ``user`` may read: those of boards they sit on, and those they lead."""
    queryset = Indicator.objects.all()
    if board is not None:
        queryset = queryset.filter(board=board)
    if getattr(user, "is_superuser", False):
        return queryset
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    boards = member_board_ids(user) | coordinated_board_ids(user)
    person_id = getattr(user, "person_id", None)
    return queryset.filter(Q(board_id__in=boards) | Q(lead_id=person_id) if person_id else Q(board_id__in=boards))


def target_for(targets: list[Target], period: Period) -> Target | None:
    """The target in force for ``period``: the latest set from a period starting on or before it."""
    found = None
    for target in targets:  # ordered by start
        if target.effective_from.start <= period.start:
            found = target
    return found


@dataclass
class SeriesRow:
    period: Period
    cells: list[Observation | None]  # one per area, in the series' order
    change: Change | None = None
    previous: Period | None = None
    direction: str | None = None
    target: Target | None = None
    rating: str | None = None

    @property
    def own(self) -> Observation | None:
        return self.cells[0] if self.cells else None


@dataclass
class Series:
    """An indicator's figures for its own area and its comparators, period by period (latest first), each
    kind of period (quarters, years) apart, with the change against the previous period of the same kind."""

    indicator: Indicator
    areas: list[Area]
    groups: list[tuple[str, list[SeriesRow]]] = field(default_factory=list)  # (kind label, rows latest first)

    @property
    def rows(self) -> list[SeriesRow]:
        return [row for _label, rows in self.groups for row in rows]

    @property
    def latest(self) -> SeriesRow | None:
        """The latest period with a usable figure for the board's own area, of the indicator's own kind first."""
        for _label, rows in self.groups:
            for row in rows:
                if row.own is not None and row.own.figure.usable:
                    return row
        return None


KIND_HEADINGS = {
    PeriodKind.MONTH: "Months",
    PeriodKind.QUARTER: "Quarters",
    PeriodKind.TERM: "Terms",
    PeriodKind.YEAR: "Years",
    PeriodKind.SNAPSHOT: "Figures as at",
}


def indicator_series(indicator: Indicator) -> Series:
    """Three queries: comparators, observations (with period and area), targets."""
    from .services import indicator_areas

    areas = indicator_areas(indicator)
    observations = list(
        Observation.objects.filter(indicator=indicator, area__in=areas)
        .select_related("period", "entered_by")
        .order_by("period__start")
    )
    targets = list(Target.objects.filter(indicator=indicator).select_related("effective_from"))
    return build_series(indicator, areas, observations, targets)


def build_series(
    indicator: Indicator, areas: list[Area], observations: list[Observation], targets: list[Target]
) -> Series:
    """The series from rows already read (no queries): ``observations`` of ``areas`` with their periods,
    ``targets`` ordered by the start of their period."""
    by_cell = {(o.period_id, o.area_id): o for o in observations}
    period_rows = {o.period_id: o.period for o in observations}
    series = Series(indicator=indicator, areas=areas)
    kinds = periods.kinds_for(indicator.frequency, indicator.basis)
    for kind in kinds:
        kind_periods = sorted((p for p in period_rows.values() if p.kind == kind), key=lambda p: p.start)
        by_start = {p.start: p for p in kind_periods}
        rows = []
        for index, period in enumerate(kind_periods):
            cells = [by_cell.get((period.pk, area.pk)) for area in areas]
            row = SeriesRow(period=period, cells=cells)
            before_key = periods.previous(period.key)
            if before_key is not None:
                before = by_start.get(before_key.start)
            else:  # a snapshot: the one recorded before it
                before = kind_periods[index - 1] if index else None
            own, earlier = cells[0], (by_cell.get((before.pk, areas[0].pk)) if before else None)
            own_figure = own.figure if own else None
            earlier_figure = earlier.figure if earlier else None
            row.previous = before
            row.change = computation.change(own_figure, earlier_figure, indicator.unit)
            row.direction = computation.direction(own_figure, earlier_figure, indicator.polarity, indicator.decimals)
            row.target = target_for(targets, period)
            row.rating = computation.rating(
                own_figure, row.target.rule if row.target else None, indicator.polarity, indicator.decimals
            )
            rows.append(row)
        if rows:
            series.groups.append((KIND_HEADINGS[kind], list(reversed(rows))))
    return series


def own_area_series(indicators: list[Indicator]) -> dict[int, Series]:
    """Each indicator's series for its own area only (for a list of indicators, with each one's latest
    figure and change): two queries however many indicators, their areas read with them."""
    indicators = list(indicators)
    observations: dict[int, list[Observation]] = {i.pk: [] for i in indicators}
    homes = {i.pk: i.area_id for i in indicators}
    rows = (
        Observation.objects.filter(indicator__in=indicators, area_id__in=set(homes.values()))
        .select_related("period")
        .order_by("period__start")
    )
    for observation in rows:
        if observation.area_id == homes[observation.indicator_id]:
            observations[observation.indicator_id].append(observation)
    targets: dict[int, list[Target]] = {i.pk: [] for i in indicators}
    for target in (
        Target.objects.filter(indicator__in=indicators)
        .select_related("effective_from")
        .order_by("effective_from__start")
    ):
        targets[target.indicator_id].append(target)
    return {i.pk: build_series(i, [i.area], observations[i.pk], targets[i.pk]) for i in indicators}


# Data entry -----------------------------------------------------------------------------------------------


@dataclass
class EntryRow:
    indicator: Indicator
    observation: Observation | None
    due: datetime.date

    @property
    def missing(self) -> bool:
        return self.observation is None or self.observation.value is None

    def overdue(self, today: datetime.date) -> bool:
        return self.missing and self.due < today


def entry_periods(board: Board, today: datetime.date, count: int = 8) -> list[periods.PeriodKey]:
    """The periods a board's indicators report on that have ended lately, latest first (for the period
    chooser on the data-entry page)."""
    kinds = set(Indicator.objects.filter(board=board, retired=False).values_list("frequency", "basis").distinct())
    found: set[periods.PeriodKey] = set()
    for frequency, basis in kinds:
        found.update(periods.recent(frequency, basis, today, count))
        own_kind = periods.kinds_for(frequency, basis)[0]
        if own_kind != PeriodKind.YEAR:
            found.update(periods.recent("annual", basis, today, 2))
    return sorted(found, reverse=True)


def entry_sheet(board: Board, period: Period, user) -> list[EntryRow]:
    """The board's indicators that report on ``period`` and that ``user`` may enter figures for, with the
    board's own figure for it if any (two queries)."""
    indicators = [
        i
        for i in Indicator.objects.filter(board=board, retired=False).select_related(
            "board", "area", "lead", "owner_organisation"
        )
        if periods.fits(period.key, i.frequency, i.basis) and user.has_perm("performance.enter_figures", i)
    ]
    home = {i.pk: i.area_id for i in indicators}
    observations = {
        o.indicator_id: o
        for o in Observation.objects.filter(indicator__in=indicators, period=period, area_id__in=set(home.values()))
        if o.area_id == home[o.indicator_id]
    }
    return [EntryRow(i, observations.get(i.pk), i.due_date(period)) for i in indicators]


# Scorecards -------------------------------------------------------------------------------------------------


def scorecard_meetings(board: Board, today: datetime.date, *, limit: int = 12):
    """The board's meetings with a scorecard frozen for their pack, and its meetings still to come, latest
    first, each with ``frozen_at`` (when its scorecard was last frozen, or None). One query."""
    latest = ScorecardSnapshot.objects.filter(meeting=OuterRef("pk")).order_by("-created_at", "-pk")
    return list(
        Meeting.objects.filter(board=board)
        .exclude(status=MeetingStatus.CANCELLED)
        .annotate(frozen_at=Subquery(latest.values("created_at")[:1]))
        .filter(Q(frozen_at__isnull=False) | Q(date__gte=today))
        .only("pk", "board_id", "date", "start_time", "status")
        .order_by("-date", "-start_time")[:limit]
    )
