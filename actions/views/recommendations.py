"""The recommendation tracker's pages: a committee's monitoring table in the layout councils use (with the
overdue responses above it, and as CSV), a recommendation's page with its timeline and, for coordinators, the
forms that record progress and responses and set targets and officers, and entering one directly.

Reads and writes go through :mod:`actions.recommendations`; members read, coordinators write."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from core import clock
from core.spreadsheets import csv_response
from core.views import apply_validation_error, require_perm

from .. import recommendations as recs
from ..enums import RESPONDED_STATUSES, RecommendationStatus
from ..forms import RecommendationEditForm, RecommendationForm, RecommendationUpdateForm
from ..models import TrackedRecommendation
from .common import board_for

PER_PAGE = 50

STATUS_BADGES = {
    RecommendationStatus.NOT_YET_DUE: "text-bg-light border border-secondary",
    RecommendationStatus.AWAITING_RESPONSE: "text-bg-warning",
    RecommendationStatus.RESPONSE_RECEIVED: "text-bg-primary",
    RecommendationStatus.ACCEPTED: "text-bg-success",
    RecommendationStatus.PARTLY_ACCEPTED: "text-bg-info",
    RecommendationStatus.REJECTED: "text-bg-danger",
    RecommendationStatus.IMPLEMENTED: "text-bg-secondary",
}


@dataclass(frozen=True)
class Row:
    """What the monitoring table shows of one recommendation, worked out once."""

    update_text: str
    update_date: datetime.date | None
    update_is_response: bool
    status_text: str
    status_class: str
    overdue: bool


def present(rows, *, today: datetime.date | None = None) -> list[TrackedRecommendation]:
    """Attach ``shown`` (:class:`Row`) to each recommendation: its Update cell (the latest update with
    words, or else the response) and its Status cell. No queries beyond the prefetched updates."""
    today = today or clock.today()
    out = []
    for row in rows:
        update = recs.latest_update(row)
        if update is not None and update.text:
            text, day, is_response = update.text, timezone.localdate(update.created_at), False
        elif row.response:
            text, day, is_response = row.response, row.response_date, True
        else:
            text, day, is_response = "", None, False
        overdue = row.status not in RESPONDED_STATUSES and row.response_due < today
        row.shown = Row(
            update_text=text,
            update_date=day,
            update_is_response=is_response,
            status_text=recs.status_label(row, today=today),
            status_class="text-bg-danger" if overdue else STATUS_BADGES.get(row.status, "text-bg-light border"),
            overdue=overdue,
        )
        out.append(row)
    return out


def table_rows(board, user):
    """The committee's monitoring table (:func:`actions.recommendations.monitoring_rows`) as ``user`` may
    read it, with the minutes each minute belongs to for its link."""
    return recs.monitoring_rows(board).filter(recs.visible_recommendations_q(user)).select_related("minute__minutes")


@login_required
@require_GET
def recommendation_monitoring(request, slug):
    """The committee's monitoring table: every recommendation, completed ones too, oldest first, 50 to a
    page, with the responses that are overdue listed above it."""
    board = board_for(request, slug, "actions.view_action")
    today = clock.today()
    overdue = list(
        TrackedRecommendation.objects.filter(board=board)
        .filter(recs.overdue_q(today), recs.visible_recommendations_q(request.user))
        .order_by("response_due", "number")
        .only("pk", "board_id", "number", "text", "addressee", "response_due", "status")
    )
    paginator = Paginator(table_rows(board, request.user), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = present(page.object_list, today=today)
    return render(
        request,
        "actions/recommendations/monitoring.html",
        {
            "board": board,
            "page": page,
            "total": paginator.count,
            "overdue": overdue,
            "today": today,
            "can_manage": request.user.has_perm("actions.manage_action", board),
        },
    )


HEADER = [
    "No",
    "Date of recommendation",
    "Recommendation",
    "Addressed to",
    "Meeting",
    "Minute",
    "Target date",
    "Responsible officer",
    "Update",
    "Update date",
    "Response",
    "Response received",
    "Response due",
    "Status",
]


@login_required
@require_GET
def recommendation_monitoring_csv(request, slug):
    """Every row of the monitoring table as CSV (each cell escaped: :func:`core.spreadsheets.safe_cell`)."""
    board = board_for(request, slug, "actions.view_action")
    rows = []
    for row in present(table_rows(board, request.user)):
        shown = row.shown
        rows.append(
            [
                row.reference,
                row.made_on,
                row.text,
                row.addressee,
                row.meeting.date if row.meeting_id else "",
                row.minute.label if row.minute_id else "",
                row.target_label,
                row.officer_label,
                "" if shown.update_is_response else shown.update_text,
                None if shown.update_is_response else shown.update_date,
                row.response,
                row.response_date,
                row.response_due,
                shown.status_text,
            ]
        )
    filename = f"{board.slug}-recommendations-{clock.today():%Y-%m-%d}.csv"
    return csv_response(filename, HEADER, rows)


# A recommendation -----------------------------------------------------------------------------------------


def recommendation_for(request, pk: int, perm: str = "actions.view_action") -> TrackedRecommendation:
    row = get_object_or_404(
        TrackedRecommendation.objects.select_related("board", "meeting", "minute__minutes", "officer"), pk=pk
    )
    require_perm(request.user, perm, row.board)
    if not TrackedRecommendation.objects.filter(recs.visible_recommendations_q(request.user), pk=row.pk).exists():
        raise PermissionDenied("This recommendation was made in private (Part II).")
    return row


UPDATE, EDIT = "update", "edit"


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_detail(request, pk):
    """A recommendation: what, to whom, from which minute, its target, officer, response and status, and the
    timeline of its updates; for coordinators, the forms that record an update and set the details."""
    row = recommendation_for(request, pk)
    board = row.board
    may_manage = request.user.has_perm("actions.manage_action", board)
    update_form = edit_form = None
    if may_manage:
        posted = request.POST.get("form") if request.method == "POST" else None
        update_form = RecommendationUpdateForm(request.POST if posted == UPDATE else None, recommendation=row)
        edit_form = RecommendationEditForm(request.POST if posted == EDIT else None, recommendation=row)
    if request.method == "POST":
        require_perm(request.user, "actions.manage_action", board)
        form = edit_form if request.POST.get("form") == EDIT else update_form
        if form.is_valid():
            try:
                if form is edit_form:
                    recs.recommendation_edit(user=request.user, recommendation=row, **form.service_kwargs())
                    messages.success(request, f"Recommendation {row.reference} saved.")
                else:
                    update = recs.recommendation_update(user=request.user, recommendation=row, **form.service_kwargs())
                    if update.status_after != update.status_before:
                        messages.success(
                            request,
                            f"{row.reference} is now {update.get_status_after_display().lower()}: update recorded.",
                        )
                    else:
                        messages.success(request, f"Update recorded on {row.reference}.")
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                return redirect(row)
    present([row])
    updates = list(row.updates.select_related("author__person").order_by("created_at", "pk"))
    return render(
        request,
        "actions/recommendations/detail.html",
        {
            "rec": row,
            "board": board,
            "updates": updates,
            "update_form": update_form,
            "edit_form": edit_form,
            "may_manage": may_manage,
            "open_form": request.POST.get("form") if request.method == "POST" else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_create(request, slug):
    """A coordinator enters a recommendation directly (those resolved in the minutes are tracked by
    themselves)."""
    board = board_for(request, slug, "actions.manage_action")
    form = RecommendationForm(request.POST if request.method == "POST" else None, board=board)
    if request.method == "POST" and form.is_valid():
        try:
            row = recs.recommendation_create(user=request.user, board=board, **form.service_kwargs())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Recommendation {row.reference} entered.")
            return redirect(row)
    return render(request, "actions/recommendations/form.html", {"board": board, "form": form})
