"""Measure the agenda pack engine against pdfunite.

Run from the repository root:  .venv/bin/python bench/pack_engine_bench.py [--runs 5] [--cache DIR]

Generates ~20 papers (~600 pages of real text, WeasyPrint) once into a cache directory, then prints
``name: value`` lines: medians of ``--runs`` runs in one warm process for pdfunite and for the engine
(plan_pack + assemble_pack), the WeasyPrint agenda render, and the peak RSS of a ~2000-page assembly
measured in a fresh subprocess.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from meetings.packs.assembly import (  # noqa: E402
    ItemPapers,
    PackPlan,
    PaperSource,
    assemble_pack,
    inspect_pdf,
    plan_pack,
)

# Pages per paper: 20 papers, 600 pages, a few odd lengths.
PAPER_PAGES = (45, 30, 31, 28, 40, 25, 33, 30, 27, 36, 29, 30, 24, 35, 26, 32, 21, 30, 19, 29)
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "pack_engine_bench_cache"

LOREM = (
    "The Board received the quarterly performance report covering early help assessments, referrals to "
    "children's social care, school attendance and the uptake of parenting support across the three "
    "districts. Members discussed the variation between localities and asked the lead officer to bring "
    "an analysis of the causes to the next meeting, together with proposals for joint commissioning. "
)


def _paper_html(index: int, pages: int) -> str:
    sections = []
    for page in range(pages):
        paras = "".join(f"<p>{LOREM}</p>" for _ in range(5))
        table = "".join(
            f"<tr><td>Indicator {page}.{r}</td><td>{(index * 7 + r * 3) % 100}%</td><td>On track</td></tr>"
            for r in range(6)
        )
        sections.append(
            f"<section><h2>Paper {index + 1}, section {page + 1}</h2>{paras}<table>{table}</table></section>"
        )
    css = (
        "@page { size: A4; margin: 2cm;"
        " @bottom-right { content: 'Page ' counter(page) ' of ' counter(pages) } }"
        " section { break-after: page; } body { font-family: sans-serif; font-size: 10pt; }"
        " table { border-collapse: collapse; } td { border: 1px solid #999; padding: 2pt 6pt; }"
    )
    return f"<html><head><style>{css}</style></head><body>{''.join(sections)}</body></html>"


def ensure_papers(cache: Path) -> list[tuple[Path, int]]:
    """Render the papers once into ``cache``; return (path, page count) pairs."""
    import weasyprint

    cache.mkdir(parents=True, exist_ok=True)
    papers = []
    for index, pages in enumerate(PAPER_PAGES):
        path = cache / f"paper-{index:02d}-{pages}p.pdf"
        if not path.exists():
            tmp = path.with_suffix(".part")
            weasyprint.HTML(string=_paper_html(index, pages)).write_pdf(tmp)
            tmp.replace(path)
        papers.append((path, inspect_pdf(path, label=path.name)))
    return papers


def build_items(papers: list[tuple[Path, int]], repeat: int = 1) -> list[ItemPapers]:
    """Agenda items over the papers: mostly one paper each, every fourth item with an appendix."""
    items: list[ItemPapers] = []
    sources = [(path, count) for _ in range(repeat) for path, count in papers]
    k = 0
    number = 2
    while k < len(sources):
        take = 2 if number % 4 == 0 and k + 1 < len(sources) else 1
        papers_here = []
        for j in range(take):
            path, count = sources[k + j]
            appendix = f"{number}({chr(97 + j - 1)})" if j else None
            papers_here.append(
                PaperSource(
                    path=path,
                    item_number=str(number),
                    title=f"Report {number}{'' if not j else ' appendix'}",
                    label=f"Paper {path.name}",
                    appendix_label=appendix,
                    page_count=count,
                )
            )
        items.append(ItemPapers(number=str(number), title=f"Agenda item {number}", papers=tuple(papers_here)))
        k += take
        number += 1
    return items


def render_front(items: list[ItemPapers], plan: PackPlan, path: Path) -> None:
    """A realistic front sheet + agenda table rendered with WeasyPrint (what the portal does)."""
    import weasyprint

    rows = "".join(
        f"<tr><td>{item.number}</td><td>{item.title}</td><td>Discuss</td><td>Lead officer</td>"
        f"<td>{plan.placements[item.number].pages_text if item.number in plan.placements else ''}</td></tr>"
        for item in items
    )
    html = (
        "<html><head><style>@page { size: A4; margin: 2cm } body { font-family: sans-serif }"
        " .front { break-after: page } td { border: 1px solid #999; padding: 3pt }</style></head><body>"
        "<div class='front'><h1>Children's Partnership Board</h1><p>Thursday, 17 September 2015, 10.00 am</p>"
        "<p>To: all members of the Board</p><p>Contact officer: Board coordinator</p></div>"
        f"<h2>AGENDA</h2><table>{rows}</table></body></html>"
    )
    weasyprint.HTML(string=html).write_pdf(path)


def run_engine(items: list[ItemPapers], front: Path, output: Path) -> tuple[int, float]:
    start = time.perf_counter()
    plan = plan_pack(items, duplex=True)
    pages = assemble_pack(front_matter=front, items=items, plan=plan, output=output, duplex=True, title="B")
    return pages, time.perf_counter() - start


def run_pdfunite(files: list[Path], output: Path) -> float:
    start = time.perf_counter()
    subprocess.run(["pdfunite", *map(str, files), str(output)], check=True)
    return time.perf_counter() - start


def child_2000(cache: Path, what: str) -> None:
    """In a fresh process: assemble ~2000 pages (or pdfunite them) and print the peak RSS in MB."""
    papers = ensure_papers(cache)
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        items = []
        total = 0
        for item in build_items(papers, repeat=4):
            if total >= 2000:
                break
            items.append(item)
            total += sum(p.page_count or 0 for p in item.papers)
        plan = plan_pack(items)
        front = tmp / "front.pdf"
        render_front(items, plan, front)
        if what == "engine":
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            pages, seconds = run_engine(items, front, tmp / "pack.pdf")
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            result = {"pages": pages, "seconds": seconds, "peak_mb": peak / 1024, "before_mb": before / 1024}
            print(json.dumps(result))
        else:
            files = [p.path for item in items for p in item.papers]
            seconds = run_pdfunite(files, tmp / "united.pdf")
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            print(json.dumps({"pages": plan.total_paper_pages, "seconds": seconds, "peak_mb": peak / 1024}))


def measure_child(cache: Path, what: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--cache", str(cache), "--child-2000", what],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--child-2000", choices=["engine", "pdfunite"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_2000:
        child_2000(args.cache, args.child_2000)
        return
    if shutil.which("pdfunite") is None:
        sys.exit("pdfunite not found (apt-get install poppler-utils)")

    papers = ensure_papers(args.cache)
    items = build_items(papers)
    files = [p.path for item in items for p in item.papers]
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        plan = plan_pack(items)
        front = tmp / "front.pdf"
        render_front(items, plan, front)  # warm-up of WeasyPrint
        run_engine(items, front, tmp / "pack.pdf")  # warm-up of the engine
        run_pdfunite(files, tmp / "united.pdf")

        # Alternate the two so that load from other processes hits both alike.
        unite_times = []
        engine_runs = []
        for _ in range(args.runs):
            unite_times.append(run_pdfunite(files, tmp / "united.pdf"))
            engine_runs.append(run_engine(items, front, tmp / "pack.pdf"))
        render_times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            render_front(items, plan, tmp / "front-again.pdf")
            render_times.append(time.perf_counter() - start)
        unplanned = [replace(i, papers=tuple(replace(p, page_count=None) for p in i.papers)) for i in items]
        inspect_times = [run_engine(unplanned, front, tmp / "pack.pdf")[1] for _ in range(args.runs)]

        engine_pages = engine_runs[0][0]
        engine_seconds = statistics.median(t for _, t in engine_runs)
        pdfunite_seconds = statistics.median(unite_times)
        render_seconds = statistics.median(render_times)
        engine_size = (tmp / "pack.pdf").stat().st_size
        unite_size = (tmp / "united.pdf").stat().st_size

    engine_2000 = measure_child(args.cache, "engine")
    unite_2000 = measure_child(args.cache, "pdfunite")
    build = engine_seconds + render_seconds
    target = 1.5 * (pdfunite_seconds + render_seconds)
    print(f"paper_pages: {sum(c for _, c in papers)}")
    print(f"engine_pages: {engine_pages}")
    print(f"engine_seconds: {engine_seconds:.3f}")
    print(f"pdfunite_seconds: {pdfunite_seconds:.3f}")
    print(f"engine_vs_pdfunite: {engine_seconds / pdfunite_seconds:.2f}")
    print(f"engine_seconds_with_inspection: {statistics.median(inspect_times):.3f}")
    print(f"agenda_render_seconds: {render_seconds:.3f}")
    print(f"pack_build_seconds: {build:.3f}")
    print(f"pack_build_target_seconds: {target:.3f}")
    print(f"engine_output_mb: {engine_size / 1e6:.2f}")
    print(f"pdfunite_output_mb: {unite_size / 1e6:.2f}")
    print(f"engine_pages_2000: {engine_2000['pages']}")
    print(f"engine_seconds_2000: {engine_2000['seconds']:.3f}")
    print(f"engine_peak_mb_2000: {engine_2000['peak_mb']:.1f}")
    print(f"engine_process_mb_before_assembly_2000: {engine_2000['before_mb']:.1f}")
    print(f"pdfunite_seconds_2000: {unite_2000['seconds']:.3f}")
    print(f"pdfunite_peak_mb_2000: {unite_2000['peak_mb']:.1f}")


if __name__ == "__main__":
    main()
