"""Pages for meetings and agendas."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from . import selectors


@login_required
def meeting_detail(request, pk):
    meeting = get_object_or_404(selectors.meetings_visible_to(user=request.user), pk=pk)
    return render(request, "meetings/meeting_detail.html", {"meeting": meeting})


@login_required
def board_meetings(request, slug):
    from django.core.exceptions import PermissionDenied

    from boards.models import Board

    board = get_object_or_404(Board, slug=slug)
    if not request.user.has_perm("boards.view_board_members", board):
        raise PermissionDenied
    meetings = selectors.meetings_visible_to(user=request.user).filter(board=board).order_by("-date")
    return render(request, "meetings/board_meetings.html", {"board": board, "meetings": meetings})
