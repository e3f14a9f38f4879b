"""Every URL of the boards app, for every role: who may see it, who is turned away."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from boards.models import Invitation
from boards.tests.factories import MembershipFactory
from core.clock import now

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "member", "chair", "coordinator", "superuser", "other_coordinator", "outside_lead"]
OK, DENIED, LOGIN, REDIRECT = 200, 403, 302, 302

# (url name, kwargs builder, expected per role in ROLES order)
TABLE = [
    ("dashboard", lambda c: {}, [OK, OK, OK, OK, OK, OK, OK, OK]),  # the public front door when signed out
    ("boards:board_list", lambda c: {}, [LOGIN, OK, OK, OK, OK, OK, OK, OK]),
    ("boards:board_detail", lambda c: {"slug": c.board.slug}, [LOGIN, OK, OK, OK, OK, OK, OK, OK]),
    ("boards:board_create", lambda c: {}, [LOGIN, DENIED, DENIED, DENIED, DENIED, OK, DENIED, DENIED]),
    ("boards:board_edit", lambda c: {"slug": c.board.slug}, [LOGIN, DENIED, DENIED, DENIED, OK, OK, DENIED, DENIED]),
    ("boards:member_add", lambda c: {"slug": c.board.slug}, [LOGIN, DENIED, DENIED, DENIED, OK, OK, DENIED, DENIED]),
    (
        "boards:member_change_role",
        lambda c: {"slug": c.board.slug, "pk": c.member_seat.pk},
        [LOGIN, DENIED, DENIED, DENIED, OK, OK, DENIED, DENIED],
    ),
    (
        "boards:member_end",
        lambda c: {"slug": c.board.slug, "pk": c.member_seat.pk},
        [LOGIN, DENIED, DENIED, DENIED, OK, OK, DENIED, DENIED],
    ),
    (
        "boards:member_deputy",
        lambda c: {"slug": c.board.slug, "pk": c.member_seat.pk},
        [LOGIN, DENIED, DENIED, DENIED, OK, OK, DENIED, DENIED],
    ),
    (
        "boards:member_invite",
        lambda c: {"slug": c.board.slug, "pk": c.loginless.memberships.get().pk},
        [LOGIN, DENIED, DENIED, DENIED, OK, OK, DENIED, DENIED],
    ),
    (
        "boards:members_invite_all",
        lambda c: {"slug": c.board.slug},
        [LOGIN, DENIED, DENIED, DENIED, OK, OK, DENIED, DENIED],
    ),
    (
        "boards:invitation_withdraw",
        lambda c: {"slug": c.board.slug, "pk": c.invitation.pk},
        [LOGIN, DENIED, DENIED, DENIED, OK, OK, DENIED, DENIED],
    ),
    ("boards:person_list", lambda c: {}, [LOGIN, OK, OK, OK, OK, OK, OK, OK]),
    ("boards:person_detail", lambda c: {"pk": c.member.person.pk}, [LOGIN, OK, OK, OK, OK, OK, OK, OK]),
    ("boards:person_create", lambda c: {}, [LOGIN, DENIED, DENIED, DENIED, OK, OK, OK, DENIED]),
    # The member is a person with a login: only they (and a superuser) change their details.
    (
        "boards:person_edit",
        lambda c: {"pk": c.member.person.pk},
        [LOGIN, DENIED, OK, DENIED, DENIED, OK, DENIED, DENIED],
    ),
    # A person without a login who sits only on the cast board: its coordinator changes them.
    (
        "boards:person_edit",
        lambda c: {"pk": c.loginless.pk},
        [LOGIN, DENIED, DENIED, DENIED, OK, OK, DENIED, DENIED],
    ),
    ("boards:person_detail", lambda c: {"pk": c.loginless.pk}, [LOGIN, OK, OK, OK, OK, OK, OK, OK]),
    (
        "boards:person_erase",
        lambda c: {"pk": c.loginless.pk},
        [LOGIN, DENIED, DENIED, DENIED, DENIED, OK, DENIED, DENIED],
    ),
    (
        "boards:board_activity",
        lambda c: {"slug": c.board.slug},
        [LOGIN, DENIED, DENIED, DENIED, OK, OK, DENIED, DENIED],
    ),
    ("boards:my_details", lambda c: {}, [LOGIN, OK, OK, OK, OK, REDIRECT, OK, OK]),
    ("boards:email_change", lambda c: {}, [LOGIN, OK, OK, OK, OK, OK, OK, OK]),
    ("boards:organisation_list", lambda c: {}, [LOGIN, OK, OK, OK, OK, OK, OK, OK]),
    (
        "boards:organisation_detail",
        lambda c: {"pk": c.member.person.organisation.pk},
        [LOGIN, OK, OK, OK, OK, OK, OK, OK],
    ),
    ("boards:organisation_create", lambda c: {}, [LOGIN, DENIED, DENIED, DENIED, OK, OK, OK, DENIED]),
    (
        "boards:organisation_edit",
        lambda c: {"pk": c.member.person.organisation.pk},
        [LOGIN, DENIED, DENIED, DENIED, OK, OK, OK, DENIED],
    ),
    ("meetings:board_meetings", lambda c: {"slug": c.board.slug}, [LOGIN, DENIED, OK, OK, OK, OK, DENIED, DENIED]),
    # The board's history: for those who read its members, as the roster is.
    (
        "boards:board_past_members",
        lambda c: {"slug": c.board.slug},
        [LOGIN, DENIED, OK, OK, OK, OK, DENIED, DENIED],
    ),
    ("boards:board_chairs", lambda c: {"slug": c.board.slug}, [LOGIN, DENIED, OK, OK, OK, OK, DENIED, DENIED]),
]

CASES = [(name, kwargs, role, expected[i]) for name, kwargs, expected in TABLE for i, role in enumerate(ROLES)]


@pytest.mark.parametrize(("name", "kwargs", "role", "expected"), CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_url_access_by_role(client, cast, name, kwargs, role, expected):
    cast.member_seat = cast.member.person.memberships.get()
    cast.loginless = MembershipFactory(board=cast.board).person
    cast.invitation = Invitation.objects.create(
        person=cast.loginless, board=cast.board, email="x@example.org", token_digest="0" * 64, expires_at=now()
    )
    user = cast.user(role)
    if user:
        client.force_login(user)
    url = reverse(name, kwargs=kwargs(cast))
    response = client.get(url)
    assert response.status_code == expected, f"{role} GET {url}"
    if expected == LOGIN and role == "anonymous":
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["outsider", "member", "chair", "other_coordinator", "outside_lead"])
def test_non_coordinators_cannot_post_changes(client, cast, role):
    cast_member_seat = cast.member.person.memberships.get()
    client.force_login(cast.user(role))
    response = client.post(
        reverse("boards:member_end", kwargs={"slug": cast.board.slug, "pk": cast_member_seat.pk}),
        {"end_date": "2030-01-01"},
    )
    assert response.status_code == 403
    cast_member_seat.refresh_from_db()
    assert cast_member_seat.end_date is None


def test_outsider_sees_public_details_only(client, cast):
    client.force_login(cast.outsider)
    html = client.get(reverse("boards:board_detail", kwargs={"slug": cast.board.slug})).content.decode()
    assert escape(cast.board.name) in html
    assert cast.member.person.last_name not in html
    assert "you see only its public details" in html


def test_member_sees_members_grouped_with_chair_marked(client, cast):
    client.force_login(cast.member)
    html = client.get(reverse("boards:board_detail", kwargs={"slug": cast.board.slug})).content.decode()
    assert cast.member.person.last_name in html
    assert f"{cast.chair.person}</a> <strong>(Chair)</strong>" in html
    assert cast.member.person.organisation.name in html


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("member", True),  # themselves
        ("chair", True),  # shares the board today
        ("coordinator", True),
        ("superuser", True),
        ("outsider", False),
        ("other_coordinator", False),  # coordinating another board gives no reach into this one
        ("outside_lead", False),
    ],
)
def test_contact_details_only_for_those_sharing_a_board(client, cast, role, sees):
    person = cast.member.person
    person.email = "hidden.address@example.org"
    person.job_title = "Distinctive Job Title"
    person.save()
    client.force_login(cast.user(role))
    html = client.get(reverse("boards:person_detail", kwargs={"pk": person.pk})).content.decode()
    assert ("hidden.address@example.org" in html) == sees
    assert ("Distinctive Job Title" in html) == sees
    assert person.last_name in html
