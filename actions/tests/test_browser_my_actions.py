"""Actions in the browser, checked with axe on every page: on a phone a member reaches "My actions" from the
home page in two taps and posts an update that shows on the action's timeline; a coordinator raises an
action choosing its owners from the board's people by keyboard, with the filter box."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from actions import services
from actions.enums import ActionStatus
from actions.models import Action
from boards.tests.factories import MembershipFactory, PersonFactory
from testsupport.browser import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
TODAY = datetime.date.today()


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
def actions(cast):
    member = cast.member.person
    overdue = services.action_create(
        user=cast.coordinator,
        board=cast.board,
        text="Send the neglect learning brief to every primary school in the three districts.",
        owners=[member],
        due_date=TODAY - datetime.timedelta(days=4),
    )
    later = services.action_create(
        user=cast.coordinator,
        board=cast.board,
        text="Agree the terms of reference of the Task and Finish Group.",
        owners=[cast.chair.person, member],
        due_next_meeting=True,
    )
    return overdue, later


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_member_updates_an_action_from_a_phone_in_a_few_taps(new_page, cast, actions):
    overdue, _ = actions
    phone = new_page(PHONE)
    sign_in(phone, cast.member)
    phone.goto("/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your dashboard")
    assert fits(phone)
    # Tap one: "All my actions", on the dashboard without opening a menu.
    phone.get_by_role("link", name=re.compile(r"^All my actions")).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("My actions")
    assert fits(phone)
    cards = phone.get_by_role("article")
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text("Overdue")  # overdue first
    expect(cards.first).to_contain_text(overdue.reference)
    # Tap two: "Post an update" on the overdue one.
    cards.first.get_by_role("link", name=f"Post an update on {overdue.reference}").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(f"Post an update on {overdue.reference}")
    assert fits(phone)
    status = phone.get_by_role("group", name="Status")
    expect(status.get_by_role("radio", name=re.compile("^Open"))).to_be_checked()
    # The reason is asked for only when deferring or cancelling.
    reason = phone.get_by_label("Reason")
    expect(reason).to_be_hidden()
    status.get_by_text("Deferred", exact=True).click()
    expect(reason).to_be_visible()
    status.get_by_text("In progress", exact=True).click()
    expect(reason).to_be_hidden()
    phone.get_by_label("What has happened").fill("Sent to 40 of the 62 schools; the rest this week.")
    phone.get_by_role("button", name="Post the update").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text(f"Action {overdue.reference}")
    expect(phone.get_by_role("status").first).to_contain_text(f"{overdue.reference} is now in progress")
    timeline = phone.locator("#timeline + ol")
    expect(timeline).to_contain_text("Open → In progress")
    expect(timeline).to_contain_text("Sent to 40 of the 62 schools; the rest this week.")
    expect(timeline).to_contain_text(cast.member.person.full_name)
    assert fits(phone)
    overdue.refresh_from_db()
    assert overdue.status == ActionStatus.IN_PROGRESS


def test_a_coordinator_raises_an_action_choosing_owners_by_keyboard(new_page, cast):
    for first, last in [("Karl", "Turner"), ("Sarah", "Anderton"), ("Kath", "Tomlinson"), ("Dave", "McCann")]:
        MembershipFactory(board=cast.board, person=PersonFactory(first_name=first, last_name=last))
    page = new_page()
    sign_in(page, cast.coordinator)
    page.goto(f"/boards/{cast.board.slug}/actions/")
    expect(page.get_by_text("No open actions.")).to_be_visible()
    page.get_by_role("link", name="Raise an action").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Raise an action")
    page.get_by_label(re.compile(r"^\s*Action\*?\s*$")).fill("Report on the audit of early help assessments.")
    finder = page.get_by_label("Find a person in the list")
    finder.focus()
    page.keyboard.type("tur")
    expect(page.get_by_role("status").filter(has_text="1 of")).to_be_visible()
    finder.press("Enter")  # ticks the only one left
    expect(page.get_by_role("checkbox", name=re.compile("^Karl Turner"))).to_be_checked()
    page.keyboard.type("sarah and")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the first person shown: Sarah Anderton
    expect(page.get_by_role("checkbox", name=re.compile("^Sarah Anderton"))).to_be_checked()
    page.get_by_label("By the next meeting").check()
    page.get_by_role("button", name="Raise the action").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Action A1")
    action = Action.objects.get()
    assert [row.person.last_name for row in action.owner_rows.order_by("position")] == ["Anderton", "Turner"]
    assert action.due_next_meeting
    page.get_by_role("link", name=re.compile("action log")).last.click()
    expect(page.get_by_role("status").filter(has_text="1 open action, 0 overdue")).to_be_visible()
