"""The demo council committee (demo/data/council.yaml): the council's conventions, on real rows."""

import datetime

import pytest
from django.core.management import call_command

from boards.enums import BoardKind
from boards.models import Board
from demo.content import demo_content
from meetings import selectors
from meetings.agenda import build_agenda
from meetings.models import Meeting
from meetings.visibility import BOARD_READER

pytestmark = pytest.mark.django_db

DATA = demo_content("council")


def test_the_council_data_points_at_people_who_exist():
    """Pure data: every person the file names is its own or one of boards.yaml's."""
    keys = {p["key"] for p in demo_content("boards")["people"]} | {p["key"] for p in DATA["people"]}
    named = [m["person"] for m in DATA["memberships"]]
    named += [item["lead"] for meeting in DATA["meetings"] for item in meeting["items"]]
    assert set(named) <= keys
    dates = {m["date"] for m in DATA["meetings"]}
    assert {row["meeting"] for row in DATA["work_programme"] if row.get("meeting")} <= dates


@pytest.fixture
def committee(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", "--no-pack", verbosity=0)
    return Board.objects.get(short_name="O&S")


def test_the_committee_is_a_councils_with_its_notice_of_meeting(committee):
    assert committee.kind == BoardKind.SCRUTINY_COMMITTEE and committee.is_council_body
    assert (committee.front_sheet_authority, committee.front_sheet_notice) == ("Chorley Council", "Notice of Meeting")
    assert committee.front_sheet_signatory_title == "Head of Democratic Services"
    assert committee.memberships.get(role="chair").person.full_name == "Cllr Peter Ashworth"


def test_its_meeting_has_the_council_standing_items_around_the_business(committee):
    meeting = Meeting.objects.get(board=committee, date=datetime.date(2017, 1, 26))
    agenda = build_agenda(meeting, reader=BOARD_READER)
    assert [(e.number, e.item.title) for e in agenda.entries] == [
        ("1", "Apologies for Absence and Substitutions"),
        ("2", "Declarations of Interest"),
        ("3", "Minutes of the Last Meeting"),
        ("4", "Child Sexual Exploitation"),
        ("5", "Children's Centres Update"),
        ("6", "Work Programme"),
        ("7", "Urgent Business"),
        ("8", "Date of the Next Meeting"),
    ]
    # The item's paper is its report: it goes by its title, with no appendix label.
    assert [(p.paper.kind, p.label) for p in agenda.entries[3].papers] == [("report", "")]
    # The next meeting is the informal deep dive, which has no standing items.
    deep_dive = selectors.next_meetings_after(meeting=meeting)
    assert [(m.date, m.kind_phrase) for m in deep_dive] == [(datetime.date(2017, 3, 9), "informal session (deep dive)")]
    assert [i.title for i in deep_dive[0].items.all()] == ["Child sexual exploitation: what partners told us"]


def test_its_work_programme_is_planned_by_meeting_month_quarter_and_to_be_confirmed(committee):
    groups = selectors.work_programme(board=committee)
    assert [(heading, [e.when for e in entries]) for heading, entries in groups] == [
        ("Planned for a meeting", ["6 April 2017"]),
        ("Planned for a month", ["June 2017"]),
        ("Planned for a quarter", ["Q2 2017/18 (July to September 2017)"]),
        ("To be confirmed", ["To be confirmed"]),
    ]


def test_loading_it_twice_changes_nothing(committee):
    counts = (committee.memberships.count(), committee.meetings.count(), committee.work_programme.count())
    call_command("load_demo", "--no-pack", verbosity=0)
    assert counts == (6, 3, 4)
    assert (committee.memberships.count(), committee.meetings.count(), committee.work_programme.count()) == counts
