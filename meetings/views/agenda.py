"""The agenda builder and its item pages (htmx partials, with plain-form fallbacks)."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from boards.selectors import people_suggested
from core.views import apply_validation_error

from .. import selectors, services
from ..agenda import Agenda, build_agenda
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
        "keeps_record": services.agenda_keeps_record(meeting),
        "withdrawn_packs": [p.issued for p in meeting_packs(meeting=meeting) if p.issued and p.issued.withdrawn_at],
        **extra,
    }


#: What the builder's live region says after a change, filled in with the item's title and its number as shown.
MOVED = "Moved “{title}” to item {number}"
ADDED = "Added “{title}” as item {number}"


def _announcement(agenda: Agenda, item_pk: int | None, template: str) -> str:
    entry = agenda.entry_for(item_pk) if item_pk else None
    return template.format(title=entry.item.title, number=entry.number) if entry else ""


def _agenda_response(
    request,
    meeting: Meeting,
    *,
    error: str = "",
    status: int = 200,
    focus: int | None = None,
    announce: tuple[str, int | None] | None = None,
):
    """The agenda list as an htmx partial, or a redirect back to the builder for a plain request.
    ``announce``: (what to say, about which item) for the page's live region, or as a message."""
    context = _builder_context(meeting, error=error, focus_item=focus) if request.htmx or announce else {}
    said = _announcement(context["agenda"], announce[1], announce[0]) if announce and not error else ""
    if request.htmx:
        context["announce"] = said
        return render(request, "meetings/partials/agenda_builder_list.html", context, status=status)
    if error:
        messages.error(request, error)
    elif said:
        messages.success(request, f"{said}.")
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
            # "Add below" and "Add a sub-item" without JavaScript: the form with its "Where" chosen.
            **_where(request.GET),
            notice_warning=notice_warning(meeting),
            topics=selectors.topics_to_schedule(board=meeting.board),
        ),
    )


def _where(data) -> dict:
    """The "Add an item" form's "Where" choice: "under:<id>" (a sub-item of that item), "after:<id>" (just
    after it), or nothing (the usual place), as ``where_kind`` and ``where_pk``."""
    kind, _, item_pk = data.get("where", "").partition(":")
    if kind in ("after", "under") and item_pk.isdigit():
        return {"where_kind": kind, "where_pk": int(item_pk)}
    return {"where_kind": "", "where_pk": None}


def _placement(request, pk) -> tuple[AgendaItem | None, AgendaItem | None]:
    """Where the new item goes: (main item to go under, item to follow)."""
    where = _where(request.POST)
    if where["where_kind"] == "under":
        return _item(request, pk, where["where_pk"]), None
    if where["where_kind"] == "after":
        return None, _item(request, pk, where["where_pk"])
    return None, None


@login_required
@require_POST
@agenda_change
def agenda_item_add(request, pk):
    meeting = meeting_for(request, pk, "meetings.manage_meeting")
    version = _version(request)
    form = AgendaItemForm(request.POST, council=is_council(meeting.board))
    leads = lead_formset(request.POST, board=meeting.board)
    parent, after = _placement(request, pk)
    if form.is_valid() and leads.is_valid():
        try:
            item = services.agenda_item_add(
                user=request.user,
                meeting=meeting,
                expected_version=version,
                parent=parent,
                after=after,
                leads=leads_from(leads),
                **form.cleaned_data,
            )
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            if request.htmx:
                response = _agenda_response(request, meeting, focus=item.pk, announce=(ADDED, item.pk))
                response["HX-Trigger"] = "agenda-item-added"
                return response
            messages.success(request, f"“{item.title}” added.")
            return redirect("meetings:agenda_builder", pk=meeting.pk)
    context = _builder_context(meeting, form=form, leads=leads, **_where(request.POST))
    if request.htmx:
        response = render(request, "meetings/partials/agenda_item_form.html", context, status=422)
        response["HX-Retarget"] = "#add-item-form"
        response["HX-Reswap"] = "outerHTML"
        return response
    return render(request, "meetings/agenda_builder.html", context, status=422)


@login_required
@require_GET
def agenda_people(request, pk):
    """What the item form's person pickers suggest for what has been typed (``q``): an htmx fragment.
    The board's people whose name matches, then anyone whose full name or e-mail address it is exactly."""
    meeting = meeting_for(request, pk, "meetings.manage_meeting")
    query = " ".join(request.GET.get("q", "").split())[:200]
    suggestions = people_suggested(board=meeting.board, query=query) if query else []
    return render(request, "meetings/partials/person_suggestions.html", {"suggestions": suggestions, "query": query})


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
    return _agenda_response(request, item.meeting, focus=item.pk, announce=(MOVED, item.pk))


@login_required
@require_POST
@agenda_change
def agenda_reorder(request, pk):
    meeting = meeting_for(request, pk, "meetings.manage_meeting")
    version = _version(request)
    layout = []
    moved = request.POST.get("moved", "")  # the item dragged, for the live region
    try:
        for entry in request.POST.getlist("order"):
            item_id, _, parent = entry.partition(":")
            layout.append((int(item_id), int(parent) if parent else None))
        services.agenda_reorder(user=request.user, meeting=meeting, layout=layout, expected_version=version)
    except (ValueError, ValidationError) as e:
        message = " ".join(e.messages) if isinstance(e, ValidationError) else "The new order could not be read."
        return _agenda_response(request, meeting, error=message)
    return _agenda_response(request, meeting, announce=(MOVED, int(moved) if moved.isdigit() else None))


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
