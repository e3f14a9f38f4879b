"""The scorecard on the web: the board's live scorecard for its members, and a meeting's scorecard as frozen
for its pack.

The live page shows every indicator's latest figure grouped by priority (the table the pack's paper uses),
each group's trend charts, the grid of ratings over the last eight periods, the attendance-by-organisation
chart of the attendance report, and the meetings with a frozen scorecard. A meeting's page shows what its
pack shows, marks the figures revised since, and lets the board's coordinators refresh it before the
meeting (the pack must then be built again). Both read a fixed number of queries, whatever the number of
indicators, areas and periods. Only the board's members see either page: to anyone else they do not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from boards.models import Board
from core import clock
from core.charts import KEEP_SECONDS, kept_svgs
from core.views import require_perm
from meetings.attendance import attendance_report, default_period, organisation_chart
from meetings.models import Meeting

from .. import selectors, services
from ..charts import rag_grids, scorecard_context
from ..models import ScorecardSnapshot
from ..scorecards import build_scorecard, revised_since

VIEW = "performance.view_indicator"
MANAGE = "performance.manage_indicator"


def _readable(user, board: Board) -> None:
    """Only the board's members read its scorecard; to anyone else there is no such page."""
    if not user.has_perm(VIEW, board):
        raise Http404("No scorecard here.")


@login_required
@require_GET
def board_scorecard(request, slug):
    board = get_object_or_404(Board, slug=slug)
    _readable(request.user, board)
    today = clock.today()
    card = build_scorecard(board, as_at=today)
    shown = scorecard_context(card, prefix="scorecard", trends=True)
    shown.pop("board")
    context = {
        **shown,
        "board": board,
        "board_slug": board.slug,
        "link_indicators": True,
        "grids": rag_grids(card),
        "meetings": selectors.scorecard_meetings(board, today),
        "keep_seconds": KEEP_SECONDS,
    }
    if request.user.has_perm("meetings.view_attendance", board):
        context["attendance"] = _attendance(board)
    return render(request, "performance/scorecard.html", context)


def _attendance(board: Board) -> dict:
    """This year's attendance by organisation with the attendance report's chart, kept between requests
    under the figures it draws."""
    period = default_period(board)
    report = attendance_report(board=board, period=period)
    target = board.attendance_target
    bars = [(line.name, line.tally.attended, line.tally.expected) for line in report.organisations]
    (chart,) = kept_svgs(
        [
            (
                ("attendance", "scorecard-attendance", period.label, target, bars),
                lambda: organisation_chart(report, target=target, chart_id="scorecard-attendance") or "",
            )
        ]
    )
    return {"period": period, "report": report, "target": target, "chart": chart}


@login_required
@require_http_methods(["GET", "POST"])
def meeting_scorecard(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("board"), pk=pk)
    board = meeting.board
    _readable(request.user, board)
    if request.method == "POST":
        require_perm(request.user, MANAGE, board)
        had_one = ScorecardSnapshot.objects.filter(meeting=meeting).exists()
        try:
            services.refresh_scorecard(user=request.user, meeting=meeting)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if had_one:
                done = (
                    "The scorecard is refreshed with the latest figures. Build the pack again so that it shows "
                    "them, and issue it again if it has gone out."
                )
            else:
                done = "The scorecard is frozen for this meeting: the pack shows these figures when it is built."
            messages.success(request, done)
        return redirect("performance:meeting_scorecard", pk=meeting.pk)

    snapshot = (
        ScorecardSnapshot.objects.filter(meeting=meeting)
        .select_related("created_by")
        .order_by("-created_at", "-pk")
        .first()
    )
    today = clock.today()
    context = {
        "meeting": meeting,
        "board": board,
        "board_slug": board.slug,
        "snapshot": snapshot,
        "can_manage": request.user.has_perm(MANAGE, board),
        "before_meeting": today < meeting.date,
        "today": today,
        "link_indicators": True,
    }
    if snapshot is not None:
        revised = revised_since(snapshot.content)
        shown = scorecard_context(snapshot.content, prefix="frozen", revised=revised)
        shown.pop("board")  # the board's name as frozen; the page names the board itself
        context.update(shown, revised=revised, grids=rag_grids(snapshot.content, prefix="frozen"))
    return render(request, "performance/meeting_scorecard.html", context)


urlpatterns = [
    path("boards/<slug:slug>/scorecard/", board_scorecard, name="scorecard"),
    path("meetings/<int:pk>/scorecard/", meeting_scorecard, name="meeting_scorecard"),
]
