"""The recommendation tracker as a generated paper in a scrutiny committee's pack: the monitoring table as at
the meeting (recommendations made before its date, completed ones too), in the council layout on landscape
pages (actions/packs.py)."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions import recommendations as recs
from actions.enums import RecommendationStatus, TargetKind
from actions.packs import RecommendationTrackerSource
from boards.enums import BoardKind
from boards.models import Membership
from core.permissions import SYSTEM
from meetings.agenda import build_agenda
from meetings.enums import PackEdition, PackStatus
from meetings.packs import services as pack_services
from meetings.packs.sources import gather
from meetings.tests.factories import AgendaItemFactory, MeetingFactory, PaperFactory, meeting_with_papers
from meetings.visibility import BOARD_READER
from testsupport.shared import check_pack
from testsupport.storage import local_copy

pytestmark = pytest.mark.django_db

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")

MEETING = datetime.date(2030, 3, 14)


@pytest.fixture
def committee(cast):
    board = cast.board
    board.kind = BoardKind.SCRUTINY_COMMITTEE
    board.name = "Children's Services Scrutiny Committee"
    board.short_name = "CSSC"
    board.save()
    Membership.objects.filter(board=board).update(start_date=datetime.date(2010, 1, 1))
    return board


@pytest.fixture
def scene(cast, committee, clock):
    """The March meeting with an item carrying the tracker, and the committee's recommendations: one with a
    "TBC" target and no officer yet, one with a month target and an officer in words and an update, one
    accepted with its response, and one made at the meeting itself (not yet in the table)."""
    meeting = meeting_with_papers(committee, date=MEETING)
    AgendaItemFactory(
        meeting=meeting, title="Monitoring of recommendations", generated_kind="recommendation_tracker", position=8
    )

    def create(text, made_on, **kw):
        return recs.recommendation_create(user=cast.coordinator, board=committee, text=text, made_on=made_on, **kw)

    create(
        "A single register of children missing education be kept.",
        datetime.date(2029, 9, 10),
        addressee="Cabinet Member for Children and Families",
    )
    month = create(
        "Report on school transport costs.",
        datetime.date(2029, 11, 5),
        target_kind=TargetKind.MONTH,
        target_date=datetime.date(2030, 6, 1),
        officer_text="Director of Education",
    )
    recs.recommendation_update(user=cast.coordinator, recommendation=month, text="Costs collected for 2028/29.")
    accepted = create(
        "Publish the sufficiency strategy.",
        datetime.date(2029, 12, 1),
        target_kind=TargetKind.DATE,
        target_date=datetime.date(2030, 4, 30),
        officer=cast.chair.person,
    )
    recs.recommendation_update(
        user=cast.coordinator,
        recommendation=accepted,
        status=RecommendationStatus.ACCEPTED,
        response="Accepted: it is published in April.",
        response_date=datetime.date(2030, 1, 20),
    )
    create("Made at the meeting itself.", MEETING)
    return meeting


def tracker_sources(meeting, edition=PackEdition.PUBLIC) -> list[RecommendationTrackerSource]:
    rows = gather(build_agenda(meeting, reader=BOARD_READER), edition=edition)
    return [s for r in rows for s in r.sources if isinstance(s, RecommendationTrackerSource)]


def test_the_table_as_at_the_meeting(cast, clock, scene):
    (source,) = tracker_sources(scene)
    content = source.content()
    assert (content["board"], content["meeting"]) == ("Children's Services Scrutiny Committee", "2030-03-14")
    assert [row["reference"] for row in content["rows"]] == ["R1", "R2", "R3"]
    tbc, month, accepted = content["rows"]
    assert tbc == {
        "reference": "R1",
        "made_on": "10 September 2029",
        "text": "A single register of children missing education be kept.",
        "addressee": "Cabinet Member for Children and Families",
        "came_from": "",
        "target": "TBC",
        "officer": "",
        "update_text": "",
        "update_date": "",
        "update_is_response": False,
        "status_text": "Awaiting response (overdue)",  # due 10 November 2029, before the meeting
    }
    assert (month["target"], month["officer"], month["update_text"]) == (
        "June 2030",
        "Director of Education",
        "Costs collected for 2028/29.",
    )
    assert month["status_text"] == "Awaiting response (overdue)"  # its response was due on 5 January 2030
    assert (accepted["officer"], accepted["update_text"], accepted["status_text"]) == (
        cast.chair.person.full_name,
        "Accepted: it is published in April.",
        "Accepted",
    )


def test_the_content_is_the_same_whenever_it_is_read_and_changes_with_an_update(cast, clock, scene):
    first = tracker_sources(scene)[0]
    clock.advance(days=3)
    again = tracker_sources(scene)[0]
    assert again.content() == first.content() and again.content_hash() == first.content_hash()
    row = cast.board.tracked_recommendations.get(number=1)
    recs.recommendation_update(user=cast.coordinator, recommendation=row, text="Chased.")
    assert tracker_sources(scene)[0].content_hash() != first.content_hash()


def test_no_recommendations_no_pages_and_an_uploaded_paper_goes_in_instead(cast, committee):
    meeting = MeetingFactory(board=committee, date=datetime.date(2031, 1, 9))
    item = AgendaItemFactory(meeting=meeting, title="Recommendations", generated_kind="recommendation_tracker")
    assert tracker_sources(meeting) == []
    PaperFactory(item=item, title="Recommendation tracker (as typed)", pages=2)
    rows = gather(build_agenda(meeting, reader=BOARD_READER), edition=PackEdition.MEMBERS)
    (row,) = [r for r in rows if r.entry.item == item]
    assert [s.title for s in row.sources] == ["Recommendation tracker (as typed)"]


def test_reading_the_table_takes_the_same_queries_for_few_rows_or_many(cast, clock, scene):
    def queries() -> int:
        source = tracker_sources(scene)[0]
        with CaptureQueriesContext(connection) as captured:
            source.content()
        return len(captured.captured_queries)

    few = queries()
    for i in range(20):
        recs.recommendation_create(
            user=cast.coordinator, board=cast.board, text=f"More {i}", made_on=datetime.date(2030, 1, 1)
        )
    assert len(tracker_sources(scene)[0].content()["rows"]) == 23
    assert queries() == few


def pdf_text(fieldfile, *options) -> str:
    return subprocess.run(
        ["pdftotext", *options, local_copy(fieldfile), "-"], capture_output=True, text=True, check=True
    ).stdout


@needs_pdftotext
def test_the_pack_carries_the_monitoring_table_in_the_council_layout(cast, clock, scene):
    built = pack_services.pack_build_now(user=SYSTEM, meeting=scene, edition=PackEdition.PUBLIC)
    assert built.status == PackStatus.DONE, built.error
    result = check_pack(local_copy(built.file))
    assert result.returncode == 0, result.stdout + result.stderr
    words = " ".join(pdf_text(built.file).split())
    table = words[words.index("Meeting of 14 March 2030. The committee") :]
    for shown in (
        "A single register of children missing education be kept.",
        "To Cabinet Member for Children and Families.",
        "Director of Education",
        "Costs collected for 2028/29.",
        "Response: Accepted: it is published in April.",
        cast.chair.person.full_name,
    ):
        assert shown in table, shown
    assert "Made at the meeting itself." not in words
    # Row by row (the layout kept): the council layout's headings, a "TBC" target and a blank officer for R1.
    rows = pdf_text(built.file, "-layout")
    (heading,) = [line for line in rows.splitlines() if "Date of recommendation" in line]
    assert re.fullmatch(
        r"\s*No\s+Date of recommendation\s+Recommendation\s+Target date\s+Responsible officer\s+Update\s+Status",
        heading,
    ), heading
    r1 = next(line for line in rows.splitlines() if line.lstrip().startswith("R1 "))
    assert re.search(r"R1\s+10 September 2029\s+A single register.*\s+TBC\s+Awaiting response$", r1), r1
    r2 = next(line for line in rows.splitlines() if line.lstrip().startswith("R2 "))
    assert re.search(r"June 2030\s+Director of Education\s+Costs collected", r2), r2


def test_the_public_edition_leaves_out_a_recommendation_made_in_private(cast, clock, scene, committee):
    from actions.models import TrackedRecommendation
    from meetings.models import Minute, Minutes

    earlier = MeetingFactory(board=committee, date=datetime.date(2029, 10, 1), status="held")
    minutes = Minutes.objects.create(meeting=earlier, style="council")
    private = Minute.objects.create(minutes=minutes, position=1, number="7", title="Tender", confidential=True)
    row = recs.recommendation_create(
        user=cast.coordinator, board=committee, text="Award the tender to the lowest bidder.", made_on=earlier.date
    )
    TrackedRecommendation.objects.filter(pk=row.pk).update(minute=private, meeting=earlier)
    (public,) = tracker_sources(scene, PackEdition.PUBLIC)
    (members,) = tracker_sources(scene, PackEdition.MEMBERS)
    assert "Award the tender" not in str(public.content())
    assert "Award the tender" in str(members.content())
