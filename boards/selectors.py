"""Reads for boards and people, filtered by what the user may see."""

from __future__ import annotations

import datetime
from collections import OrderedDict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet

from core import clock

from . import rules as board_rules
from .enums import CHAIR_ROLES, OFFICE_ROLES, Role
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
    today = clock.today()
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


#: How many past members, and past chairs, the board's page shows: the latest. The rest are a link away, on
#: pages of their own, so the board's page stays the same size however long its history.
HISTORY_SHOWN = 5


@dataclass
class BoardRoster:
    office_holders: list[Membership]
    groups: list[OrganisationGroup]
    past: list[Membership]  # the latest HISTORY_SHOWN to have ended
    chair: Membership | None
    starting: list[Membership] = field(default_factory=list)
    more_past: bool = False  # more past members than ``past`` holds


def _membership_qs(board: Board) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(board=board)
        .select_related("person", "person__organisation", "organisation", "deputy")
        .order_by("organisation__name", "person__last_name", "person__first_name")
    )


def board_roster(*, board: Board, on: datetime.date | None = None, past_shown: int = HISTORY_SHOWN) -> BoardRoster:
    """Current office-holders, current members grouped by organisation, those starting later, and the latest
    ``past_shown`` past members. Two queries, whatever the length of the board's history."""
    on = on or clock.today()
    seats = list(_membership_qs(board).filter(Q(end_date__isnull=True) | Q(end_date__gte=on)))
    current = [m for m in seats if m.start_date <= on]
    past = list(past_members(board=board, on=on)[: past_shown + 1])
    order = {role: i for i, role in enumerate(OFFICE_ROLES)}
    office = sorted((m for m in current if m.role in order), key=lambda m: order[m.role])
    groups: OrderedDict[int | None, OrganisationGroup] = OrderedDict()
    for m in current:
        groups.setdefault(m.organisation_id, OrganisationGroup(organisation=m.organisation)).memberships.append(m)
    chair = next((m for m in office if m.role in CHAIR_ROLES), None)
    starting = sorted((m for m in seats if m.start_date > on), key=lambda m: m.start_date)
    return BoardRoster(
        office_holders=office,
        groups=list(groups.values()),
        past=past[:past_shown],
        more_past=len(past) > past_shown,
        chair=chair,
        starting=starting,
    )


def past_members(*, board: Board, on: datetime.date | None = None) -> QuerySet[Membership]:
    """The board's ended memberships, the latest to end first. Callers check ``boards.view_board_members``."""
    return (
        Membership.objects.past(on)
        .filter(board=board)
        .select_related("person", "organisation")
        .order_by("-end_date", "person__last_name", "person__first_name", "pk")
    )


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


def chairs(*, board: Board) -> QuerySet[Membership]:
    """Every chair the board has had, the latest first. Callers check ``boards.view_board_members``."""
    return (
        Membership.objects.filter(board=board, role__in=CHAIR_ROLES)
        .select_related("person", "organisation")
        .order_by("-start_date", "pk")
    )


def chair_history(*, board: Board, limit: int | None = None) -> list[Membership]:
    """The board's chairs, the latest first: all of them, or the latest ``limit``."""
    qs = chairs(board=board)
    return list(qs if limit is None else qs[:limit])


# People and organisations --------------------------------------------------------------------------------
# A person belongs to the boards they sit on. Those who sit on one of those boards see their job title and
# organisation; those who share a board with them today also see how to reach them. Anyone else sees a name,
# and finds someone outside their boards only by typing their full name or exact e-mail address.


def _words(text: str) -> str:
    return " ".join(text.split()).lower()


def people_exactly_matching(query: str) -> list[int]:
    """Ids of the people whose full name (with or without title) or e-mail address is exactly ``query``."""
    wanted = _words(query)
    if not wanted:
        return []
    if "@" in wanted:
        return list(
            Person.objects.filter(Q(email__iexact=wanted) | Q(user__email__iexact=wanted)).values_list("pk", flat=True)
        )
    last_word = wanted.split()[-1]
    candidates = Person.objects.filter(last_name__iendswith=last_word).only(
        "pk", "honorific", "first_name", "last_name"
    )
    return [p.pk for p in candidates if wanted in {_words(p.full_name), _words(f"{p.first_name} {p.last_name}")}]


def person_is_named(person: Person, text: str) -> bool:
    """Whether ``text`` is exactly the person's full name (with or without title) or e-mail address."""
    wanted = _words(text)
    return bool(wanted) and wanted in {
        _words(person.full_name),
        _words(f"{person.first_name} {person.last_name}"),
        (person.email or "").lower(),
    }


def people_visible_to(*, user) -> QuerySet[Person]:
    """The people of the boards the user sits on today (and the user); everyone for a superuser."""
    if not user.is_authenticated:
        return Person.objects.none()
    if user.is_superuser:
        return Person.objects.all()
    return Person.objects.filter(
        Q(memberships__board_id__in=board_rules.member_board_ids(user)) | Q(pk=user.person_id or 0)
    ).distinct()


def people_search(*, user, query: str = "") -> QuerySet[Person]:
    """The directory: people visible to the user matching every word, and anyone matching exactly."""
    qs = people_visible_to(user=user)
    for word in query.split():
        # The organisations first (a short list), so that every condition is on the person's own columns: on
        # PostgreSQL each has an index (trigrams, see migration 0015) and the search reads only those indexes.
        organisations = Organisation.objects.filter(Q(name__icontains=word) | Q(short_name__iexact=word))
        qs = qs.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(initials__iexact=word)
            | Q(job_title__icontains=word)
            | Q(organisation_id__in=list(organisations.values_list("pk", flat=True)))
        )
    if not user.is_authenticated:
        return qs
    wanted = Q(pk__in=qs.values("pk"))
    exact = people_exactly_matching(query)
    if exact:
        wanted |= Q(pk__in=exact)
    return Person.objects.filter(wanted).select_related("organisation").order_by("last_name", "first_name", "pk")


def people_editable_by(*, user) -> QuerySet[Person]:
    """The people whose details the user may change: the queryset twin of ``boards.change_person``."""
    if not getattr(user, "is_authenticated", False):
        return Person.objects.none()
    if user.is_superuser:
        return Person.objects.all()
    wanted = Q(pk=user.person_id or 0)
    coordinated = board_rules.coordinated_board_ids(user)
    if coordinated:
        elsewhere = Membership.objects.exclude(board_id__in=coordinated).values("person_id")
        wanted |= Q(user__isnull=True) & ~Q(pk__in=elsewhere)
    return Person.objects.filter(wanted)


@dataclass
class PersonCard:
    """A person as one user may see them: fields the user may not see read as empty."""

    person: Person
    details: bool = False  # initials, job title, organisation
    contact: bool = False  # e-mail, phone
    show_organisation: bool = False  # found by an exact search: name and organisation

    def __str__(self) -> str:
        return str(self.person)

    @property
    def pk(self) -> int:
        return self.person.pk

    def get_absolute_url(self) -> str:
        return self.person.get_absolute_url()

    @property
    def initials(self) -> str:
        return self.person.initials if self.details else ""

    @property
    def job_title(self) -> str:
        return self.person.job_title if self.details else ""

    @property
    def organisation(self) -> Organisation | None:
        return self.person.organisation if self.details or self.show_organisation else None

    @property
    def email(self) -> str:
        return self.person.email if self.contact else ""

    @property
    def phone(self) -> str:
        return self.person.phone if self.contact else ""


def person_cards(*, user, people, show_organisation: bool = False) -> list[PersonCard]:
    """What the user may see of each person. One query for any number of people (the user's boards are cached)."""
    people = list(people)
    if user.is_superuser:
        return [PersonCard(p, details=True, contact=True) for p in people]
    my_boards = board_rules.member_board_ids(user)
    today = clock.today()
    shared, shared_now = set(), set()
    if my_boards and people:
        rows = Membership.objects.filter(person_id__in=[p.pk for p in people], board_id__in=my_boards)
        for person_id, start, end in rows.values_list("person_id", "start_date", "end_date"):
            shared.add(person_id)
            if start <= today and (end is None or end >= today):
                shared_now.add(person_id)
    cards = []
    for p in people:
        me = p.pk == user.person_id
        cards.append(
            PersonCard(
                p,
                details=me or p.pk in shared,
                contact=me or p.pk in shared_now,
                show_organisation=show_organisation,
            )
        )
    return cards


def person_card(*, user, person: Person) -> PersonCard:
    return person_cards(user=user, people=[person])[0]


def people_for_picker(*, board: Board, query: str = "", keep=()) -> QuerySet[Person]:
    """Whom a coordinator may choose for a board: its own people first (any seat, past, present or coming),
    then anyone found by an exact search, and whoever is already chosen (``keep``)."""
    on_board = Membership.objects.filter(board=board, person=OuterRef("pk"))
    wanted = Q(Exists(on_board)) | Q(pk__in=[pk for pk in keep if pk])
    exact = people_exactly_matching(query)
    if exact:
        wanted |= Q(pk__in=exact)
    return (
        Person.objects.filter(wanted)
        .annotate(on_board=Exists(on_board))
        .select_related("organisation")
        .order_by("-on_board", "last_name", "first_name", "pk")
    )


#: How many of the board's people a picker suggests at once: enough to choose from, never the whole list.
SUGGESTIONS = 10


@dataclass
class Suggestion:
    """A person a picker offers as the coordinator types, and whether they have a seat on the board."""

    person: Person
    on_board: bool


def board_people_matching(*, board: Board, query: str) -> QuerySet[Person]:
    """The board's people (any seat, past, present or coming) whose name has every word typed in it, those
    with a seat today first."""
    words = query.split()
    if not words:
        return Person.objects.none()
    seats = Membership.objects.filter(board=board, person=OuterRef("pk"))
    qs = Person.objects.filter(Exists(seats))
    for word in words:
        qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(honorific__iexact=word))
    return (
        qs.annotate(seated=Exists(Membership.objects.current().filter(board=board, person=OuterRef("pk"))))
        .select_related("organisation")
        .order_by("-seated", "last_name", "first_name", "pk")
    )


def people_suggested(*, board: Board, query: str, limit: int = SUGGESTIONS) -> list[Suggestion]:
    """What a picker suggests for what has been typed: up to ``limit`` of the board's people whose name
    matches it, then anyone else whose full name or e-mail address is exactly what was typed (the rule of
    :func:`people_for_picker`). Nothing for nothing typed: never a list of everyone."""
    mine = list(board_people_matching(board=board, query=query)[:limit])
    seen = {p.pk for p in mine}
    exact = [pk for pk in people_exactly_matching(query) if pk not in seen]
    others = Person.objects.filter(pk__in=exact).select_related("organisation").order_by("last_name", "first_name")
    on_board = set(Membership.objects.filter(board=board, person_id__in=exact).values_list("person_id", flat=True))
    return [Suggestion(p, True) for p in mine] + [Suggestion(p, p.pk in on_board) for p in others[:limit]]


def organisations_exactly_matching(query: str) -> list[int]:
    wanted = _words(query)
    if not wanted:
        return []
    candidates = Organisation.objects.filter(
        Q(name__iexact=wanted) | Q(short_name__iexact=wanted) | Q(aliases__icontains=wanted)
    )
    return [
        o.pk
        for o in candidates
        if wanted in {_words(o.name), _words(o.short_name)} or wanted in {_words(a) for a in o.aliases}
    ]


def organisations_for_picker(*, board_ids, query: str = "", keep=()) -> QuerySet[Organisation]:
    """The partner organisations of the given boards first, then exact name or alias matches, then ``keep``."""
    board_ids = list(board_ids)
    partners = Q(memberships__board_id__in=board_ids) | Q(people__memberships__board_id__in=board_ids)
    partner_ids = Organisation.objects.filter(partners).values("pk")
    wanted = Q(pk__in=partner_ids) | Q(pk__in=[pk for pk in keep if pk])
    exact = organisations_exactly_matching(query)
    if exact:
        wanted |= Q(pk__in=exact)
    return (
        Organisation.objects.filter(wanted)
        .annotate(partner=Exists(Organisation.objects.filter(partners, pk=OuterRef("pk"))))
        .order_by("-partner", "name")
    )


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


def organisation_people(*, organisation: Organisation, user) -> list[PersonCard]:
    """Everyone from the organisation by name; more only for those who share a board with them."""
    people = organisation.people.select_related("organisation").order_by("last_name", "first_name")
    return person_cards(user=user, people=people)


@dataclass
class Recipients:
    """Who an e-mail to a board's members reaches, and who it does not (no address anywhere): told honestly
    before it is sent, with the others listed for posting."""

    told: list[tuple[Person, str]]
    not_told: list[Person]

    @property
    def addresses(self) -> list[str]:
        return sorted({address for _, address in self.told})

    @property
    def total(self) -> int:
        return len(self.told) + len(self.not_told)


def member_recipients(*, board: Board, confidential: bool = False, people=()) -> Recipients:
    """The board's current members (and ``people``, e.g. a deputy named for the meeting), each with the
    address mail goes to: their own, or their login's. One query, plus one for ``people`` given as ids.

    ``confidential``: only those who read Part II at the board (observers do not), for mail that links to
    confidential material such as the members' pack.
    """
    seats = (
        Membership.objects.current()
        .filter(board=board)
        .select_related("person__user", "person__organisation")
        .order_by("person__last_name", "person__first_name", "person_id")
    )
    roles: dict[int, set[str]] = {}
    persons: dict[int, Person] = {}
    for seat in seats:
        roles.setdefault(seat.person_id, set()).add(seat.role)
        persons[seat.person_id] = seat.person
    if confidential:
        persons = {pk: p for pk, p in persons.items() if not roles[pk] <= {Role.OBSERVER}}
    for person in people:
        persons.setdefault(person.pk, person)
    told, not_told = [], []
    for person in persons.values():
        user = getattr(person, "user", None)
        address = (person.email or (user.email if user else "")).lower()
        if address:
            told.append((person, address))
        else:
            not_told.append(person)
    return Recipients(told=told, not_told=not_told)


def member_email_addresses(*, board: Board, confidential: bool = False, people=()) -> list[str]:
    """Where to write to the board's current members (see :func:`member_recipients`)."""
    return member_recipients(board=board, confidential=confidential, people=people).addresses
