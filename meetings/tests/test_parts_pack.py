"""A council committee's pack read back (meetings/parts.py, meetings/packs/): Part I and Part II headings in
its agenda, the "Not for publication" notice on every page of a Part II paper in the members' edition and
none in the public edition, the shared pack checker content with both."""

from __future__ import annotations

import re
import shutil
import subprocess

import pikepdf
import pytest

from core.permissions import SYSTEM
from meetings import parts, services
from meetings.agenda import build_agenda
from meetings.enums import ExemptParagraph, PackEdition, PackStatus
from meetings.models import AgendaItem, Meeting
from meetings.packs import services as pack_services
from meetings.packs.assembly import ItemPapers, PaperSource, assemble_pack, plan_pack
from meetings.tests.factories import PaperFactory, meeting_with_papers, pdf_bytes
from meetings.tests.test_parts import COUNCIL_NOTICE, add, flat, new_meeting
from meetings.visibility import BOARD_READER
from testsupport.shared import check_pack
from testsupport.storage import local_copy

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)"),
]


# --------------------------------------------------------------------------------------------------
# A council committee's pack, read back


def pages_text(path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")[:-1] if out.endswith("\f") else out.split("\f")


def front_words(path, count: int) -> str:
    """The front matter's text in reading order (cell by cell), whitespace collapsed."""
    command = ["pdftotext", "-f", "1", "-l", str(count), str(path), "-"]
    return flat(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def header_item(text: str) -> str | None:
    head = "\n".join([line for line in text.splitlines() if line.strip()][:3])
    found = re.findall(r"Agenda Item\s+(\w+)", head)
    return found[0] if found else None


def words(path, first: int, last: int) -> list[tuple[int, float, float, str]]:
    """(page, xMin, xMax, word) for every word on pages first..last (1-based), from pdftotext's boxes."""
    command = ["pdftotext", "-bbox", "-f", str(first), "-l", str(last), str(path), "-"]
    html = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    out, page = [], first - 1
    for chunk in re.split(r"(<page )", html):
        if chunk == "<page ":
            page += 1
        for x0, x1, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)', chunk
        ):
            out.append((page, float(x0), float(x1), word))
    return out


@pytest.fixture
def council_meeting(council):
    meeting = new_meeting(council)
    budget = add(meeting, "Budget monitoring")
    PaperFactory(item=budget, title="Budget report", pages=3, text="Open budget figures")
    contract = add(meeting, "Contract award", confidential=True, exemption_paragraph=ExemptParagraph.FINANCIAL)
    PaperFactory(item=contract, title="Tender evaluation", pages=3, text="Exempt tender prices")
    scores = add(meeting, "Bid scores", parent=contract)
    PaperFactory(item=scores, title="Scores", pages=2, text="Exempt bid scores")
    staffing = add(meeting, "Staffing restructure", confidential=True, exemption_paragraph=ExemptParagraph.INDIVIDUAL)
    PaperFactory(item=staffing, title="Restructure", pages=1, text="Exempt staff details")
    services.agenda_publish(user=SYSTEM, meeting=Meeting.objects.get(pk=meeting.pk))
    return Meeting.objects.get(pk=meeting.pk)


def build(meeting, edition):
    built = pack_services.pack_build_now(user=SYSTEM, meeting=meeting, edition=edition)
    assert built.status == PackStatus.DONE, built.error
    return built, local_copy(built.file)


def test_a_council_committees_pack_has_part_one_and_part_two_and_stamps_every_part_two_page(council_meeting):
    members, path = build(council_meeting, PackEdition.MEMBERS)
    result = check_pack(path)
    assert result.returncode == 0, result.stdout + result.stderr

    pages = pages_text(path)
    front_count = members.manifest["front_pages"]
    front = front_words(path, front_count)
    order = [
        parts.PART_ONE_HEADING,
        "Welcome, introductions and apologies",
        "Budget monitoring",
        "Future meeting dates",
        parts.PART_TWO_HEADING,
        "To consider passing the following resolution: That under Section 100A(4) of the Local Government Act 1972",
        "Contract award",
        "Bid scores",
        "Staffing restructure",
    ]
    at = [front.find(text, front.find(parts.PART_ONE_HEADING)) for text in order]
    assert -1 not in at and at == sorted(at), dict(zip(order, at, strict=True))
    assert front.count(parts.PART_ONE_HEADING) == 1 and front.count(parts.PART_TWO_HEADING) == 1

    by_item: dict[str, list[str]] = {}
    for text in pages[front_count:]:
        item = header_item(text)
        if item is not None:
            by_item.setdefault(item, []).append(text)
    numbers = {e.item.title: e.number for e in build_agenda(council_meeting, reader=BOARD_READER).flat()}
    expected = {
        numbers["Budget monitoring"]: (3, None),
        numbers["Contract award"]: (3, COUNCIL_NOTICE.format(3)),
        numbers["Bid scores"]: (2, COUNCIL_NOTICE.format(3)),  # Part II by its main item, and its paragraph
        numbers["Staffing restructure"]: (1, COUNCIL_NOTICE.format(1)),
    }
    assert {item: len(texts) for item, texts in by_item.items()} == {k: v[0] for k, v in expected.items()}
    for item, (_, notice) in expected.items():
        for text in by_item[item]:
            if notice:
                assert notice in flat(text), item
                assert header_item(text) == item  # the notice sits under the item stamp, never above it
            else:
                assert "Not for publication" not in text, item
    assert [i["notice"] for i in members.manifest["items"] if i["title"] == "Contract award"] == [
        COUNCIL_NOTICE.format(3)
    ]


def test_the_public_edition_lists_part_two_but_carries_no_part_two_page(council_meeting):
    public, path = build(council_meeting, PackEdition.PUBLIC)
    result = check_pack(path)
    assert result.returncode == 0, result.stdout + result.stderr
    pages = pages_text(path)
    front_count = public.manifest["front_pages"]
    front, papers = front_words(path, front_count), "\n".join(pages[front_count:])
    assert parts.PART_TWO_HEADING in front and "Contract award" in front and "Paragraph 3:" in front
    assert "Not for publication" in front  # against the withheld items, in the agenda
    assert "Not for publication" not in papers and "Exempt" not in papers
    assert "Open budget figures" in papers


def test_not_for_publication_stays_inside_its_column(council_meeting):
    for edition in (PackEdition.MEMBERS, PackEdition.PUBLIC):
        built, path = build(council_meeting, edition)
        with pikepdf.open(path) as pdf:
            width = float(pdf.pages[1].mediabox[2])
        right_edge = width - 16 / 25.4 * 72  # the agenda table spans the page between 16 mm margins
        found = [w for w in words(path, 2, built.manifest["front_pages"]) if w[3] == "publication"]
        assert found, edition
        for _, x0, x1, _ in found:
            assert x1 <= right_edge + 0.5, (edition, x0, x1, right_edge)


def test_a_changed_paragraph_rebuilds_the_pack_with_the_new_notice(council_meeting):
    first, _ = build(council_meeting, PackEdition.MEMBERS)
    contract = AgendaItem.objects.get(meeting=council_meeting, title="Contract award")
    services.agenda_item_update(user=SYSTEM, item=contract, exemption_paragraph=ExemptParagraph.LEGAL_PRIVILEGE)
    second, path = build(Meeting.objects.get(pk=council_meeting.pk), PackEdition.MEMBERS)
    assert second.fingerprint != first.fingerprint and second.number == first.number + 1
    text = flat("\n".join(pages_text(path)))
    assert text.count(COUNCIL_NOTICE.format(5)) == 5  # Contract award's 3 pages and its sub-item's 2
    assert COUNCIL_NOTICE.format(3) not in text


def test_another_boards_part_two_pages_say_the_reason_in_words(cast):
    meeting = meeting_with_papers(cast.board)  # 5 Commissioning: Part II, "Paragraph 3: financial or ..."
    _, path = build(meeting, PackEdition.MEMBERS)
    assert check_pack(path).returncode == 0
    stamped = [t for t in pages_text(path) if header_item(t) == "5"]
    assert len(stamped) == 3
    assert all("Not for publication: Paragraph 3: financial or business affairs" in flat(t) for t in stamped)
    assert sum("Not for publication:" in t for t in pages_text(path)) == 3


# --------------------------------------------------------------------------------------------------
# The page engine


def test_the_engine_stamps_a_notice_on_every_page_and_fits_a_long_one_to_the_page(tmp_path):
    portrait, landscape = tmp_path / "portrait.pdf", tmp_path / "landscape.pdf"
    portrait.write_bytes(pdf_bytes(2, "Exempt report"))
    landscape.write_bytes(pdf_bytes(1, "Wide table", size=(842, 595)))
    long_reason = "Not for publication: " + "it names the children and families involved in the review " * 6

    def source(path, number, pages):
        return PaperSource(path=path, item_number=number, title="Report", label="Report", page_count=pages)

    items = [
        ItemPapers("1", "Open", (source(portrait, "1", 2),)),
        ItemPapers("2", "Private", (source(portrait, "2", 2), source(landscape, "2", 1)), notice=long_reason),
    ]
    front = tmp_path / "front.pdf"
    front.write_bytes(pdf_bytes(1, "Agenda (Pages 1 - 2) (Pages 3 - 5)"))
    plan = plan_pack(items, duplex=True)
    output = tmp_path / "pack.pdf"
    assemble_pack(front_matter=front, items=items, plan=plan, output=output, duplex=True, title="Pack")
    assert check_pack(output).returncode == 0
    pages = pages_text(output)
    private = [t for t in pages if header_item(t) == "2"]
    assert len(private) == 3
    assert all("Not for publication: it names the children" in t and "..." in t for t in private)
    assert not any("Not for publication" in t for t in pages if header_item(t) == "1")
    with pikepdf.open(output) as pdf:
        widths = [float(page.mediabox[2]) for page in pdf.pages]
    for page, x0, x1, word in words(output, 1, len(pages)):
        assert x0 >= 0 and x1 <= widths[page - 1], (page, word)  # every stamp on the page, none cut off


def test_the_notice_is_part_of_the_fingerprint(council_meeting, monkeypatch, tmp_path):
    """A change to the notice's wording alone (nothing else the pack shows) still makes a new pack."""
    from meetings.agenda import AgendaEntry
    from meetings.packs.sources import gather

    def fingerprint():
        agenda = build_agenda(Meeting.objects.get(pk=council_meeting.pk), reader=BOARD_READER)
        rows = gather(agenda, edition=PackEdition.MEMBERS)
        for source in (s for row in rows for s in row.sources):
            source.prepare(tmp_path)
        return pack_services.pack_fingerprint(meeting=council_meeting, edition="members", rows=rows, front={})

    before = fingerprint()
    wording = AgendaEntry.publication_notice.fget
    monkeypatch.setattr(AgendaEntry, "publication_notice", property(lambda e: wording(e).upper()))
    assert fingerprint() != before
