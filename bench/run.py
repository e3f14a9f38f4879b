"""The pack benchmarks that ``make bench`` prints, as ``name: value`` lines.

Standalone: a temporary SQLite database and MEDIA_ROOT, the real migrations, a board and a meeting with
~20 generated papers (~600 pages of real text, rendered once with WeasyPrint and cached) stored through
the models, then:

* ``pack_pages``, ``pack_seconds``: a full build of the members' pack by the real ``pack_build`` service
  from the stored papers, with no cached output (each run clears the last fingerprint, so it builds);
* ``floor_seconds``: ``pdfunite`` joining the same paper files plus a WeasyPrint render of the agenda
  alone (the same template and stylesheet, without the front sheet and contents page): the work no pack
  builder can avoid;
* ``pack_ratio`` = pack / floor, each the median of ``--runs`` runs in one warm process (target <= 1.5);
* ``pack_cpu_ratio``: the same ratio in CPU seconds (this process and its children): a check on
  ``pack_ratio`` that other load on the machine hardly moves;
* ``rebuild_seconds``: a build after replacing one paper (median);
* ``pack_peak_mb``: peak resident memory of a fresh process that builds a ~2,000-page pack (target <= 250);
* ``builder_small_ms``, ``builder_large_ms``, ``builder_large_over_small``: the agenda builder's page for the
  demo board's coordinator, then with 3,000 people in the directory (:mod:`bench.builder`; target <= 1.5);
* ``attendance_report_ms``, ``attendance_report_queries``: the attendance report of the busiest board in
  ``load_scale`` data of 20 boards, 800 meetings (about 40 a board) and 1,600 people (about 25 members a
  board), over every meeting it held (median of ``--runs``); the queries are the same for any size;
* ``action_log_p95_ms``, ``action_log_queries``: the board action log page, filtered to open overdue actions
  and paginated, for a member of the busiest board, with 30,000 actions on 20 boards (:mod:`bench.action_log`;
  target <= 150);
* ``minutes_pdf_seconds``, ``minutes_pdf_pages``: in a fresh process with its own database, a 20-item
  minutes document (a paragraph of discussion, a decision and an action in each minute; a register of 15
  people) rendered to a tagged PDF with its DRAFT mark (:mod:`bench.minutes`; median of 3 renders);
* ``bomb_peak_mb``: in a fresh process, the largest growth in resident memory of the process tree (this
  process's peak over its size before, plus the largest child's peak RSS) while the real upload service
  refuses each bomb of :mod:`testsupport.hostile`: a PDF whose streams decode to 1 GiB, a PDF of 100,000
  pages, a .docx that unzips to 1 GiB (target <= 100);
* ``pack_peak_mb_5000``, ``pack_peak_mb_500``, ``pack_rebuild_ratio``: peak memory of fresh processes
  building 5,000- and 500-page packs, and a rebuild after replacing one paper over a full build
  (:mod:`bench.pack_scale`);
* ``scorecard_ms``, ``scorecard_median_ms``, ``scorecard_cpu_ms``, ``scorecard_uncached_ms``,
  ``scorecard_queries``: in a fresh
  process with its own database, a board's scorecard page for a member, with 60 indicators, each with 28
  quarters for its own area, the North West and England (:mod:`bench.scorecard`; p95, target <= 300; and
  with every chart drawn afresh);
* ``load_rps``, ``load_p95_ms``, ``load_errors``: 30 s of locust against gunicorn (two workers, 127.0.0.1,
  DEBUG off, a shared Redis cache) over PostgreSQL with the demo plus ``load_scale`` data of 40 boards,
  3,000 people and 2,400 meetings; 10 users: members reading the dashboard, meeting pages, papers and their
  actions, the public reading public meeting pages, coordinators moving agenda items, each signed in
  through the sign-in form (:mod:`bench.load`, :mod:`bench.locustfile`; errors: goal 0);
* ``page_ratio``: through the same gunicorn, the dashboard's requests a second over those of a page with no
  queries of its own (``BENCH_VIEWS=true`` only), for one signed-in member, 10 locust users with no pause,
  10 s each, twice in turn (goal >= 0.5);
* ``<page>_large_over_small`` for ``dashboard``, ``board``, ``board_meetings``, ``meeting``,
  ``agenda_builder``, ``public_meeting``, ``people_search``, ``board_calendar``, ``personal_calendar``,
  ``action_log``, ``scorecard``: each page's median time for the demo's member (coordinator for the
  builder) with those 40 boards added, over its time with the demo alone, on PostgreSQL (:mod:`bench.pages`;
  goal <= 1.5 each; why a page is over it goes to standard error).

Run from the repository root:
``.venv/bin/python bench/run.py [--runs 5] [--bombs-only] [--attendance-only] [--builder-only] [--minutes-only]
[--scorecard-only] [--load-only] [--pack-scale-only]``. ``--load-only`` (about four minutes) needs PostgreSQL and Redis
on 127.0.0.1 (``make bench`` starts them with ``scripts/services.sh``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CACHE = Path(tempfile.gettempdir()) / "pack_engine_bench_cache"


def setup_django(workdir: Path) -> None:
    """Point Django at a throwaway database and media folder, then migrate."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ["DEBUG"] = "false"  # as in production: cached templates, no query log
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def make_meeting(paper_pages: int = 0):
    """A board with members and a meeting whose agenda carries the ~20 generated papers (~600 pages), or
    as many of them, over and over, as make at least ``paper_pages`` pages."""
    import datetime

    from bench.pack_engine_bench import ensure_papers
    from boards.enums import Role
    from boards.tests.factories import BoardFactory, MembershipFactory
    from meetings.enums import Standing
    from meetings.tests.factories import AgendaItemFactory, MeetingFactory, PaperFactory, VenueFactory

    board = BoardFactory(name="Chorley, South Ribble & West Lancashire Children's Partnership Board", short_name="CPB")
    MembershipFactory(board=board, role=Role.CHAIR)
    for _ in range(24):
        MembershipFactory(board=board)
    meeting = MeetingFactory(board=board, date=datetime.date(2030, 9, 17), venue=VenueFactory(board=board))
    MeetingFactory(board=board, date=datetime.date(2030, 12, 10))
    AgendaItemFactory(meeting=meeting, title="Welcome and apologies", standing=Standing.WELCOME, duration_minutes=5)
    AgendaItemFactory(
        meeting=meeting, title="Declarations of interest", standing=Standing.DECLARATIONS, duration_minutes=5
    )
    papers = ensure_papers(CACHE)
    while sum(pages for _, pages in papers) < paper_pages:
        papers = papers + papers[: len(papers) // 4 or 1]
    if paper_pages:
        total, keep = 0, []
        for path, pages in papers:
            if total >= paper_pages:
                break
            keep.append((path, pages))
            total += pages
        papers = keep
    number = 0
    k = 0
    while k < len(papers):
        number += 1
        take = 2 if number % 4 == 0 and k + 1 < len(papers) else 1
        item = AgendaItemFactory(meeting=meeting, title=f"Report {number}", duration_minutes=10)
        for path, pages in papers[k : k + take]:
            PaperFactory(item=item, title=f"Paper {path.stem}", pages=pages, data=path.read_bytes())
        k += take
    AgendaItemFactory(meeting=meeting, title="Any other business", standing=Standing.AOB, duration_minutes=5)
    AgendaItemFactory(
        meeting=meeting, title="Future meeting dates", standing=Standing.FUTURE_DATES, duration_minutes=None
    )
    return meeting


class Stopwatch:
    """Wall time, and CPU time of this process and its children (robust to other load on the machine)."""

    def __enter__(self):
        self.wall = time.perf_counter()
        self.cpu = _cpu()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = _cpu() - self.cpu


def _cpu() -> float:
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def build_pack(meeting, *, force: bool = True):
    """One full build through the service; ``force``: with no earlier output to fall back on."""
    from core.permissions import SYSTEM
    from meetings.models import PackBuild
    from meetings.packs.services import pack_build_now

    if force:
        from meetings.packs.segments import segments_remove

        PackBuild.objects.filter(meeting=meeting).update(fingerprint="")
        segments_remove(meeting_id=meeting.pk)  # nor stamped papers or front matter kept from earlier builds
    with Stopwatch() as watch:
        build = pack_build_now(user=SYSTEM, meeting=meeting, edition="members")
    if build.status != "done":
        raise SystemExit(f"the pack did not build: {build.status} {build.error}")
    return build, watch


def render_agenda_alone(meeting, output: Path, workdir: Path) -> Stopwatch:
    """WeasyPrint render of the agenda table alone (the pack's template without front sheet and contents)."""
    import weasyprint
    from django.template import loader

    from meetings.agenda import build_agenda
    from meetings.packs.assembly import ItemPapers, plan_pack
    from meetings.packs.render import TEMPLATE, front_data, stylesheet_path
    from meetings.packs.sources import gather
    from meetings.visibility import BOARD_READER

    rows = gather(build_agenda(meeting, reader=BOARD_READER), edition="members")
    for row in rows:  # local copies of the papers, as a build makes (not timed)
        for source in row.sources:
            source.prepare(workdir)
    data = front_data(meeting, rows, edition="members")
    plan = plan_pack(
        [
            ItemPapers(r.number, r.entry.item.title, tuple(s.paper_source() for s in r.sources))
            for r in rows
            if r.sources
        ]
    )
    table = [
        {**row, "pages_text": plan.placements[row["number"]].pages_text if row["has_pages"] else ""}
        for row in data["rows"]
    ]
    html = loader.render_to_string(TEMPLATE, {**data, "rows": table, "issue_date": "", "contents": []})
    html = re.sub(r'<section class="front-sheet">.*?</section>', "", html, flags=re.S)
    with Stopwatch() as watch:
        weasyprint.HTML(string=html).write_pdf(output, stylesheets=[weasyprint.CSS(filename=str(stylesheet_path()))])
    return watch


def floor(meeting, workdir: Path) -> tuple[float, float]:
    """(wall, cpu) seconds of pdfunite joining the papers plus the agenda render."""
    from core.files import copy_to_local
    from meetings.models import Paper

    papers = Paper.objects.filter(item__meeting=meeting).order_by("item__position", "position")
    files = []
    for paper in papers:  # local copies, as a build makes (not timed: pdfunite alone is the floor)
        files.append(workdir / f"paper-{paper.pk}.pdf")
        copy_to_local(paper.file.name, files[-1], storage=paper.file.storage)
    with Stopwatch() as unite:
        subprocess.run(["pdfunite", *files, str(workdir / "united.pdf")], check=True)
    agenda = render_agenda_alone(meeting, workdir / "agenda.pdf", workdir)
    return unite.wall + agenda.wall, unite.cpu + agenda.cpu


def replace_one_paper(meeting, version: int) -> None:
    """Upload a new version of one paper through the real upload service (not timed)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.permissions import SYSTEM
    from meetings.models import Paper
    from meetings.services import paper_upload
    from meetings.tests.factories import pdf_bytes

    paper = Paper.objects.filter(item__meeting=meeting).order_by("item__position", "position")[5]
    upload = SimpleUploadedFile("revised.pdf", pdf_bytes(paper.page_count + version % 2, f"Revision {version}"))
    paper_upload(user=SYSTEM, item=paper.item, upload=upload, replace=paper)


def child_peak(workdir: Path) -> None:
    """In a fresh process: build a ~2,000-page pack and print the peak RSS."""
    setup_django(workdir)
    meeting = make_meeting(paper_pages=2000)
    from meetings.models import Paper

    pages = sum(Paper.objects.filter(item__meeting=meeting).values_list("page_count", flat=True))
    build, watch = build_pack(meeting)
    seconds = watch.wall
    from bench.pack_scale import own_peak_mb

    peak = max(own_peak_mb(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    print(json.dumps({"paper_pages": pages, "pages": build.page_count, "seconds": seconds, "peak_mb": peak}))


def _proc_status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


class ChildPeaks:
    """Samples the peak resident memory (VmHWM) of every process this one starts, every few milliseconds,
    from /proc. Not ``RUSAGE_CHILDREN``: a child's ``ru_maxrss`` counts, before it runs its own program,
    the parent's memory it shares after fork, which is not growth. Returns the largest sum at any moment."""

    def __init__(self) -> None:
        import threading

        self.me = os.getpid()
        self.cmdline = Path(f"/proc/{self.me}/cmdline").read_bytes()
        self.peaks: dict[int, int] = {}
        self.largest = 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _descendants(self) -> list[int]:
        found, todo = [], [self.me]
        while todo:
            pid = todo.pop()
            for task in Path(f"/proc/{pid}/task").glob("*"):
                try:
                    kids = [int(k) for k in (task / "children").read_text().split()]
                except OSError:
                    continue
                found.extend(kids)
                todo.extend(kids)
        return found

    def _run(self) -> None:
        while not self.done.is_set():
            for pid in self._descendants():
                try:
                    if Path(f"/proc/{pid}/cmdline").read_bytes() == self.cmdline:
                        continue  # forked, not yet running its own program
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if line.startswith("VmHWM:"):
                            self.peaks[pid] = max(self.peaks.get(pid, 0), int(line.split()[1]))
                except OSError:
                    continue
            self.largest = max(self.largest, sum(self.peaks.values()))
            time.sleep(0.002)

    def stop(self) -> int:
        self.done.set()
        self.thread.join()
        return self.largest


def child_bombs(workdir: Path) -> None:
    """In a fresh process: refuse each bomb through the upload service; print the largest memory growth."""
    import gc

    setup_django(workdir)
    from django.conf import settings
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.permissions import SYSTEM
    from meetings.services import paper_upload
    from meetings.tests.factories import AgendaItemFactory, MeetingFactory
    from testsupport import hostile

    settings.LIBREOFFICE_BINARY = shutil.which("soffice") or "/bin/false"  # the .docx is refused before it
    item = AgendaItemFactory(meeting=MeetingFactory(), title="Budget monitoring")
    bombs = [
        ("Accounts.pdf", hostile.pdf_stream_bomb()),
        ("Minutes.pdf", hostile.pdf_page_bomb()),
        ("Budget.docx", hostile.docx_zip_bomb()),
    ]
    growth = {}
    for name, content in bombs:
        upload = SimpleUploadedFile(name, content)
        gc.collect()
        with contextlib.suppress(OSError):
            Path("/proc/self/clear_refs").write_text("5")  # restart this process's peak (VmHWM) from now
        before = _proc_status_kb("VmRSS")
        sampler = ChildPeaks()
        try:
            paper_upload(user=SYSTEM, item=item, upload=upload)
        except ValidationError as exc:
            if name not in " ".join(exc.messages):
                raise SystemExit(f"{name} refused without its name: {exc.messages}") from None
        else:
            raise SystemExit(f"{name} was not refused")
        finally:
            children = sampler.stop()
        own = max(0, _proc_status_kb("VmHWM") - before)
        growth[name] = (own + children) / 1024
    print(json.dumps({"bomb_peak_mb": max(growth.values()), "bombs": growth}))


def attendance_bench(runs: int) -> tuple[float, int]:
    """Median milliseconds and the queries of one attendance report over a large board's whole history."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from boards.models import Board
    from demo.scale import load_scale
    from meetings.attendance import attendance_report, custom_period

    load_scale(boards=20, people=1600, meetings=800, seed=13)
    board = max(Board.objects.all(), key=lambda b: b.meetings.filter(register_taken_at__isnull=False).count())
    dates = board.meetings.order_by("date").values_list("date", flat=True)
    period = custom_period(dates.first(), dates.last())
    times = []
    for _ in range(runs):
        with Stopwatch() as watch, CaptureQueriesContext(connection) as queries:
            report = attendance_report(board=board, period=period)
        times.append(watch.wall * 1000)
    assert report.total.expected > 500, report.total.expected
    return statistics.median(times), len(queries.captured_queries)


def bomb_peak() -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--child-bombs"], check=True, capture_output=True, text=True
    ).stdout.splitlines()[-1]
    return json.loads(result)


def print_builder() -> None:
    """The builder page with 3,000 people in the directory against the demo (:mod:`bench.builder`)."""
    figures = json.loads(
        subprocess.run(
            [sys.executable, __file__, "--child-builder"], check=True, capture_output=True, text=True
        ).stdout.splitlines()[-1]
    )
    print(f"builder_small_ms: {figures['builder_small_ms']:.1f}")
    print(f"builder_large_ms: {figures['builder_large_ms']:.1f}")
    print(f"builder_large_over_small: {figures['builder_large_over_small']:.2f}")


def print_action_log() -> None:
    """The board action log page with 30,000 actions on 20 boards (:mod:`bench.action_log`)."""
    figures = json.loads(
        subprocess.run(
            [sys.executable, __file__, "--child-action-log"], check=True, capture_output=True, text=True
        ).stdout.splitlines()[-1]
    )
    if "error" in figures:
        print(f"action_log_p95_ms: not measured ({figures['error']})")
        return
    print(f"action_log_p95_ms: {figures['action_log_p95_ms']:.1f}")
    print(f"action_log_queries: {figures['action_log_queries']}")


def print_minutes() -> None:
    """The 20-item minutes document rendered to PDF, in a fresh process with its own database (:mod:`bench.minutes`)."""
    figures = json.loads(
        subprocess.run(
            [sys.executable, __file__, "--child-minutes"], check=True, capture_output=True, text=True
        ).stdout.splitlines()[-1]
    )
    print(f"minutes_pdf_seconds: {figures['minutes_pdf_seconds']:.3f}")
    print(f"minutes_pdf_pages: {figures['minutes_pdf_pages']}")


def print_scorecard() -> None:
    """The board scorecard page, 60 indicators x 3 areas x 28 quarters, in a fresh process (:mod:`bench.scorecard`)."""
    figures = json.loads(
        subprocess.run(
            [sys.executable, __file__, "--child-scorecard"], check=True, capture_output=True, text=True
        ).stdout.splitlines()[-1]
    )
    print(f"scorecard_ms: {figures['scorecard_ms']:.1f}")
    print(f"scorecard_median_ms: {figures['scorecard_median_ms']:.1f}")
    print(f"scorecard_cpu_ms: {figures['scorecard_cpu_ms']:.1f}")
    print(f"scorecard_uncached_ms: {figures['scorecard_uncached_ms']:.1f}")
    print(f"scorecard_queries: {figures['scorecard_queries']}")


def print_load() -> None:
    """The load test and ``page_ratio`` through gunicorn (:mod:`bench.load`), then each key page's time with
    the large data set over the demo alone (:mod:`bench.pages`), on the bench's own PostgreSQL databases."""
    from bench import load, pages

    with tempfile.TemporaryDirectory(prefix="load-bench-") as tmpdir:
        workdir = Path(tmpdir)
        try:
            figures = load.measure(workdir)
            out = subprocess.run(
                [sys.executable, str(ROOT / "bench" / "pages.py"), load.SMALL_DB, load.LOAD_DB],
                cwd=ROOT,
                env=load.django_env(workdir, load.SMALL_DB),
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            measured = json.loads(out.splitlines()[-1])
        finally:
            load.drop_database(load.LOAD_DB)
            load.drop_database(load.SMALL_DB)
    run = figures["load"]
    print(f"load_rps: {run['rps']:.1f}")
    print(f"load_p95_ms: {run['p95_ms']:.0f}")
    print(f"load_errors: {run['failures']}")
    for error in run["errors"]:
        print(f"load error: {error}", file=sys.stderr)
    print(f"page_ratio: {figures['page_ratio']:.2f}")
    print(
        f"page_ratio: dashboard {figures['dashboard_rps']:.1f}/s, trivial page {figures['trivial_rps']:.1f}/s, "
        f"{figures['ratio_failures']} failures; set-up {figures['setup_seconds']}",
        file=sys.stderr,
    )
    compared = pages.compare(measured["small"], measured["large"])
    for page in pages.PAGES:
        print(f"{page}_large_over_small: {compared['ratios'][page]:.2f}")
    for page, why in compared["why"].items():
        print(f"{page}_large_over_small over {pages.GOAL}: {why}", file=sys.stderr)


def print_pack_scale() -> None:
    """Peak memory of 5,000- and 500-page packs, and a rebuild after one paper against a full build
    (:mod:`bench.pack_scale`; targets: <= 200 MB, within 100 MB of each other, ratio <= 0.5)."""
    from bench.pack_scale import measure as measure_pack_scale

    figures = measure_pack_scale()
    print(f"pack_peak_mb_5000: {figures['pack_peak_mb_5000']:.1f}")
    print(f"pack_peak_mb_500: {figures['pack_peak_mb_500']:.1f}")
    print(f"pack_rebuild_ratio: {figures['pack_rebuild_ratio']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child-peak", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child-bombs", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--bombs-only", action="store_true", help="only bomb_peak_mb (a few seconds)")
    parser.add_argument("--child-builder", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--builder-only", action="store_true", help="only the builder page figures")
    parser.add_argument("--child-action-log", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--action-log-only", action="store_true", help="only the board action log page figures")
    parser.add_argument("--attendance-only", action="store_true", help="only the attendance report (seconds)")
    parser.add_argument("--child-minutes", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--minutes-only", action="store_true", help="only the minutes PDF figures")
    parser.add_argument("--child-scorecard", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--scorecard-only", action="store_true", help="only the scorecard page figures")
    parser.add_argument(
        "--load-only", action="store_true", help="only the load test, page_ratio and the large-over-small pages"
    )
    parser.add_argument("--pack-scale-only", action="store_true", help="only the pack memory and rebuild figures")
    args = parser.parse_args()
    if args.pack_scale_only:
        print_pack_scale()
        return
    if args.load_only:
        print_load()
        return
    if args.attendance_only:
        with tempfile.TemporaryDirectory(prefix="attendance-bench-") as tmpdir:
            setup_django(Path(tmpdir))
            ms, queries = attendance_bench(args.runs)
        print(f"attendance_report_ms: {ms:.1f}")
        print(f"attendance_report_queries: {queries}")
        return
    if args.child_bombs:
        with tempfile.TemporaryDirectory(prefix="bomb-bench-") as tmpdir:
            child_bombs(Path(tmpdir))
        return
    if args.bombs_only:
        print(f"bomb_peak_mb: {bomb_peak()['bomb_peak_mb']:.1f}")
        return
    if args.child_builder:
        with tempfile.TemporaryDirectory(prefix="builder-bench-") as tmpdir:
            os.environ["ALLOWED_HOSTS"] = "testserver"
            setup_django(Path(tmpdir))
            from bench.builder import measure

            print(json.dumps(measure()))
        return
    if args.builder_only:
        print_builder()
        return
    if args.child_action_log:
        with tempfile.TemporaryDirectory(prefix="action-log-bench-") as tmpdir:
            os.environ["ALLOWED_HOSTS"] = "testserver"
            setup_django(Path(tmpdir))
            from bench.action_log import measure as measure_action_log

            print(json.dumps(measure_action_log()))
        return
    if args.action_log_only:
        print_action_log()
        return
    if args.child_minutes:
        with tempfile.TemporaryDirectory(prefix="minutes-bench-") as tmpdir:
            setup_django(Path(tmpdir))
            from bench.minutes import measure as measure_minutes

            print(json.dumps(measure_minutes()))
        return
    if args.minutes_only:
        print_minutes()
        return
    if args.child_scorecard:
        with tempfile.TemporaryDirectory(prefix="scorecard-bench-") as tmpdir:
            os.environ["ALLOWED_HOSTS"] = "testserver"
            setup_django(Path(tmpdir))
            from bench.scorecard import measure as measure_scorecard

            print(json.dumps(measure_scorecard()))
        return
    if args.scorecard_only:
        print_scorecard()
        return
    if shutil.which("pdfunite") is None:
        sys.exit("pdfunite not found (apt-get install poppler-utils)")

    with tempfile.TemporaryDirectory(prefix="pack-bench-") as tmpdir:
        workdir = Path(tmpdir)
        if args.child_peak:
            child_peak(workdir)
            return
        setup_django(workdir)
        meeting = make_meeting()

        for _ in range(2):  # warm-up: imports, fonts, caches
            build_pack(meeting)
            floor(meeting, workdir)
        pack_runs, floor_runs = [], []
        for _ in range(args.runs):  # alternate, so background load hits both alike
            floor_runs.append(floor(meeting, workdir))
            build, watch = build_pack(meeting)
            pack_runs.append((watch.wall, watch.cpu))
        rebuild_times = []
        for version in range(args.runs):
            replace_one_paper(meeting, version)  # not timed: the upload itself
            _, watch = build_pack(meeting, force=False)  # a new paper: it builds because the inputs changed
            rebuild_times.append(watch.wall)

        attendance_ms, attendance_queries = attendance_bench(args.runs)
        peak = json.loads(
            subprocess.run(
                [sys.executable, __file__, "--child-peak"], check=True, capture_output=True, text=True
            ).stdout.splitlines()[-1]
        )

    pack_seconds = statistics.median(wall for wall, _ in pack_runs)
    floor_seconds = statistics.median(wall for wall, _ in floor_runs)
    pack_cpu = statistics.median(cpu for _, cpu in pack_runs)
    floor_cpu = statistics.median(cpu for _, cpu in floor_runs)
    print(f"pack_pages: {build.page_count}")
    print(f"pack_seconds: {pack_seconds:.3f}")
    print(f"floor_seconds: {floor_seconds:.3f}")
    print(f"pack_ratio: {pack_seconds / floor_seconds:.2f}")
    print(f"pack_cpu_ratio: {pack_cpu / floor_cpu:.2f}")
    print(f"rebuild_seconds: {statistics.median(rebuild_times):.3f}")
    print(f"pack_peak_pages: {peak['pages']}")
    print(f"pack_peak_mb: {peak['peak_mb']:.1f}")
    print(f"attendance_report_ms: {attendance_ms:.1f}")
    print(f"attendance_report_queries: {attendance_queries}")
    print(f"bomb_peak_mb: {bomb_peak()['bomb_peak_mb']:.1f}")
    print_builder()
    print_action_log()
    print_minutes()
    print_scorecard()
    print_load()
    print_pack_scale()


if __name__ == "__main__":
    main()
