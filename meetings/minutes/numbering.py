"""Numbers the minutes cite: minute numbers and decision register numbers. Stored when first given, never
recomputed for the record (a draft's minutes are renumbered only until it goes to members).

- A partnership board's minutes follow the agenda's numbers ("4", "5a"); an item inserted on the day takes
  the number of the minute before it with a capital letter ("4A"), an addendum none.
- A council committee numbers its minutes continuously through the municipal year (May to May): the first
  minute of a meeting follows the last minute of the committee's previous meeting in that year.
- Each decision has a number in the board's decision register: its short name, the year of the meeting,
  and a sequence in that year ("CPB/2017/014").
"""

from __future__ import annotations

import datetime
import re

from django.db.models import Max

from boards.enums import COUNCIL_KINDS

from ..agenda import capital_letters
from ..enums import MinutesStyle

#: The municipal year starts in May.
MUNICIPAL_YEAR_START_MONTH = 5


def style_for(board) -> MinutesStyle:
    return MinutesStyle.COUNCIL if board.kind in COUNCIL_KINDS else MinutesStyle.PARTNERSHIP


def municipal_year(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the municipal year ``day`` falls in (1 May to 30 April)."""
    start_year = day.year if day.month >= MUNICIPAL_YEAR_START_MONTH else day.year - 1
    return datetime.date(start_year, MUNICIPAL_YEAR_START_MONTH, 1), datetime.date(
        start_year + 1, MUNICIPAL_YEAR_START_MONTH, 1
    ) - datetime.timedelta(days=1)


def first_council_number(meeting) -> int:
    """The number of a council committee's first minute at ``meeting``: one after the highest minute number
    of the committee's earlier meetings in the same municipal year."""
    from .models import Minute

    start, _end = municipal_year(meeting.date)
    highest = (
        Minute.objects.filter(
            minutes__meeting__board_id=meeting.board_id,
            minutes__meeting__date__gte=start,
            minutes__meeting__date__lt=meeting.date,
            sequence__isnull=False,
        )
        .exclude(minutes__meeting=meeting)
        .aggregate(top=Max("sequence"))["top"]
    )
    return (highest or 0) + 1


def inserted_number(before: str, taken: set[str]) -> str:
    """A number for a minute inserted after the minute numbered ``before``: "4A", or "4B" when taken."""
    anchor = before or "0"
    index = 0
    while f"{anchor}{capital_letters(index)}" in taken:
        index += 1
    return f"{anchor}{capital_letters(index)}"


def register_prefix(board) -> str:
    """The board's prefix in decision numbers: its short name in capitals, letters and digits only."""
    name = board.short_name or "".join(word[0] for word in re.findall(r"[A-Za-z0-9]+", board.name))
    cleaned = re.sub(r"[^A-Za-z0-9]+", "", name).upper()
    return cleaned[:20] or f"B{board.pk}"


def register_number(board, year: int, sequence: int) -> str:
    return f"{register_prefix(board)}/{year}/{sequence:03d}"


def next_register_sequence(board, year: int) -> int:
    """The next free number in the board's register for ``year``. Call with the board's row locked."""
    from .models import Decision

    top = Decision.objects.filter(board=board, register_year=year).aggregate(top=Max("register_sequence"))["top"]
    return (top or 0) + 1
