"""Reporting periods, as boards name them: "2015/16", "Q1 2015/16" (April to June 2015), "April 2015",
"Autumn term 2015", "2015" (a calendar year), "as at 31 March 2016".

A period is (kind, basis, start): its end and its label follow. Months and snapshots have no year basis (a
month is a month, whichever year it counts towards); quarters and years belong to a financial, academic or
calendar year; terms to an academic year. Everything here is plain Python (no database), so the rules are
tested on their own and the same code reads a CSV file, a form and the demo's seed figures.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from .enums import FREQUENCY_KINDS, Frequency, PeriodBasis, PeriodKind

#: The month each kind of year starts in.
YEAR_START_MONTH = {PeriodBasis.FINANCIAL: 4, PeriodBasis.ACADEMIC: 9, PeriodBasis.CALENDAR: 1}
#: Academic terms: name, first month, last month.
TERMS = (("Autumn", 9, 12), ("Spring", 1, 3), ("Summer", 4, 8))
MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})


class PeriodError(ValueError):
    """Text that names no period this indicator reports on; ``str()`` says why in a clerk's words."""


@dataclass(frozen=True, order=True)
class PeriodKey:
    start: datetime.date
    kind: str
    basis: str

    @property
    def end(self) -> datetime.date:
        return period_end(self.kind, self.start)

    @property
    def label(self) -> str:
        return period_label(self.kind, self.basis, self.start)

    def __str__(self) -> str:
        return self.label


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _month_end(day: datetime.date) -> datetime.date:
    return _add_months(day, 1) - datetime.timedelta(days=1)


def _term(start: datetime.date) -> tuple[str, int, int]:
    for term in TERMS:
        if term[1] == start.month:
            return term
    raise PeriodError(f"No term starts in {calendar.month_name[start.month]}.")


def period_end(kind: str, start: datetime.date) -> datetime.date:
    if kind == PeriodKind.SNAPSHOT:
        return start
    if kind == PeriodKind.MONTH:
        return _month_end(start)
    if kind == PeriodKind.QUARTER:
        return _month_end(_add_months(start, 2))
    if kind == PeriodKind.TERM:
        _name, first, last = _term(start)
        return _month_end(_add_months(start, last - first))
    return _add_months(start, 12) - datetime.timedelta(days=1)


def _split_year(start: datetime.date) -> str:
    return f"{start.year}/{(start.year + 1) % 100:02d}"


def period_label(kind: str, basis: str, start: datetime.date) -> str:
    if kind == PeriodKind.SNAPSHOT:
        return f"as at {start.day} {calendar.month_name[start.month]} {start.year}"
    if kind == PeriodKind.MONTH:
        return f"{calendar.month_name[start.month]} {start.year}"
    if kind == PeriodKind.TERM:
        return f"{_term(start)[0]} term {start.year}"
    if basis == PeriodBasis.CALENDAR:
        year = str(start.year)
    else:
        year = _split_year(year_start(basis, start))
    if kind == PeriodKind.YEAR:
        return f"{year} (academic year)" if basis == PeriodBasis.ACADEMIC else year
    quarter = (start.month - YEAR_START_MONTH[basis]) % 12 // 3 + 1
    return f"Q{quarter} {year}" + (" (academic year)" if basis == PeriodBasis.ACADEMIC else "")


def year_start(basis: str, day: datetime.date) -> datetime.date:
    """The first day of the financial, academic or calendar year ``day`` falls in."""
    month = YEAR_START_MONTH[basis]
    year = day.year if day.month >= month else day.year - 1
    return datetime.date(year, month, 1)


def make(kind: str, basis: str, start: datetime.date) -> PeriodKey:
    """The period of ``kind`` that starts on ``start``, checked to be one (a quarter starts a quarter...)."""
    if kind == PeriodKind.SNAPSHOT:
        return PeriodKey(start, kind, PeriodBasis.SNAPSHOT)
    if start.day != 1:
        raise PeriodError(f"A {PeriodKind(kind).label.lower()} starts on the first of a month.")
    if kind == PeriodKind.MONTH:
        return PeriodKey(start, kind, PeriodBasis.CALENDAR)
    if kind == PeriodKind.TERM:
        _term(start)
        return PeriodKey(start, kind, PeriodBasis.ACADEMIC)
    if basis not in YEAR_START_MONTH:
        raise PeriodError("A year or a quarter belongs to a financial, academic or calendar year.")
    offset = (start.month - YEAR_START_MONTH[basis]) % 12
    if (kind == PeriodKind.YEAR and offset) or (kind == PeriodKind.QUARTER and offset % 3):
        raise PeriodError(f"No {PeriodKind(kind).label.lower()} of a {PeriodBasis(basis).label.lower()} starts then.")
    return PeriodKey(start, kind, basis)


def previous(period: PeriodKey) -> PeriodKey | None:
    """The period of the same kind just before this one (None for a snapshot: the one before is whichever
    date was recorded last)."""
    step = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}.get(period.kind)
    if step:
        return PeriodKey(_add_months(period.start, -step), period.kind, period.basis)
    if period.kind == PeriodKind.TERM:
        index = [t[1] for t in TERMS].index(period.start.month)
        _name, first, _last = TERMS[index - 1]
        year = period.start.year - (1 if first > period.start.month else 0)
        return PeriodKey(datetime.date(year, first, 1), period.kind, period.basis)
    return None


def kinds_for(frequency: str, basis: str) -> tuple[str, ...]:
    """The kinds of period an indicator of this frequency and basis reports on: its own, and the year it
    adds up to (a quarterly indicator also has its year-end figure)."""
    if basis == PeriodBasis.SNAPSHOT:
        return (PeriodKind.SNAPSHOT,)
    own = FREQUENCY_KINDS[Frequency(frequency)]
    return (own,) if own == PeriodKind.YEAR else (own, PeriodKind.YEAR)


def fits(period: PeriodKey, frequency: str, basis: str) -> bool:
    if period.kind not in kinds_for(frequency, basis):
        return False
    return period.kind not in (PeriodKind.YEAR, PeriodKind.QUARTER) or period.basis == basis


def describe_expected(frequency: str, basis: str) -> str:
    if basis == PeriodBasis.SNAPSHOT:
        return "a date (as at 31 March 2016, or 2016-03-31)"
    examples = {
        (PeriodKind.YEAR, PeriodBasis.FINANCIAL): "a financial year (2015/16)",
        (PeriodKind.YEAR, PeriodBasis.ACADEMIC): "an academic year (2015/16)",
        (PeriodKind.YEAR, PeriodBasis.CALENDAR): "a year (2015)",
        (PeriodKind.QUARTER, PeriodBasis.FINANCIAL): "a quarter (Q1 2015/16)",
        (PeriodKind.QUARTER, PeriodBasis.ACADEMIC): "a quarter (Q1 2015/16)",
        (PeriodKind.QUARTER, PeriodBasis.CALENDAR): "a quarter (Q1 2015)",
        (PeriodKind.MONTH, PeriodBasis.FINANCIAL): "a month (April 2015)",
        (PeriodKind.MONTH, PeriodBasis.ACADEMIC): "a month (April 2015)",
        (PeriodKind.MONTH, PeriodBasis.CALENDAR): "a month (April 2015)",
        (PeriodKind.TERM, PeriodBasis.ACADEMIC): "a term (Autumn term 2015)",
    }
    kinds = kinds_for(frequency, basis)
    return " or ".join(examples.get((kind, basis), examples.get((kind, PeriodBasis.ACADEMIC), kind)) for kind in kinds)


_SPLIT_YEAR = r"(\d{4})\s*[/-]\s*(\d{2}|\d{4})"


def _split_year_start(first: str, second: str) -> int:
    year = int(first)
    if int(second[-2:]) != (year + 1) % 100:
        raise PeriodError(f"“{first}/{second}” is not a year: the second part should be {(year + 1) % 100:02d}.")
    return year


def parse(text: str, frequency: str, basis: str) -> PeriodKey:
    """The period ``text`` names for an indicator of this frequency and basis.

    Reads "2015/16", "2015-16", "Q1 2015/16", "2015/16 Q1", "April 2015", "Apr 2015", "2015-04",
    "Autumn term 2015", "Autumn 2015", "2015" (a calendar year), and for a snapshot "as at 31 March 2016",
    "31/03/2016" or "2016-03-31". Raises :class:`PeriodError` for anything else, and for a period that is
    not one this indicator reports on.
    """
    raw = " ".join(str(text or "").split())
    if not raw:
        raise PeriodError("The period is missing.")
    lowered = raw.lower().removeprefix("as at").strip()
    period = _read(lowered, frequency, basis)
    if period is None:
        raise PeriodError(f"“{raw}” is not a period: write {describe_expected(frequency, basis)}.")
    if not fits(period, frequency, basis):
        raise PeriodError(
            f"“{raw}” is {_describe_kind(period)}; this indicator is reported {REPORTED[frequency]}: write "
            f"{describe_expected(frequency, basis)}."
        )
    return period


REPORTED = {
    Frequency.MONTHLY: "monthly",
    Frequency.QUARTERLY: "quarterly",
    Frequency.TERMLY: "termly",
    Frequency.ANNUAL: "annually",
}


def _describe_kind(period: PeriodKey) -> str:
    if period.kind == PeriodKind.YEAR:
        return {"financial": "a financial year", "academic": "an academic year"}.get(period.basis, "a calendar year")
    if period.kind == PeriodKind.QUARTER:
        return "a quarter of a calendar year" if period.basis == PeriodBasis.CALENDAR else "a quarter"
    return {PeriodKind.MONTH: "a month", PeriodKind.TERM: "a term"}.get(period.kind, "a date")


def _read(text: str, frequency: str, basis: str) -> PeriodKey | None:
    date = _read_date(text)
    if basis == PeriodBasis.SNAPSHOT:
        return PeriodKey(date, PeriodKind.SNAPSHOT, PeriodBasis.SNAPSHOT) if date else None
    month = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if month and 1 <= int(month[2]) <= 12:
        # "2015-04" is April 2015; "2011-12" is December 2011 for a monthly indicator, else the year 2011/12.
        split = int(month[2]) == (int(month[1]) + 1) % 100
        if frequency == Frequency.MONTHLY or not split:
            return PeriodKey(datetime.date(int(month[1]), int(month[2]), 1), PeriodKind.MONTH, PeriodBasis.CALENDAR)
    # A split year ("2015/16") is a financial or academic year; for a calendar-year indicator it is read
    # as a financial one, which the caller then refuses as not this indicator's kind of period.
    year_basis = basis if basis != PeriodBasis.CALENDAR else PeriodBasis.FINANCIAL
    if m := re.fullmatch(rf"q([1-4])\s*{_SPLIT_YEAR}(?:\s*\(academic year\))?|{_SPLIT_YEAR}\s*q([1-4])", text):
        quarter, first, second = (m[1], m[2], m[3]) if m[1] else (m[6], m[4], m[5])
        start = datetime.date(_split_year_start(first, second), YEAR_START_MONTH[year_basis], 1)
        return PeriodKey(_add_months(start, 3 * (int(quarter) - 1)), PeriodKind.QUARTER, year_basis)
    if m := re.fullmatch(r"q([1-4])\s*(\d{4})|(\d{4})\s*q([1-4])", text):
        quarter, year = (m[1], m[2]) if m[1] else (m[4], m[3])
        return PeriodKey(datetime.date(int(year), 3 * int(quarter) - 2, 1), PeriodKind.QUARTER, PeriodBasis.CALENDAR)
    if m := re.fullmatch(rf"(?:fy\s*|ay\s*)?{_SPLIT_YEAR}(?:\s*\(academic year\))?", text):
        start_year = _split_year_start(m[1], m[2])
        return PeriodKey(datetime.date(start_year, YEAR_START_MONTH[year_basis], 1), PeriodKind.YEAR, year_basis)
    if m := re.fullmatch(r"(\d{4})", text):
        return PeriodKey(datetime.date(int(m[1]), 1, 1), PeriodKind.YEAR, PeriodBasis.CALENDAR)
    if m := re.fullmatch(r"(autumn|spring|summer)(?:\s+term)?\s+(\d{4})", text):
        first = {name.lower(): month for name, month, _ in TERMS}[m[1]]
        return PeriodKey(datetime.date(int(m[2]), first, 1), PeriodKind.TERM, PeriodBasis.ACADEMIC)
    if m := re.fullmatch(r"([a-z]+)\.?\s+(\d{4})", text):
        month = MONTHS.get(m[1])
        return PeriodKey(datetime.date(int(m[2]), month, 1), PeriodKind.MONTH, PeriodBasis.CALENDAR) if month else None
    return None


def _read_date(text: str) -> datetime.date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def current(frequency: str, basis: str, today: datetime.date) -> PeriodKey:
    """The period of the indicator's own frequency that ``today`` falls in (for a snapshot: today)."""
    if basis == PeriodBasis.SNAPSHOT:
        return PeriodKey(today, PeriodKind.SNAPSHOT, PeriodBasis.SNAPSHOT)
    kind = FREQUENCY_KINDS[Frequency(frequency)]
    if kind == PeriodKind.MONTH:
        return make(kind, basis, today.replace(day=1))
    if kind == PeriodKind.TERM:
        for _name, first, last in TERMS:
            if first <= today.month <= last:
                return make(kind, basis, datetime.date(today.year, first, 1))
    start = year_start(basis, today)
    if kind == PeriodKind.YEAR:
        return make(kind, basis, start)
    months = (today.year - start.year) * 12 + today.month - start.month
    return make(kind, basis, _add_months(start, months // 3 * 3))


def recent(frequency: str, basis: str, today: datetime.date, count: int) -> list[PeriodKey]:
    """The ``count`` periods of the indicator's own frequency that have ended by ``today``, latest first."""
    if basis == PeriodBasis.SNAPSHOT:
        return []
    period = previous(current(frequency, basis, today))
    found = []
    while period is not None and len(found) < count:
        found.append(period)
        period = previous(period)
    return found
