import datetime

import pytest

from performance import periods
from performance.enums import Frequency, PeriodBasis, PeriodKind
from performance.periods import PeriodError

d = datetime.date


@pytest.mark.parametrize(
    ("text", "frequency", "basis", "start", "kind", "label"),
    [
        ("2015/16", Frequency.ANNUAL, PeriodBasis.FINANCIAL, d(2015, 4, 1), PeriodKind.YEAR, "2015/16"),
        ("2015-16", Frequency.ANNUAL, PeriodBasis.FINANCIAL, d(2015, 4, 1), PeriodKind.YEAR, "2015/16"),
        ("2009/2010", Frequency.ANNUAL, PeriodBasis.FINANCIAL, d(2009, 4, 1), PeriodKind.YEAR, "2009/10"),
        ("Q1 2015/16", Frequency.QUARTERLY, PeriodBasis.FINANCIAL, d(2015, 4, 1), PeriodKind.QUARTER, "Q1 2015/16"),
        ("2015/16 Q4", Frequency.QUARTERLY, PeriodBasis.FINANCIAL, d(2016, 1, 1), PeriodKind.QUARTER, "Q4 2015/16"),
        ("2015/16", Frequency.QUARTERLY, PeriodBasis.FINANCIAL, d(2015, 4, 1), PeriodKind.YEAR, "2015/16"),
        ("Q3 2016", Frequency.QUARTERLY, PeriodBasis.CALENDAR, d(2016, 7, 1), PeriodKind.QUARTER, "Q3 2016"),
        ("2016", Frequency.ANNUAL, PeriodBasis.CALENDAR, d(2016, 1, 1), PeriodKind.YEAR, "2016"),
        ("2015/16", Frequency.ANNUAL, PeriodBasis.ACADEMIC, d(2015, 9, 1), PeriodKind.YEAR, "2015/16 (academic year)"),
        (
            "Autumn term 2015",
            Frequency.TERMLY,
            PeriodBasis.ACADEMIC,
            d(2015, 9, 1),
            PeriodKind.TERM,
            "Autumn term 2015",
        ),
        ("spring 2016", Frequency.TERMLY, PeriodBasis.ACADEMIC, d(2016, 1, 1), PeriodKind.TERM, "Spring term 2016"),
        ("April 2015", Frequency.MONTHLY, PeriodBasis.FINANCIAL, d(2015, 4, 1), PeriodKind.MONTH, "April 2015"),
        ("Sep 2015", Frequency.MONTHLY, PeriodBasis.FINANCIAL, d(2015, 9, 1), PeriodKind.MONTH, "September 2015"),
        ("2015-04", Frequency.MONTHLY, PeriodBasis.CALENDAR, d(2015, 4, 1), PeriodKind.MONTH, "April 2015"),
        ("2011-12", Frequency.MONTHLY, PeriodBasis.FINANCIAL, d(2011, 12, 1), PeriodKind.MONTH, "December 2011"),
        ("2011-12", Frequency.ANNUAL, PeriodBasis.FINANCIAL, d(2011, 4, 1), PeriodKind.YEAR, "2011/12"),
        (
            "as at 31 March 2016",
            Frequency.ANNUAL,
            PeriodBasis.SNAPSHOT,
            d(2016, 3, 31),
            PeriodKind.SNAPSHOT,
            "as at 31 March 2016",
        ),
        (
            "2016-03-31",
            Frequency.QUARTERLY,
            PeriodBasis.SNAPSHOT,
            d(2016, 3, 31),
            PeriodKind.SNAPSHOT,
            "as at 31 March 2016",
        ),
    ],
)
def test_periods_are_read_as_boards_write_them(text, frequency, basis, start, kind, label):
    period = periods.parse(text, frequency, basis)
    assert (period.start, period.kind, period.label) == (start, kind, label)


def test_a_quarter_of_a_financial_year_runs_april_to_june():
    q1 = periods.parse("Q1 2015/16", Frequency.QUARTERLY, PeriodBasis.FINANCIAL)
    assert (q1.start, q1.end) == (d(2015, 4, 1), d(2015, 6, 30))
    assert periods.parse("2015/16", Frequency.ANNUAL, PeriodBasis.FINANCIAL).end == d(2016, 3, 31)


@pytest.mark.parametrize(
    ("text", "frequency", "basis", "message"),
    [
        ("Q1 2015/16", Frequency.ANNUAL, PeriodBasis.FINANCIAL, "is a quarter; this indicator is reported annually"),
        ("April 2015", Frequency.QUARTERLY, PeriodBasis.FINANCIAL, "is a month"),
        (
            "2015",
            Frequency.ANNUAL,
            PeriodBasis.FINANCIAL,
            "is a calendar year; this indicator is reported annually: write a financial",
        ),
        ("2015/17", Frequency.ANNUAL, PeriodBasis.FINANCIAL, "the second part should be 16"),
        ("last year", Frequency.ANNUAL, PeriodBasis.FINANCIAL, "is not a period"),
        ("", Frequency.ANNUAL, PeriodBasis.FINANCIAL, "missing"),
        ("2015/16", Frequency.ANNUAL, PeriodBasis.SNAPSHOT, "write a date"),
        ("Q5 2015/16", Frequency.QUARTERLY, PeriodBasis.FINANCIAL, "is not a period"),
        ("2015-04", Frequency.ANNUAL, PeriodBasis.FINANCIAL, "is a month"),
    ],
)
def test_a_period_not_of_the_indicators_frequency_is_refused_in_words(text, frequency, basis, message):
    with pytest.raises(PeriodError, match=message):
        periods.parse(text, frequency, basis)


def test_the_previous_period_is_of_the_same_kind():
    q1 = periods.parse("Q1 2016/17", Frequency.QUARTERLY, PeriodBasis.FINANCIAL)
    assert periods.previous(q1).label == "Q4 2015/16"
    year = periods.parse("2015/16", Frequency.ANNUAL, PeriodBasis.FINANCIAL)
    assert periods.previous(year).label == "2014/15"
    assert periods.previous(periods.parse("January 2016", Frequency.MONTHLY, PeriodBasis.FINANCIAL)).label == (
        "December 2015"
    )
    autumn = periods.parse("Autumn term 2015", Frequency.TERMLY, PeriodBasis.ACADEMIC)
    spring = periods.parse("Spring term 2016", Frequency.TERMLY, PeriodBasis.ACADEMIC)
    assert periods.previous(spring) == autumn
    assert periods.previous(autumn).label == "Summer term 2015"
    assert periods.previous(periods.parse("2016-03-31", Frequency.ANNUAL, PeriodBasis.SNAPSHOT)) is None


def test_a_period_is_checked_to_be_one():
    with pytest.raises(PeriodError):
        periods.make(PeriodKind.QUARTER, PeriodBasis.FINANCIAL, d(2015, 5, 1))
    with pytest.raises(PeriodError):
        periods.make(PeriodKind.YEAR, PeriodBasis.FINANCIAL, d(2015, 1, 1))
    assert periods.make(PeriodKind.YEAR, PeriodBasis.CALENDAR, d(2015, 1, 1)).label == "2015"


def test_the_recent_periods_are_those_ended():
    recent = periods.recent(Frequency.QUARTERLY, PeriodBasis.FINANCIAL, d(2016, 5, 10), 3)
    assert [p.label for p in recent] == ["Q4 2015/16", "Q3 2015/16", "Q2 2015/16"]
    assert [p.label for p in periods.recent(Frequency.ANNUAL, PeriodBasis.FINANCIAL, d(2016, 5, 10), 1)] == ["2015/16"]
