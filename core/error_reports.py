"""Unexpected errors reported to an error tracker (Sentry, or a server speaking its protocol), only when
``SENTRY_DSN`` is set.

A report says where the code failed and nothing of what people wrote: :func:`scrub_event` keeps the kind of
error, the stack (file, function, line and the code around it, never the values of variables), the path of
the page (no query string; the secret part of a signed link or a calendar feed address replaced), the
logger's message before its values are filled in, and the signed-in user's id. Request bodies, cookies,
headers, the error's own message (it may quote a Part II paper's title or a line of minutes), breadcrumbs
(log lines, database queries) and the arguments of tasks never leave the installation.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from .logging import request_id_var, task_id_var, user_id_var

FILTERED = "[Filtered]"
#: URL arguments that are secrets: the holder of the address may act on it (a signed link, a feed token).
SECRET_URL_ARGUMENTS = frozenset({"token", "uidb64"})
#: Top-level parts of an event kept as they are: what the SDK and the tracker need, nothing written by people.
_KEPT = (
    "event_id",
    "timestamp",
    "start_timestamp",
    "type",
    "level",
    "platform",
    "logger",
    "environment",
    "release",
    "dist",
    "server_name",
    "sdk",
    "transaction",
    "transaction_info",
    "fingerprint",
)
_KEPT_CONTEXTS = ("trace", "runtime", "os")
_KEPT_FRAME = (
    "filename",
    "abs_path",
    "module",
    "function",
    "lineno",
    "colno",
    "in_app",
    "pre_context",
    "context_line",
    "post_context",
)
_KEPT_SPAN = (
    "span_id",
    "parent_span_id",
    "trace_id",
    "op",
    "status",
    "start_timestamp",
    "timestamp",
    "origin",
    "same_process_as_parent",
)
#: A path segment that looks like a token (long, with digits or signing punctuation), for paths no URL matches.
_TOKEN_LIKE = re.compile(r"(?=[^/]*[0-9:_])[A-Za-z0-9:_\-=]{24,}")


def scrub_path(path: str) -> str:
    """``path`` with the values of secret URL arguments (:data:`SECRET_URL_ARGUMENTS`) replaced, e.g.
    ``/calendar/[Filtered].ics``. A path no URL matches has every token-like segment replaced."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path)
    except Resolver404:
        return _TOKEN_LIKE.sub(FILTERED, path)
    except Exception:  # an error report must never fail on its own account
        return FILTERED
    for name, value in match.kwargs.items():
        if name in SECRET_URL_ARGUMENTS and isinstance(value, str) and value:
            path = path.replace(value, FILTERED)
    return path


def _scrub_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, scrub_path(parts.path or "/"), "", ""))


def _scrub_stacktrace(stacktrace: dict | None) -> dict | None:
    if not stacktrace:
        return None
    frames = [{k: frame[k] for k in _KEPT_FRAME if k in frame} for frame in stacktrace.get("frames") or []]
    return {"frames": frames}


def _scrub_exception(exception: dict) -> dict:
    values = []
    for value in exception.get("values") or []:
        kept = {k: value[k] for k in ("type", "module", "mechanism") if k in value}
        stacktrace = _scrub_stacktrace(value.get("stacktrace"))
        if stacktrace:
            kept["stacktrace"] = stacktrace
        values.append(kept)
    return {"values": values}


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    """The ``before_send`` of the error tracker: a copy of ``event`` holding only what may leave."""
    safe = {k: event[k] for k in _KEPT if k in event}
    if "exception" in event:
        safe["exception"] = _scrub_exception(event["exception"])
    if "logentry" in event and event["logentry"].get("message"):
        # The message as the code wrote it ("Building pack %s failed"), without the values put into it.
        safe["logentry"] = {"message": str(event["logentry"]["message"])}
    request = event.get("request") or {}
    if request.get("url"):
        safe["request"] = {"url": _scrub_url(request["url"])}
        if request.get("method"):
            safe["request"]["method"] = request["method"]
    contexts = event.get("contexts") or {}
    safe["contexts"] = {k: contexts[k] for k in _KEPT_CONTEXTS if k in contexts}
    tags = {
        k: v for k, v in {"request_id": request_id_var.get(), "task_id": task_id_var.get()}.items() if v is not None
    }
    if tags:
        safe["tags"] = tags
    user_id = user_id_var.get()
    if user_id is None:
        user_id = (event.get("user") or {}).get("id")
    if user_id is not None:
        safe["user"] = {"id": str(user_id)}
    if event.get("spans"):
        safe["spans"] = [{k: span[k] for k in _KEPT_SPAN if k in span} for span in event["spans"]]
    return safe


#: The SDK's ``data_collection``: no user details, cookies, headers, bodies, query strings, SQL values, task
#: arguments or variables' values.
NOTHING_PERSONAL = {
    "user_info": False,
    "cookies": {"mode": "off"},
    "http_headers": {"request": {"mode": "off"}},
    "http_bodies": [],
    "url_query_params": {"mode": "off"},
    "graphql": {"document": False, "variables": False},
    "gen_ai": {"inputs": False, "outputs": False},
    "database_query_data": False,
    "queues": False,
    "stack_frame_variables": False,
}


def _no_breadcrumbs(crumb: dict, hint: dict | None) -> None:
    return None


def error_reports_init(
    *, dsn: str, environment: str, release: str | None = None, traces_sample_rate: float = 0.0, transport=None
) -> None:
    """Start reporting errors to the tracker at ``dsn``, from the web processes and the Celery workers."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        traces_sample_rate=traces_sample_rate,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        # Nothing personal collected in the first place (what ``send_default_pii=False`` asked of older
        # SDKs; 2.x deprecates that flag for this): scrub_event then keeps only what it names.
        data_collection=NOTHING_PERSONAL,
        max_request_body_size="never",
        before_send=scrub_event,
        before_send_transaction=scrub_event,
        before_breadcrumb=_no_breadcrumbs,
        transport=transport,
    )
