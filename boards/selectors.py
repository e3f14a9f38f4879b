"""Reads for boards and people, filtered by what the user may see."""

from __future__ import annotations

import datetime
from collections import OrderedDict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from . import rules as board_rules
from .enums import CHAIR_ROLES, OFFICE_ROLES
from .models import Board, Membership, Organisation, Person


def boards_visible_to(*, user) -> QuerySet[Board]:
    """Every signed-in user sees every board's name and public details; what follows is filtered per board."""
    if not user.is_authenticated:
        return Board.objects.none()
    return Board.objects.select_related("parent").order_by("name")


def boards_with_members_visible_to(*, user) -> QuerySet[Board]:
    """Boards whose members, meetings and papers the user may read."""
    qs = boards_visible_to(user=user)
    if user.is_superuser:
        return qs
    return qs.filter(pk__in=board_rules.member_board_ids(user))


@dataclass
class MyBoard:
    board: Board
    roles: list[str]


def my_boards(*, user) -> list[MyBoard]:
    """The dashboard's list: boards where the user has a seat today, with their role labels."""
    if not user.is_authenticated or not user.person_id:
        return []
    today = datetime.date.today()
    rows = (
        Membership.objects.current(today)
        .filter(person_id=user.person_id)
        .select_related("board")
        .order_by("board__name", "role")
    )
    result: OrderedDict[int, MyBoard] = OrderedDict()
    for m in rows:
        result.setdefault(m.board_id, MyBoard(board=m.board, roles=[])).roles.append(m.role_label)
    return list(result.values())


@dataclass
class OrganisationGroup:
    organisation: Organisation | None
    memberships: list[Membership] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.organisation.name if self.organisation else "No organisation recorded"


@dataclass
class BoardRoster:
    office_holders: list[Membership]
    groups: list[OrganisationGroup]
    past: list[Membership]
    chair: Membership | None
    starting: list[Membership] = field(default_factory=list)


def _membership_qs(board: Board) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(board=board)
        .select_related("person", "person__organisation", "organisation", "deputy")
        .order_by("organisation__name", "person__last_name", "person__first_name")
    )


def board_roster(*, board: Board, on: datetime.date | None = None) -> BoardRoster:
    """Current office-holders, current members grouped by organisation, and past members. Two queries."""
    on = on or datetime.date.today()
    everyone = list(_membership_qs(board))
    current = [m for m in everyone if m.start_date <= on and (m.end_date is None or m.end_date >= on)]
    past = sorted(
        (m for m in everyone if m.end_date is not None and m.end_date < on),
        key=lambda m: (m.end_date, m.person.last_name),
        reverse=True,
    )
    order = {role: i for i, role in enumerate(OFFICE_ROLES)}
    office = sorted((m for m in current if m.role in order), key=lambda m: order[m.role])
    groups: OrderedDict[int | None, OrganisationGroup] = OrderedDict()
    for m in current:
        groups.setdefault(m.organisation_id, OrganisationGroup(organisation=m.organisation)).memberships.append(m)
    chair = next((m for m in office if m.role in CHAIR_ROLES), None)
    starting = sorted((m for m in everyone if m.start_date > on), key=lambda m: m.start_date)
    return BoardRoster(office_holders=office, groups=list(groups.values()), past=past, chair=chair, starting=starting)


def chair_on(*, board: Board, day: datetime.date) -> Person | None:
    """Who chaired the board on a given date (history is kept as dated memberships)."""
    m = (
        Membership.objects.on_date(day)
        .filter(board=board, role__in=CHAIR_ROLES)
        .select_related("person")
        .order_by("-start_date")
        .first()
    )
    return m.person if m else None


def chair_history(*, board: Board) -> list[Membership]:
    return list(
        Membership.objects.filter(board=board, role__in=CHAIR_ROLES)
        .select_related("person", "organisation")
        .order_by("-start_date")
    )


def people_search(*, query: str = "") -> QuerySet[Person]:
    qs = Person.objects.select_related("organisation").order_by("last_name", "first_name")
    for word in query.split():
        qs = qs.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(initials__iexact=word)
            | Q(job_title__icontains=word)
            | Q(organisation__name__icontains=word)
            | Q(organisation__short_name__iexact=word)
        )
    return qs


def organisations_search(*, query: str = "") -> QuerySet[Organisation]:
    qs = Organisation.objects.order_by("name")
    for word in query.split():
        qs = qs.filter(Q(name__icontains=word) | Q(short_name__iexact=word) | Q(aliases__icontains=word))
    return qs


def person_memberships(*, person: Person, user) -> list[Membership]:
    """A person's seats, limited to boards whose membership the user may see."""
    qs = person.memberships.select_related("board", "organisation").order_by("-start_date")
    if not user.is_superuser:
        qs = qs.filter(board_id__in=board_rules.member_board_ids(user))
    return list(qs)


def organisation_people(*, organisation: Organisation) -> QuerySet[Person]:
    return organisation.people.order_by("last_name", "first_name")


def member_email_addresses(*, board: Board) -> list[str]:
    """Where to write to the board's current members: each person's own address, or their login's."""
    addresses = set()
    for seat in Membership.objects.current().filter(board=board).select_related("person__user"):
        person = seat.person
        user = getattr(person, "user", None)
        address = person.email or (user.email if user else "")
        if address:
            addresses.add(address.lower())
    return sorted(addresses)
