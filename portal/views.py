"""Pages that gather from several apps."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from boards import selectors as board_selectors
from meetings import selectors as meeting_selectors


@login_required
def dashboard(request):
    """Where a signed-in person starts: their boards and their next meetings."""
    return render(
        request,
        "portal/dashboard.html",
        {
            "my_boards": board_selectors.my_boards(user=request.user),
            "next_meetings": meeting_selectors.upcoming_meetings_for(user=request.user, limit=5),
        },
    )
