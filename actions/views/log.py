"""The board's action log: filtered, sorted and paginated for its members, and downloaded as CSV or as an
Excel workbook with exactly the rows the filters choose (every page of them)."""

from __future__ import annotations

import io
import re

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from core import clock
from core.responses import NO_STORE
from core.spreadsheets import csv_response, safe_cell

from ..filters import SORTS, ActionLogFilter, sort_key
from ..selectors import overdue_q
from .common import actions_visible_to, board_for, present, with_latest_update_text

PER_PAGE = 25

#: The query parameters that narrow the log (the others: the page and the sort).
FILTERS = ("q", "status", "closed", "owner", "organisation", "meeting", "overdue", "due_from", "due_to")


def log_filter(request, board) -> ActionLogFilter:
    """The log's filters bound to the address (always bound: with nothing chosen, the open actions)."""
    return ActionLogFilter(request.GET, queryset=actions_visible_to(request.user).filter(board=board), board=board)


def _sort_links(request, current: str) -> list[dict]:
    """Each sortable column's link: the filters kept, back to the first page, the order reversed when it
    is the column sorted by already."""
    key, descending = sort_key(current)
    links = {}
    for column in SORTS:
        params = request.GET.copy()
        params.pop("page", None)
        if column == key:
            params["sort"] = column if descending else f"-{column}"
            state = "descending" if descending else "ascending"
        else:
            params["sort"] = column
            state = ""
        links[column] = {"query": params.urlencode(), "state": state}
    return links


@login_required
@require_GET
def board_action_log(request, slug):
    """The board's actions for its members: open ones unless asked for all, with filters, sorting, a count,
    25 to a page, and the downloads of the same rows."""
    board = board_for(request, slug, "actions.view_action")
    filterset = log_filter(request, board)
    actions = filterset.qs
    totals = actions.aggregate(total=Count("pk"), overdue=Count("pk", filter=overdue_q()))
    paginator = Paginator(actions, PER_PAGE)
    paginator.count = totals["total"]  # counted already, with the overdue ones
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = present(page.object_list)
    params = request.GET.copy()
    params.pop("page", None)
    filtered = any(params.get(name) for name in FILTERS)
    more_filters = any(params.get(name) for name in FILTERS if name not in ("q", "closed")) or "sort" in params
    return render(
        request,
        "actions/board_log.html",
        {
            "board": board,
            "filter": filterset,
            "form": filterset.form,
            "page": page,
            "total": totals["total"],
            "overdue": totals["overdue"],
            "filtered": filtered,
            "more_filters": more_filters,
            "showing_closed": filterset.showing_closed,
            "sort": filterset.sort_in_force,
            "sort_links": _sort_links(request, filterset.sort_in_force),
            "export_query": params.urlencode(),
            "can_manage": request.user.has_perm("actions.manage_action", board),
        },
    )


# Downloads ---------------------------------------------------------------------------------------------

HEADER = [
    "Reference",
    "Action",
    "Owners",
    "Owner names",
    "Raised at the meeting of",
    "Minute",
    "Due",
    "By the next meeting",
    "Status",
    "Reason",
    "RAG",
    "Last updated",
    "Latest update",
]


def export_rows(request, board) -> list[list]:
    """The rows of every page of the log as filtered and sorted, as the downloads write them."""
    actions = present(with_latest_update_text(log_filter(request, board).qs))
    rows = []
    for action in actions:
        shown = action.shown
        rows.append(
            [
                action.reference,
                action.text,
                shown.initials,
                shown.names,
                action.meeting.date if action.meeting_id else "Raised outside a meeting",
                action.minute.label if action.minute_id else "",
                getattr(action, "due_on", None),
                action.due_next_meeting,
                action.get_status_display(),
                action.status_reason,
                shown.rag_word + (" (set by hand)" if action.rag_override and not action.is_closed else ""),
                timezone.localdate(action.last_update_at) if action.last_update_at else None,
                action.latest_update_text or "",
            ]
        )
    return rows


def _filename(board, extension: str) -> str:
    return f"{board.slug}-actions-{clock.today():%Y-%m-%d}.{extension}"


@login_required
@require_GET
def board_action_log_csv(request, slug):
    board = board_for(request, slug, "actions.view_action")
    return csv_response(_filename(board, "csv"), HEADER, export_rows(request, board))


#: Characters an Excel workbook cannot hold (control characters): left out of the cell.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_WIDTHS = {"A": 10, "B": 60, "C": 12, "D": 30, "E": 14, "F": 12, "G": 12, "H": 10, "I": 12, "J": 30, "K": 14}


def xlsx_cell(value) -> str:
    """A value as the workbook's text: escaped like the CSV (:func:`core.spreadsheets.safe_cell`), so that
    text someone typed (``=HYPERLINK(...)``) is never a formula, and without control characters."""
    return _NOT_IN_XML.sub("", safe_cell(value))


@login_required
@require_GET
def board_action_log_xlsx(request, slug):
    import openpyxl  # only for the requests that write a workbook

    board = board_for(request, slug, "actions.view_action")
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Actions")
    for column, width in XLSX_WIDTHS.items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    sheet.append([xlsx_cell(v) for v in HEADER])
    for row in export_rows(request, board):
        sheet.append([xlsx_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=_filename(board, "xlsx"))
    response["Cache-Control"] = NO_STORE
    return response
