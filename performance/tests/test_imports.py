"""Importing figures from a spreadsheet: the check names every bad row and why, nothing is saved until the
file is imported, importing the same file twice changes nothing, the file the indicator page exports imports
back unchanged, and hostile files are refused.

The files are made here as a clerk's spreadsheet program (or an attacker) would write them, and go through the
same services the pages use. Row numbers are the spreadsheet's: the headings are row 1.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from boards.tests.factories import UserFactory
from core.models import ActivityLog
from core.permissions import SYSTEM
from performance import imports
from performance.enums import Frequency, ImportStatus, ObservationStatus, PeriodBasis, Unit
from performance.models import Observation, ObservationImport
from performance.tests.factories import IndicatorFactory, england, north_west, record
from testsupport import hostile

pytestmark = pytest.mark.django_db

HEADER = ["Indicator code", "Area", "Period", "Value", "Status", "Data-quality note"]
# The columns of the CSV file an indicator's page exports.
EXPORT_HEADER = [
    "Indicator code",
    "Indicator",
    "Area",
    "Period",
    "Period starts",
    "Period ends",
    "Value",
    "Numerator",
    "Denominator",
    "Status",
    "Data-quality note",
    "Revision",
    "Entered",
]


def csv_bytes(rows, header=HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def upload(data: bytes, name: str = "figures.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def check(user, board, data: bytes, name: str = "figures.csv") -> ObservationImport:
    return imports.check_import(user=user, board=board, upload=upload(data, name))


def errors_by_row(observation_import) -> dict[int, list[str]]:
    return {row["number"]: row["errors"] for row in observation_import.bad_rows}


def figures_state() -> tuple:
    """Everything an import could change: the figures, their revisions and their history."""
    rows = Observation.objects.order_by("pk").values_list("pk", "value", "status", "revision", "quality_note")
    return list(rows), Observation.history.count()


@pytest.fixture
def board(cast):
    """Three indicators of the Children's Partnership Board, from its 2015/16 annual report: child sexual
    exploitation referrals (annual, compared with England, led by a data lead from the police), attendance at
    board meetings (a percentage, quarterly) and children in need (annual)."""
    cast.lead = UserFactory(email="data.lead@example.org")
    cast.cse = IndicatorFactory(
        board=cast.board,
        code="CSE",
        name="Child sexual exploitation referrals",
        unit=Unit.COUNT,
        frequency=Frequency.ANNUAL,
        comparators=[england()],
        lead=cast.lead.person,
    )
    cast.att = IndicatorFactory(
        board=cast.board,
        code="ATT",
        name="Attendance at board meetings",
        unit=Unit.PERCENTAGE,
        decimals=1,
        frequency=Frequency.QUARTERLY,
    )
    cast.cin = IndicatorFactory(board=cast.board, code="CIN", name="Children in need", frequency=Frequency.ANNUAL)
    record(cast.cse, "2014/15", 1412)
    return cast


# The check ------------------------------------------------------------------------------------------------

BAD_FILE = [
    ["CSE", "Lancashire", "2015/16", "1,744", "", ""],  # 2: good, new
    ["NOPE", "Lancashire", "2015/16", "12", "", ""],  # 3: no such indicator
    ["CSE", "Lancashire", "Q1 2015/16", "400", "", ""],  # 4: a quarter, for an annual indicator
    ["ATT", "", "Q1 2015/16", "lots", "", ""],  # 5: not a number
    ["ATT", "", "Q2 2015/16", "104.5", "", ""],  # 6: not a percentage
    ["ATT", "", "Q3 2015/16", "tbc", "", ""],  # 7: good: not yet available
    ["CSE", "England", "2015/16", "N/A", "", ""],  # 8: good: not collected
]


def test_a_bad_file_is_reported_row_by_row_and_nothing_is_saved(board):
    before = figures_state()
    checked = check(board.coordinator, board.board, csv_bytes(BAD_FILE))
    assert figures_state() == before
    assert checked.status == ImportStatus.CHECKED
    assert errors_by_row(checked) == {
        3: ["Row 3: CPB has no indicator with the code or name “NOPE”."],
        4: ["Row 4: “Q1 2015/16” is a quarter; this indicator is reported annually: write a financial year (2015/16)."],
        5: [
            "Row 5: the value “lots” is not a number. Write it as 1744 or 74.6, or leave it blank and give a "
            "status saying why there is no figure."
        ],
        6: ["Row 6: 104.5% is not a percentage: a percentage is between 0 and 100."],
    }
    good = {row["number"]: row for row in checked.good_rows}
    assert sorted(good) == [2, 7, 8]
    assert (good[2]["indicator"], good[2]["area"], good[2]["period_label"], good[2]["value"]) == (
        "CSE",
        "Lancashire",
        "2015/16",
        "1744",
    )
    assert (good[7]["status"], good[7]["value"]) == (ObservationStatus.NOT_YET_AVAILABLE, None)
    assert (good[8]["status"], good[8]["area"]) == (ObservationStatus.NOT_COLLECTED, "England")
    assert {row["outcome"] for row in good.values()} == {"new"}
    # What was read is kept, to show beside the reasons.
    bad = {row["number"]: row for row in checked.bad_rows}
    assert bad[5]["cells"] == [
        ["Indicator code", "ATT"],
        ["Area", ""],
        ["Period", "Q1 2015/16"],
        ["Value", "lots"],
        ["Status", ""],
        ["Data-quality note", ""],
    ]


def test_nothing_is_imported_until_the_file_is_valid_or_the_bad_rows_are_left_out(board):
    checked = check(board.coordinator, board.board, csv_bytes(BAD_FILE))
    before = figures_state()
    with pytest.raises(ValidationError, match=r"Nothing was imported: 4 rows need correcting\."):
        imports.apply_import(user=board.coordinator, observation_import=checked)
    assert figures_state() == before
    checked.refresh_from_db()
    assert checked.status == ImportStatus.CHECKED

    summary = imports.apply_import(user=board.coordinator, observation_import=checked, valid_rows_only=True)
    assert summary == {"created": 3, "revised": 0, "unchanged": 0, "skipped": [3, 4, 5, 6]}
    assert imports.summary_text(summary) == "3 new figures, 0 revised, 0 unchanged; 4 rows left out."
    figures = {
        (o.indicator.code, o.area.name, o.period.label): (o.value, o.status)
        for o in Observation.objects.select_related("indicator", "area", "period")
    }
    assert figures == {
        ("CSE", "Lancashire", "2014/15"): (D(1412), ObservationStatus.ACTUAL),
        ("CSE", "Lancashire", "2015/16"): (D(1744), ObservationStatus.ACTUAL),
        ("ATT", "Lancashire", "Q3 2015/16"): (None, ObservationStatus.NOT_YET_AVAILABLE),
        ("CSE", "England", "2015/16"): (None, ObservationStatus.NOT_COLLECTED),
    }
    imported = Observation.objects.get(indicator=board.cse, period__label="2015/16", area__name="Lancashire")
    assert imported.source_import == checked
    assert imported.history.get().history_change_reason == "Imported from figures.csv"
    checked.refresh_from_db()
    assert (checked.status, checked.summary) == (ImportStatus.IMPORTED, summary)
    logged = ActivityLog.objects.filter(object_id=checked.pk, action__startswith="performance.import.")
    actions = list(logged.order_by("pk").values_list("action", flat=True))
    assert actions == ["performance.import.checked", "performance.import.imported"]


def test_a_corrected_file_imports_all_its_rows(board):
    checked = check(board.coordinator, board.board, csv_bytes([BAD_FILE[0], BAD_FILE[5]]))
    assert checked.bad_rows == []
    summary = imports.apply_import(user=board.coordinator, observation_import=checked)
    assert summary == {"created": 2, "revised": 0, "unchanged": 0, "skipped": []}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["CSE", "Atlantis", "2015/16", "5", "", ""], "Row 2: there is no area called “Atlantis”."),
        (["CSE", "North West", "2015/16", "5", "", ""], "Row 2: CSE is not measured or compared for North West."),
        (["CSE", "", "2015/16", "5", "Guessed", ""], "Row 2: the status “Guessed” is not one the portal knows."),
        (
            ["CSE", "", "2015/16", "5", "Not yet available", ""],
            "Row 2: A figure marked “Not yet available” has no value",
        ),
        (["CSE", "", "", "5", "", ""], "Row 2: The period is missing."),
        (["CSE", "", "2015", "5", "", ""], "Row 2: “2015” is a calendar year; this indicator is reported annually"),
        (["", "", "2015/16", "5", "", ""], "Row 2 names no indicator: give its code"),
        (["CSE", "", "2015/16", "", "Actual", ""], "Row 2: Enter the figure, or choose a status saying why"),
        (["CSE", "", "2015/16", "5", "", "x" * 501], "Row 2: the data-quality note is longer than 500 characters."),
    ],
)
def test_each_bad_row_says_why_in_a_clerks_words(board, row, message):
    north_west()
    checked = check(board.coordinator, board.board, csv_bytes([row]))
    (errors,) = errors_by_row(checked).values()
    assert any(error.startswith(message) for error in errors), errors


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("tbc", ObservationStatus.NOT_YET_AVAILABLE),
        ("TBC", ObservationStatus.NOT_YET_AVAILABLE),
        ("Data not currently available", ObservationStatus.NOT_YET_AVAILABLE),
        ("N/A", ObservationStatus.NOT_COLLECTED),
        ("Under review", ObservationStatus.UNDER_REVIEW),
        ("*", ObservationStatus.SUPPRESSED),
        ("suppressed", ObservationStatus.SUPPRESSED),
    ],
)
def test_words_in_the_value_column_are_read_as_the_status_they_mean(board, value, status):
    checked = check(board.coordinator, board.board, csv_bytes([["CIN", "", "2015/16", value, "", ""]]))
    (row,) = checked.good_rows
    assert (row["status"], row["value"]) == (status, None)


def test_statuses_are_read_by_their_name_whatever_the_case(board):
    rows = [
        ["CIN", "", "2013/14", "9100", "provisional", ""],
        ["CIN", "", "2014/15", "", "NOT YET AVAILABLE", ""],
        ["CIN", "", "2015/16", "9,200", "Final", ""],
    ]
    checked = check(board.coordinator, board.board, csv_bytes(rows))
    assert [row["status"] for row in checked.good_rows] == [
        ObservationStatus.PROVISIONAL,
        ObservationStatus.NOT_YET_AVAILABLE,
        ObservationStatus.ACTUAL,
    ]


def test_the_same_figure_twice_in_one_file_makes_both_rows_bad(board):
    rows = [
        ["CSE", "Lancashire", "2015/16", "1744", "", ""],
        ["CIN", "", "2015/16", "9100", "", ""],
        ["ATT", "", "Q1 2015/16", "80", "", ""],
        ["cse", "", "2015/16", "1745", "", ""],  # the same indicator (by its code in any case), area and period
    ]
    checked = check(board.coordinator, board.board, csv_bytes(rows))
    message = (
        "CSE for Lancashire, 2015/16 appears twice: rows 2 and 5. Keep the row with the right figure and delete "
        "the other."
    )
    assert errors_by_row(checked) == {2: [f"Row 2: {message}"], 5: [f"Row 5: {message}"]}


def test_indicators_are_found_by_code_or_exact_name_and_headings_loosely(board):
    rows = [
        ["A title row, as clerks add above a table"],
        ["Code", "Period", "Figure", "Notes", "RAG"],
        ["att", "Q4 2015/16", "67%", "Two meetings inquorate", "Red"],
        ["Children in need", "2015/16", "9100", "", ""],
    ]
    checked = check(board.coordinator, board.board, csv_bytes(rows[1:], header=rows[0]))
    assert errors_by_row(checked) == {}
    assert [(r["indicator"], r["value"], r["note"]) for r in checked.good_rows] == [
        ("ATT", "67", "Two meetings inquorate"),
        ("CIN", "9100", ""),
    ]
    assert checked.notes == [
        "These columns were not read: “RAG”.",
        "The headings are in row 2; row 1 above them was not read.",
    ]


def test_a_revision_is_predicted_and_imported_with_the_files_name_as_its_reason(board):
    rows = [["CSE", "Lancashire", "2014/15", "1420", "", "Validated return"]]
    checked = check(board.coordinator, board.board, csv_bytes(rows), name="CSE return 2014-15.csv")
    (row,) = checked.good_rows
    assert (row["outcome_kind"], row["outcome"]) == ("change", "changes 1412 → 1420")
    summary = imports.apply_import(user=board.coordinator, observation_import=checked)
    assert summary["revised"] == 1
    figure = Observation.objects.get(indicator=board.cse, period__label="2014/15")
    assert (figure.value, figure.revision, figure.revision_reason) == (
        D(1420),
        2,
        "Imported from CSE return 2014-15.csv",
    )
    assert figure.quality_note == "Validated return"


def test_a_figure_worked_out_from_its_numerator_and_denominator(board):
    rows = [["ATT", "", "Q1 2015/16", "", "", "", "16", "20"]]
    checked = check(board.coordinator, board.board, csv_bytes(rows, header=[*HEADER, "Numerator", "Denominator"]))
    (row,) = checked.good_rows
    assert (row["value"], row["stored"], row["numerator"], row["denominator"]) == (None, "80", "16", "20")
    imports.apply_import(user=board.coordinator, observation_import=checked)
    assert Observation.objects.get(indicator=board.att).value == D(80)


# The same file twice, and the export ---------------------------------------------------------------------


def test_importing_the_same_file_again_changes_nothing(board):
    data = csv_bytes([BAD_FILE[0], BAD_FILE[5], BAD_FILE[6], ["CSE", "", "2014/15", "1420", "", "Validated"]])
    first = check(board.coordinator, board.board, data)
    imports.apply_import(user=board.coordinator, observation_import=first)
    before = figures_state()

    again = check(board.coordinator, board.board, data)
    assert {row["outcome"] for row in again.rows} == {"unchanged"}
    summary = imports.apply_import(user=board.coordinator, observation_import=again)
    assert summary == {"created": 0, "revised": 0, "unchanged": 4, "skipped": []}
    assert figures_state() == before
    # The figures still say which file they came from: the first.
    assert set(Observation.objects.exclude(source_import=None).values_list("source_import", flat=True)) == {first.pk}


def export_rows(indicators) -> list[list[str]]:
    """The rows an indicator's page exports: every figure of its series, comparators too."""
    rows = []
    for indicator in indicators:
        for o in Observation.objects.filter(indicator=indicator).select_related("area", "period").order_by("pk"):
            rows.append(
                [
                    indicator.code,
                    indicator.name,
                    o.area.name,
                    o.period.label,
                    o.period.start.isoformat(),
                    o.period.end.isoformat(),
                    "" if o.value is None else f"{o.value.normalize():f}",
                    "" if o.numerator is None else f"{o.numerator.normalize():f}",
                    "" if o.denominator is None else f"{o.denominator.normalize():f}",
                    o.get_status_display(),
                    o.quality_note,
                    str(o.revision),
                    o.entered_at.strftime("%d/%m/%Y %H:%M"),
                ]
            )
    return rows


def test_the_file_an_indicator_page_exports_imports_back_unchanged(board):
    record(board.cse, "2014/15", 1420, reason="Validated", quality_note="Validated return")  # revision 2
    record(board.cse, "2015/16", 1744, status=ObservationStatus.PROVISIONAL)
    record(board.cse, "2015/16", None, area=england(), status=ObservationStatus.NOT_COLLECTED)
    for period, value in [("Q1 2015/16", "79.9"), ("Q4 2015/16", "61.0"), ("2015/16", "74.6")]:
        record(board.att, period, value)
    record(board.att, "Q2 2015/16", None, numerator=16, denominator=21, quality_note="Two meetings inquorate")
    record(board.att, "Q3 2015/16", None, status=ObservationStatus.UNDER_REVIEW)
    academic = IndicatorFactory(
        board=board.board, code="KS2", unit=Unit.PERCENTAGE, decimals=0, basis=PeriodBasis.ACADEMIC
    )
    record(academic, "2015/16", 53)
    snapshot = IndicatorFactory(board=board.board, code="CLA", basis=PeriodBasis.SNAPSHOT)
    record(snapshot, "as at 31 March 2016", 1691)
    before = figures_state()
    rows = export_rows([board.cse, board.att, academic, snapshot])
    assert {row[3] for row in rows} >= {"2015/16 (academic year)", "as at 31 March 2016", "Q2 2015/16"}

    checked = check(board.coordinator, board.board, csv_bytes(rows, header=EXPORT_HEADER), name="CSE.csv")
    assert errors_by_row(checked) == {}
    assert [row["outcome"] for row in checked.rows] == ["unchanged"] * len(rows)
    assert checked.notes == [
        "The “Indicator” column was not read: indicators are found by their code.",
        "These columns were not read: “Period starts”, “Period ends”, “Revision”, “Entered”.",
    ]
    summary = imports.apply_import(user=board.coordinator, observation_import=checked)
    assert summary == {"created": 0, "revised": 0, "unchanged": len(rows), "skipped": []}
    assert figures_state() == before


# Twice at once, changed since, and who may import ------------------------------------------------------------


def test_an_import_confirmed_twice_imports_once(board):
    checked = check(board.coordinator, board.board, csv_bytes([BAD_FILE[0]]))
    stale = ObservationImport.objects.get(pk=checked.pk)  # a second tab, opened before the first import
    imports.apply_import(user=board.coordinator, observation_import=checked)
    before = figures_state()
    with pytest.raises(ValidationError, match="was already imported on") as refused:
        imports.apply_import(user=board.coordinator, observation_import=stale)
    assert refused.value.code == "closed"
    assert figures_state() == before
    with pytest.raises(ValidationError, match="already imported"):
        imports.discard_import(user=board.coordinator, observation_import=stale)


def test_a_figure_changed_since_the_check_imports_nothing_and_names_the_row(board):
    rows = [["CIN", "", "2015/16", "9100", "", ""], ["CSE", "", "2015/16", "1744", "", ""]]
    checked = check(board.coordinator, board.board, csv_bytes(rows))
    record(board.cse, "2015/16", 1700)  # entered on the data-entry page meanwhile
    before = figures_state()
    with pytest.raises(ValidationError) as refused:
        imports.apply_import(user=board.coordinator, observation_import=checked)
    assert refused.value.messages == [
        "Nothing was imported: row 3 (CSE, Lancashire, 2015/16) has changed since the file was checked: the check "
        "said “new”, importing it now would be “changes 1700 → 1744”. Upload the file again to check it against "
        "the figures as they are now."
    ]
    assert figures_state() == before  # row 2, recorded first, was rolled back
    checked.refresh_from_db()
    assert checked.status == ImportStatus.CHECKED


def test_a_row_that_can_no_longer_be_recorded_imports_nothing(board):
    rows = [["CIN", "", "2015/16", "9100", "", ""], ["CSE", "England", "2015/16", "30000", "", ""]]
    checked = check(board.coordinator, board.board, csv_bytes(rows))
    board.cse.comparators.clear()  # England is no longer compared
    before = figures_state()
    with pytest.raises(
        ValidationError, match=r"row 3 cannot be recorded now: CSE is not measured or compared for England"
    ):
        imports.apply_import(user=board.coordinator, observation_import=checked)
    assert figures_state() == before


def test_a_data_lead_imports_only_the_indicators_they_lead(board):
    rows = [["CSE", "", "2015/16", "1744", "", ""], ["ATT", "", "Q1 2015/16", "80", "", ""]]
    checked = check(board.lead, board.board, csv_bytes(rows))
    assert errors_by_row(checked) == {
        3: ["Row 3: you do not enter figures for ATT. Its data lead or the board's coordinator can import them."]
    }
    summary = imports.apply_import(user=board.lead, observation_import=checked, valid_rows_only=True)
    assert summary == {"created": 1, "revised": 0, "unchanged": 0, "skipped": [3]}
    assert not Observation.objects.filter(indicator=board.att).exists()


@pytest.mark.parametrize("role", ["member", "chair", "outsider", "other_coordinator"])
def test_those_who_enter_no_figures_cannot_import(board, role):
    with pytest.raises(PermissionDenied):
        check(board.user(role), board.board, csv_bytes([BAD_FILE[0]]))
    checked = check(board.coordinator, board.board, csv_bytes([BAD_FILE[0]]))
    with pytest.raises(PermissionDenied):
        imports.apply_import(user=board.user(role), observation_import=checked)
    with pytest.raises(PermissionDenied):
        imports.discard_import(user=board.user(role), observation_import=checked)
    assert ObservationImport.objects.get().status == ImportStatus.CHECKED


def test_a_discarded_check_imports_nothing(board):
    checked = check(board.coordinator, board.board, csv_bytes([BAD_FILE[0]]))
    imports.discard_import(user=board.coordinator, observation_import=checked)
    with pytest.raises(ValidationError, match="was discarded and nothing was imported"):
        imports.apply_import(user=board.coordinator, observation_import=checked)
    assert Observation.objects.count() == 1
    assert ActivityLog.objects.filter(action="performance.import.discarded", object_id=checked.pk).exists()


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="locks are proved on PostgreSQL only")
def test_two_imports_at_once_import_once(board):
    from boards.models import User
    from meetings.tests.test_concurrency import at_once

    checked = check(board.coordinator, board.board, csv_bytes([["CSE", "", "2014/15", "1420", "", ""]]))

    def apply():
        return imports.apply_import(
            user=User.objects.get(pk=board.coordinator.pk),
            observation_import=ObservationImport.objects.get(pk=checked.pk),
        )

    results = at_once(2, apply)
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1 and getattr(refused[0], "code", None) == "closed", results
    assert Observation.objects.get(indicator=board.cse).revision == 2


# Hostile files -------------------------------------------------------------------------------------------------


def workbook_bytes(rows, header=HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_formula_cell_is_a_bad_row_and_never_worked_out(board):
    data = workbook_bytes(
        [
            ["CSE", "Lancashire", "2015/16", "=SUM(A1:A9)*1000"],
            ["CIN", "Lancashire", "2015/16", 9100, '=HYPERLINK("http://evil.example/","Actual")'],
            ["ATT", "", "Q1 2015/16", 79.9],
        ]
    )
    checked = check(board.coordinator, board.board, data, name="figures.xlsx")
    assert errors_by_row(checked) == {
        2: [
            "Row 2: the value cell holds a formula (=SUM(A1:A9)*1000), which the portal does not work out: type the "
            "value instead."
        ],
        3: [
            'Row 3: the status cell holds a formula (=HYPERLINK("http://evil.example/","Actual")), which the portal '
            "does not work out: type the value instead."
        ],
    }
    (good,) = checked.good_rows
    assert (good["indicator"], good["value"]) == ("ATT", "79.9")


def test_a_month_a_spreadsheet_program_turned_into_a_date_is_read_as_the_month(board):
    import datetime

    monthly = IndicatorFactory(board=board.board, code="MISSING", frequency=Frequency.MONTHLY)
    snapshot = IndicatorFactory(board=board.board, code="CLA", basis=PeriodBasis.SNAPSHOT)
    data = workbook_bytes(
        [
            ["MISSING", "", datetime.datetime(2015, 4, 1), 12],
            ["CLA", "", datetime.datetime(2016, 3, 31), 1691],
            ["MISSING", "", "May 2015", 9],
        ]
    )
    checked = check(board.coordinator, board.board, data, name="figures.xlsx")
    assert errors_by_row(checked) == {}
    assert [(r["indicator"], r["period_label"]) for r in checked.good_rows] == [
        (monthly.code, "April 2015"),
        (snapshot.code, "as at 31 March 2016"),
        (monthly.code, "May 2015"),
    ]


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (hostile.pdf_plain(), "figures.csv", "“figures.csv” is a PDF, not a spreadsheet."),
        (b"MZ\x90\x00\x03" + hostile.random_bytes(2000), "figures.csv", "“figures.csv” is not a CSV file"),
        (b"", "figures.csv", "“figures.csv” is empty."),
        (csv_bytes([["Lancashire", "1744"]], header=["Area", "Value"]), "a.csv", "“a.csv” has no columns naming"),
        (csv_bytes([], header=HEADER), "a.csv", "“a.csv” has headings but no rows of figures under them."),
        (csv_bytes([["CSE", "", "2015/16", "", "", ""]]), "a.csv", "“a.csv” has no figures: fill in the Value"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_and_nothing_is_kept(board, data, name, reason):
    with pytest.raises(ValidationError) as refused:
        check(board.coordinator, board.board, data, name=name)
    assert refused.value.message_dict["file"][0].startswith(reason)
    assert not ObservationImport.objects.exists()


def test_a_workbook_with_macros_is_refused(board):
    data = workbook_bytes([["CSE", "", "2015/16", 1744]])
    out = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
        dst.writestr("xl/vbaProject.bin", b"\x00" * 64)
    with pytest.raises(ValidationError, match="is a workbook with macros"):
        check(board.coordinator, board.board, out.getvalue(), name="figures.csv")
    assert not ObservationImport.objects.exists()


def test_rows_of_the_template_left_blank_are_left_out_and_said_so(board):
    rows = [
        ["CSE", "Lancashire", "2015/16", "1744", "", ""],
        ["ATT", "Lancashire", "Q4 2015/16", "", "", ""],
        ["CIN", "Lancashire", "2015/16", "", "", ""],
    ]
    checked = check(board.coordinator, board.board, csv_bytes(rows))
    assert [row["number"] for row in checked.rows] == [2]
    assert checked.notes == ["Rows 3 and 4 give no figure (nor a status) and were left out."]


def test_the_template_lists_the_indicators_with_their_latest_period(board):
    import datetime

    rows = imports.template_rows(board.coordinator, board.board, datetime.date(2016, 6, 1))
    assert rows == [
        ["ATT", "Attendance at board meetings", "Lancashire", "Q4 2015/16", "", "", "", "", ""],
        ["CIN", "Children in need", "Lancashire", "2015/16", "", "", "", "", ""],
        ["CSE", "Child sexual exploitation referrals", "Lancashire", "2015/16", "", "", "", "", ""],
    ]
    assert imports.template_rows(board.lead, board.board, datetime.date(2016, 6, 1)) == rows[2:]
    # The template, filled in, imports as it is.
    filled = [[*row[:4], "10", *row[5:]] for row in rows]
    checked = check(SYSTEM, board.board, csv_bytes(filled, header=imports.TEMPLATE_HEADINGS))
    assert errors_by_row(checked) == {}
    assert len(checked.good_rows) == 3
