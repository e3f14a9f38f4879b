"""The people directory's search: by part of a name, job title or organisation, on SQLite and PostgreSQL alike;
on PostgreSQL through the trigram indexes of migration 0015."""

import pytest
from django.db import connection

from boards.selectors import people_search
from boards.tests.factories import MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(cast):
    nhs = OrganisationFactory(name="Lancashire Teaching Hospitals NHS Trust", short_name="LTHT")
    return {
        "harriet": MembershipFactory(
            board=cast.board,
            person=PersonFactory(first_name="Harriet", last_name="Okonkwo-Bell", initials="HOB", organisation=nhs),
        ).person,
        "gareth": MembershipFactory(
            board=cast.board,
            person=PersonFactory(first_name="Gareth", last_name="Pennington", job_title="Director of Public Health"),
        ).person,
        "elsewhere": MembershipFactory(
            board=cast.other_board, person=PersonFactory(first_name="Harriet", last_name="Crowther")
        ).person,
    }


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("konkwo", {"harriet"}),  # part of a surname, any case
        ("HARR", {"harriet"}),  # part of a first name; the other Harriet is on a board the member does not sit on
        ("hob", {"harriet"}),  # initials, exactly
        ("public health", {"gareth"}),  # every word, in the job title
        ("teaching hosp", {"harriet"}),  # part of the organisation's name
        ("ltht", {"harriet"}),  # the organisation's short name, exactly
        ("gareth konkwo", set()),  # every word must match
    ],
)
def test_people_search_finds_by_part_of_a_name_title_or_organisation(cast, people, query, found):
    names = {key for key, person in people.items() if person in set(people_search(user=cast.member, query=query))}
    assert names == found


def test_an_administrator_finds_anyone_by_part_of_a_name(cast, people):
    found = set(people_search(user=cast.superuser, query="harriet"))
    assert {people["harriet"], people["elsewhere"]} <= found


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram indexes exist only on PostgreSQL")
def test_the_searched_columns_have_trigram_indexes_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE %s", ["%_upper_trgm"])
        indexes = dict(cursor.fetchall())
    assert set(indexes) == {
        "boards_person_first_name_upper_trgm",
        "boards_person_last_name_upper_trgm",
        "boards_person_initials_upper_trgm",
        "boards_person_job_title_upper_trgm",
        "boards_organisation_name_upper_trgm",
    }
    assert all("gin_trgm_ops" in definition and "upper(" in definition for definition in indexes.values())
