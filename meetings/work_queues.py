"""The background work the site administrators watch: agenda pack builds and paper conversions, as the
"Work queues" page of the admin shows them (``meetings.admin.PackBuildAdmin.work_queues_view``).

Read-only. Site administrators see everything, Part II papers' titles included; no one else sees this.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from .enums import PackStatus, PaperStatus
from .models import PackBuild, Paper

logger = logging.getLogger(__name__)

#: How far back "failed" looks, and how many rows each table shows at most.
FAILED_WINDOW = datetime.timedelta(days=1)
ROW_LIMIT = 50
#: The broker must answer within this many seconds, or the page says it did not.
BROKER_TIMEOUT = 0.5


@dataclass(frozen=True)
class BrokerQueue:
    """How many tasks wait on the broker's queue, or why that is not known."""

    name: str
    length: int | None
    note: str = ""


@dataclass
class WorkQueues:
    packs_waiting: int
    packs_running: int
    packs_failed: int
    packs_stalled: int
    papers_converting: int
    papers_failed: int
    packs_in_progress: list[PackBuild] = field(default_factory=list)
    packs_failed_rows: list[PackBuild] = field(default_factory=list)
    papers_converting_rows: list[Paper] = field(default_factory=list)
    papers_failed_rows: list[Paper] = field(default_factory=list)
    broker: BrokerQueue | None = None
    failed_since: datetime.datetime | None = None
    stalled_before: datetime.datetime | None = None


def require_site_administrator(user) -> None:
    if not (user is not None and user.is_active and user.is_superuser):
        raise PermissionDenied("Only site administrators can see the work queues.")


def work_queues(*, user, limit: int = ROW_LIMIT) -> WorkQueues:
    """The counts and the latest rows (newest first, at most ``limit`` each) of pack builds waiting, running
    and failed in the last day, and of papers converting and refused in the last day. Six queries."""
    require_site_administrator(user)
    now = timezone.now()
    failed_since = now - FAILED_WINDOW
    stalled_before = now - datetime.timedelta(seconds=settings.PACK_BUILD_STALE_SECONDS)
    in_flight = Q(status__in=[PackStatus.QUEUED, PackStatus.RUNNING])
    pack_failed = Q(status=PackStatus.FAILED, failed_at__gte=failed_since)
    silent = Q(heartbeat_at__lt=stalled_before) | Q(heartbeat_at__isnull=True, created_at__lt=stalled_before)

    builds = PackBuild.objects.annotate(
        failed_at=Coalesce("finished_at", "created_at"), last_heard=Coalesce("heartbeat_at", "created_at")
    )
    pack_counts = builds.aggregate(
        waiting=Count("pk", filter=Q(status=PackStatus.QUEUED)),
        running=Count("pk", filter=Q(status=PackStatus.RUNNING)),
        failed=Count("pk", filter=pack_failed),
        stalled=Count("pk", filter=in_flight & silent),
    )
    papers = Paper.everything.all()  # withdrawn or not: a conversion is work either way
    paper_failed = Q(status=PaperStatus.REFUSED, uploaded_at__gte=failed_since)
    paper_counts = papers.aggregate(
        converting=Count("pk", filter=Q(status=PaperStatus.CONVERTING)),
        failed=Count("pk", filter=paper_failed),
    )
    pack_rows = builds.select_related("meeting__board").order_by("-created_at", "-pk")
    paper_rows = papers.select_related("item__meeting__board").order_by("-uploaded_at", "-pk")
    return WorkQueues(
        packs_waiting=pack_counts["waiting"],
        packs_running=pack_counts["running"],
        packs_failed=pack_counts["failed"],
        packs_stalled=pack_counts["stalled"],
        papers_converting=paper_counts["converting"],
        papers_failed=paper_counts["failed"],
        packs_in_progress=list(pack_rows.filter(in_flight)[:limit]),
        packs_failed_rows=list(pack_rows.filter(pack_failed)[:limit]),
        papers_converting_rows=list(paper_rows.filter(status=PaperStatus.CONVERTING)[:limit]),
        papers_failed_rows=list(paper_rows.filter(paper_failed)[:limit]),
        failed_since=failed_since,
        stalled_before=stalled_before,
    )


def broker_queue(*, user) -> BrokerQueue | None:
    """How many tasks wait on the Celery queue in Redis (``LLEN``), asked with a short timeout. ``None``
    without a broker (tasks run in the web process); a length of ``None`` with a note when the broker does
    not answer or is not Redis. Never raises for the broker's sake."""
    require_site_administrator(user)
    url = settings.CELERY_BROKER_URL
    if not url:
        return None
    from celery import current_app

    name = current_app.conf.task_default_queue or "celery"
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return BrokerQueue(name, None, "The broker is not Redis: its queue length is not shown here.")
    try:
        import redis

        client = redis.Redis.from_url(url, socket_timeout=BROKER_TIMEOUT, socket_connect_timeout=BROKER_TIMEOUT)
        try:
            return BrokerQueue(name, int(client.llen(name)))
        finally:
            client.close()
    except Exception as exc:  # any failure of the broker is shown, never an error page
        logger.warning("The work queues page could not read the broker's queue length: %s", exc)
        return BrokerQueue(name, None, "The task broker did not answer within half a second.")
