"""A real Celery worker on the configured broker (Redis in CI) builds a pack queued by the service, and a
build whose worker is killed part way is delivered again and finished by another worker.

Runs only when ``CELERY_BROKER_URL`` is set, e.g.::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal CELERY_BROKER_URL=redis://127.0.0.1:6379/0 \\
    CELERY_RESULT_BACKEND=redis://127.0.0.1:6379/1 .venv/bin/pytest meetings/tests/test_pack_worker.py
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from meetings.enums import PackEdition, PackStatus
from meetings.models import PackBuild
from meetings.packs import services
from meetings.tests.factories import meeting_with_papers
from testsupport.shared import check_pack
from testsupport.storage import local_copy, stored_bytes, stored_names

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(not settings.CELERY_BROKER_URL, reason="needs CELERY_BROKER_URL (a real broker)"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils"),
]


@pytest.fixture
def queue():
    """A queue of the test's own, that tasks queued in the test go to."""
    from config.celery import app

    name = f"test-packs-{uuid.uuid4().hex[:8]}"
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = name
    yield name
    app.conf.task_default_queue = previous


@pytest.fixture
def worker(queue):
    """A worker thread consuming a queue of its own (so no other worker on the broker takes the task)."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    with start_worker(app, perform_ping_check=False, pool="solo", queues=[queue], shutdown_timeout=30) as w:
        yield w


def database_url() -> str:
    """The test database, for a worker in another process."""
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("a worker in another process needs a database it can open (PostgreSQL)")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    host = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
    return f"postgres://{quote(db['USER'], safe='')}{password}@{host}/{quote(db['NAME'], safe='')}"


@pytest.fixture
def worker_media(tmp_path) -> Path:
    """The workers' MEDIA_ROOT. With a bucket configured it is an empty folder of their own, which stays
    empty: the test and its workers share nothing but the database, the broker and the bucket."""
    if not settings.AWS_STORAGE_BUCKET_NAME:
        return Path(settings.MEDIA_ROOT)  # the file system is the store: the same folder
    folder = tmp_path / "worker-media"
    folder.mkdir()
    return folder


@pytest.fixture
def worker_processes(queue, tmp_path, worker_media):
    """Start Celery workers as processes of their own (each leads its process group, so the test can kill
    it outright); whatever is still running at the end is stopped."""
    started: list[subprocess.Popen] = []
    (tmp_path / "worker-work").mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "MEDIA_ROOT": str(worker_media),
        # The test's prefix in the bucket, when there is one.
        "AWS_LOCATION": settings.STORAGES["default"].get("OPTIONS", {}).get("location", ""),
        # The workers' local working folders: the test looks in to see a build half done.
        "FILE_UPLOAD_TEMP_DIR": str(tmp_path / "worker-work"),
        # A task whose worker died goes back on the queue after 5 s, not the deployment's 30 minutes.
        "CELERY_VISIBILITY_TIMEOUT": "5",
    }

    def start(name: str, *, stalling: bool = False) -> subprocess.Popen:
        main = ["-m", "meetings.tests.stalling_worker"] if stalling else ["-m", "celery", "-A", "config", "worker"]
        options = ["--pool=solo", f"--queues={queue}", f"--hostname={name}-{queue}@%h", "--loglevel=INFO"]
        options += ["--without-mingle", "--without-gossip", "--without-heartbeat"]
        log = (tmp_path / f"{name}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, *main, *options],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def wait_until(condition, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"{what} after {timeout}s")


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
    data = stored_bytes(build.file)
    assert data[:5] == b"%PDF-"
    assert hashlib.sha256(data).hexdigest() == build.sha256
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


@pytest.mark.django_db(transaction=True)
def test_a_build_whose_worker_is_killed_is_delivered_again_and_finishes_on_another(
    cast, worker_processes, worker_media, tmp_path
):
    meeting = meeting_with_papers(cast.board)
    first = worker_processes("first", stalling=True)
    build = services.pack_request_build(user=cast.coordinator, meeting=meeting, edition=PackEdition.MEMBERS)

    # The first worker gets as far as saving, with part of the pack written in its working folder, and is
    # killed there: nothing of it is stored.
    half_written = wait_until(
        lambda: list((tmp_path / "worker-work").glob(f"pack-build-{build.pk}-*/*.part")),
        timeout=120,
        what=f"no half-written pack (see {tmp_path / 'first.log'})",
    )
    assert stored_names(f"packs/{meeting.pk}") == []
    build.refresh_from_db()
    assert (build.status, build.stage, build.percent, build.attempts) == (PackStatus.RUNNING, "saving", 90, 1)
    os.killpg(first.pid, signal.SIGKILL)
    assert first.wait(timeout=30) == -signal.SIGKILL

    # The task was never acknowledged: another worker is given it and builds the pack.
    worker_processes("second")
    build = wait_for(build, timeout=120)
    assert build.status == PackStatus.DONE, build.error
    assert build.attempts == 2 and build.number == 1 and build.stage == "done" and build.percent == 100
    path = local_copy(build.file)
    assert path.read_bytes()[:5] == b"%PDF-"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == build.sha256
    assert build.page_count == build.manifest["pages"]
    assert check_pack(path).returncode == 0
    assert not half_written[0].exists()  # the second worker, on the same host, cleared the first's folder
    assert stored_names(f"packs/{meeting.pk}") == [path.name]  # nothing half-written is stored beside it
    if settings.AWS_STORAGE_BUCKET_NAME:
        assert list(worker_media.iterdir()) == []  # the workers wrote nothing to their local MEDIA_ROOT
