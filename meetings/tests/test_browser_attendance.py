"""Attendance in the browser, checked with axe on every page: a member sends apologies and names their deputy
from a phone; the coordinator sees them on the meeting page at once, takes the register from them, and reads
the attendance report with its chart."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from boards.models import Membership
from boards.tests.factories import PersonFactory
from core.permissions import SYSTEM
from meetings import services
from meetings.enums import MeetingStatus
from meetings.models import Apology, Attendance, Meeting, StandIn
from testsupport.browser import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def new_page(new_page):
    """Checked pages that ask for reduced motion (no CSS transitions half-way through an axe check)."""

    def make(viewport=None):
        made = new_page()
        made.emulate_media(reduced_motion="reduce")
        if viewport:
            made.set_viewport_size(viewport)
        return made

    return make


@pytest.fixture
def ahead(cast):
    seat = Membership.objects.get(board=cast.board, person=cast.member.person)
    seat.deputy = PersonFactory(first_name="Diane", last_name="Dawson", organisation=seat.organisation)
    seat.save()
    return services.meeting_create(
        user=SYSTEM,
        board=cast.board,
        date=datetime.date.today() + datetime.timedelta(days=21),
        start_time=datetime.time(14),
    )


def test_member_sends_apologies_with_a_deputy_from_a_phone_and_the_coordinator_sees_them(new_page, cast, ahead):
    phone = new_page(PHONE)
    sign_in(phone, cast.member)
    phone.goto(f"/meetings/{ahead.pk}/")
    phone.get_by_role("link", name="Send apologies").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Send apologies")
    # The form fits the phone: nothing wider than the screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.get_by_label("Message for the coordinator (optional)").fill("At a court hearing all day.")
    deputy = phone.get_by_role("radio", name=re.compile(r"^My named deputy, Diane Dawson"))
    deputy.check()
    phone.get_by_role("button", name="Send my apologies").click()
    expect(phone.get_by_role("status").first).to_contain_text(
        "Your apologies are sent to the coordinator. Diane Dawson attends in your place"
    )
    expect(phone.get_by_text("You have sent apologies for this meeting.")).to_be_visible()
    apology = Apology.objects.get(meeting=ahead, withdrawn_at=None)
    assert (apology.seat.person, apology.message) == (cast.member.person, "At a court hearing all day.")
    assert StandIn.objects.get(meeting=ahead).person.last_name == "Dawson"

    # The coordinator, on the meeting page: the apologies and the deputy, at once.
    desk = new_page()
    sign_in(desk, cast.coordinator)
    desk.goto(f"/meetings/{ahead.pk}/")
    received = desk.get_by_role("list").filter(has_text="Diane Dawson attends as deputy")
    expect(received).to_contain_text(str(cast.member.person))
    expect(received).to_contain_text("“At a court hearing all day.”")

    # The register starts from them.
    desk.get_by_role("link", name="Take the register").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Register")
    status = desk.get_by_label(f"{cast.member.person}: attendance")
    expect(status).to_have_value("deputy")
    expect(desk.get_by_label(f"Attended in {cast.member.person}'s place")).to_have_value(
        str(StandIn.objects.get(meeting=ahead).person_id)
    )
    desk.get_by_label(f"{cast.chair.person}: attendance").select_option("present")
    desk.get_by_role("button", name="Save the register").click()
    expect(desk.get_by_role("status").first).to_contain_text("Register saved.")
    rows = {r.person.last_name: r.status for r in Attendance.objects.filter(meeting=ahead)}
    assert rows[cast.member.person.last_name] == "apologies" and rows["Dawson"] == "deputy"
    assert rows[cast.chair.person.last_name] == "present"

    # The member withdraws them from the phone: the deputy is no longer named.
    phone.goto(f"/meetings/{ahead.pk}/apologies/")
    phone.get_by_role("button", name="Withdraw my apologies: I can come").click()
    expect(phone.get_by_role("status").first).to_contain_text("Your apologies are withdrawn")
    assert not StandIn.objects.filter(meeting=ahead).exists()


def test_attendance_report_page_with_its_chart(new_page, cast):
    held = services.meeting_create(
        user=SYSTEM,
        board=cast.board,
        date=datetime.date.today() - datetime.timedelta(days=30),
        start_time=datetime.time(14),
    )
    Meeting.objects.filter(pk=held.pk).update(status=MeetingStatus.HELD)
    held.refresh_from_db()
    seats = {s.person_id: s for s in Membership.objects.filter(board=cast.board)}
    services.register_save(
        user=SYSTEM,
        meeting=held,
        entries=[
            services.SeatEntry(seat=seats[cast.chair.person_id], status="present"),
            services.SeatEntry(seat=seats[cast.member.person_id], status="apologies"),
        ],
        chair=cast.chair.person,
    )
    cast.board.attendance_target = 80
    cast.board.save()
    page = new_page()
    sign_in(page, cast.member)
    start = (held.date - datetime.timedelta(days=1)).isoformat()
    page.goto(f"/boards/{cast.board.slug}/attendance/?year=custom&start={start}&end={held.date.isoformat()}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Attendance at the CPB's meetings")
    chart = page.get_by_role("img", name=re.compile(r"^Attendance by organisation"))
    expect(chart).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("^Attendance by organisation"))).to_contain_text("50%")
    expect(
        page.get_by_text("Overall attendance 50% (1 of 2 expected attendances), against a target of 80%.")
    ).to_be_visible()
    # On a phone the tables become cards and the chart scales down.
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_register_of_interests_page(new_page, cast):
    page = new_page()
    sign_in(page, cast.member)
    page.goto(f"/people/{cast.member.person_id}/")
    page.get_by_role("link", name="Register of interests").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Register of interests: {cast.member.person}")
    page.get_by_label("Description").fill("Trustee of Chorley Youth Zone")
    page.get_by_label("From").fill("2015-01-01")
    page.get_by_role("button", name="Add to the register").click()
    expect(page.get_by_role("status").first).to_contain_text("Interest added to the register.")
    expect(page.get_by_role("table", name="Interests held now")).to_contain_text("Trustee of Chorley Youth Zone")
