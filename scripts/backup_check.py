"""Back up, wipe, restore, and check that what people rely on came back byte for byte.

Run by ``scripts/multihost.py`` once its pack is built, against the same database, bucket and web host;
it can run on its own against any portal set up the same way (it drops that database: never production).
Environment: the portal's (DATABASE_URL, the AWS_* bucket settings or MEDIA_ROOT), and WEB_URL (a running
web host), PORTAL_EMAIL and PORTAL_PASSWORD (a coordinator's login), BACKUP_ROOT (where backups go).

1. Notes the latest built pack and a signed minutes document: their bytes as the web host serves them.
2. ``scripts/backup.sh``.
3. Wipes: drops the database and empties the store; the web host's /healthz then says the database fails.
4. ``scripts/restore.sh``.
5. Checks: /healthz is ok again; the web host serves both files again, with the same SHA-256 as before; the
   minutes' digital signature still verifies (intact, valid, trusted); the pack passes the shared checker;
   ``manage.py verify_minutes`` finds nothing wrong.

Prints PASS or FAIL for each; exit status 1 when any failed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from multihost import CHECK_PACK, Failed, fetch_pdf, sign_in  # noqa: E402

results: list[bool] = []


def check(ok: bool, what: str, detail: str = "") -> bool:
    results.append(bool(ok))
    print(f"{'PASS' if ok else 'FAIL'}  {what}" + (f"  ({detail})" if detail else ""), flush=True)
    return bool(ok)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def health(web: str) -> tuple[int, dict]:
    import requests

    try:
        response = requests.get(f"{web}/healthz", timeout=10)
    except requests.RequestException as exc:
        return 0, {"error": type(exc).__name__}
    return response.status_code, response.json()


def wipe() -> None:
    """Drop the database and delete every stored file: what a lost server and bucket leave."""
    url = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    name = urllib.parse.unquote(url.path.lstrip("/"))
    admin = urllib.parse.urlunsplit(url._replace(path="/postgres"))
    subprocess.run(
        ["psql", "--no-password", "--quiet", admin, "-c", f'DROP DATABASE "{name}" WITH (FORCE)'],
        check=True,
        capture_output=True,
    )
    bucket = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if bucket:
        import boto3

        s3 = boto3.client(
            "s3",
            endpoint_url=os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            region_name=os.environ.get("AWS_S3_REGION_NAME") or None,
        )
        prefix = os.environ.get("AWS_LOCATION", "").strip("/")
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            keys = [{"Key": entry["Key"]} for entry in page.get("Contents", [])]
            if keys:
                s3.delete_objects(Bucket=bucket, Delete={"Objects": keys})
        left = s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get("KeyCount", 0)
        if left:
            raise Failed(f"the bucket still holds {left} objects after emptying it")
    else:
        import shutil

        shutil.rmtree(os.environ.get("MEDIA_ROOT") or ROOT / "media", ignore_errors=True)


def run() -> None:
    import django
    import requests

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import connections
    from django.urls import reverse

    from meetings.enums import MinutesDocumentKind, PackStatus
    from meetings.minutes.signing import check_pdf_signatures
    from meetings.models import MinutesDocument, PackBuild

    web = os.environ["WEB_URL"].rstrip("/")
    session = requests.Session()
    sign_in(session, web, os.environ["PORTAL_EMAIL"], os.environ["PORTAL_PASSWORD"])

    pack = PackBuild.objects.filter(status=PackStatus.DONE).order_by("-finished_at").first()
    minutes = (
        MinutesDocument.objects.filter(kind=MinutesDocumentKind.SIGNED, status=PackStatus.DONE)
        .select_related("minutes")
        .order_by("edition", "-version")
        .first()
    )
    if pack is None or minutes is None:
        raise Failed("there is no built pack or no signed minutes document to check")
    urls = {
        "pack": f"{web}{reverse('meetings:pack_download', args=[pack.pk])}",
        "signed minutes": web
        + reverse("meetings:minutes_document_file", args=[minutes.minutes.meeting_id, minutes.pk]),
    }
    before = {what: sha256(fetch_pdf(session, url)) for what, url in urls.items()}
    check(
        (before["pack"], before["signed minutes"]) == (pack.sha256, minutes.sha256),
        "before: the web host serves the pack and the signed minutes as recorded",
        f"pack {pack.pk} {before['pack'][:12]}…, minutes {minutes.pk} {before['signed minutes'][:12]}…",
    )
    connections.close_all()

    backup = subprocess.run(
        [str(ROOT / "scripts" / "backup.sh"), os.environ["BACKUP_ROOT"]], capture_output=True, text=True
    )
    if backup.returncode != 0:
        raise Failed(f"scripts/backup.sh failed:\n{backup.stdout}\n{backup.stderr}")
    folder = Path(backup.stdout.strip().splitlines()[-1])
    listed = (folder / "SHA256SUMS").read_text()
    check(
        f"files/{pack.file.name}\n" in listed and f"files/{minutes.file.name}\n" in listed,
        "the backup's manifest lists the database, the pack and the signed minutes",
        f"{len(listed.splitlines())} files in {folder.name}",
    )

    wipe()
    status, body = health(web)
    check(
        status == 503 and str(body.get("checks", {}).get("database", "")).startswith("fail"),
        "wiped: the database is gone and the bucket empty; /healthz says 503, the database fails",
        f"{status} {body}",
    )

    restore = subprocess.run(
        [str(ROOT / "scripts" / "restore.sh"), str(folder), "--yes"], capture_output=True, text=True
    )
    if restore.returncode != 0:
        raise Failed(f"scripts/restore.sh failed:\n{restore.stdout}\n{restore.stderr}")
    status, body = health(web)
    check(status == 200 and body.get("status") == "ok", "restored: /healthz is 200 ok again", f"{status} {body}")

    # The same session cookie: its row came back with the database.
    after = {what: fetch_pdf(session, url) for what, url in urls.items()}
    check(
        sha256(after["pack"]) == before["pack"],
        "after: the web host serves the pack byte for byte as before",
        sha256(after["pack"])[:12] + "…",
    )
    check(
        sha256(after["signed minutes"]) == before["signed minutes"],
        "after: the web host serves the signed minutes byte for byte as before",
        sha256(after["signed minutes"])[:12] + "…",
    )
    signatures = check_pdf_signatures(after["signed minutes"])
    check(
        bool(signatures) and all(s.intact and s.valid and s.trusted and s.covers_whole_file for s in signatures),
        "after: the chair's digital signature on the minutes verifies (intact, valid, trusted)",
        "; ".join(f"{s.field} by {s.signer}" for s in signatures),
    )
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(after["pack"])
        fh.flush()
        checked = subprocess.run([sys.executable, str(CHECK_PACK), fh.name], capture_output=True, text=True)
    check(checked.returncode == 0, "after: the shared pack checker passes the pack", checked.stdout.strip())
    verified = subprocess.run(
        [sys.executable, "manage.py", "verify_minutes"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    check(
        verified.returncode == 0,
        "after: manage.py verify_minutes finds every signed minutes document as signed",
        (verified.stdout.strip().splitlines() or [""])[-1],
    )


def main() -> int:
    try:
        run()
    except Failed as exc:
        print(f"FAIL  {exc}", flush=True)
        return 1
    return 0 if results and all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
