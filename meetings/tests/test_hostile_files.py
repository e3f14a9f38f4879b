"""Hostile uploads (issue 7): each attack reproduced with a file made here, then shown to fail.

Office documents are converted in a task, isolated (no network, a private folder, an unprivileged user,
CPU and memory limits); bombs are refused by name; active content never reaches a stored paper or a pack;
a file whose bytes are not what its name says is refused. A refused upload leaves everything as it was.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import resource
import shutil
import socket
import subprocess
import threading
from pathlib import Path

import pikepdf
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.permissions import SYSTEM
from meetings import sandbox, services
from meetings.enums import PaperStatus
from meetings.models import Paper
from meetings.packs.services import pack_build_now
from meetings.tests.uploads import choose_files, confirm
from meetings.visibility import BOARD_READER
from testsupport import hostile
from testsupport.storage import local_copy, stored_bytes

pytestmark = pytest.mark.django_db

needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice is not installed here (CI installs it: scripts/system-deps.sh --with-libreoffice)",
)
FORBIDDEN = {"/JavaScript", "/JS", "/Launch", "/SubmitForm", "/GoToR", "/EmbeddedFile", "/EmbeddedFiles", "/AA"}


@pytest.fixture
def meeting(cast):
    return services.meeting_create(
        user=SYSTEM, board=cast.board, date=datetime.date(2030, 3, 14), start_time=datetime.time(14)
    )


@pytest.fixture
def item(meeting):
    meeting.refresh_from_db()
    return services.agenda_item_add(user=SYSTEM, meeting=meeting, title="Budget monitoring")


def upload(item, name, content, **kw):
    return services.paper_upload(user=SYSTEM, item=item, upload=SimpleUploadedFile(name, content), **kw)


def upload_and_convert(item, name, content, capture, **kw) -> Paper:
    with capture(execute=True):
        paper = upload(item, name, content, **kw)
    # A converted new version takes the place (and the id) of the paper it replaces.
    return Paper.objects.filter(pk=paper.pk).first() or Paper.objects.get(pk=paper.replaces_id)


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def decoded_streams(path) -> bytes:
    with pikepdf.open(path) as pdf:
        return b"".join(obj.read_bytes() for obj in pdf.objects if isinstance(obj, pikepdf.Stream))


def active_names(path) -> set[str]:
    """Every dictionary key and name value in the file that means active content (and OpenAction-with-JS)."""
    found = set()
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
                for key in obj.keys():  # noqa: SIM118 (pikepdf streams iterate their data)
                    value = obj.get(key)
                    if key in FORBIDDEN:
                        found.add(key)
                    if isinstance(value, pikepdf.Name) and str(value) in FORBIDDEN:
                        found.add(str(value))
                    if key == "/OpenAction" and isinstance(value, pikepdf.Dictionary) and value.get("/S") != "/GoTo":
                        found.add("/OpenAction")
                    if isinstance(value, pikepdf.Dictionary):  # direct (not numbered) dictionaries
                        for inner in value.keys():  # noqa: SIM118 (pikepdf streams iterate their data)
                            if inner in FORBIDDEN or str(value.get(inner)) in FORBIDDEN:
                                found.add(inner if inner in FORBIDDEN else str(value.get(inner)))
    return found


def uris(path) -> list[str]:
    with pikepdf.open(path) as pdf:
        return [
            str(a.A.URI)
            for page in pdf.pages
            for a in page.get("/Annots") or []
            if "/A" in a and a.A.get("/S") == "/URI"
        ]


class Listener:
    """A real TCP server on 127.0.0.1 that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections: list[bytes] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(1)
                try:
                    self.connections.append(conn.recv(4096))
                    conn.sendall(b"HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                except OSError:
                    self.connections.append(b"")

    def close(self) -> None:
        self.stop.set()
        self.thread.join(2)
        self.sock.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


# 1. Office conversion: isolated, and off the request ---------------------------------------------------


def test_listener_sees_a_plain_connection(listener):
    """The listener works: without the portal in the way, a connection is recorded."""
    with socket.create_connection(("127.0.0.1", listener.port)) as conn:
        conn.sendall(b"GET / HTTP/1.0\r\n\r\n")
        conn.recv(100)
    assert listener.connections and listener.connections[0].startswith(b"GET /")


@needs_libreoffice
def test_attack_linked_image_on_a_local_server_is_never_fetched(item, listener, django_capture_on_commit_callbacks):
    url = f"http://127.0.0.1:{listener.port}/internal/admin.png"
    docx = hostile.docx_bytes(["Budget monitoring, quarter 2"], linked_images=[url, url.replace("http", "https")])
    paper = upload_and_convert(item, "Budget.docx", docx, django_capture_on_commit_callbacks)
    assert paper.status == PaperStatus.READY, paper.refusal_reason
    assert "Budget monitoring" in pdf_text(local_copy(paper.file))
    assert listener.connections == []


@needs_libreoffice
def test_attack_linked_file_on_this_server_is_never_embedded(
    item, settings, tmp_path, django_capture_on_commit_callbacks
):
    secret = Path(settings.MEDIA_ROOT) / "papers" / "999" / "part-two.pdf"
    secret.parent.mkdir(parents=True)
    secret.write_bytes(hostile.pdf_plain(1, "EXEMPTCONTRACTVALUE"))
    docx = hostile.docx_bytes(["Budget monitoring"], linked_images=[f"file://{secret}", str(secret)])
    paper = upload_and_convert(item, "Budget.docx", docx, django_capture_on_commit_callbacks)
    assert paper.status == PaperStatus.READY, paper.refusal_reason
    assert "EXEMPTCONTRACTVALUE" not in pdf_text(local_copy(paper.file))
    assert b"EXEMPTCONTRACTVALUE" not in decoded_streams(local_copy(paper.file))


@needs_libreoffice
def test_external_relationships_are_stripped_before_conversion_but_web_links_stay(tmp_path):
    from meetings import filetypes

    source = tmp_path / "in.docx"
    source.write_bytes(
        hostile.docx_bytes(
            ["Plan"],
            linked_images=["http://127.0.0.1:9/x.png", "file:///etc/hostname"],
            hyperlinks=["https://www.lancashire.gov.uk/", "file:///etc/passwd"],
        )
    )
    removed = filetypes.clean_office_zip(source, tmp_path / "out.docx")
    import zipfile

    rels = zipfile.ZipFile(tmp_path / "out.docx").read("word/_rels/document.xml.rels").decode()
    assert removed == 3
    assert "https://www.lancashire.gov.uk/" in rels
    assert "127.0.0.1" not in rels and "file://" not in rels


@pytest.mark.skipif(sandbox.isolation() == "none", reason="this machine allows no namespaces")
def test_the_sandbox_has_no_network_sees_only_its_folder_and_is_limited(tmp_path, listener, settings):
    python = "/usr/bin/python3"
    if not Path(python).exists():
        pytest.skip("needs the system python3 to probe the sandbox")
    import tempfile

    # Conversions work in the system's temporary folder, which the unprivileged user can reach.
    folder = Path(tempfile.mkdtemp(prefix="portal-convert-test-"))
    request_cleanup = folder
    (folder / "input.txt").write_text("the one input file")
    secret = Path(settings.MEDIA_ROOT) / "papers" / "1" / "secret.pdf"
    secret.parent.mkdir(parents=True)
    secret.write_text("exempt")
    probe = (
        "import os, socket, resource, sys\n"
        "try:\n"
        f"    socket.create_connection(('127.0.0.1', {listener.port}), timeout=2); print('net:yes')\n"
        "except OSError:\n"
        "    print('net:no')\n"
        f"print('secret:' + ('yes' if os.path.exists({str(secret)!r}) else 'no'))\n"
        "print('uid:%d' % os.getuid())\n"
        "print('as:%d' % resource.getrlimit(resource.RLIMIT_AS)[0])\n"
        "print('cpu:%d' % resource.getrlimit(resource.RLIMIT_CPU)[0])\n"
        "print('files:' + ','.join(sorted(os.listdir('.'))))\n"
    )
    try:
        result = sandbox.run_isolated([python, "-c", probe], folder=folder, timeout=30, memory_mb=512, cpu_seconds=7)
    finally:
        shutil.rmtree(request_cleanup, ignore_errors=True)
    assert result.returncode == 0, result.stderr.decode()
    out = dict(line.split(":", 1) for line in result.stdout.decode().split())
    assert out["net"] == "no" and listener.connections == []
    assert out["as"] == str(512 * 1024 * 1024) and out["cpu"] == "7"
    assert out["uid"] != "0" or sandbox.isolation() == "bwrap"  # bwrap: root only inside its own namespace
    if sandbox.isolation() == "bwrap":
        assert out["secret"] == "no"
        assert out["files"] == "input.txt"


def test_office_upload_returns_at_once_and_is_never_read_until_converted(
    item, settings, client, cast, django_capture_on_commit_callbacks
):
    if shutil.which("soffice") is None:
        settings.LIBREOFFICE_BINARY = "/bin/false"  # the upload itself needs no LibreOffice run
    with django_capture_on_commit_callbacks(execute=False) as queued:
        paper = upload(item, "Budget.docx", hostile.docx_bytes(["Budget monitoring"]))
    assert len(queued) == 1  # the conversion task, queued on commit
    assert paper.status == PaperStatus.CONVERTING and not paper.file
    assert not Paper.objects.visible_to(BOARD_READER).filter(pk=paper.pk).exists()
    client.force_login(cast.superuser)
    assert client.get(reverse("meetings:paper_file", args=[paper.pk])).status_code == 403
    client.force_login(cast.member)
    html = client.get(item.meeting.get_absolute_url()).content.decode()
    status_url = reverse("meetings:paper_status", args=[item.meeting.pk, item.pk])
    assert "Converting…" in html and f'hx-get="{status_url}?polling=1"' in html
    build = pack_build_now(user=SYSTEM, meeting=item.meeting, edition="members")
    assert all(p["title"] != "Budget" for i in build.manifest["items"] for p in i.get("papers", []))


def test_a_refused_conversion_says_why_and_the_previous_version_stays(
    item, settings, client, cast, django_capture_on_commit_callbacks
):
    settings.LIBREOFFICE_BINARY = "/bin/false"  # LibreOffice fails on this file
    good = upload(item, "Budget.pdf", hostile.pdf_plain(2, "Budget v1"))
    before = (good.file.name, good.sha256, good.page_count)
    refused = upload_and_convert(
        item, "Budget.docx", hostile.docx_bytes(["Budget v2"]), django_capture_on_commit_callbacks, replace=good
    )
    assert refused.status == PaperStatus.REFUSED
    assert refused.refusal_reason.startswith("“Budget.docx” is a Word document that could not be converted to PDF")
    good.refresh_from_db()
    assert (good.file.name, good.sha256, good.page_count) == before
    assert list(Paper.objects.visible_to(BOARD_READER).filter(item=item)) == [good]
    client.force_login(cast.coordinator)
    fragment = client.get(reverse("meetings:paper_status", args=[item.meeting.pk, item.pk])).content.decode()
    assert "could not be used: “Budget.docx” is a Word document that could not be converted" in fragment
    assert "hx-get" not in fragment  # nothing converting: no more polling


@needs_libreoffice
def test_a_converted_new_version_takes_the_paper_s_place(item, django_capture_on_commit_callbacks):
    good = upload(item, "Budget.pdf", hostile.pdf_plain(2, "Budget v1"))
    paper = upload_and_convert(
        item,
        "Budget.docx",
        hostile.docx_bytes(["Budget version two"]),
        django_capture_on_commit_callbacks,
        replace=good,
    )
    assert paper.pk == good.pk and paper.status == PaperStatus.READY
    assert list(item.papers.all()) == [paper]
    assert "Budget version two" in pdf_text(local_copy(paper.file))
    assert paper.original_file.name.endswith(".docx")


# 2. Bombs ---------------------------------------------------------------------------------------------


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("Accounts.pdf", hostile.pdf_stream_bomb, "“Accounts.pdf” holds data that unpacks to more than 256 MB"),
        ("Minutes.pdf", hostile.pdf_page_bomb, "“Minutes.pdf” has more than 5,000 pages"),
        ("Budget.docx", hostile.docx_zip_bomb, "“Budget.docx” unpacks to more than 256 MB"),
    ],
    ids=["pdf-1GiB-streams", "pdf-100000-pages", "docx-1GiB-unzipped"],
)
def test_attack_bombs_are_refused_by_name_and_memory_stays_bounded(item, settings, name, make, message):
    settings.LIBREOFFICE_BINARY = shutil.which("soffice") or "/bin/false"
    good = upload(item, "good.pdf", hostile.pdf_plain(1))
    content = make()
    before = _peak_mb()
    with pytest.raises(ValidationError) as exc:
        upload(item, name, content)
    assert message in " ".join(exc.value.messages)
    assert _peak_mb() - before < 60  # checked in a child with a memory cap: this process hardly grows
    assert list(Paper.objects.filter(item=item)) == [good]


def test_attack_a_tightly_packed_docx_is_refused_for_its_ratio(item, settings):
    settings.LIBREOFFICE_BINARY = "/bin/false"
    content = hostile.docx_zip_bomb(64 * hostile.MIB)  # under the size limit, but 1000:1
    with pytest.raises(ValidationError, match=r"“Budget\.docx” is packed far more tightly than any real document"):
        upload(item, "Budget.docx", content)


# 3. Active content ------------------------------------------------------------------------------------


def test_attack_active_content_is_removed_from_the_paper_and_every_pack(item, django_capture_on_commit_callbacks):
    raw = io.BytesIO(hostile.pdf_with_active_content())
    assert active_names(raw) >= {"/JavaScript", "/JS", "/Launch", "/SubmitForm", "/GoToR", "/EmbeddedFile", "/AA"}
    paper = upload(item, "Performance.pdf", hostile.pdf_with_active_content())
    assert active_names(local_copy(paper.file)) == set()
    assert uris(local_copy(paper.file)) == ["https://www.lancashire.gov.uk/children", "https://example.org/"]
    assert paper.page_count == 2
    for words in (
        "JavaScript",
        "starts a program",
        "a form that sends",
        "opens another file (\\\\attacker.example\\share\\paper.pdf)",
        "attached files (setup.exe, invoice.exe)",
    ):
        assert words in paper.removed_content
    build = pack_build_now(user=SYSTEM, meeting=item.meeting, edition="members")
    assert build.status == "done", build.error
    assert active_names(local_copy(build.file)) == set()
    assert "https://www.lancashire.gov.uk/children" in uris(local_copy(build.file))


def test_a_paper_stored_before_the_checks_still_packs_without_active_content(item):
    from meetings.tests.factories import PaperFactory

    PaperFactory(item=item, title="Old paper", pages=2, data=hostile.pdf_with_active_content())
    build = pack_build_now(user=SYSTEM, meeting=item.meeting, edition="members")
    assert build.status == "done", build.error
    assert active_names(local_copy(build.file)) == set()


def test_the_uploader_is_told_what_was_removed(client, cast, item):
    client.force_login(cast.coordinator)
    step2 = choose_files(client, item, [("Performance.pdf", hostile.pdf_with_active_content())])
    assert "Taken out for safety: JavaScript" in step2.content.decode()
    response = confirm(client, step2, {0: {"title": "Performance"}}, follow=True)
    html = response.content.decode()
    assert "this was taken out of “Performance.pdf”: JavaScript" in html
    page = client.get(item.meeting.get_absolute_url()).content.decode()
    assert "Taken out when uploaded, for safety: JavaScript" in page


def test_a_clean_pdf_is_stored_byte_for_byte(item):
    content = hostile.pdf_plain(3)
    paper = upload(item, "Plain.pdf", content)
    assert stored_bytes(paper.file) == content and paper.removed_content == ""


# 4. Type sniffing -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("Budget.doc", hostile.random_bytes, "“Budget.doc” is not a Word document: its contents are something else. "
         "Open it and save it again as .docx or PDF."),
        ("Budget.docx", hostile.random_bytes, "“Budget.docx” is not a Word document: its contents are something "
         "else. Open it and save it again as .docx or PDF."),
        ("Figures.xlsx", hostile.random_bytes, "“Figures.xlsx” is not an Excel spreadsheet: its contents are "
         "something else. Open it and save it again as .xlsx or PDF."),
        ("Budget.docx", lambda: hostile.pdf_plain(1), "“Budget.docx” is a PDF, not a Word document: rename it"),
        ("Budget.docx", hostile.zip_not_office, "“Budget.docx” is not a Word document: its contents are something"),
        ("Figures.xlsx", lambda: hostile.docx_bytes(["x"]), "“Figures.xlsx” is not an Excel spreadsheet"),
        ("Plan.odt", lambda: hostile.docx_bytes(["x"]), "“Plan.odt” is not an OpenDocument text file"),
        ("Plan.pdf", lambda: hostile.docx_bytes(["x"]), "“Plan.pdf” is not a PDF file"),
    ],
    ids=["random-doc", "random-docx", "random-xlsx", "pdf-as-docx", "zip-as-docx", "docx-as-xlsx", "docx-as-odt",
         "docx-as-pdf"],
)  # fmt: skip
def test_attack_a_file_that_is_not_what_its_name_says_is_refused(item, settings, name, make, message):
    settings.LIBREOFFICE_BINARY = shutil.which("soffice") or "/bin/false"
    good = upload(item, "good.pdf", hostile.pdf_plain(1))
    with pytest.raises(ValidationError) as exc:
        upload(item, name, make())
    assert message in " ".join(exc.value.messages)
    assert list(Paper.objects.filter(item=item)) == [good]


@needs_libreoffice
@pytest.mark.celery_worker
@pytest.mark.skipif(not settings.CELERY_BROKER_URL, reason="needs CELERY_BROKER_URL (a real broker)")
@pytest.mark.django_db(transaction=True)
def test_a_worker_converts_the_upload_queued_on_commit(cast):
    import time

    meeting = services.meeting_create(
        user=SYSTEM, board=cast.board, date=datetime.date(2030, 3, 14), start_time=datetime.time(14)
    )
    item = services.agenda_item_add(user=SYSTEM, meeting=meeting, title="Budget monitoring")
    with _worker():
        paper = upload(item, "Budget.docx", hostile.docx_bytes(["Budget monitoring by the worker"]))
        assert paper.status == PaperStatus.CONVERTING  # the request returns at once
        deadline = time.monotonic() + 120
        while paper.status == PaperStatus.CONVERTING and time.monotonic() < deadline:
            time.sleep(0.2)
            paper.refresh_from_db()
    assert paper.status == PaperStatus.READY, paper.refusal_reason
    assert "Budget monitoring by the worker" in pdf_text(local_copy(paper.file))


def _worker():
    import uuid

    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    @contextlib.contextmanager
    def running():
        queue = f"test-convert-{uuid.uuid4().hex[:8]}"
        previous = app.conf.task_default_queue
        app.conf.task_default_queue = queue
        try:
            with start_worker(app, perform_ping_check=False, pool="solo", queues=[queue], shutdown_timeout=30):
                yield
        finally:
            app.conf.task_default_queue = previous

    return running()
