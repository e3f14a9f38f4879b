"""Paper uploads: checks with clear messages, conversion with LibreOffice, who may upload and who may read."""

import datetime
import io
import shutil

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.permissions import SYSTEM
from meetings import services
from meetings.models import Paper
from meetings.tests.uploads import choose_files, confirm

pytestmark = pytest.mark.django_db


def pdf_bytes(pages=2, encrypt=False) -> bytes:
    pdf = pikepdf.Pdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    out = io.BytesIO()
    if encrypt:
        pdf.save(out, encryption=pikepdf.Encryption(owner="owner", user="secret"))
    else:
        pdf.save(out)
    return out.getvalue()


@pytest.fixture
def meeting(cast):
    return services.meeting_create(
        user=SYSTEM, board=cast.board, date=datetime.date(2017, 3, 16), start_time=datetime.time(14)
    )


@pytest.fixture
def item(meeting):
    meeting.refresh_from_db()
    return services.agenda_item_add(user=SYSTEM, meeting=meeting, title="Youth Justice Plan")


def version(meeting) -> int:
    """The agenda version the upload page shows, which the form sends back."""
    meeting.refresh_from_db(fields=["agenda_version"])
    return meeting.agenda_version


def add_plan(client, item):
    """Add "plan.pdf" through the upload pages, titled "Plan"; the response to confirming it."""
    step2 = choose_files(client, item, [("plan.pdf", pdf_bytes(2))])
    assert step2.status_code == 200, step2.content.decode()[:500]
    return confirm(client, step2, {0: {"title": "Plan"}})


def upload(item, name, content, **kw):
    kw.setdefault("user", SYSTEM)
    return services.paper_upload(item=item, upload=SimpleUploadedFile(name, content), **kw)


def test_pdf_stored_with_pages_kind_and_label(item):
    first = upload(item, "plan.pdf", pdf_bytes(3), title="Youth Justice Plan")
    second = upload(item, "02_youth_justice_figures.pdf", pdf_bytes(1))
    assert (first.page_count, second.page_count) == (3, 1)
    assert (first.kind, second.kind) == ("report", "appendix")  # the item had no report: the first one is
    assert second.title == "Youth justice figures"  # from the file's name
    assert len(first.sha256) == 64 and first.size > 0
    from meetings.agenda import build_agenda
    from meetings.visibility import BOARD_READER

    entry = build_agenda(item.meeting, reader=BOARD_READER).entry_for(item.pk)
    assert [p.name for p in entry.papers] == ["Youth Justice Plan", "Appendix 5(a): Youth justice figures"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.pdf", pdf_bytes(2, encrypt=True), "“plan.pdf” is password-protected: upload an unprotected copy"),
        ("plan.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50, "“plan.pdf” is damaged"),
        ("plan.pdf", b"Dear colleagues, please find attached", "“plan.pdf” is not a PDF"),
        ("plan.pdf", pdf_bytes(0), "“plan.pdf” has no pages"),
        ("plan.exe", b"MZ", "“plan.exe” is not a PDF, Word, OpenDocument or Excel file"),
    ],
    ids=["encrypted", "corrupt", "not-a-pdf", "zero-pages", "wrong-type"],
)
def test_bad_files_refused_with_the_name_and_reason_and_nothing_lost(item, name, content, message):
    good = upload(item, "good.pdf", pdf_bytes(2))
    with pytest.raises(ValidationError) as exc:
        upload(item, name, content)
    assert message in " ".join(exc.value.messages)
    assert list(Paper.objects.filter(item=item)) == [good]
    assert good.file.storage.exists(good.file.name)


def test_size_limit_from_settings(item, settings):
    settings.PAPER_MAX_MB = 1
    with pytest.raises(ValidationError, match="larger than the 1 MB limit"):
        upload(item, "big.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 10))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed here")
def test_word_document_converted_with_libreoffice(item, tmp_path, django_capture_on_commit_callbacks):
    odt_source = tmp_path / "paper.html"
    odt_source.write_text("<html><body><h1>Troubled Families</h1><p>Quarterly update.</p></body></html>")
    import subprocess

    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(tmp_path),
            str(odt_source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    # The conversion task, queued on commit, run here (a worker's conversion: test_hostile_files.py).
    with django_capture_on_commit_callbacks(execute=True):
        paper = upload(item, "Troubled Families.docx", (tmp_path / "paper.docx").read_bytes())
    paper.refresh_from_db()
    assert paper.status == "ready", paper.refusal_reason
    assert paper.page_count >= 1
    assert paper.original_file.name.endswith(".docx")
    with paper.file.open("rb") as fh:
        assert fh.read(5) == b"%PDF-"


def test_without_libreoffice_a_word_file_gets_a_clear_message(item, settings):
    settings.LIBREOFFICE_BINARY = "/nonexistent/soffice"
    with pytest.raises(ValidationError, match="LibreOffice is not installed"):
        upload(item, "report.docx", b"PK\x03\x04")


def test_lead_may_upload_to_own_item_but_not_others(client, cast, meeting, item):
    lead = cast.member.person
    services.agenda_item_update(user=SYSTEM, item=item, leads=[{"person": lead}])
    other = services.agenda_item_add(user=SYSTEM, meeting=meeting, title="Someone else's item")
    client.force_login(cast.member)
    response = add_plan(client, item)
    assert response.status_code == 302
    assert item.papers.get().title == "Plan"
    assert client.get(reverse("meetings:paper_upload", args=[meeting.pk, other.pk])).status_code == 403
    services.agenda_item_update(user=SYSTEM, item=other, uploaders=[lead])
    assert client.get(reverse("meetings:paper_upload", args=[meeting.pk, other.pk])).status_code == 200


def test_refused_upload_page_keeps_the_typed_fields_and_names_the_file(client, cast, meeting, item):
    client.force_login(cast.coordinator)
    response = choose_files(client, item, [("locked.pdf", pdf_bytes(1, encrypt=True))], author="Jo Bloggs")
    assert response.status_code == 200
    assert "formset" not in response.context  # nothing passed: the first page again
    html = response.content.decode()
    assert "“locked.pdf” is password-protected" in html
    assert 'value="Jo Bloggs"' in html
    assert not item.papers.exists()


def test_part_two_paper_never_served_outside_the_board(client, cast, meeting):
    meeting.refresh_from_db()
    secret_item = services.agenda_item_add(
        user=SYSTEM, meeting=meeting, title="Contract", confidential=True, exemption_reason="Paragraph 3"
    )
    open_item = services.agenda_item_add(user=SYSTEM, meeting=meeting, title="Open")
    secret = upload(secret_item, "secret.pdf", pdf_bytes(1))
    public = upload(open_item, "open.pdf", pdf_bytes(1))
    services.agenda_publish(user=SYSTEM, meeting=meeting)
    secret_url = reverse("meetings:paper_file", args=[secret.pk])
    public_url = reverse("meetings:paper_file", args=[public.pk])
    assert client.get(public_url).status_code == 200  # published Part I paper: public
    assert client.get(secret_url).status_code == 302  # anonymous: sign in first
    client.force_login(cast.outsider)
    assert client.get(secret_url).status_code == 403
    client.force_login(cast.member)
    response = client.get(secret_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_unpublished_papers_are_for_members_only(client, cast, item):
    paper = upload(item, "draft.pdf", pdf_bytes(1))
    client.force_login(cast.outsider)
    assert client.get(reverse("meetings:paper_file", args=[paper.pk])).status_code == 403


def test_the_same_file_sent_twice_is_not_added_twice(item):
    content = pdf_bytes(2)
    first = upload(item, "plan.pdf", content, title="Plan")
    with pytest.raises(ValidationError, match="already on this item, as “Plan”"):
        upload(item, "plan.pdf", content)
    assert list(item.papers.all()) == [first]


def test_a_lead_from_outside_the_board_uploads_to_their_item(client, cast, meeting, item):
    guest = cast.outsider  # sits on another board, not this one
    services.agenda_item_update(user=SYSTEM, item=item, leads=[{"person": guest.person}])
    client.force_login(guest)
    url = reverse("meetings:paper_upload", args=[meeting.pk, item.pk])
    page = client.get(url)
    assert page.status_code == 200 and reverse("dashboard") in page.content.decode()
    response = add_plan(client, item)
    assert response.status_code == 302 and response.url == url
    assert item.papers.get().title == "Plan"
    assert client.get(meeting.get_absolute_url()).status_code == 403  # the rest of the meeting stays private
