"""The minutes as a document: a partnership board's notes and a council committee's minutes, read back from
the real PDF with pdftotext and pikepdf (tagged, bookmarked, DRAFT on every page of a draft), the public
edition without Part II's text, the Markdown made safe, the HTML deterministic, and the queries fixed."""

from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess

import pikepdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.enums import BoardKind, Role
from boards.models import Membership
from boards.tests.factories import MembershipFactory, OrganisationFactory, PersonFactory
from meetings.enums import (
    AttendanceStatus,
    DecisionWording,
    InterestType,
    MeetingKind,
    MeetingStatus,
    MinutesDocumentKind,
    PackEdition,
    PackStatus,
    Standing,
)
from meetings.minutes import services
from meetings.minutes.documents import document_build
from meetings.minutes.markdown import notes_html
from meetings.minutes.render import minutes_context, minutes_document_html, render_minutes_pdf
from meetings.models import MinutesDocument
from meetings.tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    DeclarationFactory,
    MeetingFactory,
    VenueFactory,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)"),
]

DAY = datetime.date(2015, 5, 21)
SECRET_NOTES = "The provider's bid came in at a figure below cost."
SECRET_DECISION = "That the contract be awarded to the second bidder."
SECRET_ACTION = "Write to the unsuccessful bidders."


@pytest.fixture(autouse=True)
def _no_documents(monkeypatch):
    """The services queue documents on commit; these tests render them themselves."""
    monkeypatch.setattr("meetings.minutes.documents.documents_request", lambda **kwargs: [])


def pdf_pages(data: bytes, tmp_path) -> list[str]:
    """The PDF's text, page by page, as pdftotext reads it."""
    path = tmp_path / f"minutes-{len(list(tmp_path.iterdir()))}.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [page for page in out.split("\f") if page.strip()]


def words(text: str) -> str:
    return " ".join(text.split())


def outline_titles(data: bytes) -> list[str]:
    titles = []
    with pikepdf.open(io.BytesIO(data)) as pdf, pdf.open_outline() as outline:

        def walk(items):
            for item in items:
                titles.append(item.title)
                walk(item.children)

        walk(outline.root)
    return titles


def start(cast, meeting):
    return services.minutes_start(user=cast.coordinator, meeting=meeting)


# A partnership board ----------------------------------------------------------------------------------------


@pytest.fixture
def people(cast):
    """The register of 21 May 2015: the chair and a member present, apologies from a member whose deputy
    came, an officer in attendance (Karl Turner, KT) and the coordinator (Sarah Ashcroft, SA)."""
    Membership.objects.filter(board=cast.board).update(start_date=datetime.date(2010, 1, 1))
    council = OrganisationFactory(name="Chorley Council")
    county = OrganisationFactory(name="Lancashire County Council")
    chair = cast.chair.person
    chair.first_name, chair.last_name, chair.initials, chair.job_title = "Sarah", "James", "SJ", "Head of Policy"
    chair.organisation = council
    chair.save()
    coordinator = cast.coordinator.person
    coordinator.first_name, coordinator.last_name, coordinator.initials = "Sarah", "Ashcroft", "SA"
    coordinator.job_title, coordinator.organisation = "CPB Coordinator", council
    coordinator.save()
    absent_seat = MembershipFactory(
        board=cast.board,
        person=PersonFactory(first_name="Jo", last_name="Keay", job_title="Inspector"),
        start_date=datetime.date(2010, 1, 1),
    )
    deputy = PersonFactory(first_name="Amanda", last_name="Gibbons", job_title="Prevent Officer")
    karl = PersonFactory(
        first_name="Karl",
        last_name="Turner",
        initials="KT",
        job_title="Children's Trust Development Officer",
        organisation=county,
    )
    return {"chair": chair, "coordinator": coordinator, "absent_seat": absent_seat, "deputy": deputy, "karl": karl}


@pytest.fixture
def partnership(cast, people, clock):
    venue = VenueFactory(
        board=cast.board, room="", building="South Ribble Borough Council, Civic Centre", address="Leyland"
    )
    venue.postcode = "PR25 1DH"
    venue.save()
    meeting = MeetingFactory(
        board=cast.board,
        date=DAY,
        status=MeetingStatus.HELD,
        venue=venue,
        quorate=True,
        quorum_record={"members_needed": 2, "sentence": "Quorate: 3 voting members present (2 needed)."},
    )
    titles = [
        ("Welcome and introductions", Standing.WELCOME),
        ("Minutes of last meeting and matters arising", Standing.MINUTES),
        ("Safeguarding", ""),
        ("Child sexual exploitation", ""),
        ("Any other business", Standing.AOB),
    ]
    for position, (title, standing) in enumerate(titles, start=1):
        AgendaItemFactory(meeting=meeting, position=position, title=title, standing=standing)
    seats = {m.person_id: m for m in Membership.objects.filter(board=cast.board)}
    chair_seat = seats[people["chair"].pk]
    AttendanceFactory(
        meeting=meeting,
        person=people["chair"],
        seat=chair_seat,
        is_chair=True,
        role="Head of Policy (Public Service Reform)",
        organisation="Chorley Council",
    )
    AttendanceFactory(meeting=meeting, person=cast.member.person, seat=seats[cast.member.person.pk])
    AttendanceFactory(
        meeting=meeting,
        person=people["absent_seat"].person,
        seat=people["absent_seat"],
        status=AttendanceStatus.APOLOGIES,
        role="Inspector",
        organisation="Lancashire Constabulary",
    )
    AttendanceFactory(
        meeting=meeting,
        person=people["deputy"],
        status=AttendanceStatus.DEPUTY,
        for_member=people["absent_seat"],
        role="Prevent Officer",
        organisation="Lancashire Constabulary",
    )
    AttendanceFactory(
        meeting=meeting,
        person=people["karl"],
        status=AttendanceStatus.IN_ATTENDANCE,
        voting=False,
        role="Children's Trust Development Officer",
        organisation="Lancashire County Council",
        left_at_item=meeting.items.get(position=4),
    )
    AttendanceFactory(
        meeting=meeting,
        person=people["coordinator"],
        seat=seats[people["coordinator"].pk],
        status=AttendanceStatus.IN_ATTENDANCE,
        voting=False,
        role="CPB Coordinator",
        organisation="Chorley Council",
    )
    DeclarationFactory(
        meeting=meeting,
        item=meeting.items.get(position=3),
        person=cast.member.person,
        description="Trustee of a charity the board commissions",
        left_room=True,
    )
    minutes = start(cast, meeting)
    cse = minutes.items.get(number="4")
    services.minute_save(
        user=cast.coordinator,
        minute=cse,
        notes="Tony Baxter explained that the **CSE Strategy** had been produced.\n\n- Awareness week\n- Conference",
    )
    first = services.decision_add(user=cast.coordinator, minute=cse, text="To have CSE as a standing item.")
    second = services.decision_add(user=cast.coordinator, minute=cse, text="To set up a Task and Finish Group.")
    services.action_add(
        user=cast.coordinator,
        minute=cse,
        text="Invite elected members to a joint induction.",
        owners=[people["karl"], people["coordinator"]],
        due_next_meeting=True,
    )
    minutes.refresh_from_db()
    return minutes, (first, second)


def test_partnership_notes_read_as_the_boards_paper_minutes(cast, partnership, tmp_path):
    minutes, (first, second) = partnership
    data = render_minutes_pdf(minutes, edition=PackEdition.MEMBERS, watermark=True)
    pages = pdf_pages(data, tmp_path)
    text = words(" ".join(pages))

    assert "CHORLEY, SOUTH RIBBLE & WEST LANCASHIRE CHILDREN'S PARTNERSHIP BOARD" in text
    assert (
        "NOTES OF MEETING HELD ON THURSDAY, 21 MAY 2015 AT SOUTH RIBBLE BOROUGH COUNCIL, CIVIC CENTRE, LEYLAND, "
        "PR25 1DH" in text
    )
    for caption in ("Present:", "Apologies:", "In attendance:"):
        assert caption in text
    assert "Sarah James (Chair)" in text
    assert "Amanda Gibbons (deputy for Jo Keay)" in text
    assert "Karl Turner (left during item 4)" in text
    assert "Quorate: 3 voting members present (2 needed)." in text
    member = cast.member.person.full_name
    assert (
        f"Declarations of interest: • {member} declared a conflict of interest in item 3 (Safeguarding): Trustee of "
        "a charity the board commissions. They left the room for the item." in text
    )
    assert "ACTION BY" in text
    assert "4 CHILD SEXUAL EXPLOITATION" in text
    assert "The Board agreed:" in text
    assert text.count("The Board agreed:") == 1  # consecutive agreed decisions share one heading
    assert (first.register_number, second.register_number) == ("CPB/2015/001", "CPB/2015/002")
    assert "CPB/2015/001" in text and "CPB/2015/002" in text
    assert "KT/SA" in text and "Next meeting" in text
    assert "CSE Strategy" in text and "**" not in text
    assert "Draft: not yet confirmed" in text
    assert all("DRAFT" in page for page in pages), [page[:80] for page in pages]
    assert all(f"Page {n} of {len(pages)}" in page for n, page in enumerate(pages, start=1))
    # Each line of the register reads across: name, role, organisation.
    layout = subprocess.run(
        ["pdftotext", "-layout", str(next(tmp_path.iterdir())), "-"], capture_output=True, text=True
    ).stdout
    assert re.search(r"Sarah James \(Chair\)\s+Head of Policy \(Public Service Reform\)\s+Chorley Council", layout)
    assert re.search(r"Invite elected members to a joint induction\.\s+KT/SA", layout)


def test_the_pdf_is_tagged_titled_and_bookmarked_by_minute(cast, partnership):
    minutes, _ = partnership
    data = render_minutes_pdf(minutes, edition=PackEdition.MEMBERS, watermark=False)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "en-GB"
        assert str(pdf.docinfo.Title).startswith("Chorley, South Ribble & West Lancashire Children's Partnership")
        assert "Notes of meeting held on Thursday, 21 May 2015" in str(pdf.docinfo.Title)
        assert str(pdf.docinfo.Author) == cast.board.name
    titles = [words(title).upper() for title in outline_titles(data)]
    assert titles == [
        "1 WELCOME AND INTRODUCTIONS",
        "2 MINUTES OF LAST MEETING AND MATTERS ARISING",
        "3 SAFEGUARDING",
        "4 CHILD SEXUAL EXPLOITATION",
        "5 ANY OTHER BUSINESS",
    ]


def test_html_carries_anchors_for_each_minute_and_decision(cast, partnership):
    minutes, (first, second) = partnership
    html = minutes_document_html(minutes, edition=PackEdition.MEMBERS, for_pdf=False)
    for minute in minutes.items.all():
        assert f'id="minute-{minute.pk}"' in html
    assert f'id="decision-{first.pk}"' in html and f'id="decision-{second.pk}"' in html
    assert "<html" not in html and "style=" not in html and "<script" not in html
    headings = re.findall(r"<h(\d)", html)
    assert headings[0] == "2" and set(headings[1:]) == {"3"}
    assert html.count('<th scope="col"') >= 3 * 3


def test_an_addendum_prints_after_the_last_minute_without_a_number(cast, partnership):
    minutes, _ = partnership
    services.minute_insert(
        user=cast.coordinator, minutes=minutes, after=None, title="MASPI action plan", is_addendum=True
    )
    services.minute_insert(
        user=cast.coordinator, minutes=minutes, after=minutes.items.get(number="3"), title="Youth Zone visit"
    )
    doc = minutes_context(minutes, edition=PackEdition.MEMBERS)["doc"]
    assert [minute.heading for minute in doc.minutes][-4:] == [
        "3A Youth Zone visit",
        "4 Child sexual exploitation",
        "5 Any other business",
        "Addendum: MASPI action plan",
    ]


def test_a_signed_document_carries_the_sign_off_and_no_draft_mark(cast, partnership, tmp_path, clock):
    minutes, _ = partnership
    next_meeting = MeetingFactory(board=cast.board, date=datetime.date(2015, 9, 17), status=MeetingStatus.HELD)
    services.minutes_confirm(
        user=cast.coordinator, minutes=minutes, at_meeting=next_meeting, presiding=cast.chair.person
    )
    minutes.refresh_from_db()
    sign_off = MinutesDocument(
        minutes=minutes,
        edition=PackEdition.MEMBERS,
        kind=MinutesDocumentKind.SIGNED,
        version=1,
        signer_name="Sarah James",
        signer_role="Chair",
        signed_at=datetime.datetime(2015, 9, 18, 10, 0, tzinfo=datetime.UTC),
    )
    data = render_minutes_pdf(minutes, edition=PackEdition.MEMBERS, watermark=False, sign_off=sign_off)
    pages = pdf_pages(data, tmp_path)
    text = words(" ".join(pages))
    assert "Signed as a correct record: Sarah James, Chair, Friday, 18 September 2015" in text
    assert "Confirmed at the meeting of Thursday, 17 September 2015" in text
    assert not any("DRAFT" in page for page in pages)
    assert "Draft" not in text


# A council committee ----------------------------------------------------------------------------------------


def councillor(board, first, last, role=Role.MEMBER):
    person = PersonFactory(honorific="Cllr", first_name=first, last_name=last, job_title="Councillor")
    return MembershipFactory(board=board, person=person, role=role, start_date=datetime.date(2010, 1, 1))


@pytest.fixture
def committee(cast, council, clock):
    council.kind = BoardKind.COUNCIL_COMMITTEE
    council.front_sheet_authority = "Chorley Council"
    council.save()
    Membership.objects.filter(board=council).update(start_date=datetime.date(2010, 1, 1))
    earlier = MeetingFactory(board=council, date=datetime.date(2015, 6, 10), status=MeetingStatus.HELD)
    for position in range(1, 4):
        AgendaItemFactory(meeting=earlier, position=position, title=f"Earlier item {position}")
    start(cast, earlier)  # minutes 1 to 3 of the municipal year

    meeting = MeetingFactory(board=council, date=datetime.date(2015, 9, 10), status=MeetingStatus.HELD, with_venue=True)
    titles = [
        ("Apologies and substitutes", Standing.WELCOME),
        ("Declarations of interest", Standing.DECLARATIONS),
        ("Children's services improvement plan", ""),
    ]
    items = [
        AgendaItemFactory(meeting=meeting, position=position, title=title, standing=standing)
        for position, (title, standing) in enumerate(titles, start=1)
    ]
    AgendaItemFactory(
        meeting=meeting,
        position=4,
        title="Residential care contract",
        confidential=True,
        exemption_paragraph=3,
        exemption_reason="Commercially sensitive tender prices",
    )
    chair_seat = councillor(council, "Julie", "Gibson", role=Role.CHAIR)
    kay = councillor(council, "Andrea", "Kay")
    beavers = councillor(council, "Lorraine", "Beavers")
    substitute = PersonFactory(honorific="Cllr", first_name="Paul", last_name="Walmsley")
    co_opted = MembershipFactory(
        board=council,
        person=PersonFactory(first_name="Kenvyn", last_name="Wales"),
        role=Role.CO_OPTED,
        co_opted_type="Church of England representative",
        start_date=datetime.date(2010, 1, 1),
    )
    officer = PersonFactory(first_name="Gary", last_name="Halsall", initials="GH")
    AttendanceFactory(meeting=meeting, person=chair_seat.person, seat=chair_seat, is_chair=True)
    AttendanceFactory(meeting=meeting, person=kay.person, seat=kay)
    AttendanceFactory(meeting=meeting, person=co_opted.person, seat=co_opted)
    AttendanceFactory(meeting=meeting, person=beavers.person, seat=beavers, status=AttendanceStatus.APOLOGIES)
    AttendanceFactory(meeting=meeting, person=substitute, status=AttendanceStatus.SUBSTITUTE, for_member=beavers)
    AttendanceFactory(
        meeting=meeting,
        person=officer,
        status=AttendanceStatus.IN_ATTENDANCE,
        voting=False,
        role="Democratic Services Officer",
        organisation="Chorley Council",
    )
    DeclarationFactory(
        meeting=meeting,
        item=items[2],
        person=kay.person,
        interest_type=InterestType.OTHER_REGISTRABLE,
        description="Governor of a school named in the plan",
    )
    minutes = start(cast, meeting)
    plan = minutes.items.get(title="Children's services improvement plan")
    services.minute_save(user=cast.coordinator, minute=plan, notes="The Director presented the plan.")
    resolution = services.decision_add(
        user=cast.coordinator, minute=plan, text="That the Committee makes the following recommendations:"
    )
    services.recommendations_set(
        user=cast.coordinator,
        decision=resolution,
        rows=[
            ("That the plan be published for consultation.", "the Cabinet Member for Children and Families"),
            ("That progress be reported in six months.", "the Director of Children's Services"),
        ],
    )
    services.action_add(
        user=cast.coordinator,
        minute=plan,
        text="Circulate the consultation timetable.",
        owners=[kay.person],
        due_date=datetime.date(2015, 10, 1),
    )
    contract = minutes.items.get(title="Residential care contract")
    services.minute_save(user=cast.coordinator, minute=contract, notes=SECRET_NOTES)
    services.decision_add(user=cast.coordinator, minute=contract, text=SECRET_DECISION)
    services.action_add(user=cast.coordinator, minute=contract, text=SECRET_ACTION, owners=[kay.person])
    minutes.refresh_from_db()
    return minutes, resolution


def test_council_minutes_read_as_a_councils(cast, committee, tmp_path):
    minutes, resolution = committee
    data = render_minutes_pdf(minutes, edition=PackEdition.MEMBERS, watermark=True)
    pages = pdf_pages(data, tmp_path)
    text = words(" ".join(pages))

    assert text.startswith("DRAFT Chorley Council Children's Services Scrutiny Committee") or text.startswith(
        "Chorley Council Children's Services Scrutiny Committee"
    )
    assert "Minutes of the Meeting held on Thursday, 10 September 2015 at 2.00 pm, Committee Room 1" in text
    assert "Present: Councillor Julie Gibson (Chair)" in text
    assert "Councillor Andrea Kay" in text
    assert "Co-opted members: Kenvyn Wales (Church of England representative)" in text
    assert "Substitutes: Councillor Paul Walmsley (for Councillor Lorraine Beavers)" in text
    assert "Officers: Gary Halsall (Democratic Services Officer)" in text
    assert "Apologies: Councillor Lorraine Beavers" in text
    # Numbered on from the committee's earlier meeting in the municipal year.
    assert re.findall(r"\b(\d)\. [A-Z]", text) == ["4", "5", "6", "7"]
    assert "6. Children's services improvement plan" in text
    assert (
        "Councillor Andrea Kay declared an other registrable interest in minute 6 "
        "(Children's services improvement plan)" in text
    )
    assert "Resolved: That the Committee makes the following recommendations:" in text
    assert "(i) That the plan be published for consultation. (to the Cabinet Member for Children and Families)" in text
    assert "(ii) That progress be reported in six months. (to the Director of Children's Services)" in text
    assert resolution.register_number in text
    assert "Action: Circulate the consultation timetable. (Councillor Andrea Kay, by 1 October 2015)" in text
    assert "ACTION BY" not in text
    assert "Part II: Not for publication by virtue of paragraph 3 of Part 1 of Schedule 12A" in text
    assert all("DRAFT" in page for page in pages)
    assert [words(title) for title in outline_titles(data)] == [
        "4. Apologies and substitutes",
        "5. Declarations of interest",
        "6. Children's services improvement plan",
        "7. Residential care contract",
    ]


# Editions --------------------------------------------------------------------------------------------------


def test_the_public_edition_leaves_out_part_two_text(cast, committee, tmp_path):
    minutes, _ = committee
    public_pdf = words(" ".join(pdf_pages(render_minutes_pdf(minutes, edition="public", watermark=True), tmp_path)))
    public_html = minutes_document_html(minutes, edition=PackEdition.PUBLIC, for_pdf=False)
    members_pdf = words(" ".join(pdf_pages(render_minutes_pdf(minutes, edition="members", watermark=True), tmp_path)))
    members_html = minutes_document_html(minutes, edition=PackEdition.MEMBERS, for_pdf=False)
    for secret in (SECRET_NOTES, SECRET_DECISION, SECRET_ACTION):
        assert secret not in public_pdf and secret not in public_html
        assert secret in members_pdf and secret in members_html.replace("&#x27;", "'")
    for text in (public_pdf, public_html):
        assert "7. Residential care contract" in text or "Residential care contract" in text
        assert "paragraph 3 of Part 1 of Schedule 12A of the Local Government Act 1972" in text
    assert "Members' edition" in members_pdf and "Members' edition" not in public_pdf
    # Part I is the same in both.
    assert "The Director presented the plan." in public_pdf


def test_a_partnership_boards_public_edition_does_not_name_its_part_two_minutes(cast, partnership):
    minutes, _ = partnership
    contract = services.minute_insert(
        user=cast.coordinator,
        minutes=minutes,
        after=minutes.items.get(number="5"),
        title="Residential care contract",
        confidential=True,
        exemption_reason="Commercially sensitive",
    )
    services.minute_save(user=cast.coordinator, minute=contract, notes=SECRET_NOTES)
    public = minutes_document_html(minutes, edition=PackEdition.PUBLIC, for_pdf=False)
    members = minutes_document_html(minutes, edition=PackEdition.MEMBERS, for_pdf=False)
    assert "Confidential item (Part II)" in public
    assert "Residential care contract" not in public and "Commercially sensitive" not in public
    assert SECRET_NOTES.replace("'", "&#x27;") not in public
    assert "Residential care contract" in members and "Not for publication: Commercially sensitive" in members


# Markdown --------------------------------------------------------------------------------------------------


def test_notes_markdown_is_sanitised():
    html = str(
        notes_html(
            "Intro with **bold** and *care*.\n\n"
            "- first\n- second\n\n"
            "<script>alert('x')</script>\n\n"
            'Picture <img src="x.png" onerror="alert(1)"> here\n\n'
            "<style>body { display: none }</style>\n\n"
            '[bad](javascript:alert(1)) and <a href="javascript:alert(2)">worse</a>\n\n'
            "[site](https://www.lancashire.gov.uk) and <amanda@example.org>\n\n"
            "# A heading"
        )
    )
    assert "<strong>bold</strong>" in html and "<em>care</em>" in html
    assert "<ul>\n<li>first</li>\n<li>second</li>\n</ul>" in html
    for banned in ("<script", "alert('x')", "<img", "onerror", "<style", "display: none", 'href="javascript'):
        assert banned not in html
    assert '<a href="https://www.lancashire.gov.uk" rel="noopener noreferrer">site</a>' in html
    assert 'href="mailto:amanda@example.org"' in html
    assert "<h1" not in html and "<p><strong>A heading</strong></p>" in html
    assert str(notes_html("")) == ""


# Determinism and queries ------------------------------------------------------------------------------------


def test_the_document_html_is_deterministic_and_follows_the_text(cast, partnership):
    minutes, _ = partnership
    first = minutes_document_html(minutes, edition=PackEdition.MEMBERS)
    assert first == minutes_document_html(minutes, edition=PackEdition.MEMBERS)
    minute = minutes.items.get(number="3")
    services.minute_save(user=cast.coordinator, minute=minute, notes="Richard gave an overview.")
    assert minutes_document_html(minutes, edition=PackEdition.MEMBERS) != first


def _minutes_of_size(cast, size: int, day: datetime.date):
    meeting = MeetingFactory(board=cast.board, date=day, status=MeetingStatus.HELD)
    for position in range(1, size + 1):
        AgendaItemFactory(meeting=meeting, position=position, title=f"Item {position}")
    member = cast.member.person
    AttendanceFactory(meeting=meeting, person=member, seat=Membership.objects.get(board=cast.board, person=member))
    AttendanceFactory(meeting=meeting, person=PersonFactory(), status=AttendanceStatus.IN_ATTENDANCE)
    minutes = start(cast, meeting)
    for minute in minutes.items.all():
        services.minute_save(user=cast.coordinator, minute=minute, notes=f"Discussion of {minute.title}.")
        decision = services.decision_add(
            user=cast.coordinator, minute=minute, text="That the report be noted.", wording=DecisionWording.RESOLVED
        )
        services.recommendations_set(user=cast.coordinator, decision=decision, rows=[("Report back", "the Board")])
        services.action_add(user=cast.coordinator, minute=minute, text="Follow up.", owners=[member])
    DeclarationFactory(meeting=meeting, item=meeting.items.first(), person=member)
    return minutes


def test_minutes_context_reads_in_a_fixed_number_of_queries(cast, clock):
    Membership.objects.filter(board=cast.board).update(start_date=datetime.date(2010, 1, 1))
    counts = []
    for size, day in ((3, datetime.date(2015, 5, 21)), (20, datetime.date(2015, 9, 17))):
        minutes = _minutes_of_size(cast, size, day)
        with CaptureQueriesContext(connection) as queries:
            doc = minutes_context(minutes, edition=PackEdition.MEMBERS)["doc"]
            minutes_document_html(minutes, edition=PackEdition.MEMBERS, for_pdf=False)
        assert len(doc.minutes) == size
        counts.append(len(queries))
    assert counts[0] == counts[1] == 16  # eight for the context, eight again for the page


# Notes of an informal session -------------------------------------------------------------------------------


def test_an_informal_sessions_notes_have_notes_headings_and_no_approval(cast, clock, tmp_path):
    Membership.objects.filter(board=cast.board).update(start_date=datetime.date(2010, 1, 1))
    meeting = MeetingFactory(
        board=cast.board, date=DAY, status=MeetingStatus.HELD, kind=MeetingKind.DEEP_DIVE, with_venue=True
    )
    AgendaItemFactory(meeting=meeting, position=1, title="Early help offer")
    minutes = start(cast, meeting)
    assert minutes.is_notes
    services.minute_save(user=cast.coordinator, minute=minutes.items.get(), notes="Partners shared case studies.")
    data = render_minutes_pdf(minutes, edition=PackEdition.MEMBERS, watermark=False)
    pages = pdf_pages(data, tmp_path)
    text = words(" ".join(pages))
    assert "Notes of informal session (deep dive) held on Thursday, 21 May 2015 at Committee Room 1" in text
    assert "Partners shared case studies." in text
    assert "DRAFT" not in text and "Draft" not in text and "Signed" not in text and "Confirmed" not in text


# Built through the document pipeline ------------------------------------------------------------------------


def test_a_draft_document_builds_and_is_stored(cast, partnership, tmp_path):
    minutes, _ = partnership
    document = MinutesDocument.objects.create(
        minutes=minutes, edition=PackEdition.MEMBERS, kind=MinutesDocumentKind.DRAFT
    )
    built = document_build(document_id=document.pk)
    assert built.status == PackStatus.DONE, built.error
    data = built.file.read()
    pages = pdf_pages(data, tmp_path)
    assert built.page_count == len(pages) >= 1
    assert all("DRAFT" in page for page in pages)
