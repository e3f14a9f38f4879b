"""The minutes on a meeting's public page, and their public PDF: once the visibility rule gives the public
their public edition (:func:`meetings.visibility.minutes_edition_for`: approved minutes, or a circulated draft
marked DRAFT where the board publishes its drafts). A Part II minute is its heading and exemption only."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from core.responses import inline_pdf

from .. import selectors
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


@require_safe
def minutes_public_pdf(request, pk):
    """The public edition of a meeting's minutes as a PDF: the signed version once signed, else the latest
    draft (watermarked DRAFT), for anyone, once the public reads the minutes."""
    meeting = get_object_or_404(selectors.public_meetings(), pk=pk)
    minutes = public_minutes(meeting)
    if minutes is None:
        raise Http404("These minutes are not published.")
    document = public_pdf(minutes)
    if document is None:
        raise Http404("The PDF of these minutes is still being made: try again in a minute.")
    draft = "draft " if minutes.is_draft_document else ""
    name = slugify(f"{meeting.board.display_short_name} {meeting.date:%Y-%m-%d} {draft}{minutes.heading_noun}")
    return inline_pdf(document.file, filename=f"{name}.pdf", missing="The file of these minutes is missing.")
