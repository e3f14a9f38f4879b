"""Writes for meetings: their details, the board's standing items, deputies and substitutes."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from boards.models import Board, Person
from core.activity import changes, log_action, snapshot
from core.permissions import require_permission

from ..enums import MeetingKind, MeetingStatus, StandInKind
from ..models import (
    AgendaItem,
    AgendaTemplateItem,
    ItemLead,
    Meeting,
    StandIn,
    Venue,
)
from ..packs.generated import validate_generated_kind
from ..standing import standing_items_for
from .agenda import POSITION_STEP, _user_or_none


@transaction.atomic
def agenda_template_install_default(*, board: Board) -> list[AgendaTemplateItem]:
    """Give a board the standing items of its kind of body (:mod:`meetings.standing`), unless it already
    has some."""
    if board.agenda_template.exists():
        return list(board.agenda_template.all())
    return AgendaTemplateItem.objects.bulk_create(
        AgendaTemplateItem(
            board=board,
            position=i,
            title=row.title,
            item_for=row.item_for,
            intended_outcome=row.intended_outcome,
            duration_minutes=row.duration_minutes,
            standing=row.standing,
            generated_kind=row.generated_kind,
            at_end=row.at_end,
            lead_office=row.lead_office,
        )
        for i, row in enumerate(standing_items_for(board.kind))
    )


# Meetings --------------------------------------------------------------------------------------------

CALENDAR_FIELDS = ("date", "start_time", "end_time", "venue", "online_link", "status", "kind")


@transaction.atomic
def venue_save(*, user, board: Board, venue: Venue | None = None, **fields) -> Venue:
    require_permission(user, "meetings.manage_meeting", board)
    created = venue is None
    venue = venue or Venue(board=board)
    before = snapshot(venue, fields)
    for name, value in fields.items():
        setattr(venue, name, value)
    venue.full_clean()
    venue.save()
    log_action(
        "meetings.venue.added" if created else "meetings.venue.changed",
        actor=user,
        obj=venue,
        data={"changes": changes(before, snapshot(venue, fields))},
    )
    return venue


@transaction.atomic
def meeting_create(
    *,
    user,
    board: Board,
    date: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time | None = None,
    venue: Venue | None = None,
    online_link: str = "",
    kind: str = MeetingKind.ORDINARY,
    contact_officer: Person | None = None,
    pack_issue_date: datetime.date | None = None,
    with_standing_items: bool = True,
) -> Meeting:
    require_permission(user, "meetings.manage_meeting", board)
    meeting = Meeting(
        board=board,
        date=date,
        start_time=start_time,
        end_time=end_time,
        venue=venue,
        online_link=online_link,
        kind=kind,
        contact_officer=contact_officer,
        pack_issue_date=pack_issue_date,
    )
    meeting.full_clean()
    meeting.save()
    if with_standing_items:
        meeting_agenda_from_template(meeting=meeting)
    log_action("meetings.meeting.created", actor=user, obj=meeting, data={"date": date, "start_time": start_time})
    return meeting


@transaction.atomic
def meeting_update(*, user, meeting: Meeting, **fields) -> Meeting:
    """Change a meeting's details; anything a calendar shows bumps the calendar SEQUENCE."""
    require_permission(user, "meetings.manage_meeting", meeting)
    changed_calendar = any(
        name in CALENDAR_FIELDS and getattr(meeting, name) != value for name, value in fields.items()
    )
    before = snapshot(meeting, fields)
    for name, value in fields.items():
        setattr(meeting, name, value)
    if changed_calendar:
        meeting.calendar_sequence += 1
    meeting.full_clean()
    meeting.save()
    diff = changes(before, snapshot(meeting, fields))
    if diff:
        log_action("meetings.meeting.changed", actor=user, obj=meeting, data={"changes": diff})
    return meeting


@transaction.atomic
def meeting_agenda_from_template(*, meeting: Meeting) -> list[AgendaItem]:
    """Insert the board's standing items: opening items first, closing ones (AOB, future dates) last. Those
    placed after the business items stay there as items are added (:func:`agenda_item_add`).

    An informal session (a deep dive, a workshop) gets none: it has notes, not minutes, and no formal business.
    """
    if meeting.is_informal:
        return []
    template = list(meeting.board.agenda_template.all())  # a board that removed them all starts empty
    start = (meeting.items.aggregate(m=Max("position"))["m"] or 0) + 1
    created = []
    for offset, row in enumerate(sorted(template, key=lambda r: (r.at_end, r.position))):
        item = AgendaItem.objects.create(
            meeting=meeting,
            position=(start + offset) * POSITION_STEP,
            title=row.title,
            item_for=row.item_for,
            intended_outcome=row.intended_outcome,
            duration_minutes=row.duration_minutes,
            standing=row.standing,
            generated_kind=row.generated_kind,
            closing=row.at_end,
        )
        if row.lead_office:
            ItemLead.objects.create(item=item, office=row.lead_office)
        created.append(item)
    return created


# The board's standing items ----------------------------------------------------------------------------


@transaction.atomic
def agenda_template_item_add(
    *,
    user,
    board: Board,
    title: str,
    item_for: str = "",
    intended_outcome: str = "",
    duration_minutes: int | None = None,
    lead_office: str = "",
    at_end: bool = False,
    generated_kind: str = "",
) -> AgendaTemplateItem:
    require_permission(user, "meetings.manage_meeting", board)
    position = (board.agenda_template.aggregate(m=Max("position"))["m"] or 0) + 1
    row = AgendaTemplateItem(
        board=board,
        position=position,
        title=title.strip(),
        item_for=item_for,
        intended_outcome=intended_outcome,
        duration_minutes=duration_minutes,
        lead_office=lead_office.strip(),
        at_end=at_end,
        generated_kind=generated_kind,
    )
    try:
        validate_generated_kind(generated_kind)
    except ValidationError as e:
        raise ValidationError({"generated_kind": e.messages}) from None
    row.full_clean()
    row.save()
    log_action("meetings.standing_item.added", actor=user, obj=row, data={"title": row.title})
    return row


#: What a coordinator edits on a standing item (its order changes by moving it).
TEMPLATE_ITEM_FIELDS = (
    "title",
    "item_for",
    "intended_outcome",
    "duration_minutes",
    "lead_office",
    "at_end",
    "generated_kind",
)


@transaction.atomic
def agenda_template_item_update(*, user, row: AgendaTemplateItem, **fields) -> AgendaTemplateItem:
    """Change a standing item for the agendas created from now on (agendas already made keep theirs). One
    moved to the other side of the business items goes last in its new group."""
    require_permission(user, "meetings.manage_meeting", row.board)
    stored = AgendaTemplateItem.objects.get(pk=row.pk)
    before = snapshot(stored, TEMPLATE_ITEM_FIELDS)
    for name, value in fields.items():
        if name in TEMPLATE_ITEM_FIELDS:
            setattr(row, name, value.strip() if name in ("title", "lead_office") else value)
    try:
        validate_generated_kind(row.generated_kind)
    except ValidationError as e:
        raise ValidationError({"generated_kind": e.messages}) from None
    if row.at_end != stored.at_end:
        group = row.board.agenda_template.filter(at_end=row.at_end).exclude(pk=row.pk)
        row.position = (group.aggregate(m=Max("position"))["m"] or 0) + 1
    row.full_clean()
    row.save()
    diff = changes(before, snapshot(row, TEMPLATE_ITEM_FIELDS))
    if diff:
        log_action("meetings.standing_item.changed", actor=user, obj=row, data={"changes": diff})
    return row


@transaction.atomic
def agenda_template_item_delete(*, user, row: AgendaTemplateItem) -> None:
    require_permission(user, "meetings.manage_meeting", row.board)
    log_action("meetings.standing_item.removed", actor=user, obj=row, data={"title": row.title})
    row.delete()


@transaction.atomic
def agenda_template_item_move(*, user, row: AgendaTemplateItem, direction: str) -> None:
    """Move a standing item up or down within its group (opening items, or closing items)."""
    require_permission(user, "meetings.manage_meeting", row.board)
    group = list(row.board.agenda_template.filter(at_end=row.at_end).order_by("position", "pk"))
    index = next(i for i, r in enumerate(group) if r.pk == row.pk)
    target = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= target < len(group):
        raise ValidationError("That standing item cannot move further.")
    group[index], group[target] = group[target], group[index]
    for i, r in enumerate(group):
        r.position = i + 1
    AgendaTemplateItem.objects.bulk_update(group, ["position"])
    log_action("meetings.standing_item.moved", actor=user, obj=row, data={"direction": direction})


# Deputies and substitutes named for one meeting ----------------------------------------------------------


@transaction.atomic
def stand_in_name(*, user, meeting: Meeting, in_place_of, person: Person, kind: str = StandInKind.DEPUTY) -> StandIn:
    """Name someone to attend one meeting in a member's place. The coordinator may name anyone's; a member
    may name their own. The person reads that meeting's members' papers until it is held."""
    own_seat = getattr(user, "person_id", None) is not None and user.person_id == in_place_of.person_id
    if not own_seat:
        require_permission(user, "meetings.manage_meeting", meeting)
    if in_place_of.board_id != meeting.board_id:
        raise ValidationError("That seat is on another board.")
    if not (
        in_place_of.start_date <= meeting.date
        and (in_place_of.end_date is None or in_place_of.end_date >= meeting.date)
    ):
        raise ValidationError(f"{in_place_of.person} does not sit on the board on {meeting.date:%-d %B %Y}.")
    if person.pk == in_place_of.person_id:
        raise ValidationError("Name someone other than the member whose place they take.")
    if meeting.status in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
        raise ValidationError(
            f"This meeting is {meeting.get_status_display().lower()}: no one can be named for it now."
        )
    stand_in, _ = StandIn.objects.update_or_create(
        meeting=meeting,
        in_place_of=in_place_of,
        defaults={"person": person, "kind": kind, "named_by": _user_or_none(user)},
    )
    log_action(
        "meetings.stand_in.named",
        actor=user,
        obj=stand_in,
        data={"person": str(person), "in_place_of": str(in_place_of.person), "kind": stand_in.get_kind_display()},
    )
    return stand_in


@transaction.atomic
def stand_in_remove(*, user, stand_in: StandIn) -> None:
    own_seat = getattr(user, "person_id", None) is not None and user.person_id == stand_in.in_place_of.person_id
    if not own_seat:
        require_permission(user, "meetings.manage_meeting", stand_in.meeting)
    log_action(
        "meetings.stand_in.removed",
        actor=user,
        obj=stand_in,
        data={"person": str(stand_in.person), "in_place_of": str(stand_in.in_place_of.person)},
    )
    stand_in.delete()
