"""Writes for meetings, agendas and papers."""

from __future__ import annotations

import datetime
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
from boards.permissions import require_permission

from .conversion import CONVERTIBLE, ConversionError, convert_to_pdf
from .enums import ItemFor, MeetingKind, MeetingStatus, Standing, StandInKind
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
from .packs.assembly import PaperError, inspect_pdf
from .packs.services import pack_withdraw_outdated
from .packs.sources import file_sha256

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
def venue_save(*, user=None, board: Board, venue: Venue | None = None, **fields) -> Venue:
    require_permission(user, "meetings.manage_meeting", board)
    venue = venue or Venue(board=board)
    for name, value in fields.items():
        setattr(venue, name, value)
    venue.full_clean()
    venue.save()
    return venue


@transaction.atomic
def meeting_create(
    *,
    user=None,
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
    return meeting


@transaction.atomic
def meeting_update(*, user=None, meeting: Meeting, **fields) -> Meeting:
    """Change a meeting's details; anything a calendar shows bumps the calendar SEQUENCE."""
    require_permission(user, "meetings.manage_meeting", meeting)
    changed_calendar = any(
        name in CALENDAR_FIELDS and getattr(meeting, name) != value for name, value in fields.items()
    )
    for name, value in fields.items():
        setattr(meeting, name, value)
    if changed_calendar:
        meeting.calendar_sequence += 1
    meeting.full_clean()
    meeting.save()
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
    user=None,
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


def _record_revision(meeting: Meeting, summary: str, user=None) -> None:
    """After every change to an agenda or its papers: packs that now hold something their readers may no
    longer see are withdrawn at once; after publication, the change is tracked as a numbered revision."""
    pack_withdraw_outdated(meeting=meeting)
    if not meeting.agenda_published_at:
        return
    number = (meeting.revisions.aggregate(m=Max("number"))["m"] or 0) + 1
    AgendaRevision.objects.create(meeting=meeting, number=number, summary=summary, created_by=user)
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
    user=None,
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
    _record_revision(meeting, f"Item added: {item.title}", user)
    return item


@transaction.atomic
def agenda_item_update(
    *, user=None, item: AgendaItem, expected_version: int | None = None, leads=None, uploaders=None, **fields
) -> AgendaItem:
    if _item_unchanged(item, fields, leads, uploaders):
        require_permission(user, "meetings.manage_meeting", item.meeting)
        return item
    _claim_agenda(item.meeting, expected_version, user, item=item)
    for name, value in fields.items():
        if name in ITEM_FIELDS:
            setattr(item, name, value)
    _clean_item(item)
    item.save()
    if leads is not None:
        _set_leads(item, leads)
    if uploaders is not None:
        item.uploaders.set(uploaders)
    _record_revision(item.meeting, f"Item changed: {item.title}", user)
    return item


@transaction.atomic
def agenda_item_delete(*, user=None, item: AgendaItem, expected_version: int | None = None) -> None:
    """Delete an item with its sub-items and papers (the page asks for confirmation first)."""
    meeting = item.meeting
    _claim_agenda(meeting, expected_version, user, item=item)
    parent_id = item.parent_id
    title = item.title
    item.delete()
    _renumber(_siblings(meeting, parent_id))
    _record_revision(meeting, f"Item removed: {title}", user)


@transaction.atomic
def agenda_item_move(*, user=None, item: AgendaItem, direction: str, expected_version: int | None = None) -> AgendaItem:
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
    _record_revision(meeting, f"Item moved: {item.title}", user)
    return item


@transaction.atomic
def agenda_reorder(
    *, user=None, meeting: Meeting, layout: list[tuple[int, int | None]], expected_version: int | None = None
) -> None:
    """Apply a whole new order from drag and drop: ``layout`` lists (item id, parent id) in agenda order."""
    if list(layout) == _layout(meeting):
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
    _record_revision(meeting, "Agenda reordered", user)


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
    *, user=None, item: AgendaItem, to_meeting: Meeting, expected_version: int | None = None
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
    _record_revision(source, f"Item deferred to {to_meeting.date:%-d %B %Y}: {title}", user)
    _record_revision(to_meeting, f"Item deferred from {source.date:%-d %B %Y}: {title}", user)
    return item


# Publishing ------------------------------------------------------------------------------------------


@transaction.atomic
def agenda_publish(*, user=None, meeting: Meeting) -> Meeting:
    """Publish the agenda to members (e-mail with a link). Re-publishing after changes sends the revision."""
    require_permission(user, "meetings.manage_meeting", meeting)
    if not meeting.items.exists():
        raise ValidationError("The agenda is empty: add items before publishing it.")
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
    return meeting


# Papers ----------------------------------------------------------------------------------------------


def paper_upload(
    *,
    user=None,
    item: AgendaItem,
    upload,
    title: str = "",
    author: str = "",
    author_organisation: str = "",
    replace: Paper | None = None,
    expected_version: int | None = None,
) -> Paper:
    """Check, convert (Word, ODT, Excel via LibreOffice) and store a paper for an item.

    Refuses, with the file's name and the reason in plain words, anything that would break the pack:
    too large, not a PDF, damaged, password-protected, no pages, or an unconvertible document.
    Nothing already stored is touched when a file is refused.
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
    with tempfile.TemporaryDirectory(prefix="paper-") as tmp:
        original = Path(tmp) / f"upload{suffix}"
        with original.open("wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        pdf_path = original
        if suffix in CONVERTIBLE:
            try:
                pdf_path = convert_to_pdf(original)
            except ConversionError as exc:
                raise ValidationError(f"{label} {exc}") from exc
        try:
            pages = inspect_pdf(pdf_path, label=label, max_bytes=limit_mb * 1024 * 1024)
        except PaperError as exc:
            raise ValidationError(str(exc)) from exc
        digest = file_sha256(pdf_path)
        # The slow part (conversion, reading every page) is done: only now hold a database transaction.
        with transaction.atomic():
            return _paper_store(
                user=user,
                item=item,
                replace=replace,
                name=name,
                label=label,
                original=original,
                pdf_path=pdf_path,
                pages=pages,
                digest=digest,
                title=title,
                author=author,
                author_organisation=author_organisation,
                expected_version=expected_version,
            )


def _paper_store(
    *,
    user,
    item,
    expected_version: int | None,
    replace,
    name,
    label,
    original: Path,
    pdf_path: Path,
    pages: int,
    digest: str,
    title: str,
    author: str,
    author_organisation: str,
) -> Paper:
    """Store a checked paper's PDF (and the document it was converted from) and record the revision."""
    _claim_agenda(item.meeting, expected_version, user, item=item, permission=None)  # upload_paper is checked
    duplicate = item.papers.filter(sha256=digest).exclude(pk=getattr(replace, "pk", None)).first()
    if duplicate is not None:
        # Most often the same form sent twice (a double click, or the browser's back button).
        raise ValidationError(f"{label} is already on this item, as “{duplicate.title}”: it was not added again.")
    if replace is None:
        paper = Paper(item=item, position=(item.papers.aggregate(m=Max("position"))["m"] or 0) + 1)
        paper.title = Path(name).stem
    else:
        paper = replace  # a new version of the same paper: keep what is not given afresh
    paper.title = title.strip() or paper.title
    paper.author = author.strip() or paper.author
    paper.author_organisation = author_organisation.strip() or paper.author_organisation
    paper.original_name = name
    paper.page_count = pages
    paper.sha256 = digest
    paper.size = pdf_path.stat().st_size
    paper.uploaded_by = user if getattr(user, "pk", None) else None
    with pdf_path.open("rb") as fh:
        paper.file.save("paper.pdf", File(fh), save=False)
    if original != pdf_path:  # converted: keep the document as it was sent
        with original.open("rb") as fh:
            paper.original_file.save(name, File(fh), save=False)
    elif replace is not None and paper.original_file:
        paper.original_file = None
    paper.save()
    _record_revision(item.meeting, f"Paper {'replaced' if replace else 'added'}: {paper.title}", user)
    return paper


@transaction.atomic
def paper_delete(*, user=None, paper: Paper, expected_version: int | None = None) -> None:
    title, meeting = paper.title, paper.item.meeting
    _claim_agenda(meeting, expected_version, user, item=paper.item)
    paper.delete()
    _record_revision(meeting, f"Paper removed: {title}", user)


# The work programme ----------------------------------------------------------------------------------


@transaction.atomic
def work_programme_add(
    *, user=None, board: Board, topic: str, description: str = "", lead: str = "", meeting: Meeting | None = None
) -> WorkProgrammeEntry:
    require_permission(user, "meetings.manage_meeting", board)
    if meeting is not None and meeting.board_id != board.pk:
        raise ValidationError("That meeting belongs to another board.")
    entry = WorkProgrammeEntry(board=board, topic=topic.strip(), description=description, lead=lead, meeting=meeting)
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def work_programme_pull(
    *, user=None, entry: WorkProgrammeEntry, meeting: Meeting, expected_version: int | None = None
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
    return item


# The board's standing items ----------------------------------------------------------------------------


@transaction.atomic
def agenda_template_item_add(
    *,
    user=None,
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
    return row


@transaction.atomic
def agenda_template_item_delete(*, user=None, row: AgendaTemplateItem) -> None:
    require_permission(user, "meetings.manage_meeting", row.board)
    row.delete()


@transaction.atomic
def agenda_template_item_move(*, user=None, row: AgendaTemplateItem, direction: str) -> None:
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
        defaults={"person": person, "kind": kind, "named_by": user if getattr(user, "pk", None) else None},
    )
    return stand_in


@transaction.atomic
def stand_in_remove(*, user, stand_in: StandIn) -> None:
    own_seat = getattr(user, "person_id", None) is not None and user.person_id == stand_in.in_place_of.person_id
    if not own_seat:
        require_permission(user, "meetings.manage_meeting", stand_in.meeting)
    stand_in.delete()
