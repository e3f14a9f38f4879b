"""Writing and reading the activity log.

Every service with business meaning ends with one call::

    log_action("meetings.item.withdrawn", actor=user, obj=item, data={"reason": reason})

The record's scope (whose coordinators may read the entry) comes from ``obj.activity_scope`` when the model
defines it. Apps register the words for their action codes with :func:`register_actions`, so that history
pages read "Item withdrawn" rather than a code, and a code nobody registered is caught by a test.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import ActivityLog

_LABELS: dict[str, str] = {}
_ACCESS: set[str] = set()


def register_actions(labels: dict[str, str], *, access: tuple[str, ...] = ()) -> None:
    """Name action codes in words (``{"meetings.item.added": "Item added"}``). ``access`` names the codes
    that record someone reading confidential material (listed apart for the board's coordinators)."""
    _LABELS.update(labels)
    _ACCESS.update(access)


def access_actions() -> set[str]:
    """The codes that record someone opening confidential material, whichever app registered them."""
    return set(_ACCESS)


def action_label(code: str) -> str:
    return _LABELS.get(code, code)


def registered_actions() -> dict[str, str]:
    return dict(_LABELS)


def _plain(value):
    """A value as it is stored in the log: JSON-safe and readable."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or ""
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict:
    """The named fields' current values, as the log stores them (foreign keys by their text)."""
    out = {}
    for name in fields:
        field = obj._meta.get_field(name)
        value = getattr(obj, name)
        if field.choices and not field.is_relation:
            value = getattr(obj, f"get_{name}_display")()
        out[name] = _plain(value)
    return out


def changes(before: dict, after: dict) -> dict:
    """``{field: [old, new]}`` for the fields whose values differ."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def log_action(action: str, *, actor, obj: models.Model, data: dict | None = None, scope=None) -> ActivityLog:
    """Record that ``actor`` did ``action`` to ``obj``. ``actor`` is a user or the system actor."""
    if scope is None:
        scope = getattr(obj, "activity_scope", None)
    user_model = get_user_model()
    is_user = isinstance(actor, user_model)
    return ActivityLog.objects.create(
        actor=actor if is_user else None,
        system_actor="" if is_user else str(actor or "the portal")[:100],
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        object_repr=str(obj)[:300],
        scope_type=ContentType.objects.get_for_model(scope) if scope is not None else None,
        scope_id=scope.pk if scope is not None else None,
        data={k: _plain(v) for k, v in (data or {}).items()},
    )


def _show(value) -> str:
    if value in (None, "", [], {}):
        return "(blank)"
    if isinstance(value, list):
        return "; ".join(str(v).strip() for v in value) or "(blank)"
    return str(value)


def describe(entry: ActivityLog) -> list[str]:
    """The entry's details as short lines a coordinator reads: what changed from what to what, and why."""
    data = entry.data or {}
    lines = []
    if data.get("summary"):
        lines.append(data["summary"])
    elif data.get("reason"):
        lines.append(f"Reason: {data['reason']}")
    for field, (old, new) in (data.get("changes") or {}).items():
        lines.append(f"{field.replace('_', ' ').capitalize()}: {_show(old)} → {_show(new)}")
    if "before" in data and "after" in data:
        lines.append(f"New order: {_show(data['after'])}")
    return lines


def entries_for_page(queryset, page_number, *, per_page: int = 50):
    """One page of entries, newest first, with actors loaded and each entry's label and details attached."""
    from django.core.paginator import Paginator

    page = Paginator(queryset.select_related("actor", "content_type"), per_page).get_page(page_number)
    for entry in page.object_list:
        entry.label = action_label(entry.action)
        entry.details = describe(entry)
    return page
