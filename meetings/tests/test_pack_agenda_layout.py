"""The pack's agenda table as printed: a long page reference stays on one line inside the papers column (the
pack checker reads it from one line), and "Not for publication" wraps inside the column instead of running
over the page's edge. The agenda is rendered with WeasyPrint and read back with pdftotext."""

import html
import re
import shutil
import subprocess

import pytest

from meetings.agenda import build_agenda
from meetings.enums import PackEdition
from meetings.packs.assembly import ItemPlacement, PackPlan
from meetings.packs.render import front_data, render_front_matter
from meetings.packs.sources import gather
from meetings.tests.factories import meeting_with_papers
from meetings.visibility import BOARD_READER

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)"),
]

MM = 72 / 25.4
# static/css/pack.css: A4, 16 mm margins left and right, and the papers column the last 30 of the 178 mm.
PAPERS_COLUMN = ((16 + 148) * MM, (16 + 178) * MM)


def words(path, page: int) -> list[tuple[str, float, float, float]]:
    """(word, left, right, top) of each word on one page."""
    command = ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', out)
    return [(html.unescape(text), float(x0), float(x1), float(y0)) for x0, y0, x1, text in found]


@pytest.fixture
def agenda_pdf(cast, tmp_path):
    """The public edition's agenda with page references as long as a 1,000-page pack's."""
    meeting = meeting_with_papers(cast.board)
    rows = gather(build_agenda(meeting, reader=BOARD_READER), edition=PackEdition.PUBLIC)
    spans = {"2": (189, 198), "3b": (1001, 1189), "4": (99, 100), "6": (1, 1)}
    plan = PackPlan(
        placements={number: ItemPlacement(number, *span) for number, span in spans.items()},
        total_paper_pages=0,
        blanks_before={},
    )
    data = front_data(meeting, rows, edition=PackEdition.PUBLIC)
    front = render_front_matter(data, plan=plan, rows=rows, output=tmp_path / "front.pdf", contents=False)
    return front.path


def test_long_page_references_and_not_for_publication_fit_inside_the_papers_column(agenda_pdf):
    text = subprocess.run(
        ["pdftotext", "-layout", "-f", "2", "-l", "2", str(agenda_pdf), "-"], capture_output=True, text=True
    ).stdout
    # Each reference on one line, as the checker reads it.
    assert re.findall(r"\(Pages (\d+) - (\d+)\)", text) == [("189", "198"), ("1001", "1189"), ("99", "100"), ("1", "1")]
    placed = words(agenda_pdf, 2)
    texts = [w[0] for w in placed]
    in_column = []
    for start in [i for i, word in enumerate(texts) if word == "(Pages"]:
        in_column += placed[start : start + 4]  # "(Pages", "1001", "-", "1189)"
    start = next(i for i in range(len(texts)) if texts[i : i + 3] == ["Not", "for", "publication"])
    in_column += placed[start : start + 3]
    assert len(in_column) == 4 * 4 + 3
    left, right = PAPERS_COLUMN
    for word, x0, x1, _ in in_column:
        assert left <= x0 and x1 <= right, f"{word!r} runs from {x0 / MM:.1f} to {x1 / MM:.1f} mm"
    for start in range(0, 16, 4):  # each reference on one line
        assert len({round(top) for _, _, _, top in in_column[start : start + 4]}) == 1
