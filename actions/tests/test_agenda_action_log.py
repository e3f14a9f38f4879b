"""The action log live under its agenda item on the members' meeting page, and closing an action there.

The summary is a generated kind's ``summary`` (meetings/packs/generated.py), rendered by the meeting page's
``{% generated_summary %}`` hook: the same lists as the paper, for readers who may see the board's actions.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from playwright.sync_api import expect

from actions.enums import ActionStatus
from actions.meeting_log import agenda_summary
from meetings.enums import StandInKind
from meetings.models import StandIn
from meetings.packs.generated import generated_kind
from testsupport.browser import check_a11y, sign_in

from .meeting_log_data import action_log_scene, more_actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(cast, clock):
    return action_log_scene(cast, clock)


def page(client, user, meeting) -> str:
    client.force_login(user)
    response = client.get(reverse("meetings:meeting_detail", args=[meeting.pk]))
    assert response.status_code == 200
    return response.content.decode()


def log_fragment(html: str, meeting) -> str:
    start = html.index(f'id="action-log-{meeting.pk}"')
    return html[start : html.index("</div>", start)]


def close_url(action, meeting) -> str:
    return reverse("actions:action_close_at_meeting", args=[action.pk, meeting.pk])


def on_meeting_day(clock, scene) -> None:
    clock.now = timezone.make_aware(datetime.datetime.combine(scene.meeting.date, datetime.time(15)))


def test_the_action_log_kind_offers_a_summary_for_the_meeting_page():
    assert generated_kind("action_log").summary is agenda_summary
    assert generated_kind("work_programme").summary is None


def test_a_summary_must_be_callable(monkeypatch):
    from actions.packs import ActionLogSource
    from meetings.packs import generated

    monkeypatch.setattr(generated, "_REGISTRY", dict(generated._REGISTRY))
    with pytest.raises(ImproperlyConfigured, match="is not callable"):
        generated.register_generated_kind("action_log", "Action log", ActionLogSource, summary="a template")


def test_members_see_the_open_and_completed_actions_under_the_item(client, cast, scene):
    html = log_fragment(page(client, cast.member, scene.meeting), scene.meeting)
    open_part, completed_part = html.split("Completed since the last meeting")
    assert re.findall(r">(A\d+)<", open_part) == ["A1", "A2", "A3"]
    assert re.findall(r">(A\d+)<", completed_part) == ["A5", "A4"]
    assert "Red: overdue" in open_part and "KT/SA" in open_part and "Terms of reference drafted." in open_part
    assert "Cancelled 15 June 2015" in completed_part
    assert "Closed at this meeting" not in html  # members do not close actions
    try:
        detail = reverse("actions:action_detail", args=[scene.actions["overdue"].pk])
    except NoReverseMatch:  # the action's own page comes with the action log's pages
        return
    assert f'href="{detail}"' in open_part


def test_only_readers_of_the_boards_actions_see_them_and_the_public_page_never(client, cast, scene):
    # A substitute for this meeting reads its agenda, but not the board's action log.
    seat = cast.member.person.memberships.get(board=cast.board)
    StandIn.objects.create(
        meeting=scene.meeting, person=cast.outsider.person, in_place_of=seat, kind=StandInKind.SUBSTITUTE
    )
    html = page(client, cast.outsider, scene.meeting)
    assert "Action log" in html and "agenda-action-log" not in html and "Task and Finish" not in html
    scene.meeting.agenda_published_at = timezone.now()
    scene.meeting.save(update_fields=["agenda_published_at"])
    client.logout()
    public = client.get(reverse("meetings:meeting_public", args=[scene.meeting.pk]))
    assert public.status_code == 200
    assert "Action log" in public.content.decode() and "Task and Finish" not in public.content.decode()


def test_the_meeting_page_reads_the_log_in_the_same_queries_for_few_actions_or_many(client, cast, scene):
    url = reverse("meetings:meeting_detail", args=[scene.meeting.pk])
    client.force_login(cast.coordinator)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    more_actions(cast.board, 40, meeting=scene.previous)
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert html.count("Extra action") == 40
    assert len(many.captured_queries) == len(few.captured_queries)


def test_coordinators_close_an_action_at_the_meeting(client, cast, clock, scene):
    on_meeting_day(clock, scene)
    html = log_fragment(page(client, cast.coordinator, scene.meeting), scene.meeting)
    assert html.count(">Closed at this meeting<") == 3  # each open action, none of the completed ones
    action = scene.actions["next"]
    response = client.post(close_url(action, scene.meeting))
    assert response.status_code == 302
    assert response["Location"] == f"{scene.meeting.get_absolute_url()}#action-log-{scene.meeting.pk}"
    action.refresh_from_db()
    assert (action.status, action.closed_at_meeting, action.closed_on) == (
        ActionStatus.COMPLETED,
        scene.meeting,
        scene.meeting.date,
    )
    update = action.updates.latest("created_at")
    assert (update.text, update.at_meeting, update.author) == (
        "Closed at the meeting of 17 September 2015.",
        scene.meeting,
        cast.coordinator,
    )
    completed = log_fragment(page(client, cast.coordinator, scene.meeting), scene.meeting).split(
        "Completed since the last meeting"
    )[1]
    assert ">A2<" in completed and "at the meeting of 17 September 2015" in completed


def test_closing_with_htmx_swaps_the_refreshed_log_in_place(client, cast, clock, scene):
    on_meeting_day(clock, scene)
    client.force_login(cast.coordinator)
    response = client.post(close_url(scene.actions["overdue"], scene.meeting), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div class="agenda-action-log')
    assert "A1 recorded as closed at this meeting." in html
    open_part, completed_part = html.split("Completed since the last meeting")
    assert ">A1<" in completed_part and ">A1<" not in open_part
    assert html.count("Closed at this meeting<") == 2


def test_members_may_not_close_actions_at_a_meeting(client, cast, clock, scene):
    on_meeting_day(clock, scene)
    action = scene.actions["later"]
    for user in (cast.member, cast.other_coordinator):
        client.force_login(user)
        assert client.post(close_url(action, scene.meeting)).status_code == 403
    client.logout()
    assert client.post(close_url(action, scene.meeting)).status_code == 302  # to sign in
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN and not action.updates.exists()


def test_an_action_is_not_closed_at_a_meeting_still_to_come_or_of_another_board(client, cast, scene):
    # The clock stands at 1 September 2015: the meeting has not begun.
    client.force_login(cast.coordinator)
    html = log_fragment(page(client, cast.coordinator, scene.meeting), scene.meeting)
    assert "Closed at this meeting" not in html
    action = scene.actions["later"]
    response = client.post(close_url(action, scene.meeting), follow=True)
    assert "A3 can be closed at this meeting only once it has begun." in response.content.decode()
    elsewhere = scene.actions["elsewhere"]
    assert client.post(close_url(elsewhere, scene.meeting)).status_code == 404
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


def test_get_is_refused(client, cast, scene):
    client.force_login(cast.coordinator)
    assert client.get(close_url(scene.actions["later"], scene.meeting)).status_code == 405


@pytest.mark.django_db(transaction=True)  # the live server reads committed data
def test_a_coordinator_closes_an_action_from_the_agenda_with_the_keyboard(page, cast, clock):
    scene = action_log_scene(cast, clock)
    clock.now = datetime.datetime.now(datetime.UTC)  # the meeting was held: its actions may be closed there
    sign_in(page, cast.coordinator)
    page.goto(scene.meeting.get_absolute_url())
    open_actions = page.get_by_role("table", name="Open actions")
    expect(open_actions).to_contain_text("Set up a Task and Finish Group on CSE")
    expect(open_actions).to_contain_text("Red: overdue")
    button = open_actions.get_by_role("button", name="Closed at this meeting: A2")
    button.focus()
    button.press("Enter")
    expect(page.get_by_role("status").filter(has_text="A2 recorded as closed at this meeting.")).to_be_visible()
    completed = page.get_by_role("table", name="Completed since the last meeting")
    expect(completed).to_contain_text("Circulate the MASPI action plan")
    expect(page.get_by_role("table", name="Open actions")).not_to_contain_text("Circulate the MASPI action plan")
    check_a11y(page)
