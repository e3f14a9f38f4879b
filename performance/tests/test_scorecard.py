"""The scorecard: built from stored figures in a fixed number of queries, frozen for a meeting's pack, with
small numbers suppressed in the public edition and later revisions flagged on the web."""

from __future__ import annotations

import datetime
import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.models import Priority
from core.permissions import SYSTEM
from meetings.agenda import build_agenda
from meetings.enums import PackEdition, PackStatus
from meetings.packs import services as pack_services
from meetings.packs.sources import gather
from meetings.tests.factories import AgendaItemFactory, meeting_with_papers
from meetings.visibility import BOARD_READER
from performance import scorecards, services
from performance.enums import Frequency, ObservationStatus, TargetKind, Unit
from performance.models import ScorecardSnapshot
from performance.packs import ScorecardSource
from performance.tests.factories import IndicatorFactory, england, record, scorecard_figures
from testsupport.shared import check_pack
from testsupport.storage import local_copy

pytestmark = pytest.mark.django_db

MEETING = datetime.date(2016, 6, 16)


@pytest.fixture
def board(cast):
    return scorecard_figures(cast.board)


def rows_by_code(card) -> dict:
    return {row["code"]: row for group in card["groups"] for row in group["rows"]}


def test_the_scorecard_groups_by_priority_and_computes_every_column(board):
    card = scorecards.build_scorecard(board, as_at=MEETING)
    assert [g["title"] for g in card["groups"]] == [
        "Priority 1: Preventing child sexual exploitation",
        "Other indicators",
    ]
    rows = rows_by_code(card)
    cse = rows["CSE"]
    assert (cse["period"], cse["value_text"], cse["previous_text"], cse["change_text"]) == (
        "2015/16",
        "1,744",
        "1,412",
        "+332 (+23.5%)",
    )
    assert (cse["direction_text"], cse["rating"]) == ("Better", "")
    att = rows["ATT"]
    assert (att["change_text"], att["direction_text"], att["rating_text"], att["target_text"]) == (
        "\u22122 percentage points",
        "Worse",
        "Red",
        "at least 80%",
    )
    cla = rows["CLA"]
    assert (cla["direction_text"], cla["arrow"], cla["rating"], cla["contextual"]) == ("Up", "↑", "", True)
    assert cla["comparators"] == [
        {"area": "North West", "value": "82.0", "period": "2015/16"},
        {"area": "England", "value": "60.0", "period": "2015/16"},
    ]
    assert [p["value"] for p in att["trend"]] == [75.0, 69.0, 67.0]
    assert scorecards.comparator_names(card) == ["North West", "England"]


def test_figures_for_periods_after_the_date_are_left_out(board):
    card = scorecards.build_scorecard(board, as_at=datetime.date(2016, 3, 1))  # 2015/16 not ended
    assert rows_by_code(card)["CSE"]["period"] == "2014/15"


def test_the_latest_figures_notes_and_flags_are_shown_with_it(board):
    cse = board.indicators.get(code="CSE")
    cse.observations.filter(period__label="2015/16").update(
        status=ObservationStatus.PROVISIONAL, quality_note="Two districts estimated", problems=["Up 23% in a year"]
    )
    cse.observations.filter(period__label="2014/15").update(problems=["An earlier flag"])
    assert rows_by_code(scorecards.build_scorecard(board, as_at=MEETING))["CSE"]["notes"] == [
        "Provisional",
        "Two districts estimated",
        "Up 23% in a year",
    ]


def test_small_numbers_are_suppressed_in_the_public_scorecard(board):
    members = rows_by_code(scorecards.build_scorecard(board, as_at=MEETING))["PF"]
    public = rows_by_code(scorecards.build_scorecard(board, as_at=MEETING, public=True))["PF"]
    assert (members["value_text"], members["change_text"]) == ("3", "\u221225 (\u221289.3%)")
    assert public["value_text"] == "Suppressed (fewer than 5)"
    assert (public["value"], public["change_text"], public["direction"]) == (None, "", "")
    assert [p["value"] for p in public["trend"]] == [28.0, None]
    assert "3" not in [p["text"] for p in public["trend"]]


def test_the_scorecard_takes_the_same_queries_for_few_indicators_or_many(board):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            scorecards.build_scorecard(board, as_at=MEETING)
        return len(captured.captured_queries)

    few = queries()
    for n in range(12):
        more = IndicatorFactory(
            board=board, unit=Unit.PERCENTAGE, frequency=Frequency.QUARTERLY, comparators=[england()]
        )
        services.set_target(user=SYSTEM, indicator=more, effective_from="2015/16", kind=TargetKind.AT_LEAST, value=50)
        more.priorities.set([Priority.objects.get(number="1")])
        for quarter in ("Q1 2015/16", "Q2 2015/16", "Q3 2015/16"):
            record(more, quarter, 40 + n)
            record(more, quarter, 45, area=england())
    assert queries() == few


@pytest.fixture
def meeting(board):
    meeting = meeting_with_papers(board, date=MEETING)
    AgendaItemFactory(meeting=meeting, title="Performance scorecard", generated_kind="scorecard", position=8)
    return meeting


def scorecard_sources(meeting, edition=PackEdition.MEMBERS) -> list[ScorecardSource]:
    rows = gather(build_agenda(meeting, reader=BOARD_READER), edition=edition)
    return [s for r in rows for s in r.sources if isinstance(s, ScorecardSource)]


def test_the_pack_freezes_the_scorecard_and_keeps_what_the_board_saw(board, meeting):
    (source,) = scorecard_sources(meeting)
    snapshot = ScorecardSnapshot.objects.get(meeting=meeting)
    frozen = source.content_hash()
    cse = board.indicators.get(code="CSE")
    record(cse, "2015/16", 1750, reason="Late referrals added")
    assert scorecard_sources(meeting)[0].content_hash() == frozen  # the pack keeps what the board saw
    assert ScorecardSnapshot.objects.filter(meeting=meeting).count() == 1
    revised = scorecards.revised_since(snapshot.content)
    assert revised == {"CSE": "2015/16: 1,744 in the pack, now 1,750"}
    refreshed = services.freeze_scorecard(user=SYSTEM, meeting=meeting)
    assert scorecards.revised_since(refreshed.content) == {}
    assert scorecard_sources(meeting)[0].content_hash() != frozen


def test_only_coordinators_refresh_the_scorecard(cast, board, meeting):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.freeze_scorecard(user=cast.member, meeting=meeting)
    services.freeze_scorecard(user=cast.coordinator, meeting=meeting)


def test_the_meeting_page_says_under_the_item_whether_the_scorecard_is_frozen(client, cast, board, meeting):
    item = meeting.items.get(generated_kind="scorecard")
    page = f"/meetings/{meeting.pk}/"
    client.force_login(cast.member)
    assert "frozen for this meeting when its pack is first built" in client.get(page).content.decode()
    services.freeze_scorecard(user=cast.coordinator, meeting=meeting)
    record(board.indicators.get(code="CSE"), "2015/16", 1750, reason="Late referrals added")
    html = client.get(page).content.decode()
    assert "for this meeting's pack; 1 indicator revised since." in html
    assert f'href="/meetings/{meeting.pk}/scorecard/"' in html
    client.force_login(cast.outsider)
    assert "Read the frozen scorecard" not in client.get(page).content.decode()
    assert item.generated_kind == "scorecard"


def test_priorities_of_two_plans_with_the_same_number_are_two_groups(cast, board):
    from boards.models import BusinessPlan

    first, second = (BusinessPlan.objects.create(board=board, year_start=y, title=f"Plan {y}") for y in (2015, 2016))
    one = Priority.objects.create(board=board, plan=first, number="1", title="Early help", position=1)
    other = Priority.objects.create(board=board, plan=second, number="1", title="Neglect", position=1)
    board.indicators.get(code="ATT").priorities.set([one])
    board.indicators.get(code="PF").priorities.set([other])
    titles = [g["title"] for g in scorecards.build_scorecard(board, as_at=MEETING)["groups"]]
    assert "Priority 1: Early help" in titles and "Priority 1: Neglect" in titles


def test_a_board_without_indicators_gets_no_scorecard_pages(cast):
    meeting = meeting_with_papers(cast.other_board, date=MEETING)
    AgendaItemFactory(meeting=meeting, title="Performance", generated_kind="scorecard", position=8)
    assert scorecard_sources(meeting) == []
    assert not ScorecardSnapshot.objects.exists()


needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")


@needs_pdftotext
def test_the_pack_carries_the_scorecard_and_the_public_edition_suppresses_small_numbers(cast, board, meeting):
    item = meeting.items.get(generated_kind="scorecard")
    item.generated_public = True
    item.save()
    for edition in (PackEdition.MEMBERS, PackEdition.PUBLIC):
        built = pack_services.pack_build_now(user=SYSTEM, meeting=meeting, edition=edition)
        assert built.status == PackStatus.DONE, built.error
        result = check_pack(local_copy(built.file))
        assert result.returncode == 0, result.stdout + result.stderr
        text = subprocess.run(
            ["pdftotext", local_copy(built.file), "-"], capture_output=True, text=True, check=True
        ).stdout
        words = " ".join(text.split())
        assert "Performance scorecard" in words
        assert "+332 (+23.5%)" in words and "Not rated (contextual)" in words
        # the charts the web page draws, each with its figures in a table
        assert "Ratings by period" in words and "Ratings by year" in words
        assert "Trends" in words and "Figures: CSE referrals recorded as high risk" in words
        if edition == PackEdition.PUBLIC:
            assert "Suppressed (fewer than 5)" in words
        else:
            assert "Suppressed" not in words
