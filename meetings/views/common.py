"""What the meetings pages share: finding the meeting or board the person may see, the agenda version."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from boards.models import Board
from core.views import require_perm

from ..models import Meeting
from ..services import AgendaConflict


def meeting_for(request, pk, perm="meetings.view_meeting") -> Meeting:
    """The meeting, if the user holds ``perm`` on it (404 if there is none, 403 if they may not)."""
    meeting = get_object_or_404(Meeting.objects.select_related("board", "venue", "contact_officer"), pk=pk)
    require_perm(request.user, perm, meeting)
    return meeting


def _board(request, slug, perm: str) -> Board:
    board = get_object_or_404(Board, slug=slug)
    require_perm(request.user, perm, board)
    return board


def _version(request) -> int:
    """The version of the agenda the change was made on; every change must say (see :func:`agenda_change`)."""
    value = request.POST.get("agenda_version", "")
    if not value.isdigit():
        raise AgendaConflict(AgendaConflict.out_of_date)
    return int(value)
