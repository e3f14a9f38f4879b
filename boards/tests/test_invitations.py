"""Invitations to sign in: sent by a coordinator to a person on their board, used once, never a way into
someone else's login."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from boards import invitations
from boards.enums import Role
from boards.models import Invitation, User
from boards.tests.factories import MembershipFactory, PersonFactory, UserFactory
from core.models import ActivityLog
from core.permissions import SYSTEM

PASSWORD = "Lancashire-Board-2026!"


@pytest.fixture
def newcomer(cast):
    """A member of the board with an e-mail address and no login."""
    person = PersonFactory(first_name="Mina", last_name="Okafor", email="mina.okafor@example.org")
    return MembershipFactory(board=cast.board, person=person, role=Role.MEMBER)


def _link(message) -> str:
    return re.search(r"http://testserver(/invitations/\S+/)", message.body).group(1)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def invite(client, cast, django_capture_on_commit_callbacks):
    """Invite through the roster's page as the coordinator; the link from the e-mail sent once committed."""

    def send(membership):
        client.force_login(cast.coordinator)
        url = reverse("boards:member_invite", args=[cast.board.slug, membership.pk])
        page = client.get(url)
        assert membership.person.email in page.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url)
        assert response.status_code == 302
        client.logout()
        return _link(mail.outbox[-1])

    return send


def test_a_member_follows_the_link_sets_a_password_and_signs_in(client, cast, newcomer, invite):
    link = invite(newcomer)
    message = mail.outbox[-1]
    assert message.to == ["mina.okafor@example.org"]
    assert cast.board.name in message.subject
    assert "works once" in message.body

    opened = client.get(link)
    assert opened.status_code == 302
    assert opened.url == reverse("boards:invitation_accept")  # the secret leaves the address bar
    page = client.get(opened.url)
    assert "Choose a password" in page.content.decode()
    assert "mina.okafor@example.org" in page.content.decode()

    done = client.post(opened.url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert done.status_code == 302
    login = User.objects.get(email="mina.okafor@example.org")
    assert login.person == newcomer.person
    assert login.check_password(PASSWORD)
    assert client.get(reverse("dashboard")).wsgi_request.user == login
    invitation = Invitation.objects.get(person=newcomer.person)
    assert invitation.accepted_at is not None
    actions = list(ActivityLog.objects.filter(object_id=invitation.pk).values_list("action", flat=True))
    assert sorted(actions) == ["boards.invitation.sent", "boards.invitation.used"]

    client.logout()
    signed_in = client.post(reverse("login"), {"username": "mina.okafor@example.org", "password": PASSWORD})
    assert signed_in.status_code == 302 and signed_in.url == reverse("dashboard")


def test_a_link_used_twice_is_refused_with_a_clear_message(client, cast, newcomer, invite):
    link = invite(newcomer)
    client.get(link)
    client.post(reverse("boards:invitation_accept"), {"new_password1": PASSWORD, "new_password2": PASSWORD})
    client.logout()

    client.get(link)
    again = client.get(reverse("boards:invitation_accept"))
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert (
        client.post(
            reverse("boards:invitation_accept"), {"new_password1": "x" + PASSWORD, "new_password2": "x" + PASSWORD}
        ).status_code
        == 410
    )
    assert User.objects.get(email="mina.okafor@example.org").check_password(PASSWORD)


def test_an_expired_link_is_refused_and_says_when_it_expired(client, cast, newcomer, clock, settings, invite):
    settings.INVITATION_MAX_AGE_DAYS = 14
    link = invite(newcomer)
    clock.advance(days=14, seconds=1)
    client.get(link)
    page = client.get(reverse("boards:invitation_accept"))
    assert page.status_code == 410
    assert "expired on" in page.content.decode()
    assert not User.objects.filter(email="mina.okafor@example.org").exists()


def test_sending_again_replaces_the_link_and_withdrawing_stops_it(client, cast, newcomer, invite):
    first = invite(newcomer)
    second = invite(newcomer)
    assert first != second
    invitation = Invitation.objects.get(person=newcomer.person)
    assert invitation.times_sent == 2

    client.get(first)
    assert "not valid" in client.get(reverse("boards:invitation_accept")).content.decode()

    client.force_login(cast.coordinator)
    withdraw = reverse("boards:invitation_withdraw", args=[cast.board.slug, invitation.pk])
    assert "Withdraw the invitation" in client.get(withdraw).content.decode()
    assert client.post(withdraw).status_code == 302
    client.logout()
    client.get(second)
    page = client.get(reverse("boards:invitation_accept"))
    assert page.status_code == 410
    assert "withdrawn" in page.content.decode()


def test_browsers_keep_neither_the_link_nor_the_page_it_opens(client, cast, newcomer, invite):
    """A refusal is a 410, which browsers otherwise keep indefinitely: the next link would show it again."""
    opened = client.get(invite(newcomer))
    assert "no-store" in opened["Cache-Control"]
    page = client.get(reverse("boards:invitation_accept"))
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    client.get(reverse("boards:invitation_open", args=["not-a-token"]))
    refused = client.get(reverse("boards:invitation_accept"))
    assert refused.status_code == 410 and "no-store" in refused["Cache-Control"]


def test_a_changed_address_voids_the_invitation(client, cast, newcomer, invite):
    link = invite(newcomer)
    person = newcomer.person
    person.email = "someone.else@example.org"
    person.save()
    client.get(link)
    page = client.get(reverse("boards:invitation_accept"))
    assert page.status_code == 410
    assert "no longer the one in the directory" in page.content.decode()


def test_an_existing_login_is_linked_only_by_its_owner_signed_in(client, cast, newcomer, invite):
    owner = UserFactory(email="mina.okafor@example.org", person=None, password="owners-own-password-1")
    link = invite(newcomer)
    assert "already have a login" in mail.outbox[-1].body

    # Holding the link is not enough: no password form, and a posted one creates or changes nothing.
    client.get(link)
    page = client.get(reverse("boards:invitation_accept")).content.decode()
    assert "Sign in" in page and "new_password1" not in page
    client.post(reverse("boards:invitation_accept"), {"new_password1": PASSWORD, "new_password2": PASSWORD})
    owner.refresh_from_db()
    assert owner.check_password("owners-own-password-1") and owner.person is None

    # The coordinator, signed in with the link, cannot link (or reach) the owner's login either.
    token = link.strip("/").split("/")[-1]
    with pytest.raises(ValidationError, match=r"signed in as coordinator@example\.org"):
        invitations.invitation_accept_as(user=cast.coordinator, token=token)
    with pytest.raises(ValidationError, match="A login already uses"):
        invitations.invitation_accept_with_password(token=token, password=PASSWORD)

    client.force_login(owner)
    client.get(link)
    confirm = client.get(reverse("boards:invitation_accept")).content.decode()
    assert "Link my login" in confirm
    assert client.post(reverse("boards:invitation_accept")).status_code == 302
    owner.refresh_from_db()
    assert owner.person == newcomer.person
    assert owner.check_password("owners-own-password-1")


def test_an_address_that_signs_in_for_someone_else_is_not_invited(cast, newcomer):
    person = newcomer.person
    person.email = cast.chair.email
    person.save()
    with pytest.raises(ValidationError, match="signs in for someone else"):
        invitations.invitation_send(user=cast.coordinator, board=cast.board, person=person)
    assert not Invitation.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("who", "status"),
    [("member", 403), ("chair", 403), ("other_coordinator", 403), ("outsider", 403), ("superuser", 302)],
)
def test_only_the_boards_coordinators_invite(client, cast, newcomer, who, status):
    client.force_login(cast.user(who))
    response = client.post(reverse("boards:member_invite", args=[cast.board.slug, newcomer.pk]))
    assert response.status_code == status
    assert Invitation.objects.exists() == (status == 302)


def test_people_with_a_login_without_an_address_or_off_the_board_are_not_invited(cast, newcomer):
    member_seat = cast.member.person.memberships.get(board=cast.board)
    with pytest.raises(ValidationError, match="already has a login"):
        invitations.invitation_send(user=cast.coordinator, board=cast.board, person=member_seat.person)
    nameless = MembershipFactory(board=cast.board, person=PersonFactory(email=""))
    with pytest.raises(ValidationError, match="no e-mail address"):
        invitations.invitation_send(user=cast.coordinator, board=cast.board, person=nameless.person)
    elsewhere = MembershipFactory(person=PersonFactory(email="elsewhere@example.org"))
    with pytest.raises(ValidationError, match="no current or future seat"):
        invitations.invitation_send(user=cast.coordinator, board=cast.board, person=elsewhere.person)
    with pytest.raises(PermissionDenied):
        invitations.invitation_send(user=cast.other_coordinator, board=cast.board, person=newcomer.person)
    assert not Invitation.objects.exists()


def test_the_roster_shows_coordinators_who_has_a_login_and_who_was_invited(client, cast, newcomer):
    uninvited = MembershipFactory(board=cast.board, person=PersonFactory(email="lee@example.org"))
    invitations.invitation_send(user=SYSTEM, board=cast.board, person=newcomer.person)
    client.force_login(cast.coordinator)
    page = client.get(cast.board.get_absolute_url()).content.decode()
    assert "Has a login" in page
    assert f"Invited {Invitation.objects.get().sent_at:%-d %b %Y}" in page
    assert reverse("boards:member_invite", args=[cast.board.slug, uninvited.pk]) in page
    assert "Not invited" in page

    client.force_login(cast.member)
    page = client.get(cast.board.get_absolute_url()).content.decode()
    assert "Has a login" not in page and "Not invited" not in page


def test_erasing_a_person_removes_their_invitations(cast, newcomer):
    invitations.invitation_send(user=SYSTEM, board=cast.board, person=newcomer.person)
    from boards.services import person_erase

    person_erase(user=cast.superuser, person=newcomer.person)
    assert not Invitation.objects.exists()
    assert not ActivityLog.objects.filter(data__icontains="mina.okafor@example.org").exists()


def test_invite_everyone_sends_to_those_without_a_login_or_a_waiting_invitation(
    client, cast, newcomer, django_capture_on_commit_callbacks
):
    no_address = MembershipFactory(board=cast.board, person=PersonFactory(email="")).person
    waiting = MembershipFactory(board=cast.board, person=PersonFactory(email="waiting@example.org")).person
    invitations.invitation_send(user=SYSTEM, board=cast.board, person=waiting)
    gone = MembershipFactory(board=cast.board, person=PersonFactory(email="gone@example.org"))
    gone.end_date = gone.start_date
    gone.save()
    url = reverse("boards:members_invite_all", args=[cast.board.slug])
    client.force_login(cast.coordinator)
    page = client.get(url).content.decode()
    assert "Send 1 invitation" in page
    assert f"{no_address}</a>: no e-mail address" in page
    assert "gone@example.org" not in page
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert [m.to for m in mail.outbox] == [["mina.okafor@example.org"]]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)  # again: nobody left to invite
    assert len(mail.outbox) == 1
    client.force_login(cast.other_coordinator)
    assert client.post(url).status_code == 403
