"""Entering figures: the data-entry page per period, and CSV import with its validation report.

Open to those who enter a board's figures: its coordinators (every indicator) and the data leads (the
indicators they lead). A member of the board who enters none is refused (403); anyone else is told there is
no such page (404), as the board's figures are not theirs to know about.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from boards.models import Board
from core import clock
from core.spreadsheets import csv_response
from core.views import apply_validation_error, require_perm

from .. import computation, imports, periods, selectors
from ..entry_forms import FigureForm, FiguresImportForm
from ..enums import ImportStatus, ObservationStatus, PeriodBasis, PeriodKind
from ..models import Indicator, Observation, ObservationImport, Period
from ..services import record_observation

# Who may open these pages ------------------------------------------------------------------------------


def board_for_entry(request, slug: str) -> Board:
    """The board, if the user enters any of its figures: 403 for its other members, 404 for everyone else."""
    board = get_object_or_404(Board, slug=slug)
    if imports.may_enter_figures(request.user, board):
        return board
    if request.user.has_perm("performance.view_indicator", board):
        raise PermissionDenied("You do not enter any of this board's figures.")
    raise Http404("No such page.")


def import_for(request, slug: str, pk: int) -> ObservationImport:
    """A file of figures checked for this board: its coordinators see every one, a data lead their own."""
    board = board_for_entry(request, slug)
    observation_import = get_object_or_404(
        ObservationImport.objects.select_related("board", "uploaded_by__person"), pk=pk, board=board
    )
    if not request.user.has_perm("performance.enter_figures", board) and (
        observation_import.uploaded_by_id != request.user.pk
    ):
        raise Http404("No such file.")
    return observation_import


# Periods in the address: ?period=quarter:financial:2016-01-01 ------------------------------------------


def period_param(key: periods.PeriodKey) -> str:
    return f"{key.kind}:{key.basis}:{key.start.isoformat()}"


def read_period_param(text: str | None) -> periods.PeriodKey | None:
    try:
        kind, basis, start = (text or "").split(":")
        if kind not in PeriodKind.values or basis not in PeriodBasis.values:
            return None
        return periods.make(kind, basis, datetime.date.fromisoformat(start))
    except ValueError:  # periods.PeriodError is one too
        return None


def entry_url(board: Board, key: periods.PeriodKey | None) -> str:
    url = reverse("performance:data_entry", args=[board.slug])
    return f"{url}?period={period_param(key)}" if key else url


# The data-entry page -------------------------------------------------------------------------------------


@dataclass
class EntryCard:
    """One indicator on the data-entry page: its row of the sheet, its form, and its figure in words."""

    row: selectors.EntryRow
    form: FigureForm
    figure: str
    overdue: bool

    @property
    def indicator(self) -> Indicator:
        return self.row.indicator


def figure_words(observation: Observation | None) -> str:
    if observation is None:
        return "Nothing entered"
    indicator = observation.indicator
    status = ObservationStatus(observation.status).label
    if observation.value is None:
        return status
    shown = computation.format_value(observation.value, indicator.unit, indicator.decimals)
    return shown if observation.status == ObservationStatus.ACTUAL else f"{shown} ({status.lower()})"


def summary_words(cards: list[EntryCard], period: Period) -> str:
    """ "3 of 7 figures for Q4 2015/16 are missing; 2 overdue"."""
    total = len(cards)
    missing = sum(card.row.missing for card in cards)
    overdue = sum(card.overdue for card in cards)
    noun = "figure" if total == 1 else "figures"
    if not missing:
        return f"All {total} {noun} for {period} are in." if total > 1 else f"The figure for {period} is in."
    verb = "is" if missing == 1 else "are"
    return f"{missing} of {total} {noun} for {period} {verb} missing; {overdue} overdue"


def entered_indicators(user, board: Board) -> list[Indicator]:
    """The board's indicators (still reported) that ``user`` enters figures for."""
    indicators = Indicator.objects.active().filter(board=board).select_related("board")
    return [i for i in indicators if user.has_perm("performance.enter_figures", i)]


def latest_period_for(user, board: Board, choices: list[periods.PeriodKey]) -> periods.PeriodKey | None:
    """The latest of ``choices`` that one of the indicators ``user`` enters reports on (a data lead of an
    annual indicator starts on the year, not on a quarter with nothing for them)."""
    entered = entered_indicators(user, board)
    for key in choices:
        if any(periods.fits(key, i.frequency, i.basis) for i in entered):
            return key
    return choices[0] if choices else None


def _render_entry(request, board: Board, key: periods.PeriodKey | None, *, bound: FigureForm | None = None, status=200):
    today = clock.today()
    choices = selectors.entry_periods(board, today)
    if key is None:
        key = latest_period_for(request.user, board, choices)
    if key is not None and key not in choices:
        choices = sorted([*choices, key], reverse=True)
    period = Period.for_key(key) if key is not None else None
    cards = []
    if period is not None:
        for row in selectors.entry_sheet(board, period, request.user):
            if bound is not None and bound.indicator.pk == row.indicator.pk:
                form = bound
            else:
                form = FigureForm(indicator=row.indicator, observation=row.observation, period_key=period_param(key))
            if row.observation is not None:
                row.observation.indicator = row.indicator  # for its figure in words, without a query
            cards.append(EntryCard(row, form, figure_words(row.observation), row.overdue(today)))
    leads = imports.leads_on_board(request.user, board)
    return render(
        request,
        "performance/data_entry.html",
        {
            "board": board,
            "period": period,
            "period_choices": [(period_param(k), k.label, k == key) for k in choices],
            "cards": cards,
            "summary": summary_words(cards, period) if cards else "",
            "missing": sum(card.row.missing for card in cards),
            "bound": bound,
            "today": today,
            "is_coordinator": request.user.has_perm("performance.enter_figures", board),
            "leads_any": leads.exists(),
        },
        status=status,
    )


@login_required
@require_GET
def data_entry(request, slug):
    """The figures the user enters for one period (the latest by default), each with its form."""
    board = board_for_entry(request, slug)
    key = None
    if request.GET.get("period"):
        key = read_period_param(request.GET["period"])
        if key is None:
            raise Http404("No such period.")
    return _render_entry(request, board, key)


@login_required
@require_POST
def data_entry_save(request, slug, code):
    """Save one figure from the data-entry page; a figure that cannot be right is shown again as typed."""
    board = board_for_entry(request, slug)
    indicator = get_object_or_404(Indicator.objects.select_related("area"), board=board, code=code)
    require_perm(request.user, "performance.enter_figures", indicator)
    prefix = f"figure-{indicator.pk}"
    key = read_period_param(request.POST.get(f"{prefix}-period"))
    if key is None or not periods.fits(key, indicator.frequency, indicator.basis):
        raise Http404("No such period for this indicator.")
    existing = (
        Observation.objects.filter(
            indicator=indicator,
            area=indicator.area,
            period__kind=key.kind,
            period__basis=key.basis,
            period__start=key.start,
        )
        .select_related("period")
        .first()
    )
    form = FigureForm(request.POST, indicator=indicator, observation=existing, period_key=period_param(key))
    if form.is_valid():
        data = form.cleaned_data
        try:
            _observation, outcome = record_observation(
                user=request.user,
                indicator=indicator,
                area=indicator.area,
                period=key,
                value=data["value"],
                status=data["status"],
                numerator=data.get("numerator"),
                denominator=data.get("denominator"),
                quality_note=data["quality_note"],
                reason=data.get("reason", ""),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            words = "unchanged" if outcome == "unchanged" else "saved"
            messages.success(request, f"Figure for {indicator.code}, {key.label} {words}.")
            return redirect(f"{entry_url(board, key)}#figure-{indicator.pk}")
    return _render_entry(request, board, key, bound=form)


# Importing a file of figures ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request, slug):
    board = board_for_entry(request, slug)
    form = FiguresImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            observation_import = imports.check_import(user=request.user, board=board, upload=form.cleaned_data["file"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return redirect(observation_import)
    waiting = board.observation_imports.filter(status=ImportStatus.CHECKED).select_related("uploaded_by__person")
    if not request.user.has_perm("performance.enter_figures", board):
        waiting = waiting.filter(uploaded_by=request.user)
    return render(
        request,
        "performance/import_upload.html",
        {
            "board": board,
            "form": form,
            "columns": imports.COLUMNS,
            "waiting": waiting[:10],
        },
    )


@login_required
@require_GET
def import_template(request, slug):
    board = board_for_entry(request, slug)
    rows = imports.template_rows(request.user, board, clock.today())
    return csv_response(f"{board.slug}-figures-template.csv", imports.TEMPLATE_HEADINGS, rows)


def row_figure(row: dict) -> str:
    """A checked row's figure as the report shows it: "1744", "74.6 (provisional)", "Not yet available"."""
    status = ObservationStatus(row["status"]).label
    if row.get("value") is not None:
        shown = row["value"]
    elif row.get("stored") is not None:
        shown = f"{row['stored']} (worked out from {row['numerator']} ÷ {row['denominator']})"
    else:
        return status
    return shown if row["status"] == ObservationStatus.ACTUAL else f"{shown} ({status.lower()})"


@login_required
@require_GET
def import_report(request, slug, pk):
    """The check of a file, row by row: what must be corrected, and what importing the rest would do."""
    observation_import = import_for(request, slug, pk)
    good, bad = observation_import.good_rows, observation_import.bad_rows
    for row in good:
        row["figure"] = row_figure(row)
    outcomes = {kind: sum(row.get("outcome_kind") == kind for row in good) for kind in imports.OUTCOMES}
    return render(
        request,
        "performance/import_report.html",
        {
            "board": observation_import.board,
            "observation_import": observation_import,
            "good": good,
            "bad": bad,
            "outcomes": outcomes,
            "summary": observation_import.summary,
            "skipped": len(observation_import.summary.get("skipped", [])),
        },
    )


@login_required
@require_POST
def import_apply(request, slug, pk):
    observation_import = import_for(request, slug, pk)
    try:
        summary = imports.apply_import(
            user=request.user,
            observation_import=observation_import,
            valid_rows_only=request.POST.get("valid_rows_only") == "1",
        )
    except ValidationError as error:
        if getattr(error, "code", None) == "closed":
            messages.info(request, error.messages[0])
        else:
            messages.error(request, error.messages[0])
    else:
        messages.success(request, f"Imported from “{observation_import.file_name}”: {imports.summary_text(summary)}")
    return redirect(observation_import)


@login_required
@require_POST
def import_discard(request, slug, pk):
    observation_import = import_for(request, slug, pk)
    try:
        imports.discard_import(user=request.user, observation_import=observation_import)
    except ValidationError as error:
        messages.info(request, error.messages[0])
        return redirect(observation_import)
    messages.success(request, f"The check of “{observation_import.file_name}” was discarded; nothing was imported.")
    return redirect("performance:import_upload", observation_import.board.slug)


# The board page's section ------------------------------------------------------------------------------------


def board_entry_section(*, board, user) -> tuple[str, dict] | None:
    """For those who enter some of the board's figures: how many of theirs are missing for the latest period, and the
    ways to the data-entry and import pages (registered in :class:`performance.apps.PerformanceConfig`)."""
    if not imports.may_enter_figures(user, board) or not entered_indicators(user, board):
        return None  # nothing to enter (a board without indicators shows no such section)
    latest = latest_period_for(user, board, selectors.entry_periods(board, clock.today()))
    summary = ""
    if latest is not None:
        period = Period.for_key(latest)
        sheet = selectors.entry_sheet(board, period, user)
        missing = sum(row.missing for row in sheet)
        total = len(sheet)
        if missing:
            summary = f"{missing} of your {total} figures for {period} {'is' if missing == 1 else 'are'} missing."
        elif total:
            summary = f"Your figures for {period} are in."
    return "performance/partials/board_entry_section.html", {"board": board, "summary": summary}


urlpatterns = [
    path("boards/<slug:slug>/performance/entry/", data_entry, name="data_entry"),
    path("boards/<slug:slug>/performance/entry/<str:code>/", data_entry_save, name="data_entry_save"),
    path("boards/<slug:slug>/performance/import/", import_upload, name="import_upload"),
    path("boards/<slug:slug>/performance/import/template.csv", import_template, name="import_template"),
    path("boards/<slug:slug>/performance/import/<int:pk>/", import_report, name="import_report"),
    path("boards/<slug:slug>/performance/import/<int:pk>/apply/", import_apply, name="import_apply"),
    path("boards/<slug:slug>/performance/import/<int:pk>/discard/", import_discard, name="import_discard"),
]
