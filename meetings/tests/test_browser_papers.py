"""In the browser: several papers dropped onto the upload field (in two drops, from two folders), checked, and
confirmed with their kinds and titles; axe checks every page on the way."""

from __future__ import annotations

import base64
import datetime
import re

import pytest
from playwright.sync_api import expect

from meetings.models import Paper
from meetings.tests.factories import AgendaItemFactory, MeetingFactory, pdf_bytes
from testsupport.browser import check_a11y, sign_in

pytestmark = pytest.mark.browser


def drop_files(page, zone, files: list[tuple[str, bytes]]) -> None:
    """Drag ``files`` over ``zone`` and drop them, as a person does from their file manager."""
    payload = [{"name": name, "data": base64.b64encode(data).decode()} for name, data in files]
    transfer = page.evaluate_handle(
        """files => { const transfer = new DataTransfer();
                      for (const f of files) {
                        const bytes = Uint8Array.from(atob(f.data), c => c.charCodeAt(0));
                        transfer.items.add(new File([bytes], f.name, {type: "application/pdf"}));
                      }
                      return transfer; }""",
        payload,
    )
    zone.dispatch_event("dragenter", {"dataTransfer": transfer})
    zone.dispatch_event("dragover", {"dataTransfer": transfer})
    expect(zone).to_have_class(re.compile(r"\bis-dragover\b"))
    zone.dispatch_event("drop", {"dataTransfer": transfer})
    expect(zone).not_to_have_class(re.compile(r"\bis-dragover\b"))


def test_papers_dropped_from_two_folders_are_checked_then_added_with_their_kinds(page, cast):
    meeting = MeetingFactory(board=cast.board, date=datetime.date(2030, 3, 14))
    item = AgendaItemFactory(meeting=meeting, title="Youth Justice Plan")
    sign_in(page, cast.coordinator)
    page.goto(f"/meetings/{meeting.pk}/agenda/{item.pk}/papers/add/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add papers to item 1: Youth Justice Plan")
    zone = page.locator("[data-drop-zone]")
    expect(zone).to_contain_text("You can also drop files here")

    drop_files(page, zone, [("01 Youth Justice Plan.pdf", pdf_bytes(3, "Plan")), ("Notes.pdf", b"Dear colleagues")])
    expect(zone.get_by_text("2 files chosen:")).to_be_visible()
    drop_files(page, zone, [("02 Appendix A - reoffending figures.pdf", pdf_bytes(2, "Figures"))])
    expect(zone.get_by_role("listitem")).to_have_text(
        [re.compile(r"^01 Youth Justice Plan\.pdf \(\d+ KB\)$"), "Notes.pdf (1 KB)", re.compile(r"^02 Appendix A")]
    )
    check_a11y(page)
    # The button alternative to taking files out again; the file field itself is the keyboard's way in.
    zone.get_by_role("button", name="Clear the chosen files").click()
    expect(zone.get_by_role("listitem")).to_have_count(0)
    expect(page.get_by_label(re.compile(r"^\s*Files"))).to_be_focused()
    drop_files(page, zone, [("01 Youth Justice Plan.pdf", pdf_bytes(3, "Plan")), ("Notes.pdf", b"Dear colleagues")])
    drop_files(page, zone, [("02 Appendix A - reoffending figures.pdf", pdf_bytes(2, "Figures"))])
    expect(zone.get_by_text("3 files chosen:")).to_be_visible()
    page.get_by_role("button", name="Upload").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check the papers for item 1: Youth Justice Plan")
    expect(page.get_by_role("alert")).to_contain_text("“Notes.pdf” is not a PDF file")
    plan = page.get_by_role("group", name="File 1: 01 Youth Justice Plan.pdf")
    figures = page.get_by_role("group", name="File 2: 02 Appendix A - reoffending figures.pdf")
    expect(plan.get_by_label("Kind of paper")).to_have_value("report")
    expect(plan.get_by_label(re.compile(r"^\s*Title"))).to_have_value("Youth Justice Plan")
    expect(figures.get_by_label("Kind of paper")).to_have_value("appendix")
    expect(figures.get_by_label(re.compile(r"^\s*Title"))).to_have_value("Reoffending figures")
    expect(figures).to_contain_text("PDF, 2 pages")
    figures.get_by_label("Kind of paper").select_option(label="Background paper")
    plan.get_by_label(re.compile(r"^\s*Title")).fill("Youth Justice Plan 2030")
    page.get_by_role("button", name="Add the papers").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Agenda for"))
    expect(page.locator("#messages").get_by_role("status")).to_have_text(
        [
            "“Youth Justice Plan 2030” added as a report (3 pages).",
            "“Reoffending figures” added as a background paper (2 pages).",
        ]
    )
    card = page.locator(f"#item-{item.pk}")
    expect(card.get_by_role("listitem")).to_contain_text(
        ["Youth Justice Plan 2030 (Report, 3 p.)", "Background paper: Reoffending figures (2 p.)"]
    )
    assert list(Paper.objects.filter(item=item).values_list("title", "kind")) == [
        ("Youth Justice Plan 2030", "report"),
        ("Reoffending figures", "background"),
    ]
