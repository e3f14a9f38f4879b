"""An indicator read in the browser, checked with axe on every page, on a phone and on a desktop: a member
opens the board, follows its performance figures, opens the rate of children looked after and reads its
series beside the North West and England, with the change since the year before and its direction."""

import re

import pytest
from playwright.sync_api import expect

from performance.tests.test_pages import cla_indicator
from testsupport.browser import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def new_page(new_page):
    """Checked pages that ask for reduced motion (no CSS transitions half-way through an axe check)."""

    def make(viewport):
        made = new_page()
        made.emulate_media(reduced_motion="reduce")
        made.set_viewport_size(viewport)
        return made

    return make


def fits(page, viewport) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_member_reads_an_indicators_series_with_its_comparators(new_page, cast, viewport):
    indicator = cla_indicator(cast.board)
    page = new_page(viewport)
    sign_in(page, cast.member)
    page.goto(cast.board.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(cast.board.name)
    section = page.locator("section", has=page.get_by_role("heading", name="Performance", exact=True))
    expect(section).to_contain_text("1 indicator reported.")

    section.get_by_role("link", name=re.compile("performance", re.I)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("CPB: performance")
    listed = page.locator("tr", has=page.get_by_role("link", name=indicator.code))
    expect(listed).to_contain_text("69.1 per 10,000")
    expect(listed).to_contain_text("+1.9 per 10,000 (+2.8%)")
    assert fits(page, viewport)

    listed.get_by_role("link", name=indicator.code).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(indicator.name)
    expect(page.get_by_text("Lancashire, compared with North West and England")).to_be_visible()
    years = page.locator("table", has=page.locator("caption", has_text="Years"))
    expect(years.locator("tbody tr")).to_have_count(3)
    rows = {year: years.locator("tr", has=page.locator("th", has_text=year)) for year in ("2015/16", "2014/15")}
    latest = rows["2015/16"]
    expect(latest.locator('td[data-label="Lancashire"]')).to_have_text("69.1")
    expect(latest.locator('td[data-label="North West"]')).to_have_text("82.0")
    expect(latest.locator('td[data-label="England"]')).to_have_text("60.0")
    expect(latest.locator('td[data-label="Change"]')).to_contain_text("+1.9 per 10,000 (+2.8%)")
    expect(latest.locator('td[data-label="Change"]')).to_contain_text("since 2014/15")
    expect(latest.locator('td[data-label="Direction"]')).to_have_text(re.compile(r"\bUp$"))
    expect(rows["2014/15"].locator('td[data-label="Change"]')).to_contain_text("+0.9 per 10,000 (+1.4%)")
    expect(years.locator('td[data-label="RAG"]')).to_have_count(0)  # contextual: never rated
    assert fits(page, viewport)

    page.get_by_role("link", name="Back to the CPB's performance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("CPB: performance")
