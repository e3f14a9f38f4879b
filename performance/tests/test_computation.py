"""The arithmetic, on the seed annual report's own figures (../shared/seeds/lscb-annual-report-2015-16.txt)."""

from decimal import Decimal as D

import pytest

from performance import computation as c
from performance.computation import Figure, NotCombinable, TargetRule
from performance.enums import Direction, ObservationStatus, Polarity, Rating, TargetKind, Unit


def fig(value, **kwargs):
    return Figure(value=None if value is None else D(str(value)), **kwargs)


def test_cse_high_risk_referrals_rose_by_23_5_percent_not_46_1():
    change = c.change(fig(1744), fig(1412), Unit.COUNT)
    assert change.absolute == 332
    assert c.rounded(change.percent, 1) == D("23.5")
    assert change.describe(0) == "+332 (+23.5%)"


def test_domestic_violence_notifications_fell_by_12_3_percent_since_2013_14():
    # The report says "a 12.2% reduction": 9853 to 8644 is 1,209 fewer, 12.27% of 9853.
    change = c.change(fig(8644), fig(9853), Unit.COUNT)
    assert change.describe(0) == "\u22121,209 (\u221212.3%)"


def test_violent_offences_rate_rose_by_42_5_and_29_7_per_10000():
    assert c.change(fig("160.6"), fig("118.1"), Unit.RATE_10000).absolute == D("42.5")
    change = c.change(fig("160.6"), fig("130.9"), Unit.RATE_10000)
    assert change.describe(1) == "+29.7 per 10,000 (+22.7%)"


def test_missing_from_home_q3_to_q4_is_a_1_0_percent_rise():
    assert c.change(fig(527), fig(522), Unit.COUNT).describe(0) == "+5 (+1.0%)"


def test_a_percentage_changes_by_percentage_points():
    # Assessments within timescale: 79.8% in 2014/15, 74.6% in 2015/16; Q1 79.9% to Q4 61.0%.
    change = c.change(fig("74.6"), fig("79.8"), Unit.PERCENTAGE)
    assert change.in_points
    assert change.describe(1) == "\u22125.2 percentage points"
    assert c.change(fig("61.0"), fig("79.9"), Unit.PERCENTAGE).describe(1) == "\u221218.9 percentage points"
    assert c.change(fig("16"), fig("15"), Unit.PERCENTAGE).describe(0) == "+1 percentage point"


def test_no_change_without_two_usable_figures():
    assert c.change(fig(1744), None, Unit.COUNT) is None
    assert c.change(fig(1744), fig(None, status=ObservationStatus.NOT_YET_AVAILABLE), Unit.COUNT) is None
    assert c.change(fig(1744), fig(1412, status=ObservationStatus.UNDER_REVIEW), Unit.COUNT) is None
    assert c.change(fig(5), fig(0), Unit.COUNT).percent is None  # no percent of nothing


@pytest.mark.parametrize(
    ("polarity", "now", "before", "expected"),
    [
        (Polarity.HIGHER_IS_BETTER, 67, 69, Direction.WORSE),  # LSCB attendance: "Worse", as the report says
        (Polarity.HIGHER_IS_BETTER, 100, 100, Direction.SAME),  # SCR referrals in time: "Same"
        (Polarity.HIGHER_IS_BETTER, "79.9", "74.6", Direction.BETTER),
        (Polarity.LOWER_IS_BETTER, 8644, 9354, Direction.BETTER),  # fewer DV notifications
        (Polarity.LOWER_IS_BETTER, "160.6", "130.9", Direction.WORSE),  # more offences against children
        (Polarity.LOWER_IS_BETTER, "15.7", "15.7", Direction.SAME),  # repeat referrals
        (Polarity.CONTEXTUAL, "59.0", "38.9", Direction.UP),  # child protection plans: neither good nor bad
        (Polarity.CONTEXTUAL, "38.9", "44.4", Direction.DOWN),
        (Polarity.CONTEXTUAL, "69.1", "69.1", Direction.SAME),
    ],
)
def test_direction_of_travel_follows_polarity(polarity, now, before, expected):
    assert c.direction(fig(now), fig(before), polarity, 1) == expected


def test_a_change_too_small_to_show_is_the_same():
    assert c.direction(fig("74.62"), fig("74.58"), Polarity.HIGHER_IS_BETTER, 1) == Direction.SAME
    assert c.direction(fig("74.62"), fig("74.58"), Polarity.HIGHER_IS_BETTER, 2) == Direction.BETTER


AT_LEAST_80 = TargetRule(kind=TargetKind.AT_LEAST, value=D(80), tolerance=D(5))


@pytest.mark.parametrize(
    ("value", "expected"),
    [(67, Rating.RED), (75, Rating.AMBER), ("79.9", Rating.AMBER), (80, Rating.GREEN), (92, Rating.GREEN)],
)
def test_rating_against_at_least_a_target_with_amber_tolerance(value, expected):
    assert c.rating(fig(value), AT_LEAST_80, Polarity.HIGHER_IS_BETTER, 1) == expected


def test_rating_compares_the_figure_as_shown():
    assert c.rating(fig("79.96"), AT_LEAST_80, Polarity.HIGHER_IS_BETTER, 1) == Rating.GREEN  # shown as 80.0


@pytest.mark.parametrize(
    ("value", "expected"), [(50, Rating.GREEN), (70, Rating.GREEN), (72, Rating.AMBER), (80, Rating.RED)]
)
def test_rating_against_at_most_a_target(value, expected):
    # IRO caseloads: the recommended national caseload is 50-70; at most 70, amber up to 75.
    target = TargetRule(kind=TargetKind.AT_MOST, value=D(70), tolerance=D(5))
    assert c.rating(fig(value), target, Polarity.LOWER_IS_BETTER, 0) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(49, Rating.AMBER), (40, Rating.RED), (60, Rating.GREEN), (73, Rating.AMBER), (90, Rating.RED)],
)
def test_rating_against_a_range(value, expected):
    target = TargetRule(kind=TargetKind.RANGE, value=D(50), upper=D(70), tolerance=D(5))
    assert c.rating(fig(value), target, Polarity.LOWER_IS_BETTER, 0) == expected


def test_no_rating_for_a_contextual_indicator_missing_data_or_no_target():
    assert c.rating(fig("59.0"), AT_LEAST_80, Polarity.CONTEXTUAL, 1) is None
    assert (
        c.rating(fig(None, status=ObservationStatus.NOT_YET_AVAILABLE), AT_LEAST_80, Polarity.HIGHER_IS_BETTER) is None
    )
    assert c.rating(fig(95, status=ObservationStatus.UNDER_REVIEW), AT_LEAST_80, Polarity.HIGHER_IS_BETTER) is None
    assert c.rating(fig(95, status=ObservationStatus.SUPPRESSED), AT_LEAST_80, Polarity.HIGHER_IS_BETTER) is None
    assert c.rating(fig(95), None, Polarity.HIGHER_IS_BETTER) is None
    assert (
        c.rating(fig(95, status=ObservationStatus.PROVISIONAL), AT_LEAST_80, Polarity.HIGHER_IS_BETTER) == Rating.GREEN
    )


def test_counts_add_up_from_their_lines():
    quarters = [fig(503), fig(514), fig(522), fig(527)]  # missing from home, 2015/16
    assert c.total(quarters, Unit.COUNT) == 2066
    assert c.sums_to(quarters, fig(2066), Unit.COUNT, 0)
    assert not c.sums_to(quarters, fig(2067), Unit.COUNT, 0)  # a printed total that is not the sum of its lines


def test_a_total_refuses_a_missing_line():
    with pytest.raises(NotCombinable, match="1 of the 3 figures"):
        c.total([fig(959), fig(981), fig(None, status=ObservationStatus.NOT_YET_AVAILABLE)], Unit.COUNT)


def test_percentages_are_never_averaged():
    # % missing who were CLA: 17.6, 23.1, 24.3, 16.8. Their mean (20.45) weights every quarter alike.
    quarters = [fig(v) for v in ("17.6", "23.1", "24.3", "16.8")]
    with pytest.raises(NotCombinable, match="never averaged"):
        c.average(quarters, Unit.PERCENTAGE)
    with pytest.raises(NotCombinable, match="never averaged"):
        c.combined(quarters, Unit.PERCENTAGE)  # without numerators and denominators
    with pytest.raises(NotCombinable):
        c.total(quarters, Unit.PERCENTAGE)
    with pytest.raises(NotCombinable, match="never averaged"):
        c.average([fig("59.0"), fig("42.9")], Unit.RATE_10000)


def test_a_percentage_over_several_periods_comes_from_numerators_and_denominators():
    # Meetings attended over three years: 15 of 20, 18 of 26, 20 of 30 (75%, 69%, 67%).
    years = [
        fig(75, numerator=D(15), denominator=D(20)),
        fig("69.2", numerator=D(18), denominator=D(26)),
        fig("66.7", numerator=D(20), denominator=D(30)),
    ]
    assert c.rounded(c.combined(years, Unit.PERCENTAGE), 1) == D("69.7")  # 53 of 76, not the mean 70.3
    assert c.rounded(c.average([fig(3), fig(4)], Unit.DAYS), 1) == D("3.5")


def test_a_rate_is_checked_against_its_count_and_population():
    # 1,691 looked-after children in a child population of 244,700 is 69.1 per 10,000.
    assert c.problems(Unit.RATE_10000, D("69.1"), D(1691), D(244700), 1) == []
    (problem,) = c.problems(Unit.RATE_10000, D("96.1"), D(1691), D(244700), 1)
    assert problem == "The value 96.1 does not match 1,691 ÷ 244,700 × 10,000 = 69.1."
    assert c.rounded(c.worked_out_value(Unit.RATE_10000, D(1691), D(244700)), 1) == D("69.1")


def test_implausible_values_are_flagged():
    assert c.problems(Unit.PERCENTAGE, D("104.5"), None, None, 1) == ["104.5% is over 100%."]
    assert c.problems(Unit.COUNT, D(-3), None, None, 0) == ["\u22123 is below zero."]
    assert c.problems(Unit.COUNT, D("2.5"), None, None, 0) == ["2.5 is not a whole number, and this indicator counts."]
    assert c.problems(Unit.MONEY, D(-1200), None, None, 0) == []  # an overspend is money below zero
    assert c.problems(Unit.PERCENTAGE, D(50), D(12), D(10), 0) == ["The numerator 12 does not fit the denominator."]


def test_small_numbers_are_suppressed_in_public():
    assert c.is_small_number(fig(3), Unit.COUNT)
    assert not c.is_small_number(fig(0), Unit.COUNT)  # none is not identifying
    assert not c.is_small_number(fig(26), Unit.COUNT)  # privately fostered children
    assert c.is_small_number(fig("4.1", numerator=D(2), denominator=D(49)), Unit.PERCENTAGE)
    assert not c.is_small_number(fig(3), Unit.COUNT, threshold=0)
    assert c.is_small_number(fig(7), Unit.COUNT, threshold=10)
    assert c.public_value(fig(3), Unit.COUNT, 0) == "Suppressed (fewer than 5)"
    assert c.public_value(fig(26), Unit.COUNT, 0) == "26"
    assert c.public_value(fig(None, status=ObservationStatus.NOT_YET_AVAILABLE), Unit.COUNT, 0) == "Not yet available"


def test_values_are_read_as_people_type_them():
    assert c.to_decimal("1,744") == 1744
    assert c.to_decimal("74.6%") == D("74.6")
    assert c.to_decimal("£1,200.50") == D("1200.50")
    assert c.to_decimal("  ") is None
    for bad in ("tbc", "N/A", "1.2.3", "nan", "Infinity"):
        with pytest.raises(ValueError):
            c.to_decimal(bad)


def test_values_are_shown_in_their_unit():
    assert c.format_value(D("74.6"), Unit.PERCENTAGE, 1) == "74.6%"
    assert c.format_value(D(274733), Unit.COUNT, 0) == "274,733"
    assert c.format_value(D("59"), Unit.RATE_10000, 1) == "59.0"
    assert c.format_value(D("-1200"), Unit.MONEY, 0) == "\u2212£1,200"
