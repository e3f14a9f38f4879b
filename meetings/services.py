"""Writes for meetings, agendas and papers."""

from __future__ import annotations

import datetime
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from boards.mail import email_board_members
from boards.models import Board, Person
from core.activity import changes, log_action, snapshot
from core.locks import lock_row
from core.permissions import require_permission

from . import filetypes, lifecycle
from .conversion import CONVERTIBLE, ConversionError, convert_to_pdf, libreoffice_binary, prepare_office_file
from .enums import ItemFor, MeetingKind, MeetingStatus, PaperStatus, Standing, StandInKind
from .models import (
    AgendaItem,
    AgendaRevision,
    AgendaTemplateItem,
    ItemLead,
    Meeting,
    Paper,
    StandIn,
    Venue,
    WorkProgrammeEntry,
)
from .packs.assembly import REASON_MISSING, PaperError
from .packs.services import pack_withdraw_outdated
from .packs.sources import file_sha256
from .pdfsafety import Limits, check_paper_pdf

DEFAULT_TEMPLATE = [
    # (title, item for, intended outcome, minutes, standing, after the business items)
    (
        "Welcome, introductions and apologies",
        ItemFor.INFORMATION,
        "The Chair to welcome members to the meeting and note any apologies.",
        5,
        Standing.WELCOME,
        False,
    ),
    (
        "Declarations of interest",
        ItemFor.INFORMATION,
        "Members to declare any interest in the items on this agenda.",
        5,
        Standing.DECLARATIONS,
        False,
    ),
    (
        "Minutes of the last meeting and matters arising",
        ItemFor.ACTION,
        "The Board to note the minutes of the last meeting and agree any further action on matters arising.",
        10,
        Standing.MINUTES,
        False,
    ),
    ("Action log", ItemFor.ACTION, "The Board to review progress on open actions.", 10, Standing.ACTION_LOG, False),
    ("Any other business", ItemFor.DISCUSSION, "", 5, Standing.AOB, True),
    ("Future meeting dates", ItemFor.INFORMATION, "", None, Standing.FUTURE_DATES, True),
]


@transaction.atomic
def agenda_template_install_default(*, board: Board) -> list[AgendaTemplateItem]:
    """Give a board the standard standing items, unless it already has a template."""
    if board.agenda_template.exists():
        return list(board.agenda_template.all())
    return AgendaTemplateItem.objects.bulk_create(
        AgendaTemplateItem(
            board=board,
            position=i,
            title=title,
            item_for=item_for,
            intended_outcome=outcome,
            minutes=minutes,
            standing=standing,
            at_end=at_end,
            lead_office="Chair",
        )
        for i, (title, item_for, outcome, minutes, standing, at_end) in enumerate(DEFAULT_TEMPLATE)
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
    """Insert the board's standing items: opening items first, closing ones (AOB, future dates) last."""
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
            minutes=row.minutes,
            standing=row.standing,
        )
        if row.lead_office:
            ItemLead.objects.create(item=item, office=row.lead_office)
        created.append(item)
    return created


# The agenda ------------------------------------------------------------------------------------------

POSITION_STEP = 10


class AgendaConflict(Exception):
    """Someone else changed the agenda since this page was loaded."""

    message = (
        "Someone else changed this agenda while you were editing it, so your change was not saved. "
        "The agenda below is the current one: please make your change again."
    )
    #: A change that came without the version of the agenda it was made on (an old page, a hand-made request).
    out_of_date = (
        "This agenda changed since you opened it, or the page was out of date. "
        "Reload to see the latest version and try again."
    )


class AgendaItemGone(AgendaConflict):
    """The item being changed was deleted, or deferred to another meeting, since the page was loaded."""

    message = "That item was removed from the agenda by someone else before your change was saved."


def _claim_agenda(
    meeting: Meeting,
    expected_version: int | None,
    user,
    *,
    item: AgendaItem | None = None,
    permission: str | None = "meetings.manage_meeting",
) -> None:
    """Bump the agenda's version if it is still the one the editor saw, and ``item`` is still on it.

    Refuses otherwise (raising in the service's transaction, so the bump is undone with everything else).
    ``expected_version=None`` is for the portal's own callers (commands, tasks, the demo): pages always
    send the version they showed. ``permission=None`` when the service checked a narrower one itself.
    """
    if permission:
        require_permission(user, permission, meeting)
    qs = Meeting.objects.filter(pk=meeting.pk)
    if expected_version is not None:
        qs = qs.filter(agenda_version=expected_version)
    claimed = qs.update(agenda_version=F("agenda_version") + 1)
    meeting.refresh_from_db(fields=["agenda_version"])
    if item is not None and not AgendaItem.objects.filter(pk=item.pk, meeting_id=meeting.pk).exists():
        raise AgendaItemGone(AgendaItemGone.message)
    if not claimed:
        raise AgendaConflict(AgendaConflict.message)


def _record_revision(meeting: Meeting, summary: str, user, *, action: str, obj=None, data: dict | None = None) -> None:
    """After every change to an agenda or its papers: the change goes in the activity log (``action`` on
    ``obj``, the meeting by default); packs that now hold something their readers may no longer see are
    withdrawn at once; after publication, the change is tracked as a numbered revision."""
    log_action(action, actor=user, obj=obj if obj is not None else meeting, data={"summary": summary, **(data or {})})
    pack_withdraw_outdated(meeting=meeting)
    if not lifecycle.agenda_is_record(meeting):
        return
    number = (meeting.revisions.aggregate(m=Max("number"))["m"] or 0) + 1
    AgendaRevision.objects.create(meeting=meeting, number=number, summary=summary, created_by=_user_or_none(user))
    Meeting.objects.filter(pk=meeting.pk).update(agenda_revision=number)
    meeting.agenda_revision = number


def _siblings(meeting: Meeting, parent_id: int | None) -> list[AgendaItem]:
    return list(AgendaItem.objects.filter(meeting=meeting, parent_id=parent_id).order_by("position", "pk"))


def _renumber(items: list[AgendaItem]) -> None:
    for i, item in enumerate(items):
        item.position = (i + 1) * POSITION_STEP
    AgendaItem.objects.bulk_update(items, ["position"])


def _clean_item(item: AgendaItem) -> None:
    if item.confidential and not item.exemption_reason.strip():
        raise ValidationError(
            {"exemption_reason": "A confidential (Part II) item needs the reason it is exempt from publication."}
        )
    if not item.confidential:
        item.exemption_reason = ""
    if item.parent_id and item.parent.parent_id:
        raise ValidationError("Sub-items cannot have sub-items of their own: agendas have one level of sub-items.")
    for link in item.link_list:
        if not link.lower().startswith(("https://", "http://")):
            raise ValidationError({"links": f"“{link}” is not a web address: each line must start with https://"})
    item.full_clean(exclude=["meeting", "parent"])


def _leave_part_two(items: list[AgendaItem], new_parents: dict[int, int | None]) -> None:
    """A sub-item is Part II while it sits under a Part II item (the visibility rule derives it). One that
    is moved out from under a Part II item is classified Part II itself, with that item's reason, so that
    moving it never publishes it; the coordinator can then reclassify it deliberately."""
    old_parents = {i.parent_id for i in items if i.parent_id}
    part_two = dict(
        AgendaItem.objects.filter(pk__in=old_parents, confidential=True).values_list("pk", "exemption_reason")
    )
    for item in items:
        leaving = item.parent_id in part_two and new_parents.get(item.pk) != item.parent_id
        if leaving and not item.confidential:
            item.confidential, item.exemption_reason = True, part_two[item.parent_id]
            AgendaItem.objects.filter(pk=item.pk).update(confidential=True, exemption_reason=item.exemption_reason)


def _lead_rows(leads) -> list[dict]:
    """Leads as the rows they are stored as, leaving out empty ones."""
    rows = []
    for lead in leads or []:
        values = {k: lead.get(k) or ("" if k != "person" else None) for k in LEAD_FIELDS}
        if values["person"] is not None or values["office"] or values["guest_name"]:
            rows.append(values)
    return rows


LEAD_FIELDS = ("person", "office", "guest_name", "guest_title", "guest_organisation")


def _set_leads(item: AgendaItem, leads) -> None:
    """Replace the item's leads with the given list of dicts (person / office / guest fields)."""
    item.leads.all().delete()
    for i, values in enumerate(_lead_rows(leads)):
        ItemLead.objects.create(item=item, position=i, **values)


def _item_unchanged(item: AgendaItem, fields: dict, leads, uploaders) -> bool:
    """True when saving would change nothing: no version bump and no revision for a form sent unchanged.

    Compares with the stored row, not ``item``: a ModelForm has already copied its values onto its instance.
    """
    stored_item = AgendaItem.objects.filter(pk=item.pk).first()
    if stored_item is None:
        return False  # removed meanwhile: the claim says so
    if any(getattr(stored_item, name) != value for name, value in fields.items() if name in ITEM_FIELDS):
        return False
    if leads is not None:
        stored = [{k: getattr(lead, k) for k in LEAD_FIELDS} for lead in item.leads.all()]
        if stored != _lead_rows(leads):
            return False
    return uploaders is None or {p.pk for p in uploaders} == set(item.uploaders.values_list("pk", flat=True))


ITEM_FIELDS = AgendaItem.EDITABLE_FIELDS


@transaction.atomic
def agenda_item_add(
    *,
    user,
    meeting: Meeting,
    expected_version: int | None = None,
    parent: AgendaItem | None = None,
    leads=None,
    before_closing_items: bool = True,
    **fields,
) -> AgendaItem:
    """Add an item (or a sub-item under ``parent``). New items go before AOB and future dates."""
    _claim_agenda(meeting, expected_version, user, item=parent)
    if parent is not None and parent.meeting_id != meeting.pk:
        raise ValidationError("That item belongs to another meeting.")
    item = AgendaItem(meeting=meeting, parent=parent, **{k: v for k, v in fields.items() if k in ITEM_FIELDS})
    _clean_item(item)
    siblings = _siblings(meeting, parent.pk if parent else None)
    index = len(siblings)
    if parent is None and before_closing_items:
        closing = [i for i, s in enumerate(siblings) if s.standing in (Standing.AOB, Standing.FUTURE_DATES)]
        if closing:
            index = closing[0]
    item.position = 0
    item.save()
    siblings.insert(index, item)
    _renumber(siblings)
    _set_leads(item, leads)
    _record_revision(meeting, f"Item added: {item.title}", user, action="meetings.item.added", obj=item)
    return item


@transaction.atomic
def agenda_item_update(
    *, user, item: AgendaItem, expected_version: int | None = None, leads=None, uploaders=None, **fields
) -> AgendaItem:
    if _item_unchanged(item, fields, leads, uploaders):
        require_permission(user, "meetings.manage_meeting", item.meeting)
        return item
    _claim_agenda(item.meeting, expected_version, user, item=item)
    before = snapshot(AgendaItem.objects.get(pk=item.pk), ITEM_FIELDS)
    leads_before = [str(lead) for lead in item.leads.all()]
    for name, value in fields.items():
        if name in ITEM_FIELDS:
            setattr(item, name, value)
    _clean_item(item)
    item.save()
    if leads is not None:
        _set_leads(item, leads)
    if uploaders is not None:
        item.uploaders.set(uploaders)
    diff = changes(before, snapshot(item, ITEM_FIELDS))
    leads_after = [str(lead) for lead in item.leads.all()]
    if leads_after != leads_before:
        diff["leads"] = [leads_before, leads_after]
    _record_revision(
        item.meeting,
        f"Item changed: {item.title}",
        user,
        action="meetings.item.changed",
        obj=item,
        data={"changes": diff},
    )
    return item


def agenda_keeps_record(meeting: Meeting) -> bool:
    """True once the agenda is part of the record: published, issued in a pack, or the meeting held. From
    then on items and papers are withdrawn with a reason, never deleted."""
    from .enums import PackStatus

    return lifecycle.agenda_is_record(meeting) or (
        meeting.pack_builds.filter(issued_at__isnull=False).exclude(status=PackStatus.FAILED).exists()
    )


def _need_reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {
                "reason": f"This agenda has been published, so the {what} is withdrawn rather than deleted: "
                "say why (members see the reason in the agenda's revisions)."
            }
        )
    return reason


def _hard_delete_item(item: AgendaItem) -> None:
    """Remove a draft item for good: its papers, leads and sub-items first (they protect it)."""
    for child in AgendaItem.everything.filter(parent=item):
        _hard_delete_item(child)
    Paper.everything.filter(item=item).delete()
    item.leads.all().delete()
    item.uploaders.clear()
    item.delete()


@transaction.atomic
def agenda_item_delete(*, user, item: AgendaItem, expected_version: int | None = None, reason: str = "") -> None:
    """Delete a draft item with its sub-items and papers; once the agenda is part of the record, withdraw
    them instead, with a reason (the page asks for confirmation, and the reason, first)."""
    meeting = item.meeting
    keep = agenda_keeps_record(meeting)
    if keep:
        reason = _need_reason(reason, "item")
    _claim_agenda(meeting, expected_version, user, item=item)
    parent_id = item.parent_id
    title = item.title
    if keep:
        now = timezone.now()
        stamp = {"withdrawn_at": now, "withdrawn_reason": reason[:300], "withdrawn_by": _user_or_none(user)}
        items = [item.pk, *AgendaItem.objects.filter(parent=item).values_list("pk", flat=True)]
        Paper.objects.filter(item__in=items).update(**stamp)
        AgendaItem.objects.filter(pk__in=items).update(**stamp)
        summary, action = f"Item withdrawn: {title} ({reason})", "meetings.item.withdrawn"
    else:
        _hard_delete_item(item)
        summary, action = f"Item removed: {title}", "meetings.item.deleted"
    _renumber(_siblings(meeting, parent_id))
    _record_revision(meeting, summary, user, action=action, data={"item": title, "reason": reason})


@transaction.atomic
def agenda_item_move(*, user, item: AgendaItem, direction: str, expected_version: int | None = None) -> AgendaItem:
    """Keyboard moves: "up" / "down" among siblings, "indent" (under the item above), "outdent"."""
    meeting = item.meeting
    _claim_agenda(meeting, expected_version, user, item=item)
    siblings = _siblings(meeting, item.parent_id)
    index = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
    if direction in ("up", "down"):
        target = index - 1 if direction == "up" else index + 1
        if not 0 <= target < len(siblings):
            raise ValidationError(f"“{item.title}” is already at the {'top' if direction == 'up' else 'bottom'}.")
        siblings[index], siblings[target] = siblings[target], siblings[index]
        _renumber(siblings)
    elif direction == "indent":
        if item.parent_id:
            raise ValidationError(f"“{item.title}” is already a sub-item.")
        if index == 0:
            raise ValidationError("The first item has no item above it to go under.")
        if item.children.exists():
            raise ValidationError(f"“{item.title}” has sub-items of its own, so it cannot become a sub-item.")
        new_parent = siblings[index - 1]
        item.parent = new_parent
        item.save(update_fields=["parent"])
        _renumber([s for s in siblings if s.pk != item.pk])
        # It becomes the last sub-item of the item above it.
        _renumber([c for c in _siblings(meeting, new_parent.pk) if c.pk != item.pk] + [item])
    elif direction == "outdent":
        if not item.parent_id:
            raise ValidationError(f"“{item.title}” is already a main item.")
        parent = item.parent
        _leave_part_two([item], {item.pk: None})
        item.parent = None
        item.save(update_fields=["parent"])
        _renumber(_siblings(meeting, parent.pk))
        top = [s for s in _siblings(meeting, None) if s.pk != item.pk]
        at = next(i for i, s in enumerate(top) if s.pk == parent.pk) + 1
        top.insert(at, item)
        _renumber(top)
    else:
        raise ValidationError("Unknown move.")
    _record_revision(
        meeting,
        f"Item moved: {item.title}",
        user,
        action="meetings.item.moved",
        obj=item,
        data={"direction": direction},
    )
    return item


@transaction.atomic
def agenda_reorder(
    *, user, meeting: Meeting, layout: list[tuple[int, int | None]], expected_version: int | None = None
) -> None:
    """Apply a whole new order from drag and drop: ``layout`` lists (item id, parent id) in agenda order."""
    before = _layout(meeting)
    if list(layout) == before:
        require_permission(user, "meetings.manage_meeting", meeting)
        return  # dropped where it was: nothing to save, no revision
    _claim_agenda(meeting, expected_version, user)
    items = {i.pk: i for i in AgendaItem.objects.filter(meeting=meeting)}
    if sorted(pk for pk, _ in layout) != sorted(items):
        raise AgendaConflict(AgendaConflict.message)
    parents = dict(layout)
    for pk, parent in layout:
        if parent is not None and (parent not in items or parents.get(parent) is not None):
            raise ValidationError("Sub-items cannot have sub-items of their own.")
        if parent is not None and any(p == pk for p in parents.values()):
            raise ValidationError("An item with sub-items cannot itself become a sub-item.")
    _leave_part_two(list(items.values()), parents)
    counters: dict[int | None, int] = {}
    for pk, parent in layout:
        counters[parent] = counters.get(parent, 0) + 1
        item = items[pk]
        item.parent_id = parent
        item.position = counters[parent] * POSITION_STEP
    AgendaItem.objects.bulk_update(items.values(), ["parent", "position"])
    _record_revision(
        meeting,
        "Agenda reordered",
        user,
        action="meetings.agenda.reordered",
        data={"before": _titled(before), "after": _titled(_layout(meeting))},
    )


def _titled(layout: list[tuple[int, int | None]]) -> list[str]:
    """An order as the log keeps it: titles, sub-items indented."""
    titles = dict(AgendaItem.objects.filter(pk__in=[pk for pk, _ in layout]).values_list("pk", "title"))
    return [("  " if parent else "") + titles.get(pk, "?") for pk, parent in layout]


def _layout(meeting: Meeting) -> list[tuple[int, int | None]]:
    """The agenda's order as drag and drop sends it: (item id, parent id), each main item then its sub-items."""
    rows = list(AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk").values_list("pk", "parent_id"))
    out = []
    for pk, parent in rows:
        if parent is None:
            out.append((pk, None))
            out.extend((child, pk) for child, child_parent in rows if child_parent == pk)
    return out


@transaction.atomic
def agenda_item_defer(
    *, user, item: AgendaItem, to_meeting: Meeting, expected_version: int | None = None
) -> AgendaItem:
    """Move an item, with its sub-items and papers, to another meeting of the same board."""
    source = item.meeting
    require_permission(user, "meetings.manage_meeting", source)
    if to_meeting.board_id != source.board_id:
        raise ValidationError("An item can only be deferred to another meeting of the same board.")
    if to_meeting.pk == source.pk:
        raise ValidationError("Choose a different meeting.")
    if item.parent_id:
        raise ValidationError("Defer the main item; its sub-items go with it.")
    _claim_agenda(source, expected_version, user, item=item)
    _claim_agenda(to_meeting, None, user)
    title = item.title
    item.meeting = to_meeting
    item.deferred_from = source
    item.save(update_fields=["meeting", "deferred_from"])
    item.children.update(meeting=to_meeting)
    siblings = [s for s in _siblings(to_meeting, None) if s.pk != item.pk]
    closing = [i for i, s in enumerate(siblings) if s.standing in (Standing.AOB, Standing.FUTURE_DATES)]
    siblings.insert(closing[0] if closing else len(siblings), item)
    _renumber(siblings)
    _renumber(_siblings(source, None))
    _record_revision(
        source,
        f"Item deferred to {to_meeting.date:%-d %B %Y}: {title}",
        user,
        action="meetings.item.deferred",
        obj=item,
    )
    _record_revision(
        to_meeting, f"Item deferred from {source.date:%-d %B %Y}: {title}", user, action="meetings.item.received"
    )
    return item


# Publishing ------------------------------------------------------------------------------------------


@transaction.atomic
def agenda_publish(*, user, meeting: Meeting) -> Meeting:
    """Publish the agenda to members (e-mail with a link). Re-publishing after changes sends the revision."""
    require_permission(user, "meetings.manage_meeting", meeting)
    if not meeting.items.exists():
        raise ValidationError("The agenda is empty: add items before publishing it.")
    lifecycle.check_can_publish(meeting)
    first = meeting.agenda_published_at is None
    if not first and meeting.agenda_revision_sent >= meeting.agenda_revision:
        raise ValidationError("Members already have the current agenda: nothing has changed since it was sent.")
    if first:
        meeting.agenda_published_at = timezone.now()
    previously_sent = meeting.agenda_revision_sent
    meeting.agenda_revision_sent = meeting.agenda_revision
    meeting.save(update_fields=["agenda_published_at", "agenda_revision_sent"])
    url = settings.SITE_URL.rstrip("/") + meeting.get_absolute_url()
    when = f"{meeting.date:%A %-d %B %Y} at {meeting.start_time:%H:%M}"
    if first:
        subject = f"Agenda published: {meeting.board.display_short_name}, {meeting.date:%-d %B %Y}"
        body = f"The agenda for the {meeting.board.name} meeting on {when} is published.\n\nRead it here: {url}\n"
    else:
        new_revisions = meeting.revisions.filter(number__gt=previously_sent).order_by("number")
        changes = "\n".join(f"- {r.summary}" for r in new_revisions)
        subject = f"Agenda revised (revision {meeting.agenda_revision}): {meeting.board.display_short_name}"
        body = (
            f"The agenda for the {meeting.board.name} meeting on {when} has changed.\n\n"
            f"What has changed since members were last sent it:\n{changes}\n\nRead it here: {url}\n"
        )
    email_board_members(board=meeting.board, subject=subject, body=body)
    log_action(
        "meetings.agenda.published" if first else "meetings.agenda.revision_sent",
        actor=user,
        obj=meeting,
        data={"revision": meeting.agenda_revision},
    )
    return meeting


@transaction.atomic
def agenda_approve(*, user, meeting: Meeting) -> Meeting:
    """The chair approves the draft agenda, on boards that ask for it; the coordinator can then publish it."""
    require_permission(user, "meetings.approve_agenda", meeting)
    lock_row(Meeting, meeting.pk)
    meeting.refresh_from_db()
    lifecycle.check_can_approve(meeting)
    meeting.agenda_approved_at = timezone.now()
    meeting.agenda_approved_by = _user_or_none(user)
    meeting.save(update_fields=["agenda_approved_at", "agenda_approved_by"])
    log_action("meetings.agenda.approved", actor=user, obj=meeting)
    return meeting


# Papers ----------------------------------------------------------------------------------------------


def _pdf_limits() -> Limits:
    return Limits(
        max_pages=settings.PAPER_MAX_PAGES,
        max_stream_mb=settings.PAPER_MAX_STREAM_MB,
        memory_mb=settings.PAPER_CHECK_MEMORY_MB,
    )


def _removed_text(removed: list[str]) -> str:
    return "; ".join(removed)


def paper_upload(
    *,
    user,
    item: AgendaItem,
    upload,
    title: str = "",
    author: str = "",
    author_organisation: str = "",
    replace: Paper | None = None,
    expected_version: int | None = None,
) -> Paper:
    """Check and store a paper for an item; a Word, ODT or Excel file is converted afterwards, in a task.

    Refuses, with the file's name and the reason in plain words, anything that would break the pack or
    harm its readers: too large, not what its name says it is, a bomb (far more pages or data than any
    paper, a document that unpacks to gigabytes), damaged, password-protected or without pages. Active
    content (scripts, launch actions, attached files...) is taken out of a PDF and listed on the paper
    (``removed_content``). Nothing already stored is touched when a file is refused.

    A PDF is ready at once. An office document is stored as it was sent, with the status *converting*,
    and :func:`paper_convert` runs in :func:`meetings.tasks.convert_paper_task` once this transaction
    commits; a new version of a paper (``replace``) takes the paper's place only once it is ready.
    """
    require_permission(user, "meetings.upload_paper", item)
    name = Path(upload.name).name
    label = f"“{name}”"
    limit_mb = settings.PAPER_MAX_MB
    if upload.size > limit_mb * 1024 * 1024:
        raise ValidationError(f"{label} is larger than the {limit_mb} MB limit: make it smaller and upload it again.")
    suffix = Path(name).suffix.lower()
    if suffix != ".pdf" and suffix not in CONVERTIBLE:
        raise ValidationError(f"{label} is not a PDF, Word, OpenDocument or Excel file, so it cannot go in the pack.")
    if replace is not None and replace.item_id != item.pk:
        raise ValidationError("That paper belongs to another item.")
    if suffix in CONVERTIBLE and libreoffice_binary() is None:
        noun = CONVERTIBLE[suffix]
        raise ValidationError(
            f"{label} is a {noun}, and this server cannot convert {noun}s to PDF because LibreOffice is not "
            "installed. Save it as a PDF and upload that instead (or ask your administrator to install LibreOffice)."
        )
    with tempfile.TemporaryDirectory(prefix="paper-") as tmp:
        original = Path(tmp) / f"upload{suffix}"
        with original.open("wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        try:
            kind = filetypes.expect(original, name=name)
            if kind != filetypes.PDF:
                # Bombs and damaged zips are refused now, while the uploader waits; the task cleans again.
                (Path(tmp) / "checked").mkdir()
                prepare_office_file(original, Path(tmp) / "checked", kind=kind)
        except filetypes.FileRefused as exc:
            raise ValidationError(f"{label} {exc.reason}") from exc
        fields = {"title": title, "author": author, "author_organisation": author_organisation}
        if kind != filetypes.PDF:
            with transaction.atomic():
                _claim_agenda(item.meeting, expected_version, user, item=item, permission=None)  # upload_paper checked
                return _paper_pending(user=user, item=item, replace=replace, name=name, original=original, **fields)
        checked = Path(tmp) / "checked.pdf"
        try:
            report = check_paper_pdf(original, label=label, output=checked, limits=_pdf_limits())
        except PaperError as exc:
            raise ValidationError(str(exc)) from exc
        pdf_path = checked if report.cleaned else original
        digest = file_sha256(pdf_path)
        # The slow part (reading every page) is done: only now hold a database transaction.
        with transaction.atomic():
            _claim_agenda(item.meeting, expected_version, user, item=item, permission=None)  # upload_paper checked
            paper = _paper_new_or_version(user=user, item=item, replace=replace, name=name, **fields)
            _paper_fill(paper, label=label, pdf_path=pdf_path, pages=report.pages, digest=digest)
            paper.removed_content = _removed_text(report.removed)
            if replace is not None and paper.original_file:
                paper.original_file = None
            paper.save()
            _record_revision(
                item.meeting,
                f"Paper {'replaced' if replace else 'added'}: {paper.title}",
                user,
                action="meetings.paper.replaced" if replace else "meetings.paper.added",
                obj=paper,
                data={"file": paper.original_name, "sha256": paper.sha256, "pages": paper.page_count},
            )
            return paper


def _paper_new_or_version(
    *, user, item: AgendaItem, replace: Paper | None, name: str, title: str, author: str, author_organisation: str
) -> Paper:
    """The paper to fill in: a new one at the end of the item's papers, or ``replace`` (its new version)."""
    if replace is None:
        paper = Paper(item=item, position=(item.papers.aggregate(m=Max("position"))["m"] or 0) + 1)
        paper.title = Path(name).stem
    else:
        paper = replace  # a new version of the same paper: keep what is not given afresh
    paper.title = title.strip() or paper.title
    paper.author = author.strip() or paper.author
    paper.author_organisation = author_organisation.strip() or paper.author_organisation
    paper.original_name = name
    paper.uploaded_by = user if getattr(user, "pk", None) else None
    return paper


def _paper_fill(paper: Paper, *, label: str, pdf_path: Path, pages: int, digest: str) -> None:
    """Put a checked PDF on ``paper`` (not saved), refusing the same file twice on one item."""
    duplicate = Paper.objects.ready().filter(item=paper.item_id, sha256=digest).exclude(pk=paper.pk).first()
    if duplicate is not None:
        # Most often the same form sent twice (a double click, or the browser's back button).
        raise ValidationError(f"{label} is already on this item, as “{duplicate.title}”: it was not added again.")
    paper.page_count = pages
    paper.sha256 = digest
    paper.size = pdf_path.stat().st_size
    paper.status = PaperStatus.READY
    paper.refusal_reason = ""
    with pdf_path.open("rb") as fh:
        paper.file.save("paper.pdf", File(fh), save=False)


def _paper_pending(*, user, item: AgendaItem, replace: Paper | None, name: str, original: Path, **fields) -> Paper:
    """Store an office document as sent, to be converted by a task once this transaction commits."""
    paper = _paper_new_or_version(user=user, item=item, replace=None, name=name, **fields)
    if replace is not None:
        paper.replaces = replace
        paper.title = fields["title"].strip() or replace.title
        paper.author = paper.author or replace.author
        paper.author_organisation = paper.author_organisation or replace.author_organisation
    paper.status = PaperStatus.CONVERTING
    with original.open("rb") as fh:
        paper.original_file.save(name, File(fh), save=False)
    paper.save()

    def queue() -> None:
        from .tasks import convert_paper_task

        convert_paper_task.delay(paper.pk)

    transaction.on_commit(queue)
    return paper


def paper_convert(*, user, paper_id: int) -> Paper | None:
    """Convert an uploaded office document to a checked, cleaned PDF (run by ``convert_paper_task``).

    Safe to run twice: a paper no longer converting is left alone. On success the paper is ready (a new
    version takes the place of the paper it replaces, which keeps its id, so packs say "replaced"); on
    failure it is refused with the reason in a clerk's words, and nothing that was there before changes.
    """
    paper = Paper.objects.select_related("item__meeting", "replaces").filter(pk=paper_id).first()
    if paper is None or paper.status != PaperStatus.CONVERTING:
        return paper
    require_permission(user, "meetings.upload_paper", paper.item)
    label = f"“{paper.original_name}”"
    with tempfile.TemporaryDirectory(prefix="paper-") as tmp:
        source = Path(tmp) / f"upload{Path(paper.original_name).suffix.lower()}"
        try:
            with paper.original_file.open("rb") as src, source.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1024 * 1024)
        except (FileNotFoundError, ValueError):
            return _paper_refuse(paper, f"{label} {REASON_MISSING}")
        try:
            kind = filetypes.expect(source, name=paper.original_name)
            converted = convert_to_pdf(source, kind=kind, output=Path(tmp) / "converted.pdf")
            checked = Path(tmp) / "checked.pdf"
            report = check_paper_pdf(converted, label=label, output=checked, limits=_pdf_limits())
        except filetypes.FileRefused as exc:
            return _paper_refuse(paper, f"{label} {exc.reason}")
        except ConversionError as exc:
            return _paper_refuse(paper, f"{label} {exc}")
        except PaperError as exc:
            return _paper_refuse(paper, str(exc))
        pdf_path = checked if report.cleaned else converted
        digest = file_sha256(pdf_path)
        with transaction.atomic():
            locked = Paper.objects.select_for_update().filter(pk=paper.pk, status=PaperStatus.CONVERTING).first()
            if locked is None:
                return Paper.objects.filter(pk=paper.pk).first()
            target = locked.replaces or locked
            try:
                _paper_fill(target, label=label, pdf_path=pdf_path, pages=report.pages, digest=digest)
            except ValidationError as exc:
                return _paper_refuse(locked, " ".join(exc.messages))
            target.removed_content = _removed_text(report.removed)
            if target is not locked:
                for name in ("title", "author", "author_organisation", "original_name", "uploaded_by"):
                    setattr(target, name, getattr(locked, name))
                target.original_file = locked.original_file.name
                target.save()
                locked.delete()  # its files now belong to the paper it replaced
            else:
                target.save()
            replaced = target is not locked
            _record_revision(
                target.item.meeting,
                f"Paper {'replaced' if replaced else 'added'}: {target.title}",
                user,
                action="meetings.paper.replaced" if replaced else "meetings.paper.added",
                obj=target,
                data={"file": target.original_name, "sha256": target.sha256, "pages": target.page_count},
            )
            return target


def _paper_refuse(paper: Paper, reason: str) -> Paper:
    paper.status = PaperStatus.REFUSED
    paper.refusal_reason = reason
    paper.save(update_fields=["status", "refusal_reason"])
    return paper


@transaction.atomic
def paper_delete(*, user, paper: Paper, reason: str = "", expected_version: int | None = None) -> None:
    """Delete a draft's paper; once the agenda is part of the record, withdraw it with a reason."""
    meeting = paper.item.meeting
    _claim_agenda(meeting, expected_version, user, item=paper.item)
    title = paper.title
    if not paper.is_ready:  # an upload that never became ready: no one read it, nothing to keep
        paper.delete()
        return
    if agenda_keeps_record(meeting):
        reason = _need_reason(reason, "paper")
        Paper.objects.filter(pk=paper.pk).update(
            withdrawn_at=timezone.now(), withdrawn_reason=reason[:300], withdrawn_by=_user_or_none(user)
        )
        summary, action = f"Paper withdrawn: {title} ({reason})", "meetings.paper.withdrawn"
    else:
        paper.delete()
        summary, action = f"Paper removed: {title}", "meetings.paper.deleted"
    _record_revision(meeting, summary, user, action=action, data={"paper": title, "reason": reason})


def _user_or_none(user):
    """The user to stamp on a row, or None when the portal itself acts."""
    return user if getattr(user, "pk", None) else None


# The work programme ----------------------------------------------------------------------------------


@transaction.atomic
def work_programme_add(
    *, user, board: Board, topic: str, description: str = "", lead: str = "", meeting: Meeting | None = None
) -> WorkProgrammeEntry:
    require_permission(user, "meetings.manage_meeting", board)
    if meeting is not None and meeting.board_id != board.pk:
        raise ValidationError("That meeting belongs to another board.")
    entry = WorkProgrammeEntry(board=board, topic=topic.strip(), description=description, lead=lead, meeting=meeting)
    entry.full_clean()
    entry.save()
    log_action("meetings.work_programme.added", actor=user, obj=entry, data={"topic": entry.topic})
    return entry


@transaction.atomic
def work_programme_pull(
    *, user, entry: WorkProgrammeEntry, meeting: Meeting, expected_version: int | None = None
) -> AgendaItem:
    """Turn a planned topic into an agenda item of the meeting (before AOB and future dates)."""
    if entry.agenda_item_id:
        raise ValidationError(f"“{entry.topic}” is already on the agenda of {entry.agenda_item.meeting}.")
    if meeting.board_id != entry.board_id:
        raise ValidationError("That topic belongs to another board's work programme.")
    leads = [{"guest_name": entry.lead}] if entry.lead else []
    item = agenda_item_add(
        user=user,
        meeting=meeting,
        expected_version=expected_version,
        title=entry.topic,
        intended_outcome=entry.description,
        leads=leads,
        item_for=ItemFor.DISCUSSION,
    )
    entry.agenda_item = item
    entry.meeting = meeting
    entry.save(update_fields=["agenda_item", "meeting"])
    log_action("meetings.work_programme.scheduled", actor=user, obj=entry, data={"meeting": str(meeting)})
    return item


# The board's standing items ----------------------------------------------------------------------------


@transaction.atomic
def agenda_template_item_add(
    *,
    user,
    board: Board,
    title: str,
    item_for: str = "",
    intended_outcome: str = "",
    minutes: int | None = None,
    lead_office: str = "",
    at_end: bool = False,
) -> AgendaTemplateItem:
    require_permission(user, "meetings.manage_meeting", board)
    position = (board.agenda_template.aggregate(m=Max("position"))["m"] or 0) + 1
    row = AgendaTemplateItem(
        board=board,
        position=position,
        title=title.strip(),
        item_for=item_for,
        intended_outcome=intended_outcome,
        minutes=minutes,
        lead_office=lead_office.strip(),
        at_end=at_end,
    )
    row.full_clean()
    row.save()
    log_action("meetings.standing_item.added", actor=user, obj=row, data={"title": row.title})
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
