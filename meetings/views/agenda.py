"""The agenda builder and its item pages (htmx partials, with plain-form fallbacks)."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from core.views import apply_validation_error

from .. import selectors, services
from ..agenda import build_agenda
from ..forms import (
    AgendaItemForm,
    DeferForm,
    WithdrawForm,
    lead_formset,
    leads_from,
)
from ..models import AgendaItem, Meeting, Paper
from ..packs.selectors import meeting_packs
from ..parts import is_council
from ..services import AgendaConflict, AgendaItemGone
from ..visibility import BOARD_READER
from ..workdays import notice_warning
from .common import _version, meeting_for

# The agenda builder -----------------------------------------------------------------------------------


def _builder_context(meeting: Meeting, **extra) -> dict:
    meeting.refresh_from_db(fields=["agenda_version", "agenda_published_at", "agenda_revision"])
    return {
        "meeting": meeting,
        "board": meeting.board,
        "agenda": build_agenda(meeting, reader=BOARD_READER),
        "withdrawn_packs": [p.issued for p in meeting_packs(meeting=meeting) if p.issued and p.issued.withdrawn_at],
        **extra,
    }


def _agenda_response(request, meeting: Meeting, *, error: str = "", status: int = 200, focus: int | None = None):
    """The agenda list as an htmx partial, or a redirect back to the builder for a plain request."""
    if request.htmx:
        context = _builder_context(meeting, error=error, focus_item=focus)
        return render(request, "meetings/partials/agenda_builder_list.html", context, status=status)
    if error:
        messages.error(request, error)
    return redirect("meetings:agenda_builder", pk=meeting.pk)


def agenda_change(view):
    """A page that changes a meeting's agenda (``pk``). A change made on an agenda that has changed since,
    sent without its version, or to an item removed meanwhile, is refused and nothing is saved: htmx gets
    409 with the current agenda, a plain form a message on the builder."""

    @functools.wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        try:
            return view(request, pk, *args, **kwargs)
        except AgendaConflict as e:
            return _agenda_response(
                request, meeting_for(request, pk, "meetings.manage_meeting"), error=str(e), status=409
            )

    return wrapper


@login_required
def agenda_builder(request, pk):
    meeting = meeting_for(request, pk, "meetings.manage_meeting")
    form = AgendaItemForm(council=is_council(meeting.board))
    leads = lead_formset(board=meeting.board)
    return render(
        request,
        "meetings/agenda_builder.html",
        _builder_context(
            meeting,
            form=form,
            leads=leads,
            notice_warning=notice_warning(meeting),
            topics=selectors.topics_to_schedule(board=meeting.board),
        ),
    )


@login_required
@require_POST
@agenda_change
def agenda_item_add(request, pk):
    meeting = meeting_for(request, pk, "meetings.manage_meeting")
    version = _version(request)
    form = AgendaItemForm(request.POST, council=is_council(meeting.board))
    leads = lead_formset(request.POST, board=meeting.board)
    parent = None
    if request.POST.get("parent"):
        parent = _item(request, pk, request.POST["parent"])
    if form.is_valid() and leads.is_valid():
        try:
            item = services.agenda_item_add(
                user=request.user,
                meeting=meeting,
                expected_version=version,
                parent=parent,
                leads=leads_from(leads),
                **form.cleaned_data,
            )
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            if request.htmx:
                response = _agenda_response(request, meeting, focus=item.pk)
                response["HX-Trigger"] = "agenda-item-added"
                return response
            messages.success(request, f"“{item.title}” added.")
            return redirect("meetings:agenda_builder", pk=meeting.pk)
    context = _builder_context(meeting, form=form, leads=leads, selected_parent=request.POST.get("parent", ""))
    if request.htmx:
        response = render(request, "meetings/partials/agenda_item_form.html", context, status=422)
        response["HX-Retarget"] = "#add-item-form"
        response["HX-Reswap"] = "outerHTML"
        return response
    return render(request, "meetings/agenda_builder.html", context, status=422)


def _item(request, pk, item_pk) -> AgendaItem:
    """An item of the meeting; one no longer on it was deleted or deferred by someone else meanwhile."""
    meeting = meeting_for(request, pk, "meetings.manage_meeting")
    item = (
        AgendaItem.objects.select_related("meeting__board", "parent")
        .filter(pk=int(item_pk) if str(item_pk).isdigit() else None, meeting=meeting)
        .first()
    )
    if item is None:
        raise AgendaItemGone(AgendaItemGone.message)
    return item


@login_required
@require_http_methods(["GET", "POST"])
@agenda_change
def agenda_item_edit(request, pk, item_pk):
    item = _item(request, pk, item_pk)
    meeting = item.meeting
    version = _version(request) if request.method == "POST" else None
    form = AgendaItemForm(request.POST or None, instance=item, board=meeting.board)
    leads = lead_formset(request.POST or None, board=meeting.board, item=item)
    if request.method == "POST":
        if form.is_valid() and leads.is_valid():
            try:
                services.agenda_item_update(
                    user=request.user,
                    item=item,
                    expected_version=version,
                    leads=leads_from(leads),
                    **form.cleaned_data,
                )
            except ValidationError as e:
                apply_validation_error(form, e)
            else:
                if not request.htmx:
                    messages.success(request, f"“{item.title}” saved.")
                return _agenda_response(request, meeting, focus=item.pk)
        item.refresh_from_db()
    context = _builder_context(meeting, form=form, leads=leads, item=item)
    template = "meetings/partials/agenda_item_edit.html" if request.htmx else "meetings/agenda_item_edit_page.html"
    response = render(request, template, context, status=422 if request.method == "POST" else 200)
    if request.htmx and request.method == "POST":
        # The form with its errors replaces the form that was sent, not the whole agenda.
        response["HX-Retarget"] = f"#item-{item.pk}"
        response["HX-Reswap"] = "outerHTML"
    return response


@login_required
@require_http_methods(["GET", "POST"])
@agenda_change
def agenda_item_delete(request, pk, item_pk):
    """Delete a draft item; once the agenda is part of the record, withdraw it with a reason."""
    item = _item(request, pk, item_pk)
    meeting = item.meeting
    keeps_record = services.agenda_keeps_record(meeting)
    form = WithdrawForm(request.POST if request.method == "POST" else None) if keeps_record else None
    if request.method == "POST":
        title = item.title
        if form is not None:
            form.is_valid()  # errors show against the field; the service decides
        try:
            services.agenda_item_delete(
                user=request.user,
                item=item,
                expected_version=_version(request),
                reason=request.POST.get("reason", ""),
            )
        except ValidationError as e:
            if request.htmx or form is None:
                return _agenda_response(request, meeting, error=" ".join(e.messages), status=422)
            apply_validation_error(form, e)
        else:
            if not request.htmx:
                messages.success(request, f"“{title}” {'withdrawn' if keeps_record else 'deleted'}.")
            return _agenda_response(request, meeting)
    papers = Paper.objects.filter(Q(item=item) | Q(item__parent=item)).count()
    return render(
        request,
        "meetings/agenda_item_delete.html",
        {
            "meeting": meeting,
            "board": meeting.board,
            "item": item,
            "sub_items": item.children.count(),
            "papers": papers,
            "keeps_record": keeps_record,
            "form": form,
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
@agenda_change
def agenda_item_move(request, pk, item_pk, direction):
    item = _item(request, pk, item_pk)
    version = _version(request)
    try:
        services.agenda_item_move(user=request.user, item=item, direction=direction, expected_version=version)
    except ValidationError as e:
        return _agenda_response(request, item.meeting, error=" ".join(e.messages), focus=item.pk)
    return _agenda_response(request, item.meeting, focus=item.pk)


@login_required
@require_POST
@agenda_change
def agenda_reorder(request, pk):
    meeting = meeting_for(request, pk, "meetings.manage_meeting")
    version = _version(request)
    layout = []
    try:
        for entry in request.POST.getlist("order"):
            item_id, _, parent = entry.partition(":")
            layout.append((int(item_id), int(parent) if parent else None))
        services.agenda_reorder(user=request.user, meeting=meeting, layout=layout, expected_version=version)
    except (ValueError, ValidationError) as e:
        message = " ".join(e.messages) if isinstance(e, ValidationError) else "The new order could not be read."
        return _agenda_response(request, meeting, error=message)
    return _agenda_response(request, meeting)


@login_required
@require_http_methods(["GET", "POST"])
@agenda_change
def agenda_item_defer(request, pk, item_pk):
    item = _item(request, pk, item_pk)
    meeting = item.meeting
    version = _version(request) if request.method == "POST" else None
    form = DeferForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["to_meeting"]
        try:
            services.agenda_item_defer(user=request.user, item=item, to_meeting=target, expected_version=version)
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(
                request, f"“{item.title}” moved to the meeting on {target.date:%-d %B %Y}, with its papers."
            )
            return redirect("meetings:agenda_builder", pk=meeting.pk)
    return render(
        request,
        "meetings/agenda_item_defer.html",
        {"form": form, "item": item, "meeting": meeting, "board": meeting.board},
    )
