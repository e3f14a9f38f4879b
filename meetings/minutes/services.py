"""Writes for minutes: drafting from the agenda, decisions, recommendations and minuted actions, members'
comments, circulation, confirmation at a later meeting, the chair's sign-off, and amendments after it.

    draft ─ circulate ─▶ circulated (members comment) ─ confirm at a later meeting ─▶ confirmed
          ─ the person presiding signs, confirming who they are again ─▶ signed (locked)
          ─ amendment opened (a reason) ─▶ amending ─ ready ─▶ confirmed ─ signs again ─▶ signed, version 2

Informal sessions have notes: draft ─ made final ─▶ final, with no approval or signature.

Every change to the text checks that the minutes are still editable (:meth:`Minutes.check_editable`); the
rows refuse a save themselves once the minutes are locked, so the admin and scripts cannot change them
either. After each change the app sends :data:`meetings.signals.minutes_saved`, which the action log
answers by tracking the minuted actions.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max, Q

from boards.enums import CHAIR_ROLES, Role
from boards.models import Board, Membership, Person
from core import clock
from core.activity import log_action
from core.locks import lock_row, locked
from core.permissions import require_permission

from ..enums import ATTENDED, DecisionWording, MeetingStatus, MinutesStatus, MinutesStyle, Standing
from ..models import Attendance, Meeting
from ..services.agenda import _user_or_none
from ..signals import minutes_saved
from . import numbering
from .models import (
    Decision,
    Minute,
    MinutedAction,
    MinutedActionOwner,
    Minutes,
    MinutesAmendment,
    MinutesComment,
    Recommendation,
)

#: Sign-off attempts allowed to one person in a quarter of an hour.
SIGN_OFF_TRIES = 5

STALE_MESSAGE = (
    "Someone else changed this minute while you were writing. Your text is shown below: copy what you need, "
    "then save again on the refreshed minute."
)


class StaleMinute(ValidationError):
    """A change made on an out-of-date copy of a minute: nothing was saved."""


def _saved(minutes: Minutes) -> None:
    transaction.on_commit(lambda: minutes_saved.send(sender=Minutes, minutes=minutes))


def _touch(minute: Minute, user) -> None:
    Minute.objects.filter(pk=minute.pk).update(
        version=F("version") + 1, updated_at=clock.now(), updated_by=_user_or_none(user)
    )
    minute.refresh_from_db(fields=["version", "updated_at", "updated_by"])


def _check_version(minute: Minute, version: int | None) -> None:
    if version is not None and int(version) != minute.version:
        raise StaleMinute(STALE_MESSAGE, code="stale")


# Starting the minutes ---------------------------------------------------------------------------------------


def _may_start(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("This meeting was cancelled: it has no minutes.")
    if meeting.date > clock.today():
        raise ValidationError("Minutes are written from the day of the meeting on.")


def _previous_minutes_confirmed_here(meeting: Meeting) -> Minutes | None:
    return Minutes.objects.filter(confirmed_at_meeting=meeting).select_related("meeting").first()


@transaction.atomic
def minutes_start(*, user, meeting: Meeting) -> Minutes:
    """The meeting's minutes, started from its agenda when there are none yet: one minute per item (sub-items
    too), in order, with the agenda's numbers, or a council committee's numbers continuing through the
    municipal year. The "minutes of the last meeting" minute records their confirmation when the board
    confirmed them at this meeting. Safe to call twice: the second call returns the minutes already begun."""
    require_permission(user, "meetings.edit_minutes", meeting)
    lock_row(Meeting, meeting.pk)
    existing = Minutes.objects.filter(meeting=meeting).first()
    if existing is not None:
        return existing
    _may_start(meeting)
    from ..agenda import build_agenda
    from ..visibility import BOARD_READER

    agenda = build_agenda(meeting, reader=BOARD_READER)
    style = numbering.style_for(meeting.board)
    minutes = Minutes.objects.create(meeting=meeting, style=style, created_by=_user_or_none(user))
    sequence = numbering.first_council_number(meeting) if style == MinutesStyle.COUNCIL else None
    position = 0
    for entry in agenda.flat():
        item = entry.item
        exempt = entry._exempt_by()
        position += 1
        minute = Minute(
            minutes=minutes,
            agenda_item=item,
            position=position,
            level=entry.depth,
            title=item.title,
            confidential=entry.part_two,
            exemption_paragraph=exempt.exemption_paragraph if exempt else None,
            exemption_reason=entry.exemption_reason,
            updated_by=_user_or_none(user),
        )
        if sequence is not None:
            minute.sequence = sequence
            minute.number = str(sequence)
            sequence += 1
        else:
            minute.number = entry.number
        minute.save()
        if item.standing == Standing.MINUTES:
            _record_confirmation_in(minute, meeting)
    log_action("meetings.minutes.started", actor=user, obj=minutes, data={"minutes": position})
    _saved(minutes)
    return minutes


def _record_confirmation_in(minute: Minute, meeting: Meeting) -> None:
    """Write the confirming decision of the minutes this meeting confirmed, if it confirmed some."""
    confirmed = _previous_minutes_confirmed_here(meeting)
    if confirmed is None or minute.decisions.exists():
        return
    _decision_create(
        minute=minute,
        wording=DecisionWording.RESOLVED if minute.minutes.style == MinutesStyle.COUNCIL else DecisionWording.AGREED,
        text=confirmation_text(confirmed.meeting),
        addressee="",
    )


def confirmation_text(meeting: Meeting) -> str:
    """The resolution as minutes print it: "... the meeting held on 21 May 2015 ..." (no weekday)."""
    day = meeting.date
    return f"That the minutes of the meeting held on {day.day} {day:%B %Y} be confirmed as a correct record."


# Minutes ----------------------------------------------------------------------------------------------------


def _editable(minutes: Minutes, user) -> Minutes:
    require_permission(user, "meetings.edit_minutes", minutes.meeting)
    fresh = locked(Minutes.objects, pk=minutes.pk)
    fresh.check_editable()
    return fresh


def _renumber_council(minutes: Minutes) -> None:
    """A draft council committee's minutes number on from their first minute, in order."""
    rows = list(minutes.items.order_by("position", "pk"))
    numbered = [m for m in rows if not (m.is_addendum and m.sequence is None and not m.number)]
    start = next((m.sequence for m in numbered if m.sequence is not None), None) or numbering.first_council_number(
        minutes.meeting
    )
    for offset, minute in enumerate(numbered):
        if minute.sequence != start + offset or minute.number != str(start + offset):
            minute.sequence = start + offset
            minute.number = str(start + offset)
            minute.save(update_fields=["sequence", "number"])


@transaction.atomic
def minute_insert(
    *,
    user,
    minutes: Minutes,
    after: Minute | None,
    title: str,
    is_addendum: bool = False,
    confidential: bool = False,
    exemption_reason: str = "",
) -> Minute:
    """Insert a minute not on the agenda after ``after`` (first when ``None``), or an addendum at the end:
    "At the conclusion of the meeting ...". A partnership board's inserted minute takes the number before
    it with a letter ("4A"); a council committee's draft is renumbered, until it has gone to members."""
    minutes = _editable(minutes, user)
    title = title.strip()
    if not title:
        raise ValidationError({"title": "Give the minute a title."})
    if confidential and not exemption_reason.strip():
        raise ValidationError({"exemption_reason": "Say why this minute is confidential (Part II)."})
    rows = list(minutes.items.order_by("position", "pk"))
    if after is not None and after.minutes_id != minutes.pk:
        raise ValidationError("That minute belongs to another meeting's minutes.")
    if is_addendum:
        index = len(rows)
    else:
        index = 0 if after is None else next(i for i, m in enumerate(rows) if m.pk == after.pk) + 1
    for later in rows[index:]:
        Minute.objects.filter(pk=later.pk).update(position=F("position") + 1)
    before = rows[index - 1] if index else None
    minute = Minute(
        minutes=minutes,
        position=(before.position + 1) if before else 1,
        level=0,
        title=title,
        inserted=not is_addendum,
        is_addendum=is_addendum,
        confidential=confidential,
        exemption_reason=exemption_reason.strip(),
        updated_by=_user_or_none(user),
    )
    renumber = minutes.style == MinutesStyle.COUNCIL and minutes.status == MinutesStatus.DRAFT and not is_addendum
    if not is_addendum and not renumber:
        minute.number = numbering.inserted_number(before.number if before else "", {m.number for m in rows})
    minute.save()
    if renumber:
        _renumber_council(minutes)
        minute.refresh_from_db()
    Minutes.objects.filter(pk=minutes.pk).update(version=F("version") + 1)
    log_action("meetings.minutes.minute_added", actor=user, obj=minute, data={"number": minute.number, "title": title})
    _saved(minutes)
    return minute


@transaction.atomic
def minute_remove(*, user, minute: Minute) -> None:
    """Remove a minute inserted on the day (or an addendum) from a draft; minutes of agenda items stay."""
    minutes = _editable(minute.minutes, user)
    if minute.agenda_item_id is not None:
        raise ValidationError("A minute of an agenda item stays in the minutes: write “Not discussed” if it was not.")
    if minutes.circulated_at is not None:
        raise ValidationError("The draft has gone to members, so its minutes keep their numbers: leave a note instead.")
    log_action("meetings.minutes.minute_removed", actor=user, obj=minute, data={"number": minute.number})
    minute.delete()
    if minutes.style == MinutesStyle.COUNCIL:
        _renumber_council(minutes)
    Minutes.objects.filter(pk=minutes.pk).update(version=F("version") + 1)
    _saved(minutes)


@transaction.atomic
def minute_save(*, user, minute: Minute, notes: str, title: str | None = None, version: int | None = None) -> Minute:
    """Save a minute's discussion (and title). ``version`` is the minute's version the writer started from:
    a change made meanwhile by someone else refuses the save (:class:`StaleMinute`), losing nothing."""
    _editable(minute.minutes, user)
    minute = locked(Minute.objects, pk=minute.pk)
    _check_version(minute, version)
    before = {"title": minute.title, "notes": minute.notes}
    minute.notes = notes.replace("\r\n", "\n").strip()
    if title is not None:
        if not title.strip():
            raise ValidationError({"title": "A minute needs a title."})
        minute.title = title.strip()
    if before == {"title": minute.title, "notes": minute.notes}:
        return minute
    minute.save(update_fields=["notes", "title"])
    _touch(minute, user)
    log_action(
        "meetings.minutes.minute_changed",
        actor=user,
        obj=minute,
        data={"fields": sorted(k for k in before if before[k] != getattr(minute, k))},
    )
    _saved(minute.minutes)
    return minute


# Decisions and recommendations --------------------------------------------------------------------------


def _decision_create(*, minute: Minute, wording: str, text: str, addressee: str) -> Decision:
    meeting = minute.minutes.meeting
    board = meeting.board
    lock_row(Board, board.pk)
    year = meeting.date.year
    sequence = numbering.next_register_sequence(board, year)
    top = minute.decisions.aggregate(top=Max("position"))["top"] or 0
    return Decision.objects.create(
        minute=minute,
        board=board,
        position=top + 1,
        wording=wording,
        text=text,
        addressee=addressee,
        register_year=year,
        register_sequence=sequence,
        register_number=numbering.register_number(board, year, sequence),
    )


def _clean_decision(wording: str, text: str) -> tuple[str, str]:
    if wording not in DecisionWording.values:
        raise ValidationError({"wording": "Choose how the decision is worded."})
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write the decision."})
    return wording, text


@transaction.atomic
def decision_add(
    *, user, minute: Minute, text: str, wording: str = "", addressee: str = "", version: int | None = None
) -> Decision:
    """Record a decision under a minute, numbered in the board's decision register. The wording defaults to
    the board's style: "The Board agreed:" for a partnership, "Resolved: That ..." for a council committee."""
    minutes = _editable(minute.minutes, user)
    minute = locked(Minute.objects, pk=minute.pk)
    _check_version(minute, version)
    wording = wording or (DecisionWording.RESOLVED if minutes.style == MinutesStyle.COUNCIL else DecisionWording.AGREED)
    wording, text = _clean_decision(wording, text)
    decision = _decision_create(minute=minute, wording=wording, text=text, addressee=addressee.strip())
    _touch(minute, user)
    log_action("meetings.minutes.decision_added", actor=user, obj=decision, data={"number": decision.register_number})
    _saved(minutes)
    return decision


@transaction.atomic
def decision_change(
    *, user, decision: Decision, text: str, wording: str, addressee: str = "", version: int | None = None
) -> Decision:
    minutes = _editable(decision.minute.minutes, user)
    minute = locked(Minute.objects, pk=decision.minute_id)
    _check_version(minute, version)
    wording, text = _clean_decision(wording, text)
    decision.refresh_from_db()
    decision.wording, decision.text, decision.addressee = wording, text, addressee.strip()
    decision.save(update_fields=["wording", "text", "addressee"])
    _touch(minute, user)
    log_action("meetings.minutes.decision_changed", actor=user, obj=decision, data={"number": decision.register_number})
    _saved(minutes)
    return decision


@transaction.atomic
def decision_remove(*, user, decision: Decision, version: int | None = None) -> None:
    """Remove a decision from a draft that has not gone to members (after that its number is cited)."""
    minutes = _editable(decision.minute.minutes, user)
    minute = locked(Minute.objects, pk=decision.minute_id)
    _check_version(minute, version)
    if minutes.circulated_at is not None:
        raise ValidationError(
            f"Decision {decision.register_number} has gone to members in the draft: change its wording rather "
            "than remove it, so its number still leads somewhere."
        )
    log_action("meetings.minutes.decision_removed", actor=user, obj=decision, data={"number": decision.register_number})
    decision.recommendations.all().delete()
    decision.delete()
    _touch(minute, user)
    _saved(minutes)


@transaction.atomic
def recommendations_set(
    *, user, decision: Decision, rows: list[tuple[str, str]], version: int | None = None
) -> list[Recommendation]:
    """Set a resolution's numbered recommendations (i, ii, ...) to ``rows`` of (text, addressee); blank rows
    are dropped."""
    minutes = _editable(decision.minute.minutes, user)
    minute = locked(Minute.objects, pk=decision.minute_id)
    _check_version(minute, version)
    # Rows keep their identity by place: (ii) reworded stays (ii), so what tracks it follows it.
    existing = list(decision.recommendations.order_by("position", "pk"))
    wanted = [(t.strip(), a.strip()) for t, a in rows if t.strip()]
    made = []
    for index, (text, addressee) in enumerate(wanted):
        if index < len(existing):
            row = existing[index]
            if (row.position, row.text, row.addressee) != (index + 1, text, addressee):
                row.position, row.text, row.addressee = index + 1, text, addressee
                row.save(update_fields=["position", "text", "addressee"])
        else:
            row = Recommendation.objects.create(decision=decision, position=index + 1, text=text, addressee=addressee)
        made.append(row)
    for row in existing[len(wanted) :]:
        row.delete()
    _touch(minute, user)
    log_action(
        "meetings.minutes.recommendations_set",
        actor=user,
        obj=decision,
        data={"number": decision.register_number, "recommendations": len(made)},
    )
    _saved(minutes)
    return made


# Minuted actions ---------------------------------------------------------------------------------------------


def action_owner_choices(minutes: Minutes):
    """Who may own an action: the people in the room at the meeting and the board's members that day."""
    meeting = minutes.meeting
    attended = Attendance.objects.filter(meeting=meeting, status__in=ATTENDED).values("person_id")
    members = Membership.objects.on_date(meeting.date).filter(board_id=meeting.board_id).values("person_id")
    return Person.objects.filter(Q(pk__in=attended) | Q(pk__in=members)).select_related("organisation").distinct()


def _clean_action(minutes: Minutes, text: str, owners: list[Person], due_date, due_next_meeting: bool):
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write the action."})
    if not owners:
        raise ValidationError({"owners": "Name who the action is for (one or more people)."})
    allowed = set(action_owner_choices(minutes).filter(pk__in=[p.pk for p in owners]).values_list("pk", flat=True))
    strangers = [str(p) for p in owners if p.pk not in allowed]
    if strangers:
        raise ValidationError(
            {"owners": f"{', '.join(strangers)} neither attended nor sat on the board: choose from those who did."}
        )
    if due_date and due_next_meeting:
        raise ValidationError({"due_date": "Give a date, or “by the next meeting”, not both."})
    return text


def _set_owners(action: MinutedAction, owners: list[Person]) -> None:
    action.owner_rows.all().delete()
    seen = set()
    for index, person in enumerate(owners):
        if person.pk in seen:
            continue
        seen.add(person.pk)
        MinutedActionOwner.objects.create(action=action, person=person, position=index)


@transaction.atomic
def action_add(
    *,
    user,
    minute: Minute,
    text: str,
    owners: list[Person],
    due_date: datetime.date | None = None,
    due_next_meeting: bool = False,
    version: int | None = None,
) -> MinutedAction:
    """Write an action in a minute: what, by whom (joint owners allowed), by when (a date or next meeting)."""
    minutes = _editable(minute.minutes, user)
    minute = locked(Minute.objects, pk=minute.pk)
    _check_version(minute, version)
    text = _clean_action(minutes, text, owners, due_date, due_next_meeting)
    top = minute.actions.aggregate(top=Max("position"))["top"] or 0
    action = MinutedAction.objects.create(
        minute=minute, position=top + 1, text=text, due_date=due_date, due_next_meeting=due_next_meeting
    )
    _set_owners(action, owners)
    _touch(minute, user)
    log_action("meetings.minutes.action_added", actor=user, obj=action, data={"owners": [str(p) for p in owners]})
    _saved(minutes)
    return action


@transaction.atomic
def action_change(
    *,
    user,
    action: MinutedAction,
    text: str,
    owners: list[Person],
    due_date: datetime.date | None = None,
    due_next_meeting: bool = False,
    version: int | None = None,
) -> MinutedAction:
    minutes = _editable(action.minute.minutes, user)
    minute = locked(Minute.objects, pk=action.minute_id)
    _check_version(minute, version)
    text = _clean_action(minutes, text, owners, due_date, due_next_meeting)
    action.refresh_from_db()
    action.text, action.due_date, action.due_next_meeting = text, due_date, due_next_meeting
    action.save(update_fields=["text", "due_date", "due_next_meeting"])
    _set_owners(action, owners)
    _touch(minute, user)
    log_action("meetings.minutes.action_changed", actor=user, obj=action, data={"owners": [str(p) for p in owners]})
    _saved(minutes)
    return action


@transaction.atomic
def action_remove(*, user, action: MinutedAction, version: int | None = None) -> None:
    minutes = _editable(action.minute.minutes, user)
    minute = locked(Minute.objects, pk=action.minute_id)
    _check_version(minute, version)
    log_action("meetings.minutes.action_removed", actor=user, obj=action, data={"text": action.text[:200]})
    action.owner_rows.all().delete()
    action.delete()
    _touch(minute, user)
    _saved(minutes)


# Circulation and comments ---------------------------------------------------------------------------------


@transaction.atomic
def minutes_circulate(*, user, minutes: Minutes, comments_by: datetime.date | None = None) -> Minutes:
    """Send the draft to the board's members for comment: they read it and comment; the coordinator reads
    the comments and changes the draft until the board confirms it. Formal minutes only."""
    minutes = _editable(minutes, user)
    if minutes.is_notes:
        raise ValidationError("An informal session's notes need no approval: make them final instead.")
    if minutes.meeting.status != MeetingStatus.HELD:
        raise ValidationError("Record the meeting as held before circulating its draft minutes.")
    if comments_by and comments_by < clock.today():
        raise ValidationError({"comments_by": "The date for comments has already passed."})
    first = minutes.circulated_at is None
    minutes.status = MinutesStatus.CIRCULATED
    minutes.circulated_at = clock.now()
    minutes.circulated_by = _user_or_none(user)
    minutes.comments_by = comments_by
    minutes.save(update_fields=["status", "circulated_at", "circulated_by", "comments_by"])
    log_action("meetings.minutes.circulated", actor=user, obj=minutes, data={"again": not first})
    _notify_members_of_draft(minutes)
    _saved(minutes)
    return minutes


def _notify_members_of_draft(minutes: Minutes) -> None:
    from django.conf import settings

    from boards.selectors import member_recipients
    from core.mail import queue_email_on_commit

    from ..workdays import long_date

    meeting = minutes.meeting
    board = meeting.board
    # The members' edition carries Part II minutes: only those who read Part II at the board are sent it.
    emails = sorted({address for _person, address in member_recipients(board=board, confidential=True).told})
    if not emails:
        return
    link = settings.SITE_URL.rstrip("/") + minutes.get_absolute_url()
    by = f" by {long_date(minutes.comments_by)}" if minutes.comments_by else ""
    queue_email_on_commit(
        subject=f"Draft minutes for comment: {board.display_short_name}, {long_date(meeting.date)}",
        body=(
            f"The draft minutes of the {board.name} meeting held on {long_date(meeting.date)} are ready for "
            f"your comments{by}.\n\nRead them and comment here (sign in first):\n{link}\n\n"
            "The board will be asked to confirm them as a correct record at its next meeting.\n"
        ),
        bcc=emails,
    )


@transaction.atomic
def minutes_comment(*, user, minutes: Minutes, text: str, minute: Minute | None = None) -> MinutesComment:
    """A member's comment on the circulated draft (on one minute, or on the whole)."""
    # The permission turns on the minutes' status: read it from the row, locked, not from the caller's copy.
    minutes = locked(Minutes.objects, pk=minutes.pk)
    require_permission(user, "meetings.comment_on_minutes", minutes)
    if minutes.status != MinutesStatus.CIRCULATED:
        raise ValidationError("Comments are taken while the draft is out to members; it is not now.")
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write your comment."})
    if minute is not None and minute.minutes_id != minutes.pk:
        raise ValidationError({"minute": "That minute is in other minutes."})
    comment = MinutesComment.objects.create(minutes=minutes, minute=minute, author=user, text=text)
    log_action("meetings.minutes.commented", actor=user, obj=comment, scope=minutes.meeting.board)
    return comment


@transaction.atomic
def minutes_comment_resolve(*, user, comment: MinutesComment) -> MinutesComment:
    require_permission(user, "meetings.edit_minutes", comment.minutes.meeting)
    if comment.resolved_at is None:
        comment.resolved_at = clock.now()
        comment.resolved_by = _user_or_none(user)
        comment.save(update_fields=["resolved_at", "resolved_by"])
        log_action("meetings.minutes.comment_resolved", actor=user, obj=comment, scope=comment.minutes.meeting.board)
    return comment


# Notes of informal sessions ----------------------------------------------------------------------------------


@transaction.atomic
def notes_make_final(*, user, minutes: Minutes) -> Minutes:
    """An informal session's notes need no approval: the coordinator makes them final, which locks them."""
    minutes = _editable(minutes, user)
    if not minutes.is_notes:
        raise ValidationError("Formal minutes are confirmed by the board at its next meeting and signed by the chair.")
    minutes.status = MinutesStatus.FINAL
    minutes.save(update_fields=["status"])
    log_action("meetings.minutes.notes_final", actor=user, obj=minutes)
    _saved(minutes)
    _queue_documents(minutes)
    return minutes


# Confirmation at a later meeting -----------------------------------------------------------------------------


def presiding_choices(minutes: Minutes, at_meeting: Meeting) -> list[tuple[Person, str]]:
    """Who may be recorded as presiding at ``at_meeting``: the person the register puts in the chair, then the
    board's chair(s) and vice/deputy chairs on that day, each with the role to print."""
    out: list[tuple[Person, str]] = []
    seen = set()
    in_chair = Attendance.objects.filter(meeting=at_meeting, is_chair=True).select_related("person").first()
    seats = list(
        Membership.objects.on_date(at_meeting.date)
        .filter(board_id=at_meeting.board_id, role__in=[*CHAIR_ROLES, Role.VICE_CHAIR, Role.DEPUTY_CHAIR])
        .select_related("person")
    )
    role_of = {}
    for seat in seats:
        role_of.setdefault(seat.person_id, seat.get_role_display())
    if in_chair is not None:
        out.append((in_chair.person, role_of.get(in_chair.person_id, "Chair")))
        seen.add(in_chair.person_id)
    order = {role: i for i, role in enumerate([*CHAIR_ROLES, Role.VICE_CHAIR, Role.DEPUTY_CHAIR])}
    for seat in sorted(seats, key=lambda s: order.get(s.role, 9)):
        if seat.person_id not in seen:
            out.append((seat.person, seat.get_role_display()))
            seen.add(seat.person_id)
    return out


@transaction.atomic
def minutes_confirm(
    *, user, minutes: Minutes, at_meeting: Meeting, presiding: Person, presiding_role: str = ""
) -> Minutes:
    """Record that the board confirmed the minutes as a correct record at ``at_meeting`` (a later meeting of
    the same board), and who presided there: that person signs them. The confirming decision is written in
    ``at_meeting``'s own minutes, under its "minutes of the last meeting" item (now, if they are begun, or
    when they are). Confirmed minutes no longer change."""
    minutes = _editable(minutes, user)
    if minutes.is_notes:
        raise ValidationError("An informal session's notes need no confirmation: make them final instead.")
    meeting = minutes.meeting
    if at_meeting.board_id != meeting.board_id or at_meeting.date <= meeting.date:
        raise ValidationError({"at_meeting": "Minutes are confirmed at a later meeting of the same board."})
    if at_meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"at_meeting": "That meeting was cancelled."})
    if at_meeting.date > clock.today():
        raise ValidationError({"at_meeting": "That meeting has not happened yet: confirm the minutes on the day."})
    choices = {p.pk: role for p, role in presiding_choices(minutes, at_meeting)}
    if presiding.pk not in choices and not presiding_role.strip():
        raise ValidationError({"presiding": f"{presiding} held no chair's seat then: say in what role they presided."})
    minutes.status = MinutesStatus.CONFIRMED
    minutes.confirmed_at = clock.now()
    minutes.confirmed_by = _user_or_none(user)
    minutes.confirmed_at_meeting = at_meeting
    minutes.presiding = presiding
    minutes.presiding_role = presiding_role.strip() or choices.get(presiding.pk, "Chair")
    minutes.save(
        update_fields=["status", "confirmed_at", "confirmed_by", "confirmed_at_meeting", "presiding", "presiding_role"]
    )
    later = Minutes.objects.filter(meeting=at_meeting).first()
    if later is not None and later.is_editable:
        target = later.items.filter(agenda_item__standing=Standing.MINUTES).first()
        if target is not None:
            _record_confirmation_in(target, at_meeting)
    log_action(
        "meetings.minutes.confirmed",
        actor=user,
        obj=minutes,
        data={"at_meeting": str(at_meeting), "presiding": str(presiding), "as": minutes.presiding_role},
    )
    _saved(minutes)
    _queue_documents(minutes)
    return minutes


# Sign-off -------------------------------------------------------------------------------------------------


def confirm_identity(*, user, password: str, code: str = "") -> None:
    """Ask the signer who they are again: their password, and their second factor when they have one."""
    from accounts import two_factor
    from accounts.throttle import take

    # A signer's password is not guessed here either: a few tries, then a pause.
    if not take("minutes-sign-off", str(user.pk), limit=SIGN_OFF_TRIES, window=datetime.timedelta(minutes=15)):
        raise ValidationError(
            {"password": "Too many tries at signing. Wait a quarter of an hour, then try again."}, code="throttled"
        )
    if not password or not user.check_password(password):
        raise ValidationError({"password": "That password is not right."})
    if two_factor.is_enabled(user):
        if not code.strip():
            raise ValidationError({"code": "Enter the code from your authenticator app (or a recovery code)."})
        if two_factor.verify(user=user, code=code) is None:
            raise ValidationError({"code": "That code is not right."})


@transaction.atomic
def minutes_sign_off(*, user, minutes: Minutes, password: str, code: str = "") -> Minutes:
    """The person who presided at the confirming meeting signs the minutes as a correct record, after
    confirming who they are. The minutes lock; the signed PDFs (members' and public editions) are built,
    stamped with the sign-off line and signed digitally, and their SHA-256 recorded."""
    minutes = locked(Minutes.objects, pk=minutes.pk)
    require_permission(user, "meetings.sign_off_minutes", minutes)
    if minutes.status != MinutesStatus.CONFIRMED:
        raise ValidationError(f"These minutes are {minutes.get_status_display().lower()}: there is nothing to sign.")
    if minutes.presiding_id is None or getattr(user, "person_id", None) != minutes.presiding_id:
        raise PermissionDenied("Only the person who presided at the meeting that confirmed them signs these minutes.")
    confirm_identity(user=user, password=password, code=code)
    from .signing import SigningUnavailable, certificate_summary

    try:
        certificate_summary()
    except SigningUnavailable as exc:
        raise ValidationError(str(exc)) from exc
    minutes.status = MinutesStatus.SIGNED
    minutes.signed_at = clock.now()
    minutes.signed_by = user
    minutes.signer_name = minutes.presiding.full_name
    minutes.signer_role = minutes.presiding_role
    minutes.save(update_fields=["status", "signed_at", "signed_by", "signer_name", "signer_role"])
    amendment = minutes.amendments.filter(signed_at__isnull=True).order_by("-number").first()
    if amendment is not None:
        amendment.signed_at = minutes.signed_at
        amendment.save(update_fields=["signed_at"])
    log_action(
        "meetings.minutes.signed",
        actor=user,
        obj=minutes,
        data={
            "signer": minutes.signer_name,
            "as": minutes.signer_role,
            "amendment": amendment.number if amendment else None,
        },
    )
    _saved(minutes)
    _queue_documents(minutes, signed=True)
    return minutes


# Amendments after sign-off --------------------------------------------------------------------------------


@transaction.atomic
def minutes_amendment_open(*, user, minutes: Minutes, reason: str) -> MinutesAmendment:
    """Open a recorded correction of signed minutes: they can be edited again by the coordinator, then go
    back to the person who presided to sign as a new version. The version signed before is kept."""
    require_permission(user, "meetings.edit_minutes", minutes.meeting)
    minutes = locked(Minutes.objects, pk=minutes.pk)
    if minutes.status != MinutesStatus.SIGNED:
        raise ValidationError("Only signed minutes are corrected by an amendment; a draft is simply edited.")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say what is being corrected and why (e.g. as agreed at the meeting of ...)."})
    number = (minutes.amendments.aggregate(top=Max("number"))["top"] or 0) + 1
    amendment = MinutesAmendment.objects.create(minutes=minutes, number=number, reason=reason, requested_by=user)
    minutes.status = MinutesStatus.AMENDING
    minutes.save(update_fields=["status"])
    log_action("meetings.minutes.amendment_opened", actor=user, obj=minutes, data={"number": number, "reason": reason})
    return amendment


@transaction.atomic
def minutes_amendment_ready(*, user, minutes: Minutes) -> Minutes:
    """The correction is written: the minutes lock again and wait for the signer's signature."""
    minutes = _editable(minutes, user)
    if minutes.status != MinutesStatus.AMENDING:
        raise ValidationError("There is no amendment open on these minutes.")
    minutes.status = MinutesStatus.CONFIRMED
    minutes.save(update_fields=["status"])
    log_action("meetings.minutes.amendment_ready", actor=user, obj=minutes)
    _saved(minutes)
    _queue_documents(minutes)
    return minutes


# Documents -------------------------------------------------------------------------------------------------


def _queue_documents(minutes: Minutes, *, signed: bool = False) -> None:
    from .documents import documents_request

    documents_request(minutes=minutes, signed=signed)
