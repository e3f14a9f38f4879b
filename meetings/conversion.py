"""Turning uploaded office documents into PDF with LibreOffice (headless), when it is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

from django.conf import settings

#: Extensions LibreOffice converts for us, with the words a clerk would use for them.
CONVERTIBLE = {
    ".doc": "Word document",
    ".docx": "Word document",
    ".odt": "OpenDocument text file",
    ".rtf": "rich text document",
    ".xls": "Excel spreadsheet",
    ".xlsx": "Excel spreadsheet",
    ".ods": "OpenDocument spreadsheet",
}


class ConversionError(Exception):
    pass


def libreoffice_binary() -> str | None:
    configured = getattr(settings, "LIBREOFFICE_BINARY", "")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(source: Path, *, timeout: int = 180) -> Path:
    """Convert ``source`` to a PDF next to it and return its path. Raises ConversionError in plain words."""
    kind = CONVERTIBLE.get(source.suffix.lower(), "document")
    binary = libreoffice_binary()
    if binary is None:
        raise ConversionError(
            f"is a {kind}, and this server cannot convert {kind}s to PDF because LibreOffice is not installed. "
            "Save it as a PDF and upload that instead (or ask your administrator to install LibreOffice)."
        )
    outdir = source.parent
    # A profile of its own, so that conversions running side by side do not lock each other out.
    profile = Path(tempfile.gettempdir()) / f"portal-lo-{uuid.uuid4().hex}"
    try:
        result = subprocess.run(
            [
                binary,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                str(source),
            ],
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ConversionError(
            f"is a {kind} that took too long to convert to PDF. Save it as a PDF and upload that instead."
        ) from exc
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    target = outdir / (source.stem + ".pdf")
    if result.returncode != 0 or not target.exists():
        raise ConversionError(
            f"is a {kind} that could not be converted to PDF (it may be damaged or password-protected). "
            "Open it, save it as a PDF and upload that instead."
        )
    return target
