"""The minutes in the browser, by keyboard alone and checked with axe on every page: the coordinator starts
them from the agenda, writes a discussion that saves itself, adds a decision and an action for two people,
and circulates the draft; a member comments from a phone; the coordinator reads the comment, records the
next meeting as held and confirms the minutes there with the chair presiding; the chair signs them with
their password. And every minutes page fits a phone.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from boards.enums import Role
from boards.models import Membership
from boards.tests.factories import MembershipFactory, PersonFactory
from core import clock
from meetings.enums import MeetingStatus, MinutesStatus, Standing
from meetings.minutes import services
from meetings.models import Decision, Minute, MinutedAction, Minutes, MinutesComment
from meetings.tests.factories import AgendaItemFactory, AttendanceFactory, MeetingFactory
from testsupport.browser import DEFAULT_PASSWORD, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DISCUSSION = "The Board discussed the draft neglect strategy and the findings of the multi-agency audit."


@pytest.fixture
def new_page(new_page):
    """Pages asking for reduced motion, as in the other browser tests: no transitions for axe to catch."""

    def make(viewport=None):
        made = new_page()
        made.emulate_media(reduced_motion="reduce")
        if viewport:
            made.set_viewport_size(viewport)
        return made

    return make


@pytest.fixture
def _no_documents(monkeypatch):
    """For the tests about pages alone: asking for a PDF records nothing (none is built)."""
    monkeypatch.setattr("meetings.minutes.documents.documents_request", lambda **kwargs: [])


@pytest.fixture
def meetings(cast):
    """A meeting held four weeks ago with its agenda and the chair in the chair; the next one is today."""
    Membership.objects.filter(board=cast.board).update(start_date=datetime.date(2010, 1, 1))
    for first, last in [("Karl", "Turner"), ("Sarah", "Anderson"), ("Dawn", "McKenna"), ("Ian", "Hurst")]:
        MembershipFactory(
            board=cast.board,
            person=PersonFactory(first_name=first, last_name=last),
            role=Role.MEMBER,
            start_date=datetime.date(2010, 1, 1),
        )
    today = clock.today()
    held = MeetingFactory(board=cast.board, date=today - datetime.timedelta(days=28), status=MeetingStatus.HELD)
    for position, (title, standing, confidential) in enumerate(
        [
            ("Welcome and apologies", Standing.WELCOME, False),
            ("Minutes of the last meeting", Standing.MINUTES, False),
            ("Neglect strategy", "", False),
            ("Commissioning", "", True),
            ("Any other business", Standing.AOB, False),
        ],
        start=1,
    ):
        AgendaItemFactory(
            meeting=held,
            position=position,
            title=title,
            standing=standing,
            confidential=confidential,
            exemption_reason="Financial or business affairs" if confidential else "",
        )
    AttendanceFactory(meeting=held, person=cast.chair.person, is_chair=True)
    following = MeetingFactory(board=cast.board, date=today)
    AgendaItemFactory(meeting=following, position=1, title="Minutes of the last meeting", standing=Standing.MINUTES)
    return held, following


def tab_to(page, locator, *, limit: int = 40, key: str = "Tab") -> None:
    """Press Tab (or ``key``) until ``locator`` has the focus, as a keyboard user would, and check that the
    focus shows; fail if it never gets there."""
    for _ in range(limit + 1):
        if locator.evaluate("el => el === document.activeElement"):
            shown = locator.evaluate(
                """el => { const s = getComputedStyle(el);
                           return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0)
                                  || s.boxShadow !== "none"; }"""
            )
            assert shown, f"{locator} has the focus but shows no focus indicator"
            return
        page.keyboard.press(key)
    pytest.fail(f"{locator} never received focus after {limit} presses of {key}")


def section(page, title: str):
    return page.locator("[data-minute-section]").filter(has=page.get_by_role("heading", name=re.compile(title)))


def press(page, locator, key: str = "Enter", *, limit: int = 150) -> None:
    """Tab to ``locator`` (a keyboard user's way there) and press ``key`` on it."""
    tab_to(page, locator, limit=limit)
    page.keyboard.press(key)


def test_minutes_from_the_agenda_to_the_chairs_signature_by_keyboard(new_page, cast, meetings):
    held, following = meetings
    desk = new_page()
    sign_in(desk, cast.coordinator)

    # The meeting page: the minutes' card offers to start them.
    desk.goto(held.get_absolute_url())
    with desk.expect_navigation():
        press(desk, desk.get_by_role("link", name="Start the minutes"))
    expect(desk.get_by_role("heading", level=1)).to_have_text(re.compile("^Minutes of the meeting on"))
    expect(desk.get_by_text("one minute for each")).to_be_visible()
    with desk.expect_navigation():
        press(desk, desk.get_by_role("button", name="Start the minutes from the agenda"), limit=40)
    expect(desk.get_by_role("status").first).to_contain_text("started from the agenda")
    minutes = Minutes.objects.get(meeting=held)
    assert list(minutes.items.values_list("number", flat=True)) == ["1", "2", "3", "4", "5"]

    # A discussion, typed: it saves itself, and says so.
    neglect = section(desk, "Neglect strategy")
    press(desk, neglect.get_by_label("Discussion"), "End")
    desk.keyboard.type(DISCUSSION)
    expect(neglect.locator("[data-save-status]")).to_have_text(re.compile(r"^Saved at \d\d:\d\d\.$"), timeout=8_000)
    assert Minute.objects.get(minutes=minutes, title="Neglect strategy").notes == DISCUSSION

    # A decision: "Add a decision" opens its form; the wording is chosen already.
    press(desk, neglect.locator("summary", has_text="Add a decision"), limit=10)
    adding = neglect.locator("details").filter(has_text="Add a decision")
    press(desk, adding.get_by_label("Decision"), "End", limit=10)
    desk.keyboard.type("That the draft neglect strategy be agreed for consultation.")
    press(desk, neglect.get_by_role("button", name=re.compile("^Add the decision")), limit=10)
    expect(neglect.locator("legend", has_text=re.compile(r"^Decision [A-Z]+/\d{4}/001$"))).to_be_visible()
    assert Decision.objects.get(minute__minutes=minutes).text.startswith("That the draft neglect strategy")
    # The discussion typed before is still there, saved.
    expect(neglect.get_by_label("Discussion")).to_have_value(DISCUSSION)

    # An action for two people, found in the list by typing part of their names.
    press(desk, neglect.locator("summary", has_text="Add an action"), limit=40)
    adding = neglect.locator("details").filter(has_text="Add an action")
    press(desk, adding.get_by_label("Action"), "End", limit=10)
    desk.keyboard.type("Circulate the strategy to partner agencies for comment.")
    finder = neglect.get_by_label("Find a person in the list").last
    tab_to(desk, finder, limit=5)
    desk.keyboard.type("turner")
    press(desk, neglect.get_by_role("checkbox", name=re.compile("^Karl Turner")).last, "Space", limit=5)
    tab_to(desk, finder, limit=5, key="Shift+Tab")
    desk.keyboard.press("Control+A")
    desk.keyboard.type(cast.member.person.last_name.lower())
    press(desk, neglect.get_by_role("checkbox", name=re.compile(f"^{cast.member.person.full_name}")).last, "Space")
    press(desk, neglect.get_by_role("button", name=re.compile("^Add the action")), limit=10)
    expect(neglect.locator("legend", has_text=re.compile(r"^Action 1, by \S+/\S+$"))).to_be_visible()
    action = MinutedAction.objects.get(minute__minutes=minutes)
    assert {p.last_name for p in action.owners.all()} == {"Turner", cast.member.person.last_name}
    assert action.due_next_meeting

    # Circulated, after a page that says who will be e-mailed.
    desk.goto(reverse("meetings:minutes_detail", args=[held.pk]))
    with desk.expect_navigation():
        press(desk, desk.get_by_role("link", name="Circulate for comment…"), limit=40)
    expect(desk.get_by_text(re.compile(r"\d+ members will be e-mailed"))).to_be_visible()
    with desk.expect_navigation():
        press(desk, desk.get_by_role("button", name="Circulate the draft to members"), limit=40)
    expect(desk.get_by_role("status").first).to_contain_text("Draft circulated")
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.CIRCULATED

    # A member comments from a phone.
    phone = new_page(PHONE)
    sign_in(phone, cast.member)
    phone.goto(reverse("meetings:minutes_detail", args=[held.pk]))
    expect(phone.get_by_role("heading", name="Comment on the draft")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    tab_to(phone, phone.get_by_label("Your comment is on"), limit=60)
    phone.keyboard.type("Minute 3")
    expect(phone.get_by_label("Your comment is on")).to_have_value(
        str(Minute.objects.get(minutes=minutes, title="Neglect strategy").pk)
    )
    phone.keyboard.press("Tab")
    phone.keyboard.type("The audit was of 40 cases, not 30.")
    with phone.expect_navigation():
        press(phone, phone.get_by_role("button", name="Send my comment"), limit=5)
    expect(phone.get_by_role("status").first).to_contain_text("your comment has gone to the coordinator")
    expect(phone.get_by_text("The audit was of 40 cases, not 30.")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert MinutesComment.objects.get(minutes=minutes).author == cast.member

    # The coordinator reads it, and marks it dealt with.
    desk.reload()
    comments = desk.locator("#comments")
    expect(comments).to_contain_text("The audit was of 40 cases, not 30.")
    with desk.expect_navigation():
        press(desk, comments.get_by_role("button", name=re.compile("^Dealt with")), limit=60)
    assert MinutesComment.objects.get(minutes=minutes).resolved_at is not None

    # The next meeting is held today.
    desk.goto(following.get_absolute_url())
    with desk.expect_navigation():
        press(desk, desk.get_by_role("button", name="Record as held"), limit=40)
    following.refresh_from_db()
    assert following.status == MeetingStatus.HELD

    # Confirmed there, with the chair presiding (both chosen already).
    desk.goto(reverse("meetings:minutes_detail", args=[held.pk]))
    with desk.expect_navigation():
        press(desk, desk.get_by_role("link", name="Confirm as a correct record…"), limit=40)
    expect(desk.get_by_label("Confirmed at the meeting of")).to_have_value(str(following.pk))
    expect(desk.get_by_role("radio", name=re.compile(f"^{cast.chair.person.full_name}"))).to_be_checked()
    with desk.expect_navigation():
        press(desk, desk.get_by_role("button", name="Confirm as a correct record"), limit=40)
    expect(desk.get_by_role("status").first).to_contain_text("Confirmed as a correct record")
    minutes.refresh_from_db()
    assert (minutes.status, minutes.presiding) == (MinutesStatus.CONFIRMED, cast.chair.person)

    # The chair signs them, with their password.
    chair = new_page()
    sign_in(chair, cast.chair)
    chair.goto(reverse("meetings:minutes_detail", args=[held.pk]))
    with chair.expect_navigation():
        press(chair, chair.get_by_role("link", name="Sign the minutes"), limit=40)
    expect(chair.get_by_role("heading", level=1)).to_have_text("Sign the minutes as a correct record")
    tab_to(chair, chair.get_by_label("Your password"), limit=40)
    chair.keyboard.type("not my password")
    with chair.expect_navigation():
        chair.keyboard.press("Enter")
    expect(chair.get_by_text("That password is not right.")).to_be_visible()
    tab_to(chair, chair.get_by_label("Your password"), limit=40)
    chair.keyboard.type(DEFAULT_PASSWORD)
    with chair.expect_navigation():
        chair.keyboard.press("Enter")
    expect(chair.get_by_role("status").first).to_contain_text("You have signed the minutes as a correct record")
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.SIGNED and minutes.signer_name == cast.chair.person.full_name
    # The signed PDF, and its fingerprint among the versions.
    expect(chair.get_by_role("link", name=re.compile("^Download the PDF, as signed"))).to_be_visible()
    with chair.expect_navigation():
        press(chair, chair.get_by_role("link", name=re.compile("^Every version of the PDF")), limit=60)
    signed = minutes.documents.get(kind="signed", edition="members")
    expect(chair.get_by_role("table", name="Signed versions of the minutes")).to_contain_text(signed.sha256)


@pytest.mark.usefixtures("_no_documents")
def test_a_stale_edit_in_the_browser_keeps_the_text(new_page, cast, meetings):
    """Two coordinators write in one minute: the later save is refused, and its text is shown to copy."""
    held, _following = meetings
    other = PersonFactory(first_name="Olive", last_name="Second", email="second.coordinator@example.org")
    MembershipFactory(board=cast.board, person=other, role=Role.COORDINATOR, voting=False)
    from boards.tests.factories import UserFactory

    second_user = UserFactory(email="second.coordinator@example.org", person=other)
    minutes = services.minutes_start(user=cast.coordinator, meeting=held)
    first, second = new_page(), new_page()
    sign_in(first, cast.coordinator)
    sign_in(second, second_user)
    address = reverse("meetings:minutes_detail", args=[held.pk])
    first.goto(address)
    second.goto(address)

    mine = section(first, "Neglect strategy")
    press(first, mine.get_by_label("Discussion"), "End")
    first.keyboard.type("Written first.")
    expect(mine.locator("[data-save-status]")).to_have_text(re.compile("^Saved at"), timeout=8_000)

    theirs = section(second, "Neglect strategy")
    press(second, theirs.get_by_label("Discussion"), "End")
    second.keyboard.type("Written second, on the old copy.")
    refused = theirs.get_by_role("alert")
    expect(refused).to_contain_text("Someone else changed this minute", timeout=8_000)
    expect(theirs.get_by_label("Your text that was not saved")).to_have_value("Written second, on the old copy.")
    expect(theirs.get_by_label("Discussion")).to_have_value("Written first.")
    assert Minute.objects.get(minutes=minutes, title="Neglect strategy").notes == "Written first."

    # On the refreshed minute, Ctrl+S saves at once.
    press(second, theirs.get_by_label("Discussion"), "End", limit=10)
    second.keyboard.type(" Then the second.")
    second.keyboard.press("Control+S")
    expect(theirs.locator("[data-save-status]")).to_have_text(re.compile("^Saved at"))
    expect(theirs.get_by_label("Discussion")).to_be_focused()
    assert Minute.objects.get(minutes=minutes, title="Neglect strategy").notes == "Written first. Then the second."

    # Text not yet saved: leaving the page asks first.
    first.reload()
    mine = section(first, "Neglect strategy")
    press(first, mine.get_by_label("Discussion"), "End")
    first.keyboard.type(" Unsaved.")
    with first.expect_event("dialog") as asked:
        first.close(run_before_unload=True)
    assert asked.value.type == "beforeunload"
    with first.expect_event("close"):
        asked.value.accept()  # leave anyway


# Every minutes page on a phone ---------------------------------------------------------------------------


def fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a {PHONE['width']}px phone"


@pytest.mark.usefixtures("_no_documents")
def test_the_minutes_pages_fit_a_phone(new_page, cast, meetings):
    """portal/tests/test_browser_phone.py leaves the minutes' pages to this test."""
    held, following = meetings
    minutes = services.minutes_start(user=cast.coordinator, meeting=held)
    neglect = minutes.items.get(title="Neglect strategy")
    decision = services.decision_add(user=cast.coordinator, minute=neglect, text="That the strategy be agreed.")
    services.recommendations_set(
        user=cast.coordinator, decision=decision, rows=[("Consult partner agencies on the draft", "The Director")]
    )
    action = services.action_add(
        user=cast.coordinator, minute=neglect, text="Circulate it.", owners=[cast.member.person, cast.chair.person]
    )
    inserted = services.minute_insert(user=cast.coordinator, minutes=minutes, after=neglect, title="Youth Zone")
    desk = new_page(PHONE)
    sign_in(desk, cast.coordinator)
    for name, args in [
        ("minutes_detail", []),
        ("minutes_minute_insert", [neglect.pk]),
        ("minutes_addendum", []),
        ("minutes_minute_remove", [inserted.pk]),
        ("minutes_decision_remove", [decision.pk]),
        ("minutes_action_remove", [action.pk]),
        ("minutes_circulate", []),
        ("minutes_notes_final", []),
        ("minutes_amendment_open", []),
        ("minutes_amendment_ready", []),
        ("minutes_documents", []),
    ]:
        desk.goto(reverse(f"meetings:{name}", args=[held.pk, *args]))
        expect(desk.get_by_role("heading", level=1)).to_be_visible()
        fits(desk)
    services.minutes_circulate(user=cast.coordinator, minutes=minutes)
    Minutes.objects.filter(pk=minutes.pk).update(status=MinutesStatus.CIRCULATED)
    following.status = MeetingStatus.HELD
    following.save()
    desk.goto(reverse("meetings:minutes_confirm", args=[held.pk]))
    fits(desk)
    services.minutes_confirm(user=cast.coordinator, minutes=minutes, at_meeting=following, presiding=cast.chair.person)
    # A change sent to locked minutes: the page that says so, with the text to copy.
    desk.goto(reverse("meetings:minutes_minute_insert", args=[held.pk, neglect.pk]))
    expect(desk.get_by_role("heading", level=1)).to_have_text("These minutes can no longer be changed")
    fits(desk)
    chair = new_page(PHONE)
    sign_in(chair, cast.chair)
    for name in ("minutes_detail", "minutes_sign_off"):
        chair.goto(reverse(f"meetings:{name}", args=[held.pk]))
        expect(chair.get_by_role("heading", level=1)).to_be_visible()
        fits(chair)
    later = MeetingFactory(board=cast.board, date=clock.today())
    chair.goto(reverse("meetings:minutes_detail", args=[later.pk]))
    expect(chair.get_by_role("heading", level=1)).to_be_visible()
    fits(chair)
