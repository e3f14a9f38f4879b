"""The scorecard in the browser, checked with axe on every page: a member reads the board's scorecard on a phone
(a contextual indicator's arrow, "Not rated (contextual)", the ratings grid's table in words), then on a
desktop; a coordinator opens a meeting's frozen scorecard after a figure was revised and sees it flagged."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from core.permissions import SYSTEM
from meetings import services as meeting_services
from performance import services
from performance.tests.factories import record, scorecard_figures
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
def board(cast):
    return scorecard_figures(cast.board)


def read_the_scorecard(page, board) -> None:
    page.goto(f"/boards/{board.slug}/scorecard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("The CPB's scorecard")
    cla = page.locator("#web-row-cla")
    expect(cla.get_by_role("rowheader")).to_contain_text("Children looked after (rate per 10,000)")
    expect(cla).to_contain_text("↑ Up")
    expect(cla).to_contain_text("Not rated (contextual)")
    expect(page.get_by_role("img", name=re.compile(r"^Ratings by year, 2013.14 to 2015.16"))).to_be_visible()
    table = page.get_by_role("table", name="Ratings by year")
    expect(table).to_be_hidden()
    page.get_by_text("Ratings by year as a table").click()
    expect(table).to_be_visible()
    attendance = table.get_by_role("row").filter(has_text="Attendance at board meetings")
    expect(attendance).to_contain_text("Red")
    expect(table.get_by_role("row").filter(has_text="Privately fostered children")).to_contain_text(
        "Not rated (contextual)"
    )
    # The trend charts of a group, with their tables.
    page.get_by_text("Trend charts: Other indicators").click()
    expect(page.get_by_role("img", name=re.compile(r"^Trend: Children looked after"))).to_be_visible()
    expect(page.get_by_role("table", name="Figures: Children looked after (rate per 10,000)")).to_contain_text(
        "North West"
    )


def test_a_member_reads_the_scorecard_on_a_phone_and_a_desktop(new_page, cast, board):
    phone = new_page(PHONE)
    sign_in(phone, cast.member)
    read_the_scorecard(phone, board)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    desk = new_page()
    sign_in(desk, cast.member)
    read_the_scorecard(desk, board)
    # On a tablet the scorecard's columns scroll inside their own box; the page does not.
    desk.set_viewport_size({"width": 800, "height": 1000})
    assert desk.evaluate("document.documentElement.scrollWidth") <= 800


def test_a_coordinator_sees_a_figure_revised_since_the_pack(new_page, cast, board):
    meeting = meeting_services.meeting_create(
        user=SYSTEM,
        board=board,
        date=datetime.date.today() + datetime.timedelta(days=14),
        start_time=datetime.time(14),
    )
    services.scorecard_snapshot_for(meeting)  # frozen as the pack is first built
    record(board.indicators.get(code="CSE"), "2015/16", 1750, reason="Late referrals added")

    page = new_page()
    sign_in(page, cast.coordinator)
    page.goto(f"/boards/{board.slug}/scorecard/")
    page.get_by_role("link", name=re.compile(r"^Scorecard for the meeting on")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Scorecard for the meeting on")
    expect(page.get_by_text(re.compile(r"^Frozen on .* for this meeting's pack"))).to_be_visible()
    row = page.locator("#frozen-row-cse")
    expect(row).to_contain_text("Revised since the pack: 2015/16: 1,744 in the pack, now 1,750")
    expect(row.get_by_role("cell").first).to_have_text("2015/16")
    expect(row).to_contain_text("1,744")
    expect(page.get_by_role("button", name="Refresh with the latest figures")).to_be_visible()

    # The phone: the frozen tables become cards.
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
