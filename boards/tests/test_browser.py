"""Browser tests for boards: sign-in, dashboard, board pages, directories, and managing members by keyboard.

Every page these tests visit is checked with axe-core for WCAG 2.2 A/AA (see testsupport/browser.py).
"""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from boards.enums import Role
from boards.models import Membership, Person
from boards.tests.factories import MembershipFactory, OrganisationFactory, PersonFactory
from testsupport.browser import DEFAULT_PASSWORD, check_a11y, sign_in

pytestmark = pytest.mark.browser


def tab_to(page, locator, *, limit: int = 60) -> None:
    """Press Tab until ``locator`` has focus, as a keyboard user would; fail if it never does."""
    for _ in range(limit):
        if locator.evaluate("el => el === document.activeElement"):
            expect(locator).to_be_focused()
            # A keyboard user must see where they are: the portal's focus ring (static/css/portal.css).
            outline = locator.evaluate(
                "el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth]; }"
            )
            assert outline == ["solid", "3px"], f"{locator} has focus but shows outline {outline}, not the focus ring"
            return
        page.keyboard.press("Tab")
    pytest.fail(f"{locator} never received focus after {limit} presses of Tab")


def type_date(page, field, day: datetime.date) -> None:
    """Type a date into the focused date field, segment by segment, as a keyboard user does.

    The segments follow the browser's language (month first with only Chromium's en-US resources installed,
    day first with en-GB), so type a probe date first to learn the order, then go back and type the real one.
    """
    page.keyboard.type("01022003")
    order = {"2003-01-02": "%m%d%Y", "2003-02-01": "%d%m%Y"}.get(field.input_value())
    assert order, f"unexpected date field segment order: typing 01 02 2003 gave {field.input_value()!r}"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.type(day.strftime(order))
    expect(field).to_have_value(day.isoformat())


def mark_document(page) -> None:
    """Tag the current document, so a test can tell an htmx update (tag kept) from a page load (tag gone)."""
    page.evaluate("() => { window.sameDocument = true; }")


def assert_same_document(page) -> None:
    assert page.evaluate("() => window.sameDocument === true"), "the page reloaded instead of updating in place"


# 0. The accessibility check itself --------------------------------------------------------------------


def test_accessibility_check_reports_violations(page, cast):
    """Break the sign-in page on purpose: both the automatic check and check_a11y must catch it."""
    page.goto("/accounts/login/")
    page.evaluate("""() => {
        document.documentElement.removeAttribute("data-a11y-checked");  // as if a new document
        document.querySelector("form").insertAdjacentHTML("beforeend", '<input id="unlabelled">');
    }""")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")  # the automatic check runs first
    found = page._a11y_log.violations
    assert [(v.rule, v.targets[0][0]) for v in found] == [("label", "#unlabelled")]
    assert found[0].url.endswith("/accounts/login/")

    page.evaluate("""() => { document.querySelector("label[for=id_password]").textContent = "";
                             document.querySelector("#unlabelled").remove(); }""")
    with pytest.raises(pytest.fail.Exception, match=r"(?s)/accounts/login/.*label.*#id_password"):
        check_a11y(page)
    found.clear()  # both were wanted here; the test would otherwise fail on them at the end


# 1. Signing in ---------------------------------------------------------------------------------------


def test_sign_in_rejects_a_wrong_password_then_lands_on_the_dashboard(page, cast):
    page.goto("/")  # signed out, the home page is the public front door, with a way to sign in
    expect(page.get_by_role("heading", level=1)).to_have_text("Boards and their meetings")
    page.get_by_role("link", name="Members: sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")

    page.get_by_label("E-mail address").fill(cast.chair.email)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Please enter a correct e-mail address and password")
    expect(page.get_by_label("E-mail address")).to_have_value(cast.chair.email)

    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")
    my_boards = page.get_by_role("region", name="My boards")
    expect(my_boards.get_by_role("listitem")).to_have_count(1)
    expect(my_boards.get_by_role("listitem")).to_contain_text([f"{cast.board.name} Chair"])
    expect(page.get_by_text(f"Signed in as {cast.chair.person.full_name}")).to_be_visible()


# 2. Reading boards and the directory -----------------------------------------------------------------


def test_member_sees_the_board_list_and_members_grouped_by_organisation(page, cast):
    council = cast.chair.person.organisation
    colleague = PersonFactory(first_name="Rosa", last_name="Aldridge", organisation=council)
    MembershipFactory(board=cast.board, person=colleague, role=Role.MEMBER)
    sign_in(page, cast.member)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Boards").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Boards")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=cast.board.name))
    expect(row.get_by_role("cell")).to_have_text([cast.board.name, "Partnership board", "—", "Member"])

    row.get_by_role("link", name=cast.board.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(cast.board.name)
    members = page.get_by_role("region", name="Members by organisation")
    organisations = {user.person.organisation.name for user in (cast.coordinator, cast.chair, cast.member)}
    expect(members.get_by_role("heading", level=3)).to_have_text(sorted(organisations))

    council_table = members.get_by_role("rowgroup", name=council.name)
    names = council_table.get_by_role("row").filter(has=page.get_by_role("cell")).locator("td:first-child")
    # Ordered by last name within the organisation (Aldridge before the chair's "SurnameN"); the chair is marked.
    expect(names).to_contain_text(["Rosa Aldridge", f"{cast.chair.person} (Chair)"])
    chair_cell = council_table.get_by_role("cell").filter(has=page.get_by_role("link", name=str(cast.chair.person)))
    expect(chair_cell).to_contain_text("(Chair)")
    colleague_cell = council_table.get_by_role("cell").filter(has=page.get_by_role("link", name="Rosa Aldridge"))
    expect(colleague_cell).not_to_contain_text("(Chair)")
    office = page.get_by_role("region", name="Office-holders")
    expect(office.get_by_role("listitem")).to_contain_text(
        [f"Chair: {cast.chair.person}", f"Coordinator: {cast.coordinator.person}"]
    )
    # A member does not manage the board.
    expect(page.get_by_role("link", name="Add a member")).to_have_count(0)


def test_outsider_sees_only_the_public_details_of_a_board(page, cast):
    sign_in(page, cast.outsider)
    page.goto(cast.board.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(cast.board.name)
    expect(page.get_by_text(cast.board.description)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("You are not a member of this board")
    expect(page.get_by_role("heading", name="Members by organisation")).to_have_count(0)
    expect(page.get_by_role("link", name=str(cast.member.person))).to_have_count(0)
    expect(page.get_by_role("link", name="Meetings")).to_have_count(0)


def test_people_search_updates_results_in_place(page, cast):
    police = OrganisationFactory(name="Lancashire Constabulary", short_name="Police")
    amanda = PersonFactory(
        honorific="PC", first_name="Amanda", last_name="Gibbons", organisation=police, job_title="Prevent Officer"
    )
    gilbert = PersonFactory(first_name="Gilbert", last_name="Gibson", job_title="Head Teacher")
    for person in (amanda, gilbert):  # the directory lists the people of the member's boards
        MembershipFactory(board=cast.board, person=person)
    sign_in(page, cast.member)
    page.get_by_role("link", name="People").click()
    results = page.locator("#results")
    on_board = Person.objects.filter(memberships__board=cast.board).distinct().count()
    expect(results.get_by_role("table")).to_have_accessible_name(f"{on_board} people")

    mark_document(page)
    page.get_by_label(
        "Search the people of your boards by name, initials, job title or organisation"
    ).press_sequentially("Gib")
    expect(results.get_by_role("table")).to_have_accessible_name("2 people matching “Gib”")
    page.get_by_role("searchbox").press_sequentially("bons")
    expect(results.get_by_role("table")).to_have_accessible_name("1 person matching “Gibbons”")
    expect(results.get_by_role("row").nth(1).get_by_role("cell")).to_have_text(
        ["PC Amanda Gibbons", amanda.initials, "Prevent Officer", "Lancashire Constabulary"]
    )
    assert_same_document(page)
    expect(page).to_have_url("/people/?q=Gibbons")
    check_a11y(page)

    page.get_by_role("searchbox").fill("nobody-like-this")
    expect(results).to_have_text(
        "Nobody matches “nobody-like-this”. Try part of a name, or an organisation's short name."
    )
    assert_same_document(page)
    check_a11y(page)


def test_organisation_search_finds_an_alias_in_place(page, cast):
    OrganisationFactory(name="Lancashire County Council", short_name="Lancashire", aliases=["LCC", "Lancs CC"])
    OrganisationFactory(name="Blackburn with Darwen Borough Council", short_name="BwD")
    sign_in(page, cast.chair)
    page.get_by_role("link", name="Organisations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisations")

    mark_document(page)
    page.get_by_label("Search by name or alias (e.g. LCC)").press_sequentially("LCC")
    table = page.locator("#results").get_by_role("table")
    expect(table).to_have_accessible_name("1 organisation matching “LCC”")
    expect(table.get_by_role("row").nth(1).get_by_role("cell")).to_have_text(
        ["Lancashire County Council", "Lancashire", "LCC, Lancs CC", "Local authority"]
    )
    assert_same_document(page)
    check_a11y(page)

    table.get_by_role("link", name="Lancashire County Council").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lancashire County Council")


# 3. Managing members by keyboard --------------------------------------------------------------------


def test_coordinator_adds_and_ends_memberships_with_the_keyboard_only(page, cast):
    police = OrganisationFactory(name="Lancashire Constabulary", short_name="Police")
    # A former member from the police makes it one of the board's partner organisations, which the
    # organisation pickers list (others are found by their exact name).
    MembershipFactory(
        board=cast.board,
        person=PersonFactory(organisation=police),
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2011, 1, 1),
    )
    sign_in(page, cast.coordinator)

    my_boards = page.get_by_role("region", name="My boards")
    tab_to(page, my_boards.get_by_role("link", name=cast.board.name))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(cast.board.name)

    tab_to(page, page.get_by_role("link", name="Add a member"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Add a member to {cast.board.name}")

    # The new person's fields are in a closed <details>: open it from the keyboard.
    tab_to(page, page.get_by_text("Or add someone new to the directory"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_label("Title", exact=True))
    page.keyboard.type("PC")
    page.keyboard.press("Tab")
    expect(page.get_by_label("First name")).to_be_focused()
    page.keyboard.type("Amanda")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Last name")).to_be_focused()
    page.keyboard.type("Gibbons")
    tab_to(page, page.get_by_label("Job title"))
    page.keyboard.type("Prevent Officer")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Their organisation")).to_be_focused()
    page.keyboard.type("Lancashire Con")  # a focused <select> picks the option that starts with what is typed
    expect(page.get_by_label("Their organisation")).to_have_value(str(police.pk))
    tab_to(page, page.get_by_label("Role"))
    page.keyboard.type("Adviser")
    expect(page.get_by_label("Role")).to_have_value(Role.ADVISER)
    tab_to(page, page.get_by_role("button", name="Add member"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(cast.board.name)
    expect(page.get_by_role("status")).to_have_text(f"PC Amanda Gibbons added to {cast.board.short_name}.")
    police_table = page.get_by_role("rowgroup", name="Lancashire Constabulary")
    expect(police_table.get_by_role("row").nth(1).get_by_role("cell").nth(2)).to_have_text("Adviser")
    seat = Membership.objects.get(person__last_name="Gibbons", board=cast.board)
    assert (seat.role, seat.organisation, seat.voting, seat.end_date) == (Role.ADVISER, police, False, None)
    assert seat.person.initials == "AG"

    # End the member's seat as of yesterday, through the confirmation page.
    member = cast.member.person
    started = Membership.objects.get(person=member, board=cast.board).start_date
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    tab_to(page, page.get_by_role("link", name=f"End membership of {member}"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"End membership: {member}")
    tab_to(page, page.get_by_label("Last day of membership"))
    type_date(page, page.get_by_label("Last day of membership"), yesterday)
    tab_to(page, page.get_by_role("button", name="End membership"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(cast.board.name)
    expect(page.get_by_role("status")).to_contain_text(f"{member}'s membership ended on")
    past = page.get_by_role("region", name="Past members").get_by_role("row").nth(1).get_by_role("cell")
    expect(past).to_have_text(
        [
            str(member),
            "Member",
            member.organisation.name,
            started.strftime("%-d %b %Y"),
            yesterday.strftime("%-d %b %Y"),
        ]
    )
    expect(
        page.get_by_role("region", name="Members by organisation").get_by_role("link", name=str(member))
    ).to_have_count(0)
    assert Membership.objects.get(person=member, board=cast.board).end_date == yesterday


# 4. Signing out -------------------------------------------------------------------------------------


def test_sign_out_ends_the_session(page, cast):
    sign_in(page, cast.member)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url("/accounts/login/")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    page.goto(cast.board.get_absolute_url())
    expect(page).to_have_url(f"/accounts/login/?next={cast.board.get_absolute_url()}")


def test_an_administrator_erases_a_persons_personal_data_after_confirming(page, cast):
    """The erase page, signed in with two-factor as site administrators must be; axe checks each page."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from testsupport.two_factor import app_code

    person = PersonFactory(first_name="Lee", last_name="Leaver", email="lee.leaver@example.org", phone="01257 515151")
    page.goto(reverse("login"))
    page.get_by_label("E-mail address").fill(cast.superuser.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.get_by_label("Code").fill(app_code(TOTPDevice.objects.get(user=cast.superuser)))
    with page.expect_navigation():
        page.get_by_label("Code").press("Enter")
    page.goto(reverse("boards:person_detail", args=[person.pk]))
    page.get_by_role("link", name=re.compile("Erase .* personal data")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Erase Lee Leaver's personal data?")
    check_a11y(page)
    page.get_by_role("button", name="Erase the personal data").click()
    expect(page.get_by_role("status").or_(page.locator(".alert-success")).first).to_contain_text("erased")
    person.refresh_from_db()
    assert (person.email, person.phone, person.last_name) == ("", "", "Name removed")
