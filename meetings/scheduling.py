"""Scheduling meetings: a series in one step, and cancelling, postponing or moving one meeting.

Every change a calendar shows (date, times, place, status) bumps the meeting's ``calendar_sequence``,
which the iCalendar feeds publish as SEQUENCE so that subscribed calendars replace their copy.

Sections: the date rules (pure functions), then the services (writes). Forms and pages are in forms.py and
views.py.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta, weekday
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from boards.mail import email_board_members
from boards.models import Board, Person
from core import clock
from core.activity import log_action
from core.locks import lock_row
from core.permissions import require_permission

from . import lifecycle
from .enums import SERIES_MONTHS, MeetingKind, MeetingStatus, SeriesFrequency, SeriesRule
from .models import Meeting, Venue
from .services import meeting_agenda_from_template
from .workdays import bank_holiday_name, latest_issue_date, long_date

MAX_SERIES = 24
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth"}
EVERY = {
    1: "every month",
    2: "every second month",
    3: "every third month",
    4: "every fourth month",
    6: "every sixth month",
}


# The date rules ----------------------------------------------------------------------------------------


def _nth(day: datetime.date) -> int:
    """1 for the first Thursday of its month, 3 for the third..."""
    return (day.day - 1) // 7 + 1


def _is_last_weekday(day: datetime.date) -> bool:
    return (day + datetime.timedelta(days=7)).month != day.month


def series_rule_error(*, first_date: datetime.date, weekday_rule: str) -> str | None:
    """Why the rule cannot be applied to this first date, in words for the coordinator; None when it can."""
    name = f"{first_date:%A}"
    if weekday_rule == SeriesRule.NTH_WEEKDAY and _nth(first_date) > 4:
        return (
            f"{long_date(first_date)} is the fifth {name} of its month, which most months do not have: "
            f"choose the last {name} instead."
        )
    if weekday_rule == SeriesRule.LAST_WEEKDAY and not _is_last_weekday(first_date):
        return f"{long_date(first_date)} is not the last {name} of {first_date:%B}."
    if weekday_rule not in SeriesRule.values:
        return "Choose how the dates repeat."
    return None


def describe_series(*, first_date: datetime.date, frequency: str, weekday_rule: str) -> str:
    """'the third Thursday of every third month', for the preview."""
    every = EVERY[SERIES_MONTHS[SeriesFrequency(frequency)]]
    if weekday_rule == SeriesRule.NTH_WEEKDAY:
        return f"the {ORDINALS.get(_nth(first_date), 'fifth')} {first_date:%A} of {every}"
    if weekday_rule == SeriesRule.LAST_WEEKDAY:
        return f"the last {first_date:%A} of {every}"
    day = first_date.day
    suffix = "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"the {day}{suffix} of {every}"


def series_dates(
    *, first_date: datetime.date, frequency: str, count: int, weekday_rule: str = SeriesRule.NTH_WEEKDAY
) -> list[datetime.date]:
    """The dates of a series, starting with ``first_date``.

    ``weekday_rule`` says how later dates follow: the same nth weekday of the month as the first date
    (15 January 2026 is the third Thursday, so the third Thursday of each later month), the last such
    weekday, or the same day of the month (clamped to the month's end: 31 January, 28 February).
    """
    error = series_rule_error(first_date=first_date, weekday_rule=weekday_rule)
    if error:
        raise ValueError(error)
    step = SERIES_MONTHS[SeriesFrequency(frequency)]
    month_start = first_date.replace(day=1)
    dates = []
    for i in range(count):
        months = relativedelta(months=i * step)
        if weekday_rule == SeriesRule.NTH_WEEKDAY:
            dates.append(month_start + months + relativedelta(weekday=weekday(first_date.weekday(), _nth(first_date))))
        elif weekday_rule == SeriesRule.LAST_WEEKDAY:
            dates.append(month_start + months + relativedelta(day=31, weekday=weekday(first_date.weekday(), -1)))
        else:
            dates.append(first_date + months)
    return dates


@dataclass
class SeriesRow:
    """One meeting of a proposed series, with anything the coordinator should look at before confirming."""

    date: datetime.date
    venue: Venue | None
    pack_issue_date: datetime.date | None
    warnings: list[str] = field(default_factory=list)


def series_preview(
    *,
    board: Board,
    first_date: datetime.date,
    frequency: str,
    count: int,
    weekday_rule: str,
    venues: list[Venue],
    issue_notice: bool = True,
    today: datetime.date | None = None,
) -> list[SeriesRow]:
    """What ``meeting_schedule_series`` would create, with warnings: bank holidays, weekends, clashes, notice."""
    today = today or clock.today()
    dates = series_dates(first_date=first_date, frequency=frequency, count=count, weekday_rule=weekday_rule)
    taken = set(
        board.meetings.filter(date__in=dates).exclude(status=MeetingStatus.CANCELLED).values_list("date", flat=True)
    )
    rows = []
    for i, day in enumerate(dates):
        issue = latest_issue_date(day, board.notice_days) if issue_notice else None
        row = SeriesRow(date=day, venue=venues[i % len(venues)] if venues else None, pack_issue_date=issue)
        holiday = bank_holiday_name(day)
        if holiday:
            row.warnings.append(f"This is a bank holiday ({holiday}).")
        elif day.weekday() >= 5:
            row.warnings.append(f"This is a {day:%A}.")
        if day in taken:
            row.warnings.append(f"The board already has a meeting on {long_date(day)}.")
        if day < today:
            row.warnings.append("This date has passed.")
        elif issue is not None and issue < today:
            row.warnings.append(
                f"To give {board.notice_days} clear working days' notice the pack had to go out by "
                f"{long_date(issue)}, which has passed."
            )
        rows.append(row)
    return rows


# Services ----------------------------------------------------------------------------------------------


def _audit(meeting: Meeting, user, reason: str) -> None:
    """What django-simple-history records against the next save of the meeting (its row's versions)."""
    meeting._change_reason = reason[:100]
    if getattr(user, "pk", None):
        meeting._history_user = user


def _lock(meeting: Meeting) -> None:
    """Lock the meeting's row and reload it, so two changes never hand out the same SEQUENCE."""
    lock_row(Meeting, meeting.pk)
    meeting.refresh_from_db()


def _check_place(board: Board, venues: list[Venue | None], field_name: str) -> None:
    strangers = [v for v in venues if v is not None and v.board_id != board.pk]
    if strangers:
        raise ValidationError({field_name: f"{strangers[0]} is not one of {board.display_short_name}'s venues."})


@transaction.atomic
def meeting_schedule_series(
    *,
    user,
    board: Board,
    first_date: datetime.date,
    frequency: str,
    count: int,
    start_time: datetime.time,
    end_time: datetime.time | None,
    venues: list[Venue] | None = None,
    online_link: str = "",
    kind: str = MeetingKind.ORDINARY,
    contact_officer: Person | None = None,
    issue_notice: bool = True,
    weekday_rule: str = SeriesRule.NTH_WEEKDAY,
) -> list[Meeting]:
    """Create a series of meetings sharing one ``series`` id, venues used in turn.

    Each gets a planned pack issue date that gives the board's notice (unless ``issue_notice`` is false)
    and the board's standing agenda items.
    """
    require_permission(user, "meetings.manage_meeting", board)
    venues = list(venues or [])
    if not 1 <= count <= MAX_SERIES:
        raise ValidationError({"count": f"A series has between 1 and {MAX_SERIES} meetings."})
    if end_time is not None and end_time <= start_time:
        raise ValidationError({"end_time": "The meeting must end after it starts."})
    _check_place(board, venues, "venues")
    try:
        dates = series_dates(first_date=first_date, frequency=frequency, count=count, weekday_rule=weekday_rule)
    except ValueError as e:
        raise ValidationError({"weekday_rule": str(e)}) from e

    series = uuid.uuid4()
    created = []
    for i, day in enumerate(dates):
        meeting = Meeting(
            board=board,
            date=day,
            start_time=start_time,
            end_time=end_time,
            venue=venues[i % len(venues)] if venues else None,
            online_link=online_link,
            kind=kind,
            contact_officer=contact_officer,
            series=series,
            pack_issue_date=latest_issue_date(day, board.notice_days) if issue_notice else None,
        )
        meeting.full_clean()
        _audit(meeting, user, f"Scheduled in a series of {count}")
        meeting.save()
        meeting_agenda_from_template(meeting=meeting)
        log_action("meetings.meeting.created", actor=user, obj=meeting, data={"series_of": count})
        created.append(meeting)
    return created


def _tell_members(meeting: Meeting, *, subject: str, lines: list[str]) -> None:
    """E-mail the board's current members about a change to a meeting, once the change is committed."""
    url = settings.SITE_URL.rstrip("/") + meeting.get_absolute_url()
    email_board_members(
        board=meeting.board,
        subject=f"{meeting.board.display_short_name} meeting of {long_date(meeting.date)}: {subject}",
        body="\n\n".join([*lines, f"The meeting's page: {url}"]) + "\n",
    )


def _change_status(*, user, meeting: Meeting, status: str, reason: str, verb: str) -> Meeting:
    require_permission(user, "meetings.manage_meeting", meeting)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": f"Say why the meeting is {verb}: members see the reason."})
    _lock(meeting)
    if meeting.status == status:
        raise ValidationError(f"This meeting is already {verb}.")
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError(f"This meeting has been held, so it cannot be {verb}.")
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(f"This meeting is cancelled, so it cannot be {verb}.")
    meeting.status = status
    meeting.status_reason = reason
    meeting.calendar_sequence += 1
    meeting.full_clean()
    _audit(meeting, user, f"{verb.capitalize()}: {reason}")
    meeting.save()
    log_action(f"meetings.meeting.{status}", actor=user, obj=meeting, data={"reason": reason})
    _tell_members(
        meeting,
        subject=verb,
        lines=[
            f"The {meeting.board.name} meeting on {long_date(meeting.date)} has been {verb}.",
            f"Reason: {reason}",
        ],
    )
    return meeting


@transaction.atomic
def meeting_cancel(*, user, meeting: Meeting, reason: str) -> Meeting:
    """Cancel a meeting. It stays on record; calendars show it as cancelled."""
    return _change_status(user=user, meeting=meeting, status=MeetingStatus.CANCELLED, reason=reason, verb="cancelled")


@transaction.atomic
def meeting_postpone(*, user, meeting: Meeting, reason: str) -> Meeting:
    """Postpone a meeting until a new date is set (calendars show it as tentative)."""
    return _change_status(user=user, meeting=meeting, status=MeetingStatus.POSTPONED, reason=reason, verb="postponed")


@transaction.atomic
def meeting_update_timing(
    *,
    user,
    meeting: Meeting,
    date: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time | None,
    venue: Venue | None,
    online_link: str = "",
) -> Meeting:
    """Move a meeting or change its place. A postponed meeting given a new date is scheduled again.

    A planned pack issue date that was the default for the old date moves with the meeting.
    """
    require_permission(user, "meetings.manage_meeting", meeting)
    _lock(meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("This meeting is cancelled: schedule a new meeting instead.")
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError("This meeting has been held: its date, time and place are part of the record.")
    if end_time is not None and end_time <= start_time:
        raise ValidationError({"end_time": "The meeting must end after it starts."})
    _check_place(meeting.board, [venue], "venue")
    new = {
        "date": date,
        "start_time": start_time,
        "end_time": end_time,
        "venue_id": venue.pk if venue else None,
        "online_link": online_link or "",
    }
    changed = [name for name, value in new.items() if getattr(meeting, name) != value]
    if not changed:
        return meeting
    old_date = meeting.date
    if "date" in changed and meeting.pack_issue_date == latest_issue_date(old_date, meeting.board.notice_days):
        meeting.pack_issue_date = latest_issue_date(date, meeting.board.notice_days)
    if "date" in changed and meeting.status == MeetingStatus.POSTPONED:
        meeting.status = MeetingStatus.SCHEDULED
        meeting.status_reason = ""
    for name, value in new.items():
        setattr(meeting, name, value)
    meeting.venue = venue
    meeting.calendar_sequence += 1
    meeting.full_clean()
    _audit(meeting, user, f"Moved from {long_date(old_date)}" if "date" in changed else "Time or place changed")
    meeting.save()
    log_action(
        "meetings.meeting.moved" if "date" in changed else "meetings.meeting.retimed",
        actor=user,
        obj=meeting,
        data={"from": str(old_date), "changed": sorted(changed)},
    )
    end = f" to {meeting.end_time:%H:%M}" if meeting.end_time else ""
    place = meeting.venue.full_address if meeting.venue_id else (meeting.online_link or "to be confirmed")
    _tell_members(
        meeting,
        subject="new date, time or place" if "date" in changed else "new time or place",
        lines=[
            f"The {meeting.board.name} meeting that was on {long_date(old_date)} is now on "
            f"{long_date(meeting.date)}, {meeting.start_time:%H:%M}{end}.",
            f"Where: {place}",
        ],
    )
    return meeting


@transaction.atomic
def meeting_mark_held(*, user, meeting: Meeting) -> Meeting:
    """Record that the meeting took place (its minutes and attendance follow from here)."""
    require_permission(user, "meetings.manage_meeting", meeting)
    _lock(meeting)
    lifecycle.check_can_mark_held(meeting)
    meeting.status = MeetingStatus.HELD
    meeting.status_reason = ""
    meeting.calendar_sequence += 1
    _audit(meeting, user, "Held")
    meeting.save()
    log_action("meetings.meeting.held", actor=user, obj=meeting)
    return meeting
