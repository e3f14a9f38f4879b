"""Reads for meetings and agendas, filtered by what the user may see."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from core import clock

from .enums import MeetingStatus
from .models import AgendaItem, Meeting
from .visibility import PUBLIC_READER


def meetings_visible_to(*, user) -> QuerySet[Meeting]:
    """Meetings whose members' pages the user reads: boards they sit on, meetings they stand in at."""
    return Meeting.objects.for_members_of(user).select_related("board", "venue")


def upcoming_meetings_for(*, user, limit: int = 5) -> list[Meeting]:
    today = clock.today()
    return list(
        meetings_visible_to(user=user)
        .filter(date__gte=today)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("date", "start_time")[:limit]
    )


def board_meetings(*, user, board) -> tuple[list[Meeting], list[Meeting]]:
    """(upcoming, past) meetings of one board the user may see."""
    today = clock.today()
    qs = meetings_visible_to(user=user).filter(board=board)
    upcoming = list(qs.filter(date__gte=today).order_by("date", "start_time"))
    past = list(qs.filter(date__lt=today).order_by("-date", "-start_time"))
    return upcoming, past


def withdrawn_items(*, meeting: Meeting, user) -> list[AgendaItem]:
    """Items withdrawn from the meeting's agenda that the user may see, in agenda order: each keeps the number
    it was published with."""
    return list(
        AgendaItem.everything.filter(meeting=meeting, withdrawn_at__isnull=False)
        .visible_to(user)
        .order_by("position", "pk")
    )


def public_meetings() -> QuerySet[Meeting]:
    """Meetings whose agenda has been published: their Part I face is public."""
    return Meeting.objects.visible_to(PUBLIC_READER).select_related("board", "venue")


def public_neighbour(meeting: Meeting, *, later: bool) -> Meeting | None:
    """The board's published meeting just before (or after) this one, for the public page's links."""
    if later:
        after = Q(date__gt=meeting.date) | Q(date=meeting.date, start_time__gt=meeting.start_time)
        after |= Q(date=meeting.date, start_time=meeting.start_time, pk__gt=meeting.pk)
        order = ("date", "start_time", "pk")
    else:
        after = Q(date__lt=meeting.date) | Q(date=meeting.date, start_time__lt=meeting.start_time)
        after |= Q(date=meeting.date, start_time=meeting.start_time, pk__lt=meeting.pk)
        order = ("-date", "-start_time", "-pk")
    return public_meetings().filter(after, board_id=meeting.board_id).order_by(*order).first()


def next_meetings_after(*, meeting: Meeting, limit: int | None = None) -> list[Meeting]:
    """The board's next scheduled meetings after this one, for the "future meeting dates" item: four, or for
    a council's committee the one its "Date of the Next Meeting" names."""
    if limit is None:
        limit = 1 if meeting.board.is_council_body else 4
    return list(
        Meeting.objects.filter(board=meeting.board, date__gt=meeting.date)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("venue")
        .order_by("date", "start_time")[:limit]
    )


def topics_to_schedule(*, board) -> list:
    """The board's work-programme topics not yet on any agenda, as the work programme lists them: by meeting,
    by month, by quarter, then those to be confirmed."""
    from .models import WorkProgrammeEntry

    return list(WorkProgrammeEntry.objects.filter(board=board, agenda_item__isnull=True).select_related("meeting"))


def work_programme(*, board) -> list[tuple[str, list]]:
    """The board's whole work programme in groups, in this order: planned for a meeting, for a month, for a
    quarter, to be confirmed. Each group is (heading, entries); empty groups are left out."""
    from .enums import PlannedFor
    from .models import WorkProgrammeEntry

    entries = WorkProgrammeEntry.objects.filter(board=board).select_related("meeting", "agenda_item__meeting")
    groups: dict[str, list] = {value: [] for value in PlannedFor.values}
    for entry in entries:
        groups[entry.planned_for].append(entry)
    headings = {
        PlannedFor.MEETING: "Planned for a meeting",
        PlannedFor.MONTH: "Planned for a month",
        PlannedFor.QUARTER: "Planned for a quarter",
        PlannedFor.TBC: "To be confirmed",
    }
    return [(headings[key], rows) for key, rows in groups.items() if rows]


def meeting_activity(*, meeting: Meeting):
    """Activity log entries about the meeting and what belongs to it (items, papers, packs, stand-ins,
    apologies, register entries and declarations, those taken out too), newest first, in one query whatever
    the size of the agenda."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    from core.models import ActivityLog

    from .models import AgendaItem, Apology, Attendance, Declaration, PackBuild, Paper, StandIn

    def about(model, ids):
        return Q(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)

    return ActivityLog.objects.filter(
        about(Meeting, [meeting.pk])
        | about(AgendaItem, AgendaItem.everything.filter(meeting=meeting).values("pk"))
        | about(Paper, Paper.everything.filter(item__meeting=meeting).values("pk"))
        | about(PackBuild, PackBuild.objects.filter(meeting=meeting).values("pk"))
        | about(StandIn, StandIn.objects.filter(meeting=meeting).values("pk"))
        | about(Apology, Apology.objects.filter(meeting=meeting).values("pk"))
        | about(Attendance, Attendance.history.filter(meeting_id=meeting.pk).values("id"))
        | about(Declaration, Declaration.history.filter(meeting_id=meeting.pk).values("id"))
    )


def board_overview(*, board, user) -> tuple[str, dict] | None:
    """The board page's first section for those who read its meetings: the next meeting (with its pack, or
    when the pack is due) and the three most recent, with the way to every meeting and its papers."""
    if not user.has_perm("boards.view_board_members", board):
        return None
    from .packs.selectors import members_pack_notice

    today = clock.today()
    visible = meetings_visible_to(user=user).filter(board=board)
    upcoming = (
        visible.filter(date__gte=today).exclude(status=MeetingStatus.CANCELLED).order_by("date", "start_time").first()
    )
    recent = list(visible.filter(date__lt=today).order_by("-date", "-start_time")[:3])
    pack, due = members_pack_notice(meeting=upcoming) if upcoming else (None, None)
    return (
        "meetings/partials/board_overview.html",
        {"board": board, "next": upcoming, "pack": pack, "pack_due": due, "recent": recent},
    )


def decisions_for_board(
    *, board, user, query: str = "", meeting_id: int | None = None, year: int | None = None
) -> QuerySet:
    """The board's decision register as ``user`` may read it, newest meeting first, then in the order of the
    minutes. It lists what the minutes page would show them (:func:`meetings.visibility.minutes_edition_for`):
    the coordinators read every decision, drafts included; the board's other readers the decisions of minutes
    circulated or approved, and those under a Part II minute only if they read Part II at the board
    (observers do not). ``query`` looks in the decision, its addressee and its recommendations."""
    from boards.rules import is_board_coordinator
    from core.visibility import Visibility

    from .enums import MinutesStatus
    from .models import Decision, Recommendation
    from .visibility import access_for

    qs = Decision.objects.filter(board=board)
    access = access_for(user)
    if not (access.everything or (getattr(user, "is_authenticated", False) and is_board_coordinator(user, board))):
        level = access.boards.get(board.pk)
        if level is None:
            return qs.none()
        qs = qs.exclude(minute__minutes__status=MinutesStatus.DRAFT, minute__minutes__circulated_at__isnull=True)
        if level != Visibility.CONFIDENTIAL:
            qs = qs.exclude(minute__confidential=True)
    query = query.strip()
    if query:
        in_recommendations = Recommendation.objects.filter(decision=OuterRef("pk"), text__icontains=query)
        qs = qs.filter(Q(text__icontains=query) | Q(addressee__icontains=query) | Exists(in_recommendations))
    if meeting_id is not None:
        qs = qs.filter(minute__minutes__meeting_id=meeting_id)
    if year is not None:
        qs = qs.filter(register_year=year)
    return (
        qs.select_related("minute__minutes__meeting")
        .prefetch_related("recommendations")
        .order_by(
            "-minute__minutes__meeting__date",
            "-minute__minutes__meeting__start_time",
            "minute__position",
            "position",
            "pk",
        )
    )


def decision_register_filters(*, board, user) -> tuple[list[Meeting], list[int]]:
    """The meetings (newest first) and the register years (latest first) of the decisions ``user`` reads in
    the board's register: the choices of its filters."""
    readable = decisions_for_board(board=board, user=user).prefetch_related(None).order_by()
    meetings = list(
        Meeting.objects.filter(pk__in=readable.values("minute__minutes__meeting_id")).order_by("-date", "-start_time")
    )
    years = sorted(set(readable.values_list("register_year", flat=True).distinct()), reverse=True)
    return meetings, years
