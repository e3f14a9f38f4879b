"""Load the demo council committee (Chorley Council's Overview and Scrutiny Committee) from
``demo/data/council.yaml``, through the services, acting as :data:`~core.permissions.SYSTEM`. Idempotent,
like :mod:`demo.loader`, which calls it once the Children's Partnership Board's people are loaded."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from boards import services as board_services
from boards.models import Board, Membership, Person
from core.permissions import SYSTEM
from demo.content import demo_content
from meetings import services as meeting_services
from meetings.models import Meeting, PackBuild, Venue
from meetings.packs.services import pack_build_now

#: The meeting whose members' pack the demo builds.
PACK_MEETING = datetime.date(2017, 1, 26)


def _board(data: dict) -> tuple[Board, bool]:
    board = Board.objects.filter(name=data["name"]).first()
    if board:
        return board, False
    wording = data["front_sheet"]
    board = board_services.board_create(
        user=SYSTEM,
        name=data["name"],
        short_name=data["short_name"],
        kind=data["kind"],
        meeting_frequency=data["meeting_frequency"],
        notice_days=data["notice_days"],
        description=data["description"],
        front_sheet_authority=wording["authority"],
        front_sheet_notice=wording["notice"],
        front_sheet_signatory=wording["signatory"],
        front_sheet_signatory_title=wording["signatory_title"],
        front_sheet_enquiries=wording["enquiries"],
    )
    return board, True


def _people(result, data: dict, people: dict[str, Person], council) -> dict[str, Person]:
    people = dict(people)
    for row in data["people"]:
        person = Person.objects.filter(first_name=row["first_name"], last_name=row["last_name"]).first()
        if person is None:
            person = Person.objects.create(
                honorific=row["honorific"],
                first_name=row["first_name"],
                last_name=row["last_name"],
                initials=row["initials"],
                job_title="Councillor",
                organisation=council,
            )
            result.count("people")
        people[row["key"]] = person
    return people


def _memberships(result, data: dict, board: Board, people: dict[str, Person]) -> None:
    start = datetime.date.fromisoformat(data["memberships_start"])
    for row in data["memberships"]:
        person = people[row["person"]]
        if Membership.objects.filter(board=board, person=person, role=row["role"]).exists():
            continue
        Membership.objects.create(
            board=board,
            person=person,
            organisation=person.organisation,
            role=row["role"],
            voting=row["role"] != "coordinator",
            start_date=start,
        )
        result.count("memberships")


def _meetings(result, data: dict, board: Board, people: dict[str, Person]) -> dict[str, Meeting]:
    from demo.loader import demo_paper_pdf

    venue, _ = Venue.objects.get_or_create(board=board, building=data["venue"]["building"], room=data["venue"]["room"])
    if not venue.postcode:
        venue.address, venue.postcode = data["venue"]["address"], data["venue"]["postcode"]
        venue.save(update_fields=["address", "postcode"])
    made = {}
    for row in data["meetings"]:
        day = datetime.date.fromisoformat(row["date"])
        meeting = Meeting.objects.filter(board=board, date=day).first()
        if meeting is None:
            start = datetime.time.fromisoformat(row["start"])
            meeting = meeting_services.meeting_create(
                user=SYSTEM,
                board=board,
                date=day,
                start_time=start,
                venue=venue,
                kind=row["kind"],
                contact_officer=people["sarah_ashcroft"],
                pack_issue_date=day - datetime.timedelta(days=9),
            )
            for item_row in row["items"]:
                item = meeting_services.agenda_item_add(
                    user=SYSTEM,
                    meeting=meeting,
                    title=item_row["title"],
                    item_for=item_row["item_for"],
                    intended_outcome=item_row["intended_outcome"],
                    verbal_update=item_row.get("verbal", False),
                    leads=[{"person": people[item_row["lead"]]}],
                )
                paper = item_row.get("paper")
                if paper:
                    pdf = demo_paper_pdf(
                        title=paper["title"], author="Chorley Council", text=paper["text"], pages=paper["pages"]
                    )
                    meeting_services.paper_upload(
                        user=SYSTEM,
                        item=item,
                        upload=SimpleUploadedFile("report.pdf", pdf, content_type="application/pdf"),
                        title=paper["title"],
                        kind=paper.get("kind", "report"),
                        author_organisation="Chorley Council",
                    )
            meeting.status = row["status"]
            meeting.agenda_published_at = datetime.datetime.combine(
                meeting.pack_issue_date, datetime.time(9, 0), tzinfo=datetime.UTC
            )
            meeting.save(update_fields=["status", "agenda_published_at"])
            meeting_services.agenda_numbers_store(meeting=meeting)
            result.count("meetings")
        made[row["date"]] = meeting
    return made


def _work_programme(data: dict, board: Board, meetings: dict[str, Meeting]) -> None:
    def day(text):
        return datetime.date.fromisoformat(text) if text else None

    for row in data["work_programme"]:
        if board.work_programme.filter(topic=row["topic"]).exists():
            continue
        meeting_services.work_programme_add(
            user=SYSTEM,
            board=board,
            topic=row["topic"],
            lead=row["lead"],
            meeting=meetings.get(row.get("meeting", "")),
            month=day(row.get("month")),
            quarter=day(row.get("quarter")),
        )


def load_council_committee(result, *, people: dict[str, Person], build_pack: bool) -> Board:
    """The committee, its councillors, meetings and work programme; with ``build_pack``, the members' pack of
    its meeting of 26 January 2017. ``people`` are the Children's Partnership Board's, by key."""
    data = demo_content("council")
    board, _ = _board(data["board"])
    council = people["june_molyneaux"].organisation
    people = _people(result, data, people, council)
    _memberships(result, data, board, people)
    meetings = _meetings(result, data, board, people)
    _work_programme(data, board, meetings)
    meeting = Meeting.objects.get(board=board, date=PACK_MEETING)
    if build_pack and not PackBuild.objects.filter(meeting=meeting, status="done").exists():
        build = pack_build_now(user=SYSTEM, meeting=meeting, edition="members")
        result.notes.append(
            f"Built the members' pack of the {board.short_name} meeting of 26 January 2017: {build.page_count} pages."
        )
    return board
