"""Browser test for importing figures, on a phone (390 by 844): a coordinator uploads a CSV file with one bad
row, reads the check, imports the valid rows, then opens the data-entry page, sees the figure still missing and
enters it.

Every page is checked with axe-core for WCAG 2.2 A/AA (see testsupport/browser.py). The periods follow today's
date: the file gives figures for the latest quarter that has ended, and the one before it.
"""

from __future__ import annotations

import csv
import datetime
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from core import clock
from performance import periods
from performance.enums import Frequency, PeriodBasis, Unit
from performance.models import Observation
from performance.tests.factories import IndicatorFactory
from testsupport.browser import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
HEADER = ["Indicator code", "Area", "Period", "Value", "Status", "Data-quality note"]


def assert_fits(page) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= PHONE["width"], f"{page.url} is {scroll}px wide on a {PHONE['width']}px screen"


def write_csv(path: Path, rows) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def test_a_coordinator_imports_the_valid_rows_and_sees_what_is_missing(page, cast, tmp_path):
    board = cast.board
    attendance = IndicatorFactory(
        board=board, code="ATT", name="Attendance at board meetings", unit=Unit.PERCENTAGE, decimals=1,
        frequency=Frequency.QUARTERLY, position=1,
    )  # fmt: skip
    referrals = IndicatorFactory(
        board=board, code="CSE", name="Child sexual exploitation referrals", frequency=Frequency.QUARTERLY,
        position=2,
    )  # fmt: skip
    today = clock.today()
    latest, before = periods.recent(Frequency.QUARTERLY, PeriodBasis.FINANCIAL, today, 2)
    due = latest.end + datetime.timedelta(days=referrals.days_to_report)
    overdue = 1 if due < today else 0
    path = write_csv(
        tmp_path / "CPB figures.csv",
        [
            ["ATT", "Lancashire", latest.label, "74.6", "", ""],  # row 2
            ["CSE", "Lancashire", latest.label, "a lot", "", ""],  # row 3: not a number
            ["ATT", "", before.label, "tbc", "", ""],  # row 4: not yet available
        ],
    )

    page.set_viewport_size(PHONE)
    sign_in(page, cast.coordinator)
    page.goto(reverse("performance:import_upload", args=[board.slug]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Import figures to the CPB")
    assert_fits(page)
    page.get_by_label("File of figures").set_input_files(path)
    page.get_by_role("button", name="Upload and check").click()

    # The check: one row to correct, with what was read and why; two rows ready, each saying what it does.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import")
    expect(page.get_by_text("Nothing has been saved yet.")).to_be_visible()
    expect(page.get_by_role("list", name="What the import would do").get_by_role("listitem")).to_have_text(
        ["2 rows ready to import: 2 new, 0 changing a figure, 0 unchanged", "1 row to correct"]
    )
    to_correct = page.get_by_role("region", name="Rows to correct (1)")
    expect(to_correct.get_by_role("row", name=re.compile("^Row 3"))).to_contain_text(
        "Row 3: the value “a lot” is not a number. Write it as 1744 or 74.6, or leave it blank and give a status "
        "saying why there is no figure."
    )
    expect(to_correct).to_contain_text("Value: a lot")
    ready = page.get_by_role("region", name="Rows ready to import (2)")
    expect(ready.get_by_role("row", name=re.compile("^Row 2"))).to_contain_text("74.6")
    expect(ready.get_by_role("row", name=re.compile("^Row 4"))).to_contain_text("Not yet available")
    expect(page.get_by_role("button", name=re.compile("^Import all"))).to_have_count(0)
    assert_fits(page)
    assert not Observation.objects.exists()

    page.get_by_role("button", name="Import the 2 valid rows and leave out the rest").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import of “CPB figures.csv”")
    expect(page.get_by_role("status")).to_have_text(
        "Imported from “CPB figures.csv”: 2 new figures, 0 revised, 0 unchanged; 1 row left out."
    )
    expect(page.get_by_role("region", name="Rows left out (1)")).to_contain_text("Row 3")
    assert_fits(page)
    assert Observation.objects.filter(indicator=attendance).count() == 2
    assert not Observation.objects.filter(indicator=referrals).exists()

    # The data-entry page: the latest quarter, with the referrals figure still missing.
    page.get_by_role("link", name="Enter figures").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Enter figures for {latest.label}")
    expect(page.get_by_text(f"1 of 2 figures for {latest.label} is missing; {overdue} overdue")).to_be_visible()
    cards = page.get_by_role("main").get_by_role("listitem")
    att_card = cards.filter(has=page.get_by_role("heading", name="ATT: Attendance at board meetings"))
    cse_card = cards.filter(has=page.get_by_role("heading", name="CSE: Child sexual exploitation referrals"))
    expect(att_card).to_contain_text(f"Lancashire, {latest.label}: 74.6%")
    expect(att_card).not_to_contain_text("Missing")
    expect(cse_card).to_contain_text("Missing")
    expect(cse_card).to_contain_text(f"Overdue (due {due:%-d %B %Y})" if overdue else f"Due {due:%-d %B %Y}")
    assert_fits(page)

    # The coordinator enters it there.
    cse_card.get_by_label("Value (count)").fill("38")
    cse_card.get_by_role("button", name="Save the figure for CSE").click()
    expect(page.get_by_role("status")).to_have_text(f"Figure for CSE, {latest.label} saved.")
    expect(page.get_by_text(f"All 2 figures for {latest.label} are in.")).to_be_visible()
    assert Observation.objects.get(indicator=referrals).value == 38
    assert_fits(page)
