"""factory_boy factories for venues, meetings, agenda items, leads, papers and pack builds.

``PaperFactory`` writes a real PDF of ``pages`` pages (pikepdf, base-14 Helvetica, so pdftotext reads it
back) into the paper's storage and fills in ``page_count``, ``sha256``, ``size`` and ``original_name``::

    PaperFactory(item=item, title="Youth Justice Plan", pages=5)
    PaperFactory(item=item, pages=3, text="Exempt financial detail")   # each page says "... page i of 3"
"""

from __future__ import annotations

import datetime
import hashlib
import io

import factory
import pikepdf
from django.core.files.base import ContentFile
from pikepdf import Array, Dictionary, Name

from boards.tests.factories import BoardFactory, MembershipFactory, PersonFactory
from meetings.enums import AttendanceStatus, InterestType, ItemFor, PackEdition, PackStatus
from meetings.models import (
    AgendaItem,
    Apology,
    Attendance,
    Declaration,
    ItemLead,
    Meeting,
    PackBuild,
    Paper,
    RegisteredInterest,
    Venue,
)

A4 = (595, 842)


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def pdf_bytes(pages: int = 2, text: str = "Paper", *, size: tuple[float, float] = A4) -> bytes:
    """A real PDF: every page carries a heading and the line "<text> page <i> of <pages>"."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica, Encoding=Name.WinAnsiEncoding)
    )
    width, height = size
    for i in range(1, pages + 1):
        content = b"".join(
            [
                b"BT /F1 16 Tf 72 %d Td " % (height - 100) + _pdf_string(text) + b" Tj ET\n",
                b"BT /F1 11 Tf 72 %d Td " % (height - 140) + _pdf_string(f"{text} page {i} of {pages}") + b" Tj ET\n",
                b"BT /F1 9 Tf 72 50 Td " + _pdf_string(f"{i}") + b" Tj ET\n",
            ]
        )
        page = Dictionary(
            Type=Name.Page,
            MediaBox=Array([0, 0, width, height]),
            Resources=Dictionary(Font=Dictionary(F1=font)),
            Contents=pdf.make_stream(content),
        )
        pdf.pages.append(pikepdf.Page(pdf.make_indirect(page)))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    board = factory.SubFactory(BoardFactory)
    room = "Committee Room 1"
    building = factory.Sequence(lambda n: f"Town Hall {n}")
    address = "Market Street\nChorley"
    postcode = "PR7 1DP"
    access_notes = "Step-free access from Market Street; hearing loop in the room."


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    board = factory.SubFactory(BoardFactory)
    date = factory.Sequence(lambda n: datetime.date(2030, 1, 1) + datetime.timedelta(days=7 * n))
    start_time = datetime.time(14, 0)
    end_time = datetime.time(16, 0)

    class Params:
        with_venue = factory.Trait(venue=factory.SubFactory(VenueFactory, board=factory.SelfAttribute("..board")))


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Agenda item {n}")
    item_for = ItemFor.DISCUSSION
    intended_outcome = "The Board to discuss the report and agree next steps."
    duration_minutes = 15


class ItemLeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItemLead

    item = factory.SubFactory(AgendaItemFactory)
    person = factory.SubFactory(PersonFactory)


class PaperFactory(factory.django.DjangoModelFactory):
    """A paper with a real ``pages``-page PDF stored as its file. ``text`` is printed on every page."""

    class Meta:
        model = Paper

    item = factory.SubFactory(AgendaItemFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Report {n}")
    author = "Lead officer"
    pages = 2
    text = factory.LazyAttribute(lambda o: o.title)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # ``pages``, ``text`` (and an optional ``data``: the PDF's bytes) are not model fields.
        pages = kwargs.pop("pages", 2)
        text = kwargs.pop("text", None) or kwargs.get("title", "Paper")
        data = kwargs.pop("data", None) or pdf_bytes(pages, text)
        paper = model_class(*args, **kwargs)
        paper.original_name = paper.original_name or f"{paper.title}.pdf"
        paper.page_count = pages
        paper.sha256 = hashlib.sha256(data).hexdigest()
        paper.size = len(data)
        paper.file.save("paper.pdf", ContentFile(data), save=False)
        paper.save()
        return paper


class PackBuildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PackBuild

    meeting = factory.SubFactory(MeetingFactory)
    edition = PackEdition.MEMBERS
    number = factory.Sequence(lambda n: n + 1)
    status = PackStatus.DONE


class AttendanceFactory(factory.django.DjangoModelFactory):
    """A register entry; by default a member of the meeting's board, present."""

    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    status = AttendanceStatus.PRESENT
    role = factory.SelfAttribute("person.job_title")
    organisation = factory.LazyAttribute(lambda o: o.person.organisation.name if o.person.organisation_id else "")
    voting = True


class ApologyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Apology

    meeting = factory.SubFactory(MeetingFactory)
    seat = factory.SubFactory(
        MembershipFactory,
        board=factory.SelfAttribute("..meeting.board"),
        start_date=factory.LazyAttribute(lambda o: o.factory_parent.meeting.date - datetime.timedelta(days=365)),
    )
    message = "On leave that week."


class RegisteredInterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegisteredInterest

    person = factory.SubFactory(PersonFactory)
    interest_type = InterestType.CONFLICT
    description = "Trustee of a charity the board commissions."
    from_date = datetime.date(2015, 1, 1)


class DeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Declaration

    item = factory.SubFactory(AgendaItemFactory)
    meeting = factory.SelfAttribute("item.meeting")
    person = factory.SubFactory(PersonFactory)
    interest_type = InterestType.CONFLICT
    description = "Trustee of a bidder."
    left_room = True


def meeting_with_papers(board, **meeting_fields) -> Meeting:
    """A realistic agenda for pack tests: standing items, a heading with a verbal and a papered sub-item,
    papers of odd and even lengths, an item with two appendices, a Part II item, future meeting dates.

    1 Welcome (no papers) · 2 Minutes (3 pages) · 3 Safeguarding (heading): 3a verbal, 3b (2 pages) ·
    4 Troubled Families: 4(a) 1 page, 4(b) 4 pages · 5 Commissioning, Part II (3 pages) ·
    6 Youth Justice Plan (5 pages) · 7 Future meeting dates; and a later meeting of the board.
    """
    from meetings.enums import Standing

    meeting_fields.setdefault("date", datetime.date(2030, 3, 14))
    meeting = MeetingFactory(board=board, **meeting_fields)
    MeetingFactory(board=board, date=meeting.date + datetime.timedelta(days=91), start_time=datetime.time(10, 0))

    def item(title, **kw):
        return AgendaItemFactory(meeting=meeting, title=title, **kw)

    item("Welcome and apologies", item_for=ItemFor.INFORMATION, standing=Standing.WELCOME, duration_minutes=5)
    minutes = item("Minutes of the last meeting and matters arising", standing=Standing.MINUTES, duration_minutes=10)
    ItemLeadFactory(item=minutes, person=None, office="Chair")
    PaperFactory(item=minutes, title="Minutes of 14 December", pages=3)
    heading = item("Safeguarding", is_heading=True, duration_minutes=None, item_for="", intended_outcome="")
    item("Local CSE plans", parent=heading, verbal_update=True)
    lscb = item("Update from the LSCB", parent=heading)
    PaperFactory(item=lscb, title="LSCB minutes", pages=2)
    families = item("Troubled Families")
    ItemLeadFactory(item=families)
    PaperFactory(item=families, title="Troubled Families report", pages=1)
    PaperFactory(item=families, title="Core offer figures", pages=4)
    exempt = item("Commissioning", confidential=True, exemption_reason="Paragraph 3: financial or business affairs")
    PaperFactory(item=exempt, title="Tender evaluation", pages=3, text="Exempt tender prices")
    plan = item("Youth Justice Plan")
    PaperFactory(item=plan, title="Youth Justice Plan", pages=5)
    item("Future meeting dates", item_for=ItemFor.INFORMATION, standing=Standing.FUTURE_DATES, duration_minutes=None)
    return meeting
