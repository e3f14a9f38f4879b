#!/usr/bin/env bash
# Back up the portal: the database (pg_dump, custom format) and every stored file (papers, packs, minutes),
# into a new dated folder with a manifest of SHA-256 sums.
#
# Usage: scripts/backup.sh [BACKUP_ROOT]          (default: ./backups)
#
# Reads the same environment as the portal: DATABASE_URL (PostgreSQL), and either AWS_STORAGE_BUCKET_NAME
# with AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_LOCATION (a
# bucket), or MEDIA_ROOT (the file system). The folder it makes:
#
#   portal-YYYYMMDD-HHMMSS/
#     database.dump     pg_dump -Fc of the database
#     files/...         every stored object (under AWS_LOCATION, if set), by its name in the store
#     SHA256SUMS        one line per file above, as `sha256sum` writes them (restore.sh checks it first)
#     backup.txt        when, which database, which store, how many files
#
# The database is dumped first, then the files copied: a file stored between the two is simply not named by
# any row. The signing key (MINUTES_SIGNING_KEY_FILE) is not in either: keep it, and its passphrase, apart.
# In production the bucket also keeps versions of every object (object-store versioning), so a file
# overwritten or deleted by mistake can be had back without a restore; this folder is the off-site copy.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"

: "${DATABASE_URL:?Set DATABASE_URL to the PostgreSQL database of the portal (postgres://user@host:port/name).}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "DATABASE_URL is not a PostgreSQL database: only PostgreSQL is backed up by this script." >&2; exit 2 ;;
esac

root="${1:-backups}"
folder="$root/portal-$(date -u +%Y%m%d-%H%M%S)"
if [ -e "$folder" ]; then
  echo "The backup folder $folder already exists: wait a second and run again." >&2
  exit 1
fi
mkdir -p "$folder/files"
chmod 700 "$folder"

echo "Dumping the database"
pg_dump --format=custom --no-password --file="$folder/database.dump" "$DATABASE_URL"

echo "Copying the stored files"
BACKUP_FOLDER="$folder" "$PYTHON" - <<'PY'
import os
import shutil
import sys
from pathlib import Path, PurePosixPath

files = Path(os.environ["BACKUP_FOLDER"]) / "files"


def local_path(name: str) -> Path:
    parts = PurePosixPath(name).parts
    if not parts or name.startswith("/") or any(p in ("..", ".") for p in parts):
        sys.exit(f"Refusing a stored file with an unsafe name: {name!r}")
    return files.joinpath(*parts)


bucket = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
count = 0
if bucket:
    import boto3

    s3 = boto3.client(
        "s3",
        endpoint_url=os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        region_name=os.environ.get("AWS_S3_REGION_NAME") or None,
    )
    prefix = os.environ.get("AWS_LOCATION", "").strip("/")
    prefix = f"{prefix}/" if prefix else ""
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for entry in page.get("Contents", []):
            name = entry["Key"][len(prefix):]
            if name.endswith("/"):
                continue  # a "folder" marker, not a file
            target = local_path(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            s3.download_file(bucket, entry["Key"], str(target))
            count += 1
    store = f"bucket {bucket}" + (f", prefix {prefix}" if prefix else "")
else:
    media = Path(os.environ.get("MEDIA_ROOT") or "media")
    if media.is_dir():
        shutil.copytree(media, files, dirs_exist_ok=True, symlinks=False)
        count = sum(1 for p in files.rglob("*") if p.is_file())
    store = f"folder {media.resolve()}"
print(f"{count} stored files copied from the {store}")
(Path(os.environ["BACKUP_FOLDER"]) / "backup.txt").write_text(f"store: {store}\nfiles: {count}\n")
PY

database_name="$("$PYTHON" -c 'import os, urllib.parse as u; print(u.unquote(u.urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/")))')"
{
  echo "made: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "database: $database_name"
} >>"$folder/backup.txt"

echo "Writing the manifest"
(cd "$folder" && find database.dump files -type f -print0 | sort -z | xargs -0 -r sha256sum >SHA256SUMS)
echo "Backup complete: $(wc -l <"$folder/SHA256SUMS") files listed in $folder/SHA256SUMS"
echo "$folder"
