"""The minutes of the last meeting go into the next pack (meetings/packs/kinds.py, LastMinutesSource): the
members' edition of them in the members' pack, their public edition in the public pack, watermarked DRAFT
until confirmed, as the visibility rule lets each pack's readers read them; no pages, and no error, when the
last meeting has no minutes."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess

import pytest

from boards.models import Membership
from core.permissions import SYSTEM
from meetings.agenda import build_agenda
from meetings.enums import MeetingKind, MeetingStatus, PackEdition, PackStatus, Standing
from meetings.minutes import services
from meetings.packs import services as pack_services
from meetings.packs.kinds import LastMinutesSource, previous_minutes
from meetings.packs.sources import gather
from meetings.tests.factories import AgendaItemFactory, MeetingFactory, meeting_with_papers
from meetings.visibility import BOARD_READER
from testsupport.shared import check_pack
from testsupport.storage import local_copy

pytestmark = pytest.mark.django_db

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")

LAST = datetime.date(2015, 12, 10)
NEXT = datetime.date(2016, 3, 10)
PART_ONE_TEXT = "Early Help hubs opened in Chorley and Leyland."
PART_TWO_TEXT = "Bidder A priced the contract at 1.2 million pounds."


@pytest.fixture(autouse=True)
def _minutes_pages(monkeypatch):
    """The minutes' PDFs are built when the services queue them (the pack renders its own copy)."""
    monkeypatch.setattr("meetings.minutes.documents.documents_request", lambda **kwargs: [])


@pytest.fixture
def last(cast, clock):
    """The board's last meeting, held, with minutes: a Part I minute and a Part II minute with a decision."""
    Membership.objects.filter(board=cast.board).update(start_date=datetime.date(2010, 1, 1))
    meeting = MeetingFactory(board=cast.board, date=LAST, status=MeetingStatus.HELD)
    for position, (title, extra) in enumerate(
        [
            ("Welcome and apologies", {"standing": Standing.WELCOME}),
            ("Minutes of the last meeting and matters arising", {"standing": Standing.MINUTES}),
            ("Prevention and Early Help", {}),
            ("Youth services tender", {"confidential": True, "exemption_reason": "Paragraph 3: business affairs"}),
        ],
        start=1,
    ):
        AgendaItemFactory(meeting=meeting, position=position, title=title, **extra)
    minutes = services.minutes_start(user=cast.coordinator, meeting=meeting)
    services.minute_save(user=cast.coordinator, minute=minutes.items.get(number="3"), notes=PART_ONE_TEXT)
    exempt = minutes.items.get(number="4")
    services.minute_save(user=cast.coordinator, minute=exempt, notes=PART_TWO_TEXT)
    services.decision_add(user=cast.coordinator, minute=exempt, text="That the contract be awarded to Bidder A.")
    return minutes


@pytest.fixture
def following(cast, last):
    """The next meeting's agenda (meeting_with_papers), its minutes item writing the last minutes, without
    the paper uploaded to it."""
    meeting = meeting_with_papers(cast.board, date=NEXT)
    item = meeting.items.get(standing=Standing.MINUTES)
    item.generated_kind = "minutes"
    item.save(update_fields=["generated_kind"])
    item.papers.all().delete()
    return meeting


def minutes_sources(meeting, edition) -> list[LastMinutesSource]:
    rows = gather(build_agenda(meeting, reader=BOARD_READER), edition=edition)
    return [s for row in rows for s in row.sources if isinstance(s, LastMinutesSource)]


def circulate(cast, minutes):
    return services.minutes_circulate(user=cast.coordinator, minutes=minutes)


def pack_text(meeting, edition) -> str:
    built = pack_services.pack_build_now(user=SYSTEM, meeting=meeting, edition=edition)
    assert built.status == PackStatus.DONE, built.error
    path = local_copy(built.file)
    result = check_pack(path)
    assert result.returncode == 0, result.stdout + result.stderr
    return subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True).stdout


# Which minutes, for which edition --------------------------------------------------------------------------


def test_the_previous_minutes_are_the_latest_earlier_formal_meetings(cast, last, following, clock):
    assert previous_minutes(following) == last
    # A meeting without minutes in between, an informal session with notes, and a later meeting: passed over.
    MeetingFactory(board=cast.board, date=datetime.date(2016, 1, 14), status=MeetingStatus.HELD)
    deep_dive = MeetingFactory(
        board=cast.board, date=datetime.date(2016, 2, 11), status=MeetingStatus.HELD, kind=MeetingKind.DEEP_DIVE
    )
    services.minutes_start(user=cast.coordinator, meeting=deep_dive)
    after = MeetingFactory(board=cast.board, date=datetime.date(2016, 3, 1), status=MeetingStatus.HELD)
    services.minutes_start(user=cast.coordinator, meeting=after)
    assert previous_minutes(MeetingFactory(board=cast.board, date=datetime.date(2016, 2, 20))) == last
    assert previous_minutes(MeetingFactory(board=cast.other_board, date=NEXT)) is None


def test_no_pages_and_no_error_when_the_last_meeting_has_no_minutes(cast, clock):
    meeting = meeting_with_papers(cast.board, date=NEXT)
    item = meeting.items.get(standing=Standing.MINUTES)
    item.generated_kind = "minutes"
    item.save(update_fields=["generated_kind"])
    for edition in (PackEdition.MEMBERS, PackEdition.PUBLIC):
        assert minutes_sources(meeting, edition) == []
        # The paper uploaded to the item goes in as before.
        row = next(
            r for r in gather(build_agenda(meeting, reader=BOARD_READER), edition=edition) if r.entry.item == item
        )
        assert [s.title for s in row.sources] == ["Minutes of 14 December"]


def test_a_draft_not_yet_circulated_goes_to_no_one(cast, last, following):
    assert minutes_sources(following, PackEdition.MEMBERS) == []
    assert minutes_sources(following, PackEdition.PUBLIC) == []


def test_the_members_pack_carries_a_circulated_draft_the_public_pack_only_where_drafts_are_public(
    cast, last, following
):
    circulate(cast, last)
    [members] = minutes_sources(following, PackEdition.MEMBERS)
    assert (members.minutes, members.edition) == (last, PackEdition.MEMBERS)
    assert members.title == "Draft notes of the meeting held on Thursday 10 December 2015"
    assert minutes_sources(following, PackEdition.PUBLIC) == []
    cast.board.draft_minutes_public = True
    cast.board.save(update_fields=["draft_minutes_public"])
    following.refresh_from_db()
    [public] = minutes_sources(following, PackEdition.PUBLIC)
    assert public.edition == PackEdition.PUBLIC


def test_approved_minutes_go_into_both_packs_without_draft(cast, last, following, clock):
    circulate(cast, last)
    services.minutes_confirm(user=cast.coordinator, minutes=last, at_meeting=following, presiding=cast.chair.person)
    [public] = minutes_sources(following, PackEdition.PUBLIC)
    assert public.title == "Notes of the meeting held on Thursday 10 December 2015"
    assert minutes_sources(following, PackEdition.MEMBERS)[0].title == public.title


def test_the_item_can_keep_the_minutes_out_of_the_public_pack(cast, last, following, clock):
    circulate(cast, last)
    services.minutes_confirm(user=cast.coordinator, minutes=last, at_meeting=following, presiding=cast.chair.person)
    following.items.filter(standing=Standing.MINUTES).update(generated_public=False)
    assert minutes_sources(following, PackEdition.PUBLIC) == []
    assert len(minutes_sources(following, PackEdition.MEMBERS)) == 1


# The fingerprint -----------------------------------------------------------------------------------------


def test_the_content_changes_when_the_minutes_change(cast, last, following, clock):
    circulate(cast, last)

    def content_hash(edition=PackEdition.MEMBERS):
        return minutes_sources(following, edition)[0].content_hash()

    first = content_hash()
    assert content_hash() == first  # the same minutes: the cached copy is used again
    minute = last.items.get(number="3")
    services.minute_save(user=cast.coordinator, minute=minute, notes=PART_ONE_TEXT + " A third hub opens in May.")
    second = content_hash()
    assert second != first
    services.decision_add(user=cast.coordinator, minute=minute, text="That the hubs' opening hours be noted.")
    third = content_hash()
    assert third != second
    services.minutes_confirm(user=cast.coordinator, minutes=last, at_meeting=following, presiding=cast.chair.person)
    assert content_hash() != third  # confirmed: no DRAFT watermark any more
    assert content_hash(PackEdition.PUBLIC) != content_hash(PackEdition.MEMBERS)


# Real packs ----------------------------------------------------------------------------------------------


@needs_pdftotext
def test_the_next_pack_carries_the_draft_minutes_and_the_public_pack_leaves_out_part_two(cast, last, following):
    circulate(cast, last)
    cast.board.draft_minutes_public = True
    cast.board.save(update_fields=["draft_minutes_public"])
    following.refresh_from_db()
    members = pack_text(following, PackEdition.MEMBERS)
    assert re.search(r"notes\s+of\s+(the\s+)?meeting\s+held\s+on", members, re.IGNORECASE)
    assert "10 DECEMBER 2015" in members.upper() and "DRAFT" in members
    assert PART_ONE_TEXT in members and PART_TWO_TEXT in members
    public = pack_text(following, PackEdition.PUBLIC)
    assert re.search(r"notes\s+of\s+(the\s+)?meeting\s+held\s+on", public, re.IGNORECASE)
    assert "DRAFT" in public and PART_ONE_TEXT in public
    assert "Bidder A" not in public and "Exempt tender prices" not in public


def test_the_minutes_written_here_stand_in_for_an_uploaded_minutes_paper(cast, last, clock):
    from meetings.enums import PaperKind
    from meetings.packs.sources import PaperPageSource

    meeting = meeting_with_papers(cast.board, date=NEXT)
    item = meeting.items.get(standing=Standing.MINUTES)
    item.generated_kind = "minutes"
    item.save(update_fields=["generated_kind"])
    item.papers.update(kind=PaperKind.MINUTES)  # the minutes of the last meeting, uploaded as a paper

    def item_sources():
        rows = gather(build_agenda(meeting, reader=BOARD_READER), edition=PackEdition.MEMBERS)
        return next(row.sources for row in rows if row.entry.item.pk == item.pk)

    # Not yet circulated: the members' pack cannot carry them, so the uploaded paper goes in.
    assert [type(s) for s in item_sources()] == [PaperPageSource]
    circulate(cast, last)
    assert [type(s) for s in item_sources()] == [LastMinutesSource]
