"""Browser tests for invitations to sign in: a site administrator sets up a board and its first coordinator,
a coordinator invites a member, and the member follows the e-mailed link to choose a password; a link used
twice, expired or withdrawn is refused with a message saying why.

Every page these tests visit is checked with axe-core for WCAG 2.2 A/AA (see testsupport/browser.py). The
live server runs in this process, so the mail it sends lands in ``mailoutbox`` and the ``clock`` fixture
moves its time too.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from boards.enums import BoardKind, Role
from boards.models import Board, Invitation, Membership, User
from boards.tests.factories import MembershipFactory, OrganisationFactory, PersonFactory
from boards.tests.test_browser import tab_to
from testsupport.browser import DEFAULT_PASSWORD, sign_in
from testsupport.two_factor import app_code

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Lancashire-Board-2026!"


@pytest.fixture(autouse=True)
def _invitation_settings(settings, live_site):
    """The e-mailed links point at the site the browser is using, and work for the usual 14 days."""
    settings.SITE_URL = live_site
    settings.INVITATION_MAX_AGE_DAYS = 14


@pytest.fixture
def newcomer(cast):
    """A member of the board with an e-mail address and no login."""
    person = PersonFactory(first_name="Mina", last_name="Okafor", email="mina.okafor@example.org")
    return MembershipFactory(board=cast.board, person=person, role=Role.MEMBER)


def sign_in_as_administrator(page, administrator) -> None:
    """Password, then the code from the authenticator app, as site administrators must."""
    page.goto(reverse("login"))
    page.get_by_label("E-mail address").fill(administrator.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.get_by_label("Code").fill(app_code(TOTPDevice.objects.get(user=administrator)))
    with page.expect_navigation():
        page.get_by_label("Code").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")


def invitation_link(mailoutbox, address: str) -> str:
    """The link in the latest invitation e-mailed to ``address``."""
    message = [m for m in mailoutbox if address in m.to][-1]
    return re.search(r"(http://\S+/invitations/\S+/)", message.body).group(1)


def day(moment: datetime.datetime | datetime.date, style: str = "%-d %b %Y") -> str:
    if isinstance(moment, datetime.datetime):
        moment = timezone.localtime(moment)
    return moment.strftime(style)


def sign_in_cell(page, person):
    """The roster's Sign-in cell in ``person``'s row (the seventh column)."""
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=str(person), exact=True))
    return row.get_by_role("cell").nth(6)


def fill_the_board(page) -> None:
    board = page.get_by_role("group", name="The board")
    board.get_by_label("Name*", exact=True).fill("Children's Services Scrutiny Committee")
    board.get_by_label("Short name").fill("CSSC")
    board.get_by_label("Kind*").select_option(label="Council committee")


def expect_refused(page, message: str) -> None:
    """The invitation page refuses the link, saying why, and offers no way to choose a password."""
    expect(page).to_have_url(reverse("boards:invitation_accept"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your invitation to sign in")
    expect(page.get_by_role("alert")).to_contain_text(message)
    expect(page.get_by_label("New password*", exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name="Set my password and sign in")).to_have_count(0)
    expect(page.get_by_role("link", name="Go to the sign-in page")).to_be_visible()


# 1. A site administrator sets up a board and its first coordinator --------------------------------------


def test_an_administrator_creates_a_council_committee_and_invites_its_new_coordinator(page, cast, mailoutbox):
    council = OrganisationFactory(name="Lancashire County Council", short_name="Lancashire")
    sign_in_as_administrator(page, cast.superuser)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Boards").click()
    page.get_by_role("link", name="New board").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New board")
    fill_the_board(page)
    coordinator = page.get_by_role("group", name="Its first coordinator")
    # Nobody has been found, so the new person's fields are open, and the invitation is ticked.
    expect(coordinator.get_by_label("Coordinator", exact=True)).to_have_value("")
    coordinator.get_by_label("Title", exact=True).fill("Ms")
    coordinator.get_by_label("First name").fill("Priya")
    coordinator.get_by_label("Last name").fill("Shah")
    coordinator.get_by_label("Job title").fill("Democratic Services Officer")
    coordinator.get_by_label("Their organisation").select_option(label=council.name)
    coordinator.get_by_label("E-mail address").fill("Priya.Shah@example.gov.uk")
    expect(coordinator.get_by_label("E-mail them an invitation to sign in")).to_be_checked()
    page.get_by_role("button", name="Create the board").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Children's Services Scrutiny Committee")
    expect(page.get_by_text("Council committee", exact=True)).to_be_visible()
    expect(page.get_by_role("status")).to_have_text(
        "Children's Services Scrutiny Committee created, with the standard agenda items and Ms Priya Shah as "
        "its coordinator. An invitation to sign in went to priya.shah@example.gov.uk."
    )
    office = page.get_by_role("region", name="Office-holders")
    expect(office.get_by_role("listitem")).to_have_text(
        [f"Coordinator: Ms Priya Shah, Democratic Services Officer, {council.name}"]
    )
    board = Board.objects.get(short_name="CSSC")
    invitation = Invitation.objects.get(board=board)
    expect(sign_in_cell(page, invitation.person)).to_contain_text(f"Invited {day(invitation.sent_at)}")

    assert board.kind == BoardKind.COUNCIL_COMMITTEE
    seat = Membership.objects.get(board=board)
    assert (seat.person.first_name, seat.person.last_name, seat.role) == ("Priya", "Shah", Role.COORDINATOR)
    assert seat.person.email == "priya.shah@example.gov.uk"
    assert [m.to for m in mailoutbox] == [["priya.shah@example.gov.uk"]]
    assert mailoutbox[0].subject == f"Your invitation to the board portal for {board.name}"


def test_an_administrator_names_a_coordinator_found_in_the_directory(page, cast, mailoutbox):
    aidan = PersonFactory(first_name="Aidan", last_name="Kelly", email="aidan.kelly@example.org")
    PersonFactory(first_name="Aidan", last_name="Kellett")  # not an exact match: not offered
    sign_in_as_administrator(page, cast.superuser)
    page.goto(reverse("boards:board_create"))
    fill_the_board(page)

    coordinator = page.get_by_role("group", name="Its first coordinator")
    coordinator.get_by_label("Find the coordinator").fill("Aidan Kelly")
    coordinator.get_by_role("button", name="Find").click()

    # What was typed is kept, and the one exact match is offered.
    expect(page.get_by_label("Name*", exact=True)).to_have_value("Children's Services Scrutiny Committee")
    picker = coordinator.get_by_label("Coordinator", exact=True)
    expect(picker.get_by_role("option")).to_have_text(["Someone new (below)", f"Aidan Kelly ({aidan.organisation})"])
    picker.select_option(label=f"Aidan Kelly ({aidan.organisation})")
    coordinator.get_by_label("E-mail them an invitation to sign in").uncheck()
    page.get_by_role("button", name="Create the board").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Children's Services Scrutiny Committee")
    expect(page.get_by_role("status")).to_have_text(
        "Children's Services Scrutiny Committee created, with the standard agenda items and Aidan Kelly as its "
        "coordinator."
    )
    office = page.get_by_role("region", name="Office-holders")
    expect(office.get_by_role("listitem")).to_contain_text(["Coordinator: Aidan Kelly"])
    expect(sign_in_cell(page, aidan)).to_contain_text("Not invited")
    assert Membership.objects.get(board__short_name="CSSC").person == aidan
    assert mailoutbox == []


# 2. A coordinator invites a member, who chooses a password ----------------------------------------------


def test_a_coordinator_invites_a_member_who_sets_a_password_and_signs_in(page, new_page, cast, newcomer, mailoutbox):
    mina = newcomer.person
    sign_in(page, cast.coordinator)
    page.goto(cast.board.get_absolute_url())
    expect(sign_in_cell(page, mina)).to_contain_text("Not invited")
    sign_in_cell(page, mina).get_by_role("link", name="Invite Mina Okafor to sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Invite Mina Okafor to sign in")
    expect(
        page.get_by_text("We will e-mail mina.okafor@example.org a link that works once, for 14 days.")
    ).to_be_visible()
    page.get_by_role("button", name="Send the invitation").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(cast.board.name)
    expect(page.get_by_role("status")).to_have_text(
        "Invitation sent to Mina Okafor at mina.okafor@example.org. The link works once, for 14 days."
    )
    expect(sign_in_cell(page, mina)).to_contain_text(f"Invited {day(timezone.now())}")
    expect(sign_in_cell(page, mina).get_by_role("link", name="Withdraw the invitation to Mina Okafor")).to_be_visible()
    assert [m.to for m in mailoutbox] == [["mina.okafor@example.org"]]
    link = invitation_link(mailoutbox, "mina.okafor@example.org")

    # Mina, in her own browser, follows the link: the secret leaves the address bar.
    invitee = new_page()
    invitee.goto(link)
    expect(invitee).to_have_url(reverse("boards:invitation_accept"))
    expect(invitee.get_by_role("heading", level=1)).to_have_text("Your invitation to sign in")
    expect(invitee.get_by_text(f"You have been invited to the board portal for {cast.board.name}")).to_be_visible()
    expect(invitee.get_by_text("Choose a password.")).to_contain_text("mina.okafor@example.org")

    # Too short: the validator says so and nothing is created.
    invitee.get_by_label("New password*", exact=True).fill("Short1!")
    invitee.get_by_label("New password confirmation*").fill("Short1!")
    invitee.get_by_role("button", name="Set my password and sign in").click()
    too_short = "This password is too short. It must contain at least 8 characters."
    expect(invitee.get_by_text(too_short)).to_be_visible()
    # Django reports the password's faults on the confirmation field.
    confirmation = invitee.get_by_label("New password confirmation*")
    expect(confirmation).to_have_attribute("aria-invalid", "true")
    expect(confirmation).to_have_accessible_description(re.compile(re.escape(too_short)))
    assert not User.objects.filter(email="mina.okafor@example.org").exists()
    assert Invitation.objects.get(person=mina).accepted_at is None

    invitee.get_by_label("New password*", exact=True).fill(NEW_PASSWORD)
    invitee.get_by_label("New password confirmation*").fill(NEW_PASSWORD)
    invitee.get_by_role("button", name="Set my password and sign in").click()
    expect(invitee).to_have_url("/")
    expect(invitee.get_by_role("heading", level=1)).to_have_text("Your dashboard")
    expect(invitee.get_by_role("status")).to_have_text(
        "Welcome. You are signed in as mina.okafor@example.org; use this address to sign in."
    )
    expect(invitee.get_by_text("Signed in as Mina Okafor")).to_be_visible()
    expect(invitee.get_by_role("region", name="My boards").get_by_role("listitem")).to_contain_text(
        [f"{cast.board.name} Member"]
    )

    # She signs out, then signs in again with the password she chose.
    invitee.get_by_role("button", name="Sign out").click()
    expect(invitee).to_have_url("/accounts/login/")
    login = User.objects.get(email="mina.okafor@example.org")
    assert login.person == mina
    sign_in(invitee, login, NEW_PASSWORD)
    expect(invitee.get_by_role("heading", level=1)).to_have_text("Your dashboard")

    # The roster now shows her login.
    page.reload()
    expect(sign_in_cell(page, mina)).to_have_text("Has a login")

    # The same link, opened again in another browser, is refused.
    again = new_page()
    again.goto(link)
    expect_refused(again, "This invitation has already been used.")
    again.get_by_role("link", name="Go to the sign-in page").click()
    expect(again.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(again.get_by_role("link", name="Forgotten your password?")).to_be_visible()


# 3. Links that no longer work ---------------------------------------------------------------------------


def test_an_expired_link_is_refused_and_the_one_sent_again_works_in_the_same_browser(
    page, new_page, cast, newcomer, mailoutbox, clock
):
    mina = newcomer.person
    sign_in(page, cast.coordinator)
    page.goto(reverse("boards:member_invite", args=[cast.board.slug, newcomer.pk]))
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status")).to_contain_text("Invitation sent to Mina Okafor")
    link = invitation_link(mailoutbox, "mina.okafor@example.org")
    expires = Invitation.objects.get(person=mina).expires_at

    clock.advance(days=14, seconds=1)
    invitee = new_page()
    invitee.goto(link)
    expect_refused(
        invitee,
        f"This invitation expired on {day(expires, '%-d %B %Y')}. "
        f"Ask {cast.coordinator.get_full_name()} to send a new one.",
    )
    assert not User.objects.filter(email="mina.okafor@example.org").exists()

    # The coordinator (signing in again after so long) sees it has expired and may invite her again.
    sign_in(page, cast.coordinator)
    page.goto(cast.board.get_absolute_url())
    expect(sign_in_cell(page, mina)).to_contain_text(f"Invitation expired {day(expires)}")
    sign_in_cell(page, mina).get_by_role("link", name="Invite again Mina Okafor to sign in").click()
    first_sent = day(expires - datetime.timedelta(days=14), "%-d %B %Y")
    expect(page.get_by_text(f"An invitation was sent on {first_sent} and has expired.")).to_contain_text(
        "Sending it again makes the earlier link stop working."
    )
    page.get_by_role("button", name="Send the invitation again").click()
    expect(page.get_by_role("status")).to_have_text(
        "Invitation sent again to Mina Okafor at mina.okafor@example.org. The link works once, for 14 days."
    )
    expect(sign_in_cell(page, mina)).to_contain_text(f"Invited {day(timezone.now())}")

    # The old link now opens nothing; the new one offers the password form.
    invitee.goto(link)
    expect_refused(invitee, "This invitation link is not valid.")
    invitee.goto(invitation_link(mailoutbox, "mina.okafor@example.org"))
    expect(invitee.get_by_role("button", name="Set my password and sign in")).to_be_visible()


# 4. By keyboard: invite, then withdraw --------------------------------------------------------------------


def test_a_coordinator_invites_and_withdraws_with_the_keyboard_only_and_the_link_stops_working(
    page, new_page, cast, newcomer, mailoutbox
):
    mina = newcomer.person
    sign_in(page, cast.coordinator)
    my_boards = page.get_by_role("region", name="My boards")
    tab_to(page, my_boards.get_by_role("link", name=cast.board.name))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(cast.board.name)

    tab_to(page, page.get_by_role("link", name="Invite Mina Okafor to sign in"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite Mina Okafor to sign in")
    tab_to(page, page.get_by_role("button", name="Send the invitation"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text(
        "Invitation sent to Mina Okafor at mina.okafor@example.org. The link works once, for 14 days."
    )
    expect(sign_in_cell(page, mina)).to_contain_text(f"Invited {day(timezone.now())}")
    link = invitation_link(mailoutbox, "mina.okafor@example.org")

    tab_to(page, page.get_by_role("link", name="Withdraw the invitation to Mina Okafor"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw the invitation to Mina Okafor")
    expect(page.get_by_text("It was sent to mina.okafor@example.org on")).to_be_visible()
    tab_to(page, page.get_by_role("button", name="Withdraw the invitation"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(cast.board.name)
    expect(page.get_by_role("status")).to_have_text("Invitation to Mina Okafor withdrawn: its link no longer works.")
    expect(sign_in_cell(page, mina)).to_contain_text("Invitation withdrawn")
    expect(sign_in_cell(page, mina).get_by_role("link", name="Invite again Mina Okafor to sign in")).to_be_visible()
    assert Invitation.objects.get(person=mina).withdrawn_at is not None

    invitee = new_page()
    invitee.goto(link)
    expect_refused(
        invitee,
        f"This invitation was withdrawn. Ask {cast.coordinator.get_full_name()} if you need to sign in.",
    )
    assert not User.objects.filter(email="mina.okafor@example.org").exists()


# 5. Everyone at once --------------------------------------------------------------------------------------


def test_a_coordinator_invites_everyone_who_needs_it_in_one_go(page, cast, newcomer, mailoutbox):
    no_address = PersonFactory(first_name="Tom", last_name="Entwistle", email="")
    MembershipFactory(board=cast.board, person=no_address)
    sign_in(page, cast.coordinator)
    page.goto(cast.board.get_absolute_url())
    expect(sign_in_cell(page, no_address)).to_have_text("No e-mail address")
    page.get_by_role("group", name="Manage the board").get_by_role("link", name="Invite to sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Invite {cast.board.short_name}'s members to sign in")
    lists = page.get_by_role("main").get_by_role("list")
    chosen = lists.filter(has_text="mina.okafor@example.org").get_by_role("listitem")
    expect(chosen).to_have_text(["Mina Okafor (mina.okafor@example.org)"])
    expect(page.get_by_role("heading", name="Not included")).to_be_visible()
    left_out = lists.filter(has_text="has a login").get_by_role("listitem")
    expect(left_out.filter(has_text="Tom Entwistle")).to_have_text("Tom Entwistle: no e-mail address")
    expect(left_out.filter(has_text=str(cast.chair.person))).to_have_text(f"{cast.chair.person}: has a login")
    page.get_by_role("button", name="Send 1 invitation").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(cast.board.name)
    expect(page.get_by_role("status")).to_have_text("1 invitation sent.")
    expect(sign_in_cell(page, newcomer.person)).to_contain_text(f"Invited {day(timezone.now())}")
    assert [m.to for m in mailoutbox] == [["mina.okafor@example.org"]]
