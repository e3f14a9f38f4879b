"""How each row of an uploaded member list compares with the directory and the board. Reads only.

Each row has one outcome:

* ``error``: it cannot be imported, and the messages say why and what to do;
* ``already``: the person already holds that role on the board (for dates that cover the file's): no change;
* ``match``: someone in the directory may be this person, matched by e-mail address (suggested as the same
  person) or by name only (the coordinator says whether it is);
* ``new``: nobody in the directory matches; a new person is added.

Organisations are found by their exact name, short name or another name they are known by; one the
directory does not know is offered once, however many rows name it, to be created on confirmation.

The work takes the same few queries for ten rows or a thousand. Of a person the coordinator may not
otherwise see, the preview shows what an exact search would: their name and organisation.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.db.models import Q
from django.db.models.functions import Lower

from core import clock

from ..enums import Role
from ..models import Board, MemberImport, Membership, Organisation, Person
from ..selectors import PersonCard, person_cards

ERROR, NEW, MATCH, ALREADY = "error", "new", "match", "already"

#: The preview's sections, in the order a coordinator works through them.
SECTIONS = (
    (ERROR, "Rows that cannot be imported"),
    (MATCH, "Already in the directory? Please check"),
    (NEW, "New people"),
    (ALREADY, "Already on the board: no change"),
)


def words(text: str) -> str:
    return " ".join((text or "").split()).lower()


def row_name(row: dict) -> str:
    return " ".join(p for p in (row["honorific"], row["first_name"], row["last_name"]) if p) or "(no name)"


@dataclass
class Candidate:
    """Someone in the directory a row may mean."""

    person: Person
    card: PersonCard
    seats: list[str] = field(default_factory=list)  # their roles on this board, now or to come
    initials_clash: Person | None = None  # someone else on the board with the same initials
    differences: list[str] = field(default_factory=list)  # what the file says differently

    @property
    def pk(self) -> int:
        return self.person.pk

    @property
    def notes(self) -> list[str]:
        out = []
        if self.differences:
            out.append(
                f"If this is {self.card}: the file gives {', '.join(self.differences)} differently. The "
                "directory's details are kept: an import never changes someone already in it."
            )
        if self.initials_clash is not None:
            out.append(
                f"{self.card} cannot be seated on this board: their initials ({self.person.initials}) are already "
                f"used here by {self.initials_clash}. Change one person's initials on their page first."
            )
        return out


@dataclass
class RowPreview:
    data: dict
    outcome: str
    messages: list[str] = field(default_factory=list)
    matched_by: str = ""  # "email" or "name", for a match
    candidates: list[Candidate] = field(default_factory=list)
    suggested: int | None = None  # the candidate chosen unless the coordinator says otherwise
    person: Person | None = None  # for "already": who is on the board
    organisation: Organisation | None = None
    new_organisation: str = ""  # the key of an organisation to create (see NewOrganisation)

    @property
    def number(self) -> int:
        return self.data["row"]

    @property
    def field_name(self) -> str:
        return f"row_{self.number}"

    @property
    def name(self) -> str:
        return row_name(self.data)

    @property
    def role_label(self) -> str:
        role = self.data.get("role")
        if not role:
            return ""
        label = Role(role).label
        if role == Role.CO_OPTED and self.data.get("co_opted_type"):
            return f"{label} ({self.data['co_opted_type']})"
        return label

    @property
    def start_date(self) -> datetime.date | None:
        value = self.data.get("start_date")
        return datetime.date.fromisoformat(value) if value else None

    @property
    def organisation_name(self) -> str:
        return self.organisation.name if self.organisation else self.data.get("organisation", "")


@dataclass
class NewOrganisation:
    key: str
    name: str  # as the first row naming it spells it
    rows: list[int] = field(default_factory=list)


@dataclass
class ImportPreview:
    rows: list[RowPreview]
    new_organisations: list[NewOrganisation]
    version: str  # changes whenever any row's outcome would: a confirmation of an older preview is refused

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def sections(self) -> list[tuple[str, str, list[RowPreview]]]:
        return [(key, title, [r for r in self.rows if r.outcome == key]) for key, title in SECTIONS]

    @property
    def importable(self) -> int:
        return self.count(NEW) + self.count(MATCH)


# Looking things up, a few queries for the whole file -----------------------------------------------------


def _organisations_by_key(texts: set[str]) -> dict[str, list[Organisation]]:
    """For each text (as :func:`words` gives it), the organisations it names exactly: full name, short name
    or another name. One query: the directory of partner organisations is short beside a member list."""
    found: dict[str, list[Organisation]] = {}
    if not texts:
        return found
    for org in Organisation.objects.only("pk", "name", "short_name", "aliases").order_by("name"):
        names = {words(org.name), words(org.short_name), *(words(a) for a in org.aliases or [])}
        for key in names & texts:
            found.setdefault(key, []).append(org)
    return found


def _name_forms(honorific: str, first: str, last: str) -> set[str]:
    forms = {words(f"{first} {last}"), words(f"{honorific} {first} {last}")}
    return {f for f in forms if f}


def _last_name_variants(row: dict) -> set[str]:
    """Every last name a directory entry with the row's full name could have: "maria de la cruz" gives
    "cruz", "la cruz", "de la cruz" and "maria de la cruz"."""
    tokens = words(f"{row['first_name']} {row['last_name']}").split()
    return {" ".join(tokens[i:]) for i in range(len(tokens))}


def _people(rows: list[dict]) -> list[Person]:
    emails = {r["email"] for r in rows if r["email"]}
    last_names = set().union(*(_last_name_variants(r) for r in rows)) if rows else set()
    if not emails and not last_names:
        return []
    return list(
        Person.objects.annotate(
            email_lower=Lower("email"), login_lower=Lower("user__email"), last_lower=Lower("last_name")
        )
        .filter(Q(email_lower__in=emails) | Q(login_lower__in=emails) | Q(last_lower__in=last_names))
        .select_related("organisation", "user")
        .order_by("last_name", "first_name", "pk")
    )


def _login_email(person: Person) -> str:
    login = getattr(person, "user", None)
    return login.email.lower() if login is not None else ""


# Comparing -----------------------------------------------------------------------------------------------


def _overlapping_seat(seats: list[Membership], role: str, start: datetime.date) -> Membership | None:
    """A seat in the same role that a new one from ``start`` would overlap (as membership_add refuses)."""
    for seat in seats:
        if seat.role == role and (seat.end_date is None or seat.end_date >= start):
            return seat
    return None


def _already_message(number: int, seat: Membership, today: datetime.date) -> str:
    since = f"{seat.start_date:%-d %B %Y}"
    if seat.end_date is not None and seat.end_date < today:
        return (
            f"Row {number}: held this role on the board from {since} until {seat.end_date:%-d %B %Y}, which covers "
            "the file's start date: no change. To seat them again, give a start date after that."
        )
    if seat.start_date > today:
        return f"Row {number}: already joins the board as {seat.role_label} from {since}: no change."
    return f"Row {number}: already on the board as {seat.role_label} since {since}: no change."


def _differences(row: dict, person: Person, card: PersonCard) -> list[str]:
    """What the file says that differs from the directory, among what the coordinator may see of it."""
    out = []
    if words(f"{row['first_name']} {row['last_name']}") != words(f"{person.first_name} {person.last_name}"):
        out.append(f"the name (“{row_name(row)}” in the file)")
    if card.details and row["job_title"] and words(row["job_title"]) != words(person.job_title):
        out.append("the job title")
    if card.contact and row["phone"] and words(row["phone"]) != words(person.phone):
        out.append("the phone number")
    return out


def preview_import(*, member_import: MemberImport, user) -> ImportPreview:
    """Each row's outcome, as of now, for ``user`` to check."""
    board: Board = member_import.board
    today = clock.today()
    rows = list(member_import.rows)
    readable = [r for r in rows if not r["errors"]]

    org_keys = {words(r["organisation"]) for r in readable if r["organisation"]}
    orgs = _organisations_by_key(org_keys)
    people = _people(readable)
    by_email: dict[str, list[Person]] = {}
    by_name: dict[str, list[Person]] = {}
    for p in people:
        for address in {(p.email or "").lower(), _login_email(p)} - {""}:
            by_email.setdefault(address, []).append(p)
        for form in _name_forms(p.honorific, p.first_name, p.last_name):
            by_name.setdefault(form, []).append(p)
    seats: dict[int, list[Membership]] = {}
    for seat in Membership.objects.filter(board=board, person__in=[p.pk for p in people]).order_by("start_date"):
        seats.setdefault(seat.person_id, []).append(seat)
    initials_on_board: dict[str, list[Person]] = {}
    for p in Person.objects.filter(memberships__board=board).distinct().order_by("pk"):
        initials_on_board.setdefault(p.initials.upper(), []).append(p)
    cards = {c.pk: c for c in person_cards(user=user, people=people, show_organisation=True)}

    new_orgs: dict[str, NewOrganisation] = {}
    previews = []
    for row in rows:
        number = row["row"]
        notes = list(row["notes"])
        if row["errors"]:
            previews.append(RowPreview(row, ERROR, messages=list(row["errors"])))
            continue
        preview = RowPreview(row, NEW, messages=notes)
        if row["organisation"]:
            key = words(row["organisation"])
            matches = orgs.get(key, [])
            if len(matches) > 1:
                names = "; ".join(o.name for o in matches)
                preview.outcome = ERROR
                preview.messages = [
                    f"Row {number}: “{row['organisation']}” could mean more than one organisation ({names}). "
                    "Use its full name."
                ]
                previews.append(preview)
                continue
            if matches:
                preview.organisation = matches[0]
            else:
                preview.new_organisation = key
                new_orgs.setdefault(key, NewOrganisation(key, row["organisation"])).rows.append(number)

        start = datetime.date.fromisoformat(row["start_date"]) if row["start_date"] else today
        emailed = by_email.get(row["email"], []) if row["email"] else []
        named = {p.pk: p for f in _name_forms(**_name(row)) for p in by_name.get(f, [])}
        named = [p for p in named.values() if p not in emailed]
        matched_by, found = ("email", emailed) if emailed else ("name", named)

        # Someone (found either way) already holds the role: nothing to do.
        held = next(
            ((p, s) for p in [*emailed, *named] if (s := _overlapping_seat(seats.get(p.pk, []), row["role"], start))),
            None,
        )
        if held:
            person, seat = held
            preview.outcome, preview.person = ALREADY, person
            preview.messages = [_already_message(number, seat, today), *notes]
            differences = _differences(row, person, cards[person.pk])
            if differences:
                preview.messages.append(_kept_message(number, differences))
            previews.append(preview)
            continue
        if not found:
            previews.append(preview)
            continue

        preview.outcome, preview.matched_by = MATCH, matched_by
        for person in sorted(found, key=lambda p: (not seats.get(p.pk), p.last_name, p.first_name, p.pk)):
            clash = [o for o in initials_on_board.get(person.initials.upper(), []) if o.pk != person.pk]
            preview.candidates.append(
                Candidate(
                    person=person,
                    card=cards[person.pk],
                    seats=[s.role_label for s in seats.get(person.pk, []) if s.end_date is None or s.end_date >= today],
                    initials_clash=clash[0] if clash else None,
                    differences=_differences(row, person, cards[person.pk]),
                )
            )
        only = preview.candidates[0] if len(preview.candidates) == 1 else None
        if matched_by == "email" and only is not None:
            if only.initials_clash is not None:
                preview.outcome = ERROR
                preview.messages = [_initials_message(number, only)]
            else:
                preview.suggested = only.pk
        previews.append(preview)

    version = _version(previews)
    return ImportPreview(rows=previews, new_organisations=list(new_orgs.values()), version=version)


def _name(row: dict) -> dict:
    return {"honorific": row["honorific"], "first": row["first_name"], "last": row["last_name"]}


def _kept_message(number: int, differences: list[str]) -> str:
    return (
        f"Row {number}: the file gives {', '.join(differences)} differently from the directory. "
        "The directory's details are kept: an import never changes someone already in it."
    )


def _initials_message(number: int, candidate: Candidate) -> str:
    person, other = candidate.person, candidate.initials_clash
    return (
        f"Row {number}: {person} is in the directory with the initials {person.initials}, which {other} already "
        "uses on this board. Initials identify people in minutes, so they are unique on a board: change one "
        "person's initials on their page, then import the file again."
    )


def _version(previews: list[RowPreview]) -> str:
    state = [
        [
            p.number,
            p.outcome,
            p.matched_by,
            p.suggested,
            p.person.pk if p.person else None,
            p.organisation.pk if p.organisation else None,
            p.new_organisation,
            [[c.pk, c.initials_clash.pk if c.initials_clash else None, c.seats] for c in p.candidates],
            p.messages,
        ]
        for p in previews
    ]
    return hashlib.sha256(json.dumps(state, default=str).encode()).hexdigest()[:32]
