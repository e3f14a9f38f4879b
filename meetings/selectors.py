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
