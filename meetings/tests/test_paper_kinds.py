"""Papers are what they are: a report, appendices lettered among the item's appendices only (in the board's
style), minutes, presentations, background papers. Labels are worked out, never written into titles, and the
pack's stamps and bookmarks carry them. Read back from real packs with pdftotext, pikepdf and the checker."""

import datetime
import re
import shutil
import subprocess

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from boards.enums import AppendixStyle
from core.models import ActivityLog
from core.permissions import SYSTEM
from meetings import services
from meetings.agenda import build_agenda, paper_labels
from meetings.enums import PackEdition, PackStatus, PaperKind, Standing
from meetings.models import Meeting, Paper
from meetings.packs.services import pack_build_now
from meetings.paperlabels import kind_from_name, labelled, strip_label, title_from_filename
from meetings.tests.factories import AgendaItemFactory, MeetingFactory, PaperFactory, pdf_bytes
from meetings.visibility import BOARD_READER
from testsupport.shared import check_pack
from testsupport.storage import local_copy

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")


# The rules, as words -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Appendix 6(a): Youth Justice data", "Youth Justice data"),
        ("Appendix A - Youth Justice data", "Youth Justice data"),
        ("App 2 Youth Justice data", "Youth Justice data"),
        ("App.B Partner map", "Partner map"),
        ("Appendix 3b(ii) – Costs", "Costs"),
        ("Annex 1: Consultation responses", "Consultation responses"),
        ("Appendix: Figures", "Figures"),
        ("Appendix 6(b): Appendix 6(a): Figures", "Figures"),
        ("Appendix A", ""),
        # Not labels: kept as typed.
        ("Annex to the plan", "Annex to the plan"),
        ("Appendix figures", "Appendix figures"),
        ("Application form", "Application form"),
        ("Appendices 2020", "Appendices 2020"),
        ("Youth Justice Plan 2017-18", "Youth Justice Plan 2017-18"),
    ],
)
def test_a_leading_appendix_label_is_taken_off_a_title(typed, stored):
    assert strip_label(typed) == stored


@pytest.mark.parametrize(
    ("name", "title", "kind"),
    [
        ("01_Youth_Justice_Plan_2030.pdf", "Youth Justice Plan 2030", None),
        ("02 Appendix A - reoffending figures.pdf", "Reoffending figures", "appendix"),
        ("03_app_b_partner_map.pdf", "Partner map", "appendix"),
        ("Item 6 - Appendix 6(a) - Costs.docx", "Costs", "appendix"),
        ("youth-justice-plan-2017-18.pdf", "Youth justice plan 2017-18", None),
        ("2015-16 annual report.pdf", "2015-16 annual report", None),
        ("notes-of-meeting-held-on-21-may-2015.pdf", "Notes of meeting held on 21 may 2015", "minutes"),
        ("CPB minutes 14 Dec.pdf", "CPB minutes 14 Dec", "minutes"),
        ("CSE-presentation.pdf", "CSE presentation", "presentation"),
        ("Prevent slides.pdf", "Prevent slides", "presentation"),
        ("Background briefing SEND.pdf", "Background briefing SEND", "background"),
        ("C:\\Users\\clerk\\Desktop\\Plan.pdf", "Plan", None),
        ("Appendix B.pdf", "", "appendix"),
    ],
)
def test_a_file_name_suggests_a_title_and_maybe_a_kind(name, title, kind):
    assert title_from_filename(name) == title
    assert kind_from_name(name) == kind
    assert kind is None or kind in PaperKind.values


def test_lists_name_a_paper_by_its_label_and_title():
    assert labelled("Figures", "Appendix 6(a)") == "Appendix 6(a): Figures"
    assert labelled("Youth Justice Plan", "") == "Youth Justice Plan"  # a report
    assert labelled("Notes of the meeting", "Minutes") == "Minutes: Notes of the meeting"
    assert labelled("Minutes of 14 December", "Minutes") == "Minutes of 14 December"  # not "Minutes: Minutes..."


def test_appendices_are_lettered_among_the_item_s_appendices_only():
    kinds = ["report", "appendix", "minutes", "appendix", "presentation", "appendix"]
    assert paper_labels(kinds, "6", AppendixStyle.BY_ITEM) == ["", "6(a)", "", "6(b)", "", "6(c)"]
    assert paper_labels(kinds, "3b", AppendixStyle.BY_ITEM) == ["", "3b(a)", "", "3b(b)", "", "3b(c)"]
    assert paper_labels(kinds, "6", AppendixStyle.LETTERS) == ["", "A", "", "B", "", "C"]
    assert paper_labels(["appendix"] * 28, "6", AppendixStyle.LETTERS)[25:] == ["Z", "AA", "AB"]
    assert paper_labels(["report", "report"], "6", AppendixStyle.BY_ITEM) == ["", ""]


@pytest.mark.django_db
def test_the_kinds_guessed_for_files_added_to_an_item(cast):
    meeting = MeetingFactory(board=cast.board)
    item = AgendaItemFactory(meeting=meeting, title="Youth Justice Plan")
    names = ["plan.pdf", "figures.pdf", "Appendix B map.pdf", "slides.pdf", "background.pdf", "more.pdf"]
    assert services.guess_kinds(item, names) == [
        "report",  # the first file that says nothing, on an item with no report
        "appendix",
        "appendix",
        "presentation",
        "background",
        "appendix",
    ]
    PaperFactory(item=item, kind=PaperKind.REPORT)
    assert services.guess_kinds(item, ["plan.pdf"]) == ["appendix"]  # it has its report
    minutes = AgendaItemFactory(meeting=meeting, title="Minutes and matters arising", standing=Standing.MINUTES)
    assert services.guess_kinds(minutes, ["CPB 14 December.pdf", "Action log.pdf"]) == ["minutes", "report"]


# Through the upload service ------------------------------------------------------------------------------


@pytest.fixture
def plan_meeting(cast):
    """Items 1-5 without papers; 2 the minutes; 6 "Youth Justice Plan" with its report and an appendix."""
    meeting = MeetingFactory(board=cast.board, date=datetime.date(2030, 3, 14))
    AgendaItemFactory(meeting=meeting, title="Welcome and apologies")
    minutes = AgendaItemFactory(meeting=meeting, title="Minutes of the last meeting", standing=Standing.MINUTES)
    PaperFactory(item=minutes, kind=PaperKind.MINUTES, title="Minutes of 14 December", pages=3)
    for title in ("Declarations of interest", "Safeguarding update", "Prevent duty"):
        AgendaItemFactory(meeting=meeting, title=title, verbal_update=True)
    plan = AgendaItemFactory(meeting=meeting, title="Youth Justice Plan")
    PaperFactory(item=plan, kind=PaperKind.REPORT, title="Youth Justice Plan 2030", pages=3, text="Plan report")
    PaperFactory(item=plan, kind=PaperKind.APPENDIX, title="Reoffending figures", pages=2, text="Reoffending")
    meeting.plan = plan
    return meeting


def add_map(plan):
    """The clerk types the label they expect into the title, as they did before papers had kinds."""
    return services.paper_upload(
        user=SYSTEM,
        item=plan,
        upload=SimpleUploadedFile("map.pdf", pdf_bytes(1, "Partner map")),
        title="Appendix 6(a): Partner map",
    )


@pytest.mark.django_db
def test_a_title_typed_with_a_label_is_stored_without_it_and_lettered_in_its_place(plan_meeting):
    paper = add_map(plan_meeting.plan)
    assert (paper.title, paper.kind) == ("Partner map", "appendix")
    entry = build_agenda(plan_meeting, reader=BOARD_READER).entry_for(plan_meeting.plan.pk)
    assert entry.number == "6"
    # Not "Appendix 6(b): Appendix 6(a): Partner map", and the report is no appendix.
    assert [p.name for p in entry.papers] == [
        "Youth Justice Plan 2030",
        "Appendix 6(a): Reoffending figures",
        "Appendix 6(b): Partner map",
    ]
    assert [p.heading for p in entry.papers] == ["", "Appendix 6(a)", "Appendix 6(b)"]


@pytest.mark.django_db
def test_a_coordinator_says_what_a_paper_is_and_its_label_follows(client, cast, plan_meeting):
    plan = plan_meeting.plan
    report = plan.papers.get(kind=PaperKind.REPORT)
    url = reverse("meetings:paper_edit", args=[plan_meeting.pk, report.pk])
    client.force_login(cast.coordinator)
    page = client.get(url).content.decode()
    assert "<h1>Change “Youth Justice Plan 2030”</h1>" in page and 'value="report" selected' in page
    version = Meeting.objects.get(pk=plan_meeting.pk).agenda_version
    data = {"kind": "appendix", "title": "Appendix A: Youth Justice Plan 2030", "author": "Jo Bloggs"}
    response = client.post(url, {**data, "agenda_version": version}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["“Youth Justice Plan 2030” saved as Appendix 6(a)."]
    entry = build_agenda(plan_meeting, reader=BOARD_READER).entry_for(plan.pk)
    assert [p.name for p in entry.papers] == [
        "Appendix 6(a): Youth Justice Plan 2030",
        "Appendix 6(b): Reoffending figures",
    ]
    log = ActivityLog.objects.get(action="meetings.paper.changed")
    assert (log.data["before"]["kind"], log.data["after"]["kind"]) == ("report", "appendix")
    assert log.data["after"]["author"] == "Jo Bloggs"

    # A title that is only a label is asked for again; nothing changes.
    version = Meeting.objects.get(pk=plan_meeting.pk).agenda_version
    response = client.post(url, {**data, "title": "Appendix B", "agenda_version": version})
    assert response.status_code == 422
    assert "“Appendix B” is only a label" in response.content.decode()
    assert Paper.objects.get(pk=report.pk).title == "Youth Justice Plan 2030"


@pytest.mark.django_db
def test_once_published_a_change_of_kind_is_a_revision_of_the_agenda(plan_meeting):
    services.agenda_publish(user=SYSTEM, meeting=plan_meeting)
    report = plan_meeting.plan.papers.get(kind=PaperKind.REPORT)
    services.paper_update(user=SYSTEM, paper=report, kind=PaperKind.APPENDIX, title=report.title)
    assert plan_meeting.revisions.last().summary == "Paper changed: Youth Justice Plan 2030 (now appendix, was report)"


# In the pack ---------------------------------------------------------------------------------------------


def pages_text(path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")[:-1] if out.endswith("\f") else out.split("\f")


def stamps(path) -> list[tuple[str, int | None, str]]:
    """(top stamp, pack page number, the paper's own text) for each numbered page of a pack."""
    out = []
    for text in pages_text(path):
        rows = [row.strip() for row in text.splitlines() if row.strip()]
        number = re.findall(r"\bPage\s+(\d+)\b(?!\s*of)", "\n".join(rows[-3:]))
        if number and rows[0].startswith("Agenda Item"):
            body = next((row for row in rows if " page 1 of " in row), "")
            out.append((rows[0], int(number[-1]), body))
    return out


def outline(path) -> list[tuple[str, list[str]]]:
    with pikepdf.open(path) as pdf, pdf.open_outline() as tree:
        return [(entry.title, [child.title for child in entry.children]) for entry in tree.root]


def build(meeting):
    pack = pack_build_now(user=SYSTEM, meeting=meeting, edition=PackEdition.MEMBERS)
    assert pack.status == PackStatus.DONE, pack.error
    return local_copy(pack.file)


@needs_pdftotext
@pytest.mark.django_db
def test_a_report_with_two_appendices_is_stamped_bookmarked_and_listed_by_its_real_labels(
    plan_meeting, settings, client, cast
):
    settings.PACK_CONTENTS_PAGE = True
    add_map(plan_meeting.plan)
    path = build(plan_meeting)

    assert stamps(path) == [
        # The minutes: named on their first page; then their item only.
        ("Agenda Item 2 - Minutes", 1, "Minutes of 14 December page 1 of 3"),
        ("Agenda Item 2", 2, ""),
        ("Agenda Item 2", 3, ""),
        # Page 4 is the blank filler; item 6 starts on page 5. The report is stamped with its item only,
        ("Agenda Item 6", 5, "Plan report page 1 of 3"),
        ("Agenda Item 6", 6, ""),
        ("Agenda Item 6", 7, ""),
        # and each appendix's first page with its own label.
        ("Agenda Item 6 - Appendix 6(a)", 8, "Reoffending page 1 of 2"),
        ("Agenda Item 6", 9, ""),
        ("Agenda Item 6 - Appendix 6(b)", 10, "Partner map page 1 of 1"),
    ]
    tree = outline(path)
    assert tree[3:] == [
        ("Item 2: Minutes of the last meeting", ["Minutes of 14 December"]),
        (
            "Item 6: Youth Justice Plan",
            ["Youth Justice Plan 2030", "Appendix 6(a): Reoffending figures", "Appendix 6(b): Partner map"],
        ),
    ]
    front = "\n".join(pages_text(path)[:4])
    assert "(Pages 5 - 10)" in front
    assert re.search(r"Youth Justice Plan 2030\s+5\n", front)  # the contents page: where each paper starts
    assert re.search(r"Appendix 6\(b\): Partner map\s+10\n", front)
    assert "Appendix 6(a): Partner map" not in front and "Appendix 6(c)" not in front
    result = check_pack(path)
    assert result.returncode == 0, result.stdout

    # The agenda page names them the same way.
    client.force_login(cast.member)
    html = client.get(plan_meeting.get_absolute_url()).content.decode()
    assert re.search(r">Youth Justice Plan 2030</a> <span[^>]*>\(Report, PDF, 3 pages\)", html)
    assert ">Appendix 6(a): Reoffending figures</a>" in html
    assert ">Appendix 6(b): Partner map</a>" in html
    # The kind is said once: "Minutes of 14 December (PDF, 3 pages)", not "(Minutes, PDF, ...)" as well.
    assert '>Minutes of 14 December</a> <span class="small text-body-secondary">(PDF, 3 pages)' in html


@needs_pdftotext
@pytest.mark.django_db
def test_a_board_that_letters_its_appendices_a_b_gets_those_labels(plan_meeting, client, cast):
    board = plan_meeting.board
    board.appendix_style = AppendixStyle.LETTERS
    board.save()
    add_map(plan_meeting.plan)
    path = build(plan_meeting)
    assert [(top, page) for top, page, _ in stamps(path) if "Appendix" in top] == [
        ("Agenda Item 6 - Appendix A", 8),
        ("Agenda Item 6 - Appendix B", 10),
    ]
    assert outline(path)[-1][1] == [
        "Youth Justice Plan 2030",
        "Appendix A: Reoffending figures",
        "Appendix B: Partner map",
    ]
    assert check_pack(path).returncode == 0
    client.force_login(cast.coordinator)
    html = client.get(f"/meetings/{plan_meeting.pk}/agenda/").content.decode()
    assert ">Appendix B: Partner map</a> (3 p.)" not in html  # one page
    assert ">Appendix B: Partner map</a> (1 p.)" in html
    assert ">Youth Justice Plan 2030</a> (Report, 3 p.)" in html


@pytest.mark.django_db
def test_the_appendix_style_is_a_board_setting(client, cast):
    client.force_login(cast.coordinator)
    url = reverse("boards:board_edit", args=[cast.board.slug])
    form = client.get(url).content.decode()
    assert '<option value="letters">By letter: Appendix A, B</option>' in form
    data = {
        "name": cast.board.name,
        "short_name": cast.board.short_name,
        "kind": cast.board.kind,
        "notice_days": cast.board.notice_days,
        "numbering_style": cast.board.numbering_style,
    }
    assert client.post(url, {**data, "appendix_style": "letters"}).status_code == 302
    cast.board.refresh_from_db()
    assert cast.board.appendix_style == AppendixStyle.LETTERS
    assert client.post(url, data).status_code == 302  # a form from before the setting keeps it
    cast.board.refresh_from_db()
    assert cast.board.appendix_style == AppendixStyle.LETTERS


@needs_pdftotext
@pytest.mark.django_db
def test_changing_a_paper_s_kind_rebuilds_the_pack_with_the_new_labels(plan_meeting):
    first = build(plan_meeting)
    report = plan_meeting.plan.papers.get(kind=PaperKind.REPORT)
    report.kind = PaperKind.APPENDIX
    report.save()
    second = build(plan_meeting)
    assert first.read_bytes() != second.read_bytes()
    assert [top for top, _, _ in stamps(second) if "Appendix" in top] == [
        "Agenda Item 6 - Appendix 6(a)",
        "Agenda Item 6 - Appendix 6(b)",
    ]


# Papers from before kinds -------------------------------------------------------------------------------


@pytest.fixture
def back_to_the_latest_schema():
    """Whatever the test leaves, the database ends at the latest migrations: later tests on this database
    expect every table and column."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_papers_from_before_kinds_keep_published_labels_and_drafts_get_kinds_from_their_titles(
    back_to_the_latest_schema,
):
    executor = MigrationExecutor(connection)
    before = [("meetings", "0010_item_duration_and_published_numbers"), ("boards", "0005_council_committee_kind")]
    after = [("meetings", "0011_paper_kind"), ("boards", "0008_board_appendix_style")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Board = old.get_model("boards", "Board")
    Meeting, AgendaItem = old.get_model("meetings", "Meeting"), old.get_model("meetings", "AgendaItem")
    Paper = old.get_model("meetings", "Paper")
    board = Board.objects.create(name="Children's Partnership Board", slug="cpb")

    def papers(meeting, titles):
        item = AgendaItem.objects.create(meeting=meeting, title="Youth Justice Plan", position=1)
        return [
            Paper.objects.create(item=item, position=n, title=title, original_name="x.pdf", file="papers/x.pdf")
            for n, title in enumerate(titles, start=1)
        ]

    when = datetime.time(14)
    draft = Meeting.objects.create(board=board, date=datetime.date(2030, 3, 14), start_time=when)
    published = Meeting.objects.create(
        board=board,
        date=datetime.date(2029, 12, 13),
        start_time=when,
        agenda_published_at=datetime.datetime(2029, 12, 1, tzinfo=datetime.UTC),
    )
    drafted = papers(
        draft,
        [
            "Minutes of 14 December",
            "Youth Justice Plan 2030",
            "Appendix 6(b): Reoffending figures",
            "Partner map",
            "CSE presentation",
            "Annex to the plan",
        ],
    )
    sent = papers(published, ["Youth Justice Plan 2029", "Appendix 6(b): Figures"])
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps.get_model("meetings", "Paper")
    assert [(p.kind, p.title) for p in new.objects.filter(pk__in=[p.pk for p in drafted]).order_by("position")] == [
        ("minutes", "Minutes of 14 December"),
        ("report", "Youth Justice Plan 2030"),
        ("appendix", "Reoffending figures"),
        ("appendix", "Partner map"),
        ("presentation", "CSE presentation"),
        ("appendix", "Annex to the plan"),
    ]
    # What members were sent stays as it was: every paper an appendix, titles untouched.
    assert [(p.kind, p.title) for p in new.objects.filter(pk__in=[p.pk for p in sent]).order_by("position")] == [
        ("appendix", "Youth Justice Plan 2029"),
        ("appendix", "Appendix 6(b): Figures"),
    ]
