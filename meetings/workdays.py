"""Working-day arithmetic for notice periods: weekends and England & Wales bank holidays excluded.

Councils count notice in *clear* working days: neither the day the pack goes out nor the day of the
meeting counts. A pack issued on Wednesday 8 March 2017 for a meeting on Thursday 16 March 2017 gives
five clear working days (9, 10, 13, 14 and 15 March).
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from typing import TYPE_CHECKING

import holidays

if TYPE_CHECKING:
    from .models import Meeting

ONE_DAY = datetime.timedelta(days=1)


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> dict[datetime.date, str]:
    # England and Wales share their bank holidays; the library files them under the ENG subdivision.
    return dict(holidays.UK(subdiv="ENG", years=year).items())


def bank_holiday_name(day: datetime.date) -> str | None:
    """The name of the England & Wales bank holiday on that day, or None."""
    return _bank_holidays(day.year).get(day)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and bank_holiday_name(day) is None


def clear_working_days(issue_date: datetime.date, meeting_date: datetime.date) -> int:
    """Whole working days strictly between the issue date and the meeting date (neither counted)."""
    count = 0
    day = issue_date + ONE_DAY
    while day < meeting_date:
        if is_working_day(day):
            count += 1
        day += ONE_DAY
    return count


def latest_issue_date(meeting_date: datetime.date, notice_days: int) -> datetime.date:
    """The last working day on which the pack can go out and still give ``notice_days`` clear working days."""
    day = meeting_date - ONE_DAY
    counted = 0
    while counted < notice_days:
        if is_working_day(day):
            counted += 1
        day -= ONE_DAY
    # ``day`` now gives exactly enough notice; packs go out on working days, so step back over any gap.
    while not is_working_day(day):
        day -= ONE_DAY
    return day


def long_date(day: datetime.date) -> str:
    """Thursday 16 March 2017."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def _days(n: int) -> str:
    return f"{n} clear working day's" if n == 1 else f"{n} clear working days'"


def notice_warning(meeting: Meeting) -> str | None:
    """A sentence for the clerk when the planned issue date gives less notice than the board requires."""
    if meeting.pack_issue_date is None or meeting.date is None:
        return None
    from .lifecycle import members_pack_issued

    if meeting.pk and members_pack_issued(meeting):
        return None  # the pack is out: the warning was for planning
    needed = meeting.board.notice_days
    given = clear_working_days(meeting.pack_issue_date, meeting.date)
    if given >= needed:
        return None
    return (
        f"Issuing the pack on {long_date(meeting.pack_issue_date)} gives {_days(given)} notice; "
        f"this board needs {needed}. Issue it by {long_date(latest_issue_date(meeting.date, needed))}."
    )
