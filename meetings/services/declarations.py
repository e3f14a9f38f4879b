"""Writes for interests: a person's register of interests, and declarations made at a meeting.

Which types of interest apply depends on the kind of board (:func:`meetings.enums.interest_types_for`): a
council committee's members follow the council's code of conduct (disclosable pecuniary, other registrable
and non-registrable interests); other boards record conflicts of interest.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from boards.models import Person
from core.activity import log_action
from core.permissions import require_permission

from ..enums import InterestType, interest_types_for
from ..models import AgendaItem, Declaration, Meeting, RegisteredInterest
from .agenda import _user_or_none


def _check_type(interest_type: str, allowed) -> None:
    if interest_type not in allowed:
        names = ", ".join(InterestType(t).label.lower() for t in allowed)
        raise ValidationError({"interest_type": f"This board records: {names}."})


@transaction.atomic
def declaration_record(
    *,
    user,
    meeting: Meeting,
    item: AgendaItem,
    person: Person,
    interest_type: str,
    description: str,
    left_room: bool = False,
    registered_interest: RegisteredInterest | None = None,
) -> Declaration:
    """Record an interest someone declared at the meeting against an item, and whether they left the room."""
    require_permission(user, "meetings.record_declarations", meeting)
    if item.meeting_id != meeting.pk:
        raise ValidationError({"item": "That item is on another meeting's agenda."})
    _check_type(interest_type, interest_types_for(meeting.board.kind))
    if registered_interest is not None and registered_interest.person_id != person.pk:
        raise ValidationError({"registered_interest": f"That entry is in someone else's register, not {person}'s."})
    if Declaration.objects.filter(item=item, person=person, interest_type=interest_type).exists():
        raise ValidationError(f"{person} has already declared an interest of that type in “{item}”.")
    declaration = Declaration(
        meeting=meeting,
        item=item,
        person=person,
        interest_type=interest_type,
        description=description.strip(),
        left_room=left_room,
        registered_interest=registered_interest,
        recorded_by=_user_or_none(user),
    )
    declaration.full_clean()
    declaration.save()
    log_action(
        "meetings.declaration.recorded",
        actor=user,
        obj=declaration,
        data={"summary": f"{declaration}: {declaration.description}" + (" (left the room)" if left_room else "")},
    )
    return declaration


@transaction.atomic
def declaration_remove(*, user, declaration: Declaration) -> None:
    """Take out a declaration recorded by mistake; the history keeps it."""
    require_permission(user, "meetings.record_declarations", declaration.meeting)
    log_action("meetings.declaration.removed", actor=user, obj=declaration, data={"summary": str(declaration)})
    declaration.delete()


@transaction.atomic
def interest_register(
    *,
    user,
    person: Person,
    interest_type: str,
    description: str,
    from_date: datetime.date,
    to_date: datetime.date | None = None,
) -> RegisteredInterest:
    """Add an entry to a person's register of interests."""
    require_permission(user, "meetings.manage_interests", person)
    _check_type(interest_type, InterestType.values)
    interest = RegisteredInterest(
        person=person,
        interest_type=interest_type,
        description=description.strip(),
        from_date=from_date,
        to_date=to_date,
        created_by=_user_or_none(user),
    )
    interest.full_clean()
    interest.save()
    log_action("meetings.interest.registered", actor=user, obj=interest, data={"summary": str(interest)})
    return interest


@transaction.atomic
def interest_end(*, user, interest: RegisteredInterest, to_date: datetime.date) -> RegisteredInterest:
    """An interest that has ended keeps its entry, with the date it ended."""
    require_permission(user, "meetings.manage_interests", interest.person)
    if to_date < interest.from_date:
        raise ValidationError({"to_date": f"It cannot end before it began ({interest.from_date:%-d %B %Y})."})
    interest.to_date = to_date
    interest.save(update_fields=["to_date"])
    log_action("meetings.interest.ended", actor=user, obj=interest, data={"summary": f"{interest}, until {to_date}"})
    return interest
