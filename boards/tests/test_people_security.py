"""Each board's people belong to that board: the attacks of the outside review, and what still works.

The cast (conftest.py): a coordinator, chair and member of the CPB; an outsider and a coordinator of other
boards; an outside lead (a login with no seat); a superuser.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from boards import selectors, services
from boards.enums import Role
from boards.models import Person
from boards.tests.factories import MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _person_post(person: Person, **changes) -> dict:
    data = {
        "honorific": person.honorific,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "initials": person.initials,
        "job_title": person.job_title,
        "organisation": person.organisation_id or "",
        "email": person.email,
        "phone": person.phone,
    }
    data.update(changes)
    return data


# Attack 1: a coordinator of board B changed the e-mail address of board A's chair --------------------------


def test_attack_other_boards_coordinator_cannot_edit_chair(client, cast):
    chair = cast.chair.person
    chair.email = "chair@example.org"
    chair.save()
    client.force_login(cast.other_coordinator)
    url = reverse("boards:person_edit", kwargs={"pk": chair.pk})
    response = client.post(url, _person_post(chair, email="attacker@example.net"))
    assert response.status_code == 403
    chair.refresh_from_db()
    assert chair.email == "chair@example.org"
    assert client.get(url).status_code == 403


def test_attack_own_coordinator_cannot_edit_a_person_with_a_login(client, cast):
    """Adding someone to your board never gives you control of their account."""
    chair = cast.chair.person
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("boards:person_edit", kwargs={"pk": chair.pk}), _person_post(chair, email="attacker@example.net")
    )
    assert response.status_code == 403
    chair.refresh_from_db()
    assert chair.email != "attacker@example.net"


def test_person_save_refuses_whoever_the_door(cast):
    with pytest.raises(PermissionDenied):
        services.person_save(user=cast.other_coordinator, person=cast.chair.person, last_name="Hacked")
    assert Person.objects.get(pk=cast.chair.person.pk).last_name != "Hacked"


def test_coordinator_edits_a_person_without_login_who_sits_only_on_their_boards(client, cast):
    guest = PersonFactory(email="old@example.org")
    MembershipFactory(board=cast.board, person=guest)
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("boards:person_edit", kwargs={"pk": guest.pk}), _person_post(guest, email="new@example.org")
    )
    assert response.status_code == 302
    guest.refresh_from_db()
    assert guest.email == "new@example.org"


@pytest.mark.parametrize(
    "when",
    [
        (-400, -200),  # a past seat
        (-10, None),  # a current seat
        (30, None),  # a seat that starts later
    ],
    ids=["past", "current", "future"],
)
def test_a_seat_on_another_board_at_any_time_takes_the_person_out_of_reach(cast, when):
    today = datetime.date.today()
    person = PersonFactory()
    MembershipFactory(board=cast.board, person=person)
    start, end = when
    MembershipFactory(
        board=cast.other_board,
        person=person,
        start_date=today + datetime.timedelta(days=start),
        end_date=today + datetime.timedelta(days=end) if end is not None else None,
    )
    assert not cast.coordinator.has_perm("boards.change_person", person)
    assert person not in selectors.people_editable_by(user=cast.coordinator)
    assert cast.superuser.has_perm("boards.change_person", person)


def test_people_editable_by_matches_the_rule(cast):
    mine = PersonFactory()
    MembershipFactory(board=cast.board, person=mine)
    shared = PersonFactory()
    MembershipFactory(board=cast.board, person=shared)
    MembershipFactory(board=cast.other_board, person=shared)
    editable = set(selectors.people_editable_by(user=cast.coordinator))
    assert mine in editable
    assert shared not in editable
    assert cast.chair.person not in editable  # has a login
    assert cast.coordinator.person in editable  # themselves
    for person in Person.objects.all():
        assert (person in editable) == cast.coordinator.has_perm("boards.change_person", person), person


def test_my_details_changes_own_details_but_not_email(client, cast):
    client.force_login(cast.chair)
    person = cast.chair.person
    response = client.post(
        reverse("boards:my_details"),
        {
            "honorific": "Cllr",
            "first_name": person.first_name,
            "last_name": person.last_name,
            "initials": person.initials,
            "job_title": "Leader of the Council",
            "organisation": person.organisation_id,
            "phone": "01772 000000",
            "email": "sneaky@example.net",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.honorific, person.job_title, person.phone) == ("Cllr", "Leader of the Council", "01772 000000")
    assert person.email != "sneaky@example.net"


def test_email_change_needs_the_link_opened_by_the_owner(client, cast, mailoutbox):
    client.force_login(cast.chair)
    response = client.post(reverse("boards:email_change"), {"email": "New.Chair@Example.org"})
    assert response.status_code == 302
    cast.chair.refresh_from_db()
    assert cast.chair.email == "chair@example.org"  # nothing changes until the link is opened
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["new.chair@example.org"]
    link = next(word for word in mailoutbox[0].body.split() if "/me/e-mail/confirm/" in word)
    path = link[link.index("/me/") :]
    # Someone else opening the link changes nothing.
    client.force_login(cast.coordinator)
    assert client.get(path).status_code == 400
    cast.chair.refresh_from_db()
    assert cast.chair.email == "chair@example.org"
    client.force_login(cast.chair)
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 302
    cast.chair.refresh_from_db()
    cast.chair.person.refresh_from_db()
    assert cast.chair.email == "new.chair@example.org"
    assert cast.chair.person.email == "new.chair@example.org"


def test_email_change_link_expires(client, cast, mailoutbox, settings):
    from boards import services as s

    token = s.email_change_token(user=cast.chair, email="late@example.org")
    settings.EMAIL_CHANGE_MAX_AGE = -1
    client.force_login(cast.chair)
    assert client.post(reverse("boards:email_change_confirm", args=[token])).status_code == 400
    cast.chair.refresh_from_db()
    assert cast.chair.email == "chair@example.org"


def test_superuser_changes_a_login_email_directly(cast):
    services.person_save(
        user=cast.superuser, person=cast.chair.person, last_name=cast.chair.person.last_name, email="x@example.org"
    )
    cast.chair.refresh_from_db()
    assert cast.chair.email == "x@example.org"


# Attack 2: every signed-in account saw every person's job title, organisation; coordinators every e-mail ----


@pytest.fixture
def stranger(cast):
    """Someone on another board only, with contact details and a distinctive job title."""
    person = PersonFactory(
        first_name="Tamsin",
        last_name="Oddfellow",
        job_title="Secret Job Title",
        email="tamsin@elsewhere.example",
        phone="07700 900123",
        organisation=OrganisationFactory(name="Faraway Health Trust"),
    )
    MembershipFactory(board=cast.other_board, person=person)
    return person


def test_attack_directory_hides_strangers(client, cast, stranger):
    client.force_login(cast.coordinator)
    html = client.get(reverse("boards:person_list")).content.decode()
    assert "Oddfellow" not in html
    assert cast.member.person.last_name in html
    html = client.get(reverse("boards:person_detail", args=[stranger.pk])).content.decode()
    assert "Oddfellow" in html
    for secret in ("Secret Job Title", "tamsin@elsewhere.example", "07700 900123", "Faraway Health Trust"):
        assert secret not in html


def test_attack_organisation_page_shows_only_names(client, cast, stranger):
    client.force_login(cast.outsider)
    html = client.get(reverse("boards:organisation_detail", args=[stranger.organisation.pk])).content.decode()
    assert "Oddfellow" in html
    assert "Secret Job Title" not in html


def test_exact_search_finds_a_stranger_with_name_and_organisation_only(client, cast, stranger):
    client.force_login(cast.coordinator)
    for query in ("tamsin oddfellow", "TAMSIN@elsewhere.example"):
        html = client.get(reverse("boards:person_list"), {"q": query}).content.decode()
        assert "Oddfellow" in html, query
        assert "Faraway Health Trust" in html
        assert "Secret Job Title" not in html
        assert "tamsin@elsewhere.example" not in html.lower().replace(query.lower(), "")
    assert "Oddfellow" not in client.get(reverse("boards:person_list"), {"q": "Oddfell"}).content.decode()


def test_contact_details_for_those_sharing_a_current_board(cast, stranger):
    member = cast.member.person
    assert cast.chair.has_perm("boards.view_contact_details", member)
    assert cast.coordinator.has_perm("boards.view_contact_details", member)
    assert not cast.other_coordinator.has_perm("boards.view_contact_details", member)
    assert not cast.coordinator.has_perm("boards.view_contact_details", stranger)
    assert not cast.coordinator.has_perm("boards.view_person_details", stranger)
    assert cast.other_coordinator.has_perm("boards.view_contact_details", stranger)
    assert cast.superuser.has_perm("boards.view_contact_details", stranger)
    # A past seat shares a board for job title and organisation, not for contact details.
    former = PersonFactory()
    MembershipFactory(
        board=cast.board,
        person=former,
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2021, 1, 1),
    )
    assert cast.member.has_perm("boards.view_person_details", former)
    assert not cast.member.has_perm("boards.view_contact_details", former)


def test_person_cards_filter_in_the_selector(cast, stranger):
    cards = {c.pk: c for c in selectors.person_cards(user=cast.coordinator, people=[stranger, cast.member.person])}
    assert (cards[stranger.pk].job_title, cards[stranger.pk].email, cards[stranger.pk].phone) == ("", "", "")
    assert cards[stranger.pk].organisation is None
    assert cards[cast.member.person.pk].job_title == cast.member.person.job_title


def test_directory_query_count_is_constant(client, cast, django_assert_num_queries):
    client.force_login(cast.coordinator)
    url = reverse("boards:person_list")
    client.get(url)
    # One of these is the two-factor check every signed-in request makes (accounts.middleware).
    with django_assert_num_queries(8) as small:
        client.get(url)
    for _ in range(5):
        MembershipFactory(board=cast.board)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)


# Attack 3: the pickers listed the whole installation ------------------------------------------------------


def test_attack_member_add_picker_offers_board_people_only(client, cast, stranger):
    client.force_login(cast.coordinator)
    url = reverse("boards:member_add", kwargs={"slug": cast.board.slug})
    html = client.get(url).content.decode()
    assert "Oddfellow" not in html
    assert cast.member.person.last_name in html
    # A stranger's id posted without the search that would have found them is refused.
    response = client.post(
        url, {"existing_person": stranger.pk, "role": Role.MEMBER, "start_date": "2030-01-01", "voting": ""}
    )
    assert response.status_code == 200
    assert not stranger.memberships.filter(board=cast.board).exists()


def test_member_add_exact_search_finds_a_stranger(client, cast, stranger):
    client.force_login(cast.coordinator)
    url = reverse("boards:member_add", kwargs={"slug": cast.board.slug})
    html = client.get(url, {"person_search": "Tamsin Oddfellow"}).content.decode()
    assert "Oddfellow" in html
    assert "Secret Job Title" not in html
    response = client.post(
        url,
        {
            "person_search": "tamsin@elsewhere.example",
            "existing_person": stranger.pk,
            "role": Role.MEMBER,
            "start_date": "2030-01-01",
            "voting": "",
        },
    )
    assert response.status_code == 302
    assert stranger.memberships.filter(board=cast.board).exists()


def test_require_permission_refuses_no_actor():
    from core.permissions import SYSTEM, require_permission

    with pytest.raises(PermissionDenied):
        require_permission(None, "boards.view_board")
    require_permission(SYSTEM, "boards.add_board")
    assert "system" in str(SYSTEM)
