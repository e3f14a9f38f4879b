"""Charts drawn on the server: an SVG that passes the portal's CSP and carries its own text alternative."""

import re

from defusedxml.ElementTree import fromstring

from core.charts import bar_chart_svg

SVG = "{http://www.w3.org/2000/svg}"
BARS = [("Chorley Council", 83.3), ("Lancashire County Council <LCC>", 58.3), ("Southport & Ormskirk", 16.7)]


def chart(**kwargs):
    defaults = {
        "chart_id": "c",
        "title": "Attendance by organisation, 2015-16",
        "description": "One bar per organisation. The figures are in the table below.",
        "bars": BARS,
        "target": 80,
        "target_label": "Target 80%",
    }
    return bar_chart_svg(**{**defaults, **kwargs})


def test_the_chart_is_an_svg_labelled_by_its_title_and_description():
    svg = fromstring(str(chart()))
    assert svg.tag == f"{SVG}svg"
    assert (svg.get("role"), svg.get("aria-labelledby")) == ("img", "c-title c-desc")
    title, desc = svg[0], svg[1]
    assert (title.tag, title.get("id"), title.text) == (f"{SVG}title", "c-title", "Attendance by organisation, 2015-16")
    assert (desc.tag, desc.get("id")) == (f"{SVG}desc", "c-desc")
    # Its only title and description: pygal's own (for its script) are gone.
    assert len(svg.findall(f".//{SVG}title")) == 1 and len(svg.findall(f".//{SVG}desc")) == 1


def test_nothing_the_content_security_policy_refuses_and_no_random_ids():
    text = str(chart())
    assert "<script" not in text and "<style" not in text and "style=" not in text
    assert "pygal" not in text.lower().replace("_targetbar-graph", "")
    assert text == str(chart())  # the same figures always draw the same SVG
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-", text)


def test_bars_in_order_with_values_and_the_target_line():
    svg = fromstring(str(chart()))
    labels = [t.text for t in svg.iter(f"{SVG}text") if "axis" not in (t.get("class") or "")]
    axis = [t.text for g in svg.iter(f"{SVG}g") if g.get("class") == "axis y" for t in g.iter(f"{SVG}text")]
    assert axis == ["Southport & Ormskirk", "Lancashire County Council <LCC>", "Chorley Council"]  # drawn bottom up
    assert {"83%", "58%", "17%", "Target 80%"} <= set(labels)
    rects = [r.get("class") for r in svg.iter(f"{SVG}rect") if "reactive" in (r.get("class") or "")]
    # Bottom to top: Southport (17), LCC (58), Chorley (83).
    assert [c.split()[-1] for c in rects] == ["below-target", "below-target", "meets-target"]
    line = next(p for p in svg.iter(f"{SVG}path") if p.get("class") == "target-line")
    x1, x2 = re.findall(r"M([\d.]+) [\d.]+ L([\d.]+) [\d.]+", line.get("d"))[0]
    assert x1 == x2  # a vertical line across the bars


def test_no_target_no_line_and_missing_values_draw_no_bar():
    text = str(chart(target=None, bars=[("A", 50.0), ("B", None)]))
    assert "target-line" not in text and "meets-target" not in text
    svg = fromstring(text)
    assert len([r for r in svg.iter(f"{SVG}rect") if "reactive" in (r.get("class") or "")]) == 1


def test_the_svg_namespace_holds_whatever_other_libraries_register():
    import xml.etree.ElementTree as ET

    ET.register_namespace("", "")  # as WeasyPrint's PDF metadata does when it is imported
    assert str(chart()).startswith('<svg xmlns="http://www.w3.org/2000/svg" ')


# Drawn directly: sparklines and grids of ratings ----------------------------------------------------------

GRID_ROWS = [
    ("Attendance at board meetings", ["R", "A", "G"]),
    ("Children looked after (rate per 10,000), a contextual indicator with a long name", ["–", None, "–"]),
]


def grid(**kwargs):
    from core.charts import rag_grid_svg

    defaults = {
        "chart_id": "g",
        "title": "Ratings by year",
        "description": "A row for each indicator. The table below gives the same ratings in words.",
        "columns": ["2013/14", "2014/15", "2015/16"],
        "rows": GRID_ROWS,
    }
    return rag_grid_svg(**{**defaults, **kwargs})


def test_the_ratings_grid_is_labelled_and_writes_a_letter_in_each_rated_cell():
    text = str(grid())
    svg = fromstring(text)
    assert (svg.get("role"), svg.get("aria-labelledby")) == ("img", "g-title g-desc")
    assert (svg[0].text, svg[1].text) == (
        "Ratings by year",
        "A row for each indicator. The table below gives the same ratings in words.",
    )
    rows = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "rag-row"]
    cells = [
        [(c.get("class").split()[1], "".join(c.itertext())) for c in row if c.get("class", "").startswith("rag-cell")]
        for row in rows
    ]
    assert cells == [
        [("rag-red", "R"), ("rag-amber", "A"), ("rag-green", "G")],
        [("rag-none", "–"), ("rag-blank", ""), ("rag-none", "–")],
    ]
    labels = [t.text for row in rows for t in row if t.get("class") == "rag-label"]
    assert labels == ["Attendance at board meetings", "Children looked after (rate per 10,000), a…"]
    heads = [t.text for g in svg.iter(f"{SVG}g") if g.get("class") == "axis x" for t in g]
    assert heads == ["2013/14", "2014/15", "2015/16"]
    # Colours as presentation attributes (the PDF renderer draws them), never inline styles.
    assert "style" not in text and "<script" not in text
    red = next(c for c in svg.iter(f"{SVG}g") if c.get("class") == "rag-cell rag-red")
    assert (red[0].get("fill"), red[1].get("fill")) == ("#a4161a", "#ffffff")
    assert text == str(grid())


def test_a_sparkline_breaks_where_a_figure_is_missing_and_has_no_styles():
    from core.charts import sparkline_svg

    text = str(
        sparkline_svg(
            chart_id="s", title="Trend of attendance: 2013/14 75%; 2014/15 69%", values=[75, 69, None, 67, 70]
        )
    )
    svg = fromstring(text)
    assert (svg.get("role"), svg.get("aria-labelledby"), svg[0].text) == (
        "img",
        "s-title",
        "Trend of attendance: 2013/14 75%; 2014/15 69%",
    )
    lines = [p.get("d") for p in svg.iter(f"{SVG}path") if p.get("class") == "line"]
    assert len(lines) == 2  # 75 → 69, then 67 → 70
    assert len(list(svg.iter(f"{SVG}circle"))) == 4
    assert "style" not in text and "pygal" not in text
    # The highest figure at the top, the lowest at the bottom.
    ys = [float(c.get("cy")) for c in svg.iter(f"{SVG}circle")]
    assert ys[0] == min(ys) and ys[2] == max(ys)


def test_drawings_are_kept_under_their_figures(settings):
    from core.charts import kept_svgs

    drawn = []

    def draw(n):
        drawn.append(n)
        return f"<svg>{n}</svg>"

    first = kept_svgs([(("a", 1), lambda: draw(1)), (("a", 2), lambda: draw(2))])
    again = kept_svgs([(("a", 2), lambda: draw(2)), (("a", 3), lambda: draw(3))])
    assert ([str(s) for s in first], [str(s) for s in again]) == (
        ["<svg>1</svg>", "<svg>2</svg>"],
        ["<svg>2</svg>", "<svg>3</svg>"],
    )
    assert drawn == [1, 2, 3]  # the second drawing of 2 came from the cache
