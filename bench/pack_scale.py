"""Agenda packs at scale: peak memory of large builds, and how much faster a rebuild after one paper is.

Run from the repository root: ``.venv/bin/python bench/pack_scale.py [--runs 3]``; it prints JSON.
:func:`measure` returns

* ``pack_peak_mb_5000``, ``pack_peak_mb_500``: peak resident memory of a fresh process that sets up a board
  and a meeting (its own SQLite database and MEDIA_ROOT) and builds the members' pack of about 5,000 and 500
  paper pages through the real ``pack_build`` service: the larger of its own peak and its largest child's
  (the process that joins a large pack), as ``VmHWM`` and ``ru_maxrss`` give them (targets: <= 200, and within 100 of
  each other).  The papers are the ~600 cached pages of :mod:`bench.pack_engine_bench`, used over and over;
* ``pack_full_seconds``: a full build of the ~600-page pack with nothing stored from earlier builds (no
  stamped segment, no front matter), median of ``--runs``;
* ``pack_rebuild_seconds``: a build after one paper was replaced by another with as many pages, median;
* ``pack_rebuild_ratio`` = rebuild / full (target <= 0.5).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _child(*arguments: str) -> dict:
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *arguments], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def own_peak_mb() -> float:
    """This process's own peak resident memory (VmHWM). Not ``ru_maxrss``: on Linux that starts from the
    parent's peak when the process is started with vfork, as Python's subprocess does, so a fresh process
    started from a big one would report the big one's size."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_peak(paper_pages: int) -> dict:
    """In this (fresh) process: build a pack of about ``paper_pages`` pages; the peak RSS of this process
    and of its children."""
    from bench.run import build_pack, make_meeting, setup_django

    with tempfile.TemporaryDirectory(prefix="pack-scale-") as tmpdir:
        setup_django(Path(tmpdir))
        meeting = make_meeting(paper_pages=paper_pages)
        build, watch = build_pack(meeting)
        own = own_peak_mb()
        # A child's ru_maxrss counts this process's size when it was started (then far below this peak).
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "pages": build.page_count,
        "seconds": watch.wall,
        "own_mb": own,
        "children_mb": children,
        "peak_mb": max(own, children),
    }


def _replace_with_same_length(meeting, version: int) -> None:
    """Upload a new version of one paper, with as many pages, through the real upload service (not timed)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.permissions import SYSTEM
    from meetings.models import Paper
    from meetings.services import paper_upload
    from meetings.tests.factories import pdf_bytes

    paper = Paper.objects.filter(item__meeting=meeting).order_by("item__position", "position")[5]
    upload = SimpleUploadedFile("revised.pdf", pdf_bytes(paper.page_count, f"Revision {version}"))
    paper_upload(user=SYSTEM, item=paper.item, upload=upload, replace=paper)


def _forget_stored_parts(meeting) -> None:
    """Nothing stored from earlier builds: the next build stamps every paper and renders the front matter."""
    try:
        from meetings.packs.segments import segments_remove
    except ImportError:  # an engine without stored segments
        return
    segments_remove(meeting_id=meeting.pk)


def child_rebuild(runs: int) -> dict:
    """In this process: full builds with nothing stored, and builds after replacing one paper (~600 pages)."""
    from bench.run import build_pack, make_meeting, setup_django

    with tempfile.TemporaryDirectory(prefix="pack-scale-") as tmpdir:
        setup_django(Path(tmpdir))
        meeting = make_meeting()
        build_pack(meeting)  # warm-up: imports, fonts, caches
        full, rebuild = [], []
        for version in range(runs):  # alternate, so background load hits both alike
            _forget_stored_parts(meeting)
            build, watch = build_pack(meeting)
            full.append(watch.wall)
            _replace_with_same_length(meeting, version)
            _, watch = build_pack(meeting, force=False)
            rebuild.append(watch.wall)
        full_seconds, rebuild_seconds = statistics.median(full), statistics.median(rebuild)
    return {
        "pages": build.page_count,
        "pack_full_seconds": full_seconds,
        "pack_rebuild_seconds": rebuild_seconds,
        "pack_rebuild_ratio": rebuild_seconds / full_seconds,
    }


def measure(runs: int = 3) -> dict:
    """The figures, each from fresh processes (see the module's description)."""
    large, small = _child("--child-peak", "5000"), _child("--child-peak", "500")
    rebuild = _child("--child-rebuild", str(runs))
    return {
        "pack_peak_mb_5000": large["peak_mb"],
        "pack_peak_mb_500": small["peak_mb"],
        "pack_peak_pages_5000": large["pages"],
        "pack_peak_pages_500": small["pages"],
        "pack_rebuild_ratio": rebuild["pack_rebuild_ratio"],
        "pack_full_seconds": rebuild["pack_full_seconds"],
        "pack_rebuild_seconds": rebuild["pack_rebuild_seconds"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child-peak", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child-rebuild", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_peak:
        print(json.dumps(child_peak(args.child_peak)))
    elif args.child_rebuild:
        print(json.dumps(child_rebuild(args.child_rebuild)))
    else:
        print(json.dumps(measure(args.runs), indent=1))


if __name__ == "__main__":
    main()
