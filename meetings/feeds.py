"""iCalendar feeds: one per board (public, no login) and one per person (a secret, resettable address).

Each meeting is one VEVENT whose UID never changes; every calendar-visible change bumps SEQUENCE so
subscribed calendars replace their copy, and a cancelled meeting stays in the feed as STATUS:CANCELLED.
Times are local to Europe/London with a VTIMEZONE, so 14:00 stays 14:00 across the clock change.

A feed covers a window around today (:data:`MONTHS_BACK`, :data:`MONTHS_AHEAD`), not the board's whole
history, so it stays the same size however long the portal has been in use. Calendar apps poll feeds every
few hours: a built feed is kept in the shared cache (Redis in production, so every web process sees the same
entry) under a key naming what it shows, and a poll whose ETag or date still matches gets "304 Not Modified".
The key holds each board's *feed version*, a random token replaced whenever one of the board's meetings, its
venues or the board itself is saved or deleted (see :func:`connect_feed_signals`), and for a person's feed the
boards they sit on and the meetings they stand in at, so a change of seat changes the key too.

Sections: building the calendar, the window and the cache, the calendar-address services, then the pages.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_GET, require_http_methods, require_safe
from icalendar import Calendar, Event, vDuration

from boards.models import Board, Membership, Person
from core import clock

from .enums import MeetingStatus
from .models import CalendarFeed, Meeting, StandIn, Venue, new_feed_token

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


# The window and the cache ---------------------------------------------------------------------------

#: A feed shows the meetings of the last twelve months...
MONTHS_BACK = 12
#: ...and of the next twenty-four: what a calendar needs, whatever the size of the board's history.
MONTHS_AHEAD = 24
#: How long a built feed stays in the cache. Any change to what it shows changes its key at once; this
#: only bounds how long an entry nobody asks for again takes up room.
CACHE_SECONDS = 6 * 60 * 60


def feed_window(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The first and last dates a feed covers."""
    today = today or clock.today()
    return today - relativedelta(months=MONTHS_BACK), today + relativedelta(months=MONTHS_AHEAD)


def _in_window(qs, today: datetime.date):
    first, last = feed_window(today)
    return qs.filter(date__gte=first, date__lte=last)


def board_feed_meetings(board: Board, *, on: datetime.date | None = None):
    """The board's meetings in the feed's window."""
    qs = Meeting.objects.filter(board=board).select_related("board", "venue").order_by("date", "start_time")
    return _in_window(qs, on or clock.today())


@dataclass(frozen=True)
class PersonFeedScope:
    """Whose meetings a person's feed shows: the boards they sit on today, and the meetings in the window
    they are named to attend as a deputy or substitute (with those meetings' boards)."""

    board_ids: tuple[int, ...]
    stand_in_meetings: tuple[tuple[int, int], ...]  # (meeting id, board id)

    @property
    def all_board_ids(self) -> set[int]:
        return set(self.board_ids) | {board_id for _, board_id in self.stand_in_meetings}


def person_feed_scope(person: Person, *, on: datetime.date | None = None) -> PersonFeedScope:
    """Two small queries, whatever the number of meetings."""
    on = on or clock.today()
    first, last = feed_window(on)
    boards = Membership.objects.current(on).filter(person=person).values_list("board_id", flat=True)
    standing_in = StandIn.objects.filter(person=person, meeting__date__gte=first, meeting__date__lte=last)
    return PersonFeedScope(
        board_ids=tuple(sorted(set(boards))),
        stand_in_meetings=tuple(sorted(set(standing_in.values_list("meeting_id", "meeting__board_id")))),
    )


def person_feed_meetings(person: Person, *, on: datetime.date | None = None, scope: PersonFeedScope | None = None):
    """Meetings in the window of every board the person sits on today, and those they stand in at."""
    on = on or clock.today()
    scope = scope or person_feed_scope(person, on=on)
    wanted = Q(board_id__in=scope.board_ids) | Q(pk__in=[pk for pk, _ in scope.stand_in_meetings])
    qs = Meeting.objects.filter(wanted).select_related("board", "venue").order_by("date", "start_time")
    return _in_window(qs, on)


def _version_key(board_id: int) -> str:
    return f"meetings:feed-version:{board_id}"


def feed_versions(board_ids: Iterable[int]) -> dict[int, str]:
    """Each board's feed version: one round trip to the cache (two the first time a board is asked for). A
    version the cache has lost is replaced by a new one, which only means building the feed again."""
    keys = {_version_key(pk): pk for pk in board_ids}
    found = cache.get_many(list(keys))
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, uuid.uuid4().hex, timeout=None)  # a process that got there first keeps its own
        found.update(cache.get_many(missing))
    return {keys[key]: value for key, value in found.items()}


def feed_changed(board_id: int | None) -> None:
    """What the board's feeds show has changed: give it a new version now (this process reads its own
    writes at once) and again once the transaction commits (a poll answered in between, from data not yet
    committed, is then never kept under the version that follows)."""
    if board_id is None:
        return
    key = _version_key(board_id)
    cache.set(key, uuid.uuid4().hex, timeout=None)
    transaction.on_commit(lambda: cache.set(key, uuid.uuid4().hex, timeout=None))


#: The meeting's fields a feed prints (or decides by): a save that names none of them leaves the feeds as they
#: were, so building an agenda (each change saves the meeting's agenda version) keeps the cached feeds.
FEED_FIELDS = frozenset(
    {
        "board",
        "board_id",
        "date",
        "start_time",
        "end_time",
        "venue",
        "venue_id",
        "online_link",
        "kind",
        "status",
        "status_reason",
        "calendar_sequence",
        "agenda_published_at",
        "uid",
    }
)


def _meeting_saved_or_deleted(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and not FEED_FIELDS.intersection(update_fields):
        return
    feed_changed(instance.board_id)


def _venue_saved_or_deleted(sender, instance, **kwargs):
    feed_changed(instance.board_id)
    if instance.pk and kwargs.get("signal") is post_save:
        for board_id in set(Meeting.objects.filter(venue=instance).values_list("board_id", flat=True)):
            if board_id != instance.board_id:
                feed_changed(board_id)


def _board_saved(sender, instance, **kwargs):
    feed_changed(instance.pk)  # its name is in every event


def connect_feed_signals() -> None:
    """Called from :class:`meetings.apps.MeetingsConfig`: every process that saves meetings (web, worker,
    management command) keeps the feeds' versions up to date."""
    for signal in (post_save, post_delete):
        signal.connect(_meeting_saved_or_deleted, sender=Meeting, dispatch_uid=f"meetings-feed-meeting-{id(signal)}")
        signal.connect(_venue_saved_or_deleted, sender=Venue, dispatch_uid=f"meetings-feed-venue-{id(signal)}")
    post_save.connect(_board_saved, sender=Board, dispatch_uid="meetings-feed-board")


def _digest(*parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def _cached_feed(request, *, key: str, build, filename: str, private: bool) -> HttpResponse:
    """The feed under ``key`` from the cache (built with ``build()`` and kept when it is not there), with
    its ETag and Last-Modified; "304 Not Modified" when the calendar app's copy is still the one to show."""
    entry = cache.get(key)
    if entry is None:
        entry = (build().to_ical(), int(timezone.now().timestamp()))
        cache.set(key, entry, timeout=CACHE_SECONDS)
    body, built_at = entry
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if private:
        response["Cache-Control"] = "private, max-age=300"
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
    else:
        response["Cache-Control"] = "public, max-age=300"
    # Weak: the same key always means the same meetings, though a rebuild's DTSTAMP differs.
    etag = f'W/"{_digest(key)}"'
    response["ETag"] = etag
    response["Last-Modified"] = http_date(built_at)
    return get_conditional_response(request, etag=etag, last_modified=built_at, response=response)


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
    today = clock.today()
    version = feed_versions([board.pk])[board.pk]
    return _cached_feed(
        request,
        key=f"meetings:feed:board:{board.pk}:{today.isoformat()}:{version}",
        build=lambda: build_calendar(
            board_feed_meetings(board, on=today), name=f"{board.display_short_name} meetings", for_members=False
        ),
        filename=f"{board.slug}.ics",
        private=False,
    )


@require_safe
def person_calendar(request, token):
    """A person's meetings, at a secret address they can reset. It answers only while the person's login is
    active: deactivating (or removing) the login silences the calendar too, in the same single lookup.

    The cache key names the person: one person's feed is never served for another's address."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("person"), token=token, person__user__is_active=True)
    person = feed.person
    today = clock.today()
    scope = person_feed_scope(person, on=today)
    versions = sorted(feed_versions(scope.all_board_ids).items())
    return _cached_feed(
        request,
        key=f"meetings:feed:person:{person.pk}:{_digest(today.isoformat(), scope, versions)}",
        build=lambda: build_calendar(
            person_feed_meetings(person, on=today, scope=scope), name="My board meetings", for_members=True
        ),
        filename="my-board-meetings.ics",
        private=True,
    )


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
