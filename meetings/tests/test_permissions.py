"""Every meetings URL for every role. Files and feeds have tests of their own (papers, packs, feeds)."""

import datetime

import pytest
from django.urls import reverse

from meetings import services

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "member", "chair", "coordinator", "superuser"]
OK, DENIED, LOGIN, NOT_FOUND = 200, 403, 302, 404
COORDINATORS_ONLY = [LOGIN, DENIED, DENIED, DENIED, OK, OK]
MEMBERS = [LOGIN, DENIED, OK, OK, OK, OK]


@pytest.fixture
def world(cast):
    meeting = services.meeting_create(board=cast.board, date=datetime.date(2030, 3, 14), start_time=datetime.time(14))
    later = services.meeting_create(board=cast.board, date=datetime.date(2030, 6, 13), start_time=datetime.time(14))
    item = meeting.items.order_by("position").first()
    cast.meeting, cast.later, cast.item = meeting, later, item
    return cast


TABLE = [
    ("meetings:board_meetings", lambda w: [w.board.slug], MEMBERS),
    ("meetings:work_programme", lambda w: [w.board.slug], MEMBERS),
    ("meetings:meeting_create", lambda w: [w.board.slug], COORDINATORS_ONLY),
    ("meetings:venues", lambda w: [w.board.slug], COORDINATORS_ONLY),
    ("meetings:agenda_template", lambda w: [w.board.slug], COORDINATORS_ONLY),
    ("meetings:schedule_series", lambda w: [w.board.slug], COORDINATORS_ONLY),
    ("meetings:meeting_detail", lambda w: [w.meeting.pk], MEMBERS),
    ("meetings:meeting_edit", lambda w: [w.meeting.pk], COORDINATORS_ONLY),
    ("meetings:meeting_cancel", lambda w: [w.meeting.pk], COORDINATORS_ONLY),
    ("meetings:meeting_postpone", lambda w: [w.meeting.pk], COORDINATORS_ONLY),
    ("meetings:agenda_builder", lambda w: [w.meeting.pk], COORDINATORS_ONLY),
    ("meetings:agenda_item_edit", lambda w: [w.meeting.pk, w.item.pk], COORDINATORS_ONLY),
    ("meetings:agenda_item_delete", lambda w: [w.meeting.pk, w.item.pk], COORDINATORS_ONLY),
    ("meetings:agenda_item_defer", lambda w: [w.meeting.pk, w.item.pk], COORDINATORS_ONLY),
    ("meetings:paper_upload", lambda w: [w.meeting.pk, w.item.pk], COORDINATORS_ONLY),
    ("meetings:stand_ins", lambda w: [w.meeting.pk], MEMBERS),
    ("meetings:meeting_public", lambda w: [w.meeting.pk], [NOT_FOUND] * 6),  # not published yet
    ("meetings:my_calendar", lambda w: [], [LOGIN, OK, OK, OK, OK, OK]),
]
CASES = [(name, args, role, expected[i]) for name, args, expected in TABLE for i, role in enumerate(ROLES)]


@pytest.mark.parametrize(("name", "args", "role", "expected"), CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_get_by_role(client, world, name, args, role, expected):
    user = world.user(role)
    if user:
        client.force_login(user)
    url = reverse(name, args=args(world))
    response = client.get(url)
    assert response.status_code == expected, f"{role} GET {url}"


POSTS = [
    ("meetings:agenda_item_add", lambda w: [w.meeting.pk], {"title": "Sneaky"}),
    ("meetings:agenda_item_move", lambda w: [w.meeting.pk, w.item.pk, "down"], {}),
    ("meetings:agenda_item_delete", lambda w: [w.meeting.pk, w.item.pk], {}),
    ("meetings:agenda_reorder", lambda w: [w.meeting.pk], {"order": []}),
    ("meetings:agenda_publish", lambda w: [w.meeting.pk], {}),
]


@pytest.mark.parametrize("role", ["outsider", "member", "chair"])
@pytest.mark.parametrize(("name", "args", "data"), POSTS, ids=[p[0] for p in POSTS])
def test_writes_refused_for_non_coordinators(client, world, role, name, args, data):
    client.force_login(world.user(role))
    before = [(i.pk, i.position, i.title) for i in world.meeting.items.order_by("pk")]
    response = client.post(reverse(name, args=args(world)), data)
    assert response.status_code == 403
    assert before == [(i.pk, i.position, i.title) for i in world.meeting.items.order_by("pk")]
    world.meeting.refresh_from_db()
    assert world.meeting.agenda_published_at is None


def test_coordinator_manages_standing_items(client, world):
    client.force_login(world.coordinator)
    url = reverse("meetings:agenda_template", args=[world.board.slug])
    client.post(url, {"title": "Public questions", "item_for": "information", "minutes": "10"})
    row = world.board.agenda_template.get(title="Public questions")
    client.post(url, {"action": f"up:{row.pk}"})
    rows = list(world.board.agenda_template.filter(at_end=False).order_by("position"))
    assert rows[-2].title == "Public questions"
    meeting = services.meeting_create(board=world.board, date=datetime.date(2031, 1, 9), start_time=datetime.time(10))
    assert "Public questions" in [i.title for i in meeting.items.all()]
    client.post(url, {"action": f"delete:{row.pk}"})
    assert not world.board.agenda_template.filter(title="Public questions").exists()
