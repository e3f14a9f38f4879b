"""Pages for a board's meetings: details, life cycle, scheduling, the public page, venues, the work
programme, standing items, deputies and substitutes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from boards.models import Membership
from boards.selectors import member_recipients
from core import clock
from core.activity import entries_for_page
from core.views import apply_validation_error, require_perm

from .. import lifecycle, scheduling, selectors, services
from ..agenda import build_agenda
from ..enums import MeetingKind, PackEdition
from ..forms import (
    AgendaTemplateItemForm,
    MeetingForm,
    ReasonForm,
    SeriesForm,
    StandInForm,
    TimingForm,
    VenueForm,
    WorkProgrammeForm,
)
from ..models import AgendaTemplateItem, Meeting, WorkProgrammeEntry
from ..packs.selectors import latest_issued_pack, members_pack_notice
from ..packs.services import pack_recipients
from ..visibility import PUBLIC_READER
from ..workdays import long_date, notice_warning
from .agenda import agenda_change
from .attendance import meeting_attendance_context
from .common import _board, _version, meeting_for
from .public_minutes import public_minutes_context

# Board meetings and meetings ---------------------------------------------------------------------------


#: Past meetings on each page of a board's meetings: the list goes back as far as the board's history.
PAST_MEETINGS_PER_PAGE = 25
#: Changes since publication the meeting's page lists, the latest first; the rest are on their own page.
REVISIONS_SHOWN = 5
REVISIONS_PER_PAGE = 50


@login_required
def board_meetings(request, slug):
    """Upcoming meetings, then past ones a page at a time, the latest first."""
    board = _board(request, slug, "boards.view_board_members")
    today = clock.today()
    visible = selectors.meetings_visible_to(user=request.user).filter(board=board)
    upcoming = list(visible.filter(date__gte=today).order_by("date", "start_time"))
    past = Paginator(visible.filter(date__lt=today).order_by("-date", "-start_time", "-pk"), PAST_MEETINGS_PER_PAGE)
    awaiting = []
    if request.user.has_perm("meetings.manage_meeting", board):
        awaiting = list(lifecycle.awaiting_outcome(Meeting.objects.filter(board=board))[:20])
    return render(
        request,
        "meetings/board_meetings.html",
        {
            "board": board,
            "upcoming": upcoming,
            "page": past.get_page(request.GET.get("page")),
            "awaiting_outcome": awaiting,
        },
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
            if meeting.is_informal:
                messages.success(request, "Informal session created, with an empty agenda. Now build its agenda.")
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
    members_pack, pack_due = members_pack_notice(meeting=meeting)
    attendance = meeting_attendance_context(meeting, request.user, agenda)
    revisions = list(meeting.revisions.order_by("-number")[: REVISIONS_SHOWN + 1])
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            **attendance,
            "meeting": meeting,
            "board": meeting.board,
            "agenda": agenda,
            "next_meetings": selectors.next_meetings_after(meeting=meeting),
            "revisions": revisions[:REVISIONS_SHOWN],
            "more_revisions": len(revisions) > REVISIONS_SHOWN,
            "withdrawn_items": selectors.withdrawn_items(meeting=meeting, user=request.user),
            "members_pack": members_pack,
            "pack_due": pack_due,
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
@require_GET
def meeting_revisions(request, pk):
    """Every change made to the agenda since it was published, the latest first, a page at a time: for those
    who read the meeting's page."""
    meeting = meeting_for(request, pk)
    revisions = Paginator(meeting.revisions.order_by("-number"), REVISIONS_PER_PAGE)
    return render(
        request,
        "meetings/meeting_revisions.html",
        {"meeting": meeting, "board": meeting.board, "page": revisions.get_page(request.GET.get("page"))},
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
@require_http_methods(["GET", "POST"])
def agenda_publish(request, pk):
    """GET: the e-mail that publishing would send, who receives it and who will not be told. POST: send it."""
    meeting = meeting_for(request, pk, "meetings.manage_meeting")
    first = meeting.agenda_published_at is None
    if request.method == "GET":
        subject, body = services.agenda_publish_preview(meeting)
        return render(
            request,
            "meetings/send_preview.html",
            {
                "meeting": meeting,
                "board": meeting.board,
                "title": "Publish the agenda" if first else "Send the agenda's changes",
                "subject": subject,
                "body": body,
                "recipients": member_recipients(board=meeting.board),
                "action": "Publish the agenda to members" if first else "Send the changes to members",
                "posting_list": "agenda",
            },
        )
    try:
        services.agenda_publish(user=request.user, meeting=meeting)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        told = member_recipients(board=meeting.board)
        text = (
            "Agenda published: members have been sent a link."
            if first
            else "Members have been sent the agenda's revisions."
        )
        if told.not_told:
            text += f" {len(told.not_told)} without an e-mail address were not told: post them the printed list."
        messages.success(request, text)
    return redirect(meeting)


@login_required
@require_GET
def posting_list(request, pk):
    """A printable list of the members an e-mail cannot reach, to send them the agenda or pack by post."""
    meeting = meeting_for(request, pk, "meetings.manage_meeting")
    for_pack = request.GET.get("for") == "pack"
    recipients = pack_recipients(meeting) if for_pack else member_recipients(board=meeting.board)
    return render(
        request,
        "meetings/posting_list.html",
        {
            "meeting": meeting,
            "board": meeting.board,
            "people": recipients.not_told,
            "what": "the agenda pack (members' edition)" if for_pack else "the agenda",
        },
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
            "previous_public": selectors.public_neighbour(meeting, later=False),
            "next_public": selectors.public_neighbour(meeting, later=True),
            **public_minutes_context(meeting),
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
            try:
                entry = services.work_programme_add(user=request.user, board=board, **form.entry_kwargs())
            except ValidationError as e:
                apply_validation_error(form, e)
            else:
                messages.success(request, f"“{entry.topic}” added to the work programme: {entry.when}.")
                return redirect("meetings:work_programme", slug=board.slug)
    return render(
        request,
        "meetings/work_programme.html",
        {
            "board": board,
            "form": form,
            "groups": selectors.work_programme(board=board),
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


@login_required
@require_http_methods(["GET", "POST"])
def agenda_template_item_edit(request, slug, row_pk):
    """Change a standing item: its wording, time, lead, document, and whether it comes before or after the
    business items."""
    board = _board(request, slug, "meetings.manage_meeting")
    row = get_object_or_404(AgendaTemplateItem, pk=row_pk, board=board)
    initial = {name: getattr(row, name) for name in services.TEMPLATE_ITEM_FIELDS}
    form = AgendaTemplateItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_template_item_update(user=request.user, row=row, **form.cleaned_data)
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(request, f"“{row.title}” saved: new agendas will have it as it is now.")
            return redirect("meetings:agenda_template", slug=board.slug)
    return render(request, "meetings/agenda_template_item_edit.html", {"board": board, "row": row, "form": form})


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


@login_required
@require_http_methods(["GET"])
def meeting_history(request, pk):
    """What happened to this meeting, its agenda, papers, packs and stand-ins, and who read its confidential
    material: the activity log, for the board's coordinators."""
    meeting = meeting_for(request, pk, "meetings.manage_meeting")
    entries = selectors.meeting_activity(meeting=meeting).select_related("actor__person")
    return render(
        request,
        "meetings/meeting_history.html",
        {"meeting": meeting, "board": meeting.board, "page": entries_for_page(entries, request.GET.get("page"))},
    )
