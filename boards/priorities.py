"""A board's business plans, their priorities and sub-priorities, and the progress reported on each.

A board writes a business plan for each financial year (April to March) naming its priorities, numbered
1, 2, 3, with sub-priorities 2.1, 2.2 under one; its executive monitors progress through the year with a RAG
rating, a share complete and a few lines on what has happened. The board's coordinators keep the plan and
report progress; its members read it. Indicators (the performance app) and actions (the actions app) point
at the priority they serve; the page that gathers all of that is the portal's.

Writes check who is acting and end with an entry in the activity log; reads return rows in the plan's order
in a fixed number of queries.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Prefetch, Q

from core import clock
from core.activity import changes, log_action, snapshot
from core.locks import lock_row
from core.permissions import require_permission
from core.text import validate_one_line

from .enums import PRIORITY_RATING_WORDS, PriorityRating
from .models import Board, BusinessPlan, Priority, PriorityUpdate, year_label

#: How far back and ahead a plan's year may be.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
#: A priority's number: 1 to 999; a sub-priority's: its priority's number, a dot, 1 to 999 (2.1).
TOP_NUMBER = re.compile(r"^[1-9]\d{0,2}$")
SUB_NUMBER = re.compile(r"^(?P<parent>[1-9]\d{0,2})\.(?P<own>[1-9]\d{0,2})$")
UP, DOWN = "up", "down"

PLAN_FIELDS = ("title", "summary")
PRIORITY_FIELDS = ("number", "title", "description")


def financial_year_start(day: datetime.date | None = None) -> int:
    """The financial year ``day`` falls in, by the year its April is in: 10 March 2016 is in 2015/16."""
    day = day or clock.today()
    return day.year if day.month >= 4 else day.year - 1


# Business plans ---------------------------------------------------------------------------------------------


def _clean_title(title: str, field: str = "title") -> str:
    title = (title or "").strip()
    try:
        validate_one_line(title)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
    return title


@transaction.atomic
def plan_create(*, user, board: Board, year_start: int, title: str = "", summary: str = "") -> BusinessPlan:
    """Start a board's business plan for a financial year (``year_start`` 2015 for 2015/16). Left blank, the
    title is "Business plan 2015/16"."""
    require_permission(user, "boards.manage_priorities", board)
    if not isinstance(year_start, int) or not EARLIEST_YEAR <= year_start <= LATEST_YEAR:
        raise ValidationError({"year_start": f"Give the year the plan starts, e.g. {financial_year_start()}."})
    lock_row(Board, board.pk)
    label = year_label(year_start)
    if BusinessPlan.objects.filter(board=board, year_start=year_start).exists():
        raise ValidationError({"year_start": f"The board already has a business plan for {label}."})
    plan = BusinessPlan(
        board=board,
        year_start=year_start,
        title=_clean_title(title) or f"Business plan {label}",
        summary=(summary or "").strip(),
    )
    plan.full_clean()
    plan.save()
    log_action("boards.plan.created", actor=user, obj=plan, data={"year": label, "title": plan.title})
    return plan


@transaction.atomic
def plan_edit(*, user, plan: BusinessPlan, title: str, summary: str = "") -> BusinessPlan:
    """Change a plan's title or summary (its year stays: a new year is a new plan)."""
    require_permission(user, "boards.manage_priorities", plan.board)
    before = snapshot(plan, PLAN_FIELDS)
    plan.title = _clean_title(title) or f"Business plan {plan.year_label}"
    plan.summary = (summary or "").strip()
    plan.full_clean()
    plan.save()
    diff = changes(before, snapshot(plan, PLAN_FIELDS))
    if diff:
        log_action("boards.plan.changed", actor=user, obj=plan, data={"changes": diff})
    return plan


# Priorities -------------------------------------------------------------------------------------------------


def _siblings(*, board: Board, plan: BusinessPlan | None, parent: Priority | None):
    """The priorities beside which a new one takes its place: the plan's (or the standing) top-level
    priorities, or the sub-priorities of ``parent``."""
    if parent is not None:
        return Priority.objects.filter(parent=parent)
    return Priority.objects.filter(board=board, parent__isnull=True, plan=plan)


def _taken(*, board: Board, plan: BusinessPlan | None, exclude_pk=None) -> set[str]:
    """The numbers already used in the plan (or among the board's standing priorities)."""
    rows = Priority.objects.filter(plan=plan) if plan is not None else Priority.objects.filter(board=board, plan=None)
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    return set(rows.values_list("number", flat=True))


def suggest_number(*, board: Board, plan: BusinessPlan | None = None, parent: Priority | None = None) -> str:
    """The next free number: after the highest priority (3), or after the priority's last sub-priority (2.4)."""
    taken = _taken(board=board, plan=plan)
    if parent is not None:
        owns = [int(m["own"]) for n in taken if (m := SUB_NUMBER.match(n)) and m["parent"] == parent.number]
        return f"{parent.number}.{max(owns, default=0) + 1}"
    tops = [int(n) for n in taken if TOP_NUMBER.match(n)]
    return str(max(tops, default=0) + 1)


def _check_number(number: str, *, board: Board, plan: BusinessPlan | None, parent: Priority | None, exclude_pk=None):
    if parent is None and not TOP_NUMBER.match(number):
        raise ValidationError({"number": "Number a priority 1, 2, 3 (a whole number up to 999)."})
    if parent is not None:
        match = SUB_NUMBER.match(number)
        if not match or match["parent"] != parent.number:
            raise ValidationError(
                {"number": f"Number a sub-priority of priority {parent.number} {parent.number}.1, {parent.number}.2…"}
            )
    if number in _taken(board=board, plan=plan, exclude_pk=exclude_pk):
        where = f"the business plan {plan.year_label}" if plan is not None else "the board's standing priorities"
        raise ValidationError({"number": f"There is already a priority {number} in {where}."})


@transaction.atomic
def priority_add(
    *,
    user,
    board: Board,
    title: str,
    number: str = "",
    description: str = "",
    plan: BusinessPlan | None = None,
    parent: Priority | None = None,
) -> Priority:
    """Add a priority to the board's plan for a year (or, with no plan, to its standing priorities), or a
    sub-priority under ``parent``, in the same plan. Left blank, the number is the next one (3, or 2.4);
    it goes last among its siblings."""
    require_permission(user, "boards.manage_priorities", board)
    if parent is not None:
        if parent.board_id != board.pk:
            raise ValidationError({"parent": "That priority is another board's: a sub-priority sits under its own."})
        if parent.parent_id is not None:
            raise ValidationError({"parent": "A sub-priority has no sub-priorities of its own: choose a priority."})
        if plan is not None and plan.pk != parent.plan_id:
            raise ValidationError({"plan": "A sub-priority belongs to its priority's business plan."})
        plan = parent.plan
    if plan is not None and plan.board_id != board.pk:
        raise ValidationError({"plan": "That business plan is another board's."})
    lock_row(Board, board.pk)  # one number and one place each, however many coordinators add at once
    title = _clean_title(title)
    if not title:
        raise ValidationError({"title": "Give the priority's title, as the plan words it."})
    number = (number or "").strip() or suggest_number(board=board, plan=plan, parent=parent)
    _check_number(number, board=board, plan=plan, parent=parent)
    top = _siblings(board=board, plan=plan, parent=parent).aggregate(top=Max("position"))["top"]
    priority = Priority(
        board=board,
        plan=plan,
        parent=parent,
        number=number,
        title=title,
        description=(description or "").strip(),
        position=0 if top is None else top + 1,
    )
    priority.full_clean(validate_constraints=False)  # the numbers were checked above, with the plan's words
    priority.save()
    log_action(
        "boards.priority.added",
        actor=user,
        obj=priority,
        data={"plan": plan.year_label if plan else "", "part_of": parent.number if parent else ""},
    )
    return priority


@transaction.atomic
def priority_edit(*, user, priority: Priority, title: str, number: str, description: str = "") -> Priority:
    """Change a priority's number, title or description. Renumbering a priority renumbers its sub-priorities
    with it (2.1 becomes 4.1 when 2 becomes 4)."""
    require_permission(user, "boards.manage_priorities", priority.board)
    lock_row(Board, priority.board_id)
    priority = Priority.objects.select_related("board", "plan", "parent").get(pk=priority.pk)
    before = snapshot(priority, PRIORITY_FIELDS)
    title = _clean_title(title)
    if not title:
        raise ValidationError({"title": "Give the priority's title, as the plan words it."})
    number = (number or "").strip()
    old_number = priority.number
    if number != old_number:
        _check_number(number, board=priority.board, plan=priority.plan, parent=priority.parent, exclude_pk=priority.pk)
    priority.number, priority.title, priority.description = number, title, (description or "").strip()
    priority.full_clean(validate_constraints=False)
    priority.save()
    renumbered = []
    if number != old_number:
        for child in priority.children.order_by("position", "pk"):
            match = SUB_NUMBER.match(child.number)
            child.number = f"{number}.{match['own']}" if match else child.number
            child.save(update_fields=["number"])
            renumbered.append(child.number)
    diff = changes(before, snapshot(priority, PRIORITY_FIELDS))
    if diff:
        data = {"changes": diff}
        if renumbered:
            data["sub_priorities_renumbered"] = renumbered
        log_action("boards.priority.changed", actor=user, obj=priority, data=data)
    return priority


@transaction.atomic
def priority_move(*, user, priority: Priority, direction: str) -> Priority:
    """Move a priority one place up or down among its siblings (the plan's priorities, or its priority's
    sub-priorities): the keyboard's way to reorder a plan. At either end it stays where it is."""
    require_permission(user, "boards.manage_priorities", priority.board)
    if direction not in (UP, DOWN):
        raise ValidationError("Move a priority up or down.")
    lock_row(Board, priority.board_id)
    priority = Priority.objects.select_related("board", "plan", "parent").get(pk=priority.pk)
    siblings = list(
        _siblings(board=priority.board, plan=priority.plan, parent=priority.parent).order_by("position", "number")
    )
    before = [p.number for p in siblings]
    index = next(i for i, p in enumerate(siblings) if p.pk == priority.pk)
    other = index - 1 if direction == UP else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
    after = [p.number for p in siblings]
    if after != before:
        log_action("boards.priority.moved", actor=user, obj=priority, data={"before": before, "after": after})
    return next(p for p in siblings if p.pk == priority.pk)


# Progress ---------------------------------------------------------------------------------------------------


@transaction.atomic
def priority_progress_post(
    *,
    user,
    priority: Priority,
    rating: str,
    percent_complete: int,
    narrative: str = "",
    as_at: datetime.date | None = None,
) -> PriorityUpdate:
    """Report progress on a priority: its RAG rating, the share complete and what has happened, as at a date
    (today unless given; never a day still to come). Each report is kept as it was posted; the latest by its
    date is the priority's standing."""
    require_permission(user, "boards.manage_priorities", priority.board)
    if rating not in PriorityRating.values:
        raise ValidationError({"rating": "Choose red, amber, green or complete."})
    if isinstance(percent_complete, bool) or not isinstance(percent_complete, int) or not 0 <= percent_complete <= 100:
        raise ValidationError({"percent_complete": "Give the share complete as a whole number from 0 to 100."})
    if rating == PriorityRating.COMPLETE and percent_complete != 100:
        raise ValidationError(
            {"percent_complete": "A complete priority is 100% complete: rate it otherwise, or say 100."}
        )
    today = clock.today()
    as_at = as_at or today
    if as_at > today:
        raise ValidationError({"as_at": "Report progress as at today or an earlier day, not one still to come."})
    update = PriorityUpdate.objects.create(
        priority=priority,
        rating=rating,
        percent_complete=percent_complete,
        narrative=(narrative or "").strip(),
        as_at=as_at,
        recorded_by=user if getattr(user, "pk", None) else None,
    )
    log_action(
        "boards.priority.progress",
        actor=user,
        obj=priority,
        data={
            "summary": f"{PRIORITY_RATING_WORDS[rating]}, {percent_complete}% complete, as at {as_at:%-d %B %Y}",
            "narrative": update.narrative[:200],
        },
    )
    return update


# Reads ------------------------------------------------------------------------------------------------------


def plans_of(board: Board) -> list[BusinessPlan]:
    """The board's business plans, latest year first (one query)."""
    return list(BusinessPlan.objects.filter(board=board).order_by("-year_start"))


def plan_for_year(plans: list[BusinessPlan], year: int | None, *, today: datetime.date | None = None):
    """The plan for ``year`` (None when there is none); with no year, the plan for this financial year, else
    the latest one begun, else the first one to come. No queries."""
    if year is not None:
        return next((plan for plan in plans if plan.year_start == year), None)
    this_year = financial_year_start(today)
    begun = [plan for plan in plans if plan.year_start <= this_year]
    if begun:
        return max(begun, key=lambda plan: plan.year_start)
    return min(plans, key=lambda plan: plan.year_start) if plans else None


def latest_first(updates: list[PriorityUpdate]) -> list[PriorityUpdate]:
    """Progress updates, the latest first: by the date they are as at, then by when they were posted."""
    return sorted(updates, key=lambda u: (u.as_at, u.created_at, u.pk), reverse=True)


def plan_priorities(board: Board, plan: BusinessPlan | None, *, standing: bool = True) -> list[Priority]:
    """The plan's priorities (and, with ``standing``, the board's priorities in no year's plan, after them), in
    the plan's order: each priority followed by its sub-priorities. Each carries ``subs`` (its sub-priorities),
    ``progress`` (its updates, latest first) and ``latest`` (the first of them, or None). Two queries."""
    where = Q(plan=plan) if plan is not None else Q(pk__in=[])
    if standing:
        where |= Q(plan__isnull=True)
    rows = list(
        Priority.objects.filter(where, board=board)
        .select_related("plan")
        .prefetch_related(Prefetch("updates", queryset=PriorityUpdate.objects.select_related("recorded_by__person")))
        .order_by(F("plan_id").asc(nulls_last=True), "position", "number", "pk")
    )
    by_parent: dict[int | None, list[Priority]] = {}
    for row in rows:
        row.progress = latest_first(list(row.updates.all()))
        row.latest = row.progress[0] if row.progress else None
        by_parent.setdefault(row.parent_id, []).append(row)
    ordered = []
    for top in by_parent.get(None, []):
        top.subs = by_parent.get(top.pk, [])
        ordered.append(top)
        for sub in top.subs:
            sub.subs = []
            ordered.append(sub)
    return ordered
