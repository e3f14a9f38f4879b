#!/usr/bin/env bash
# Restore the portal from a folder scripts/backup.sh made: check its manifest, drop and recreate the
# database, pg_restore the dump into it, and put every stored file back in the bucket (or MEDIA_ROOT).
#
# Usage: scripts/restore.sh BACKUP_FOLDER --yes
#
# Reads the same environment as the portal (DATABASE_URL, the AWS_* bucket settings or MEDIA_ROOT).
# ADMIN_DATABASE_URL, when set, is the connection used to drop and create the database (a role allowed to:
# by default the same server and user as DATABASE_URL, database "postgres"); the new database is owned by
# DATABASE_URL's user. Stop the workers and beat, and take the web hosts out of the load balancer, first:
# the database is dropped with every connection to it cut. Files in the store that the backup does not
# hold are left where they are (no row names them). Afterwards run `python manage.py verify_minutes`.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"

folder="${1:-}"
if [ -z "$folder" ] || [ "${2:-}" != "--yes" ]; then
  echo "Usage: scripts/restore.sh BACKUP_FOLDER --yes" >&2
  echo "This replaces the database named in DATABASE_URL, and the stored files, with the backup's." >&2
  exit 2
fi
: "${DATABASE_URL:?Set DATABASE_URL to the PostgreSQL database of the portal (postgres://user@host:port/name).}"
if [ ! -f "$folder/SHA256SUMS" ] || [ ! -f "$folder/database.dump" ]; then
  echo "$folder is not a backup: it has no SHA256SUMS or no database.dump." >&2
  exit 1
fi

echo "Checking the backup against its manifest"
if ! (cd "$folder" && sha256sum --check --quiet --strict SHA256SUMS); then
  echo "The backup in $folder does not match its manifest (a file above differs or is missing): nothing was restored." >&2
  exit 1
fi
listed="$(cd "$folder" && find database.dump files -type f | wc -l)"
if [ "$listed" -ne "$(wc -l <"$folder/SHA256SUMS")" ]; then
  echo "The backup in $folder holds files its manifest does not list: nothing was restored." >&2
  exit 1
fi

eval "$("$PYTHON" - <<'PY'
import os, shlex, urllib.parse as u
url = u.urlsplit(os.environ["DATABASE_URL"])
name = u.unquote(url.path.lstrip("/"))
admin = os.environ.get("ADMIN_DATABASE_URL") or u.urlunsplit(url._replace(path="/postgres", query=""))
owner = u.unquote(url.username or "") or os.environ.get("PGUSER", "postgres")
print(f"database_name={shlex.quote(name)} admin_url={shlex.quote(admin)} owner={shlex.quote(owner)}")
PY
)"
quoted_name="\"${database_name//\"/\"\"}\""
quoted_owner="\"${owner//\"/\"\"}\""

echo "Recreating the database $database_name"
psql --no-password --quiet --set ON_ERROR_STOP=1 "$admin_url" \
  -c "DROP DATABASE IF EXISTS $quoted_name WITH (FORCE)" \
  -c "CREATE DATABASE $quoted_name OWNER $quoted_owner"

echo "Restoring the database"
pg_restore --no-password --no-owner --exit-on-error --dbname="$DATABASE_URL" "$folder/database.dump"

echo "Putting the stored files back"
BACKUP_FOLDER="$folder" "$PYTHON" - <<'PY'
import mimetypes
import os
import shutil
from pathlib import Path

files = Path(os.environ["BACKUP_FOLDER"]) / "files"
names = sorted(p.relative_to(files).as_posix() for p in files.rglob("*") if p.is_file())
bucket = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if bucket:
    import boto3

    s3 = boto3.client(
        "s3",
        endpoint_url=os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        region_name=os.environ.get("AWS_S3_REGION_NAME") or None,
    )
    prefix = os.environ.get("AWS_LOCATION", "").strip("/")
    prefix = f"{prefix}/" if prefix else ""
    for name in names:
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        s3.upload_file(str(files / name), bucket, prefix + name, ExtraArgs={"ContentType": content_type})
    store = f"bucket {bucket}" + (f", prefix {prefix}" if prefix else "")
else:
    media = Path(os.environ.get("MEDIA_ROOT") or "media")
    for name in names:
        target = media / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(files / name, target)
    store = f"folder {media.resolve()}"
print(f"{len(names)} stored files put back in the {store}")
PY
echo "Restore complete. Now run: python manage.py verify_minutes"
