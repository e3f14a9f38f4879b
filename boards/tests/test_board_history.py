"""The board's page shows today's members and the latest of its history; the rest is on pages of its own, so
the board's page costs the same however long the board has existed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boards.enums import Role
from boards.selectors import HISTORY_SHOWN
from boards.tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date
FIRST_END = D(2010, 1, 31)


def _leavers(board, n, *, first_end=FIRST_END):
    """``n`` past members, each leaving a month after the one before."""
    seats = []
    for i in range(n):
        end = first_end + datetime.timedelta(days=31 * i)
        person = PersonFactory(last_name=f"Leaver{end:%Y%m}")
        seats.append(
            MembershipFactory(board=board, person=person, start_date=end - datetime.timedelta(days=700), end_date=end)
        )
    return seats


def _past_chairs(board, n):
    return [
        MembershipFactory(
            board=board,
            role=Role.CHAIR,
            start_date=D(2000 + i, 1, 1),
            end_date=D(2000 + i, 12, 31),
            person=PersonFactory(last_name=f"Chairperson{i:02}"),
        )
        for i in range(n)
    ]


def test_the_board_page_shows_the_latest_past_members_and_a_way_to_the_rest(client, cast):
    seats = _leavers(cast.board, HISTORY_SHOWN + 3)
    oldest, latest = seats[0], seats[-1]
    client.force_login(cast.member)
    html = client.get(reverse("boards:board_detail", args=[cast.board.slug])).content.decode()

    assert latest.person.last_name in html
    assert oldest.person.last_name not in html
    past_url = reverse("boards:board_past_members", args=[cast.board.slug])
    assert f'href="{past_url}"' in html

    page = client.get(past_url).content.decode()
    assert oldest.person.last_name in page and latest.person.last_name in page
    assert page.index(latest.person.last_name) < page.index(oldest.person.last_name)  # the latest first
    assert f'href="{cast.board.get_absolute_url()}"' in page  # the way back
    assert cast.chair.person.full_name not in page  # a current member is not a past one


def test_a_board_with_few_past_members_shows_them_all_and_no_link(client, cast):
    (gone,) = _leavers(cast.board, 1)
    client.force_login(cast.member)
    html = client.get(reverse("boards:board_detail", args=[cast.board.slug])).content.decode()
    assert gone.person.last_name in html
    assert reverse("boards:board_past_members", args=[cast.board.slug]) not in html


def test_the_past_members_page_is_paginated(client, cast):
    seats = _leavers(cast.board, 55)
    client.force_login(cast.coordinator)
    url = reverse("boards:board_past_members", args=[cast.board.slug])
    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    assert "Page 1 of 2" in first and "55 memberships ended" in first
    assert seats[-1].person.last_name in first and seats[0].person.last_name not in first
    assert seats[0].person.last_name in second and seats[-1].person.last_name not in second


def test_the_board_page_shows_the_latest_chairs_and_a_way_to_every_chair(client, cast):
    chairs = _past_chairs(cast.board, HISTORY_SHOWN + 2)
    client.force_login(cast.member)
    html = client.get(reverse("boards:board_detail", args=[cast.board.slug])).content.decode()
    assert cast.chair.person.last_name in html  # today's chair
    assert chairs[-1].person.last_name in html
    assert chairs[0].person.last_name not in html
    chairs_url = reverse("boards:board_chairs", args=[cast.board.slug])
    assert f'href="{chairs_url}"' in html

    page = client.get(chairs_url).content.decode()
    assert all(c.person.last_name in page for c in chairs)
    assert cast.chair.person.last_name in page and "present" in page


def test_the_board_page_costs_the_same_queries_however_long_its_history(client, cast, django_assert_num_queries):
    client.force_login(cast.coordinator)
    url = reverse("boards:board_detail", args=[cast.board.slug])
    _leavers(cast.board, 2)
    _past_chairs(cast.board, 1)
    client.get(url)  # the session and the permission caches, warm
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _leavers(cast.board, 40, first_end=D(2012, 1, 31))
    _past_chairs(cast.board, 12)
    with django_assert_num_queries(len(small.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count('data-label="Until"') == HISTORY_SHOWN


@pytest.mark.parametrize("name", ["boards:board_past_members", "boards:board_chairs"])
def test_history_pages_cost_the_same_queries_at_two_sizes(client, cast, django_assert_num_queries, name):
    client.force_login(cast.member)
    url = reverse(name, args=[cast.board.slug])
    _leavers(cast.board, 2)
    _past_chairs(cast.board, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _leavers(cast.board, 30, first_end=D(2012, 1, 31))
    _past_chairs(cast.board, 10)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
