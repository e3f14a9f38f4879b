"""The scorecard's charts from its plain data: each indicator's ratings over its last periods, its comparators'
figures beside its own, the grid of ratings with the same ratings in words, and an indicator's trend chart."""

from __future__ import annotations

import datetime
import re

import pytest
from defusedxml.ElementTree import fromstring

from performance import scorecards
from performance.charts import indicator_trend_svg, rag_grids, scorecard_context
from performance.enums import Frequency, Unit
from performance.selectors import indicator_series
from performance.tests.factories import IndicatorFactory, england, record, scorecard_figures

pytestmark = pytest.mark.django_db

AS_AT = datetime.date(2016, 6, 16)
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def board(cast):
    return scorecard_figures(cast.board)


def rows_by_code(card) -> dict:
    return {row["code"]: row for group in card["groups"] for row in group["rows"]}


def test_each_row_carries_its_ratings_and_its_comparators_over_its_last_periods(board):
    rows = rows_by_code(scorecards.build_scorecard(board, as_at=AS_AT))
    att = rows["ATT"]
    assert [(p["period"], p["start"], p["rating"]) for p in att["trend"]] == [
        ("2013/14", "2013-04-01", "red"),
        ("2014/15", "2014-04-01", "red"),
        ("2015/16", "2015-04-01", "red"),
    ]
    cla = rows["CLA"]
    assert (cla["area"], cla["period_kind"]) == ("Lancashire", "year")
    assert [p["rating"] for p in cla["trend"]] == ["", ""]  # contextual: never rated
    assert cla["comparator_trend"] == [
        {"area": "North West", "values": [81.0, 82.0], "texts": ["81.0", "82.0"]},
        {"area": "England", "values": [60.0, 60.0], "texts": ["60.0", "60.0"]},
    ]


def test_the_public_grid_says_suppressed_where_the_figure_is(board):
    public = scorecards.build_scorecard(board, as_at=AS_AT, public=True)
    (grid,) = rag_grids(public)
    words = {row["code"]: [w for _, _, w in cells] for row, cells in grid["rows"]}
    assert words["PF"] == ["No figure", "Not rated (contextual)", "Suppressed (fewer than 5)"]


def test_a_grid_for_each_kind_of_period_with_the_latest_eight(board):
    quarterly = IndicatorFactory(
        board=board, code="Q", name="Quarterly figure", unit=Unit.PERCENTAGE, frequency=Frequency.QUARTERLY
    )
    quarters = [f"Q{q} {y}/{str(y + 1)[-2:]}" for y in (2013, 2014, 2015) for q in (1, 2, 3, 4)]
    for n, quarter in enumerate(quarters):
        record(quarterly, quarter, 50 + n)
    card = scorecards.build_scorecard(board, as_at=AS_AT)
    grids = {grid["kind"]: grid for grid in rag_grids(card)}
    assert sorted(grids) == ["quarter", "year"]
    assert grids["quarter"]["title"] == "Ratings by quarter"
    assert grids["quarter"]["columns"] == quarters[-8:]
    svg = fromstring(str(grids["quarter"]["svg"]))
    assert svg[0].text == "Ratings by quarter, Q1 2014/15 to Q4 2015/16"
    assert "R for red, A for amber, G for green" in svg[1].text
    cells = [c for c in svg.iter(f"{SVG}g") if (c.get("class") or "").startswith("rag-cell")]
    assert len(cells) == 8 + 5  # one row of eight, and the legend's five keys
    # The year grid keeps the annual figures apart from the quarters' year-ends.
    assert [row["code"] for row, _ in grids["year"]["rows"]] == ["CSE", "ATT", "CLA", "PF"]


def test_a_rows_trend_is_kept_under_what_it_shows(board, django_assert_num_queries):
    def trends() -> dict[str, dict]:
        card = scorecards.build_scorecard(board, as_at=AS_AT)
        with django_assert_num_queries(0):
            shown = scorecard_context(card, trends=True)
        return {r["code"]: r for g in shown["groups"] for r in g["rows"]}

    before = trends()
    assert str(before["CLA"]["draw_trend"]()).startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    record(board.indicators.get(code="CLA"), "2015/16", "70.0", reason="Corrected count")
    after = trends()
    changed = {code for code in before if before[code]["trend_key"] != after[code]["trend_key"]}
    assert changed == {"CLA"}


def test_an_indicators_trend_chart_has_its_area_and_comparators_oldest_first(board):
    cla = board.indicators.get(code="CLA")
    text = str(indicator_trend_svg(cla, indicator_series(cla)))
    svg = fromstring(text)
    assert (svg.get("id"), svg.get("role")) == ("trend-cla", "img")
    assert svg[0].text == "Trend: Children looked after (rate per 10,000)"
    assert svg[1].text == (
        "One line for Lancashire and one for each area it is compared with (North West, England), over 2 years "
        "from 2014/15 to 2015/16. The figures are in the table below the chart."
    )
    legend = [
        t.text for g in svg.iter(f"{SVG}g") if "legend" in (g.get("class") or "").split() for t in g.iter(f"{SVG}text")
    ]
    assert legend == ["Lancashire", "North West", "England"]
    x_labels = [t.text for g in svg.iter(f"{SVG}g") if g.get("class") == "axis x" for t in g.iter(f"{SVG}text")]
    assert x_labels == ["2014/15", "2015/16"]
    assert "style=" not in text and "<script" not in text
    assert len(re.findall(r'class="line reactive', text)) == 3


def test_a_quarterly_indicators_trend_is_its_quarters_not_its_years(board):
    quarterly = IndicatorFactory(board=board, code="Q", frequency=Frequency.QUARTERLY, comparators=[england()])
    for quarter, value in [("Q3 2015/16", 10), ("Q4 2015/16", 12), ("Q1 2016/17", 11)]:
        record(quarterly, quarter, value)
    record(quarterly, "2015/16", 40)
    svg = fromstring(str(indicator_trend_svg(quarterly, indicator_series(quarterly))))
    x_labels = [t.text for g in svg.iter(f"{SVG}g") if g.get("class") == "axis x" for t in g.iter(f"{SVG}text")]
    assert x_labels == ["Q3 2015/16", "Q4 2015/16", "Q1 2016/17"]
