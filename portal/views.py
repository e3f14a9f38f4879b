"""Pages that gather from several apps."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.safestring import mark_safe

from actions.views.mine import my_actions_card
from boards import selectors as board_selectors
from boards.rules import coordinated_board_ids
from meetings import lifecycle
from meetings import selectors as meeting_selectors
from meetings.models import Meeting

from . import public
from .dashboard import dashboard_body


def home(request):
    """The address everyone starts at: the public front door, or, signed in, the person's dashboard."""
    if not request.user.is_authenticated:
        return public.front_door(request)
    return dashboard(request)


@login_required
def dashboard(request):
    """Where a signed-in person starts: their own open actions (overdue first, one tap to update each), their
    boards and their next meetings; for a coordinator, the meetings whose day has passed that still need
    recording as held or cancelled."""
    user = request.user

    def build() -> dict:
        coordinated = coordinated_board_ids(user) if user.person_id else set()
        awaiting = []
        if coordinated:
            meetings = Meeting.objects.filter(board_id__in=coordinated).select_related("board")
            awaiting = list(lifecycle.awaiting_outcome(meetings)[:10])
        return {
            "my_boards": board_selectors.my_boards(user=user),
            "next_meetings": meeting_selectors.upcoming_meetings_for(user=user, limit=5),
            "awaiting_outcome": awaiting,
            "my_actions": my_actions_card(user),
        }

    # The body is rendered from escaped templates only, so it is safe as it comes back from the cache.
    body = mark_safe(dashboard_body(user, build))  # noqa: S308
    return render(request, "portal/dashboard.html", {"body": body})
