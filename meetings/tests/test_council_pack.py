"""A council committee's pack: the council's notice of meeting on the front sheet, its standing items, and
"Part I (Open to Press and Public)", read back from the built PDF with pdftotext and the shared checker."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess

import pytest

from boards import services as board_services
from boards.enums import BoardKind, Role
from boards.tests.factories import MembershipFactory, OrganisationFactory, PersonFactory
from core.permissions import SYSTEM
from meetings import services
from meetings.enums import MeetingKind, PackEdition, PackStatus
from meetings.models import AgendaItem
from meetings.packs import services as pack_services
from meetings.tests.factories import PaperFactory, VenueFactory, meeting_with_papers
from testsupport.shared import check_pack
from testsupport.storage import local_copy

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)"),
]

COUNCIL = "Lancashire County Council"


def pages(path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")


def front_words(path, front_pages: int) -> str:
    """The front matter's words in reading order, whitespace collapsed."""
    command = ["pdftotext", "-f", "1", "-l", str(front_pages), str(path), "-"]
    return " ".join(subprocess.run(command, capture_output=True, text=True, check=True).stdout.split())


def councillor(board, first, last, role=Role.MEMBER, **kw):
    council = OrganisationFactory(name=COUNCIL, short_name="LCC")
    person = PersonFactory(honorific="County Councillor", first_name=first, last_name=last, organisation=council)
    return MembershipFactory(board=board, person=person, role=role, **kw)


@pytest.fixture
def committee():
    board = board_services.board_create(
        user=SYSTEM,
        name="Children, Families and Skills Scrutiny Committee",
        kind=BoardKind.COUNCIL_COMMITTEE,
        front_sheet_authority=COUNCIL,
        front_sheet_signatory="Angie Ridgwell",
        front_sheet_signatory_title="Chief Executive and Director of Resources",
        front_sheet_enquiries="Gary Halsall, Democratic Services, 01772 536989",
    )
    # Listed alphabetically within each rank: the chair still comes first.
    councillor(board, "Andrea", "Kay")
    councillor(board, "Lorraine", "Beavers")
    councillor(board, "Julie", "Gibson", role=Role.CHAIR)
    councillor(board, "Jayne", "Rear", role=Role.VICE_CHAIR)
    diocese = OrganisationFactory(name="Diocese of Blackburn", short_name="Diocese")
    MembershipFactory(
        board=board,
        person=PersonFactory(first_name="Kenvyn", last_name="Wales", organisation=diocese),
        organisation=diocese,
        role=Role.CO_OPTED,
        co_opted_type="Church of England representative",
    )
    return board


@pytest.fixture
def meeting(committee):
    venue = VenueFactory(
        board=committee, room="Committee Room 'B'", building="County Hall", address="Fishergate, Preston"
    )
    meeting = services.meeting_create(
        user=SYSTEM,
        board=committee,
        date=datetime.date(2030, 3, 13),
        start_time=datetime.time(10, 30),
        venue=venue,
        pack_issue_date=datetime.date(2030, 3, 5),
    )
    services.meeting_create(
        user=SYSTEM,
        board=committee,
        date=datetime.date(2030, 4, 24),
        start_time=datetime.time(14),
        venue=venue,
        kind=MeetingKind.DEEP_DIVE,
    )
    services.meeting_create(user=SYSTEM, board=committee, date=datetime.date(2030, 6, 12), start_time=datetime.time(10))
    minutes = AgendaItem.objects.get(meeting=meeting, title="Minutes of the Last Meeting")
    PaperFactory(item=minutes, title="Minutes of 22 January 2030", pages=3)
    for title, page_count in (("Children Missing Education", 5), ("Elective Home Education", 2)):
        item = services.agenda_item_add(user=SYSTEM, meeting=meeting, title=title, item_for="to_note")
        PaperFactory(item=item, title=f"{title}: report of the Director of Education", pages=page_count)
    exempt = services.agenda_item_add(
        user=SYSTEM,
        meeting=meeting,
        title="Residential Care Contract",
        confidential=True,
        exemption_paragraph=3,
    )
    PaperFactory(item=exempt, title="Tender evaluation", pages=3, text="Exempt tender prices")
    return meeting


def build(meeting, edition=PackEdition.MEMBERS):
    built = pack_services.pack_build_now(user=SYSTEM, meeting=meeting, edition=edition)
    assert built.status == PackStatus.DONE, built.error
    return built, local_copy(built.file)


def test_a_council_committees_pack_carries_the_notice_of_meeting_and_its_standing_items(meeting):
    built, path = build(meeting)
    words = front_words(path, built.manifest["front_pages"])
    sheet = pages(path)[0]
    assert "LANCASHIRE COUNTY COUNCIL" in sheet
    assert "Children, Families and Skills Scrutiny Committee" in words
    assert "Notice of Meeting" in words
    assert "Date Wednesday, 13 March 2030 Time 10.30 am Venue Committee Room 'B', County Hall" in words
    # The members, chair first; councillors without the council's name after each, co-optees with theirs.
    listed = re.findall(r"County Councillor \w+ \w+|Kenvyn Wales", words[: words.index("Angie Ridgwell")])
    assert listed == [
        "County Councillor Julie Gibson",
        "County Councillor Jayne Rear",
        "County Councillor Lorraine Beavers",
        "County Councillor Andrea Kay",
        "Kenvyn Wales",
    ]
    assert "County Councillor Julie Gibson (Chair)" in words
    assert "(Co-opted member, Church of England representative), Diocese of Blackburn" in words
    assert f"Gibson (Chair), {COUNCIL}" not in words
    assert "Angie Ridgwell Chief Executive and Director of Resources" in words
    assert "Enquiries to Gary Halsall, Democratic Services, 01772 536989" in words
    assert "Date of issue Tuesday, 5 March 2030" in words
    # The agenda: Part I heads the open business; the council's standing items open and close it.
    agenda = words[words.index("AGENDA") :]
    order = [
        "Part I (Open to Press and Public)",
        "1 Apologies for Absence and Substitutions",
        "2 Declarations of Interest",
        "3 Minutes of the Last Meeting",
        "4 Children Missing Education",
        "5 Elective Home Education",
        "6 Urgent Business",
        "7 Date of the Next Meeting",
        "Part II (Not Open to Press and Public)",
        "8 Residential Care Contract",  # Part II comes last, after the closing standing items
    ]
    assert [agenda.index(text) for text in order] == sorted(agenda.index(text) for text in order)
    # The next meeting only, and what kind of meeting it is.
    assert "Informal session (deep dive): Wednesday, 24 April 2030, 2.00 pm" in agenda
    assert "12 June 2030" not in agenda


@pytest.mark.parametrize("edition", [PackEdition.MEMBERS, PackEdition.PUBLIC])
def test_the_pack_checker_passes_a_council_pack(meeting, edition):
    _, path = build(meeting, edition)
    result = check_pack(path)
    assert result.returncode == 0, result.stdout + result.stderr
    references = 4 if edition == PackEdition.MEMBERS else 3  # the public edition has no Part II papers
    assert result.stdout.startswith(f"{references} page references all correct")


def test_a_partnership_boards_front_sheet_is_as_before(cast):
    meeting = meeting_with_papers(cast.board, venue=VenueFactory(board=cast.board))
    built, path = build(meeting)
    words = front_words(path, built.manifest["front_pages"])
    assert words.startswith("CHORLEY, SOUTH RIBBLE & WEST LANCASHIRE CHILDREN'S PARTNERSHIP BOARD")
    assert "To:" in words
    for council_only in ("Notice of Meeting", "Enquiries to"):
        assert council_only not in words
    # No "Part I" heading opens a partnership board's agenda (one reappears only where the public are
    # readmitted after a Part II item, as in this agenda of the old order).
    assert "Part I (Open to Press and Public) 1" not in words
    assert "Formal meeting: Thursday, 13 June 2030, 10.00 am" in words
