"""Browser tests for the agenda builder's quicker ways, by keyboard alone: adding an item from the top of the
page and just below another, moving and nesting items while a live region says where each went, the lead and
uploader pickers (the board's people by part of a name, anyone else only by their exact full name), Build
pack putting the focus on its outcome, and the builder on a phone.

Every page these tests visit is checked with axe-core for WCAG 2.2 A/AA (see testsupport/browser.py).
"""

from __future__ import annotations

import datetime
import re
import shutil

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from boards.tests.factories import MembershipFactory, OrganisationFactory, PersonFactory
from core.permissions import SYSTEM
from meetings import services
from meetings.enums import PackStatus, Standing
from meetings.models import AgendaItem, Meeting, PackBuild
from meetings.packs import services as pack_services
from meetings.tests.factories import PaperFactory, VenueFactory, meeting_with_papers
from meetings.tests.test_browser_agenda import drag_with_mouse, expect_agenda, named, tab_to
from testsupport.browser import check_a11y, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LONG_PAPER = "Neglect_strategy_appendix_" + "consultation-responses-" * 8 + "final.pdf"


@pytest.fixture
def new_page(new_page):
    """Pages asking for reduced motion, as in test_browser_agenda: no transitions for axe to catch half-way."""

    def make():
        made = new_page()
        made.emulate_media(reduced_motion="reduce")
        return made

    return make


ITEMS = [
    # (title, minutes, standing)
    ("Welcome and apologies", 5, Standing.WELCOME),
    ("Minutes of the last meeting", 10, Standing.MINUTES),
    ("Neglect strategy", 20, ""),
    ("Early help update", 15, ""),
    ("Any other business", 5, Standing.AOB),
]


@pytest.fixture
def meeting(cast) -> Meeting:
    meeting = services.meeting_create(
        user=SYSTEM,
        board=cast.board,
        date=datetime.date(2030, 3, 14),
        start_time=datetime.time(14),
        end_time=datetime.time(16),
        with_standing_items=False,
    )
    for title, minutes, standing in ITEMS:
        item = services.agenda_item_add(
            user=SYSTEM, meeting=meeting, title=title, duration_minutes=minutes, before_closing_items=False
        )
        if standing:
            AgendaItem.objects.filter(pk=item.pk).update(standing=standing)
    return meeting


@pytest.fixture
def people(cast):
    """A past member of the board, a current one, and a stranger who sits on another board only."""
    council = OrganisationFactory(name="Lancashire County Council")
    past = PersonFactory(first_name="Amelia", last_name="Quenby", organisation=council)
    MembershipFactory(
        board=cast.board, person=past, start_date=datetime.date(2010, 4, 1), end_date=datetime.date(2012, 3, 31)
    )
    current = PersonFactory(first_name="Ameera", last_name="Quennell", organisation=council)
    MembershipFactory(board=cast.board, person=current)
    stranger = PersonFactory(first_name="Amelia", last_name="Oddfellow", email="amelia@elsewhere.example")
    MembershipFactory(board=cast.other_board, person=stranger)
    return past, current, stranger


def title_of(page, title: str):
    return page.locator("#agenda h3").filter(has_text=re.compile(rf"^\s*{re.escape(title)}(\s|$)"))


def announcer(page):
    return page.locator("#agenda-announcer")


def keep_announcer(page) -> None:
    """Tag the live region, so a test can tell that it is the one the page loaded with, never replaced."""
    page.evaluate("() => { window.announcerAtLoad = document.getElementById('agenda-announcer'); }")


def assert_announcer_kept(page) -> None:
    assert page.evaluate("() => window.announcerAtLoad === document.getElementById('agenda-announcer')"), (
        "the live region was replaced: screen readers would not read what it says"
    )


def tabs_to(page, locator, *, limit: int = 10, key: str = "Tab") -> int:
    """Press Tab (or ``key``, "Shift+Tab" to go back) until ``locator`` has the focus; how many presses it took."""
    for presses in range(limit + 1):
        if locator.evaluate("el => el === document.activeElement"):
            return presses
        page.keyboard.press(key)
    pytest.fail(f"{locator} never received focus after {limit} presses of {key}")


# 1. Adding items ----------------------------------------------------------------------------------------


def test_coordinator_adds_an_item_from_the_top_and_one_below_another_by_keyboard(page, cast, meeting):
    sign_in(page, cast.coordinator)
    page.goto(f"/meetings/{meeting.pk}/agenda/")
    keep_announcer(page)
    expect(announcer(page)).to_have_attribute("aria-live", "polite")

    # From the top of the page, "Add an item" is the second stop of the Tab key.
    add = page.get_by_role("link", name="Add an item").first
    assert tabs_to(page, add) <= 3
    page.keyboard.press("Enter")
    form = page.locator("#add-item-form")
    title = form.get_by_label(re.compile(r"^\s*Title\*?\s*$"))
    expect(title).to_be_focused()
    # Title, lead, time and Part II at once; the rest under "More details".
    for label in ("Where", "Person leading it", "Time allocated (minutes)", "Confidential (Part II)"):
        expect(form.get_by_label(label, exact=True)).to_be_visible()
    expect(form.get_by_label("Intended outcome")).to_be_hidden()
    expect(form.get_by_label("Exemption reason")).to_be_hidden()  # until Part II is ticked
    page.keyboard.type("Youth justice plan")
    tab_to(page, form.get_by_label("Time allocated (minutes)"))
    page.keyboard.type("15")
    page.keyboard.press("Enter")
    expect(title_of(page, "Youth justice plan")).to_be_focused()
    expect(announcer(page)).to_have_text("Added “Youth justice plan” as item 5")
    expect_agenda(
        page,
        """
            1  14:00  Welcome and apologies
            2  14:05  Minutes of the last meeting
            3  14:15  Neglect strategy
            4  14:35  Early help update
            5  14:50  Youth justice plan
            6  15:05  Any other business
        """,
    )
    expect(page.locator("#agenda .agenda-count")).to_have_text("6 items")
    check_a11y(page)

    # "Add below" the minutes: the form opens just under them, and the item goes there.
    minutes = AgendaItem.objects.get(meeting=meeting, title="Minutes of the last meeting")
    below = page.get_by_role("link", name=named("Add below item 2"))
    tabs_to(page, below, key="Shift+Tab", limit=30)  # back up from the item just added
    page.keyboard.press("Enter")
    expect(title).to_be_focused()
    assert form.evaluate(
        f"(el) => el.closest('.agenda-node') === document.querySelector('.agenda-node[data-item-id=\"{minutes.pk}\"]')"
    ), "the form did not open under the item"
    expect(form.get_by_label("Where")).to_have_value(f"after:{minutes.pk}")
    check_a11y(page)
    page.keyboard.type("Safeguarding audit")
    page.keyboard.press("Enter")
    expect(title_of(page, "Safeguarding audit")).to_be_focused()
    expect(announcer(page)).to_have_text("Added “Safeguarding audit” as item 3")
    expect_agenda(
        page,
        """
            1  14:00  Welcome and apologies
            2  14:05  Minutes of the last meeting
            3  --:--  Safeguarding audit
            4  14:15  Neglect strategy
            5  14:35  Early help update
            6  14:50  Youth justice plan
            7  15:05  Any other business
        """,
    )
    # The form is back in its place at the end of the page, ready for the usual place.
    assert form.evaluate("(el) => el.parentElement.id") == "add-item-home"
    expect(form.get_by_label("Where")).to_have_value("")
    # Nothing goes below any other business: not offered.
    aob = AgendaItem.objects.get(meeting=meeting, title="Any other business")
    expect(page.locator(f"#item-{aob.pk}").get_by_role("link", name=re.compile("^Add below"))).to_have_count(0)
    assert_announcer_kept(page)
    check_a11y(page)


# 2. Moving and nesting, each move said ---------------------------------------------------------------------


def test_coordinator_moves_and_nests_items_by_keyboard_and_hears_each_move(page, cast, meeting):
    sign_in(page, cast.coordinator)
    page.goto(f"/meetings/{meeting.pk}/agenda/")
    keep_announcer(page)
    neglect = AgendaItem.objects.get(meeting=meeting, title="Neglect strategy")
    heading = page.locator(f"#item-{neglect.pk} h3")

    up = page.get_by_role("button", name=named("Up: move item 3 up"))
    tab_to(page, up)
    page.keyboard.press("Enter")
    expect(heading).to_be_focused()
    expect(announcer(page)).to_have_text("Moved “Neglect strategy” to item 2")

    tab_to(page, page.get_by_role("button", name=named("Down: move item 2 down")))
    page.keyboard.press("Enter")
    expect(heading).to_be_focused()
    expect(announcer(page)).to_have_text("Moved “Neglect strategy” to item 3")

    # Make it a sub-item of the minutes, from its More menu.
    more = page.locator(f"#item-{neglect.pk} summary")
    expect(more).to_have_accessible_name(named("More actions for item 3: Neglect strategy"))
    tab_to(page, more)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name=named("Make sub-item: 3"))).to_be_visible()
    check_a11y(page)
    page.keyboard.press("Escape")  # closes the menu, the focus back on its button
    expect(page.get_by_role("button", name=named("Make sub-item: 3"))).to_be_hidden()
    expect(more).to_be_focused()
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("button", name=named("Make sub-item: 3")))
    page.keyboard.press("Enter")
    expect(heading).to_be_focused()
    expect(announcer(page)).to_have_text("Moved “Neglect strategy” to item 2a")
    expect_agenda(
        page,
        """
            1   14:00  Welcome and apologies
            2   14:05  Minutes of the last meeting
            2a  14:15  Neglect strategy
            3   14:35  Early help update
            4   14:50  Any other business
        """,
    )
    check_a11y(page)

    # And back to a main item.
    tab_to(page, page.locator(f"#item-{neglect.pk} summary"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("button", name=named("Make main item: 2a")))
    page.keyboard.press("Enter")
    expect(heading).to_be_focused()
    expect(announcer(page)).to_have_text("Moved “Neglect strategy” to item 3")

    # A drag with the mouse is said the same way.
    welcome = AgendaItem.objects.get(meeting=meeting, title="Welcome and apologies")
    drag_with_mouse(
        page,
        "Early help update",
        page.locator(f"#item-{welcome.pk}"),
        placed=f"li => li.nextElementSibling && li.nextElementSibling.dataset.itemId === '{welcome.pk}'",
    )
    expect(announcer(page)).to_have_text("Moved “Early help update” to item 1")
    expect_agenda(
        page,
        """
            1   14:00  Early help update
            2   14:15  Welcome and apologies
            3   14:20  Minutes of the last meeting
            4   14:30  Neglect strategy
            5   14:50  Any other business
        """,
    )
    assert_announcer_kept(page)
    check_a11y(page)


# 3. The lead and uploader pickers -------------------------------------------------------------------------


def test_the_lead_picker_finds_the_boards_people_by_part_of_a_name_and_anyone_else_only_by_full_name(
    page, cast, meeting, people
):
    past, current, stranger = people
    sign_in(page, cast.coordinator)
    page.goto(f"/meetings/{meeting.pk}/agenda/")
    form = page.locator("#add-item-form")
    expect(form.locator("select option", has_text="Quenby")).to_have_count(0)  # no list of everyone
    lead = form.get_by_role("combobox", name="Person leading it")
    expect(lead).to_have_attribute("aria-expanded", "false")

    form.get_by_label(re.compile(r"^\s*Title\*?\s*$")).fill("Neglect audit")
    lead.fill("quen")  # typed in one go: one question to the server
    options = form.get_by_role("listbox").get_by_role("option")
    expect(options).to_have_text([re.compile(r"^\s*Ameera Quennell, Lancashire"), re.compile(r"^\s*Amelia Quenby, ")])
    expect(lead).to_have_attribute("aria-expanded", "true")
    expect(form.get_by_role("status").filter(has_text="suggestions")).to_have_text(
        "2 suggestions: press the down arrow to choose."
    )
    check_a11y(page)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(lead).to_have_attribute("aria-activedescendant", options.nth(1).get_attribute("id"))
    page.keyboard.press("Enter")  # chooses; does not send the form
    expect(lead).to_have_value("Amelia Quenby")
    expect(lead).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")  # now sends it
    expect(title_of(page, "Neglect audit")).to_be_focused()
    item = AgendaItem.objects.get(meeting=meeting, title="Neglect audit")
    assert [lead.person for lead in item.leads.all()] == [past]

    # Someone not on the board: not by part of their name, only by their full name.
    form.get_by_label(re.compile(r"^\s*Title\*?\s*$")).fill("Partnership review")
    lead.fill("Oddfellow")
    expect(form.locator(".person-none")).to_have_text(
        "Nobody on the board matches “Oddfellow”. Anyone else: type their full name or exact e-mail address."
    )
    expect(form.get_by_role("listbox")).to_have_count(0)
    lead.fill("Amelia Oddfellow")
    expect(options).to_have_text([re.compile(r"Amelia Oddfellow.*\(not on this board\)")])
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(lead).to_have_value("Amelia Oddfellow")
    page.keyboard.press("Escape")
    page.keyboard.press("Enter")
    expect(title_of(page, "Partnership review")).to_be_focused()
    item = AgendaItem.objects.get(meeting=meeting, title="Partnership review")
    assert [lead.person for lead in item.leads.all()] == [stranger]
    expect(page.locator(f"#item-{item.pk}")).to_contain_text("Lead: Amelia Oddfellow")

    # The same picker adds people who may upload papers, on the item's form.
    page.get_by_role("link", name=named("Edit item 2")).click()
    edit = page.locator(f"#item-{AgendaItem.objects.get(meeting=meeting, title='Minutes of the last meeting').pk}")
    uploaders = edit.get_by_role("group", name="May also upload papers")
    expect(uploaders.get_by_label(re.compile("^Ameera Quennell"))).not_to_be_checked()  # a current member, listed
    expect(uploaders.get_by_label(re.compile("^Amelia Quenby"))).to_have_count(0)  # a past one, not listed
    uploaders.get_by_role("combobox", name="Add someone who may upload").fill("amelia oddfellow")
    expect(uploaders.get_by_role("option")).to_have_count(1)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(uploaders.get_by_label(re.compile("^Amelia Oddfellow"))).to_be_checked()
    uploaders.get_by_label(re.compile("^Ameera Quennell")).check()
    check_a11y(page)
    edit.get_by_role("button", name="Save item").click()
    minutes = AgendaItem.objects.get(meeting=meeting, title="Minutes of the last meeting")
    expect(page.locator(f"#item-{minutes.pk} h3")).to_be_focused()
    assert set(minutes.uploaders.all()) == {current, stranger}


# 4. Build pack by keyboard --------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_build_pack_by_keyboard_puts_the_focus_on_the_outcome(page, cast):
    meeting = meeting_with_papers(
        cast.board, venue=VenueFactory(board=cast.board), contact_officer=cast.coordinator.person
    )
    sign_in(page, cast.coordinator)
    page.goto(meeting.get_absolute_url())
    panel = page.locator(f"#pack-panel-{meeting.pk}")
    build = panel.get_by_role("button", name="Build pack")
    build.focus()
    page.keyboard.press("Enter")  # in-process tasks: built within the request
    region = page.locator(f"#pack-builds-{meeting.pk}")
    expect(region).to_contain_text("is ready", timeout=60_000)
    expect(region).to_be_focused()
    done = PackBuild.objects.get(meeting=meeting)
    expect(region).to_contain_text(f"Members' edition version 1 is ready ({done.page_count} pages): open the PDF.")
    page.keyboard.press("Tab")
    expect(region.get_by_role("link", name="open the PDF")).to_be_focused()
    check_a11y(page)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_the_progress_of_a_build_is_said_when_its_stage_changes_not_at_every_poll(page, cast):
    meeting = meeting_with_papers(cast.board, venue=VenueFactory(board=cast.board))
    queued = PackBuild.objects.create(meeting=meeting, edition="members", status=PackStatus.QUEUED, stage="queued")
    sign_in(page, cast.coordinator)
    page.goto(meeting.get_absolute_url())
    stage = page.locator(f"#pack-stage-{queued.pk}")
    expect(stage).to_have_text("Members' edition: Queued…")
    expect(stage).to_have_role("status")
    # Count every change the live region sees, and keep it, to tell that it is never replaced.
    page.evaluate(
        """(id) => { const region = document.getElementById(id); window.stageRegion = region; window.changes = 0;
                     new MutationObserver((records) => { window.changes += records.length; })
                       .observe(region, {childList: true, subtree: true, characterData: true}); }""",
        f"pack-stage-{queued.pk}",
    )
    page.wait_for_timeout(2_500)  # two or three polls at the same stage
    assert page.evaluate("() => window.changes") == 0, "the live region changed although the stage did not"
    PackBuild.objects.filter(pk=queued.pk).update(
        status=PackStatus.RUNNING, stage="rendering the agenda", percent=40, heartbeat_at=timezone.now()
    )
    expect(stage).to_have_text("Members' edition: Rendering the agenda…")
    expect(page.get_by_label("Members' edition: Rendering the agenda…")).to_have_attribute("value", "40")
    said = page.evaluate("() => window.changes")
    page.wait_for_timeout(2_500)
    assert page.evaluate("() => window.changes") == said, "the live region changed although the stage did not"
    pack_services.pack_build(build_id=queued.pk)  # the worker's part, done here
    expect(stage).to_contain_text("Members' edition version 1 is ready", timeout=5_000)
    assert page.evaluate(f"() => window.stageRegion === document.getElementById('pack-stage-{queued.pk}')")
    expect(page.locator(f"#pack-progress-{queued.pk}")).to_have_count(0)
    check_a11y(page)


# 5. Long titles, and a phone -------------------------------------------------------------------------------


def beside_its_number(page, item: AgendaItem) -> bool:
    """The item's title starts on the line of its number, to its right."""
    return page.evaluate(
        """(id) => { const card = document.getElementById(id);
                     const n = card.querySelector(".agenda-number").getBoundingClientRect();
                     const t = card.querySelector("h3").getBoundingClientRect();
                     return t.left >= n.right && Math.abs(t.top - n.top) < n.height; }""",
        f"item-{item.pk}",
    )


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_a_long_paper_title_keeps_the_item_title_beside_its_number_and_nothing_scrolls_sideways(
    page, cast, meeting, viewport
):
    neglect = AgendaItem.objects.get(meeting=meeting, title="Neglect strategy")
    PaperFactory(item=neglect, title=LONG_PAPER, pages=2)
    if viewport:
        page.set_viewport_size(viewport)
    sign_in(page, cast.coordinator)
    page.goto(f"/meetings/{meeting.pk}/agenda/")
    expect(page.locator(f"#item-{neglect.pk}")).to_contain_text("consultation-responses")
    assert beside_its_number(page, neglect)
    width = page.viewport_size["width"]

    def fits() -> bool:
        return page.evaluate("() => document.documentElement.scrollWidth") <= width

    assert fits(), "the builder scrolls sideways"
    # With a More menu open and the form opened under an item, still nothing sideways.
    page.locator(f"#item-{neglect.pk} summary").click()
    expect(page.get_by_role("button", name=named("Make sub-item: 3"))).to_be_visible()
    assert fits(), "the builder scrolls sideways with a More menu open"
    page.get_by_role("link", name=named("Add below item 3")).click()
    expect(page.locator("#add-item-form").get_by_label(re.compile(r"^\s*Title\*?\s*$"))).to_be_focused()
    assert fits(), "the builder scrolls sideways with the form under an item"
    check_a11y(page)
