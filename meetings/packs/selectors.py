"""Reads for the pack pages: each edition's latest, issued and in-flight builds, and its history."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from ..enums import MeetingStatus, PackEdition, PackStatus
from ..models import Meeting, PackBuild
from ..workdays import latest_issue_date


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


def members_pack_notice(*, meeting: Meeting) -> tuple[PackBuild | None, datetime.date | None]:
    """What a member's meeting page leads with: the members' pack as last issued (unless withdrawn), or,
    before then, the date it is due (the planned issue date, else the last day that gives the board's notice)."""
    issued = latest_issued_pack(meeting=meeting, edition=PackEdition.MEMBERS)
    if issued is not None and issued.withdrawn_at is None:
        return issued, None
    if meeting.status in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
        return None, None
    return None, meeting.pack_issue_date or latest_issue_date(meeting.date, meeting.board.notice_days)
