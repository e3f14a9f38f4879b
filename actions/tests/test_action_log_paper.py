"""The action log as a generated paper in the pack: the board's actions open at the meeting's date and those
completed since its last meeting, with each action's status, RAG and latest update (actions/packs.py)."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.enums import ActionStatus
from actions.packs import ActionLogSource
from core.permissions import SYSTEM
from meetings.agenda import build_agenda
from meetings.enums import PackEdition, PackStatus, Standing
from meetings.packs import services as pack_services
from meetings.packs.sources import gather
from meetings.tests.factories import AgendaItemFactory, MeetingFactory, PaperFactory
from meetings.visibility import BOARD_READER
from testsupport.shared import check_pack
from testsupport.storage import local_copy

from .meeting_log_data import MEETING, action_log_scene, more_actions, post

pytestmark = pytest.mark.django_db

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")


@pytest.fixture
def scene(cast, clock):
    return action_log_scene(cast, clock)


def action_log_sources(meeting, edition=PackEdition.MEMBERS) -> list[ActionLogSource]:
    rows = gather(build_agenda(meeting, reader=BOARD_READER), edition=edition)
    return [s for r in rows for s in r.sources if isinstance(s, ActionLogSource)]


def source_for(scene) -> ActionLogSource:
    (source,) = action_log_sources(scene.meeting)
    return source


def pdf_text(fieldfile) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", local_copy(fieldfile), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_log_lists_open_actions_overdue_first_then_those_completed_since_the_last_meeting(scene):
    content = source_for(scene).content()
    assert [row["reference"] for row in content["open"]] == ["A1", "A2", "A3"]
    assert [row["reference"] for row in content["completed"]] == ["A5", "A4"]  # in the order they were closed
    overdue, next_meeting, later = content["open"]
    assert overdue == overdue | {
        "came_from": "21 May 2015, minute 4",
        "owners": "KT/SA",
        "due": "31 July 2015",
        "overdue": True,
        "status_text": "In progress",
        "rag_text": "Red: overdue",
        "update_text": "Terms of reference drafted.",
        "update_date": "1 July 2015",
    }
    # "By the next meeting" is this meeting: due on its date, so not overdue, and amber.
    assert (next_meeting["due"], next_meeting["overdue"], next_meeting["rag"]) == (
        "Next meeting (17 September 2015)",
        False,
        "amber",
    )
    assert (later["rag"], later["update_text"], later["status_text"]) == ("green", "", "Open")
    cancelled, done = content["completed"]
    assert (cancelled["status_text"], cancelled["status_reason"]) == (
        "Cancelled 15 June 2015",
        "The Commissioner attends the Safeguarding Board instead.",
    )
    assert (done["status_text"], done["rag_text"], done["update_text"]) == (
        "Completed 10 August 2015",
        "Complete",
        "Strategy sent to all partners.",
    )
    assert (content["board"], content["meeting"], content["previous"]) == (
        scene.meeting.board.name,
        "2015-09-17",
        "2015-05-21",
    )


def test_the_content_is_the_same_whenever_it_is_read_and_changes_with_an_action(cast, clock, scene):
    first = source_for(scene)
    clock.advance(days=3)
    again = source_for(scene)
    assert again.content() == first.content() and again.content_hash() == first.content_hash()
    post(clock, cast.coordinator, scene.actions["later"], datetime.date(2015, 9, 5), text="Figures collected.")
    changed = source_for(scene)
    assert changed.content_hash() != first.content_hash()
    assert changed.content()["open"][2]["update_text"] == "Figures collected."


def test_an_action_closed_at_the_meeting_moves_to_completed(cast, clock, scene):
    clock.now = datetime.datetime(2015, 9, 17, 15, tzinfo=datetime.UTC)
    post(
        clock,
        cast.coordinator,
        scene.actions["next"],
        MEETING,
        status=ActionStatus.COMPLETED,
        text="Circulated.",
        at_meeting=scene.meeting,
    )
    content = source_for(scene).content()
    assert [row["reference"] for row in content["open"]] == ["A1", "A3"]
    assert [row["reference"] for row in content["completed"]] == ["A5", "A4", "A2"]
    assert content["completed"][-1]["closed_at_meeting"] == "17 September 2015"


def test_no_actions_no_pages_and_an_uploaded_paper_goes_in_instead(cast):
    meeting = MeetingFactory(board=cast.board, date=datetime.date(2031, 1, 9))
    item = AgendaItemFactory(
        meeting=meeting, title="Action log", standing=Standing.ACTION_LOG, generated_kind="action_log"
    )
    assert action_log_sources(meeting) == []
    PaperFactory(item=item, title="Action log (as typed)", pages=2)
    rows = gather(build_agenda(meeting, reader=BOARD_READER), edition=PackEdition.MEMBERS)
    (row,) = [r for r in rows if r.entry.item == item]
    assert [s.title for s in row.sources] == ["Action log (as typed)"]


def test_the_log_stays_out_of_the_public_edition(scene):
    assert action_log_sources(scene.meeting, PackEdition.PUBLIC) == []
    assert len(action_log_sources(scene.meeting, PackEdition.MEMBERS)) == 1


def test_reading_the_log_takes_the_same_queries_for_few_actions_or_many(cast, scene):
    def queries() -> int:
        source = source_for(scene)
        with CaptureQueriesContext(connection) as captured:
            source.content()
        return len(captured.captured_queries)

    few = queries()
    more_actions(cast.board, 40, meeting=scene.previous)
    assert len(source_for(scene).content()["open"]) == 43
    assert queries() == few
    assert few <= 4


@needs_pdftotext
def test_the_members_pack_carries_the_log_with_each_actions_status(cast, clock, scene):
    built = pack_services.pack_build_now(user=SYSTEM, meeting=scene.meeting, edition=PackEdition.MEMBERS)
    assert built.status == PackStatus.DONE, built.error
    result = check_pack(local_copy(built.file))
    assert result.returncode == 0, result.stdout + result.stderr
    text = pdf_text(built.file)
    log = text[text.index("Open actions") :]
    open_part, completed_part = log.split("Completed since the last meeting")
    for reference, status in (("A1", "In progress"), ("A2", "Open"), ("A3", "Open")):
        assert re.search(rf"\b{reference}\b.*{status}", open_part), reference
    for reference, status in (("A4", "Completed"), ("A5", "Cancelled")):
        assert re.search(rf"\b{reference}\b.*{status}", completed_part), reference
    assert "(21 May 2015)" in completed_part.splitlines()[0]
    for left_out in ("A6", "A7"):
        assert not re.search(rf"\b{left_out}\b", log)
    assert "Red: overdue" in open_part and "KT/SA" in open_part and "21 May 2015, minute 4" in open_part
    assert "Another board's action" not in text

    public = pack_services.pack_build_now(user=SYSTEM, meeting=scene.meeting, edition=PackEdition.PUBLIC)
    assert public.status == PackStatus.DONE, public.error
    assert "Set up a Task and Finish" not in pdf_text(public.file)

    # A change of status changes the paper: the rebuilt pack shows it.
    post(
        clock,
        cast.coordinator,
        scene.actions["later"],
        datetime.date(2015, 9, 8),
        status=ActionStatus.COMPLETED,
        text="Figures reported.",
    )
    rebuilt = pack_services.pack_build_now(user=SYSTEM, meeting=scene.meeting, edition=PackEdition.MEMBERS)
    assert rebuilt.status == PackStatus.DONE, rebuilt.error
    assert rebuilt.file.name != built.file.name
    assert check_pack(local_copy(rebuilt.file)).returncode == 0
    completed_now = pdf_text(rebuilt.file).split("Completed since the last meeting")[1]
    assert re.search(r"\bA3\b.*Completed", completed_now)
