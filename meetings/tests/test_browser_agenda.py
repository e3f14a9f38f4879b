"""Browser tests for the agenda builder: a coordinator creates a meeting, rebuilds the CPB agenda of
16 March 2017 (../shared/seeds/cpb-pack-2017-03-16.txt), reorders it by drag and drop and by keyboard alone,
uploads papers, and publishes; a member and the public then read it.

Every page these tests visit is checked with axe-core for WCAG 2.2 A/AA (see testsupport/browser.py).
"""

from __future__ import annotations

import datetime
import io
import re

import pikepdf
import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from boards.enums import Role
from boards.tests.factories import MembershipFactory, UserFactory
from core.permissions import SYSTEM
from meetings import services
from meetings.enums import Standing
from meetings.models import AgendaItem, Meeting, Paper
from meetings.tests.factories import PaperFactory, pdf_bytes
from testsupport.browser import check_a11y, sign_in

pytestmark = pytest.mark.browser

MARCH_2017 = datetime.date(2017, 3, 16)
CONFLICT = "Someone else changed this agenda"
EXEMPTION = "Paragraph 2: information likely to reveal the identity of an individual."
ALREADY = "This item already has: “Troubled Families programme update” (report)."


@pytest.fixture
def new_page(new_page):
    """The harness's pages, asking for reduced motion: Bootstrap then drops its CSS transitions, which axe
    would otherwise catch half-way (a button under the mouse fading to its hover colours fails colour contrast
    for 0.15 s), and the page does not smooth-scroll under the mouse during a drag."""

    def make():
        made = new_page()
        made.emulate_media(reduced_motion="reduce")
        return made

    return make


# The builder's rows as [number, start time or "", title], read from the page as it is now.
READ_AGENDA = """() => [...document.querySelectorAll("#agenda .agenda-item")].map((card) => {
  const heading = card.querySelector("h3");
  const title = heading ? heading.firstChild.textContent.trim() : "";
  const timing = (card.querySelector("p.small") || {textContent: ""}).textContent;
  const start = timing.match(/\\b\\d\\d:\\d\\d\\b/);
  return [card.querySelector(".agenda-number").textContent.trim(), start ? start[0] : "", title];
})"""


def agenda_rows(text: str) -> list[tuple[str, str, str]]:
    """Rows written as the builder shows them, one a line: number, start time (--:-- for none), title."""
    rows = []
    for line in text.strip().splitlines():
        number, start, title = line.split(maxsplit=2)
        rows.append((number, "" if start == "--:--" else start, title))
    return rows


def format_rows(rows: list[tuple[str, str, str]], marks: list[str] | None = None) -> str:
    """The rows as ``agenda_rows`` reads them, each behind its mark (for a failure message)."""
    marks = marks or ["  "] * len(rows)
    return "\n".join(
        f"  {mark}{number:4}{start or '--:--'}  {title}"
        for mark, (number, start, title) in zip(marks, rows, strict=True)
    )


def expect_agenda(page, text: str, *, timeout: int = 5_000) -> None:
    """Wait until the builder shows exactly these rows (see ``agenda_rows``); fail with what it shows."""
    rows = agenda_rows(text)
    try:
        page.wait_for_function(
            f"(wanted) => JSON.stringify(({READ_AGENDA})()) === JSON.stringify(wanted)",
            arg=[list(row) for row in rows],
            timeout=timeout,
        )
    except PlaywrightError:  # turned into a readable failure below
        shown = [tuple(row) for row in page.evaluate(READ_AGENDA)]
        if shown != rows:
            marks = ["  " if i < len(rows) and row == rows[i] else "≠ " for i, row in enumerate(shown)]
            pytest.fail(
                f"The agenda builder shows (≠ where it differs):\n{format_rows(shown, marks)}\n"
                f"and should show:\n{format_rows(rows)}"
            )


def named(text: str) -> re.Pattern:
    """An accessible name with a visually hidden part: Chromium puts a space before it ("Up : move item 3 up")."""
    return re.compile("^" + re.escape(text).replace(":", r"\s?:") + "$")


def tab_to(page, locator, *, limit: int = 40) -> None:
    """Press Tab until ``locator`` has focus, as a keyboard user would; fail if it never does."""
    for _ in range(limit):
        if locator.evaluate("el => el === document.activeElement"):
            # A keyboard user must see where they are: an outline or a focus shadow.
            indicator = locator.evaluate(
                """el => { const s = getComputedStyle(el);
                           return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0)
                                  || s.boxShadow !== "none"; }"""
            )
            assert indicator, f"{locator} has focus but no visible focus indicator"
            return
        page.keyboard.press("Tab")
    pytest.fail(f"{locator} never received focus after {limit} presses of Tab")


def mark_document(page) -> None:
    """Tag the current document, so a test can tell an htmx update (tag kept) from a page load (tag gone)."""
    page.evaluate("() => { window.sameDocument = true; }")


def assert_same_document(page) -> None:
    assert page.evaluate("() => window.sameDocument === true"), "the page reloaded instead of updating in place"


def layout(meeting) -> list[tuple[str, str | None]]:
    """The stored agenda: (title, parent's title) in stored order, main items each followed by their sub-items."""
    items = list(AgendaItem.objects.filter(meeting=meeting).select_related("parent").order_by("position", "pk"))
    out = []
    for item in (i for i in items if i.parent_id is None):
        out.append((item.title, None))
        out.extend((c.title, item.title) for c in items if c.parent_id == item.pk)
    return out


def add_item(
    page,
    title: str,
    *,
    under: str = "",
    item_for: str = "",
    outcome: str = "",
    duration_minutes: int | None = None,
    verbal: bool = False,
    heading: bool = False,
    office: str = "",
    guest: tuple[str, str, str] | None = None,
) -> None:
    """Fill in the builder's "Add an item" form and submit it (htmx), as a coordinator would."""
    form = page.locator("#add-item-form")
    if under:
        where = form.get_by_label("Where")
        option = where.locator("option").filter(has_text=re.compile(rf"sub-item of \d+\. {re.escape(under)}$"))
        where.select_option(value=option.get_attribute("value"))
    else:
        form.get_by_label("Where").select_option(index=0)
    form.get_by_label(re.compile(r"^\s*Title\*?\s*$")).fill(title)
    form.get_by_label("Time allocated (minutes)").fill("" if duration_minutes is None else str(duration_minutes))
    # The rest of the item is under "More details".
    details = form.locator("details.more-details")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    if item_for:
        form.get_by_label("Item for").select_option(label=item_for)
    form.get_by_label("Intended outcome").fill(outcome)
    form.get_by_label("Verbal update").set_checked(verbal)
    form.get_by_label("Heading only").set_checked(heading)
    lead = details.locator("fieldset").first  # the first lead: an office or a guest instead of a person
    lead.get_by_label("Or an office").fill(office)
    name, job, organisation = guest or ("", "", "")
    lead.get_by_label("Or a guest: name").fill(name)
    lead.get_by_label("Guest's job title").fill(job)
    lead.get_by_label("Guest's organisation").fill(organisation)
    form.get_by_role("button", name="Add item").click()
    # The new item's heading takes the focus, and the form is cleared for the next item.
    expect(page.locator("#agenda h3").filter(has_text=re.compile(rf"^\s*{re.escape(title)}(\s|$)"))).to_be_focused()
    expect(form.get_by_label(re.compile(r"^\s*Title\*?\s*$"))).to_have_value("")


# 1. Creating a meeting and rebuilding the agenda of 16 March 2017 ----------------------------------------


def test_coordinator_creates_the_march_2017_meeting_and_rebuilds_its_agenda(page, cast):
    sign_in(page, cast.coordinator)
    page.goto(f"/boards/{cast.board.slug}/")
    page.get_by_role("link", name="Meetings", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meetings of the CPB")

    # The board needs its venue first.
    page.get_by_role("link", name="Venues").click()
    page.get_by_label("Room").fill("Willow Suite")
    page.get_by_label("Building").fill("West Lancs Investment Centre")
    page.get_by_label("Address").fill("White Moss Business Park\nMarple View\nSkelmersdale")
    page.get_by_label("Postcode").fill("WN8 9TG")
    page.get_by_label("Access notes").fill("Lift available")
    page.get_by_role("button", name="Add venue").click()
    expect(page.get_by_role("status")).to_have_text("Willow Suite, West Lancs Investment Centre added.")

    page.get_by_role("link", name="Back to meetings").click()
    page.get_by_role("link", name="New meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New meeting of the CPB")
    page.get_by_label(re.compile(r"^\s*Date\*?\s*$")).fill(MARCH_2017.isoformat())
    page.get_by_label("Start time").fill("14:00")
    page.get_by_label("End time").fill("16:00")
    page.get_by_label("Venue").select_option(label="Willow Suite, West Lancs Investment Centre")
    page.get_by_label("Contact officer").select_option(label=str(cast.coordinator.person))
    page.get_by_role("button", name="Create meeting").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Agenda for Thursday 16 March 2017")
    expect(page.get_by_role("status").first).to_contain_text("Meeting created with the board's standing items")
    meeting = Meeting.objects.get(board=cast.board)
    assert (meeting.date, meeting.start_time, meeting.end_time, str(meeting.venue)) == (
        MARCH_2017,
        datetime.time(14),
        datetime.time(16),
        "Willow Suite, West Lancs Investment Centre",
    )
    expect(page).to_have_url(f"/meetings/{meeting.pk}/agenda/")
    expect_agenda(
        page,
        """
            1  14:00  Welcome, introductions and apologies
            2  14:05  Declarations of interest
            3  14:10  Minutes of the last meeting and matters arising
            4  14:20  Action log
            5  14:30  Any other business
            6  --:--  Future meeting dates
        """,
    )
    expect(page.locator("#agenda")).to_contain_text("Finishes at 14:35")

    # The 2017 agenda had no declarations or action log: delete those two, through the confirmation page.
    for title in ("Declarations of interest", "Action log"):
        card = page.locator(".agenda-item").filter(has_text=title)
        card.locator("summary").click()  # "More"
        card.get_by_role("link", name=re.compile(r"^Delete")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Delete “{title}”?")
        page.get_by_role("button", name="Delete the item").click()
        expect(page.get_by_role("status").first).to_have_text(f"“{title}” deleted.")
    expect_agenda(
        page,
        """
            1  14:00  Welcome, introductions and apologies
            2  14:05  Minutes of the last meeting and matters arising
            3  14:15  Any other business
            4  --:--  Future meeting dates
        """,
    )

    # Every item is added in place: the list updates without a page load, numbers and times at once.
    mark_document(page)
    add_item(page, "Safeguarding", heading=True)
    expect_agenda(
        page,
        """
            1  14:00  Welcome, introductions and apologies
            2  14:05  Minutes of the last meeting and matters arising
            3  --:--  Safeguarding
            4  14:15  Any other business
            5  --:--  Future meeting dates
        """,
    )
    assert_same_document(page)
    check_a11y(page)

    add_item(
        page,
        "Local CSE Plans",
        under="Safeguarding",
        item_for="Discussion",
        duration_minutes=15,
        verbal=True,
        outcome="The board to receive a verbal update on local CSE plans",
        guest=("Peter Knowles", "Senior Manager, Children's Social Care", "LCC"),
    )
    expect_agenda(
        page,
        """
            1   14:00  Welcome, introductions and apologies
            2   14:05  Minutes of the last meeting and matters arising
            3   --:--  Safeguarding
            3a  14:15  Local CSE Plans
            4   14:30  Any other business
            5   --:--  Future meeting dates
        """,
    )
    add_item(
        page,
        "Update from LSCB",
        under="Safeguarding",
        item_for="Discussion",
        duration_minutes=10,
        verbal=True,
        outcome="The Board to receive a verbal update from the LSCB.",
        guest=("Sarah Hargreaves", "LSCB and LSAB Business Coordinator", ""),
    )
    tim = ("Tim Grose", "Locality Manager", "Chorley, South Ribble and West Lancs")
    add_item(
        page,
        "Troubled Families",
        item_for="Discussion",
        duration_minutes=20,
        guest=tim,
        outcome="The Board to receive an update on the Troubled Families programme",
    )
    add_item(
        page,
        "Children's Centres Update",
        item_for="Discussion",
        duration_minutes=10,
        verbal=True,
        guest=tim,
        outcome="The Board to receive a verbal update on the future governance arrangements for Children's Centres",
    )
    add_item(
        page,
        "Membership/Attendance",
        item_for="Discussion",
        duration_minutes=10,
        office="Chair",
        outcome="A discussion to take place regarding attendance at Board meetings.",
    )
    add_item(
        page,
        "Lancashire Children and Young People's Trust Board Update",
        item_for="Discussion",
        duration_minutes=10,
        office="Chair",
        outcome="The Board to receive an update from the recent Trust Board Meeting.",
    )
    add_item(
        page,
        "Future of Lancashire Children and Young People's Trust Board",
        item_for="Discussion",
        duration_minutes=10,
        office="Chair",
        outcome="The Chair to provide an update on the future of the Trust board",
    )
    add_item(
        page,
        "Papers for information",
        item_for="Information",
        duration_minutes=5,
        office="Chair",
        outcome="The Board to note the papers attached for information.",
    )
    expect_agenda(
        page,
        """
            1   14:00  Welcome, introductions and apologies
            2   14:05  Minutes of the last meeting and matters arising
            3   --:--  Safeguarding
            3a  14:15  Local CSE Plans
            3b  14:30  Update from LSCB
            4   14:40  Troubled Families
            5   15:00  Children's Centres Update
            6   15:10  Membership/Attendance
            7   15:20  Lancashire Children and Young People's Trust Board Update
            8   15:30  Future of Lancashire Children and Young People's Trust Board
            9   15:40  Papers for information
            10  15:45  Any other business
            11  --:--  Future meeting dates
        """,
    )
    assert_same_document(page)
    expect(page.locator("#agenda .agenda-count")).to_have_text("11 items and 2 sub-items")
    expect(page.locator("#agenda")).to_contain_text("Finishes at 15:50")
    expect(page.locator("#agenda")).not_to_contain_text("past the meeting's end")
    cse = page.locator(".agenda-item").filter(has_text="Local CSE Plans")
    expect(cse.locator("h3")).to_contain_text("Verbal")
    expect(cse).to_contain_text("For discussion · Lead: Peter Knowles, Senior Manager, Children's Social Care, LCC")
    safeguarding = AgendaItem.objects.get(meeting=meeting, title="Safeguarding")
    expect(page.locator(f"#item-{safeguarding.pk} h3")).to_contain_text("Heading")
    expect(page.locator(".agenda-item").filter(has_text="Troubled Families")).to_contain_text(
        "Lead: Tim Grose, Locality Manager, Chorley, South Ribble and West Lancs"
    )
    check_a11y(page)

    assert layout(meeting) == [
        ("Welcome, introductions and apologies", None),
        ("Minutes of the last meeting and matters arising", None),
        ("Safeguarding", None),
        ("Local CSE Plans", "Safeguarding"),
        ("Update from LSCB", "Safeguarding"),
        ("Troubled Families", None),
        ("Children's Centres Update", None),
        ("Membership/Attendance", None),
        ("Lancashire Children and Young People's Trust Board Update", None),
        ("Future of Lancashire Children and Young People's Trust Board", None),
        ("Papers for information", None),
        ("Any other business", None),
        ("Future meeting dates", None),
    ]
    sub = AgendaItem.objects.get(meeting=meeting, title="Local CSE Plans")
    assert (sub.verbal_update, sub.duration_minutes, sub.item_for, [str(lead) for lead in sub.leads.all()]) == (
        True,
        15,
        "discussion",
        ["Peter Knowles, Senior Manager, Children's Social Care, LCC"],
    )
    heading = AgendaItem.objects.get(meeting=meeting, title="Safeguarding")
    assert (heading.is_heading, heading.duration_minutes, heading.leads.count()) == (True, None, 0)


# Meetings set up through the services, for the tests that start from an agenda ---------------------------

MARCH_ITEMS = [
    # (title, parent, duration in minutes, extra fields)
    ("Welcome and Introduction/Apologies", None, 5, {"item_for": "information"}),
    ("Minutes of last meeting and matters arising", None, 10, {"item_for": "action"}),
    ("Safeguarding", None, None, {"is_heading": True}),
    ("Local CSE Plans", "Safeguarding", 15, {"item_for": "discussion", "verbal_update": True}),
    ("Update from LSCB", "Safeguarding", 10, {"item_for": "discussion", "verbal_update": True}),
    ("Troubled Families", None, 20, {"item_for": "discussion"}),
    ("Papers for information", None, 5, {"item_for": "information"}),
    ("Any other business", None, 5, {}),
]


def march_meeting(cast) -> Meeting:
    """The CPB meeting of 16 March 2017 with a shortened version of its agenda, made through the services."""
    venue = services.venue_save(
        user=SYSTEM, board=cast.board, room="Willow Suite", building="West Lancs Investment Centre", postcode="WN8 9TG"
    )
    meeting = services.meeting_create(
        user=SYSTEM,
        board=cast.board,
        date=MARCH_2017,
        start_time=datetime.time(14),
        end_time=datetime.time(16),
        venue=venue,
        with_standing_items=False,
    )
    made: dict[str, AgendaItem] = {}
    for title, parent, duration_minutes, fields in MARCH_ITEMS:
        made[title] = services.agenda_item_add(
            user=SYSTEM,
            meeting=meeting,
            parent=made.get(parent),
            title=title,
            duration_minutes=duration_minutes,
            before_closing_items=False,
            leads=[{"office": "Chair"}] if parent is None and not fields.get("is_heading") else [],
            **fields,
        )
    # Any other business is a standing item: new items go before it.
    AgendaItem.objects.filter(pk=made["Any other business"].pk).update(standing=Standing.AOB)
    return meeting


def drag_with_mouse(page, title: str, target, placed: str) -> None:
    """Drag the item ``title`` by its handle towards ``target`` in small mouse moves, as a person does, and
    let go once SortableJS shows it where it should go: ``placed`` is a JavaScript test of the dragged <li>."""
    item_id = AgendaItem.objects.get(title=title).pk
    handle = page.locator(f'.agenda-node[data-item-id="{item_id}"] > .agenda-item .drag-handle')
    # Scroll so that both ends of the drag are on screen, away from the edges (where SortableJS scrolls).
    handle.evaluate(
        """(el, target) => { const a = el.getBoundingClientRect(), b = target.getBoundingClientRect();
                            const middle = (a.top + a.bottom + b.top + b.bottom) / 4;
                            window.scrollBy({top: middle - innerHeight / 2, behavior: "instant"}); }""",
        target.element_handle(),
    )
    start, end = handle.bounding_box(), target.bounding_box()
    x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    to_x, to_y = end["x"] + min(end["width"] / 2, 40), end["y"] + end["height"] / 2
    is_placed = f"""() => {{ const li = document.querySelector('.agenda-node[data-item-id="{item_id}"]');
                              return !!li && ({placed})(li); }}"""
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 4, y + 4, steps=4)  # past SortableJS's start threshold
    steps = max(10, int(abs(to_y - y) / 6))
    for i in range(1, steps + 1):
        page.mouse.move(x + (to_x - x) * i / steps, y + (to_y - y) * i / steps)
        if page.evaluate(is_placed):
            break
    # On a busy machine SortableJS may still be animating: hover round the target until it settles there.
    for _ in range(20):
        if page.evaluate(is_placed):
            break
        end = target.bounding_box()
        for dy in (0, -6, 6, -3, 3):
            page.mouse.move(end["x"] + min(end["width"] / 2, 40), end["y"] + end["height"] / 2 + dy, steps=2)
            page.wait_for_timeout(40)
            if page.evaluate(is_placed):
                break
    page.wait_for_timeout(200)  # SortableJS animates the items it moves aside
    assert page.evaluate(is_placed), f"dragging “{title}” never put it where it should go"
    page.mouse.up()


# 2. Reordering: drag and drop with the mouse, then the keyboard alone --------------------------------------


def test_coordinator_reorders_and_nests_items_by_drag_and_drop_and_by_keyboard(page, cast):
    meeting = march_meeting(cast)
    sign_in(page, cast.coordinator)
    page.goto(f"/meetings/{meeting.pk}/agenda/")
    expect_agenda(
        page,
        """
            1   14:00  Welcome and Introduction/Apologies
            2   14:05  Minutes of last meeting and matters arising
            3   --:--  Safeguarding
            3a  14:15  Local CSE Plans
            3b  14:30  Update from LSCB
            4   14:40  Troubled Families
            5   15:00  Papers for information
            6   15:05  Any other business
        """,
    )
    mark_document(page)

    # Drag "Troubled Families" up, to just above the minutes.
    minutes = AgendaItem.objects.get(meeting=meeting, title="Minutes of last meeting and matters arising")
    drag_with_mouse(
        page,
        "Troubled Families",
        page.locator(f"#item-{minutes.pk}"),
        placed=f"li => li.nextElementSibling && li.nextElementSibling.dataset.itemId === '{minutes.pk}'",
    )
    expect_agenda(
        page,
        """
            1   14:00  Welcome and Introduction/Apologies
            2   14:05  Troubled Families
            3   14:25  Minutes of last meeting and matters arising
            4   --:--  Safeguarding
            4a  14:35  Local CSE Plans
            4b  14:50  Update from LSCB
            5   15:00  Papers for information
            6   15:05  Any other business
        """,
    )
    assert_same_document(page)
    check_a11y(page)

    # Drop "Papers for information" into the space under "Troubled Families": it becomes its sub-item 2a.
    families = AgendaItem.objects.get(meeting=meeting, title="Troubled Families")
    drag_with_mouse(
        page,
        "Papers for information",
        page.locator(f'.sub-list[data-parent-id="{families.pk}"]'),
        placed=f"li => li.parentElement.dataset.parentId === '{families.pk}'",
    )
    expect_agenda(
        page,
        """
            1   14:00  Welcome and Introduction/Apologies
            2   14:05  Troubled Families
            2a  14:25  Papers for information
            3   14:30  Minutes of last meeting and matters arising
            4   --:--  Safeguarding
            4a  14:40  Local CSE Plans
            4b  14:55  Update from LSCB
            5   15:05  Any other business
        """,
    )
    assert_same_document(page)
    check_a11y(page)
    assert layout(meeting) == [
        ("Welcome and Introduction/Apologies", None),
        ("Troubled Families", None),
        ("Papers for information", "Troubled Families"),
        ("Minutes of last meeting and matters arising", None),
        ("Safeguarding", None),
        ("Local CSE Plans", "Safeguarding"),
        ("Update from LSCB", "Safeguarding"),
        ("Any other business", None),
    ]

    # The same moves by keyboard alone. After each, focus is on the moved item's heading, so Tab goes on
    # to that item's own buttons.
    papers = AgendaItem.objects.get(meeting=meeting, title="Papers for information")
    papers_heading = page.locator(f"#item-{papers.pk} h3")
    more = page.locator(f"#item-{papers.pk} summary")
    expect(more).to_have_accessible_name(named("More actions for item 2a: Papers for information"))
    more.focus()
    page.keyboard.press("Enter")  # opens the menu of rarer actions
    make_main = page.get_by_role("button", name=named("Make main item: 2a"))
    tab_to(page, make_main)
    page.keyboard.press("Enter")
    expect(papers_heading).to_be_focused()
    expect_agenda(
        page,
        """
            1   14:00  Welcome and Introduction/Apologies
            2   14:05  Troubled Families
            3   14:25  Papers for information
            4   14:30  Minutes of last meeting and matters arising
            5   --:--  Safeguarding
            5a  14:40  Local CSE Plans
            5b  14:55  Update from LSCB
            6   15:05  Any other business
        """,
    )
    check_a11y(page)

    tab_to(page, page.get_by_role("button", name=named("Up: move item 3 up")))
    page.keyboard.press("Enter")
    expect(papers_heading).to_be_focused()
    expect_agenda(
        page,
        """
            1   14:00  Welcome and Introduction/Apologies
            2   14:05  Papers for information
            3   14:10  Troubled Families
            4   14:30  Minutes of last meeting and matters arising
            5   --:--  Safeguarding
            5a  14:40  Local CSE Plans
            5b  14:55  Update from LSCB
            6   15:05  Any other business
        """,
    )

    tab_to(page, page.get_by_role("button", name=named("Down: move item 2 down")))
    page.keyboard.press("Enter")
    expect(papers_heading).to_be_focused()
    expect_agenda(
        page,
        """
            1   14:00  Welcome and Introduction/Apologies
            2   14:05  Troubled Families
            3   14:25  Papers for information
            4   14:30  Minutes of last meeting and matters arising
            5   --:--  Safeguarding
            5a  14:40  Local CSE Plans
            5b  14:55  Update from LSCB
            6   15:05  Any other business
        """,
    )

    tab_to(page, page.locator(f"#item-{papers.pk} summary"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("button", name=named("Make sub-item: 3")))
    page.keyboard.press("Enter")
    expect(papers_heading).to_be_focused()
    expect_agenda(
        page,
        """
            1   14:00  Welcome and Introduction/Apologies
            2   14:05  Troubled Families
            2a  14:25  Papers for information
            3   14:30  Minutes of last meeting and matters arising
            4   --:--  Safeguarding
            4a  14:40  Local CSE Plans
            4b  14:55  Update from LSCB
            5   15:05  Any other business
        """,
    )

    # A sub-item moves among its siblings too.
    lscb = AgendaItem.objects.get(meeting=meeting, title="Update from LSCB")
    page.get_by_role("button", name=named("Up: move item 4b up")).focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#item-{lscb.pk} h3")).to_be_focused()
    expect_agenda(
        page,
        """
            1   14:00  Welcome and Introduction/Apologies
            2   14:05  Troubled Families
            2a  14:25  Papers for information
            3   14:30  Minutes of last meeting and matters arising
            4   --:--  Safeguarding
            4a  14:40  Update from LSCB
            4b  14:50  Local CSE Plans
            5   15:05  Any other business
        """,
    )
    assert_same_document(page)
    check_a11y(page)
    assert layout(meeting) == [
        ("Welcome and Introduction/Apologies", None),
        ("Troubled Families", None),
        ("Papers for information", "Troubled Families"),
        ("Minutes of last meeting and matters arising", None),
        ("Safeguarding", None),
        ("Update from LSCB", "Safeguarding"),
        ("Local CSE Plans", "Safeguarding"),
        ("Any other business", None),
    ]
    positions = dict(AgendaItem.objects.filter(meeting=meeting).values_list("title", "position"))
    assert (positions["Update from LSCB"], positions["Local CSE Plans"], positions["Papers for information"]) == (
        10,
        20,
        10,
    )


# 3. Papers ---------------------------------------------------------------------------------------------


def locked_pdf(pages: int = 2) -> bytes:
    """A real PDF that needs a password to open."""
    pdf = pikepdf.open(io.BytesIO(pdf_bytes(pages, "Locked appendix")))
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(owner="clerk-only", user="secret", R=6))
    return out.getvalue()


def pdf_file(name: str, data: bytes) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": data}


def test_coordinator_adds_papers_and_a_password_protected_one_is_refused(page, cast):
    meeting = march_meeting(cast)
    families = AgendaItem.objects.get(meeting=meeting, title="Troubled Families")
    sign_in(page, cast.coordinator)
    page.goto(f"/meetings/{meeting.pk}/agenda/")

    page.get_by_role("link", name="Add papers to item 4", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add papers to item 4: Troubled Families")
    page.get_by_label(re.compile(r"^\s*Files")).set_input_files(
        [
            pdf_file("01_troubled-families-update.pdf", pdf_bytes(3, "TF")),
            pdf_file("tf-appendix-locked.pdf", locked_pdf()),
        ]
    )
    page.get_by_label("Author", exact=True).fill("Tim Grose")
    page.get_by_label("Author's organisation").fill("Lancashire County Council")
    page.get_by_role("button", name="Upload").click()

    # The locked file is refused by name; the other waits to be confirmed, with its guessed kind and title.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the papers for item 4: Troubled Families")
    expect(page.get_by_role("alert")).to_contain_text("“tf-appendix-locked.pdf” is password-protected")
    first = page.get_by_role("group", name="File 1: 01_troubled-families-update.pdf")
    expect(first.get_by_label("Kind of paper")).to_have_value("report")
    expect(first.get_by_label(re.compile(r"^\s*Title"))).to_have_value("Troubled families update")
    expect(first.get_by_label("Author", exact=True)).to_have_value("Tim Grose")
    first.get_by_label(re.compile(r"^\s*Title")).fill("Troubled Families programme update")
    assert not Paper.objects.filter(item=families).exists()
    page.get_by_role("button", name="Add the papers").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Agenda for Thursday 16 March 2017")
    expect(page.get_by_role("status").first).to_have_text(
        "“Troubled Families programme update” added as a report (3 pages)."
    )
    card = page.locator(f"#item-{families.pk}")
    report = card.get_by_role("link", name="Troubled Families programme update", exact=True)
    expect(report).to_be_visible()
    expect(card.get_by_role("listitem")).to_contain_text(["(Report, 3 p.)"])
    response = page.request.get(report.get_attribute("href"))
    assert (response.status, response.headers["content-type"]) == (200, "application/pdf")
    assert response.body().startswith(b"%PDF-")
    paper = Paper.objects.get(item=families)
    assert (paper.title, paper.kind, paper.author, paper.page_count, paper.original_name) == (
        "Troubled Families programme update",
        "report",
        "Tim Grose",
        3,
        "01_troubled-families-update.pdf",
    )

    # An unprotected copy of the appendix then goes in as Appendix 4(a), its label typed into the title taken off.
    page.get_by_role("link", name="Add papers to item 4", exact=True).click()
    expect(page.get_by_text(ALREADY)).to_be_visible()
    page.get_by_label(re.compile(r"^\s*Files")).set_input_files(pdf_file("tf-appendix.pdf", pdf_bytes(2, "Data")))
    page.get_by_role("button", name="Upload").click()
    only = page.get_by_role("group", name="File 1: tf-appendix.pdf")
    expect(only.get_by_label("Kind of paper")).to_have_value("appendix")  # the item has its report
    only.get_by_label(re.compile(r"^\s*Title")).fill("Appendix 4(a): Family outcomes data")
    page.get_by_role("button", name="Add the papers").click()
    expect(page.get_by_role("status").first).to_have_text("“Family outcomes data” added as Appendix 4(a) (2 pages).")
    expect(card.get_by_role("link", name=re.compile(r"^(Appendix 4\(|Troubled)")).filter(visible=True)).to_have_text(
        ["Troubled Families programme update", "Appendix 4(a): Family outcomes data"]
    )
    assert list(Paper.objects.filter(item=families).order_by("position").values_list("title", "kind")) == [
        ("Troubled Families programme update", "report"),
        ("Family outcomes data", "appendix"),
    ]


# 4. Two coordinators at once -----------------------------------------------------------------------------


def test_a_stale_move_is_refused_and_the_current_agenda_shown(page, new_page, cast):
    meeting = march_meeting(cast)
    colleague = UserFactory(email="coordinator2@example.org")
    MembershipFactory(board=cast.board, person=colleague.person, role=Role.COORDINATOR, voting=False)
    second = new_page()
    sign_in(page, cast.coordinator)
    sign_in(second, colleague)
    page.goto(f"/meetings/{meeting.pk}/agenda/")
    second.goto(f"/meetings/{meeting.pk}/agenda/")
    before = """
        1   14:00  Welcome and Introduction/Apologies
        2   14:05  Minutes of last meeting and matters arising
        3   --:--  Safeguarding
        3a  14:15  Local CSE Plans
        3b  14:30  Update from LSCB
        4   14:40  Troubled Families
        5   15:00  Papers for information
        6   15:05  Any other business
    """
    expect_agenda(page, before)
    expect_agenda(second, before)

    # The first adds an item (before any other business).
    add_item(page, "Children's Centres Update", item_for="Discussion", duration_minutes=10, verbal=True)
    with_centres = """
        1   14:00  Welcome and Introduction/Apologies
        2   14:05  Minutes of last meeting and matters arising
        3   --:--  Safeguarding
        3a  14:15  Local CSE Plans
        3b  14:30  Update from LSCB
        4   14:40  Troubled Families
        5   15:00  Papers for information
        6   15:05  Children's Centres Update
        7   15:15  Any other business
    """
    expect_agenda(page, with_centres)
    stored = layout(meeting)

    # The second, still looking at the old agenda, moves the welcome down: refused, and shown the current agenda.
    mark_document(second)
    second.get_by_role("button", name=named("Down: move item 1 down")).focus()
    second.keyboard.press("Enter")
    alert = second.get_by_role("alert")
    expect(alert).to_contain_text(CONFLICT)
    expect(alert).to_contain_text("your change was not saved")
    expect(alert).to_be_focused()
    expect_agenda(second, with_centres)
    assert_same_document(second)
    check_a11y(second)
    assert layout(meeting) == stored

    # Now up to date, the second makes the move again, and it is saved.
    second.get_by_role("button", name=named("Down: move item 1 down")).focus()
    second.keyboard.press("Enter")
    expect(second.get_by_role("alert")).to_have_count(0)
    expect_agenda(
        second,
        """
            1   14:00  Minutes of last meeting and matters arising
            2   14:10  Welcome and Introduction/Apologies
            3   --:--  Safeguarding
            3a  14:15  Local CSE Plans
            3b  14:30  Update from LSCB
            4   14:40  Troubled Families
            5   15:00  Papers for information
            6   15:05  Children's Centres Update
            7   15:15  Any other business
        """,
    )
    assert layout(meeting)[:2] == [
        ("Minutes of last meeting and matters arising", None),
        ("Welcome and Introduction/Apologies", None),
    ]
    stored = layout(meeting)

    # The first, now behind, drags an item: refused in the same way, and nothing of it is saved.
    mark_document(page)
    minutes = AgendaItem.objects.get(meeting=meeting, title="Minutes of last meeting and matters arising")
    drag_with_mouse(
        page,
        "Papers for information",
        page.locator(f"#item-{minutes.pk}"),
        placed=f"li => li.nextElementSibling && li.nextElementSibling.dataset.itemId === '{minutes.pk}'",
    )
    expect(page.get_by_role("alert")).to_contain_text(CONFLICT)
    expect_agenda(
        page,
        """
            1   14:00  Minutes of last meeting and matters arising
            2   14:10  Welcome and Introduction/Apologies
            3   --:--  Safeguarding
            3a  14:15  Local CSE Plans
            3b  14:30  Update from LSCB
            4   14:40  Troubled Families
            5   15:00  Papers for information
            6   15:05  Children's Centres Update
            7   15:15  Any other business
        """,
    )
    assert_same_document(page)
    check_a11y(page)
    assert layout(meeting) == stored


# 5. Publishing; members and the public read it --------------------------------------------------------


def test_coordinator_marks_a_part_two_item_publishes_and_members_and_public_read_the_agenda(
    page, new_page, cast, mailoutbox
):
    meeting = march_meeting(cast)
    families = AgendaItem.objects.get(meeting=meeting, title="Troubled Families")
    PaperFactory(item=families, title="Troubled Families programme update", pages=3)
    review = services.agenda_item_add(
        user=SYSTEM,
        meeting=meeting,
        title="Child Safeguarding Practice Review",
        duration_minutes=15,
        item_for="discussion",
        before_closing_items=False,  # after any other business: Part II business comes last, as item 7
    )
    secret = PaperFactory(item=review, title="Practice review: case summary", pages=2)

    sign_in(page, cast.coordinator)
    page.goto(f"/meetings/{meeting.pk}/agenda/")
    mark_document(page)
    page.get_by_role("link", name="Edit item 7", exact=True).click()
    edit = page.locator(f"#item-{review.pk}")
    expect(edit.get_by_role("heading")).to_have_text("Edit “Child Safeguarding Practice Review”")
    expect(edit.get_by_role("heading")).to_be_focused()
    check_a11y(page)
    expect(edit.get_by_label("Exemption reason")).to_be_hidden()  # asked for only once Part II is ticked
    edit.get_by_label("Confidential (Part II)").check()
    expect(edit.get_by_label("Exemption reason")).to_be_visible()
    edit.get_by_role("button", name="Save item").click()
    # Without a reason it is refused, in place, and the rest of the agenda stays on the page.
    expect(edit).to_contain_text("A confidential (Part II) item needs the reason it is exempt from publication.")
    expect(page.locator("#agenda .agenda-item")).to_have_count(8)  # and the one being edited
    expect(page.locator("#agenda h3").first).to_have_text(re.compile(r"^\s*Welcome and Introduction/Apologies"))
    edit.get_by_label("Exemption reason").fill(EXEMPTION)
    edit.get_by_role("button", name="Save item").click()
    expect(page.locator(f"#item-{review.pk} h3")).to_contain_text("Part II")
    expect(page.locator("#agenda .part-heading")).to_contain_text("Part II (Not Open to Press and Public)")
    assert_same_document(page)
    check_a11y(page)
    review.refresh_from_db()
    assert (review.confidential, review.exemption_reason) == (True, EXEMPTION)

    page.get_by_role("link", name="View as members see it").click()
    expect(page.locator("#agenda-heading + p, #agenda-heading ~ p").first).to_contain_text("Not yet published")
    page.get_by_role("button", name="Publish the agenda to members").click()
    # First the e-mail as members will get it, and who gets it.
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish the agenda")
    expect(page.get_by_text("Subject: Agenda published: CPB, 16 March 2017")).to_be_visible()
    check_a11y(page)
    page.get_by_role("button", name="Publish the agenda to members").click()
    expect(page.get_by_role("status").first).to_have_text("Agenda published: members have been sent a link.")
    meeting.refresh_from_db()
    assert meeting.agenda_published_at is not None
    assert len(mailoutbox) == 1
    assert cast.member.email in mailoutbox[0].bcc
    assert mailoutbox[0].subject == "Agenda published: CPB, 16 March 2017"

    # A member reads the published agenda, Part II included, and its papers.
    reader = new_page()
    sign_in(reader, cast.member)
    reader.goto(f"/meetings/{meeting.pk}/")
    table = reader.get_by_role("table", name="Agenda", exact=True)
    expect(table.locator("tbody th")).to_have_text(["1", "2", "3", "3a", "3b", "4", "5", "6", "7"])
    expect(reader.get_by_text(re.compile(r"^Published \d+ \w+ \d{4}"))).to_be_visible()
    paper_link = table.get_by_role("link", name="Appendix 4(a): Troubled Families programme update")
    expect(paper_link).to_be_visible()
    expect(table.get_by_role("row").filter(has_text="Troubled Families")).to_contain_text("(PDF, 3 pages)")
    expect(table.get_by_role("row").filter(has_text="Child Safeguarding Practice Review")).to_contain_text("Part II")
    response = reader.request.get(paper_link.get_attribute("href"))
    assert (response.status, response.headers["content-type"]) == (200, "application/pdf")
    expect(reader.get_by_role("link", name="Edit the agenda")).to_have_count(0)

    # The public page: Part I items only, numbered as members see them; the Part II paper is not served.
    public = new_page()
    public.goto(f"/public/meetings/{meeting.pk}/")
    expect(public.get_by_role("heading", level=1)).to_have_text(cast.board.name)
    table = public.get_by_role("table", name="Agenda", exact=True)
    expect(table.locator("tbody th")).to_have_text(["1", "2", "3", "3a", "3b", "4", "5", "6"])
    expect(table).to_contain_text("Troubled Families")
    expect(table.get_by_role("link", name="Appendix 4(a): Troubled Families programme update")).to_be_visible()
    expect(public.locator("main")).not_to_contain_text("Child Safeguarding Practice Review")
    expect(public.locator("main")).not_to_contain_text("Practice review: case summary")
    refused = public.request.get(f"/papers/{secret.pk}/", max_redirects=0)
    assert (refused.status, refused.headers["location"]) == (302, f"/accounts/login/?next=/papers/{secret.pk}/")
    served = public.request.get(table.get_by_role("link", name=re.compile("^Appendix 4")).get_attribute("href"))
    assert (served.status, served.headers["content-type"]) == (200, "application/pdf")
