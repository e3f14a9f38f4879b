"""Writes for the register and apologies: who came, who sent apologies, who attended in a member's place.

The register is the coordinator's record of the day (:class:`~meetings.models.Attendance`); apologies are
what members send beforehand (:class:`~meetings.models.Apology`), and a deputy named with them is a
:class:`~meetings.models.StandIn` for the seat, made through :func:`.meetings.stand_in_name`, so the one
visibility rule lets the deputy read the meeting's papers until it is held. Every change to the register
records the quorum on the meeting afresh (``Meeting.quorate`` and ``quorum_record``) for the minutes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from boards.models import Membership, Person
from core import clock
from core.activity import log_action
from core.locks import lock_row
from core.permissions import require_permission

from ..attendance import (
    may_still_send_apologies,
    people_as_on,
    quorum_of,
    register_rows,
)
from ..enums import ATTENDED, STANDING_IN, AttendanceStatus, MeetingStatus, StandInKind
from ..models import AgendaItem, Apology, Attendance, Meeting, StandIn
from .agenda import _user_or_none
from .meetings import stand_in_name, stand_in_remove

#: What the register form offers for a seat. "deputy" and "substitute" mean: the member sent apologies and
#: someone attended in their place.
SEAT_STATUSES = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.APOLOGIES,
    AttendanceStatus.DEPUTY,
    AttendanceStatus.SUBSTITUTE,
    AttendanceStatus.ABSENT,
    AttendanceStatus.IN_ATTENDANCE,
)


@dataclass
class SeatEntry:
    """How one seat is recorded: the member's status, and who attended in their place (for "deputy" or
    "substitute")."""

    seat: Membership
    status: str
    in_place: Person | None = None
    arrived_at_item: AgendaItem | None = None
    left_at_item: AgendaItem | None = None
    note: str = ""
    #: Role and organisation as printed (e.g. in old minutes), instead of as the portal knew them that day.
    role: str = ""
    organisation: str = ""
    in_place_role: str = ""
    in_place_organisation: str = ""


def _on_date(seat: Membership, day: datetime.date) -> bool:
    return seat.start_date <= day and (seat.end_date is None or seat.end_date >= day)


def _check_seat(meeting: Meeting, seat: Membership) -> None:
    if seat.board_id != meeting.board_id:
        raise ValidationError(f"{seat.person} sits on another board.")
    if not _on_date(seat, meeting.date):
        raise ValidationError(f"{seat.person} does not sit on the board on {meeting.date:%-d %B %Y}.")


def _check_item(meeting: Meeting, item: AgendaItem | None) -> None:
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError("That item is on another meeting's agenda.")


def _as_that_day(meeting: Meeting, people: list[Person]) -> dict[int, tuple[str, str]]:
    """(role, organisation) of each person as they stood on the meeting's day, from their history."""
    from boards.models import Organisation

    history = people_as_on([p.pk for p in people], meeting.date)
    org_ids = {org_id for _, org_id in history.values() if org_id}
    names = dict(Organisation.objects.filter(pk__in=org_ids).values_list("pk", "name")) if org_ids else {}
    out = {}
    for person in people:
        if person.pk in history:
            job_title, org_id = history[person.pk]
            out[person.pk] = (job_title, names.get(org_id, ""))
        else:
            out[person.pk] = (person.job_title, person.organisation.name if person.organisation_id else "")
    return out


def _record_quorum(*, user, meeting: Meeting) -> None:
    """Store the quorum as the register now stands (for the minutes), and when and by whom it was taken."""
    quorum = quorum_of(meeting.board, register_rows(meeting))
    meeting.quorate = quorum.quorate
    meeting.quorum_record = quorum.as_record()
    meeting.register_taken_at = clock.now()
    meeting.register_taken_by = _user_or_none(user)
    meeting.save(update_fields=["quorate", "quorum_record", "register_taken_at", "register_taken_by"])


def _check_can_record(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("This meeting was cancelled: it has no register.")


@transaction.atomic
def register_save(*, user, meeting: Meeting, entries: list[SeatEntry], chair: Person | None = None) -> list[Attendance]:
    """Record the seats of the register (and who was in the chair), keep everyone else's entries, and
    record the quorum. Roles and organisations are copied as they were on the meeting's day; an entry
    already in the register keeps the role and organisation it was recorded with."""
    require_permission(user, "meetings.take_register", meeting)
    lock_row(Meeting, meeting.pk)
    _check_can_record(meeting)
    existing = {row.person_id: row for row in Attendance.objects.filter(meeting=meeting).select_related("person")}

    seen: dict[int, str] = {}

    def claim(person: Person, what: str) -> None:
        if person.pk in seen:
            raise ValidationError(f"{person} is in the register twice: {seen[person.pk]} and {what}.")
        seen[person.pk] = what

    for entry in entries:
        _check_seat(meeting, entry.seat)
        _check_item(meeting, entry.arrived_at_item)
        _check_item(meeting, entry.left_at_item)
        if entry.status not in SEAT_STATUSES:
            raise ValidationError(f"“{entry.status}” is not a status the register knows.")
        claim(entry.seat.person, "as a member")
        if entry.status in STANDING_IN:
            if entry.in_place is None:
                raise ValidationError(f"Say who attended in {entry.seat.person}'s place.")
            if entry.in_place.pk == entry.seat.person_id:
                raise ValidationError(f"{entry.seat.person} cannot attend in their own place.")
            claim(entry.in_place, f"in {entry.seat.person}'s place")
    if chair is not None and chair.pk not in seen and chair.pk not in existing:
        raise ValidationError(f"{chair} is not in the register, so cannot be recorded in the chair.")

    # Whoever was recorded in one of these members' places and no longer is leaves the register first (the
    # history keeps them), so that no two entries ever fill one seat.
    kept = {(e.seat.pk, e.in_place.pk) for e in entries if e.status in STANDING_IN}
    recorded_seats = {e.seat.pk for e in entries}
    for row in list(existing.values()):
        if row.for_member_id in recorded_seats and (row.for_member_id, row.person_id) not in kept:
            row.delete()
            del existing[row.person_id]
    people = [e.seat.person for e in entries] + [e.in_place for e in entries if e.status in STANDING_IN]
    as_that_day = _as_that_day(meeting, [p for p in people if p.pk not in existing])
    Attendance.objects.filter(meeting=meeting, is_chair=True).update(is_chair=False)
    saved = []
    for entry in entries:
        seat, member = entry.seat, entry.seat.person
        standing_in = entry.status in STANDING_IN
        status = AttendanceStatus.APOLOGIES if standing_in else entry.status
        saved.append(
            _upsert(
                meeting,
                member,
                existing,
                as_that_day,
                seat=seat,
                status=status,
                voting=seat.voting,
                arrived_at_item=None if standing_in else entry.arrived_at_item,
                left_at_item=None if standing_in else entry.left_at_item,
                note=entry.note,
                printed=(entry.role, entry.organisation),
            )
        )
        if standing_in:
            saved.append(
                _upsert(
                    meeting,
                    entry.in_place,
                    existing,
                    as_that_day,
                    seat=None,
                    status=entry.status,
                    for_member=seat,
                    voting=seat.voting,
                    arrived_at_item=entry.arrived_at_item,
                    left_at_item=entry.left_at_item,
                    note="",
                    printed=(entry.in_place_role, entry.in_place_organisation),
                )
            )
    if chair is not None:
        chaired = Attendance.objects.filter(meeting=meeting, person=chair).first()
        if chaired is None or chaired.status not in ATTENDED:
            raise ValidationError(f"{chair} is not recorded as attending, so cannot be recorded in the chair.")
        chaired.is_chair = True
        chaired.save(update_fields=["is_chair"])
    _record_quorum(user=user, meeting=meeting)
    counts = {}
    for row in Attendance.objects.filter(meeting=meeting).values_list("status", flat=True):
        counts[row] = counts.get(row, 0) + 1
    log_action(
        "meetings.register.saved",
        actor=user,
        obj=meeting,
        data={
            "summary": ", ".join(f"{AttendanceStatus(k).label.lower()}: {v}" for k, v in sorted(counts.items())),
            "quorum": meeting.quorum_record.get("sentence", ""),
        },
    )
    return saved


def _upsert(meeting, person, existing, as_that_day, *, seat, status, printed=("", ""), **fields) -> Attendance:
    row = existing.get(person.pk)
    if row is None:
        role, organisation = as_that_day.get(person.pk) or (person.job_title, "")
        if seat is not None:
            role = role or seat.role_label
            organisation = seat.organisation.name if seat.organisation_id else organisation
        row = Attendance(meeting=meeting, person=person, role=role, organisation=organisation)
        existing[person.pk] = row
    printed_role, printed_organisation = printed
    row.role = printed_role.strip() or row.role
    row.organisation = printed_organisation.strip() or row.organisation
    row.seat = seat
    row.status = status
    row.is_chair = False  # who chaired is set once every entry is saved
    row.for_member = fields.pop("for_member", None)
    for name, value in fields.items():
        setattr(row, name, value)
    row.recorded_at = clock.now()
    row.full_clean(exclude=["meeting", "person", "seat", "for_member"], validate_unique=False)
    row.save()
    return row


@transaction.atomic
def attendance_add(
    *,
    user,
    meeting: Meeting,
    person: Person,
    status: str = AttendanceStatus.IN_ATTENDANCE,
    for_member: Membership | None = None,
    role: str = "",
    organisation: str = "",
    arrived_at_item: AgendaItem | None = None,
    left_at_item: AgendaItem | None = None,
    note: str = "",
) -> Attendance:
    """Add someone to the register: an officer, guest or presenter in attendance, or someone attending in a
    member's place (then the member is recorded as having sent apologies, unless already recorded so)."""
    require_permission(user, "meetings.take_register", meeting)
    lock_row(Meeting, meeting.pk)
    _check_can_record(meeting)
    _check_item(meeting, arrived_at_item)
    _check_item(meeting, left_at_item)
    if status not in (AttendanceStatus.IN_ATTENDANCE, AttendanceStatus.PRESENT, *STANDING_IN):
        raise ValidationError("Add someone as present, in attendance, or in a member's place.")
    if Attendance.objects.filter(meeting=meeting, person=person).exists():
        raise ValidationError(f"{person} is already in the register: change their entry there.")
    seat = None
    if status in STANDING_IN:
        if for_member is None:
            raise ValidationError("Say whose place they took.")
        _check_seat(meeting, for_member)
        if for_member.person_id == person.pk:
            raise ValidationError(f"{person} cannot attend in their own place.")
        if Attendance.objects.filter(meeting=meeting, for_member=for_member).exists():
            raise ValidationError(f"Someone is already recorded in {for_member.person}'s place.")
        member_row = Attendance.objects.filter(meeting=meeting, person_id=for_member.person_id).first()
        if member_row is not None and member_row.status == AttendanceStatus.PRESENT:
            raise ValidationError(f"{for_member.person} is recorded as present.")
    else:
        for_member = None
        seat = (
            Membership.objects.on_date(meeting.date).filter(board_id=meeting.board_id, person=person).first()
            if status == AttendanceStatus.PRESENT
            else None
        )
    then_role, then_organisation = _as_that_day(meeting, [person])[person.pk]
    row = Attendance(
        meeting=meeting,
        person=person,
        seat=seat,
        status=status,
        for_member=for_member,
        role=role.strip() or then_role,
        organisation=organisation.strip() or then_organisation,
        voting=bool(for_member.voting if for_member else seat and seat.voting),
        arrived_at_item=arrived_at_item,
        left_at_item=left_at_item,
        note=note.strip(),
    )
    row.full_clean(exclude=["meeting", "person", "seat", "for_member"], validate_unique=False)
    row.save()
    if for_member is not None:
        member_row = Attendance.objects.filter(meeting=meeting, person_id=for_member.person_id).first()
        if member_row is None:
            role_then, organisation_then = _as_that_day(meeting, [for_member.person])[for_member.person_id]
            Attendance.objects.create(
                meeting=meeting,
                person=for_member.person,
                seat=for_member,
                status=AttendanceStatus.APOLOGIES,
                role=role_then or for_member.role_label,
                organisation=for_member.organisation.name if for_member.organisation_id else organisation_then,
            )
        elif member_row.status == AttendanceStatus.ABSENT:
            member_row.status = AttendanceStatus.APOLOGIES
            member_row.save(update_fields=["status"])
    _record_quorum(user=user, meeting=meeting)
    log_action(
        "meetings.register.added",
        actor=user,
        obj=row,
        data={"summary": f"{person}: {row.status_label}"},
    )
    return row


@transaction.atomic
def attendance_remove(*, user, attendance: Attendance) -> None:
    """Take someone out of the register (added by mistake); the history keeps the entry."""
    meeting = attendance.meeting
    require_permission(user, "meetings.take_register", meeting)
    lock_row(Meeting, meeting.pk)
    log_action(
        "meetings.register.removed",
        actor=user,
        obj=attendance,
        data={"summary": f"{attendance.person}: {attendance.status_label}"},
    )
    attendance.delete()
    _record_quorum(user=user, meeting=meeting)


# Apologies sent before the meeting ---------------------------------------------------------------------


def _check_may_send(user, meeting: Meeting, seat: Membership) -> None:
    own_seat = getattr(user, "person_id", None) is not None and user.person_id == seat.person_id
    if not own_seat:
        require_permission(user, "meetings.take_register", meeting)
    _check_seat(meeting, seat)
    if not may_still_send_apologies(meeting):
        if meeting.status == MeetingStatus.CANCELLED:
            raise ValidationError("This meeting is cancelled: no apologies are needed.")
        raise ValidationError(
            "Apologies are sent before the meeting. Ask the coordinator to record yours in the register."
        )


@transaction.atomic
def apology_send(
    *,
    user,
    meeting: Meeting,
    seat: Membership,
    message: str = "",
    deputy: Person | None = None,
    deputy_kind: str = StandInKind.DEPUTY,
) -> Apology:
    """A member's apologies for a meeting ahead, perhaps naming a deputy. Sending again changes the message
    and the deputy (``deputy=None`` removes one named before); the coordinator sees them on the meeting page
    at once, and the deputy reads the meeting's papers until it is held."""
    _check_may_send(user, meeting, seat)
    lock_row(Meeting, meeting.pk)
    apology = Apology.objects.filter(meeting=meeting, seat=seat, withdrawn_at__isnull=True).first()
    created = apology is None
    if created:
        apology = Apology(meeting=meeting, seat=seat, sent_by=_user_or_none(user))
    apology.message = message.strip()
    apology.full_clean(exclude=["meeting", "seat"], validate_unique=False)
    apology.save()
    named = StandIn.objects.filter(meeting=meeting, in_place_of=seat).select_related("person").first()
    if deputy is not None:
        if named is None or named.person_id != deputy.pk or named.kind != deputy_kind:
            stand_in_name(user=user, meeting=meeting, in_place_of=seat, person=deputy, kind=deputy_kind)
    elif named is not None:
        stand_in_remove(user=user, stand_in=named)
    # A register already started for the meeting shows the apologies.
    Attendance.objects.filter(meeting=meeting, person_id=seat.person_id, status=AttendanceStatus.ABSENT).update(
        status=AttendanceStatus.APOLOGIES
    )
    log_action(
        "meetings.apology.sent" if created else "meetings.apology.changed",
        actor=user,
        obj=apology,
        data={
            "summary": f"{seat.person}" + (f", deputy {deputy}" if deputy else ", no deputy"),
            "message": apology.message,
        },
    )
    return apology


@transaction.atomic
def apology_withdraw(*, user, apology: Apology) -> Apology:
    """The member will come after all: the apologies are withdrawn (and kept, with the time), and whoever
    was named to attend in their place is no longer."""
    meeting, seat = apology.meeting, apology.seat
    _check_may_send(user, meeting, seat)
    if apology.withdrawn_at is not None:
        raise ValidationError("These apologies were already withdrawn.")
    apology.withdrawn_at = clock.now()
    apology.withdrawn_by = _user_or_none(user)
    apology.save(update_fields=["withdrawn_at", "withdrawn_by"])
    named = StandIn.objects.filter(meeting=meeting, in_place_of=seat).first()
    if named is not None:
        stand_in_remove(user=user, stand_in=named)
    log_action("meetings.apology.withdrawn", actor=user, obj=apology, data={"summary": str(seat.person)})
    return apology
