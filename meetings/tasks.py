"""Celery tasks for meetings. Thin: take primary keys, call the service, retry only transient errors."""

from celery import shared_task
from django.db import OperationalError


@shared_task(
    bind=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=60,
    retry_kwargs={"max_retries": 5},
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,  # the page reads the build's row; nothing waits on the task's result
)
def build_pack_task(self, build_id: int) -> str:
    """Build a queued agenda pack (see :func:`meetings.packs.services.pack_build`); returns its status."""
    from .packs.services import pack_build

    build = pack_build(build_id=build_id)
    return build.status if build is not None else "removed"


@shared_task(
    bind=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=60,
    retry_kwargs={"max_retries": 5},
    acks_late=True,
    reject_on_worker_lost=True,
)
def convert_paper_task(self, paper_id: int) -> str:
    """Convert an uploaded office document (see :func:`meetings.services.paper_convert`); returns its
    status. The upload was permitted when it was made: the conversion runs as the system."""
    from core.permissions import SYSTEM

    from .services import paper_convert

    paper = paper_convert(user=SYSTEM, paper_id=paper_id)
    return paper.status if paper is not None else "gone"


@shared_task(
    bind=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=60,
    retry_kwargs={"max_retries": 5},
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
)
def build_minutes_document_task(self, document_id: int) -> str:
    """Build a queued minutes document (see :func:`meetings.minutes.documents.document_build`)."""
    from .minutes.documents import document_build

    document = document_build(document_id=document_id)
    return document.status if document is not None else "removed"
