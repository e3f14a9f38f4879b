"""Choices for indicators and their figures."""

from decimal import Decimal

from django.db import models


class Unit(models.TextChoices):
    COUNT = "count", "Count"
    PERCENTAGE = "percentage", "Percentage"
    RATE_1000 = "rate_1000", "Rate per 1,000"
    RATE_10000 = "rate_10000", "Rate per 10,000"
    RATE_100000 = "rate_100000", "Rate per 100,000"
    MONEY = "money", "Money (£)"
    DAYS = "days", "Days"


#: What a rate's numerator is multiplied by, over its denominator (a percentage is a rate per 100).
RATE_BASES = {
    Unit.PERCENTAGE: Decimal(100),
    Unit.RATE_1000: Decimal(1000),
    Unit.RATE_10000: Decimal(10000),
    Unit.RATE_100000: Decimal(100000),
}


class Polarity(models.TextChoices):
    HIGHER_IS_BETTER = "higher", "Higher is better"
    LOWER_IS_BETTER = "lower", "Lower is better"
    CONTEXTUAL = "contextual", "Contextual (neither higher nor lower is better)"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    TERMLY = "termly", "Termly"
    ANNUAL = "annual", "Annual"


class PeriodBasis(models.TextChoices):
    FINANCIAL = "financial", "Financial year (April to March; Q1 is April to June)"
    ACADEMIC = "academic", "Academic year (September to August)"
    CALENDAR = "calendar", "Calendar year"
    SNAPSHOT = "snapshot", "Snapshot (as at a date)"


class PeriodKind(models.TextChoices):
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter"
    TERM = "term", "Term"
    YEAR = "year", "Year"
    SNAPSHOT = "snapshot", "As at a date"


#: The kind of period each frequency reports.
FREQUENCY_KINDS = {
    Frequency.MONTHLY: PeriodKind.MONTH,
    Frequency.QUARTERLY: PeriodKind.QUARTER,
    Frequency.TERMLY: PeriodKind.TERM,
    Frequency.ANNUAL: PeriodKind.YEAR,
}


class ObservationStatus(models.TextChoices):
    ACTUAL = "actual", "Actual"
    PROVISIONAL = "provisional", "Provisional"
    NOT_YET_AVAILABLE = "not_available", "Not yet available"
    NOT_COLLECTED = "not_collected", "Not collected"
    UNDER_REVIEW = "under_review", "Under review"
    SUPPRESSED = "suppressed", "Suppressed"


#: Statuses whose value may be compared, totalled and rated.
USABLE_STATUSES = (ObservationStatus.ACTUAL, ObservationStatus.PROVISIONAL)
#: Statuses that carry a value.
STATUSES_WITH_VALUE = (ObservationStatus.ACTUAL, ObservationStatus.PROVISIONAL, ObservationStatus.UNDER_REVIEW)
#: Statuses that stand instead of a value.
STATUSES_WITHOUT_VALUE = (ObservationStatus.NOT_YET_AVAILABLE, ObservationStatus.NOT_COLLECTED)


class AreaKind(models.TextChoices):
    LOCAL = "local", "Local area"
    DISTRICT = "district", "District"
    NEIGHBOURS = "neighbours", "Statistical neighbours"
    REGION = "region", "Region"
    NATION = "nation", "Nation"


class TargetKind(models.TextChoices):
    AT_LEAST = "at_least", "At least"
    AT_MOST = "at_most", "At most"
    RANGE = "range", "Between"


class Rating(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class Direction(models.TextChoices):
    BETTER = "better", "Better"
    SAME = "same", "Same"
    WORSE = "worse", "Worse"
    # A contextual indicator moves, and neither way is better.
    UP = "up", "Up"
    DOWN = "down", "Down"


class ImportStatus(models.TextChoices):
    CHECKED = "checked", "Checked, not imported"
    IMPORTED = "imported", "Imported"
    DISCARDED = "discarded", "Discarded"
