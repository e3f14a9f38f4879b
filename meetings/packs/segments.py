"""Stamped segments and front matter kept in storage between builds, so a rebuild stamps only what changed.

A *segment* is one paper's pages as the pack shows them: stamped with "Agenda Item X", "Page N" and any
Part II notice, cleaned of active content (see :func:`meetings.packs.assembly.assemble_pack`).  It is
stored under ``packs/segments/<meeting>/<key>.pdf``, where the key (:func:`~meetings.packs.assembly.
segment_key`) is a hash of everything that decides its bytes: the paper's SHA-256 and page count, its
header, the pack page it starts on, the notice and the stamping code.  A segment differs whenever any of
those does, so the members' and the public edition share a segment only when it is the same.  The front
matter (front sheet, agenda, contents) is kept the same way under ``front-<key>.pdf``, keyed by
everything it shows.

Segments live in the shared store (:mod:`core.files`: the file system or a bucket), so a build on any
worker host reuses what a build on another stamped.  A segment is trusted only when a finished build
recorded it in its manifest with the SHA-256 it had; anything else (missing, damaged, changed, left by a
build that failed) is stamped again.  When a build finishes, the segments the latest pack of neither
edition uses are deleted (:func:`segments_clean_up`); when a meeting is deleted, all of its segments.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete

from core.clock import today as clock_today
from core.files import copy_to_local, save_local_file, stored_files

from ..enums import PackEdition, PackStatus
from ..models import Meeting, PackBuild
from .assembly import PackPlan
from .render import FrontMatter, contents_entries, layout_fingerprint, render_front_matter
from .sources import ItemSources, file_sha256

logger = logging.getLogger(__name__)

__all__ = [
    "StoredSegments",
    "segment_folder",
    "segments_clean_up",
    "segments_remove",
]


def segment_folder(meeting_id: int) -> str:
    return f"packs/segments/{meeting_id}"


def _known(meeting_id: int) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """What the latest pack of each edition recorded: segment key -> SHA-256, front key -> its record."""
    segments: dict[str, str] = {}
    fronts: dict[str, dict[str, Any]] = {}
    for build in _latest_builds(meeting_id):
        segments.update(build.manifest.get("segments") or {})
        front = build.manifest.get("front_matter") or {}
        if front.get("key"):
            fronts[front["key"]] = front
    return segments, fronts


def _latest_builds(meeting_id: int) -> list[PackBuild]:
    latest = []
    for edition in PackEdition.values:
        build = (
            PackBuild.objects.filter(meeting_id=meeting_id, edition=edition, status=PackStatus.DONE)
            .order_by("-number")
            .only("manifest")
            .first()
        )
        if build is not None:
            latest.append(build)
    return latest


class StoredSegments:
    """The segment cache of one build (a :class:`~meetings.packs.assembly.SegmentCache`), in storage.

    ``used`` records every segment the build took (key -> SHA-256) for its manifest; ``stamped`` and
    ``reused`` say which keys were stamped afresh and which were taken from storage.
    """

    def __init__(self, *, meeting_id: int, work: Path) -> None:
        self.folder = segment_folder(meeting_id)
        self.work = work
        self.storage = stored_files()
        self.known, self.fronts = _known(meeting_id)
        self.used: dict[str, str] = {}
        self.stamped: list[str] = []
        self.reused: list[str] = []
        self.front: dict[str, Any] = {}

    def _name(self, key: str) -> str:
        return f"{self.folder}/{key}.pdf"

    def _fetch(self, name: str, expected: str | None, path: Path) -> bool:
        """Copy a stored file to ``path`` if it is there and has the SHA-256 a finished build recorded."""
        if not expected:
            return False
        try:
            actual = copy_to_local(name, path, storage=self.storage)
        except Exception:  # not there, or unreadable (a bucket raises its own errors): stamp it again
            logger.info("Stored pack segment %s could not be read; stamping it again", name, exc_info=True)
            path.unlink(missing_ok=True)
            return False
        if actual != expected:
            logger.warning("Stored pack segment %s has changed since it was made; stamping it again", name)
            path.unlink(missing_ok=True)
            self.storage.delete(name)
            return False
        return True

    def _store(self, name: str, path: Path) -> None:
        try:
            self.storage.delete(name)  # an untrusted copy (left by a failed build, or damaged)
            stored = save_local_file(name, path, storage=self.storage)
            if stored != name:  # another build stored it a moment ago
                self.storage.delete(stored)
        except Exception:  # the pack does not depend on it: the next build stamps it again
            logger.warning("Could not store pack segment %s; the next build will stamp it again", name, exc_info=True)

    def get(self, key: str) -> Path | None:
        path = self.work / f"stored-{key}.pdf"
        if not self._fetch(self._name(key), self.known.get(key), path):
            return None
        self.used[key] = self.known[key]
        self.reused.append(key)
        return path

    def put(self, key: str, path: Path) -> None:
        self.used[key] = file_sha256(path)
        self.stamped.append(key)
        self._store(self._name(key), path)

    def front_matter(
        self,
        data: dict[str, Any],
        *,
        edition: str,
        plan: PackPlan,
        rows: list[ItemSources],
        output: Path,
        contents: bool,
    ) -> FrontMatter:
        """The front matter, rendered with WeasyPrint, or the stored copy when what it shows is the same."""
        issued = data.get("issue_date") or clock_today().isoformat()
        inputs = {
            "layout": layout_fingerprint(),
            "edition": str(edition),
            "front": data,
            "issued": issued,
            "pages": {number: placement.pages_text for number, placement in plan.placements.items()},
            "contents": contents_entries(rows, plan) if contents else [],
        }
        blob = json.dumps(inputs, sort_keys=True, default=str, separators=(",", ":")).encode()
        key = "front-" + hashlib.sha256(blob).hexdigest()
        known = self.fronts.get(key)
        if known and self._fetch(self._name(key), known.get("sha256"), output):
            self.reused.append(key)
            self.front = known
            bookmarks = [(title, index) for title, index in known["bookmarks"]]
            return FrontMatter(path=output, page_count=known["pages"], bookmarks=bookmarks)
        front = render_front_matter(data, plan=plan, rows=rows, output=output, contents=contents)
        self.stamped.append(key)
        self.front = {
            "key": key,
            "sha256": file_sha256(output),
            "pages": front.page_count,
            "bookmarks": [list(b) for b in front.bookmarks],
        }
        self._store(self._name(key), output)
        return front

    def manifest(self) -> dict[str, Any]:
        """What the build's manifest records, so later builds can trust these stored files."""
        return {"segments": dict(self.used), "front_matter": dict(self.front)}


def segments_clean_up(*, meeting_id: int) -> list[str]:
    """Delete the meeting's stored segments that the latest pack of neither edition uses.  Segments stored
    since a build of the meeting still in flight started are kept: that build may yet record them.
    Returns the names deleted."""
    storage = stored_files()
    folder = segment_folder(meeting_id)
    try:
        names = storage.listdir(folder)[1]
    except FileNotFoundError:
        return []
    keep: set[str] = set()
    for build in _latest_builds(meeting_id):
        keep.update(f"{key}.pdf" for key in build.manifest.get("segments") or {})
        front = build.manifest.get("front_matter") or {}
        if front.get("key"):
            keep.add(f"{front['key']}.pdf")
    in_flight = (
        PackBuild.objects.filter(meeting_id=meeting_id, status__in=(PackStatus.QUEUED, PackStatus.RUNNING))
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    removed = []
    for name in names:
        if name in keep:
            continue
        path = f"{folder}/{name}"
        if in_flight is not None:
            try:
                if storage.get_modified_time(path) >= in_flight:
                    continue
            except (NotImplementedError, OSError):
                continue
        storage.delete(path)
        removed.append(path)
    return removed


def segments_remove(*, meeting_id: int) -> None:
    """Delete every stored segment of a meeting (it is being deleted)."""
    storage = stored_files()
    folder = segment_folder(meeting_id)
    try:
        names = storage.listdir(folder)[1]
    except FileNotFoundError:
        return
    for name in names:
        storage.delete(f"{folder}/{name}")


def _meeting_deleted(sender, instance: Meeting, **kwargs) -> None:
    meeting_id = instance.pk
    transaction.on_commit(lambda: segments_remove(meeting_id=meeting_id))


# Stored files follow their meeting: whichever way it is deleted (the admin, a script), once that commits.
post_delete.connect(_meeting_deleted, sender=Meeting, dispatch_uid="meetings.packs.segments.meeting_deleted")
