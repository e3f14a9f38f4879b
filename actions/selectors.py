"""Reads of the action log: when each action is due (a date, or the date of the next meeting), its RAG
rating, the board's log and a person's own actions, each in a fixed number of queries whatever the size."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, DateField, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from boards.models import Board
from core import clock
from meetings.enums import MeetingStatus
from meetings.models import Meeting

from .enums import CLOSED_STATUSES, ActionStatus, Rag
from .models import Action, ActionOwner

#: Within this many days of its due date an open action is amber, when the board sets no reminder window.
AMBER_DAYS = 14


def next_meeting_date_subquery():
    """The date of the board's first meeting after the one the action came from (or after it was raised),
    cancelled meetings aside: "by the next meeting" means by then."""
    after = Coalesce(OuterRef("meeting__date"), OuterRef("created_at__date"), output_field=DateField())
    return Subquery(
        Meeting.objects.filter(board_id=OuterRef("board_id"), date__gt=after)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("date", "start_time")
        .values("date")[:1],
        output_field=DateField(),
    )


def with_due(queryset: QuerySet[Action]) -> QuerySet[Action]:
    """Annotate ``due_on``: the due date, or the next meeting's date for "by the next meeting" (None while
    that meeting is not yet scheduled)."""
    return queryset.annotate(
        due_on=Case(
            When(due_date__isnull=False, then=F("due_date")),
            When(due_next_meeting=True, then=next_meeting_date_subquery()),
            default=Value(None),
            output_field=DateField(),
        )
    )


def rag_of(action: Action, *, today: datetime.date | None = None, amber_days: int | None = None) -> str:
    """The action's RAG rating: closed ones are complete or cancelled; an override holds while it is open;
    otherwise red when overdue, amber when deferred or due within the board's reminder window, else green."""
    if action.status == ActionStatus.COMPLETED:
        return Rag.COMPLETE
    if action.status == ActionStatus.CANCELLED:
        return Rag.CANCELLED
    if action.rag_override:
        return action.rag_override
    today = today or clock.today()
    due = getattr(action, "due_on", None) if hasattr(action, "due_on") else action.due_date
    if due is not None and due < today:
        return Rag.RED
    if action.status == ActionStatus.DEFERRED:
        return Rag.AMBER
    window = amber_days if amber_days is not None else (action.board.action_reminder_days or AMBER_DAYS)
    if due is not None and due <= today + datetime.timedelta(days=window):
        return Rag.AMBER
    return Rag.GREEN


def is_overdue(action: Action, *, today: datetime.date | None = None) -> bool:
    due = getattr(action, "due_on", None)
    return action.status not in CLOSED_STATUSES and due is not None and due < (today or clock.today())


def overdue_q(today: datetime.date | None = None) -> Q:
    """For a queryset annotated by :func:`with_due`."""
    return Q(due_on__lt=today or clock.today()) & ~Q(status__in=CLOSED_STATUSES)


def action_list_queryset() -> QuerySet[Action]:
    return with_due(
        Action.objects.select_related("board", "meeting", "minute", "closed_at_meeting").prefetch_related(
            Prefetch("owner_rows", queryset=ActionOwner.objects.select_related("person__organisation"))
        )
    )


def board_actions(board: Board) -> QuerySet[Action]:
    return action_list_queryset().filter(board=board)


def actions_of_person(person_id: int, *, board_ids=None) -> QuerySet[Action]:
    """A person's own actions (as an owner), on the boards given (all when None), overdue first, then by due
    date (undated last)."""
    qs = action_list_queryset().filter(owner_rows__person_id=person_id)
    if board_ids is not None:
        qs = qs.filter(board_id__in=board_ids)
    return qs.distinct()


def my_open_actions(user) -> QuerySet[Action]:
    """The signed-in person's open actions across every board, overdue first, then soonest due."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return Action.objects.none()
    return (
        actions_of_person(person_id)
        .exclude(status__in=CLOSED_STATUSES)
        .order_by(F("due_on").asc(nulls_last=True), "board__name", "number")
    )


def owner_initials(action: Action) -> str:
    rows = sorted(action.owner_rows.all(), key=lambda row: (row.position, row.pk))
    return "/".join(row.person.initials or row.person.last_name for row in rows)


def owner_names(action: Action) -> str:
    rows = sorted(action.owner_rows.all(), key=lambda row: (row.position, row.pk))
    return ", ".join(row.person.full_name for row in rows)


def visible_actions_q(user) -> Q:
    """Which actions ``user`` may read, as a filter (the one rule for lists, pages, exports and the agenda).

    A board's actions are read by those with a seat on it, as its meetings are (meetings.visibility); an
    action minuted under a Part II minute only by those who read Part II there (not observers). Owners
    always read their own actions. Site administrators read everything."""
    from django.db.models import Exists

    from meetings.visibility import Visibility, access_for

    access = access_for(user)
    if access.everything:
        return Q()
    q = Q(pk__in=[])
    full = access.boards_at(Visibility.CONFIDENTIAL)
    members_only = access.boards_at(Visibility.MEMBERS)
    if full:
        q |= Q(board_id__in=full)
    if members_only:
        q |= Q(board_id__in=members_only) & ~Q(minute__confidential=True)
    if access.person_id:
        q |= Q(Exists(ActionOwner.objects.filter(action=OuterRef("pk"), person_id=access.person_id)))
    return q


def can_see_action(user, action: Action) -> bool:
    if action is None or action.pk is None:
        return False
    return Action.objects.filter(visible_actions_q(user), pk=action.pk).exists()


# Completed on time ----------------------------------------------------------------------------------------

#: How :func:`on_time_share` counts, in words for the pages that show it.
ON_TIME_RULE = (
    "An action counts as completed on time when it was completed on or before the day it was due (for “by the "
    "next meeting”, that meeting's date); one completed with no due date counts as on time. Open, deferred and "
    "late actions count against it; cancelled actions are left out."
)


@dataclass(frozen=True)
class OnTime:
    """How many of some actions were completed on time, out of how many counted (cancelled ones left out)."""

    on_time: int
    counted: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.on_time / self.counted) if self.counted else None


def completed_on_time(action: Action) -> bool:
    """Completed, on or before its due date (``due_on`` when annotated by :func:`with_due`); completed with no
    due date is on time, there being no date to miss."""
    if action.status != ActionStatus.COMPLETED or action.closed_on is None:
        return False
    due = action.due_on if hasattr(action, "due_on") else action.due_date
    return due is None or action.closed_on <= due


def on_time_share(actions) -> OnTime:
    """Of ``actions`` (cancelled ones left out), how many were completed on time. No queries."""
    counted = [action for action in actions if action.status != ActionStatus.CANCELLED]
    return OnTime(on_time=sum(completed_on_time(action) for action in counted), counted=len(counted))
