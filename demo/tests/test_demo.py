import datetime
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from boards.models import Board, Membership, Organisation, Person, User
from boards.selectors import chair_on
from core.models import ActivityLog
from meetings.agenda import build_agenda
from meetings.models import AgendaItem, ItemLead, Meeting, Paper, Venue
from meetings.visibility import BOARD_READER
from testsupport.shared import check_pack
from testsupport.storage import local_copy

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", "--no-pack", verbosity=0)
    return Board.objects.get(short_name="CPB")


def test_load_demo_makes_the_demo_board_from_the_data_files(demo):
    """The rows the loader made from demo/data/*.yaml before the content moved out of Python."""
    assert Board.objects.count() == 3  # with the LSCB and the council committee (demo/data/council.yaml)
    assert demo.parent.short_name == "LSCB"
    assert (demo.quorum_members, demo.quorum_organisations, demo.notice_days) == (6, 3, 5)
    assert Organisation.objects.count() == 14
    assert Person.objects.count() == 42  # 38 from the CPB's packs, 4 councillors of the council committee
    assert Membership.objects.filter(board=demo).count() == 31
    assert Membership.objects.filter(board=demo, end_date__isnull=False).count() == 7
    assert Venue.objects.filter(board=demo).count() == 7
    # 4 held, 2 the 2015 pack listed, 2 the 2017 pack listed, and 4 quarterly ones from next month
    assert Meeting.objects.filter(board=demo).count() == 12
    assert Meeting.objects.filter(board=demo, status="held").count() == 4
    assert Meeting.objects.filter(board=demo, date__gt=datetime.date.today()).count() == 4
    assert AgendaItem.objects.filter(meeting__board=demo).count() == 95
    assert ItemLead.objects.filter(item__meeting__board=demo).count() == 91
    assert Paper.objects.filter(item__meeting__board=demo).count() == 22
    assert sorted(User.objects.values_list("email", flat=True)) == [
        "admin@example.org",
        "chair@example.org",
        "coordinator@example.org",
        "member@example.org",
    ]
    assert User.objects.get(email="admin@example.org").is_superuser
    assert User.objects.get(email="chair@example.org").person.last_name == "Elo"
    # made through the services, acting as the portal
    assert not ActivityLog.objects.filter(system_actor="").exists()
    assert ActivityLog.objects.filter(action="meetings.meeting.created").count() == 12 + 3  # the committee's 3


def test_load_demo_prints_the_logins_it_made(settings):
    out = io.StringIO()
    call_command("load_demo", "--no-pack", stdout=out)
    text = out.getvalue()
    assert "Created: 14 organisations, 42 people, 37 memberships, 4 logins, 15 meetings." in text
    for email, password in [
        ("coordinator@example.org", "demo-coordinator"),
        ("chair@example.org", "demo-chair"),
        ("member@example.org", "demo-member"),
        ("admin@example.org", "demo-admin"),
    ]:
        assert f"{email:<28} password: {password}" in text


def test_load_demo_refuses_a_production_portal(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="DJANGO_PRODUCTION is on"):
        call_command("load_demo", "--no-pack", verbosity=0)
    assert not Board.objects.exists()


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
    # The November update is the item's report, the other two its appendices.
    labels = [(p.paper.kind, p.label) for p in item4.papers]
    assert labels == [("report", ""), ("appendix", "4(a)"), ("appendix", "4(b)")]
    assert sum(p.paper.page_count for p in item4.papers) == 14


def test_demo_coordinator_sees_members_by_organisation_with_chair_marked(client, demo):
    response = client.post(reverse("login"), {"username": "coordinator@example.org", "password": "demo-coordinator"})
    assert response.url == reverse("dashboard")
    html = client.get(reverse("boards:board_detail", kwargs={"slug": demo.slug})).content.decode()
    assert "Louise Elo</a> <strong>(Chair)</strong>" in html
    assert re.search(r'<h3 class="h6 mb-0" id="organisation-\d+">Chorley Council</h3>', html)
    assert "Sarah Ashcroft" in html


def test_demo_builds_the_17_september_2015_pack_and_the_checker_accepts_it(settings):
    from meetings.models import PackBuild

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", verbosity=0)
    build = PackBuild.objects.get(meeting__date=datetime.date(2015, 9, 17), status="done")
    assert build.page_count > 40
    result = check_pack(local_copy(build.file))
    assert result.returncode == 0, result.stdout
    assert "page references all correct" in result.stdout
    # and the council committee's pack of 26 January 2017
    council = PackBuild.objects.get(meeting__board__short_name="O&S", status="done")
    result = check_pack(local_copy(council.file))
    assert result.returncode == 0, result.stdout
