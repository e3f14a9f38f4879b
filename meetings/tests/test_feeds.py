"""The iCalendar feeds, read back with the icalendar library as a calendar app would."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from boards.enums import Role
from boards.tests.factories import BoardFactory, MembershipFactory, UserFactory
from meetings import scheduling
from meetings.enums import MeetingStatus
from meetings.feeds import calendar_feed_for
from meetings.models import CalendarFeed, Meeting, Venue

pytestmark = pytest.mark.django_db

D = datetime.date
T = datetime.time
SITE = "https://portal.example.org"
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


#: The day these tests run on: the meetings below (in 2030) are in the feeds' window, two years ahead at most.
TODAY = datetime.datetime(2029, 9, 3, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today(clock):
    clock.now = TODAY
    return clock


@pytest.fixture
def venue(cast):
    return Venue.objects.create(
        board=cast.board,
        room="Committee Room 1",
        building="Chorley Town Hall",
        address="Market Street\nChorley",
        postcode="PR7 1DP",
        access_notes="Lift available",
    )


@pytest.fixture
def meeting(cast, venue):
    return Meeting.objects.create(board=cast.board, date=D(2030, 7, 18), start_time=T(14), end_time=T(16), venue=venue)


def events(response) -> dict:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def board_feed(client, board):
    return events(client.get(reverse("meetings:board_calendar", args=[board.slug])))


def person_feed(client, person):
    return events(client.get(reverse("meetings:person_calendar", args=[calendar_feed_for(person=person).token])))


def test_board_feed_needs_no_login_and_describes_the_meeting(client, cast, meeting):
    feed = board_feed(client, cast.board)
    event = feed[f"{meeting.uid}@board-portal"]
    assert str(event["SUMMARY"]) == "CPB: Ordinary meeting"
    assert event.decoded("DTSTART") == datetime.datetime(2030, 7, 18, 14, 0, tzinfo=LONDON)
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event.decoded("DTEND") == datetime.datetime(2030, 7, 18, 16, 0, tzinfo=LONDON)
    assert event.decoded("DTSTART").astimezone(datetime.UTC).hour == 13  # British Summer Time
    assert event["SEQUENCE"] == 0
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["LOCATION"]) == "Committee Room 1, Chorley Town Hall, Market Street, Chorley, PR7 1DP"
    assert "DTSTAMP" in event
    assert str(event["URL"]) == SITE + meeting.get_absolute_url()
    assert SITE + meeting.get_absolute_url() in str(event["DESCRIPTION"])
    assert "Access: Lift available" in str(event["DESCRIPTION"])


def test_feed_carries_the_london_timezone(client, cast, meeting):
    cal = Calendar.from_ical(client.get(reverse("meetings:board_calendar", args=[cast.board.slug])).content)
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    assert str(cal["X-WR-CALNAME"]) == "CPB meetings"
    assert str(cal["METHOD"]) == "PUBLISH"
    assert cal.to_ical().decode().count("X-PUBLISHED-TTL:PT6H") == 1


def test_published_meeting_links_to_its_public_page(client, cast, meeting):
    meeting.agenda_published_at = timezone.now()
    meeting.save()
    event = board_feed(client, cast.board)[f"{meeting.uid}@board-portal"]
    assert str(event["URL"]) == SITE + reverse("meetings:meeting_public", args=[meeting.pk])
    # Members' own feed links to the members' page.
    event = person_feed(client, cast.member.person)[f"{meeting.uid}@board-portal"]
    assert str(event["URL"]) == SITE + meeting.get_absolute_url()


def test_uid_is_stable_and_sequence_bumps_when_the_meeting_moves(client, cast, meeting, venue):
    before = board_feed(client, cast.board)
    scheduling.meeting_update_timing(
        user=cast.coordinator,
        meeting=meeting,
        date=D(2030, 7, 25),
        start_time=T(10),
        end_time=T(12),
        venue=None,
        online_link="https://teams.example.org/cpb",
    )
    after = board_feed(client, cast.board)
    assert list(after) == list(before) == [f"{meeting.uid}@board-portal"]
    event = after[f"{meeting.uid}@board-portal"]
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == datetime.datetime(2030, 7, 25, 10, 0, tzinfo=LONDON)
    assert str(event["LOCATION"]) == "Online meeting"  # the joining link is for members only
    member_event = person_feed(client, cast.member.person)[f"{meeting.uid}@board-portal"]
    assert str(member_event["LOCATION"]) == "https://teams.example.org/cpb"


def test_cancelled_meeting_stays_in_the_feed_as_cancelled(client, cast, meeting):
    scheduling.meeting_cancel(user=cast.coordinator, meeting=meeting, reason="Chair unavailable")
    event = board_feed(client, cast.board)[f"{meeting.uid}@board-portal"]
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 1
    assert str(event["SUMMARY"]) == "CPB: Ordinary meeting (cancelled)"
    assert "Chair unavailable" not in str(event["DESCRIPTION"])  # the public feed gives no reasons
    member_event = person_feed(client, cast.member.person)[f"{meeting.uid}@board-portal"]
    assert str(member_event["STATUS"]) == "CANCELLED"
    assert "Reason: Chair unavailable" in str(member_event["DESCRIPTION"])


def test_postponed_meeting_is_tentative(client, cast, meeting):
    scheduling.meeting_postpone(user=cast.coordinator, meeting=meeting, reason="Awaiting the inspection report")
    event = board_feed(client, cast.board)[f"{meeting.uid}@board-portal"]
    assert (str(event["STATUS"]), event["SEQUENCE"]) == ("TENTATIVE", 1)


def test_board_feed_holds_only_that_boards_meetings(client, cast, meeting):
    other = Meeting.objects.create(board=BoardFactory(), date=D(2030, 7, 18), start_time=T(10))
    feed = board_feed(client, cast.board)
    assert list(feed) == [f"{meeting.uid}@board-portal"]
    assert f"{other.uid}@board-portal" not in feed


def test_unknown_board_is_404(client):
    assert client.get(reverse("meetings:board_calendar", args=["no-such-board"])).status_code == 404


def test_person_feed_holds_the_meetings_of_the_boards_they_sit_on_now(client, cast, meeting):
    sub_group = BoardFactory(short_name="CSE")
    sub_meeting = Meeting.objects.create(board=sub_group, date=D(2030, 8, 1), start_time=T(10))
    MembershipFactory(board=sub_group, person=cast.member.person, role=Role.MEMBER)
    left = BoardFactory(short_name="LSCB")
    left_meeting = Meeting.objects.create(board=left, date=D(2030, 8, 2), start_time=T(10))
    MembershipFactory(board=left, person=cast.member.person, start_date=D(2015, 1, 1), end_date=D(2016, 1, 1))
    stranger = Meeting.objects.create(board=BoardFactory(), date=D(2030, 8, 3), start_time=T(10))

    feed = person_feed(client, cast.member.person)
    assert set(feed) == {f"{meeting.uid}@board-portal", f"{sub_meeting.uid}@board-portal"}
    assert str(feed[f"{sub_meeting.uid}@board-portal"]["SUMMARY"]) == "CSE: Ordinary meeting"
    assert f"{left_meeting.uid}@board-portal" not in feed and f"{stranger.uid}@board-portal" not in feed
    # The outsider sits on another board only.
    assert f"{meeting.uid}@board-portal" not in person_feed(client, cast.outsider.person)


def test_person_feed_holds_the_meetings_they_stand_in_at(client, cast, meeting):
    """A deputy named for one meeting of a board they do not sit on gets that meeting, and only that one."""
    from meetings import services

    later = Meeting.objects.create(board=cast.board, date=meeting.date + datetime.timedelta(days=60), start_time=T(10))
    seat = cast.member.person.memberships.get(board=cast.board)
    assert f"{meeting.uid}@board-portal" not in person_feed(client, cast.outsider.person)
    services.stand_in_name(user=cast.coordinator, meeting=meeting, in_place_of=seat, person=cast.outsider.person)
    feed = person_feed(client, cast.outsider.person)
    assert f"{meeting.uid}@board-portal" in feed
    assert f"{later.uid}@board-portal" not in feed


def test_person_feed_is_private(client, cast, meeting):
    token = calendar_feed_for(person=cast.member.person).token
    response = client.get(reverse("meetings:person_calendar", args=[token]))
    assert response["Cache-Control"] == "private, max-age=300"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert client.get(reverse("meetings:person_calendar", args=["not-a-token"])).status_code == 404


def test_my_calendar_page_shows_the_absolute_address_and_makes_it_on_first_visit(client, cast):
    assert client.get(reverse("meetings:my_calendar")).url.startswith(reverse("login"))
    client.force_login(cast.member)
    assert not CalendarFeed.objects.exists()
    html = client.get(reverse("meetings:my_calendar")).content.decode()
    feed = CalendarFeed.objects.get(person=cast.member.person)
    url = f"{SITE}/calendar/{feed.token}.ics"
    assert url == SITE + reverse("meetings:person_calendar", args=[feed.token])
    assert f'value="{url}"' in html
    assert f"webcal://portal.example.org/calendar/{feed.token}.ics" in html
    assert reverse("meetings:my_calendar_reset") in html
    assert f"{SITE}/boards/cpb/calendar.ics" in html
    client.get(reverse("meetings:my_calendar"))
    assert CalendarFeed.objects.get().token == feed.token  # the address stays until it is reset


def test_reset_makes_the_old_address_404(client, cast, meeting):
    client.force_login(cast.member)
    client.get(reverse("meetings:my_calendar"))
    old = CalendarFeed.objects.get(person=cast.member.person).token
    old_url = reverse("meetings:person_calendar", args=[old])
    assert client.get(old_url).status_code == 200
    html = client.get(reverse("meetings:my_calendar_reset")).content.decode()
    assert "The old address stops working" in html
    assert CalendarFeed.objects.get().token == old  # asking is not resetting
    response = client.post(reverse("meetings:my_calendar_reset"))
    assert response.url == reverse("meetings:my_calendar")
    assert "Your calendar has a new address" in client.get(response.url).content.decode()
    new = CalendarFeed.objects.get(person=cast.member.person).token
    assert new != old
    assert client.get(old_url).status_code == 404
    assert f"{meeting.uid}@board-portal" in events(client.get(reverse("meetings:person_calendar", args=[new])))


def test_user_without_a_person_is_told_why_there_is_no_calendar(client, cast):
    client.force_login(cast.superuser)
    html = client.get(reverse("meetings:my_calendar")).content.decode()
    assert "not linked to a person" in html
    assert not CalendarFeed.objects.exists()


def _add_meetings(board, n, start):
    for i in range(n):
        venue = Venue.objects.create(board=board, building=f"Building {start + i}", access_notes="Hearing loop")
        Meeting.objects.create(
            board=board,
            date=D(2030, 1, 1) + datetime.timedelta(days=7 * (start + i)),
            start_time=T(14),
            end_time=T(16),
            venue=venue,
            status=[MeetingStatus.SCHEDULED, MeetingStatus.CANCELLED][i % 2],
        )


def test_board_feed_query_count_does_not_grow_with_meetings(client, cast, django_assert_num_queries):
    url = reverse("meetings:board_calendar", args=[cast.board.slug])
    _add_meetings(cast.board, 2, 0)
    with django_assert_num_queries(2):
        assert len(events(client.get(url))) == 2
    _add_meetings(cast.board, 10, 2)
    with django_assert_num_queries(2):
        assert len(events(client.get(url))) == 12


def test_person_feed_query_count_does_not_grow_with_meetings_or_boards(client, cast, django_assert_num_queries):
    url = reverse("meetings:person_calendar", args=[calendar_feed_for(person=cast.member.person).token])
    _add_meetings(cast.board, 2, 0)
    # The address, the person's seats, their stand-ins, then the meetings.
    with django_assert_num_queries(4):
        assert len(events(client.get(url))) == 2
    for n in range(3):
        board = BoardFactory()
        MembershipFactory(board=board, person=cast.member.person)
        _add_meetings(board, 4, 10 * (n + 1))
    with django_assert_num_queries(4):
        assert len(events(client.get(url))) == 14
    with django_assert_num_queries(3):  # built already: from the cache
        assert len(events(client.get(url))) == 14


def test_a_deactivated_users_calendar_address_stops_answering(client, cast, meeting):
    url = reverse("meetings:person_calendar", args=[calendar_feed_for(person=cast.member.person).token])
    assert f"{meeting.uid}@board-portal" in events(client.get(url))
    cast.member.is_active = False
    cast.member.save(update_fields=["is_active"])
    assert client.get(url).status_code == 404
    cast.member.is_active = True  # switched back on, the same address works again
    cast.member.save(update_fields=["is_active"])
    assert f"{meeting.uid}@board-portal" in events(client.get(url))


def test_a_calendar_address_whose_login_was_removed_stops_answering(client, cast, meeting):
    url = reverse("meetings:person_calendar", args=[calendar_feed_for(person=cast.member.person).token])
    cast.member.delete()  # the person stays in the directory, without a login
    assert client.get(url).status_code == 404


# The window, the cache and conditional requests ------------------------------------------------------------


def test_feeds_cover_a_year_back_and_two_years_ahead(client, cast):
    today = TODAY.date()
    old = Meeting.objects.create(board=cast.board, date=today - datetime.timedelta(days=3 * 365), start_time=T(10))
    last_year = Meeting.objects.create(board=cast.board, date=today - datetime.timedelta(days=300), start_time=T(10))
    next_year = Meeting.objects.create(board=cast.board, date=today + datetime.timedelta(days=365), start_time=T(10))
    too_far = Meeting.objects.create(board=cast.board, date=today + datetime.timedelta(days=3 * 365), start_time=T(10))
    for feed in (board_feed(client, cast.board), person_feed(client, cast.member.person)):
        assert set(feed) == {f"{last_year.uid}@board-portal", f"{next_year.uid}@board-portal"}
        assert f"{old.uid}@board-portal" not in feed
        assert f"{too_far.uid}@board-portal" not in feed


def _board_url(board):
    return reverse("meetings:board_calendar", args=[board.slug])


def _person_url(person):
    return reverse("meetings:person_calendar", args=[calendar_feed_for(person=person).token])


@pytest.mark.parametrize("feed", ["board", "person"])
def test_a_feed_carries_validators_and_answers_304_while_nothing_changed(client, cast, meeting, feed):
    url = _board_url(cast.board) if feed == "board" else _person_url(cast.member.person)
    first = client.get(url)
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('W/"') and modified.endswith("GMT")

    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert client.get(url, headers={"if-modified-since": modified}).status_code == 304
    assert client.get(url, headers={"if-none-match": 'W/"something-else"'}).status_code == 200


@pytest.mark.parametrize("feed", ["board", "person"])
def test_a_changed_meeting_changes_the_feed_and_its_etag(
    client, cast, meeting, feed, django_capture_on_commit_callbacks
):
    url = _board_url(cast.board) if feed == "board" else _person_url(cast.member.person)
    etag = client.get(url)["ETag"]

    with django_capture_on_commit_callbacks(execute=True):
        scheduling.meeting_cancel(user=cast.coordinator, meeting=meeting, reason="Not quorate")
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert str(events(response)[f"{meeting.uid}@board-portal"]["STATUS"]) == "CANCELLED"


def test_a_new_meeting_a_changed_venue_and_a_deleted_meeting_each_change_the_board_feed(client, cast, meeting, venue):
    url = _board_url(cast.board)
    etag = client.get(url)["ETag"]

    added = Meeting.objects.create(board=cast.board, date=D(2030, 9, 1), start_time=T(10))
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert f"{added.uid}@board-portal" in events(response)
    etag = response["ETag"]

    venue.building = "Leyland Civic Centre"
    venue.save()
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "Leyland Civic Centre" in str(events(response)[f"{meeting.uid}@board-portal"]["LOCATION"])
    etag = response["ETag"]

    added.delete()
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert f"{added.uid}@board-portal" not in events(response)


def test_a_person_who_joins_a_board_gets_its_meetings_at_once(client, cast, meeting):
    url = _person_url(cast.member.person)
    etag = client.get(url)["ETag"]
    elsewhere = Meeting.objects.create(board=cast.other_board, date=D(2030, 3, 5), start_time=T(10))
    # Another board's meeting is not in this person's feed: still the same feed.
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304

    MembershipFactory(board=cast.other_board, person=cast.member.person, start_date=TODAY.date())
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert f"{elsewhere.uid}@board-portal" in events(response)


def test_two_peoples_feeds_never_mix(client, cast, meeting):
    theirs = Meeting.objects.create(board=cast.other_board, date=D(2030, 3, 5), start_time=T(10))
    outsider = MembershipFactory(board=cast.other_board, start_date=TODAY.date()).person
    UserFactory(person=outsider)
    mine, other = _person_url(cast.member.person), _person_url(outsider)
    first = client.get(mine)
    assert set(events(first)) == {f"{meeting.uid}@board-portal"}
    second = client.get(other)
    assert set(events(second)) == {f"{theirs.uid}@board-portal"}
    assert second["ETag"] != first["ETag"]
    # Each address still gets its own, from the cache, and one's validator is no good at the other's address.
    assert set(events(client.get(mine))) == {f"{meeting.uid}@board-portal"}
    assert client.get(other, headers={"if-none-match": first["ETag"]}).status_code == 200


def test_a_save_of_what_no_feed_shows_keeps_the_cached_feed(client, cast, meeting):
    url = _board_url(cast.board)
    etag = client.get(url)["ETag"]
    meeting.agenda_version += 1
    meeting.save(update_fields=["agenda_version"])
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    meeting.start_time = T(15)
    meeting.save(update_fields=["start_time"])
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert events(response)[f"{meeting.uid}@board-portal"]["DTSTART"].dt.hour == 15
