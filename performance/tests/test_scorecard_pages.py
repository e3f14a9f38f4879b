"""The scorecard pages: the board's live scorecard for its members, with its charts and their tables, and a
meeting's scorecard as frozen for its pack, with the figures revised since marked and a refresh for the
board's coordinators before the meeting."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from boards.models import Membership, Priority
from core.permissions import SYSTEM
from meetings import services as meeting_services
from meetings.enums import MeetingStatus
from meetings.models import Meeting
from performance import services
from performance.enums import Frequency, TargetKind, Unit
from performance.models import ScorecardSnapshot
from performance.tests.factories import IndicatorFactory, england, record, scorecard_figures

pytestmark = pytest.mark.django_db

#: The day the scorecard is frozen, a week before the meeting.
FROZEN = datetime.datetime(2017, 3, 9, 10, 0, tzinfo=datetime.UTC)
MEETING = datetime.date(2017, 3, 16)


@pytest.fixture
def board(cast):
    # Seats held since 2010, so the board's members are members on the days the clock is set to.
    Membership.objects.update(start_date=datetime.date(2010, 1, 1))
    return scorecard_figures(cast.board)


@pytest.fixture
def meeting(board, clock):
    clock.now = FROZEN
    return meeting_services.meeting_create(user=SYSTEM, board=board, date=MEETING, start_time=datetime.time(14))


@pytest.fixture
def frozen(meeting):
    """The scorecard frozen for the meeting's pack (as building it does), on 9 March 2017."""
    return services.scorecard_snapshot_for(meeting)


def board_url(board) -> str:
    return reverse("performance:scorecard", args=[board.slug])


def meeting_url(meeting) -> str:
    return reverse("performance:meeting_scorecard", args=[meeting.pk])


def text_of(response) -> str:
    """The page's words, tags taken out and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def message_texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# Who may see them ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("outsider", 404),
        ("other_coordinator", 404),
        ("member", 200),
        ("chair", 200),
        ("coordinator", 200),
        ("superuser", 200),
    ],
)
@pytest.mark.parametrize("page", ["board", "meeting"])
def test_only_the_boards_members_see_its_scorecards(client, cast, board, frozen, meeting, role, page, status):
    user = cast.user(role)
    if user is not None:
        client.force_login(user)
    url = board_url(board) if page == "board" else meeting_url(meeting)
    response = client.get(url)
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("login"))


# The board's scorecard ----------------------------------------------------------------------------------


def test_the_board_scorecard_shows_the_latest_figures_grouped_by_priority(client, cast, board):
    client.force_login(cast.member)
    response = client.get(board_url(board))
    assert response.status_code == 200
    groups = response.context["groups"]
    assert [g["title"] for g in groups] == ["Priority 1: Preventing child sexual exploitation", "Other indicators"]
    words = text_of(response)
    assert "CSE referrals recorded as high risk Count 2015/16 1,744 1,412 (2014/15) +332 (+23.5%)" in words
    # A contextual indicator: which way it moved, and no rating.
    cla = re.search(r'<tr id="web-row-cla">.*?</tr>', response.content.decode(), re.S).group(0)
    assert '<span aria-hidden="true">↑</span> Up' in cla
    assert "Not rated (contextual)" in cla
    # A rated one: its rating in words beside the swatch.
    att = re.search(r'<tr id="web-row-att">.*?</tr>', response.content.decode(), re.S).group(0)
    assert '<span class="rag rag-red" aria-hidden="true"></span>Red' in att
    # Each row links to its indicator's page where the portal has them.
    try:
        indicator = reverse("performance:indicator", args=[board.slug, "CSE"])
    except NoReverseMatch:
        indicator = None
    if indicator:
        assert f'href="{indicator}"' in response.content.decode()
    # The board, and its meetings' scorecards.
    assert f'href="{board.get_absolute_url()}"' in response.content.decode()


def test_the_ratings_grid_and_its_table_say_the_same(client, cast, board):
    client.force_login(cast.member)
    response = client.get(board_url(board))
    (grid,) = response.context["grids"]  # every indicator is annual
    assert grid["title"] == "Ratings by year"
    assert grid["columns"] == ["2013/14", "2014/15", "2015/16"]
    table = {row["code"]: [words for _, _, words in cells] for row, cells in grid["rows"]}
    assert table == {
        "CSE": ["Not rated (no target)", "Not rated (no target)", "Not rated (no target)"],
        "ATT": ["Red", "Red", "Red"],
        "CLA": ["No figure", "Not rated (contextual)", "Not rated (contextual)"],
        "PF": ["No figure", "Not rated (contextual)", "Not rated (contextual)"],
    }
    svg = str(grid["svg"])
    letters = re.findall(r'<g class="rag-cell rag-(\w+)">', svg)
    assert letters[: 4 * 3] == ["none"] * 3 + ["red"] * 3 + ["blank", "none", "none"] * 2
    html = response.content.decode()
    assert html.count('<td data-label="2015/16" class="rag-word">Red</td>') == 1
    assert "<caption>Ratings by year</caption>" in html


def test_trend_charts_with_their_tables_under_each_group(client, cast, board):
    client.force_login(cast.member)
    response = client.get(board_url(board))
    cla = next(r for g in response.context["groups"] for r in g["rows"] if r["code"] == "CLA")
    assert cla["trend_table"] == {
        "areas": ["Lancashire", "North West", "England"],
        "rows": [
            ("2014/15", [("Lancashire", "67.2"), ("North West", "81.0"), ("England", "60.0")]),
            ("2015/16", [("Lancashire", "69.1"), ("North West", "82.0"), ("England", "60.0")]),
        ],
    }
    chart = str(cla["draw_trend"]())
    assert 'role="img"' in chart and "Trend: Children looked after (rate per 10,000)" in chart
    assert ">North West<" in chart and ">England<" in chart
    html = response.content.decode()
    assert "<summary>Trend charts: Other indicators</summary>" in html
    assert "<caption>Figures: Children looked after (rate per 10,000)</caption>" in html
    assert chart in html


def test_a_kept_trend_is_shown_afresh_when_its_figures_change(client, cast, board):
    client.force_login(cast.member)
    trend = r'id="scorecard-trend-cla".*?<caption>Figures: Children looked after.*?</table>'
    first = re.search(trend, client.get(board_url(board)).content.decode(), re.S).group(0)
    assert 'data-label="Lancashire">69.1<' in first
    record(board.indicators.get(code="CLA"), "2015/16", "70.4", reason="Corrected count")
    again = re.search(trend, client.get(board_url(board)).content.decode(), re.S).group(0)
    assert 'data-label="Lancashire">70.4<' in again and "69.1" not in again


def test_the_attendance_chart_is_the_attendance_reports(client, cast, board, clock):
    clock.now = timezone.make_aware(datetime.datetime(2017, 3, 9, 10))
    held = meeting_services.meeting_create(
        user=SYSTEM, board=board, date=datetime.date(2016, 12, 1), start_time=datetime.time(14)
    )
    Meeting.objects.filter(pk=held.pk).update(status=MeetingStatus.HELD)
    seats = {s.person_id: s for s in Membership.objects.filter(board=board)}
    meeting_services.register_save(
        user=SYSTEM,
        meeting=held,
        entries=[
            meeting_services.SeatEntry(seat=seats[cast.chair.person_id], status="present"),
            meeting_services.SeatEntry(seat=seats[cast.member.person_id], status="apologies"),
        ],
        chair=cast.chair.person,
    )
    client.force_login(cast.member)
    scorecard = client.get(board_url(board))
    report = client.get(reverse("meetings:attendance", args=[board.slug]))
    ours, theirs = str(scorecard.context["attendance"]["chart"]), str(report.context["chart"])
    assert ours == theirs.replace("attendance-chart", "scorecard-attendance")
    assert "Attendance by organisation, 2016-17 (financial year)" in ours
    assert "<caption>Attendance by organisation</caption>" in scorecard.content.decode()


@pytest.mark.parametrize("page", ["board", "meeting"])
def test_the_scorecard_pages_take_the_same_queries_for_few_indicators_or_many(client, cast, board, meeting, page):
    client.force_login(cast.member)
    url = board_url(board) if page == "board" else meeting_url(meeting)
    services.scorecard_snapshot_for(meeting)
    client.get(url)  # the session, once

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured.captured_queries)

    few = queries()
    priority = Priority.objects.get(board=board, number="1")
    for n in range(12):
        more = IndicatorFactory(
            board=board, unit=Unit.PERCENTAGE, frequency=Frequency.QUARTERLY, comparators=[england()]
        )
        services.set_target(user=SYSTEM, indicator=more, effective_from="2015/16", kind=TargetKind.AT_LEAST, value=50)
        more.priorities.set([priority])
        for quarter in ("Q1 2015/16", "Q2 2015/16", "Q3 2015/16", "Q4 2015/16"):
            record(more, quarter, 40 + n)
            record(more, quarter, 45, area=england())
    services.freeze_scorecard(user=SYSTEM, meeting=meeting)  # the meeting's scorecard has them too
    assert queries() == few


# A meeting's frozen scorecard --------------------------------------------------------------------------


def test_the_frozen_scorecard_keeps_what_the_pack_showed_and_flags_revisions(client, cast, board, frozen, meeting):
    cse = board.indicators.get(code="CSE")
    record(cse, "2015/16", 1750, reason="Late referrals added")
    client.force_login(cast.member)
    response = client.get(meeting_url(meeting))
    words = text_of(response)
    assert "Frozen on 9 March 2017 for this meeting's pack" in words
    assert "Revised since the pack: 2015/16: 1,744 in the pack, now 1,750" in words
    row = re.search(r'<tr id="frozen-row-cse">.*?</tr>', response.content.decode(), re.S).group(0)
    assert ">1,744<" in row and "1,750" in row  # the figure the board saw, and what it is now in the note
    # Only the revised indicator is flagged.
    assert words.count("Revised since the pack:") == 2  # the notice above the tables, and the row
    # The live scorecard has the new figure and no flag.
    live = client.get(board_url(board))
    assert "1,750" in text_of(live) and "Revised since the pack" not in text_of(live)
    # Members read; they are not offered the refresh.
    assert "Refresh with the latest figures" not in words


def test_a_coordinator_refreshes_the_scorecard_before_the_meeting(client, cast, board, frozen, meeting, clock):
    cse = board.indicators.get(code="CSE")
    record(cse, "2015/16", 1750, reason="Late referrals added")
    clock.advance(days=2)
    client.force_login(cast.coordinator)
    page = client.get(meeting_url(meeting))
    assert "Refresh with the latest figures" in text_of(page)
    assert "The pack must then be built again" in text_of(page)
    response = client.post(meeting_url(meeting))
    assert response.status_code == 302 and response["Location"] == meeting_url(meeting)
    assert message_texts(response) == [
        "The scorecard is refreshed with the latest figures. Build the pack again so that it shows them, "
        "and issue it again if it has gone out."
    ]
    latest = ScorecardSnapshot.objects.filter(meeting=meeting).latest()
    assert (ScorecardSnapshot.objects.filter(meeting=meeting).count(), latest.created_by) == (2, cast.coordinator)
    words = text_of(client.get(meeting_url(meeting)))
    assert "Frozen on 11 March 2017 for this meeting's pack by" in words
    assert "Revised since the pack" not in words


def test_after_the_meeting_the_scorecard_is_not_refreshed(client, cast, board, frozen, meeting, clock):
    clock.now = timezone.make_aware(datetime.datetime(2017, 3, 17, 9))
    client.force_login(cast.coordinator)
    page = text_of(client.get(meeting_url(meeting)))
    assert "The meeting has been held: its pack is what the board saw, so this scorecard is not refreshed." in page
    assert "Refresh with the latest figures</button>" not in page
    response = client.post(meeting_url(meeting))
    assert message_texts(response) == [
        "The meeting on 16 March 2017 has been held: its scorecard stays as the board saw it in the pack."
    ]
    assert ScorecardSnapshot.objects.filter(meeting=meeting).count() == 1


def test_on_the_day_of_the_meeting_the_scorecard_is_not_refreshed(client, cast, board, frozen, meeting, clock):
    clock.now = timezone.make_aware(datetime.datetime(2017, 3, 16, 9))
    client.force_login(cast.coordinator)
    response = client.post(meeting_url(meeting))
    assert message_texts(response) == [
        "The meeting is today: the board has its pack, so the scorecard stays as the pack shows it."
    ]
    assert ScorecardSnapshot.objects.filter(meeting=meeting).count() == 1


@pytest.mark.parametrize(("role", "status"), [("member", 403), ("chair", 403), ("outsider", 404)])
def test_only_coordinators_refresh(client, cast, board, frozen, meeting, role, status):
    client.force_login(cast.user(role))
    assert client.post(meeting_url(meeting)).status_code == status
    assert ScorecardSnapshot.objects.filter(meeting=meeting).count() == 1


def test_before_the_pack_is_built_a_coordinator_may_freeze_it_now(client, cast, board, meeting):
    client.force_login(cast.member)
    words = text_of(client.get(meeting_url(meeting)))
    assert "No scorecard is frozen for this meeting yet. It is frozen when the meeting's pack is first built" in words
    assert "Freeze now" not in words
    client.force_login(cast.coordinator)
    assert "Freeze now</button>" in client.get(meeting_url(meeting)).content.decode()
    response = client.post(meeting_url(meeting))
    assert message_texts(response) == [
        "The scorecard is frozen for this meeting: the pack shows these figures when it is built."
    ]
    assert ScorecardSnapshot.objects.get(meeting=meeting).as_at == MEETING


def test_the_board_scorecard_links_to_the_meetings_frozen_scorecards(client, cast, board, frozen, meeting):
    client.force_login(cast.member)
    html = client.get(board_url(board)).content.decode()
    assert (
        f'<a href="{meeting_url(meeting)}">Scorecard for the meeting on 16 March 2017</a>: frozen on 9 March 2017'
        in html
    )
