"""iCalendar feeds: one per board (public, no login) and one per person (a secret, resettable address).

Each meeting is one VEVENT whose UID never changes; every calendar-visible change bumps SEQUENCE so
subscribed calendars replace their copy, and a cancelled meeting stays in the feed as STATUS:CANCELLED.
Times are local to Europe/London with a VTIMEZONE, so 14:00 stays 14:00 across the clock change.

Sections: building the calendar, the calendar-address services, then the pages.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_safe
from icalendar import Calendar, Event, vDuration

from boards.models import Board, Membership, Person

from .enums import MeetingStatus
from .models import CalendarFeed, Meeting, StandIn, new_feed_token

TZID = "Europe/London"
LONDON = ZoneInfo(TZID)
PRODID = "-//Board portal//Meetings//EN"
REFRESH = datetime.timedelta(hours=6)
ICAL_STATUS = {
    MeetingStatus.CANCELLED: "CANCELLED",
    MeetingStatus.POSTPONED: "TENTATIVE",
}
SUMMARY_SUFFIX = {MeetingStatus.CANCELLED: " (cancelled)", MeetingStatus.POSTPONED: " (postponed)"}


# Building the calendar ---------------------------------------------------------------------------------


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def event_uid(meeting: Meeting) -> str:
    return f"{meeting.uid}@board-portal"


def _public_url(meeting: Meeting) -> str:
    """The public page once the agenda is published, else the members' page."""
    if meeting.is_published:
        return reverse("meetings:meeting_public", args=[meeting.pk])
    return meeting.get_absolute_url()


def _description(meeting: Meeting, url: str, *, for_members: bool) -> str:
    lines = [meeting.board.name]
    if meeting.status == MeetingStatus.CANCELLED:
        lines.append("This meeting has been cancelled.")
    elif meeting.status == MeetingStatus.POSTPONED:
        lines.append("This meeting has been postponed; a new date will follow.")
    if for_members and meeting.status_reason and meeting.status in ICAL_STATUS:
        lines.append(f"Reason: {meeting.status_reason}")
    if for_members and meeting.venue_id and meeting.online_link:
        lines.append(f"Join online: {meeting.online_link}")
    if meeting.venue_id and meeting.venue.access_notes:
        lines.append(f"Access: {meeting.venue.access_notes}")
    lines.append(f"Meeting page: {url}")
    return "\n".join(lines)


def meeting_event(meeting: Meeting, *, stamp: datetime.datetime, for_members: bool) -> Event:
    """One VEVENT. The public edition carries no reasons or joining links and links to the public page."""
    url = absolute(meeting.get_absolute_url() if for_members else _public_url(meeting))
    event = Event()
    event.add("uid", event_uid(meeting))
    event.add("dtstamp", stamp)
    event.add("dtstart", datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=LONDON))
    if meeting.end_time:
        event.add("dtend", datetime.datetime.combine(meeting.date, meeting.end_time, tzinfo=LONDON))
    event.add("sequence", meeting.calendar_sequence)
    event.add("status", ICAL_STATUS.get(meeting.status, "CONFIRMED"))
    summary = f"{meeting.board.display_short_name}: {meeting.get_kind_display()}"
    event.add("summary", summary + SUMMARY_SUFFIX.get(meeting.status, ""))
    if meeting.venue_id:
        event.add("location", meeting.venue.full_address)
    elif meeting.online_link:
        # Anyone can read the board's feed: the joining link goes to members only.
        event.add("location", meeting.online_link if for_members else "Online meeting")
    event.add("url", url)
    event.add("description", _description(meeting, url, for_members=for_members))
    return event


def build_calendar(meetings: Iterable[Meeting], *, name: str, for_members: bool) -> Calendar:
    """A VCALENDAR of the meetings, with the Europe/London VTIMEZONE covering their dates."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TZID)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH))
    stamp = timezone.now()
    dates = []
    for meeting in meetings:
        cal.add_component(meeting_event(meeting, stamp=stamp, for_members=for_members))
        dates.append(meeting.date)
    if dates:
        # Only the transitions the events need, rather than the library's default 1970-2038.
        cal.add_missing_timezones(
            first_date=min(dates) - datetime.timedelta(days=366), last_date=max(dates) + datetime.timedelta(days=366)
        )
    return cal


def _ics_response(cal: Calendar, filename: str, *, private: bool) -> HttpResponse:
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if private:
        response["Cache-Control"] = "private, max-age=300"
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
    else:
        response["Cache-Control"] = "public, max-age=300"
    return response


def board_feed_meetings(board: Board):
    return Meeting.objects.filter(board=board).select_related("board", "venue").order_by("date", "start_time")


def person_feed_meetings(person: Person, *, on: datetime.date | None = None):
    """Meetings of every board the person sits on today (past meetings of those boards included)."""
    boards = Membership.objects.current(on).filter(person=person).values("board_id")
    # And the meetings they are named to attend as a deputy or substitute.
    standing_in = StandIn.objects.filter(person=person).values("meeting_id")
    return (
        Meeting.objects.filter(Q(board_id__in=boards) | Q(pk__in=standing_in))
        .select_related("board", "venue")
        .order_by("date", "start_time")
    )


# The calendar address ----------------------------------------------------------------------------------


def calendar_feed_for(*, person: Person) -> CalendarFeed:
    """The person's calendar address, made on first use."""
    feed, _ = CalendarFeed.objects.get_or_create(person=person)
    return feed


@transaction.atomic
def calendar_feed_reset(*, person: Person) -> CalendarFeed:
    """Give the person a new secret address; the old one stops working at once."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(person=person)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token", "created_at"])
    return feed


def person_feed_url(feed: CalendarFeed) -> str:
    return absolute(reverse("meetings:person_calendar", args=[feed.token]))


# Pages -------------------------------------------------------------------------------------------------


@require_safe
def board_calendar(request, slug):
    """The board's meetings, for anyone: no login, no reasons, links to the public page."""
    board = get_object_or_404(Board, slug=slug)
    cal = build_calendar(board_feed_meetings(board), name=f"{board.display_short_name} meetings", for_members=False)
    return _ics_response(cal, f"{board.slug}.ics", private=False)


@require_safe
def person_calendar(request, token):
    """A person's meetings, at a secret address they can reset. It answers only while the person's login is
    active: deactivating (or removing) the login silences the calendar too, in the same single lookup."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("person"), token=token, person__user__is_active=True)
    cal = build_calendar(person_feed_meetings(feed.person), name="My board meetings", for_members=True)
    return _ics_response(cal, "my-board-meetings.ics", private=True)


def _my_boards(person: Person | None):
    if person is None:
        return []
    return list(Board.objects.filter(memberships__in=Membership.objects.current().filter(person=person)).distinct())


@login_required
@require_GET
def my_calendar(request):
    person = request.user.person
    context = {"person": person, "boards": _my_boards(person)}
    if person is not None:
        feed = calendar_feed_for(person=person)
        context["feed_url"] = person_feed_url(feed)
        context["webcal_url"] = "webcal://" + context["feed_url"].split("://", 1)[1]
        context["board_feeds"] = [
            (board, absolute(reverse("meetings:board_calendar", args=[board.slug]))) for board in context["boards"]
        ]
    return render(request, "meetings/calendar/my_calendar.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def my_calendar_reset(request):
    person = request.user.person
    if person is None:
        return redirect("meetings:my_calendar")
    if request.method == "POST":
        calendar_feed_reset(person=person)
        messages.success(
            request, "Your calendar has a new address. The old one no longer works: subscribe again with the new one."
        )
        return redirect("meetings:my_calendar")
    return render(request, "meetings/calendar/reset_confirm.html", {"person": person})
