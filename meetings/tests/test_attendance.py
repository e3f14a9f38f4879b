"""The register, apologies, quorum and the attendance report, counted by hand.

The board: Chorley Council holds three seats (Ann Ashworth, Brian Booth — whose named deputy is Diane
Dawson — and, from December 2015, nobody else), Lancashire Constabulary two (Carol Carter, and Emma Evans
from 1 December 2015); Kim Kerr coordinates (not expected). Meetings in 2015-16:

==============  =========  =================  =========  =======
meeting         Ashworth   Booth              Carter     Evans
==============  =========  =================  =========  =======
21 May 2015     present    deputy (Dawson)    absent     —
17 Sept 2015    present    present            apologies  —
10 Dec 2015     cancelled
1 Feb 2016      held, no register: not counted
10 Mar 2016     apologies  present            present    present
==============  =========  =================  =========  =======

Expected attendances: Ashworth 3, Booth 3, Carter 3, Evans 1 = 10; attended 2 + 3 + 1 + 1 = 7, so 70%.
By organisation: Chorley Council 5 of 6 (83%), Lancashire Constabulary 2 of 4 (50%). The mean of the
members' percentages would be 75% and of the organisations' 67%: the portal states and uses total over
expected, 70%.
"""

import csv
import datetime
import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boards.enums import BoardKind, Role
from boards.tests.factories import BoardFactory, MembershipFactory, OrganisationFactory, PersonFactory, UserFactory
from core.permissions import SYSTEM
from meetings import services
from meetings.attendance import attendance_report, register_for, year_period
from meetings.enums import AttendanceStatus, InterestType, MeetingStatus, Standing, StandInKind
from meetings.models import Apology, Attendance, Meeting, Paper, StandIn
from meetings.services import SeatEntry
from meetings.tests.factories import PaperFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2015, 1, 1)


class Board:
    """The board of the module docstring, as attributes."""


@pytest.fixture
def b():
    w = Board()
    w.board = BoardFactory(
        name="Test Partnership Board", short_name="TPB", slug="tpb", quorum_members=3, quorum_organisations=2
    )
    w.board.attendance_target = 80
    w.board.save()
    w.chorley = OrganisationFactory(name="Chorley Council")
    w.police = OrganisationFactory(name="Lancashire Constabulary")

    def seat(first, last, org, role=Role.MEMBER, start=START, voting=True, **extra):
        person = PersonFactory(first_name=first, last_name=last, organisation=org, job_title=f"{first}'s job")
        return MembershipFactory(
            board=w.board, person=person, organisation=org, role=role, start_date=start, voting=voting, **extra
        )

    w.dawson = PersonFactory(first_name="Diane", last_name="Dawson", organisation=w.chorley, job_title="Deputy head")
    w.ashworth = seat("Ann", "Ashworth", w.chorley, role=Role.CHAIR)
    w.booth = seat("Brian", "Booth", w.chorley, deputy=w.dawson)
    w.carter = seat("Carol", "Carter", w.police)
    w.evans = seat("Emma", "Evans", w.police, start=datetime.date(2015, 12, 1))
    w.kerr = seat("Kim", "Kerr", w.chorley, role=Role.COORDINATOR, voting=False)

    def meeting(day):
        return services.meeting_create(user=SYSTEM, board=w.board, date=day, start_time=datetime.time(14))

    w.may, w.sept = meeting(datetime.date(2015, 5, 21)), meeting(datetime.date(2015, 9, 17))
    w.dec, w.feb, w.mar = (
        meeting(datetime.date(2015, 12, 10)),
        meeting(datetime.date(2016, 2, 1)),
        meeting(datetime.date(2016, 3, 10)),
    )
    Meeting.objects.filter(pk__in=[w.may.pk, w.sept.pk, w.feb.pk, w.mar.pk]).update(status=MeetingStatus.HELD)
    Meeting.objects.filter(pk=w.dec.pk).update(status=MeetingStatus.CANCELLED)
    for m in (w.may, w.sept, w.dec, w.feb, w.mar):
        m.refresh_from_db()
    return w


def take(meeting, *entries, chair=None):
    return services.register_save(
        user=SYSTEM,
        meeting=meeting,
        entries=[SeatEntry(seat=s, status=status, in_place=in_place) for s, status, in_place in entries],
        chair=chair,
    )


P, A, X, D = AttendanceStatus.PRESENT, AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT, AttendanceStatus.DEPUTY


@pytest.fixture
def recorded(b):
    take(b.may, (b.ashworth, P, None), (b.booth, D, b.dawson), (b.carter, X, None), (b.kerr, P, None))
    take(b.sept, (b.ashworth, P, None), (b.booth, P, None), (b.carter, A, None))
    take(b.mar, (b.ashworth, A, None), (b.booth, P, None), (b.carter, P, None), (b.evans, P, None))
    return b


def test_report_percentages_counted_by_hand(recorded):
    b = recorded
    report = attendance_report(board=b.board, period=year_period(b.board, 2015))
    assert report.period.label == "2015-16 (financial year)"
    assert [m.date for m in report.counted] == [b.may.date, b.sept.date, b.mar.date]
    assert [m.date for m in report.cancelled] == [b.dec.date]
    assert [m.date for m in report.without_register] == [b.feb.date]
    rows = {
        line.person.last_name: (
            line.tally.expected,
            line.tally.in_person,
            line.tally.by_deputy,
            line.tally.apologies,
            line.tally.absent,
            line.tally.rounded,
        )
        for line in report.members
    }
    assert rows == {
        "Ashworth": (3, 2, 0, 1, 0, 67),
        "Booth": (3, 2, 1, 0, 0, 100),
        "Carter": (3, 1, 0, 1, 1, 33),
        "Evans": (1, 1, 0, 0, 0, 100),
    }  # the coordinator supports the board and is not expected
    organisations = {
        line.name: (line.tally.attended, line.tally.expected, line.tally.rounded) for line in report.organisations
    }
    assert organisations == {"Chorley Council": (5, 6, 83), "Lancashire Constabulary": (2, 4, 50)}
    assert (report.total.attended, report.total.expected, report.total.rounded) == (7, 10, 70)


def test_report_page_states_the_formula_and_draws_the_chart_with_a_text_alternative(client, recorded):
    b = recorded
    client.force_login(UserFactory(person=b.carter.person))
    html = client.get(reverse("meetings:attendance", args=[b.board.slug]), {"year": "2015"}).content.decode()
    assert "(attended in person + attended by deputy or substitute) / expected attendances x 100" in html
    assert "Overall attendance <strong>70%</strong> (7 of 10 expected attendances), against a target of 80%" in html
    assert "3 meetings counted; 1 cancelled, not counted; 1 not counted" in html
    svg = html[html.index("<svg") : html.index("</svg>") + 6]
    assert 'role="img" aria-labelledby="attendance-chart-title attendance-chart-desc"' in svg
    assert '<title id="attendance-chart-title">Attendance by organisation, 2015-16 (financial year)</title>' in svg
    assert "The figures are in the table “Attendance by organisation”" in svg
    assert "Target 80%" in svg and 'class="target-line"' in svg
    assert "<style" not in svg and "<script" not in svg and "style=" not in svg
    assert svg.count("meets-target") == 1 and svg.count("below-target") == 1  # Chorley 83%, police 50%


def test_report_csv_by_member_and_by_organisation(client, recorded):
    b = recorded
    client.force_login(UserFactory(person=b.kerr.person))
    url = reverse("meetings:attendance_csv", args=[b.board.slug])
    response = client.get(url, {"year": "2015"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Member",
        "Role",
        "Organisation",
        "Expected",
        "Attended in person",
        "Attended by deputy",
        "Apologies",
        "Absent",
        "Attended %",
    ]
    assert ["Ann Ashworth", "Chair", "Chorley Council", "3", "2", "0", "1", "0", "66.7"] in rows
    assert rows[-1] == ["Overall", "", "", "10", "6", "1", "2", "1", "70.0"]
    rows = list(
        csv.reader(io.StringIO(client.get(url, {"year": "2015", "by": "organisation"}).content.decode("utf-8-sig")))
    )
    assert rows[1:] == [
        ["Chorley Council", "2", "6", "4", "1", "1", "0", "83.3"],
        ["Lancashire Constabulary", "2", "4", "2", "0", "1", "1", "50.0"],
        ["Overall", "", "10", "6", "1", "2", "1", "70.0"],
    ]


def test_a_custom_period_counts_only_its_meetings(client, recorded):
    b = recorded
    client.force_login(UserFactory(person=b.ashworth.person))
    url = reverse("meetings:attendance", args=[b.board.slug])
    html = client.get(url, {"year": "custom", "start": "2015-05-01", "end": "2015-05-31"}).content.decode()
    assert "1 meeting counted" in html and "(2 of 3 expected attendances)" in html


def test_the_register_copies_role_and_organisation_as_they_were_that_day(b, clock):
    clock.now = datetime.datetime(2015, 4, 1, 9, tzinfo=datetime.UTC)
    person = PersonFactory(first_name="Gill", last_name="Grant", organisation=b.police, job_title="Inspector")
    seat = MembershipFactory(board=b.board, person=person, organisation=b.police, start_date=START)
    clock.now = datetime.datetime(2015, 6, 1, 9, tzinfo=datetime.UTC)  # promoted after the meeting
    person.job_title = "Chief Inspector"
    person.save()
    take(b.may, (seat, P, None))
    row = Attendance.objects.get(meeting=b.may, person=person)
    assert (row.role, row.organisation, row.seat, row.voting) == ("Inspector", "Lancashire Constabulary", seat, True)
    # Saving again later keeps what was recorded.
    take(b.may, (seat, A, None))
    row.refresh_from_db()
    assert (row.status, row.role) == (A, "Inspector")


def test_quorum_by_organisation(b):
    hart = MembershipFactory(
        board=b.board,
        person=PersonFactory(last_name="Hart", organisation=b.chorley),
        organisation=b.chorley,
        start_date=START,
    )
    # Three voting members present, all from Chorley Council; the coordinator (present) does not vote.
    take(b.may, (b.ashworth, P, None), (b.booth, P, None), (hart, P, None), (b.carter, X, None), (b.kerr, P, None))
    b.may.refresh_from_db()
    assert b.may.quorate is False
    assert b.may.quorum_record["sentence"] == (
        "Not quorate: 3 voting members present (3 needed), from 1 organisation (2 needed)."
    )
    # Carter's deputy from the police makes it quorate: deputies count for the seat they fill.
    fox = PersonFactory(first_name="Frank", last_name="Fox", organisation=b.police)
    take(b.may, (b.carter, D, fox))
    b.may.refresh_from_db()
    assert b.may.quorate is True
    assert b.may.quorum_record["organisations"] == ["Chorley Council", "Lancashire Constabulary"]
    assert b.may.quorum_record["counted"] == [
        "Ann Ashworth",
        "Brian Booth",
        "Frank Fox (for Carol Carter)",
        str(hart.person),
    ]
    # Two voting members from two organisations are too few.
    take(b.may, (b.booth, A, None), (hart, A, None))
    b.may.refresh_from_db()
    assert b.may.quorate is False
    assert b.may.quorum_record["voting_present"] == 2 and b.may.quorum_record["organisations_present"] == 2


def test_a_board_without_a_quorum_records_none(b):
    b.board.quorum_members = None
    b.board.save()
    take(b.may, (b.ashworth, P, None))
    b.may.refresh_from_db()
    assert b.may.quorate is None
    assert b.may.quorum_record["sentence"] == "No quorum is set; 1 voting member present."


def test_register_refuses_a_person_twice_and_a_member_in_their_own_place(b):
    with pytest.raises(ValidationError, match="Diane Dawson is in the register twice"):
        take(b.may, (b.booth, D, b.dawson), (b.carter, AttendanceStatus.SUBSTITUTE, b.dawson))
    with pytest.raises(ValidationError, match="cannot attend in their own place"):
        take(b.may, (b.booth, D, b.booth.person))
    with pytest.raises(ValidationError, match="does not sit on the board on 21 May 2015"):
        take(b.may, (b.evans, P, None))
    assert not Attendance.objects.filter(meeting=b.may).exists()


def test_changing_who_attended_in_a_members_place_replaces_them(b):
    take(b.may, (b.booth, D, b.dawson), chair=b.dawson)
    fox = PersonFactory(last_name="Fox", organisation=b.chorley)
    take(b.may, (b.booth, AttendanceStatus.SUBSTITUTE, fox), chair=fox)
    rows = {
        r.person.last_name: (r.status, r.for_member_id, r.is_chair) for r in Attendance.objects.filter(meeting=b.may)
    }
    assert rows == {"Booth": (A, None, False), "Fox": (AttendanceStatus.SUBSTITUTE, b.booth.pk, True)}
    assert Attendance.history.filter(meeting_id=b.may.pk, person_id=b.dawson.pk, history_type="-").exists()


def test_in_attendance_guests_and_a_deputy_not_named_beforehand(b):
    guest = PersonFactory(first_name="Amanda", last_name="Gibbons", organisation=b.police, job_title="Prevent Officer")
    item = b.may.items.get(standing=Standing.WELCOME)
    services.attendance_add(user=SYSTEM, meeting=b.may, person=guest, role="Presenter", left_at_item=item)
    fox = PersonFactory(last_name="Fox", organisation=b.police)
    services.attendance_add(user=SYSTEM, meeting=b.may, person=fox, status=D, for_member=b.carter)
    rows = {r.person.last_name: r for r in Attendance.objects.filter(meeting=b.may)}
    assert (rows["Gibbons"].status, rows["Gibbons"].role, rows["Gibbons"].organisation) == (
        AttendanceStatus.IN_ATTENDANCE,
        "Presenter",
        "Lancashire Constabulary",
    )
    assert rows["Gibbons"].left_at_item == item and not rows["Gibbons"].voting
    assert rows["Carter"].status == A  # the member whose place was taken sent apologies
    with pytest.raises(ValidationError, match="already in the register"):
        services.attendance_add(user=SYSTEM, meeting=b.may, person=guest)
    services.attendance_remove(user=SYSTEM, attendance=rows["Gibbons"])
    assert not Attendance.objects.filter(meeting=b.may, person=guest).exists()


def test_register_page_prefills_members_apologies_and_deputies(client, b, clock):
    ahead = services.meeting_create(
        user=SYSTEM,
        board=b.board,
        date=datetime.date.today() + datetime.timedelta(days=14),
        start_time=datetime.time(10),
    )
    booth = UserFactory(person=b.booth.person)
    services.apology_send(user=booth, meeting=ahead, seat=b.booth, message="On leave", deputy=b.dawson)
    register = register_for(ahead)
    statuses = {line.seat.person.last_name: line.status for line in register.seats}
    assert statuses == {"Ashworth": X, "Booth": D, "Carter": X, "Evans": X, "Kerr": X}
    assert [line.seat.person.last_name for line in register.members] == ["Ashworth", "Booth", "Carter", "Evans"]
    client.force_login(UserFactory(person=b.kerr.person))
    html = client.get(reverse("meetings:register", args=[ahead.pk])).content.decode()
    assert "Apologies sent" in html
    assert f'<option value="{b.dawson.pk}" selected>Diane Dawson (Chorley Council)</option>' in html


def test_coordinator_takes_the_register_through_the_page(client, b):
    client.force_login(UserFactory(person=b.kerr.person))
    url = reverse("meetings:register", args=[b.may.pk])
    item = b.may.items.get(standing=Standing.DECLARATIONS)
    data = {
        f"seat-{b.ashworth.pk}-status": "present",
        f"seat-{b.booth.pk}-status": "deputy",
        f"seat-{b.booth.pk}-in_place": str(b.dawson.pk),
        f"seat-{b.carter.pk}-status": "present",
        f"seat-{b.carter.pk}-left": str(item.pk),
        f"seat-{b.carter.pk}-note": "Left early for another meeting",
        f"seat-{b.kerr.pk}-status": "in_attendance",
        "chair": str(b.ashworth.person_id),
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    rows = {r.person.last_name: (r.status, r.is_chair) for r in Attendance.objects.filter(meeting=b.may)}
    assert rows == {
        "Ashworth": (P, True),
        "Booth": (A, False),
        "Dawson": (D, False),
        "Carter": (P, False),
        "Kerr": (AttendanceStatus.IN_ATTENDANCE, False),
    }
    carter = Attendance.objects.get(meeting=b.may, person=b.carter.person)
    assert (carter.left_at_item, carter.note) == (item, "Left early for another meeting")
    b.may.refresh_from_db()
    assert b.may.quorate is True and b.may.register_taken_at is not None
    page = client.get(reverse("meetings:meeting_detail", args=[b.may.pk])).content.decode()
    assert "Quorate: 3 voting members present (3 needed), from 2 organisations (2 needed)." in page
    assert "Ann Ashworth <strong>(Chair)</strong>" in page
    assert "Diane Dawson (D)" in page
    # A deputy status without anyone chosen is refused with the reason, and nothing changes.
    data[f"seat-{b.booth.pk}-in_place"] = ""
    response = client.post(url, data)
    assert "Choose who attended in Brian Booth" in response.content.decode()


# Apologies -----------------------------------------------------------------------------------------------


@pytest.fixture
def ahead(b):
    return services.meeting_create(
        user=SYSTEM,
        board=b.board,
        date=datetime.date.today() + datetime.timedelta(days=14),
        start_time=datetime.time(10),
    )


def test_member_sends_apologies_naming_their_deputy_and_withdraws_them(client, b, ahead):
    booth = UserFactory(person=b.booth.person)
    client.force_login(booth)
    url = reverse("meetings:apologies", args=[ahead.pk])
    form = client.get(url).content.decode()
    assert "My named deputy, Diane Dawson (Chorley Council)" in form
    response = client.post(url, {"message": "Leave booked", "deputy_choice": "named"})
    assert response.status_code == 302
    apology = Apology.objects.get(meeting=ahead, seat=b.booth)
    stand_in = StandIn.objects.get(meeting=ahead, in_place_of=b.booth)
    assert (apology.message, stand_in.person, stand_in.kind) == ("Leave booked", b.dawson, StandInKind.DEPUTY)
    # The coordinator sees them on the meeting page at once.
    client.force_login(UserFactory(person=b.kerr.person))
    page = client.get(reverse("meetings:meeting_detail", args=[ahead.pk])).content.decode()
    assert "<strong>Brian Booth</strong>, Chorley Council: Diane Dawson attends as deputy" in page
    assert "“Leave booked”" in page
    # Withdrawn: kept, with the time; the deputy no longer named.
    client.force_login(booth)
    client.post(url, {"withdraw": "1"})
    apology.refresh_from_db()
    assert apology.withdrawn_at is not None and apology.withdrawn_by == booth
    assert not StandIn.objects.filter(meeting=ahead).exists()
    page = client.get(reverse("meetings:meeting_detail", args=[ahead.pk])).content.decode()
    assert "Send apologies" in page and "Diane Dawson attends" not in page


def test_someone_else_as_deputy_is_found_only_by_exact_name(client, b, ahead):
    stranger = PersonFactory(first_name="Tamsin", last_name="Oddfellow")
    client.force_login(UserFactory(person=b.carter.person))
    url = reverse("meetings:apologies", args=[ahead.pk])
    response = client.post(url, {"deputy_choice": "other", "deputy_search": "Oddfellow"})
    assert "Nobody in the portal has exactly that name" in response.content.decode()
    assert not Apology.objects.exists()
    client.post(url, {"deputy_choice": "other", "deputy_search": "tamsin oddfellow"})
    assert StandIn.objects.get(meeting=ahead, in_place_of=b.carter).person == stranger


def test_apologies_are_for_meetings_ahead_and_for_ones_own_seat(b, ahead):
    carter = UserFactory(person=b.carter.person)
    with pytest.raises(PermissionDenied):
        services.apology_send(user=carter, meeting=ahead, seat=b.booth)
    with pytest.raises(ValidationError, match="Apologies are sent before the meeting"):
        services.apology_send(user=carter, meeting=b.may, seat=b.carter)
    # The coordinator records anyone's.
    services.apology_send(user=UserFactory(person=b.kerr.person), meeting=ahead, seat=b.booth)
    assert Apology.objects.filter(meeting=ahead, seat=b.booth, withdrawn_at=None).count() == 1


def test_a_substitute_reads_that_meetings_papers_and_no_other(client, b, ahead):
    later = services.meeting_create(
        user=SYSTEM, board=b.board, date=ahead.date + datetime.timedelta(days=30), start_time=datetime.time(10)
    )
    here = PaperFactory(item=ahead.items.get(standing=Standing.MINUTES), title="Minutes of the last meeting")
    exempt_item = services.agenda_item_add(
        user=SYSTEM, meeting=ahead, title="Contract award", confidential=True, exemption_reason="Paragraph 3"
    )
    exempt = PaperFactory(item=exempt_item, title="Tender evaluation")
    elsewhere = PaperFactory(item=later.items.get(standing=Standing.MINUTES), title="Minutes again")
    substitute = UserFactory(person=PersonFactory(first_name="Sam", last_name="Sub", organisation=b.police))
    services.apology_send(
        user=UserFactory(person=b.carter.person),
        meeting=ahead,
        seat=b.carter,
        deputy=substitute.person,
        deputy_kind=StandInKind.SUBSTITUTE,
    )
    assert set(Paper.objects.visible_to(substitute)) == {here, exempt}
    client.force_login(substitute)
    assert client.get(reverse("meetings:paper_file", args=[here.pk])).status_code == 200
    assert client.get(reverse("meetings:paper_file", args=[exempt.pk])).status_code == 200
    assert client.get(reverse("meetings:paper_file", args=[elsewhere.pk])).status_code == 403
    assert client.get(reverse("meetings:meeting_detail", args=[ahead.pk])).status_code == 200
    assert client.get(reverse("meetings:meeting_detail", args=[later.pk])).status_code == 403
    # Once the meeting is held, the substitute reads nothing more.
    Meeting.objects.filter(pk=ahead.pk).update(status=MeetingStatus.HELD)
    assert not Paper.objects.visible_to(substitute).exists()


# Declarations of interest ------------------------------------------------------------------------------


def test_declarations_are_listed_under_the_declarations_item_or_none(client, b):
    client.force_login(UserFactory(person=b.ashworth.person))
    page = client.get(reverse("meetings:meeting_detail", args=[b.may.pk])).content.decode()
    assert re.search(r'<span class="fw-semibold">Declarations:</span>\s*None</div>', page)
    item = services.agenda_item_add(user=SYSTEM, meeting=b.may, title="Commissioning of youth services")
    services.declaration_record(
        user=SYSTEM,
        meeting=b.may,
        item=item,
        person=b.carter.person,
        interest_type=InterestType.CONFLICT,
        description="Her husband chairs a bidding charity",
        left_room=True,
    )
    page = client.get(reverse("meetings:meeting_detail", args=[b.may.pk])).content.decode()
    assert (
        "Carol Carter: conflict of interest in “Commissioning of youth services” (Her husband chairs a bidding "
        "charity); left the room for the item"
    ) in page


def test_interest_types_follow_the_kind_of_board(b):
    item = b.may.items.get(standing=Standing.DECLARATIONS)
    with pytest.raises(ValidationError, match="This board records: conflict of interest"):
        services.declaration_record(
            user=SYSTEM,
            meeting=b.may,
            item=item,
            person=b.carter.person,
            interest_type=InterestType.DISCLOSABLE_PECUNIARY,
            description="Shares",
        )
    committee = BoardFactory(kind=BoardKind.COUNCIL_COMMITTEE)
    meeting = services.meeting_create(user=SYSTEM, board=committee, date=b.may.date, start_time=datetime.time(18))
    declaration = services.declaration_record(
        user=SYSTEM,
        meeting=meeting,
        item=meeting.items.first(),
        person=b.carter.person,
        interest_type=InterestType.DISCLOSABLE_PECUNIARY,
        description="Owns land next to the site",
        left_room=True,
    )
    assert str(declaration).startswith("Carol Carter: disclosable pecuniary interest in")


def test_register_of_interests_kept_by_the_person_ended_not_deleted(client, b):
    carter = UserFactory(person=b.carter.person)
    client.force_login(carter)
    url = reverse("meetings:person_interests", args=[b.carter.person_id])
    client.post(
        url, {"interest_type": "conflict", "description": "Trustee of Chorley Youth Zone", "from_date": "2015-01-01"}
    )
    interest = b.carter.person.registered_interests.get()
    client.post(url, {"end": interest.pk, "end-to_date": "2016-06-30"})
    interest.refresh_from_db()
    assert interest.to_date == datetime.date(2016, 6, 30)
    html = client.get(url).content.decode()
    assert "Trustee of Chorley Youth Zone (1 Jan 2015 to 30 Jun 2016)" in html
    # Someone who shares no board with her reads nothing; a fellow member reads, and may not change it.
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(person=b.ashworth.person))
    assert client.get(url).status_code == 200
    assert (
        client.post(url, {"interest_type": "conflict", "description": "x", "from_date": "2015-01-01"}).status_code
        == 403
    )


# Who may do what -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["ashworth", "booth", "outsider"])
def test_only_the_coordinator_takes_the_register_and_records_declarations(client, b, who):
    user = UserFactory() if who == "outsider" else UserFactory(person=getattr(b, who).person)
    client.force_login(user)
    posts = [
        (reverse("meetings:register", args=[b.may.pk]), {f"seat-{b.ashworth.pk}-status": "present"}),
        (reverse("meetings:register_add", args=[b.may.pk]), {"person": b.dawson.pk, "status": "in_attendance"}),
        (reverse("meetings:declarations", args=[b.may.pk]), {"person": b.carter.person_id, "description": "x"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert not Attendance.objects.exists()
    b.may.refresh_from_db()
    assert b.may.register_taken_at is None


def test_activity_log_records_the_register_and_apologies(b, ahead):
    from core.models import ActivityLog

    take(b.may, (b.ashworth, P, None))
    services.apology_send(user=UserFactory(person=b.booth.person), meeting=ahead, seat=b.booth, deputy=b.dawson)
    actions = set(ActivityLog.objects.values_list("action", flat=True))
    assert {"meetings.register.saved", "meetings.apology.sent", "meetings.stand_in.named"} <= actions
    saved = ActivityLog.objects.get(action="meetings.register.saved")
    assert saved.data["summary"] == "present: 1"


# Query counts: the same at two sizes ---------------------------------------------------------------------


def _grow(b, meeting, n: int, *, taken: bool = True) -> None:
    """n more members, each with apologies and a deputy named, and (``taken``) a register with them in it."""
    entries = []
    for i in range(n):
        seat = MembershipFactory(
            board=b.board,
            person=PersonFactory(organisation=OrganisationFactory(name=f"Partner {i}")),
            organisation=None,
            start_date=START,
        )
        seat.organisation = seat.person.organisation
        seat.save()
        deputy = PersonFactory(organisation=seat.organisation)
        StandIn.objects.create(meeting=meeting, in_place_of=seat, person=deputy)
        Apology.objects.create(meeting=meeting, seat=seat)
        entries.append(SeatEntry(seat=seat, status=D, in_place=deputy))
    if taken:
        services.register_save(user=SYSTEM, meeting=meeting, entries=entries)


@pytest.mark.parametrize("taken", [True, False], ids=["register taken", "apologies only"])
@pytest.mark.parametrize("url_name", ["meetings:register", "meetings:meeting_detail"])
def test_register_and_meeting_pages_query_counts_do_not_grow_with_members(
    client, b, ahead, django_assert_num_queries, url_name, taken
):
    client.force_login(UserFactory(person=b.kerr.person))
    url = reverse(url_name, args=[ahead.pk])
    _grow(b, ahead, 1, taken=taken)
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(b, ahead, 12, taken=taken)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_report_query_count_does_not_grow_with_meetings(client, recorded, django_assert_num_queries):
    b = recorded
    client.force_login(UserFactory(person=b.kerr.person))
    url = reverse("meetings:attendance", args=[b.board.slug])
    client.get(url, {"year": "2015"})
    with CaptureQueriesContext(connection) as small:
        client.get(url, {"year": "2015"})
    for day in (datetime.date(2015, 6, 18), datetime.date(2015, 7, 16), datetime.date(2016, 1, 14)):
        meeting = services.meeting_create(user=SYSTEM, board=b.board, date=day, start_time=datetime.time(14))
        Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
        meeting.refresh_from_db()
        take(meeting, (b.ashworth, P, None), (b.booth, D, b.dawson), (b.carter, A, None))
    with django_assert_num_queries(len(small.captured_queries)):
        html = client.get(url, {"year": "2015"}).content.decode()
    assert "6 meetings counted" in html


def test_the_chair_must_be_in_the_room(b):
    with pytest.raises(ValidationError, match="Carol Carter is not recorded as attending"):
        take(b.may, (b.ashworth, P, None), (b.carter, A, None), chair=b.carter.person)
    assert not Attendance.objects.filter(meeting=b.may).exists()


def test_an_observer_is_not_told_the_title_of_a_part_two_item_someone_left_during(client, b):
    exempt = services.agenda_item_add(
        user=SYSTEM, meeting=b.may, title="Tender for youth services", confidential=True, exemption_reason="Para 3"
    )
    take(b.may, (b.ashworth, P, None), (b.carter, P, None))
    row = Attendance.objects.get(meeting=b.may, person=b.carter.person)
    row.left_at_item = exempt
    row.save()
    observer = MembershipFactory(board=b.board, role=Role.OBSERVER, voting=False, start_date=START)
    client.force_login(UserFactory(person=observer.person))
    for url in (reverse("meetings:register", args=[b.may.pk]), reverse("meetings:meeting_detail", args=[b.may.pk])):
        html = client.get(url).content.decode()
        assert "Left during a Part II item" in html and "Tender for youth services" not in html
    client.force_login(UserFactory(person=b.ashworth.person))
    assert (
        "Left during “Tender for youth services”"
        in client.get(reverse("meetings:register", args=[b.may.pk])).content.decode()
    )
