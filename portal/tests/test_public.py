"""The public front door: anyone reaches a board's public page and its published meetings from the home
page, and sees names, roles and organisations, never contact details or unpublished agendas."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from boards.tests.factories import MembershipFactory, PersonFactory
from meetings.enums import MeetingStatus
from meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _meeting(board, days, published=True, **extra):
    return MeetingFactory(
        board=board,
        date=TODAY + datetime.timedelta(days=days),
        agenda_published_at=timezone.now() if published else None,
        **extra,
    )


def test_an_anonymous_visitor_reaches_a_meeting_from_the_home_page(client, cast):
    past = _meeting(cast.board, -60)
    upcoming = _meeting(cast.board, 20)
    draft = _meeting(cast.board, 50, published=False)
    home = client.get("/")
    assert home.status_code == 200
    html = home.content.decode()
    board_url = reverse("public_board", args=[cast.board.slug])
    assert board_url in html
    assert f"Next meeting: {upcoming.date:%A} {upcoming.date.day} {upcoming.date:%B %Y}" in html
    assert reverse("login") in html

    page = client.get(board_url).content.decode()
    for meeting in (past, upcoming):
        assert reverse("meetings:meeting_public", args=[meeting.pk]) in page
    assert reverse("meetings:meeting_public", args=[draft.pk]) not in page
    assert "agenda not yet published" in page
    assert "webcal://" in page and reverse("meetings:board_calendar", args=[cast.board.slug]) in page

    public = client.get(reverse("meetings:meeting_public", args=[upcoming.pk])).content.decode()
    assert board_url in public
    assert f"Previous meeting: {past.date.day} {past.date:%B %Y}" in public
    assert "Next meeting:" not in public  # the next one's agenda is not published


def test_the_public_board_page_lists_members_without_contact_details(client, cast):
    person = PersonFactory(first_name="Carol", last_name="Ndlovu", email="carol@example.org", phone="01772 000000")
    MembershipFactory(board=cast.board, person=person)
    html = client.get(reverse("public_board", args=[cast.board.slug])).content.decode()
    assert "Carol Ndlovu" in html and person.organisation.name in html
    assert "carol@example.org" not in html and "01772" not in html
    assert cast.member.email not in html


def test_signed_in_people_still_start_at_their_dashboard_and_can_open_the_front_door(client, cast):
    client.force_login(cast.member)
    assert "Your dashboard" in client.get("/").content.decode()
    assert client.get(reverse("front_door")).status_code == 200


def test_the_sign_in_page_links_to_the_front_door(client):
    assert reverse("front_door") in client.get(reverse("login")).content.decode()


def test_cancelled_upcoming_meetings_say_so(client, cast):
    _meeting(cast.board, 10, status=MeetingStatus.CANCELLED)
    assert "(cancelled)" in client.get(reverse("public_board", args=[cast.board.slug])).content.decode()


@pytest.mark.parametrize("name", ["front_door", "public_board"])
def test_public_pages_keep_a_constant_number_of_queries(client, cast, django_assert_num_queries, name):
    url = reverse(name, args=[cast.board.slug] if name == "public_board" else [])
    _meeting(cast.board, -10)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(30):
        _meeting(cast.board, -20 - n)
        _meeting(cast.other_board, 5 + n)
        MembershipFactory(board=cast.board)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
