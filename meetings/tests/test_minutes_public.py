"""The minutes on a meeting's public page and the link to their public PDF (served by the minutes' own
document view): approved minutes are public; a circulated draft only where the board publishes its drafts
(marked DRAFT); a Part II minute's text never is."""

from __future__ import annotations

import datetime
import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from boards.models import Membership
from core.permissions import SYSTEM
from meetings import services as meeting_services
from meetings.enums import MeetingStatus, MinutesDocumentKind, PackEdition, Standing
from meetings.minutes import services
from meetings.minutes.documents import current_document, documents_request
from meetings.tests.factories import AgendaItemFactory, MeetingFactory
from testsupport.storage import local_copy

pytestmark = pytest.mark.django_db

needs_render = pytest.mark.skipif(
    importlib.util.find_spec("meetings.minutes.render") is None, reason="the minutes' PDF rendering is not merged yet"
)

PART_ONE_TEXT = "Early Help hubs opened in Chorley and Leyland."
PART_TWO_TEXT = "Bidder A priced the contract at 1.2 million pounds."
PART_TWO_DECISION = "That the contract be awarded to Bidder A."


@pytest.fixture
def minutes(cast, clock):
    """A published, held meeting's minutes: a Part I minute, a Part II minute with a decision. A draft."""
    Membership.objects.filter(board=cast.board).update(start_date=datetime.date(2010, 1, 1))
    meeting = MeetingFactory(board=cast.board, date=datetime.date(2015, 12, 10), status=MeetingStatus.HELD)
    for position, (title, extra) in enumerate(
        [
            ("Welcome and apologies", {"standing": Standing.WELCOME}),
            ("Prevention and Early Help", {}),
            ("Youth services tender", {"confidential": True, "exemption_reason": "Paragraph 3: business affairs"}),
        ],
        start=1,
    ):
        AgendaItemFactory(meeting=meeting, position=position, title=title, **extra)
    meeting_services.agenda_publish(user=SYSTEM, meeting=meeting)
    minutes = services.minutes_start(user=cast.coordinator, meeting=meeting)
    services.minute_save(user=cast.coordinator, minute=minutes.items.get(number="2"), notes=PART_ONE_TEXT)
    exempt = minutes.items.get(number="3")
    services.minute_save(user=cast.coordinator, minute=exempt, notes=PART_TWO_TEXT)
    services.decision_add(user=cast.coordinator, minute=exempt, text=PART_TWO_DECISION)
    return minutes


def public_page(client, minutes) -> str:
    response = client.get(reverse("meetings:meeting_public", args=[minutes.meeting_id]))
    assert response.status_code == 200
    return response.content.decode()


PDF_LINK = re.compile(r'<a href="(/meetings/\d+/minutes/documents/\d+\.pdf)">')


def pdf_link(client, minutes) -> str | None:
    """The public page's link to the minutes' PDF, if it offers one."""
    found = PDF_LINK.search(public_page(client, minutes))
    return found.group(1) if found else None


def public_pdf(client, minutes):
    """The PDF the public page links to, read as a visitor (``None`` when the page offers none)."""
    link = pdf_link(client, minutes)
    return None if link is None else client.get(link)


def confirm(cast, minutes):
    later = MeetingFactory(board=cast.board, date=datetime.date(2016, 3, 10), status=MeetingStatus.HELD)
    return services.minutes_confirm(
        user=cast.coordinator, minutes=minutes, at_meeting=later, presiding=cast.chair.person
    )


def test_a_draft_is_not_public(client, cast, minutes):
    assert PART_ONE_TEXT not in public_page(client, minutes)
    assert pdf_link(client, minutes) is None
    cast.board.draft_minutes_public = True
    cast.board.save(update_fields=["draft_minutes_public"])
    # Not even where drafts are public, until the draft has gone to members.
    assert PART_ONE_TEXT not in public_page(client, minutes)
    assert pdf_link(client, minutes) is None


@needs_render
def test_a_circulated_draft_is_public_only_where_the_board_publishes_drafts(
    client, cast, minutes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        documents_request(minutes=services.minutes_circulate(user=cast.coordinator, minutes=minutes))
    assert PART_ONE_TEXT not in public_page(client, minutes)
    assert pdf_link(client, minutes) is None
    draft = current_document(minutes, PackEdition.PUBLIC)
    draft_url = reverse("meetings:minutes_document_file", args=[minutes.meeting_id, draft.pk])
    assert client.get(draft_url).status_code == 302  # to sign in: not public
    cast.board.draft_minutes_public = True
    cast.board.save(update_fields=["draft_minutes_public"])
    html = public_page(client, minutes)
    assert PART_ONE_TEXT in html
    assert '<span class="badge text-bg-warning">DRAFT</span>' in html
    assert "the board has not yet confirmed them as a correct record" in html
    assert PART_TWO_TEXT not in html and PART_TWO_DECISION not in html
    # A partnership board does not publish its Part II titles (a council committee does).
    assert "Confidential item (Part II)" in html and "Youth services tender" not in html
    assert pdf_link(client, minutes) == draft_url
    assert client.get(draft_url).status_code == 200


@needs_render
def test_approved_minutes_are_public_without_their_part_two_text(client, cast, minutes):
    services.minutes_circulate(user=cast.coordinator, minutes=minutes)
    confirm(cast, minutes)
    html = public_page(client, minutes)
    assert PART_ONE_TEXT in html
    assert "DRAFT" not in html
    assert PART_TWO_TEXT not in html and PART_TWO_DECISION not in html
    assert "The minutes of items discussed in private (Part II) are not published." in html


@needs_render
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")
def test_the_public_pdf_has_no_part_two_text(client, cast, minutes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_circulate(user=cast.coordinator, minutes=minutes)
        confirm(cast, minutes)
    response = public_pdf(client, minutes)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    data = b"".join(response.streaming_content)
    minutes.refresh_from_db()
    path = local_copy(current_document(minutes, PackEdition.PUBLIC).file)
    text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(text.split())
    assert data == Path(path).read_bytes()
    assert PART_ONE_TEXT in text and "CONFIDENTIAL ITEM (PART II)" in text
    assert "Bidder A" not in text and "Youth services tender" not in text


def test_a_meeting_whose_agenda_was_never_published_has_no_public_page(client, cast, minutes):
    minutes.meeting.agenda_published_at = None
    minutes.meeting.save(update_fields=["agenda_published_at"])
    assert client.get(reverse("meetings:meeting_public", args=[minutes.meeting_id])).status_code == 404


@needs_render
def test_signed_minutes_link_to_the_signed_public_pdf(client, cast, minutes, django_capture_on_commit_callbacks):
    cast.chair.set_password("chair-password-1")
    cast.chair.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_circulate(user=cast.coordinator, minutes=minutes)
        confirmed = confirm(cast, minutes)
        services.minutes_sign_off(user=cast.chair, minutes=confirmed, password="chair-password-1")
    minutes.refresh_from_db()
    signed = current_document(minutes, PackEdition.PUBLIC)
    assert signed.kind == MinutesDocumentKind.SIGNED and signed.is_ready
    html = public_page(client, minutes)
    assert f"as signed by {minutes.signer_name}, Chair, on " in html
    assert pdf_link(client, minutes) == reverse("meetings:minutes_document_file", args=[minutes.meeting_id, signed.pk])
    response = public_pdf(client, minutes)
    assert b"".join(response.streaming_content) == local_copy(signed.file).read_bytes()


@needs_render
def test_a_draft_pdf_that_no_longer_matches_the_text_is_not_offered(
    client, cast, minutes, django_capture_on_commit_callbacks
):
    cast.board.draft_minutes_public = True
    cast.board.save(update_fields=["draft_minutes_public"])
    with django_capture_on_commit_callbacks(execute=True):
        minutes = services.minutes_circulate(user=cast.coordinator, minutes=minutes)
        documents_request(minutes=minutes)
    assert public_pdf(client, minutes).status_code == 200
    services.minute_save(user=cast.coordinator, minute=minutes.items.get(number="2"), notes="Corrected after comments.")
    assert "Corrected after comments." in public_page(client, minutes)
    assert pdf_link(client, minutes) is None  # until a PDF of the text as it is now is made
