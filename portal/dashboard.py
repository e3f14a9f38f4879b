"""The dashboard's body, kept in the shared cache per person until anything it could show changes.

The dashboard is the page every member opens first, often all at once the evening before a meeting. Its
body (the person's actions, boards and next meetings; for a coordinator, meetings awaiting an outcome)
is rendered once and kept under a key made of the person, today's date and a *generation*: one number in
the shared cache that goes up when a transaction that changed a board, a person, a membership, a meeting,
an attendance or an action commits. A change anywhere therefore shows on every dashboard at the next
visit; while nothing changes (most of an evening), a visit costs two cache reads.

Writes that send no model signal (``bulk_create``, ``QuerySet.update``) and could change what a dashboard
shows call :func:`core.changes.content_changed` themselves; the cached copy also expires after
``DASHBOARD_CACHE_SECONDS`` whatever happens. The body holds no form and no CSRF token, so a copy made
for one visit is right for the next one by the same person. It is off (0 seconds) when the cache is each
process's own memory, where one process could not tell the others about a change.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.template.loader import render_to_string

from core import clock
from core.changes import content_changed, content_generation

#: The apps whose rows a dashboard shows: a change to any of their models makes every dashboard anew.
WATCHED_APPS = frozenset({"accounts", "boards", "meetings", "actions"})


def cache_seconds() -> int:
    return int(getattr(settings, "DASHBOARD_CACHE_SECONDS", 0) or 0)


def _model_changed(sender, **kwargs) -> None:
    if sender._meta.app_label in WATCHED_APPS and cache_seconds():
        content_changed()


def connect_signals() -> None:
    """Listen to the watched apps' models only: a listener for every model would stop Django deleting
    other apps' rows in bulk."""
    for label in sorted(WATCHED_APPS):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            for name, signal in (("save", post_save), ("delete", post_delete), ("m2m", m2m_changed)):
                signal.connect(_model_changed, sender=model, dispatch_uid=f"dashboard-{name}-{model._meta.label}")


def dashboard_body(user, build) -> str:
    """The rendered body for ``user``: from the cache, or ``build()``'s context rendered and kept."""
    seconds = cache_seconds()
    if not seconds:
        return render_to_string("portal/partials/dashboard_body.html", build())
    key = f"portal:dashboard:{user.pk}:{clock.today().isoformat()}:{content_generation()}"
    body = cache.get(key)
    if body is None:
        body = render_to_string("portal/partials/dashboard_body.html", build())
        cache.set(key, body, timeout=seconds)
    return body
