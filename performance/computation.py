"""The arithmetic of performance figures: every change, direction, rating, total and check the portal shows.

Pure functions on plain values (no database), tested on the seed annual report's own numbers. The rules:

- A change is against the previous period of the same kind. Percentages change by **percentage points**
  (79.8% to 74.6% is -5.2 percentage points); counts, rates and money by an amount and a percent of the
  earlier figure (1,412 to 1,744 is +332, +23.5%).
- Direction of travel follows the indicator's polarity: better, same or worse. A contextual indicator (a
  higher child protection rate is neither good nor bad) moves up or down, and is never rated.
- A rating (red, amber, green) is against a target, with its tolerance for amber; there is none when the
  figure is missing, not usable (under review, suppressed...) or the indicator is contextual.
- Totals come only from stored components: counts and money add up; a percentage or a rate over several
  periods or areas is worked out again from numerators and denominators, and is never an average of
  percentages. Where the components are missing the answer is "cannot be combined", never a guess.
- A value is checked against its own numerator and denominator where both exist, and for being impossible
  (a percentage over 100, a negative count).
- Small numbers (below the board's threshold, 5 unless set) are suppressed in public outputs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .enums import RATE_BASES, USABLE_STATUSES, Direction, ObservationStatus, Polarity, Rating, TargetKind, Unit

ONE_DECIMAL = Decimal("0.1")
DEFAULT_SMALL_NUMBER_THRESHOLD = 5
#: Units whose values add up across periods or areas.
ADDITIVE_UNITS = (Unit.COUNT, Unit.MONEY)
MINUS = "\u2212"


class NotCombinable(ValueError):
    """Figures that cannot honestly be totalled or averaged; ``str()`` says why."""


@dataclass(frozen=True)
class Figure:
    """One observation's figures, as stored."""

    value: Decimal | None
    status: str = ObservationStatus.ACTUAL
    numerator: Decimal | None = None
    denominator: Decimal | None = None

    @property
    def usable(self) -> bool:
        return self.value is not None and self.status in USABLE_STATUSES


@dataclass(frozen=True)
class TargetRule:
    kind: str
    value: Decimal
    upper: Decimal | None = None
    tolerance: Decimal = Decimal(0)


def to_decimal(value) -> Decimal | None:
    """A stored or typed figure as a Decimal ("1,744", "74.6%", 59.0); None for blank; ValueError otherwise."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = str(value).strip().replace(",", "").replace("£", "").replace("\u2212", "-").removesuffix("%").strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation as error:
        raise ValueError("not a number") from error
    if not number.is_finite():
        raise ValueError("not a number")
    return number


def rounded(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


# Change and direction ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """From the previous period of the same kind to this one.

    ``absolute`` is in the indicator's unit (for a percentage: percentage points); ``percent`` is the change
    as a percent of the earlier figure (None when that was zero, and never shown for a percentage, where it
    would read as points).
    """

    absolute: Decimal
    percent: Decimal | None
    unit: str

    @property
    def in_points(self) -> bool:
        return self.unit == Unit.PERCENTAGE

    def describe(self, decimals: int) -> str:
        amount = signed(self.absolute, decimals)
        if self.in_points:
            points = "percentage point" if abs(rounded(self.absolute, decimals)) == 1 else "percentage points"
            return f"{amount} {points}"
        suffix = UNIT_SUFFIXES.get(self.unit, "")
        text = f"{amount}{suffix}"
        if self.percent is not None:
            text += f" ({signed(self.percent, 1)}%)"
        return text


UNIT_SUFFIXES = {
    Unit.RATE_1000: " per 1,000",
    Unit.RATE_10000: " per 10,000",
    Unit.RATE_100000: " per 100,000",
    Unit.DAYS: " days",
}


def signed(value: Decimal, decimals: int) -> str:
    """+332, -5.2 (with a true minus sign, as print uses), 0: a change with its sign."""
    number = rounded(value, decimals)
    if number == 0:
        return format_number(abs(number), decimals)
    sign = "+" if number > 0 else MINUS
    return sign + format_number(abs(number), decimals)


def format_number(value: Decimal, decimals: int) -> str:
    number = rounded(value, decimals)
    text = f"{abs(number):,.{decimals}f}"
    return (MINUS + text) if number < 0 else text


def format_value(value: Decimal | None, unit: str, decimals: int) -> str:
    """A figure as a reader expects it: 1,744; 74.6%; 59.0 (per 10,000 in the column heading); £1,200."""
    if value is None:
        return ""
    text = format_number(value, decimals)
    if unit == Unit.PERCENTAGE:
        return f"{text}%"
    if unit == Unit.MONEY:
        return f"−£{text[1:]}" if text.startswith(MINUS) else f"£{text}"
    return text


def change(current: Figure | None, previous: Figure | None, unit: str) -> Change | None:
    """The change from ``previous`` to ``current``, or None unless both are usable figures."""
    if current is None or previous is None or not (current.usable and previous.usable):
        return None
    absolute = current.value - previous.value
    percent = None if previous.value == 0 else absolute / abs(previous.value) * 100
    return Change(absolute=absolute, percent=percent, unit=unit)


def direction(current: Figure | None, previous: Figure | None, polarity: str, decimals: int) -> str | None:
    """Better, same or worse (up, same or down for a contextual indicator), comparing the figures as they are
    shown (to the indicator's decimals), so a change too small to print is "same"."""
    if current is None or previous is None or not (current.usable and previous.usable):
        return None
    now, before = rounded(current.value, decimals), rounded(previous.value, decimals)
    if now == before:
        return Direction.SAME
    up = now > before
    if polarity == Polarity.CONTEXTUAL:
        return Direction.UP if up else Direction.DOWN
    better = up if polarity == Polarity.HIGHER_IS_BETTER else not up
    return Direction.BETTER if better else Direction.WORSE


# Rating --------------------------------------------------------------------------------------------------


def rating(figure: Figure | None, target: TargetRule | None, polarity: str, decimals: int = 1) -> str | None:
    """Red, amber or green against the target; None when there is no target, no usable figure, or the
    indicator is contextual. The figure is compared as shown (to its decimals): 80.0% meets "at least 80%".
    Amber is within the tolerance of the target (or of a range's ends) on the wrong side."""
    if polarity == Polarity.CONTEXTUAL or target is None or figure is None or not figure.usable:
        return None
    value = rounded(figure.value, decimals)
    tolerance = abs(target.tolerance or Decimal(0))
    if target.kind == TargetKind.AT_LEAST:
        shortfall = target.value - value
    elif target.kind == TargetKind.AT_MOST:
        shortfall = value - target.value
    else:
        upper = target.upper if target.upper is not None else target.value
        shortfall = max(target.value - value, value - upper)
    if shortfall <= 0:
        return Rating.GREEN
    return Rating.AMBER if shortfall <= tolerance else Rating.RED


def describe_target(target: TargetRule, unit: str, decimals: int) -> str:
    value = format_value(target.value, unit, decimals)
    if target.kind == TargetKind.RANGE:
        text = f"between {value} and {format_value(target.upper, unit, decimals)}"
    else:
        text = f"{TargetKind(target.kind).label.lower()} {value}"
    if target.tolerance:
        text += f" (amber within {format_number(target.tolerance, decimals)})"
    return text


# Totals and averages -------------------------------------------------------------------------------------


def _usable(figures: Iterable[Figure]) -> list[Figure]:
    figures = list(figures)
    if not figures:
        raise NotCombinable("There are no figures to combine.")
    missing = [f for f in figures if not f.usable]
    if missing:
        raise NotCombinable(f"{len(missing)} of the {len(figures)} figures are missing or not yet usable.")
    return figures


def total(figures: Iterable[Figure], unit: str) -> Decimal:
    """The sum of counts or money. A percentage or a rate has no total: see :func:`combined`."""
    if unit not in ADDITIVE_UNITS:
        raise NotCombinable(
            f"{Unit(unit).label} figures do not add up; they are worked out again from their numerators and "
            "denominators."
        )
    return sum((f.value for f in _usable(figures)), Decimal(0))


def combined(figures: Iterable[Figure], unit: str) -> Decimal:
    """A percentage or rate for several periods or areas together: the sum of the numerators over the sum of
    the denominators, times the unit's base. Never an average of the percentages."""
    if unit not in RATE_BASES:
        return total(figures, unit)
    figures = _usable(figures)
    if any(f.numerator is None or f.denominator is None for f in figures):
        raise NotCombinable(
            "Percentages and rates are never averaged: each figure needs its numerator and denominator to be combined."
        )
    denominator = sum((f.denominator for f in figures), Decimal(0))
    if denominator == 0:
        raise NotCombinable("The denominators add up to zero.")
    return sum((f.numerator for f in figures), Decimal(0)) / denominator * RATE_BASES[unit]


def average(figures: Iterable[Figure], unit: str) -> Decimal:
    """The mean of counts, money or days. Percentages and rates are refused: averaging them gives every
    period or area the same weight whatever its size (the seed report's "overall 67%")."""
    if unit in RATE_BASES:
        raise NotCombinable(
            "Percentages and rates are never averaged; combine their numerators and denominators instead."
        )
    figures = _usable(figures)
    return sum((f.value for f in figures), Decimal(0)) / len(figures)


def sums_to(parts: Iterable[Figure], whole: Figure, unit: str, decimals: int) -> bool:
    """Whether a stated total is the sum of its lines (to the decimals shown)."""
    return rounded(total(parts, unit), decimals) == rounded(whole.value, decimals)


# Checks ---------------------------------------------------------------------------------------------------


def problems(unit: str, value: Decimal | None, numerator: Decimal | None, denominator: Decimal | None,
             decimals: int) -> list[str]:  # fmt: skip
    """What is implausible about a figure, in a clerk's words (empty when nothing is)."""
    found = []
    if value is not None:
        if unit == Unit.PERCENTAGE and value > 100:
            found.append(f"{format_value(value, unit, decimals)} is over 100%.")
        if value < 0 and unit != Unit.MONEY:
            found.append(f"{format_number(value, decimals)} is below zero.")
        if unit == Unit.COUNT and value != value.to_integral_value():
            found.append(f"{value} is not a whole number, and this indicator counts.")
    if numerator is not None and denominator is not None:
        if denominator <= 0:
            found.append("The denominator must be more than zero.")
        elif numerator < 0 or (numerator > denominator and unit == Unit.PERCENTAGE):
            found.append(f"The numerator {format_number(numerator, 0)} does not fit the denominator.")
        elif unit in RATE_BASES and value is not None:
            worked_out = numerator / denominator * RATE_BASES[unit]
            # The value may be rounded to its decimals; anything further out is a mistake.
            if abs(worked_out - value) > Decimal("0.5").scaleb(-decimals) + Decimal("1e-9"):
                found.append(
                    f"The value {format_number(value, decimals)} does not match "
                    f"{format_number(numerator, 0)} ÷ {format_number(denominator, 0)} × "
                    f"{format_number(RATE_BASES[unit], 0)} = {format_number(worked_out, decimals)}."
                )
    return found


def worked_out_value(unit: str, numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """A rate or percentage from its numerator and denominator (None if either is missing or zero)."""
    if unit not in RATE_BASES or numerator is None or not denominator:
        return None
    return numerator / denominator * RATE_BASES[unit]


# Small numbers -------------------------------------------------------------------------------------------


def is_small_number(figure: Figure, unit: str, threshold: int = DEFAULT_SMALL_NUMBER_THRESHOLD) -> bool:
    """Whether a figure would let someone identify a child: a count (or the numerator behind a rate) above
    zero and below the threshold. Such figures are left out of public outputs."""
    if not threshold:
        return False
    counts = []
    if unit == Unit.COUNT and figure.value is not None:
        counts.append(figure.value)
    if figure.numerator is not None:
        counts.append(figure.numerator)
    return any(0 < count < threshold for count in counts)


def public_value(figure: Figure, unit: str, decimals: int, threshold: int = DEFAULT_SMALL_NUMBER_THRESHOLD) -> str:
    """A figure as the public may read it: suppressed ("fewer than 5") when small, or the status in words
    when there is no usable value."""
    if figure.status == ObservationStatus.SUPPRESSED or is_small_number(figure, unit, threshold):
        return f"Suppressed (fewer than {threshold})" if threshold else "Suppressed"
    if figure.value is None or figure.status not in (*USABLE_STATUSES, ObservationStatus.UNDER_REVIEW):
        return ObservationStatus(figure.status).label
    return format_value(figure.value, unit, decimals)
