"""A board's priorities page: its business plan for a year, each priority and sub-priority with its latest
progress report, the indicators that evidence it (the performance app) and the actions that serve it (the
actions app), with the share of those actions completed on time. Its coordinators keep the plan from here.

The page reads three apps, so it lives on the top floor. Its queries are a fixed number whatever the number
of priorities, indicators and actions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from actions.models import Action
from actions.selectors import ON_TIME_RULE, OnTime, on_time_share, visible_actions_q
from actions.views.common import listed, present
from boards import priorities as plans
from boards.enums import PRIORITY_RATING_WORDS, PriorityRating
from boards.models import Board, BusinessPlan, Priority, PriorityUpdate, year_label
from core import clock
from core.views import apply_validation_error, require_perm
from performance.models import Indicator
from performance.scorecards import build_scorecard

from .forms import PlanForm, PriorityForm, ProgressForm

#: The badge a rating wears: its word on a colour, never the colour alone.
RATING_BADGES = {
    PriorityRating.RED: "text-bg-danger",
    PriorityRating.AMBER: "text-bg-warning",
    PriorityRating.GREEN: "text-bg-success",
    PriorityRating.COMPLETE: "text-bg-secondary",
}


@dataclass
class Progress:
    """A progress report as the page shows it."""

    update: PriorityUpdate
    word: str
    badge: str


@dataclass
class PriorityRow:
    """One priority or sub-priority on the page, with everything it shows."""

    priority: Priority
    level: int  # its heading's level: 2 for a priority, 3 for a sub-priority
    latest: Progress | None
    earlier: list[Progress]
    indicators: list[dict] = field(default_factory=list)  # scorecard rows, with "url" when there is a page
    actions: list[Action] = field(default_factory=list)
    on_time: OnTime = field(default_factory=lambda: OnTime(0, 0))
    first: bool = False
    last: bool = False

    @property
    def is_sub(self) -> bool:
        return self.level > 2

    @property
    def inner_level(self) -> int:
        return self.level + 1


def _progress(update: PriorityUpdate) -> Progress:
    return Progress(update=update, word=PRIORITY_RATING_WORDS[update.rating], badge=RATING_BADGES[update.rating])


def _indicator_url(board: Board):
    """A function giving an indicator's page from its code."""
    return lambda code: reverse("performance:indicator", args=[board.slug, code])


def priority_rows(*, board: Board, plan: BusinessPlan | None, user) -> list[PriorityRow]:
    """The page's priorities in the plan's order (the board's standing priorities after the plan's), each with
    its progress, indicators and the actions ``user`` may read, in a fixed number of queries."""
    found = plans.plan_priorities(board, plan)
    if not found:
        return []
    ids = [p.pk for p in found]
    # Indicators: which evidence which priority, then their latest figures and ratings from the scorecard.
    links = list(
        Indicator.priorities.through.objects.filter(priority_id__in=ids).values_list("priority_id", "indicator_id")
    )
    by_indicator: dict[int, dict] = {}
    if links:
        url = _indicator_url(board)
        scorecard = build_scorecard(board, as_at=clock.today())
        for group in scorecard["groups"]:
            for row in group["rows"]:
                by_indicator[row["indicator_id"]] = {**row, "url": url(row["code"])}
    indicators: dict[int, list[dict]] = {}
    for priority_id, indicator_id in links:
        if indicator_id in by_indicator:  # retired indicators are not on the scorecard
            indicators.setdefault(priority_id, []).append(by_indicator[indicator_id])
    # Actions: those the reader may read, as the action log shows them.
    actions: dict[int, list[Action]] = {}
    visible = listed().filter(visible_actions_q(user), board=board, priority_id__in=ids).order_by("number")
    for action in present(visible):
        actions.setdefault(action.priority_id, []).append(action)

    rows = []
    for priority in found:
        progress = [_progress(update) for update in priority.progress]
        own = actions.get(priority.pk, [])
        rows.append(
            PriorityRow(
                priority=priority,
                level=3 if priority.parent_id else 2,
                latest=progress[0] if progress else None,
                earlier=progress[1:],
                indicators=sorted(indicators.get(priority.pk, []), key=lambda r: r["name"].lower()),
                actions=own,
                on_time=on_time_share(own),
            )
        )
    _mark_ends(rows)
    return rows


def _mark_ends(rows: list[PriorityRow]) -> None:
    """Mark the first and last of each set of siblings (no "Move up" for the first, no "Move down" for the
    last). Siblings share a plan and a parent."""
    groups: dict[tuple, list[PriorityRow]] = {}
    for row in rows:
        groups.setdefault((row.priority.plan_id, row.priority.parent_id), []).append(row)
    for siblings in groups.values():
        siblings[0].first = True
        siblings[-1].last = True


# Pages ------------------------------------------------------------------------------------------------------


def _board_for(request, slug: str, perm: str = "boards.view_priorities") -> Board:
    """The board, for its members (a 404 for anyone else, who need not learn what it plans); for the pages
    that change the plan, its coordinators (others who may read it are refused)."""
    board = get_object_or_404(Board, slug=slug)
    if not request.user.has_perm("boards.view_priorities", board):
        raise Http404("No such board.")
    require_perm(request.user, perm, board)
    return board


def _year(request) -> int | None:
    text = request.GET.get("year", "")
    if not text:
        return None
    try:
        return int(text)
    except ValueError as exc:
        raise Http404("No such year.") from exc


def _page_url(board: Board, plan: BusinessPlan | None, anchor: str = "") -> str:
    url = reverse("portal:board_priorities", args=[board.slug])
    if plan is not None:
        url += f"?year={plan.year_start}"
    return url + (f"#{anchor}" if anchor else "")


@login_required
@require_safe
def board_priorities(request, slug):
    """The board's business plan for a year (this year's unless another is chosen): its priorities with their
    progress, indicators and actions."""
    board = _board_for(request, slug)
    all_plans = plans.plans_of(board)
    year = _year(request)
    plan = plans.plan_for_year(all_plans, year)
    rows = priority_rows(board=board, plan=plan, user=request.user)
    return render(
        request,
        "portal/priorities.html",
        {
            "board": board,
            "plan": plan,
            "plans": all_plans,
            "missing_year": year_label(year) if year is not None and plan is None else "",
            "rows": rows,
            "planned": any(row.priority.plan_id for row in rows),
            "standing": any(not row.priority.plan_id for row in rows),
            "can_manage": request.user.has_perm("boards.manage_priorities", board),
            "on_time_rule": ON_TIME_RULE,
            "this_year": year_label(plans.financial_year_start()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_add(request, slug):
    """A coordinator starts a year's business plan."""
    board = _board_for(request, slug, "boards.manage_priorities")
    taken = list(BusinessPlan.objects.filter(board=board).values_list("year_start", flat=True))
    form = PlanForm(request.POST if request.method == "POST" else None, taken=taken)
    if request.method == "POST" and form.is_valid():
        try:
            plan = plans.plan_create(
                user=request.user,
                board=board,
                year_start=form.cleaned_data["year_start"],
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{plan.title} started: add its priorities.")
            return redirect(_page_url(board, plan))
    return render(request, "portal/priority_plan_form.html", {"board": board, "form": form, "plan": None})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, slug, year):
    """A coordinator changes a plan's title or summary."""
    board = _board_for(request, slug, "boards.manage_priorities")
    plan = get_object_or_404(BusinessPlan, board=board, year_start=year)
    form = PlanForm(request.POST if request.method == "POST" else None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            plans.plan_edit(
                user=request.user, plan=plan, title=form.cleaned_data["title"], summary=form.cleaned_data["summary"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{plan.title} saved.")
            return redirect(_page_url(board, plan))
    return render(request, "portal/priority_plan_form.html", {"board": board, "form": form, "plan": plan})


@login_required
@require_http_methods(["GET", "POST"])
def priority_add(request, slug):
    """A coordinator adds a priority to a year's plan, or a sub-priority under one of its priorities
    (``?parent=`` chooses it beforehand)."""
    board = _board_for(request, slug, "boards.manage_priorities")
    plan = plans.plan_for_year(plans.plans_of(board), _year(request))
    if plan is None:
        messages.info(request, "Start the year's business plan first; then add its priorities.")
        return redirect("portal:plan_add", slug=board.slug)
    parents = Priority.objects.filter(plan=plan, parent__isnull=True).order_by("position", "number")
    initial = {}
    if request.GET.get("parent", "").isdigit():
        initial["parent"] = int(request.GET["parent"])
    form = PriorityForm(request.POST if request.method == "POST" else None, parents=parents, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            priority = plans.priority_add(
                user=request.user,
                board=board,
                plan=plan,
                parent=data.get("parent"),
                number=data["number"],
                title=data["title"],
                description=data["description"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            kind = "Sub-priority" if priority.parent_id else "Priority"
            messages.success(request, f"{kind} {priority.number} added to {plan.title}.")
            return redirect(_page_url(board, plan, f"priority-{priority.pk}"))
    return render(request, "portal/priority_form.html", {"board": board, "plan": plan, "form": form, "priority": None})


def _priority_for(request, slug: str, pk: int) -> Priority:
    board = _board_for(request, slug, "boards.manage_priorities")
    return get_object_or_404(Priority.objects.select_related("board", "plan", "parent"), board=board, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def priority_edit(request, slug, pk):
    """A coordinator changes a priority's number, title or description."""
    priority = _priority_for(request, slug, pk)
    form = PriorityForm(request.POST if request.method == "POST" else None, priority=priority)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            priority = plans.priority_edit(
                user=request.user,
                priority=priority,
                number=data["number"],
                title=data["title"],
                description=data["description"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Priority {priority.number} saved.")
            return redirect(_page_url(priority.board, priority.plan, f"priority-{priority.pk}"))
    return render(
        request,
        "portal/priority_form.html",
        {"board": priority.board, "plan": priority.plan, "form": form, "priority": priority},
    )


@login_required
@require_POST
def priority_move(request, slug, pk):
    """A coordinator moves a priority up or down among its siblings: the buttons beside each priority."""
    priority = _priority_for(request, slug, pk)
    direction = request.POST.get("direction", "")
    try:
        plans.priority_move(user=request.user, priority=priority, direction=direction)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Priority {priority.number} moved {direction}.")
    return redirect(_page_url(priority.board, priority.plan, f"priority-{priority.pk}"))


@login_required
@require_http_methods(["GET", "POST"])
def priority_progress(request, slug, pk):
    """A coordinator reports progress on a priority: its rating, share complete and what has happened."""
    priority = _priority_for(request, slug, pk)
    latest = plans.latest_first(list(priority.updates.all()))
    latest = latest[0] if latest else None
    form = ProgressForm(request.POST if request.method == "POST" else None, latest=latest)
    if request.method == "POST" and form.is_valid():
        try:
            update = plans.priority_progress_post(user=request.user, priority=priority, **form.service_kwargs())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                f"Progress on priority {priority.number} reported: {PRIORITY_RATING_WORDS[update.rating].lower()}, "
                f"{update.percent_complete}% complete.",
            )
            return redirect(_page_url(priority.board, priority.plan, f"priority-{priority.pk}"))
    return render(
        request,
        "portal/priority_progress_form.html",
        {
            "board": priority.board,
            "plan": priority.plan,
            "priority": priority,
            "latest": _progress(latest) if latest else None,
            "form": form,
        },
    )
