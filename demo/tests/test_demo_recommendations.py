"""The demo council committee's recommendations (demo/data/council.yaml): a handful in different states,
some with "TBC" targets and no responsible officer yet, one accepted with its response, one overdue; loading
the demo again changes nothing."""

import datetime

import pytest
from django.core.management import call_command

from actions import recommendations as recs
from actions.enums import RecommendationStatus
from actions.models import RecommendationUpdate, TrackedRecommendation
from boards.models import Board

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", "--no-pack", verbosity=0)
    return Board.objects.get(short_name="O&S")


def test_the_committee_tracks_recommendations_in_different_states(committee):
    rows = list(recs.monitoring_rows(committee))
    today = datetime.date(2017, 6, 1)
    assert [(r.reference, r.made_on, r.target_label, r.officer_label) for r in rows] == [
        ("R1", datetime.date(2017, 1, 26), "April 2017", "Louise Elo"),
        ("R2", datetime.date(2017, 1, 26), "TBC", ""),
        ("R3", datetime.date(2017, 1, 26), "TBC", ""),
        ("R4", datetime.date(2017, 4, 6), "30 September 2017", "Detective Inspector, Deter team"),
        ("R5", datetime.date(2017, 4, 6), "TBC", ""),
    ]
    assert [recs.status_label(r, today=today) for r in rows] == [
        "Implemented",
        "Accepted",
        "Awaiting response (overdue)",
        "Partly accepted",
        "Response received",
    ]
    accepted = rows[1]
    assert accepted.status == RecommendationStatus.ACCEPTED and accepted.response.startswith("Accepted.")
    assert accepted.response_date == datetime.date(2017, 3, 17)
    overdue = TrackedRecommendation.objects.filter(board=committee).filter(recs.overdue_q(today))
    assert [r.reference for r in overdue] == ["R3"]
    assert all(r.meeting and r.meeting.board_id == committee.pk for r in rows)
    implemented = rows[0]
    assert [(u.created_at.date(), u.status_after) for u in implemented.updates.order_by("created_at")] == [
        (datetime.date(2017, 3, 2), RecommendationStatus.ACCEPTED),
        (datetime.date(2017, 4, 6), RecommendationStatus.IMPLEMENTED),
    ]


def test_loading_the_demo_again_changes_nothing(committee):
    counts = (TrackedRecommendation.objects.count(), RecommendationUpdate.objects.count())
    call_command("load_demo", "--no-pack", verbosity=0)
    assert (TrackedRecommendation.objects.count(), RecommendationUpdate.objects.count()) == counts == (5, 6)
