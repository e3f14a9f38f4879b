"""Every meetings URL for every role. Files and feeds have tests of their own (papers, packs, feeds)."""

import datetime

import pytest
from django.urls import reverse

from boards.tests.factories import MembershipFactory, PersonFactory
from core.permissions import SYSTEM
from meetings import services
from meetings.models import ItemLead
from meetings.tests.factories import PaperFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "member", "chair", "coordinator", "superuser", "other_coordinator", "outside_lead"]
OK, DENIED, LOGIN, NOT_FOUND = 200, 403, 302, 404
COORDINATORS_ONLY = [LOGIN, DENIED, DENIED, DENIED, OK, OK, DENIED, DENIED]
MEMBERS = [LOGIN, DENIED, OK, OK, OK, OK, DENIED, DENIED]
# The outside lead leads ``w.item`` but has no seat: they upload its papers, and see nothing else.
COORDINATORS_AND_ITEM_LEAD = [LOGIN, DENIED, DENIED, DENIED, OK, OK, DENIED, OK]
# Whoever may see the item: its upload status (converting, refused) is as visible as its papers.
MEMBERS_AND_ITEM_LEAD = [LOGIN, DENIED, OK, OK, OK, OK, DENIED, OK]


@pytest.fixture
def world(cast):
    meeting = services.meeting_create(
        user=SYSTEM, board=cast.board, date=datetime.date(2030, 3, 14), start_time=datetime.time(14)
    )
    later = services.meeting_create(
        user=SYSTEM, board=cast.board, date=datetime.date(2030, 6, 13), start_time=datetime.time(14)
    )
    item = meeting.items.order_by("position").first()
    ItemLead.objects.create(item=item, person=cast.outside_lead.person, position=0)
    cast.meeting, cast.later, cast.item = meeting, later, item
    cast.later_item = later.items.order_by("position").first()
    return cast


def a_paper(w):
    """A paper on ``w.item``, made the first time a row asks for it."""
    if not hasattr(w, "paper"):
        w.paper = PaperFactory(item=w.item)
    return w.paper


TABLE = [
    ("meetings:board_meetings", lambda w: [w.board.slug], MEMBERS),
    ("meetings:work_programme", lambda w: [w.board.slug], MEMBERS),
    ("meetings:meeting_create", lambda w: [w.board.slug], COORDINATORS_ONLY),
    ("meetings:venues", lambda w: [w.board.slug], COORDINATORS_ONLY),
    ("meetings:agenda_template", lambda w: [w.board.slug], COORDINATORS_ONLY),
    (
        "meetings:agenda_template_item_edit",
        lambda w: [w.board.slug, w.board.agenda_template.first().pk],
        COORDINATORS_ONLY,
    ),
    ("meetings:schedule_series", lambda w: [w.board.slug], COORDINATORS_ONLY),
    ("meetings:meeting_detail", lambda w: [w.meeting.pk], MEMBERS),
    ("meetings:meeting_edit", lambda w: [w.meeting.pk], COORDINATORS_ONLY),
    ("meetings:meeting_cancel", lambda w: [w.meeting.pk], COORDINATORS_ONLY),
    ("meetings:meeting_postpone", lambda w: [w.meeting.pk], COORDINATORS_ONLY),
    ("meetings:agenda_builder", lambda w: [w.meeting.pk], COORDINATORS_ONLY),
    ("meetings:agenda_item_edit", lambda w: [w.meeting.pk, w.item.pk], COORDINATORS_ONLY),
    ("meetings:agenda_item_delete", lambda w: [w.meeting.pk, w.item.pk], COORDINATORS_ONLY),
    ("meetings:agenda_item_defer", lambda w: [w.meeting.pk, w.item.pk], COORDINATORS_ONLY),
    ("meetings:paper_upload", lambda w: [w.meeting.pk, w.item.pk], COORDINATORS_AND_ITEM_LEAD),
    ("meetings:paper_upload", lambda w: [w.later.pk, w.later_item.pk], COORDINATORS_ONLY),
    ("meetings:paper_status", lambda w: [w.meeting.pk, w.item.pk], MEMBERS_AND_ITEM_LEAD),
    ("meetings:paper_edit", lambda w: [w.meeting.pk, a_paper(w).pk], COORDINATORS_ONLY),
    ("meetings:paper_status", lambda w: [w.later.pk, w.later_item.pk], MEMBERS),
    ("meetings:meeting_detail", lambda w: [w.later.pk], MEMBERS),
    ("meetings:stand_ins", lambda w: [w.meeting.pk], MEMBERS),
    ("meetings:meeting_history", lambda w: [w.meeting.pk], COORDINATORS_ONLY),
    ("meetings:meeting_public", lambda w: [w.meeting.pk], [NOT_FOUND] * 8),  # not published yet
    ("meetings:my_calendar", lambda w: [], [LOGIN, OK, OK, OK, OK, OK, OK, OK]),
    # The register: members read it, coordinators take it; apologies: whoever has a seat on the day sends
    # their own (the site administrator has none).
    ("meetings:register", lambda w: [w.meeting.pk], MEMBERS),
    ("meetings:declarations", lambda w: [w.meeting.pk], COORDINATORS_ONLY),
    ("meetings:apologies", lambda w: [w.meeting.pk], [LOGIN, DENIED, OK, OK, OK, DENIED, DENIED, DENIED]),
    ("meetings:attendance", lambda w: [w.board.slug], MEMBERS),
    ("meetings:attendance_csv", lambda w: [w.board.slug], MEMBERS),
    # A register of interests: the person, those who share a board with them, the site administrator.
    ("meetings:person_interests", lambda w: [w.member.person.pk], MEMBERS),
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


@pytest.mark.parametrize("role", ["outsider", "member", "chair", "other_coordinator", "outside_lead"])
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
    client.post(url, {"title": "Public questions", "item_for": "information", "duration_minutes": "10"})
    row = world.board.agenda_template.get(title="Public questions")
    client.post(url, {"action": f"up:{row.pk}"})
    rows = list(world.board.agenda_template.filter(at_end=False).order_by("position"))
    assert rows[-2].title == "Public questions"
    meeting = services.meeting_create(
        user=SYSTEM, board=world.board, date=datetime.date(2031, 1, 9), start_time=datetime.time(10)
    )
    assert "Public questions" in [i.title for i in meeting.items.all()]
    client.post(url, {"action": f"delete:{row.pk}"})
    assert not world.board.agenda_template.filter(title="Public questions").exists()


# The lead and uploader pickers offer the board's own people; anyone else only by an exact search. ------------


@pytest.fixture
def stranger(world):
    person = PersonFactory(first_name="Tamsin", last_name="Oddfellow", job_title="Secret Job Title")
    MembershipFactory(board=world.other_board, person=person)
    return person


def _item_post(item, **extra):
    data = {
        "title": item.title,
        "item_for": item.item_for,
        "duration_minutes": item.duration_minutes or "",
        "agenda_version": item.meeting.agenda_version,
        "leads-TOTAL_FORMS": "1",
        "leads-INITIAL_FORMS": "0",
        "leads-MIN_NUM_FORMS": "0",
        "leads-MAX_NUM_FORMS": "4",
    }
    data.update(extra)
    return data


def test_attack_lead_picker_offers_board_people_only(client, world, stranger):
    client.force_login(world.coordinator)
    url = reverse("meetings:agenda_item_edit", args=[world.meeting.pk, world.item.pk])
    html = client.get(url).content.decode()
    assert "Oddfellow" not in html
    assert world.member.person.last_name in html
    assert world.outside_lead.person.last_name in html  # an existing lead stays choosable
    html = client.get(reverse("meetings:agenda_builder", args=[world.meeting.pk])).content.decode()
    assert "Oddfellow" not in html
    # A stranger's id posted without the search that finds them is refused, as lead and as uploader.
    client.post(url, _item_post(world.item, **{"leads-0-person": stranger.pk}))
    client.post(url, _item_post(world.item, uploaders=[stranger.pk]))
    assert not world.item.leads.filter(person=stranger).exists()
    assert not world.item.uploaders.filter(pk=stranger.pk).exists()


def test_lead_picker_finds_a_stranger_by_exact_name(client, world, stranger):
    client.force_login(world.coordinator)
    url = reverse("meetings:agenda_item_edit", args=[world.meeting.pk, world.item.pk])
    response = client.post(
        url,
        _item_post(
            world.item,
            **{"leads-0-person": stranger.pk, "leads-0-person_search": "Tamsin Oddfellow"},
            uploaders=[stranger.pk],
            uploader_search="tamsin oddfellow",
        ),
    )
    assert response.status_code in (200, 302), response.content.decode()[:500]
    assert world.item.leads.filter(person=stranger).exists()
    assert world.item.uploaders.filter(pk=stranger.pk).exists()


def test_typing_a_lead_s_exact_name_chooses_them(client, world, stranger):
    client.force_login(world.coordinator)
    url = reverse("meetings:agenda_item_edit", args=[world.meeting.pk, world.item.pk])
    client.post(url, _item_post(world.item, **{"leads-0-person_search": "tamsin oddfellow"}))
    assert world.item.leads.filter(person=stranger).exists()
