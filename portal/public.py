"""The public front door: what anyone may read without signing in. Boards, who sits on them (names, roles and
organisations; never contact details), when they meet, and each published meeting's Part I face."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Min, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from boards import selectors as board_selectors
from boards.models import Board
from core import clock
from meetings import selectors as meeting_selectors
from meetings.enums import MeetingStatus
from meetings.models import Meeting

PAST_PER_PAGE = 12


@require_safe
def front_door(request):
    """Every board, with its next meeting date: the way in for the public, and for members before they sign in."""
    today = clock.today()
    boards = Board.objects.annotate(
        next_meeting=Min(
            "meetings__date",
            filter=Q(meetings__date__gte=today) & ~Q(meetings__status=MeetingStatus.CANCELLED),
        )
    ).order_by("name")
    return render(request, "portal/front_door.html", {"boards": boards})


@require_safe
def public_board(request, slug):
    board = get_object_or_404(Board, slug=slug)
    today = clock.today()
    roster = board_selectors.board_roster(board=board)
    upcoming = list(
        Meeting.objects.filter(board=board, date__gte=today).select_related("venue").order_by("date", "start_time")[:6]
    )
    published = set(
        meeting_selectors.public_meetings().filter(pk__in=[m.pk for m in upcoming]).values_list("pk", flat=True)
    )
    for meeting in upcoming:
        meeting.is_public = meeting.pk in published
    past = meeting_selectors.public_meetings().filter(board=board, date__lt=today).order_by("-date", "-start_time")
    feed = settings.SITE_URL.rstrip("/") + reverse("meetings:board_calendar", args=[board.slug])
    return render(
        request,
        "portal/public_board.html",
        {
            "board": board,
            "roster": roster,
            "upcoming": upcoming,
            "past": Paginator(past, PAST_PER_PAGE).get_page(request.GET.get("page")),
            "calendar": feed,
            "webcal": "webcal://" + feed.split("://", 1)[-1],
        },
    )
