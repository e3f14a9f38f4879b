"""The LSCB's figures from its annual report 2015-16 (demo/data/performance.yaml, demo/performance.py): every
cell as the seed prints it, and the portal's own arithmetic on them, which corrects the report where it is
wrong; loading them again changes nothing."""

from __future__ import annotations

import pytest

from boards.models import Board, Priority
from boards.tests.factories import BoardFactory, OrganisationFactory
from demo.content import demo_content
from demo.loader import DemoResult
from demo.performance import cell_figure, load_performance
from performance import computation, selectors
from performance.enums import Direction, ObservationStatus, Rating
from performance.models import Indicator, Observation, Target
from testsupport.shared import SEEDS

DATA = demo_content("performance")
MINUS = "\u2212"


def _printed(cell) -> str:
    return cell if isinstance(cell, str) else cell["printed"]


def _rows():
    for spec in DATA["indicators"]:
        for table in spec["tables"]:
            for row in table["rows"]:
                yield spec["code"], table, row


# The data, read back from the seed (no database) --------------------------------------------------------


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed documents not available")
@pytest.mark.parametrize(("code", "table", "row"), list(_rows()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_row_is_copied_from_the_seed_as_printed(code, table, row):
    """The row's label, then its cells in order, within the lines the YAML cites."""
    lines = (SEEDS / "lscb-annual-report-2015-16.txt").read_text(encoding="utf-8").splitlines()
    first, last = table["lines"]
    cells = [line.strip() for line in lines[first - 1 : last] if line.strip()]
    assert row["label"] in cells, f"{code}: “{row['label']}” is not in lines {first}-{last}"
    start = cells.index(row["label"]) + 1
    printed = [_printed(cell) for cell in row["cells"]]
    assert cells[start : start + len(printed)] == printed
    assert len(table["periods"]) == len(printed)


def test_a_cell_with_a_status_keeps_the_number_it_prints():
    for code, _table, row in _rows():
        for cell in row["cells"]:
            figure = cell_figure(cell)
            if isinstance(cell, dict) and "value" in cell:
                assert cell["printed"].startswith(cell["value"]), code
            if figure["status"] in (ObservationStatus.NOT_YET_AVAILABLE, ObservationStatus.NOT_COLLECTED):
                assert figure["value"] is None, code
            elif figure["status"] != ObservationStatus.UNDER_REVIEW:
                assert figure["value"] is not None, code


# The figures loaded, and what the portal makes of them ----------------------------------------------------


@pytest.fixture
def lscb(db) -> Board:
    """The LSCB with the organisations that own its indicators, then its figures: the performance part of
    load_demo on its own (the whole demo takes a dozen seconds; test_demo.py loads it)."""
    board = BoardFactory(name="Lancashire Safeguarding Children Board", short_name="LSCB", standing_items=False)
    for name in {spec["owner"] for spec in DATA["indicators"] if spec.get("owner")}:
        OrganisationFactory(name=name)
    load_performance(DemoResult(board=board), board=board)
    return board


def series(board: Board, code: str):
    return selectors.indicator_series(Indicator.objects.get(board=board, code=code))


def row_for(series, label: str):
    return next(row for row in series.rows if str(row.period) == label)


def test_the_lscb_has_its_three_priorities_and_the_four_circumstances_of_the_third(lscb):
    priorities = Priority.objects.filter(board=lscb)
    assert [(p.number, p.parent.number if p.parent else None) for p in priorities] == [
        ("1", None),
        ("2", None),
        ("3", None),
        ("3.1", "3"),
        ("3.2", "3"),
        ("3.3", "3"),
        ("3.4", "3"),
    ]
    assert {p.plan.title for p in priorities} == {"LSCB Business Plan 2015/16"}  # "the Business plan for 2015"
    assert priorities[0].plan.year_label == "2015/16"
    assert str(priorities[0]) == (
        "Priority 1: Improve the effectiveness of agencies and the community in preventing child sexual exploitation"
    )
    evidence = {p.number: sorted(p.indicators.values_list("code", flat=True)) for p in priorities}
    assert evidence["1"] == ["CSE-HIGH-RISK"]
    assert evidence["2"] == ["MISSING-EDUCATION", "MISSING-HOME", "MISSING-HOME-CLA"]


def test_every_indicator_and_figure_is_loaded(lscb):
    assert Indicator.objects.filter(board=lscb).count() == len(DATA["indicators"]) == 12
    cells = sum(len(row["cells"]) for _code, _table, row in _rows())
    assert Observation.objects.filter(indicator__board=lscb).count() == cells == 89
    cla = Indicator.objects.get(board=lscb, code="CLA-RATE")
    assert (cla.owner_organisation.name, cla.get_polarity_display(), cla.decimals) == (
        "Lancashire County Council",
        "Contextual (neither higher nor lower is better)",
        1,
    )
    assert [area.name for area in series(lscb, "CLA-RATE").areas] == ["Lancashire", "North West", "England"]


def test_cse_change_is_worked_out_not_the_reports_46_1_percent(lscb):
    cse = series(lscb, "CSE-HIGH-RISK")
    assert [area.name for area in cse.areas] == ["Pan-Lancashire"]
    latest = row_for(cse, "2015/16")
    assert latest.change.describe(0) == "+332 (+23.5%)"
    assert latest.direction == Direction.UP and latest.rating is None  # contextual
    earlier = row_for(cse, "2014/15").own
    assert (earlier.value, earlier.status) == (1412, ObservationStatus.PROVISIONAL)
    assert earlier.quality_note == "Printed as “1412 (tbc)”; to be confirmed."


def test_attendance_is_red_and_worse_against_the_80_percent_target(lscb):
    attendance = series(lscb, "LSCB-ATTENDANCE")
    latest = row_for(attendance, "2015/16")
    assert (latest.own.value, latest.rating, latest.direction) == (67, Rating.RED, Direction.WORSE)
    assert computation.describe_target(latest.target.rule, "percentage", 0) == "at least 80%"
    assert str(latest.target.effective_from) == "2013/14"


def test_serious_case_reviews_are_the_same_and_green(lscb):
    latest = row_for(series(lscb, "LSCB-SCR-TIMELY"), "2015/16")
    assert (latest.own.value, latest.direction, latest.rating) == (100, Direction.SAME, Rating.GREEN)


def test_business_plan_actions_under_review_get_no_rating_and_cdop_has_no_target(lscb):
    plan = row_for(series(lscb, "LSCB-PLAN-ACTIONS"), "2015/16")
    assert (plan.own.value, plan.own.status, plan.rating, plan.direction) == (
        None,
        ObservationStatus.UNDER_REVIEW,
        None,
        None,
    )
    assert row_for(series(lscb, "LSCB-PLAN-ACTIONS"), "2014/15").rating == Rating.GREEN  # 95% against 90%
    cdop = series(lscb, "CDOP-CASES")
    assert row_for(cdop, "2013/14").own.status == ObservationStatus.NOT_COLLECTED
    assert row_for(cdop, "2015/16").change.describe(0) == "+2 (+2.4%)"
    assert not Target.objects.filter(indicator__code="CDOP-CASES").exists()


def test_child_protection_rate_is_up_on_england_and_never_rated(lscb):
    cp = series(lscb, "CP-RATE")
    latest = row_for(cp, "2015/16")
    lancashire, england = latest.cells
    assert (lancashire.value, england.value) == (59, computation.to_decimal("42.9"))
    indicator = cp.indicator
    assert (
        computation.direction(lancashire.figure, england.figure, indicator.polarity, indicator.decimals) == Direction.UP
    )
    assert latest.direction == Direction.UP and latest.rating is None
    assert latest.change.describe(1) == "+20.1 per 10,000 (+51.7%)"


def test_assessments_fall_by_points_year_on_year_and_quarter_on_quarter(lscb):
    assessments = series(lscb, "ASSESS-TIMELY")
    assert [heading for heading, _rows in assessments.groups] == ["Quarters", "Years"]
    year = row_for(assessments, "2015/16")
    assert year.change.describe(1) == f"{MINUS}5.2 percentage points"
    assert year.direction == Direction.WORSE
    assert [cell.status for cell in year.cells[1:]] == [ObservationStatus.NOT_YET_AVAILABLE] * 2
    q4 = row_for(assessments, "Q4 2015/16")
    assert str(q4.previous) == "Q3 2015/16"
    assert q4.change.describe(1) == f"{MINUS}6.1 percentage points"


def test_missing_from_education_is_under_review_with_the_reports_note(lscb):
    rows = series(lscb, "MISSING-EDUCATION").rows
    assert [(str(r.period), r.own.value, r.change) for r in rows] == [
        ("Q4 2015/16", 505, None),
        ("Q3 2015/16", 424, None),
        ("Q2 2015/16", 376, None),
        ("Q1 2015/16", 286, None),
    ]
    assert {r.own.status for r in rows} == {ObservationStatus.UNDER_REVIEW}
    assert {r.own.quality_note for r in rows} == {"Further enquiries are being made about the accuracy of this data"}
    home = row_for(series(lscb, "MISSING-HOME"), "Q4 2015/16")
    assert (home.change.describe(0), home.direction) == ("+5 (+1.0%)", Direction.WORSE)


def test_loading_again_changes_nothing(lscb):
    def counts():
        return (
            Indicator.objects.count(),
            Indicator.history.count(),
            Observation.objects.count(),
            Observation.history.count(),
            Target.objects.count(),
            Target.history.count(),
            Priority.objects.count(),
        )

    before = counts()
    result = DemoResult(board=lscb)
    load_performance(result, board=lscb)
    assert counts() == before
    assert result.created == {}
