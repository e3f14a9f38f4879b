"""Load the demo board (the Chorley, South Ribble & West Lancashire CPB) from ``demo/data/*.yaml``.

Rows are made through the services the pages use, acting as :data:`~core.permissions.SYSTEM`.
Idempotent: rows are looked up before they are created, so running it twice changes nothing. Papers are
real PDFs made with WeasyPrint from the seed text, with the page counts of the real packs.
"""

from __future__ import annotations

import datetime
import html
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from boards import services as board_services
from boards.models import Board, Membership, Organisation, Person, User
from core import clock
from core.permissions import SYSTEM
from demo.actions import load_actions
from demo.content import demo_content
from demo.council import load_council_committee
from demo.minutes import load_minutes
from demo.performance import load_performance
from demo.recommendations import load_recommendations
from meetings import services as meeting_services
from meetings.attendance import seats_on
from meetings.enums import STANDING_IN, AttendanceStatus, MeetingStatus
from meetings.models import Meeting, PackBuild, Venue
from meetings.packs.services import pack_build_now
from meetings.services import SeatEntry


@dataclass
class DemoResult:
    board: Board
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def count(self, what: str) -> None:
        self.created[what] = self.created.get(what, 0) + 1


def _date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _organisations(result: DemoResult, data: dict) -> dict[str, Organisation]:
    by_key = {}
    for row in data["organisations"]:
        org, created = Organisation.objects.get_or_create(
            name=row["name"],
            defaults={"short_name": row["short_name"], "aliases": row["aliases"], "sector": row["sector"]},
        )
        if created:
            result.count("organisations")
        by_key[row["short_name"]] = by_key[row["name"]] = org
    return by_key


def _board(row: dict) -> tuple[Board, bool]:
    parent_row = row["parent"]
    parent = Board.objects.filter(name=parent_row["name"]).first() or board_services.board_create(
        user=SYSTEM,
        name=parent_row["name"],
        short_name=parent_row["short_name"],
        kind=parent_row["kind"],
        description=parent_row["description"],
    )
    board = Board.objects.filter(name=row["name"]).first()
    if board:
        return board, False
    board = board_services.board_create(
        user=SYSTEM,
        name=row["name"],
        short_name=row["short_name"],
        kind=row["kind"],
        parent=parent,
        areas_covered=row["areas_covered"],
        meeting_frequency=row["meeting_frequency"],
        notice_days=row["notice_days"],
        quorum_members=row["quorum_members"],
        quorum_organisations=row["quorum_organisations"],
        attendance_target=row.get("attendance_target"),
        description=row["description"],
    )
    return board, True


def _people(result: DemoResult, data: dict, orgs: dict[str, Organisation]) -> dict[str, Person]:
    people = {}
    for row in data["people"]:
        person = Person.objects.filter(first_name=row["first_name"], last_name=row["last_name"]).first()
        if person is None:
            person = Person.objects.create(
                honorific=row["honorific"],
                first_name=row["first_name"],
                last_name=row["last_name"],
                initials=row["initials"],
                job_title=row["job_title"],
                organisation=orgs.get(row["organisation"]),
                email=row["email"],
            )
            result.count("people")
        people[row["key"]] = person
    return people


def _memberships(result: DemoResult, data: dict, board: Board, people, orgs) -> None:
    for row in data["memberships"]:
        person = people[row["person"]]
        start = _date(row["start_date"])
        if Membership.objects.filter(board=board, person=person, role=row["role"], start_date=start).exists():
            continue
        Membership.objects.create(
            board=board,
            person=person,
            organisation=orgs.get(row["organisation"]),
            role=row["role"],
            co_opted_type=row["co_opted_type"],
            voting=row["voting"],
            start_date=start,
            end_date=_date(row["end_date"]),
            deputy=people.get(row["deputy"]) if row["deputy"] else None,
        )
        result.count("memberships")


def _logins(result: DemoResult, data: dict, people) -> None:
    for row in data["logins"]:
        user = User.objects.filter(email=row["email"]).first()
        if user is None:
            user = User.objects.create_user(email=row["email"], password=row["password"], person=people[row["person"]])
            result.count("logins")
        result.logins.append((row["label"], row["email"], row["password"]))
    admin = data["administrator"]  # a published demo login
    if not User.objects.filter(email=admin["email"]).exists():
        User.objects.create_superuser(email=admin["email"], password=admin["password"])
        result.count("logins")
    result.logins.append((admin["label"], admin["email"], admin["password"]))


# Meetings --------------------------------------------------------------------------------------------


def demo_paper_pdf(*, title: str, author: str, text: str, pages: int) -> bytes:
    """A paper of exactly ``pages`` pages: the seed text on the first, continuation pages after it."""
    from weasyprint import HTML

    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in (text or "").split("\n") if p.strip())
    body = [f"<section><h1>{html.escape(title)}</h1><p class='by'>{html.escape(author)}</p>{paragraphs}</section>"]
    for n in range(2, pages + 1):
        body.append(
            f"<section><h2>{html.escape(title)} (continued)</h2><p>This demonstration page stands in for page {n} of "
            "the original paper, whose full text is not part of the demo.</p></section>"
        )
    css = (
        "@page { size: A4; margin: 22mm 20mm; @bottom-right { content: 'Page ' counter(page) ' of ' counter(pages);"
        " font: 9pt sans-serif; } } body { font: 10.5pt/1.4 sans-serif; } h1 { font-size: 16pt; }"
        " section { break-after: page; } section:last-child { break-after: auto; }"
        " section:first-child { max-height: 240mm; overflow: hidden; } .by { color: #444; }"
    )
    document = f"<html><head><style>{css}</style></head><body>{''.join(body)}</body></html>"
    return HTML(string=document).write_pdf()


def _venue(board: Board, row: dict) -> Venue:
    venue, _ = Venue.objects.get_or_create(
        board=board,
        building=row["building"],
        room=row["room"],
        defaults={"address": row["address"], "postcode": row["postcode"], "access_notes": row["access_notes"]},
    )
    return venue


def _add_item(meeting, row: dict, people, parent=None):
    leads = []
    for lead in row["leads"]:
        if "person" in lead:
            leads.append({"person": people[lead["person"]]})
        else:
            leads.append(lead)
    heading = bool(row["children"]) and not row["papers"] and not row["item_for"]
    item = meeting_services.agenda_item_add(
        user=SYSTEM,
        meeting=meeting,
        parent=parent,
        leads=leads,
        before_closing_items=False,
        title=row["title"],
        item_for=row["item_for"],
        intended_outcome=row["intended_outcome"],
        duration_minutes=row["duration_minutes"],
        verbal_update=row["verbal"],
        is_heading=heading,
    )
    if row.get("standing"):
        item.standing = row["standing"]
        if row["standing"] == "future_dates":
            item.intended_outcome = ""  # the portal lists the board's next meetings itself
        item.save(update_fields=["standing", "intended_outcome"])
    if row.get("generated_kind"):
        item.generated_kind = row["generated_kind"]  # e.g. the board's scorecard, written by the portal
        item.save(update_fields=["generated_kind"])
    for paper in row["papers"]:
        pdf = demo_paper_pdf(
            title=paper["title"],
            author=paper["author"] or paper["author_organisation"],
            text=paper["text"],
            pages=paper["pages"],
        )
        name = "".join(c if c.isalnum() else "-" for c in paper["title"].lower())[:60].strip("-") + ".pdf"
        meeting_services.paper_upload(
            user=SYSTEM,
            item=item,
            upload=SimpleUploadedFile(name, pdf, content_type="application/pdf"),
            title=paper["title"],
            kind=paper["kind"],
            author=paper["author"],
            author_organisation=paper["author_organisation"],
        )
    for child in row["children"]:
        _add_item(meeting, child, people, parent=item)
    return item


def _meetings(result: DemoResult, data: dict, board: Board, people) -> None:
    contact = people.get("sarah_ashcroft")
    # The dates the seed packs list as future meetings become meetings too, so the "future meeting dates"
    # item of each pack lists what the real pack listed.
    for row in data["meetings"] + data["earlier_listed_meetings"] + data["future_meetings"]:
        day = _date(row["date"])
        if Meeting.objects.filter(board=board, date=day).exists():
            continue
        meeting = meeting_services.meeting_create(
            user=SYSTEM,
            board=board,
            date=day,
            start_time=datetime.time.fromisoformat(row["start"]),
            end_time=datetime.time.fromisoformat(row["end"]),
            venue=_venue(board, row["venue"]),
            kind=row["kind"],
            contact_officer=contact,
            with_standing_items=not row.get("agenda"),
            pack_issue_date=day - datetime.timedelta(days=9),
        )
        for item in row.get("agenda", []):
            _add_item(meeting, item, people)
        meeting.status = row["status"]
        if row.get("agenda"):
            meeting.agenda_published_at = datetime.datetime.combine(
                meeting.pack_issue_date, datetime.time(9, 0), tzinfo=datetime.UTC
            )
        meeting.save(update_fields=["status", "agenda_published_at"])
        if meeting.agenda_published_at:
            meeting_services.agenda_numbers_store(meeting=meeting)
        result.count("meetings")
    _upcoming(result, board, contact)


def _upcoming(result: DemoResult, board: Board, contact) -> None:
    """Four quarterly meetings from next month, so the demo always has meetings ahead."""
    today = clock.today()
    if Meeting.objects.filter(board=board, date__gt=today).exists():
        return
    venues = list(board.venues.order_by("pk")[:3])
    year, month = today.year, today.month
    for n in range(4):
        month_index = month + 1 + 3 * n
        y, m = year + (month_index - 1) // 12, (month_index - 1) % 12 + 1
        day = datetime.date(y, m, 1)
        day += datetime.timedelta(days=(3 - day.weekday()) % 7 + 14)  # the third Thursday
        meeting_services.meeting_create(
            user=SYSTEM,
            board=board,
            date=day,
            start_time=datetime.time(14, 0),
            end_time=datetime.time(16, 0),
            venue=venues[n % len(venues)] if venues else None,
            contact_officer=contact,
            pack_issue_date=day - datetime.timedelta(days=9),
        )
        result.count("meetings")


def _demo_pack(result: DemoResult, board: Board) -> None:
    meeting = Meeting.objects.get(board=board, date=datetime.date(2015, 9, 17))
    if not PackBuild.objects.filter(meeting=meeting, status="done").exists():
        build = pack_build_now(user=SYSTEM, meeting=meeting, edition="members")
        result.notes.append(f"Built the members' pack of 17 September 2015: {build.page_count} pages.")


def _scorecard_pack(result: DemoResult, board: Board) -> None:
    """The members' pack of 16 March 2017, which freezes the scorecard as the board saw it."""
    meeting = Meeting.objects.get(board=board, date=datetime.date(2017, 3, 16))
    if not PackBuild.objects.filter(meeting=meeting, status="done").exists():
        build = pack_build_now(user=SYSTEM, meeting=meeting, edition="members")
        result.notes.append(f"Built the members' pack of 16 March 2017 with its scorecard: {build.page_count} pages.")


# Registers ---------------------------------------------------------------------------------------------


def _take_register(meeting: Meeting, rows: list[dict], people: dict[str, Person]) -> None:
    """One meeting's register from rows of ``{person, status, chair, for_member, as_role, as_organisation}``
    (``person`` and ``for_member`` are keys of ``people``): the board's members on the day through the
    register, everyone else added to it; members in no row are recorded absent."""
    by_person = {people[row["person"]].pk: row for row in rows}
    stood_in = {people[row["for_member"]].pk: row for row in rows if row.get("for_member")}
    entries, chair = [], None
    for seat in seats_on(meeting.board, meeting.date):
        row = by_person.get(seat.person_id)
        deputy = stood_in.get(seat.person_id)
        if deputy is not None:
            status = deputy["status"]
        elif row is not None:
            status = row["status"]
        else:
            status = AttendanceStatus.ABSENT
        entries.append(
            SeatEntry(
                seat=seat,
                status=status,
                in_place=people[deputy["person"]] if deputy else None,
                role=row.get("as_role", "") if row else "",
                organisation=row.get("as_organisation", "") if row else "",
                in_place_role=deputy.get("as_role", "") if deputy else "",
                in_place_organisation=deputy.get("as_organisation", "") if deputy else "",
            )
        )
        if row is not None and row.get("chair"):
            chair = seat.person
    on_seats = {entry.seat.person_id for entry in entries}
    others = [row for row in rows if people[row["person"]].pk not in on_seats and row["status"] not in STANDING_IN]
    meeting_services.register_save(user=SYSTEM, meeting=meeting, entries=entries, chair=chair)
    for row in others:
        meeting_services.attendance_add(
            user=SYSTEM,
            meeting=meeting,
            person=people[row["person"]],
            status=row["status"],
            role=row.get("as_role", ""),
            organisation=row.get("as_organisation", ""),
        )


def _registers(result: DemoResult, data: dict, board: Board, people: dict[str, Person]) -> None:
    """The registers of 21 May 2015 and 14 December 2016, as the seed minutes print them."""
    by_meeting: dict[str, list[dict]] = {}
    for row in data["attendance"]:
        by_meeting.setdefault(row["meeting"], []).append(row)
    for day, rows in by_meeting.items():
        meeting = Meeting.objects.get(board=board, date=_date(day))
        if meeting.register_taken_at is not None:
            continue
        _take_register(meeting, rows, people)
        result.count("registers")


LSCB_MARKS = {
    "P": AttendanceStatus.PRESENT,
    "D": AttendanceStatus.DEPUTY,
    "A": AttendanceStatus.APOLOGIES,
    "-": AttendanceStatus.ABSENT,
}


def _lscb(result: DemoResult, boards_data: dict, meetings_data: dict, orgs: dict[str, Organisation]) -> None:
    """The LSCB's seats, its six meetings of 2015-16 and their registers: its annual report's Appendix 3."""
    spec = boards_data["lscb"]
    board = Board.objects.get(name=boards_data["board"]["parent"]["name"])
    if board.attendance_target is None:
        board_services.board_update(user=SYSTEM, board=board, attendance_target=spec["attendance_target"])
    for row in spec["organisations"]:
        org, created = Organisation.objects.get_or_create(
            name=row["name"], defaults={"short_name": row["short_name"], "sector": row["sector"]}
        )
        if created:
            result.count("organisations")
        orgs[row["name"]] = org
    people: dict[str, Person] = {}
    start = _date(spec["seats_from"])

    def person(row: dict, organisation: Organisation | None) -> Person:
        found = Person.objects.filter(first_name=row["first_name"], last_name=row["last_name"]).first()
        if found is None:
            found = Person.objects.create(
                first_name=row["first_name"],
                last_name=row["last_name"],
                initials=row["initials"],
                job_title=row.get("job_title", ""),
                organisation=organisation,
            )
            result.count("people")
        return found

    for row in spec["seats"]:
        organisation = orgs[row["organisation"]] if row["organisation"] else None
        member = people[row["key"]] = person(row, organisation)
        deputy = person(row["deputy"], organisation) if row["deputy"] else None
        if deputy is not None:
            people[f"{row['key']}_deputy"] = deputy
        if not Membership.objects.filter(board=board, person=member, start_date=start).exists():
            Membership.objects.create(
                board=board,
                person=member,
                organisation=organisation,
                role=row["role"],
                voting=True,
                start_date=start,
                deputy=deputy,
            )
            result.count("memberships")
    plan = meetings_data["lscb_meetings"]
    venue = _venue(board, plan["venue"])
    marks = meetings_data["lscb_attendance"]
    for index, day in enumerate(plan["dates"]):
        meeting = Meeting.objects.filter(board=board, date=_date(day)).first()
        if meeting is None:
            meeting = meeting_services.meeting_create(
                user=SYSTEM,
                board=board,
                date=_date(day),
                start_time=datetime.time.fromisoformat(plan["start"]),
                end_time=datetime.time.fromisoformat(plan["end"]),
                venue=venue,
            )
            meeting.status = MeetingStatus.HELD
            meeting.save(update_fields=["status"])
            result.count("meetings")
        if meeting.register_taken_at is not None:
            continue
        rows = []
        for key, letters in marks.items():
            status = LSCB_MARKS[letters[index]]
            if status in STANDING_IN:
                rows.append({"person": f"{key}_deputy", "status": status, "for_member": key})
                rows.append({"person": key, "status": AttendanceStatus.APOLOGIES})
            else:
                rows.append({"person": key, "status": status, "chair": key == "independent_chair"})
        _take_register(meeting, rows, people)
        result.count("registers")


@transaction.atomic
def load_demo(*, build_pack: bool = True) -> DemoResult:
    boards_data, meetings_data = demo_content("boards"), demo_content("meetings")
    board, _ = _board(boards_data["board"])
    result = DemoResult(board=board)
    orgs = _organisations(result, boards_data)
    people = _people(result, boards_data, orgs)
    _memberships(result, boards_data, board, people, orgs)
    _logins(result, boards_data, people)
    _meetings(result, meetings_data, board, people)
    _registers(result, meetings_data, board, people)
    load_minutes(result, board=board, people=people)
    load_actions(result, board=board)
    _lscb(result, boards_data, meetings_data, orgs)
    if build_pack:
        _demo_pack(result, board)
    committee = load_council_committee(result, people=people, build_pack=build_pack)
    load_recommendations(result, board=committee, people=people)
    load_performance(result, board=board.parent)  # the LSCB's annual report figures
    load_performance(result, board=board, data_file="cpb_performance")  # the CYPP scorecards the CPB received
    if build_pack:
        _scorecard_pack(result, board)
    return result
