"""Bulk import of a board's members from CSV or .xlsx (issue 10): preview, confirm, and files that attack.

The files are made here, as a clerk's spreadsheet program would write them (or as an attacker would), and
go through the same services and pages a coordinator uses.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile

import openpyxl
import pytest
from defusedxml import EntitiesForbidden
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boards import services as board_services
from boards.enums import ImportStatus, Role
from boards.imports import services
from boards.imports.matching import ALREADY, ERROR, MATCH, NEW, preview_import
from boards.imports.reader import TEMPLATE_HEADINGS, split_name
from boards.models import MemberImport, Membership, Organisation, Person, User
from boards.tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory
from core import clock
from core.activity import action_label
from core.models import ActivityLog
from core.permissions import SYSTEM
from testsupport import hostile

pytestmark = pytest.mark.django_db

HEADER = ["Title", "First name", "Last name", "Organisation", "Role", "Co-opted as", "E-mail", "Phone", "Start date"]
# Fifteen members of the Children's Partnership Board, as a clerk might keep them. Row numbers are the
# spreadsheet's: the headings are row 1.
MEMBERS = [
    ["Cllr", "Rebecca", "Noblet", "LCC", "Chair", "", "rebecca.noblet@example.org", "01772 530000", "17/09/2015"],
    ["", "Sarah", "Atkins", "Lancashire County Council", "Vice-Chair", "", "SARAH.ATKINS@example.org", "", ""],
    ["Dr", "Karen", "Tate", "NHS Chorley and South Ribble CCG", "member", "", "", "", "17 September 2015"],
    ["PC", "Amanda", "Gibbons", "Police", "Adviser", "", "", "", "2015-09-17"],
    ["Mrs", "Julie", "Hesketh", "Lancs CC", "Co-opted", "parent governor", "", "", "01/10/2015"],
    ["", "Ian", "Rushton", "Lancashire County Council", "Member", "", "", "", "31/02/2016"],  # row 7: bad date
    ["", "Tony", "Morrissey", "Lancashire County Council", "Treasurer", "", "", "", ""],  # row 8: unknown role
    ["", "Danielle", "McMillan", "nhs chorley and  south ribble ccg", "Officer", "", "", "", ""],
    ["Ms", "Jo", "Turton", "LCC", "", "", "jo.turton@example.org", "", "01/09/2015"],
    ["", "Kieran", "Curran", "Lancashire County Council", "Observer", "", "", "", ""],
    ["", "Gary", "Hall", "Police", "Member", "", "", "", ""],
    ["", "Louise", "Elo", "LCC", "Member", "", "", "", ""],
    ["", "Mark", "Nutter", "Lancashire County Council", "Member", "", "", "", ""],
    ["", "Sue", "Lott", "LCC", "Member", "", "", "", ""],
    ["", "Paul", "Kneale", "Police", "Member", "", "", "", ""],
]


def csv_bytes(rows, header=HEADER, *, delimiter=",", encoding="utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def upload(data: bytes, name: str = "members.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def workbook_bytes(rows, header=HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Members"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite_zip(data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, (replace or {}).get(info.filename, src.read(info.filename)))
        for name, content in (add or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


def counts() -> tuple[int, int, int]:
    return Person.objects.count(), Membership.objects.count(), Organisation.objects.count()


@pytest.fixture
def directory(cast):
    """Partner organisations, and two people the file will find: one on another board with the same e-mail
    address, one on another board with the same name and no e-mail address in the file."""
    OrganisationFactory(name="Lancashire County Council", short_name="LCC", aliases=["Lancs CC"])
    OrganisationFactory(name="Lancashire Constabulary", short_name="Police", aliases=[])
    atkins = PersonFactory(
        first_name="Sarah",
        last_name="Atkins",
        initials="SA",
        email="sarah.atkins@example.org",
        job_title="Director of Children's Services",
        phone="01772 111111",
    )
    MembershipFactory(board=cast.other_board, person=atkins)
    tate = PersonFactory(honorific="Dr", first_name="Karen", last_name="Tate", initials="KT", email="")
    MembershipFactory(board=cast.other_board, person=tate)
    return {"atkins": atkins, "tate": tate}


def preview_of(cast, data: bytes, name="members.csv", user=None):
    member_import = services.member_import_preview(
        user=user or cast.coordinator, board=cast.board, uploaded_file=upload(data, name)
    )
    return member_import, preview_import(member_import=member_import, user=user or cast.coordinator)


def by_row(preview) -> dict:
    return {row.number: row for row in preview.rows}


# Preview ------------------------------------------------------------------------------------------------


def test_preview_of_fifteen_members_names_the_two_bad_rows_and_saves_nothing(cast, directory):
    before = counts()
    member_import, preview = preview_of(cast, csv_bytes(MEMBERS))
    assert counts() == before
    rows = by_row(preview)
    assert sorted(rows) == list(range(2, 17))
    errors = {n: r.messages for n, r in rows.items() if r.outcome == ERROR}
    assert errors == {
        7: [
            "Row 7: the start date “31/02/2016” is not a date. Write it as 17/09/2015 or 2015-09-17, or leave it "
            "blank for today."
        ],
        8: [
            "Row 8: the role “Treasurer” is not one the portal knows. Use one of Chair, Vice chair, Deputy chair, "
            "Independent chair, Member, Co-opted member, Coordinator, Officer, Adviser, Observer, or leave it "
            "blank for Member."
        ],
    }
    assert [n for n, r in rows.items() if r.outcome == MATCH] == [3, 4]
    assert preview.count(NEW) == 11 and preview.count(ALREADY) == 0
    assert member_import.status == ImportStatus.PREVIEWED and member_import.file_name == "members.csv"


def test_unknown_organisation_is_offered_once_and_known_ones_by_name_short_name_or_alias(cast, directory):
    _, preview = preview_of(cast, csv_bytes(MEMBERS))
    [new] = preview.new_organisations
    assert (new.name, new.rows) == ("NHS Chorley and South Ribble CCG", [4, 9])
    rows = by_row(preview)
    lcc = Organisation.objects.get(short_name="LCC")
    assert rows[2].organisation == lcc  # "LCC", its short name
    assert rows[6].organisation == lcc  # "Lancs CC", another name it is known by
    assert rows[5].organisation == Organisation.objects.get(name="Lancashire Constabulary")
    assert rows[9].organisation is None and rows[9].new_organisation == new.key


def test_email_match_is_suggested_and_name_match_is_the_coordinators_choice(cast, directory):
    _, preview = preview_of(cast, csv_bytes(MEMBERS))
    rows = by_row(preview)
    atkins, tate = rows[3], rows[4]
    assert (atkins.matched_by, [c.person for c in atkins.candidates]) == ("email", [directory["atkins"]])
    assert atkins.suggested == directory["atkins"].pk
    assert (tate.matched_by, [c.person for c in tate.candidates]) == ("name", [directory["tate"]])
    assert tate.suggested is None
    # The coordinator does not share a board with them: the preview shows a name and organisation only.
    assert atkins.candidates[0].card.email == "" and atkins.candidates[0].card.phone == ""


def test_confirm_imports_thirteen_and_skips_the_two_bad_rows(cast, directory):
    people, seats, orgs = counts()
    member_import, preview = preview_of(cast, csv_bytes(MEMBERS))
    organisation = preview.new_organisations[0]
    services.member_import_confirm(
        user=cast.coordinator,
        member_import=member_import,
        choices={"people": {4: directory["tate"].pk}, "organisations": [organisation.name]},
        version=preview.version,
    )
    member_import.refresh_from_db()
    summary = member_import.summary
    assert (summary["new_people"], summary["existing_people"], summary["unchanged"]) == (11, 2, 0)
    assert [s["row"] for s in summary["skipped"]] == [7, 8]
    assert counts() == (people + 11, seats + 13, orgs + 1)
    board_people = Membership.objects.filter(board=cast.board).values_list("person__last_name", flat=True)
    assert "Rushton" not in board_people and "Morrissey" not in board_people

    noblet = Person.objects.get(last_name="Noblet")
    assert (noblet.honorific, noblet.first_name, noblet.email, noblet.phone) == (
        "Cllr",
        "Rebecca",
        "rebecca.noblet@example.org",
        "01772 530000",
    )
    seat = Membership.objects.get(person=noblet, board=cast.board)
    assert (seat.role, seat.start_date, seat.organisation.short_name, seat.voting) == (
        Role.CHAIR,
        datetime.date(2015, 9, 17),
        "LCC",
        True,
    )
    hesketh = Membership.objects.get(person__last_name="Hesketh", board=cast.board)
    assert (hesketh.role, hesketh.co_opted_type) == (Role.CO_OPTED, "parent governor")
    turton = Membership.objects.get(person__last_name="Turton", board=cast.board)
    assert turton.role == Role.MEMBER  # a blank role is a member
    curran = Membership.objects.get(person__last_name="Curran", board=cast.board)
    assert (curran.role, curran.start_date, curran.voting) == (Role.OBSERVER, clock.today(), False)
    ccg = Organisation.objects.get(name="NHS Chorley and South Ribble CCG")
    assert Membership.objects.get(person__last_name="McMillan", board=cast.board).organisation == ccg
    assert Membership.objects.get(person=directory["tate"], board=cast.board).role == Role.MEMBER
    # Initials are suggested for new people, unique on the board.
    initials = list(Person.objects.filter(memberships__board=cast.board).values_list("initials", flat=True))
    assert len({i.upper() for i in initials}) == len(initials)

    entry = ActivityLog.objects.for_object(member_import).get(action="boards.members.imported")
    assert entry.scope == cast.board
    assert entry.data["summary"] == (
        "13 added to the board (11 new to the directory); 2 rows left out; 1 organisation created."
    )
    assert action_label("boards.members.imported") == "Members imported from a file"
    # What the file said about contact details is not kept once it is imported.
    assert all(row["email"] == "" and row["phone"] == "" for row in member_import.rows)


def test_the_same_file_again_changes_nothing(cast, directory):
    data = csv_bytes(MEMBERS)
    first, preview = preview_of(cast, data)
    services.member_import_confirm(
        user=cast.coordinator,
        member_import=first,
        choices={"people": {4: directory["tate"].pk}, "organisations": [preview.new_organisations[0].name]},
    )
    before = counts()
    again, preview = preview_of(cast, data)
    assert {r.number: r.outcome for r in preview.rows if r.outcome != ALREADY} == {7: ERROR, 8: ERROR}
    assert preview.count(ALREADY) == 13 and preview.new_organisations == []
    assert by_row(preview)[2].messages[0].startswith("Row 2: already on the board as Chair since 17 September 2015")
    assert services.member_import_earlier(again) == first
    services.member_import_confirm(user=cast.coordinator, member_import=again, choices={}, version=preview.version)
    again.refresh_from_db()
    assert counts() == before
    assert (again.summary["unchanged"], services.seated(again.summary)) == (13, 0)


def test_corrected_file_adds_only_the_rows_that_were_left_out(cast, directory):
    first, preview = preview_of(cast, csv_bytes(MEMBERS))
    services.member_import_confirm(
        user=cast.coordinator,
        member_import=first,
        choices={"people": {4: directory["tate"].pk}, "organisations": [preview.new_organisations[0].name]},
    )
    corrected = [list(r) for r in MEMBERS]
    corrected[5][8] = "28/02/2016"
    corrected[6][4] = "Officer"
    people, seats, _ = counts()
    second, preview = preview_of(cast, csv_bytes(corrected))
    assert {r.number for r in preview.rows if r.outcome == NEW} == {7, 8}
    assert preview.count(ALREADY) == 13
    services.member_import_confirm(user=cast.coordinator, member_import=second, version=preview.version)
    assert counts()[:2] == (people + 2, seats + 2)
    assert Membership.objects.get(person__last_name="Rushton").start_date == datetime.date(2016, 2, 28)


def test_confirming_twice_changes_nothing_the_second_time(cast, directory):
    member_import, preview = preview_of(cast, csv_bytes(MEMBERS))
    services.member_import_confirm(user=cast.coordinator, member_import=member_import, version=preview.version)
    before = counts()
    stale = MemberImport.objects.get(pk=member_import.pk)
    stale.status = ImportStatus.PREVIEWED  # the second click carries the page as it was
    with pytest.raises(ValidationError) as refused:
        services.member_import_confirm(user=cast.coordinator, member_import=stale, version=preview.version)
    assert refused.value.code == "closed"
    assert refused.value.messages[0].startswith("This file was already imported on ")
    assert counts() == before
    assert ActivityLog.objects.filter(action="boards.members.imported").count() == 1


def test_a_name_match_left_unanswered_is_left_out(cast, directory):
    member_import, preview = preview_of(cast, csv_bytes(MEMBERS))
    organisation = preview.new_organisations[0].name
    services.member_import_confirm(
        user=cast.coordinator, member_import=member_import, choices={"organisations": [organisation]}
    )
    member_import.refresh_from_db()
    skipped = {s["row"]: s["reasons"] for s in member_import.summary["skipped"]}
    assert skipped[4] == [
        "Row 4: you did not say whether Dr Karen Tate is someone already in the directory, so the row was left out."
    ]
    assert Person.objects.filter(last_name="Tate").count() == 1


def test_rows_naming_an_organisation_left_unticked_are_left_out(cast, directory):
    member_import, _ = preview_of(cast, csv_bytes(MEMBERS[7:8]))
    services.member_import_confirm(user=cast.coordinator, member_import=member_import, choices={})
    member_import.refresh_from_db()
    assert member_import.summary["skipped"] == [
        {
            "row": 2,
            "reasons": [
                "Row 2: the organisation “nhs chorley and south ribble ccg” was not created, so the row was left "
                "out. Correct the name in your file, or tick it to be created, and import the file again."
            ],
        }
    ]
    assert not Organisation.objects.filter(name__iexact="NHS Chorley and South Ribble CCG").exists()
    assert not Person.objects.filter(last_name="McMillan").exists()


def test_a_name_match_can_be_a_new_person(cast, directory):
    member_import, preview = preview_of(cast, csv_bytes(MEMBERS[2:3]))
    services.member_import_confirm(
        user=cast.coordinator,
        member_import=member_import,
        choices={"people": {2: "new"}, "organisations": [preview.new_organisations[0].name]},
    )
    assert Person.objects.filter(last_name="Tate").count() == 2
    assert not Membership.objects.filter(board=cast.board, person=directory["tate"]).exists()


def test_a_person_not_among_the_rows_candidates_cannot_be_chosen(cast, directory):
    member_import, _ = preview_of(cast, csv_bytes(MEMBERS[2:3]))
    services.member_import_confirm(
        user=cast.coordinator, member_import=member_import, choices={"people": {2: directory["atkins"].pk}}
    )
    assert not Membership.objects.filter(board=cast.board, person=directory["atkins"]).exists()


def test_existing_person_is_seated_but_stays_out_of_this_coordinators_reach(cast, directory):
    atkins = directory["atkins"]
    coordinator = User.objects.get(pk=cast.coordinator.pk)
    assert not coordinator.has_perm("boards.change_person", Person.objects.get(pk=atkins.pk))
    rows = [["", "S.", "Atkins", "LCC", "Member", "", "sarah.atkins@example.org", "07700 900123", ""]]
    member_import, preview = preview_of(cast, csv_bytes(rows, HEADER))
    [row] = preview.rows
    assert row.candidates[0].differences == ["the name (“S. Atkins” in the file)"]
    services.member_import_confirm(user=cast.coordinator, member_import=member_import, version=preview.version)

    atkins_now = Person.objects.get(pk=atkins.pk)
    assert Membership.objects.filter(board=cast.board, person=atkins_now, role=Role.MEMBER).exists()
    assert (atkins_now.first_name, atkins_now.phone, atkins_now.job_title) == (
        "Sarah",
        "01772 111111",
        "Director of Children's Services",
    )
    coordinator = User.objects.get(pk=cast.coordinator.pk)
    assert not coordinator.has_perm("boards.change_person", atkins_now)
    # The other board's coordinator no longer has them to themselves either.
    other = User.objects.get(pk=cast.other_coordinator.pk)
    assert not other.has_perm("boards.change_person", Person.objects.get(pk=atkins.pk))


def test_a_login_found_by_its_address_is_seated_and_never_changed(cast, directory):
    login = UserFactory(email="head.teacher@example.org", person__last_name="Whittle", person__first_name="Ann")
    rows = [["", "Anne", "Whittle", "", "Member", "", "Head.Teacher@example.org", "0000", ""]]
    member_import, preview = preview_of(cast, csv_bytes(rows))
    assert preview.rows[0].outcome == MATCH and preview.rows[0].suggested == login.person.pk
    services.member_import_confirm(user=cast.coordinator, member_import=member_import)
    login.person.refresh_from_db()
    assert (login.person.first_name, login.person.email, login.person.phone) == ("Ann", "", "")
    assert Membership.objects.filter(board=cast.board, person=login.person).exists()


def test_someone_whose_initials_are_taken_on_the_board_is_a_row_to_fix(cast, directory):
    MembershipFactory(board=cast.board, person=PersonFactory(first_name="Simon", last_name="Ashworth", initials="SA"))
    _, preview = preview_of(cast, csv_bytes([MEMBERS[1]]))
    [row] = preview.rows
    assert row.outcome == ERROR
    assert row.messages == [
        "Row 2: Sarah Atkins is in the directory with the initials SA, which Simon Ashworth already uses on this "
        "board. Initials identify people in minutes, so they are unique on a board: change one person's initials "
        "on their page, then import the file again."
    ]


def test_a_confirmation_of_an_older_preview_is_refused_when_the_directory_changed(cast, directory):
    member_import, preview = preview_of(cast, csv_bytes(MEMBERS[9:10]))  # Kieran Curran: new
    assert preview.rows[0].outcome == NEW
    PersonFactory(first_name="Kieran", last_name="Curran")  # someone adds him meanwhile
    before = counts()
    with pytest.raises(ValidationError) as refused:
        services.member_import_confirm(user=cast.coordinator, member_import=member_import, version=preview.version)
    assert refused.value.code == "stale"
    assert counts() == before
    assert MemberImport.objects.get(pk=member_import.pk).status == ImportStatus.PREVIEWED


def test_an_organisation_name_that_could_mean_two_is_a_row_to_fix(cast, directory):
    OrganisationFactory(name="Lancashire Care NHS Trust", short_name="LCFT", aliases=["LCC"])
    _, preview = preview_of(cast, csv_bytes(MEMBERS[:1]))
    assert preview.rows[0].messages == [
        "Row 2: “LCC” could mean more than one organisation (Lancashire Care NHS Trust; Lancashire County "
        "Council). Use its full name."
    ]


def test_the_same_person_twice_in_one_file_is_a_row_to_fix(cast, directory):
    rows = [MEMBERS[0], ["", "Becky", "Noblet", "LCC", "Member", "", "rebecca.noblet@example.org", "", ""]]
    _, preview = preview_of(cast, csv_bytes(rows))
    assert by_row(preview)[3].messages == [
        "Row 3 repeats row 2 (the same e-mail address). Each person appears once in the file: delete one of the "
        "rows. To give someone a second role, add it on the board page."
    ]


def test_a_discarded_preview_imports_nothing_and_forgets_contact_details(cast, directory):
    member_import, _ = preview_of(cast, csv_bytes(MEMBERS))
    before = counts()
    services.member_import_discard(user=cast.coordinator, member_import=member_import)
    member_import.refresh_from_db()
    assert member_import.status == ImportStatus.DISCARDED
    assert "rebecca.noblet@example.org" not in str(member_import.rows)
    with pytest.raises(ValidationError):
        services.member_import_confirm(user=cast.coordinator, member_import=member_import)
    assert counts() == before


def test_erasing_a_person_removes_their_address_from_a_list_waiting_to_be_imported(cast, directory):
    member_import, _ = preview_of(cast, csv_bytes(MEMBERS[1:2]))
    assert "sarah.atkins@example.org" in str(MemberImport.objects.get(pk=member_import.pk).rows)
    board_services.person_erase(user=cast.superuser, person=directory["atkins"])
    assert "sarah.atkins@example.org" not in str(MemberImport.objects.get(pk=member_import.pk).rows)


# Reading files ------------------------------------------------------------------------------------------


def test_headings_are_matched_loosely_and_unknown_ones_listed(cast, directory):
    header = ["FULL_NAME", "Agency", "E-mail Address", "board role", "From", "Notes", "Telephone"]
    rows = [
        ["Cllr Rebecca Noblet", "LCC", "rebecca.noblet@example.org", "vice-chair", "Thursday 17 September 2015", "x"],
        ["Gagen, Councillor", "LCC", "", "", "", "", 1772530000],
        ["Maria de la Cruz OBE", "Police", "", "Co-opted member (diocesan)", "", ""],
    ]
    member_import, preview = preview_of(cast, csv_bytes(rows, header, delimiter=";", encoding="cp1252"))
    assert member_import.ignored_columns == ["Notes"]
    noblet, gagen, cruz = (r.data for r in preview.rows)
    assert (noblet["honorific"], noblet["first_name"], noblet["last_name"]) == ("Cllr", "Rebecca", "Noblet")
    assert (noblet["role"], noblet["start_date"]) == ("vice_chair", "2015-09-17")
    assert (gagen["honorific"], gagen["first_name"], gagen["last_name"], gagen["role"]) == (
        "Councillor",
        "",
        "Gagen",
        "member",
    )
    assert gagen["phone"] == "1772530000"  # text in a CSV file is kept as it is
    assert (cruz["first_name"], cruz["last_name"], cruz["role"], cruz["co_opted_type"]) == (
        "Maria",
        "de la Cruz",
        "co_opted",
        "diocesan",
    )
    assert cruz["notes"] == ["Row 4: the letters after the name (OBE) are not kept."]


def test_a_title_above_the_headings_is_passed_over(cast, directory):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Children's Partnership Board: membership, September 2015"])
    sheet.append([])
    sheet.append(["Name", "Organisation", "Role"])
    sheet.append(["Cllr Rebecca Noblet", "LCC", "Chair"])
    book.create_sheet("Notes").append(["Not read"])
    out = io.BytesIO()
    book.save(out)
    member_import, preview = preview_of(cast, out.getvalue(), name="cpb.xlsx")
    assert [(r.number, r.name, r.data["role"]) for r in preview.rows] == [(4, "Cllr Rebecca Noblet", "chair")]
    assert member_import.notes == [
        "Only the first sheet, “Sheet”, was read.",
        "The headings are in row 3; row 1 above them was not read.",
    ]


def test_windows_accents_and_utf8_with_bom_read_alike(cast, directory):
    rows = [["", "Zoë", "Brontë", "LCC", "Member", "", "", "", ""]]
    for data in (csv_bytes(rows, encoding="cp1252"), b"\xef\xbb\xbf" + csv_bytes(rows)):
        _, preview = preview_of(cast, data)
        assert (preview.rows[0].data["first_name"], preview.rows[0].data["last_name"]) == ("Zoë", "Brontë")


def test_an_excel_workbook_with_date_cells_and_numbers(cast, directory):
    rows = [["Dr", "Karen", "Tate", "Police", "Chair", "", "", 1772530000, datetime.datetime(2016, 12, 14)]]
    _, preview = preview_of(cast, workbook_bytes(rows), name="members.xlsx")
    data = preview.rows[0].data
    assert (data["start_date"], data["phone"]) == ("2016-12-14", "01772530000")
    assert data["notes"] == [
        "Row 2: the phone number was stored as a number, which loses its leading 0; it was put back."
    ]


def test_a_formula_cell_is_a_row_to_fix_and_never_worked_out(cast, directory):
    rows = [["", "Ian", "Rushton", "LCC", "Member", "", "", "", "=TODAY()"], ["", "Gary", "Hall", "", "", "", "", ""]]
    member_import, preview = preview_of(cast, workbook_bytes(rows), name="members.xlsx")
    assert by_row(preview)[2].messages == [
        "Row 2: the start date cell holds a formula (=TODAY()); type the value instead."
    ]
    services.member_import_confirm(user=cast.coordinator, member_import=member_import)
    assert not Person.objects.filter(last_name="Rushton").exists()
    assert Person.objects.filter(last_name="Hall").exists()


def refused(cast, data: bytes, name: str) -> str:
    before = counts(), MemberImport.objects.count()
    with pytest.raises(ValidationError) as error:
        services.member_import_preview(user=cast.coordinator, board=cast.board, uploaded_file=upload(data, name))
    assert (counts(), MemberImport.objects.count()) == before
    return error.value.message_dict["file"][0]


def _shared_strings_with(doctype: str, text: str = "&x;") -> bytes:
    """A workbook whose one last name is in a shared-strings part (as Excel writes them), after ``doctype``."""
    data = workbook_bytes([["", "Ian", "Rushton", "", "", "", "", "", ""]])
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    strings = f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<sst xmlns="{main}"><si><t>{text}</t></si></sst>'
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        types, rels, sheet = (zf.read(n).decode() for n in ("[Content_Types].xml", RELS, SHEET))
    override = (
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    )
    relationship = (
        '<Relationship Id="rIdStrings" Target="sharedStrings.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
    )
    cell = '<c r="C2" t="inlineStr"><is><t>Rushton</t></is></c>'
    assert cell in sheet
    return rewrite_zip(
        data,
        replace={
            "[Content_Types].xml": types.replace("</Types>", override + "</Types>").encode(),
            RELS: rels.replace("</Relationships>", relationship + "</Relationships>").encode(),
            SHEET: sheet.replace(cell, '<c r="C2" t="s"><v>0</v></c>').encode(),
        },
        add={"xl/sharedStrings.xml": strings.encode()},
    )


RELS, SHEET = "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"


def test_a_workbook_with_shared_strings_is_read(cast, directory):
    _, preview = preview_of(cast, _shared_strings_with("", text="Rushton"), name="members.xlsx")
    assert preview.rows[0].data["last_name"] == "Rushton"


XXE = '<!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
LAUGHS = (
    '<!DOCTYPE sst [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
    '<!ENTITY x "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]>'
)


@pytest.mark.parametrize("doctype", [XXE, LAUGHS], ids=["external-entity", "billion-laughs"])
def test_entities_in_a_workbook_are_refused(cast, directory, doctype):
    data = _shared_strings_with(doctype)
    assert refused(cast, data, "members.xlsx") == (
        "“members.xlsx” holds a document type declaration, which spreadsheets saved by Excel never do: it may be "
        "built to attack the server. Open it in your spreadsheet program and save it as CSV or as an Excel "
        "Workbook (.xlsx)."
    )
    # Behind that check, openpyxl reads XML through defusedxml, which refuses entities as well.
    with pytest.raises(ValueError, match="could not read strings") as error:
        openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    assert isinstance(error.value.__cause__, EntitiesForbidden)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(cast, directory):
    out = io.BytesIO(workbook_bytes(MEMBERS[:2]))
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as zf, zf.open("xl/media/image1.png", "w") as fh:
        chunk = bytes(hostile.MIB)
        for _ in range(128):
            fh.write(chunk)
    data = out.getvalue()
    assert len(data) < 1024 * 1024
    message = refused(cast, data, "members.xlsx")
    assert message.startswith("“members.xlsx” unpacks to more than 50 MB, far more than any list of this kind")


def test_a_zip_whose_sizes_lie_is_caught_as_it_unpacks(cast, directory):
    # A part that declares 1 KB and really unpacks to 64 MB: the declared sizes pass, and reading it stops
    # at the declared size and finds the data damaged.
    size = 64 * hostile.MIB
    deflated = hostile._zeros_deflated(size)[2:-4]  # raw deflate, as a zip stores it
    data = hostile._append_stored_deflate(workbook_bytes(MEMBERS[:1]), "xl/media/image1.png", deflated, 0, 1024)
    assert len(data) < 1024 * 1024
    assert refused(cast, data, "members.xlsx").startswith("“members.xlsx” is damaged and cannot be read.")


def test_a_file_over_the_size_limit_is_refused(cast, directory, client):
    big = csv_bytes([MEMBERS[0]] * 30_000)
    assert len(big) > 2 * 1024 * 1024
    assert refused(cast, big, "members.csv") == (
        "“members.csv” is larger than 2 MB, the most the portal accepts for a list. Save only the sheet with the "
        "list, as CSV, and upload that."
    )
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("boards:member_import", args=[cast.board.slug]), {"file": upload(big, "members.csv")}
    )
    assert response.status_code == 200
    assert "is larger than 2 MB" in response.content.decode()


def test_more_rows_than_the_limit_are_refused(cast, directory, settings):
    settings.MEMBER_IMPORT_MAX_ROWS = 20
    rows = [["", "First", f"Person{n}", "", "", "", "", "", ""] for n in range(21)]
    assert refused(cast, csv_bytes(rows), "members.csv").startswith("“members.csv” has more than 20 rows.")
    _, preview = preview_of(cast, csv_bytes(rows[:20]))
    assert len(preview.rows) == 20


def test_a_workbook_with_macros_is_refused_whatever_its_name(cast, directory):
    data = workbook_bytes(MEMBERS[:1])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        types = zf.read("[Content_Types].xml").replace(
            b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
        )
    macro = rewrite_zip(data, replace={"[Content_Types].xml": types}, add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"})
    for name in ("members.xlsm", "members.xlsx", "members.csv"):
        assert refused(cast, macro, name) == (
            f"“{name}” is a workbook with macros (.xlsm), which the portal does not open. Save it as an Excel "
            "Workbook (.xlsx) or as CSV, and upload that."
        )


@pytest.mark.parametrize(
    ("data", "starts"),
    [
        (hostile.pdf_plain(), "is a PDF, not a spreadsheet."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "is not a CSV file or an Excel workbook"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + hostile.random_bytes(2000), "is not a CSV file or an Excel workbook"),
        (bytes.fromhex("D0CF11E0A1B11AE1") + bytes(600), "is an older Excel file (.xls)"),
        (hostile.docx_bytes(["Minutes"]), "is a Word document, not a spreadsheet."),
        (hostile.zip_not_office(), "is a zip archive, not a spreadsheet."),
        (b"", "is empty."),
    ],
    ids=["pdf", "png", "program", "xls", "docx", "zip", "empty"],
)
def test_a_file_that_is_not_a_member_list_is_refused_by_its_contents(cast, directory, data, starts):
    assert refused(cast, data, "members.csv").startswith(f"“members.csv” {starts}")


def test_a_file_without_a_name_column_says_which_headings_it_needs(cast, directory):
    data = csv_bytes([["Police", "Member"]], header=["Organisation", "Role"])
    assert refused(cast, data, "list.csv") == (
        "“list.csv” has no column for people's names. Its first row (row 1) must name the columns, with “Last "
        "name” (and “First name”) or one “Name” column. Download the template to see the headings."
    )


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Cllr Rebecca Noblet", ("Cllr", "Rebecca", "Noblet", "")),
        ("Noblet, Rebecca", ("", "Rebecca", "Noblet", "")),
        ("County Councillor Gagen", ("County Councillor", "", "Gagen", "")),
        ("DI Sam Jones", ("DI", "Sam", "Jones", "")),
        ("Di Jones", ("", "Di", "Jones", "")),
        ("Dr. Karen Tate MBE", ("Dr.", "Karen", "Tate", "MBE")),
    ],
)
def test_a_whole_name_is_split_sensibly(name, parts):
    assert split_name(name) == parts


# Writing CSV --------------------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_member_export_escapes_cells_a_spreadsheet_would_run(client, cast):
    person = PersonFactory(
        honorific="@Cllr",
        first_name='=HYPERLINK("http://evil.example/","Click")',
        last_name="Hostile",
        job_title="-2+3",
        phone="+44 1772 530000",
        email="hostile@example.org",
    )
    MembershipFactory(board=cast.board, person=person, start_date=datetime.date(2015, 9, 17))
    client.force_login(cast.member)
    response = client.get(reverse("boards:member_export", args=[cast.board.slug]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="cpb-members-')
    assert response["Cache-Control"] == "private, no-store"
    rows = read_csv(response)
    assert rows[0] == [*TEMPLATE_HEADINGS, "Initials", "Voting"]
    [hostile_row] = [r for r in rows if r[2] == "Hostile"]
    assert hostile_row[:3] == ["'@Cllr", '\'=HYPERLINK("http://evil.example/","Click")', "Hostile"]
    assert hostile_row[6:10] == ["'-2+3", "hostile@example.org", "'+44 1772 530000", "2015-09-17"]
    assert len(rows) == 1 + Membership.objects.current().filter(board=cast.board).count()


def test_an_exported_list_imports_into_another_board_as_it_was(client, cast):
    person = PersonFactory(first_name="Jo", last_name="Turton", phone="+44 1772 530000", email="jo@example.org")
    MembershipFactory(
        board=cast.board,
        person=person,
        role=Role.CO_OPTED,
        co_opted_type="diocesan",
        start_date=datetime.date(2016, 1, 4),
    )
    client.force_login(cast.coordinator)
    exported = client.get(reverse("boards:member_export", args=[cast.board.slug])).content
    member_import = services.member_import_preview(
        user=SYSTEM, board=cast.other_board, uploaded_file=upload(exported, "cpb-members.csv")
    )
    assert member_import.ignored_columns == ["Initials", "Voting"]
    preview = preview_import(member_import=member_import, user=SYSTEM)
    [row] = [r for r in preview.rows if r.data["last_name"] == "Turton"]
    assert (row.outcome, row.suggested) == (MATCH, person.pk)
    assert (row.data["phone"], row.data["role"], row.data["co_opted_type"], row.data["start_date"]) == (
        "+44 1772 530000",
        "co_opted",
        "diocesan",
        "2016-01-04",
    )


def test_member_export_is_for_those_who_see_the_roster(client, cast):
    url = reverse("boards:member_export", args=[cast.board.slug])
    for user, status in ((cast.outsider, 403), (cast.other_coordinator, 403), (cast.chair, 200)):
        client.force_login(user)
        assert client.get(url).status_code == status


def test_template_has_the_columns_the_import_page_lists(client, cast):
    client.force_login(cast.coordinator)
    template = client.get(reverse("boards:member_import_template", args=[cast.board.slug]))
    assert read_csv(template) == [TEMPLATE_HEADINGS]
    page = client.get(reverse("boards:member_import", args=[cast.board.slug])).content.decode()
    listed = [h for h in TEMPLATE_HEADINGS if f"<dt>{h}" in page]
    assert listed == TEMPLATE_HEADINGS
    assert "<dt>Last name (required)</dt>" in page
    assert "up to 2 MB and 1,000 rows" in page
    assert reverse("boards:member_import_template", args=[cast.board.slug]) in page


# Pages ----------------------------------------------------------------------------------------------------

ROLES = ["anonymous", "outsider", "member", "chair", "coordinator", "superuser", "other_coordinator"]


@pytest.mark.parametrize("role", ROLES)
def test_only_the_boards_coordinators_reach_the_import_pages(client, cast, directory, role):
    member_import, _ = preview_of(cast, csv_bytes(MEMBERS))
    expected = 200 if role in ("coordinator", "superuser") else 302 if role == "anonymous" else 403
    if cast.user(role):
        client.force_login(cast.user(role))
    slug = cast.board.slug
    for url in (
        reverse("boards:member_import", args=[slug]),
        reverse("boards:member_import_template", args=[slug]),
        reverse("boards:member_import_preview", args=[slug, member_import.pk]),
    ):
        assert client.get(url).status_code == expected, url
    if expected == 403:
        before = counts()
        response = client.post(
            reverse("boards:member_import_preview", args=[slug, member_import.pk]),
            {"version": "x", "row_4": "new", "row_3": "new"},
        )
        assert response.status_code == 403
        assert counts() == before
        assert client.post(reverse("boards:member_import_discard", args=[slug, member_import.pk])).status_code == 403
        response = client.post(reverse("boards:member_import", args=[slug]), {"file": upload(csv_bytes(MEMBERS))})
        assert response.status_code == 403
        assert MemberImport.objects.count() == 1


def test_an_import_of_another_board_is_not_found_under_this_one(client, cast, directory):
    MembershipFactory(board=cast.other_board, person=cast.coordinator.person, role=Role.COORDINATOR)
    member_import = services.member_import_preview(
        user=SYSTEM, board=cast.other_board, uploaded_file=upload(csv_bytes(MEMBERS))
    )
    client.force_login(cast.coordinator)
    url = reverse("boards:member_import_preview", args=[cast.board.slug, member_import.pk])
    assert client.get(url).status_code == 404


def test_upload_preview_and_confirm_through_the_pages(client, cast, directory):
    client.force_login(cast.coordinator)
    board_page = client.get(cast.board.get_absolute_url()).content.decode()
    assert reverse("boards:member_import", args=[cast.board.slug]) in board_page
    assert reverse("boards:member_export", args=[cast.board.slug]) in board_page

    response = client.post(
        reverse("boards:member_import", args=[cast.board.slug]), {"file": upload(csv_bytes(MEMBERS))}
    )
    member_import = MemberImport.objects.get()
    assert response.status_code == 302 and response.url == member_import.get_absolute_url()
    page = client.get(response.url)
    html = page.content.decode()
    assert "Nothing has been saved yet." in html
    assert "Row 7: the start date “31/02/2016” is not a date." in html
    assert "Row 8: the role “Treasurer” is not one the portal knows." in html
    assert "Create “NHS Chorley and South Ribble CCG” (rows 4, 9)" in html
    assert "Row 4: is Dr Karen Tate someone already in the directory? (matched by name)" in html
    version = page.context["preview"].version

    # The name match needs an answer: nothing is imported without one.
    before = counts()
    response = client.post(member_import.get_absolute_url(), {"version": version, "row_3": str(directory["atkins"].pk)})
    assert response.status_code == 200
    assert "Say whether row 4 is someone already in the directory." in response.content.decode()
    assert counts() == before

    form = {
        "version": version,
        "row_3": str(directory["atkins"].pk),
        "row_4": str(directory["tate"].pk),
        "organisations": ["nhs chorley and south ribble ccg"],
    }
    response = client.post(member_import.get_absolute_url(), form, follow=True)
    html = response.content.decode()
    assert "13 members added to CPB (11 new to the directory). 2 rows were left out: see why below." in html
    assert "Rows left out (2)" in html
    assert counts()[1] == before[1] + 13

    # The same form sent again (a second click, or the back button) changes nothing.
    after = counts()
    response = client.post(member_import.get_absolute_url(), form, follow=True)
    assert "This file was already imported on" in response.content.decode()
    assert counts() == after


def test_the_message_after_confirming_counts_one_of_each_in_the_singular(client, cast, directory):
    member = cast.member.person
    rows = [
        MEMBERS[9],  # Kieran Curran: new
        MEMBERS[6],  # Tony Morrissey, "Treasurer": left out
        ["", member.first_name, member.last_name, "", "Member", "", "", "", ""],  # on the board already
    ]
    member_import, preview = preview_of(cast, csv_bytes(rows))
    client.force_login(cast.coordinator)
    response = client.post(member_import.get_absolute_url(), {"version": preview.version}, follow=True)
    assert (
        "1 member added to CPB (1 new to the directory). 1 was already on the board. 1 row was left out: see why below."
    ) in response.content.decode()


def test_a_stale_preview_is_shown_again_with_what_changed(client, cast, directory):
    client.force_login(cast.coordinator)
    member_import, preview = preview_of(cast, csv_bytes(MEMBERS[9:10]))
    PersonFactory(first_name="Kieran", last_name="Curran")
    before = counts()
    response = client.post(member_import.get_absolute_url(), {"version": preview.version})
    assert response.status_code == 409
    html = response.content.decode()
    assert "The directory or the board changed while you were checking this preview." in html
    assert "Row 2: is Kieran Curran someone already in the directory? (matched by name)" in html
    assert counts() == before


def test_discard_through_the_page(client, cast, directory):
    member_import, _ = preview_of(cast, csv_bytes(MEMBERS))
    client.force_login(cast.coordinator)
    response = client.post(reverse("boards:member_import_discard", args=[cast.board.slug, member_import.pk]))
    assert response.status_code == 302 and response.url == reverse("boards:member_import", args=[cast.board.slug])
    member_import.refresh_from_db()
    assert member_import.status == ImportStatus.DISCARDED
    page = client.get(member_import.get_absolute_url()).content.decode()
    assert "This preview was discarded: nothing was imported from it." in page


def test_preview_page_query_count_does_not_grow_with_rows(client, cast, directory, django_assert_num_queries):
    client.force_login(cast.coordinator)

    def rows(n):
        people = [["", "First", f"Member{i}", "LCC", "Member", "", f"m{i}@example.org", "", ""] for i in range(n)]
        return [*MEMBERS, *people]

    small, _ = preview_of(cast, csv_bytes(rows(2)))
    for i in range(30):
        MembershipFactory(board=cast.other_board, person=PersonFactory(first_name="First", last_name=f"Member{i}"))
    large, _ = preview_of(cast, csv_bytes(rows(40)))
    client.get(small.get_absolute_url())  # the session warmed
    with CaptureQueriesContext(connection) as first:
        response = client.get(small.get_absolute_url())
    assert response.status_code == 200
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(large.get_absolute_url())
    assert len(response.context["preview"].rows) == 55
    assert response.context["preview"].count(MATCH) == 2 + 30


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="locks are proved on PostgreSQL only")
def test_two_confirmations_at_once_import_once(cast, directory):
    from meetings.tests.test_concurrency import at_once

    member_import, preview = preview_of(cast, csv_bytes(MEMBERS))
    people, seats, _ = counts()

    def confirm():
        return services.member_import_confirm(
            user=User.objects.get(pk=cast.coordinator.pk),
            member_import=MemberImport.objects.get(pk=member_import.pk),
            choices={"people": {4: directory["tate"].pk}},
            version=preview.version,
        ).pk

    results = at_once(2, confirm)
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1 and getattr(refused[0], "code", None) == "closed", results
    # Rows 4 and 9 name an organisation nobody ticked, rows 7 and 8 are bad: 10 new people and Sarah Atkins.
    assert counts()[:2] == (people + 10, seats + 11)
