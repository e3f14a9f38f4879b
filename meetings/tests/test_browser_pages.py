"""Every meetings page not covered by a flow test, opened in the browser: each passes axe (WCAG 2.2 A/AA)
and shows its heading, for the coordinator who manages it and for the public where it is public."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from core.permissions import SYSTEM
from meetings import services
from meetings.packs.services import pack_build_now, pack_issue
from meetings.tests.factories import PaperFactory
from testsupport.browser import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def published(cast):
    venue = services.venue_save(
        user=SYSTEM, board=cast.board, building="Civic Centre", room="Wheel Room", postcode="PR25 1DH"
    )
    meeting = services.meeting_create(
        user=SYSTEM,
        board=cast.board,
        date=datetime.date(2030, 3, 14),
        start_time=datetime.time(14),
        venue=venue,
        end_time=datetime.time(16),
    )
    later = services.meeting_create(
        user=SYSTEM, board=cast.board, date=datetime.date(2030, 6, 13), start_time=datetime.time(10)
    )
    item = services.agenda_item_add(user=SYSTEM, meeting=meeting, title="Troubled Families", duration_minutes=20)
    PaperFactory(item=item, pages=3, title="Quarterly update")
    services.agenda_item_add(
        user=SYSTEM, meeting=meeting, title="Contract award", confidential=True, exemption_reason="Para 3"
    )
    services.work_programme_add(user=SYSTEM, board=cast.board, topic="Prevent duty", meeting=later)
    services.agenda_publish(user=SYSTEM, meeting=meeting)
    pack_issue(user=cast.coordinator, build=pack_build_now(user=SYSTEM, meeting=meeting, edition="public"))
    return meeting, item


COORDINATOR_PAGES = [
    ("/boards/cpb/meetings/", "Meetings of the CPB"),
    ("/boards/cpb/meetings/new/", "New meeting of the CPB"),
    ("/boards/cpb/meetings/schedule/", "Schedule"),
    ("/boards/cpb/venues/", "Venues of the CPB"),
    ("/boards/cpb/standing-items/", "Standing items of the CPB"),
    ("/boards/cpb/standing-items/{s}/edit/", "Edit the standing item"),
    ("/boards/cpb/work-programme/", "Work programme of the CPB"),
    ("/calendar/", "calendar"),
    ("/meetings/{m}/edit/", "Edit the meeting"),
    ("/meetings/{m}/timing/", ""),
    ("/meetings/{m}/cancel/", "Cancel"),
    ("/meetings/{m}/postpone/", "Postpone"),
    ("/meetings/{m}/packs/", ""),
    ("/meetings/{m}/stand-ins/", "Deputies and substitutes"),
    ("/meetings/{m}/agenda/{i}/edit/", "Edit an agenda item"),
    ("/meetings/{m}/agenda/{i}/delete/", "Withdraw “Troubled Families”?"),  # the agenda is published
    ("/boards/cpb/activity/", "Activity log"),
    ("/meetings/{m}/history/", "History of the meeting"),
    ("/meetings/{m}/papers/{p}/delete/", "Withdraw “Quarterly update”?"),
    ("/boards/cpb/activity/?show=access", "Activity log"),
    ("/meetings/{m}/agenda/{i}/defer/", "Defer “Troubled Families”"),
    ("/meetings/{m}/agenda/{i}/papers/add/", "Add papers to item"),
    ("/meetings/{m}/papers/{p}/edit/", "Change “Quarterly update”"),
    ("/meetings/{m}/register/", "Register"),
    ("/meetings/{m}/declarations/", "Declarations of interest"),
    ("/meetings/{m}/apologies/", "Send apologies"),
    ("/boards/cpb/attendance/", "Attendance at the CPB's meetings"),
]


def test_coordinator_pages_pass_axe(page, cast, published):
    meeting, item = published
    sign_in(page, cast.coordinator)
    for path, heading in COORDINATOR_PAGES:
        page.goto(path.format(m=meeting.pk, i=item.pk, p=item.papers.get().pk, s=cast.board.agenda_template.first().pk))
        title = page.get_by_role("heading", level=1)
        expect(title).to_be_visible()
        if heading:
            expect(title).to_contain_text(heading, ignore_case=True)
        expect(
            page.get_by_role("navigation", name="Breadcrumb").or_(page.get_by_role("link", name="Back"))
        ).not_to_have_count(0)


def test_public_meeting_page_passes_axe_without_part_two(page, published):
    meeting, _ = published
    page.goto(f"/public/meetings/{meeting.pk}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text("Troubled Families")).to_be_visible()
    expect(page.get_by_text("Contract award")).to_have_count(0)
    expect(page.get_by_role("link", name="The agenda pack (PDF")).to_be_visible()


def test_the_stepper_shows_each_stage_of_the_meeting(page, cast, live_site):
    """Draft → published → pack issued → held, read off the meeting page as the coordinator sees it."""
    from django.utils import timezone

    from core.permissions import SYSTEM
    from meetings import scheduling

    meeting = services.meeting_create(
        user=SYSTEM, board=cast.board, date=timezone.localdate(), start_time=datetime.time(9)
    )
    sign_in(page, cast.coordinator)
    current = page.locator('nav[aria-label="Meeting progress"] [aria-current="step"]')

    def shows(stage: str) -> None:
        page.goto(f"{live_site}/meetings/{meeting.pk}/")
        expect(current).to_have_text(f"Now: {stage}")

    shows("Draft agenda")
    steps = page.locator('nav[aria-label="Meeting progress"] li')
    expect(steps).to_have_count(6)
    services.agenda_publish(user=cast.coordinator, meeting=meeting)
    shows("Agenda published")
    build = pack_build_now(meeting=meeting, edition="members", user=SYSTEM)
    pack_issue(user=cast.coordinator, build=build)
    shows("Pack issued")
    expect(steps.first).to_have_text("Done: Draft agenda")
    with page.expect_navigation():
        page.get_by_role("button", name="Record as held").click()
    shows("Held")
    expect(steps.last).to_have_text("To do: Minutes approved")
    meeting.refresh_from_db()
    assert scheduling.lifecycle.stage_of(meeting).label == "Held"


def test_a_council_committees_agenda_has_its_parts_and_asks_for_the_paragraph(page, cast, published):
    """A council committee's public page lists Part II by title and paragraph under its heading; in the
    builder the paragraph is asked for only once an item is ticked Part II."""
    from boards.enums import BoardKind

    meeting, _ = published
    cast.board.kind = BoardKind.COUNCIL_COMMITTEE
    cast.board.save()
    contract = meeting.items.get(title="Contract award")
    services.agenda_item_update(user=SYSTEM, item=contract, exemption_paragraph=3)
    page.goto(f"/public/meetings/{meeting.pk}/")
    table = page.get_by_role("table", name="Agenda", exact=True)
    expect(table.locator(".part-heading")).to_have_text(
        [re.compile(r"^\s*Part I \(Open to Press and Public\)"), re.compile(r"^\s*Part II \(Not Open")]
    )
    expect(table.get_by_role("row").filter(has_text="Contract award")).to_contain_text("Paragraph 3:")

    sign_in(page, cast.coordinator)
    page.goto(f"/meetings/{meeting.pk}/agenda/")
    form = page.locator("#add-item-form")
    paragraph = form.get_by_label("Paragraph of Schedule 12A")
    expect(paragraph).to_be_hidden()
    form.get_by_label("Confidential (Part II)").check()
    expect(paragraph).to_be_visible()
    form.get_by_label(re.compile(r"^\s*Title\*?\s*$")).fill("Staffing restructure")
    paragraph.select_option("1")
    form.get_by_role("button", name="Add item").click()
    expect(page.locator("#agenda .agenda-item").last).to_contain_text(
        "Not for publication by virtue of paragraph 1 of Part 1 of Schedule 12A"
    )
    expect(form.get_by_label("Paragraph of Schedule 12A")).to_be_hidden()  # the form is ready for the next item
