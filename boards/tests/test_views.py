import datetime

import pytest
from django.urls import reverse

from boards.enums import Role
from boards.models import Invitation, Membership, Person
from boards.tests.factories import MembershipFactory, OrganisationFactory, PersonFactory
from core.clock import now

pytestmark = pytest.mark.django_db


def test_coordinator_adds_a_new_person_with_suggested_initials(client, cast):
    org = OrganisationFactory(name="Lancashire Constabulary", short_name="Police")
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("boards:member_add", kwargs={"slug": cast.board.slug}),
        {
            "honorific": "PC",
            "first_name": "Amanda",
            "last_name": "Gibbons",
            "person_organisation": org.pk,
            "organisation_search": "Police",  # not yet a partner of the board: found by its exact short name
            "job_title": "Prevent Officer",
            "role": Role.ADVISER,
            "start_date": "2016-12-14",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(last_name="Gibbons")
    assert person.initials == "AG"
    seat = Membership.objects.get(person=person, board=cast.board)
    assert (seat.role, seat.organisation, seat.voting) == (Role.ADVISER, org, False)


def test_add_member_form_with_neither_person_keeps_what_was_typed(client, cast):
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("boards:member_add", kwargs={"slug": cast.board.slug}),
        {"job_title": "Head Teacher", "role": Role.MEMBER, "start_date": "2020-01-01"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "give at least the new person&#x27;s last name" in html
    assert 'value="Head Teacher"' in html


def test_change_role_through_the_page_ends_old_seat(client, cast):
    seat = cast.member.person.memberships.get()
    client.force_login(cast.coordinator)
    today = datetime.date.today()
    response = client.post(
        reverse("boards:member_change_role", kwargs={"slug": cast.board.slug, "pk": seat.pk}),
        {"role": Role.VICE_CHAIR, "from_date": today.isoformat()},
    )
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.end_date == today - datetime.timedelta(days=1)
    assert Membership.objects.get(person=cast.member.person, end_date__isnull=True).role == Role.VICE_CHAIR


def test_search_people_by_initials_and_organisation_alias(client, cast):
    client.force_login(cast.member)
    target = PersonFactory(last_name="McMillan", first_name="Danielle", initials="DMc")
    MembershipFactory(board=cast.board, person=target)
    response = client.get(reverse("boards:person_list"), {"q": "DMc"})
    assert [card.person for card in response.context["page"].object_list] == [target]
    org = OrganisationFactory(name="Lancashire County Council", short_name="LCC")
    org.aliases = ["Lancs CC"]
    org.save()
    response = client.get(reverse("boards:organisation_list"), {"q": "Lancs"})
    assert list(response.context["page"].object_list) == [org]


def test_htmx_search_returns_only_the_rows(client, cast):
    client.force_login(cast.member)
    response = client.get(reverse("boards:person_list"), {"q": cast.member.person.last_name}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and cast.member.person.last_name in html


@pytest.mark.parametrize("url_name", ["boards:person_list", "boards:organisation_list", "boards:board_list"])
def test_list_pages_have_constant_query_counts(client, cast, django_assert_num_queries, url_name):
    client.force_login(cast.member)
    client.get(reverse(url_name))  # warm the session
    response = client.get(reverse(url_name))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse(url_name))
    for _ in range(30):
        MembershipFactory(board=cast.board)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse(url_name))
    assert response.status_code == 200


def test_board_page_query_count_constant(client, cast, django_assert_num_queries):
    client.force_login(cast.coordinator)
    url = reverse("boards:board_detail", kwargs={"slug": cast.board.slug})
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(25):
        seat = MembershipFactory(board=cast.board, deputy=PersonFactory())
        if n % 2:
            Invitation.objects.create(
                person=seat.person,
                board=cast.board,
                email=f"p{n}@example.org",
                token_digest=f"{n:064}",
                expires_at=now(),
            )
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)


def test_the_board_list_names_each_users_own_roles_and_none_for_an_administrator(client, cast):
    import re

    def role_cell(user):
        client.force_login(user)
        html = client.get(reverse("boards:board_list")).content.decode()
        row = re.search(r'<a href="/boards/cpb/">.*?</tr>', html, re.S).group(0)
        return re.findall(r"<td[^>]*>(.*?)</td>", row)[-1]

    assert role_cell(cast.coordinator) == "Coordinator"
    assert role_cell(cast.chair) == "Chair"
    assert role_cell(cast.member) == "Member"
    assert role_cell(cast.superuser) == "—"  # a site administrator holds no seat
    assert role_cell(cast.outsider) == "—"
