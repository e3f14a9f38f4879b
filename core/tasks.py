"""Shared Celery tasks. Every e-mail the portal sends is sent here (queued by :mod:`core.mail`)."""

import smtplib

from celery import Task, shared_task
from django.conf import settings
from django.core.mail import EmailMessage

from .text import one_line


class RetriesInProcessTask(Task):
    """A task whose retries also run when there is no broker and tasks run in-process.

    Celery runs an in-process retry only when the task's errors are not propagated; the portal propagates
    them (``CELERY_TASK_EAGER_PROPAGATES``), so the retry would be raised instead of run. This task keeps
    its outcome in its result instead: the caller reads it (:func:`core.mail.queue_email`).
    """

    def apply(self, *args, throw=None, **kwargs):
        return super().apply(*args, throw=False if throw is None else throw, **kwargs)


@shared_task(
    base=RetriesInProcessTask,
    # A mail server that is down, busy or drops the connection: try again, waiting longer each time
    # (about 30 s, 1, 2, 4 and 8 minutes). SMTPException and socket errors are both OSError.
    autoretry_for=(smtplib.SMTPException, OSError),
    # Every recipient refused: the same message would be refused again.
    dont_autoretry_for=(smtplib.SMTPRecipientsRefused,),
    retry_backoff=30,
    retry_backoff_max=600,
    retry_jitter=True,
    retry_kwargs={"max_retries": 5},
    acks_late=True,
)
def send_mail_task(*, subject: str, body: str, to: list[str] = (), bcc: list[str] = ()) -> int:
    """Send one plain-text e-mail from the portal's address; returns how many messages went (0 or 1)."""
    message = EmailMessage(one_line(subject), body, settings.DEFAULT_FROM_EMAIL, to=list(to), bcc=list(bcc))
    return message.send(fail_silently=False)
