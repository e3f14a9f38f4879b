"""Error pages that say what happened and offer a way back; the health check for load balancers."""

import logging
import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from core.files import stored_files

logger = logging.getLogger(__name__)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    # A view's own explanation ("This pack has not been issued yet.") is worth showing. A URL that matched
    # nothing has none, and get_object_or_404's "No Meeting matches the given query." says nothing to a clerk.
    message = exception.args[0] if isinstance(exception, Http404) and exception.args else None
    shown = isinstance(message, str) and not isinstance(exception, Resolver404) and not message.startswith("No ")
    return render(request, "404.html", {"reason": message if shown else ""}, status=404)


# Health check ------------------------------------------------------------------------------------------

#: A fixed name looked up (never written) in the file store: a missing object is the expected answer; what
#: matters is that the store answered, with these credentials.
HEALTH_PROBE_NAME = "health/probe"
#: Seconds the broker check waits for a connection.
BROKER_TIMEOUT = 2


def _reason(exc: Exception) -> str:
    """What failed, without the exception's text (which may hold a URL, a host name or a key)."""
    return f"fail: {type(exc).__name__}"


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        logger.warning("Health check: the database did not answer: %s", exc)
        return _reason(exc)
    return "ok"


def _check_broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return "in-process"  # no broker: tasks run in the request that queues them
    from kombu import Connection

    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=BROKER_TIMEOUT) as broker:
            broker.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT)
    except Exception as exc:
        logger.warning("Health check: the broker did not answer: %s", exc)
        return _reason(exc)
    return "ok"


def _check_storage() -> str:
    storage = stored_files()
    try:
        storage.exists(HEALTH_PROBE_NAME)  # a HEAD request on a bucket; a look in the folder on a file system
        if isinstance(storage, FileSystemStorage):
            _check_folder(Path(storage.location))
    except Exception as exc:
        logger.warning("Health check: the file store did not answer: %s", exc)
        return _reason(exc)
    return "ok"


def _check_folder(location: Path) -> None:
    """``MEDIA_ROOT``, or the folder it will be made in on the first upload, is a folder the portal may
    write to."""
    folder = location
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise PermissionError("the file store's folder cannot be written to")


@csrf_exempt
@require_safe
def healthz(request):
    """For load balancers and monitoring: whether this host can reach the database, the broker and the file
    store. 200 with ``"status": "ok"`` when all answer, 503 with ``"status": "fail"`` otherwise; each
    check says "ok", "in-process" (no broker configured) or "fail: <kind of error>". No sign-in, no session,
    nothing cached; never a URL, a key or a traceback."""
    checks = {"database": _check_database(), "broker": _check_broker(), "storage": _check_storage()}
    healthy = all(result in ("ok", "in-process") for result in checks.values())
    response = JsonResponse({"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response
