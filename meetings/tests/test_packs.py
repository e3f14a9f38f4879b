"""Building and issuing agenda packs (meetings/packs/): real PDFs, read back with pdftotext and pikepdf.

The sample agenda (factories.meeting_with_papers) numbers its items 1, 2, 3 (3a verbal, 3b), 4 (two
appendices), 5 (Part II), 6, 7 (future dates), with papers of 3, 2, 1 + 4, 3 and 5 pages.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from boards.enums import Role
from boards.tests.factories import MembershipFactory, PersonFactory
from core.files import stored_files, work_root
from core.permissions import SYSTEM
from meetings import services as meeting_services
from meetings.enums import PackEdition, PackStatus, Standing
from meetings.models import PackBuild, Paper
from meetings.packs import services
from meetings.packs.assembly import BLANK_PAGE_TEXT
from meetings.packs.sources import GeneratedPageSource
from meetings.tasks import build_pack_task
from meetings.tests.factories import (
    AgendaItemFactory,
    PaperFactory,
    VenueFactory,
    meeting_with_papers,
    pdf_bytes,
)
from testsupport.shared import check_pack
from testsupport.storage import local_copy, overwrite, remove, stored_bytes, stored_names

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)"),
]


# --------------------------------------------------------------------------------------------------
# Reading packs back


def pages_text(path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")[:-1] if out.endswith("\f") else out.split("\f")


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def footer_number(text: str) -> int | None:
    found = re.findall(r"\bPage\s+(\d+)\b(?!\s*of)", "\n".join(lines(text)[-3:]))
    return int(found[-1]) if found else None


def header_item(text: str) -> str | None:
    found = re.findall(r"Agenda Item\s+(\w+)", "\n".join(lines(text)[:3]))
    return found[0] if found else None


def check(path) -> subprocess.CompletedProcess:
    return check_pack(path)


def stamped(path) -> dict[str, list[int]]:
    """Item number -> the pack page numbers stamped with it, in order."""
    out: dict[str, list[int]] = {}
    for text in pages_text(path):
        number, item = footer_number(text), header_item(text)
        if number is not None and item is not None:
            out.setdefault(item, []).append(number)
    return out


def front_matter(path) -> str:
    pages = pages_text(path)
    first_numbered = next(i for i, text in enumerate(pages) if footer_number(text) is not None)
    return "\n".join(pages[:first_numbered])


def front_words(path) -> str:
    """The front matter's text in reading order (cell by cell), whitespace collapsed."""
    count = next(i for i, text in enumerate(pages_text(path)) if footer_number(text) is not None)
    command = ["pdftotext", "-f", "1", "-l", str(count), str(path), "-"]
    return " ".join(subprocess.run(command, capture_output=True, text=True, check=True).stdout.split())


def outline(path) -> list[tuple[str, int, list[tuple[str, int]]]]:
    with pikepdf.open(path) as pdf:
        index = {page.objgen: i for i, page in enumerate(pdf.pages)}
        with pdf.open_outline() as tree:
            return [
                (
                    entry.title,
                    index[entry.destination[0].objgen],
                    [(child.title, index[child.destination[0].objgen]) for child in entry.children],
                )
                for entry in tree.root
            ]


@pytest.fixture
def meeting(cast):
    venue = VenueFactory(board=cast.board)
    return meeting_with_papers(
        cast.board,
        venue=venue,
        contact_officer=cast.coordinator.person,
        pack_issue_date=datetime.date(2030, 3, 5),
    )


def build(meeting, edition=PackEdition.MEMBERS) -> PackBuild:
    built = services.pack_build_now(user=SYSTEM, meeting=meeting, edition=edition)
    assert built.status in (PackStatus.DONE, PackStatus.UNCHANGED), built.error
    return built


def paper(meeting, title) -> Paper:
    return Paper.objects.get(item__meeting=meeting, title=title)


# --------------------------------------------------------------------------------------------------
# The members' pack


def test_members_pack_passes_the_checker_and_every_reference_is_right(meeting):
    pack = build(meeting)
    path = local_copy(pack.file)
    result = check(path)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("5 page references all correct")

    spans = {item: (pages[0], pages[-1]) for item, pages in stamped(path).items()}
    assert spans == {"2": (1, 3), "3b": (5, 6), "4": (7, 11), "5": (13, 15), "6": (17, 21)}
    # every item's stamped pages are continuous, and each starts on an odd (right-hand) page
    for item, pages in stamped(path).items():
        assert pages == list(range(pages[0], pages[-1] + 1)), item
        assert pages[0] % 2 == 1, item
    # the agenda gives each item with papers exactly where its stamps are, in agenda order
    references = re.findall(r"\(Pages (\d+) - (\d+)\)", front_matter(path))
    assert [(int(a), int(b)) for a, b in references] == list(spans.values())
    assert {i["number"]: i["pages"] for i in pack.manifest["items"] if i["pages"]} == {
        k: list(v) for k, v in spans.items()
    }
    assert pack.page_count == len(pages_text(path)) == pack.manifest["front_pages"] + 21
    assert pack.number == 1 and len(pack.sha256) == 64 and len(pack.fingerprint) == 64
    assert pack.sha256 == hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_no_contents_page_unless_asked_for(meeting):
    pack = build(meeting)
    assert [title for title, _, _ in outline(local_copy(pack.file))][:3] == [
        "Front sheet",
        "Agenda",
        "Item 2: Minutes of the last meeting and matters arising",
    ]
    assert "CONTENTS" not in front_matter(local_copy(pack.file))
    assert pack.manifest["front_pages"] % 2 == 0  # duplex: paper page 1 is a right-hand page


def test_blank_fillers_carry_the_text_and_no_item_stamp(meeting):
    path = local_copy(build(meeting).file)
    pages = pages_text(path)
    numbered = {footer_number(t): t for t in pages if footer_number(t) is not None}
    assert sorted(numbered) == list(range(1, 22))
    blanks = sorted(n for n, t in numbered.items() if header_item(t) is None)
    assert blanks == [4, 12, 16]  # before 3b, 5 and 6: each item starts on an odd page
    for n in blanks:
        assert BLANK_PAGE_TEXT in numbered[n]
    assert all(BLANK_PAGE_TEXT not in numbered[n] for n in numbered if n not in blanks)


def test_front_sheet_and_agenda_show_the_meeting(cast, meeting):
    MembershipFactory(board=cast.board, role=Role.CO_OPTED, co_opted_type="parent governor")
    left = MembershipFactory(board=cast.board, start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2021, 1, 1))
    adviser = MembershipFactory(board=cast.board, role=Role.ADVISER)
    item = meeting.items.get(title="Troubled Families")
    item.title = "Troubled <b>Families</b> & Early Help"
    item.save()
    path = local_copy(build(meeting).file)
    text = front_matter(path)
    flat = front_words(path)
    assert "CHORLEY, SOUTH RIBBLE & WEST LANCASHIRE CHILDREN'S" in text
    assert "Thursday, 14 March 2030, 2.00 pm to 4.00 pm" in flat
    assert "Committee Room 1" in flat and "PR7 1DP" in flat
    assert "Step-free access from Market Street; hearing loop in the room." in flat
    assert "Date of issue Tuesday, 5 March 2030" in flat
    assert f"Contact officer {cast.coordinator.person.full_name}" in flat
    # To: members and co-optees on the day, with the chair marked; not coordinators, advisers or past members
    assert f"{cast.chair.person.full_name} (Chair)" in flat
    assert cast.member.person.full_name in flat
    assert "(Co-opted member, parent governor)" in flat
    for absent in (cast.coordinator.person, left.person, adviser.person, cast.outsider.person):
        assert f"{absent.full_name} " not in flat.replace(f"Contact officer {cast.coordinator.person.full_name}", "")
    # user text is escaped, not interpreted as HTML
    assert "Troubled<b>Families</b>&EarlyHelp" in re.sub(r"\s", "", flat)
    # sub-items, verbal items, Part II marking, future meeting dates
    assert re.search(r"3a\s+Local CSE plans", text)
    assert "Verbal" in flat
    assert "Part II – exempt information: Paragraph 3: financial or business affairs" in flat
    assert "Thursday, 13 June 2030, 10.00 am" in flat
    assert "Members' edition. This pack contains Part II papers" in flat


def test_bookmarks_match_the_items_and_papers(meeting, settings):
    settings.PACK_CONTENTS_PAGE = True
    pack = build(meeting)
    path = local_copy(pack.file)
    pages = pages_text(path)
    tree = outline(path)
    assert [title for title, _, _ in tree[:3]] == ["Front sheet", "Agenda", "Contents"]
    assert tree[0][1] == 0 and tree[1][1] == 1
    items = tree[3:]
    assert [title for title, _, _ in items] == [
        "Item 2: Minutes of the last meeting and matters arising",
        "Item 3b: Update from the LSCB",
        "Item 4: Troubled Families",
        "Item 5: Commissioning",
        "Item 6: Youth Justice Plan",
    ]
    assert [[t for t, _ in children] for _, _, children in items] == [
        ["Appendix 2(a): Minutes of 14 December"],
        ["Appendix 3b(a): LSCB minutes"],
        ["Appendix 4(a): Troubled Families report", "Appendix 4(b): Core offer figures"],
        ["Appendix 5(a): Tender evaluation"],
        ["Appendix 6(a): Youth Justice Plan"],
    ]
    for (title, index, children), number in zip(items, ["2", "3b", "4", "5", "6"], strict=True):
        assert header_item(pages[index]) == number, title
        assert children[0][1] == index
        for child_title, child_index in children:
            assert lines(pages[child_index])[0].endswith(child_title.split(":")[0]), child_title
    contents = pages[tree[2][1]]
    assert "CONTENTS" in contents
    assert re.search(r"Appendix 4\(b\): Core offer figures\s+8\n", contents)  # where each paper starts
    assert check(path).returncode == 0
    with pikepdf.open(path) as pdf:
        assert str(pdf.docinfo["/Title"]).startswith("CPB agenda pack, 14 March 2030 (members' edition)")
        assert pdf.Root.PageMode == pikepdf.Name.UseOutlines


def test_public_edition_lists_part_two_items_but_carries_none_of_their_papers(meeting):
    members = build(meeting)
    public = build(meeting, PackEdition.PUBLIC)
    path = local_copy(public.file)
    assert check(path).returncode == 0, check(path).stdout
    text = "\n".join(pages_text(path))
    assert "Exempt tender prices" not in text
    assert "Tender evaluation" not in text
    assert "Exempt tender prices" in "\n".join(pages_text(local_copy(members.file)))
    front = front_words(path)
    # A partnership board's public edition lists the Part II item unnamed, as its public page leaves it out;
    # a council committee's names it with its paragraph (test_parts_pack.py).
    assert "Commissioning" not in front
    assert "Confidential item (Part II): not open to the public" in front
    assert "Paragraph 3: financial or business affairs" not in front
    assert "Not for publication" in front
    assert "Items marked Part II contain exempt information" in front
    # numbering differs from the members' edition but is right in itself
    spans = {item: (p[0], p[-1]) for item, p in stamped(path).items()}
    assert spans == {"2": (1, 3), "3b": (5, 6), "4": (7, 11), "6": (13, 17)}
    assert [(int(a), int(b)) for a, b in re.findall(r"\(Pages (\d+) - (\d+)\)", front)] == list(spans.values())
    assert "Item 5: Commissioning" not in [t for t, _, _ in outline(path)]
    assert public.number == 1 and public.edition == PackEdition.PUBLIC


def test_public_edition_leaves_out_the_joining_link_and_the_reason_for_a_postponement(meeting):
    from meetings.enums import MeetingStatus

    meeting.online_link = "https://meet.example.org/cpb-private-room"
    meeting.status = MeetingStatus.POSTPONED
    meeting.status_reason = "the chair is in hospital"
    meeting.save()
    public = front_words(local_copy(build(meeting, PackEdition.PUBLIC).file))
    assert "This meeting is postponed." in public
    assert "meet.example.org" not in public and "Join online" not in public
    assert "hospital" not in public
    members = front_words(local_copy(build(meeting).file))
    assert "Join online: https://meet.example.org/cpb-private-room" in members
    assert "This meeting is postponed: the chair is in hospital." in members


def test_a_sub_item_of_a_part_two_item_is_part_two(meeting):
    parent = meeting.items.get(title="Commissioning")
    child = AgendaItemFactory(meeting=meeting, parent=parent, title="Contract award")
    PaperFactory(item=child, title="Award report", pages=1, text="Preferred bidder details")
    text = "\n".join(pages_text(local_copy(build(meeting, PackEdition.PUBLIC).file)))
    assert "Preferred bidder details" not in text
    assert "Contract award" not in text  # listed, unnamed, with its main item
    assert "Confidential item (Part II)" in text


def test_simplex_board_has_no_fillers(cast, meeting):
    cast.board.duplex = False
    cast.board.save()
    path = local_copy(build(meeting).file)
    assert not any(BLANK_PAGE_TEXT in t for t in pages_text(path))
    spans = {item: (p[0], p[-1]) for item, p in stamped(path).items()}
    assert spans == {"2": (1, 3), "3b": (4, 5), "4": (6, 10), "5": (11, 13), "6": (14, 18)}


# --------------------------------------------------------------------------------------------------
# Versions, fingerprints, failures


def test_building_twice_with_no_change_makes_nothing_new(meeting):
    first = build(meeting)
    files = stored_names(f"packs/{meeting.pk}")
    again = services.pack_build_now(user=SYSTEM, meeting=meeting, edition=PackEdition.MEMBERS)
    assert again.status == PackStatus.UNCHANGED
    assert again.number is None
    assert again.file.name == first.file.name and again.page_count == first.page_count
    assert stored_names(f"packs/{meeting.pk}") == files == [Path(first.file.name).name]
    assert PackBuild.objects.filter(meeting=meeting, status=PackStatus.DONE).count() == 1
    # running the same build again does nothing either
    assert services.pack_build(build_id=first.pk).finished_at == first.finished_at


@pytest.mark.parametrize(
    "change",
    ["agenda title", "paper file", "board name", "venue", "duplex", "new member"],
)
def test_any_input_change_makes_a_new_version(cast, meeting, change):
    first = build(meeting)
    if change == "agenda title":
        meeting.items.filter(title="Youth Justice Plan").update(title="Youth Justice Plan 2030")
    elif change == "paper file":
        target = paper(meeting, "Youth Justice Plan")
        meeting_services.paper_upload(
            user=SYSTEM,
            item=target.item,
            upload=SimpleUploadedFile("yjp.pdf", pdf_bytes(5, "Revised plan")),
            replace=target,
        )
    elif change == "board name":
        cast.board.name = "Central Lancashire Children's Partnership Board"
        cast.board.save()
    elif change == "venue":
        meeting.venue.access_notes = "The lift is out of order."
        meeting.venue.save()
    elif change == "duplex":
        cast.board.duplex = False
        cast.board.save()
    else:
        MembershipFactory(board=cast.board)
    second = build(meeting)
    assert second.status == PackStatus.DONE
    assert second.number == 2
    assert second.fingerprint != first.fingerprint
    assert stored_names(f"packs/{meeting.pk}") == sorted(Path(b.file.name).name for b in (first, second))


BAD_FILES = {
    "encrypted": (
        lambda: _encrypted(),
        "Appendix 6(a) 'Youth Justice Plan' is password-protected: upload an unprotected copy",
    ),
    "corrupt": (
        lambda: b"%PDF-1.7\n" + b"\x00garbage" * 50,
        "Appendix 6(a) 'Youth Justice Plan' is damaged and cannot be read: ask the author for a fresh copy",
    ),
    "zero pages": (lambda: pdf_bytes(0), "Appendix 6(a) 'Youth Justice Plan' has no pages"),
}


def _encrypted() -> bytes:
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(pdf_bytes(5, "Youth Justice Plan"))) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(owner="owner", user="secret"))
    return out.getvalue()


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_bad_paper_is_named_and_the_last_good_pack_stays(meeting, kind):
    good = build(meeting)
    good_bytes = stored_bytes(good.file)
    make, message = BAD_FILES[kind]
    overwrite(paper(meeting, "Youth Justice Plan").file, make())

    failed = services.pack_build_now(user=SYSTEM, meeting=meeting, edition=PackEdition.MEMBERS)

    assert failed.status == PackStatus.FAILED
    assert failed.error == message
    assert failed.number is None and not failed.file
    assert stored_bytes(good.file) == good_bytes
    latest = PackBuild.objects.filter(meeting=meeting, status=PackStatus.DONE).get()
    assert latest.pk == good.pk
    assert stored_names(f"packs/{meeting.pk}") == [Path(good.file.name).name]


def test_a_missing_paper_file_is_named(meeting):
    remove(paper(meeting, "LSCB minutes").file)
    failed = services.pack_build_now(user=SYSTEM, meeting=meeting, edition=PackEdition.MEMBERS)
    assert failed.error == "Appendix 3b(a) 'LSCB minutes' cannot be found: upload it again"


def test_a_paper_replaced_on_disk_with_a_good_file_is_counted_afresh(meeting):
    target = paper(meeting, "Youth Justice Plan")
    overwrite(target.file, pdf_bytes(2, "Shorter plan"))  # the stored page count says 5
    pack = build(meeting)
    assert stamped(local_copy(pack.file))["6"] == [17, 18]
    assert check(local_copy(pack.file)).returncode == 0


def test_an_empty_agenda_is_refused_with_a_reason(cast):
    from meetings.tests.factories import MeetingFactory

    failed = services.pack_build_now(user=SYSTEM, meeting=MeetingFactory(board=cast.board), edition=PackEdition.MEMBERS)
    assert failed.status == PackStatus.FAILED
    assert failed.error == "The agenda has no items yet: add items before building the pack."


def test_progress_stages_are_saved_on_the_build(meeting, monkeypatch):
    seen = []
    real_update = PackBuild.objects.filter

    def spy(*args, **kwargs):
        qs = real_update(*args, **kwargs)
        original = qs.update

        def update(**fields):
            if "stage" in fields:
                seen.append((fields["stage"], fields.get("percent")))
            return original(**fields)

        qs.update = update
        return qs

    monkeypatch.setattr(PackBuild.objects, "filter", spy)
    build(meeting)
    stages = [stage for stage, _ in seen]
    assert [s for i, s in enumerate(stages) if i == 0 or stages[i - 1] != s] == [
        "counting pages",
        "rendering agenda",
        "stamping",
        "saving",
    ]
    percents = [p for _, p in seen if p is not None]
    assert percents == sorted(percents) and percents[-1] >= 90


# --------------------------------------------------------------------------------------------------
# Requesting builds and the task


def test_request_queues_a_task_on_commit_and_the_task_builds(cast, meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queued = services.pack_request_build(user=cast.coordinator, meeting=meeting, edition="members")
        assert queued.status == PackStatus.QUEUED and queued.stage == "queued"
        assert queued.requested_by == cast.coordinator
    assert len(callbacks) == 1
    queued.refresh_from_db()
    assert queued.status == PackStatus.DONE and queued.number == 1 and queued.percent == 100
    assert build_pack_task.delay(queued.pk).get() == PackStatus.DONE  # safe to run twice
    assert PackBuild.objects.filter(meeting=meeting).count() == 1


def test_request_returns_the_build_already_in_flight(cast, meeting):
    first = services.pack_request_build(user=cast.coordinator, meeting=meeting, edition="members")
    again = services.pack_request_build(user=cast.coordinator, meeting=meeting, edition="members")
    other = services.pack_request_build(user=cast.coordinator, meeting=meeting, edition="public")
    assert again.pk == first.pk and other.pk != first.pk


def running(build: PackBuild, *, stage: str = "stamping", percent: int = 45) -> None:
    """As a worker leaves a build when it starts and reports progress (then, here, says no more)."""
    PackBuild.objects.filter(pk=build.pk).update(
        status=PackStatus.RUNNING, stage=stage, percent=percent, attempts=1, heartbeat_at=timezone.now()
    )


def test_a_build_whose_progress_stops_is_failed_and_a_new_request_builds_afresh(cast, meeting, clock):
    stuck = services.pack_request_build(user=cast.coordinator, meeting=meeting, edition="members")
    running(stuck)

    clock.advance(seconds=299)
    assert services.pack_request_build(user=cast.coordinator, meeting=meeting, edition="members").pk == stuck.pk
    stuck.refresh_from_db()
    assert stuck.status == PackStatus.RUNNING

    clock.advance(seconds=2)  # five minutes without a word from the worker
    fresh = services.pack_request_build(user=cast.coordinator, meeting=meeting, edition="members")
    stuck.refresh_from_db()
    assert fresh.pk != stuck.pk and fresh.status == PackStatus.QUEUED
    assert stuck.status == PackStatus.FAILED
    assert stuck.error == "The build stopped unexpectedly; build again."
    assert stuck.finished_at == clock.now


def test_a_build_that_never_starts_is_failed_too(cast, meeting, clock):
    queued = services.pack_request_build(user=cast.coordinator, meeting=meeting, edition="members")
    clock.advance(seconds=301)  # no worker took it
    assert services.pack_fail_if_stalled(queued) is True
    assert queued.status == PackStatus.FAILED and queued.error == services.STALLED_ERROR


def test_progress_keeps_a_long_build_alive(cast, meeting, clock):
    build = services.pack_request_build(user=cast.coordinator, meeting=meeting, edition="members")
    running(build)
    progress = services._Progress(build.pk, attempt=1, stage="stamping", percent=45)
    for _ in range(3):  # a big pack: a paper every four minutes
        clock.advance(seconds=240)
        progress("stamping", 50)
        assert services.pack_fail_if_stalled(build) is False
    build.refresh_from_db()
    assert build.status == PackStatus.RUNNING and build.heartbeat_at == clock.now

    clock.advance(seconds=301)
    assert services.pack_fail_if_stalled(build) is True


def test_how_long_a_build_may_be_silent_is_a_setting(cast, meeting, clock, settings):
    settings.PACK_BUILD_STALE_SECONDS = 60
    build = services.pack_request_build(user=cast.coordinator, meeting=meeting, edition="members")
    running(build)
    clock.advance(seconds=59)
    assert services.pack_fail_if_stalled(build) is False
    clock.advance(seconds=2)
    assert services.pack_fail_if_stalled(build) is True


def test_finished_builds_are_never_failed_for_being_old(cast, meeting, clock):
    done = services.pack_build_now(user=SYSTEM, meeting=meeting, edition="members")
    clock.advance(days=30)
    assert services.pack_fail_if_stalled(done) is False
    done.refresh_from_db()
    assert done.status == PackStatus.DONE


def killed_attempt(build: PackBuild, attempt: int = 1) -> tuple[Path, str]:
    """What a worker killed while saving leaves: its local working folder with a partial pack, and part of
    the pack stored under the attempt's name (a file system save cut short)."""
    work = work_root() / f"pack-build-{build.pk}-k1ll3d"
    work.mkdir()
    (work / "paper-1.pdf").write_bytes(b"%PDF-1.7")
    (work / ".pack.pdf.x1y2.part").write_bytes(b"%PDF-1.7\n% half")
    name = services._pack_name(build, attempt)
    assert stored_files().save(name, ContentFile(b"%PDF-1.7\n% half")) == name
    return work, name


def test_a_stopped_build_leaves_no_half_written_files(cast, meeting, clock):
    other = services.pack_build_now(user=SYSTEM, meeting=meeting, edition="public")
    stuck = services.pack_request_build(user=cast.coordinator, meeting=meeting, edition="members")
    running(stuck, stage="saving", percent=90)
    work, partial = killed_attempt(stuck)
    someone_elses = work_root() / f"pack-build-{stuck.pk + 1}-b1z2"
    someone_elses.mkdir()
    assert stored_names(f"packs/{meeting.pk}") == sorted([Path(other.file.name).name, Path(partial).name])

    clock.advance(seconds=301)
    assert services.pack_fail_if_stalled(stuck) is True
    assert stored_names(f"packs/{meeting.pk}") == [Path(other.file.name).name]
    assert not work.exists() and someone_elses.exists()


def test_a_build_delivered_again_after_its_worker_died_clears_what_it_left_and_finishes(cast, meeting):
    build = services.pack_request_build(user=cast.coordinator, meeting=meeting, edition="members")
    running(build, stage="saving", percent=90)  # attempt 1, killed while saving
    work, _ = killed_attempt(build)
    late = services._Progress(build.pk, attempt=1, stage="saving", percent=90)

    assert build_pack_task.delay(build.pk).get() == PackStatus.DONE
    build.refresh_from_db()
    assert build.status == PackStatus.DONE and build.attempts == 2 and build.number == 1
    assert stored_names(f"packs/{meeting.pk}") == [Path(build.file.name).name]
    assert not work.exists()
    assert list(work_root().glob("pack-build-*")) == []  # the second attempt's own folder is gone too
    assert check(local_copy(build.file)).returncode == 0

    late("saving", 100)  # the first attempt, had it lived on, records nothing now
    build.refresh_from_db()
    assert build.stage == "done"


def test_a_finished_pack_is_stored_once_and_only_then_recorded(cast, meeting, monkeypatch):
    """The row says "done" only once the whole pack is stored; a pack the row does not take is removed."""
    build = services.pack_request_build(user=cast.coordinator, meeting=meeting, edition="members")
    seen = []
    real_save = services.save_local_file

    def save(name, path, **kwargs):
        seen.append(PackBuild.objects.get(pk=build.pk).status)
        PackBuild.objects.filter(pk=build.pk).update(status=PackStatus.FAILED)  # failed meanwhile
        return real_save(name, path, **kwargs)

    monkeypatch.setattr(services, "save_local_file", save)
    assert build_pack_task.delay(build.pk).get() == PackStatus.FAILED
    assert seen == [PackStatus.RUNNING]
    assert stored_names(f"packs/{meeting.pk}") == []
    assert list(work_root().glob("pack-build-*")) == []


def test_a_build_that_keeps_killing_its_worker_is_not_started_again(cast, meeting):
    build = services.pack_request_build(user=cast.coordinator, meeting=meeting, edition="members")
    running(build)
    PackBuild.objects.filter(pk=build.pk).update(attempts=services.MAX_ATTEMPTS)
    assert build_pack_task.delay(build.pk).get() == PackStatus.FAILED
    build.refresh_from_db()
    assert build.error == services.STALLED_ERROR and build.attempts == services.MAX_ATTEMPTS


def test_a_build_removed_before_it_ran_is_skipped(cast, meeting):
    build = services.pack_request_build(user=cast.coordinator, meeting=meeting, edition="members")
    PackBuild.objects.filter(pk=build.pk).delete()  # its queueing failed
    assert build_pack_task.delay(build.pk).get() == "removed"


@pytest.mark.parametrize("role", ["member", "chair", "outsider"])
def test_only_coordinators_request_builds(cast, meeting, role):
    with pytest.raises(PermissionDenied):
        services.pack_request_build(user=cast.user(role), meeting=meeting, edition="members")


def test_unknown_edition_is_refused(cast, meeting):
    with pytest.raises(ValidationError, match="not a pack edition"):
        services.pack_request_build(user=cast.coordinator, meeting=meeting, edition="press")


def test_build_pack_command(meeting, tmp_path):
    out = io.StringIO()
    target = tmp_path / "out" / "pack.pdf"
    call_command("build_pack", str(meeting.pk), "--output", str(target), stdout=out)
    built = PackBuild.objects.get(meeting=meeting)
    assert out.getvalue().splitlines() == [
        f"{meeting}: Members' edition, version 1: {built.page_count} pages",
        str(target),
    ]
    assert target.read_bytes() == stored_bytes(built.file)
    out = io.StringIO()
    call_command("build_pack", str(meeting.pk), "--edition", "public", stdout=out)
    assert "Public edition, version 1" in out.getvalue()


def test_build_pack_command_reports_a_failure(meeting):
    from django.core.management.base import CommandError

    overwrite(paper(meeting, "Youth Justice Plan").file, pdf_bytes(0))
    with pytest.raises(CommandError, match="Appendix 6\\(a\\) 'Youth Justice Plan' has no pages"):
        call_command("build_pack", str(meeting.pk), stdout=io.StringIO())


# --------------------------------------------------------------------------------------------------
# Issuing and supplements


def published(meeting):
    """A pack is issued only once the agenda is published (the meeting's life cycle)."""
    meeting.agenda_published_at = timezone.now()
    meeting.save(update_fields=["agenda_published_at"])
    return meeting


def test_issue_emails_members_a_link_not_an_attachment(cast, meeting, settings, django_capture_on_commit_callbacks):
    published(meeting)
    settings.SITE_URL = "https://portal.example.org"
    pack = build(meeting)
    with django_capture_on_commit_callbacks(execute=True):
        issued = services.pack_issue(user=cast.coordinator, build=pack)
    assert issued.issued_at is not None and not issued.is_supplement and issued.changes == ""
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.attachments == []
    assert f"https://portal.example.org/packs/{pack.pk}/pack.pdf" in message.body
    assert f"({pack.page_count} pages)" in message.body
    assert set(message.bcc) == {"coordinator@example.org", "chair@example.org", "member@example.org"}
    assert message.subject == "Agenda pack: CPB, 14 March 2030"


def test_reissue_after_late_papers_is_a_supplement_saying_what_changed(
    cast, meeting, django_capture_on_commit_callbacks
):
    published(meeting)
    with django_capture_on_commit_callbacks(execute=True):
        services.pack_issue(user=cast.coordinator, build=build(meeting))
    families = meeting.items.get(title="Troubled Families")
    PaperFactory(item=families, title="Late annex", pages=2)
    target = paper(meeting, "Youth Justice Plan")
    meeting_services.paper_upload(
        user=SYSTEM,
        item=target.item,
        upload=SimpleUploadedFile("yjp.pdf", pdf_bytes(6, "Revised plan")),
        replace=target,
    )
    paper(meeting, "LSCB minutes").delete()
    second = build(meeting)
    assert second.number == 2
    with django_capture_on_commit_callbacks(execute=True):
        supplement = services.pack_issue(user=cast.coordinator, build=second)
    assert supplement.is_supplement
    spans = {i["number"]: i["pages"] for i in supplement.manifest["items"] if i["pages"]}
    assert supplement.changes.splitlines() == [
        f"Added: Appendix 4(c) ‘Late annex’ (item 4, Pages {spans['4'][0]} - {spans['4'][1]})",
        f"Replaced: Appendix 6(a) ‘Youth Justice Plan’ (item 6, Pages {spans['6'][0]} - {spans['6'][1]})",
        "Removed: Appendix 3b(a) ‘LSCB minutes’ (was item 3b)",
    ]
    assert len(mail.outbox) == 2
    message = mail.outbox[1]
    assert message.subject == "Supplementary agenda pack (version 2): CPB, 14 March 2030"
    assert "It replaces version 1." in message.body
    assert "- Added: Appendix 4(c) ‘Late annex’" in message.body
    assert "- Removed: Appendix 3b(a) ‘LSCB minutes’ (was item 3b)" in message.body
    assert check(local_copy(second.file)).returncode == 0


def test_issue_refusals(cast, meeting):
    first = build(meeting)
    with pytest.raises(ValidationError, match="Publish the agenda before issuing a pack"):
        services.pack_issue(user=cast.coordinator, build=first)
    published(meeting)
    meeting.items.filter(title="Youth Justice Plan").update(title="Youth Justice Plan 2030")
    second = build(meeting)
    with pytest.raises(ValidationError, match="Version 1 is not the latest: issue version 2 instead"):
        services.pack_issue(user=cast.coordinator, build=first)
    services.pack_issue(user=cast.coordinator, build=second)
    with pytest.raises(ValidationError, match="Version 2 was issued on"):
        services.pack_issue(user=cast.coordinator, build=second)
    with pytest.raises(PermissionDenied):
        services.pack_issue(user=cast.member, build=second)
    public = build(meeting, PackEdition.PUBLIC)
    assert services.pack_issue(user=cast.coordinator, build=public).issued_at is not None
    assert len(mail.outbox) == 0  # e-mails go on commit; the public edition sends none anyway


def test_issue_reaches_people_without_logins_by_their_own_address(cast, meeting, django_capture_on_commit_callbacks):
    published(meeting)
    MembershipFactory(board=cast.board, person=PersonFactory(email="noreply.member@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        services.pack_issue(user=cast.coordinator, build=build(meeting))
    assert "noreply.member@example.org" in mail.outbox[0].bcc


def test_issue_emails_current_members_only(cast, meeting, django_capture_on_commit_callbacks):
    published(meeting)
    MembershipFactory(
        board=cast.board,
        person=PersonFactory(email="former.member@example.org"),
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2021, 1, 1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.pack_issue(user=cast.coordinator, build=build(meeting))
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].bcc) == {"coordinator@example.org", "chair@example.org", "member@example.org"}


# --------------------------------------------------------------------------------------------------
# Generated documents are sources of pages like uploads


class FakeActionLog(GeneratedPageSource):
    kind = "test_action_log"
    renders = 0

    @classmethod
    def for_item(cls, *, meeting, entry, edition):
        return [cls(meeting=meeting, entry=entry, title="Action log")]

    def content(self) -> dict:
        return {"actions": ["SA to circulate the Youth Justice Plan"]}

    def render(self, output: Path) -> None:
        type(self).renders += 1
        output.write_bytes(pdf_bytes(3, "Open actions"))


def test_a_generated_document_goes_in_like_a_paper_and_is_rendered_once(meeting, register_kind):
    register_kind("test_action_log", "Action log (test)", FakeActionLog)
    FakeActionLog.renders = 0
    log = AgendaItemFactory(
        meeting=meeting, title="Action log", standing=Standing.ACTION_LOG, generated_kind="test_action_log", position=0
    )
    log.refresh_from_db()
    pack = build(meeting)  # the action log is item 1 now
    path = local_copy(pack.file)
    assert check(path).returncode == 0
    assert stamped(path)["1"] == [1, 2, 3]
    assert any("Open actions page 3 of 3" in t for t in pages_text(path))
    first = pack.manifest["front_pages"]
    assert ("Item 1: Action log", first, [("Action log", first)]) in outline(path)
    meeting.items.filter(title="Youth Justice Plan").update(title="Youth Justice Plan 2030")
    assert build(meeting).number == 2
    assert FakeActionLog.renders == 1


def test_a_board_can_ask_for_a_contents_page(cast, meeting):
    without = build(meeting)
    cast.board.pack_contents_page = True
    cast.board.save()
    meeting.board.refresh_from_db()
    with_contents = build(meeting)
    assert with_contents.number == without.number + 1  # a changed setting is a changed input
    assert "CONTENTS" in front_matter(local_copy(with_contents.file))
    assert "Contents" in [title for title, _, _ in outline(local_copy(with_contents.file))]


def test_the_members_pack_goes_to_those_who_may_open_it(cast, meeting, django_capture_on_commit_callbacks):
    """Observers do not read Part II, so they are not sent the members' edition; a deputy named for the
    meeting is."""
    from boards.enums import Role
    from meetings.models import StandIn

    MembershipFactory(board=cast.board, person=PersonFactory(email="observer@example.org"), role=Role.OBSERVER)
    deputy = PersonFactory(email="deputy@example.org")
    seat = cast.member.person.memberships.get(board=cast.board)
    StandIn.objects.create(meeting=meeting, person=deputy, in_place_of=seat)
    published(meeting)
    with django_capture_on_commit_callbacks(execute=True):
        services.pack_issue(user=cast.coordinator, build=build(meeting))
    assert "observer@example.org" not in mail.outbox[0].bcc
    assert "deputy@example.org" in mail.outbox[0].bcc
