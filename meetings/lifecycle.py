"""One life cycle for a meeting, in one place.

    draft → agenda approved by the chair (when the board asks for it) → agenda published → pack issued
          → held → minutes drafted → minutes approved                     (cancelled / postponed beside it)

The stage is read from the meeting's own facts (dates stamped by the services that make each step), so it
can never disagree with them. Each step's rule lives here and the services ask it:

- the agenda is published only once the chair has approved it, when the board asks for approval;
- no pack is issued before the agenda is published;
- a meeting is recorded as held from its day on, unless cancelled;
- from publication on (or once held) the agenda is part of the record: a change is a numbered revision,
  and items and papers are withdrawn with a reason rather than deleted;
- the notice-period warning is for the planning stages only: it clears once the members' pack is issued.

Then the minutes (:mod:`meetings.minutes.services`): "minutes drafted" once they are begun, "minutes
approved" once the board has confirmed them at a later meeting (and the chair has signed, or is to sign
them) or, for an informal session, once its notes are final.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models

from core import clock

from .enums import MeetingStatus, MinutesStatus, PackEdition, PackStatus
from .models import Meeting


class Stage(models.TextChoices):
    DRAFT = "draft", "Draft agenda"
    APPROVED = "approved", "Agenda approved by the chair"
    PUBLISHED = "published", "Agenda published"
    PACK_ISSUED = "pack_issued", "Pack issued"
    HELD = "held", "Held"
    MINUTES_DRAFTED = "minutes_drafted", "Minutes drafted"
    MINUTES_APPROVED = "minutes_approved", "Minutes approved"


ORDER = list(Stage)


def members_pack_issued(meeting: Meeting) -> bool:
    return meeting.pack_builds.filter(
        edition=PackEdition.MEMBERS, issued_at__isnull=False, status=PackStatus.DONE
    ).exists()


def _minutes_of(meeting: Meeting):
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return meeting.minutes
    except ObjectDoesNotExist:
        return None


def stage_of(meeting: Meeting) -> Stage:
    """Where the meeting has got to (cancelled and postponed meetings keep the stage they reached)."""
    if meeting.status == MeetingStatus.HELD:
        minutes = _minutes_of(meeting)
        if minutes is None:
            return Stage.HELD
        # Signed minutes being corrected stay approved: the version signed before stands meanwhile.
        approved = minutes.is_approved or minutes.status == MinutesStatus.AMENDING
        return Stage.MINUTES_APPROVED if approved else Stage.MINUTES_DRAFTED
    if meeting.agenda_published_at:
        return Stage.PACK_ISSUED if members_pack_issued(meeting) else Stage.PUBLISHED
    if meeting.agenda_approved_at:
        return Stage.APPROVED
    return Stage.DRAFT


@dataclass(frozen=True)
class Step:
    stage: Stage
    label: str
    state: str  # "done", "current" or "to do"


def steps(meeting: Meeting) -> list[Step]:
    """The stepper on the meeting page. The approval step shows only for boards that ask for it."""
    current = stage_of(meeting)
    shown = [s for s in ORDER if s != Stage.APPROVED or meeting.board.agenda_needs_approval]
    at = ORDER.index(current)
    out = []
    for stage in shown:
        i = ORDER.index(stage)
        state = "done" if i < at else "current" if i == at else "to do"
        out.append(Step(stage, stage.label, state))
    return out


# The rules each step follows ------------------------------------------------------------------------------


def check_can_approve(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("This meeting is cancelled: its agenda cannot be approved.")
    if meeting.agenda_published_at:
        raise ValidationError("The agenda is already published.")
    if meeting.agenda_approved_at:
        raise ValidationError("The chair has already approved this agenda.")
    if not meeting.items.exists():
        raise ValidationError("The agenda is empty: there is nothing to approve yet.")


def check_can_publish(meeting: Meeting) -> None:
    if meeting.board.agenda_needs_approval and not meeting.agenda_approved_at and not meeting.agenda_published_at:
        raise ValidationError(
            "This board's chair approves each agenda before it is published: ask the chair to approve it."
        )


def check_can_issue_pack(meeting: Meeting) -> None:
    if meeting.agenda_published_at is None:
        raise ValidationError("Publish the agenda before issuing a pack: members are sent the agenda first.")


def check_can_mark_held(meeting: Meeting) -> None:
    from .workdays import long_date

    if meeting.status == MeetingStatus.HELD:
        raise ValidationError("This meeting is already recorded as held.")
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("This meeting was cancelled, so it cannot be recorded as held.")
    if meeting.date > clock.today():
        raise ValidationError(f"The meeting is on {long_date(meeting.date)}: it can be recorded as held from that day.")


def agenda_is_record(meeting: Meeting) -> bool:
    """From publication on, or once recorded as held, the agenda is part of the record. (A past meeting
    still being entered, say from an old paper agenda, is not: its clerk builds it freely until then.)"""
    return bool(meeting.agenda_published_at or meeting.status == MeetingStatus.HELD)


def awaiting_outcome(meetings):
    """Meetings whose day has passed that are still marked scheduled or postponed: the coordinator records
    each as held or cancelled."""
    return meetings.filter(
        date__lt=clock.today(), status__in=[MeetingStatus.SCHEDULED, MeetingStatus.POSTPONED]
    ).order_by("date")
