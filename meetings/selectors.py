"""Reads for meetings and agendas, filtered by what the user may see."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from boards import rules as board_rules

from .enums import MeetingStatus
from .models import Meeting


def meetings_visible_to(*, user) -> QuerySet[Meeting]:
    """Meetings of boards the user sits on (all of them for superusers)."""
    qs = Meeting.objects.select_related("board", "venue")
    if not user.is_authenticated:
        return qs.none()
    if user.is_superuser:
        return qs
    return qs.filter(board_id__in=board_rules.member_board_ids(user))


def upcoming_meetings_for(*, user, limit: int = 5) -> list[Meeting]:
    today = datetime.date.today()
    return list(
        meetings_visible_to(user=user)
        .filter(date__gte=today)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("date", "start_time")[:limit]
    )


def board_meetings(*, user, board) -> tuple[list[Meeting], list[Meeting]]:
    """(upcoming, past) meetings of one board the user may see."""
    today = datetime.date.today()
    qs = meetings_visible_to(user=user).filter(board=board)
    upcoming = list(qs.filter(date__gte=today).order_by("date", "start_time"))
    past = list(qs.filter(date__lt=today).order_by("-date", "-start_time"))
    return upcoming, past


def public_meetings() -> QuerySet[Meeting]:
    """Meetings whose agenda has been published: their Part I face is public."""
    return Meeting.objects.select_related("board", "venue").filter(agenda_published_at__isnull=False)


def next_meetings_after(*, meeting: Meeting, limit: int = 4) -> list[Meeting]:
    """The board's next scheduled meetings after this one (for the "future meeting dates" item)."""
    return list(
        Meeting.objects.filter(board=meeting.board, date__gt=meeting.date)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("venue")
        .order_by("date", "start_time")[:limit]
    )


def paper_visible_to(*, user, paper) -> bool:
    """Part II papers only to the board's members; Part I papers to members, or to anyone once published."""
    meeting = paper.item.meeting
    if user.has_perm("meetings.view_confidential", meeting):
        return True
    if paper.item.confidential or (paper.item.parent_id and paper.item.parent.confidential):
        return False
    return meeting.agenda_published_at is not None


def topics_to_schedule(*, board) -> list:
    """The board's work-programme topics not yet on any agenda, soonest planned first (TBC last)."""
    from django.db.models import F

    from .models import WorkProgrammeEntry

    return list(
        WorkProgrammeEntry.objects.filter(board=board, agenda_item__isnull=True)
        .select_related("meeting")
        .order_by(F("meeting__date").asc(nulls_last=True), "created_at")
    )
