"""Tests for the agenda pack page-assembly engine (meetings.packs.assembly), on real PDFs.

Run on their own with:  .venv/bin/pytest -p no:django meetings/tests/test_pack_assembly.py -q
They need WeasyPrint, pikepdf and poppler's pdftotext.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name

from meetings.packs.assembly import (
    BLANK_PAGE_TEXT,
    ItemPapers,
    PackPlan,
    PaperError,
    PaperSource,
    _pdf_string,
    assemble_pack,
    inspect_pdf,
    plan_pack,
)
from testsupport.shared import check_pack

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")


# --------------------------------------------------------------------------------------------------
# Helpers


def render_paper(path: Path, name: str, pages: int, *, own_footer: bool = True) -> Path:
    """A real multi-page paper with WeasyPrint; each page says "<name> body text page <i>"."""
    import weasyprint

    footer = "@bottom-center { content: 'Page ' counter(page) ' of ' counter(pages) }" if own_footer else ""
    css = f"@page {{ size: A4; margin: 2cm; {footer} }} section {{ break-after: page }}"
    section = "<section><h2>{name} heading {i}</h2><p>{name} body text page {i}</p></section>"
    body = "".join(section.format(name=name, i=i) for i in range(1, pages + 1))
    html = f"<html><head><style>{css}</style></head><body>{body}</body></html>"
    weasyprint.HTML(string=html).write_pdf(path)
    return path


def render_front(path: Path, items: Sequence[ItemPapers], plan: PackPlan, *, pages: int = 2) -> Path:
    """Front sheet + agenda table with the plan's page references, as the portal renders it."""
    import weasyprint

    rows = "".join(
        f"<tr><td>{item.number}</td><td>{item.title}</td>"
        f"<td>{plan.placements[item.number].pages_text if item.number in plan.placements else ''}</td></tr>"
        for item in items
    )
    extra = "".join("<p style='break-before: page'>Notes for members</p>" for _ in range(pages - 2))
    html = (
        "<html><body><h1>Children's Partnership Board</h1><p style='break-after: page'>Front sheet</p>"
        f"<h2>AGENDA</h2><table>{rows}</table>{extra}</body></html>"
    )
    weasyprint.HTML(string=html).write_pdf(path)
    return path


def pdf_pages_text(path: Path) -> list[str]:
    command = ["pdftotext", "-layout", str(path), "-"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return out.split("\f")[:-1] if out.endswith("\f") else out.split("\f")


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def footer_number(text: str) -> int | None:
    """The pack page number as the checker reads it: last "Page N" (not "Page N of M") in the last 3 lines."""
    found = re.findall(r"\bPage\s+(\d+)\b(?!\s*of)", "\n".join(lines(text)[-3:]))
    return int(found[-1]) if found else None


def header_items(text: str) -> set[str]:
    return set(re.findall(r"Agenda Item\s+(\w+)", "\n".join(lines(text)[:3])))


def paper(path: Path, number: str, title: str, appendix: str | None = None, count: int | None = None):
    label = f"Appendix {appendix} '{title}'" if appendix else f"Item {number} '{title}'"
    return PaperSource(
        path=path, item_number=number, title=title, label=label, appendix_label=appendix, page_count=count
    )


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("papers")
    spec = {"minutes": 3, "esafety": 2, "report": 1, "appendix": 2, "prevent": 4, "flu": 1}
    return {name: render_paper(root / f"{name}.pdf", name, n) for name, n in spec.items()}


@pytest.fixture
def items(papers: dict[str, Path]) -> list[ItemPapers]:
    return [
        ItemPapers("1", "Welcome and apologies", ()),
        ItemPapers("2", "Minutes of last meeting", (paper(papers["minutes"], "2", "Minutes of 21 May"),)),
        ItemPapers("3", "e-Safety Strategy", (paper(papers["esafety"], "3", "e-Safety Strategy"),)),
        ItemPapers(
            "4",
            "Wellbeing, Prevention and Early Help",
            (
                paper(papers["report"], "4", "Early Help update"),
                paper(papers["appendix"], "4", "Core offer report", appendix="4(a)"),
            ),
        ),
        ItemPapers("5a", "Prevent Duty", (paper(papers["prevent"], "5a", "Prevent and Channel"),)),
        ItemPapers("6", "Flu vaccination", (paper(papers["flu"], "6", "Nasal flu programme"),)),
        ItemPapers("7", "Any other business", ()),
    ]


def build(tmp_path: Path, items: list[ItemPapers], *, duplex: bool = True, front_pages: int = 2, **kw):
    plan = plan_pack(items, duplex=duplex)
    front = render_front(tmp_path / "front.pdf", items, plan, pages=front_pages)
    output = tmp_path / "pack.pdf"
    total = assemble_pack(
        front_matter=front, items=items, plan=plan, output=output, duplex=duplex, title="CPB pack", **kw
    )
    return plan, output, total


# --------------------------------------------------------------------------------------------------
# Planning


def test_plan_duplex_starts_items_on_odd_pages(items: list[ItemPapers]) -> None:
    plan = plan_pack(items, duplex=True)
    spans = {n: (p.first_page, p.last_page) for n, p in plan.placements.items()}
    assert spans == {"2": (1, 3), "3": (5, 6), "4": (7, 9), "5a": (11, 14), "6": (15, 15)}
    assert plan.blanks_before == {"3": 1, "5a": 1}
    assert plan.total_paper_pages == 15
    assert plan.paper_page_counts["4"] == (1, 2)
    assert plan.placements["2"].pages_text == "(Pages 1 - 3)"
    assert plan.placements["6"].pages_text == "(Pages 15 - 15)"


def test_plan_simplex_is_continuous(items: list[ItemPapers]) -> None:
    plan = plan_pack(items, duplex=False)
    spans = {n: (p.first_page, p.last_page) for n, p in plan.placements.items()}
    assert spans == {"2": (1, 3), "3": (4, 5), "4": (6, 8), "5a": (9, 12), "6": (13, 13)}
    assert plan.blanks_before == {}
    assert plan.total_paper_pages == 13


def test_plan_uses_given_page_counts(tmp_path: Path) -> None:
    items = [ItemPapers("2", "Minutes", (paper(tmp_path / "not-there.pdf", "2", "Minutes", count=4),))]
    assert plan_pack(items).placements["2"].last_page == 4


def test_plan_inspects_unknown_page_counts(tmp_path: Path) -> None:
    items = [ItemPapers("2", "Minutes", (paper(tmp_path / "gone.pdf", "2", "Minutes"),))]
    with pytest.raises(PaperError, match="cannot be found"):
        plan_pack(items)


# --------------------------------------------------------------------------------------------------
# The pack


def test_duplex_pack_passes_checker_and_is_stamped(tmp_path: Path, items: list[ItemPapers]) -> None:
    plan, output, total = build(tmp_path, items, duplex=True)

    result = check_pack(output)
    assert result.returncode == 0, result.stdout + result.stderr

    pages = pdf_pages_text(output)
    assert len(pages) == total == 2 + plan.total_paper_pages
    front_count = 2
    for text in pages[:front_count]:
        assert footer_number(text) is None
        assert not header_items(text)
    by_number = {footer_number(text): text for text in pages[front_count:]}
    assert sorted(by_number) == list(range(1, plan.total_paper_pages + 1))

    for number, placement in plan.placements.items():
        assert placement.first_page % 2 == 1
        for n in range(placement.first_page, placement.last_page + 1):
            assert header_items(by_number[n]) == {number}, (number, n)
            assert lines(by_number[n])[-1] == f"Page {n}"
    first_appendix_page = by_number[8]
    assert "Agenda Item 4 - Appendix 4(a)" in lines(first_appendix_page)[0]
    assert "Appendix" not in lines(by_number[9])[0]

    for n in (4, 10):
        blank = by_number[n]
        assert BLANK_PAGE_TEXT in blank
        assert "Agenda Item" not in blank
        assert lines(blank)[-1] == f"Page {n}"
    blanks = [i for i, text in enumerate(pages) if BLANK_PAGE_TEXT in text]
    assert blanks == [front_count + 3, front_count + 9]

    # the papers' own text survives: every paper page carries its body text
    assert "minutes body text page 3" in by_number[3]
    assert "appendix body text page 1" in by_number[8]


def test_odd_front_matter_gets_an_unnumbered_filler(tmp_path: Path, items: list[ItemPapers]) -> None:
    plan, output, total = build(tmp_path, items, duplex=True, front_pages=3)
    pages = pdf_pages_text(output)
    assert total == 4 + plan.total_paper_pages
    assert BLANK_PAGE_TEXT in pages[3] and footer_number(pages[3]) is None
    assert footer_number(pages[4]) == 1
    with pikepdf.open(output) as pdf:
        assert [pdf.pages[i].label for i in (0, 3, 4, 5)] == ["i", "iv", "1", "2"]
    result = check_pack(output)
    assert result.returncode == 0, result.stdout


def test_simplex_pack_has_no_blanks_and_continuous_numbers(tmp_path: Path, items: list[ItemPapers]) -> None:
    plan, output, total = build(tmp_path, items, duplex=False, front_pages=3)
    pages = pdf_pages_text(output)
    assert total == 3 + 13
    assert not any(BLANK_PAGE_TEXT in text for text in pages)
    assert [footer_number(text) for text in pages] == [None] * 3 + list(range(1, 14))
    for number, placement in plan.placements.items():
        for n in range(placement.first_page, placement.last_page + 1):
            assert header_items(pages[2 + n]) == {number}


def test_papers_keep_their_own_page_numbers(tmp_path: Path, items: list[ItemPapers]) -> None:
    plan, output, _ = build(tmp_path, items, duplex=True)
    pages = pdf_pages_text(output)
    first = 2 + plan.placements["5a"].first_page - 1
    for k in range(4):
        page_lines = lines(pages[first + k])
        assert f"prevent body text page {k + 1}" in page_lines
        assert f"Page {k + 1} of 4" in page_lines  # the paper's own footer, intact, on its own line
        assert page_lines[-1] == f"Page {plan.placements['5a'].first_page + k}"


def test_stamps_sit_outside_the_paper_content(tmp_path: Path, items: list[ItemPapers]) -> None:
    _, output, _ = build(tmp_path, items, duplex=True)
    command = ["pdftotext", "-bbox", "-f", "3", "-l", "3", str(output), "-"]
    html = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    words = [
        (float(y0), float(y1), word)
        for y0, y1, word in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', html)
    ]
    # pack page 1: header "Agenda Item 2" is the top-most text, footer "Page 1" the bottom-most
    header = [w for w in words if w[2] == "Agenda"]
    paper_words = [w for w in words if w[2] not in ("Agenda", "Item", "2", "Page", "1")]
    assert header and paper_words
    assert max(y1 for y0, y1, _ in header) < min(y0 for y0, y1, _ in paper_words)
    footer_y = max(y0 for y0, y1, w in words if w == "Page")
    own_footer_y = min(y0 for y0, y1, w in words if w == "of")
    assert footer_y > own_footer_y + 5


def test_fonts_shared_and_paper_resources_kept(tmp_path: Path, items: list[ItemPapers]) -> None:
    _, output, _ = build(tmp_path, items, duplex=True)
    with pikepdf.open(output) as pdf:
        stamp_fonts = set()
        for page in list(pdf.pages)[2:]:
            fonts = page.obj.Resources.Font
            stamp_fonts.add(fonts.PackStampF1.objgen)
            assert any(key != "/PackStampF1" for key in fonts) or BLANK_PAGE_TEXT in str(
                page.obj.Contents.read_bytes() if isinstance(page.obj.Contents, pikepdf.Stream) else b""
            )
        assert len(stamp_fonts) == 1
        font = pdf.get_object(stamp_fonts.pop())
        assert font.BaseFont == Name.Helvetica and font.Encoding == Name.WinAnsiEncoding


# --------------------------------------------------------------------------------------------------
# Odd page geometry


def geometry_paper(path: Path, rotate: int, media: list[float], crop: list[float] | None = None) -> Path:
    """One page whose own text reads upright as displayed, whatever /Rotate and box origin it has."""
    x0, y0, x1, y1 = crop or media
    # upright display coordinates (u, v) -> user space, as a viewer shows the page
    matrix = {
        0: f"1 0 0 1 {x0} {y0}",
        90: f"0 1 -1 0 {x1} {y0}",
        180: f"-1 0 0 -1 {x1} {y1}",
        270: f"0 -1 1 0 {x0} {y1}",
    }[rotate]
    height = (y1 - y0) if rotate in (0, 180) else (x1 - x0)
    content = (
        f"q {matrix} cm BT /F1 11 Tf 72 {height - 90} Td (Paper text rotated {rotate}) Tj ET "
        f"BT /F1 11 Tf 72 60 Td (Paper closing line) Tj ET Q"
    ).encode()
    pdf = pikepdf.new()
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Courier))
    page = Dictionary(
        Type=Name.Page,
        MediaBox=Array(media),
        Rotate=rotate,
        Resources=Dictionary(Font=Dictionary(F1=font)),
        Contents=pdf.make_stream(content),
    )
    if crop:
        page.CropBox = Array(crop)
    pdf.pages.append(pikepdf.Page(pdf.make_indirect(page)))
    pdf.save(path)
    return path


@pytest.mark.parametrize(
    ("rotate", "media", "crop"),
    [
        (90, [0, 0, 595, 842], None),
        (180, [0, 0, 595, 842], None),
        (270, [0, 0, 842, 595], None),
        (0, [100, 200, 695, 1042], None),
        (90, [-50, -60, 700, 900], [10, 20, 605, 862]),
    ],
)
def test_rotated_and_offset_pages_get_upright_stamps(
    tmp_path: Path, rotate: int, media: list[float], crop: list[float] | None
) -> None:
    src = geometry_paper(tmp_path / "odd.pdf", rotate, media, crop)
    other = render_paper(tmp_path / "other.pdf", "other", 1)
    items = [
        ItemPapers("2", "Odd page", (paper(src, "2", "Odd page"),)),
        ItemPapers("3", "Normal page", (paper(other, "3", "Normal"),)),
    ]
    _, output, _ = build(tmp_path, items, duplex=True)
    pages = pdf_pages_text(output)
    page_lines = lines(pages[2])
    assert page_lines[0] == "Agenda Item 2"
    assert page_lines[-1] == "Page 1"
    assert page_lines[1:-1] == [f"Paper text rotated {rotate}", "Paper closing line"]
    result = check_pack(output)
    assert result.returncode == 0, result.stdout


def test_stamp_font_name_does_not_clobber_a_paper_font(tmp_path: Path) -> None:
    src = tmp_path / "clash.pdf"
    pdf = pikepdf.new()
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Courier))
    page = pdf.add_blank_page(page_size=(595, 842))
    page.obj.Resources = Dictionary(Font=Dictionary(PackStampF1=font))
    page.obj.Contents = pdf.make_stream(b"BT /PackStampF1 12 Tf 72 700 Td (Courier paper text) Tj ET")
    pdf.save(src)
    items = [ItemPapers("2", "Clash", (paper(src, "2", "Clash"),))]
    _, output, _ = build(tmp_path, items)
    with pikepdf.open(output) as pack:
        fonts = pack.pages[2].obj.Resources.Font
        assert fonts.PackStampF1.BaseFont == Name.Courier
        assert fonts.PackStampF2.BaseFont == Name.Helvetica
    assert lines(pdf_pages_text(output)[2]) == ["Agenda Item 2", "Courier paper text", "Page 1"]


def test_pdf_strings_are_escaped() -> None:
    assert _pdf_string("Appendix 6(a) \\ x") == b"(Appendix 6\\(a\\) \\\\ x)"
    assert _pdf_string("Caf\u00e9") == b"(Caf\xe9)"


# --------------------------------------------------------------------------------------------------
# inspect_pdf


def test_inspect_counts_pages(papers: dict[str, Path]) -> None:
    assert inspect_pdf(papers["prevent"], label="Item 5") == 4


def test_inspect_accepts_papers_with_photos(tmp_path: Path) -> None:
    import weasyprint
    from PIL import Image

    Image.new("RGB", (120, 80), "teal").save(tmp_path / "photo.jpg", quality=80)
    html = "<p>Youth Zone visit</p><img src='photo.jpg'>"
    weasyprint.HTML(string=html, base_url=str(tmp_path)).write_pdf(tmp_path / "photo.pdf")
    with pikepdf.open(tmp_path / "photo.pdf") as pdf:
        assert any(o.get("/Filter") == Name.DCTDecode for o in pdf.objects if isinstance(o, pikepdf.Stream))
    assert inspect_pdf(tmp_path / "photo.pdf", label="Item 11") == 1


def _raises(path: Path, reason: str, *, max_bytes: int | None = None) -> None:
    label = "Appendix 7(a) 'Youth Justice Plan'"
    with pytest.raises(PaperError) as info:
        inspect_pdf(path, label=label, max_bytes=max_bytes)
    assert info.value.label == label
    assert reason in info.value.reason
    assert str(info.value) == f"{label} {info.value.reason}"


def test_inspect_rejects_password_protected(tmp_path: Path, papers: dict[str, Path]) -> None:
    with pikepdf.open(papers["report"]) as pdf:
        pdf.save(tmp_path / "locked.pdf", encryption=pikepdf.Encryption(owner="o", user="u"))
        restricted = pikepdf.Encryption(owner="o", user="", allow=pikepdf.Permissions(print_highres=False))
        pdf.save(tmp_path / "restricted.pdf", encryption=restricted)
        unrestricted = pikepdf.Encryption(owner="o", user="", allow=pikepdf.Permissions(modify_assembly=True))
        pdf.save(tmp_path / "open.pdf", encryption=unrestricted)
    _raises(tmp_path / "locked.pdf", "is password-protected: upload an unprotected copy")
    _raises(tmp_path / "restricted.pdf", "is password-protected")
    assert inspect_pdf(tmp_path / "open.pdf", label="x") == 1  # encrypted, but nothing restricted


def test_inspect_rejects_damaged(tmp_path: Path, papers: dict[str, Path]) -> None:
    damaged = "is damaged and cannot be read: ask the author for a fresh copy"
    data = papers["prevent"].read_bytes()
    (tmp_path / "garbage.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 50)
    _raises(tmp_path / "garbage.pdf", damaged)
    (tmp_path / "truncated.pdf").write_bytes(data[: len(data) // 2])
    _raises(tmp_path / "truncated.pdf", damaged)

    # a file that opens but whose page content no longer decodes
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    page.obj.Contents = pdf.make_stream(b"BT /F1 12 Tf 72 700 Td (hello) Tj ET " * 50)
    pdf.save(tmp_path / "ok.pdf", compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    raw = bytearray((tmp_path / "ok.pdf").read_bytes())
    start = raw.index(b"/FlateDecode")
    start = raw.index(b"stream", start) + len(b"stream\n") + 4
    raw[start : start + 12] = b"\xff" * 12
    (tmp_path / "bad-stream.pdf").write_bytes(bytes(raw))
    _raises(tmp_path / "bad-stream.pdf", damaged)


def test_inspect_rejects_non_pdf(tmp_path: Path) -> None:
    (tmp_path / "minutes.pdf").write_bytes(b"PK\x03\x04\x14\x00\x06\x00word/document.xml" + b"\x00" * 200)
    _raises(tmp_path / "minutes.pdf", "is not a PDF file")
    (tmp_path / "notes.pdf").write_text("Minutes of the meeting\n")
    _raises(tmp_path / "notes.pdf", "is not a PDF file")


def test_inspect_rejects_zero_pages(tmp_path: Path) -> None:
    pikepdf.new().save(tmp_path / "empty.pdf")
    _raises(tmp_path / "empty.pdf", "has no pages")


def test_inspect_rejects_oversized_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.pdf"
    with open(big, "wb") as fh:
        fh.write(b"%PDF-1.7\n")
        fh.truncate(50 * 1024 * 1024 + 1)  # sparse: cheap to make
    _raises(big, "is larger than the 50 MB limit", max_bytes=50 * 1024 * 1024)


def test_inspect_missing_file(tmp_path: Path) -> None:
    _raises(tmp_path / "nope.pdf", "cannot be found")


# --------------------------------------------------------------------------------------------------
# Bookmarks, metadata, progress


def test_bookmarks_point_at_the_right_pages(tmp_path: Path, items: list[ItemPapers]) -> None:
    _, output, _ = build(tmp_path, items, duplex=True)
    with pikepdf.open(output) as pdf:
        index = {page.objgen: i for i, page in enumerate(pdf.pages)}

        def target(entry: pikepdf.OutlineItem) -> int:
            return index[entry.destination[0].objgen]

        with pdf.open_outline() as outline:
            top = [(e.title, target(e)) for e in outline.root]
            children = {e.title: [(c.title, target(c)) for c in e.children] for e in outline.root}
    assert top == [
        ("Front sheet", 0),
        ("Agenda", 1),
        ("Item 2: Minutes of last meeting", 2),
        ("Item 3: e-Safety Strategy", 6),
        ("Item 4: Wellbeing, Prevention and Early Help", 8),
        ("Item 5a: Prevent Duty", 12),
        ("Item 6: Flu vaccination", 16),
    ]
    assert children["Item 4: Wellbeing, Prevention and Early Help"] == [
        ("Early Help update", 8),
        ("Appendix 4(a): Core offer report", 9),
    ]
    assert children["Item 2: Minutes of last meeting"] == [("Minutes of 21 May", 2)]


def test_metadata(tmp_path: Path, items: list[ItemPapers]) -> None:
    subject = "Agenda pack, 17 September 2015"
    _, output, _ = build(tmp_path, items, subject=subject, author="Board coordinator")
    with pikepdf.open(output) as pdf:
        assert str(pdf.docinfo.Title) == "CPB pack"
        assert str(pdf.docinfo.Subject) == "Agenda pack, 17 September 2015"
        assert str(pdf.docinfo.Author) == "Board coordinator"
        assert str(pdf.docinfo.Creator) and str(pdf.docinfo.Producer).startswith("pikepdf")
        meta = pdf.open_metadata()
        assert meta["dc:title"] == "CPB pack"
        assert meta["dc:creator"] == ["Board coordinator"]
    info = subprocess.run(["pdfinfo", str(output)], capture_output=True, text=True).stdout
    assert "CPB pack" in info


def test_progress_stages(tmp_path: Path, items: list[ItemPapers]) -> None:
    calls: list[tuple[str, int]] = []
    build(tmp_path, items, progress=lambda stage, pct: calls.append((stage, pct)))
    stages = [stage for stage, _ in calls]
    assert stages[0] == "counting pages" and stages[-1] == "saving"
    assert [s for i, s in enumerate(stages) if i == 0 or stages[i - 1] != s] == [
        "counting pages",
        "stamping",
        "saving",
    ]
    assert calls[-1] == ("saving", 100)
    assert all(0 <= pct <= 100 for _, pct in calls)


# --------------------------------------------------------------------------------------------------
# Failures


def test_failure_leaves_existing_output_untouched(tmp_path: Path, papers: dict[str, Path]) -> None:
    doomed = tmp_path / "doomed.pdf"
    shutil.copy(papers["esafety"], doomed)
    items = [
        ItemPapers("2", "Minutes", (paper(papers["minutes"], "2", "Minutes"),)),
        ItemPapers("3", "Strategy", (paper(doomed, "3", "e-Safety Strategy"),)),
    ]
    plan = plan_pack(items)
    front = render_front(tmp_path / "front.pdf", items, plan)
    output = tmp_path / "pack.pdf"
    output.write_bytes(b"the previous pack")
    doomed.unlink()
    with pytest.raises(PaperError) as info:
        assemble_pack(front_matter=front, items=items, plan=plan, output=output, duplex=True, title="x")
    assert str(info.value) == "Item 3 'e-Safety Strategy' cannot be found: upload it again"
    assert output.read_bytes() == b"the previous pack"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["front.pdf", "pack.pdf"]


def test_changed_paper_is_refused(tmp_path: Path, papers: dict[str, Path]) -> None:
    changing = tmp_path / "changing.pdf"
    shutil.copy(papers["esafety"], changing)
    items = [ItemPapers("3", "Strategy", (paper(changing, "3", "e-Safety Strategy"),))]
    plan = plan_pack(items)
    front = render_front(tmp_path / "front.pdf", items, plan)
    shutil.copy(papers["prevent"], changing)  # 4 pages now, the agenda says 2
    with pytest.raises(PaperError, match="has changed since the page numbers were worked out"):
        output = tmp_path / "pack.pdf"
        assemble_pack(front_matter=front, items=items, plan=plan, output=output, duplex=True, title="x")
    assert not (tmp_path / "pack.pdf").exists()


def test_failure_during_save_removes_the_temporary_file(
    tmp_path: Path, items: list[ItemPapers], monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = plan_pack(items)
    front = render_front(tmp_path / "front.pdf", items, plan)
    output = tmp_path / "pack.pdf"
    output.write_bytes(b"old")

    def broken_save(self: pikepdf.Pdf, *args: object, **kwargs: object) -> None:
        Path(str(args[0])).write_bytes(b"half a pack")
        raise OSError("disk full")

    monkeypatch.setattr(pikepdf.Pdf, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        assemble_pack(front_matter=front, items=items, plan=plan, output=output, duplex=True, title="x")
    assert output.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["front.pdf", "pack.pdf"]


def test_internal_links_of_a_paper_still_work(tmp_path: Path, papers: dict[str, Path]) -> None:
    import weasyprint

    linked = tmp_path / "linked.pdf"
    html = (
        "<p><a href='#part2'>Contents: part 2</a></p>"
        "<h1 id='part2' style='break-before: page'>Part 2</h1><p>Second part</p>"
    )
    weasyprint.HTML(string=html).write_pdf(linked)
    with pikepdf.open(linked) as src:
        original_top = float(pikepdf.NameTree(src.Root.Names.Dests)["part2"][3])
    items = [
        ItemPapers("2", "Minutes", (paper(papers["minutes"], "2", "Minutes"),)),
        ItemPapers("3", "Linked report", (paper(linked, "3", "Linked report"),)),
    ]
    _, output, _ = build(tmp_path, items)
    with pikepdf.open(output) as pdf:
        index = {page.objgen: i for i, page in enumerate(pdf.pages)}
        link = next(a for a in pdf.pages[6].obj.Annots if a.get("/Subtype") == Name.Link)
        dest = link.Dest
        assert isinstance(dest, Array)
        assert index[dest[0].objgen] == 7  # pack page 6, the report's second page
        assert dest[1] == Name.XYZ
        assert 0 < float(dest[3]) < original_top  # moved down with the shrunk content
