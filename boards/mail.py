"""E-mail to a board's members (sent through :mod:`core.mail`)."""

from core.mail import queue_email_on_commit

from .models import Board
from .selectors import member_email_addresses


def email_board_members(*, board: Board, subject: str, body: str, confidential: bool = False, people=()) -> int:
    """Queue one e-mail to the board's current members, in Bcc; returns how many addresses it goes to.

    The subject is put on one line: it is built from names people type (a board's short name), and a line
    break in a header would make the message unsendable.
    """
    recipients = member_email_addresses(board=board, confidential=confidential, people=people)
    if recipients:
        queue_email_on_commit(subject=subject, body=body, bcc=recipients)
    return len(recipients)
