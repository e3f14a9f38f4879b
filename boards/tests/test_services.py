import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from boards import selectors, services
from boards.enums import Role
from boards.models import Membership
from boards.tests.factories import BoardFactory, MembershipFactory, OrganisationFactory, PersonFactory
from core.permissions import SYSTEM

pytestmark = pytest.mark.django_db

D = datetime.date


def test_initials_suggested_from_name_and_kept_unique_on_the_board():
    board = BoardFactory()
    sarah = PersonFactory(first_name="Sarah", last_name="Ashcroft", initials="SA")
    MembershipFactory(board=board, person=sarah)
    assert services.initials_suggest(first_name="Simon", last_name="Allen", board=board) == "SAl"
    assert services.initials_suggest(first_name="Danielle", last_name="McMillan", board=board) == "DM"
    MembershipFactory(board=board, person=PersonFactory(first_name="David", last_name="Moss", initials="DM"))
    assert services.initials_suggest(first_name="Danielle", last_name="McMillan", board=board) == "DMc"
    # Another board does not constrain this one.
    assert services.initials_suggest(first_name="Simon", last_name="Allen", board=BoardFactory()) == "SA"


def test_person_save_refuses_initials_already_used_on_one_of_their_boards():
    board = BoardFactory()
    MembershipFactory(board=board, person=PersonFactory(initials="KT"))
    with pytest.raises(ValidationError) as exc:
        services.person_save(user=SYSTEM, last_name="Taylor", first_name="Kim", initials="KT", board=board)
    assert "already used" in str(exc.value)


def test_change_of_role_keeps_history_and_answers_who_chaired_on_a_date():
    board = BoardFactory()
    sarah = MembershipFactory(board=board, role=Role.CHAIR, start_date=D(2015, 1, 1))
    rebecca = MembershipFactory(board=board, role=Role.MEMBER, start_date=D(2015, 1, 1))
    services.membership_end(user=SYSTEM, membership=sarah, end_date=D(2015, 7, 31))
    new_seat = services.membership_change_role(
        user=SYSTEM, membership=rebecca, role=Role.CHAIR, from_date=D(2015, 8, 1)
    )

    rebecca.refresh_from_db()
    assert rebecca.end_date == D(2015, 7, 31)
    assert new_seat.role == Role.CHAIR and new_seat.start_date == D(2015, 8, 1) and new_seat.end_date is None
    assert selectors.chair_on(board=board, day=D(2015, 5, 21)) == sarah.person
    assert selectors.chair_on(board=board, day=D(2015, 9, 17)) == rebecca.person
    assert [m.person for m in selectors.chair_history(board=board)] == [rebecca.person, sarah.person]
    assert Membership.objects.filter(board=board, person=rebecca.person).count() == 2
    assert new_seat.history.count() == 1 and rebecca.history.count() == 2


def test_membership_cannot_end_before_it_starts_and_deputy_is_someone_else():
    m = MembershipFactory(start_date=D(2020, 1, 1))
    with pytest.raises(ValidationError):
        services.membership_end(user=SYSTEM, membership=m, end_date=D(2019, 12, 31))
    with pytest.raises(ValidationError):
        services.membership_set_deputy(user=SYSTEM, membership=m, deputy=m.person)
    deputy = PersonFactory()
    services.membership_set_deputy(user=SYSTEM, membership=m, deputy=deputy)
    m.refresh_from_db()
    assert m.deputy == deputy


def test_overlapping_same_role_refused():
    m = MembershipFactory(start_date=D(2020, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.membership_add(user=SYSTEM, board=m.board, person=m.person, role=Role.MEMBER, start_date=D(2021, 1, 1))
    assert "already holds the role" in str(exc.value)


def test_voting_defaults_by_role_and_organisation_from_person():
    board = BoardFactory()
    person = PersonFactory(organisation=OrganisationFactory(name="Chorley Council"))
    observer = services.membership_add(user=SYSTEM, board=board, person=person, role=Role.OBSERVER)
    assert observer.voting is False
    assert observer.organisation.name == "Chorley Council"
    member = services.membership_add(user=SYSTEM, board=board, person=PersonFactory(), role=Role.MEMBER)
    assert member.voting is True


def test_services_check_permission_when_given_a_user(cast):
    with pytest.raises(PermissionDenied):
        services.membership_add(user=cast.member, board=cast.board, person=PersonFactory())
    added = services.membership_add(user=cast.coordinator, board=cast.board, person=PersonFactory())
    assert added.board == cast.board


def test_board_cannot_report_to_its_own_sub_group(cast):
    child = BoardFactory(parent=cast.board)
    with pytest.raises(ValidationError):
        services.board_update(user=cast.superuser, board=cast.board, parent=child)


def test_roster_groups_current_members_by_organisation_and_lists_past(cast):
    gone = MembershipFactory(board=cast.board, start_date=D(2015, 1, 1), end_date=D(2016, 1, 1))
    roster = selectors.board_roster(board=cast.board)
    names = {m.person for g in roster.groups for m in g.memberships}
    assert cast.member.person in names and gone.person not in names
    assert roster.past == [gone]
    assert roster.chair.person == cast.chair.person
    assert [m.role for m in roster.office_holders] == [Role.CHAIR, Role.COORDINATOR]


def test_a_membership_that_starts_later_is_listed_as_starting_soon(cast):
    later = MembershipFactory(board=cast.board, start_date=datetime.date.today() + datetime.timedelta(days=30))
    roster = selectors.board_roster(board=cast.board)
    assert roster.starting == [later]
    assert later.person not in {m.person for g in roster.groups for m in g.memberships}


def test_a_new_person_is_not_kept_when_their_seat_is_refused(cast):
    from boards.models import Person

    before = Person.objects.count()
    with pytest.raises(ValidationError):
        services.member_add(
            user=SYSTEM,
            board=cast.board,
            new_person={"last_name": "Gibbons", "first_name": "Amanda"},
            role="member",
            start_date=D(2020, 1, 1),
            end_date=D(2019, 1, 1),
        )
    assert Person.objects.count() == before
