"""A real Celery worker on the configured broker (Redis in CI) builds a pack queued by the service.

Runs only when ``CELERY_BROKER_URL`` is set, e.g.::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal CELERY_BROKER_URL=redis://127.0.0.1:6379/0 \\
    CELERY_RESULT_BACKEND=redis://127.0.0.1:6379/1 .venv/bin/pytest meetings/tests/test_pack_worker.py
"""

from __future__ import annotations

import hashlib
import shutil
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from meetings.enums import PackEdition, PackStatus
from meetings.models import PackBuild
from meetings.packs import services
from meetings.tests.factories import meeting_with_papers

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(not settings.CELERY_BROKER_URL, reason="needs CELERY_BROKER_URL (a real broker)"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils"),
]


@pytest.fixture
def worker():
    """A worker thread consuming a queue of its own (so no other worker on the broker takes the task)."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    queue = f"test-packs-{uuid.uuid4().hex[:8]}"
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", queues=[queue], shutdown_timeout=30) as w:
            yield w
    finally:
        app.conf.task_default_queue = previous


def wait_for(build: PackBuild, timeout: float = 60) -> PackBuild:
    deadline = time.monotonic() + timeout
    stages = []
    while time.monotonic() < deadline:
        build.refresh_from_db()
        if build.stage and (not stages or stages[-1] != build.stage):
            stages.append(build.stage)
        if build.status not in (PackStatus.QUEUED, PackStatus.RUNNING):
            build.seen_stages = stages
            return build
        time.sleep(0.05)
    raise AssertionError(f"build still {build.status} ({build.stage}) after {timeout}s")


@pytest.mark.django_db(transaction=True)
def test_a_worker_builds_the_pack_queued_on_commit(cast, worker):
    assert not worker.app.conf.task_always_eager
    meeting = meeting_with_papers(cast.board)

    queued = services.pack_request_build(user=cast.coordinator, meeting=meeting, edition=PackEdition.MEMBERS)
    assert queued.status == PackStatus.QUEUED  # the request returns at once: the worker does the building

    build = wait_for(queued)
    assert build.status == PackStatus.DONE, build.error
    assert build.number == 1 and build.percent == 100 and build.stage == "done"
    path = Path(build.file.path)
    assert path.read_bytes()[:5] == b"%PDF-"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == build.sha256
    assert build.page_count == build.manifest["pages"]
    assert {i["number"]: i["pages"] for i in build.manifest["items"] if i["pages"]} == {
        "2": [1, 3],
        "3b": [5, 6],
        "4": [7, 11],
        "5": [13, 15],
        "6": [17, 21],
    }

    again = wait_for(services.pack_request_build(user=cast.coordinator, meeting=meeting, edition="members"))
    assert again.status == PackStatus.UNCHANGED
    assert PackBuild.objects.filter(meeting=meeting, status=PackStatus.DONE).count() == 1
