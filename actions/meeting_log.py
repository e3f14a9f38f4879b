"""The action log as it comes back to a meeting: the board's actions open at the meeting's date and those
completed or cancelled since its previous meeting, as rows a paper or a page can show.

One reading serves the generated paper in the pack (:class:`actions.packs.ActionLogSource`) and the live
table under the action log item on the meeting page (:func:`agenda_summary`), so both list the same actions
in the same order. Everything is worked out as at the meeting's date, not today: the paper must read the
same whenever the pack is built (its content is hashed for the pack's cache), so "overdue" means overdue by
the meeting. Three queries, whatever the number of actions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from core import clock
from meetings.enums import MeetingStatus
from meetings.models import Meeting

from .enums import CLOSED_STATUSES, ActionStatus, Rag
from .models import Action, ActionUpdate
from .selectors import AMBER_DAYS, action_list_queryset, owner_initials, rag_of, visible_actions_q

AGENDA_TEMPLATE = "actions/partials/agenda_action_log.html"


def long_date(day: datetime.date | None) -> str:
    """21 May 2015."""
    return f"{day.day} {day:%B %Y}" if day else ""


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The board's last meeting before this one (cancelled ones aside)."""
    return (
        Meeting.objects.filter(board_id=meeting.board_id, date__lt=meeting.date)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-date", "-start_time")
        .first()
    )


def _latest_update(field_name: str) -> Subquery:
    return Subquery(
        ActionUpdate.objects.filter(action_id=OuterRef("pk")).order_by("-created_at", "-pk").values(field_name)[:1]
    )


def _came_from(action: Action) -> str:
    """Where the action came from: "21 May 2015, minute 4", or "Raised outside a meeting, 3 June 2015"."""
    if action.meeting_id is None:
        return f"Raised outside a meeting, {long_date(timezone.localdate(action.created_at))}"
    day = long_date(action.meeting.date)
    minute = action.minute
    if minute is None:
        return day
    label = f"minute {minute.number}" if minute.number else minute.label
    return f"{day}, {label}"


def _due(action: Action) -> str:
    if action.due_next_meeting:
        return f"Next meeting ({long_date(action.due_on)})" if action.due_on else "Next meeting (not yet set)"
    return long_date(action.due_date) or "No date"


def _row(action: Action, *, as_at: datetime.date, amber_days: int, overdue: bool) -> dict[str, Any]:
    rag = rag_of(action, today=as_at, amber_days=amber_days)
    status = ActionStatus(action.status).label
    if action.status in CLOSED_STATUSES and action.closed_on:
        status = f"{status} {long_date(action.closed_on)}"
    # An update with no words of its own says what it did (its reason, unless the status column shows it).
    update_text = action.latest_update_text or ""
    if not update_text and action.latest_update_reason and action.latest_update_reason != action.status_reason:
        update_text = action.latest_update_reason
    if not update_text and action.latest_update_status:
        update_text = f"Status: {ActionStatus(action.latest_update_status).label}."
    return {
        "pk": action.pk,
        "reference": action.reference,
        "came_from": _came_from(action),
        "text": action.text,
        "owners": owner_initials(action),
        "due": _due(action),
        "due_on": action.due_on.isoformat() if action.due_on else None,
        "overdue": overdue,
        "status": action.status,
        "status_text": status,
        "status_reason": action.status_reason,
        "is_open": action.status not in CLOSED_STATUSES,
        "rag": str(rag),
        "rag_text": Rag(rag).label,
        "rag_override_reason": action.rag_override_reason if action.rag_override and rag == action.rag_override else "",
        "update_text": update_text,
        "update_on": (
            timezone.localdate(action.latest_update_at).isoformat() if action.latest_update_at is not None else None
        ),
        "update_date": long_date(timezone.localdate(action.latest_update_at)) if action.latest_update_at else "",
        "closed_at_meeting": long_date(action.closed_at_meeting.date) if action.closed_at_meeting_id else "",
    }


@dataclass
class MeetingActionLog:
    """The board's action log for one meeting: what is open at its date and what was closed since the last."""

    meeting: Meeting
    board_name: str
    as_at: datetime.date
    previous_date: datetime.date | None
    open: list[dict[str, Any]] = field(default_factory=list)
    completed: list[dict[str, Any]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.open or self.completed)

    def as_data(self) -> dict[str, Any]:
        """Everything the paper shows, as JSON-able data in a fixed order."""
        return {
            "board": self.board_name,
            "meeting": self.as_at.isoformat(),
            "previous": self.previous_date.isoformat() if self.previous_date else None,
            "open": self.open,
            "completed": self.completed,
        }


def meeting_action_log(meeting: Meeting, *, reader=None, public: bool = False) -> MeetingActionLog:
    """The actions to bring back to ``meeting``.

    Open: raised before the meeting (minuted at an earlier meeting, or raised outside one by its date) and
    not closed before its date — overdue first, then by due date. Completed since the last meeting: closed
    (completed or cancelled) after the board's previous meeting and by this one's date, or closed at this
    meeting, in the order they were closed.

    ``reader``: only the actions that reader may see (:func:`actions.selectors.visible_actions_q`); the
    members' pack passes none (it is read by those who read Part II). ``public``: none minuted in Part II.
    """
    as_at = meeting.date
    previous = previous_meeting(meeting)
    raised_before = Q(meeting__isnull=False, meeting__date__lt=as_at) | Q(
        meeting__isnull=True, created_at__date__lte=as_at
    )
    closed_here = Q(closed_at_meeting_id=meeting.pk)
    closed_since = Q(closed_on__lte=as_at)
    if previous is not None:
        closed_since &= Q(closed_on__gt=previous.date)
    completed_q = Q(status__in=CLOSED_STATUSES) & (closed_here | closed_since)
    open_q = raised_before & (~Q(status__in=CLOSED_STATUSES) | Q(closed_on__gt=as_at)) & ~closed_here
    actions = (
        action_list_queryset()
        .filter(board_id=meeting.board_id)
        .filter(open_q | completed_q)
        .filter(visible_actions_q(reader) if reader is not None else Q())
        .exclude(Q(minute__confidential=True) if public else Q(pk__in=[]))
        .annotate(
            latest_update_text=_latest_update("text"),
            latest_update_reason=_latest_update("reason"),
            latest_update_status=_latest_update("status_after"),
            latest_update_at=_latest_update("created_at"),
        )
        .order_by("number")
    )
    board = meeting.board
    amber_days = board.action_reminder_days or AMBER_DAYS
    log = MeetingActionLog(
        meeting=meeting,
        board_name=board.name,
        as_at=as_at,
        previous_date=previous.date if previous else None,
    )
    open_rows, completed_rows = [], []
    for action in actions:
        closed_by_then = action.status in CLOSED_STATUSES and (
            action.closed_at_meeting_id == meeting.pk or (action.closed_on and action.closed_on <= as_at)
        )
        if closed_by_then:
            row = _row(action, as_at=as_at, amber_days=amber_days, overdue=False)
            completed_rows.append((action.closed_on or as_at, action.number, row))
        else:
            # Open at the meeting's date (an action closed since then is listed as it stood, with its status now).
            overdue = action.due_on is not None and action.due_on < as_at
            row = _row(action, as_at=as_at, amber_days=amber_days, overdue=overdue)
            open_rows.append((not overdue, action.due_on or datetime.date.max, action.number, row))
    log.open = [entry[-1] for entry in sorted(open_rows, key=lambda entry: entry[:-1])]
    log.completed = [entry[-1] for entry in sorted(completed_rows, key=lambda entry: entry[:-1])]
    return log


def agenda_summary(meeting: Meeting, reader) -> tuple[str, dict[str, Any]] | None:
    """The live action log under the meeting's action log item, for readers who may see the board's actions
    (its members); coordinators may record an open action as closed at this meeting once it has begun.
    Nothing while the board has no actions to bring back."""
    board = meeting.board
    if reader is None or not reader.has_perm("actions.view_action", board):
        return None
    log = meeting_action_log(meeting, reader=reader)
    if not log:  # a board with no actions yet: nothing to show under the item
        return None
    may_close = (
        reader.has_perm("actions.manage_action", board)
        and meeting.status != MeetingStatus.CANCELLED
        and meeting.date <= clock.today()
    )
    return AGENDA_TEMPLATE, {"log": log, "meeting": meeting, "may_close": may_close}
