import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from boards.models import Board, Membership, Person, User
from boards.selectors import chair_on
from meetings.agenda import build_agenda
from meetings.models import Meeting
from meetings.visibility import BOARD_READER
from testsupport.shared import check_pack

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", "--no-pack", verbosity=0)
    return Board.objects.get(short_name="CPB")


def test_load_demo_is_idempotent(demo):
    counts = (Person.objects.count(), Membership.objects.count(), Meeting.objects.count(), User.objects.count())
    call_command("load_demo", "--no-pack", verbosity=0)
    assert counts == (Person.objects.count(), Membership.objects.count(), Meeting.objects.count(), User.objects.count())


def test_demo_chair_history_matches_the_seeds(demo):
    assert chair_on(board=demo, day=datetime.date(2015, 5, 21)).last_name == "James"
    assert chair_on(board=demo, day=datetime.date(2015, 9, 17)).last_name == "Huddleston"
    assert chair_on(board=demo, day=datetime.date(2017, 3, 16)).last_name == "Elo"


def test_demo_agenda_of_16_march_2017_has_sub_items_and_verbal_items(demo):
    meeting = Meeting.objects.get(board=demo, date=datetime.date(2017, 3, 16))
    agenda = build_agenda(meeting, reader=BOARD_READER)
    numbers = [(e.number, e.item.title) for e in agenda.flat()]
    assert ("3", "Safeguarding") in numbers
    assert ("3a", "Local CSE Plans") in numbers and ("3b", "Update from LSCB") in numbers
    safeguarding = agenda.entry_for(next(e.item.pk for e in agenda.flat() if e.number == "3"))
    assert safeguarding.item.is_heading
    assert all(child.item.verbal_update for child in safeguarding.children)
    item4 = next(e for e in agenda.flat() if e.number == "4")
    assert [p.label for p in item4.papers] == ["4(a)", "4(b)", "4(c)"]
    assert sum(p.paper.page_count for p in item4.papers) == 14


def test_demo_coordinator_sees_members_by_organisation_with_chair_marked(client, demo):
    response = client.post(reverse("login"), {"username": "coordinator@example.org", "password": "demo-coordinator"})
    assert response.url == reverse("dashboard")
    html = client.get(reverse("boards:board_detail", kwargs={"slug": demo.slug})).content.decode()
    assert "Louise Elo</a> <strong>(Chair)</strong>" in html
    assert '<h3 class="h5 mt-3">Chorley Council</h3>' in html
    assert "Sarah Ashcroft" in html


def test_demo_builds_the_17_september_2015_pack_and_the_checker_accepts_it(settings):
    from meetings.models import PackBuild

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", verbosity=0)
    build = PackBuild.objects.get(meeting__date=datetime.date(2015, 9, 17), status="done")
    assert build.page_count > 40
    result = check_pack(build.file.path)
    assert result.returncode == 0, result.stdout
    assert "page references all correct" in result.stdout
