"""Browser tests for importing a board's members from a spreadsheet: the coordinator downloads the template,
uploads a list of fifteen with two bad rows, reads the preview, corrects the file, answers the question about a
possible duplicate and imports it; the same file again changes nothing; files that are not member lists are
refused; the pages fit a phone; and the steps from upload to confirmation work by keyboard alone.

Every page these tests visit is checked with axe-core for WCAG 2.2 A/AA (see testsupport/browser.py). The
files are written to ``tmp_path`` and chosen in the page's file field, as a coordinator would choose them.
"""

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from boards.enums import ImportStatus, Role
from boards.imports import services
from boards.imports.matching import preview_import
from boards.models import MemberImport, Membership, Organisation, Person
from boards.tests.factories import MembershipFactory, OrganisationFactory, PersonFactory
from boards.tests.test_browser import tab_to
from testsupport import hostile
from testsupport.browser import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

# The template's columns, as a clerk fills them in.
HEADER = [
    "Title",
    "First name",
    "Last name",
    "Organisation",
    "Role",
    "Co-opted as",
    "Job title",
    "E-mail",
    "Phone",
    "Start date",
]
ROLE, EMAIL, START = HEADER.index("Role"), HEADER.index("E-mail"), HEADER.index("Start date")


def member(title, first, last, organisation, role, job_title, start="21/05/2015", email="") -> list[str]:
    return [title, first, last, organisation, role, "", job_title, email, "", start]


# Fifteen members of the Children's Partnership Board, from its 2015 and 2017 minutes. The headings are row 1,
# so the first member is row 2, as the spreadsheet numbers it. Organisations are written as clerks write them:
# full names, short names ("LCC") and other names ("South Ribble Council").
MEMBERS = [
    member("Cllr", "Rebecca", "Noblet", "South Ribble Council", "Member", "Member responsible for CYP", "17/09/2015"),
    member(
        "", "Sarah", "Ashcroft", "Chorley Council", "Officer", "CPB Coordinator", email="Sarah.Ashcroft@example.org"
    ),
    member("", "Jackie", "Livesey", "LCFT", "Member", "Named Nurse for Safeguarding"),
    member("Dr", "Sakthi", "Karunanithi", "LCC", "Adviser", "Director of Public Health", "17/09/2015"),
    member("", "Louise", "Elo", "Chorley Council", "Vice-Chair", "Head of Early Intervention", "14/12/2016"),
    member("", "Allan", "Miller", "Lancashire County Council", "Member", "LYOT Service Manager"),
    member("", "Karl", "Turner", "LCC", "Officer", "Children's Trust Development Officer", "31/02/2025"),
    member("", "Mark", "Gaffney", "South Ribble Borough Council", "Member", "Director of Neighbourhoods"),
    member("", "Lesley", "Morville", "Lancs CC", "Member", "Locality Manager for Chorley"),
    member("", "Jean", "Rollinson", "CCG", "Member", "Head of Safeguarding"),
    member("", "Tony", "Baxter", "Police", "Treasurer", "Detective Inspector, Public Protection Unit"),
    member("", "Donna", "Hussain", "Chorley VCFS Network", "Member", "Community Development Manager"),
    member("", "Irene", "Elwell", "Chorley Council", "Adviser", "Intervention & Prevention Officer"),
    member("PC", "Amanda", "Gibbons", "Lancashire Constabulary", "Adviser", "Prevent Officer", "16/03/2017"),
    member("", "John", "Nelson", "West Lancs Council", "Member", "Head of Leisure & Cultural Services"),
]
BAD_DATE_ROW, BAD_ROLE_ROW = 8, 12
EMAIL_MATCH_ROW, NAME_MATCH_ROW = 3, 4
NEW_ORGANISATION = "Chorley VCFS Network"


def corrected_members() -> list[list[str]]:
    """The list with its two bad rows put right: a real date, and a role the portal knows."""
    rows = [list(r) for r in MEMBERS]
    rows[BAD_DATE_ROW - 2][START] = "28/02/2025"
    rows[BAD_ROLE_ROW - 2][ROLE] = "Adviser"
    return rows


def write_csv(path: Path, rows, header=HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def counts() -> tuple[int, int, int]:
    return Person.objects.count(), Membership.objects.count(), Organisation.objects.count()


@pytest.fixture
def directory(cast):
    """The partner organisations the list names (all but one), and two people already in the directory through
    another board: Sarah Ashcroft, whose e-mail address the file gives, and a Jackie Livesey, named in the file
    without one."""
    orgs = {
        "lcc": OrganisationFactory(name="Lancashire County Council", short_name="LCC", aliases=["Lancs CC"]),
        "chorley": OrganisationFactory(name="Chorley Council", short_name="Chorley", aliases=[]),
        "south_ribble": OrganisationFactory(
            name="South Ribble Borough Council", short_name="South Ribble", aliases=["South Ribble Council"]
        ),
        "west_lancs": OrganisationFactory(
            name="West Lancashire Borough Council", short_name="West Lancs", aliases=["West Lancs Council"]
        ),
        "police": OrganisationFactory(name="Lancashire Constabulary", short_name="Police", aliases=[]),
        "lcft": OrganisationFactory(name="Lancashire Care NHS Foundation Trust", short_name="LCFT", aliases=[]),
        "ccg": OrganisationFactory(name="Chorley, South Ribble and West Lancashire CCG", short_name="CCG", aliases=[]),
    }
    ashcroft = PersonFactory(
        first_name="Sarah",
        last_name="Ashcroft",
        initials="SA",
        email="sarah.ashcroft@example.org",
        job_title="CPB Coordinator",
        organisation=orgs["chorley"],
    )
    MembershipFactory(board=cast.other_board, person=ashcroft)
    livesey = PersonFactory(
        first_name="Jackie",
        last_name="Livesey",
        initials="JL",
        email="",
        job_title="Named Nurse for Safeguarding",
        organisation=orgs["lcft"],
    )
    MembershipFactory(board=cast.other_board, person=livesey)
    return {**orgs, "ashcroft": ashcroft, "livesey": livesey}


def section(page, title: str):
    """One of the preview's sections, by its heading ("New people (11)")."""
    return page.get_by_role("region", name=re.compile(rf"^{re.escape(title)} \(\d+\)$"))


def row_card(page, number: int):
    """The preview's card for one row of the file."""
    return page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=re.compile(rf"^Row {number}: ")))


def expect_counts(page, new: int, match: int, already: int, error: int) -> None:
    expect(page.get_by_role("list", name="What the import would do").get_by_role("listitem")).to_have_text(
        [
            f"{new} new to the directory",
            f"{match} already in the directory, to check",
            f"{already} already on the board: no change",
            f"{error} cannot be imported",
        ]
    )


def upload(page, path: Path) -> None:
    page.get_by_label("Member list").set_input_files(path)
    page.get_by_role("button", name="Upload and preview").click()


# 1. Template, a list with two bad rows, the corrected list ----------------------------------------------


def test_a_coordinator_previews_a_list_with_two_bad_rows_corrects_it_and_imports_it(page, cast, directory, tmp_path):
    people, seats, organisations = counts()
    sign_in(page, cast.coordinator)
    page.goto(cast.board.get_absolute_url())
    page.get_by_role("group", name="Manage the board").get_by_role("link", name="Import members").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Import members to {cast.board.name}")

    # The page says which columns there are and which one is required; the template has exactly those.
    columns = page.get_by_role("region", name="Columns")
    expect(columns).to_contain_text("Required: Last name, or one Name column holding the whole name")
    terms = columns.locator("dt")
    expect(terms.filter(has_text="(required)")).to_have_text(["Last name (required)"])
    listed = [re.sub(r" \(required\)$", "", t) for t in terms.all_inner_texts()]
    with page.expect_download() as download_info:
        columns.get_by_role("link", name="Download the template (CSV)").click()
    download = download_info.value
    assert download.suggested_filename == "members-template.csv"
    template = Path(download.path()).read_text(encoding="utf-8-sig")
    assert list(csv.reader(io.StringIO(template))) == [listed]
    assert listed == HEADER

    # The list, with a date that does not exist and a role the portal does not know.
    upload(page, write_csv(tmp_path / "cpb-members.csv", MEMBERS))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import")
    expect(page.get_by_text("Nothing has been saved yet.")).to_be_visible()
    expect_counts(page, new=11, match=2, already=0, error=2)
    errors = section(page, "Rows that cannot be imported")
    expect(errors.get_by_role("heading", level=3)).to_have_text(
        [f"Row {BAD_DATE_ROW}: Karl Turner", f"Row {BAD_ROLE_ROW}: Tony Baxter"]
    )
    expect(row_card(page, BAD_DATE_ROW)).to_contain_text(
        f"Row {BAD_DATE_ROW}: the start date “31/02/2025” is not a date. Write it as 17/09/2015 or 2015-09-17, "
        "or leave it blank for today."
    )
    # The card's summary does not pretend that a row whose date cannot be read starts today.
    expect(row_card(page, BAD_DATE_ROW).locator("p").first).to_have_text("Officer · LCC")
    expect(row_card(page, BAD_ROLE_ROW).locator("p").first).to_have_text("Role not known · Police · from 21 May 2015")
    expect(row_card(page, BAD_ROLE_ROW)).to_contain_text(
        f"Row {BAD_ROLE_ROW}: the role “Treasurer” is not one the portal knows. Use one of Chair, Vice chair, "
        "Deputy chair, Independent chair, Member, Co-opted member, Coordinator, Officer, Adviser, Observer, or "
        "leave it blank for Member."
    )
    # The organisation nobody in the directory has is offered, ticked, to be created.
    new_orgs = page.get_by_role("region", name="New organisations (1)")
    expect(new_orgs.get_by_role("checkbox", name=f"Create “{NEW_ORGANISATION}” (row 13)")).to_be_checked()
    expect(row_card(page, 13)).to_contain_text(f"Member · {NEW_ORGANISATION} (new) · from 21 May 2015")
    # Known organisations are found by full name, short name or another name.
    expect(row_card(page, 2)).to_contain_text("Member · South Ribble Borough Council · from 17 Sep 2015")
    expect(row_card(page, 5)).to_contain_text("Adviser · Lancashire County Council")
    # Someone in the directory found by e-mail address is suggested; a name alone is a question.
    matches = section(page, "Already in the directory? Please check")
    expect(matches.get_by_role("heading", level=3)).to_have_text(
        [f"Row {EMAIL_MATCH_ROW}: Sarah Ashcroft", f"Row {NAME_MATCH_ROW}: Jackie Livesey"]
    )
    by_email = page.get_by_role(
        "group",
        name=f"Row {EMAIL_MATCH_ROW}: is Sarah Ashcroft someone already in the directory? (matched by e-mail address)",
    )
    expect(by_email.get_by_role("radio", name="The same person: Sarah Ashcroft, Chorley Council")).to_be_checked()
    by_name = page.get_by_role(
        "group", name=f"Row {NAME_MATCH_ROW}: is Jackie Livesey someone already in the directory? (matched by name)"
    )
    expect(by_name.get_by_role("radio")).to_have_count(2)
    for radio in by_name.get_by_role("radio").all():
        expect(radio).not_to_be_checked()
    new_people = section(page, "New people")
    expect(new_people.get_by_role("heading", level=3)).to_have_count(11)
    expect(new_people.get_by_role("heading", name="Row 2: Cllr Rebecca Noblet")).to_be_visible()
    expect(new_people.get_by_role("heading", name="Row 5: Dr Sakthi Karunanithi")).to_be_visible()
    assert counts() == (people, seats, organisations)

    # The coordinator corrects the two rows in the spreadsheet and uploads it again.
    page.get_by_role("link", name="Upload a corrected file instead").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Import members to {cast.board.name}")
    waiting = page.get_by_role("region", name="Uploads waiting for confirmation")
    expect(waiting.get_by_role("link", name="cpb-members.csv")).to_be_visible()
    upload(page, write_csv(tmp_path / "cpb-members.csv", corrected_members()))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import")
    expect_counts(page, new=13, match=2, already=0, error=0)
    expect(section(page, "Rows that cannot be imported")).to_have_count(0)
    expect(row_card(page, BAD_DATE_ROW)).to_contain_text("Officer · Lancashire County Council · from 28 Feb 2025")
    expect(row_card(page, BAD_ROLE_ROW)).to_contain_text("Adviser · Lancashire Constabulary · from 21 May 2015")

    # Confirming without answering the name-match question is refused, and nothing is saved.
    page.get_by_role("button", name="Import 15 rows").click()
    expect(page.get_by_role("alert")).to_have_text("Some rows need an answer before the import: see below.")
    by_name = page.get_by_role(
        "group", name=f"Row {NAME_MATCH_ROW}: is Jackie Livesey someone already in the directory? (matched by name)"
    )
    expect(by_name).to_have_accessible_description(
        f"Say whether row {NAME_MATCH_ROW} is someone already in the directory."
    )
    expect(by_name.get_by_role("radio").first).to_have_attribute("aria-invalid", "true")
    assert counts() == (people, seats, organisations)

    by_name.get_by_role("radio", name="The same person: Jackie Livesey, Lancashire Care NHS Foundation Trust").check()
    page.get_by_role("button", name="Import 15 rows").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Import of “cpb-members.csv”")
    expect(page.get_by_role("status")).to_have_text("15 members added to CPB (13 new to the directory).")
    expect(page.get_by_role("main").get_by_role("list").last.get_by_role("listitem")).to_have_text(
        [
            "15 added to the board, 13 of them new to the directory.",
            "0 already on the board: no change.",
            f"Organisations created: {NEW_ORGANISATION}.",
        ]
    )
    assert counts() == (people + 13, seats + 15, organisations + 1)
    assert Membership.objects.get(board=cast.board, person=directory["livesey"]).role == Role.MEMBER
    assert Membership.objects.get(board=cast.board, person=directory["ashcroft"]).role == Role.OFFICER
    assert Person.objects.filter(last_name="Livesey").count() == 1

    # The roster lists them by organisation, the new one among the others.
    page.get_by_role("link", name="Back to the board").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(cast.board.name)
    members = page.get_by_role("region", name="Members by organisation")
    groups = sorted(
        {m.organisation.name for m in Membership.objects.filter(board=cast.board).select_related("organisation")}
    )
    assert NEW_ORGANISATION in groups
    expect(members.get_by_role("heading", level=3)).to_have_text(groups)

    def names(organisation: str):
        table = members.get_by_role("rowgroup", name=organisation)
        return table.get_by_role("row").filter(has=page.get_by_role("cell")).locator("td:first-child a")

    expect(names("Lancashire County Council")).to_have_text(
        ["Dr Sakthi Karunanithi", "Allan Miller", "Lesley Morville", "Karl Turner"]
    )
    expect(names("Chorley Council")).to_have_text(["Sarah Ashcroft", "Louise Elo", "Irene Elwell"])
    expect(names("South Ribble Borough Council")).to_have_text(["Mark Gaffney", "Cllr Rebecca Noblet"])
    expect(names(NEW_ORGANISATION)).to_have_text(["Donna Hussain"])
    expect(names("Lancashire Care NHS Foundation Trust")).to_have_text(["Jackie Livesey"])
    office = page.get_by_role("region", name="Office-holders")
    expect(office).to_contain_text("Vice chair: Louise Elo")

    # The roster's own download lists them too, under the template's headings.
    with page.expect_download() as download_info:
        members.get_by_role("link", name="Download members (CSV)").click()
    exported = list(csv.reader(io.StringIO(Path(download_info.value.path()).read_text(encoding="utf-8-sig"))))
    assert exported[0][: len(HEADER)] == HEADER
    assert {row[2] for row in exported[1:]} >= {row[2] for row in MEMBERS}


# 2. The same file again ---------------------------------------------------------------------------------


def test_the_same_file_again_shows_every_row_already_on_the_board_and_changes_nothing(page, cast, directory, tmp_path):
    path = write_csv(tmp_path / "cpb-members.csv", corrected_members())
    uploaded = SimpleUploadedFile(path.name, path.read_bytes())
    first = services.member_import_preview(user=cast.coordinator, board=cast.board, uploaded_file=uploaded)
    preview = preview_import(member_import=first, user=cast.coordinator)
    services.member_import_confirm(
        user=cast.coordinator,
        member_import=first,
        choices={"people": {NAME_MATCH_ROW: directory["livesey"].pk}, "organisations": [NEW_ORGANISATION]},
        version=preview.version,
    )
    first.refresh_from_db()
    assert services.seated(first.summary) == 15
    before = counts(), MemberImport.objects.filter(status=ImportStatus.IMPORTED).count()

    sign_in(page, cast.coordinator)
    page.goto(cast.board.get_absolute_url())
    page.get_by_role("link", name="Import members").click()
    upload(page, path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import")
    imported_on = timezone.localtime(first.imported_at).strftime("%-d %B %Y")
    expect(page.get_by_role("status")).to_have_text(
        f"You imported this file on {imported_on}. Rows already on the board show no change."
    )
    expect_counts(page, new=0, match=0, already=15, error=0)
    already = section(page, "Already on the board: no change")
    expect(already.get_by_role("listitem")).to_have_count(15)
    for number in range(2, 17):
        expect(row_card(page, number)).to_contain_text(
            re.compile(rf"Row {number}: already on the board as .+: no change\.")
        )
    expect(row_card(page, 2)).to_contain_text(
        "Row 2: already on the board as Member since 17 September 2015: no change."
    )
    for title in ("Rows that cannot be imported", "Already in the directory? Please check", "New people"):
        expect(section(page, title)).to_have_count(0)
    expect(page.get_by_role("radio")).to_have_count(0)
    expect(page.get_by_role("checkbox")).to_have_count(0)

    page.get_by_role("button", name="Confirm: nothing to add").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import of “cpb-members.csv”")
    expect(page.get_by_role("status")).to_have_text(
        "0 members added to CPB (0 new to the directory). 15 were already on the board."
    )
    expect(page.get_by_text("15 already on the board: no change.")).to_be_visible()
    assert (counts(), MemberImport.objects.filter(status=ImportStatus.IMPORTED).count() - 1) == before


# 3. Files that are not member lists -----------------------------------------------------------------------


def test_a_program_renamed_csv_and_a_workbook_of_formulas_are_refused_and_nothing_is_saved(
    page, cast, directory, tmp_path
):
    before = counts(), MemberImport.objects.count()
    sign_in(page, cast.coordinator)
    page.goto(cast.board.get_absolute_url())
    page.get_by_role("link", name="Import members").click()

    # A program, named as if it were a list: what it is comes from its contents, and it is refused at once.
    program = tmp_path / "members.csv"
    program.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + hostile.random_bytes(2000))
    upload(page, program)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Import members to {cast.board.name}")
    refusal = (
        "“members.csv” is not a CSV file or an Excel workbook: its contents are something else. Open it in your "
        "spreadsheet program and save it as CSV or as an Excel Workbook (.xlsx)."
    )
    field = page.get_by_label("Member list")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile(re.escape(refusal)))
    expect(page.get_by_text(refusal)).to_be_visible()
    assert (counts(), MemberImport.objects.count()) == before

    # A workbook whose cells hold formulas: they are never worked out, and their rows cannot be imported.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["", "Gary", "Hall", '=HYPERLINK("http://evil.example/","LCC")', "Member"])
    sheet.append(["", "Paul", "Kneale", "Police", "Member", "", "", "", "", "=TODAY()"])
    workbook = tmp_path / "members.xlsx"
    book.save(workbook)
    upload(page, workbook)
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import")
    expect_counts(page, new=0, match=0, already=0, error=2)
    expect(row_card(page, 2)).to_contain_text(
        'Row 2: the organisation cell holds a formula (=HYPERLINK("http://evil.example/","LCC")); type the value '
        "instead."
    )
    expect(row_card(page, 3)).to_contain_text(
        "Row 3: the start date cell holds a formula (=TODAY()); type the value instead."
    )
    expect(page.locator('a[href*="evil.example"]')).to_have_count(0)
    expect(page.get_by_role("button", name="Confirm: nothing to add")).to_be_visible()

    # The coordinator discards the preview (the page asks first): nothing was imported, or ever saved.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Discard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Import members to {cast.board.name}")
    expect(page.get_by_role("status")).to_have_text(
        "The preview of “members.xlsx” was discarded; nothing was imported."
    )
    expect(page.get_by_role("region", name="Uploads waiting for confirmation")).to_have_count(0)
    assert counts() == before[0]
    assert not Person.objects.filter(last_name__in=["Hall", "Kneale"]).exists()
    assert MemberImport.objects.get().status == ImportStatus.DISCARDED


# 4. On a phone ------------------------------------------------------------------------------------------


def assert_fits(page, width: int = PHONE["width"]) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll}px wide on a {width}px screen: it scrolls sideways"


def test_the_import_pages_fit_a_phone_whatever_the_files_name(page, cast, directory, tmp_path):
    page.set_viewport_size(PHONE)
    sign_in(page, cast.coordinator)
    page.goto(cast.board.get_absolute_url())
    page.get_by_role("link", name="Import members").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Import members to {cast.board.name}")
    assert_fits(page)

    # The list with bad rows has the most to show: errors, questions, a new organisation. Its name, as saved on
    # a Windows desktop, and two e-mail addresses are single words wider than the screen: they must wrap.
    name = "CPB_Membership_List_September_2015_FINAL_v3_SA_checked.csv"
    rows = [list(r) for r in MEMBERS]
    rows[BAD_DATE_ROW - 2][EMAIL] = "karl.turner.childrens.trust.development.officer@lancashire.gov.uk"
    rows[13 - 2][EMAIL] = "donna.hussain.community.development.manager@chorley-vcfs-network.org.uk"
    upload(page, write_csv(tmp_path / name, rows))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import")
    expect_counts(page, new=11, match=2, already=0, error=2)
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text(name)
    assert_fits(page)

    # The upload page again: the preview waits for confirmation, and a file that is not a list is refused.
    page.get_by_role("link", name="Upload a corrected file instead").click()
    expect(page.get_by_role("region", name="Uploads waiting for confirmation")).to_contain_text(name)
    assert_fits(page)
    not_a_list = tmp_path / "Board_papers_scanned_17_September_2015_for_the_minutes.csv"
    not_a_list.write_bytes(hostile.pdf_plain())
    upload(page, not_a_list)
    expect(page.get_by_text(f"“{not_a_list.name}” is a PDF, not a spreadsheet.")).to_be_visible()
    assert_fits(page)

    # The corrected list, confirmed: the result page.
    upload(page, write_csv(tmp_path / name, corrected_members()))
    expect_counts(page, new=13, match=2, already=0, error=0)
    page.get_by_role("radio", name="The same person: Jackie Livesey, Lancashire Care NHS Foundation Trust").check()
    page.get_by_role("button", name="Import 15 rows").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Import of “{name}”")
    assert_fits(page)

    # The earlier preview, discarded: the message names the file.
    page.get_by_role("link", name="Import another file").click()
    page.get_by_role("region", name="Uploads waiting for confirmation").get_by_role("link", name=name).click()
    expect_counts(page, new=0, match=0, already=13, error=2)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Discard").click()
    expect(page.get_by_role("status")).to_have_text(f"The preview of “{name}” was discarded; nothing was imported.")
    assert_fits(page)


# 5. By keyboard -----------------------------------------------------------------------------------------


def test_upload_preview_and_confirm_with_the_keyboard_only(page, cast, directory, tmp_path):
    people, seats, organisations = counts()
    path = write_csv(tmp_path / "cpb-members.csv", corrected_members())
    sign_in(page, cast.coordinator)
    my_boards = page.get_by_role("region", name="My boards")
    tab_to(page, my_boards.get_by_role("link", name=cast.board.name))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(cast.board.name)

    tab_to(page, page.get_by_role("link", name="Import members"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Import members to {cast.board.name}")
    field = page.get_by_label("Member list")
    tab_to(page, field)
    field.set_input_files(path)  # the file is chosen in the system's dialog, which the page cannot show
    tab_to(page, page.get_by_role("button", name="Upload and preview"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import")
    expect_counts(page, new=13, match=2, already=0, error=0)
    by_name = page.get_by_role(
        "group", name=f"Row {NAME_MATCH_ROW}: is Jackie Livesey someone already in the directory? (matched by name)"
    )
    same = by_name.get_by_role("radio", name="The same person: Jackie Livesey, Lancashire Care NHS Foundation Trust")
    tab_to(page, same)
    page.keyboard.press("Space")
    expect(same).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Import 15 rows"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Import of “cpb-members.csv”")
    expect(page.get_by_role("status")).to_have_text("15 members added to CPB (13 new to the directory).")
    assert counts() == (people + 13, seats + 15, organisations + 1)
    assert Membership.objects.filter(board=cast.board, person=directory["livesey"]).exists()

    tab_to(page, page.get_by_role("link", name="Back to the board"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("rowgroup", name=NEW_ORGANISATION)).to_contain_text("Donna Hussain")
