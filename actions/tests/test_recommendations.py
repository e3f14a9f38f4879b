"""The recommendation tracker: made from a resolution's recommendations in the minutes, or entered
directly; targets of a date, a month or TBC; responses and dated status changes; reminders once per window;
the monitoring table in a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions import recommendations as recs
from actions.enums import RecommendationStatus, TargetKind
from actions.models import TrackedRecommendation
from boards.models import Membership
from meetings.enums import MeetingStatus
from meetings.minutes import services as minutes_services
from meetings.tests.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 9, 10)


@pytest.fixture(autouse=True)
def _no_documents(monkeypatch):
    monkeypatch.setattr("meetings.minutes.documents.documents_request", lambda **kwargs: [])


@pytest.fixture
def council(cast):
    """The cast's board as a council's scrutiny committee."""
    from boards.enums import BoardKind

    cast.board.kind = BoardKind.SCRUTINY_COMMITTEE
    cast.board.name = "Children's Services Scrutiny Committee"
    cast.board.save()
    return cast.board


@pytest.fixture
def resolution(cast, council, django_capture_on_commit_callbacks):
    Membership.objects.filter(board=cast.board).update(start_date=datetime.date(2010, 1, 1))
    meeting = MeetingFactory(board=council, date=DAY, status=MeetingStatus.HELD)
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
                (
                    "A single register of children missing education be kept.",
                    "Cabinet Member for Children and Families",
                ),
                ("Schools report absences of ten days within a week.", "Cabinet Member for Children and Families"),
            ],
        )
    return decision


def test_two_recommendations_of_one_resolution_are_tracked_with_the_minutes_link(cast, resolution):
    rows = list(TrackedRecommendation.objects.order_by("number"))
    assert [r.reference for r in rows] == ["R1", "R2"]
    assert {r.minute for r in rows} == {resolution.minute}
    assert rows[0].addressee == "Cabinet Member for Children and Families"
    assert rows[0].made_on == DAY and rows[0].response_due == datetime.date(2026, 11, 10)
    assert rows[0].target_label == "TBC" and rows[0].officer_label == ""  # allowed blank
    assert rows[0].minute.get_absolute_url().endswith(f"#minute-{resolution.minute_id}")


def test_rewording_the_draft_keeps_the_tracked_row(cast, resolution, django_capture_on_commit_callbacks):
    first = TrackedRecommendation.objects.get(number=1)
    with django_capture_on_commit_callbacks(execute=True):
        minutes_services.recommendations_set(
            user=cast.coordinator,
            decision=resolution,
            rows=[("One register of children missing education be kept.", "The Executive")],
        )
    first.refresh_from_db()
    assert first.text.startswith("One register") and first.addressee == "The Executive"
    assert list(TrackedRecommendation.objects.values_list("number", flat=True)) == [1]  # (ii) was taken out


def test_status_changes_keep_their_dated_history(cast, resolution, clock):
    row = TrackedRecommendation.objects.get(number=1)
    with pytest.raises(ValidationError, match="Record the response"):
        recs.recommendation_update(user=cast.coordinator, recommendation=row, status=RecommendationStatus.ACCEPTED)
    recs.recommendation_update(
        user=cast.coordinator,
        recommendation=row,
        status=RecommendationStatus.PARTLY_ACCEPTED,
        response="Accepted for secondary schools; primary schools from 2027.",
    )
    clock.advance(days=40)
    recs.recommendation_update(
        user=cast.coordinator, recommendation=row, status=RecommendationStatus.IMPLEMENTED, text="Register live."
    )
    history = list(row.updates.values_list("status_before", "status_after"))
    assert history == [
        (RecommendationStatus.NOT_YET_DUE, RecommendationStatus.PARTLY_ACCEPTED),
        (RecommendationStatus.PARTLY_ACCEPTED, RecommendationStatus.IMPLEMENTED),
    ]
    stamps = list(row.updates.values_list("created_at", flat=True))
    assert stamps[1] - stamps[0] == datetime.timedelta(days=40)
    row.refresh_from_db()
    assert row.response_date is not None and row.status == RecommendationStatus.IMPLEMENTED
    with pytest.raises(PermissionDenied):
        recs.recommendation_update(user=cast.member, recommendation=row, text="Not mine to say")


def test_targets_by_date_month_or_tbc_and_an_officer_in_words(cast, council):
    row = recs.recommendation_create(
        user=cast.coordinator,
        board=council,
        text="Report on school transport costs.",
        made_on=DAY,
        target_kind=TargetKind.MONTH,
        target_date=datetime.date(2027, 3, 17),
        officer_text="Director of Education",
    )
    assert row.target_label == "March 2027" and row.target_date == datetime.date(2027, 3, 1)
    assert row.officer_label == "Director of Education"
    with pytest.raises(ValidationError, match="target date"):
        recs.recommendation_edit(
            user=cast.coordinator,
            recommendation=row,
            addressee="",
            target_kind=TargetKind.DATE,
            target_date=None,
            officer=None,
            officer_text="",
            response_due=row.response_due,
        )


def test_overdue_responses_and_reminders_once_per_window(
    cast, resolution, mailoutbox, django_capture_on_commit_callbacks
):
    due = datetime.date(2026, 11, 10)
    assert not TrackedRecommendation.objects.filter(recs.overdue_q(due)).exists()
    assert TrackedRecommendation.objects.filter(recs.overdue_q(due + datetime.timedelta(days=1))).count() == 2
    row = TrackedRecommendation.objects.get(number=1)
    assert recs.status_label(row, today=due + datetime.timedelta(days=1)) == "Awaiting response (overdue)"
    with django_capture_on_commit_callbacks(execute=True):
        assert recs.response_reminders_send(today=due - datetime.timedelta(days=5)) == 2
        assert recs.response_reminders_send(today=due - datetime.timedelta(days=4)) == 0
        assert recs.response_reminders_send(today=due + datetime.timedelta(days=3)) == 2  # overdue: weekly
        assert recs.response_reminders_send(today=due + datetime.timedelta(days=4)) == 0
    assert len(mailoutbox) == 4 and all(m.to == [cast.coordinator.email] for m in mailoutbox)


def test_the_monitoring_table_keeps_its_queries_at_two_sizes(cast, council):
    def count(n: int) -> int:
        for i in range(n):
            recs.recommendation_create(user=cast.coordinator, board=council, text=f"Recommendation {i}", made_on=DAY)
        for row in TrackedRecommendation.objects.all()[:n]:
            recs.recommendation_update(user=cast.coordinator, recommendation=row, text="Progress noted.")
        with CaptureQueriesContext(connection) as queries:
            rows = list(recs.monitoring_rows(council))
            for row in rows:
                recs.latest_update(row), row.officer_label, row.minute, row.meeting
        return len(queries)

    small = count(2)
    assert count(20) == small


def test_a_part_two_recommendation_is_not_read_by_an_observer(cast, resolution):
    from boards.enums import Role
    from boards.tests.factories import MembershipFactory, UserFactory
    from meetings.models import Minute

    observer = UserFactory()
    MembershipFactory(board=resolution.board, person=observer.person, role=Role.OBSERVER)
    seen = TrackedRecommendation.objects.filter(recs.visible_recommendations_q(observer))
    assert seen.count() == 2
    Minute.objects.filter(pk=resolution.minute_id).update(confidential=True)
    assert not seen.exists()
    assert TrackedRecommendation.objects.filter(recs.visible_recommendations_q(cast.member)).count() == 2
    assert not TrackedRecommendation.objects.filter(recs.visible_recommendations_q(cast.outsider)).exists()
