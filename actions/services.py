"""Writes for tracked actions: tracking what the minutes record, raising an action outside a meeting,
updates and completion by owners, edits, RAG overrides and reassignment by coordinators.

Minuted actions are tracked by :func:`actions_track_minutes`, which the ``minutes_saved`` signal calls
(:mod:`actions.receivers`): while the minutes are a draft, the tracked action follows their text, owners and
due date; an action taken out of a draft is dropped (or, once someone has posted an update on it,
cancelled with that reason). The status, updates and evidence live only here.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from boards.models import Board, Person, Priority
from core import clock
from core.activity import log_action
from core.changes import content_changed
from core.locks import lock_row, locked
from core.permissions import SYSTEM, require_permission

from .enums import CLOSED_STATUSES, STATUSES_WITH_REASON, ActionSource, ActionStatus, Rag
from .models import Action, ActionOwner, ActionUpdate


def _user_or_none(user):
    return user if getattr(user, "pk", None) else None


def _next_number(board: Board) -> int:
    lock_row(Board, board.pk)
    return (Action.objects.filter(board=board).aggregate(top=Max("number"))["top"] or 0) + 1


def _set_owners(action: Action, owners: list[Person]) -> bool:
    """Make the owners ``owners``, in that order; True when they changed."""
    wanted = []
    for person in owners:
        if person.pk not in wanted:
            wanted.append(person.pk)
    current = list(action.owner_rows.order_by("position", "pk").values_list("person_id", flat=True))
    if current == wanted:
        return False
    action.owner_rows.all().delete()
    ActionOwner.objects.bulk_create(
        [ActionOwner(action=action, person_id=pk, position=index) for index, pk in enumerate(wanted)]
    )
    content_changed()  # bulk_create sends no signal: the owners' dashboards must still show it
    return True


#: Passed as ``priority`` to :func:`action_edit`: leave the priority the action serves as it is.
KEEP = object()


def _check_priority(priority: Priority | None, board_id: int) -> None:
    """An action serves one of its own board's priorities, or none."""
    if priority is not None and priority.board_id != board_id:
        raise ValidationError({"priority": "That priority is another board's: choose one of this board's."})


def _clean(text: str, owners: list[Person], due_date, due_next_meeting: bool) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Write the action."})
    if not owners:
        raise ValidationError({"owners": "Name who the action is for (one or more people)."})
    if due_date and due_next_meeting:
        raise ValidationError({"due_date": "Give a date, or “by the next meeting”, not both."})
    return text


# From the minutes ----------------------------------------------------------------------------------------


@transaction.atomic
def actions_track_minutes(*, minutes) -> list[Action]:
    """Track every minuted action of ``minutes``: create the tracked action, or bring it in line with the
    minutes while they can still change; drop (or cancel) the tracked actions of minuted actions removed."""
    from meetings.models import MinutedAction

    meeting = minutes.meeting
    board = meeting.board
    minuted = list(
        MinutedAction.objects.filter(minute__minutes=minutes)
        .select_related("minute")
        .prefetch_related("owner_rows__person")
        .order_by("minute__position", "position", "pk")
    )
    tracked = {a.minuted_action_id: a for a in Action.objects.filter(minuted_action__in=[m.pk for m in minuted])}
    out = []
    for item in minuted:
        owners = [row.person for row in sorted(item.owner_rows.all(), key=lambda r: (r.position, r.pk))]
        action = tracked.get(item.pk)
        if action is None:
            action = Action.objects.create(
                board=board,
                number=_next_number(board),
                source=ActionSource.MINUTES,
                meeting=meeting,
                minute=item.minute,
                minuted_action=item,
                text=item.text,
                due_date=item.due_date,
                due_next_meeting=item.due_next_meeting,
            )
            _set_owners(action, owners)
            log_action("actions.action.minuted", actor=SYSTEM, obj=action, data={"minute": item.minute.number})
        elif minutes.is_editable or not minutes.is_approved:
            changed = [
                field
                for field, value in (
                    ("text", item.text),
                    ("due_date", item.due_date),
                    ("due_next_meeting", item.due_next_meeting),
                    ("minute", item.minute),
                )
                if getattr(action, field) != value
            ]
            for field in changed:
                setattr(action, field, getattr(item, field))
            # Owners follow the draft until the log has taken the action on (an update, a reassignment).
            owners_changed = False if action.updates.exists() else _set_owners(action, owners)
            if changed:
                action.updated_at = clock.now()
                action.save(update_fields=[*changed, "updated_at"])
            if changed or owners_changed:
                log_action(
                    "actions.action.follows_minutes",
                    actor=SYSTEM,
                    obj=action,
                    data={"fields": changed + (["owners"] if owners_changed else [])},
                )
        out.append(action)
    # Minuted actions taken out of the draft.
    gone = Action.objects.filter(meeting=meeting, source=ActionSource.MINUTES, minuted_action__isnull=True).exclude(
        status=ActionStatus.CANCELLED
    )
    for action in gone:
        if not action.updates.exists():
            log_action("actions.action.dropped", actor=SYSTEM, obj=action, data={"text": action.text[:200]})
            action.owner_rows.all().delete()
            action.delete()
        else:
            action.status = ActionStatus.CANCELLED
            action.status_reason = "Taken out of the draft minutes."
            action.closed_on = clock.today()
            action.save(update_fields=["status", "status_reason", "closed_on"])
            log_action("actions.action.cancelled", actor=SYSTEM, obj=action, data={"reason": action.status_reason})
    return out


# Raised and edited by coordinators -----------------------------------------------------------------------


@transaction.atomic
def action_create(
    *,
    user,
    board: Board,
    text: str,
    owners: list[Person],
    due_date: datetime.date | None = None,
    due_next_meeting: bool = False,
    priority: Priority | None = None,
) -> Action:
    """Raise an action outside a meeting, serving one of the board's priorities if given."""
    require_permission(user, "actions.manage_action", board)
    text = _clean(text, owners, due_date, due_next_meeting)
    _check_priority(priority, board.pk)
    action = Action.objects.create(
        board=board,
        number=_next_number(board),
        source=ActionSource.OUTSIDE,
        text=text,
        due_date=due_date,
        due_next_meeting=due_next_meeting,
        priority=priority,
        created_by=_user_or_none(user),
    )
    _set_owners(action, owners)
    data = {"owners": [str(p) for p in owners]}
    if priority is not None:
        data["priority"] = str(priority)
    log_action("actions.action.raised", actor=user, obj=action, data=data)
    return action


@transaction.atomic
def action_edit(
    *,
    user,
    action: Action,
    text: str,
    owners: list[Person],
    due_date: datetime.date | None = None,
    due_next_meeting: bool = False,
    priority=KEEP,
) -> Action:
    """A coordinator changes an action's wording, owners, due date or the priority it serves (history keeps
    what it was). Without ``priority`` the action keeps the one it serves; ``None`` takes it off."""
    require_permission(user, "actions.manage_action", action)
    action = locked(Action.objects, pk=action.pk)
    text = _clean(text, owners, due_date, due_next_meeting)
    if priority is KEEP:
        priority = action.priority
    _check_priority(priority, action.board_id)

    def fields():
        return {
            "text": action.text,
            "due_date": action.due_date,
            "due_next_meeting": action.due_next_meeting,
            "priority": str(action.priority) if action.priority_id else None,
        }

    before = fields()
    action.text, action.due_date, action.due_next_meeting = text, due_date, due_next_meeting
    action.priority = priority
    action.updated_at = clock.now()
    action.save()
    owners_changed = _set_owners(action, owners)
    after = fields()
    data = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if owners_changed:
        data["owners"] = [str(p) for p in owners]
    log_action("actions.action.edited", actor=user, obj=action, data=data)
    return action


@transaction.atomic
def action_set_rag(*, user, action: Action, rag: str, reason: str = "") -> Action:
    """Override the derived RAG rating with a reason, or clear the override (``rag=""``)."""
    require_permission(user, "actions.manage_action", action)
    action = locked(Action.objects, pk=action.pk)
    if rag and rag not in (Rag.RED, Rag.AMBER, Rag.GREEN):
        raise ValidationError({"rag": "Choose red, amber or green."})
    reason = reason.strip()
    if rag and not reason:
        raise ValidationError({"rag_override_reason": "Say why the rating is set by hand."})
    action.rag_override, action.rag_override_reason = rag, reason if rag else ""
    action.updated_at = clock.now()
    action.save(update_fields=["rag_override", "rag_override_reason", "updated_at"])
    log_action("actions.action.rag_set", actor=user, obj=action, data={"rag": rag, "reason": reason})
    return action


@transaction.atomic
def actions_reassign(*, user, board: Board, from_person: Person, to_person: Person, actions=None) -> list[Action]:
    """Hand a person's open actions on ``board`` (or the ``actions`` given) to someone else, e.g. when they
    leave the board. Each change is in the action's history and the activity log."""
    require_permission(user, "actions.manage_action", board)
    if from_person.pk == to_person.pk:
        raise ValidationError({"to_person": "Choose someone else to take the actions on."})
    qs = Action.objects.filter(board=board, owner_rows__person=from_person).exclude(status__in=CLOSED_STATUSES)
    if actions is not None:
        qs = qs.filter(pk__in=[a.pk for a in actions])
    moved = []
    ids = sorted(set(qs.values_list("pk", flat=True)))  # an owner row per person: no DISTINCT with FOR UPDATE
    for action in Action.objects.filter(pk__in=ids).select_for_update().order_by("pk"):
        rows = list(action.owner_rows.order_by("position", "pk"))
        owners = [to_person if row.person_id == from_person.pk else row.person for row in rows]
        _set_owners(action, owners)
        ActionUpdate.objects.create(
            action=action,
            author=_user_or_none(user),
            author_person=getattr(user, "person", None) if _user_or_none(user) else None,
            text=f"Reassigned from {from_person.full_name} to {to_person.full_name}.",
        )
        log_action(
            "actions.action.reassigned",
            actor=user,
            obj=action,
            data={"from": str(from_person), "to": str(to_person)},
        )
        moved.append(action)
    return moved


# Updates by owners (and coordinators) -------------------------------------------------------------------------


def _store_evidence(update: ActionUpdate, evidence) -> None:
    """Store an evidence file with the update. A PDF is checked as papers are, in a memory-capped child
    process, and stored stripped of active content (scripts, launch actions, attachments); a damaged or
    overloading one is refused with the reason."""
    from pathlib import Path

    from django.core.files import File

    from core.files import working_folder
    from meetings.packs.assembly import PaperError
    from meetings.pdfsafety import check_paper_pdf

    name = Path(getattr(evidence, "name", "") or "evidence").name
    if not name.lower().endswith(".pdf"):
        update.evidence.save(name, evidence, save=True)
        return
    with working_folder("evidence-") as folder:
        source, cleaned = Path(folder) / "upload.pdf", Path(folder) / "clean.pdf"
        with source.open("wb") as out:
            for chunk in evidence.chunks() if hasattr(evidence, "chunks") else [evidence.read()]:
                out.write(chunk)
        try:
            report = check_paper_pdf(source, label=f"“{name}”", output=cleaned)
        except PaperError as exc:
            raise ValidationError({"evidence": f"{exc.label} {exc.reason}"}) from exc
        with (cleaned if report.cleaned else source).open("rb") as fh:
            update.evidence.save(name, File(fh, name=name), save=True)


def _apply_update(
    *,
    action: Action,
    author_user,
    author_person: Person | None,
    text: str,
    status: str | None,
    reason: str,
    evidence=None,
    at_meeting=None,
    via_link: bool = False,
) -> ActionUpdate:
    text = (text or "").strip()
    reason = (reason or "").strip()
    status = status or action.status
    if status not in ActionStatus.values:
        raise ValidationError({"status": "Choose a status."})
    if status == action.status and not text and evidence is None:
        raise ValidationError({"text": "Write what has happened, or change the status."})
    if status != action.status and status in STATUSES_WITH_REASON and not reason:
        raise ValidationError({"reason": f"Say why the action is {ActionStatus(status).label.lower()}."})
    if at_meeting is not None and at_meeting.board_id != action.board_id:
        raise ValidationError({"at_meeting": "That meeting is another board's."})
    before = action.status
    update = ActionUpdate.objects.create(
        action=action,
        author=_user_or_none(author_user),
        author_person=author_person,
        text=text,
        status_before=before,
        status_after=status,
        reason=reason,
        via_link=via_link,
        at_meeting=at_meeting,
    )
    if evidence is not None:
        _store_evidence(update, evidence)
    fields = ["updated_at"]
    action.updated_at = clock.now()
    if status != before:
        action.status = status
        action.status_reason = reason
        fields += ["status", "status_reason"]
        if status in CLOSED_STATUSES:
            action.closed_on = clock.today()
            action.closed_at_meeting = at_meeting
            fields += ["closed_on", "closed_at_meeting"]
        elif before in CLOSED_STATUSES:
            action.closed_on = None
            action.closed_at_meeting = None
            fields += ["closed_on", "closed_at_meeting"]
        if status == ActionStatus.COMPLETED and text:
            action.completion_note = text
            fields.append("completion_note")
    action.save(update_fields=fields)
    return update


@transaction.atomic
def action_post_update(
    *,
    user,
    action: Action,
    text: str = "",
    status: str | None = None,
    reason: str = "",
    evidence=None,
    at_meeting=None,
) -> ActionUpdate:
    """An owner (or a coordinator) posts a dated update, optionally changing the status (a reason for
    deferred or cancelled; completion with a note or a file as evidence). ``at_meeting`` records the meeting
    at which it was closed, when that is where it happened."""
    action = locked(Action.objects, pk=action.pk)
    require_permission(user, "actions.update_action", action)
    if at_meeting is not None:
        require_permission(user, "actions.manage_action", action)
    update = _apply_update(
        action=action,
        author_user=user,
        author_person=getattr(user, "person", None),
        text=text,
        status=status,
        reason=reason,
        evidence=evidence,
        at_meeting=at_meeting,
    )
    log_action(
        "actions.action.updated",
        actor=user,
        obj=action,
        data={"status": [update.status_before, update.status_after], "text": update.text[:200]},
    )
    return update


@transaction.atomic
def action_update_by_link(
    *, action: Action, person: Person, text: str = "", status: str | None = None, reason: str = "", evidence=None
) -> ActionUpdate:
    """An update sent from the signed link in a reminder e-mail, without signing in: the link names the
    action and the owner (:mod:`actions.links`), and opens nothing else."""
    action = locked(Action.objects, pk=action.pk)
    if not action.owner_rows.filter(person=person).exists():
        raise PermissionDenied("This link is for someone who no longer owns the action.")
    if action.status in CLOSED_STATUSES and (status is None or status in CLOSED_STATUSES):
        raise ValidationError("This action is already closed.")
    update = _apply_update(
        action=action,
        author_user=None,
        author_person=person,
        text=text,
        status=status,
        reason=reason,
        evidence=evidence,
        via_link=True,
    )
    log_action(
        "actions.action.updated_by_link",
        actor=f"{person.full_name} (from a reminder's link)",
        obj=action,
        data={"status": [update.status_before, update.status_after], "text": update.text[:200]},
    )
    return update
