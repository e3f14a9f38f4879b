"""The minutes on a meeting's public page: once the visibility rule gives the public their public edition
(:func:`meetings.visibility.minutes_edition_for`: approved minutes, or a circulated draft marked DRAFT where
the board publishes its drafts), their text as the minutes pages show it, and a link to the public PDF, which
the minutes' own document view serves to anyone who reads that edition (``meetings:minutes_document_file``).
A Part II minute is its heading and exemption only (for a board that does not publish Part II titles, not
even its heading)."""

from __future__ import annotations

from django.utils.safestring import mark_safe

from ..enums import MinutesDocumentKind, PackEdition
from ..minutes.documents import current_document, document_is_current
from ..models import Minutes, MinutesDocument
from ..visibility import PUBLIC_READER, minutes_edition_for


def public_minutes(meeting) -> Minutes | None:
    """The meeting's minutes if the public reads them now (their public edition), else ``None``."""
    minutes = Minutes.objects.filter(meeting=meeting).select_related("meeting__board").first()
    if minutes is None or minutes_edition_for(PUBLIC_READER, minutes) != PackEdition.PUBLIC:
        return None
    return minutes


def public_pdf(minutes: Minutes) -> MinutesDocument | None:
    """The public edition's PDF to hand out now: the signed version once signed, otherwise the latest one
    built, if it is built and still shows the minutes as they are (a draft changed since is not offered)."""
    document = current_document(minutes, PackEdition.PUBLIC)
    if document is None or not document.is_ready or not document_is_current(minutes, document):
        return None
    return document


def public_minutes_context(meeting) -> dict:
    """What the public meeting page shows of the minutes: their public edition as HTML, whether it is a draft,
    and the public PDF when it is built (the signed version once signed)."""
    minutes = public_minutes(meeting)
    if minutes is None:
        return {"minutes": None}
    from ..minutes.render import minutes_document_html

    # The render helper's body partial, as the minutes pages show it: a template, which escaped the text.
    body = mark_safe(minutes_document_html(minutes, edition=PackEdition.PUBLIC, for_pdf=False))  # noqa: S308
    document = public_pdf(minutes)
    return {
        "minutes": minutes,
        "minutes_body": body,
        "minutes_draft": minutes.is_draft_document,
        "minutes_document": document,
        "minutes_signed": document is not None and document.kind == MinutesDocumentKind.SIGNED,
        "minutes_part_two": minutes.items.filter(confidential=True).exists(),
    }
