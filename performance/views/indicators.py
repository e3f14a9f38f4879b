"""A board's indicators, each with its series, comparators and computed change.

The board's members read the list of indicators (each with its latest figure, the change since the period
before, its direction of travel and rating) and an indicator's page (its definition, then a table per kind
of period with the comparator areas beside the board's own); they download an indicator's figures as CSV.
Its coordinators add and change indicators and set their targets. Every number shown is worked out by
:mod:`performance.computation` from the stored figures, through :mod:`performance.selectors`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from boards.models import Board, Priority
from core import clock
from core.spreadsheets import csv_response
from core.views import apply_validation_error, require_perm

from .. import computation, periods, selectors, services
from ..enums import Direction, ObservationStatus, PeriodBasis, Polarity, Rating, Unit
from ..forms import IndicatorForm, TargetForm
from ..models import Indicator, Observation, Target

PER_PAGE = 50

#: The badge each rating wears: a colour, always with its word (never colour alone).
RATING_BADGES = {
    Rating.RED: "text-bg-danger",
    Rating.AMBER: "text-bg-warning",
    Rating.GREEN: "text-bg-success",
}

#: A mark beside each direction's word, hidden from screen readers (the word says it).
DIRECTION_MARKS = {
    Direction.BETTER: "▲",
    Direction.WORSE: "▼",
    Direction.SAME: "▶",
    Direction.UP: "▲",
    Direction.DOWN: "▼",
}


def board_for(request, slug: str, perm: str) -> Board:
    """The board, if the user holds ``perm`` on it (404 if there is none, 403 if they may not)."""
    board = get_object_or_404(Board, slug=slug)
    require_perm(request.user, perm, board)
    return board


def indicator_for(request, slug: str, code: str, perm: str = "performance.view_indicator") -> Indicator:
    indicator = get_object_or_404(
        Indicator.objects.select_related("board", "area", "owner_organisation", "lead"), board__slug=slug, code=code
    )
    require_perm(request.user, perm, indicator)
    return indicator


# What the pages show of a figure --------------------------------------------------------------------------


def value_text(observation: Observation | None, indicator: Indicator, *, with_unit: bool = False) -> str:
    """A figure as shown: 1,744; 74.6%; 69.1 (with "per 10,000" where asked); or its status in words when it
    has no value ("Not yet available"); empty when nothing is recorded."""
    if observation is None:
        return ""
    if observation.value is None:
        return observation.get_status_display()
    text = computation.format_value(observation.value, indicator.unit, indicator.decimals)
    if with_unit:
        text += computation.UNIT_SUFFIXES.get(indicator.unit, "")
    return text


@dataclass(frozen=True)
class Shown:
    """What a period's row shows beyond its figures, worked out once."""

    change: str  # "+332 (+23.5%)", or why there is none
    compared_with: str  # the period compared with ("2014/15"), or ""
    direction: str  # "Better", "Up", or ""
    direction_mark: str
    target: str  # "at least 80%", or ""
    rating: str  # "Green", or ""
    rating_class: str
    notes: list[str] = field(default_factory=list)


def observation_notes(observation: Observation | None, area_name: str = "") -> list[str]:
    """Its status when that is not "actual" (and it has a value), its revision with the reason, its
    data-quality note and what was flagged as implausible, each prefixed by the area for a comparator."""
    if observation is None:
        return []
    prefix = f"{area_name}: " if area_name else ""
    notes = []
    if observation.status != ObservationStatus.ACTUAL and observation.value is not None:
        notes.append(f"{prefix}{observation.get_status_display()}.")
    if observation.revision > 1:
        reason = observation.revision_reason.strip().rstrip(".")
        notes.append(f"{prefix}Revision {observation.revision}" + (f": {reason}." if reason else "."))
    if observation.quality_note:
        notes.append(f"{prefix}{observation.quality_note}")
    notes.extend(f"{prefix}Flagged: {problem}" for problem in observation.problems or [])
    return notes


def present_row(row: selectors.SeriesRow, indicator: Indicator, areas=()) -> Shown:
    """What one period's row shows: the change against the period before it (named), the direction, the
    target and rating in words, and the notes on its figures (the own area's, then the comparators')."""
    before = row.previous.label if row.previous else ""
    if not before:
        key = periods.previous(row.period.key)
        before = key.label if key is not None else ""
    if row.change is not None:
        change = row.change.describe(indicator.decimals)
    elif row.own is None or not row.own.figure.usable:
        change = "No figure to compare"
    elif row.previous is None:
        change = f"No figure for {before}" if before else "No earlier figure"
    else:
        change = f"No usable figure for {before}"
    notes = observation_notes(row.own)
    for area, cell in zip(areas[1:], row.cells[1:], strict=False):
        notes.extend(observation_notes(cell, area.name))
    return Shown(
        change=change,
        compared_with=before if row.change is not None else "",
        direction=Direction(row.direction).label if row.direction else "",
        direction_mark=DIRECTION_MARKS.get(row.direction, ""),
        target=(computation.describe_target(row.target.rule, indicator.unit, indicator.decimals) if row.target else ""),
        rating=Rating(row.rating).label if row.rating else "",
        rating_class=RATING_BADGES.get(row.rating, ""),
        notes=notes,
    )


# The board's indicators ---------------------------------------------------------------------------------


@dataclass
class Listed:
    """One indicator in the board's list: its latest usable figure for the board's own area, and that row."""

    indicator: Indicator
    latest: selectors.SeriesRow | None
    value: str
    shown: Shown | None


@dataclass
class Group:
    heading: str  # "Priority 2: ...", or "" when the board's indicators evidence no priority
    rows: list[Listed]


def listed(indicators) -> list[Listed]:
    """The indicators with their latest figure and change (two queries, however many)."""
    indicators = list(indicators)
    series = selectors.own_area_series(indicators)
    out = []
    for indicator in indicators:
        latest = series[indicator.pk].latest
        out.append(
            Listed(
                indicator=indicator,
                latest=latest,
                value=value_text(latest.own, indicator, with_unit=True) if latest else "",
                shown=present_row(latest, indicator) if latest else None,
            )
        )
    return out


def by_priority(rows: list[Listed]) -> list[Group]:
    """The rows under each priority they evidence (in the board's order of priorities), then those that
    evidence none; one group with no heading when none evidences a priority. No queries: the priorities
    are prefetched."""
    if not any(row.indicator.priorities.all() for row in rows):
        return [Group(heading="", rows=rows)]
    groups: dict[int, Group] = {}
    order: dict[int, tuple] = {}
    others = []
    for row in rows:
        priorities = list(row.indicator.priorities.all())
        if not priorities:
            others.append(row)
        for priority in priorities:
            if priority.pk not in groups:
                groups[priority.pk] = Group(heading=f"Priority {priority.number}: {priority.title}", rows=[])
                order[priority.pk] = (priority.position, priority.number)
            groups[priority.pk].rows.append(row)
    out = [groups[pk] for pk in sorted(groups, key=lambda pk: order[pk])]
    if others:
        out.append(Group(heading="Not linked to a priority", rows=others))
    return out


@login_required
@require_GET
def board_indicators(request, slug):
    """The board's indicators for its members, 50 to a page, grouped by the priorities they evidence, each
    with its latest figure, the change since the period before and its rating; retired ones on request."""
    board = board_for(request, slug, "performance.view_indicator")
    show_retired = request.GET.get("retired") == "1"
    indicators = selectors.visible_indicators(request.user, board)
    counts = indicators.aggregate(total=Count("pk"), retired=Count("pk", filter=Q(retired=True)))
    if not show_retired:
        indicators = indicators.filter(retired=False)
    indicators = indicators.select_related("board", "area").prefetch_related(
        Prefetch("priorities", queryset=Priority.objects.order_by("position", "number"))
    )
    paginator = Paginator(indicators.order_by("position", "code"), PER_PAGE)
    paginator.count = counts["total"] if show_retired else counts["total"] - counts["retired"]  # counted already
    page = paginator.get_page(request.GET.get("page"))
    rows = listed(page.object_list)
    return render(
        request,
        "performance/board_performance.html",
        {
            "board": board,
            "page": page,
            "groups": by_priority(rows),
            "total": paginator.count,
            "retired": counts["retired"],
            "show_retired": show_retired,
            "can_manage": request.user.has_perm("performance.manage_indicator", board),
        },
    )


def board_performance_section(*, board, user) -> tuple[str, dict] | None:
    """The board page's way to its performance figures, with how many indicators it reports: for those who
    may read them (registered in :class:`performance.apps.PerformanceConfig`)."""
    if not user.has_perm("performance.view_indicator", board):
        return None
    return (
        "performance/board_performance_section.html",
        {
            "board": board,
            "count": Indicator.objects.filter(board=board, retired=False).count(),
            "can_manage": user.has_perm("performance.manage_indicator", board),
        },
    )


# An indicator ---------------------------------------------------------------------------------------------


@dataclass
class Table:
    """One kind of period's table (years, quarters...): each row with the own area's figure, each
    comparator's, and what else it shows."""

    heading: str
    rows: list[tuple[selectors.SeriesRow, str, list[tuple], Shown]]
    show_target: bool
    show_rating: bool


def targets_in_force(targets: list[Target], today: datetime.date) -> tuple[Target | None, list[Target]]:
    """The target in force today (the latest set from a period begun by today), and those set from later
    periods. ``targets`` in the order of their periods' starts."""
    current = None
    later = []
    for target in targets:
        if target.effective_from.start <= today:
            current = target
        else:
            later.append(target)
    return current, later


@login_required
@require_GET
def indicator_detail(request, slug, code):
    """An indicator: what it counts and where its figures come from, its target, and its series for the
    board's area beside its comparators, a table per kind of period, with the change, direction and rating
    of each period and the notes on its figures."""
    indicator = indicator_for(request, slug, code)
    board = indicator.board
    series = selectors.indicator_series(indicator)
    targets = list(indicator.targets.select_related("effective_from").order_by("effective_from__start"))
    current, later = targets_in_force(targets, clock.today())
    tables = []
    for heading, rows in series.groups:
        shown = [
            (
                row,
                value_text(row.own, indicator),
                [
                    (area, value_text(cell, indicator))
                    for area, cell in zip(series.areas[1:], row.cells[1:], strict=True)
                ],
                present_row(row, indicator, series.areas),
            )
            for row in rows
        ]
        has_target = any(row.target for row in rows)
        tables.append(
            Table(
                heading=heading,
                rows=shown,
                show_target=has_target,
                show_rating=has_target and indicator.polarity != Polarity.CONTEXTUAL,
            )
        )

    def describe(target):
        return computation.describe_target(target.rule, indicator.unit, indicator.decimals)

    return render(
        request,
        "performance/indicator_detail.html",
        {
            "board": board,
            "indicator": indicator,
            "areas": series.areas,
            "comparators": series.areas[1:],
            "tables": tables,
            "target_now": (current, describe(current)) if current else None,
            "targets_later": [(target, describe(target)) for target in later],
            "priorities": list(indicator.priorities.order_by("position", "number")),
            "unit_note": unit_note(indicator),
            "reported": reported(indicator),
            "can_manage": request.user.has_perm("performance.manage_indicator", indicator),
        },
    )


def reported(indicator: Indicator) -> str:
    """How often and over which year: "Quarterly, financial year (April to March; Q1 is April to June)"."""
    if indicator.basis == PeriodBasis.SNAPSHOT:
        return "As at a date"
    basis = indicator.get_basis_display()
    return f"{indicator.get_frequency_display()}, {basis[0].lower()}{basis[1:]}"


def unit_note(indicator: Indicator) -> str:
    """How to read the figures: "Rate per 10,000", "Percentage (changes in percentage points)"."""
    label = indicator.get_unit_display()
    if indicator.unit == Unit.PERCENTAGE:
        return f"{label} (changes in percentage points)"
    return label


CSV_HEADER = [
    "Indicator code",
    "Indicator",
    "Area",
    "Period",
    "Period starts",
    "Period ends",
    "Value",
    "Numerator",
    "Denominator",
    "Status",
    "Data-quality note",
    "Revision",
    "Entered",
]


def plain_number(value) -> str:
    """A stored figure as a spreadsheet reads it: 1744, 69.1, 0.5 (no thousands separators, no trailing
    zeros, never in exponent form)."""
    if value is None:
        return ""
    text = f"{value.normalize():f}"
    return "0" if text in ("-0", "") else text


@login_required
@require_GET
def indicator_csv(request, slug, code):
    """The indicator's figures, every area and period (earliest first, a kind of period at a time), as CSV
    (each cell escaped: :func:`core.spreadsheets.safe_cell`)."""
    indicator = indicator_for(request, slug, code)
    series = selectors.indicator_series(indicator)
    rows = []
    for _heading, period_rows in series.groups:
        for row in reversed(period_rows):
            for area, observation in zip(series.areas, row.cells, strict=True):
                if observation is None:
                    continue
                rows.append(
                    [
                        indicator.code,
                        indicator.name,
                        area.name,
                        row.period.label,
                        row.period.start,
                        row.period.end,
                        plain_number(observation.value),
                        plain_number(observation.numerator),
                        plain_number(observation.denominator),
                        observation.get_status_display(),
                        observation.quality_note,
                        observation.revision,
                        timezone.localtime(observation.entered_at).replace(microsecond=0),
                    ]
                )
    filename = f"{indicator.board.slug}-{slugify(indicator.code) or 'indicator'}-{clock.today():%Y-%m-%d}.csv"
    return csv_response(filename, CSV_HEADER, rows)


# Keeping indicators ------------------------------------------------------------------------------------


def _save_indicator(request, form: IndicatorForm):
    """Save through the service; the indicator, or None with the service's objection on the form."""
    try:
        return services.save_indicator(
            user=request.user,
            indicator=form.save(commit=False),
            comparators=list(form.cleaned_data["comparators"]),
            priorities=list(form.cleaned_data["priorities"]) if "priorities" in form.fields else None,
        )
    except ValidationError as error:
        apply_validation_error(form, error)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request, slug):
    """A coordinator adds an indicator to the board."""
    board = board_for(request, slug, "performance.manage_indicator")
    form = IndicatorForm(request.POST if request.method == "POST" else None, board=board)
    if request.method == "POST" and form.is_valid():
        indicator = _save_indicator(request, form)
        if indicator is not None:
            messages.success(request, f"Indicator {indicator.code} added. Set its target, or enter its figures.")
            return redirect(indicator)
    return render(request, "performance/indicator_form.html", {"board": board, "form": form, "indicator": None})


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request, slug, code):
    """A coordinator changes an indicator's definition, comparators, lead or priorities, or retires it."""
    indicator = indicator_for(request, slug, code, "performance.manage_indicator")
    form = IndicatorForm(request.POST if request.method == "POST" else None, board=indicator.board, instance=indicator)
    if request.method == "POST" and form.is_valid():
        saved = _save_indicator(request, form)
        if saved is not None:
            messages.success(request, f"Indicator {saved.code} saved.")
            return redirect(saved)
    # A change not saved (a new code refused, say) must not reach the links back to the indicator.
    shown = Indicator.objects.select_related("board").get(pk=indicator.pk) if form.is_bound else indicator
    return render(request, "performance/indicator_form.html", {"board": shown.board, "form": form, "indicator": shown})


@login_required
@require_http_methods(["GET", "POST"])
def target_set(request, slug, code):
    """A coordinator sets the indicator's target from a period on (a later target replaces an earlier one
    from its own period; one set again from the same period replaces it)."""
    indicator = indicator_for(request, slug, code, "performance.manage_indicator")
    targets = list(
        indicator.targets.select_related("effective_from", "set_by__person").order_by("effective_from__start")
    )
    current, _later = targets_in_force(targets, clock.today())
    form = TargetForm(
        request.POST if request.method == "POST" else None,
        current=current,
        expected=periods.describe_expected(indicator.frequency, indicator.basis),
    )
    if request.method == "POST" and form.is_valid():
        try:
            target = services.set_target(user=request.user, indicator=indicator, **form.service_kwargs())
        except ValidationError as error:
            apply_validation_error(form, _period_as_field(error))
        else:
            described = computation.describe_target(target.rule, indicator.unit, indicator.decimals)
            messages.success(request, f"Target for {indicator.code} from {target.effective_from}: {described}.")
            return redirect(indicator)
    described = [
        (target, computation.describe_target(target.rule, indicator.unit, indicator.decimals)) for target in targets
    ]
    return render(
        request,
        "performance/indicator_target.html",
        {"board": indicator.board, "indicator": indicator, "form": form, "targets": described},
    )


def _period_as_field(error: ValidationError) -> ValidationError:
    """The service names the period "period"; the form's field is "effective_from"."""
    if hasattr(error, "error_dict") and "period" in error.error_dict:
        errors = dict(error.error_dict)
        errors["effective_from"] = errors.pop("period")
        return ValidationError(errors)
    return error


urlpatterns = [
    path("boards/<slug:slug>/performance/", board_indicators, name="board_indicators"),
    path("boards/<slug:slug>/performance/new/", indicator_create, name="indicator_create"),
    path("boards/<slug:slug>/performance/<str:code>.csv", indicator_csv, name="indicator_csv"),
    path("boards/<slug:slug>/performance/<str:code>/", indicator_detail, name="indicator"),
    path("boards/<slug:slug>/performance/<str:code>/edit/", indicator_edit, name="indicator_edit"),
    path("boards/<slug:slug>/performance/<str:code>/target/", target_set, name="target_set"),
]
