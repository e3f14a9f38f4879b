"""Scheduling meetings: a series in one step, and cancelling, postponing or moving one meeting.

Every change a calendar shows (date, times, place, status) bumps the meeting's ``calendar_sequence``,
which the iCalendar feeds publish as SEQUENCE so that subscribed calendars replace their copy.

Sections: the date rules (pure functions), the services (writes), then the forms and pages.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta, weekday
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from boards.forms import DateInput, PortalForm
from boards.models import Board, Person

from .enums import SERIES_MONTHS, MeetingKind, MeetingStatus, SeriesFrequency
from .models import Meeting, Venue
from .workdays import bank_holiday_name, latest_issue_date, long_date, notice_warning

MAX_SERIES = 24
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth"}
EVERY = {
    1: "every month",
    2: "every second month",
    3: "every third month",
    4: "every fourth month",
    6: "every sixth month",
}


class SeriesRule(models.TextChoices):
    """How the later dates of a series follow from the first one."""

    NTH_WEEKDAY = "nth_weekday", "The same weekday of the month (e.g. the third Thursday)"
    LAST_WEEKDAY = "last_weekday", "The last weekday of the month (e.g. the last Thursday)"
    SAME_DATE = "same_date", "The same date of the month (e.g. the 15th)"


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
    today = today or datetime.date.today()
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


def _require(user, perm: str, obj=None) -> None:
    if user is not None and not user.has_perm(perm, obj):
        raise PermissionDenied("You do not have permission to do that.")


def _audit(meeting: Meeting, user, reason: str) -> None:
    """What django-simple-history records against the next save of the meeting."""
    meeting._change_reason = reason[:100]
    if user is not None:
        meeting._history_user = user


def _lock(meeting: Meeting) -> None:
    """Lock the meeting's row and reload it, so two changes never hand out the same SEQUENCE."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("pk", flat=True).first()
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
    _require(user, "meetings.manage_meeting", board)
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

    try:
        from .services import meeting_agenda_from_template
    except ImportError:  # the standing-items service is optional
        meeting_agenda_from_template = None

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
        if meeting_agenda_from_template is not None:
            meeting_agenda_from_template(meeting=meeting)
        created.append(meeting)
    return created


def _change_status(*, user, meeting: Meeting, status: str, reason: str, verb: str) -> Meeting:
    _require(user, "meetings.manage_meeting", meeting)
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
    _require(user, "meetings.manage_meeting", meeting)
    _lock(meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("This meeting is cancelled: schedule a new meeting instead.")
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
    return meeting


# Forms ------------------------------------------------------------------------------------------------


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


def _board_people(board: Board):
    return Person.objects.filter(memberships__board=board).distinct().select_related("organisation")


def _frequency_guess(board: Board) -> str:
    text = board.meeting_frequency.lower()
    for value, label in SeriesFrequency.choices:
        if label.lower() in text or value.replace("_", "-") in text:
            return value
    return SeriesFrequency.QUARTERLY


class SeriesForm(PortalForm):
    first_date = forms.DateField(label="Date of the first meeting", widget=DateInput())
    weekday_rule = forms.ChoiceField(
        label="Later meetings fall on",
        choices=SeriesRule.choices,
        initial=SeriesRule.NTH_WEEKDAY,
        help_text="Worked out from the first date: 15 January 2026 is the third Thursday of its month.",
    )
    frequency = forms.ChoiceField(label="How often", choices=SeriesFrequency.choices)
    count = forms.IntegerField(label="Number of meetings", min_value=1, max_value=MAX_SERIES, initial=4)
    start_time = forms.TimeField(label="Start time", widget=TimeInput(), initial=datetime.time(14, 0))
    end_time = forms.TimeField(label="End time", widget=TimeInput(), required=False, initial=datetime.time(16, 0))
    venues = forms.ModelMultipleChoiceField(
        label="Venues",
        queryset=Venue.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Ticked venues are used in turn, in the order listed: the first meeting at the first, "
        "the second at the next, and so on. Leave all unticked for an online meeting or to decide later.",
    )
    online_link = forms.URLField(label="Online meeting link", required=False, assume_scheme="https")
    kind = forms.ChoiceField(label="Kind of meeting", choices=MeetingKind.choices, initial=MeetingKind.ORDINARY)
    contact_officer = forms.ModelChoiceField(label="Contact officer", queryset=Person.objects.none(), required=False)
    issue_notice = forms.BooleanField(
        label="Plan each pack's issue date from the board's notice period",
        required=False,
        initial=True,
    )

    def __init__(self, *args, board: Board, **kwargs):
        super().__init__(*args, **kwargs)
        self.board = board
        self.fields["venues"].queryset = board.venues.all()
        if not self.fields["venues"].queryset.exists():
            self.fields["venues"].help_text = "This board has no venues yet."
        self.fields["contact_officer"].queryset = _board_people(board)
        self.fields["frequency"].initial = _frequency_guess(board)
        self.fields[
            "issue_notice"
        ].help_text = (
            f"{board.notice_days} clear working days before each meeting, weekends and bank holidays excluded."
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "The meeting must end after it starts.")
        if data.get("first_date") and data.get("weekday_rule"):
            error = series_rule_error(first_date=data["first_date"], weekday_rule=data["weekday_rule"])
            if error:
                self.add_error("weekday_rule", error)
        return data

    def series_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["venues"] = list(data["venues"])
        return data


class TimingForm(PortalForm):
    date = forms.DateField(label="Date", widget=DateInput())
    start_time = forms.TimeField(label="Start time", widget=TimeInput())
    end_time = forms.TimeField(label="End time", widget=TimeInput(), required=False)
    venue = forms.ModelChoiceField(
        label="Venue",
        queryset=Venue.objects.none(),
        required=False,
        empty_label="No venue (online, or to be confirmed)",
    )
    online_link = forms.URLField(label="Online meeting link", required=False, assume_scheme="https")

    def __init__(self, *args, meeting: Meeting, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "date": meeting.date,
                "start_time": meeting.start_time,
                "end_time": meeting.end_time,
                "venue": meeting.venue_id,
                "online_link": meeting.online_link,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = meeting.board.venues.all()

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "The meeting must end after it starts.")
        return data


class ReasonForm(PortalForm):
    reason = forms.CharField(
        label="Reason", max_length=300, help_text="Shown to members on the meeting page and in their calendars."
    )


# Pages -------------------------------------------------------------------------------------------------


def _require_page(user, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _show_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_http_methods(["GET", "POST"])
def schedule_series(request, slug):
    """Fill in the pattern, check the dates in a preview, then confirm."""
    board = get_object_or_404(Board, slug=slug)
    _require_page(request.user, "meetings.manage_meeting", board)
    initial = {"contact_officer": request.user.person_id}
    form = SeriesForm(request.POST or None, board=board, initial=initial)
    if request.method == "POST" and "edit" not in request.POST and form.is_valid():
        kwargs = form.series_kwargs()
        if "confirm" in request.POST:
            try:
                meetings = meeting_schedule_series(user=request.user, board=board, **kwargs)
            except ValidationError as e:
                _show_errors(form, e)
            else:
                messages.success(
                    request,
                    f"{len(meetings)} meetings scheduled, from {long_date(meetings[0].date)} "
                    f"to {long_date(meetings[-1].date)}.",
                )
                return redirect("meetings:board_meetings", slug=board.slug)
        else:
            rows = series_preview(
                board=board,
                first_date=kwargs["first_date"],
                frequency=kwargs["frequency"],
                count=kwargs["count"],
                weekday_rule=kwargs["weekday_rule"],
                venues=kwargs["venues"],
                issue_notice=kwargs["issue_notice"],
            )
            return render(
                request,
                "meetings/scheduling/series_preview.html",
                {
                    "board": board,
                    "form": form,
                    "rows": rows,
                    "pattern": describe_series(
                        first_date=kwargs["first_date"],
                        frequency=kwargs["frequency"],
                        weekday_rule=kwargs["weekday_rule"],
                    ),
                    "warning_count": sum(len(r.warnings) for r in rows),
                    "kind_label": MeetingKind(kwargs["kind"]).label,
                },
            )
    return render(request, "meetings/scheduling/series_form.html", {"board": board, "form": form})


def _managed_meeting(request, pk) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("board", "venue"), pk=pk)
    _require_page(request.user, "meetings.manage_meeting", meeting)
    return meeting


STATUS_PAGES = {
    "cancel": {
        "service": meeting_cancel,
        "title": "Cancel the meeting",
        "button": "Cancel the meeting",
        "danger": True,
        "explain": [
            "The meeting stays on the board's meetings page, marked as cancelled, with your reason.",
            "Members' calendars that subscribe to the portal show it as cancelled the next time they refresh.",
            "Its agenda and papers are kept. Members are not sent an e-mail by this step.",
        ],
        "done": "The meeting on {date} is cancelled. Members' calendars will show it as cancelled.",
    },
    "postpone": {
        "service": meeting_postpone,
        "title": "Postpone the meeting",
        "button": "Postpone the meeting",
        "danger": False,
        "explain": [
            "The meeting is marked as postponed, with your reason, until you give it a new date.",
            "Members' calendars that subscribe to the portal show it as tentative until then.",
            "Its agenda and papers are kept. Members are not sent an e-mail by this step.",
        ],
        "done": "The meeting on {date} is postponed. Give it a new date when one is agreed.",
    },
}


def _status_page(request, pk, action: str):
    meeting = _managed_meeting(request, pk)
    page = STATUS_PAGES[action]
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            page["service"](user=request.user, meeting=meeting, reason=form.cleaned_data["reason"])
        except ValidationError as e:
            _show_errors(form, e)
        else:
            messages.success(request, page["done"].format(date=long_date(meeting.date)))
            return redirect(meeting)
    return render(
        request,
        "meetings/scheduling/meeting_status.html",
        {"meeting": meeting, "board": meeting.board, "form": form, "page": page},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel_page(request, pk):
    return _status_page(request, pk, "cancel")


@login_required
@require_http_methods(["GET", "POST"])
def meeting_postpone_page(request, pk):
    return _status_page(request, pk, "postpone")


@login_required
@require_http_methods(["GET", "POST"])
def meeting_timing_page(request, pk):
    """Change the date, times or place of one meeting (a postponed one gets its new date here)."""
    meeting = _managed_meeting(request, pk)
    form = TimingForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_update_timing(user=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as e:
            _show_errors(form, e)
        else:
            messages.success(
                request,
                f"The meeting is now on {long_date(meeting.date)}, "
                f"{meeting.start_time:%H:%M}. Members' calendars will update.",
            )
            warning = notice_warning(meeting)
            if warning:
                messages.warning(request, warning)
            return redirect(meeting)
    return render(
        request, "meetings/scheduling/meeting_timing.html", {"meeting": meeting, "board": meeting.board, "form": form}
    )
