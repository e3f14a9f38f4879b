"""Permission predicates for boards, composed into named permissions.

A board's coordinators manage it; its members read it; signed-in non-members see only its name and
public details; superusers see everything. Predicates look at current memberships of the person linked
to the user; the answer is cached on the user object for the length of a request.
"""

from __future__ import annotations

import datetime

import rules

from core import clock
from core.visibility import Visibility

from .enums import Role


def _current_roles(user) -> dict[int, set[str]]:
    """Board id -> roles the user's person holds there today. One query per user per request."""
    if not getattr(user, "is_authenticated", False) or not user.person_id:
        return {}
    cache = getattr(user, "_board_roles_cache", None)
    if cache is None:
        from .models import Membership

        cache = {}
        rows = Membership.objects.current(clock.today()).filter(person_id=user.person_id)
        for board_id, role in rows.values_list("board_id", "role"):
            cache.setdefault(board_id, set()).add(role)
        user._board_roles_cache = cache
    return cache


def current_roles(user) -> dict[int, set[str]]:
    """Board id -> the roles the user's person holds there today (a site administrator holds none as such)."""
    return _current_roles(user)


def board_roles(user, board) -> set[str]:
    board_id = board if isinstance(board, int) else getattr(board, "pk", None)
    return _current_roles(user).get(board_id, set())


def coordinated_board_ids(user) -> set[int]:
    return {bid for bid, roles in _current_roles(user).items() if Role.COORDINATOR in roles}


def member_board_ids(user) -> set[int]:
    return set(_current_roles(user))


def board_levels(user) -> dict[int, Visibility]:
    """Board id -> the highest visibility the user reads there by their seat: observers read what is for
    members; every other seat (members, officers, advisers, coordinators, chairs) reads Part II too."""
    return {
        board_id: Visibility.MEMBERS if roles <= {Role.OBSERVER} else Visibility.CONFIDENTIAL
        for board_id, roles in _current_roles(user).items()
    }


@rules.predicate
def is_board_member(user, board) -> bool:
    """Any current seat on the board, whatever the role (members, officers, advisers, coordinators)."""
    return board is not None and bool(board_roles(user, board))


@rules.predicate
def is_board_coordinator(user, board) -> bool:
    return board is not None and Role.COORDINATOR in board_roles(user, board)


@rules.predicate
def is_any_coordinator(user) -> bool:
    return bool(coordinated_board_ids(user))


# People -----------------------------------------------------------------------------------------------
# A person belongs to the boards they sit on (a seat in the past, today or later all count). Whoever
# coordinates every one of those boards may correct a person without a login; a login is its owner's.


def _seats(person) -> list[tuple[int, datetime.date, datetime.date | None]]:
    """(board id, from, until) of every seat the person has held or will hold; cached on the person."""
    cache = getattr(person, "_seats_cache", None)
    if cache is None:
        from .models import Membership

        cache = list(Membership.objects.filter(person_id=person.pk).values_list("board_id", "start_date", "end_date"))
        person._seats_cache = cache
    return cache


def person_board_ids(person, *, current_only: bool = False) -> set[int]:
    if person is None or person.pk is None:
        return set()
    today = clock.today()
    return {
        board_id
        for board_id, start, end in _seats(person)
        if not current_only or (start <= today and (end is None or end >= today))
    }


@rules.predicate
def is_self(user, person) -> bool:
    return person is not None and bool(getattr(user, "person_id", None)) and user.person_id == person.pk


@rules.predicate
def person_has_login(user, person) -> bool:
    if person is None or person.pk is None:
        return False
    from .models import User

    return User.objects.filter(person_id=person.pk).exists()


@rules.predicate
def sits_only_on_boards_user_coordinates(user, person) -> bool:
    """Every seat the person ever had or will have is on a board the user coordinates today."""
    return person is not None and person_board_ids(person) <= coordinated_board_ids(user)


@rules.predicate
def shares_current_board(user, person) -> bool:
    return bool(person_board_ids(person, current_only=True) & member_board_ids(user))


@rules.predicate
def shares_a_board(user, person) -> bool:
    """The person sits, sat or will sit on a board the user sits on today."""
    return bool(person_board_ids(person) & member_board_ids(user))


is_superuser = rules.is_superuser
is_signed_in = rules.is_authenticated

rules.add_perm("boards.view_board", is_signed_in)
rules.add_perm("boards.view_board_members", is_superuser | is_board_member)
rules.add_perm("boards.manage_board", is_superuser | is_board_coordinator)
rules.add_perm("boards.add_board", is_superuser)
rules.add_perm("boards.view_directory", is_signed_in)
# Organisations: any coordinator keeps the shared list of partner agencies.
rules.add_perm("boards.manage_directory", is_superuser | is_any_coordinator)
# People (the object is a Person).
rules.add_perm("boards.add_person", is_superuser | is_any_coordinator)
rules.add_perm(
    "boards.change_person",
    is_superuser | is_self | (is_any_coordinator & ~person_has_login & sits_only_on_boards_user_coordinates),
)
rules.add_perm("boards.erase_person", is_superuser)
rules.add_perm("boards.view_activity", is_superuser | is_board_coordinator)
rules.add_perm("boards.view_person_details", is_superuser | is_self | shares_a_board)
rules.add_perm("boards.view_contact_details", is_superuser | is_self | shares_current_board)
# A board's business plan and priorities: its members read them, its coordinators keep them and report progress.
rules.add_perm("boards.view_priorities", is_superuser | is_board_member)
rules.add_perm("boards.manage_priorities", is_superuser | is_board_coordinator)
