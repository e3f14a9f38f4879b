"""Scheduling a series, and cancelling, postponing or moving one meeting: dates, SEQUENCE, permissions, pages."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import escape

from boards.tests.factories import BoardFactory
from core.permissions import SYSTEM
from meetings import scheduling
from meetings.enums import MeetingKind, MeetingStatus, SeriesFrequency, SeriesRule
from meetings.models import Meeting, Venue
from meetings.scheduling import describe_series, series_dates
from meetings.workdays import latest_issue_date

D = datetime.date
T = datetime.time


# The date rules ----------------------------------------------------------------------------------------


def test_quarterly_third_thursday_from_15_january_2026():
    dates = series_dates(
        first_date=D(2026, 1, 15), frequency=SeriesFrequency.QUARTERLY, count=4, weekday_rule=SeriesRule.NTH_WEEKDAY
    )
    assert dates == [D(2026, 1, 15), D(2026, 4, 16), D(2026, 7, 16), D(2026, 10, 15)]
    assert {d.strftime("%A") for d in dates} == {"Thursday"}


def test_last_weekday_of_the_month():
    dates = series_dates(
        first_date=D(2026, 1, 29), frequency=SeriesFrequency.MONTHLY, count=4, weekday_rule=SeriesRule.LAST_WEEKDAY
    )
    assert dates == [D(2026, 1, 29), D(2026, 2, 26), D(2026, 3, 26), D(2026, 4, 30)]


def test_same_date_clamps_to_the_end_of_short_months_without_drifting():
    dates = series_dates(
        first_date=D(2026, 1, 31), frequency=SeriesFrequency.MONTHLY, count=4, weekday_rule=SeriesRule.SAME_DATE
    )
    assert dates == [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31), D(2026, 4, 30)]


def test_every_frequency_steps_the_right_number_of_months():
    steps = {
        SeriesFrequency.MONTHLY: D(2026, 2, 19),
        SeriesFrequency.BIMONTHLY: D(2026, 3, 19),
        SeriesFrequency.QUARTERLY: D(2026, 4, 16),
        SeriesFrequency.TERMLY: D(2026, 5, 21),
        SeriesFrequency.HALF_YEARLY: D(2026, 7, 16),
    }
    for frequency, second in steps.items():
        assert (
            series_dates(first_date=D(2026, 1, 15), frequency=frequency, count=2, weekday_rule=SeriesRule.NTH_WEEKDAY)[
                1
            ]
            == second
        )


def test_rules_that_cannot_follow_from_the_first_date_are_refused_in_words():
    with pytest.raises(ValueError, match="fifth Thursday"):
        series_dates(
            first_date=D(2026, 1, 29), frequency=SeriesFrequency.MONTHLY, count=2, weekday_rule=SeriesRule.NTH_WEEKDAY
        )
    with pytest.raises(ValueError, match="not the last Thursday of January"):
        series_dates(
            first_date=D(2026, 1, 15), frequency=SeriesFrequency.MONTHLY, count=2, weekday_rule=SeriesRule.LAST_WEEKDAY
        )


def test_describe_series():
    assert (
        describe_series(
            first_date=D(2026, 1, 15), frequency=SeriesFrequency.QUARTERLY, weekday_rule=SeriesRule.NTH_WEEKDAY
        )
        == "the third Thursday of every third month"
    )
    assert (
        describe_series(
            first_date=D(2026, 1, 29), frequency=SeriesFrequency.MONTHLY, weekday_rule=SeriesRule.LAST_WEEKDAY
        )
        == "the last Thursday of every month"
    )
    assert (
        describe_series(
            first_date=D(2026, 1, 22), frequency=SeriesFrequency.HALF_YEARLY, weekday_rule=SeriesRule.SAME_DATE
        )
        == "the 22nd of every sixth month"
    )


# Services ----------------------------------------------------------------------------------------------


@pytest.fixture
def venues(cast):
    return [
        Venue.objects.create(
            board=cast.board, room="Committee Room 1", building="Chorley Town Hall", postcode="PR7 1DP"
        ),
        Venue.objects.create(
            board=cast.board, room="Shield Room", building="Civic Centre, Leyland", postcode="PR25 1DH"
        ),
    ]


def schedule(cast, venues, **kw):
    args = {
        "user": cast.coordinator,
        "board": cast.board,
        "first_date": D(2026, 1, 15),
        "frequency": SeriesFrequency.QUARTERLY,
        "count": 4,
        "start_time": T(14),
        "end_time": T(16),
        "venues": venues,
        "kind": MeetingKind.ORDINARY,
        "weekday_rule": SeriesRule.NTH_WEEKDAY,
    }
    args.update(kw)
    return scheduling.meeting_schedule_series(**args)


@pytest.mark.django_db
def test_series_of_four_quarterly_meetings_with_rotating_venues(cast, venues):
    meetings = schedule(cast, venues)
    assert [m.date for m in meetings] == [D(2026, 1, 15), D(2026, 4, 16), D(2026, 7, 16), D(2026, 10, 15)]
    assert [m.venue for m in meetings] == [venues[0], venues[1], venues[0], venues[1]]
    assert len({m.series for m in meetings}) == 1 and meetings[0].series is not None
    assert len({m.uid for m in meetings}) == 4
    assert [m.pack_issue_date for m in meetings] == [latest_issue_date(m.date, 5) for m in meetings]
    assert meetings[1].pack_issue_date == D(2026, 4, 8)  # Good Friday and Easter Monday fall before it
    assert {(m.status, m.calendar_sequence, m.start_time, m.end_time) for m in meetings} == {
        (MeetingStatus.SCHEDULED, 0, T(14), T(16))
    }
    assert Meeting.objects.filter(series=meetings[0].series).count() == 4


@pytest.mark.django_db
def test_series_meetings_get_the_standing_items(cast, venues):
    meetings = schedule(cast, venues, count=2)
    for meeting in meetings:
        titles = list(meeting.items.values_list("title", flat=True))
        assert titles[0] == "Welcome, introductions and apologies"
        assert titles[-1] == "Future meeting dates"


@pytest.mark.django_db
def test_series_without_venues_or_planned_issue_dates(cast):
    meetings = schedule(cast, [], online_link="https://teams.example.org/cpb", issue_notice=False, count=2)
    assert [(m.venue, m.online_link, m.pack_issue_date) for m in meetings] == [
        (None, "https://teams.example.org/cpb", None)
    ] * 2


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["member", "chair", "outsider"])
def test_only_coordinators_schedule(cast, venues, role):
    with pytest.raises(PermissionDenied):
        schedule(cast, venues, user=cast.user(role))
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_superuser_schedules_and_bad_input_is_refused(cast, venues):
    assert len(schedule(cast, venues, user=cast.superuser, count=1)) == 1
    elsewhere = Venue.objects.create(board=BoardFactory(), building="Elsewhere")
    with pytest.raises(ValidationError) as e:
        schedule(cast, [elsewhere])
    assert "venues" in e.value.error_dict
    with pytest.raises(ValidationError) as e:
        schedule(cast, venues, end_time=T(13))
    assert "end_time" in e.value.error_dict
    with pytest.raises(ValidationError) as e:
        schedule(cast, venues, count=0)
    assert "count" in e.value.error_dict
    assert Meeting.objects.count() == 1


@pytest.fixture
def meeting(cast, venues):
    return schedule(cast, venues, count=1, first_date=D(2030, 1, 17))[0]


@pytest.mark.django_db
def test_cancel_records_the_reason_and_bumps_the_sequence(cast, meeting):
    uid = meeting.uid
    scheduling.meeting_cancel(user=cast.coordinator, meeting=meeting, reason="Not enough business")
    meeting.refresh_from_db()
    assert (meeting.status, meeting.status_reason, meeting.calendar_sequence, meeting.uid) == (
        MeetingStatus.CANCELLED,
        "Not enough business",
        1,
        uid,
    )
    assert meeting.history.first().history_change_reason == "Cancelled: Not enough business"
    with pytest.raises(ValidationError, match="already cancelled"):
        scheduling.meeting_cancel(user=cast.coordinator, meeting=meeting, reason="Again")
    meeting.refresh_from_db()
    assert meeting.calendar_sequence == 1


@pytest.mark.django_db
def test_cancel_needs_a_reason_and_a_coordinator(cast, meeting):
    with pytest.raises(ValidationError) as e:
        scheduling.meeting_cancel(user=cast.coordinator, meeting=meeting, reason="  ")
    assert "reason" in e.value.error_dict
    with pytest.raises(PermissionDenied):
        scheduling.meeting_cancel(user=cast.chair, meeting=meeting, reason="Chair unavailable")
    meeting.refresh_from_db()
    assert (meeting.status, meeting.calendar_sequence) == (MeetingStatus.SCHEDULED, 0)


@pytest.mark.django_db
def test_postpone_then_give_a_new_date(cast, meeting, venues):
    scheduling.meeting_postpone(user=cast.coordinator, meeting=meeting, reason="Chair unavailable")
    assert (meeting.status, meeting.calendar_sequence) == (MeetingStatus.POSTPONED, 1)
    scheduling.meeting_update_timing(
        user=cast.coordinator,
        meeting=meeting,
        date=D(2030, 1, 24),
        start_time=T(10),
        end_time=T(12),
        venue=venues[1],
        online_link="",
    )
    meeting.refresh_from_db()
    assert (meeting.status, meeting.status_reason, meeting.calendar_sequence) == (MeetingStatus.SCHEDULED, "", 2)
    assert (meeting.date, meeting.start_time, meeting.venue) == (D(2030, 1, 24), T(10), venues[1])
    assert meeting.pack_issue_date == latest_issue_date(D(2030, 1, 24), 5)


@pytest.mark.django_db
def test_every_calendar_visible_change_bumps_the_sequence_and_nothing_else_does(cast, meeting, venues):
    base = {
        "date": meeting.date,
        "start_time": meeting.start_time,
        "end_time": meeting.end_time,
        "venue": meeting.venue,
        "online_link": meeting.online_link,
    }
    scheduling.meeting_update_timing(user=cast.coordinator, meeting=meeting, **base)
    assert meeting.calendar_sequence == 0
    changes = [
        {"start_time": T(13)},
        {"end_time": T(17)},
        {"venue": venues[1]},
        {"venue": None},
        {"online_link": "https://teams.example.org/x"},
        {"date": D(2030, 1, 18)},
    ]
    for n, change in enumerate(changes, start=1):
        base.update(change)
        scheduling.meeting_update_timing(user=cast.coordinator, meeting=meeting, **base)
        meeting.refresh_from_db()
        assert meeting.calendar_sequence == n, change


@pytest.mark.django_db
def test_a_hand_set_issue_date_is_kept_when_the_meeting_moves(cast, meeting):
    meeting.pack_issue_date = D(2030, 1, 2)
    meeting.save()
    scheduling.meeting_update_timing(
        user=cast.coordinator,
        meeting=meeting,
        date=D(2030, 2, 21),
        start_time=T(14),
        end_time=T(16),
        venue=meeting.venue,
    )
    assert meeting.pack_issue_date == D(2030, 1, 2)


# Pages -------------------------------------------------------------------------------------------------

ROLES = ["anonymous", "outsider", "member", "chair", "coordinator", "superuser"]
OK, DENIED, LOGIN = 200, 403, 302
PAGES = [
    ("meetings:schedule_series", lambda c, m: {"slug": c.board.slug}),
    ("meetings:meeting_cancel", lambda c, m: {"pk": m.pk}),
    ("meetings:meeting_postpone", lambda c, m: {"pk": m.pk}),
    ("meetings:meeting_timing", lambda c, m: {"pk": m.pk}),
]
EXPECTED = [LOGIN, DENIED, DENIED, DENIED, OK, OK]
CASES = [(name, kwargs, role, EXPECTED[i]) for name, kwargs in PAGES for i, role in enumerate(ROLES)]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs", "role", "expected"), CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_page_access_by_role(client, cast, meeting, name, kwargs, role, expected):
    if cast.user(role):
        client.force_login(cast.user(role))
    url = reverse(name, kwargs=kwargs(cast, meeting))
    response = client.get(url)
    assert response.status_code == expected
    if expected == LOGIN:
        assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "member", "chair", "outsider"])
def test_others_cannot_post_a_cancellation_or_a_series(client, cast, meeting, role):
    if cast.user(role):
        client.force_login(cast.user(role))
    response = client.post(reverse("meetings:meeting_cancel", args=[meeting.pk]), {"reason": "No"})
    assert response.status_code == (LOGIN if role == "anonymous" else DENIED)
    response = client.post(
        reverse("meetings:schedule_series", args=[cast.board.slug]), {**series_post(), "confirm": "1"}
    )
    assert response.status_code == (LOGIN if role == "anonymous" else DENIED)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED
    assert Meeting.objects.count() == 1


def series_post(**kw):
    data = {
        "first_date": "2030-01-17",
        "weekday_rule": SeriesRule.NTH_WEEKDAY,
        "frequency": "quarterly",
        "count": "4",
        "start_time": "14:00",
        "end_time": "16:00",
        "online_link": "",
        "kind": "ordinary",
        "contact_officer": "",
        "issue_notice": "on",
    }
    data.update(kw)
    return data


@pytest.mark.django_db
def test_schedule_page_labels_every_field(client, cast, venues):
    client.force_login(cast.coordinator)
    html = client.get(reverse("meetings:schedule_series", args=[cast.board.slug])).content.decode()
    html = re.sub(r"\s+", " ", html)
    labels = {
        "first_date": "Date of the first meeting",
        "weekday_rule": "Later meetings fall on",
        "frequency": "How often",
        "count": "Number of meetings",
        "start_time": "Start time",
        "end_time": "End time",
        "online_link": "Online meeting link",
        "kind": "Kind of meeting",
        "contact_officer": "Contact officer",
        "issue_notice": "Plan each pack's issue date",
    }
    for name, label in labels.items():
        assert re.search(rf'<label for="id_{name}"[^>]*> ?{re.escape(escape(label))}', html), name
    assert re.search(r"<legend[^>]*> ?Venues", html)
    assert '<label for="id_venues_0"' in html or 'for="id_venues_0"' in html
    assert 'aria-label="Breadcrumb"' in html and cast.board.get_absolute_url() in html
    assert "Committee Room 1, Chorley Town Hall" in html


@pytest.mark.django_db
def test_preview_lists_the_dates_then_confirm_creates_them(client, cast, venues):
    client.force_login(cast.coordinator)
    url = reverse("meetings:schedule_series", args=[cast.board.slug])
    data = series_post(venues=[v.pk for v in venues])
    html = client.post(url, {**data, "preview": "1"}).content.decode()
    assert Meeting.objects.count() == 0
    for day in [
        "Thursday 17 January 2030",
        "Thursday 18 April 2030",
        "Thursday 18 July 2030",
        "Thursday 17 October 2030",
    ]:
        assert day in html
    assert "4 ordinary meetings on the third Thursday of every third month" in " ".join(html.split())
    assert "Wednesday 9 January 2030" in html  # the first pack's issue date
    assert 'name="confirm"' in html and f'name="venues" value="{venues[1].pk}"' in html

    response = client.post(url, {**data, "confirm": "1"})
    assert response.status_code == 302
    assert response.url == reverse("meetings:board_meetings", args=[cast.board.slug])
    meetings = list(Meeting.objects.order_by("date"))
    assert [m.date for m in meetings] == [D(2030, 1, 17), D(2030, 4, 18), D(2030, 7, 18), D(2030, 10, 17)]
    assert [m.venue for m in meetings] == [venues[0], venues[1], venues[0], venues[1]]
    followed = client.get(response.url)
    assert "4 meetings scheduled, from Thursday 17 January 2030 to Thursday 17 October 2030." in (
        followed.content.decode()
    )


@pytest.mark.django_db
def test_preview_warns_of_bank_holidays_clashes_and_passed_deadlines(client, cast, venues):
    client.force_login(cast.coordinator)
    url = reverse("meetings:schedule_series", args=[cast.board.slug])
    Meeting.objects.create(board=cast.board, date=D(2030, 12, 26), start_time=T(10))
    html = client.post(
        url, {**series_post(first_date="2030-12-26", weekday_rule=SeriesRule.SAME_DATE, count="1"), "preview": "1"}
    ).content.decode()
    assert "This is a bank holiday (Boxing Day)." in html
    assert "The board already has a meeting on Thursday 26 December 2030." in html
    html = client.post(url, {**series_post(first_date="2017-03-16", count="1"), "preview": "1"}).content.decode()
    assert "This date has passed." in html


@pytest.mark.django_db
def test_form_errors_are_shown_against_the_field(client, cast):
    client.force_login(cast.coordinator)
    url = reverse("meetings:schedule_series", args=[cast.board.slug])
    html = client.post(url, {**series_post(first_date="2030-01-31", end_time="13:00"), "preview": "1"}).content.decode()
    assert "The meeting must end after it starts." in html
    assert "Thursday 31 January 2030 is the fifth Thursday of its month" in html
    assert Meeting.objects.count() == 0


@pytest.mark.django_db
def test_change_the_details_returns_to_the_filled_in_form(client, cast):
    client.force_login(cast.coordinator)
    url = reverse("meetings:schedule_series", args=[cast.board.slug])
    response = client.post(url, {**series_post(count="3"), "edit": "1"})
    assert response.templates[0].name == "meetings/scheduling/series_form.html"
    assert 'value="3"' in response.content.decode()


@pytest.mark.django_db
def test_cancel_page_explains_and_cancels(client, cast, meeting):
    client.force_login(cast.coordinator)
    url = reverse("meetings:meeting_cancel", args=[meeting.pk])
    html = client.get(url).content.decode()
    assert "show it as cancelled" in html
    assert re.search(r'<label\s+for="id_reason"[^>]*>\s*Reason', html)
    assert meeting.get_absolute_url() in html and cast.board.get_absolute_url() in html
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    response = client.post(url, {"reason": "Not enough business"})
    assert response.status_code == 302 and response.url == meeting.get_absolute_url()
    meeting.refresh_from_db()
    assert (meeting.status, meeting.status_reason, meeting.calendar_sequence) == (
        MeetingStatus.CANCELLED,
        "Not enough business",
        1,
    )


@pytest.mark.django_db
def test_postpone_and_timing_pages(client, cast, meeting):
    client.force_login(cast.coordinator)
    client.post(reverse("meetings:meeting_postpone", args=[meeting.pk]), {"reason": "Chair unavailable"})
    meeting.refresh_from_db()
    assert (meeting.status, meeting.calendar_sequence) == (MeetingStatus.POSTPONED, 1)
    response = client.post(
        reverse("meetings:meeting_timing", args=[meeting.pk]),
        {
            "date": "2030-02-21",
            "start_time": "14:00",
            "end_time": "16:00",
            "venue": meeting.venue_id,
            "online_link": "",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.date, meeting.status, meeting.calendar_sequence) == (D(2030, 2, 21), MeetingStatus.SCHEDULED, 2)


def test_a_past_meeting_is_recorded_as_held_from_its_page(client, cast):
    from meetings import services

    past = services.meeting_create(
        user=SYSTEM, board=cast.board, date=datetime.date(2020, 1, 16), start_time=datetime.time(14)
    )
    future = services.meeting_create(
        user=SYSTEM, board=cast.board, date=datetime.date(2040, 1, 19), start_time=datetime.time(14)
    )
    client.force_login(cast.member)
    assert client.post(reverse("meetings:meeting_mark_held", args=[past.pk])).status_code == 403
    client.force_login(cast.coordinator)
    assert "Record as held" in client.get(past.get_absolute_url()).content.decode()
    assert "Record as held" not in client.get(future.get_absolute_url()).content.decode()
    client.post(reverse("meetings:meeting_mark_held", args=[past.pk]))
    past.refresh_from_db()
    assert past.status == "held" and past.calendar_sequence == 1
    response = client.post(reverse("meetings:meeting_mark_held", args=[future.pk]), follow=True)
    assert "it can be recorded as held from that day" in response.content.decode()
    future.refresh_from_db()
    assert future.status == "scheduled"


def test_members_are_emailed_when_a_meeting_is_cancelled_or_moved(cast, django_capture_on_commit_callbacks):
    from django.core import mail

    from meetings import scheduling, services

    meeting = services.meeting_create(
        user=SYSTEM, board=cast.board, date=datetime.date(2030, 3, 14), start_time=datetime.time(14)
    )
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.meeting_update_timing(
            user=cast.coordinator,
            meeting=meeting,
            date=datetime.date(2030, 3, 21),
            start_time=datetime.time(10),
            end_time=None,
            venue=None,
        )
    moved = mail.outbox[-1]
    assert "is now on Thursday 21 March 2030, 10:00" in moved.body
    assert set(moved.bcc) == {cast.coordinator.email, cast.chair.email, cast.member.email}
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.meeting_cancel(user=cast.coordinator, meeting=meeting, reason="The chair is unwell")
    cancelled = mail.outbox[-1]
    assert cancelled.subject.endswith("cancelled")
    assert "Reason: The chair is unwell" in cancelled.body
    assert meeting.get_absolute_url() in cancelled.body
    assert len(mail.outbox) == 2
