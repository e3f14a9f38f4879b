"""Reminders about actions, sent by a daily job (Celery beat: :func:`actions.tasks.action_reminders_task`).

- An owner is e-mailed once when an action comes within the board's reminder window
  (``Board.action_reminder_days`` before its due date), and once a week while it is overdue.
- Each board's coordinators get a weekly digest: what is overdue, due soon, and done in the last week.

Each e-mail is recorded (:class:`~actions.models.ReminderSent`, :class:`~actions.models.DigestSent`, unique
per action and window, per board and week) in the same transaction that queues it, so the job is safe to
run twice, or on two workers at once: the second finds the record and sends nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse

from boards.enums import Role
from boards.models import Board, Membership
from core import clock
from core.activity import log_action
from core.mail import queue_email_on_commit
from core.permissions import SYSTEM

from .enums import CLOSED_STATUSES, ActionStatus
from .links import update_url
from .models import Action, DigestSent, ReminderSent
from .selectors import action_list_queryset, owner_initials

DUE_SOON = "due_soon"
OVERDUE = "overdue"


def _week(day: datetime.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _long(day: datetime.date | None) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}" if day else "the next meeting (date not yet set)"


def _address(person) -> str:
    user = getattr(person, "user", None)
    return (person.email or (user.email if user is not None and user.is_active else "")).strip()


@dataclass(frozen=True)
class Sent:
    reminders: int
    digests: int
    responses: int = 0


def _record(action: Action, kind: str, window: str) -> bool:
    """Record the reminder; False when it was already sent (by an earlier run, or a run alongside)."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(action=action, kind=kind, window=window)
    except IntegrityError:
        return False
    return True


def _reminder_body(action: Action, person, kind: str) -> str:
    site = settings.SITE_URL.rstrip("/")
    when = _long(action.due_on)
    lead = f"This action is overdue: it was due by {when}." if kind == OVERDUE else f"This action is due by {when}."
    return (
        f"{action.board.name}\n\n"
        f"{action.reference}: {action.text}\n"
        f"Owner{'s' if len(action.owner_rows.all()) > 1 else ''}: {owner_initials(action)}\n"
        f"Status: {action.get_status_display()}\n\n"
        f"{lead}\n\n"
        f"Post an update or mark it done (this link works for {settings.ACTION_LINK_MAX_AGE_DAYS} days, for this "
        f"action only, without signing in):\n{update_url(action, person)}\n\n"
        f"See the action in the portal:\n{site}{action.get_absolute_url()}\n"
    )


def _lines(rows) -> str:
    out = [f"- {a.reference} ({owner_initials(a)}, due {_long(a.due_on)}): {a.text[:150]}" for a in rows]
    return "\n".join(out) or "- none"


def reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mail the owners of actions due within their board's window, or overdue; returns how many e-mails."""
    today = today or clock.today()
    candidates = (
        action_list_queryset()
        .exclude(status__in=CLOSED_STATUSES)
        .filter(due_on__isnull=False, due_on__lte=today + datetime.timedelta(days=60))
        .prefetch_related("owner_rows__person__user")
        .order_by("pk")
    )
    sent = 0
    for action in candidates.iterator(chunk_size=500):
        due = action.due_on
        if due < today:
            kind, window = OVERDUE, _week(today)
        elif action.board.action_reminder_days and due <= today + datetime.timedelta(
            days=action.board.action_reminder_days
        ):
            kind, window = DUE_SOON, due.isoformat()
        else:
            continue
        if action.status == ActionStatus.DEFERRED and kind == DUE_SOON:
            continue
        with transaction.atomic():
            if not _record(action, kind, window):
                continue
            for row in action.owner_rows.all():
                address = _address(row.person)
                if not address:
                    continue
                subject = (
                    f"Overdue action {action.reference}: {action.board.display_short_name}"
                    if kind == OVERDUE
                    else f"Action {action.reference} due {due:%-d %B}: {action.board.display_short_name}"
                )
                queue_email_on_commit(subject=subject, body=_reminder_body(action, row.person, kind), to=[address])
                sent += 1
            log_action("actions.reminder.sent", actor=SYSTEM, obj=action, data={"kind": kind, "window": window})
    return sent


def digests_send(*, today: datetime.date | None = None) -> int:
    """Each board's coordinators, once a week: overdue actions, those due in the next fortnight, and those
    completed in the last week. Boards with no open actions get none."""
    today = today or clock.today()
    week = _week(today)
    done_since = today - datetime.timedelta(days=7)
    sent = 0
    boards = Board.objects.filter(actions__isnull=False).distinct().order_by("pk")
    for board in boards:
        actions = list(
            action_list_queryset()
            .filter(board=board)
            .filter(~Q(status__in=CLOSED_STATUSES) | Q(closed_on__gte=done_since))
            .order_by("number")
        )
        open_ = [a for a in actions if a.status not in CLOSED_STATUSES]
        if not open_:
            continue
        overdue = [a for a in open_ if a.due_on and a.due_on < today]
        soon = [a for a in open_ if a.due_on and today <= a.due_on <= today + datetime.timedelta(days=14)]
        done = [a for a in actions if a.status == ActionStatus.COMPLETED and a.closed_on and a.closed_on >= done_since]
        coordinators = [
            _address(seat.person)
            for seat in Membership.objects.current()
            .filter(board=board, role=Role.COORDINATOR)
            .select_related("person__user")
        ]
        coordinators = sorted({a for a in coordinators if a})
        if not coordinators:
            continue
        with transaction.atomic():
            try:
                with transaction.atomic():
                    DigestSent.objects.create(board=board, week=week)
            except IntegrityError:
                continue

            site = settings.SITE_URL.rstrip("/")
            body = (
                f"{board.name}: the action log this week\n\n"
                f"Overdue ({len(overdue)}):\n{_lines(overdue)}\n\n"
                f"Due in the next fortnight ({len(soon)}):\n{_lines(soon)}\n\n"
                f"Completed in the last week ({len(done)}):\n{_lines(done)}\n\n"
                f"{len(open_)} action{'s' if len(open_) != 1 else ''} open in all. The action log:\n"
                f"{site}{reverse('actions:board_action_log', args=[board.slug])}\n"
            )
            queue_email_on_commit(
                subject=f"Action log this week: {board.display_short_name} ({len(overdue)} overdue)",
                body=body,
                to=coordinators,
            )
            sent += 1
    return sent


def reminders_run(*, today: datetime.date | None = None) -> Sent:
    """The daily job: owners' reminders, the coordinators' weekly digests, responses due to committees."""
    from .recommendations import response_reminders_send

    return Sent(
        reminders=reminders_send(today=today),
        digests=digests_send(today=today),
        responses=response_reminders_send(today=today),
    )
