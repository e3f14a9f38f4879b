"""The board page's section about its actions (registered in :class:`actions.apps.ActionsConfig`)."""

from __future__ import annotations

from django.db.models import Count, Q

from ..enums import CLOSED_STATUSES
from ..models import Action, TrackedRecommendation
from ..selectors import overdue_q, with_due


def board_actions_section(*, board, user) -> tuple[str, dict] | None:
    """How many of the board's actions are open and overdue, and the way to its action log: for those who
    may read the log. A council or scrutiny committee, or a board that tracks recommendations, also gets the
    way to its monitoring table of recommendations."""
    if not user.has_perm("actions.view_action", board):
        return None
    counts = with_due(Action.objects.filter(board=board)).aggregate(
        open=Count("pk", filter=~Q(status__in=CLOSED_STATUSES)), overdue=Count("pk", filter=overdue_q())
    )
    return (
        "actions/partials/board_section.html",
        {
            "board": board,
            "open": counts["open"],
            "overdue": counts["overdue"],
            "recommendations": board.is_council_body or TrackedRecommendation.objects.filter(board=board).exists(),
        },
    )
