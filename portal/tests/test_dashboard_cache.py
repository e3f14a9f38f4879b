"""The dashboard's body is kept in the cache per person and made anew as soon as anything it shows changes."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions import services as action_services
from actions.enums import ActionStatus
from core import clock
from meetings.tests.factories import MeetingFactory

# Transactions really commit here: the cache's number goes up when they do.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cached(settings):
    settings.DASHBOARD_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def _dashboard(client, user) -> tuple[str, int]:
    if client.session.get("_auth_user_id") != str(user.pk):
        client.force_login(user)  # a sign-in saves the user, which counts as a change
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _body(page: str) -> str:
    return page[page.index("Your dashboard") : page.index("</main>")]


def _raise(cast, text: str, owners) -> object:
    return action_services.action_create(
        user=cast.coordinator, board=cast.board, text=text, owners=owners, due_date=clock.today()
    )


def test_a_second_visit_reads_the_body_from_the_cache(cached, client, cast):
    _raise(cast, "Circulate the neglect strategy", [cast.member.person])
    first, first_queries = _dashboard(client, cast.member)
    second, second_queries = _dashboard(client, cast.member)
    assert "Circulate the neglect strategy" in first
    assert _body(second) == _body(first)  # the page around it carries a fresh nonce each time
    assert second_queries < first_queries
    assert second_queries <= 4  # the session, the user, the second-factor check, the page's menu


def test_an_action_given_updated_and_handed_on_shows_at_once(cached, client, cast):
    _dashboard(client, cast.member)  # kept in the cache
    action = _raise(cast, "Audit the referral pathway", [cast.member.person])
    body, _ = _dashboard(client, cast.member)
    assert "Audit the referral pathway" in body
    action_services.action_post_update(user=cast.member, action=action, text="Started", status=ActionStatus.IN_PROGRESS)
    body, _ = _dashboard(client, cast.member)
    assert "In progress" in body
    action_services.action_edit(
        user=cast.coordinator, action=action, text=action.text, owners=[cast.chair.person], due_date=action.due_date
    )
    body, _ = _dashboard(client, cast.member)
    assert "Audit the referral pathway" not in body
    assert "Audit the referral pathway" in _dashboard(client, cast.chair)[0]


def test_a_meeting_added_to_the_persons_board_shows_at_once(cached, client, cast):
    _dashboard(client, cast.member)
    day = clock.today() + datetime.timedelta(days=9)
    MeetingFactory(board=cast.board, date=day)
    body, _ = _dashboard(client, cast.member)
    assert f"{day:%A} {day.day} {day:%B %Y}" in body


def test_two_people_never_see_each_others_body(cached, client, cast):
    _raise(cast, "Only the member's to see", [cast.member.person])
    assert "Only the member&#x27;s to see" in _dashboard(client, cast.member)[0]
    assert "Only the member&#x27;s to see" not in _dashboard(client, cast.chair)[0]


def test_off_when_the_cache_is_each_processs_own(settings, client, cast):
    settings.DASHBOARD_CACHE_SECONDS = 0
    _, first = _dashboard(client, cast.member)
    _, second = _dashboard(client, cast.member)
    assert second == first
