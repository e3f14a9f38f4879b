"""Writes for papers: upload (one file, or several checked first and confirmed), conversion in a task,
changing what a paper is, removal or withdrawal.

Several files for an item go in two steps. :func:`papers_hold` checks each file as a single upload would
(too large, not what its name says, a bomb, damaged, password-protected...), keeps those that pass in the
file store under ``papers/held/`` and guesses each one's kind and title from its name; a refused file is
named with its reason and the others go on. The clerk corrects the guesses, and :func:`papers_add` turns
the chosen files into papers in one change to the agenda. A held file is known to the confirming page only
by a signed token (which item, which user, which stored file and what the checks found), so nothing about
it is kept in the session, and one held for more than ``PAPER_HELD_HOURS`` is refused and swept away.
"""

from __future__ import annotations

import datetime
import re
import shutil
import tempfile
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core.files import copy_to_local, save_local_file, stored_files
from core.locks import locked
from core.permissions import require_permission

from .. import filetypes
from ..conversion import CONVERTIBLE, ConversionError, convert_to_pdf, libreoffice_binary, prepare_office_file
from ..enums import PaperKind, PaperStatus, Standing
from ..models import (
    AgendaItem,
    Paper,
)
from ..packs.assembly import REASON_MISSING, PaperError
from ..packs.sources import file_sha256
from ..paperlabels import kind_from_name, strip_label, title_from_filename
from ..pdfsafety import Limits, check_paper_pdf
from ..visibility import is_part_two
from .agenda import _claim_agenda, _need_reason, _record_revision, _user_or_none, agenda_keeps_record

# Papers ----------------------------------------------------------------------------------------------


def _pdf_limits() -> Limits:
    return Limits(
        max_pages=settings.PAPER_MAX_PAGES,
        max_stream_mb=settings.PAPER_MAX_STREAM_MB,
        memory_mb=settings.PAPER_CHECK_MEMORY_MB,
    )


def _removed_text(removed: Sequence[str]) -> str:
    return "; ".join(removed)


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the checks, in a local folder: a PDF (a cleaned copy if it held active
    content), or an office document that is safe to convert."""

    name: str  # as it was sent
    path: Path
    is_pdf: bool
    pages: int = 0
    sha256: str = ""
    removed: tuple[str, ...] = ()


def _check_upload(
    upload, workdir: Path, *, replace: Paper | None = None, item: AgendaItem | None = None
) -> CheckedFile:
    """Check an uploaded file into ``workdir``, or refuse it with its name and the reason (``ValidationError``).
    The slow part (reading every page) happens here, before any database transaction."""
    name = Path(upload.name).name
    label = f"“{name}”"
    limit_mb = settings.PAPER_MAX_MB
    if upload.size > limit_mb * 1024 * 1024:
        raise ValidationError(f"{label} is larger than the {limit_mb} MB limit: make it smaller and upload it again.")
    suffix = Path(name).suffix.lower()
    if suffix != ".pdf" and suffix not in CONVERTIBLE:
        raise ValidationError(f"{label} is not a PDF, Word, OpenDocument or Excel file, so it cannot go in the pack.")
    if replace is not None and item is not None and replace.item_id != item.pk:
        raise ValidationError("That paper belongs to another item.")
    if suffix in CONVERTIBLE and libreoffice_binary() is None:
        noun = CONVERTIBLE[suffix]
        raise ValidationError(
            f"{label} is a {noun}, and this server cannot convert {noun}s to PDF because LibreOffice is not "
            "installed. Save it as a PDF and upload that instead (or ask your administrator to install LibreOffice)."
        )
    original = workdir / f"upload{suffix}"
    with original.open("wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    try:
        kind = filetypes.expect(original, name=name)
        if kind != filetypes.PDF:
            # Bombs and damaged zips are refused now, while the uploader waits; the task cleans again.
            (workdir / "checked").mkdir()
            prepare_office_file(original, workdir / "checked", kind=kind)
    except filetypes.FileRefused as exc:
        raise ValidationError(f"{label} {exc.reason}") from exc
    if kind != filetypes.PDF:
        return CheckedFile(name=name, path=original, is_pdf=False, sha256=file_sha256(original))
    checked = workdir / "checked.pdf"
    try:
        report = check_paper_pdf(original, label=label, output=checked, limits=_pdf_limits())
    except PaperError as exc:
        raise ValidationError(str(exc)) from exc
    pdf_path = checked if report.cleaned else original
    return CheckedFile(
        name=name,
        path=pdf_path,
        is_pdf=True,
        pages=report.pages,
        sha256=file_sha256(pdf_path),
        removed=tuple(report.removed),
    )


def guess_kinds(item: AgendaItem, names: Sequence[str]) -> list[str]:
    """What each of the files (or titles) ``names``, added to ``item`` in this order, most likely is.

    A name that says so is an appendix, minutes, a presentation or a background paper ("Appendix B -
    figures.pdf", "minutes.pdf", "slides.pptx"). Of the others, the first becomes the item's report when it
    has none yet (on a minutes item, its minutes when it has none), and the rest are appendices.
    """
    kinds_held = set(
        item.papers.exclude(status=PaperStatus.REFUSED).filter(replaces__isnull=True).values_list("kind", flat=True)
    )
    missing = []
    if item.standing == Standing.MINUTES and PaperKind.MINUTES not in kinds_held:
        missing.append(PaperKind.MINUTES)
    if PaperKind.REPORT not in kinds_held:
        missing.append(PaperKind.REPORT)
    out = []
    for name in names:
        kind = kind_from_name(name)
        if kind is None:
            kind = missing.pop(0) if missing else PaperKind.APPENDIX
        elif kind in missing:
            missing.remove(kind)
        out.append(PaperKind(kind).value)
    return out


def paper_title(typed: str, *, name: str, item: AgendaItem) -> str:
    """The title to store: what was typed, without a leading appendix label (the portal labels papers
    itself); else one made from the file's name; else the item's title."""
    return strip_label(typed) or title_from_filename(name) or item.title[:300]


def paper_upload(
    *,
    user,
    item: AgendaItem,
    upload,
    title: str = "",
    kind: str | None = None,
    author: str = "",
    author_organisation: str = "",
    replace: Paper | None = None,
    expected_version: int | None = None,
) -> Paper:
    """Check and store a paper for an item; a Word, ODT or Excel file is converted afterwards, in a task.

    Refuses, with the file's name and the reason in plain words, anything that would break the pack or
    harm its readers: too large, not what its name says it is, a bomb (far more pages or data than any
    paper, a document that unpacks to gigabytes), damaged, password-protected or without pages. Active
    content (scripts, launch actions, attached files...) is taken out of a PDF and listed on the paper
    (``removed_content``). Nothing already stored is touched when a file is refused.

    A PDF is ready at once. An office document is stored as it was sent, with the status *converting*,
    and :func:`paper_convert` runs in :func:`meetings.tasks.convert_paper_task` once this transaction
    commits; a new version of a paper (``replace``) takes the paper's place only once it is ready.
    ``kind`` is guessed from the file's name when not given (:func:`guess_kinds`); a new version keeps
    the kind of the paper it replaces. A leading appendix label is taken off ``title``.
    """
    require_permission(user, "meetings.upload_paper", item)
    with tempfile.TemporaryDirectory(prefix="paper-") as tmp:
        checked = _check_upload(upload, Path(tmp), replace=replace, item=item)
        if kind is None and replace is None:
            kind = guess_kinds(item, [" ".join(filter(None, (title, checked.name)))])[0]
        with transaction.atomic():
            _claim_agenda(item.meeting, expected_version, user, item=item, permission=None)  # upload_paper checked
            return _store_checked(
                user=user,
                item=item,
                checked=checked,
                kind=kind,
                title=title,
                author=author,
                author_organisation=author_organisation,
                replace=replace,
            )


def _store_checked(
    *,
    user,
    item: AgendaItem,
    checked: CheckedFile,
    kind: str | None,
    title: str,
    author: str,
    author_organisation: str,
    replace: Paper | None = None,
) -> Paper:
    """Make a checked file a paper of ``item`` (or a new version of ``replace``), in the caller's transaction,
    which has claimed the agenda. Raises ``ValidationError`` when the same PDF is already on the item."""
    fields = {"title": title, "kind": kind, "author": author, "author_organisation": author_organisation}
    if not checked.is_pdf:
        return _paper_pending(user=user, item=item, replace=replace, name=checked.name, original=checked.path, **fields)
    label = f"“{checked.name}”"
    paper = _paper_new_or_version(user=user, item=item, replace=replace, name=checked.name, **fields)
    _paper_fill(paper, label=label, pdf_path=checked.path, pages=checked.pages, digest=checked.sha256)
    paper.removed_content = _removed_text(checked.removed)
    if replace is not None and paper.original_file:
        paper.original_file = None
    paper.save()
    _record_revision(
        item.meeting,
        f"Paper {'replaced' if replace else 'added'}: {paper.title}",
        user,
        action="meetings.paper.replaced" if replace else "meetings.paper.added",
        obj=paper,
        data={"file": paper.original_name, "sha256": paper.sha256, "pages": paper.page_count, "kind": paper.kind},
    )
    return paper


def _paper_new_or_version(
    *,
    user,
    item: AgendaItem,
    replace: Paper | None,
    name: str,
    title: str,
    kind: str | None,
    author: str,
    author_organisation: str,
) -> Paper:
    """The paper to fill in: a new one at the end of the item's papers, or ``replace`` (its new version)."""
    if replace is None:
        paper = Paper(item=item, position=(item.papers.aggregate(m=Max("position"))["m"] or 0) + 1)
        paper.title = paper_title("", name=name, item=item)
    else:
        paper = replace  # a new version of the same paper: keep what is not given afresh
    paper.title = strip_label(title) or paper.title
    paper.kind = kind or paper.kind
    paper.author = author.strip() or paper.author
    paper.author_organisation = author_organisation.strip() or paper.author_organisation
    paper.original_name = name
    paper.uploaded_by = user if getattr(user, "pk", None) else None
    return paper


def _paper_fill(paper: Paper, *, label: str, pdf_path: Path, pages: int, digest: str) -> None:
    """Put a checked PDF on ``paper`` (not saved), refusing the same file twice on one item."""
    duplicate = Paper.objects.ready().filter(item=paper.item_id, sha256=digest).exclude(pk=paper.pk).first()
    if duplicate is not None:
        # Most often the same form sent twice (a double click, or the browser's back button).
        raise ValidationError(f"{label} is already on this item, as “{duplicate.title}”: it was not added again.")
    paper.page_count = pages
    paper.sha256 = digest
    paper.size = pdf_path.stat().st_size
    paper.status = PaperStatus.READY
    paper.refusal_reason = ""
    with pdf_path.open("rb") as fh:
        paper.file.save("paper.pdf", File(fh), save=False)


def _paper_pending(*, user, item: AgendaItem, replace: Paper | None, name: str, original: Path, **fields) -> Paper:
    """Store an office document as sent, to be converted by a task once this transaction commits."""
    paper = _paper_new_or_version(user=user, item=item, replace=None, name=name, **fields)
    if replace is not None:
        paper.replaces = replace
        paper.title = strip_label(fields["title"]) or replace.title
        paper.kind = fields["kind"] or replace.kind
        paper.author = paper.author or replace.author
        paper.author_organisation = paper.author_organisation or replace.author_organisation
    paper.status = PaperStatus.CONVERTING
    with original.open("rb") as fh:
        paper.original_file.save(name, File(fh), save=False)
    paper.save()

    def queue() -> None:
        from ..tasks import convert_paper_task

        convert_paper_task.delay(paper.pk)

    transaction.on_commit(queue)
    return paper


# Several files at once ----------------------------------------------------------------------------------

HELD_FOLDER = "papers/held"
_HELD_SALT = "held paper"
_HELD_STAMP = "%Y%m%d%H%M"


@dataclass
class HeldPaper:
    """A file that passed the checks and waits for the clerk to confirm it, with the guesses to correct."""

    token: str
    name: str
    is_pdf: bool
    pages: int
    removed: list[str]
    kind: str
    title: str


@dataclass
class RefusedFile:
    name: str
    reason: str

    def __str__(self) -> str:
        return self.reason


@dataclass
class HeldFiles:
    held: list[HeldPaper] = field(default_factory=list)
    refused: list[RefusedFile] = field(default_factory=list)


@dataclass(frozen=True)
class PaperChoice:
    """What the clerk confirmed for one held file."""

    token: str
    kind: str
    title: str
    author: str = ""
    author_organisation: str = ""


@dataclass
class PapersAdded:
    papers: list[Paper] = field(default_factory=list)
    refused: list[RefusedFile] = field(default_factory=list)
    #: (title as typed, title as stored) for titles that lost a leading appendix label.
    retitled: list[tuple[str, str]] = field(default_factory=list)


def _natural(name: str) -> list:
    """Sort key: "2 Figures" before "10 Budget", "Figures" before "Figures copy"."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", name)]


def check_batch_size(*, count: int, total_bytes: int) -> None:
    """Refuse more files, or more data, than one upload may carry (``PAPER_BATCH_MAX_FILES`` and
    ``PAPER_BATCH_MAX_MB``), before anything is read."""
    most = settings.PAPER_BATCH_MAX_FILES
    if count > most:
        raise ValidationError(f"You chose {count} files: add at most {most} at a time, and the rest afterwards.")
    limit_mb = settings.PAPER_BATCH_MAX_MB
    if total_bytes > limit_mb * 1024 * 1024:
        size_mb = total_bytes / (1024 * 1024)
        raise ValidationError(
            f"The files come to {size_mb:.1f} MB together, more than the {limit_mb} MB one upload may carry: "
            "add them in smaller groups."
        )


def papers_hold(*, user, item: AgendaItem, uploads: Sequence) -> HeldFiles:
    """Check several files for ``item`` and keep those that pass until the clerk confirms them (see the
    head of this module), in the order of their names. Nothing on the agenda changes."""
    require_permission(user, "meetings.upload_paper", item)
    check_batch_size(count=len(uploads), total_bytes=sum(u.size for u in uploads))
    held_sweep()
    out = HeldFiles()
    batch = f"{HELD_FOLDER}/{timezone.now():{_HELD_STAMP}}-{uuid.uuid4().hex}"
    seen: dict[str, str] = {}
    for upload in sorted(uploads, key=lambda u: (_natural(Path(u.name).stem), Path(u.name).suffix.lower())):
        with tempfile.TemporaryDirectory(prefix="paper-") as tmp:
            try:
                checked = _check_upload(upload, Path(tmp))
                _refuse_duplicate(item, checked, seen)
            except ValidationError as exc:
                out.refused.append(RefusedFile(Path(upload.name).name, " ".join(exc.messages)))
                continue
            seen[checked.sha256] = checked.name
            stored = save_local_file(f"{batch}/{uuid.uuid4().hex}{checked.path.suffix.lower()}", checked.path)
        token = signing.dumps(
            {
                "item": item.pk,
                "user": getattr(user, "pk", None),
                "file": stored,
                "name": checked.name,
                "pdf": checked.is_pdf,
                "pages": checked.pages,
                "sha256": checked.sha256,
                "removed": list(checked.removed),
            },
            salt=_HELD_SALT,
            compress=True,
        )
        out.held.append(
            HeldPaper(
                token=token,
                name=checked.name,
                is_pdf=checked.is_pdf,
                pages=checked.pages,
                removed=list(checked.removed),
                kind="",
                title=paper_title("", name=checked.name, item=item),
            )
        )
    for paper, kind in zip(out.held, guess_kinds(item, [h.name for h in out.held]), strict=True):
        paper.kind = kind
    return out


def _refuse_duplicate(item: AgendaItem, checked: CheckedFile, seen: dict[str, str]) -> None:
    label = f"“{checked.name}”"
    if checked.sha256 in seen:
        raise ValidationError(f"{label} is the same file as “{seen[checked.sha256]}”: it is added once.")
    if checked.is_pdf:
        duplicate = Paper.objects.ready().filter(item=item, sha256=checked.sha256).first()
        if duplicate is not None:
            raise ValidationError(f"{label} is already on this item, as “{duplicate.title}”: it was not added again.")


def held_paper(token: str, *, user, item: AgendaItem) -> dict:
    """What :func:`papers_hold` found about a held file, from the token the confirming page sent back.
    ``ValidationError`` for a token that was tampered with, is for another item or user, or has expired."""
    try:
        held = signing.loads(token, salt=_HELD_SALT, max_age=datetime.timedelta(hours=settings.PAPER_HELD_HOURS))
    except signing.SignatureExpired:
        raise ValidationError(
            f"A file was waiting for more than {settings.PAPER_HELD_HOURS} hours to be confirmed: upload it again."
        ) from None
    except signing.BadSignature:
        raise ValidationError("A file on this page could not be recognised: upload it again.") from None
    if held.get("item") != item.pk or held.get("user") != getattr(user, "pk", None):
        raise ValidationError("A file on this page was uploaded for another item: upload it again.")
    return held


def papers_add(
    *,
    user,
    item: AgendaItem,
    choices: Sequence[PaperChoice],
    discard: Sequence[str] = (),
    expected_version: int | None = None,
) -> PapersAdded:
    """Add the held files the clerk confirmed (``choices``, in order) to ``item`` as papers of the kinds and
    titles they chose, in one change to the agenda; forget the held files in ``discard``.

    A file that cannot be added after all (held too long, already on the item) is named with the reason and
    the others are added. A title that starts with an appendix label is stored without it (see
    ``retitled``). Raises :class:`AgendaConflict` (nothing added) when the agenda changed since the page
    was shown.
    """
    require_permission(user, "meetings.upload_paper", item)
    result = PapersAdded()
    with tempfile.TemporaryDirectory(prefix="papers-") as tmp:
        ready: list[tuple[PaperChoice, CheckedFile]] = []
        stored_names = []
        for k, choice in enumerate(choices):
            try:
                held = held_paper(choice.token, user=user, item=item)
            except ValidationError as exc:
                result.refused.append(RefusedFile("", " ".join(exc.messages)))
                continue
            stored_names.append(held["file"])
            local = Path(tmp) / f"{k}{Path(held['file']).suffix}"
            label = f"“{held['name']}”"
            try:
                digest = copy_to_local(held["file"], local)
            except FileNotFoundError:
                result.refused.append(RefusedFile(held["name"], f"{label} {REASON_MISSING}"))
                continue
            if digest != held["sha256"]:
                result.refused.append(RefusedFile(held["name"], f"{label} changed while it waited: upload it again."))
                continue
            checked = CheckedFile(
                name=held["name"],
                path=local,
                is_pdf=held["pdf"],
                pages=held["pages"],
                sha256=held["sha256"],
                removed=tuple(held["removed"]),
            )
            ready.append((choice, checked))
        for token in discard:
            try:
                stored_names.append(held_paper(token, user=user, item=item)["file"])
            except ValidationError:
                continue
        with transaction.atomic():
            if ready:
                _claim_agenda(item.meeting, expected_version, user, item=item, permission=None)
            for choice, checked in ready:
                title = strip_label(choice.title)
                if title != " ".join(choice.title.split()):
                    result.retitled.append((choice.title, title or checked.name))
                try:
                    with transaction.atomic():
                        paper = _store_checked(
                            user=user,
                            item=item,
                            checked=checked,
                            kind=PaperKind(choice.kind),
                            title=title,
                            author=choice.author,
                            author_organisation=choice.author_organisation,
                        )
                except ValidationError as exc:
                    result.refused.append(RefusedFile(checked.name, " ".join(exc.messages)))
                    continue
                result.papers.append(paper)
            transaction.on_commit(lambda: _delete_stored(stored_names))
    return result


def _delete_stored(names: Sequence[str]) -> None:
    storage = stored_files()
    for name in names:
        storage.delete(name)


def held_sweep(*, now: datetime.datetime | None = None) -> int:
    """Remove held files whose clerk never confirmed them, once older than ``PAPER_HELD_HOURS``. Returns how
    many files went. Their folder's name says when they were held, so only folder names are read."""
    storage = stored_files()
    cutoff = (now or timezone.now()) - datetime.timedelta(hours=settings.PAPER_HELD_HOURS)
    try:
        folders, _ = storage.listdir(HELD_FOLDER)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    removed = 0
    for folder in folders:
        try:
            held_at = datetime.datetime.strptime(folder.split("-", 1)[0], _HELD_STAMP).replace(tzinfo=datetime.UTC)
        except ValueError:
            continue
        if held_at >= cutoff:
            continue
        _, files = storage.listdir(f"{HELD_FOLDER}/{folder}")
        for name in files:
            storage.delete(f"{HELD_FOLDER}/{folder}/{name}")
            removed += 1
    return removed


def paper_convert(*, user, paper_id: int) -> Paper | None:
    """Convert an uploaded office document to a checked, cleaned PDF (run by ``convert_paper_task``).

    Safe to run twice: a paper no longer converting is left alone. On success the paper is ready (a new
    version takes the place of the paper it replaces, which keeps its id, so packs say "replaced"); on
    failure it is refused with the reason in a clerk's words, and nothing that was there before changes.
    """
    paper = Paper.objects.select_related("item__meeting", "replaces").filter(pk=paper_id).first()
    if paper is None or paper.status != PaperStatus.CONVERTING:
        return paper
    require_permission(user, "meetings.upload_paper", paper.item)
    label = f"“{paper.original_name}”"
    with tempfile.TemporaryDirectory(prefix="paper-") as tmp:
        source = Path(tmp) / f"upload{Path(paper.original_name).suffix.lower()}"
        try:
            with paper.original_file.open("rb") as src, source.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1024 * 1024)
        except (FileNotFoundError, ValueError):
            return _paper_refuse(paper, f"{label} {REASON_MISSING}")
        try:
            kind = filetypes.expect(source, name=paper.original_name)
            converted = convert_to_pdf(source, kind=kind, output=Path(tmp) / "converted.pdf")
            checked = Path(tmp) / "checked.pdf"
            report = check_paper_pdf(converted, label=label, output=checked, limits=_pdf_limits())
        except filetypes.FileRefused as exc:
            return _paper_refuse(paper, f"{label} {exc.reason}")
        except ConversionError as exc:
            return _paper_refuse(paper, f"{label} {exc}")
        except PaperError as exc:
            return _paper_refuse(paper, str(exc))
        pdf_path = checked if report.cleaned else converted
        digest = file_sha256(pdf_path)
        with transaction.atomic():
            row = locked(Paper.objects, missing_ok=True, pk=paper.pk, status=PaperStatus.CONVERTING)
            if row is None:
                return Paper.objects.filter(pk=paper.pk).first()
            target = row.replaces or row
            try:
                _paper_fill(target, label=label, pdf_path=pdf_path, pages=report.pages, digest=digest)
            except ValidationError as exc:
                return _paper_refuse(row, " ".join(exc.messages))
            target.removed_content = _removed_text(report.removed)
            if target is not row:
                for name in ("title", "kind", "author", "author_organisation", "original_name", "uploaded_by"):
                    setattr(target, name, getattr(row, name))
                target.original_file = row.original_file.name
                target.save()
                row.delete()  # its files now belong to the paper it replaced
            else:
                target.save()
            replaced = target is not row
            _record_revision(
                target.item.meeting,
                f"Paper {'replaced' if replaced else 'added'}: {target.title}",
                user,
                action="meetings.paper.replaced" if replaced else "meetings.paper.added",
                obj=target,
                data={"file": target.original_name, "sha256": target.sha256, "pages": target.page_count},
            )
            return target


@transaction.atomic
def paper_update(
    *,
    user,
    paper: Paper,
    kind: str,
    title: str,
    author: str = "",
    author_organisation: str = "",
    expected_version: int | None = None,
) -> Paper:
    """Say what a paper is (its label follows: an appendix is lettered among the item's appendices), or
    correct its title or author. A leading appendix label typed into the title is taken off. Once the agenda
    is published the change is one of its revisions, as any other."""
    meeting = paper.item.meeting
    _claim_agenda(meeting, expected_version, user, item=paper.item)
    paper = locked(Paper.objects, pk=paper.pk)
    new = {
        "kind": PaperKind(kind).value,
        "title": strip_label(title),
        "author": author.strip(),
        "author_organisation": author_organisation.strip(),
    }
    if not new["title"]:
        raise ValidationError({"title": "Give this paper a title of its own: the portal adds its label itself."})
    before = {name: getattr(paper, name) for name in new}
    if before == new:
        return paper
    for name, value in new.items():
        setattr(paper, name, value)
    paper.save(update_fields=list(new))
    summary = f"Paper changed: {paper.title}"
    if before["kind"] != new["kind"]:
        summary += f" (now {PaperKind(new['kind']).label.lower()}, was {PaperKind(before['kind']).label.lower()})"
    _record_revision(
        meeting,
        summary,
        user,
        action="meetings.paper.changed",
        obj=paper,
        data={"before": before, "after": new},
    )
    return paper


def _paper_refuse(paper: Paper, reason: str) -> Paper:
    paper.status = PaperStatus.REFUSED
    paper.refusal_reason = reason
    paper.save(update_fields=["status", "refusal_reason"])
    return paper


@transaction.atomic
def paper_delete(*, user, paper: Paper, reason: str = "", expected_version: int | None = None) -> None:
    """Delete a draft's paper; once the agenda is part of the record, withdraw it with a reason."""
    meeting = paper.item.meeting
    _claim_agenda(meeting, expected_version, user, item=paper.item)
    title = paper.title
    secret = is_part_two(paper.item)
    if not paper.is_ready:  # an upload that never became ready: no one read it, nothing to keep
        paper.delete()
        return
    if agenda_keeps_record(meeting):
        reason = _need_reason(reason, "paper")
        Paper.objects.filter(pk=paper.pk).update(
            withdrawn_at=timezone.now(), withdrawn_reason=reason[:300], withdrawn_by=_user_or_none(user)
        )
        summary, action = f"Paper withdrawn: {title} ({reason})", "meetings.paper.withdrawn"
    else:
        paper.delete()
        summary, action = f"Paper removed: {title}", "meetings.paper.deleted"
    _record_revision(meeting, summary, user, action=action, data={"paper": title, "reason": reason}, part_two=secret)
