"""The minutes as PDF documents: a DRAFT-watermarked copy while they are a draft (rebuilt only when the text
changes), the notes of an informal session, and the versions the chair signed, in the members' and the
public edition. Built by a Celery task (:func:`meetings.tasks.build_minutes_document_task`), which calls
:func:`document_build`; safe to run twice.

A signed document is rendered with the sign-off line (name, role, date), signed digitally
(:mod:`meetings.minutes.signing`), and stored with the SHA-256 of the file exactly as signed, which
``python manage.py verify_minutes`` recomputes.
"""

from __future__ import annotations

import hashlib
import io
import logging

from django.core.files.base import ContentFile
from django.db import transaction

from core import clock
from core.files import stored_files

from ..enums import MinutesDocumentKind, MinutesStatus, PackEdition, PackStatus
from .models import Minutes, MinutesDocument

logger = logging.getLogger(__name__)


def _kind_now(minutes: Minutes, *, signed: bool) -> str:
    if signed:
        return MinutesDocumentKind.SIGNED
    if minutes.is_notes:
        return MinutesDocumentKind.NOTES
    # Confirmed by the board (or being corrected after sign-off, once the correction is ready): no longer a
    # draft, but not signed yet either.
    return MinutesDocumentKind.CONFIRMED if minutes.status == MinutesStatus.CONFIRMED else MinutesDocumentKind.DRAFT


def fingerprint(minutes: Minutes, edition: str) -> str:
    """What a draft document is built from: the HTML of the text for that edition, hashed."""
    from .render import minutes_document_html

    html = minutes_document_html(minutes, edition=edition, for_pdf=True)
    return hashlib.sha256(html.encode()).hexdigest()


def current_document(minutes: Minutes, edition: str) -> MinutesDocument | None:
    """The document a reader gets now: the latest signed version once signed (or confirmed and signed
    before), otherwise the latest draft or notes document."""
    docs = minutes.documents.filter(edition=edition).exclude(status=PackStatus.FAILED)
    if minutes.status in (MinutesStatus.SIGNED, MinutesStatus.AMENDING, MinutesStatus.CONFIRMED):
        signed = docs.filter(kind=MinutesDocumentKind.SIGNED, superseded_at__isnull=True).order_by("-version").first()
        if signed is not None and minutes.status != MinutesStatus.CONFIRMED:
            return signed
    kind = _kind_now(minutes, signed=False)
    return docs.filter(kind=kind).order_by("-created_at", "-pk").first()


def document_is_current(minutes: Minutes, document: MinutesDocument | None) -> bool:
    if document is None:
        return False
    if document.kind == MinutesDocumentKind.SIGNED:
        return True
    return document.fingerprint == fingerprint(minutes, document.edition)


@transaction.atomic
def documents_request(*, minutes: Minutes, signed: bool = False, editions=None) -> list[MinutesDocument]:
    """Queue the documents the minutes need now: a signed version of each edition after sign-off, or a
    draft (notes) document of each edition whose text changed since the last one. Queued on commit."""
    from ..tasks import build_minutes_document_task

    editions = editions or [PackEdition.MEMBERS, PackEdition.PUBLIC]
    made = []
    for edition in editions:
        if signed:
            version = minutes.amendments.filter(signed_at__isnull=False).count() + 1
            if minutes.documents.filter(kind=MinutesDocumentKind.SIGNED, edition=edition, version=version).exists():
                continue
            document = MinutesDocument.objects.create(
                minutes=minutes,
                edition=edition,
                kind=MinutesDocumentKind.SIGNED,
                version=version,
                amendment=minutes.amendments.filter(signed_at__isnull=False).order_by("-number").first(),
                signed_at=minutes.signed_at,
                signed_by=minutes.signed_by,
                signer_name=minutes.signer_name,
                signer_role=minutes.signer_role,
            )
        else:
            kind = _kind_now(minutes, signed=False)
            print_ = fingerprint(minutes, edition)
            latest = (
                minutes.documents.filter(edition=edition, kind=kind)
                .exclude(status=PackStatus.FAILED)
                .order_by("-created_at", "-pk")
                .first()
            )
            if latest is not None and latest.fingerprint == print_:
                continue
            document = MinutesDocument.objects.create(minutes=minutes, edition=edition, kind=kind, fingerprint=print_)
        made.append(document)
        transaction.on_commit(lambda pk=document.pk: build_minutes_document_task.delay(pk))
    return made


def document_build(*, document_id: int) -> MinutesDocument | None:
    """Render (and, for a signed version, sign) one queued document and store it. Safe to run twice: a
    document already built is left as it is."""
    from pikepdf import Pdf

    from .render import render_minutes_pdf

    with transaction.atomic():
        document = MinutesDocument.objects.select_for_update().filter(pk=document_id).first()
        if document is None or document.status == PackStatus.DONE:
            return document
        document.status = PackStatus.RUNNING
        document.save(update_fields=["status"])
    minutes = Minutes.objects.select_related("meeting__board").get(pk=document.minutes_id)
    try:
        signed = document.kind == MinutesDocumentKind.SIGNED
        data = render_minutes_pdf(
            minutes,
            edition=document.edition,
            watermark=document.kind == MinutesDocumentKind.DRAFT,
            sign_off=document if signed else None,
        )
        if signed:
            from .signing import sign_pdf

            data = sign_pdf(
                data,
                signer_name=document.signer_name,
                reason=f"Signed as a correct record by {document.signer_name}, {document.signer_role}",
                location=minutes.meeting.board.name,
            )
        with Pdf.open(io.BytesIO(data)) as pdf:
            pages = len(pdf.pages)
        meeting = minutes.meeting
        name = (
            f"minutes/{meeting.board.slug}/{meeting.date:%Y-%m-%d}-{document.edition}-{document.kind}"
            f"{f'-v{document.version}' if signed else ''}.pdf"
        )
        stored = stored_files().save(name, ContentFile(data, name=name.rsplit("/", 1)[-1]))
    except Exception as exc:  # a failed build is recorded on the row and shown to the coordinator
        logger.exception("Minutes document %s failed", document_id)
        MinutesDocument.objects.filter(pk=document_id).update(status=PackStatus.FAILED, error=str(exc)[:2000])
        document.refresh_from_db()
        return document
    with transaction.atomic():
        document = MinutesDocument.objects.select_for_update().get(pk=document_id)
        document.file.name = stored
        document.sha256 = hashlib.sha256(data).hexdigest()
        document.size = len(data)
        document.page_count = pages
        document.status = PackStatus.DONE
        document.built_at = clock.now()
        document.error = ""
        document.save()
        if document.kind == MinutesDocumentKind.SIGNED:
            MinutesDocument.objects.filter(
                minutes_id=document.minutes_id,
                edition=document.edition,
                kind=MinutesDocumentKind.SIGNED,
                version__lt=document.version,
                superseded_at__isnull=True,
            ).update(superseded_at=clock.now())
    return document
