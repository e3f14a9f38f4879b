"""A Celery worker whose pack builds stop for good once they start saving, having written part of the
file, as a worker does when it is killed mid-build (out of memory, a host restart). test_pack_worker.py
kills it there.

Run as ``python -m meetings.tests.stalling_worker <celery worker options>``.
"""

import sys
import threading
from pathlib import Path

from meetings.packs import assembly


def _save_and_stall(pdf, output: Path, *, object_streams: bool) -> None:
    Path(output.parent, f".{output.name}.stalled.part").write_bytes(b"%PDF-1.7\n% half written\n")
    threading.Event().wait()  # until the process is killed


if __name__ == "__main__":
    assembly._save_atomically = _save_and_stall

    from config.celery import app

    app.worker_main(["worker", *sys.argv[1:]])
