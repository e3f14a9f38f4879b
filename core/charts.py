"""Charts drawn on the server as SVG with pygal, for any page (attendance by organisation, scorecards).

A chart is inlined in the page as an ``<svg role="img">`` labelled by its own ``<title>`` and ``<desc>``;
the page puts the same figures in a table beside it (the text alternative), and the description says so.
No script (pygal's JavaScript is turned off) and no styles inside the SVG: the portal's Content Security
Policy refuses inline styles, so pygal's ``<style>`` element, its style attributes and its tooltip layer are
taken out, and the look comes from ``svg.portal-chart`` in ``static/css/portal.css``. The output carries no
random id or date, so the same figures always give the same SVG.

Bars are horizontal, first bar at the top, so long names (organisations, indicators) stay readable.

Sparklines and grids of ratings (red, amber, green: a letter in each cell as well as a colour) are a few
shapes each, drawn directly with ElementTree in the same way. A page with many pygal charts (a scorecard's
trends) keeps them with :func:`kept_svgs`, under a hash of what they are drawn from.
"""

from __future__ import annotations

import hashlib
import json
import math
import xml.etree.ElementTree as ET  # serialising our own tree; parsing goes through defusedxml
from collections.abc import Callable, Sequence
from pathlib import Path

import pygal
import pygal.style
from defusedxml.ElementTree import fromstring
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

SVG_NS = "http://www.w3.org/2000/svg"

#: Width of the drawing (the SVG scales to its container); height grows with the number of bars.
WIDTH = 960
BAR_HEIGHT = 30
MARGINS = 70  # title-free top margin, the axis and its labels


#: The sizes the portal's stylesheet draws the text at, so that pygal leaves room for the labels.
STYLE = pygal.style.Style(
    font_family="system-ui, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=12,
    title_font_size=16,
    tooltip_font_size=12,
)


def _ticks(top: float) -> list[float]:
    """Five or so round steps from 0 to ``top`` on the value axis (0, 20, ... 100 for percentages)."""
    step = max(1, math.ceil(top / 5 / 10) * 10) if top > 10 else 1
    return [step * i for i in range(int(top // step) + 1)]


def _q(tag: str) -> str:
    return f"{{{SVG_NS}}}{tag}"


class _TargetBar(pygal.HorizontalBar):
    """pygal's horizontal bar chart with a target drawn across the bars as a labelled line."""

    target: float | None = None
    target_label: str = ""

    def _plot(self):
        super()._plot()
        if self.target is None:
            return
        # In a horizontal chart pygal's view maps (bar position, value) to transposed coordinates, and
        # ``svg.line`` transposes them back.
        bottom, top = self.view((0, self.target)), self.view((1, self.target))
        self.svg.line(self.nodes["plot"], [bottom, top], class_="target-line")
        label = self.svg.node(self.nodes["plot"], "text", x=bottom[1], y=-6, class_="target-label")
        label.text = self.target_label


def bar_chart_svg(
    *,
    chart_id: str,
    title: str,
    description: str,
    bars: Sequence[tuple[str, float | None]],
    target: float | None = None,
    target_label: str = "",
    max_value: float = 100,
    value_format: Callable[[float], str] = lambda v: f"{v:.0f}%",
) -> SafeString:
    """An SVG bar chart, one horizontal bar per ``(label, value)`` in the order given (``None``: no bar).

    ``chart_id`` is the element's id (its title and description get ``-title`` and ``-desc``); ``target``
    draws a line across the bars, labelled ``target_label``; bars at or above it get the class
    ``meets-target``, the others ``below-target``. Values are printed at the end of each bar.
    """
    labels = [label for label, _ in bars]
    values = [None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v) for _, v in bars]
    top = max([max_value, *(v for v in values if v is not None)])
    chart = _TargetBar(
        js=[],
        css=[],
        style=STYLE,
        width=WIDTH,
        height=MARGINS + BAR_HEIGHT * max(1, len(bars)),
        show_legend=False,
        range=(0, top),
        print_values=True,
        print_values_position="top",
        value_formatter=value_format,
        formatter=lambda v: value_format(v) if v is not None else "",
        truncate_label=48,  # the full names are in the table beside the chart
        y_labels=_ticks(top),
        disable_xml_declaration=True,
        explicit_size=False,
        margin_top=22 if target is not None else 10,
        margin_right=50,
        no_data_text="No figures",
    )
    chart.target = target
    chart.target_label = target_label
    # pygal draws the first value at the bottom: give it the bars bottom to top.
    chart.x_labels = list(reversed(labels))
    chart.add("", list(reversed(values)))
    svg = fromstring(chart.render(is_unicode=True))
    _tidy(svg)
    _mark_bars(svg, list(reversed(values)), target)
    return _finish(svg, chart_id=chart_id, title=title, description=description)


def _serialise(svg: ET.Element) -> str:
    """The tree as SVG markup with the SVG namespace as the default. ElementTree would name it from its
    global namespace registry, which other libraries change (WeasyPrint registers a default namespace of its
    own), so the tags are written plain under an explicit ``xmlns``."""
    prefix = f"{{{SVG_NS}}}"
    for element in svg.iter():
        if isinstance(element.tag, str) and element.tag.startswith(prefix):
            element.tag = element.tag[len(prefix) :]
    attributes = dict(svg.attrib)
    svg.attrib.clear()
    svg.attrib.update({"xmlns": SVG_NS, **attributes})
    return ET.tostring(svg, encoding="unicode")


def _tidy(svg: ET.Element) -> None:
    """Take out what the portal does not serve: pygal's script settings, styles, style attributes and
    tooltips, its own titles and per-bar descriptions (for its script), and the random id it hangs them on.
    (The parser has already dropped the comment with the date.)"""
    dropped = {_q("script"), _q("style"), _q("title"), _q("desc")}
    for parent in list(svg.iter()):
        for child in list(parent):
            if child.tag in dropped or "tooltip-overlay" in (child.get("class") or "").split():
                parent.remove(child)
        parent.attrib.pop("style", None)
    for defs in svg.findall(_q("defs")):
        if not len(defs):
            svg.remove(defs)
    for key in ("id", "class"):
        svg.attrib.pop(key, None)


def _mark_bars(svg: ET.Element, values: list[float | None], target: float | None) -> None:
    if target is None:
        return
    bars = [g for g in svg.iter(_q("g")) if (g.get("class") or "").split() == ["bar"]]
    present = [v for v in values if v is not None]
    for group, value in zip(bars, present, strict=False):
        for rect in group.iter(_q("rect")):
            state = "meets-target" if value >= target else "below-target"
            rect.set("class", f"{rect.get('class', '')} {state}".strip())


def _finish(svg: ET.Element, *, chart_id: str, title: str, description: str, extra_class: str = "") -> SafeString:
    svg.set("id", chart_id)
    svg.set("class", f"portal-chart {extra_class}".strip())
    svg.set("role", "img")
    svg.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
    title_node = ET.Element(_q("title"), id=f"{chart_id}-title")
    title_node.text = title
    desc_node = ET.Element(_q("desc"), id=f"{chart_id}-desc")
    desc_node.text = description
    svg.insert(0, desc_node)
    svg.insert(0, title_node)
    return mark_safe(_serialise(svg))  # noqa: S308 - our own tree; ElementTree escapes its text


def line_chart_svg(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    value_format: Callable[[float], str] = lambda v: f"{v:g}",
    height: int = 320,
) -> SafeString:
    """An SVG line chart: one line per ``(name, values)`` over the periods ``labels`` (the board's own area
    first, then its comparators). Lines differ in dash and marker as well as colour, and a legend names
    them, so the chart reads in black and white; a missing value breaks the line rather than inventing one."""
    numbers = [v for _, values in series for v in values if v is not None]
    low, high = (min(numbers), max(numbers)) if numbers else (0, 1)
    if low == high:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.1
    chart = pygal.Line(
        js=[],
        css=[],
        style=STYLE,
        width=WIDTH,
        height=height,
        show_legend=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=max(1, len(series)),
        allow_interruptions=True,
        range=(max(0, low - pad) if low >= 0 else low - pad, high + pad),
        value_formatter=value_format,
        formatter=lambda v: value_format(v) if v is not None else "",
        disable_xml_declaration=True,
        explicit_size=True,  # a width and height, so the PDF renderer sizes it by its ratio, as browsers do
        margin_right=50,  # room for the last period's label
        show_x_guides=False,
        truncate_legend=40,
        x_label_rotation=0,
        no_data_text="No figures",
        dots_size=4,
    )
    chart.x_labels = list(labels)
    for name, values in series:
        chart.add(name, [None if v is None else float(v) for v in values])
    svg = fromstring(chart.render(is_unicode=True))
    _tidy(svg)
    _legend_lines(svg)
    _paint(svg)
    return _finish(svg, chart_id=chart_id, title=title, description=description, extra_class="line-chart")


#: Each line's look, as presentation attributes (which the Content Security Policy allows, unlike inline
#: styles), so that the PDF renderer, which does not apply the page's stylesheet inside an SVG, draws the
#: same picture; static/css/portal.css says the same for the web.
SERIES_PAINT = (
    {"stroke": "#1d3a5f"},
    {"stroke": "#a4161a", "stroke-dasharray": "9 5"},
    {"stroke": "#146c43", "stroke-dasharray": "3 4"},
    {"stroke": "#6f42c1", "stroke-dasharray": "12 4 3 4"},
)


def _paint(svg: ET.Element) -> None:
    for element in svg.iter():
        classes = (element.get("class") or "").split()
        if element.tag == _q("rect") and "background" in classes:
            element.set("fill", "none" if element is not svg else "#fff")
        if element.tag != _q("g") or ("series" not in classes and "legend" not in classes):
            continue
        index = next((int(c[6:]) for c in classes if c.startswith("serie-") and c[6:].isdigit()), 0)
        paint = SERIES_PAINT[index % len(SERIES_PAINT)]
        for child in element.iter():
            child_classes = (child.get("class") or "").split()
            if "line" in child_classes or "legend-line" in child_classes:
                child.set("fill", "none")
                child.set("stroke-width", "2.5")
                for key, value in paint.items():
                    child.set(key, value)
            elif "dot" in child_classes:
                child.set("fill", paint["stroke"])
    for axis in svg.iter(_q("g")):
        classes = (axis.get("class") or "").split()
        if "axis" in classes:
            for text in axis.iter(_q("text")):
                text.set("text-anchor", "end" if "y" in classes else "middle")
    for guide in svg.iter(_q("path")):
        classes = (guide.get("class") or "").split()
        if "guide" in classes or ("line" in classes and "axis" in classes):
            guide.set("fill", "none")
            guide.set("stroke", "#ced4da")


def _legend_lines(svg: ET.Element) -> None:
    """Draw each legend key as a short stretch of its line (dashed like it), not a coloured square, and drop
    the ids pygal gives legend entries (two charts on a page would repeat them)."""
    for entry in svg.iter(_q("g")):
        if "legend" not in (entry.get("class") or "").split():
            continue
        entry.attrib.pop("id", None)
        for rect in list(entry.findall(_q("rect"))):
            colour = next((c for c in (rect.get("class") or "").split() if c.startswith("color-")), "color-0")
            x, y = float(rect.get("x", 0)), float(rect.get("y", 0)) + 6
            entry.remove(rect)
            ET.SubElement(entry, _q("path"), d=f"M{x:g} {y:g} h24", **{"class": f"legend-line serie-{colour[6:]}"})
        for text in entry.findall(_q("text")):
            text.set("x", f"{float(text.get('x', 0)) + 14:g}")


# Drawn directly --------------------------------------------------------------------------------------------
# A sparkline and a grid of ratings are a few shapes each: drawn here without pygal, whose set-up costs about
# 4 ms a sparkline (a scorecard of sixty indicators has sixty), with the same classes pygal's lines carry.

SPARK_WIDTH, SPARK_HEIGHT, SPARK_MARGIN = 120, 30, 3


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _svg(width: float, height: float, *, explicit_size: bool = False) -> ET.Element:
    svg = ET.Element(_q("svg"), viewBox=f"0 0 {_number(width)} {_number(height)}")
    if explicit_size:
        svg.set("width", _number(width))
        svg.set("height", _number(height))
    return svg


def sparkline_svg(*, chart_id: str, title: str, values: Sequence[float | None]) -> SafeString:
    """A small line with no axes: the trend of one figure over its last few periods, oldest first (``None``
    breaks the line). ``title`` says the figures in words (it is the text alternative); the table row beside
    it holds them too."""
    svg = _svg(SPARK_WIDTH, SPARK_HEIGHT, explicit_size=True)
    numbers = [v for v in values if v is not None]
    series = ET.SubElement(svg, _q("g"), {"class": "series serie-0"})
    if numbers:
        low, high = min(numbers), max(numbers)
        span_x = (SPARK_WIDTH - 2 * SPARK_MARGIN) / max(1, len(values) - 1)
        span_y = SPARK_HEIGHT - 2 * SPARK_MARGIN

        def point(i: int, v: float) -> tuple[float, float]:
            y = 0.5 if high == low else (high - v) / (high - low)
            return SPARK_MARGIN + i * span_x, SPARK_MARGIN + y * span_y

        runs: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(values):
            if v is None:
                runs.append([])
            else:
                runs[-1].append(point(i, float(v)))
        paint = SERIES_PAINT[0]["stroke"]
        for run in (r for r in runs if len(r) > 1):
            d = " ".join(f"{'M' if k == 0 else 'L'}{_number(x)} {_number(y)}" for k, (x, y) in enumerate(run))
            ET.SubElement(
                series, _q("path"), {"class": "line", "d": d, "fill": "none", "stroke": paint, "stroke-width": "2"}
            )
        for run in runs:
            for x, y in run:
                ET.SubElement(
                    series, _q("circle"), {"class": "dot", "cx": _number(x), "cy": _number(y), "r": "2", "fill": paint}
                )
    svg.set("id", chart_id)
    svg.set("class", "portal-chart sparkline")
    svg.set("role", "img")
    svg.set("aria-labelledby", f"{chart_id}-title")
    title_node = ET.Element(_q("title"), id=f"{chart_id}-title")
    title_node.text = title
    svg.insert(0, title_node)
    return mark_safe(_serialise(svg))  # noqa: S308 - our own tree; ElementTree escapes its text


#: The mark of a figure that is not rated (no target, or an indicator neither higher nor lower is better).
NOT_RATED = "\u2013"
#: A rating's cell: its class, fill and the colour of its letter (presentation attributes, for the PDF
#: renderer; static/css/portal.css says the same for the web). Letters keep 4.5:1 on their fill, and every
#: cell has a dark edge, so a pale one still stands out from the page (3:1).
RAG_CELLS = {
    "R": ("rag-red", "#a4161a", "#ffffff"),
    "A": ("rag-amber", "#ffc107", "#000000"),
    "G": ("rag-green", "#146c43", "#ffffff"),
    NOT_RATED: ("rag-none", "#ffffff", "#212529"),
    "": ("rag-blank", "#f1f3f5", "#212529"),
}
RAG_LEGEND = (
    ("R", "Red"),
    ("A", "Amber"),
    ("G", "Green"),
    (NOT_RATED, "Not rated"),
    ("", "No figure"),
)
GRID_LABEL_WIDTH = 330
GRID_CELL_WIDTH = 78
GRID_ROW_HEIGHT = 26
GRID_HEADER = 34
GRID_LEGEND = 44


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def rag_grid_svg(
    *,
    chart_id: str,
    title: str,
    description: str,
    columns: Sequence[str],
    rows: Sequence[tuple[str, Sequence[str | None]]],
    legend: Sequence[tuple[str, str]] = RAG_LEGEND,
) -> SafeString:
    """A grid of ratings: a row per ``(label, cells)``, a column per period in ``columns`` (oldest first).
    A cell is "R", "A" or "G" (written in the cell as well as coloured), :data:`NOT_RATED` for a figure not
    rated, or empty (``None`` or "") for no figure. Long labels are shortened: the table beside the chart has
    them whole."""
    cell_width = GRID_CELL_WIDTH if len(columns) <= 8 else (WIDTH - GRID_LABEL_WIDTH) / len(columns)
    legend_width = 20 + sum(_legend_step(words) for _, words in legend)
    width = max(GRID_LABEL_WIDTH + cell_width * max(1, len(columns)), legend_width)
    height = GRID_HEADER + GRID_ROW_HEIGHT * max(1, len(rows)) + GRID_LEGEND
    svg = _svg(width, height)
    svg.set("font-family", STYLE.font_family)
    ET.SubElement(
        svg,
        _q("rect"),
        {
            "class": "background",
            "x": "0",
            "y": "0",
            "width": _number(width),
            "height": _number(height),
            "fill": "#ffffff",
        },
    )
    heads = ET.SubElement(svg, _q("g"), {"class": "axis x"})
    for c, column in enumerate(columns):
        text = ET.SubElement(
            heads,
            _q("text"),
            {
                "x": _number(GRID_LABEL_WIDTH + (c + 0.5) * cell_width),
                "y": str(GRID_HEADER - 10),
                "text-anchor": "middle",
                "font-size": "12",
                "fill": "#212529",
            },
        )
        text.text = column
    for r, (label, cells) in enumerate(rows):
        top = GRID_HEADER + r * GRID_ROW_HEIGHT
        row = ET.SubElement(svg, _q("g"), {"class": "rag-row"})
        name = ET.SubElement(
            row,
            _q("text"),
            {
                "x": str(GRID_LABEL_WIDTH - 8),
                "y": _number(top + GRID_ROW_HEIGHT / 2 + 4.5),
                "text-anchor": "end",
                "font-size": "13",
                "fill": "#212529",
                "class": "rag-label",
            },
        )
        name.text = _short(label, 44)
        for c in range(len(columns)):
            letter = (cells[c] if c < len(cells) else None) or ""
            _rag_cell(row, letter, GRID_LABEL_WIDTH + c * cell_width, top, cell_width, GRID_ROW_HEIGHT)
    keys = ET.SubElement(svg, _q("g"), {"class": "legends"})
    x, top = 20.0, height - GRID_LEGEND + 12
    for letter, words in legend:
        _rag_cell(keys, letter, x, top, 28, 22)
        text = ET.SubElement(
            keys, _q("text"), {"x": _number(x + 34), "y": _number(top + 15.5), "font-size": "13", "fill": "#212529"}
        )
        text.text = words
        x += _legend_step(words)
    return _finish(svg, chart_id=chart_id, title=title, description=description, extra_class="rag-grid")


def _legend_step(words: str) -> float:
    """How far a legend key (its cell, then its words) reaches, with the gap before the next."""
    return 34 + 8 * len(words) + 26


def _rag_cell(parent: ET.Element, letter: str, x: float, y: float, width: float, height: float) -> None:
    css, fill, ink = RAG_CELLS.get(letter, RAG_CELLS[NOT_RATED])
    cell = ET.SubElement(parent, _q("g"), {"class": f"rag-cell {css}"})
    ET.SubElement(
        cell,
        _q("rect"),
        {
            "x": _number(x + 1),
            "y": _number(y + 1),
            "width": _number(width - 2),
            "height": _number(height - 2),
            "fill": fill,
            "stroke": "#495057",
            "stroke-width": "1",
        },
    )
    if letter:
        text = ET.SubElement(
            cell,
            _q("text"),
            {
                "x": _number(x + width / 2),
                "y": _number(y + height / 2 + 4.5),
                "text-anchor": "middle",
                "font-size": "13",
                "font-weight": "700",
                "fill": ink,
            },
        )
        text.text = letter


# Drawings kept -----------------------------------------------------------------------------------------------

#: What a drawing depends on besides its figures: this module's code and pygal's version. A change to either
#: draws every chart afresh.
DRAWING_CODE = hashlib.sha256(Path(__file__).read_bytes() + pygal.__version__.encode()).hexdigest()[:16]
#: Drawings are kept under a hash of their figures, so one never goes stale; a month keeps the cache small.
KEEP_SECONDS = 30 * 24 * 3600


def kept_svgs(drawings: Sequence[tuple[object, Callable[[], str]]]) -> list[SafeString]:
    """Each ``(key, draw)``'s SVG, drawn by ``draw()`` unless the same key was drawn before (in the portal's
    cache). The same figures always draw the same SVG (no date, no random id), so ``key`` need only hold
    everything the drawing is made from (its id and title too) as JSON-able data. One cache read for all."""
    keys = [
        f"chart:{DRAWING_CODE}:" + hashlib.sha256(json.dumps(key, sort_keys=True, default=str).encode()).hexdigest()
        for key, _ in drawings
    ]
    found = cache.get_many(keys) if keys else {}
    drawn: dict[str, str] = {}
    out = []
    for key, (_, draw) in zip(keys, drawings, strict=True):
        svg = found.get(key)
        if svg is None:
            svg = drawn[key] = str(draw())
        out.append(mark_safe(svg))  # noqa: S308 - drawn by this module (see above)
    if drawn:
        cache.set_many(drawn, KEEP_SECONDS)
    return out
