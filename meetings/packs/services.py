"""Building and issuing agenda packs.

* :func:`pack_request_build` queues a build (the browser's "Build pack"): a Celery task runs
  :func:`pack_build` once the request's transaction commits.
* :func:`pack_build` does the work, saving its stage and percentage on the :class:`PackBuild` row as it
  goes so the browser can poll: counting pages, rendering agenda, stamping, saving.  It fingerprints its
  inputs first; when nothing changed since the last good pack the build is marked "unchanged" and makes
  nothing new.  A build that fails says which paper and why, and leaves every earlier pack as it was.
* :func:`pack_build_now` builds synchronously (``manage.py build_pack``, the demo loader).
* :func:`pack_issue` sends a built pack to members (a link, not an attachment) or, for the public
  edition, puts it on the meeting's public page.  Issuing again after late papers makes a supplement
  that says what changed.

A build works in a local folder of its own (copies of the papers, the front matter, the pack being
written) and stores the finished pack with one ``storage.save`` (the file system or a bucket: see
:mod:`core.files`) before its row says it is done, so a build killed part way leaves no half-written pack
that anyone can reach.  Packs are served only through the views in :mod:`meetings.packs.views`, after a
permission check.

Each paper's stamped pages and the front matter are kept in storage too (:mod:`meetings.packs.segments`),
named by everything that decides their bytes: a rebuild after one paper changed stamps only that paper,
and renders the front matter again only when what it shows changed.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from boards.mail import email_board_members
from boards.selectors import Recipients, member_recipients
from core.activity import log_action
from core.files import save_local_file, stored_files, work_root, working_folder
from core.locks import lock_row, locked
from core.permissions import SYSTEM, require_permission

from ..agenda import build_agenda
from ..enums import PackEdition, PackStatus
from ..lifecycle import check_can_issue_pack
from ..models import Meeting, PackBuild, Paper
from ..visibility import BOARD_READER, part_two_q
from ..workdays import long_date
from .assembly import ItemPapers, PaperError, assemble_pack, plan_pack
from .render import front_data, layout_fingerprint
from .segments import StoredSegments, segments_clean_up
from .selectors import latest_pack
from .sources import ItemSources, file_sha256, gather

logger = logging.getLogger(__name__)

__all__ = [
    "describe_changes",
    "pack_build",
    "pack_build_now",
    "pack_check_still_valid",
    "pack_fingerprint",
    "pack_issue",
    "pack_outdated_reason",
    "pack_request_build",
    "pack_withdraw_outdated",
]

IN_FLIGHT = (PackStatus.QUEUED, PackStatus.RUNNING)
#: A build started this many times without finishing is not started again: each time, its worker died.
MAX_ATTEMPTS = 3
#: While a build runs, its row says it is alive at least this often, even when its percentage stands still.
HEARTBEAT_SECONDS = 10

STAGE_QUEUED = "queued"
STAGE_COUNTING = "counting pages"
STAGE_RENDERING = "rendering agenda"
STAGE_STAMPING = "stamping"
STAGE_SAVING = "saving"

# Where each stage sits on the overall progress bar (percent from, percent to).
_SPANS = {
    STAGE_COUNTING: (0, 10),
    STAGE_RENDERING: (10, 20),
    "engine counting pages": (20, 30),  # the engine opening the papers: shown as part of stamping
    STAGE_STAMPING: (30, 90),
    STAGE_SAVING: (90, 100),
}

STALLED_ERROR = "The build stopped unexpectedly; build again."
QUEUE_UNAVAILABLE = (
    "The pack could not be queued because the task service is not answering. Try again in a few minutes; "
    "if it keeps happening, tell your administrator."
)
UNEXPECTED_ERROR = (
    "The pack could not be built because of an unexpected error. It has been logged for the administrator; "
    "try again, and report it if it happens again."
)


def _edition(value: str) -> PackEdition:
    try:
        return PackEdition(value)
    except ValueError:
        raise ValidationError(f"“{value}” is not a pack edition: choose members or public.") from None


def _contents_page(meeting: Meeting) -> bool:
    """Whether the pack gets a contents page after the agenda: the board's setting (off by default, as the
    PDF bookmarks already list every paper), or ``settings.PACK_CONTENTS_PAGE`` for every board."""
    return meeting.board.pack_contents_page or bool(getattr(settings, "PACK_CONTENTS_PAGE", False))


# Requesting a build -----------------------------------------------------------------------------------


def pack_request_build(*, user, meeting: Meeting, edition: str) -> PackBuild:
    """Queue a build of one edition of the meeting's pack; the task is sent when this transaction commits.

    A build of the same edition already queued or running is returned instead of starting another, unless
    it has stopped (see :func:`pack_fail_if_stalled`): that one is failed and a new one queued.  When
    the task service (the broker) does not answer, the new build is removed again and ``ValidationError``
    says so, within seconds: nothing is left "queued" that no worker will ever run.
    """
    require_permission(user, "meetings.manage_meeting", meeting)
    edition = _edition(edition)
    not_queued: list[Exception] = []
    with transaction.atomic():
        lock_row(Meeting, meeting.pk)  # one request at a time per meeting
        in_flight = (
            PackBuild.objects.filter(meeting=meeting, edition=edition, status__in=IN_FLIGHT)
            .order_by("-created_at")
            .first()
        )
        if in_flight is not None and not pack_fail_if_stalled(in_flight):
            return in_flight
        build = PackBuild.objects.create(
            meeting=meeting,
            edition=edition,
            status=PackStatus.QUEUED,
            stage=STAGE_QUEUED,
            heartbeat_at=timezone.now(),
            requested_by=user if getattr(user, "pk", None) else None,
        )

        def queue() -> None:
            from ..tasks import build_pack_task

            try:
                build_pack_task.apply_async((build.pk,))
            except (KombuOperationalError, OSError) as exc:
                logger.error("Could not queue pack build %s: %s", build.pk, exc)
                PackBuild.objects.filter(pk=build.pk, status=PackStatus.QUEUED).delete()
                not_queued.append(exc)

        transaction.on_commit(queue)
    # Inside a caller's transaction the task is sent when that one commits, and a failure is only logged.
    if not_queued:
        raise ValidationError(QUEUE_UNAVAILABLE)
    return build


def pack_build_now(*, meeting: Meeting, edition: str = PackEdition.MEMBERS, user) -> PackBuild:
    """Build synchronously, in this process (management command, demo data). Returns the finished build:
    DONE, UNCHANGED (carrying the current pack's file and page count) or FAILED (with ``error``)."""
    require_permission(user, "meetings.manage_meeting", meeting)
    build = PackBuild.objects.create(
        meeting=meeting,
        edition=_edition(edition),
        status=PackStatus.QUEUED,
        stage=STAGE_QUEUED,
        heartbeat_at=timezone.now(),
        requested_by=user if getattr(user, "pk", None) else None,
    )
    return pack_build(build_id=build.pk)


# Building ---------------------------------------------------------------------------------------------


def _stalled_since() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.PACK_BUILD_STALE_SECONDS)


def pack_fail_if_stalled(build: PackBuild) -> bool:
    """Fail a queued or running build that nothing has been heard of for ``PACK_BUILD_STALE_SECONDS``:
    no worker took it, or the one that did died (a running build reports progress, and says it is alive
    every few seconds).  Its half-written files are removed.  Called when the page polls the build and
    when another build is requested, so a new click starts afresh rather than joining a dead build.
    Returns whether it failed the build now; ``build`` is refreshed either way."""
    if build.status not in IN_FLIGHT:
        return False
    since = _stalled_since()
    if (build.heartbeat_at or build.created_at) >= since:
        return False
    silent = Q(heartbeat_at__lt=since) | Q(heartbeat_at__isnull=True, created_at__lt=since)
    failed = PackBuild.objects.filter(silent, pk=build.pk, status__in=IN_FLIGHT).update(
        status=PackStatus.FAILED, stage="failed", error=STALLED_ERROR, finished_at=timezone.now()
    )
    if failed:
        logger.warning("Pack build %s stopped unexpectedly (attempt %s); failed it", build.pk, build.attempts)
        _remove_leftovers(build)
    build.refresh_from_db()
    return bool(failed)


class _Progress:
    """Saves (stage, percent) on the build row, at most a few times a second, and says the build is alive
    at least every ``HEARTBEAT_SECONDS`` while progress is reported.  Only the latest attempt writes."""

    def __init__(self, build_id: int, attempt: int, stage: str = "", percent: int = -1) -> None:
        self.build_id = build_id
        self.attempt = attempt
        self.stage = stage  # what the row already says
        self.percent = percent
        self.saved_at = timezone.now()

    def __call__(self, stage: str, percent: float) -> None:
        shown = STAGE_STAMPING if stage == "engine counting pages" else stage
        low, high = _SPANS[stage]
        overall = int(low + (high - low) * max(0.0, min(100.0, percent)) / 100)
        now = timezone.now()
        since = (now - self.saved_at).total_seconds()
        moved = shown != self.stage or (overall > self.percent and since >= 0.2)
        if not moved:
            if since < HEARTBEAT_SECONDS:
                return
            shown, overall = self.stage, self.percent
        PackBuild.objects.filter(pk=self.build_id, status=PackStatus.RUNNING, attempts=self.attempt).update(
            stage=shown, percent=overall, heartbeat_at=now
        )
        self.stage, self.percent, self.saved_at = shown, overall, now

    def engine(self, stage: str, percent: int) -> None:
        self("engine counting pages" if stage == "counting pages" else stage, percent)


def _fail(build: PackBuild, error: str, *, attempt: int | None = None) -> None:
    """Mark a build still in flight FAILED; with ``attempt``, only while that is its latest attempt."""
    rows = PackBuild.objects.filter(pk=build.pk, status__in=IN_FLIGHT)
    if attempt is not None:
        rows = rows.filter(attempts=attempt)
    rows.update(status=PackStatus.FAILED, stage="failed", error=error, finished_at=timezone.now())


def _pack_name(build: PackBuild, attempt: int) -> str:
    """Where an attempt stores its pack: known before it is written, so what a killed attempt stored part
    way (a file system save cut short) can be found and removed."""
    return f"packs/{build.meeting_id}/{build.edition}-build{build.pk}-{attempt}.pdf"


def _work_prefix(build: PackBuild) -> str:
    return f"pack-build-{build.pk}-"


def _remove_leftovers(build: PackBuild) -> None:
    """Remove what attempts at this build left when their worker was killed: anything stored under an
    attempt's name that the row does not point to, and, on this host, their local working folders (front
    matter, copies of the papers, the pack being written).  A finished or failed attempt leaves nothing."""
    row = PackBuild.objects.filter(pk=build.pk).values("attempts", "file").first()
    if row is None:
        return
    storage = stored_files()
    for attempt in range(1, row["attempts"] + 1):
        name = _pack_name(build, attempt)
        if name != row["file"]:
            storage.delete(name)
    for leftover in work_root().glob(f"{_work_prefix(build)}*"):
        shutil.rmtree(leftover, ignore_errors=True)


def pack_fingerprint(*, meeting: Meeting, edition: str, rows: list[ItemSources], front: dict[str, Any]) -> str:
    """SHA-256 over everything the pack is made from: the layout (template, stylesheet, engine), the
    edition, duplex and contents settings, what the front matter shows (board, meeting, venue, "To:" list,
    contact officer, agenda rows and their Part I and Part II headings, future dates), every source's content
    hash and page count, and the "Not for publication" notice stamped on a Part II item's pages."""
    inputs = {
        "layout": layout_fingerprint(),
        "edition": str(edition),
        "duplex": meeting.board.duplex,
        "contents": _contents_page(meeting),
        "front": front,
        "sources": [[row.number, row.notice, [s.fingerprint_part() for s in row.sources]] for row in rows],
    }
    blob = json.dumps(inputs, sort_keys=True, default=str, separators=(",", ":")).encode()
    return hashlib.sha256(blob).hexdigest()


def _pack_title(meeting: Meeting, edition: str) -> str:
    label = "members' edition" if edition == PackEdition.MEMBERS else "public edition"
    return f"{meeting.board.display_short_name} agenda pack, {meeting.date.day} {meeting.date:%B %Y} ({label})"


def _manifest(rows: list[ItemSources], plan, front_pages: int, total: int) -> dict[str, Any]:
    items = []
    for row in rows:
        placement = plan.placements.get(row.number)
        items.append(
            {
                "number": row.number,
                "title": row.entry.item.title,
                "part_two": row.part_two,
                "withheld": row.withheld,
                "notice": row.notice if row.sources else "",
                "pages": [placement.first_page, placement.last_page] if placement else None,
                "papers": [s.fingerprint_part() for s in row.sources],
            }
        )
    return {"front_pages": front_pages, "pages": total, "items": items}


def pack_build(*, build_id: int) -> PackBuild | None:
    """Build the pack a :class:`PackBuild` row asks for.  Safe to run twice, and after a worker died part
    way (the task is then delivered again): a finished build is returned as it is; each run is a new
    attempt, which removes what a killed one left half-written, and only the latest attempt may record a
    result.  A build started ``MAX_ATTEMPTS`` times is failed rather than started again.  Database outages
    (``OperationalError``) propagate so the task can retry; a paper that cannot go in marks the build
    FAILED with the paper named; nothing else is touched either way.  ``None`` when the row is gone (its
    queueing failed and it was removed)."""
    build = PackBuild.objects.select_related("meeting__board").filter(pk=build_id).first()
    if build is None or build.status not in IN_FLIGHT:
        return build
    if build.attempts >= MAX_ATTEMPTS:
        logger.error("Pack build %s was started %s times and never finished; failed it", build.pk, build.attempts)
        _fail(build, STALLED_ERROR, attempt=build.attempts)
        _remove_leftovers(build)
        build.refresh_from_db()
        return build
    attempt = build.attempts + 1
    claimed = PackBuild.objects.filter(pk=build.pk, status__in=IN_FLIGHT, attempts=build.attempts).update(
        status=PackStatus.RUNNING, stage=STAGE_COUNTING, percent=0, attempts=attempt, heartbeat_at=timezone.now()
    )
    if not claimed:  # another run took it a moment ago
        build.refresh_from_db()
        return build
    if attempt > 1:
        logger.warning("Pack build %s: attempt %s (an earlier one stopped)", build.pk, attempt)
        _remove_leftovers(build)
    try:
        _build(build, _Progress(build.pk, attempt, STAGE_COUNTING, 0), attempt)
    except PaperError as exc:
        _fail(build, str(exc), attempt=attempt)
    except ValidationError as exc:
        _fail(build, " ".join(exc.messages), attempt=attempt)
    except OperationalError:
        raise
    except Exception:
        logger.exception("Building pack %s failed", build.pk)
        _fail(build, UNEXPECTED_ERROR, attempt=attempt)
    build.refresh_from_db()
    return build


def _build(build: PackBuild, progress: _Progress, attempt: int) -> None:
    meeting = build.meeting
    edition = build.edition
    agenda = build_agenda(meeting, reader=BOARD_READER)
    rows = gather(agenda, edition=edition)
    if not rows:
        raise ValidationError("The agenda has no items yet: add items before building the pack.")
    # Everything this attempt writes goes into a local working folder named after the build (removed when
    # it ends, or by a later attempt when its worker was killed); only the finished pack is stored.
    with working_folder(_work_prefix(build)) as tmp:
        _build_in(build, progress, attempt, rows, Path(tmp))


def _build_in(build: PackBuild, progress: _Progress, attempt: int, rows: list[ItemSources], work: Path) -> None:
    meeting = build.meeting
    edition = build.edition
    # 1. Counting pages: check every source (copy and hash the files, render generated documents).
    sources = [s for row in rows for s in row.sources]
    for k, source in enumerate(sources, start=1):
        source.prepare(work)
        progress(STAGE_COUNTING, 100 * k / len(sources))
    front = front_data(meeting, rows, edition=edition)
    fingerprint = pack_fingerprint(meeting=meeting, edition=edition, rows=rows, front=front)
    previous = latest_pack(meeting=meeting, edition=edition)
    unchanged = previous is not None and previous.fingerprint == fingerprint and bool(previous.file)
    if unchanged and stored_files().exists(previous.file.name):
        _finish_unchanged(build, attempt, previous)
        return

    items = [
        ItemPapers(row.number, row.entry.item.title, tuple(s.paper_source() for s in row.sources), row.notice)
        for row in rows
        if row.sources
    ]
    duplex = meeting.board.duplex
    plan = plan_pack(items, duplex=duplex)
    progress(STAGE_COUNTING, 100)

    # 2. Rendering the agenda, with the page references from the plan (or the stored copy, when it shows
    # the same: a replaced paper with as many pages as before changes no page reference).
    progress(STAGE_RENDERING, 0)
    stored = StoredSegments(meeting_id=meeting.pk, work=work)
    front_matter = stored.front_matter(
        front, edition=edition, plan=plan, rows=rows, output=work / "front.pdf", contents=_contents_page(meeting)
    )
    progress(STAGE_RENDERING, 100)

    # 3. Stamping and saving (the engine writes the local file completely before it is stored).  Papers
    # stamped for an earlier build with the same stamps are taken from storage rather than stamped again.
    output = work / "pack.pdf"
    total = assemble_pack(
        front_matter=front_matter.path,
        items=items,
        plan=plan,
        output=output,
        duplex=duplex,
        title=_pack_title(meeting, edition),
        subject=f"{meeting.board.name}: meeting on {long_date(meeting.date)}",
        author=meeting.board.name,
        front_bookmarks=front_matter.bookmarks,
        progress=progress.engine,
        segments=stored,
    )
    logger.info(
        "Pack build %s: %s parts made afresh, %s taken from earlier builds",
        build.pk,
        len(stored.stamped),
        len(stored.reused),
    )
    digest = file_sha256(output)
    manifest = _manifest(rows, plan, total - plan.total_paper_pages, total) | stored.manifest()
    _finish_done(build, attempt, output, total=total, sha256=digest, fingerprint=fingerprint, manifest=manifest)


def _finish_unchanged(build: PackBuild, attempt: int, previous: PackBuild) -> None:
    PackBuild.objects.filter(pk=build.pk, status__in=IN_FLIGHT, attempts=attempt).update(
        status=PackStatus.UNCHANGED,
        stage="up to date",
        percent=100,
        file=previous.file.name,
        page_count=previous.page_count,
        sha256=previous.sha256,
        fingerprint=previous.fingerprint,
        manifest=previous.manifest,
        finished_at=timezone.now(),
    )


def _finish_done(build: PackBuild, attempt: int, output: Path, **done: Any) -> None:
    """Store the finished pack (one save), then record it on the row; the stored file is removed again if
    the row does not take it (the build was failed meanwhile, a later attempt owns it, or an error)."""
    storage = stored_files()
    name = _pack_name(build, attempt)
    storage.delete(name)  # nothing should be there: this attempt has not stored anything yet
    stored = save_local_file(name, output, storage=storage)
    recorded = False
    try:
        recorded = _record_done(build, attempt, stored, **done)
    finally:
        if not recorded:
            storage.delete(stored)
    if recorded:
        segments_clean_up(meeting_id=build.meeting_id)


@transaction.atomic
def _record_done(
    build: PackBuild,
    attempt: int,
    name: str,
    *,
    total: int,
    sha256: str,
    fingerprint: str,
    manifest: dict[str, Any],
) -> bool:
    """Give the build its version number and the stored pack, in one step. False when the attempt no
    longer owns the build."""
    lock_row(Meeting, build.meeting_id)
    row = locked(PackBuild.objects, pk=build.pk)
    if row.status not in IN_FLIGHT or row.attempts != attempt:
        return False  # the build was failed meanwhile, or a later attempt owns it
    last = PackBuild.objects.filter(meeting_id=build.meeting_id, edition=build.edition).aggregate(n=Max("number"))
    row.number = (last["n"] or 0) + 1
    row.file.name = name
    row.status = PackStatus.DONE
    row.stage = "done"
    row.percent = 100
    row.page_count = total
    row.sha256 = sha256
    row.fingerprint = fingerprint
    row.manifest = manifest
    row.error = ""
    row.finished_at = timezone.now()
    row.save()
    return True


# Withdrawing -------------------------------------------------------------------------------------------


def pack_outdated_reason(build: PackBuild) -> str:
    """Why a built pack may no longer be read as it stands: a paper in it was removed or replaced, or (in
    the public edition) is no longer public, e.g. its item became Part II. Empty when it may still be read.
    The files are checked against what the papers are now, not what they were when the pack was issued."""
    listed = {
        int(paper["key"].split(":", 1)[1]): paper
        for item in build.manifest.get("items", [])
        for paper in item.get("papers", [])
        if paper.get("kind") == "paper"
    }
    if not listed:
        return ""
    readable = Paper.objects.ready().filter(pk__in=listed, item__meeting_id=build.meeting_id)
    if build.edition == PackEdition.PUBLIC:
        # What the public reads once the agenda is published (publishing is checked when it is issued).
        readable = readable.exclude(part_two_q("item__"))
    readable = dict(readable.values_list("pk", "sha256"))
    still_there = set(Paper.objects.filter(pk__in=listed).values_list("pk", flat=True))
    reasons = []
    for pk, paper in listed.items():
        name = _paper_name(paper)
        if pk not in still_there:
            reasons.append(f"{name} was removed")
        elif pk not in readable:
            reasons.append(f"{name} is no longer public")
        elif readable[pk] != paper["sha256"]:
            reasons.append(f"{name} was replaced")
    return "; ".join(reasons)


def pack_withdraw_outdated(*, meeting: Meeting) -> list[PackBuild]:
    """Withdraw, at once, every built version of the meeting's pack that holds something its readers may no
    longer see (see :func:`pack_outdated_reason`). Called by every service that changes an agenda or its
    papers, in the same transaction. Returns the versions withdrawn now."""
    withdrawn = []
    builds = PackBuild.objects.filter(meeting=meeting, status=PackStatus.DONE, withdrawn_at__isnull=True)
    for build in builds.exclude(file=""):
        reason = pack_outdated_reason(build)
        if reason:
            PackBuild.objects.filter(pk=build.pk).update(withdrawn_at=timezone.now(), withdrawn_reason=reason)
            log_action("meetings.pack.withdrawn", actor=SYSTEM, obj=build, data={"reason": reason})
            withdrawn.append(build)
    return withdrawn


def pack_check_still_valid(build: PackBuild) -> bool:
    """Before a pack is served: withdraw it now if it holds something its readers may no longer see."""
    if build.withdrawn_at is None:
        reason = pack_outdated_reason(build)
        if reason:
            build.withdrawn_at, build.withdrawn_reason = timezone.now(), reason
            PackBuild.objects.filter(pk=build.pk).update(withdrawn_at=build.withdrawn_at, withdrawn_reason=reason)
            log_action("meetings.pack.withdrawn", actor=SYSTEM, obj=build, data={"reason": reason})
    return build.withdrawn_at is None


# Issuing ----------------------------------------------------------------------------------------------


def _paper_name(paper: dict[str, Any]) -> str:
    if paper.get("appendix"):
        label = paper["appendix"]
        label = label if label.lower().startswith("appendix") else f"Appendix {label}"
        return f"{label} ‘{paper['title']}’"
    return f"‘{paper['title']}’"


def describe_changes(before: dict[str, Any], after: dict[str, Any]) -> str:
    """What changed between two packs' manifests, one line each: papers added, replaced and removed."""

    def papers(manifest: dict[str, Any]) -> dict[str, tuple[dict, dict]]:
        return {p["key"]: (item, p) for item in manifest.get("items", []) for p in item.get("papers", [])}

    old, new = papers(before), papers(after)
    lines = []
    for key, (item, paper) in new.items():
        where = f"item {item['number']}"
        if item.get("pages"):
            where += f", Pages {item['pages'][0]} - {item['pages'][1]}"
        if key not in old:
            lines.append(f"Added: {_paper_name(paper)} ({where})")
        elif old[key][1]["sha256"] != paper["sha256"]:
            lines.append(f"Replaced: {_paper_name(paper)} ({where})")
    for key, (item, paper) in old.items():
        if key not in new:
            lines.append(f"Removed: {_paper_name(paper)} (was item {item['number']})")
    if not lines:
        lines.append("No papers changed; the agenda was updated.")
    return "\n".join(lines)


def pack_download_url(build: PackBuild) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("meetings:pack_download", args=[build.pk])


@transaction.atomic
def pack_issue(*, user, build: PackBuild) -> PackBuild:
    """Issue the latest version of an edition.  Members' edition: members are e-mailed a link.  Public
    edition: it appears on the meeting's public page.  After an earlier issue it is a supplement, and
    says what changed since the version issued before it."""
    meeting = build.meeting
    require_permission(user, "meetings.manage_meeting", meeting)
    lock_row(Meeting, meeting.pk)
    build = locked(PackBuild.objects.select_related("meeting__board"), pk=build.pk)
    meeting = build.meeting
    if build.status != PackStatus.DONE:
        raise ValidationError("Only a built pack can be issued: build the pack first.")
    if build.issued_at is not None:
        raise ValidationError(f"Version {build.number} was issued on {build.issued_at:%-d %B %Y}.")
    latest = latest_pack(meeting=meeting, edition=build.edition)
    if latest is not None and latest.pk != build.pk:
        raise ValidationError(f"Version {build.number} is not the latest: issue version {latest.number} instead.")
    check_can_issue_pack(meeting)
    if not pack_check_still_valid(build):
        raise ValidationError(
            f"Version {build.number} cannot be issued: {build.withdrawn_reason}. Build the pack again first."
        )
    previous = _previously_issued(build)
    build.issued_at = timezone.now()
    if previous is not None:
        build.is_supplement = True
        build.changes = describe_changes(previous.manifest, build.manifest)
    build.save(update_fields=["issued_at", "is_supplement", "changes"])
    log_action(
        "meetings.pack.issued",
        actor=user,
        obj=build,
        data={"edition": build.get_edition_display(), "version": build.number, "supplement": build.is_supplement},
    )
    if build.edition == PackEdition.MEMBERS:
        _email_members(build, previous)
    return build


def _previously_issued(build: PackBuild) -> PackBuild | None:
    return (
        PackBuild.objects.filter(meeting=build.meeting, edition=build.edition, issued_at__isnull=False)
        .exclude(pk=build.pk)
        .order_by("-issued_at", "-number")
        .first()
    )


def pack_message(build: PackBuild, previous: PackBuild | None, changes: str) -> tuple[str, str]:
    """The subject and body of the e-mail that issues the members' edition (a supplement after ``previous``)."""
    meeting = build.meeting
    board = meeting.board
    when = f"{long_date(meeting.date)} at {meeting.start_time:%H:%M}"
    link = pack_download_url(build)
    if previous is None:
        subject = f"Agenda pack: {board.display_short_name}, {meeting.date.day} {meeting.date:%B %Y}"
        body = (
            f"The agenda pack for the {board.name} meeting on {when} has been issued "
            f"({build.page_count} pages).\n\nRead or download it here: {link}\n"
        )
    else:
        subject = (
            f"Supplementary agenda pack (version {build.number}): "
            f"{board.display_short_name}, {meeting.date.day} {meeting.date:%B %Y}"
        )
        body = (
            f"A new version of the agenda pack for the {board.name} meeting on {when} has been issued "
            f"({build.page_count} pages). It replaces version {previous.number}.\n\n"
            f"What has changed:\n"
            + "\n".join(f"- {line}" for line in changes.splitlines())
            + f"\n\nRead or download it here: {link}\n"
        )
    body += f"\nThe meeting: {settings.SITE_URL.rstrip('/')}{meeting.get_absolute_url()}\n"
    return subject, body


def pack_issue_preview(build: PackBuild) -> tuple[str, str]:
    """The e-mail :func:`pack_issue` would send for this version of the members' edition, sending nothing."""
    previous = _previously_issued(build)
    changes = describe_changes(previous.manifest, build.manifest) if previous is not None else ""
    return pack_message(build, previous, changes)


def _email_members(build: PackBuild, previous: PackBuild | None) -> None:
    subject, body = pack_message(build, previous, build.changes)
    email_board_members(
        board=build.meeting.board,
        subject=subject,
        body=body,
        confidential=True,
        people=pack_extra_readers(build.meeting),
    )


def pack_extra_readers(meeting: Meeting) -> list:
    """Besides the board's members who read Part II: the deputies and substitutes named for the meeting."""
    return [s.person for s in meeting.stand_ins.select_related("person__user")]


def pack_recipients(meeting: Meeting) -> Recipients:
    """Who is e-mailed when the members' edition is issued, and who has no address to be told at."""
    return member_recipients(board=meeting.board, confidential=True, people=pack_extra_readers(meeting))
