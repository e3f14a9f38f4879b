"""The indicator pages: who may open each; the board's list of indicators (latest figure, change, direction
and rating in words, grouped by priority, retired ones on request, pages of 50, an empty state) in the same
number of queries at two sizes; an indicator's page with the seed report's computed changes, its comparators
and the notes on its figures; its CSV; adding and editing an indicator and setting its target; and the board
page's link."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boards.models import Priority
from boards.tests.factories import MembershipFactory, OrganisationFactory, PersonFactory
from core.activity import ActivityLog
from core.permissions import SYSTEM
from performance import services
from performance.enums import ObservationStatus, Polarity, TargetKind, Unit
from performance.models import Indicator, Target
from performance.tests.factories import AreaFactory, IndicatorFactory, england, lancashire, north_west, record
from performance.views import indicators as views

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "member", "chair", "coordinator", "other_coordinator", "superuser"]
OK, DENIED, LOGIN = 200, 403, 302
MEMBERS = [LOGIN, DENIED, OK, OK, OK, DENIED, OK]
COORDINATORS = [LOGIN, DENIED, DENIED, DENIED, OK, DENIED, OK]


def url(name, *args):
    return reverse(f"performance:{name}", args=args)


def cla_indicator(board) -> Indicator:
    """Children looked after, rate per 10,000, Lancashire with the North West and England (seed report)."""
    indicator = IndicatorFactory(
        board=board,
        code="CLA-RATE",
        name="Children looked after (rate per 10,000 under 18s)",
        unit=Unit.RATE_10000,
        polarity=Polarity.CONTEXTUAL,
        decimals=1,
        comparators=[north_west(), england()],
    )
    for year, ours, nw, eng in [("2013/14", "66.3", 78, 60), ("2014/15", "67.2", 81, 60), ("2015/16", "69.1", 82, 60)]:
        record(indicator, year, ours)
        record(indicator, year, nw, area=north_west())
        record(indicator, year, eng, area=england())
    return indicator


@pytest.fixture
def cla(cast):
    return cla_indicator(cast.board)


@pytest.fixture
def cse(cast):
    """Child sexual exploitation referrals: a count, higher is better (more are recognised)."""
    indicator = IndicatorFactory(board=cast.board, code="CSE", name="CSE referrals", unit=Unit.COUNT)
    record(indicator, "2014/15", 1412)
    record(indicator, "2015/16", 1744)
    return indicator


@pytest.fixture
def attendance(cast):
    """Attendance at board meetings: a percentage with a target of at least 80% (amber within 5)."""
    indicator = IndicatorFactory(
        board=cast.board, code="ATT", name="Attendance at LSCB meetings", unit=Unit.PERCENTAGE, decimals=1
    )
    services.set_target(
        user=SYSTEM, indicator=indicator, effective_from="2013/14", kind=TargetKind.AT_LEAST, value=80, tolerance=5
    )
    for year, value in [("2013/14", "79.8"), ("2014/15", "74.6"), ("2015/16", "81")]:
        record(indicator, year, value)
    return indicator


# Who may open each page ----------------------------------------------------------------------------------

TABLE = [
    ("board_indicators", lambda c: [c.board.slug], MEMBERS),
    ("indicator", lambda c: [c.board.slug, "CLA-RATE"], MEMBERS),
    ("indicator_csv", lambda c: [c.board.slug, "CLA-RATE"], MEMBERS),
    ("indicator_create", lambda c: [c.board.slug], COORDINATORS),
    ("indicator_edit", lambda c: [c.board.slug, "CLA-RATE"], COORDINATORS),
    ("target_set", lambda c: [c.board.slug, "CLA-RATE"], COORDINATORS),
]


@pytest.mark.parametrize(("name", "args", "expected"), TABLE, ids=[row[0] for row in TABLE])
def test_who_may_open_each_page(client, cast, cla, name, args, expected):
    address = url(name, *args(cast))
    got = []
    for role in ROLES:
        client.logout()
        user = cast.user(role)
        if user is not None:
            client.force_login(user)
        got.append(client.get(address).status_code)
    assert dict(zip(ROLES, got, strict=True)) == dict(zip(ROLES, expected, strict=True))


def test_every_indicator_url_name_is_in_the_table():
    assert {p.name for p in views.urlpatterns} == {row[0] for row in TABLE}


def test_the_data_lead_reads_the_indicator_but_not_the_boards_other_figures(client, cast, cla):
    cla.lead = cast.outside_lead.person
    cla.save()
    client.force_login(cast.outside_lead)
    assert client.get(cla.get_absolute_url()).status_code == OK
    assert client.get(url("indicator_csv", cast.board.slug, cla.code)).status_code == OK
    assert client.get(url("board_indicators", cast.board.slug)).status_code == DENIED
    assert client.get(url("indicator_edit", cast.board.slug, cla.code)).status_code == DENIED


def test_an_indicator_of_another_board_or_none_at_all_is_not_found(client, cast, cla):
    client.force_login(cast.coordinator)
    assert client.get(url("indicator", cast.other_board.slug, cla.code)).status_code == 404
    assert client.get(url("indicator", cast.board.slug, "NO-SUCH")).status_code == 404
    assert client.get(url("board_indicators", "no-such-board")).status_code == 404


def test_only_coordinators_change_an_indicator_or_its_target(client, cast, cla):
    for role in ("member", "chair", "other_coordinator"):
        client.force_login(cast.user(role))
        posted = client.post(
            url("target_set", cast.board.slug, cla.code),
            {"effective_from": "2015/16", "kind": "at_least", "value": "70"},
        )
        assert posted.status_code == DENIED, role
        posted = client.post(url("indicator_edit", cast.board.slug, cla.code), {"code": "X", "name": "Mine"})
        assert posted.status_code == DENIED, role
    cla.refresh_from_db()
    assert cla.code == "CLA-RATE" and not Target.objects.exists()


def test_every_form_is_csrf_protected(cast, cla):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.coordinator)
    for address in (
        url("indicator_create", cast.board.slug),
        url("indicator_edit", cast.board.slug, cla.code),
        url("target_set", cast.board.slug, cla.code),
    ):
        assert client.post(address, {"code": "NEW", "name": "n"}).status_code == 403, address
    assert Indicator.objects.count() == 1 and not Target.objects.exists()


# An indicator's page -------------------------------------------------------------------------------------


def table_rows(html: str) -> dict[str, str]:
    """Each row of the series tables, by its period."""
    return dict(re.findall(r'<tr>\s*<th scope="row"[^>]*>([^<]+)</th>(.*?)</tr>', html, re.S))


def cell(row: str, label: str) -> str:
    found = re.search(rf'<td data-label="{re.escape(label)}"[^>]*>(.*?)</td>', row, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip() if found else ""


def test_a_count_shows_its_change_as_an_amount_and_a_percent(client, cast, cse):
    client.force_login(cast.member)
    html = client.get(cse.get_absolute_url()).content.decode()
    rows = table_rows(html)
    assert list(rows) == ["2015/16", "2014/15"]
    assert cell(rows["2015/16"], "Lancashire") == "1,744"
    assert cell(rows["2015/16"], "Change") == "+332 (+23.5%) (since 2014/15)"
    assert cell(rows["2015/16"], "Direction") == "▲ Better"
    assert cell(rows["2014/15"], "Change") == "No figure for 2013/14"
    assert '<caption class="visually-hidden">Years: CSE referrals, count, latest first</caption>' in html


def test_a_percentage_changes_in_percentage_points_and_is_rated_against_its_target(client, cast, attendance):
    client.force_login(cast.member)
    html = client.get(attendance.get_absolute_url()).content.decode()
    rows = table_rows(html)
    assert cell(rows["2014/15"], "Change") == "\u22125.2 percentage points (since 2013/14)"
    assert cell(rows["2014/15"], "Direction") == "▼ Worse"
    assert [cell(rows[year], "RAG") for year in ("2015/16", "2014/15", "2013/14")] == ["Green", "Red", "Amber"]
    assert cell(rows["2015/16"], "Target") == "at least 80.0% (amber within 5.0)"
    assert "At least 80.0% (amber within 5.0), from 2013/14" in html  # the target in force
    assert "Percentage (changes in percentage points)" in html


def test_a_contextual_indicator_moves_up_or_down_beside_its_comparators_and_is_never_rated(client, cast, cla):
    services.set_target(user=SYSTEM, indicator=cla, effective_from="2013/14", kind=TargetKind.AT_MOST, value=60)
    client.force_login(cast.member)
    html = client.get(cla.get_absolute_url()).content.decode()
    headings = re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', html)
    assert headings == [
        "Period",
        "Lancashire",
        "Change",
        "Direction",
        "Target",
        "North West",
        "England",
        "Status and notes",
    ]
    rows = table_rows(html)
    latest = rows["2015/16"]
    assert cell(latest, "Change") == "+1.9 per 10,000 (+2.8%) (since 2014/15)"
    assert cell(latest, "Direction") == "▲ Up"
    assert (cell(latest, "Lancashire"), cell(latest, "North West"), cell(latest, "England")) == ("69.1", "82.0", "60.0")
    assert 'data-label="RAG"' not in html and "badge text-bg" not in html
    assert "A contextual indicator is not rated red, amber or green." in html
    assert "Lancashire, compared with North West and England" in html


def test_the_notes_say_what_is_provisional_revised_flagged_or_not_yet_available(client, cast):
    indicator = IndicatorFactory(
        board=cast.board,
        code="CP-RATE",
        unit=Unit.RATE_10000,
        decimals=1,
        comparators=[north_west()],
    )
    record(indicator, "2013/14", "40.1", numerator=1691, denominator=244700)  # flagged: it is 69.1
    record(indicator, "2014/15", "45.0", status=ObservationStatus.PROVISIONAL, quality_note="Awaiting the census")
    record(indicator, "2014/15", "46.2", quality_note="Awaiting the census", reason="Validated return")
    record(indicator, "2015/16", None, status=ObservationStatus.NOT_YET_AVAILABLE)
    record(indicator, "2015/16", "50.5", area=north_west(), status=ObservationStatus.PROVISIONAL)
    client.force_login(cast.member)
    rows = table_rows(client.get(indicator.get_absolute_url()).content.decode())
    assert cell(rows["2015/16"], "Lancashire") == "Not yet available"
    assert cell(rows["2015/16"], "Change") == "No figure to compare"
    assert cell(rows["2015/16"], "Notes") == "North West: Provisional."
    assert cell(rows["2014/15"], "Notes") == "Revision 2: Validated return. Awaiting the census"
    assert cell(rows["2014/15"], "North West") == "No figure"
    assert cell(rows["2013/14"], "Notes") == "Flagged: The value 40.1 does not match 1,691 ÷ 244,700 × 10,000 = 69.1."


def test_what_people_typed_is_escaped(client, cast):
    indicator = IndicatorFactory(board=cast.board, code="X1", name="<script>alert(1)</script> referrals")
    record(indicator, "2015/16", 3, quality_note="<b>bold</b> claim")
    client.force_login(cast.member)
    for address in (indicator.get_absolute_url(), url("board_indicators", cast.board.slug)):
        html = client.get(address).content.decode()
        assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt; claim" in client.get(indicator.get_absolute_url()).content.decode()


def test_an_indicator_with_no_figures_says_who_enters_them(client, cast):
    lead = PersonFactory(first_name="Karl", last_name="Turner")
    indicator = IndicatorFactory(board=cast.board, code="NEW-1", lead=lead)
    client.force_login(cast.member)
    html = client.get(indicator.get_absolute_url()).content.decode()
    assert "No figures yet." in html and "entered by Karl Turner or the board's coordinators" in html
    assert "<table" not in html and url("indicator_csv", cast.board.slug, "NEW-1") not in html


def test_coordinators_see_the_ways_to_edit_and_set_the_target_and_members_do_not(client, cast, cla):
    edit, target = url("indicator_edit", cast.board.slug, cla.code), url("target_set", cast.board.slug, cla.code)
    client.force_login(cast.member)
    html = client.get(cla.get_absolute_url()).content.decode()
    assert edit not in html and target not in html
    assert f'href="{url("board_indicators", cast.board.slug)}"' in html
    assert f'href="{url("indicator_csv", cast.board.slug, cla.code)}"' in html
    client.force_login(cast.coordinator)
    html = client.get(cla.get_absolute_url()).content.decode()
    assert edit in html and target in html


def test_the_indicator_page_takes_the_same_queries_however_long_its_series(client, cast, django_assert_num_queries):
    indicator = IndicatorFactory(board=cast.board, code="Q", comparators=[north_west(), england()])
    services.set_target(user=SYSTEM, indicator=indicator, effective_from="2010/11", kind="at_least", value=5)

    def add_years(first, last):
        for year in range(first, last):
            label = f"{year}/{(year + 1) % 100:02d}"
            for area in (lancashire(), north_west(), england()):
                record(indicator, label, year - 2000, area=area)

    add_years(2010, 2012)
    client.force_login(cast.member)
    with CaptureQueriesContext(connection) as small:
        client.get(indicator.get_absolute_url())
    add_years(2012, 2020)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(indicator.get_absolute_url())
    assert len(table_rows(response.content.decode())) == 10


# The CSV -------------------------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_csv_has_every_figure_as_a_plain_number_and_escapes_formulae(client, cast, cse):
    record(cse, "2015/16", 1744, quality_note='=HYPERLINK("http://evil.example")')
    record(cse, "2013/14", None, status=ObservationStatus.NOT_COLLECTED)
    client.force_login(cast.member)
    response = client.get(url("indicator_csv", cast.board.slug, "CSE"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="cpb-cse-' in response["Content-Disposition"]
    header, *rows = read_csv(response)
    assert header == views.CSV_HEADER
    assert [row[:12] for row in rows] == [
        [
            "CSE",
            "CSE referrals",
            "Lancashire",
            "2013/14",
            "2013-04-01",
            "2014-03-31",
            "",
            "",
            "",
            "Not collected",
            "",
            "1",
        ],
        [
            "CSE",
            "CSE referrals",
            "Lancashire",
            "2014/15",
            "2014-04-01",
            "2015-03-31",
            "1412",
            "",
            "",
            "Actual",
            "",
            "1",
        ],
        [
            "CSE",
            "CSE referrals",
            "Lancashire",
            "2015/16",
            "2015-04-01",
            "2016-03-31",
            "1744",
            "",
            "",
            "Actual",
            '\'=HYPERLINK("http://evil.example")',
            "2",
        ],
    ]
    assert all(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", row[12]) for row in rows)


def test_the_csv_writes_rates_with_their_numerators_and_the_comparators(client, cast, cla):
    record(cla, "2015/16", None, numerator=1691, denominator=244700, reason="From the census counts")
    client.force_login(cast.member)
    _header, *rows = read_csv(client.get(url("indicator_csv", cast.board.slug, cla.code)))
    latest = [row for row in rows if row[3] == "2015/16"]
    assert [(row[2], row[6], row[7], row[8]) for row in latest] == [
        ("Lancashire", "69.105027", "1691", "244700"),
        ("North West", "82", "", ""),
        ("England", "60", "", ""),
    ]


# The board's indicators ---------------------------------------------------------------------------------


def list_rows(html: str) -> dict[str, str]:
    return dict(re.findall(r'<tr>\s*<th scope="row"><a href="[^"]+">([^<]+)</a>(.*?)</tr>', html, re.S))


def test_the_list_shows_each_latest_figure_its_change_direction_and_rating_in_words(client, cast, cla, cse, attendance):
    empty = IndicatorFactory(board=cast.board, code="EMPTY", name="Not yet reported")
    client.force_login(cast.member)
    html = client.get(url("board_indicators", cast.board.slug)).content.decode()
    rows = list_rows(html)
    assert list(rows) == ["ATT", "CLA-RATE", "CSE", "EMPTY"]
    shown = {
        code: [cell(rows[code], label) for label in ("Latest figure", "Period", "Change", "Direction", "Target", "RAG")]
        for code in ("ATT", "CLA-RATE", "CSE")
    }
    assert shown == {
        "ATT": [
            "81.0%",
            "2015/16",
            "+6.4 percentage points (since 2014/15)",
            "▲ Better",
            "at least 80.0% (amber within 5.0)",
            "Green",
        ],
        "CLA-RATE": [
            "69.1 per 10,000",
            "2015/16",
            "+1.9 per 10,000 (+2.8%) (since 2014/15)",
            "▲ Up",
            "None set",
            "Not rated (contextual)",
        ],
        "CSE": ["1,744", "2015/16", "+332 (+23.5%) (since 2014/15)", "▲ Better", "None set", "Not rated"],
    }
    assert "No figures yet" in rows["EMPTY"] and empty.name in rows["EMPTY"]
    assert "4 indicators" in html and "Priority" not in html


def test_the_list_is_grouped_by_the_priorities_the_indicators_evidence(client, cast, cla, cse, attendance):
    first = Priority.objects.create(board=cast.board, number="1", title="Children in care", position=1)
    second = Priority.objects.create(board=cast.board, number="2", title="Exploitation", position=2)
    cla.priorities.set([first])
    cse.priorities.set([second, first])
    client.force_login(cast.member)
    html = client.get(url("board_indicators", cast.board.slug)).content.decode()
    sections = re.findall(r'<h2 class="h5" id="group-\d+">([^<]+)</h2>(.*?)</section>', html, re.S)
    assert [(heading, list(list_rows(body))) for heading, body in sections] == [
        ("Priority 1: Children in care", ["CLA-RATE", "CSE"]),
        ("Priority 2: Exploitation", ["CSE"]),
        ("Not linked to a priority", ["ATT"]),
    ]


def test_retired_indicators_are_listed_only_on_request(client, cast, cla, cse):
    cse.retired = True
    cse.save()
    client.force_login(cast.member)
    address = url("board_indicators", cast.board.slug)
    html = client.get(address).content.decode()
    assert list(list_rows(html)) == ["CLA-RATE"] and "1 indicator<" in html
    assert 'href="?retired=1">Show the 1 indicator no longer reported' in html
    html = client.get(address, {"retired": "1"}).content.decode()
    assert list(list_rows(html)) == ["CLA-RATE", "CSE"] and "2 indicators, 1 no longer reported" in html
    assert "No longer reported</span>" in list_rows(html)["CSE"]


def test_an_empty_list_says_what_to_do_next(client, cast):
    client.force_login(cast.coordinator)
    html = client.get(url("board_indicators", cast.board.slug)).content.decode()
    assert "No indicators yet." in html and "<table" not in html
    assert f'href="{url("indicator_create", cast.board.slug)}">Add an indicator</a>, then enter its figures.' in html
    client.force_login(cast.member)
    html = client.get(url("board_indicators", cast.board.slug)).content.decode()
    assert "The board's coordinators add them." in html
    assert url("indicator_create", cast.board.slug) not in html


def add_indicators(board, start: int, count: int) -> None:
    """``count`` indicators, each with three years of figures, a comparator, a target and a priority."""
    priority, _ = Priority.objects.get_or_create(board=board, number="1", defaults={"title": "Early help"})
    for n in range(start, start + count):
        indicator = IndicatorFactory(board=board, code=f"I{n:03d}", position=n, comparators=[england()])
        indicator.priorities.set([priority])
        services.set_target(user=SYSTEM, indicator=indicator, effective_from="2013/14", kind="at_least", value=10)
        for year, value in (("2013/14", 8), ("2014/15", 11), ("2015/16", 12)):
            record(indicator, year, value + n)
            record(indicator, year, value, area=england())


def test_the_list_takes_the_same_queries_however_many_indicators(client, cast, django_assert_num_queries):
    add_indicators(cast.board, 0, 3)
    client.force_login(cast.member)
    address = url("board_indicators", cast.board.slug)
    with CaptureQueriesContext(connection) as small:
        client.get(address)
    add_indicators(cast.board, 3, 27)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(address)
    assert len(list_rows(response.content.decode())) == 30


def test_the_list_has_pages_of_fifty(client, cast):
    for n in range(53):
        IndicatorFactory(board=cast.board, code=f"P{n:02d}", position=n, area=lancashire())
    client.force_login(cast.member)
    address = url("board_indicators", cast.board.slug)
    first = client.get(address).content.decode()
    assert len(list_rows(first)) == 50 and "Page 1 of 2" in first and "53 indicators" in first
    second = client.get(address, {"page": 2}).content.decode()
    assert list(list_rows(second)) == ["P50", "P51", "P52"]


def test_the_board_page_links_to_the_performance_figures_for_members(client, cast, cla):
    address = url("board_indicators", cast.board.slug)
    client.force_login(cast.member)
    html = client.get(cast.board.get_absolute_url()).content.decode()
    assert f'<a href="{address}">The CPB\'s performance figures</a>' in html and "1 indicator reported." in html
    client.force_login(cast.outsider)
    assert address not in client.get(cast.board.get_absolute_url()).content.decode()


# Adding and editing an indicator ------------------------------------------------------------------------


def indicator_data(**overrides) -> dict:
    data = {
        "code": "CIN-RATE",
        "name": "Children in need (rate per 10,000)",
        "definition": "Children in need at 31 March.\r\nFrom the CIN census.",
        "unit": Unit.RATE_10000,
        "polarity": Polarity.CONTEXTUAL,
        "decimals": "1",
        "frequency": "annual",
        "basis": "financial",
        "area": lancashire().pk,
        "comparators": [north_west().pk, england().pk],
        "source": "Children in Need census (DfE)",
        "owner_organisation": "",
        "lead": "",
        "days_to_report": "60",
    }
    data.update(overrides)
    return data


def test_a_coordinator_adds_an_indicator(client, cast):
    organisation = OrganisationFactory(name="Lancashire County Council")
    priority = Priority.objects.create(board=cast.board, number="2", title="Children in need")
    Priority.objects.create(board=cast.other_board, number="9", title="Not ours")
    client.force_login(cast.coordinator)
    address = url("indicator_create", cast.board.slug)
    form = client.get(address).content.decode()
    assert "Priorities it evidences" in form and "Not ours" not in form
    response = client.post(
        address,
        indicator_data(owner_organisation=organisation.pk, lead=cast.member.person.pk, priorities=[priority.pk]),
    )
    indicator = Indicator.objects.get(code="CIN-RATE")
    assert response.status_code == 302 and response["Location"] == indicator.get_absolute_url()
    assert indicator.board == cast.board and indicator.lead == cast.member.person
    assert indicator.definition == "Children in need at 31 March.\r\nFrom the CIN census."
    assert [a.name for a in indicator.comparators.order_by("name")] == ["England", "North West"]
    assert list(indicator.priorities.all()) == [priority]
    assert ActivityLog.objects.filter(action="performance.indicator.created", object_id=indicator.pk).exists()


def test_the_data_lead_is_chosen_from_the_boards_people(client, cast):
    stranger = PersonFactory(first_name="Not", last_name="OnTheBoard")
    client.force_login(cast.coordinator)
    response = client.post(url("indicator_create", cast.board.slug), indicator_data(lead=stranger.pk))
    assert response.status_code == 200
    assert "Select a valid choice" in response.context["form"].errors["lead"][0]
    assert not Indicator.objects.exists()


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("cla-rate", "CPB already has an indicator cla-rate."),
        ("new", "“new” names a page of its own: choose another code."),
        ("Entry", "“Entry” names a page of its own: choose another code."),
        ("import", "“import” names a page of its own: choose another code."),
        ("CP RATE", "Use letters, numbers, dots, hyphens and underscores only"),
    ],
)
def test_a_code_that_cannot_be_used_is_refused_on_the_form(client, cast, cla, code, message):
    client.force_login(cast.coordinator)
    response = client.post(url("indicator_create", cast.board.slug), indicator_data(code=code))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Indicator.objects.count() == 1


def test_a_coordinator_edits_an_indicator_whose_unit_and_periods_are_fixed_by_its_figures(client, cast, cla):
    client.force_login(cast.coordinator)
    address = url("indicator_edit", cast.board.slug, cla.code)
    form = client.get(address).context["form"]
    assert [name for name in ("unit", "frequency", "basis", "area") if form.fields[name].disabled] == [
        "unit",
        "frequency",
        "basis",
        "area",
    ]
    data = indicator_data(code="CLA", name="Children looked after", unit=Unit.COUNT, comparators=[england().pk])
    response = client.post(address, data)
    cla.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == url("indicator", cast.board.slug, "CLA")
    assert (cla.code, cla.name, cla.unit) == ("CLA", "Children looked after", Unit.RATE_10000)
    assert [a.name for a in cla.comparators.all()] == ["England"]
    assert ActivityLog.objects.filter(action="performance.indicator.edited", object_id=cla.pk).exists()


def test_a_refused_new_code_leaves_the_links_on_the_old_one(client, cast, cla, cse):
    client.force_login(cast.coordinator)
    response = client.post(url("indicator_edit", cast.board.slug, cla.code), indicator_data(code="CSE"))
    html = response.content.decode()
    assert "CPB already has an indicator CSE." in html
    assert f'href="{cla.get_absolute_url()}">Cancel' in html
    cla.refresh_from_db()
    assert cla.code == "CLA-RATE"


# Setting a target ----------------------------------------------------------------------------------------


def test_a_coordinator_sets_a_target_from_a_period(client, cast, attendance):
    client.force_login(cast.coordinator)
    address = url("target_set", cast.board.slug, attendance.code)
    page = client.get(address)
    assert page.context["form"].initial == {"kind": "at_least", "value": "80", "upper": "", "tolerance": "5"}
    assert "From 2013/14: at least 80.0% (amber within 5.0)" in page.content.decode()
    response = client.post(address, {"effective_from": "2015/16", "kind": "range", "value": "85", "upper": "95"})
    assert response.status_code == 302 and response["Location"] == attendance.get_absolute_url()
    target = attendance.targets.get(effective_from__label="2015/16")
    assert (target.kind, target.value, target.upper, target.tolerance) == ("range", 85, 95, 0)
    html = client.get(attendance.get_absolute_url()).content.decode()
    assert "Target for ATT from 2015/16: between 85.0% and 95.0%." in html
    assert cell(table_rows(html)["2015/16"], "RAG") == "Red"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"effective_from": "Q1 2015/16", "kind": "at_least", "value": "80"}, "effective_from", "reported annually"),
        ({"effective_from": "next year", "kind": "at_least", "value": "80"}, "effective_from", ""),
        ({"effective_from": "2015/16", "kind": "range", "value": "80"}, "upper", "needs its upper end"),
        (
            {"effective_from": "2015/16", "kind": "range", "value": "80", "upper": "70"},
            "upper",
            "upper end at or above",
        ),
        ({"effective_from": "2015/16", "kind": "at_least", "value": "eighty"}, "value", "“eighty” is not a number"),
        ({"effective_from": "2015/16", "kind": "at_least", "value": "80", "tolerance": "-2"}, "tolerance", "positive"),
    ],
)
def test_a_target_that_cannot_be_set_is_refused_in_place(client, cast, attendance, data, field, message):
    client.force_login(cast.coordinator)
    response = client.post(url("target_set", cast.board.slug, attendance.code), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert attendance.targets.count() == 1


def test_a_target_accepts_figures_as_people_write_them(client, cast, cse):
    client.force_login(cast.coordinator)
    client.post(
        url("target_set", cast.board.slug, cse.code),
        {"effective_from": "2015/16", "kind": "at_least", "value": "1,800"},
    )
    assert cse.targets.get().value == 1800


def test_a_new_area_is_offered_once_a_site_administrator_adds_it(client, cast):
    AreaFactory(name="Statistical neighbours (average)", kind="neighbours")
    client.force_login(cast.coordinator)
    html = client.get(url("indicator_create", cast.board.slug)).content.decode()
    assert "Statistical neighbours (average) (statistical neighbours)" in html
    MembershipFactory(board=cast.board, person=PersonFactory(first_name="Sarah", last_name="Anderton"))
    assert "Sarah Anderton" in client.get(url("indicator_create", cast.board.slug)).content.decode()
