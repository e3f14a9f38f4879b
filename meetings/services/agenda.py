"""Writes for agendas: items, their order, deferral, publication and approval, the work programme."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from boards.mail import email_board_members
from boards.models import Board
from core.activity import changes, log_action, snapshot
from core.locks import lock_row
from core.permissions import require_permission

from .. import lifecycle, parts
from ..agenda import number_items, numbers_are_stored
from ..enums import ItemFor
from ..models import (
    AgendaItem,
    AgendaRevision,
    ItemLead,
    Meeting,
    Paper,
    WorkProgrammeEntry,
)
from ..packs.generated import validate_generated_kind
from ..packs.services import pack_withdraw_outdated
from ..visibility import is_part_two

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


#: How a revision names a Part II item or paper: revisions are read (and e-mailed) by every member, and
#: observers do not read Part II. The activity log, for coordinators, keeps the title.
PART_TWO_NAME = "a confidential (Part II) item"


def _record_revision(
    meeting: Meeting,
    summary: str,
    user,
    *,
    action: str,
    obj=None,
    data: dict | None = None,
    part_two: bool | None = None,
) -> None:
    """After every change to an agenda or its papers: the change goes in the activity log (``action`` on
    ``obj``, the meeting by default); packs that now hold something their readers may no longer see are
    withdrawn at once; after publication, the change is tracked as a numbered revision. A revision about
    a Part II item or its papers does not name it (``part_two``, read from ``obj`` when not given)."""
    log_action(action, actor=user, obj=obj if obj is not None else meeting, data={"summary": summary, **(data or {})})
    if part_two is None:
        item = obj if isinstance(obj, AgendaItem) else getattr(obj, "item", None) if isinstance(obj, Paper) else None
        part_two = is_part_two(item)
    if part_two:
        summary = f"{summary.split(':', 1)[0]}: {PART_TWO_NAME}"
    pack_withdraw_outdated(meeting=meeting)
    if not lifecycle.agenda_is_record(meeting):
        return
    number = (meeting.revisions.aggregate(m=Max("number"))["m"] or 0) + 1
    AgendaRevision.objects.create(meeting=meeting, number=number, summary=summary, created_by=_user_or_none(user))
    Meeting.objects.filter(pk=meeting.pk).update(agenda_revision=number)
    meeting.agenda_revision = number


def _siblings(meeting: Meeting, parent_id: int | None) -> list[AgendaItem]:
    return list(AgendaItem.objects.filter(meeting=meeting, parent_id=parent_id).order_by("position", "pk"))


def _before_closing_items(siblings: list[AgendaItem]) -> int:
    """Where a new main item goes: before the run of closing standing items that ends the agenda (urgent
    business, any other business, the date of the next meeting). A closing item moved up among the business
    items by hand is not in that run, and new items go after it."""
    index = len(siblings)
    while index and siblings[index - 1].closes_agenda:
        index -= 1
    return index


def _renumber(items: list[AgendaItem]) -> None:
    for i, item in enumerate(items):
        item.position = (i + 1) * POSITION_STEP
    AgendaItem.objects.bulk_update(items, ["position"])


#: Why the order of an agenda's parts is kept: said with every refusal.
PART_TWO_LAST = (
    "Part II items come after every Part I item, so that the press and public are excluded once, "
    "for the rest of the meeting."
)


def _clean_exemption(item: AgendaItem) -> None:
    """A Part II item says why it is exempt (:func:`meetings.parts.missing_exemption`); a Part I item keeps
    neither a paragraph nor a reason. A sub-item is in its main item's part of the agenda, so it is Part II
    only under a Part II item."""
    if not item.confidential:
        item.exemption_reason, item.exemption_paragraph = "", None
        return
    if item.parent_id and not item.parent.confidential:
        raise ValidationError(
            {
                "confidential": f"“{item.title}” is a sub-item of “{item.parent.title}”, which is in Part I, and a "
                "sub-item is in its main item's part of the agenda: mark the main item Part II, or make this "
                "one a main item of its own first."
            }
        )
    missing = parts.missing_exemption(
        council=parts.is_council(item.meeting.board), paragraph=item.exemption_paragraph, reason=item.exemption_reason
    )
    if missing:
        field, message = missing
        raise ValidationError({field: message})


def _after_part_two(meeting: Meeting) -> tuple[dict[int, str], str]:
    """Part I main items placed after a Part II one, ``{pk: title}``, and the first Part II item's title."""
    rows = AgendaItem.objects.filter(meeting=meeting, parent=None).order_by("position", "pk")
    first_part_two, out = "", {}
    for pk, title, confidential in rows.values_list("pk", "title", "confidential"):
        if confidential and not first_part_two:
            first_part_two = title
        elif first_part_two and not confidential:
            out[pk] = title
    return out, first_part_two


def _keep_part_two_last(meeting: Meeting, before: dict[int, str], *, item: AgendaItem | None = None) -> None:
    """Refuse a change that puts a Part I item after a Part II one (in the caller's transaction, so nothing
    is saved). An agenda arranged that way before this rule keeps what it had: only a new case is refused,
    and the builder asks the coordinator to put it right."""
    after, first_part_two = _after_part_two(meeting)
    new = [title for pk, title in after.items() if pk not in before]
    if not new:
        return
    if item is not None and item.parent_id is None and item.confidential:
        last_part_one = AgendaItem.objects.filter(meeting=meeting, parent=None, confidential=False)
        last_title = last_part_one.order_by("-position", "-pk").values_list("title", flat=True).first()
        message = (
            f"“{item.title}” cannot be Part II where it is, with Part I items after it (“{new[0]}”). "
            f"{PART_TWO_LAST} Move it down below “{last_title}” first, then mark it Part II."
        )
    elif item is not None and item.parent_id is None and not item.confidential and item.pk in after:
        message = (
            f"“{item.title}” cannot be Part I where it is, after the Part II item “{first_part_two}”. "
            f"{PART_TWO_LAST} Move it up above “{first_part_two}” first, then mark it Part I."
        )
    else:
        message = f"That would put “{new[0]}” (Part I) after “{first_part_two}” (Part II). {PART_TWO_LAST}"
    raise ValidationError(message)


def _insert_at(siblings: list[AgendaItem], item: AgendaItem, *, before_closing_items: bool) -> int:
    """Where a new main item goes: a Part II item at the end; a Part I item before the Part II items and,
    unless told otherwise, before the run of closing standing items that ends Part I."""
    if item.confidential:
        return len(siblings)
    part_two = next((i for i, s in enumerate(siblings) if s.confidential), len(siblings))
    if before_closing_items:
        return _before_closing_items(siblings[:part_two])
    return part_two


def _check_place(siblings: list[AgendaItem], index: int, item: AgendaItem, after: AgendaItem) -> None:
    """Refuse a new main item at ``index`` (just after ``after``) that would break the agenda's order: Part II
    items last, and the closing standing items that end Part I (any other business, future dates) after
    every business item."""
    later = siblings[index:]
    if item.confidential:
        part_one = next((s for s in later if not s.confidential), None)
        if part_one is not None:
            raise ValidationError(
                f"“{item.title}” is Part II, so it cannot go after “{after.title}”, above the Part I item "
                f"“{part_one.title}”. {PART_TWO_LAST} Add it at the end of the agenda instead."
            )
        return
    if after.confidential:
        raise ValidationError(
            f"“{item.title}” is Part I, so it cannot go after the Part II item “{after.title}”. {PART_TWO_LAST} "
            "Add it above the Part II items instead."
        )
    part_two = next((i for i, s in enumerate(siblings) if s.confidential), len(siblings))
    closing_from = _before_closing_items(siblings[:part_two])
    if index > closing_from:
        raise ValidationError(
            f"“{after.title}” is one of the items that close the agenda, which stay after every business item: "
            f"add “{item.title}” above “{siblings[closing_from].title}” instead."
        )


def _clean_item(item: AgendaItem) -> None:
    _clean_exemption(item)
    if item.parent_id and item.parent.parent_id:
        raise ValidationError("Sub-items cannot have sub-items of their own: agendas have one level of sub-items.")
    for link in item.link_list:
        if not link.lower().startswith(("https://", "http://")):
            raise ValidationError({"links": f"“{link}” is not a web address: each line must start with https://"})
    try:
        validate_generated_kind(item.generated_kind)
    except ValidationError as e:
        raise ValidationError({"generated_kind": e.messages}) from None
    if not item.generated_kind:
        item.generated_public = None  # nothing generated: nothing to show or hide
    item.full_clean(exclude=["meeting", "parent"])


def _leave_part_two(items: list[AgendaItem], new_parents: dict[int, int | None]) -> None:
    """A sub-item is Part II while it sits under a Part II item (the visibility rule derives it). One that
    is moved out from under a Part II item is classified Part II itself, with that item's reason, so that
    moving it never publishes it; the coordinator can then reclassify it deliberately."""
    old_parents = {i.parent_id for i in items if i.parent_id}
    part_two = {
        pk: (reason, paragraph)
        for pk, reason, paragraph in AgendaItem.objects.filter(pk__in=old_parents, confidential=True).values_list(
            "pk", "exemption_reason", "exemption_paragraph"
        )
    }
    for item in items:
        leaving = item.parent_id in part_two and new_parents.get(item.pk) != item.parent_id
        if leaving and not item.confidential:
            item.confidential = True
            item.exemption_reason, item.exemption_paragraph = part_two[item.parent_id]
            AgendaItem.objects.filter(pk=item.pk).update(
                confidential=True, exemption_reason=item.exemption_reason, exemption_paragraph=item.exemption_paragraph
            )


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


def _item_unchanged(item: AgendaItem, stored_item: AgendaItem | None, fields: dict, leads, uploaders) -> bool:
    """True when saving would change nothing: no version bump and no revision for a form sent unchanged.

    Compares with the stored row, not ``item``: a ModelForm has already copied its values onto its instance.
    """
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
    after: AgendaItem | None = None,
    leads=None,
    before_closing_items: bool = True,
    **fields,
) -> AgendaItem:
    """Add an item (or a sub-item under ``parent``). A new Part I item goes before the Part II items and
    before the closing standing items that end Part I (urgent business, AOB, future dates); a new Part II
    item after everything else.

    ``after``: put it just after that item instead, at the same level (a sub-item after a sub-item, under
    the same main item). Refused where it would break the order the agenda keeps: a Part I item after a
    Part II one or among the closing standing items, a Part II item above a Part I one."""
    if parent is not None and after is not None:
        raise ValidationError("Give the item a main item to go under, or an item to follow, not both.")
    _claim_agenda(meeting, expected_version, user, item=parent or after)
    for given in (parent, after):
        if given is not None and given.meeting_id != meeting.pk:
            raise ValidationError("That item belongs to another meeting.")
    if after is not None:
        parent = after.parent
    item = AgendaItem(meeting=meeting, parent=parent, **{k: v for k, v in fields.items() if k in ITEM_FIELDS})
    _clean_item(item)
    siblings = _siblings(meeting, parent.pk if parent else None)
    index = len(siblings)
    if after is not None:
        index = next(i for i, s in enumerate(siblings) if s.pk == after.pk) + 1
        if parent is None:
            _check_place(siblings, index, item, after)
    elif parent is None:
        index = _insert_at(siblings, item, before_closing_items=before_closing_items)
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
    stored = AgendaItem.objects.filter(pk=item.pk).first()
    if _item_unchanged(item, stored, fields, leads, uploaders):
        require_permission(user, "meetings.manage_meeting", item.meeting)
        return item
    _claim_agenda(item.meeting, expected_version, user, item=item)
    before = snapshot(stored, ITEM_FIELDS)
    out_of_order = _after_part_two(item.meeting)[0]
    leads_before = [str(lead) for lead in item.leads.all()]
    for name, value in fields.items():
        if name in ITEM_FIELDS:
            setattr(item, name, value)
    _clean_item(item)
    item.save()
    _keep_part_two_last(item.meeting, out_of_order, item=item)
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
    from ..enums import PackStatus

    return lifecycle.agenda_is_record(meeting) or (
        meeting.pack_builds.filter(issued_at__isnull=False).exclude(status=PackStatus.FAILED).exists()
    )


def _need_reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {
                "reason": f"This agenda is already part of the record (published, issued in a pack or the meeting "
                f"held), so the {what} is withdrawn rather than deleted: say why (members see the reason in the "
                "agenda's revisions)."
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
    secret = is_part_two(item)
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
    _record_revision(meeting, summary, user, action=action, data={"item": title, "reason": reason}, part_two=secret)


@transaction.atomic
def agenda_item_move(*, user, item: AgendaItem, direction: str, expected_version: int | None = None) -> AgendaItem:
    """Keyboard moves: "up" / "down" among siblings, "indent" (under the item above), "outdent"."""
    meeting = item.meeting
    _claim_agenda(meeting, expected_version, user, item=item)
    out_of_order = _after_part_two(meeting)[0]
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
        if item.confidential and not new_parent.confidential:
            raise ValidationError(
                f"“{item.title}” is Part II, so it cannot go under “{new_parent.title}”, which is in Part I: "
                "a sub-item is in its main item's part of the agenda."
            )
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
    _keep_part_two_last(meeting, out_of_order)
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
    out_of_order = _after_part_two(meeting)[0]
    items = {i.pk: i for i in AgendaItem.objects.filter(meeting=meeting)}
    if sorted(pk for pk, _ in layout) != sorted(items):
        raise AgendaConflict(AgendaConflict.message)
    parents = dict(layout)
    for pk, parent in layout:
        if parent is not None and (parent not in items or parents.get(parent) is not None):
            raise ValidationError("Sub-items cannot have sub-items of their own.")
        if parent is not None and any(p == pk for p in parents.values()):
            raise ValidationError("An item with sub-items cannot itself become a sub-item.")
        item = items[pk]
        if parent is not None and parent != item.parent_id and item.confidential and not items[parent].confidential:
            raise ValidationError(
                f"“{item.title}” is Part II, so it cannot go under “{items[parent].title}”, which is in Part I: "
                "a sub-item is in its main item's part of the agenda."
            )
    _leave_part_two(list(items.values()), parents)
    counters: dict[int | None, int] = {}
    for pk, parent in layout:
        counters[parent] = counters.get(parent, 0) + 1
        item = items[pk]
        item.parent_id = parent
        item.position = counters[parent] * POSITION_STEP
    AgendaItem.objects.bulk_update(items.values(), ["parent", "position"])
    _keep_part_two_last(meeting, out_of_order)
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
    item.published_number = ""  # numbered afresh in the meeting it goes to
    item.save(update_fields=["meeting", "deferred_from", "published_number"])
    item.children.update(meeting=to_meeting, published_number="")
    siblings = [s for s in _siblings(to_meeting, None) if s.pk != item.pk]
    siblings.insert(_insert_at(siblings, item, before_closing_items=True), item)
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
        to_meeting,
        f"Item deferred from {source.date:%-d %B %Y}: {title}",
        user,
        action="meetings.item.received",
        part_two=is_part_two(item),
    )
    return item


# Publishing ------------------------------------------------------------------------------------------


@transaction.atomic
def agenda_publish(*, user, meeting: Meeting) -> Meeting:
    """Publish the agenda to members (e-mail with a link). Re-publishing after changes sends the revisions.

    Either way each item's number is stored as it is computed now: between sendings the numbers members
    read stay put (:mod:`meetings.agenda`). Re-publishing renumbers, and records the renumbering as a
    revision of its own ("Item 7 is now item 6: ..."), sent with the others.
    """
    require_permission(user, "meetings.manage_meeting", meeting)
    lock_row(Meeting, meeting.pk)  # two coordinators clicking at once send one e-mail, not two
    meeting.refresh_from_db()
    if not meeting.items.exists():
        raise ValidationError("The agenda is empty: add items before publishing it.")
    lifecycle.check_can_publish(meeting)
    first = meeting.agenda_published_at is None
    if not first and meeting.agenda_revision_sent >= meeting.agenda_revision:
        raise ValidationError("Members already have the current agenda: nothing has changed since it was sent.")
    renumbered = agenda_numbers_store(meeting=meeting)
    if renumbered and not first:
        lines = [f"Item {old} is now item {new}: {title}" for old, new, title in renumbered]
        _record_revision(
            meeting,
            "\n".join(["Items renumbered:", *lines]),
            user,
            action="meetings.agenda.renumbered",
            data={"renumbered": [list(row) for row in renumbered]},
        )
    if first:
        meeting.agenda_published_at = timezone.now()
    previously_sent = meeting.agenda_revision_sent
    meeting.agenda_revision_sent = meeting.agenda_revision
    meeting.save(update_fields=["agenda_published_at", "agenda_revision_sent"])
    subject, body = agenda_message(meeting, first=first, since=previously_sent)
    email_board_members(board=meeting.board, subject=subject, body=body)
    log_action(
        "meetings.agenda.published" if first else "meetings.agenda.revision_sent",
        actor=user,
        obj=meeting,
        data={"revision": meeting.agenda_revision},
    )
    return meeting


def agenda_message(meeting: Meeting, *, first: bool, since: int, renumbered=()) -> tuple[str, str]:
    """The subject and body of the e-mail that publishes the agenda, or sends the revisions recorded after
    revision ``since`` (and ``renumbered``: what a preview adds for renumbering not yet recorded)."""
    url = settings.SITE_URL.rstrip("/") + meeting.get_absolute_url()
    when = f"{meeting.date:%A} {meeting.date.day} {meeting.date:%B %Y} at {meeting.start_time:%H:%M}"
    if first:
        subject = f"Agenda published: {meeting.board.display_short_name}, {meeting.date.day} {meeting.date:%B %Y}"
        body = f"The agenda for the {meeting.board.name} meeting on {when} is published.\n\nRead it here: {url}\n"
        return subject, body
    summaries = [r.summary for r in meeting.revisions.filter(number__gt=since).order_by("number")]
    if renumbered:
        summaries.append(
            "\n".join(["Items renumbered:", *(f"Item {o} is now item {n}: {t}" for o, n, t in renumbered)])
        )
    changes = "\n".join("- " + summary.replace("\n", "\n  ") for summary in summaries)
    subject = f"Agenda revised (revision {meeting.agenda_revision}): {meeting.board.display_short_name}"
    body = (
        f"The agenda for the {meeting.board.name} meeting on {when} has changed.\n\n"
        f"What has changed since members were last sent it:\n{changes}\n\nRead it here: {url}\n"
    )
    return subject, body


def agenda_publish_preview(meeting: Meeting) -> tuple[str, str]:
    """The e-mail :func:`agenda_publish` would send now, without sending or storing anything."""
    first = meeting.agenda_published_at is None
    renumbered = () if first else agenda_numbers_store(meeting=meeting, store=False)
    return agenda_message(meeting, first=first, since=meeting.agenda_revision_sent, renumbered=renumbered)


def agenda_numbers_store(*, meeting: Meeting, store: bool = True) -> list[tuple[str, str, str]]:
    """Store each current item's number as computed from its place now (withdrawn items keep theirs).
    Returns (number shown until now, new number, title) for each item whose shown number changes, in
    agenda order; with ``store=False`` only says so (a preview). Part of :func:`agenda_publish`; on its own
    only for agendas recorded as published without being sent (the demo's past meetings), in the caller's
    transaction."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .order_by("position", "pk")
        .only("pk", "parent_id", "published_number", "title", "confidential")
    )
    style = meeting.board.numbering_style
    shown = number_items(items, style, stored=numbers_are_stored(meeting, items))
    computed = number_items(items, style, stored=False)
    by_pk = {item.pk: item for item in items}
    changed = []
    for item in items:
        if item.published_number != computed[item.pk][0]:
            item.published_number = computed[item.pk][0]
            changed.append(item)
    if store:
        AgendaItem.objects.bulk_update(changed, ["published_number"])

    def named(item: AgendaItem) -> str:
        parent = by_pk.get(item.parent_id)
        return PART_TWO_NAME if item.confidential or (parent and parent.confidential) else item.title

    return [
        (number, computed[pk][0], named(by_pk[pk])) for pk, (number, _) in shown.items() if number != computed[pk][0]
    ]


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


def _user_or_none(user):
    """The user to stamp on a row, or None when the portal itself acts."""
    return user if getattr(user, "pk", None) else None


# The work programme ----------------------------------------------------------------------------------


def _planned_time(
    meeting: Meeting | None, month: datetime.date | None, quarter: datetime.date | None
) -> dict[str, Any]:
    """A topic is planned for one of a meeting, a month or a quarter, or none of them (to be confirmed).
    A month is held as its first day, a quarter as the first day of its first month."""
    if sum(value is not None for value in (meeting, month, quarter)) > 1:
        raise ValidationError(
            "Plan the topic for one of a meeting, a month or a quarter, or leave all three empty for “to be confirmed”."
        )
    if month is not None:
        month = month.replace(day=1)
    if quarter is not None:
        if quarter.month not in (1, 4, 7, 10):
            raise ValidationError({"quarter": "A quarter starts in April, July, October or January."})
        quarter = quarter.replace(day=1)
    return {"meeting": meeting, "month": month, "quarter": quarter}


@transaction.atomic
def work_programme_add(
    *,
    user,
    board: Board,
    topic: str,
    description: str = "",
    lead: str = "",
    meeting: Meeting | None = None,
    month: datetime.date | None = None,
    quarter: datetime.date | None = None,
) -> WorkProgrammeEntry:
    """Plan a topic for a meeting, a month or a quarter, or "to be confirmed" (none of them)."""
    require_permission(user, "meetings.manage_meeting", board)
    if meeting is not None and meeting.board_id != board.pk:
        raise ValidationError("That meeting belongs to another board.")
    entry = WorkProgrammeEntry(
        board=board,
        topic=topic.strip(),
        description=description,
        lead=lead,
        **_planned_time(meeting, month, quarter),
    )
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
    entry.meeting, entry.month, entry.quarter = meeting, None, None  # now planned for this meeting
    entry.save(update_fields=["agenda_item", "meeting", "month", "quarter"])
    log_action("meetings.work_programme.scheduled", actor=user, obj=entry, data={"meeting": str(meeting)})
    return item
