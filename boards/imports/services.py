"""Importing a board's members from a spreadsheet: keep the upload as a preview, then confirm or discard it.

:func:`member_import_preview` reads the file and keeps its rows; nothing reaches the directory. Confirming
(:func:`member_import_confirm`) works out every row's outcome again, inside one transaction with the
import's row locked, so two clicks of the button import once; it refuses a confirmation made against an
older preview when the directory or the board has changed since, rather than act on what the coordinator
did not see. Rows that cannot be imported are left out and reported; the rest are added through the same
services as the board's own pages (``organisation_save``, ``person_save``, ``membership_add``).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import clock
from core.activity import log_action
from core.locks import lock_row, locked
from core.permissions import require_permission
from core.spreadsheets import MB, Limits, SpreadsheetRefused, read_table

from ..enums import ImportStatus
from ..models import Board, MemberImport, User
from ..services import membership_add, organisation_save, person_save
from .matching import ALREADY, ERROR, MATCH, ImportPreview, RowPreview, preview_import, words
from .reader import read_members

NEW_PERSON = "new"
STALE_MESSAGE = (
    "The directory or the board changed while you were checking this preview. It now shows what an import "
    "would do; check it and confirm again."
)


def import_limits() -> Limits:
    return Limits(
        max_bytes=settings.MEMBER_IMPORT_MAX_MB * MB,
        max_rows=settings.MEMBER_IMPORT_MAX_ROWS,
        max_unzipped_bytes=settings.MEMBER_IMPORT_MAX_UNZIPPED_MB * MB,
    )


def member_import_preview(*, user, board: Board, uploaded_file) -> MemberImport:
    """Read an uploaded member list and keep its rows for the coordinator to check. A file that cannot be
    read is refused (``ValidationError`` on ``file``) and nothing is kept."""
    require_permission(user, "boards.manage_board", board)
    name = Path(uploaded_file.name or "members").name[:255]
    try:
        table = read_table(uploaded_file, limits=import_limits())
        parsed = read_members(table)
    except SpreadsheetRefused as refused:
        raise ValidationError({"file": f"“{name}” {refused.reason}"}) from None
    return MemberImport.objects.create(
        board=board,
        uploaded_by=user if isinstance(user, User) else None,
        file_name=name,
        file_sha256=table.sha256,
        rows=parsed.rows,
        ignored_columns=parsed.ignored_columns,
        notes=parsed.notes,
    )


def member_import_earlier(member_import: MemberImport) -> MemberImport | None:
    """The last import of the same file into the same board, if there was one."""
    if not member_import.file_sha256:
        return None
    return (
        MemberImport.objects.filter(
            board_id=member_import.board_id, file_sha256=member_import.file_sha256, status=ImportStatus.IMPORTED
        )
        .exclude(pk=member_import.pk)
        .order_by("-imported_at")
        .first()
    )


def closed_message(member_import: MemberImport) -> str:
    if member_import.status == ImportStatus.IMPORTED:
        when = timezone.localtime(member_import.imported_at)
        return f"This file was already imported on {when:%-d %B %Y at %H:%M}: nothing was changed this time."
    return "This preview was discarded and nothing was imported from it. Upload the file again to import it."


def _without_contact_details(rows: list[dict]) -> list[dict]:
    return [{**row, "email": "", "phone": ""} for row in rows]


def _skip(summary: dict, number: int, reason: str | list[str]) -> None:
    reasons = [reason] if isinstance(reason, str) else reason
    summary["skipped"].append({"row": number, "reasons": reasons})


@transaction.atomic
def member_import_confirm(
    *, user, member_import: MemberImport, choices: dict | None = None, version: str | None = None
) -> MemberImport:
    """Import the rows of a previewed file, as the coordinator chose.

    ``choices``: ``{"people": {row number: person id or "new"}, "organisations": [names to create]}``. A
    row matched by e-mail address takes the suggested person unless told otherwise; a row matched by name
    only is left out unless the coordinator said who it is. ``version``: the preview's, as the coordinator
    saw it; when given and the preview would now differ, nothing is done (``ValidationError``, code
    ``stale``). An import already confirmed or discarded changes nothing (code ``closed``).
    """
    board = member_import.board
    require_permission(user, "boards.manage_board", board)
    lock_row(Board, board.pk)  # one import at a time on a board: initials are worked out in turn
    member_import = locked(MemberImport.objects.select_related("board"), pk=member_import.pk)
    if member_import.status != ImportStatus.PREVIEWED:
        raise ValidationError(closed_message(member_import), code="closed")
    preview = preview_import(member_import=member_import, user=user)
    if version is not None and version != preview.version:
        raise ValidationError(STALE_MESSAGE, code="stale")
    choices = choices or {}
    people = {int(k): str(v) for k, v in (choices.get("people") or {}).items()}
    wanted_orgs = {words(name) for name in choices.get("organisations") or ()}

    summary = {"new_people": 0, "existing_people": 0, "unchanged": 0, "organisations": [], "skipped": []}
    organisations = _create_organisations(user, preview, wanted_orgs, summary)
    for row in preview.rows:
        _import_row(user, board, row, people.get(row.number), organisations, summary)

    member_import.status = ImportStatus.IMPORTED
    member_import.imported_at = clock.now()
    member_import.summary = summary
    member_import.rows = _without_contact_details(member_import.rows)
    member_import.save(update_fields=["status", "imported_at", "summary", "rows"])
    log_action(
        "boards.members.imported",
        actor=user,
        obj=member_import,
        data={"summary": summary_text(summary), "file": member_import.file_name},
    )
    return member_import


def _create_organisations(user, preview: ImportPreview, wanted: set[str], summary: dict) -> dict:
    """The organisations the coordinator ticked, created; a name that cannot be saved leaves its rows out."""
    created = {}
    for new in preview.new_organisations:
        if new.key not in wanted:
            continue
        try:
            with transaction.atomic():
                created[new.key] = organisation_save(user=user, name=new.name)
        except ValidationError as error:
            created[new.key] = error
        else:
            summary["organisations"].append(new.name)
    return created


def _import_row(user, board: Board, row: RowPreview, choice: str | None, organisations: dict, summary: dict) -> None:
    number, data = row.number, row.data
    if row.outcome == ERROR:
        _skip(summary, number, row.messages)
        return
    if row.outcome == ALREADY:
        summary["unchanged"] += 1
        return
    organisation = row.organisation
    if row.new_organisation:
        organisation = organisations.get(row.new_organisation)
        if organisation is None:
            _skip(
                summary,
                number,
                f"Row {number}: the organisation “{data['organisation']}” was not created, so the row was left "
                "out. Correct the name in your file, or tick it to be created, and import the file again.",
            )
            return
        if isinstance(organisation, ValidationError):
            _skip(summary, number, [f"Row {number}: {m}" for m in organisation.messages])
            return

    person = None
    if row.outcome == MATCH:
        choice = choice or (str(row.suggested) if row.suggested else None)
        if choice is None:
            _skip(
                summary,
                number,
                f"Row {number}: you did not say whether {row.name} is someone already in the directory, so the "
                "row was left out.",
            )
            return
        if choice != NEW_PERSON:
            candidate = next((c for c in row.candidates if str(c.pk) == choice), None)
            if candidate is None:
                _skip(summary, number, f"Row {number}: that person is not one this row could mean; left out.")
                return
            if candidate.initials_clash is not None:
                _skip(
                    summary,
                    number,
                    f"Row {number}: {candidate.person}'s initials ({candidate.person.initials}) are already used "
                    f"on this board by {candidate.initials_clash}. Change one person's initials on their page, "
                    "then import the file again.",
                )
                return
            person = candidate.person

    start = datetime.date.fromisoformat(data["start_date"]) if data["start_date"] else None
    is_new = person is None
    try:
        with transaction.atomic():
            if is_new:
                person = person_save(
                    user=user,
                    board=board,
                    honorific=data["honorific"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    job_title=data["job_title"],
                    organisation=organisation,
                    email=data["email"],
                    phone=data["phone"],
                )
            membership_add(
                user=user,
                board=board,
                person=person,
                role=data["role"],
                organisation=organisation,
                start_date=start,
                co_opted_type=data["co_opted_type"],
            )
    except ValidationError as error:
        _skip(summary, number, [f"Row {number}: {m}" for m in error.messages])
    else:
        summary["new_people" if is_new else "existing_people"] += 1


def seated(summary: dict) -> int:
    return summary.get("new_people", 0) + summary.get("existing_people", 0)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def summary_text(summary: dict) -> str:
    parts = [f"{seated(summary)} added to the board ({summary['new_people']} new to the directory)"]
    if summary["unchanged"]:
        parts.append(f"{summary['unchanged']} already on it")
    if summary["skipped"]:
        parts.append(f"{_count(len(summary['skipped']), 'row')} left out")
    if summary["organisations"]:
        parts.append(f"{_count(len(summary['organisations']), 'organisation')} created")
    return "; ".join(parts) + "."


@transaction.atomic
def member_import_discard(*, user, member_import: MemberImport) -> MemberImport:
    """Drop a preview: nothing is imported, and its contact details are forgotten."""
    require_permission(user, "boards.manage_board", member_import.board)
    member_import = locked(MemberImport.objects.select_related("board"), pk=member_import.pk)
    if member_import.status != ImportStatus.PREVIEWED:
        raise ValidationError(closed_message(member_import), code="closed")
    member_import.status = ImportStatus.DISCARDED
    member_import.rows = _without_contact_details(member_import.rows)
    member_import.save(update_fields=["status", "rows"])
    log_action("boards.members.import_discarded", actor=user, obj=member_import, data={"file": member_import.file_name})
    return member_import
