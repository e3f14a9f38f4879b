"""The portal as several hosts that share nothing but PostgreSQL, Redis and an S3-compatible bucket.

Run by ``scripts/multihost.sh`` (and so by ``.ci/run``). It makes a database of its own
(``portal_multihost``), a local S3 server (moto) with an empty bucket, migrates and loads the demo; then
starts two web processes (gunicorn, ports 8412 and 8413) and two Celery workers, each with an empty
MEDIA_ROOT and a TMPDIR of its own. Through web A, signed in with the demo coordinator's login as a person
would (the sign-in form, with its CSRF token), it uploads a long PDF and a Word document to an agenda item,
waits for a worker to convert the Word document, and asks for the pack to be built. While the build runs
it kills the worker building it outright (SIGKILL to its process group, as a host dying would) and
checks that the other worker finishes the build once the broker's visibility timeout has passed. Through
web B it then reads the meeting page and downloads the pack: the same bytes web A serves, and the shared
pack checker passes it. Last, ``scripts/backup_check.py`` backs up, wipes, restores and checks again.

Every check prints a PASS or FAIL line; the exit status is 1 when any failed. Every process it started is
stopped on the way out, whatever happened. Settings (environment):

    MULTIHOST_PAPER_PAGES     pages of the long paper (default 400): enough for the build to be caught running
    MULTIHOST_REQUIRE_OFFICE  1: fail, rather than skip, the Word document's conversion without LibreOffice
    MULTIHOST_VISIBILITY      the broker's visibility timeout for the run, in seconds (default 20)
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = str(ROOT / ".venv" / "bin" / "python")
BIN = ROOT / ".venv" / "bin"
CHECK_PACK = ROOT.parent / "shared" / "tools" / "check_pack.py"

DATABASE = os.environ.get("MULTIHOST_DATABASE", "portal_multihost")
PG = os.environ.get("MULTIHOST_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("MULTIHOST_REDIS", "redis://127.0.0.1:6379")
BROKER_DB, RESULTS_DB = 12, 13
S3_PORT = int(os.environ.get("MULTIHOST_S3_PORT", "5012"))
WEB_PORTS = (8412, 8413)
BUCKET = "portal-multihost"
PAPER_PAGES = int(os.environ.get("MULTIHOST_PAPER_PAGES", "400"))
VISIBILITY = int(os.environ.get("MULTIHOST_VISIBILITY", "20"))
COORDINATOR = ("coordinator@example.org", "demo-coordinator")  # demo/data/boards.yaml, "logins"

#: Variables of the calling shell that would change what the hosts do; every host gets its own below.
INHERITED_OUT = (
    "DJANGO_PRODUCTION",
    "DJANGO_SETTINGS_MODULE",
    "DEBUG",
    "MEDIA_ROOT",
    "FILE_UPLOAD_TEMP_DIR",
    "STORAGE_SIGNED_URL_SECONDS",
    "PACK_BUILD_STALE_SECONDS",
    "EMAIL_URL",
    "SITE_URL",
)


class Failed(Exception):
    """A check failed that the rest of the run depends on."""


class Harness:
    def __init__(self, work: Path) -> None:
        self.work = work
        self.started = time.monotonic()
        self.processes: dict[str, subprocess.Popen] = {}
        self.results: list[tuple[bool, str]] = []
        self.database_url = f"{PG}/{DATABASE}"
        self.env = self._env()

    # Reporting --------------------------------------------------------------------------------------

    def check(self, ok: bool, what: str, detail: str = "") -> bool:
        self.results.append((bool(ok), what))
        line = f"{'PASS' if ok else 'FAIL'}  {what}"
        if detail:
            line += f"  ({detail})"
        print(line, flush=True)
        return bool(ok)

    def require(self, ok: bool, what: str, detail: str = "") -> None:
        if not self.check(ok, what, detail):
            raise Failed(what)

    def note(self, text: str) -> None:
        print(f"      {text}  [{time.monotonic() - self.started:.0f}s]", flush=True)

    # Processes --------------------------------------------------------------------------------------

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in INHERITED_OUT and not k.startswith(("AWS_", "CELERY_"))}
        env.update(
            DATABASE_URL=self.database_url,
            CELERY_BROKER_URL=f"{REDIS}/{BROKER_DB}",
            CELERY_RESULT_BACKEND=f"{REDIS}/{RESULTS_DB}",
            CACHE_URL=f"{REDIS}/{RESULTS_DB}",
            CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY),
            AWS_STORAGE_BUCKET_NAME=BUCKET,
            AWS_S3_ENDPOINT_URL=f"http://127.0.0.1:{S3_PORT}",
            AWS_S3_REGION_NAME="eu-west-2",
            AWS_ACCESS_KEY_ID="multihost",
            AWS_SECRET_ACCESS_KEY="multihost",  # noqa: S106 (the local S3 server's, for this run only)
            AWS_S3_ADDRESSING_STYLE="path",
            # Plain HTTP on one machine: DEBUG off, but not the production HTTPS redirects and secure cookies.
            DEBUG="false",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1",
            SITE_URL=f"http://127.0.0.1:{WEB_PORTS[0]}",
            MINUTES_SIGNING_KEY_FILE=str(self.work / "minutes-signing.p12"),
            MINUTES_SIGNING_PASSPHRASE="",
            PYTHONUNBUFFERED="1",
        )
        return env

    def host_env(self, name: str) -> dict[str, str]:
        """A host's environment: the shared settings, and an empty MEDIA_ROOT and TMPDIR of its own."""
        media, tmp = self.work / name / "media", self.work / name / "tmp"
        media.mkdir(parents=True, exist_ok=True)
        tmp.mkdir(parents=True, exist_ok=True)
        return {**self.env, "MEDIA_ROOT": str(media), "TMPDIR": str(tmp)}

    def start(self, name: str, argv: list[str]) -> subprocess.Popen:
        log = (self.work / f"{name}.log").open("w")
        process = subprocess.Popen(
            argv, cwd=ROOT, env=self.host_env(name), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes[name] = process
        self._write_pgids()
        return process

    def _write_pgids(self) -> None:
        """The process groups still running, for the shell's trap (a backstop should this process be killed)."""
        alive = [str(p.pid) for p in self.processes.values() if p.poll() is None]
        (self.work / "pgids").write_text("".join(f"{pid}\n" for pid in alive))

    def kill(self, name: str) -> None:
        process = self.processes[name]
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        self._write_pgids()

    def stop_all(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        # Anything left in their groups (a pool child, LibreOffice) goes too.
        for process in self.processes.values():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
        self._write_pgids()

    def log_tail(self, name: str, lines: int = 25) -> str:
        path = self.work / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""

    def manage(self, *args: str, env: dict[str, str] | None = None, timeout: int = 600) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=env or self.host_env("admin"),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise Failed(f"manage.py {' '.join(args)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
        return result.stdout

    def psql(self, sql: str) -> None:
        subprocess.run(
            ["psql", "--no-password", "--quiet", "--set", "ON_ERROR_STOP=1", f"{PG}/postgres", "-c", sql],
            check=True,
            capture_output=True,
            text=True,
        )


# Helpers ------------------------------------------------------------------------------------------------


def wait_until(condition, *, timeout: float, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(interval)
    return None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def long_pdf(pages: int, title: str) -> bytes:
    """A real PDF of ``pages`` A4 pages, each with a heading and a line of text."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    pdf = pikepdf.new()
    font = pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica, Encoding=Name.WinAnsiEncoding)
    )
    for i in range(1, pages + 1):
        lines = [b"BT /F1 16 Tf 72 742 Td (%s) Tj ET" % title.encode()]
        lines += [b"BT /F1 10 Tf 72 %d Td (Paragraph %d of page %d.) Tj ET" % (700 - 14 * k, k, i) for k in range(30)]
        page = Dictionary(
            Type=Name.Page,
            MediaBox=Array([0, 0, 595, 842]),
            Resources=Dictionary(Font=Dictionary(F1=font)),
            Contents=pdf.make_stream(b"\n".join(lines)),
        )
        pdf.pages.append(pikepdf.Page(pdf.make_indirect(page)))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def form_of(html: str, url: str, action_ends: str) -> tuple[str, list[tuple[str, str]]]:
    """The form on a page whose action ends with ``action_ends``: its absolute action and its values as a
    browser would send them (hidden fields, ticked boxes, chosen options)."""
    import lxml.html

    doc = lxml.html.fromstring(html)
    for form in doc.forms:
        action = urljoin(url, form.get("action") or url)
        if action.split("?")[0].endswith(action_ends):
            return action, list(form.form_values())
    raise Failed(f"no form posting to …{action_ends} on {url}")


def page_errors(html: str) -> str:
    """The error messages a page shows (form errors and alerts), in one line."""
    import lxml.html

    doc = lxml.html.fromstring(html)
    found = doc.xpath('//*[contains(@class, "invalid-feedback") or contains(@class, "alert")]')
    return " ".join(" ".join(node.text_content().split()) for node in found) or "no error shown"


def sign_in(session, base: str, email: str, password: str) -> None:
    url = f"{base}/accounts/login/"
    page = session.get(url, timeout=30)
    action, values = form_of(page.text, url, "/accounts/login/")
    data = [(k, v) for k, v in values if k not in ("username", "password")]
    data += [("username", email), ("password", password)]
    response = session.post(action, data=data, headers={"Referer": url}, allow_redirects=False, timeout=30)
    if response.status_code != 302 or "/accounts/login/" in response.headers.get("Location", ""):
        raise Failed(f"signing in as {email} at {base} did not work (HTTP {response.status_code})")


def fetch_pdf(session, url: str) -> bytes:
    """A PDF as the browser gets it: through the permission check, then (from a bucket) the signed link."""
    response = session.get(url, timeout=120)
    if response.status_code != 200 or not response.content.startswith(b"%PDF-"):
        raise Failed(f"{url} did not give a PDF (HTTP {response.status_code}, {response.content[:80]!r})")
    return response.content


def check_pack_file(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(CHECK_PACK), str(path)], capture_output=True, text=True, timeout=300)


# The run ------------------------------------------------------------------------------------------------


def prepare(h: Harness) -> None:
    import redis

    for number in (BROKER_DB, RESULTS_DB):  # nothing left from an earlier run
        redis.Redis.from_url(f"{REDIS}/{number}").flushdb()
    h.start("s3", [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(S3_PORT)])
    import boto3
    import botocore.exceptions

    s3 = boto3.client(
        "s3",
        endpoint_url=h.env["AWS_S3_ENDPOINT_URL"],
        region_name="eu-west-2",
        aws_access_key_id="multihost",
        aws_secret_access_key="multihost",  # noqa: S106
    )

    def bucket_made() -> bool:
        try:
            s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
        except botocore.exceptions.EndpointConnectionError:
            return False
        return True

    h.require(
        wait_until(bucket_made, timeout=30) is not None, f"a local S3 server on port {S3_PORT} with an empty bucket"
    )
    h.psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    h.psql(f'CREATE DATABASE "{DATABASE}"')
    h.note(f"database {DATABASE} made; migrating")
    h.manage("migrate", "--no-input", "-v", "0")
    h.manage("signing_certificate")


def start_hosts(h: Harness) -> None:
    for name, port in zip(("web-a", "web-b"), WEB_PORTS, strict=True):
        h.start(
            name,
            [
                *(str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}"),
                *("--workers", "1", "--threads", "4", "--timeout", "120"),
                *("--name", f"portal-{name}", "--access-logfile", "-"),
            ],
        )
    for name in ("w1", "w2"):
        h.start(
            name,
            [
                *(str(BIN / "celery"), "-A", "config", "worker", "--concurrency", "1", "-n", f"{name}@%h"),
                *("--loglevel", "INFO", "--without-mingle", "--without-gossip"),
            ],
        )


def load_demo(h: Harness) -> None:
    # The demo loads in one process with tasks in-process (no broker): the workers have nothing to do yet.
    env = {**h.host_env("loader"), "CELERY_BROKER_URL": "", "CELERY_RESULT_BACKEND": ""}
    output = h.manage("load_demo", "--no-pack", env=env)
    h.require(COORDINATOR[0] in output, "the demo loads into the shared database and bucket")


def hosts_ready(h: Harness) -> None:
    import requests

    for name, port in zip(("web-a", "web-b"), WEB_PORTS, strict=True):

        def healthy(port=port):
            try:
                response = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
            except requests.RequestException:
                return None
            return response if response.status_code == 200 else None

        response = wait_until(healthy, timeout=90, interval=0.5)
        body = response.json() if response is not None else None
        h.require(
            body == {"status": "ok", "checks": {"database": "ok", "broker": "ok", "storage": "ok"}},
            f"{name} answers /healthz with 200: database, broker and bucket ok",
            json.dumps(body) if body else h.log_tail(name, 10),
        )
    for name in ("w1", "w2"):
        ready = wait_until(lambda name=name: " ready." in (h.work / f"{name}.log").read_text(), timeout=90)
        h.require(ready is not None, f"worker {name} is ready", "" if ready else h.log_tail(name, 10))


def scenario(h: Harness) -> None:
    import django
    import requests

    os.environ.update(h.host_env("driver"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    django.setup()
    from django.utils import timezone

    from meetings.enums import PackStatus, PaperStatus
    from meetings.models import AgendaItem, Meeting, PackBuild, Paper
    from testsupport.hostile import docx_bytes

    web_a, web_b = (f"http://127.0.0.1:{port}" for port in WEB_PORTS)
    meeting = Meeting.objects.filter(board__slug="cpb", date__gte=timezone.localdate()).order_by("date").first()
    h.require(meeting is not None, "the demo has a coming meeting of the CPB to add papers to")
    usual = ("welcome", "declaration", "minutes", "any other business", "date")  # items with papers of their own
    items = AgendaItem.objects.filter(meeting=meeting, parent=None).order_by("position", "pk")
    item = next((i for i in items if not any(word in i.title.lower() for word in usual)), None)
    h.require(item is not None, "the coming meeting has an item for reports")
    h.note(f"meeting {meeting.pk} ({meeting.date}), item {item.pk} “{item.title}”")

    a = requests.Session()
    sign_in(a, web_a, *COORDINATOR)
    h.check(True, "signed in through web A's sign-in form as the demo coordinator")

    def upload(name: str, data: bytes, title: str, *, expect_refusal: bool = False):
        url = f"{web_a}/meetings/{meeting.pk}/agenda/{item.pk}/papers/add/"
        page = a.get(url, timeout=30)
        action, values = form_of(page.text, url, "/papers/add/")
        step2 = a.post(action, data=values, files=[("files", (name, data))], headers={"Referer": url}, timeout=300)
        if step2.status_code != 200:
            raise Failed(f"uploading {name} gave HTTP {step2.status_code}")
        if expect_refusal:
            return step2.text
        try:
            action, values = form_of(step2.text, action, "/papers/add/confirm/")
        except Failed:
            raise Failed(f"web A did not take {name}: {page_errors(step2.text)}") from None
        values = [(k, title if k.endswith("-title") else v) for k, v in values]  # the kind: as the page guessed
        done = a.post(action, data=values, headers={"Referer": url}, allow_redirects=False, timeout=300)
        h.require(done.status_code == 302, f"web A takes {name} ({len(data) // 1024} KB)", f"HTTP {done.status_code}")
        return Paper.objects.filter(item=item, title=title).latest("pk")

    started = time.monotonic()
    long_title = f"Multi-host run: the long report ({PAPER_PAGES} pages)"
    paper = upload("long-report.pdf", long_pdf(PAPER_PAGES, "Long report"), long_title)
    h.check(
        (paper.status, paper.page_count) == (PaperStatus.READY, PAPER_PAGES),
        f"the {PAPER_PAGES}-page PDF is on the item, ready",
        f"{paper.status}, {paper.page_count} pages, {time.monotonic() - started:.0f}s",
    )

    office = shutil.which("soffice") or shutil.which("libreoffice")
    docx = docx_bytes(["Youth Justice Plan", "Converted on a worker host."])
    if office or os.environ.get("MULTIHOST_REQUIRE_OFFICE") == "1":
        word = upload("youth-plan.docx", docx, "Youth plan")
        h.check(word.status == PaperStatus.CONVERTING, "the Word document waits for a worker to convert it")
        word = wait_until(
            lambda: Paper.objects.exclude(status=PaperStatus.CONVERTING).filter(pk=word.pk).first(), timeout=240
        )
        h.require(word is not None, "a worker finished with the Word document within 4 minutes")
        h.check(
            word.status == PaperStatus.READY and word.page_count >= 1,
            "a worker converted the Word document to PDF",
            f"{word.status}, {word.page_count} pages {word.refusal_reason}".strip(),
        )
        papers = (long_title, "Youth plan")
    else:
        refused = upload("youth-plan.docx", docx, "Youth plan", expect_refusal=True)
        h.check("LibreOffice is not" in refused, "web A refuses the Word document in plain words: no LibreOffice here")
        print("SKIP  converting a Word document on a worker: LibreOffice is not installed on this machine", flush=True)
        papers = (long_title,)

    # The pack: requested through web A, built by whichever worker takes it, killed part way.
    url = f"{web_a}/meetings/{meeting.pk}/packs/"
    action, values = form_of(a.get(url, timeout=30).text, url, "/packs/build/")
    values = [(k, v) for k, v in values if k != "edition"] + [("edition", "members")]
    asked = timezone.now()
    response = a.post(action, data=values, headers={"Referer": url}, allow_redirects=False, timeout=60)
    h.require(response.status_code == 302, "web A queues a build of the members' pack", f"HTTP {response.status_code}")
    build = PackBuild.objects.filter(meeting=meeting, created_at__gte=asked).order_by("-created_at").first()
    h.require(build is not None, "the build's row is there, queued")

    workers = {name: h.work / name / "tmp" for name in ("w1", "w2")}

    def holder():
        row = PackBuild.objects.filter(pk=build.pk).values("status", "stage", "percent").get()
        if row["status"] not in (PackStatus.QUEUED, PackStatus.RUNNING):
            return ("finished", row)
        if row["status"] != PackStatus.RUNNING or row["stage"] != "stamping":
            return None  # well inside the build: past copying the papers and rendering the agenda
        for name, tmp in workers.items():
            if list(tmp.glob(f"pack-build-{build.pk}-*")):
                return (name, row)
        return None

    found = wait_until(holder, timeout=120, interval=0.05)
    h.require(found is not None and found[0] != "finished", "the build is caught running on a worker", str(found))
    victim, row = found
    survivor = next(name for name in workers if name != victim)
    h.kill(victim)
    killed_at = time.monotonic()
    row = PackBuild.objects.filter(pk=build.pk).values("status", "stage", "percent", "attempts").get()
    h.check(
        (row["status"], row["attempts"]) == (PackStatus.RUNNING, 1),
        f"worker {victim} killed (SIGKILL) while building, at “{row['stage']}” {row['percent']}%",
    )

    status = a.get(f"{web_a}/packs/{build.pk}/status/", timeout=30)
    h.check(status.status_code == 200, "web A still shows the build's progress after its worker died")

    done = wait_until(
        lambda: (
            PackBuild.objects.filter(pk=build.pk).exclude(status__in=(PackStatus.QUEUED, PackStatus.RUNNING)).first()
        ),
        timeout=VISIBILITY + 240,
        interval=0.5,
    )
    h.require(done is not None, f"the build finished within {VISIBILITY + 240}s of the kill")
    h.check(
        (done.status, done.attempts) == (PackStatus.DONE, 2),
        f"worker {survivor} took the build again and finished it",
        f"{done.status} on attempt {done.attempts}, {done.page_count} pages, "
        f"{time.monotonic() - killed_at:.0f}s after the kill {done.error}".strip(),
    )
    h.check(
        f"Pack build {build.pk}: attempt 2" in (h.work / f"{survivor}.log").read_text(),
        f"worker {survivor}'s log shows the second attempt",
    )

    # Web B: the same session (sessions are in the shared database), the meeting page and the pack.
    b = requests.Session()
    b.cookies.update(a.cookies)
    page = b.get(f"{web_b}/meetings/{meeting.pk}/", timeout=60)
    h.check(
        page.status_code == 200 and all(title in page.text for title in papers),
        "web B shows the meeting page with the papers added, to the session signed in on web A",
        f"HTTP {page.status_code}",
    )
    from_a = fetch_pdf(a, f"{web_a}/packs/{build.pk}/pack.pdf")
    from_b = fetch_pdf(b, f"{web_b}/packs/{build.pk}/pack.pdf")
    h.check(
        sha256(from_b) == sha256(from_a) == done.sha256,
        "web B serves the pack byte for byte as web A does, as recorded when it was built",
        f"{len(from_b)} bytes, SHA-256 {done.sha256[:16]}…",
    )
    pack = h.work / "pack.pdf"
    pack.write_bytes(from_b)
    checked = check_pack_file(pack)
    h.check(checked.returncode == 0, "the shared pack checker passes the pack", checked.stdout.strip())
    h.check(done.page_count > PAPER_PAGES, f"the pack holds the long paper ({done.page_count} pages)")

    # Shared nothing else: every host's MEDIA_ROOT is still empty, and the survivor kept no working files.
    used = [p for name in ("web-a", "web-b", "w1", "w2", "loader") for p in (h.work / name / "media").rglob("*")]
    h.check(not used, "no host wrote to its own MEDIA_ROOT: every file is in the bucket", ", ".join(map(str, used[:3])))
    left = list(workers[survivor].glob("pack-build-*"))
    h.check(not left, f"worker {survivor} left no working folders behind", ", ".join(map(str, left)))
    from core.files import stored_files

    stored = stored_files().listdir(f"packs/{meeting.pk}")[1]
    h.check(
        stored == [Path(done.file.name).name],
        "the bucket holds the finished pack only, nothing of the killed attempt",
        ", ".join(stored),
    )

    # Back up, wipe, restore, and check again (scripts/backup_check.py), on the same database and bucket.
    from django.db import connections

    connections.close_all()
    env = {
        **h.host_env("backup"),
        "WEB_URL": web_b,
        "PORTAL_EMAIL": COORDINATOR[0],
        "PORTAL_PASSWORD": COORDINATOR[1],
        "BACKUP_ROOT": str(h.work / "backups"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    result = subprocess.run([PYTHON, str(ROOT / "scripts" / "backup_check.py")], cwd=ROOT, env=env, timeout=600)
    h.check(result.returncode == 0, "backup, wipe and restore keep the pack and the signed minutes intact")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, required=True, help="an empty folder for logs and the hosts' folders")
    work = parser.parse_args().work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    if not CHECK_PACK.exists():
        print(f"FAIL  the shared pack checker is not at {CHECK_PACK}")
        return 1
    h = Harness(work)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    failed = False
    print(f"== several hosts: logs in {work}", flush=True)
    try:
        prepare(h)
        start_hosts(h)
        load_demo(h)
        hosts_ready(h)
        scenario(h)
    except Failed as exc:
        failed = True
        print(f"FAIL  stopped: {str(exc).splitlines()[0]}", flush=True)
        if "\n" in str(exc):
            print(str(exc), flush=True)
    except (SystemExit, KeyboardInterrupt):
        failed = True
        print("FAIL  stopped: asked to stop (a signal); stopping the hosts and dropping the database", flush=True)
    except Exception:
        failed = True
        import traceback

        traceback.print_exc()
        print("FAIL  stopped by an unexpected error (above)", flush=True)
    finally:
        bad = failed or not all(ok for ok, _ in h.results)
        if bad:
            for name in h.processes:
                print(f"---- the end of {name}.log\n{h.log_tail(name)}", flush=True)
        h.stop_all()
        try:
            from django.db import connections

            connections.close_all()
        except Exception as exc:
            print(f"      (no database connections to close: {type(exc).__name__})", flush=True)
        try:
            h.psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        except subprocess.CalledProcessError as exc:
            print(f"could not drop the database {DATABASE}: {exc.stderr}", flush=True)
        import redis

        for number in (BROKER_DB, RESULTS_DB):
            redis.Redis.from_url(f"{REDIS}/{number}").flushdb()
    passed = sum(ok for ok, _ in h.results)
    failures = len(h.results) - passed
    took = time.monotonic() - h.started
    if bad:
        how = f"{failures} of {len(h.results)} checks failed" if failures else f"stopped after {passed} checks"
        print(f"FAIL  several hosts: {how} ({took:.0f}s)", flush=True)
        return 1
    print(f"PASS  several hosts: all {passed} checks passed in {took:.0f}s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
