"""The work programme: topics planned for a meeting, a month, a quarter or "to be confirmed"."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from core.permissions import SYSTEM
from meetings import selectors, services
from meetings.enums import MeetingKind, PlannedFor
from meetings.models import WorkProgrammeEntry, quarter_label
from meetings.packs.kinds import WorkProgrammeSource

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def meetings(cast):
    return [
        services.meeting_create(user=SYSTEM, board=cast.board, date=day, start_time=datetime.time(14), kind=kind)
        for day, kind in (
            (D(2030, 3, 14), MeetingKind.ORDINARY),
            (D(2030, 6, 13), MeetingKind.ORDINARY),
            (D(2030, 5, 2), MeetingKind.DEEP_DIVE),
        )
    ]


def plan(board, topic, **when):
    return services.work_programme_add(user=SYSTEM, board=board, topic=topic, **when)


def test_a_topic_is_planned_for_a_meeting_a_month_a_quarter_or_to_be_confirmed(cast, meetings):
    at_meeting = plan(cast.board, "Youth Justice Plan", meeting=meetings[1])
    in_month = plan(cast.board, "School readiness", month=D(2030, 9, 17))
    in_quarter = plan(cast.board, "Domestic abuse services", quarter=D(2030, 10, 1))
    tbc = plan(cast.board, "Emotional health and wellbeing")
    assert [(e.planned_for, e.when) for e in (at_meeting, in_month, in_quarter, tbc)] == [
        (PlannedFor.MEETING, "13 June 2030"),
        (PlannedFor.MONTH, "September 2030"),
        (PlannedFor.QUARTER, "Q3 2030/31 (October to December 2030)"),
        (PlannedFor.TBC, "To be confirmed"),
    ]
    assert in_month.month == D(2030, 9, 1)  # a month is held as its first day


def test_a_topic_is_planned_for_one_time_only(cast, meetings):
    with pytest.raises(ValidationError, match="one of a meeting, a month or a quarter"):
        plan(cast.board, "Prevent", meeting=meetings[0], month=D(2030, 3, 1))
    with pytest.raises(ValidationError, match="April, July, October or January"):
        plan(cast.board, "Prevent", quarter=D(2030, 5, 1))
    assert not WorkProgrammeEntry.objects.exists()


def test_the_database_refuses_two_times_and_a_month_that_is_not_a_first_day(cast, meetings):
    for when in (
        {"meeting": meetings[0], "quarter": D(2030, 4, 1)},
        {"month": D(2030, 4, 1), "quarter": D(2030, 4, 1)},
        {"month": D(2030, 4, 2)},
        {"quarter": D(2030, 5, 1)},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            WorkProgrammeEntry.objects.create(board=cast.board, topic="Refused", **when)


def test_quarters_are_quarters_of_the_financial_year():
    assert [quarter_label(D(2031, m, 1)) for m in (4, 7, 10, 1)] == [
        "Q1 2031/32 (April to June 2031)",
        "Q2 2031/32 (July to September 2031)",
        "Q3 2031/32 (October to December 2031)",
        "Q4 2030/31 (January to March 2031)",
    ]


def test_pulling_a_topic_planned_for_a_month_plans_it_for_that_meeting(cast, meetings):
    entry = plan(cast.board, "School readiness", month=D(2030, 6, 1))
    services.work_programme_pull(user=SYSTEM, entry=entry, meeting=meetings[1])
    entry.refresh_from_db()
    assert (entry.planned_for, entry.meeting, entry.month) == (PlannedFor.MEETING, meetings[1], None)
    assert entry.agenda_item.meeting == meetings[1]


def _plan_some(board, meetings):
    plan(board, "To be confirmed, first")
    plan(board, "Quarter three", quarter=D(2030, 10, 1))
    plan(board, "June", month=D(2030, 6, 1))
    plan(board, "June meeting", meeting=meetings[1])
    plan(board, "Quarter one", quarter=D(2030, 4, 1))
    plan(board, "March meeting", meeting=meetings[0])
    plan(board, "February", month=D(2030, 2, 1))
    plan(board, "Deep dive", meeting=meetings[2])


def test_the_work_programme_lists_meetings_then_months_then_quarters_then_to_be_confirmed(cast, meetings):
    _plan_some(cast.board, meetings)
    groups = selectors.work_programme(board=cast.board)
    assert [(heading, [e.topic for e in entries]) for heading, entries in groups] == [
        ("Planned for a meeting", ["March meeting", "Deep dive", "June meeting"]),
        ("Planned for a month", ["February", "June"]),
        ("Planned for a quarter", ["Quarter one", "Quarter three"]),
        ("To be confirmed", ["To be confirmed, first"]),
    ]


def test_the_page_shows_the_groups_in_order_with_a_constant_number_of_queries(
    client, cast, meetings, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.member)
    url = reverse("meetings:work_programme", args=[cast.board.slug])
    plan(cast.board, "One topic", meeting=meetings[0])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _plan_some(cast.board, meetings)
    with django_assert_num_queries(len(small.captured_queries)):
        html = client.get(url).content.decode()
    headings = ["Planned for a meeting", "Planned for a month", "Planned for a quarter", "To be confirmed"]
    assert [html.index(f">{h}</h2>") for h in headings] == sorted(html.index(f">{h}</h2>") for h in headings)
    assert "Informal session (deep dive)" in html
    assert "Q1 2030/31 (April to June 2030)" in html and "February 2030" in html


def test_a_coordinator_plans_a_topic_for_a_quarter_through_the_page(client, cast, meetings, clock):
    clock.now = datetime.datetime(2030, 2, 10, 12, tzinfo=datetime.UTC)
    client.force_login(cast.coordinator)
    url = reverse("meetings:work_programme", args=[cast.board.slug])
    form = client.get(url).context["form"]
    assert [label for _, label in form.fields["quarter"].choices][1:3] == [
        "Q4 2029/30 (January to March 2030)",
        "Q1 2030/31 (April to June 2030)",
    ]
    assert [label for _, label in form.fields["month"].choices][1:3] == ["February 2030", "March 2030"]
    # The other lists are ignored: only the one chosen counts.
    data = {"topic": "SEND inspection readiness", "planned_for": "quarter", "quarter": "2030-07-01"}
    response = client.post(url, {**data, "meeting": meetings[0].pk, "month": "2030-03-01"})
    assert response.status_code == 302
    entry = WorkProgrammeEntry.objects.get(topic="SEND inspection readiness")
    assert (entry.meeting, entry.month, entry.quarter) == (None, None, D(2030, 7, 1))


def test_the_page_asks_for_the_month_when_a_month_is_chosen(client, cast, meetings):
    client.force_login(cast.coordinator)
    url = reverse("meetings:work_programme", args=[cast.board.slug])
    response = client.post(url, {"topic": "School readiness", "planned_for": "month", "month": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["month"] == ["Choose the month, or plan the topic differently."]
    client.post(url, {"topic": "Youth voice", "planned_for": "tbc"})
    assert WorkProgrammeEntry.objects.get().planned_for == PlannedFor.TBC


def test_the_pack_lists_what_is_planned_from_this_meeting_on(cast, meetings):
    march = meetings[0]
    plan(cast.board, "Last month", month=D(2030, 2, 1))
    plan(cast.board, "This month", month=D(2030, 3, 1))
    plan(cast.board, "Last quarter", quarter=D(2029, 10, 1))
    plan(cast.board, "This quarter", quarter=D(2030, 1, 1))
    plan(cast.board, "Next quarter", quarter=D(2030, 4, 1))
    plan(cast.board, "At this meeting", meeting=march)
    plan(cast.board, "At the deep dive", meeting=meetings[2])
    plan(cast.board, "Some time")
    source = WorkProgrammeSource(meeting=march, entry=SimpleNamespace(number="9"), title="Work programme")
    assert [(row["meeting"], row["topic"]) for row in source.content()["rows"]] == [
        ("2 May 2030", "At the deep dive"),
        ("March 2030", "This month"),
        ("Q4 2029/30 (January to March 2030)", "This quarter"),
        ("Q1 2030/31 (April to June 2030)", "Next quarter"),
        ("To be confirmed", "Some time"),
    ]
