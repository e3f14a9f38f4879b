"""The scorecard's pictures, drawn on the server (:mod:`core.charts`): a sparkline per indicator, the same
on the web page and in the pack. Each sparkline's title says its figures in words; the row beside it holds
them too."""

from __future__ import annotations

import datetime
from typing import Any

from core.charts import sparkline_svg

from .scorecards import comparator_names


def _trend_words(row: dict[str, Any]) -> str:
    points = [f"{p['period']} {p['text'] or 'no figure'}" for p in row["trend"]]
    return f"Trend of {row['name']}: " + ("; ".join(points) if points else "no figures yet")


def scorecard_context(
    scorecard: dict[str, Any], *, prefix: str = "scorecard", revised: dict[str, str] | None = None
) -> dict[str, Any]:
    """What the scorecard templates need: the groups with each row's sparkline (and, for a frozen scorecard
    read on the web, what has been revised since), and the comparator columns."""
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
    as_at = scorecard.get("as_at")
    return {
        "groups": groups,
        "comparator_names": comparator_names(scorecard),
        "as_at": datetime.date.fromisoformat(as_at) if as_at else None,
        "public": scorecard.get("public", False),
        "threshold": scorecard.get("threshold", 0),
        "board": scorecard.get("board", ""),
    }
