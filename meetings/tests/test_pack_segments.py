"""Packs rebuilt from stored, stamped segments (meetings/packs/segments.py and the engine's segment cache).

Engine tests use a cache held in a dict; service tests build the sample agenda (factories.meeting_with_papers)
through the real service and storage, and read the packs back with pdftotext and the shared checker.
"""

from __future__ import annotations

import datetime
import logging
import re
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from core.files import stored_files
from core.permissions import SYSTEM
from meetings import services as meeting_services
from meetings.enums import PackEdition, PackStatus
from meetings.models import Meeting, PackBuild, Paper
from meetings.packs import assembly, services
from meetings.packs.assembly import ItemPapers, assemble_pack, plan_pack, segment_key
from meetings.packs.segments import segment_folder, segments_clean_up, segments_remove
from meetings.tests import test_pack_assembly as assembly_tests
from meetings.tests.factories import MeetingFactory, VenueFactory, meeting_with_papers, pdf_bytes
from testsupport.shared import check_pack
from testsupport.storage import local_copy, stored_names

# The engine tests' sample papers and agenda (fixtures), and their front matter.
papers = assembly_tests.papers
items = assembly_tests.items
render_front = assembly_tests.render_front

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")


def pages_text(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.split()) for page in out.split("\f")[:-1]]


# --------------------------------------------------------------------------------------------------
# The engine with a cache


class DictCache:
    """Segments kept in a folder, named by key; records what the engine asked for and offered."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(exist_ok=True)
        self.got: list[str] = []
        self.put_keys: list[str] = []

    def get(self, key: str) -> Path | None:
        path = self.folder / f"{key}.pdf"
        if path.exists():
            self.got.append(key)
            return path
        return None

    def put(self, key: str, path: Path) -> None:
        self.put_keys.append(key)
        shutil.copy(path, self.folder / f"{key}.pdf")


def engine_build(tmp_path: Path, items: list[ItemPapers], cache: DictCache, name: str = "pack.pdf") -> Path:
    plan = plan_pack(items)
    front = render_front(tmp_path / f"front-{name}", items, plan)
    output = tmp_path / name
    assemble_pack(front_matter=front, items=items, plan=plan, output=output, duplex=True, title="x", segments=cache)
    return output


def test_unchanged_papers_are_taken_from_the_cache(tmp_path: Path, items: list[ItemPapers]) -> None:
    cache = DictCache(tmp_path / "cache")
    first = engine_build(tmp_path, items, cache, "first.pdf")
    assert len(cache.put_keys) == 6 and cache.got == []
    cache.put_keys.clear()
    second = engine_build(tmp_path, items, cache, "second.pdf")
    assert cache.put_keys == [] and len(cache.got) == 6
    assert pages_text(second) == pages_text(first)
    assert check_pack(second).returncode == 0


def test_a_change_of_label_page_or_notice_stamps_again(
    tmp_path: Path, items: list[ItemPapers], papers: dict[str, Path]
) -> None:
    cache = DictCache(tmp_path / "cache")
    engine_build(tmp_path, items, cache, "first.pdf")
    before = list(cache.put_keys)

    def restamped(changed: list[ItemPapers], name: str) -> list[int]:
        """Which papers (by place in the pack) were stamped again."""
        cache.put_keys.clear()
        cache.got.clear()
        output = engine_build(tmp_path, changed, cache, name)
        assert check_pack(output).returncode == 0
        return [k for k, key in enumerate(before) if key not in cache.got]

    # a Part II notice on item 3: its paper only
    noticed = [replace(i, notice="Not for publication: paragraph 3") if i.number == "3" else i for i in items]
    assert restamped(noticed, "notice.pdf") == [1]
    # the appendix label of item 4's second paper changes its first stamp
    relabelled = [
        replace(i, papers=(i.papers[0], replace(i.papers[1], appendix_label="4(b)"))) if i.number == "4" else i
        for i in items
    ]
    assert restamped(relabelled, "label.pdf") == [3]
    # a shorter paper in item 2 moves every later item's pages
    shorter = [
        replace(i, papers=(replace(i.papers[0], path=papers["flu"], page_count=1),)) if i.number == "2" else i
        for i in items
    ]
    assert restamped(shorter, "shorter.pdf") == [0, 1, 2, 3, 4, 5]
    assert len(set(before)) == 6


def test_keys_cover_every_stamp() -> None:
    base = {
        "sha256": "a" * 64,
        "pages": 3,
        "header": "Agenda Item 5",
        "item_header": "Agenda Item 5",
        "first_page": 9,
        "notice": "",
    }
    keys = {segment_key(**base)}
    for field, value in [
        ("sha256", "b" * 64),
        ("pages", 4),
        ("header", "Agenda Item 5 - Appendix 5(a)"),
        ("item_header", "Agenda Item 5a"),
        ("first_page", 11),
        ("notice", "Not for publication by virtue of paragraph 3"),
    ]:
        keys.add(segment_key(**(base | {field: value})))
    assert len(keys) == 7
    assert segment_key(**base) == segment_key(**base)


def test_a_damaged_cached_segment_is_stamped_again(tmp_path: Path, items: list[ItemPapers]) -> None:
    cache = DictCache(tmp_path / "cache")
    first = engine_build(tmp_path, items, cache, "first.pdf")
    damaged = cache.folder / f"{cache.put_keys[2]}.pdf"
    damaged.write_bytes(damaged.read_bytes()[:300])  # cut short
    wrong = cache.folder / f"{cache.put_keys[4]}.pdf"
    shutil.copy(cache.folder / f"{cache.put_keys[5]}.pdf", wrong)  # a segment of another length
    cache.put_keys.clear()
    second = engine_build(tmp_path, items, cache, "second.pdf")
    assert len(cache.put_keys) == 2
    assert pages_text(second) == pages_text(first)
    assert check_pack(second).returncode == 0


# --------------------------------------------------------------------------------------------------
# Through the service, with the segments in storage


@pytest.fixture
def meeting(cast):
    return meeting_with_papers(
        cast.board,
        venue=VenueFactory(board=cast.board),
        contact_officer=cast.coordinator.person,
        pack_issue_date=datetime.date(2030, 3, 5),
    )


def build(meeting, edition=PackEdition.MEMBERS):
    built = services.pack_build_now(user=SYSTEM, meeting=meeting, edition=edition)
    assert built.status == PackStatus.DONE, built.error
    return built


def replace_paper(meeting, title: str, text: str) -> None:
    target = Paper.objects.get(item__meeting=meeting, title=title)
    meeting_services.paper_upload(
        user=SYSTEM,
        item=target.item,
        upload=SimpleUploadedFile("revised.pdf", pdf_bytes(target.page_count, text)),
        replace=target,
    )


def _holds(folder: str, key: str, words: str) -> bool:
    with stored_files().open(f"{folder}/{key}.pdf", "rb") as fh, tempfile.NamedTemporaryFile(suffix=".pdf") as copy:
        copy.write(fh.read())
        copy.flush()
        return any(words in page for page in pages_text(Path(copy.name)))


def made_afresh(caplog) -> tuple[int, int]:
    found = re.findall(r"(\d+) parts made afresh, (\d+) taken from earlier builds", caplog.text)
    return tuple(int(n) for n in found[-1])


@pytest.mark.django_db
def test_replacing_one_paper_stamps_only_that_paper(meeting, caplog):
    caplog.set_level(logging.INFO, logger="meetings.packs.services")
    first = build(meeting)
    assert made_afresh(caplog) == (7, 0)  # the front matter and 6 papers
    replace_paper(meeting, "Youth Justice Plan", "Revised plan")
    second = build(meeting)
    assert made_afresh(caplog) == (1, 6)  # the new paper; the front matter shows the same page numbers
    assert second.number == 2 and second.manifest["front_matter"] == first.manifest["front_matter"]
    new = set(second.manifest["segments"]) - set(first.manifest["segments"])
    assert len(new) == 1 and len(second.manifest["segments"]) == 6

    path = local_copy(second.file)
    result = check_pack(path)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("5 page references all correct")
    text = pages_text(path)
    assert sum("Revised plan" in page for page in text) == 5
    assert any("Exempt tender prices" in page for page in text)  # the reused Part II paper is there
    # the old paper's segment was deleted once the new pack was done; the stored ones are the pack's own
    folder = segment_folder(meeting.pk)
    assert stored_names(folder) == sorted(
        [f"{key}.pdf" for key in second.manifest["segments"]] + [f"{second.manifest['front_matter']['key']}.pdf"]
    )


@pytest.mark.django_db
def test_a_damaged_stored_segment_is_stamped_again(meeting, caplog):
    caplog.set_level(logging.INFO, logger="meetings.packs.services")
    first = build(meeting)
    storage = stored_files()
    folder = segment_folder(meeting.pk)
    # Two segments of papers that stay (PostgreSQL keeps a manifest's keys in an order of its own, so they
    # are told apart by what they hold, not by their place).
    victim, gone = [key for key in first.manifest["segments"] if not _holds(folder, key, "Youth Justice Plan")][:2]
    storage.delete(f"{folder}/{victim}.pdf")
    storage.save(f"{folder}/{victim}.pdf", ContentFile(b"%PDF-1.7 not a segment"))
    storage.delete(f"{folder}/{gone}.pdf")
    replace_paper(meeting, "Youth Justice Plan", "Revised plan")
    second = build(meeting)
    assert made_afresh(caplog) == (3, 4)  # the new paper, the damaged and the missing one
    assert {victim, gone} <= set(second.manifest["segments"])
    with storage.open(f"{folder}/{victim}.pdf", "rb") as fh:
        assert fh.read().startswith(b"%PDF-") and fh.size > 1000
    result = check_pack(local_copy(second.file))
    assert result.returncode == 0, result.stdout


@pytest.mark.django_db
def test_the_editions_never_share_a_part_two_segment(meeting, tmp_path):
    members = build(meeting)
    public = build(meeting, PackEdition.PUBLIC)
    storage = stored_files()
    folder = segment_folder(meeting.pk)
    for key in public.manifest["segments"]:
        path = tmp_path / f"{key}.pdf"
        with storage.open(f"{folder}/{key}.pdf", "rb") as fh:
            path.write_bytes(fh.read())
        text = " ".join(pages_text(path))
        assert "Exempt tender prices" not in text and "Not for publication" not in text
    # a segment both editions use is the same file: its key covers everything that makes its bytes
    shared = set(members.manifest["segments"]) & set(public.manifest["segments"])
    assert all(members.manifest["segments"][k] == public.manifest["segments"][k] for k in shared)
    # the public edition leaves out item 5's pages, so item 6 starts on another page: its own segment
    assert shared and len(shared) < len(public.manifest["segments"])
    assert members.manifest["front_matter"]["key"] != public.manifest["front_matter"]["key"]
    # both editions' segments are kept: each is used by the latest pack of its edition
    names = set(stored_names(folder))
    assert {f"{k}.pdf" for k in members.manifest["segments"]} <= names
    assert {f"{k}.pdf" for k in public.manifest["segments"]} <= names


@pytest.mark.django_db
def test_clean_up_keeps_only_what_the_latest_packs_use(meeting):
    first = build(meeting)
    storage = stored_files()
    folder = segment_folder(meeting.pk)
    storage.save(f"{folder}/left-by-a-failed-build.pdf", ContentFile(b"%PDF-1.7"))
    assert segments_clean_up(meeting_id=meeting.pk) == [f"{folder}/left-by-a-failed-build.pdf"]
    assert len(stored_names(folder)) == len(first.manifest["segments"]) + 1
    # a build in flight may yet record what it stored: newer files are kept until it is done
    PackBuild.objects.create(meeting=meeting, edition=PackEdition.PUBLIC, status=PackStatus.RUNNING)
    storage.save(f"{folder}/being-made.pdf", ContentFile(b"%PDF-1.7"))
    assert segments_clean_up(meeting_id=meeting.pk) == []


@pytest.mark.django_db(transaction=True)
def test_deleting_a_meeting_deletes_its_segments(cast):
    meeting = MeetingFactory(board=cast.board)
    storage = stored_files()
    folder = segment_folder(meeting.pk)
    storage.save(f"{folder}/some-segment.pdf", ContentFile(b"%PDF-1.7"))
    other = MeetingFactory(board=cast.board)
    storage.save(f"{segment_folder(other.pk)}/kept.pdf", ContentFile(b"%PDF-1.7"))
    Meeting.objects.filter(pk=meeting.pk).delete()
    assert stored_names(folder) == []
    assert stored_names(segment_folder(other.pk)) == ["kept.pdf"]
    segments_remove(meeting_id=other.pk)
    assert stored_names(segment_folder(other.pk)) == []


def test_stamped_segments_are_reproducible(tmp_path: Path, items: list[ItemPapers]) -> None:
    """Two workers stamping the same paper store the same bytes, so either copy may be kept."""
    one, two = DictCache(tmp_path / "one"), DictCache(tmp_path / "two")
    engine_build(tmp_path, items, one, "one.pdf")
    engine_build(tmp_path, items, two, "two.pdf")
    for key in one.put_keys:
        assert (one.folder / f"{key}.pdf").read_bytes() == (two.folder / f"{key}.pdf").read_bytes()
    with pikepdf.open(one.folder / f"{one.put_keys[0]}.pdf") as pdf:
        assert len(pdf.pages) == 3


def test_a_large_pack_is_finished_in_a_process_of_its_own(
    tmp_path: Path, items: list[ItemPapers], monkeypatch: pytest.MonkeyPatch
) -> None:
    """From FINISH_APART_PAGES pages the last pass runs in a child process: the same pack comes out."""
    here = engine_build(tmp_path, items, DictCache(tmp_path / "here"), "here.pdf")
    monkeypatch.setattr(assembly, "FINISH_APART_PAGES", 1)
    apart = engine_build(tmp_path, items, DictCache(tmp_path / "apart"), "apart.pdf")
    assert pages_text(apart) == pages_text(here)
    assert check_pack(apart).returncode == 0
    with pikepdf.open(here) as one, pikepdf.open(apart) as two:
        assert one.Root.PageLabels.Nums.unparse() == two.Root.PageLabels.Nums.unparse()
        assert two.docinfo.Title == "x" and two.Root.PageMode == pikepdf.Name.UseOutlines
        with one.open_outline() as a, two.open_outline() as b:
            index_a = {page.objgen: i for i, page in enumerate(one.pages)}
            index_b = {page.objgen: i for i, page in enumerate(two.pages)}
            titles_a = [(e.title, index_a[e.destination[0].objgen], len(e.children)) for e in a.root]
            titles_b = [(e.title, index_b[e.destination[0].objgen], len(e.children)) for e in b.root]
            assert titles_a == titles_b and len(titles_a) == 7
    assert not any(p.name.startswith(".apart.pdf.") for p in tmp_path.iterdir())  # its working folder is gone
