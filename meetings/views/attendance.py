"""Pages for attendance: the register, members' apologies, declarations of interest, registers of interests
and the attendance report (with its CSV and chart)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from boards.models import Membership, Person
from core import clock
from core.spreadsheets import csv_response
from core.views import apply_validation_error, require_perm

from .. import services
from ..agenda import build_agenda
from ..attendance import (
    FORMULA,
    apologies_in_force,
    attendance_report,
    custom_period,
    default_period,
    may_still_send_apologies,
    organisation_chart,
    own_seat_on,
    period_choices,
    register_for,
    register_summary,
)
from ..enums import COUNCIL_BOARD_KINDS, InterestType, MeetingStatus, Standing, StandInKind, interest_types_for
from ..forms import (
    ApologyForm,
    AttendeeForm,
    DeclarationForm,
    InterestEndForm,
    InterestForm,
    PeriodForm,
    RegisterForm,
)
from ..models import AgendaItem, Attendance, Declaration, RegisteredInterest, StandIn
from ..visibility import BOARD_READER
from .common import _board, meeting_for

# The register ----------------------------------------------------------------------------------------------


def _numbered_items(meeting) -> list[tuple[AgendaItem, str]]:
    """The agenda's items with their numbers, in order (the register's "arrived / left during" choices)."""
    return [(entry.item, entry.number) for entry in build_agenda(meeting, reader=BOARD_READER).flat()]


def _candidates(register) -> dict[int, list[Person]]:
    """Who may be chosen as attending in each member's place: their named deputy, whoever was named or
    recorded for the meeting, and the people of the organisation the seat represents. One query."""
    wanted_ids: set[int] = set()
    organisation_ids: set[int] = set()
    for line in register.members:
        if line.seat.deputy_id:
            wanted_ids.add(line.seat.deputy_id)
        if line.in_place_person is not None:
            wanted_ids.add(line.in_place_person.pk)
        if line.seat.organisation_id:
            organisation_ids.add(line.seat.organisation_id)
    people = list(
        Person.objects.filter(Q(pk__in=wanted_ids) | Q(organisation_id__in=organisation_ids))
        .select_related("organisation")
        .order_by("last_name", "first_name", "pk")
    )
    out: dict[int, list[Person]] = {}
    for line in register.members:
        own = {line.seat.deputy_id, line.in_place_person.pk if line.in_place_person else None}
        out[line.seat.pk] = [
            p
            for p in people
            if p.pk != line.seat.person_id
            and (p.pk in own or (line.seat.organisation_id and p.organisation_id == line.seat.organisation_id))
        ]
    return out


def _register_context(request, meeting, *, form=None, add_form=None):
    register = register_for(meeting)
    can_take = request.user.has_perm("meetings.take_register", meeting)
    context = {
        "meeting": meeting,
        "board": meeting.board,
        "register": register,
        "summary": register_summary(register.rows),
        "can_take": can_take,
        # Who arrived or left during a Part II item names the item only to those who may read it.
        "visible_items": set(
            AgendaItem.objects.filter(meeting=meeting).visible_to(request.user).values_list("pk", flat=True)
        ),
    }
    if can_take and meeting.status != "cancelled":
        items = _numbered_items(meeting)
        context["form"] = form or RegisterForm(
            register=register, items=items, candidates=_candidates(register), others=register.others
        )
        seats = Membership.objects.filter(pk__in=[line.seat.pk for line in register.members]).select_related("person")
        context["add_form"] = add_form or AttendeeForm(meeting=meeting, seats=seats, items=items)
    return context


@login_required
@require_http_methods(["GET", "POST"])
def register(request, pk):
    """The register: members read it; the coordinator takes it (pre-filled with the board's members that
    day and the apologies sent), and the quorum is recorded as it is saved."""
    meeting = meeting_for(request, pk, "meetings.view_register")
    if request.method == "POST":
        require_perm(request.user, "meetings.take_register", meeting)
        current = register_for(meeting)
        items = _numbered_items(meeting)
        form = RegisterForm(
            request.POST, register=current, items=items, candidates=_candidates(current), others=current.others
        )
        if form.is_valid():
            try:
                services.register_save(
                    user=request.user,
                    meeting=meeting,
                    entries=form.entries({item.pk: item for item, _ in items}),
                    chair=form.chair(),
                )
            except ValidationError as e:
                apply_validation_error(form, e)
            else:
                meeting.refresh_from_db()
                messages.success(request, f"Register saved. {meeting.quorum_record.get('sentence', '')}")
                return redirect("meetings:register", pk=meeting.pk)
        return render(request, "meetings/attendance/register.html", _register_context(request, meeting, form=form))
    return render(request, "meetings/attendance/register.html", _register_context(request, meeting))


@login_required
@require_POST
def register_add(request, pk):
    meeting = meeting_for(request, pk, "meetings.take_register")
    register = register_for(meeting)
    seats = Membership.objects.filter(pk__in=[line.seat.pk for line in register.members]).select_related("person")
    items = _numbered_items(meeting)
    form = AttendeeForm(request.POST, meeting=meeting, seats=seats, items=items)
    if form.is_valid():
        data = form.cleaned_data
        by_pk = {item.pk: item for item, _ in items}
        try:
            row = services.attendance_add(
                user=request.user,
                meeting=meeting,
                person=data["person"],
                status=data["status"],
                for_member=data.get("for_member"),
                role=data["role"],
                organisation=data["organisation"],
                arrived_at_item=by_pk.get(int(data["arrived"])) if data.get("arrived") else None,
                left_at_item=by_pk.get(int(data["left"])) if data.get("left") else None,
                note=data["note"],
            )
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(request, f"{row.person} added to the register: {row.status_label.lower()}.")
            return redirect("meetings:register", pk=meeting.pk)
    return render(request, "meetings/attendance/register.html", _register_context(request, meeting, add_form=form))


@login_required
@require_POST
def register_remove(request, pk, entry_pk):
    meeting = meeting_for(request, pk, "meetings.take_register")
    entry = get_object_or_404(Attendance.objects.select_related("person"), pk=entry_pk, meeting=meeting)
    services.attendance_remove(user=request.user, attendance=entry)
    messages.success(request, f"{entry.person} is no longer in the register.")
    return redirect("meetings:register", pk=meeting.pk)


# Apologies ----------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def apologies(request, pk):
    """A member sends their apologies for a meeting ahead, and names who attends in their place."""
    meeting = meeting_for(request, pk)
    require_perm(request.user, "meetings.send_apologies", meeting)
    seat = own_seat_on(meeting, request.user)
    if seat is None:  # a site administrator holds every permission, and no seat
        raise PermissionDenied
    sent = meeting.apologies.filter(seat=seat, withdrawn_at__isnull=True).first()
    named = StandIn.objects.filter(meeting=meeting, in_place_of=seat).select_related("person__organisation").first()
    open_ = may_still_send_apologies(meeting)
    if request.method == "POST" and request.POST.get("withdraw"):
        if sent is not None:
            try:
                services.apology_withdraw(user=request.user, apology=sent)
            except ValidationError as e:
                messages.error(request, " ".join(e.messages))
            else:
                messages.success(request, "Your apologies are withdrawn: we look forward to seeing you.")
        return redirect(meeting)
    form = ApologyForm(
        request.POST or None,
        meeting=meeting,
        seat=seat,
        current=named.person if named else None,
        initial={"message": sent.message if sent else ""},
    )
    if request.method == "POST" and form.is_valid():
        kind = StandInKind.SUBSTITUTE if meeting.board.kind in COUNCIL_BOARD_KINDS else StandInKind.DEPUTY
        try:
            services.apology_send(
                user=request.user,
                meeting=meeting,
                seat=seat,
                message=form.cleaned_data["message"],
                deputy=form.cleaned_data["deputy"],
                deputy_kind=kind,
            )
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            deputy = form.cleaned_data["deputy"]
            text = "Your apologies are sent to the coordinator."
            if deputy is not None:
                text += f" {deputy} attends in your place and can read this meeting's papers until it is held."
            messages.success(request, text)
            return redirect(meeting)
    return render(
        request,
        "meetings/attendance/apologies.html",
        {"meeting": meeting, "board": meeting.board, "form": form, "sent": sent, "named": named, "open": open_},
    )


def meeting_attendance_context(meeting, user, agenda) -> dict:
    """What the meeting page shows of attendance: apologies sent, the register once taken (with its quorum),
    the user's own apologies, and the declarations under the declarations item. A fixed number of queries."""
    from ..attendance import declarations_for, register_rows

    entries = agenda.flat()
    declarations = declarations_for(meeting, visible_item_ids=[entry.item.pk for entry in entries])
    has_declarations_item = any(entry.item.standing == Standing.DECLARATIONS for entry in entries)
    context = {
        "visible_items": {entry.item.pk for entry in entries},
        "declarations": declarations,
        "declarations_elsewhere": [] if has_declarations_item else declarations,
        "meeting_over": meeting.status == MeetingStatus.HELD or meeting.register_taken_at is not None,
        "can_view_register": user.has_perm("meetings.view_register", meeting),
        "can_take_register": user.has_perm("meetings.take_register", meeting),
    }
    if context["can_view_register"]:
        context["apologies_sent"] = apologies_in_force(meeting)
        if meeting.register_taken_at:
            context["register_summary"] = register_summary(register_rows(meeting))
    seat = own_seat_on(meeting, user) if may_still_send_apologies(meeting) else None
    if seat is not None:
        context["own_seat"] = seat
        context["own_apology"] = meeting.apologies.filter(seat=seat, withdrawn_at__isnull=True).first()
    return context


# Declarations of interest --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def declarations(request, pk):
    meeting = meeting_for(request, pk, "meetings.record_declarations")
    if request.method == "POST" and request.POST.get("remove"):
        declaration = get_object_or_404(Declaration, pk=request.POST["remove"], meeting=meeting)
        services.declaration_remove(user=request.user, declaration=declaration)
        messages.success(request, f"Declaration by {declaration.person} removed.")
        return redirect("meetings:declarations", pk=meeting.pk)
    items = _numbered_items(meeting)
    people = (
        Person.objects.filter(
            Q(memberships__in=Membership.objects.on_date(meeting.date).filter(board=meeting.board))
            | Q(attendance__meeting=meeting)
        )
        .distinct()
        .select_related("organisation")
        .order_by("last_name", "first_name")
    )
    form = DeclarationForm(request.POST or None, meeting=meeting, people=people, items=items)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = {i.pk: i for i, _ in items}.get(int(data["item"]))
        try:
            services.declaration_record(
                user=request.user,
                meeting=meeting,
                item=item,
                person=data["person"],
                interest_type=data["interest_type"],
                description=data["description"],
                left_room=data["left_room"],
                registered_interest=_matching_interest(data["person"], data["interest_type"], meeting.date),
            )
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(request, f"Declaration by {data['person']} recorded.")
            return redirect("meetings:declarations", pk=meeting.pk)
    numbers = {item.pk: number for item, number in items}
    order = {item.pk: index for index, (item, _) in enumerate(items)}
    rows = list(Declaration.objects.filter(meeting=meeting).select_related("person", "item"))
    for row in rows:
        row.item_number = numbers.get(row.item_id, "")
    rows.sort(key=lambda r: (order.get(r.item_id, len(order)), r.person.last_name, r.pk))
    return render(
        request,
        "meetings/attendance/declarations.html",
        {"meeting": meeting, "board": meeting.board, "form": form, "declarations": rows},
    )


def _matching_interest(person, interest_type, day) -> RegisteredInterest | None:
    """The person's registered interest of that type in force that day, when there is exactly one."""
    found = [
        i for i in RegisteredInterest.objects.filter(person=person, interest_type=interest_type) if i.is_current(day)
    ]
    return found[0] if len(found) == 1 else None


# Registers of interests ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def person_interests(request, pk):
    person = get_object_or_404(Person.objects.select_related("organisation"), pk=pk)
    require_perm(request.user, "meetings.view_interests", person)
    can_manage = request.user.has_perm("meetings.manage_interests", person)
    kinds = set(Membership.objects.current().filter(person=person).values_list("board__kind", flat=True))
    types = [t for t in InterestType if any(t in interest_types_for(kind) for kind in kinds)] or [InterestType.CONFLICT]
    ending = request.method == "POST" and bool(request.POST.get("end"))
    adding = request.method == "POST" and not ending
    form = InterestForm(request.POST if adding else None, types=types, initial={"from_date": clock.today()})
    end_form = InterestEndForm(request.POST if ending else None, initial={"to_date": clock.today()}, prefix="end")
    if request.method == "POST":
        require_perm(request.user, "meetings.manage_interests", person)
        if ending:
            interest = get_object_or_404(RegisteredInterest, pk=request.POST["end"], person=person)
            if end_form.is_valid():
                try:
                    services.interest_end(
                        user=request.user, interest=interest, to_date=end_form.cleaned_data["to_date"]
                    )
                except ValidationError as e:
                    messages.error(request, " ".join(e.messages))
                else:
                    messages.success(request, "The interest is recorded as ended.")
                    return redirect("meetings:person_interests", pk=person.pk)
        elif form.is_valid():
            try:
                services.interest_register(user=request.user, person=person, **form.cleaned_data)
            except ValidationError as e:
                apply_validation_error(form, e)
            else:
                messages.success(request, "Interest added to the register.")
                return redirect("meetings:person_interests", pk=person.pk)
    today = clock.today()
    interests = list(person.registered_interests.order_by("-from_date", "pk"))
    return render(
        request,
        "meetings/attendance/interests.html",
        {
            "person": person,
            "current": [i for i in interests if i.is_current(today)],
            "past": [i for i in interests if not i.is_current(today)],
            "form": form,
            "end_form": end_form,
            "can_manage": can_manage,
        },
    )


# The attendance report ---------------------------------------------------------------------------------


def _period(request, board):
    periods = period_choices(board)
    form = PeriodForm(request.GET or None, periods=periods)
    period = default_period(board)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data.get("year") == "custom":
            period = custom_period(data["start"], data["end"])
        elif data.get("year") in form.periods:
            period = form.periods[data["year"]]
    if not form.is_bound:
        form = PeriodForm(initial={"year": period.key, "start": period.start, "end": period.end}, periods=periods)
    return form, period


def _query(period) -> str:
    if period.key == "custom":
        return f"year=custom&start={period.start:%Y-%m-%d}&end={period.end:%Y-%m-%d}"
    return f"year={period.key}"


@login_required
@require_GET
def attendance_page(request, slug):
    """Attendance at the board's meetings in a period: per member, per organisation and overall, with the
    formula, a chart per organisation against the board's target, and CSV downloads."""
    board = _board(request, slug, "meetings.view_attendance")
    form, period = _period(request, board)
    report = attendance_report(board=board, period=period)
    target = board.attendance_target
    chart = organisation_chart(report, target=target)
    return render(
        request,
        "meetings/attendance/report.html",
        {
            "board": board,
            "form": form,
            "period": period,
            "report": report,
            "chart": chart,
            "target": target,
            "formula": FORMULA,
            "query": _query(period),
        },
    )


@login_required
@require_GET
def attendance_csv(request, slug):
    """The report's tables as CSV: ``by=member`` (the default) or ``by=organisation``."""
    board = _board(request, slug, "meetings.view_attendance")
    _, period = _period(request, board)
    report = attendance_report(board=board, period=period)
    by_organisation = request.GET.get("by") == "organisation"
    counts = ["Expected", "Attended in person", "Attended by deputy", "Apologies", "Absent", "Attended %"]

    def figures(tally):
        share = tally.percent
        return [
            tally.expected,
            tally.in_person,
            tally.by_deputy,
            tally.apologies,
            tally.absent,
            f"{share:.1f}" if share is not None else "",
        ]

    if by_organisation:
        header = ["Organisation", "Members", *counts]
        rows = [[line.name, len(line.members), *figures(line.tally)] for line in report.organisations]
    else:
        header = ["Member", "Role", "Organisation", *counts]
        rows = [[str(line.person), line.role, line.organisation, *figures(line.tally)] for line in report.members]
    rows.append(["Overall", *([""] * (len(header) - len(counts) - 1)), *figures(report.total)])
    start, end = period.start, period.end
    name = (
        f"{board.slug}-attendance-by-{'organisation' if by_organisation else 'member'}-{start:%Y%m%d}-{end:%Y%m%d}.csv"
    )
    return csv_response(name, header, rows)
