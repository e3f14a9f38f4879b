"""The public front door in a browser: an anonymous visitor goes from the home page to a meeting's public
pack in three clicks, and reads nothing that is not public; axe checks every page."""

from __future__ import annotations

import re
import shutil

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.permissions import SYSTEM
from meetings.enums import PackEdition
from meetings.packs import services
from meetings.tests.factories import VenueFactory, meeting_with_papers

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils"),
]


@pytest.fixture
def issued(cast):
    meeting = meeting_with_papers(cast.board, venue=VenueFactory(board=cast.board))
    meeting.agenda_published_at = timezone.now()
    meeting.save(update_fields=["agenda_published_at"])
    public = services.pack_build_now(user=SYSTEM, meeting=meeting, edition=PackEdition.PUBLIC)
    services.pack_issue(user=SYSTEM, build=public)
    public.refresh_from_db()
    return meeting, public


def test_an_anonymous_visitor_reaches_a_public_pack_in_three_clicks(page, cast, issued):
    meeting, public = issued
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Boards and their meetings")

    page.get_by_role("link", name=cast.board.name).click()  # 1
    expect(page.get_by_role("heading", level=1)).to_have_text(cast.board.name)
    expect(page.get_by_role("region", name="Members")).to_contain_text(str(cast.member.person))
    expect(page.get_by_role("link", name="Add to calendar")).to_have_attribute("href", re.compile(r"^webcal://"))
    date = f"{meeting.date:%A} {meeting.date.day} {meeting.date:%B %Y}"

    page.get_by_role("link", name=date).click()  # 2
    expect(page.get_by_role("heading", level=1)).to_have_text(cast.board.name)
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text(cast.board.display_short_name)
    expect(page.locator("body")).not_to_contain_text("Tender evaluation")  # a Part II paper of this meeting

    pack = page.get_by_role("link", name=re.compile(r"The agenda pack \(PDF, \d+ pages"))  # 3
    expect(pack).to_contain_text(f"{public.page_count} pages")
    response = page.request.get(pack.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert cast.member.email not in page.content()
