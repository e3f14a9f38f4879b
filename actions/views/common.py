"""What the action pages share: finding the board or action the person may see, the actions they may list,
and what each row shows (owners' initials and names, when it is due, its RAG rating)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from boards.models import Board
from core import clock
from core.views import require_perm

from ..enums import ActionStatus, Rag
from ..models import Action, ActionUpdate
from ..selectors import action_list_queryset, is_overdue, owner_initials, owner_names, rag_of, visible_actions_q

#: The badge each RAG rating wears: a colour, always with its word (never colour alone).
RAG_BADGES = {
    Rag.RED: ("Red", "text-bg-danger"),
    Rag.AMBER: ("Amber", "text-bg-warning"),
    Rag.GREEN: ("Green", "text-bg-success"),
    Rag.COMPLETE: ("Complete", "text-bg-secondary"),
    Rag.CANCELLED: ("Cancelled", "text-bg-light border border-secondary"),
}

STATUS_BADGES = {
    ActionStatus.OPEN: "text-bg-light border border-secondary",
    ActionStatus.IN_PROGRESS: "text-bg-primary",
    ActionStatus.DEFERRED: "text-bg-warning",
    ActionStatus.COMPLETED: "text-bg-secondary",
    ActionStatus.CANCELLED: "text-bg-light border border-secondary",
}


def board_for(request, slug: str, perm: str) -> Board:
    """The board, if the user holds ``perm`` on it (404 if there is none, 403 if they may not)."""
    board = get_object_or_404(Board, slug=slug)
    require_perm(request.user, perm, board)
    return board


def action_for(request, pk: int, perm: str = "actions.view_action") -> Action:
    """The action with what its page shows, if the user holds ``perm`` on it."""
    action = get_object_or_404(listed().select_related("priority__plan"), pk=pk)
    require_perm(request.user, perm, action)
    return action


def listed() -> QuerySet[Action]:
    """Actions with all a list or page shows of them, in a fixed number of queries: owners, due date,
    where they came from (the minute and its minutes, for the link), and when they were last updated."""
    latest = ActionUpdate.objects.filter(action=OuterRef("pk")).order_by("-created_at", "-pk")
    return (
        action_list_queryset()
        .select_related("minute__minutes")
        .annotate(
            last_update_at=Subquery(latest.values("created_at")[:1]),
        )
    )


def actions_visible_to(user) -> QuerySet[Action]:
    """The actions the user may read (:func:`actions.selectors.visible_actions_q`): a list built on this
    never shows what an action's page would refuse."""
    return listed().filter(visible_actions_q(user))


def with_latest_update_text(queryset: QuerySet[Action]) -> QuerySet[Action]:
    latest = ActionUpdate.objects.filter(action=OuterRef("pk")).exclude(text="").order_by("-created_at", "-pk")
    return queryset.annotate(latest_update_text=Subquery(latest.values("text")[:1]))


@dataclass(frozen=True)
class Shown:
    """What a row or card shows of one action, worked out once."""

    initials: str
    names: str
    rag: str
    rag_word: str
    rag_class: str
    status_class: str
    overdue: bool
    due_text: str


def due_text(action: Action) -> str:
    due = getattr(action, "due_on", None)
    if action.due_next_meeting:
        return f"Next meeting ({due:%-d %b %Y})" if due else "Next meeting (date not yet set)"
    return f"{due:%-d %b %Y}" if due else "No date set"


def present(actions, *, today: datetime.date | None = None) -> list[Action]:
    """Attach ``shown`` (:class:`Shown`) to each action; no queries beyond those already made."""
    today = today or clock.today()
    out = []
    for action in actions:
        rag = rag_of(action, today=today)
        word, rag_class = RAG_BADGES[Rag(rag)]
        action.shown = Shown(
            initials=owner_initials(action),
            names=owner_names(action),
            rag=rag,
            rag_word=word,
            rag_class=rag_class,
            status_class=STATUS_BADGES.get(action.status, "text-bg-light border"),
            overdue=is_overdue(action, today=today),
            due_text=due_text(action),
        )
        out.append(action)
    return out
