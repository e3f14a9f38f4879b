#!/usr/bin/env bash
# Install the Debian packages the portal and its tests use, when any is missing:
#   chromium (browser tests), poppler-utils (pdftotext, pdfunite), qpdf, fonts and Pango (WeasyPrint),
#   LibreOffice (converting Word, ODT and Excel papers to PDF) with bubblewrap, which runs it with no
#   network and a private file system (meetings/sandbox.py; util-linux's unshare, setpriv and prlimit,
#   always installed on Debian, do the rest).
# Usage: scripts/system-deps.sh [--with-libreoffice]
set -euo pipefail

want=(chromium poppler-utils qpdf fonts-dejavu-core fonts-liberation libpango-1.0-0 libpangoft2-1.0-0)
if [ "${1:-}" = "--with-libreoffice" ]; then
  want+=(libreoffice-writer-nogui libreoffice-calc-nogui bubblewrap util-linux)
fi

missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing system packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "Please install these Debian packages as root: ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
