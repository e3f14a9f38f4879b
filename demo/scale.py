"""A large, made-up but realistic data set for query-count tests and benchmarks (``manage.py load_scale``).

Boards of every kind with their coordinators, chairs (one at a time, in turn), members (some of them gone),
organisations, people (some with logins), meetings past and future with agendas of a real board's size
(standing items, business items, sub-items, now and then a Part II item with its exemption reason), item
leads, papers, the work programme, and the register of every meeting held (members present, sending
apologies, absent, or a named deputy attending in their place), with its quorum recorded.

This is test data, not anyone's actions: rows are written with ``bulk_create`` in batches, without the
services, the activity log or the history tables. What the services would refuse is never made: one chair
at a time, initials unique on each board, a membership ends after it starts, a Part II item has its
reason, a meeting is public only once its agenda is published (meetings more than ten days ahead are
still drafts), and papers are real PDFs (a few small ones, written once and shared by every paper row).

Reproducible: the same ``seed``, sizes and day give the same data on an empty database.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import random
import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify

from boards.enums import BoardKind, NumberingStyle, Role, Sector
from boards.models import Board, Membership, Organisation, Person, User
from core import clock
from core.files import stored_files
from meetings.agenda import sub_number
from meetings.attendance import quorum_of
from meetings.enums import AttendanceStatus, ItemFor, MeetingKind, MeetingStatus, PaperKind, Standing
from meetings.models import (
    AgendaItem,
    AgendaTemplateItem,
    Attendance,
    ItemLead,
    Meeting,
    Paper,
    Venue,
    WorkProgrammeEntry,
)
from meetings.services import POSITION_STEP, agenda_template_install_default

BATCH = 2000
#: The password of every login this makes (it is test data).
SCALE_PASSWORD = "scale-password"  # noqa: S105 (published test login)
#: Meetings this close are published; later ones are drafts.
PUBLISHED_AHEAD = datetime.timedelta(days=10)

_PLACE_START = "Ash Brook Castle Dun Elm Fair Glen Hart Kings Lang Marsh Nor Oak Pen Red Stan Thorn Well West Wick"
_PLACE_END = "ford ley bridge field ham ton bury wood mere dale"
PLACES = [a + b for a in _PLACE_START.split() for b in _PLACE_END.split()]

_FIRST_NAMES = (
    "Aisha Alan Alison Amanda Amir Andrew Angela Anna Ben Carol Catherine Chloe Chris Claire Colin Daniel Danielle "
    "David Deborah Emma Fatima Fiona Gareth Gemma Graham Hannah Helen Ian Imran James Jane Jennifer John Jonathan "
    "Julie Karen Karl Kate Kevin Laura Lee Lesley Lisa Louise Lucy Mark Martin Mary Michael Michelle Mohammed Nadia "
    "Neil Nicola Paul Peter Priya Rachel Rebecca Richard Robert Rosie Ruth Sam Sarah Sharon Simon Sophie Stephen "
    "Steven Stuart Susan Tom Tony Tracey Victoria Wendy Yusuf Zoe"
)
FIRST_NAMES = _FIRST_NAMES.split()
_LAST_NAMES = (
    "Ahmed Ali Allen Appleby Ashcroft Bailey Baker Barnes Baxter Bell Bennett Brookes Brown Butler Campbell Carter "
    "Chapman Clarke Cooper Critchley Davies Dawson Edwards Elo Evans Fletcher Foster Gaffney Gibbons Gill Gray Green "
    "Grieveson Hall Harris Hughes Hussain Jackson James Johnson Jones Kaur Kelly Khan King Knowles Lee Lewis Lowe "
    "Marsden Martin Mason Matthews McDonald McMillan Miller Mitchell Moore Morris Morville Murphy Nelson O'Brien "
    "Parker Patel Phillips Price Roberts Robinson Rollinson Rushton Scott Shaw Singh Smith Stewart Tait Taylor Thomas "
    "Thompson Turner Walker Ward Watson White Wilson Wood Wright Young"
)
LAST_NAMES = _LAST_NAMES.split()
HONORIFICS = ["Cllr"] * 6 + ["Dr"] * 3 + ["DI", "DCI", "Supt", "Prof", "Revd"]
JOB_TITLES = {
    Sector.LOCAL_AUTHORITY: [
        "Director of Children's Services",
        "Head of Early Help",
        "Service Manager, Children's Social Care",
        "Head of Public Health",
        "Community Safety Manager",
        "Principal Social Worker",
        "Head of Education Improvement",
        "Partnership Officer",
        "Cabinet Member for Children and Families",
    ],
    Sector.POLICE: ["Detective Inspector, Public Protection", "Chief Inspector", "Superintendent", "Police Sergeant"],
    Sector.HEALTH: [
        "Designated Nurse for Safeguarding",
        "Named Doctor",
        "Head of Safeguarding",
        "Clinical Lead",
        "Commissioning Manager",
    ],
    Sector.EDUCATION: ["Headteacher", "Designated Safeguarding Lead", "Principal", "SENCO"],
    Sector.PROBATION: ["Senior Probation Officer", "Head of Probation Delivery Unit"],
    Sector.VOLUNTARY: ["Chief Executive", "Service Manager", "Development Worker", "Volunteer Coordinator"],
    Sector.OTHER: ["Business Manager", "Independent Scrutineer", "Lay Member"],
}
ORGANISATION_KINDS = [
    # (name pattern, sector)
    ("{place} Borough Council", Sector.LOCAL_AUTHORITY),
    ("{place} County Council", Sector.LOCAL_AUTHORITY),
    ("{place} District Council", Sector.LOCAL_AUTHORITY),
    ("{place} Constabulary", Sector.POLICE),
    ("{place} NHS Foundation Trust", Sector.HEALTH),
    ("{place} Integrated Care Board", Sector.HEALTH),
    ("{place} High School", Sector.EDUCATION),
    ("{place} Primary School", Sector.EDUCATION),
    ("{place} College", Sector.EDUCATION),
    ("{place} Probation Delivery Unit", Sector.PROBATION),
    ("{place} Council for Voluntary Service", Sector.VOLUNTARY),
    ("{place} Women's Aid", Sector.VOLUNTARY),
    ("{place} Youth Zone", Sector.VOLUNTARY),
    ("{place} Housing Association", Sector.OTHER),
]
BOARD_KINDS = [
    # (kind, name patterns, weight)
    (
        BoardKind.PARTNERSHIP_BOARD,
        [
            "{place} Children's Partnership Board",
            "{place} Health and Wellbeing Board",
            "{place} Community Safety Partnership",
        ],
        6,
    ),
    (
        BoardKind.SAFEGUARDING_BOARD,
        ["{place} Safeguarding Children Partnership", "{place} Safeguarding Adults Board"],
        3,
    ),
    (
        BoardKind.SCRUTINY_COMMITTEE,
        ["{place} Health Scrutiny Committee", "{place} Children's Services Scrutiny Committee"],
        2,
    ),
    (BoardKind.EXECUTIVE_BOARD, ["{place} Integrated Care Partnership Executive"], 1),
    (
        BoardKind.SUB_GROUP,
        [
            "{parent}: Quality Assurance Sub-group",
            "{parent}: Training Sub-group",
            "{parent}: Child Exploitation Sub-group",
        ],
        3,
    ),
    (
        BoardKind.TASK_AND_FINISH,
        ["{place} SEND Task and Finish Group", "{place} Exclusions Task and Finish Group"],
        1,
    ),
    (BoardKind.PANEL, ["{place} Corporate Parenting Panel"], 1),
]
TOPICS = [
    "Child Sexual Exploitation",
    "Early Help Strategy",
    "Domestic Abuse Services",
    "Emotional Health and Wellbeing",
    "Young People's Participation",
    "Troubled Families Programme",
    "School Readiness",
    "Youth Justice Plan",
    "Performance Scorecard",
    "Serious Case Review Learning",
    "Prevent Duty and Channel",
    "Children's Centres Update",
    "Special Educational Needs and Disabilities",
    "Neglect Strategy",
    "Online Safety",
    "Annual Report",
    "Budget and Commissioning",
    "Housing and Homelessness",
    "Healthy Weight",
    "Substance Misuse",
    "Transitions to Adulthood",
    "Workforce Development",
    "Voice of the Child",
    "Risk Register",
]
SUB_TOPICS = [
    "Local Plans",
    "Update from the Safeguarding Board",
    "District Reports",
    "Data and Intelligence",
    "Case Study",
    "Resources",
]
PART_TWO_TITLES = [
    "Commissioning: contract award",
    "Case review",
    "Staffing restructure",
    "Legal advice on a complaint",
]
OUTCOMES = [
    "The Board to note the update and agree any further action.",
    "The Board to discuss the proposals and agree the next steps.",
    "The Board to approve the plan for consultation.",
    "The Board to receive assurance on progress against the action plan.",
    "The Board to agree its priorities for the coming year.",
]
EXEMPTIONS = [
    "Paragraph 1: information relating to any individual.",
    "Paragraph 2: information likely to reveal the identity of an individual.",
    "Paragraph 3: information about the financial or business affairs of any particular person.",
    "Paragraph 5: information subject to legal professional privilege.",
]
CO_OPTED_AS = ["parent governor", "diocesan representative", "young people's representative", "independent person"]
START_TIMES = [datetime.time(10, 0), datetime.time(14, 0), datetime.time(13, 30), datetime.time(9, 30)]
SAMPLE_PAGES = (1, 2, 4, 6, 10)


@dataclass
class ScaleResult:
    seed: int
    counts: Counter = field(default_factory=Counter)
    logins: list[tuple[str, str]] = field(default_factory=list)


def _bulk(model, rows: list, result: ScaleResult, label: str) -> list:
    made = model.objects.bulk_create(rows, batch_size=BATCH)
    result.counts[label] += len(made)
    return made


def _sample_papers() -> list[tuple[str, int, int, str]]:
    """A few small real PDFs in the file store, written once: (name, pages, size, sha256) each."""
    import pikepdf

    storage = stored_files()
    samples = []
    for pages in SAMPLE_PAGES:
        pdf = pikepdf.new()
        for _ in range(pages):
            pdf.add_blank_page(page_size=(595, 842))
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)  # the same bytes every time, so a stored copy is the same file
        data = out.getvalue()
        name = f"papers/scale/sample-{pages}pp.pdf"
        if not storage.exists(name):
            name = storage.save(name, ContentFile(data))
        samples.append((name, pages, len(data), hashlib.sha256(data).hexdigest()))
    return samples


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 2
    while candidate.lower() in taken:
        candidate, n = f"{name} ({n})", n + 1
    taken.add(candidate.lower())
    return candidate


def _initials(first: str, last: str) -> str:
    surname = last.replace("'", "")
    if surname.startswith("Mc"):
        return first[0] + "Mc"
    return first[0] + surname[0]


class _Builder:
    def __init__(self, *, boards: int, people: int, meetings: int, seed: int, today: datetime.date):
        self.n_boards, self.n_people, self.n_meetings = boards, people, meetings
        self.rng = random.Random(seed)  # noqa: S311 (made-up data, not secrets)
        self.today = today
        self.result = ScaleResult(seed=seed)

    # organisations and people ------------------------------------------------------------------------

    def organisations(self) -> list[Organisation]:
        rng, taken = self.rng, {n.lower() for n in Organisation.objects.values_list("name", flat=True)}
        rows = []
        for _ in range(max(8, min(400, self.n_people // 40))):
            pattern, sector = rng.choice(ORGANISATION_KINDS)
            name = _unique(pattern.format(place=rng.choice(PLACES)), taken)
            short = "".join(w[0] for w in name.replace("'", "").split() if w[0].isupper())[:50]
            rows.append(Organisation(name=name, short_name=short, sector=sector))
        return _bulk(Organisation, rows, self.result, "organisations")

    def people(self, orgs: list[Organisation]) -> list[Person]:
        rng, rows = self.rng, []
        for n in range(self.n_people):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            org = rng.choice(orgs)
            honorific = rng.choice(HONORIFICS) if rng.random() < 0.08 else ""
            domain = slugify(org.short_name or org.name) or "partner"
            rows.append(
                Person(
                    honorific=honorific,
                    first_name=first,
                    last_name=last,
                    initials=_initials(first, last),
                    job_title=rng.choice(JOB_TITLES[org.sector]),
                    organisation=org,
                    email=f"{slugify(first)}.{slugify(last)}.{n}@{domain}.example.org" if rng.random() < 0.7 else "",
                    phone=f"01632 {rng.randint(100000, 999999)}" if rng.random() < 0.3 else "",
                )
            )
        return _bulk(Person, rows, self.result, "people")

    # boards, seats and logins ------------------------------------------------------------------------

    def boards(self) -> list[Board]:
        rng = self.rng
        names = {n.lower() for n in Board.objects.values_list("name", flat=True)}
        slugs = set(Board.objects.values_list("slug", flat=True))
        kinds = [k for k, _, weight in BOARD_KINDS for _ in range(weight)]
        patterns = {k: p for k, p, _ in BOARD_KINDS}
        made: list[Board] = []
        for _ in range(self.n_boards):
            kind = rng.choice(kinds)
            parents = [b for b in made if b.kind != BoardKind.SUB_GROUP]
            if kind == BoardKind.SUB_GROUP and not parents:
                kind = BoardKind.PARTNERSHIP_BOARD
            parent = rng.choice(parents) if kind == BoardKind.SUB_GROUP else None
            place = rng.choice(PLACES)
            name = rng.choice(patterns[kind]).format(place=place, parent=parent.name if parent else "")
            name = _unique(name[:190], names)
            short = "".join(w[0] for w in name.replace("'", "").split() if w[:1].isupper())[:30]
            slug, n = slugify(short or name)[:50], 2
            base = slug
            while slug in slugs:
                slug, n = f"{base}-{n}", n + 1
            slugs.add(slug)
            board = Board(
                name=name,
                short_name=short,
                slug=slug,
                kind=kind,
                parent=parent,
                areas_covered=place,
                description=f"The {name}: partners working together for {place}.",
                meeting_frequency="",
                quorum_members=rng.choice([None, 4, 5, 6, 8]),
                notice_days=rng.choice([5, 5, 5, 3, 7]),
                numbering_style=NumberingStyle.DECIMAL if rng.random() < 0.2 else NumberingStyle.LETTERS,
            )
            board.save()  # one at a time: a sub-group needs its parent's key
            made.append(board)
            agenda_template_install_default(board=board)
        self.result.counts["boards"] += len(made)
        self.result.counts["standing item templates"] += AgendaTemplateItem.objects.filter(board__in=made).count()
        return made

    def seats(self, board: Board, start: datetime.date, people: list[Person], cursor: list[int]) -> dict:
        """Memberships of one board from ``start`` to today: the coordinator, chairs in turn, a vice chair,
        members (a fifth of them gone), co-optees and non-voting officers, advisers and observers."""
        rng, today = self.rng, self.today
        used: set[str] = set()

        def next_person() -> Person | None:
            if rng.random() < 0.1:  # some people sit on more than one board
                person = rng.choice(people)
                if person.initials.upper() not in used:
                    used.add(person.initials.upper())
                    return person
            for _ in range(len(people)):
                person = people[cursor[0] % len(people)]
                cursor[0] += 1
                if person.initials.upper() not in used:
                    used.add(person.initials.upper())
                    return person
            return None

        def day_between(a: datetime.date, b: datetime.date) -> datetime.date:
            return a + datetime.timedelta(days=rng.randint(0, max(0, (b - a).days)))

        rows: list[Membership] = []

        def seat(person, role, begin, end=None, **extra):
            rows.append(
                Membership(
                    board=board,
                    person=person,
                    organisation=person.organisation,
                    role=role,
                    voting=role in (Role.CHAIR, Role.VICE_CHAIR, Role.DEPUTY_CHAIR, Role.MEMBER, Role.CO_OPTED),
                    start_date=begin,
                    end_date=end,
                    **extra,
                )
            )

        found = {}
        coordinator = next_person()
        if coordinator is None:
            return found
        seat(coordinator, Role.COORDINATOR, start)
        found["coordinator"] = coordinator
        # Chairs in turn, each ending the day before the next starts; some stay on as members.
        turns = rng.randint(1, 3)
        span = (today - start).days
        begin = start
        for turn in range(turns):
            chair = next_person()
            if chair is None:
                break
            last = turn == turns - 1
            end = None if last else begin + datetime.timedelta(days=max(1, span // turns))
            seat(chair, Role.CHAIR, begin, end)
            if end is not None and rng.random() < 0.5:
                seat(chair, Role.MEMBER, end + datetime.timedelta(days=1))
            found["chair"] = chair
            if end is None:
                break
            begin = end + datetime.timedelta(days=1)
        vice = next_person()
        if vice is not None:
            seat(vice, rng.choice([Role.VICE_CHAIR, Role.DEPUTY_CHAIR]), day_between(start, today))
        size = rng.randint(10, max(10, min(40, int(len(people) * 0.5 / max(1, self.n_boards)))))
        for _ in range(size):
            person = next_person()
            if person is None:
                break
            begin = day_between(start, today - datetime.timedelta(days=30))
            end = day_between(begin + datetime.timedelta(days=60), today - datetime.timedelta(days=1))
            ended = rng.random() < 0.2 and begin < end < today
            deputy = None
            if rng.random() < 0.25:
                deputy = rng.choice(people)
                deputy = None if deputy.pk == person.pk else deputy
            roll = rng.random()
            if roll < 0.06:
                seat(person, Role.CO_OPTED, begin, end if ended else None, co_opted_type=rng.choice(CO_OPTED_AS))
            elif roll < 0.16:
                seat(person, rng.choice([Role.OFFICER, Role.ADVISER, Role.OBSERVER]), begin, end if ended else None)
            else:
                seat(person, Role.MEMBER, begin, end if ended else None, deputy=deputy)
                if not ended:
                    found.setdefault("member", person)
        found["rows"] = rows
        return found

    def logins(self, people: list[Person], wanted: list[tuple[str, Person]]) -> None:
        """Logins for everyone in ``wanted`` (reported when labelled) and for about one person in twelve."""
        rng, password = self.rng, make_password(SCALE_PASSWORD)
        taken = set(User.objects.values_list("email", flat=True))
        chosen: dict[int, Person] = {p.pk: p for _, p in wanted}
        for person in people:
            if rng.random() < 0.08:
                chosen.setdefault(person.pk, person)
        rows = []
        for person in chosen.values():
            email = person.email or f"{slugify(person.first_name)}.{slugify(person.last_name)}.{person.pk}@example.org"
            email = email.lower()
            if email in taken:
                email = f"person-{person.pk}.{email}"
            taken.add(email)
            rows.append(User(email=email, password=password, person=person))
        made = _bulk(User, rows, self.result, "logins")
        by_person = {u.person_id: u.email for u in made}
        for label, person in wanted:
            if label:
                self.result.logins.append((label, by_person[person.pk]))

    # meetings, agendas, papers -----------------------------------------------------------------------

    def meeting_counts(self, boards: list[Board]) -> list[int]:
        weights = [self.rng.uniform(0.5, 1.5) for _ in boards]
        total = sum(weights)
        counts = [int(self.n_meetings * w / total) for w in weights]
        for i in range(self.n_meetings - sum(counts)):
            counts[i % len(counts)] += 1
        return counts

    def meeting_dates(self, count: int) -> tuple[list[datetime.date], int]:
        """Three quarters held, a quarter ahead, at the board's rhythm, on a Tuesday to Thursday."""
        interval = 30 if count >= 40 else 61 if count >= 20 else 91
        ahead = count // 4
        dates = []
        for k in range(-(count - ahead), ahead + 1):
            if k == 0:
                continue
            day = self.today + datetime.timedelta(days=k * interval + self.rng.randint(-5, 5))
            day += datetime.timedelta(days=(1 - day.weekday()) % 7 + self.rng.randint(0, 2))  # Tue, Wed or Thu
            dates.append(day)
        return dates[:count], interval

    def run(self) -> ScaleResult:
        rng, today, counts = self.rng, self.today, self.result.counts
        samples = _sample_papers()
        orgs = self.organisations()
        people = self.people(orgs)
        rng.shuffle(people)
        boards = self.boards()
        per_board = self.meeting_counts(boards)

        memberships: list[Membership] = []
        venues: list[Venue] = []
        wanted_logins: list[tuple[str, Person]] = []
        plan = []  # (board, dates, seats)
        cursor = [0]
        for board, count in zip(boards, per_board, strict=True):
            dates, interval = self.meeting_dates(count)
            board.meeting_frequency = {30: "Monthly", 61: "Every two months", 91: "Quarterly"}[interval]
            start = min([*dates, today - datetime.timedelta(days=365)]) - datetime.timedelta(days=60)
            seats = self.seats(board, start, people, cursor)
            memberships += seats.get("rows", [])
            for role in ("coordinator", "chair", "member"):  # every coordinator and chair; report the first board's
                if role in seats and (role != "member" or board is boards[0]):
                    label = f"{role.capitalize()} of {board.display_short_name}" if board is boards[0] else ""
                    wanted_logins.append((label, seats[role]))
            for n in range(rng.randint(2, 4)):
                venues.append(
                    Venue(
                        board=board,
                        room=rng.choice(["Committee Room 1", "Committee Room 2", "Council Chamber", "Board Room", ""]),
                        building=f"{board.areas_covered} {['Town Hall', 'Civic Centre', 'Police HQ', 'Hub'][n]}",
                        address=f"{rng.randint(1, 120)} High Street, {board.areas_covered}",
                        postcode=f"ZZ{rng.randint(1, 99)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}"
                        f"{rng.choice('LNPQRSTU')}",
                        access_notes=rng.choice(["", "Lift available; hearing loop.", "Step-free access."]),
                    )
                )
            plan.append((board, dates, seats))
        Board.objects.bulk_update(boards, ["meeting_frequency"], batch_size=BATCH)
        _bulk(Membership, memberships, self.result, "memberships")
        counts["memberships ended"] += sum(1 for m in memberships if m.end_date)
        _bulk(Venue, venues, self.result, "venues")
        self.logins(people, wanted_logins)

        venues_of: dict[int, list[Venue]] = {}
        for venue in venues:
            venues_of.setdefault(venue.board_id, []).append(venue)
        members_of: dict[int, list[Person]] = {}
        for m in memberships:
            members_of.setdefault(m.board_id, []).append(m.person)

        # Meetings
        meetings: list[Meeting] = []
        for board, dates, seats in plan:
            for day in dates:
                start_time = rng.choice(START_TIMES)
                past = day < today
                status = MeetingStatus.HELD if past else MeetingStatus.SCHEDULED
                reason = ""
                if rng.random() < 0.03:
                    status, reason = MeetingStatus.CANCELLED, rng.choice(["Not quorate.", "No business to transact."])
                issue = day - datetime.timedelta(days=9)
                published = day - today <= PUBLISHED_AHEAD
                online = rng.random() < 0.15
                meetings.append(
                    Meeting(
                        board=board,
                        date=day,
                        start_time=start_time,
                        end_time=(datetime.datetime.combine(day, start_time) + datetime.timedelta(hours=2)).time(),
                        venue=None if online else rng.choice(venues_of[board.pk]),
                        online_link="https://meet.example.org/" + uuid.UUID(int=rng.getrandbits(128)).hex
                        if online
                        else "",
                        kind=MeetingKind.ORDINARY if rng.random() < 0.9 else rng.choice(list(MeetingKind)),
                        status=status,
                        status_reason=reason,
                        contact_officer=seats.get("coordinator"),
                        pack_issue_date=issue,
                        uid=uuid.UUID(int=rng.getrandbits(128), version=4),
                        agenda_published_at=datetime.datetime.combine(issue, datetime.time(9), tzinfo=datetime.UTC)
                        if published
                        else None,
                    )
                )
        meetings = _bulk(Meeting, meetings, self.result, "meetings")
        counts["meetings held"] = sum(1 for m in meetings if m.status == MeetingStatus.HELD)
        counts["meetings ahead"] = sum(1 for m in meetings if m.date >= today)
        counts["agendas published"] = sum(1 for m in meetings if m.agenda_published_at)

        # Agendas: the top level first (sub-items need their parent's key), then sub-items, leads, papers.
        templates: dict[int, list[AgendaTemplateItem]] = {}
        for row in AgendaTemplateItem.objects.filter(board__in=boards).order_by("at_end", "position", "pk"):
            templates.setdefault(row.board_id, []).append(row)
        top: list[AgendaItem] = []
        leads: list[tuple[AgendaItem, dict]] = []
        children_plan: list[tuple[AgendaItem, list[str]]] = []
        papers_plan: list[tuple[AgendaItem, list[str], Person | None]] = []
        previous: dict[int, datetime.date] = {}
        for meeting in meetings:
            members = members_of.get(meeting.board_id) or people[:1]
            drafted = meeting.agenda_published_at is not None or meeting.date - today < datetime.timedelta(days=60)
            business = rng.randint(4, 9) if drafted else rng.randint(0, 2)
            template = [] if meeting.is_informal else templates.get(meeting.board_id, [])  # as meeting_create
            opening = [t for t in template if not t.at_end]
            closing = [t for t in template if t.at_end]
            rows: list[tuple[AgendaItem, list[dict], list[str], list[str], Person | None]] = []
            for t in opening:
                item = AgendaItem(
                    meeting=meeting,
                    title=t.title,
                    item_for=t.item_for,
                    intended_outcome=t.intended_outcome,
                    duration_minutes=t.duration_minutes,
                    standing=t.standing,
                    generated_kind=t.generated_kind,
                )
                paper_titles = []
                if t.standing == Standing.MINUTES and meeting.board_id in previous:
                    paper_titles = [f"Minutes of the meeting held on {previous[meeting.board_id]:%-d %B %Y}"]
                elif t.standing == Standing.ACTION_LOG and meeting.board_id in previous:
                    paper_titles = ["Action log"]
                rows.append((item, [{"office": t.lead_office}], [], paper_titles, None))
            for topic in rng.sample(TOPICS, business):
                lead = rng.choice(members)
                lead_rows = [{"person": lead}]
                roll = rng.random()
                if roll < 0.1:
                    lead_rows.append({"person": rng.choice(people)})  # someone from outside the board
                elif roll < 0.18:
                    guest = {"guest_name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"}
                    lead_rows.append(
                        {**guest, "guest_title": "Guest speaker", "guest_organisation": rng.choice(orgs).name}
                    )
                subs = rng.sample(SUB_TOPICS, rng.randint(2, 3)) if rng.random() < 0.15 else []
                verbal = not subs and rng.random() < 0.15
                heading = bool(subs) and rng.random() < 0.5
                item = AgendaItem(
                    meeting=meeting,
                    title=topic,
                    item_for="" if heading else rng.choice(list(ItemFor)),
                    intended_outcome="" if heading else rng.choice(OUTCOMES),
                    duration_minutes=None if heading else rng.choice([10, 15, 15, 20, 30]),
                    verbal_update=verbal,
                    is_heading=heading,
                )
                paper_titles = []
                if not heading and not verbal and rng.random() < 0.45:
                    appendices = ["supporting data", "consultation responses"][: rng.randint(0, 2)]
                    paper_titles = [f"{topic}: report"] + [f"{topic}: {name}" for name in appendices]
                rows.append((item, [] if heading else lead_rows, subs, paper_titles, lead))
            private = []  # Part II business comes after every Part I item, closing ones included
            if drafted and rng.random() < 0.08:
                lead = rng.choice(members)
                item = AgendaItem(
                    meeting=meeting,
                    title=rng.choice(PART_TWO_TITLES),
                    item_for=ItemFor.DECISION,
                    intended_outcome="The Board to consider the report in private and agree a decision.",
                    duration_minutes=15,
                    confidential=True,
                    exemption_reason=rng.choice(EXEMPTIONS),
                )
                private.append((item, [{"person": lead}], [], ["Confidential report"], lead))
            for t in closing:
                item = AgendaItem(
                    meeting=meeting,
                    title=t.title,
                    item_for=t.item_for,
                    intended_outcome=t.intended_outcome,
                    duration_minutes=t.duration_minutes,
                    standing=t.standing,
                    generated_kind=t.generated_kind,
                    closing=True,
                )
                rows.append((item, [{"office": t.lead_office}], [], [], None))
            rows += private
            for position, (item, lead_rows, subs, paper_titles, lead) in enumerate(rows, start=1):
                item.position = position * POSITION_STEP
                if meeting.agenda_published_at:  # published: the numbers members were sent are stored
                    item.published_number = str(position)
                top.append(item)
                leads += [(item, values) for values in lead_rows if values.get("office") != ""]  # no blank office
                if subs:
                    children_plan.append((item, subs))
                if paper_titles:
                    papers_plan.append((item, paper_titles, lead))
            meeting.agenda_version = len(rows) + sum(len(s) for _, _, s, _, _ in rows)
            previous[meeting.board_id] = meeting.date
        _bulk(AgendaItem, top, self.result, "agenda items")
        Meeting.objects.bulk_update(meetings, ["agenda_version"], batch_size=BATCH)

        children: list[AgendaItem] = []
        for parent, subs in children_plan:
            members = members_of.get(parent.meeting.board_id) or people[:1]
            for position, title in enumerate(subs, start=1):
                child = AgendaItem(
                    meeting=parent.meeting,
                    parent=parent,
                    position=position * POSITION_STEP,
                    published_number=sub_number(
                        parent.published_number, position - 1, parent.meeting.board.numbering_style
                    )
                    if parent.published_number
                    else "",
                    title=title,
                    item_for=rng.choice([ItemFor.INFORMATION, ItemFor.DISCUSSION]),
                    duration_minutes=10,
                    verbal_update=rng.random() < 0.4,
                )
                children.append(child)
                leads.append((child, {"person": rng.choice(members)}))
                if not child.verbal_update and rng.random() < 0.3:
                    papers_plan.append((child, [f"{parent.title}: {title}"], None))
        _bulk(AgendaItem, children, self.result, "agenda items")
        counts["sub-items"] = len(children)
        counts["Part II items"] = sum(1 for i in top if i.confidential)

        lead_rows, positions = [], Counter()
        for item, values in leads:
            lead_rows.append(ItemLead(item=item, position=positions[id(item)], **values))
            positions[id(item)] += 1
        _bulk(ItemLead, lead_rows, self.result, "item leads")

        paper_rows = []
        for item, titles, lead in papers_plan:
            for position, (title, sample) in enumerate(zip(titles, rng.sample(samples, len(titles)), strict=True), 1):
                path, pages, size, digest = sample
                paper_rows.append(
                    Paper(
                        item=item,
                        position=position,
                        kind=PaperKind.REPORT if position == 1 else PaperKind.APPENDIX,  # the report comes first
                        title=title,
                        author=lead.full_name if lead else "",
                        author_organisation=lead.organisation.name if lead and lead.organisation_id else "",
                        file=path,
                        original_name=f"{slugify(title)[:60] or 'paper'}.pdf",
                        page_count=pages,
                        sha256=digest,
                        size=size,
                    )
                )
        _bulk(Paper, paper_rows, self.result, "papers")

        # The work programme: topics planned for the meetings ahead (or TBC), and those already taken up.
        entries = []
        ahead: dict[int, list[Meeting]] = {}
        for meeting in meetings:
            if meeting.date >= today:
                ahead.setdefault(meeting.board_id, []).append(meeting)
        for board in boards:
            for meeting in ahead.get(board.pk, []):
                for topic in rng.sample(TOPICS, rng.randint(1, 3)):
                    entries.append(
                        WorkProgrammeEntry(
                            board=board,
                            meeting=meeting,
                            topic=f"{topic} (planned)",
                            description=rng.choice(OUTCOMES),
                            lead=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                        )
                    )
            for topic in rng.sample(TOPICS, rng.randint(2, 5)):
                entries.append(WorkProgrammeEntry(board=board, topic=f"{topic} review", lead=""))
        taken_up = [i for i in top if not i.standing and not i.confidential and not i.is_heading]
        for item in rng.sample(taken_up, len(taken_up) // 10):
            entries.append(
                WorkProgrammeEntry(
                    board_id=item.meeting.board_id,
                    meeting=item.meeting,
                    topic=item.title,
                    description=item.intended_outcome,
                    agenda_item=item,
                )
            )
        _bulk(WorkProgrammeEntry, entries, self.result, "work programme entries")
        self.registers(meetings, memberships)
        return self.result

    def registers(self, meetings: list[Meeting], memberships: list[Membership]) -> None:
        """The register of every meeting held: each seat on the day present (most), with apologies, absent,
        or with its named deputy attending; the quorum recorded as the register service would."""
        rng = self.rng
        seats_of: dict[int, list[Membership]] = {}
        for seat in memberships:
            seats_of.setdefault(seat.board_id, []).append(seat)
        rows: list[Attendance] = []
        taken: list[Meeting] = []
        for meeting in meetings:
            if meeting.status != MeetingStatus.HELD:
                continue
            on_the_day: dict[int, Membership] = {}
            for seat in seats_of.get(meeting.board_id, []):
                if seat.start_date <= meeting.date and (seat.end_date is None or seat.end_date >= meeting.date):
                    on_the_day.setdefault(seat.person_id, seat)
            entries = []
            in_the_register = set(on_the_day)
            for seat in on_the_day.values():
                roll = rng.random()
                deputy = seat.deputy
                if roll < 0.05 and deputy is not None and deputy.pk not in in_the_register:
                    entries.append(self._entry(meeting, seat.person, seat, AttendanceStatus.APOLOGIES))
                    entries.append(self._entry(meeting, deputy, None, AttendanceStatus.DEPUTY, for_member=seat))
                    in_the_register.add(deputy.pk)  # one entry per person, filling one seat
                    continue
                status = (
                    AttendanceStatus.PRESENT
                    if roll < 0.78
                    else AttendanceStatus.APOLOGIES
                    if roll < 0.93
                    else AttendanceStatus.ABSENT
                )
                entries.append(self._entry(meeting, seat.person, seat, status))
            chair = next((e for e in entries if e.seat and e.seat.role == Role.CHAIR and e.status == "present"), None)
            if chair is not None:
                chair.is_chair = True
            board = meeting.board
            quorum = quorum_of(board, entries)
            meeting.register_taken_at = datetime.datetime.combine(meeting.date, datetime.time(17), tzinfo=datetime.UTC)
            meeting.quorate = quorum.quorate
            meeting.quorum_record = quorum.as_record()
            rows += entries
            taken.append(meeting)
        _bulk(Attendance, rows, self.result, "register entries")
        Meeting.objects.bulk_update(taken, ["register_taken_at", "quorate", "quorum_record"], batch_size=BATCH)
        self.result.counts["registers"] = len(taken)

    @staticmethod
    def _entry(meeting, person, seat, status, *, for_member=None) -> Attendance:
        filled = for_member or seat
        organisation = filled.organisation if filled is not None else person.organisation
        return Attendance(
            meeting=meeting,
            person=person,
            seat=seat,
            for_member=for_member,
            status=status,
            role=person.job_title,
            organisation=organisation.name if organisation else "",
            voting=filled.voting,
        )


def load_scale(
    *, boards: int, people: int, meetings: int, seed: int, today: datetime.date | None = None
) -> ScaleResult:
    """Make the data set in one transaction; see the module's docstring."""
    if min(boards, people, meetings) < 1:
        raise ValueError("Boards, people and meetings must each be at least 1.")
    if people < boards * 3:
        raise ValueError("Give at least three people per board (a coordinator, a chair and a member).")
    with transaction.atomic():
        return _Builder(boards=boards, people=people, meetings=meetings, seed=seed, today=today or clock.today()).run()
