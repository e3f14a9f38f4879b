"""The action pages run the same number of queries however many actions there are: the board's log (every
filter and sort), "my actions", the dashboard's card, and an action's page with a long timeline."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.enums import ActionSource, ActionStatus
from actions.models import Action, ActionOwner, ActionUpdate
from boards.tests.factories import MembershipFactory, OrganisationFactory, PersonFactory
from meetings.enums import MeetingStatus
from meetings.minutes.models import Minute, Minutes
from meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

SMALL, LARGE = 30, 300
TODAY = datetime.date.today()
STATUSES = [ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DEFERRED, ActionStatus.OPEN]


@pytest.fixture
def setting(cast):
    """The board's people (each from their own organisation), two held meetings with minutes, and the
    member also on a second board."""
    people = [cast.member.person, cast.chair.person]
    for n in range(4):
        person = PersonFactory(organisation=OrganisationFactory(name=f"Partner agency {n}"), initials=f"Q{n}")
        MembershipFactory(board=cast.board, person=person)
        people.append(person)
    MembershipFactory(board=cast.other_board, person=cast.member.person)
    minutes = []
    for n in range(2):
        meeting = MeetingFactory(
            board=cast.board, date=TODAY - datetime.timedelta(days=90 - 30 * n), status=MeetingStatus.HELD
        )
        record = Minutes.objects.create(meeting=meeting, style="partnership")
        minutes.append(Minute.objects.create(minutes=record, position=1, number=str(n + 3), title="Action log"))
    cast.people, cast.minutes = people, minutes
    return cast


def add_actions(setting, count: int) -> None:
    """``count`` more actions on the board (and a tenth as many on the member's other board): joint ones,
    minuted ones, some overdue, some by the next meeting, some closed, each with updates."""
    boards = [(setting.board, count), (setting.other_board, max(count // 10, 1))]
    for board, how_many in boards:
        start = Action.objects.filter(board=board).count()
        actions = []
        for i in range(start, start + how_many):
            minute = setting.minutes[i % 2] if board == setting.board and i % 3 == 0 else None
            actions.append(
                Action(
                    board=board,
                    number=i + 1,
                    source=ActionSource.MINUTES if minute else ActionSource.OUTSIDE,
                    meeting=minute.minutes.meeting if minute else None,
                    minute=minute,
                    text=f"Action {i}: report back on the audit.",
                    due_date=None if i % 5 == 0 else TODAY + datetime.timedelta(days=i % 40 - 10),
                    due_next_meeting=i % 10 == 0,
                    status=ActionStatus.COMPLETED if i % 7 == 0 else STATUSES[i % 4],
                    status_reason="Waiting" if STATUSES[i % 4] == ActionStatus.DEFERRED else "",
                )
            )
        Action.objects.bulk_create(actions)
        saved = Action.objects.filter(board=board, number__gt=start).order_by("number")
        owners, updates = [], []
        people = itertools.cycle(setting.people[1:])
        for action in saved:
            owners.append(ActionOwner(action=action, person=setting.member.person, position=0))
            if action.number % 2 == 0:
                owners.append(ActionOwner(action=action, person=next(people), position=1))
            for n in range(action.number % 3):
                updates.append(ActionUpdate(action=action, author=setting.coordinator, text=f"Update {n}"))
        ActionOwner.objects.bulk_create(owners)
        ActionUpdate.objects.bulk_create(updates)


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


LOG_QUERIES = ["", "?closed=on", "?sort=-due", "?sort=owner", "?sort=status&overdue=yes", "?q=audit&overdue=no"]


@pytest.mark.parametrize("query", LOG_QUERIES)
def test_the_board_log_runs_the_same_queries_at_30_and_300_actions(client, setting, query):
    client.force_login(setting.member)
    url = reverse("actions:board_action_log", args=[setting.board.slug]) + query
    add_actions(setting, SMALL)
    first = queries(client, url)
    second_page = queries(client, url + ("&" if query else "?") + "page=2")
    add_actions(setting, LARGE - SMALL)
    assert Action.objects.filter(board=setting.board).count() == LARGE
    assert (first, second_page, queries(client, url)) == (first, first, first)


def test_my_actions_runs_the_same_queries_at_30_and_300_actions(client, setting):
    client.force_login(setting.member)
    url = reverse("actions:my_actions")
    add_actions(setting, SMALL)
    first = queries(client, url)
    second_page = queries(client, url + "?page=2")
    add_actions(setting, LARGE - SMALL)
    assert (first, second_page, queries(client, url)) == (first, first, first)


def test_the_dashboard_card_runs_the_same_queries_at_3_and_300_actions(client, setting):
    client.force_login(setting.member)
    url = reverse("dashboard")
    add_actions(setting, 3)
    few = queries(client, url)
    add_actions(setting, LARGE - 3)
    assert queries(client, url) == few


def test_an_actions_page_runs_the_same_queries_with_a_long_timeline(client, setting):
    client.force_login(setting.coordinator)
    add_actions(setting, SMALL)
    action = Action.objects.filter(board=setting.board, minute__isnull=False).order_by("number").first()
    url = action.get_absolute_url()
    short = queries(client, url)
    ActionUpdate.objects.bulk_create(
        ActionUpdate(action=action, author_person=person, text="More", status_before="open", status_after="open")
        for person in setting.people * 10
    )
    assert queries(client, url) == short
