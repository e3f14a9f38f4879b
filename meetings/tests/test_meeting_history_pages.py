"""A meeting's page and a board's meetings show the latest of what grows with time; the rest is a page away,
so both cost the same however many changes or meetings there have been."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import clock
from meetings.models import AgendaRevision, Meeting
from meetings.views.meetings import PAST_MEETINGS_PER_PAGE, REVISIONS_SHOWN

pytestmark = pytest.mark.django_db

T = datetime.time


@pytest.fixture
def meeting(cast):
    return Meeting.objects.create(board=cast.board, date=clock.today() + datetime.timedelta(days=20), start_time=T(14))


def _revisions(meeting, first, last):
    for number in range(first, last + 1):
        AgendaRevision.objects.create(meeting=meeting, number=number, summary=f"Change number {number:03}")


def test_the_meeting_page_lists_the_latest_changes_and_links_to_the_rest(client, cast, meeting):
    _revisions(meeting, 1, REVISIONS_SHOWN + 3)
    client.force_login(cast.member)
    html = client.get(meeting.get_absolute_url()).content.decode()
    latest = f"Change number {REVISIONS_SHOWN + 3:03}"
    assert latest in html
    assert "Change number 001" not in html and "Change number 003" not in html
    url = reverse("meetings:meeting_revisions", args=[meeting.pk])
    assert f'href="{url}"' in html

    page = client.get(url).content.decode()
    assert "Change number 001" in page and latest in page
    assert page.index(latest) < page.index("Change number 001")
    assert '<li value="1">' in page  # each change keeps its number
    assert f'href="{meeting.get_absolute_url()}"' in page  # the way back


def test_a_meeting_with_few_changes_lists_them_all_without_a_link(client, cast, meeting):
    _revisions(meeting, 1, 2)
    client.force_login(cast.member)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Change number 001" in html and "Change number 002" in html
    assert reverse("meetings:meeting_revisions", args=[meeting.pk]) not in html


def test_the_meeting_page_costs_the_same_queries_however_many_changes(client, cast, meeting, django_assert_num_queries):
    _revisions(meeting, 1, 2)
    client.force_login(cast.coordinator)
    client.get(meeting.get_absolute_url())
    with CaptureQueriesContext(connection) as small:
        client.get(meeting.get_absolute_url())
    _revisions(meeting, 3, 40)
    with django_assert_num_queries(len(small.captured_queries)):
        html = client.get(meeting.get_absolute_url()).content.decode()
    assert html.count("Change number") == REVISIONS_SHOWN


def test_the_changes_page_is_for_those_who_read_the_meeting(client, cast, meeting):
    _revisions(meeting, 1, 1)
    url = reverse("meetings:meeting_revisions", args=[meeting.pk])
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 403
    client.force_login(cast.member)
    assert "Change number 001" in client.get(url).content.decode()


def _past_meetings(board, n, *, start=0):
    today = clock.today()
    return [
        Meeting.objects.create(board=board, date=today - datetime.timedelta(days=7 * (i + 1)), start_time=T(10))
        for i in range(start, start + n)
    ]


def test_the_boards_past_meetings_come_a_page_at_a_time(client, cast, meeting):
    past = _past_meetings(cast.board, PAST_MEETINGS_PER_PAGE + 2)
    newest, oldest = past[0], past[-1]
    client.force_login(cast.member)
    url = reverse("meetings:board_meetings", args=[cast.board.slug])
    first = client.get(url).content.decode()
    assert newest.get_absolute_url() in first and meeting.get_absolute_url() in first
    assert oldest.get_absolute_url() not in first
    assert "Page 1 of 2" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert oldest.get_absolute_url() in second and newest.get_absolute_url() not in second


def test_the_boards_meetings_cost_the_same_queries_however_many(client, cast, meeting, django_assert_num_queries):
    _past_meetings(cast.board, 3)
    client.force_login(cast.coordinator)
    url = reverse("meetings:board_meetings", args=[cast.board.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _past_meetings(cast.board, 60, start=3)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
