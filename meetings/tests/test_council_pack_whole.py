"""Issue 11's council pack in one: a council committee created through the portal, its new meeting with the
council's standing items and notice of meeting, a report with two appendices and a Part II paper; the
members' edition read back (front sheet, Part I and Part II, labels, stamps on every Part II page) and the
shared pack checker content."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess

import pytest

from boards.enums import BoardKind
from boards.services import board_create
from core.permissions import SYSTEM
from meetings import parts, services
from meetings.enums import ExemptParagraph, PackEdition, PackStatus, PaperKind
from meetings.models import Meeting
from meetings.packs.services import pack_build_now
from meetings.tests.factories import PaperFactory
from testsupport.shared import check_pack
from testsupport.storage import local_copy

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)"),
]


def _pages(path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")[:-1]


def test_a_council_committees_pack_from_a_new_committee(cast):
    committee = board_create(
        user=SYSTEM,
        name="Children's Services Scrutiny Committee",
        short_name="CSSC",
        kind=BoardKind.COUNCIL_COMMITTEE,
        front_sheet_authority="Lancashire County Council",
        front_sheet_signatory="Angie Ridgwell",
        front_sheet_signatory_title="Chief Executive and Director of Resources",
    )
    meeting = services.meeting_create(
        user=SYSTEM, board=committee, date=datetime.date(2030, 3, 14), start_time=datetime.time(10)
    )
    standing = [item.title for item in meeting.items.order_by("position")]
    assert standing == [
        "Apologies for Absence and Substitutions",
        "Declarations of Interest",
        "Minutes of the Last Meeting",
        "Urgent Business",
        "Date of the Next Meeting",
    ]

    def add(title, **fields):
        return services.agenda_item_add(user=SYSTEM, meeting=Meeting.objects.get(pk=meeting.pk), title=title, **fields)

    plan = add("Youth Justice Plan")
    PaperFactory(item=plan, kind=PaperKind.REPORT, title="Youth Justice Plan 2030", pages=3, position=0)
    PaperFactory(item=plan, kind=PaperKind.APPENDIX, title="Reoffending figures", pages=2, position=1)
    PaperFactory(item=plan, kind=PaperKind.APPENDIX, title="Partner map", pages=1, position=2)
    contract = add("Residential Care Contract", confidential=True, exemption_paragraph=ExemptParagraph.FINANCIAL)
    PaperFactory(item=contract, kind=PaperKind.REPORT, title="Tender evaluation", pages=3, text="Exempt tender prices")

    built = pack_build_now(user=SYSTEM, meeting=Meeting.objects.get(pk=meeting.pk), edition=PackEdition.MEMBERS)
    assert built.status == PackStatus.DONE, built.error
    path = local_copy(built.file)
    result = check_pack(path)
    assert result.returncode == 0, result.stdout + result.stderr

    pages = _pages(path)
    front = " ".join(" ".join(pages[: built.manifest["front_pages"]]).split())
    for text in ("Lancashire County Council", "Notice of Meeting", "Angie Ridgwell"):
        assert text.lower() in front.lower()
    order = [
        parts.PART_ONE_HEADING,
        "1 Apologies for Absence",
        "4 Youth Justice Plan (Pages 1 - 6)",
        "5 Urgent Business",
        "6 Date of the Next",
        parts.PART_TWO_HEADING,
        "7 Residential Care",
    ]
    at = [front.find(text, front.find(parts.PART_ONE_HEADING)) for text in order]
    assert -1 not in at and at == sorted(at), dict(zip(order, at, strict=True))

    papers = pages[built.manifest["front_pages"] :]
    plan_number = "4"
    firsts = [" ".join(p.split()[:8]) for p in papers if "page 1 of" in p]
    assert any(f"Agenda Item {plan_number} " in f and "Appendix" not in f for f in firsts)  # the report
    assert any(f"Agenda Item {plan_number} - Appendix {plan_number}(a)" in f for f in firsts)
    assert any(f"Agenda Item {plan_number} - Appendix {plan_number}(b)" in f for f in firsts)
    exempt = [p for p in papers if "Tender evaluation" in p or "Exempt tender prices" in p]
    assert len(exempt) == 3
    for page in exempt:
        assert re.search(r"Not for publication by virtue of\s+paragraph 3", " ".join(page.split())), page
