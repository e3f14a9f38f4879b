"""The board's decision register (boards/<slug>/decisions/): every decision in the board's minutes for its
members, newest meeting first, searchable and filtered by meeting and year, drafts marked, Part II decisions
only for those who read Part II, in a constant number of queries."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boards.enums import Role
from boards.models import Membership
from boards.tests.factories import MembershipFactory, UserFactory
from meetings.enums import MeetingStatus, Standing
from meetings.minutes import services
from meetings.tests.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_documents(monkeypatch):
    """The register reads the minutes' text; their PDFs have their own tests."""
    monkeypatch.setattr("meetings.minutes.documents.documents_request", lambda **kwargs: [])


def held_meeting(board, day, titles=("Welcome", "Minutes of the last meeting", "Safeguarding", "Commissioning")):
    meeting = MeetingFactory(board=board, date=day, status=MeetingStatus.HELD)
    for position, title in enumerate(titles, start=1):
        AgendaItemFactory(
            meeting=meeting,
            position=position,
            title=title,
            standing=Standing.MINUTES if title.startswith("Minutes") else "",
            confidential=title == "Commissioning",
            exemption_reason="Paragraph 3: financial or business affairs" if title == "Commissioning" else "",
        )
    return meeting


def minutes_with(cast, meeting, decisions: dict[str, list[str]], *, circulate=True):
    """Minutes of ``meeting`` with ``decisions`` under the minutes numbered by the keys."""
    minutes = services.minutes_start(user=cast.coordinator, meeting=meeting)
    for number, texts in decisions.items():
        minute = minutes.items.get(number=number)
        for text in texts:
            services.decision_add(user=cast.coordinator, minute=minute, text=text)
    if circulate:
        minutes = services.minutes_circulate(user=cast.coordinator, minutes=minutes)
    return minutes


@pytest.fixture
def register(cast, clock):
    """Two meetings' minutes: May 2015 (circulated), December 2016 (circulated, a Part II decision, a
    resolution with recommendations), and February 2017's draft, not yet circulated."""
    Membership.objects.filter(board=cast.board).update(start_date=datetime.date(2010, 1, 1))
    may = held_meeting(cast.board, datetime.date(2015, 5, 21))
    minutes_with(cast, may, {"3": ["That the minutes of the LSCB be noted.", "To discuss the MASPI Action Plan."]})
    december = held_meeting(cast.board, datetime.date(2016, 12, 14))
    dec = minutes_with(
        cast,
        december,
        {
            "3": ["That the Troubled Families update be noted."],
            "4": ["That the youth services tender be awarded to the preferred bidder."],
        },
        circulate=False,
    )
    resolution = services.decision_add(
        user=cast.coordinator,
        minute=dec.items.get(number="2"),
        text="That the Board's response on the CSE action plan be sent.",
        addressee="the Cabinet Member for Children and Families",
    )
    services.recommendations_set(
        user=cast.coordinator,
        decision=resolution,
        rows=[("That CSE training be offered to taxi drivers in every district.", "the licensing committees")],
    )
    services.minutes_circulate(user=cast.coordinator, minutes=dec)
    february = held_meeting(cast.board, datetime.date(2017, 2, 9))
    minutes_with(cast, february, {"3": ["That the draft budget be agreed."]}, circulate=False)
    return cast


def page(client, user, board, **params):
    client.force_login(user)
    return client.get(reverse("meetings:decision_register", args=[board.slug]), params)


def numbers(response) -> list[str]:
    return re.findall(r'<th scope="row" class="text-nowrap">([A-Z]+/\d{4}/\d{3})</th>', response.content.decode())


def test_members_read_every_circulated_decision_newest_meeting_first(client, register):
    response = page(client, register.member, register.board)
    assert response.status_code == 200
    assert numbers(response) == [
        "CPB/2016/003",  # minute 2: the resolution, recorded last but minuted first
        "CPB/2016/001",
        "CPB/2016/002",  # minute 4: Part II, and the member reads Part II
        "CPB/2015/001",
        "CPB/2015/002",
    ]
    html = response.content.decode()
    assert "The Board agreed: That the minutes of the LSCB be noted." in html
    assert "Addressed to: the Cabinet Member for Children and Families" in html
    assert "That CSE training be offered to taxi drivers in every district." in html
    assert "(to the licensing committees)" in html
    assert "3 Safeguarding" in html and "21 May 2015" in html
    assert html.count('<span class="badge text-bg-warning">Draft</span>') == 5
    assert "That the draft budget be agreed." not in html  # not yet gone to members
    assert html.count('<span class="badge text-bg-secondary">Part II</span>') == 1


def test_the_coordinator_reads_drafts_not_yet_circulated(client, register):
    response = page(client, register.coordinator, register.board)
    assert numbers(response)[0] == "CPB/2017/001"
    assert "That the draft budget be agreed." in response.content.decode()


def test_observers_do_not_read_part_two_decisions(client, register):
    observer = UserFactory()
    MembershipFactory(board=register.board, person=observer.person, role=Role.OBSERVER)
    response = page(client, observer, register.board)
    assert numbers(response) == ["CPB/2016/003", "CPB/2016/001", "CPB/2015/001", "CPB/2015/002"]
    assert "youth services tender" not in response.content.decode()


def test_approved_minutes_are_not_marked_draft(client, register, clock):
    may = register.board.meetings.get(date=datetime.date(2015, 5, 21)).minutes
    later = register.board.meetings.get(date=datetime.date(2016, 12, 14))
    services.minutes_confirm(user=register.coordinator, minutes=may, at_meeting=later, presiding=register.chair.person)
    html = page(client, register.member, register.board, year="2015").content.decode()
    assert "Draft</span>" not in html
    assert html.count("Confirmed as a correct record, awaiting signature") == 2


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("maspi", ["CPB/2015/002"]),  # the decision's text, in any case
        ("cabinet member", ["CPB/2016/003"]),  # whom it is addressed to
        ("taxi drivers", ["CPB/2016/003"]),  # its recommendations
        ("nothing of the sort", []),
    ],
)
def test_search_looks_in_the_text_the_addressee_and_the_recommendations(client, register, query, expected):
    response = page(client, register.member, register.board, q=query)
    assert numbers(response) == expected
    if not expected:
        assert "No decision matches this search" in response.content.decode()


def test_filter_by_meeting_and_by_year(client, register):
    may = register.board.meetings.get(date=datetime.date(2015, 5, 21))
    assert numbers(page(client, register.member, register.board, meeting=may.pk)) == ["CPB/2015/001", "CPB/2015/002"]
    assert numbers(page(client, register.member, register.board, year="2016")) == [
        "CPB/2016/003",
        "CPB/2016/001",
        "CPB/2016/002",
    ]
    html = page(client, register.member, register.board).content.decode()
    # The choices are the meetings and years of the decisions the reader may read.
    assert f'<option value="{may.pk}">21 May 2015</option>' in html
    assert '<option value="2016">2016</option>' in html and '<option value="2017">' not in html
    # A choice that is no longer offered (an old link) shows the whole register rather than failing.
    assert len(numbers(page(client, register.member, register.board, meeting="999999"))) == 5


def test_an_htmx_search_gets_the_rows_only(client, register):
    client.force_login(register.member)
    url = reverse("meetings:decision_register", args=[register.board.slug])
    html = client.get(url, {"q": "maspi"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html and "CPB/2015/002" in html


def test_the_register_is_paginated_25_to_a_page(client, cast, clock):
    Membership.objects.filter(board=cast.board).update(start_date=datetime.date(2010, 1, 1))
    meeting = held_meeting(cast.board, datetime.date(2015, 5, 21))
    minutes_with(cast, meeting, {"3": [f"Decision {n}" for n in range(1, 28)]})
    first = page(client, cast.member, cast.board)
    assert len(numbers(first)) == 25 and "Page 1 of 2" in first.content.decode()
    second = page(client, cast.member, cast.board, page="2")
    assert numbers(second) == ["CPB/2015/026", "CPB/2015/027"]


def test_each_minute_links_to_its_place_in_the_minutes(client, register):
    minute = register.board.meetings.get(date=datetime.date(2015, 5, 21)).minutes.items.get(number="3")
    url = reverse("meetings:minutes_detail", args=[minute.minutes.meeting_id]) + f"#minute-{minute.pk}"
    assert f'<a href="{url}">3 Safeguarding</a>' in page(client, register.member, register.board).content.decode()
    # The minutes page has that anchor, and the member reads the minutes there.
    assert f'id="minute-{minute.pk}"' in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("outsider", 403),
        ("other_coordinator", 403),
        ("member", 200),
        ("chair", 200),
        ("coordinator", 200),
        ("superuser", 200),
    ],
)
def test_who_reads_the_register(client, register, role, status):
    user = register.user(role)
    if user is not None:
        client.force_login(user)
    for name in ("meetings:decision_register", "meetings:decision_register_csv"):
        assert client.get(reverse(name, args=[register.board.slug])).status_code == status


def test_empty_register_says_what_to_do_next(client, cast):
    coordinator = page(client, cast.coordinator, cast.board).content.decode()
    assert "No decisions are recorded yet" in coordinator and "start its minutes" in coordinator
    member = page(client, cast.member, cast.board).content.decode()
    assert "once the coordinator circulates a meeting's draft minutes" in member


def test_the_board_meetings_page_links_to_the_register(client, register):
    client.force_login(register.member)
    html = client.get(reverse("meetings:board_meetings", args=[register.board.slug])).content.decode()
    assert f'href="{reverse("meetings:decision_register", args=[register.board.slug])}"' in html


def test_csv_has_the_rows_of_the_search(client, register):
    client.force_login(register.member)
    response = client.get(reverse("meetings:decision_register_csv", args=[register.board.slug]), {"year": "2016"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Decision", "Meeting", "Minute"]
    assert [r[0] for r in rows[1:]] == ["CPB/2016/003", "CPB/2016/001", "CPB/2016/002"]
    assert rows[1][7] == (
        "(i) That CSE training be offered to taxi drivers in every district. (to the licensing committees)"
    )
    assert rows[1][8] == "Draft"
    assert [r[9] for r in rows[1:]] == ["", "", "Part II"]


def test_query_count_does_not_grow_with_the_register(client, cast, clock, django_assert_num_queries):
    Membership.objects.filter(board=cast.board).update(start_date=datetime.date(2010, 1, 1))
    client.force_login(cast.member)
    url = reverse("meetings:decision_register", args=[cast.board.slug])
    first = held_meeting(cast.board, datetime.date(2015, 5, 21))
    minutes = minutes_with(cast, first, {"3": ["That the minutes of the LSCB be noted."]}, circulate=False)
    decision = minutes.items.get(number="3").decisions.get()
    services.recommendations_set(user=cast.coordinator, decision=decision, rows=[("Tell the LSCB.", "")])
    services.minutes_circulate(user=cast.coordinator, minutes=minutes)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n, day in enumerate((datetime.date(2015, 9, 17), datetime.date(2016, 3, 10), datetime.date(2016, 12, 14))):
        later = minutes_with(
            cast,
            held_meeting(cast.board, day),
            {"3": [f"Decision {n}.{k}" for k in range(8)], "4": ["Exempt"]},
            circulate=False,
        )
        for d in later.items.get(number="3").decisions.all()[:3]:
            services.recommendations_set(user=cast.coordinator, decision=d, rows=[("One", "A"), ("Two", "B")])
        services.minutes_circulate(user=cast.coordinator, minutes=later)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(numbers(response)) == 25
