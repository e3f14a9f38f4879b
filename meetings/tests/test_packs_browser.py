"""Browser tests for the pack panel on the meeting page: build (with a progress bar while it runs), open,
issue; every page and htmx update checked with axe-core for WCAG 2.2 A/AA (see testsupport/browser.py)."""

from __future__ import annotations

import re
import shutil

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from meetings.enums import PackStatus
from meetings.models import PackBuild
from meetings.packs import services
from meetings.tests.factories import VenueFactory, meeting_with_papers
from testsupport.browser import check_a11y, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils"),
]


@pytest.fixture
def new_page(new_page):
    def make():
        made = new_page()
        made.emulate_media(reduced_motion="reduce")
        return made

    return make


@pytest.fixture
def meeting(cast):
    return meeting_with_papers(
        cast.board, venue=VenueFactory(board=cast.board), contact_officer=cast.coordinator.person
    )


def test_coordinator_builds_and_issues_the_pack_from_the_meeting_page(page, cast, meeting):
    meeting.agenda_published_at = timezone.now()  # a pack is issued once the agenda is published
    meeting.save(update_fields=["agenda_published_at"])
    sign_in(page, cast.coordinator)
    page.goto(meeting.get_absolute_url())
    panel = page.locator(f"#pack-panel-{meeting.pk}")
    expect(panel).to_contain_text("Not built yet")

    panel.get_by_role("button", name="Build pack").click()  # in-process tasks: built within the request
    expect(panel.get_by_role("link", name=re.compile("Open PDF"))).to_have_count(1)
    build = PackBuild.objects.get(meeting=meeting)
    assert build.status == PackStatus.DONE
    expect(panel.get_by_role("row", name=re.compile("Members' edition"))).to_contain_text(str(build.page_count))
    check_a11y(page)

    summary = panel.locator("summary", has_text="Issue")
    summary.focus()
    page.keyboard.press("Enter")  # open the confirmation with the keyboard
    confirm = panel.get_by_role("button", name="Yes, issue version 1")
    expect(confirm).to_be_visible()
    check_a11y(page)
    confirm.click()
    expect(panel.get_by_role("status").first).to_contain_text("Pack version 1 issued")
    build.refresh_from_db()
    assert build.issued_at is not None
    assert len(mail.outbox) == 1

    response = page.request.get(f"/packs/{build.pk}/pack.pdf")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"


def test_a_running_build_shows_progress_then_the_link(page, cast, meeting):
    queued = PackBuild.objects.create(meeting=meeting, edition="members", status=PackStatus.QUEUED, stage="queued")
    sign_in(page, cast.member)
    page.goto(meeting.get_absolute_url())
    progress = page.locator(f"#pack-progress-{queued.pk}")
    expect(progress).to_be_visible()
    expect(page.get_by_label("Members' edition: Queued…")).to_have_count(1)
    check_a11y(page)

    services.pack_build(build_id=queued.pk)  # the worker's part, done here
    result = page.locator(".pack-result")
    expect(result).to_contain_text("version 1 is ready", timeout=5_000)
    expect(progress).to_have_count(0)
    expect(page.locator(f"#pack-summary-{meeting.pk}").get_by_role("link", name=re.compile("Open PDF"))).to_have_count(
        1
    )
    check_a11y(page)
