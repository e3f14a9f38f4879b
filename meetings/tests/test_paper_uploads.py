"""Several papers for an item in one upload: each file checked at once (a refused one named with its reason,
the others kept), then shown with a guessed kind and title to correct before anything is added."""

import datetime
import io
import re
import shutil
import types

import pikepdf
import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.files import stored_files
from core.models import ActivityLog
from core.permissions import SYSTEM
from meetings import services
from meetings.agenda import build_agenda
from meetings.enums import PaperKind
from meetings.models import Meeting, Paper
from meetings.services.papers import HELD_FOLDER
from meetings.tests.factories import AgendaItemFactory, MeetingFactory, PaperFactory, pdf_bytes
from meetings.tests.uploads import choose_files, confirm, confirm_data, upload_url
from meetings.visibility import BOARD_READER
from testsupport import hostile
from testsupport.storage import stored_names

pytestmark = pytest.mark.django_db


def locked_pdf() -> bytes:
    pdf = pikepdf.open(io.BytesIO(pdf_bytes(1, "Locked")))
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(owner="clerk-only", user="secret"))
    return out.getvalue()


@pytest.fixture
def plan(cast):
    """Item 6 "Youth Justice Plan" of a draft agenda, with no papers yet."""
    meeting = MeetingFactory(board=cast.board, date=datetime.date(2030, 3, 14))
    for title in ("Welcome", "Minutes", "Declarations", "Safeguarding", "Prevent duty"):
        AgendaItemFactory(meeting=meeting, title=title, verbal_update=True)
    return AgendaItemFactory(meeting=meeting, title="Youth Justice Plan")


FILES = [
    # Chosen in any order: they are taken in the order of their names.
    ("CSE-presentation.pdf", pdf_bytes(4, "CSE slides")),
    ("01_Youth_Justice_Plan_2030.pdf", pdf_bytes(3, "Plan report")),
    ("locked.pdf", None),  # password-protected: refused
    ("03_app_b_partner_map.pdf", pdf_bytes(1, "Partner map")),
    ("02 Appendix A - reoffending figures.pdf", pdf_bytes(2, "Reoffending")),
    ("Background briefing SEND.pdf", pdf_bytes(2, "SEND briefing")),
]


def held_folders() -> list[str]:
    try:
        return stored_files().listdir(HELD_FOLDER)[0]
    except FileNotFoundError:
        return []


def held_files(step2) -> list[tuple[str, str, str]]:
    """(file name, guessed kind, guessed title) as step 2 shows them."""
    return [(held["name"], form["kind"].value(), form["title"].value()) for form, held in step2.context["files"]]


def test_five_papers_in_one_upload_with_guesses_corrected_and_a_refused_file_named(client, cast, plan):
    client.force_login(cast.coordinator)
    version = Meeting.objects.get(pk=plan.meeting_id).agenda_version
    step2 = choose_files(client, plan, [(name, data or locked_pdf()) for name, data in FILES], author="Jo Bloggs")
    assert step2.status_code == 200
    html = step2.content.decode()
    assert "One file was not added, and the others are below" in html
    assert "“locked.pdf” is password-protected: upload an unprotected copy" in html
    assert held_files(step2) == [
        ("01_Youth_Justice_Plan_2030.pdf", "report", "Youth Justice Plan 2030"),
        ("02 Appendix A - reoffending figures.pdf", "appendix", "Reoffending figures"),
        ("03_app_b_partner_map.pdf", "appendix", "Partner map"),
        ("Background briefing SEND.pdf", "background", "Background briefing SEND"),
        ("CSE-presentation.pdf", "presentation", "CSE presentation"),
    ]
    assert "PDF, 3 pages" in html and html.count('value="Jo Bloggs"') == 5
    # Choosing files changed nothing: no paper, the same agenda version.
    assert not Paper.everything.filter(item=plan).exists()
    assert Meeting.objects.get(pk=plan.meeting_id).agenda_version == version

    done = confirm(
        client,
        step2,
        {
            2: {"title": "Appendix 6(b): Partner map (2030)"},  # a label typed in: stored without it
            3: {"kind": PaperKind.APPENDIX, "author": "SEND team"},  # not background after all
        },
        follow=True,
    )
    assert done.redirect_chain[-1][0] == reverse("meetings:agenda_builder", args=[plan.meeting_id])
    entry = build_agenda(plan.meeting, reader=BOARD_READER).entry_for(plan.pk)
    assert [(p.paper.kind, p.name, p.paper.page_count, p.paper.author) for p in entry.papers] == [
        ("report", "Youth Justice Plan 2030", 3, "Jo Bloggs"),
        ("appendix", "Appendix 6(a): Reoffending figures", 2, "Jo Bloggs"),
        ("appendix", "Appendix 6(b): Partner map (2030)", 1, "Jo Bloggs"),
        ("appendix", "Appendix 6(c): Background briefing SEND", 2, "SEND team"),
        ("presentation", "Presentation: CSE presentation", 4, "Jo Bloggs"),
    ]
    messages = [str(m) for m in done.context["messages"]]
    assert "“Youth Justice Plan 2030” added as a report (3 pages)." in messages
    assert "“Reoffending figures” added as Appendix 6(a) (2 pages)." in messages
    assert "“CSE presentation” added as a presentation (4 pages)." in messages
    assert (
        "“Appendix 6(b): Partner map (2030)” is saved as “Partner map (2030)”: the portal adds labels such as "
        "“Appendix 6(a)” itself."
    ) in messages
    # One change to the agenda, five papers in its log.
    assert Meeting.objects.get(pk=plan.meeting_id).agenda_version == version + 1
    assert ActivityLog.objects.filter(action="meetings.paper.added").count() == 5


def test_a_file_left_out_is_not_added_and_the_held_files_go_once_the_papers_are_in(
    client, cast, plan, django_capture_on_commit_callbacks
):
    client.force_login(cast.coordinator)
    step2 = choose_files(client, plan, [("01 plan.pdf", pdf_bytes(2)), ("02 figures.pdf", pdf_bytes(1, "Figures"))])
    batch = step2.context["formset"].forms[0]["token"].value()
    folder = signing.loads(batch, salt="held paper")["file"].rsplit("/", 1)[0]
    assert len(stored_names(folder)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(client, step2, {1: {"add": False}})
    assert response.status_code == 302
    assert list(plan.papers.values_list("title", "kind")) == [("Plan", "report")]
    assert stored_names(folder) == []


def test_every_file_left_out_is_asked_about(client, cast, plan):
    client.force_login(cast.coordinator)
    step2 = choose_files(client, plan, [("plan.pdf", pdf_bytes(2))])
    response = confirm(client, step2, {0: {"add": False}})
    assert response.status_code == 422
    assert "Tick “Add this paper” for at least one file, or cancel." in response.content.decode()
    assert not plan.papers.exists()


def test_a_title_that_is_only_a_label_is_asked_for_again(client, cast, plan):
    client.force_login(cast.coordinator)
    step2 = choose_files(client, plan, [("Appendix B.pdf", pdf_bytes(2))])
    assert held_files(step2) == [("Appendix B.pdf", "appendix", "Youth Justice Plan")]  # the item's title
    response = confirm(client, step2, {0: {"title": "Appendix B"}})
    assert response.status_code == 422
    assert "“Appendix B” is only a label, and the portal labels papers itself" in response.content.decode()
    assert not plan.papers.exists()


def test_a_file_already_on_the_item_or_chosen_twice_is_refused_by_name(client, cast, plan):
    PaperFactory(item=plan, title="Youth Justice Plan 2030", kind=PaperKind.REPORT, data=pdf_bytes(3, "Plan"))
    client.force_login(cast.coordinator)
    figures = pdf_bytes(2, "Figures")
    step2 = choose_files(
        client, plan, [("plan.pdf", pdf_bytes(3, "Plan")), ("figures.pdf", figures), ("figures copy.pdf", figures)]
    )
    html = step2.content.decode()
    assert "“plan.pdf” is already on this item, as “Youth Justice Plan 2030”: it was not added again." in html
    assert "“figures copy.pdf” is the same file as “figures.pdf”: it is added once." in html
    assert held_files(step2) == [("figures.pdf", "appendix", "Figures")]  # the item has its report


def test_a_word_file_is_refused_while_libreoffice_is_missing_and_the_pdfs_go_on(client, cast, plan, settings):
    settings.LIBREOFFICE_BINARY = "/nonexistent/soffice"
    client.force_login(cast.coordinator)
    step2 = choose_files(client, plan, [("plan.pdf", pdf_bytes(2)), ("budget.docx", b"PK\x03\x04")])
    assert "“budget.docx” is a Word document, and this server cannot convert" in step2.content.decode()
    assert [name for name, _, _ in held_files(step2)] == ["plan.pdf"]


def test_a_word_file_among_them_is_stored_as_sent_and_converted_once_added(client, cast, plan, settings):
    settings.LIBREOFFICE_BINARY = shutil.which("soffice") or "/bin/false"  # the conversion itself is not run here
    client.force_login(cast.coordinator)
    step2 = choose_files(
        client, plan, [("01 plan.pdf", pdf_bytes(2)), ("02 Appendix A costs.docx", hostile.docx_bytes(["Costs"]))]
    )
    assert held_files(step2) == [
        ("01 plan.pdf", "report", "Plan"),
        ("02 Appendix A costs.docx", "appendix", "Costs"),
    ]
    assert "Converted to PDF once added" in step2.content.decode()
    response = confirm(client, step2, {1: {"title": "Cost breakdown"}}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert "“Cost breakdown” was uploaded and is being converted to PDF." in messages[1]
    word = Paper.everything.get(item=plan, original_name="02 Appendix A costs.docx")
    assert (word.status, word.kind, word.title) == ("converting", "appendix", "Cost breakdown")
    assert word.original_file.name.endswith(".docx")


def test_too_many_files_or_too_much_data_in_one_upload_are_refused_before_any_is_read(client, cast, plan, settings):
    settings.PAPER_BATCH_MAX_FILES = 2
    client.force_login(cast.coordinator)
    response = choose_files(client, plan, [(f"{n}.pdf", pdf_bytes(1, str(n))) for n in range(3)])
    assert "You chose 3 files: add at most 2 at a time, and the rest afterwards." in response.content.decode()
    settings.PAPER_BATCH_MAX_MB = 1
    big = b"%PDF-1.7\n" + b"0" * (700 * 1024)
    response = choose_files(client, plan, [("a.pdf", big), ("b.pdf", big)])
    assert (
        "The files come to 1.4 MB together, more than the 1 MB one upload may carry: add them in smaller groups."
        in response.content.decode()
    )
    assert not plan.papers.exists() and held_folders() == []


def test_no_file_chosen_is_asked_for(client, cast, plan):
    client.force_login(cast.coordinator)
    response = client.post(upload_url(plan), {"author": "Jo Bloggs"})
    assert "Choose one or more files to upload." in response.content.decode()


def test_a_held_file_is_added_only_to_its_item_by_its_uploader_and_not_after_it_expired(
    client, cast, plan, monkeypatch
):
    client.force_login(cast.coordinator)
    step2 = choose_files(client, plan, [("plan.pdf", pdf_bytes(2))])
    token = step2.context["formset"].forms[0]["token"].value()
    with pytest.raises(services.papers.ValidationError, match="uploaded for another item"):
        services.held_paper(token, user=cast.coordinator, item=AgendaItemFactory(meeting=plan.meeting))
    with pytest.raises(services.papers.ValidationError, match="uploaded for another item"):
        services.held_paper(token, user=cast.chair, item=plan)

    tampered = confirm_data(step2, {0: {"token": token[:-3] + "abc", "title": "Plan"}})
    url = reverse("meetings:paper_upload_confirm", args=[plan.meeting_id, plan.pk])
    response = client.post(url, tampered, follow=True)
    assert "Not added: A file on this page could not be recognised: upload it again." in response.content.decode()
    assert not plan.papers.exists()

    later = signing.time.time() + 25 * 3600
    monkeypatch.setattr(signing, "time", types.SimpleNamespace(time=lambda: later))
    response = confirm(client, step2, {0: {"title": "Plan"}}, follow=True)
    assert "A file was waiting for more than 24 hours to be confirmed: upload it again." in response.content.decode()
    assert not plan.papers.exists()


def test_held_files_nobody_confirmed_are_swept_away_after_a_day(cast, plan):
    services.papers_hold(user=SYSTEM, item=plan, uploads=[SimpleUploadedFile("plan.pdf", pdf_bytes(1))])
    storage = stored_files()
    old = f"{HELD_FOLDER}/202001010900-abc/1.pdf"
    storage.save(old, io.BytesIO(b"%PDF-1.7"))
    assert services.held_sweep() == 1  # the old one; this upload's file stays
    assert not storage.exists(old)
    assert services.held_sweep(now=datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC)) == 1


def test_a_lead_from_outside_the_board_adds_several_papers_to_their_item(client, cast, plan):
    services.agenda_item_update(user=SYSTEM, item=plan, leads=[{"person": cast.outsider.person}])
    client.force_login(cast.outsider)
    step2 = choose_files(client, plan, [("01 plan.pdf", pdf_bytes(2)), ("02 figures.pdf", pdf_bytes(1, "Figures"))])
    response = confirm(client, step2)
    assert response.status_code == 302 and response.url == upload_url(plan)
    assert list(plan.papers.values_list("title", "kind")) == [("Plan", "report"), ("Figures", "appendix")]
    other = AgendaItemFactory(meeting=plan.meeting, title="Someone else's item")
    assert client.post(upload_url(other), {"files": [SimpleUploadedFile("x.pdf", pdf_bytes(1))]}).status_code == 403
    data = confirm_data(step2)
    url = reverse("meetings:paper_upload_confirm", args=[plan.meeting_id, other.pk])
    assert client.post(url, data).status_code == 403
    assert not other.papers.exists()


def test_the_upload_page_takes_several_files_and_carries_its_script(client, cast, plan):
    client.force_login(cast.coordinator)
    html = client.get(upload_url(plan)).content.decode()
    field = re.search(r'<input type="file" name="files"[^>]*>', html).group(0)
    assert " multiple" in field and 'accept=".pdf,.doc,.docx,.odt,.rtf,.xls,.xlsx,.ods"' in field
    assert "/static/js/paper-upload.js" in html and "<script>" not in html
