"""Writes for meetings, agendas and papers."""

from __future__ import annotations

from django.db import transaction

from boards.models import Board

from .enums import ItemFor, Standing
from .models import AgendaTemplateItem

DEFAULT_TEMPLATE = [
    # (title, item for, intended outcome, minutes, standing, after the business items)
    ("Welcome, introductions and apologies", ItemFor.INFORMATION,
     "The Chair to welcome members to the meeting and note any apologies.", 5, Standing.WELCOME, False),
    ("Declarations of interest", ItemFor.INFORMATION,
     "Members to declare any interest in the items on this agenda.", 5, Standing.DECLARATIONS, False),
    ("Minutes of the last meeting and matters arising", ItemFor.ACTION,
     "The Board to note the minutes of the last meeting and agree any further action on matters arising.",
     10, Standing.MINUTES, False),
    ("Action log", ItemFor.ACTION, "The Board to review progress on open actions.", 10, Standing.ACTION_LOG,
     False),
    ("Any other business", ItemFor.DISCUSSION, "", 5, Standing.AOB, True),
    ("Future meeting dates", ItemFor.INFORMATION, "", None, Standing.FUTURE_DATES, True),
]


@transaction.atomic
def agenda_template_install_default(*, board: Board) -> list[AgendaTemplateItem]:
    """Give a board the standard standing items, unless it already has a template."""
    if board.agenda_template.exists():
        return list(board.agenda_template.all())
    return AgendaTemplateItem.objects.bulk_create(
        AgendaTemplateItem(
            board=board, position=i, title=title, item_for=item_for, intended_outcome=outcome, minutes=minutes,
            standing=standing, at_end=at_end, lead_office="Chair",
        )
        for i, (title, item_for, outcome, minutes, standing, at_end) in enumerate(DEFAULT_TEMPLATE)
    )
