"""Figures recorded, revised and read back with their computed change, rating and direction."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from boards.tests.factories import PersonFactory
from core.permissions import SYSTEM
from performance import selectors, services
from performance.enums import Direction, Frequency, ObservationStatus, Polarity, Rating, TargetKind, Unit
from performance.models import Observation
from performance.tests.factories import IndicatorFactory, england, north_west, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def cla(cast):
    """Children looked after, rate per 10,000: Lancashire with the North West and England (seed report)."""
    indicator = IndicatorFactory(
        board=cast.board,
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
def attendance(cast):
    indicator = IndicatorFactory(
        board=cast.board, code="ATT", name="Attendance at LSCB meetings", unit=Unit.PERCENTAGE, decimals=0
    )
    services.set_target(
        user=SYSTEM, indicator=indicator, effective_from="2013/14", kind=TargetKind.AT_LEAST, value=80, tolerance=5
    )
    for year, value in [("2013/14", 75), ("2014/15", 69), ("2015/16", 67)]:
        record(indicator, year, value)
    return indicator


def test_the_series_carries_comparators_change_direction_and_no_rating_for_a_contextual_indicator(cla):
    series = selectors.indicator_series(cla)
    assert [a.name for a in series.areas] == ["Lancashire", "North West", "England"]
    ((heading, rows),) = series.groups
    assert heading == "Years"
    latest = rows[0]
    assert str(latest.period) == "2015/16" and str(latest.previous) == "2014/15"
    assert [c.value for c in latest.cells] == [D("69.1"), D(82), D(60)]
    assert latest.change.describe(1) == "+1.9 per 10,000 (+2.8%)"
    assert latest.direction == Direction.UP and latest.rating is None
    assert rows[-1].change is None  # nothing before 2013/14


def test_rating_and_direction_against_the_target(attendance):
    rows = selectors.indicator_series(attendance).rows
    assert [(str(r.period), r.rating, r.direction) for r in rows] == [
        ("2015/16", Rating.RED, Direction.WORSE),
        ("2014/15", Rating.RED, Direction.WORSE),
        ("2013/14", Rating.AMBER, None),
    ]
    assert rows[0].change.describe(0) == "\u22122 percentage points"


def test_a_quarterly_indicator_compares_quarters_with_quarters_and_years_with_years(cast):
    timeliness = IndicatorFactory(
        board=cast.board, code="ASSESS", unit=Unit.PERCENTAGE, decimals=1, frequency=Frequency.QUARTERLY
    )
    for period, value in [("2014/15", "79.8"), ("2015/16", "74.6"), ("Q1 2015/16", "79.9"), ("Q4 2015/16", "61.0")]:
        record(timeliness, period, value)
    series = selectors.indicator_series(timeliness)
    quarters, years = series.groups
    assert quarters[0] == "Quarters" and years[0] == "Years"
    q4, _q1 = quarters[1]
    assert q4.change is None  # Q3 is missing: no comparison with Q1 across the gap
    assert years[1][0].change.describe(1) == "\u22125.2 percentage points"
    assert series.latest.period.label == "Q4 2015/16"


def test_a_revised_figure_keeps_the_earlier_one_and_needs_a_reason(cast):
    cse = IndicatorFactory(board=cast.board, code="CSE", unit=Unit.COUNT)
    observation = record(cse, "2014/15", 1412, status=ObservationStatus.PROVISIONAL, quality_note="tbc")
    with pytest.raises(ValidationError, match="Say why the figure for 2014/15 changes from 1412"):
        record(cse, "2014/15", 1420)
    record(cse, "2014/15", 1420, reason="Validated return")
    observation.refresh_from_db()
    assert (observation.value, observation.revision, observation.revision_reason) == (D(1420), 2, "Validated return")
    history = list(observation.history.order_by("history_date").values_list("value", "history_change_reason"))
    assert history == [(D(1412), "First figure"), (D(1420), "Validated return")]


def test_recording_the_same_figure_again_changes_nothing(cast):
    cse = IndicatorFactory(board=cast.board, code="CSE", unit=Unit.COUNT)
    first = record(cse, "2015/16", 1744)
    observation, outcome = services.record_observation(
        user=SYSTEM, indicator=cse, area=cse.area, period="2015/16", value="1,744"
    )
    assert outcome == "unchanged" and observation.pk == first.pk and observation.revision == 1
    assert observation.history.count() == 1


def test_a_figure_not_yet_available_is_completed_without_a_reason(cast):
    cin = IndicatorFactory(board=cast.board, code="CIN", unit=Unit.COUNT)
    record(cin, "2015/16", None, status=ObservationStatus.NOT_YET_AVAILABLE)
    observation = record(cin, "2015/16", 9100)
    assert observation.revision == 2 and observation.status == ObservationStatus.ACTUAL


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"value": 50, "status": ObservationStatus.NOT_YET_AVAILABLE}, "has no value"),
        ({"value": None}, "Enter the figure"),
        ({"value": "104.5"}, "104.5% is not a percentage"),
        ({"value": 10, "numerator": 1, "denominator": 0}, "denominator must be more than zero"),
    ],
)
def test_a_figure_that_cannot_be_right_is_refused(cast, kwargs, message):
    indicator = IndicatorFactory(board=cast.board, unit=Unit.PERCENTAGE, decimals=1)
    with pytest.raises(ValidationError, match=message):
        record(indicator, "2015/16", **kwargs)
    assert not Observation.objects.exists()


def test_a_rate_is_worked_out_from_its_count_and_population_and_a_mismatch_is_flagged(cast):
    rate = IndicatorFactory(board=cast.board, unit=Unit.RATE_10000, decimals=1)
    worked = record(rate, "2015/16", None, numerator=1691, denominator=244700)
    assert services.computation.rounded(worked.value, 1) == D("69.1") and worked.problems == []
    flagged = record(rate, "2014/15", "96.1", numerator=1691, denominator=244700)
    assert flagged.problems == ["The value 96.1 does not match 1,691 ÷ 244,700 × 10,000 = 69.1."]


def test_a_period_of_the_wrong_kind_and_an_area_not_compared_are_refused(cast, cla):
    with pytest.raises(ValidationError, match="reported annually"):
        record(cla, "Q1 2015/16", 70)
    other = IndicatorFactory(board=cast.board)
    with pytest.raises(ValidationError, match="not measured or compared for North West"):
        record(other, "2015/16", 5, area=north_west())


def test_only_coordinators_and_the_data_lead_enter_figures(cast):
    lead = PersonFactory()
    indicator = IndicatorFactory(board=cast.board, lead=lead)
    from boards.tests.factories import UserFactory

    lead_user = UserFactory(person=lead)
    record(indicator, "2015/16", 1, user=cast.coordinator)
    record(indicator, "2014/15", 2, user=lead_user)
    for user in (cast.member, cast.chair, cast.outsider, cast.other_coordinator):
        with pytest.raises(PermissionDenied):
            record(indicator, "2013/14", 3, user=user)
    with pytest.raises(PermissionDenied):
        services.set_target(user=lead_user, indicator=indicator, effective_from="2015/16", kind="at_least", value=1)


def test_members_read_their_boards_indicators_only(cast, cla):
    assert list(selectors.visible_indicators(cast.member)) == [cla]
    assert list(selectors.visible_indicators(cast.outsider)) == []
    assert list(selectors.visible_indicators(cast.other_coordinator)) == []
    assert cast.member.has_perm("performance.view_indicator", cla)
    assert not cast.outsider.has_perm("performance.view_indicator", cla)


def test_the_entry_sheet_shows_missing_and_overdue_figures(cast, cla):
    import datetime

    from performance.models import Period

    period = services.as_period(cla, "2016/17")
    sheet = selectors.entry_sheet(cast.board, period, cast.coordinator)
    (row,) = sheet
    assert row.missing and row.due == datetime.date(2017, 5, 12)
    assert row.overdue(datetime.date(2017, 6, 1)) and not row.overdue(datetime.date(2017, 5, 1))
    done = selectors.entry_sheet(cast.board, Period.objects.get(label="2015/16"), cast.coordinator)
    assert not done[0].missing
    assert selectors.entry_sheet(cast.board, period, cast.member) == []


def test_a_long_reason_is_kept_whole_on_the_figure_and_shortened_in_the_history(cast):
    # The history's "why" column holds 100 characters (PostgreSQL refuses more; SQLite would not say).
    cse = IndicatorFactory(board=cast.board, code="CSE", unit=Unit.COUNT)
    record(cse, "2014/15", 1412)
    reason = "Imported from " + "TF_Phase3_Outcomes_Framework_Claims_Q3_FINAL_v12_tracked_changes_accepted" * 3 + ".csv"
    observation = record(cse, "2014/15", 1420, reason=reason)
    assert observation.revision_reason == reason[:300]
    latest = observation.history.order_by("-history_date").first()
    assert len(latest.history_change_reason) == 100 and latest.history_change_reason.endswith("…")
    first = record(IndicatorFactory(board=cast.board), "2015/16", 5, reason=reason)
    assert len(first.history.get().history_change_reason) == 100
