"""The register read and counted: who is expected at a meeting, the quorum, and attendance over a period.

Reads (each a fixed number of queries, whatever the size of the board or the period) with the arithmetic
beside them, so the meeting page, the register, the minutes, the report and its CSV all count one way.

**Who is expected.** The board's members proper on the meeting's date: chairs, vice and deputy chairs,
members and co-opted members (:data:`boards.enums.SEAT_ROLES`). Coordinators, officers, advisers and
observers support the board: the register lists them, the attendance report does not expect them. A person
holding two seats on one day is expected once, in the senior one.

**Quorum** (the board's ``quorum_members``, optionally from at least ``quorum_organisations``): voting
members present, and deputies or substitutes attending in a voting member's place, count; the organisations
are those of the seats they fill. A board that sets no quorum has none to meet.

**Attendance over a period.** Only meetings held and with a register count (cancelled ones never do; a held
meeting without a register is listed so the coordinator can take it). For each expected seat at each such
meeting: *in person* when the member was present; *by deputy* when a deputy or substitute attended in their
place; otherwise *apologies* or *absent* (a member missing from a register counts as absent). A member's,
an organisation's and the board's figure are all the same formula::

    attendance % = (attended in person + attended by deputy) / expected attendances x 100

The overall figure is total attendances over total expected attendances (not the mean of the members' or
organisations' percentages, which would weigh a seat filled for two meetings like one filled for six).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Min, Q
from django.utils import timezone

from boards.enums import CHAIR_ROLES, OFFICE_ROLES, SEAT_ROLES, BoardKind
from boards.models import Board, Membership, Organisation, Person
from core import clock
from core.charts import bar_chart_svg

from .enums import STANDING_IN, AttendanceStatus, MeetingStatus, Standing
from .models import AgendaItem, Apology, Attendance, Declaration, Meeting, StandIn

FORMULA = "attendance % = (attended in person + attended by deputy or substitute) / expected attendances x 100"

# Who is expected, and in which order the register lists them ---------------------------------------------

_ROLE_ORDER = {role: i for i, role in enumerate([*OFFICE_ROLES, *SEAT_ROLES])}


def role_rank(role: str) -> int:
    """Chairs first, then the other office-holders, members proper, and those who support the board."""
    return _ROLE_ORDER.get(role, len(_ROLE_ORDER))


def is_expected(seat: Membership) -> bool:
    return seat.role in SEAT_ROLES


def seats_on(board: Board, day: datetime.date) -> list[Membership]:
    """Everyone with a seat on the board that day, one seat each (the senior one), in register order:
    members proper (chair first) before those who support the board. One query."""
    rows = (
        Membership.objects.on_date(day)
        .filter(board=board)
        .select_related("person", "organisation", "deputy")
        .order_by("person__last_name", "person__first_name", "person_id")
    )
    best: dict[int, Membership] = {}
    for seat in rows:
        held = best.get(seat.person_id)
        if held is None or _seniority(seat) < _seniority(held):
            best[seat.person_id] = seat
    return sorted(best.values(), key=lambda s: (not is_expected(s), s.role not in CHAIR_ROLES, _sort_name(s.person)))


def _seniority(seat: Membership) -> tuple:
    return (not is_expected(seat), role_rank(seat.role))


def _sort_name(person: Person) -> tuple:
    return (person.last_name.lower(), person.first_name.lower(), person.pk)


def people_as_on(person_ids, day: datetime.date) -> dict[int, tuple[str, int | None]]:
    """Each person's job title and organisation id as they stood at the end of ``day``, from the people's
    history (one query); people with no history before then are as they are now (the caller's fallback)."""
    ids = list(person_ids)
    if not ids:
        return {}
    end_of_day = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))
    history = Person.history.model.objects.filter(id__in=ids, history_date__lt=end_of_day).order_by(
        "id", "-history_date", "-history_id"
    )
    found: dict[int, tuple[str, int | None]] = {}
    for row in history.values("id", "job_title", "organisation_id"):
        found.setdefault(row["id"], (row["job_title"], row["organisation_id"]))
    return found


# Quorum -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quorum:
    members_needed: int | None
    organisations_needed: int | None
    voting_present: int
    organisations_present: int
    counted: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()

    @property
    def has_rule(self) -> bool:
        return bool(self.members_needed)

    @property
    def quorate(self) -> bool | None:
        """True or False against the board's rule; None when the board sets no quorum."""
        if not self.has_rule:
            return None
        enough_members = self.voting_present >= self.members_needed
        enough_organisations = not self.organisations_needed or self.organisations_present >= self.organisations_needed
        return enough_members and enough_organisations

    @property
    def rule(self) -> str:
        if not self.has_rule:
            return "The board sets no quorum."
        text = f"{self.members_needed} voting member{'s' if self.members_needed != 1 else ''}"
        if self.organisations_needed:
            text += f" from at least {self.organisations_needed} organisations"
        return text

    @property
    def sentence(self) -> str:
        """ "Quorate: 9 voting members present (6 needed), from 7 organisations (3 needed).\""""
        members = f"{self.voting_present} voting member{'s' if self.voting_present != 1 else ''}"
        if not self.has_rule:
            return f"No quorum is set; {members} present."
        verdict = "Quorate" if self.quorate else "Not quorate"
        text = f"{verdict}: {members} present ({self.members_needed} needed)"
        if self.organisations_needed:
            text += f", from {self.organisations_present} organisation{'s' if self.organisations_present != 1 else ''}"
            text += f" ({self.organisations_needed} needed)"
        return text + "."

    def as_record(self) -> dict:
        """What the meeting stores when the register is saved (``Meeting.quorum_record``), for the minutes."""
        return {
            "rule": self.rule,
            "members_needed": self.members_needed,
            "organisations_needed": self.organisations_needed,
            "voting_present": self.voting_present,
            "organisations_present": self.organisations_present,
            "quorate": self.quorate,
            "counted": list(self.counted),
            "organisations": list(self.organisations),
            "sentence": self.sentence,
        }


def quorum_of(board: Board, rows) -> Quorum:
    """The quorum over register rows (with ``seat__organisation``, ``for_member__organisation`` and
    ``person`` loaded): voting members present, and deputies or substitutes in a voting member's place."""
    counted, organisations = [], {}
    for row in rows:
        if not row.voting:
            continue
        if row.status == AttendanceStatus.PRESENT and row.seat_id:
            seat = row.seat
            counted.append(str(row.person))
        elif row.status in STANDING_IN and row.for_member_id:
            seat = row.for_member
            counted.append(f"{row.person} (for {seat.person})")
        else:
            continue
        if seat.organisation_id:
            organisations[seat.organisation_id] = seat.organisation.name
    return Quorum(
        members_needed=board.quorum_members,
        organisations_needed=board.quorum_organisations,
        voting_present=len(counted),
        organisations_present=len(organisations),
        counted=tuple(counted),
        organisations=tuple(sorted(organisations.values())),
    )


def register_rows(meeting: Meeting):
    """The meeting's register entries, with what the pages and the quorum read. One query."""
    return (
        Attendance.objects.filter(meeting=meeting)
        .select_related(
            "person",
            "seat__organisation",
            "seat__person",
            "for_member__person",
            "for_member__organisation",
            "arrived_at_item",
            "left_at_item",
        )
        .order_by("-is_chair", "person__last_name", "person__first_name", "pk")
    )


# The register as the coordinator fills it in --------------------------------------------------------------


@dataclass
class SeatLine:
    """One seat on the meeting's date: its register entry, apologies sent and who was named to stand in."""

    seat: Membership
    entry: Attendance | None = None
    apology: Apology | None = None
    stand_in: StandIn | None = None
    in_place: Attendance | None = None  # the register entry of whoever attended in the member's place

    @property
    def expected(self) -> bool:
        return is_expected(self.seat)

    @property
    def status(self) -> str:
        """The choice the register form starts from: as saved, else from the apologies and stand-ins sent."""
        if self.in_place is not None:
            return self.in_place.status
        if self.entry is not None:
            return self.entry.status
        if self.apology is not None:
            if self.stand_in is not None:
                return self.stand_in.kind  # "deputy" or "substitute": the statuses of the same name
            return AttendanceStatus.APOLOGIES
        return AttendanceStatus.ABSENT

    @property
    def in_place_person(self) -> Person | None:
        if self.in_place is not None:
            return self.in_place.person
        return self.stand_in.person if self.stand_in is not None else None


@dataclass
class Register:
    meeting: Meeting
    seats: list[SeatLine]
    others: list[Attendance]  # people with no seat that day (or there in another capacity): guests, officers
    rows: list[Attendance]
    quorum: Quorum

    @property
    def members(self) -> list[SeatLine]:
        return [line for line in self.seats if line.expected]

    @property
    def supporting(self) -> list[SeatLine]:
        return [line for line in self.seats if not line.expected]

    @property
    def taken(self) -> bool:
        return self.meeting.register_taken_at is not None

    @property
    def chair(self) -> Attendance | None:
        return next((row for row in self.rows if row.is_chair), None)


def register_for(meeting: Meeting) -> Register:
    """The register of one meeting, pre-filled with the board's members that day. Four queries."""
    seats = seats_on(meeting.board, meeting.date)
    rows = list(register_rows(meeting))
    apologies = {
        a.seat_id: a for a in Apology.objects.filter(meeting=meeting, withdrawn_at__isnull=True).select_related("seat")
    }
    stand_ins = {s.in_place_of_id: s for s in StandIn.objects.filter(meeting=meeting).select_related("person")}
    by_person = {row.person_id: row for row in rows}
    in_place = {row.for_member_id: row for row in rows if row.for_member_id}
    lines = [
        SeatLine(
            seat=seat,
            entry=by_person.get(seat.person_id),
            apology=apologies.get(seat.pk),
            stand_in=stand_ins.get(seat.pk),
            in_place=in_place.get(seat.pk),
        )
        for seat in seats
    ]
    on_seats = {seat.person_id for seat in seats} | {row.person_id for row in in_place.values()}
    others = [row for row in rows if row.person_id not in on_seats]
    return Register(meeting=meeting, seats=lines, others=others, rows=rows, quorum=quorum_of(meeting.board, rows))


@dataclass
class RegisterSummary:
    """The register as the minutes print it: present (chair first), deputies and substitutes, apologies,
    absent, in attendance."""

    present: list[Attendance] = field(default_factory=list)
    standing_in: list[Attendance] = field(default_factory=list)
    apologies: list[Attendance] = field(default_factory=list)
    absent: list[Attendance] = field(default_factory=list)
    in_attendance: list[Attendance] = field(default_factory=list)


def register_summary(rows) -> RegisterSummary:
    summary = RegisterSummary()
    groups = {
        AttendanceStatus.PRESENT: summary.present,
        AttendanceStatus.DEPUTY: summary.standing_in,
        AttendanceStatus.SUBSTITUTE: summary.standing_in,
        AttendanceStatus.APOLOGIES: summary.apologies,
        AttendanceStatus.ABSENT: summary.absent,
        AttendanceStatus.IN_ATTENDANCE: summary.in_attendance,
    }
    for row in rows:
        groups[row.status].append(row)
    return summary


def apologies_in_force(meeting: Meeting) -> list[tuple[Apology, StandIn | None]]:
    """Apologies sent for the meeting and not withdrawn, each with the deputy or substitute named for the
    seat (if any). Two queries."""
    apologies = list(
        Apology.objects.filter(meeting=meeting, withdrawn_at__isnull=True)
        .select_related("seat__person", "seat__organisation")
        .order_by("seat__person__last_name", "seat__person__first_name", "pk")
    )
    stand_ins = {
        s.in_place_of_id: s
        for s in StandIn.objects.filter(meeting=meeting, in_place_of__in=[a.seat_id for a in apologies]).select_related(
            "person"
        )
    }
    return [(a, stand_ins.get(a.seat_id)) for a in apologies]


def own_seat_on(meeting: Meeting, user) -> Membership | None:
    """The user's seat on the meeting's board on its date (the senior one), or None."""
    if not getattr(user, "person_id", None):
        return None
    seats = list(
        Membership.objects.on_date(meeting.date)
        .filter(board_id=meeting.board_id, person_id=user.person_id)
        .select_related("person", "deputy__organisation", "organisation")
    )
    return min(seats, key=_seniority) if seats else None


def may_still_send_apologies(meeting: Meeting) -> bool:
    """Apologies go in before the meeting: not once it is held or cancelled, nor after its day."""
    return meeting.status not in (MeetingStatus.HELD, MeetingStatus.CANCELLED) and meeting.date >= clock.today()


# Declarations ------------------------------------------------------------------------------------------


def declarations_for(meeting: Meeting, *, visible_item_ids=None) -> list[Declaration]:
    """The interests declared at the meeting, in agenda order, against items the reader may see. One query."""
    qs = Declaration.objects.filter(meeting=meeting).select_related("person", "item")
    if visible_item_ids is not None:
        qs = qs.filter(item_id__in=list(visible_item_ids))
    return list(qs.order_by("item__position", "item_id", "person__last_name", "pk"))


def declarations_item(items) -> AgendaItem | None:
    """The agenda's standing item for declarations of interest, if it has one."""
    return next((item for item in items if item.standing == Standing.DECLARATIONS), None)


# Attendance over a period ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    label: str
    key: str  # how the page's selector names it: "2015" for a year, "custom" otherwise

    def __str__(self) -> str:
        return self.label


def uses_municipal_year(board: Board) -> bool:
    """Council committees count in municipal years (May to April); partnership boards in financial years."""
    return board.kind in (BoardKind.COUNCIL_COMMITTEE, BoardKind.SCRUTINY_COMMITTEE)


def year_period(board: Board, year: int) -> Period:
    """The financial year (1 April to 31 March) or municipal year (1 May to 30 April) starting in ``year``."""
    month = 5 if uses_municipal_year(board) else 4
    start = datetime.date(year, month, 1)
    end = datetime.date(year + 1, month, 1) - datetime.timedelta(days=1)
    kind = "municipal year" if month == 5 else "financial year"
    return Period(start=start, end=end, label=f"{year}-{str(year + 1)[-2:]} ({kind})", key=str(year))


def year_starting_before(board: Board, day: datetime.date) -> int:
    month = 5 if uses_municipal_year(board) else 4
    return day.year if day.month >= month else day.year - 1


def default_period(board: Board) -> Period:
    """The current financial (or municipal) year."""
    return year_period(board, year_starting_before(board, clock.today()))


def custom_period(start: datetime.date, end: datetime.date) -> Period:
    return Period(start=start, end=end, label=f"{start:%-d %B %Y} to {end:%-d %B %Y}", key="custom")


def period_choices(board: Board) -> list[Period]:
    """Every year from the board's first meeting to the current one, latest first. One query."""
    first = Meeting.objects.filter(board=board).aggregate(first=Min("date"))["first"]
    current = year_starting_before(board, clock.today())
    earliest = year_starting_before(board, first) if first else current
    return [year_period(board, year) for year in range(max(current, earliest), earliest - 1, -1)]


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return Decimal(part) * 100 / Decimal(whole)


def whole_percent(value: Decimal | None) -> int | None:
    """Rounded as people round: 16.67 → 17, 82.5 → 83 (halves up, not to even)."""
    return None if value is None else int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class Tally:
    expected: int = 0
    in_person: int = 0
    by_deputy: int = 0
    apologies: int = 0
    absent: int = 0

    @property
    def attended(self) -> int:
        return self.in_person + self.by_deputy

    @property
    def percent(self) -> Decimal | None:
        return percent(self.attended, self.expected)

    @property
    def rounded(self) -> int | None:
        return whole_percent(self.percent)

    def add(self, outcome: str) -> None:
        self.expected += 1
        setattr(self, outcome, getattr(self, outcome) + 1)


@dataclass
class MemberLine:
    person: Person
    role: str
    organisation: str
    tally: Tally = field(default_factory=Tally)


@dataclass
class OrganisationLine:
    organisation: Organisation | None
    members: set[int] = field(default_factory=set)
    tally: Tally = field(default_factory=Tally)

    @property
    def name(self) -> str:
        return self.organisation.name if self.organisation else "No organisation recorded"


@dataclass
class AttendanceReport:
    board: Board
    period: Period
    counted: list[Meeting]
    without_register: list[Meeting]
    cancelled: list[Meeting]
    members: list[MemberLine]
    organisations: list[OrganisationLine]
    total: Tally

    formula = FORMULA


def attendance_report(*, board: Board, period: Period) -> AttendanceReport:
    """Attendance at the board's meetings in ``period``, per member, per organisation and overall (see the
    head of this module for what counts). Three queries, whatever the number of meetings and members."""
    meetings = list(
        Meeting.objects.filter(board=board, date__range=(period.start, period.end))
        .exclude(status__in=[MeetingStatus.SCHEDULED, MeetingStatus.POSTPONED], date__gte=clock.today())
        .only("pk", "board_id", "date", "start_time", "status", "register_taken_at")
        .order_by("date", "start_time")
    )
    counted = [m for m in meetings if m.status == MeetingStatus.HELD and m.register_taken_at is not None]
    cancelled = [m for m in meetings if m.status == MeetingStatus.CANCELLED]
    listed = {m.pk for m in counted} | {m.pk for m in cancelled}
    without_register = [m for m in meetings if m.pk not in listed]
    seats = list(
        Membership.objects.filter(board=board, role__in=SEAT_ROLES, start_date__lte=period.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
        .select_related("person", "organisation")
        .order_by("start_date", "pk")
    )
    own: dict[tuple[int, int], str] = {}  # (meeting, person) -> status
    filled: set[tuple[int, int]] = set()  # (meeting, seat) a deputy or substitute filled
    entries = Attendance.objects.filter(
        meeting__board=board,
        meeting__date__range=(period.start, period.end),
        meeting__status=MeetingStatus.HELD,
        meeting__register_taken_at__isnull=False,
    ).values_list("meeting_id", "person_id", "status", "for_member_id")
    for meeting_id, person_id, status, for_member_id in entries:
        own[(meeting_id, person_id)] = status
        if status in STANDING_IN and for_member_id:
            filled.add((meeting_id, for_member_id))

    members: dict[int, MemberLine] = {}
    organisations: dict[int | None, OrganisationLine] = {}
    total = Tally()
    for meeting in counted:
        on_the_day: dict[int, Membership] = {}
        for seat in seats:
            if seat.start_date <= meeting.date and (seat.end_date is None or seat.end_date >= meeting.date):
                held = on_the_day.get(seat.person_id)
                if held is None or role_rank(seat.role) < role_rank(held.role):
                    on_the_day[seat.person_id] = seat
        for seat in on_the_day.values():
            status = own.get((meeting.pk, seat.person_id))
            if status == AttendanceStatus.PRESENT:
                outcome = "in_person"
            elif (meeting.pk, seat.pk) in filled:
                outcome = "by_deputy"
            elif status == AttendanceStatus.APOLOGIES:
                outcome = "apologies"
            else:
                outcome = "absent"
            line = members.get(seat.person_id)
            if line is None:
                line = members[seat.person_id] = MemberLine(person=seat.person, role="", organisation="")
            line.role = seat.role_label  # the latest seat counted speaks for the member
            line.organisation = seat.organisation.name if seat.organisation_id else ""
            line.tally.add(outcome)
            group = organisations.get(seat.organisation_id)
            if group is None:
                group = organisations[seat.organisation_id] = OrganisationLine(organisation=seat.organisation)
            group.members.add(seat.person_id)
            group.tally.add(outcome)
            total.add(outcome)
    member_lines = sorted(members.values(), key=lambda m: (m.organisation.lower() or "\uffff", *_sort_name(m.person)))
    organisation_lines = sorted(organisations.values(), key=lambda o: (o.organisation is None, o.name.lower()))
    return AttendanceReport(
        board=board,
        period=period,
        counted=counted,
        without_register=without_register,
        cancelled=cancelled,
        members=member_lines,
        organisations=organisation_lines,
        total=total,
    )


def organisation_chart(report: AttendanceReport, *, target: int | None, chart_id: str = "attendance-chart"):
    """The report's chart: a bar per organisation (the share of its seats' expected attendances attended),
    with the board's target as a line; ``None`` when no organisation is counted. Its description points to
    the table “Attendance by organisation” that the page puts beside it. The attendance report and the
    scorecard draw it with this one function."""
    if not report.organisations:
        return None
    target_text = f", with the board's target of {target}% marked as a line" if target is not None else ""
    return bar_chart_svg(
        chart_id=chart_id,
        title=f"Attendance by organisation, {report.period.label}",
        description=(
            f"A bar for each organisation: the share of its seats' expected attendances that were attended, "
            f"in person or by deputy{target_text}. The figures are in the table “Attendance by organisation”."
        ),
        bars=[(line.name, float(line.tally.percent) if line.tally.expected else None) for line in report.organisations],
        target=target,
        target_label=f"Target {target}%" if target is not None else "",
    )
