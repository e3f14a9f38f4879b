"""E-mail to a board's members. Sent once the change it reports is committed, with members in Bcc."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction

from core.text import one_line

from .models import Board
from .selectors import member_email_addresses


def email_board_members(*, board: Board, subject: str, body: str) -> int:
    """Queue one e-mail to the board's current members; returns how many addresses it goes to.

    The subject is put on one line first: it is built from names people type (a board's short name), and a
    line break in a header would refuse the message and fail the page that sent it.
    """
    recipients = member_email_addresses(board=board)
    if recipients:
        message = EmailMessage(one_line(subject), body, settings.DEFAULT_FROM_EMAIL, bcc=recipients)
        transaction.on_commit(lambda: message.send(fail_silently=False))
    return len(recipients)
