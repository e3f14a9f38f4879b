"""Celery tasks for actions. Thin: call the service, safe to run twice."""

from celery import shared_task
from django.db import OperationalError


@shared_task(
    bind=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=300,
    retry_kwargs={"max_retries": 5},
    acks_late=True,
    ignore_result=True,
)
def action_reminders_task(self) -> str:
    """The daily job (scheduled by Celery beat): reminders to owners, and the coordinators' weekly digest."""
    from .reminders import reminders_run

    sent = reminders_run()
    return f"{sent.reminders} reminders, {sent.digests} digests"
