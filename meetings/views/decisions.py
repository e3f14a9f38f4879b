"""The board's decision register: every decision in its minutes, with its register number, searchable and
filtered by meeting and year, for the board's members (the public reads the decisions of approved minutes on
each meeting's public page)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.formats import date_format
from django.views.decorators.http import require_GET

from core import clock
from core.spreadsheets import csv_response

from .. import selectors
from ..enums import MinutesStatus
from .common import _board

PER_PAGE = 25

#: Drafts (still being written, or out to members for comment) are marked "Draft" in the register.
DRAFT_STATUSES = (MinutesStatus.DRAFT, MinutesStatus.CIRCULATED)


class DecisionSearchForm(forms.Form):
    q = forms.CharField(label="Search the decisions", required=False, max_length=200)
    meeting = forms.TypedChoiceField(label="Meeting", required=False, coerce=int, empty_value=None)
    year = forms.TypedChoiceField(label="Year", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, meetings, years, **kwargs):
        super().__init__(*args, **kwargs)
        dates = ((m.pk, date_format(m.date, "j F Y")) for m in meetings)
        self.fields["meeting"].choices = [("", "All meetings"), *dates]
        self.fields["year"].choices = [("", "All years"), *((y, str(y)) for y in years)]

    def criteria(self) -> dict:
        """The search as the selector takes it; an invalid choice (an old link) searches everything."""
        if not self.is_valid():
            return {"query": self.data.get("q", "")[:200], "meeting_id": None, "year": None}
        data = self.cleaned_data
        return {"query": data["q"], "meeting_id": data["meeting"], "year": data["year"]}


#: Roman numerals up to 89: more than enough recommendations for one resolution.
ROMAN = ((50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _roman(number: int) -> str:
    """A recommendation's number as the minutes print it: i, ii, iii, iv ..."""
    out = ""
    for value, letters in ROMAN:
        count, number = divmod(number, value)
        out += letters * count
    return out


def _rows(decisions) -> list:
    for decision in decisions:
        minutes = decision.minute.minutes
        decision.is_draft = minutes.status in DRAFT_STATUSES
        decision.status_label = "Draft" if decision.is_draft else minutes.get_status_display()
    return decisions


def _search(request, board):
    meetings, years = selectors.decision_register_filters(board=board, user=request.user)
    form = DecisionSearchForm(request.GET or None, meetings=meetings, years=years)
    criteria = form.criteria() if request.GET else {"query": "", "meeting_id": None, "year": None}
    decisions = selectors.decisions_for_board(board=board, user=request.user, **criteria)
    return form, criteria, decisions, bool(meetings)


@login_required
@require_GET
def decision_register(request, slug):
    board = _board(request, slug, "meetings.view_decisions")
    form, criteria, decisions, any_decisions = _search(request, board)
    page = Paginator(decisions, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = _rows(list(page.object_list))
    context = {
        "board": board,
        "form": form,
        "page": page,
        "searching": any(v not in (None, "") for v in criteria.values()),
        "any_decisions": any_decisions,
        "can_manage": request.user.has_perm("meetings.manage_meeting", board),
    }
    template = "meetings/decisions/register_rows.html" if request.htmx else "meetings/decisions/register.html"
    return render(request, template, context)


@login_required
@require_GET
def decision_register_csv(request, slug):
    """The register as the page shows it (the same search), every row, as a spreadsheet."""
    board = _board(request, slug, "meetings.view_decisions")
    _form, _criteria, decisions, _any = _search(request, board)
    rows = (
        [
            d.register_number,
            d.minute.minutes.meeting.date.isoformat(),
            d.minute.number,
            d.minute.title,
            d.get_wording_display(),
            d.text,
            d.addressee,
            "\n".join(
                f"({_roman(i)}) {r.text}" + (f" (to {r.addressee})" if r.addressee else "")
                for i, r in enumerate(d.recommendations.all(), start=1)
            ),
            "Draft" if d.minute.minutes.status in DRAFT_STATUSES else d.minute.minutes.get_status_display(),
            "Part II" if d.minute.confidential else "",
        ]
        for d in decisions
    )
    header = ["Decision", "Meeting", "Minute", "Minute title", "Wording", "Text", "Addressed to", "Recommendations"]
    return csv_response(
        f"{board.slug}-decisions-{clock.today():%Y-%m-%d}.csv", [*header, "Status of the minutes", "Confidential"], rows
    )
