"""The scorecard's pictures, drawn on the server (:mod:`core.charts`), each with its figures in words beside it.

* a sparkline per indicator (the same on the web page and in the pack), titled with its figures in words;
* a grid of ratings per kind of period: the indicators down the side, their last eight periods across, a
  letter (R, A, G) in each rated cell; :func:`rag_grids` gives the same ratings in words for the table
  beside it;
* a trend chart per indicator: the board's own area and the areas it is compared with (the region, England)
  over the indicator's own kind of period, oldest first, with the figures as a table beside it
  (:func:`indicator_trend_svg` from an indicator's series, :func:`scorecard_context` from a scorecard's rows).

Everything here reads the scorecard's plain data (:func:`performance.scorecards.build_scorecard`, or a
meeting's frozen copy of it) or a series already read, so drawing makes no query.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.template import loader
from django.utils.safestring import SafeString
from django.utils.text import slugify

from core.charts import DRAWING_CODE, NOT_RATED, kept_svgs, line_chart_svg, rag_grid_svg, sparkline_svg

from . import computation
from .enums import PeriodKind, Rating
from .scorecards import SPARKLINE_PERIODS, comparator_names
from .selectors import KIND_HEADINGS, Series

#: Each kind of period in the plural, as a sentence says it.
KIND_PLURALS = {
    PeriodKind.MONTH: "months",
    PeriodKind.QUARTER: "quarters",
    PeriodKind.TERM: "terms",
    PeriodKind.YEAR: "years",
    PeriodKind.SNAPSHOT: "dates",
}
LETTERS = {Rating.RED: "R", Rating.AMBER: "A", Rating.GREEN: "G"}


def _trend_words(row: dict[str, Any]) -> str:
    points = [f"{p['period']} {p['text'] or 'no figure'}" for p in row["trend"]]
    return f"Trend of {row['name']}: " + ("; ".join(points) if points else "no figures yet")


def scorecard_context(
    scorecard: dict[str, Any],
    *,
    prefix: str = "scorecard",
    revised: dict[str, str] | None = None,
    trends: bool = False,
) -> dict[str, Any]:
    """What the scorecard templates need: the groups with each row's sparkline (and, for a frozen scorecard
    read on the web, what has been revised since), and the comparator columns. ``trends``: each row's trend
    too, for the trend block (:data:`TREND_TEMPLATE`; see :func:`_add_trends`)."""
    revised = revised or {}
    groups = []
    for g, group in enumerate(scorecard.get("groups", [])):
        rows = []
        for r, row in enumerate(group["rows"]):
            values = [p["value"] for p in row["trend"]]
            spark = ""
            if sum(v is not None for v in values) >= 2:
                spark = sparkline_svg(chart_id=f"{prefix}-spark-{g}-{r}", title=_trend_words(row), values=values)
            rows.append(
                {**row, "sparkline": spark, "trend_words": _trend_words(row), "revised_text": revised.get(row["code"])}
            )
        groups.append({**group, "rows": rows})
    if trends:
        _add_trends(groups, prefix=prefix)
    as_at = scorecard.get("as_at")
    return {
        "groups": groups,
        "comparator_names": comparator_names(scorecard),
        "as_at": datetime.date.fromisoformat(as_at) if as_at else None,
        "public": scorecard.get("public", False),
        "threshold": scorecard.get("threshold", 0),
        "board": scorecard.get("board", ""),
    }


# Ratings -------------------------------------------------------------------------------------------------------


def _cell(row: dict[str, Any], point: dict[str, Any] | None) -> tuple[str, str]:
    """A period's rating as the grid writes it (a letter, the not-rated mark, or nothing) and in words."""
    if point is None:
        return "", "No figure"
    if point.get("value") is None:
        return "", point.get("text") or "No figure"
    rating = point.get("rating")
    if rating:
        return LETTERS[rating], Rating(rating).label
    return NOT_RATED, "Not rated (contextual)" if row.get("contextual") else "Not rated (no target)"


def rag_grids(scorecard: dict[str, Any], *, prefix: str = "scorecard") -> list[dict[str, Any]]:
    """A grid of ratings for each kind of period the indicators report on (quarters, years...): the
    indicators in the scorecard's order, and the latest eight periods of that kind any of them has. Each
    comes with its SVG (kept between requests, :func:`kept_svgs`) and with its rows in words (``columns``,
    ``rows`` of ``(row, cells)`` where a cell is ``(column, letter, words)``) for the table beside it."""
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for group in scorecard.get("groups", []):
        for row in group["rows"]:
            by_kind.setdefault(row.get("period_kind") or "", []).append(row)
    grids, drawings = [], []
    for kind, rows in by_kind.items():
        labels: dict[str, str] = {}
        for row in rows:
            for point in row["trend"]:
                labels[point.get("start") or point["period"]] = point["period"]
        starts = sorted(labels)[-SPARKLINE_PERIODS:]
        if not starts:
            continue
        columns = [labels[start] for start in starts]
        table = []
        for row in rows:
            points = {p.get("start") or p["period"]: p for p in row["trend"]}
            cells = [(column, *_cell(row, points.get(start))) for column, start in zip(columns, starts, strict=True)]
            table.append((row, cells))
        heading = KIND_HEADINGS.get(kind, "Periods")
        plural = KIND_PLURALS.get(kind, "periods")
        title = f"Ratings by {heading.lower().rstrip('s')}" if kind != PeriodKind.SNAPSHOT else "Ratings by date"
        spec = {
            "chart_id": f"{prefix}-rag-{kind or 'other'}",
            "title": f"{title}, {columns[0]} to {columns[-1]}" if len(columns) > 1 else f"{title}, {columns[0]}",
            "description": (
                f"A row for each indicator reported in {plural} and a column for each of the last "
                f"{len(columns)} {plural}: R for red, A for amber, G for green, a dash for a figure that is not "
                f"rated (no target, or a contextual indicator) and a blank for no figure. The table “{title}” "
                "below gives the same ratings in words."
            ),
            "columns": columns,
            "rows": [(row["name"], [letter for _, letter, _ in cells]) for row, cells in table],
        }
        drawings.append((("rag", spec), lambda spec=spec: rag_grid_svg(**spec)))
        grids.append({"kind": kind, "title": title, "columns": columns, "rows": table})
    for grid, svg in zip(grids, kept_svgs(drawings), strict=True):
        grid["svg"] = svg
    return grids


# Trends --------------------------------------------------------------------------------------------------------


def _formatter(unit: str, decimals: int):
    return lambda v: computation.format_value(Decimal(str(v)), unit, decimals)


def _trend_description(areas: list[str], labels: list[str], kind: str) -> str:
    if not labels:
        return "No figures yet."
    own, others = areas[0], areas[1:]
    lines = f"One line for {own}" + (
        f" and one for each area it is compared with ({', '.join(others)})" if others else ""
    )
    span = f"{labels[0]} to {labels[-1]}" if len(labels) > 1 else labels[0]
    plural = KIND_PLURALS.get(kind, "periods")
    return f"{lines}, over {len(labels)} {plural} from {span}. The figures are in the table below the chart."


def trend_chart_svg(
    *,
    chart_id: str,
    name: str,
    kind: str,
    unit: str,
    decimals: int,
    labels: list[str],
    lines: list[tuple[str, list[float | None]]],
) -> SafeString:
    """One indicator's trend: a line per area (its own first), over its periods oldest first."""
    return line_chart_svg(
        chart_id=chart_id,
        title=f"Trend: {name}",
        description=_trend_description([area for area, _ in lines], labels, kind),
        labels=labels,
        series=lines,
        value_format=_formatter(unit, decimals),
    )


def indicator_trend_svg(indicator, series: Series, *, chart_id: str = "") -> SafeString:
    """The trend of ``indicator`` from its series (:func:`performance.selectors.indicator_series`): its own
    area and comparators over its own kind of period (quarters for a quarterly indicator), oldest first."""
    own_kind = indicator.own_kind
    rows = next(
        (rows for _label, rows in series.groups if rows and rows[0].period.kind == own_kind),
        [],
    )
    rows = list(reversed(rows))  # the series lists the latest first

    def plotted(cell) -> float | None:
        return float(cell.value) if cell is not None and cell.figure.usable else None

    return trend_chart_svg(
        chart_id=chart_id or f"trend-{slugify(indicator.code)}",
        name=indicator.name,
        kind=own_kind,
        unit=indicator.unit,
        decimals=indicator.decimals,
        labels=[row.period.label for row in rows],
        lines=[(area.name, [plotted(row.cells[i]) for row in rows]) for i, area in enumerate(series.areas)],
    )


#: The block a scorecard row's trend is shown in: its chart, then its figures as a table.
TREND_TEMPLATE = "performance/_trend.html"


@cache
def _trend_layout() -> str:
    """A hash of the trend block's template: a change to it shows every kept block afresh."""
    return hashlib.sha256(Path(loader.get_template(TREND_TEMPLATE).origin.name).read_bytes()).hexdigest()[:16]


def _add_trends(groups: list[dict[str, Any]], *, prefix: str) -> None:
    """Each row's trend: the table of its figures (a row per period, a column per area), ``draw_trend`` to
    draw its chart, and ``trend_key``, a hash of everything the block shows. Drawing sixty charts with pygal
    takes about a second, so the page keeps each block (``{% cache %}``) under its key and draws a chart only
    when its figures, or the code and template drawing it, have changed."""
    for group in groups:
        for row in group["rows"]:
            if not row["trend"]:
                row["trend_table"], row["trend_key"], row["draw_trend"] = None, "", None
                continue
            others = row.get("comparator_trend", [])
            labels = [p["period"] for p in row["trend"]]
            spec = {
                "chart_id": f"{prefix}-trend-{slugify(row['code'])}",
                "name": row["name"],
                "kind": row.get("period_kind", ""),
                "unit": row["unit"],
                "decimals": row["decimals"],
                "labels": labels,
                "lines": [
                    (row.get("area") or "This area", [p["value"] for p in row["trend"]]),
                    *((other["area"], other["values"]) for other in others),
                ],
            }
            areas = [area for area, _ in spec["lines"]]
            row["trend_table"] = {
                "areas": areas,
                "rows": [
                    (label, list(zip(areas, [row["trend"][i]["text"], *(o["texts"][i] for o in others)], strict=True)))
                    for i, label in enumerate(labels)
                ],
            }
            shown = [DRAWING_CODE, _trend_layout(), row["code"], spec, row["trend_table"]]
            row["trend_key"] = hashlib.sha256(json.dumps(shown, default=str).encode()).hexdigest()
            row["draw_trend"] = lambda spec=spec: trend_chart_svg(**spec)
