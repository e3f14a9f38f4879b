"""The data-entry page and the figures import pages: who may open each, the figures missing and overdue for
a period, saving a figure (and the reason a revision needs, with what was typed kept when it is refused),
uploading a file, its report, importing it (once, however often the button is pressed) and discarding it."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boards.models import Membership
from boards.tests.factories import UserFactory
from performance.enums import Frequency, ImportStatus, ObservationStatus, Unit
from performance.models import Observation, ObservationImport
from performance.tests.factories import IndicatorFactory, record
from performance.tests.test_imports import BAD_FILE, csv_bytes
from performance.views.entry import period_param
from testsupport import hostile

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "member", "chair", "coordinator", "other_coordinator", "superuser", "lead"]
OK, DENIED, MISSING, LOGIN = 200, 403, 404, 302
# Board members who enter no figures are refused; anyone else is told there is no such page.
ENTERERS = [LOGIN, MISSING, DENIED, DENIED, OK, MISSING, OK, OK]

Q4 = "quarter:financial:2017-01-01"  # Q4 2016/17: January to March 2017
YEAR = "year:financial:2016-04-01"  # 2016/17


@pytest.fixture
def world(cast, clock):
    """1 June 2017. The board's quarterly figures for Q4 2016/17 were due on 12 May (42 days after the
    quarter); child protection plans are given 90 days. Attendance is in; the assessments figure is missing
    and overdue; the child protection figure is missing, not yet due. Child sexual exploitation referrals
    (annual) are led by a data lead from the police, who sits on no board."""
    clock.now = datetime.datetime(2017, 6, 1, 9, tzinfo=datetime.UTC)
    Membership.objects.update(start_date=datetime.date(2010, 1, 1))
    cast.lead = UserFactory(email="data.lead@example.org")
    board = cast.board
    cast.att = IndicatorFactory(
        board=board, code="ATT", name="Attendance at board meetings", unit=Unit.PERCENTAGE, decimals=1,
        frequency=Frequency.QUARTERLY, position=1,
    )  # fmt: skip
    cast.assess = IndicatorFactory(
        board=board, code="ASSESS", name="Assessments completed in 45 days", unit=Unit.PERCENTAGE, decimals=1,
        frequency=Frequency.QUARTERLY, position=2,
    )  # fmt: skip
    cast.cp = IndicatorFactory(
        board=board, code="CP", name="Children on a child protection plan", frequency=Frequency.QUARTERLY,
        days_to_report=90, position=3,
    )  # fmt: skip
    cast.cse = IndicatorFactory(
        board=board, code="CSE", name="Child sexual exploitation referrals", frequency=Frequency.ANNUAL,
        lead=cast.lead.person, position=4,
    )  # fmt: skip
    record(cast.att, "Q4 2016/17", "67", status=ObservationStatus.PROVISIONAL)
    record(cast.cse, "2015/16", 1412)
    return cast


def entry(w, period: str | None = None) -> str:
    url = reverse("performance:data_entry", args=[w.board.slug])
    return f"{url}?period={period}" if period else url


def save_url(w, code: str) -> str:
    return reverse("performance:data_entry_save", args=[w.board.slug, code])


def figure_post(indicator, period: str, **fields) -> dict:
    prefix = f"figure-{indicator.pk}"
    data = {f"{prefix}-period": period, f"{prefix}-status": ObservationStatus.ACTUAL, f"{prefix}-quality_note": ""}
    data |= {f"{prefix}-{name}": value for name, value in fields.items()}
    return data


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


def as_role(client, w, role):
    user = w.lead if role == "lead" else w.user(role)
    if user is not None:
        client.force_login(user)
    return user


# Who may open each page -----------------------------------------------------------------------------------


@pytest.fixture
def checked(world):
    from performance import imports

    return imports.check_import(
        user=world.coordinator, board=world.board, upload=SimpleUploadedFile("cse.csv", csv_bytes([BAD_FILE[0]]))
    )


def pages(w, checked) -> list[str]:
    slug = w.board.slug
    return [
        reverse("performance:data_entry", args=[slug]),
        reverse("performance:import_upload", args=[slug]),
        reverse("performance:import_template", args=[slug]),
    ]


@pytest.mark.parametrize(("role", "expected"), list(zip(ROLES, ENTERERS, strict=True)))
def test_only_those_who_enter_figures_open_the_pages(client, world, checked, role, expected):
    as_role(client, world, role)
    for url in pages(world, checked):
        assert client.get(url).status_code == expected, url
    report = client.get(checked.get_absolute_url()).status_code
    # A data lead sees the files they uploaded, not the coordinator's.
    assert report == (MISSING if role == "lead" else expected)


# What each role's POST answers: saving a figure of the data lead's indicator, importing the coordinator's file.
SAVE = [LOGIN, MISSING, DENIED, DENIED, 302, MISSING, 302, 302]
APPLY = [LOGIN, MISSING, DENIED, DENIED, 302, MISSING, 302, MISSING]


@pytest.mark.parametrize(("role", "save", "apply"), list(zip(ROLES, SAVE, APPLY, strict=True)))
def test_only_those_who_enter_figures_post(client, world, checked, role, save, apply):
    as_role(client, world, role)
    response = client.post(save_url(world, "CSE"), figure_post(world.cse, YEAR, value="1500"))
    assert response.status_code == save
    saved = role in ("coordinator", "superuser", "lead")
    assert Observation.objects.filter(period__label="2016/17").exists() == saved
    response = client.post(reverse("performance:import_apply", args=[world.board.slug, checked.pk]))
    assert response.status_code == apply
    imported = role in ("coordinator", "superuser")
    assert ObservationImport.objects.get().status == (ImportStatus.IMPORTED if imported else ImportStatus.CHECKED)


def test_a_data_lead_cannot_post_another_indicators_figure(client, world):
    client.force_login(world.lead)
    response = client.post(save_url(world, "CP"), figure_post(world.cp, Q4, value="900"))
    assert response.status_code == 403
    assert not Observation.objects.filter(indicator=world.cp).exists()


def test_an_indicator_or_period_that_is_not_the_boards_is_not_found(client, world):
    client.force_login(world.coordinator)
    assert client.post(save_url(world, "NOPE"), figure_post(world.cp, Q4, value="9")).status_code == 404
    # Child sexual exploitation is reported annually: a quarter is not one of its periods.
    assert client.post(save_url(world, "CSE"), figure_post(world.cse, Q4, value="9")).status_code == 404
    assert client.get(entry(world, "quarter:financial:2017-02-01")).status_code == 404
    assert client.get(entry(world, "nonsense")).status_code == 404
    assert client.get(save_url(world, "CSE")).status_code == 405


# The data-entry page ----------------------------------------------------------------------------------------


def test_the_latest_period_shows_what_is_missing_and_overdue(client, world):
    client.force_login(world.coordinator)
    response = client.get(entry(world))
    assert response.status_code == 200
    text = text_of(response)
    assert "Enter figures for Q4 2016/17" in text
    assert "2 of 3 figures for Q4 2016/17 are missing; 1 overdue" in text
    cards = {card.indicator.code: card for card in response.context["cards"]}
    assert list(cards) == ["ATT", "ASSESS", "CP"]
    assert (cards["ATT"].row.missing, cards["ATT"].figure) == (False, "67.0% (provisional)")
    assert (cards["ASSESS"].row.missing, cards["ASSESS"].overdue) == (True, True)
    assert (cards["CP"].row.missing, cards["CP"].overdue) == (True, False)
    assert "ASSESS: Assessments completed in 45 days Missing Overdue (due 12 May 2017)" in text
    assert "CP: Children on a child protection plan Missing Due 29 June 2017" in text
    # The reason is asked only where a value would be replaced.
    assert "reason" in cards["ATT"].form.fields and "reason" not in cards["CP"].form.fields
    # Percentages take a numerator and a denominator; counts do not.
    assert "numerator" in cards["ATT"].form.fields and "numerator" not in cards["CP"].form.fields
    choices = [label for _value, label, _selected in response.context["period_choices"]]
    assert choices[:5] == ["Q4 2016/17", "Q3 2016/17", "Q2 2016/17", "2016/17", "Q1 2016/17"]


def test_another_period_is_chosen_in_the_address(client, world):
    client.force_login(world.coordinator)
    response = client.get(entry(world, YEAR))
    assert [card.indicator.code for card in response.context["cards"]] == ["ATT", "ASSESS", "CP", "CSE"]
    assert "4 of 4 figures for 2016/17 are missing; 3 overdue" in text_of(response)


def test_a_data_lead_sees_only_the_indicators_they_lead(client, world):
    client.force_login(world.lead)
    # Their indicator is annual: the page starts on the latest year, not on a quarter with nothing for them.
    assert [card.indicator.code for card in client.get(entry(world)).context["cards"]] == ["CSE"]
    response = client.get(entry(world, Q4))
    text = text_of(response)
    assert response.context["cards"] == []
    assert "No figures to enter for Q4 2016/17. None of the indicators you lead on the CPB reports on it" in text
    response = client.get(entry(world, YEAR))
    assert [card.indicator.code for card in response.context["cards"]] == ["CSE"]
    assert "1 of 1 figure for 2016/17 is missing; 1 overdue" in text_of(response)


def test_a_board_without_indicators_says_so(client, cast):
    client.force_login(cast.coordinator)
    response = client.get(entry(cast))
    assert response.status_code == 200
    assert "No figures to enter yet. The CPB has no indicators reported by month, quarter, term or year." in (
        text_of(response)
    )
    assert "Figures you enter" not in text_of(client.get(cast.board.get_absolute_url()))


def test_a_figure_is_saved_and_the_page_says_so(client, world):
    client.force_login(world.coordinator)
    data = figure_post(world.assess, Q4, value="74.6%", numerator="", denominator="")
    response = client.post(save_url(world, "ASSESS"), data)
    assert response.status_code == 302
    assert response["Location"] == f"{entry(world, Q4)}#figure-{world.assess.pk}"
    figure = Observation.objects.get(indicator=world.assess)
    assert (figure.value, figure.period.label, figure.area, figure.entered_by) == (
        D("74.6"),
        "Q4 2016/17",
        world.assess.area,
        world.coordinator,
    )
    page = client.get(response["Location"])
    assert "Figure for ASSESS, Q4 2016/17 saved." in text_of(page)
    assert "1 of 3 figures for Q4 2016/17 is missing; 0 overdue" in text_of(page)

    again = client.post(save_url(world, "ASSESS"), figure_post(world.assess, Q4, value="74.6", reason=""), follow=True)
    assert "Figure for ASSESS, Q4 2016/17 unchanged." in text_of(again)
    assert Observation.objects.get(indicator=world.assess).revision == 1


def test_a_revision_without_a_reason_is_refused_with_what_was_typed_kept(client, world):
    client.force_login(world.coordinator)
    data = figure_post(world.att, Q4, value="70", status=ObservationStatus.ACTUAL, quality_note="Validated", reason="")
    response = client.post(save_url(world, "ATT"), data)
    assert response.status_code == 200
    text = text_of(response)
    assert "The figure for ATT was not saved: correct it below" in text
    assert "Say why the figure for Q4 2016/17 changes from 67: the earlier figure stays in the history." in text
    form = response.context["bound"]
    assert form.errors["reason"] and form["value"].value() == "70" and form["quality_note"].value() == "Validated"
    assert 'value="70"' in response.content.decode()
    assert Observation.objects.get(indicator=world.att).value == 67

    data[f"figure-{world.att.pk}-reason"] = "Validated return"
    response = client.post(save_url(world, "ATT"), data)
    assert response.status_code == 302
    figure = Observation.objects.get(indicator=world.att)
    assert (figure.value, figure.revision, figure.revision_reason) == (70, 2, "Validated return")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"value": "104.5"}, "value", "104.5% is not a percentage"),
        ({"value": "lots"}, "value", "“lots” is not a number"),
        ({"value": "", "status": ObservationStatus.ACTUAL}, "value", "Enter the figure, or choose a status"),
        ({"value": "5", "status": ObservationStatus.NOT_YET_AVAILABLE}, "value", "has no value: leave it blank"),
        ({"value": "50", "numerator": "1", "denominator": "0"}, "denominator", "must be more than zero"),
    ],
)
def test_a_figure_that_cannot_be_right_is_shown_again_in_place(client, world, fields, field, message):
    client.force_login(world.coordinator)
    response = client.post(save_url(world, "ASSESS"), figure_post(world.assess, Q4, **fields))
    assert response.status_code == 200
    form = response.context["bound"]
    assert message in " ".join(form.errors[field])
    assert form["value"].value() == fields["value"]
    assert not Observation.objects.filter(indicator=world.assess).exists()


def test_a_data_lead_enters_their_indicators_figure(client, world):
    client.force_login(world.lead)
    response = client.post(save_url(world, "CSE"), figure_post(world.cse, YEAR, value="1,744"), follow=True)
    assert "Figure for CSE, 2016/17 saved." in text_of(response)
    assert Observation.objects.get(indicator=world.cse, period__label="2016/17").entered_by == world.lead


def test_the_data_entry_page_makes_the_same_queries_for_more_indicators(client, world, django_assert_num_queries):
    client.force_login(world.coordinator)
    client.get(entry(world))  # the period row is made on the first visit
    with CaptureQueriesContext(connection) as small:
        client.get(entry(world))
    for n in range(6):
        indicator = IndicatorFactory(board=world.board, code=f"MORE{n}", frequency=Frequency.QUARTERLY)
        record(indicator, "Q4 2016/17", n + 1)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(entry(world))
    assert len(response.context["cards"]) == 9


# The import pages -------------------------------------------------------------------------------------------


def upload(client, w, data: bytes, name: str = "figures.csv"):
    url = reverse("performance:import_upload", args=[w.board.slug])
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def test_upload_report_and_import_the_valid_rows(client, world):
    client.force_login(world.coordinator)
    rows = [
        ["ASSESS", "", "Q4 2016/17", "74.6", "", ""],  # 2
        ["NOPE", "", "2016/17", "12", "", ""],  # 3
        ["CSE", "", "Q1 2016/17", "400", "", ""],  # 4: a quarter, for an annual indicator
        ["ATT", "", "Q4 2016/17", "70", "", "Validated"],  # 5: changes 67 (provisional) → 70
    ]
    response = upload(client, world, csv_bytes(rows), name="Q4 return.csv")
    checked = ObservationImport.objects.get()
    assert response.status_code == 302 and response["Location"] == checked.get_absolute_url()

    report = client.get(checked.get_absolute_url())
    text = text_of(report)
    assert "Nothing has been saved yet." in text
    assert "2 rows ready to import: 1 new, 1 changing a figure, 0 unchanged" in text
    assert "2 rows to correct" in text
    assert "Row 3: CPB has no indicator with the code or name “NOPE”." in text
    assert "Row 4: “Q1 2016/17” is a quarter; this indicator is reported annually" in text
    assert "Row 5 ATT Lancashire Q4 2016/17 70 Note: Validated Changes 67 (provisional) → 70" in text
    assert "Import the 2 valid rows and leave out the rest" in text and "Import all" not in text

    apply = reverse("performance:import_apply", args=[world.board.slug, checked.pk])
    refused = client.post(apply, follow=True)
    assert "Nothing was imported: 2 rows need correcting." in text_of(refused)
    assert Observation.objects.count() == 2

    done = client.post(apply, {"valid_rows_only": "1"}, follow=True)
    text = text_of(done)
    assert "Imported from “Q4 return.csv”: 1 new figure, 1 revised, 0 unchanged; 2 rows left out." in text
    assert "Import of “Q4 return.csv”" in text and "Rows left out (2)" in text
    assert Observation.objects.get(indicator=world.att).value == 70

    # The stale page's button, pressed again: nothing more happens.
    again = client.post(apply, {"valid_rows_only": "1"}, follow=True)
    assert "was already imported on" in text_of(again)
    assert Observation.objects.get(indicator=world.att).revision == 2


def test_a_valid_file_is_imported_whole(client, world):
    client.force_login(world.coordinator)
    upload(client, world, csv_bytes([["ASSESS", "", "Q4 2016/17", "74.6", "", ""]]))
    checked = ObservationImport.objects.get()
    assert "Import all 1 row" in text_of(client.get(checked.get_absolute_url()))
    client.post(reverse("performance:import_apply", args=[world.board.slug, checked.pk]))
    assert Observation.objects.filter(indicator=world.assess).exists()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (hostile.pdf_plain(), "figures.csv", "“figures.csv” is a PDF, not a spreadsheet."),
        (b"MZ\x90\x00" + hostile.random_bytes(2000), "figures.csv", "“figures.csv” is not a CSV file"),
    ],
)
def test_a_hostile_file_is_refused_on_the_upload_page(client, world, data, name, message):
    client.force_login(world.coordinator)
    response = upload(client, world, data, name)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert not ObservationImport.objects.exists()
    assert Observation.objects.count() == 2


def test_a_file_over_the_size_limit_is_refused(client, world):
    client.force_login(world.coordinator)
    response = upload(client, world, b"Indicator code,Period,Value\r\n" + b"x" * (2 * 1024 * 1024 + 1))
    assert "is larger than 2 MB" in " ".join(response.context["form"].errors["file"])
    assert not ObservationImport.objects.exists()


def test_user_text_in_a_file_is_shown_as_text(client, world):
    client.force_login(world.coordinator)
    upload(client, world, csv_bytes([["<script>alert(1)</script>", "", "2016/17", "<b>5</b>", "", ""]]))
    page = client.get(ObservationImport.objects.get().get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_discard_through_the_page(client, world, checked):
    client.force_login(world.coordinator)
    response = client.post(reverse("performance:import_discard", args=[world.board.slug, checked.pk]), follow=True)
    assert "The check of “cse.csv” was discarded; nothing was imported." in text_of(response)
    assert ObservationImport.objects.get().status == ImportStatus.DISCARDED
    assert "This check was discarded" in text_of(client.get(checked.get_absolute_url()))


def test_an_import_of_another_board_is_not_found_under_this_one(client, world, checked):
    client.force_login(world.superuser)
    url = reverse("performance:import_report", args=[world.other_board.slug, checked.pk])
    assert client.get(url).status_code == 404


def test_the_upload_page_lists_files_waiting_and_the_template_its_indicators(client, world, checked):
    client.force_login(world.coordinator)
    page = text_of(client.get(reverse("performance:import_upload", args=[world.board.slug])))
    assert "Files checked, not yet imported cse.csv" in page
    response = client.get(reverse("performance:import_template", args=[world.board.slug]))
    assert response["Content-Disposition"] == 'attachment; filename="cpb-figures-template.csv"'
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Indicator code,Indicator,Area,Period,Value,Numerator,Denominator,Status,Data-quality note"
    assert lines[1:] == [
        "ATT,Attendance at board meetings,Lancashire,Q4 2016/17,,,,,",
        "ASSESS,Assessments completed in 45 days,Lancashire,Q4 2016/17,,,,,",
        "CP,Children on a child protection plan,Lancashire,Q4 2016/17,,,,,",
        "CSE,Child sexual exploitation referrals,Lancashire,2016/17,,,,,",
    ]
    # A data lead's template has their indicators only, and their own files waiting.
    client.force_login(world.lead)
    lines = client.get(reverse("performance:import_template", args=[world.board.slug])).content.decode("utf-8-sig")
    assert lines.splitlines()[1:] == ["CSE,Child sexual exploitation referrals,Lancashire,2016/17,,,,,"]
    assert "cse.csv" not in text_of(client.get(reverse("performance:import_upload", args=[world.board.slug])))


def test_period_in_the_address_reads_back(world):
    from performance import periods

    key = periods.parse("Q4 2016/17", Frequency.QUARTERLY, "financial")
    assert period_param(key) == Q4


def test_the_report_makes_the_same_queries_for_a_longer_file(client, world, django_assert_num_queries):
    client.force_login(world.coordinator)
    short = [["ASSESS", "", "Q4 2016/17", "74.6", "", ""], ["NOPE", "", "2016/17", "1", "", ""]]
    quarters = [f"Q{q} {y}/{(y + 1) % 100:02d}" for y in (2014, 2015) for q in (1, 2, 3, 4)]
    longer = short + [["CP", "", quarter, "5", "", ""] for quarter in quarters]
    longer += [["NOPE", "", "2016/17", str(n), "", ""] for n in range(5)]
    upload(client, world, csv_bytes(short))
    upload(client, world, csv_bytes(longer))
    small, large = ObservationImport.objects.order_by("pk")
    with CaptureQueriesContext(connection) as queries:
        client.get(small.get_absolute_url())
    with django_assert_num_queries(len(queries.captured_queries)):
        response = client.get(large.get_absolute_url())
    assert (len(response.context["good"]), len(response.context["bad"])) == (9, 6)


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("coordinator", "Figures you enter 2 of your 3 figures for Q4 2016/17 are missing. Enter figures"),
        ("lead", "Figures you enter 1 of your 1 figures for 2016/17 is missing. Enter figures"),  # CSE is annual
        ("member", None),
        ("outsider", None),
    ],
)
def test_the_board_page_leads_those_who_enter_figures_to_them(client, world, role, shown):
    as_role(client, world, role)
    text = text_of(client.get(world.board.get_absolute_url()))
    if shown is None:
        assert "Figures you enter" not in text
    else:
        assert shown in text
