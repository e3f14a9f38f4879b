"""Clear working days: weekends and England & Wales bank holidays never count."""

import datetime

import pytest

from boards.models import Board
from meetings.models import Meeting
from meetings.workdays import bank_holiday_name, clear_working_days, is_working_day, latest_issue_date, notice_warning

D = datetime.date


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (D(2025, 4, 18), "Good Friday"),
        (D(2025, 4, 21), "Easter Monday"),
        (D(2025, 12, 25), "Christmas Day"),
        (D(2025, 12, 26), "Boxing Day"),
        (D(2026, 5, 4), "May Day"),
        (D(2026, 12, 28), "Boxing Day (observed)"),
    ],
)
def test_england_and_wales_bank_holidays_are_not_working_days(day, name):
    assert bank_holiday_name(day) == name
    assert is_working_day(day) is False


def test_scottish_only_holidays_are_working_days():
    # 2 January and St Andrew's Day are bank holidays in Scotland, not in England and Wales.
    assert is_working_day(D(2025, 1, 2)) is True
    assert is_working_day(D(2025, 12, 1)) is True


def test_weekends_are_not_working_days():
    assert is_working_day(D(2017, 3, 11)) is False
    assert is_working_day(D(2017, 3, 12)) is False
    assert is_working_day(D(2017, 3, 13)) is True


@pytest.mark.parametrize(
    ("issued", "meeting", "clear"),
    [
        (D(2017, 3, 8), D(2017, 3, 16), 5),  # 9, 10, 13, 14, 15 March
        (D(2017, 3, 9), D(2017, 3, 16), 4),
        (D(2017, 3, 10), D(2017, 3, 16), 3),  # the weekend does not count
        (D(2017, 3, 15), D(2017, 3, 16), 0),  # neither end counts
        (D(2017, 3, 16), D(2017, 3, 16), 0),
        (D(2017, 3, 20), D(2017, 3, 16), 0),  # issued after the meeting
        (D(2025, 4, 17), D(2025, 4, 23), 1),  # Good Friday, the weekend and Easter Monday: only Tuesday 22 counts
        (D(2025, 12, 19), D(2026, 1, 2), 6),  # 22, 23, 24, 29, 30, 31 December
    ],
)
def test_clear_working_days(issued, meeting, clear):
    assert clear_working_days(issued, meeting) == clear


@pytest.mark.parametrize(
    ("meeting", "notice", "latest"),
    [
        (D(2017, 3, 16), 5, D(2017, 3, 8)),  # the seed pack: Thursday 16 March 2017
        (D(2025, 4, 24), 5, D(2025, 4, 14)),  # Easter 2025 takes two working days out
        (D(2025, 4, 22), 3, D(2025, 4, 14)),  # 15, 16, 17 April: Good Friday and Easter Monday skipped
        (D(2026, 1, 2), 5, D(2025, 12, 22)),  # Christmas, Boxing Day and New Year's Day skipped
        (D(2026, 3, 16), 5, D(2026, 3, 6)),  # a Monday meeting: Sunday 8 would do, but packs go out on Friday 6
        (D(2017, 3, 16), 0, D(2017, 3, 15)),
    ],
)
def test_latest_issue_date(meeting, notice, latest):
    assert latest_issue_date(meeting, notice) == latest
    assert clear_working_days(latest, meeting) >= notice
    assert is_working_day(latest)
    next_working = latest + datetime.timedelta(days=1)
    while not is_working_day(next_working):
        next_working += datetime.timedelta(days=1)
    assert clear_working_days(next_working, meeting) < notice or notice == 0


SEED_MEETING = D(2017, 3, 16)


def _meeting(issue_date, date=SEED_MEETING, notice_days=5):
    return Meeting(
        board=Board(name="CPB", notice_days=notice_days),
        date=date,
        start_time=datetime.time(14),
        pack_issue_date=issue_date,
    )


def test_notice_warning_names_the_shortfall_and_the_date_to_issue_by():
    assert notice_warning(_meeting(D(2017, 3, 10))) == (
        "Issuing the pack on Friday 10 March 2017 gives 3 clear working days' notice; this board needs 5. "
        "Issue it by Wednesday 8 March 2017."
    )


def test_notice_warning_singular_day():
    assert notice_warning(_meeting(D(2017, 3, 14))) == (
        "Issuing the pack on Tuesday 14 March 2017 gives 1 clear working day's notice; this board needs 5. "
        "Issue it by Wednesday 8 March 2017."
    )


def test_notice_warning_over_easter():
    warning = notice_warning(_meeting(D(2025, 4, 16), date=D(2025, 4, 24)))
    assert warning == (
        "Issuing the pack on Wednesday 16 April 2025 gives 3 clear working days' notice; this board needs 5. "
        "Issue it by Monday 14 April 2025."
    )


def test_no_warning_when_notice_is_enough_or_no_date_is_planned():
    assert notice_warning(_meeting(D(2017, 3, 8))) is None
    assert notice_warning(_meeting(D(2017, 3, 1))) is None
    assert notice_warning(_meeting(None)) is None
    assert notice_warning(_meeting(D(2017, 3, 15), notice_days=0)) is None
