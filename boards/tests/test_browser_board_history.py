"""Browser test: from a board's page to the pages of its history and back (every page checked with axe-core)."""

import datetime

import pytest
from playwright.sync_api import expect

from boards.enums import Role
from boards.selectors import HISTORY_SHOWN
from boards.tests.factories import MembershipFactory, PersonFactory
from meetings.models import AgendaRevision, Meeting
from testsupport.browser import sign_in

pytestmark = pytest.mark.browser

D = datetime.date


def test_a_member_reads_every_past_member_and_chair_and_comes_back(page, cast):
    for i in range(HISTORY_SHOWN + 2):
        MembershipFactory(
            board=cast.board,
            person=PersonFactory(first_name="Former", last_name=f"Member{i:02}"),
            start_date=D(2005 + i, 1, 1),
            end_date=D(2005 + i, 12, 31),
            role=Role.CHAIR if i else Role.MEMBER,
        )
    sign_in(page, cast.member)
    page.goto(cast.board.get_absolute_url())
    expect(page.get_by_text("Former Member00")).to_have_count(0)

    page.get_by_role("link", name=f"Every past member of {cast.board.display_short_name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Past members of {cast.board.name}")
    expect(page.get_by_role("link", name="Former Member00")).to_be_visible()
    page.get_by_role("link", name=f"Back to {cast.board.display_short_name}").click()

    page.get_by_role("link", name=f"Every chair of {cast.board.display_short_name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Chairs of {cast.board.name}")
    expect(page.get_by_role("link", name="Former Member01")).to_be_visible()
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=cast.board.display_short_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(cast.board.name)


def test_a_member_reads_every_change_to_an_agenda(page, cast):
    meeting = Meeting.objects.create(
        board=cast.board, date=datetime.date.today() + datetime.timedelta(days=14), start_time=datetime.time(10)
    )
    for number in range(1, 9):
        AgendaRevision.objects.create(meeting=meeting, number=number, summary=f"Item {number} moved")
    sign_in(page, cast.member)
    page.goto(meeting.get_absolute_url())
    expect(page.get_by_text("Item 1 moved")).to_have_count(0)
    page.get_by_role("link", name="Every change to this agenda since it was published").click()
    expect(page.get_by_text("Item 1 moved")).to_be_visible()
    page.get_by_role("link", name="Back to the meeting").click()
    expect(page.get_by_text("Item 8 moved")).to_be_visible()
