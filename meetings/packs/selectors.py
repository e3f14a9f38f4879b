"""Reads for the pack pages: each edition's latest, issued and in-flight builds, and its history."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..enums import PackEdition, PackStatus
from ..models import Meeting, PackBuild


@dataclass
class EditionPacks:
    edition: PackEdition
    latest: PackBuild | None = None  # the newest built version
    issued: PackBuild | None = None  # the newest issued version
    in_flight: PackBuild | None = None  # queued or running
    failed: PackBuild | None = None  # the newest attempt, when it failed after the latest version
    versions: list[PackBuild] = field(default_factory=list)  # built versions, newest first

    @property
    def label(self) -> str:
        return self.edition.label


def meeting_packs(*, meeting: Meeting) -> list[EditionPacks]:
    """Both editions of a meeting's pack, from one query."""
    builds = list(
        PackBuild.objects.filter(meeting=meeting).select_related("requested_by").order_by("-created_at", "-pk")
    )
    out = []
    for edition in PackEdition:
        mine = [b for b in builds if b.edition == edition]
        packs = EditionPacks(edition=edition)
        packs.versions = sorted((b for b in mine if b.status == PackStatus.DONE), key=lambda b: -(b.number or 0))
        packs.latest = packs.versions[0] if packs.versions else None
        issued = [b for b in packs.versions if b.issued_at]
        packs.issued = max(issued, key=lambda b: b.issued_at) if issued else None
        packs.in_flight = next((b for b in mine if b.status in (PackStatus.QUEUED, PackStatus.RUNNING)), None)
        finished = [b for b in mine if b.status not in (PackStatus.QUEUED, PackStatus.RUNNING)]
        if finished and finished[0].status == PackStatus.FAILED:
            packs.failed = finished[0]
        out.append(packs)
    return out


def latest_issued_pack(*, meeting: Meeting, edition: str) -> PackBuild | None:
    """The version of an edition most recently issued (for the public page: ``edition="public"``)."""
    return (
        PackBuild.objects.filter(meeting=meeting, edition=edition, status=PackStatus.DONE, issued_at__isnull=False)
        .order_by("-issued_at", "-number")
        .first()
    )


def latest_pack(*, meeting: Meeting, edition: str) -> PackBuild | None:
    return (
        PackBuild.objects.filter(meeting=meeting, edition=edition, status=PackStatus.DONE).order_by("-number").first()
    )
