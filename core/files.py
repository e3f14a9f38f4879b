"""Stored files (papers, packs) through Django's storage API only.

Web and worker hosts share nothing but the database, the broker and the file store (the local file system
under ``MEDIA_ROOT``, or an S3-compatible bucket: see ``STORAGES`` in the settings), so no code asks where
a stored file lives on disk.  Tools that need a real file (pikepdf, LibreOffice, pdftotext) get a copy in a
local working folder, which is removed afterwards; a finished file goes back with one ``storage.save``.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, storages

CHUNK = 1024 * 1024


def stored_files() -> Storage:
    """The store that holds papers and packs (``STORAGES["default"]``)."""
    return storages["default"]


def work_root() -> Path:
    """Where local working folders go: ``FILE_UPLOAD_TEMP_DIR``, or the system's temporary folder."""
    return Path(settings.FILE_UPLOAD_TEMP_DIR or tempfile.gettempdir())


def working_folder(prefix: str) -> tempfile.TemporaryDirectory:
    """A local folder for one piece of work, removed (with everything in it) when the work is done."""
    return tempfile.TemporaryDirectory(prefix=prefix, dir=work_root())


def copy_to_local(name: str, destination: Path, *, storage: Storage | None = None) -> str:
    """Copy a stored file to ``destination`` in chunks, never whole in memory; returns its SHA-256.
    ``FileNotFoundError`` when there is no such file."""
    storage = storage or stored_files()
    digest = hashlib.sha256()
    with storage.open(name, "rb") as src, destination.open("wb") as dst:
        for chunk in iter(lambda: src.read(CHUNK), b""):
            digest.update(chunk)
            dst.write(chunk)
    return digest.hexdigest()


def save_local_file(name: str, path: Path, *, storage: Storage | None = None) -> str:
    """Store a finished local file under ``name`` in one save; returns the name it was stored under (the
    storage picks another when ``name`` is taken)."""
    storage = storage or stored_files()
    with path.open("rb") as fh:
        return storage.save(name, File(fh, name=Path(name).name))
