"""The visibility rule, row by row: who sees which meeting, item, paper and pack (see meetings/visibility.py)."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from boards.enums import Role
from boards.tests.factories import BoardFactory, MembershipFactory, UserFactory
from meetings import services
from meetings.enums import PackEdition, StandInKind
from meetings.models import AgendaItem, Meeting, PackBuild, Paper
from meetings.tests.factories import AgendaItemFactory, MeetingFactory, PackBuildFactory, PaperFactory
from meetings.visibility import BOARD_READER, PUBLIC_READER, can_see

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "outsider",
    "member",
    "stand_in",
    "observer",
    "outside_lead",
    "coordinator",
    "chair",
    "other_coordinator",
    "superuser",
]
EVERYONE = set(ROLES)
FULL_MEMBERS = {"member", "coordinator", "chair", "superuser"}


@pytest.fixture
def world(cast):
    board = cast.board
    soon = timezone.localdate() + datetime.timedelta(days=30)
    draft = MeetingFactory(board=board, date=soon)
    published = MeetingFactory(board=board, date=soon + datetime.timedelta(days=7))
    Meeting.objects.filter(pk=published.pk).update(agenda_published_at=timezone.now())
    published.refresh_from_db()

    w = SimpleNamespace(cast=cast, draft=draft, published=published)
    w.draft_open = AgendaItemFactory(meeting=draft, title="Draft open item")
    w.draft_secret = AgendaItemFactory(
        meeting=draft, title="Draft secret", confidential=True, exemption_reason="Para 1"
    )
    w.open = AgendaItemFactory(meeting=published, title="Open item")
    w.secret = AgendaItemFactory(meeting=published, title="Contract", confidential=True, exemption_reason="Para 3")
    w.sub = AgendaItemFactory(meeting=published, title="Tender scores", parent=w.secret)
    w.papers = {
        "draft_open_paper": PaperFactory(item=w.draft_open),
        "draft_secret_paper": PaperFactory(item=w.draft_secret),
        "open_paper": PaperFactory(item=w.open),
        "secret_paper": PaperFactory(item=w.secret),
        "sub_paper": PaperFactory(item=w.sub),  # Part II by its parent: derived, never copied
    }
    w.packs = {
        "members_pack": PackBuildFactory(meeting=published, edition=PackEdition.MEMBERS, issued_at=timezone.now()),
        "public_pack": PackBuildFactory(meeting=published, edition=PackEdition.PUBLIC, issued_at=timezone.now()),
        "withdrawn_public_pack": PackBuildFactory(
            meeting=draft, edition=PackEdition.PUBLIC, issued_at=timezone.now(), withdrawn_at=timezone.now()
        ),
    }

    users = {"anonymous": None, "outsider": cast.outsider, "member": cast.member, "coordinator": cast.coordinator}
    users |= {"chair": cast.chair, "superuser": cast.superuser}
    stand_in = UserFactory(email="deputy@example.org")
    services.stand_in_name(
        user=cast.member,  # a member names their own deputy
        meeting=published,
        in_place_of=cast.member.person.memberships.get(board=board),
        person=stand_in.person,
        kind=StandInKind.DEPUTY,
    )
    observer = UserFactory(email="observer@example.org")
    MembershipFactory(board=board, person=observer.person, role=Role.OBSERVER, voting=False)
    outside_lead = UserFactory(email="lead@example.org")
    w.draft_open.leads.create(person=outside_lead.person)
    other_coordinator = UserFactory(email="other-coordinator@example.org")
    MembershipFactory(board=BoardFactory(), person=other_coordinator.person, role=Role.COORDINATOR)
    users |= {"stand_in": stand_in, "observer": observer, "outside_lead": outside_lead}
    users["other_coordinator"] = other_coordinator
    w.users = users
    return w


#: Who sees what. Each record names the roles that may read it; everyone else may not.
TABLE = {
    "draft_open_paper": {"member", "observer", "outside_lead", "coordinator", "chair", "superuser"},
    "draft_secret_paper": FULL_MEMBERS,
    "open_paper": EVERYONE,
    "secret_paper": FULL_MEMBERS | {"stand_in"},
    "sub_paper": FULL_MEMBERS | {"stand_in"},
    "members_pack": FULL_MEMBERS | {"stand_in"},
    "public_pack": EVERYONE,
    "withdrawn_public_pack": {"member", "observer", "coordinator", "chair", "superuser"},
}
CASES = [(record, role, role in readers) for record, readers in TABLE.items() for role in ROLES]


def _user(world, role):
    from django.contrib.auth.models import AnonymousUser

    return world.users[role] or AnonymousUser()


def _record(world, name):
    return world.papers.get(name) or world.packs[name]


@pytest.mark.parametrize(("record", "role", "sees"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_who_sees_what(world, record, role, sees):
    user = _user(world, role)
    obj = _record(world, record)
    assert type(obj).objects.visible_to(user).filter(pk=obj.pk).exists() is sees
    assert can_see(user, obj) is sees


#: The members' page of each meeting (the agenda with its Part I and Part II items, as the reader may see).
MEMBERS_PAGE = {
    "draft": {"member", "observer", "coordinator", "chair", "superuser"},
    "published": {"member", "observer", "coordinator", "chair", "superuser", "stand_in"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("meeting", ["draft", "published"])
def test_members_page_by_role(client, world, meeting, role):
    user = world.users[role]
    if user:
        client.force_login(user)
    response = client.get(reverse("meetings:meeting_detail", args=[getattr(world, meeting).pk]))
    expected = 200 if role in MEMBERS_PAGE[meeting] else (302 if role == "anonymous" else 403)
    assert response.status_code == expected
    if expected == 200:
        html = response.content.decode()
        sees_part_two = role != "observer"
        secret_title = "Draft secret" if meeting == "draft" else "Tender scores"
        assert (secret_title in html) is sees_part_two


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("record", [name for name in TABLE if name.endswith("paper")])
def test_paper_files_follow_the_rule(client, world, role, record):
    user = world.users[role]
    if user:
        client.force_login(user)
    response = client.get(reverse("meetings:paper_file", args=[world.papers[record].pk]))
    if role in TABLE[record]:
        assert response.status_code == 200
    else:
        assert response.status_code == (302 if role == "anonymous" else 403)


def test_the_rule_is_one_query_for_a_list(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # the reader's seats (cached for the request), then the list
        assert len(list(Paper.objects.visible_to(world.users["observer"]))) == 2


def test_audiences(world):
    """The public edition reads what the public reads; the members' edition reads everything."""
    assert set(AgendaItem.objects.visible_to(PUBLIC_READER)) == {world.open}
    assert set(AgendaItem.objects.visible_to(BOARD_READER)) == set(AgendaItem.objects.all())
    assert set(PackBuild.objects.visible_to(PUBLIC_READER)) == {world.packs["public_pack"]}


def test_a_stand_in_loses_access_once_the_meeting_is_held(world):
    deputy = world.users["stand_in"]
    paper = world.papers["secret_paper"]
    assert can_see(deputy, paper)
    Meeting.objects.filter(pk=world.published.pk).update(status="held")
    assert not can_see(deputy, paper)


def test_only_the_coordinator_or_the_member_names_a_stand_in(world):
    from django.core.exceptions import PermissionDenied

    chair_seat = world.cast.chair.person.memberships.get(board=world.cast.board)
    with pytest.raises(PermissionDenied):
        services.stand_in_name(
            user=world.cast.member, meeting=world.draft, in_place_of=chair_seat, person=world.users["observer"].person
        )
    services.stand_in_name(
        user=world.cast.coordinator, meeting=world.draft, in_place_of=chair_seat, person=world.users["observer"].person
    )
    assert world.draft.stand_ins.get().person == world.users["observer"].person


def test_a_member_names_their_deputy_on_the_page_and_the_deputy_reads_part_two(client, world):
    deputy = UserFactory(email="new-deputy@example.org")
    deputy.person.organisation = world.cast.member.person.organisation
    deputy.person.save()
    client.force_login(world.cast.member)
    url = reverse("meetings:stand_ins", args=[world.draft.pk])
    page = client.get(url).content.decode()
    assert world.cast.chair.person.full_name not in page.split("Name someone")[1].split("Attending")[0]
    seat = world.cast.member.person.memberships.get(board=world.cast.board)
    response = client.post(url, {"in_place_of": seat.pk, "person": deputy.person.pk, "kind": "deputy"})
    assert response.status_code == 302
    assert can_see(deputy, world.papers["draft_secret_paper"])
    chair_seat = world.cast.chair.person.memberships.get(board=world.cast.board)
    refused = client.post(url, {"in_place_of": chair_seat.pk, "person": deputy.person.pk, "kind": "deputy"})
    assert refused.status_code == 200 and world.draft.stand_ins.count() == 1
    client.post(url, {"remove": world.draft.stand_ins.get().pk})
    assert not can_see(deputy, world.papers["draft_secret_paper"])


@pytest.mark.parametrize("kind", ["partnership_board", "council_committee"])
def test_a_council_committee_lists_its_published_part_two_items_to_everyone_and_shows_nothing_else(world, kind):
    """Who sees what is as the table says for every board; on a council committee's published agenda a
    Part II item is also *listed* (number, title, paragraph) to those who may not read it."""
    from boards.enums import BoardKind

    world.cast.board.kind = kind
    world.cast.board.save()
    council = kind == BoardKind.COUNCIL_COMMITTEE
    for role in ("anonymous", "observer", "outsider"):
        user = _user(world, role)
        rows = {i.title: (i.is_visible, i.is_listed) for i in AgendaItem.objects.with_visibility(user)}
        assert rows["Contract"] == (False, council), role
        assert rows["Tender scores"] == (False, council), role  # Part II by its main item
        assert rows["Draft secret"] == (False, False), role  # not published: listed to no one
        assert rows["Open item"] == (True, True), role
        assert can_see(user, world.papers["secret_paper"]) is False
