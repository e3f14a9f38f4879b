"""Turning uploaded office documents into PDF with LibreOffice (headless), isolated from everything else.

:func:`convert_to_pdf` runs in a Celery task (:func:`meetings.tasks.convert_paper_task`), never in a web
request. The document is first checked and cleaned (:mod:`meetings.filetypes`: no zip bombs; linked
pictures, attached templates, include fields and macros taken out), then copied alone into a fresh private
folder, and LibreOffice converts it there through :mod:`meetings.sandbox`: no network, a file system
holding only the system's programs and that folder, as an unprivileged user, with CPU-time and memory
limits. Its profile (settings) is fresh each time and tells it never to update links.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

from . import filetypes, sandbox

logger = logging.getLogger(__name__)

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

# Never update links, never run macros, never load remote content (a belt to the sandbox's braces).
_PROFILE_ITEMS = [
    ("Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
    ("Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
    ("Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
    ("Office.Writer/Content/Update", "Link", "2"),
    ("Office.Calc/Content/Update", "Link", "2"),
]
_PROFILE_SETTINGS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<oor:items xmlns:oor="http://openoffice.org/2001/registry">\n'
    + "".join(
        f'<item oor:path="/org.openoffice.{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop>'
        "</item>\n"
        for path, name, value in _PROFILE_ITEMS
    )
    + "</oor:items>\n"
)


class ConversionError(Exception):
    pass


def libreoffice_binary() -> str | None:
    configured = getattr(settings, "LIBREOFFICE_BINARY", "")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def prepare_office_file(source: Path, target_dir: Path, *, kind: str) -> tuple[Path, int]:
    """Check and clean the document ``source`` (of sniffed ``kind``) into ``target_dir``, named by what it
    really is. Returns the cleaned file and how many links, fields and macros were taken out. Raises
    :class:`meetings.filetypes.FileRefused`."""
    target = target_dir / f"paper{filetypes.CONVERT_AS[kind]}"
    if kind in (filetypes.OOXML_WORD, filetypes.OOXML_EXCEL, filetypes.ODF_TEXT, filetypes.ODF_SHEET):
        limits = filetypes.ZipLimits(max_unzipped_bytes=settings.OFFICE_MAX_UNZIPPED_MB * filetypes.MB)
        removed = filetypes.clean_office_zip(source, target, limits=limits)
    elif kind == filetypes.RTF:
        removed = filetypes.clean_rtf(source, target)
    else:
        shutil.copyfile(source, target)
        removed = 0
    return target, removed


def convert_to_pdf(source: Path, *, kind: str, output: Path, timeout: int | None = None) -> Path:
    """Convert the document ``source`` (of sniffed ``kind``) to the PDF ``output``. Raises
    ConversionError in plain words (after the file's name), or FileRefused for a hostile file."""
    noun = CONVERTIBLE.get(filetypes.CONVERT_AS.get(kind, ""), "document")
    binary = libreoffice_binary()
    if binary is None:
        raise ConversionError(
            f"is a {noun}, and this server cannot convert {noun}s to PDF because LibreOffice is not installed. "
            "Save it as a PDF and upload that instead (or ask your administrator to install LibreOffice)."
        )
    timeout = timeout or settings.CONVERSION_TIMEOUT
    with tempfile.TemporaryDirectory(prefix="portal-convert-") as tmp:
        folder = Path(tmp)
        document, _ = prepare_office_file(source, folder, kind=kind)
        profile = folder / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE_SETTINGS)
        inside = lambda path: sandbox.inside_path(folder, path)  # noqa: E731
        argv = [
            binary,
            f"-env:UserInstallation=file://{inside(profile)}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            inside(folder),
            inside(document),
        ]
        try:
            result = sandbox.run_isolated(
                argv,
                folder=folder,
                timeout=timeout,
                memory_mb=settings.CONVERSION_MEMORY_MB,
                cpu_seconds=settings.CONVERSION_CPU_SECONDS,
            )
        except subprocess.TimeoutExpired as exc:
            raise ConversionError(
                f"is a {noun} that took too long to convert to PDF. Save it as a PDF and upload that instead."
            ) from exc
        converted = folder / (document.stem + ".pdf")
        if result.returncode != 0 or not converted.exists() or converted.is_symlink():
            # For the operators: what LibreOffice said (its last words only; never the document's text).
            said = (result.stderr or b"").decode("utf-8", "replace").strip().splitlines()[-3:]
            logger.warning("LibreOffice could not convert a %s (exit code %s): %s", kind, result.returncode, said)
            raise ConversionError(
                f"is a {noun} that could not be converted to PDF (it may be damaged or password-protected). "
                "Open it, save it as a PDF and upload that instead."
            )
        shutil.copyfile(converted, output)
    return output
