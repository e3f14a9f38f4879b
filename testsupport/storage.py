"""Stored files in tests, through the storage API as the portal reads them, so the tests pass on the local
file system and on an S3-compatible bucket alike (the `.ci/run` pass against a local S3 server)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.core.files.base import ContentFile

from core.files import copy_to_local, stored_files, work_root


def local_copy(fieldfile) -> Path:
    """A copy of a stored file on this machine, for tools that need a path (pdftotext, pikepdf, the pack
    checker). It goes in the test's working folder, removed with the test's temporary files."""
    folder = Path(tempfile.mkdtemp(prefix="copy-", dir=work_root()))
    path = folder / Path(fieldfile.name).name
    copy_to_local(fieldfile.name, path, storage=fieldfile.storage)
    return path


def stored_bytes(fieldfile) -> bytes:
    with fieldfile.storage.open(fieldfile.name, "rb") as fh:
        return fh.read()


def overwrite(fieldfile, data: bytes) -> None:
    """Change a stored file behind the portal's back, keeping its name."""
    fieldfile.storage.delete(fieldfile.name)
    assert fieldfile.storage.save(fieldfile.name, ContentFile(data)) == fieldfile.name


def remove(fieldfile) -> None:
    """Delete a stored file behind the portal's back."""
    fieldfile.storage.delete(fieldfile.name)


def stored_names(folder: str) -> list[str]:
    """The names of the files stored directly in ``folder`` (e.g. ``packs/12``), sorted."""
    storage = stored_files()
    try:
        return sorted(storage.listdir(folder)[1])
    except FileNotFoundError:  # the file system, when nothing was ever stored there
        return []
