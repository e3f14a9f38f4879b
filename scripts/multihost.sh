#!/usr/bin/env bash
# The portal as several hosts sharing nothing but PostgreSQL, Redis and an S3 bucket: two web processes,
# two workers (one killed mid-build), then a backup, a wipe and a restore. See scripts/multihost.py.
# Needs PostgreSQL and Redis on this machine (scripts/services.sh) and ../shared/tools/check_pack.py.
# Uses the database portal_multihost (made and dropped), Redis databases 12 and 13 (emptied), and ports
# 5012 (S3), 8412 and 8413 (web). Logs are kept when it fails, or always with MULTIHOST_KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d "${TMPDIR:-/tmp}/portal-multihost.XXXXXX")"
# Each worker's TMPDIR is inside: the unprivileged user that converts Word documents must be able to pass
# through (as through /tmp), though not list it.
chmod 711 "$work"
status=1
cleanup() {
  # A backstop: the driver stops its processes itself, and lists here only those still running.
  if [ -s "$work/pgids" ]; then
    while read -r pgid; do
      [ -n "$pgid" ] && kill -KILL -- "-$pgid" 2>/dev/null || true
    done <"$work/pgids"
  fi
  if [ "$status" -eq 0 ] && [ "${MULTIHOST_KEEP:-}" != 1 ]; then
    rm -rf "$work"
  else
    echo "Logs of the several-hosts run: $work"
  fi
}
stop() {
  # Ask the driver to stop (it then stops its hosts and drops its database), and wait for it.
  [ -n "${driver:-}" ] && kill -TERM "$driver" 2>/dev/null && wait "$driver" 2>/dev/null
  exit "$1"
}
trap cleanup EXIT
trap 'stop 130' INT
trap 'stop 143' TERM

set +e
.venv/bin/python scripts/multihost.py --work "$work" &
driver=$!
wait "$driver"
status=$?
driver=""
set -e
exit "$status"
