"""The attendance report at scale: as many queries for a board of 40 meetings and some 25 members as for a
board with one meeting (``load_scale`` data: 20 boards, 800 meetings, 1,600 people)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boards.enums import SEAT_ROLES, Role
from boards.models import Board, Membership
from demo.scale import load_scale
from meetings.models import Attendance, Meeting

pytestmark = pytest.mark.django_db


def report_queries(client, board: Board) -> tuple[int, str]:
    """Queries to draw the board's attendance over every meeting it has held, read by its coordinator."""
    coordinator = Membership.objects.get(board=board, role=Role.COORDINATOR).person.user
    client.force_login(coordinator)
    dates = Meeting.objects.filter(board=board).order_by("date").values_list("date", flat=True)
    query = {"year": "custom", "start": dates.first().isoformat(), "end": datetime.date.today().isoformat()}
    url = reverse("meetings:attendance", args=[board.slug])
    client.get(url, query)  # warm the per-process caches (content types, the session)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url, query).content.decode()
    return len(queries.captured_queries), html


def test_attendance_report_queries_do_not_grow_with_meetings_or_members(client):
    load_scale(boards=1, people=30, meetings=1, seed=5)
    small = Board.objects.get()
    small_count, html = report_queries(client, small)
    assert Meeting.objects.filter(board=small, register_taken_at__isnull=False).count() == 1
    assert "1 meeting counted" in html

    load_scale(boards=20, people=1600, meetings=800, seed=6)
    large = max(
        Board.objects.exclude(pk=small.pk), key=lambda b: b.meetings.filter(register_taken_at__isnull=False).count()
    )
    held = Meeting.objects.filter(board=large, register_taken_at__isnull=False).count()
    members = Membership.objects.filter(board=large, role__in=SEAT_ROLES).values("person").distinct().count()
    assert held >= 30 and members >= 20, (held, members)
    assert Attendance.objects.filter(meeting__board=large).count() > 500
    large_count, html = report_queries(client, large)
    assert f"{held} meetings counted" in html
    print(f"{held} meetings, {members} members: {large_count} queries, as for one meeting")
    assert large_count == small_count
