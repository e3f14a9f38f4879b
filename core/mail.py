"""E-mail from the portal, always through :func:`core.tasks.send_mail_task`.

The task retries while the mail server cannot be reached, and queuing it never raises: a page whose change
is saved answers normally even when the mail server or the broker is down (the failure is logged). Mail
that reports a change is queued once the change is committed, so members never hear of one rolled back.
"""

import logging

from celery.result import EagerResult
from django.db import transaction

from .text import one_line

logger = logging.getLogger(__name__)


def queue_email(*, subject: str, body: str, to: list[str] = (), bcc: list[str] = ()) -> None:
    """Hand one e-mail to the mail task now. Never raises: a failure is logged with the subject."""
    from .tasks import send_mail_task

    subject = one_line(subject)
    try:
        result = send_mail_task.delay(subject=subject, body=body, to=list(to), bcc=list(bcc))
        if isinstance(result, EagerResult) and result.failed():  # no broker: sent (or not) in this process
            raise result.result
    except Exception:
        logger.exception("The e-mail “%s” (to %d addresses) could not be sent.", subject, len(to) + len(bcc))


def queue_email_on_commit(*, subject: str, body: str, to: list[str] = (), bcc: list[str] = ()) -> None:
    """:func:`queue_email` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: queue_email(subject=subject, body=body, to=to, bcc=bcc))
