"""Pages for meetings, the agenda builder, papers, the public meeting page and the work programme.

Views are thin: check permission, validate, call a service, and answer htmx requests with the agenda
partial (so numbering and times update at once) or ordinary requests with a redirect.
"""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from boards.models import Board, Membership
from core import clock
from core.activity import log_action
from core.responses import inline_pdf
from core.views import apply_validation_error, require_perm

from . import lifecycle, scheduling, selectors, services
from .agenda import build_agenda
from .enums import MeetingKind, PackEdition
from .forms import (
    AgendaItemForm,
    AgendaTemplateItemForm,
    DeferForm,
    MeetingForm,
    PaperUploadForm,
    ReasonForm,
    SeriesForm,
    StandInForm,
    TimingForm,
    VenueForm,
    WithdrawForm,
    WorkProgrammeForm,
    lead_formset,
    leads_from,
)
from .models import AgendaItem, AgendaTemplateItem, Meeting, Paper, WorkProgrammeEntry
from .packs.selectors import latest_issued_pack, meeting_packs
from .services import AgendaConflict, AgendaItemGone
from .visibility import BOARD_READER, PUBLIC_READER, can_see
from .workdays import long_date, notice_warning


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


# Board meetings and meetings ---------------------------------------------------------------------------


@login_required
def board_meetings(request, slug):
    board = _board(request, slug, "boards.view_board_members")
    upcoming, past = selectors.board_meetings(user=request.user, board=board)
    awaiting = []
    if request.user.has_perm("meetings.manage_meeting", board):
        awaiting = list(lifecycle.awaiting_outcome(Meeting.objects.filter(board=board))[:20])
    return render(
        request,
        "meetings/board_meetings.html",
        {"board": board, "upcoming": upcoming, "past": past, "awaiting_outcome": awaiting},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request, slug):
    board = _board(request, slug, "meetings.manage_meeting")
    form = MeetingForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(user=request.user, board=board, **form.cleaned_data)
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(request, "Meeting created with the board's standing items. Now build its agenda.")
            return redirect("meetings:agenda_builder", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "board": board, "meeting": None})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = meeting_for(request, pk, "meetings.manage_meeting")
    form = MeetingForm(request.POST or None, instance=meeting, board=meeting.board)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(user=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(request, "Meeting details saved.")
            return redirect(meeting)
        meeting.refresh_from_db()
    return render(request, "meetings/meeting_form.html", {"form": form, "board": meeting.board, "meeting": meeting})


@login_required
def meeting_detail(request, pk):
    meeting = meeting_for(request, pk)
    agenda = build_agenda(meeting, reader=request.user)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "board": meeting.board,
            "agenda": agenda,
            "next_meetings": selectors.next_meetings_after(meeting=meeting),
            "revisions": list(meeting.revisions.order_by("-number")),
            "notice_warning": notice_warning(meeting),
            "today": clock.today(),
            "steps": lifecycle.steps(meeting),
            "may_approve": (
                meeting.board.agenda_needs_approval
                and not meeting.agenda_approved_at
                and not meeting.agenda_published_at
                and request.user.has_perm("meetings.approve_agenda", meeting)
            ),
        },
    )


@login_required
@require_POST
def agenda_approve(request, pk):
    """The chair approves the draft agenda (boards that ask for approval)."""
    meeting = meeting_for(request, pk)
    require_perm(request.user, "meetings.approve_agenda", meeting)
    try:
        services.agenda_approve(user=request.user, meeting=meeting)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, "Agenda approved: the coordinator can now publish it to members.")
    return redirect(meeting)


@login_required
@require_POST
def agenda_publish(request, pk):
    meeting = meeting_for(request, pk, "meetings.manage_meeting")
    first = meeting.agenda_published_at is None
    try:
        services.agenda_publish(user=request.user, meeting=meeting)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(
            request,
            "Agenda published: members have been sent a link."
            if first
            else "Members have been sent the agenda's revisions.",
        )
    return redirect(meeting)


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
    form = AgendaItemForm()
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
    form = AgendaItemForm(request.POST)
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


# Papers -----------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def paper_upload(request, pk, item_pk):
    # An item's lead may be a guest from outside the board: the permission to upload is about the item.
    item = get_object_or_404(
        AgendaItem.objects.select_related("meeting__board", "meeting__venue", "parent"), pk=item_pk, meeting_id=pk
    )
    meeting = item.meeting
    require_perm(request.user, "meetings.upload_paper", item)
    can_manage = request.user.has_perm("meetings.manage_meeting", meeting)
    can_view = request.user.has_perm("meetings.view_meeting", meeting)
    form = PaperUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            paper = services.paper_upload(
                user=request.user,
                item=item,
                upload=data["file"],
                title=data["title"],
                author=data["author"],
                author_organisation=data["author_organisation"],
                expected_version=_version(request),
            )
        except AgendaItemGone as e:
            messages.error(request, str(e))
            if can_manage:
                return redirect("meetings:agenda_builder", pk=meeting.pk)
            return redirect(meeting if can_view else "dashboard")
        except AgendaConflict as e:
            # The page (and the appendix letter it shows) was out of date: show the current one.
            messages.error(request, e.out_of_date)
            return redirect("meetings:paper_upload", pk=meeting.pk, item_pk=item.pk)
        except ValidationError as e:
            form.add_error("file", e)
        else:
            if paper.is_converting:
                messages.info(
                    request,
                    f"“{paper.title}” was uploaded and is being converted to PDF. The agenda shows when it is "
                    "ready, or why it could not be used.",
                )
            else:
                messages.success(request, f"“{paper.title}” uploaded ({paper.page_count} pages).")
            if paper.removed_content:
                messages.warning(
                    request,
                    f"For the readers' safety, this was taken out of “{paper.original_name}”: "
                    f"{paper.removed_content}. The rest of the paper is as it was sent.",
                )
            if can_manage:
                return redirect("meetings:agenda_builder", pk=meeting.pk)
            if can_view:
                return redirect(meeting)
            return redirect("meetings:paper_upload", pk=meeting.pk, item_pk=item.pk)
    agenda = build_agenda(meeting, reader=request.user)
    return render(
        request,
        "meetings/paper_upload.html",
        {
            "form": form,
            "item": item,
            "entry": agenda.entry_for(item.pk),
            "meeting": meeting,
            "board": meeting.board,
            "can_manage": can_manage,
            "can_view": can_view,
        },
    )


@login_required
@require_http_methods(["GET"])
def paper_status(request, pk, item_pk):
    """The htmx fragment showing an item's uploads that are converting or were refused; it polls itself
    while any is converting. Whoever may see the item sees it (its papers, once ready, are as visible)."""
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=item_pk, meeting_id=pk)
    if not can_see(request.user, item):
        raise PermissionDenied
    pending = list(item.papers.pending().order_by("pk"))
    return render(
        request,
        "meetings/partials/paper_status.html",
        {
            "meeting": item.meeting,
            "item": item,
            "pending": pending,
            "converting": any(p.is_converting for p in pending),
            "polling": request.GET.get("polling") == "1",
        },
    )


@require_http_methods(["GET"])
def paper_file(request, paper_pk):
    """Serve a paper's PDF after checking who may read it (Part II papers: the board's members only)."""
    paper = get_object_or_404(Paper.objects.select_related("item__meeting__board", "item__parent"), pk=paper_pk)
    if not can_see(request.user, paper):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('login')}?next={request.path}")
        raise PermissionDenied
    filename = "".join(c if c.isalnum() or c in " -_" else "-" for c in paper.title)[:80].strip() + ".pdf"
    if paper.item.confidential or (paper.item.parent_id and paper.item.parent.confidential):
        # Who read a Part II paper is part of the record: the board's coordinators can see the list.
        log_action("meetings.paper.opened", actor=request.user, obj=paper, data={"meeting": str(paper.item.meeting)})
    return inline_pdf(paper.file, filename=filename, missing="The file of this paper is missing.")


@login_required
@require_http_methods(["GET", "POST"])
@agenda_change
def paper_delete(request, pk, paper_pk):
    """Delete a draft's paper; once the agenda is part of the record, withdraw it with a reason."""
    meeting = meeting_for(request, pk, "meetings.manage_meeting")
    paper = get_object_or_404(Paper.objects.select_related("item"), pk=paper_pk, item__meeting=meeting)
    keeps_record = services.agenda_keeps_record(meeting)
    form = WithdrawForm(request.POST if request.method == "POST" else None) if keeps_record else None
    if request.method == "POST":
        if form is not None:
            form.is_valid()  # errors show against the field; the service decides
        try:
            services.paper_delete(
                user=request.user,
                paper=paper,
                reason=request.POST.get("reason", ""),
                expected_version=_version(request),
            )
        except ValidationError as e:
            if form is None:
                messages.error(request, " ".join(e.messages))
                return redirect("meetings:agenda_builder", pk=meeting.pk)
            apply_validation_error(form, e)
        else:
            verb = "withdrawn" if keeps_record else "removed"
            messages.success(request, f"“{paper.title}” {verb} from the agenda.")
            return redirect("meetings:agenda_builder", pk=meeting.pk)
    return render(
        request,
        "meetings/paper_delete.html",
        {"paper": paper, "meeting": meeting, "board": meeting.board, "keeps_record": keeps_record, "form": form},
        status=422 if request.method == "POST" else 200,
    )


# Public page ------------------------------------------------------------------------------------------


def meeting_public(request, pk):
    """The public face of a meeting: Part I items and papers only, once the agenda is published."""
    meeting = get_object_or_404(selectors.public_meetings(), pk=pk)
    agenda = build_agenda(meeting, reader=PUBLIC_READER)
    public_pack = latest_issued_pack(meeting=meeting, edition=PackEdition.PUBLIC)
    return render(
        request,
        "meetings/meeting_public.html",
        {
            "meeting": meeting,
            "agenda": agenda,
            "next_meetings": selectors.next_meetings_after(meeting=meeting),
            "public_pack": public_pack,
        },
    )


# Venues and the work programme -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def venues(request, slug):
    board = _board(request, slug, "meetings.manage_meeting")
    form = VenueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        venue = services.venue_save(user=request.user, board=board, **form.cleaned_data)
        messages.success(request, f"{venue} added.")
        return redirect("meetings:venues", slug=board.slug)
    return render(request, "meetings/venues.html", {"board": board, "form": form, "venues": board.venues.all()})


@login_required
@require_http_methods(["GET", "POST"])
def work_programme(request, slug):
    board = _board(request, slug, "boards.view_board_members")
    can_manage = request.user.has_perm("meetings.manage_meeting", board)
    form = WorkProgrammeForm(request.POST or None, board=board)
    if request.method == "POST":
        require_perm(request.user, "meetings.manage_meeting", board)
        if form.is_valid():
            entry = services.work_programme_add(user=request.user, board=board, **form.cleaned_data)
            messages.success(request, f"“{entry.topic}” added to the work programme.")
            return redirect("meetings:work_programme", slug=board.slug)
    entries = board.work_programme.select_related("meeting", "agenda_item__meeting").order_by(
        "agenda_item", "meeting__date", "created_at"
    )
    return render(
        request,
        "meetings/work_programme.html",
        {
            "board": board,
            "form": form,
            "entries": entries,
            "can_manage": can_manage,
        },
    )


@login_required
@require_POST
@agenda_change
def work_programme_pull(request, pk, entry_pk):
    meeting = meeting_for(request, pk, "meetings.manage_meeting")
    entry = get_object_or_404(WorkProgrammeEntry, pk=entry_pk, board=meeting.board)
    version = _version(request)
    try:
        services.work_programme_pull(user=request.user, entry=entry, meeting=meeting, expected_version=version)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, f"“{entry.topic}” added to the agenda.")
    return redirect("meetings:agenda_builder", pk=meeting.pk)


# The board's standing items ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def agenda_template(request, slug):
    board = _board(request, slug, "meetings.manage_meeting")
    form = AgendaTemplateItemForm(request.POST or None)
    if request.method == "POST":
        action, _, row_pk = request.POST.get("action", "").partition(":")
        if action in ("up", "down", "delete"):
            row = get_object_or_404(AgendaTemplateItem, pk=row_pk, board=board)
            try:
                if action == "delete":
                    services.agenda_template_item_delete(user=request.user, row=row)
                    messages.success(request, f"“{row.title}” will no longer be added to new agendas.")
                else:
                    services.agenda_template_item_move(user=request.user, row=row, direction=action)
            except ValidationError as e:
                messages.error(request, " ".join(e.messages))
            return redirect("meetings:agenda_template", slug=board.slug)
        if form.is_valid():
            row = services.agenda_template_item_add(user=request.user, board=board, **form.cleaned_data)
            messages.success(request, f"“{row.title}” will be added to new agendas.")
            return redirect("meetings:agenda_template", slug=board.slug)
    rows = list(board.agenda_template.order_by("at_end", "position", "pk"))
    return render(request, "meetings/agenda_template.html", {"board": board, "form": form, "rows": rows})


# Scheduling -------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def schedule_series(request, slug):
    """Fill in the pattern, check the dates in a preview, then confirm."""
    board = _board(request, slug, "meetings.manage_meeting")
    initial = {"contact_officer": request.user.person_id}
    form = SeriesForm(request.POST or None, board=board, initial=initial)
    if request.method == "POST" and "edit" not in request.POST and form.is_valid():
        kwargs = form.series_kwargs()
        if "confirm" in request.POST:
            try:
                meetings = scheduling.meeting_schedule_series(user=request.user, board=board, **kwargs)
            except ValidationError as e:
                apply_validation_error(form, e)
            else:
                messages.success(
                    request,
                    f"{len(meetings)} meetings scheduled, from {long_date(meetings[0].date)} "
                    f"to {long_date(meetings[-1].date)}.",
                )
                return redirect("meetings:board_meetings", slug=board.slug)
        else:
            rows = scheduling.series_preview(
                board=board,
                first_date=kwargs["first_date"],
                frequency=kwargs["frequency"],
                count=kwargs["count"],
                weekday_rule=kwargs["weekday_rule"],
                venues=kwargs["venues"],
                issue_notice=kwargs["issue_notice"],
            )
            return render(
                request,
                "meetings/scheduling/series_preview.html",
                {
                    "board": board,
                    "form": form,
                    "rows": rows,
                    "pattern": scheduling.describe_series(
                        first_date=kwargs["first_date"],
                        frequency=kwargs["frequency"],
                        weekday_rule=kwargs["weekday_rule"],
                    ),
                    "warning_count": sum(len(r.warnings) for r in rows),
                    "kind_label": MeetingKind(kwargs["kind"]).label,
                },
            )
    return render(request, "meetings/scheduling/series_form.html", {"board": board, "form": form})


STATUS_PAGES = {
    "cancel": {
        "service": scheduling.meeting_cancel,
        "title": "Cancel the meeting",
        "button": "Cancel the meeting",
        "danger": True,
        "explain": [
            "The meeting stays on the board's meetings page, marked as cancelled, with your reason.",
            "Members' calendars that subscribe to the portal show it as cancelled the next time they refresh.",
            "Its agenda and papers are kept. The board's members are e-mailed the news with your reason.",
        ],
        "done": (
            "The meeting on {date} is cancelled. Members have been e-mailed, and their calendars will show it as "
            "cancelled."
        ),
    },
    "postpone": {
        "service": scheduling.meeting_postpone,
        "title": "Postpone the meeting",
        "button": "Postpone the meeting",
        "danger": False,
        "explain": [
            "The meeting is marked as postponed, with your reason, until you give it a new date.",
            "Members' calendars that subscribe to the portal show it as tentative until then.",
            "Its agenda and papers are kept. The board's members are e-mailed the news with your reason.",
        ],
        "done": (
            "The meeting on {date} is postponed and members have been e-mailed. Give it a new date when one is agreed."
        ),
    },
}


def _status_page(request, pk, action: str):
    meeting = meeting_for(request, pk, "meetings.manage_meeting")
    page = STATUS_PAGES[action]
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            page["service"](user=request.user, meeting=meeting, reason=form.cleaned_data["reason"])
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(request, page["done"].format(date=long_date(meeting.date)))
            return redirect(meeting)
    return render(
        request,
        "meetings/scheduling/meeting_status.html",
        {"meeting": meeting, "board": meeting.board, "form": form, "page": page},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel_page(request, pk):
    return _status_page(request, pk, "cancel")


@login_required
@require_http_methods(["GET", "POST"])
def meeting_postpone_page(request, pk):
    return _status_page(request, pk, "postpone")


@login_required
@require_http_methods(["GET", "POST"])
def meeting_timing_page(request, pk):
    """Change the date, times or place of one meeting (a postponed one gets its new date here)."""
    meeting = meeting_for(request, pk, "meetings.manage_meeting")
    form = TimingForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        sequence = meeting.calendar_sequence
        try:
            scheduling.meeting_update_timing(user=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            if meeting.calendar_sequence == sequence:
                messages.info(request, "Nothing was changed: the date, time and place are as they were.")
                return redirect(meeting)
            messages.success(
                request,
                f"The meeting is now on {long_date(meeting.date)}, "
                f"{meeting.start_time:%H:%M}. Members have been e-mailed and their calendars will update.",
            )
            warning = notice_warning(meeting)
            if warning:
                messages.warning(request, warning)
            return redirect(meeting)
    return render(
        request, "meetings/scheduling/meeting_timing.html", {"meeting": meeting, "board": meeting.board, "form": form}
    )


@login_required
@require_POST
def meeting_mark_held(request, pk):
    meeting = meeting_for(request, pk, "meetings.manage_meeting")
    try:
        scheduling.meeting_mark_held(user=request.user, meeting=meeting)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, "The meeting is recorded as held.")
    return redirect(meeting)


# Deputies and substitutes ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def stand_ins(request, pk):
    """Who attends in a member's place at this meeting; the coordinator names anyone's, a member their own."""
    meeting = meeting_for(request, pk)
    can_manage = request.user.has_perm("meetings.manage_meeting", meeting)
    seats = Membership.objects.on_date(meeting.date).filter(board=meeting.board).select_related("person")
    if not can_manage:
        seats = seats.filter(person_id=request.user.person_id or 0)
    named = list(meeting.stand_ins.select_related("person", "in_place_of__person"))
    if request.method == "POST" and request.POST.get("remove"):
        stand_in = get_object_or_404(meeting.stand_ins, pk=request.POST["remove"])
        services.stand_in_remove(user=request.user, stand_in=stand_in)
        messages.success(request, f"{stand_in.person} is no longer attending in {stand_in.in_place_of.person}'s place.")
        return redirect("meetings:stand_ins", pk=meeting.pk)
    form = StandInForm(request.POST or None, meeting=meeting, seats=seats)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            stand_in = services.stand_in_name(
                user=request.user,
                meeting=meeting,
                in_place_of=data["in_place_of"],
                person=data["person"],
                kind=data["kind"],
            )
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(
                request,
                f"{stand_in.person} attends as {stand_in.get_kind_display().lower()} for {stand_in.in_place_of.person}"
                " and can read this meeting's papers until it is held.",
            )
            return redirect("meetings:stand_ins", pk=meeting.pk)
    context = {
        "meeting": meeting,
        "board": meeting.board,
        "form": form,
        "named": named,
        "can_manage": can_manage,
        "own_seats": {m.pk for m in seats},
    }
    return render(request, "meetings/stand_ins.html", context)
