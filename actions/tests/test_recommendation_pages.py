"""The recommendation tracker's pages: who may open each, the committee's monitoring table in the council
layout (with the minute's link, "TBC" targets, blank officers, the overdue responses above it, pages of 50,
an empty state) in the same number of queries at two sizes, its CSV, a recommendation's page and the forms
that record an update or a response and set the details, entering one, and the board page's link."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse

from actions import recommendations as recs
from actions.enums import RecommendationStatus, TargetKind
from actions.models import TrackedRecommendation
from boards.enums import BoardKind
from boards.models import Membership
from meetings.enums import MeetingStatus
from meetings.minutes import services as minutes_services
from meetings.tests.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "member", "chair", "coordinator", "other_coordinator", "superuser"]
OK, DENIED, LOGIN = 200, 403, 302
MEMBERS = [LOGIN, DENIED, OK, OK, OK, DENIED, OK]
COORDINATORS = [LOGIN, DENIED, DENIED, DENIED, OK, DENIED, OK]

TODAY = datetime.date.today()
MADE = TODAY - datetime.timedelta(days=90)  # responses were due a month ago


@pytest.fixture(autouse=True)
def _no_documents(monkeypatch):
    monkeypatch.setattr("meetings.minutes.documents.documents_request", lambda **kwargs: [])


@pytest.fixture
def world(cast, django_capture_on_commit_callbacks):
    """The cast's board as a scrutiny committee: a resolution with two recommendations in the minutes of a
    meeting three months ago (their responses overdue), one entered directly with a month target and an
    officer in words, and one accepted with its response."""
    board = cast.board
    board.kind = BoardKind.SCRUTINY_COMMITTEE
    board.name = "Children's Services Scrutiny Committee"
    board.short_name = "CSSC"
    board.save()
    Membership.objects.filter(board=board).update(start_date=datetime.date(2010, 1, 1))
    meeting = MeetingFactory(board=board, date=MADE, status=MeetingStatus.HELD)
    AgendaItemFactory(meeting=meeting, position=1, title="Children missing education: task group report")
    with django_capture_on_commit_callbacks(execute=True):
        minutes = minutes_services.minutes_start(user=cast.coordinator, meeting=meeting)
        decision = minutes_services.decision_add(
            user=cast.coordinator, minute=minutes.items.get(), text="That the task group's report be endorsed."
        )
        minutes_services.recommendations_set(
            user=cast.coordinator,
            decision=decision,
            rows=[
                ("A single register of children missing education be kept.", "Cabinet Member for Children"),
                ("Schools report absences of ten days within a week.", "Cabinet Member for Children"),
            ],
        )
    cast.minute = decision.minute
    cast.r1, cast.r2 = TrackedRecommendation.objects.order_by("number")
    cast.r3 = recs.recommendation_create(
        user=cast.coordinator,
        board=board,
        text="Report on school transport costs.",
        made_on=TODAY - datetime.timedelta(days=10),
        addressee="The Executive",
        target_kind=TargetKind.MONTH,
        target_date=datetime.date(TODAY.year + 1, 3, 17),
        officer_text="Director of Education",
    )
    cast.r4 = recs.recommendation_create(
        user=cast.coordinator,
        board=board,
        text="Publish the sufficiency strategy.",
        made_on=MADE,
        target_kind=TargetKind.DATE,
        target_date=TODAY + datetime.timedelta(days=60),
        officer=cast.chair.person,
    )
    recs.recommendation_update(
        user=cast.coordinator,
        recommendation=cast.r4,
        status=RecommendationStatus.ACCEPTED,
        response="Accepted: the strategy is published in the spring.",
        response_date=TODAY - datetime.timedelta(days=20),
    )
    return cast


def url(name, *args):
    return reverse(f"actions:{name}", args=args)


TABLE = [
    ("recommendation_monitoring", lambda w: [w.board.slug], MEMBERS),
    ("recommendation_monitoring_csv", lambda w: [w.board.slug], MEMBERS),
    ("recommendation_create", lambda w: [w.board.slug], COORDINATORS),
    ("recommendation_detail", lambda w: [w.r1.pk], MEMBERS),
]


@pytest.mark.parametrize(("name", "args", "expected"), TABLE, ids=[row[0] for row in TABLE])
def test_who_may_open_each_page(client, world, name, args, expected):
    address = url(name, *args(world))
    got = []
    for role in ROLES:
        client.logout()
        user = world.user(role)
        if user is not None:
            client.force_login(user)
        got.append(client.get(address).status_code)
    assert dict(zip(ROLES, got, strict=True)) == dict(zip(ROLES, expected, strict=True))


def test_only_coordinators_record_updates(client, world):
    for role, expected in (("member", DENIED), ("chair", DENIED), ("other_coordinator", DENIED)):
        client.force_login(world.user(role))
        response = client.post(
            url("recommendation_detail", world.r1.pk),
            {"form": "update", "update-text": "Mine to say?", "update-status": RecommendationStatus.NOT_YET_DUE},
        )
        assert response.status_code == expected, role
    assert not world.r1.updates.exists()


def test_every_recommendation_url_name_is_in_the_table():
    from actions import urls

    names = {p.name for p in urls.urlpatterns if p.name.startswith("recommendation")}
    assert names == {row[0] for row in TABLE}


# The monitoring table -------------------------------------------------------------------------------------


def row_html(html: str, reference: str) -> str:
    return re.search(rf'<tr>\s*<th scope="row"><a href="[^"]+">{reference}</a></th>.*?</tr>', html, re.S).group(0)


def test_the_monitoring_table_in_the_council_layout(client, world):
    client.force_login(world.member)
    response = client.get(url("recommendation_monitoring", world.board.slug))
    html = response.content.decode()
    headings = re.findall(r'<th scope="col">([^<]+)</th>', html)
    assert headings == [
        "No",
        "Date of recommendation",
        "Recommendation",
        "Target date",
        "Responsible officer",
        "Update",
        "Status",
    ]
    assert [r.reference for r in response.context["page"].object_list] == ["R1", "R2", "R4", "R3"]
    r1 = row_html(html, "R1")
    assert "To Cabinet Member for Children." in r1
    assert f'href="{world.minute.get_absolute_url()}"' in r1 and f">{world.minute.label}<" in r1
    assert 'data-label="Target date" class="text-md-nowrap">TBC<' in r1
    assert "Not yet named" in r1 and "Awaiting response (overdue)" in r1
    r3 = row_html(html, "R3")
    assert f"March {TODAY.year + 1}" in r3 and "Director of Education" in r3 and "Entered directly" in r3
    assert ">Not yet due<" in r3
    r4 = row_html(html, "R4")  # accepted: the response is its update; completed rows stay
    assert "Response: Accepted: the strategy is published in the spring." in r4 and ">Accepted<" in r4
    assert world.chair.person.full_name in r4


def test_the_overdue_responses_are_listed_above_the_table(client, world):
    client.force_login(world.member)
    html = client.get(url("recommendation_monitoring", world.board.slug)).content.decode()
    overdue = html[html.index("Overdue responses (2)") : html.index("<table")]
    assert re.findall(r">(R\d+)</a>", overdue) == ["R1", "R2"]
    due = recs.response_due_for(MADE)
    assert f"to Cabinet Member for Children: response due {due.day} {due:%B %Y}" in overdue
    assert "4 recommendations, 2 awaiting an overdue response" in html


def test_the_latest_update_with_words_fills_the_update_column(client, world):
    recs.recommendation_update(user=world.coordinator, recommendation=world.r2, text="Chased the Cabinet Member.")
    recs.recommendation_update(
        user=world.coordinator, recommendation=world.r2, status=RecommendationStatus.AWAITING_RESPONSE
    )
    client.force_login(world.member)
    html = client.get(url("recommendation_monitoring", world.board.slug)).content.decode()
    assert f'Chased the Cabinet Member.</span> <small class="text-nowrap">({TODAY:%-d %b %Y})' in row_html(html, "R2")


def test_an_empty_table_says_what_to_do_next(client, cast):
    client.force_login(cast.coordinator)
    html = client.get(url("recommendation_monitoring", cast.board.slug)).content.decode()
    assert "No recommendations yet." in html and "<table" not in html
    assert f'href="{url("recommendation_create", cast.board.slug)}">enter a recommendation</a>' in html
    client.force_login(cast.member)
    html = client.get(url("recommendation_monitoring", cast.board.slug)).content.decode()
    assert "The committee's clerk can also enter one" in html


def test_fifty_to_a_page(client, world):
    for i in range(50):
        recs.recommendation_create(user=world.coordinator, board=world.board, text=f"Extra {i}", made_on=TODAY)
    client.force_login(world.member)
    first = client.get(url("recommendation_monitoring", world.board.slug))
    assert len(first.context["page"].object_list) == 50 and "Page 1 of 2" in first.content.decode()
    second = client.get(url("recommendation_monitoring", world.board.slug) + "?page=2")
    assert [r.reference for r in second.context["page"].object_list] == ["R51", "R52", "R53", "R54"]


def test_the_table_takes_the_same_queries_for_five_rows_or_thirty(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cast.board.kind = BoardKind.SCRUTINY_COMMITTEE
    cast.board.save()
    client.force_login(cast.member)

    def count(n: int) -> int:
        have = TrackedRecommendation.objects.filter(board=cast.board).count()
        for i in range(have, n):
            row = recs.recommendation_create(
                user=cast.coordinator,
                board=cast.board,
                text=f"Recommendation {i}",
                made_on=MADE,
                officer=cast.chair.person if i % 2 else None,
            )
            recs.recommendation_update(user=cast.coordinator, recommendation=row, text=f"Progress {i}.")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("recommendation_monitoring", cast.board.slug))
        assert len(response.context["page"].object_list) == n
        return len(queries)

    five = count(5)
    assert count(30) == five


def test_the_csv_has_every_row_with_cells_escaped(client, world):
    recs.recommendation_update(user=world.coordinator, recommendation=world.r1, text='=HYPERLINK("x")')
    client.force_login(world.member)
    response = client.get(url("recommendation_monitoring_csv", world.board.slug))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:8] == [
        "No",
        "Date of recommendation",
        "Recommendation",
        "Addressed to",
        "Meeting",
        "Minute",
        "Target date",
        "Responsible officer",
    ]
    by_ref = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert list(by_ref) == ["R1", "R2", "R4", "R3"]
    assert by_ref["R1"]["Update"] == '\'=HYPERLINK("x")'
    assert by_ref["R1"]["Minute"] == world.minute.label and by_ref["R1"]["Target date"] == "TBC"
    assert by_ref["R1"]["Status"] == "Awaiting response (overdue)"
    assert by_ref["R4"]["Response"].startswith("Accepted:") and by_ref["R4"]["Status"] == "Accepted"
    assert by_ref["R3"]["Responsible officer"] == "Director of Education"


# A recommendation ------------------------------------------------------------------------------------------


def test_the_page_shows_the_details_and_the_timeline(client, world):
    client.force_login(world.member)
    html = client.get(url("recommendation_detail", world.r4.pk)).content.decode()
    assert "Recommendation R4" in html and "Publish the sufficiency strategy." in html
    assert "Status: Not yet due → <strong>Accepted</strong>" in html
    assert "Record the update" not in html  # members read only
    client.force_login(world.coordinator)
    html = client.get(url("recommendation_detail", world.r4.pk)).content.decode()
    assert "Record the update" in html and "Save the details" in html


def test_a_coordinator_records_a_response_and_the_status_changes(client, world):
    client.force_login(world.coordinator)
    address = url("recommendation_detail", world.r1.pk)
    refused = client.post(address, {"form": "update", "update-status": RecommendationStatus.ACCEPTED})
    assert refused.status_code == 200 and "Record the response" in refused.content.decode()
    response = client.post(
        address,
        {
            "form": "update",
            "update-status": RecommendationStatus.PARTLY_ACCEPTED,
            "update-response": "Accepted for secondary schools.",
            "update-response_date": (TODAY - datetime.timedelta(days=2)).isoformat(),
            "update-text": "Cabinet Member replied.",
        },
    )
    assert response.status_code == 302 and response["Location"] == address
    world.r1.refresh_from_db()
    assert (world.r1.status, world.r1.response, world.r1.response_date) == (
        RecommendationStatus.PARTLY_ACCEPTED,
        "Accepted for secondary schools.",
        TODAY - datetime.timedelta(days=2),
    )
    assert list(world.r1.updates.values_list("status_before", "status_after", "text")) == [
        (RecommendationStatus.NOT_YET_DUE, RecommendationStatus.PARTLY_ACCEPTED, "Cabinet Member replied.")
    ]


def test_a_coordinator_sets_the_target_and_the_officer(client, world):
    client.force_login(world.coordinator)
    address = url("recommendation_detail", world.r1.pk)
    data = {
        "form": "edit",
        "edit-addressee": "The Executive",
        "edit-target_kind": TargetKind.MONTH,
        "edit-target_date": "",
        "edit-officer": world.chair.person.pk,
        "edit-officer_text": "",
        "edit-response_due": world.r1.response_due.isoformat(),
    }
    refused = client.post(address, data)
    assert "Give the target date" in refused.content.decode()
    response = client.post(address, data | {"edit-target_date": f"{TODAY.year + 1}-06-20"})
    assert response.status_code == 302
    world.r1.refresh_from_db()
    assert (world.r1.target_label, world.r1.officer, world.r1.addressee) == (
        f"June {TODAY.year + 1}",
        world.chair.person,
        "The Executive",
    )
    both = client.post(address, data | {"edit-target_kind": TargetKind.TBC, "edit-officer_text": "Someone"})
    assert "not both" in both.content.decode()


def test_a_coordinator_enters_a_recommendation(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        url("recommendation_create", world.board.slug),
        {
            "text": "Review home-to-school transport eligibility.",
            "made_on": TODAY.isoformat(),
            "addressee": "Cabinet Member for Education",
            "target_kind": TargetKind.TBC,
            "officer_text": "",
        },
    )
    row = TrackedRecommendation.objects.get(board=world.board, number=5)
    assert response.status_code == 302 and response["Location"] == row.get_absolute_url()
    assert (row.target_label, row.officer_label, row.response_due) == ("TBC", "", recs.response_due_for(TODAY))


def test_the_board_page_links_to_the_monitoring_table_of_a_council_committee(client, world):
    client.force_login(world.member)
    link = f'href="{url("recommendation_monitoring", world.board.slug)}"'
    assert link in client.get(world.board.get_absolute_url()).content.decode()
    client.force_login(world.other_coordinator)
    other = world.other_board
    assert url("recommendation_monitoring", other.slug) not in client.get(other.get_absolute_url()).content.decode()
