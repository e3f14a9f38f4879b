"""Importing figures from a spreadsheet: check every row first, then import the good ones.

:func:`check_import` reads an uploaded CSV file or Excel workbook (:func:`core.spreadsheets.read_table`, which
refuses files that are not spreadsheets or are built to attack whatever opens them) and keeps its rows as an
:class:`~performance.models.ObservationImport`: each bad row with its row number and every reason, in a clerk's
words; each good row with what importing it would do to the stored figure ("new", "changes 1412 → 1420",
"unchanged"). No figure is saved.

:func:`apply_import` records the good rows through :func:`performance.services.record_observation`, in one
transaction with the import's row locked (a form sent twice imports once). A file with bad rows is imported
only when the person says to leave them out. When a figure has changed since the check, nothing is imported
and the report says which row. Importing the same file again changes nothing.

The file the indicator page exports imports back unchanged: its "Indicator code" column is read (its
"Indicator" column, the name, is then left aside), and its other columns are listed as not read.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from boards.models import Board, User
from core import clock
from core.activity import log_action
from core.locks import lock_row
from core.spreadsheets import MB, Formula, Limits, SpreadsheetRefused, Table, heading_key, read_table
from core.text import one_line

from . import computation, periods
from .enums import RATE_BASES, Frequency, ImportStatus, ObservationStatus
from .models import Area, Indicator, Observation, ObservationImport
from .services import FIGURE_FIELDS, STORED_PLACES, check_figure, record_observation

#: The largest file, and the most rows, a figures file may have.
MAX_MB = 2
MAX_ROWS = 2000
NOTE_LENGTH = 500

NEW, CHANGE, UNCHANGED = "new", "change", "unchanged"
OUTCOMES = (NEW, CHANGE, UNCHANGED)


def import_limits() -> Limits:
    return Limits(max_bytes=MAX_MB * MB, max_rows=MAX_ROWS)


# Who may import ---------------------------------------------------------------------------------------


def leads_on_board(user, board: Board):
    """The board's indicators ``user`` is the data lead of."""
    person_id = getattr(user, "person_id", None)
    if not person_id:
        return Indicator.objects.none()
    return Indicator.objects.filter(board=board, lead_id=person_id)


def may_enter_figures(user, board: Board) -> bool:
    """Whether ``user`` enters any of the board's figures: its coordinators (and site administrators) enter
    every one; a data lead enters those of the indicators they lead."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.has_perm("performance.enter_figures", board) or leads_on_board(user, board).exists()


def _require_importer(user, board: Board) -> None:
    if user is None or not may_enter_figures(user, board):
        raise PermissionDenied("You do not enter figures for this board.")


# Columns ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    heading: str  # as the template names it
    synonyms: tuple[str, ...]  # headings as :func:`heading_key` reduces them
    help: str
    example: str


COLUMNS = (
    Column(
        "code",
        "Indicator code",
        ("indicatorcode", "code", "indicatorref", "indicatorreference", "ref", "kpi", "kpicode"),
        "The indicator's code on this board, e.g. CSE. Required, or an Indicator column with its code or name.",
        "CSE",
    ),
    Column(
        "indicator",
        "Indicator",
        ("indicator", "indicatorname", "measure"),
        "The indicator's code or its name exactly as the portal has it. Not read when there is an "
        "Indicator code column.",
        "Child sexual exploitation referrals",
    ),
    Column(
        "area",
        "Area",
        ("area", "areaname", "geography", "areacode"),
        "The area the figure is for: its name or statistical code. Blank means the board's own area.",
        "Lancashire",
    ),
    Column(
        "period",
        "Period",
        ("period", "reportingperiod", "periodname", "timeperiod"),
        "Required. As the portal writes it: 2015/16, Q1 2015/16, April 2015, Autumn term 2015, as at 31 March 2016.",
        "2015/16",
    ),
    Column(
        "value",
        "Value",
        ("value", "figure", "result"),
        "The figure: 1744, 1,744 or 74.6. Blank, or words such as TBC, N/A, Under review or *, when there is no "
        "figure.",
        "1744",
    ),
    Column(
        "numerator",
        "Numerator",
        ("numerator",),
        "For a percentage or a rate: the number counted. With the denominator it is checked against the value.",
        "",
    ),
    Column(
        "denominator",
        "Denominator",
        ("denominator",),
        "For a percentage or a rate: what it is out of (the population).",
        "",
    ),
    Column(
        "status",
        "Status",
        ("status", "figurestatus", "valuestatus"),
        "Actual, Provisional, Not yet available, Not collected, Under review or Suppressed. Blank means Actual.",
        "Provisional",
    ),
    Column(
        "note",
        "Data-quality note",
        ("dataqualitynote", "qualitynote", "dataquality", "note", "notes", "comment", "comments"),
        f"Anything a reader should know about the figure, up to {NOTE_LENGTH} characters.",
        "Awaiting validation",
    ),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
TEMPLATE_HEADINGS = [c.heading for c in COLUMNS]
FIGURE_KEYS = ("value", "numerator", "denominator", "status")
_SYNONYMS = {s: c.key for c in COLUMNS for s in c.synonyms}
#: How far down a sheet the headings may be (below a title such as "CPB scorecard, Q4 2015/16").
HEADING_SEARCH_ROWS = 10


def _word_key(text: str) -> str:
    return re.sub(r"[^a-z0-9*]", "", text.lower())


#: What the Status column may say.
STATUS_WORDS = {_word_key(value): value for value in ObservationStatus.values}
STATUS_WORDS |= {_word_key(label): value for value, label in ObservationStatus.choices}
STATUS_WORDS |= {
    "final": ObservationStatus.ACTUAL,
    "validated": ObservationStatus.ACTUAL,
    "prov": ObservationStatus.PROVISIONAL,
    "notavailable": ObservationStatus.NOT_YET_AVAILABLE,
    "tbc": ObservationStatus.NOT_YET_AVAILABLE,
    "na": ObservationStatus.NOT_COLLECTED,
    "notapplicable": ObservationStatus.NOT_COLLECTED,
}
#: Words written in the Value column instead of a figure, and the status each means.
VALUE_WORDS = {
    "tbc": ObservationStatus.NOT_YET_AVAILABLE,
    "tba": ObservationStatus.NOT_YET_AVAILABLE,
    "notyetavailable": ObservationStatus.NOT_YET_AVAILABLE,
    "notavailable": ObservationStatus.NOT_YET_AVAILABLE,
    "notavailableyet": ObservationStatus.NOT_YET_AVAILABLE,
    "notcurrentlyavailable": ObservationStatus.NOT_YET_AVAILABLE,
    "datanotcurrentlyavailable": ObservationStatus.NOT_YET_AVAILABLE,
    "datanotyetavailable": ObservationStatus.NOT_YET_AVAILABLE,
    "awaitingdata": ObservationStatus.NOT_YET_AVAILABLE,
    "na": ObservationStatus.NOT_COLLECTED,
    "notapplicable": ObservationStatus.NOT_COLLECTED,
    "notcollected": ObservationStatus.NOT_COLLECTED,
    "datanotcollected": ObservationStatus.NOT_COLLECTED,
    "underreview": ObservationStatus.UNDER_REVIEW,
    "*": ObservationStatus.SUPPRESSED,
    "suppressed": ObservationStatus.SUPPRESSED,
}
STATUS_HELP = ", ".join(label for _, label in ObservationStatus.choices)


# Reading the file ---------------------------------------------------------------------------------------


@dataclass
class _Board:
    """What the rows are checked against, read once: the board's indicators, the areas, who may enter what."""

    board: Board
    user: object
    by_code: dict[str, Indicator]
    by_name: dict[str, Indicator]
    areas: dict[str, Area]
    allowed: dict[int, bool]

    @classmethod
    def load(cls, board: Board, user) -> _Board:
        indicators = list(Indicator.objects.filter(board=board).select_related("area").prefetch_related("comparators"))
        areas: dict[str, Area] = {}
        for area in Area.objects.all():
            areas[_name_key(area.name)] = area
            if area.code:
                areas.setdefault(_name_key(area.code), area)
        return cls(
            board=board,
            user=user,
            by_code={_name_key(i.code): i for i in indicators},
            by_name={_name_key(i.name): i for i in indicators},
            areas=areas,
            allowed={},
        )

    def indicator(self, text: str) -> Indicator | None:
        key = _name_key(text)
        return self.by_code.get(key) or self.by_name.get(key)

    def may_enter(self, indicator: Indicator) -> bool:
        if indicator.pk not in self.allowed:
            self.allowed[indicator.pk] = self.user.has_perm("performance.enter_figures", indicator)
        return self.allowed[indicator.pk]


def _name_key(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return " ".join(one_line(str(value)).split())


def _number_text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.normalize():f}"


def _find_headings(table: Table) -> int:
    def keys(cells):
        return {_SYNONYMS.get(heading_key(c)) for c in cells if isinstance(c, str)} - {None}

    for index, (_number, cells) in enumerate(table.rows[:HEADING_SEARCH_ROWS]):
        found = keys(cells)
        if found & {"code", "indicator"} and "period" in found:
            return index
    return 0


def _read_columns(table: Table) -> tuple[int, dict[str, int], list[str]]:
    """(index of the heading row, column key -> cell index, notes on the file)."""
    if not table.rows:
        raise SpreadsheetRefused("is empty.")
    start = _find_headings(table)
    heading_row, headings = table.rows[start]
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for index, heading in enumerate(headings):
        if heading is None:
            continue
        key = _SYNONYMS.get(heading_key(heading))
        if key is None or key in columns:
            ignored.append(str(heading))
        else:
            columns[key] = index
    if not ({"code", "indicator"} & set(columns)) or "period" not in columns:
        raise SpreadsheetRefused(
            f"has no columns naming the indicator and the period. Its first row (row {heading_row}) must name the "
            "columns: “Indicator code”, “Area”, “Period”, “Value”, “Status”… Download the template to see them."
        )
    if not set(FIGURE_KEYS) & set(columns):
        raise SpreadsheetRefused(
            "has no “Value” column (nor a “Status”, “Numerator” or “Denominator” column): there are no figures "
            "to import. Download the template to see the columns."
        )
    notes: list[str] = []
    if "code" in columns and "indicator" in columns:
        name_heading = str(headings[columns.pop("indicator")])
        notes.append(f"The “{name_heading}” column was not read: indicators are found by their code.")
    if ignored:
        notes.append("These columns were not read: " + ", ".join(f"“{h}”" for h in ignored) + ".")
    if start:
        first = table.rows[0][0]
        above = (
            f"row {first} above them was"
            if start == 1
            else f"rows {first} to {table.rows[start - 1][0]} above them were"
        )
        notes.append(f"The headings are in row {heading_row}; {above} not read.")
    return start, columns, notes


def _read_row(number: int, cells: list, columns: dict[str, int], known: _Board) -> dict | None:
    """One row of the file, checked: its errors in a clerk's words or, when it has none, the figure to
    record. None for a row with nothing in the columns that are read."""
    raw = {key: cells[index] if index < len(cells) else None for key, index in columns.items()}
    errors: list[str] = []
    read: list[list[str]] = []
    for key, _index in sorted(columns.items(), key=lambda kv: kv[1]):
        value = raw[key]
        read.append([COLUMN_BY_KEY[key].heading, value.text if isinstance(value, Formula) else _text(value)])
        if isinstance(value, Formula):
            errors.append(
                f"Row {number}: the {COLUMN_BY_KEY[key].heading.lower()} cell holds a formula ({value.text}), which "
                "the portal does not work out: type the value instead."
            )
            raw[key] = None
    formulas = bool(errors)
    text = {key: _text(value) for key, value in raw.items()}
    if not errors and not any(text.values()):
        return None
    row = {"number": number, "cells": read, "errors": errors, "warnings": []}
    if not errors and not any(text.get(key) for key in FIGURE_KEYS):
        row["empty"] = True  # a row of the template left without a figure: left out, and said so
        return row

    # The indicator, and whether this person enters its figures.
    named = text.get("code") if "code" in columns else text.get("indicator", "")
    indicator = None
    if not named:
        errors.append(f"Row {number} names no indicator: give its code, e.g. {_example_code(known)}.")
    else:
        indicator = known.indicator(named)
        if indicator is None:
            errors.append(
                f"Row {number}: {known.board.display_short_name} has no indicator with the code or name “{named}”."
            )
        elif not known.may_enter(indicator):
            errors.append(
                f"Row {number}: you do not enter figures for {indicator.code}. Its data lead or the board's "
                "coordinator can import them."
            )
            indicator = None

    # The area: blank means the board's own.
    area = None
    if text.get("area"):
        area = known.areas.get(_name_key(text["area"]))
        if area is None:
            errors.append(f"Row {number}: there is no area called “{text['area']}”.")
        elif indicator is not None and area.pk != indicator.area_id and area not in indicator.comparators.all():
            errors.append(f"Row {number}: {indicator.code} is not measured or compared for {area}.")
            area = None
    elif indicator is not None:
        area = indicator.area

    key = None
    if indicator is not None:
        period_text = text.get("period", "")
        if isinstance(raw.get("period"), datetime.date) and indicator.frequency == Frequency.MONTHLY:
            # A spreadsheet program turns "April 2015" into the date 1 April 2015: read it as the month.
            period_text = f"{raw['period']:%B %Y}"
        try:
            key = periods.parse(period_text, indicator.frequency, indicator.basis)
        except periods.PeriodError as error:
            errors.append(f"Row {number}: {error}")

    figure_read, (status, value, numerator, denominator) = _read_figure(number, text, errors)
    note = text.get("note", "")
    if len(note) > NOTE_LENGTH:
        errors.append(f"Row {number}: the data-quality note is longer than {NOTE_LENGTH} characters. Shorten it.")

    if indicator is not None and figure_read and not formulas:
        try:
            stored, problems = check_figure(
                indicator, value=value, status=status, numerator=numerator, denominator=denominator
            )
        except ValidationError as error:
            errors.extend(f"Row {number}: {message}" for message in error.messages)
        else:
            row["warnings"] = [f"Row {number}: {problem}" for problem in problems]
            row["stored"] = _number_text(stored)

    if indicator is not None and area is not None and key is not None:
        row |= {"indicator_id": indicator.pk, "indicator": indicator.code, "area_id": area.pk, "area": area.name}
        row |= {"period": {"kind": key.kind, "basis": key.basis, "start": key.start.isoformat()}}
        row["period_label"] = key.label
    row |= {
        "value": _number_text(value),
        "numerator": _number_text(numerator),
        "denominator": _number_text(denominator),
        "status": status,
        "note": note[:NOTE_LENGTH],
    }
    if indicator is not None:
        row["unit"] = indicator.unit
    return row


def _example_code(known: _Board) -> str:
    return next(iter(i.code for i in known.by_code.values()), "CSE")


def _read_figure(number: int, text: dict, errors: list[str]):
    """(read, (status, value, numerator, denominator)) from the row's cells; ``read`` is False when a cell
    could not be read, and each such cell adds its error."""
    before = len(errors)
    status = ObservationStatus.ACTUAL
    given_status = text.get("status", "")
    if given_status:
        status = STATUS_WORDS.get(_word_key(given_status))
        if status is None:
            errors.append(
                f"Row {number}: the status “{given_status}” is not one the portal knows. Use one of {STATUS_HELP}, "
                "or leave it blank for Actual."
            )
    value = None
    value_text = text.get("value", "")
    word = VALUE_WORDS.get(_word_key(value_text)) if value_text else None
    if word is not None:
        if not given_status:
            status = word
    elif value_text:
        try:
            value = computation.to_decimal(value_text)
        except ValueError:
            errors.append(
                f"Row {number}: the value “{value_text}” is not a number. Write it as 1744 or 74.6, or leave it "
                "blank and give a status saying why there is no figure."
            )
    numbers = {}
    for key in ("numerator", "denominator"):
        numbers[key] = None
        if text.get(key):
            try:
                numbers[key] = computation.to_decimal(text[key])
            except ValueError:
                errors.append(f"Row {number}: the {key} “{text[key]}” is not a number.")
    return len(errors) == before, (status, value, numbers["numerator"], numbers["denominator"])


def _mark_repeats(rows: list[dict]) -> None:
    """The same indicator, area and period on two rows: both are bad, since the file does not say which
    figure is right."""
    seen: dict[tuple, list[dict]] = {}
    for row in rows:
        if "indicator_id" in row:
            period = row["period"]
            key = (row["indicator_id"], row["area_id"], period["kind"], period["basis"], period["start"])
            seen.setdefault(key, []).append(row)
    for repeated in seen.values():
        if len(repeated) < 2:
            continue
        numbers = [str(r["number"]) for r in repeated]
        listed = ", ".join(numbers[:-1]) + " and " + numbers[-1]
        times = "twice" if len(repeated) == 2 else f"{len(repeated)} times"
        first = repeated[0]
        for row in repeated:
            row["errors"].append(
                f"Row {row['number']}: {first['indicator']} for {first['area']}, {first['period_label']} appears "
                f"{times}: rows {listed}. Keep the row with the right figure and delete the other."
            )


# What importing would do ----------------------------------------------------------------------------------


def _period_key(row: dict) -> periods.PeriodKey:
    period = row["period"]
    return periods.PeriodKey(datetime.date.fromisoformat(period["start"]), period["kind"], period["basis"])


def _stored_figures(rows: list[dict]) -> dict[tuple, Observation]:
    """The figures stored for the rows' indicators, areas and periods (one query)."""
    indicator_ids = {row["indicator_id"] for row in rows}
    if not indicator_ids:
        return {}
    area_ids = {row["area_id"] for row in rows}
    starts = {row["period"]["start"] for row in rows}
    found = Observation.objects.filter(
        indicator_id__in=indicator_ids, area_id__in=area_ids, period__start__in=starts
    ).select_related("period")
    return {(o.indicator_id, o.area_id, o.period.kind, o.period.basis, o.period.start.isoformat()): o for o in found}


def _stored_key(row: dict) -> tuple:
    period = row["period"]
    return (row["indicator_id"], row["area_id"], period["kind"], period["basis"], period["start"])


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _same(old, new) -> bool:
    """Whether a stored field holds what the row would record (numbers by value: 1744 is 1744.000000)."""
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        if old is None or new is None:
            return old is None and new is None
        return Decimal(old) == Decimal(new)
    return (old or "") == (new or "")


def _stored(value: Decimal | None) -> Decimal | None:
    return None if value is None else computation.rounded(value, STORED_PLACES)


def _shown(value: Decimal | None, status: str) -> str:
    label = ObservationStatus(status).label
    if value is None:
        return label
    number = f"{value.normalize():f}"
    return number if status == ObservationStatus.ACTUAL else f"{number} ({label.lower()})"


def predict(row: dict, existing: Observation | None) -> tuple[str, str]:
    """(kind, words): what recording the row's figure would do to the one stored: new, a change, or none."""
    if existing is None:
        return NEW, "new"
    wanted = {
        "value": _decimal(row.get("stored")),
        "numerator": _stored(_decimal(row["numerator"])),
        "denominator": _stored(_decimal(row["denominator"])),
        "status": row["status"],
        "quality_note": row["note"].strip(),
    }
    differs = [name for name in FIGURE_FIELDS if not _same(getattr(existing, name), wanted[name])]
    if not differs:
        return UNCHANGED, "unchanged"
    before, after = _shown(existing.value, existing.status), _shown(wanted["value"], wanted["status"])
    if before != after:
        return CHANGE, f"changes {before} → {after}"
    words = {"numerator": "numerator", "denominator": "denominator", "quality_note": "data-quality note"}
    return CHANGE, "changes the " + " and the ".join(words[name] for name in differs)


def _predict_all(rows: list[dict]) -> None:
    good = [row for row in rows if not row["errors"] and not row.get("empty")]
    stored = _stored_figures(good)
    for row in good:
        row["outcome_kind"], row["outcome"] = predict(row, stored.get(_stored_key(row)))


# The three steps -------------------------------------------------------------------------------------------


def check_import(*, user, board: Board, upload) -> ObservationImport:
    """Read an uploaded file of figures and keep its rows, each checked, for the person to read before
    importing. A file that cannot be read is refused (``ValidationError`` on ``file``) and nothing is kept."""
    _require_importer(user, board)
    name = Path(getattr(upload, "name", "") or "figures").name[:255]
    try:
        table = read_table(upload, limits=import_limits())
        start, columns, notes = _read_columns(table)
    except SpreadsheetRefused as refused:
        raise ValidationError({"file": f"“{name}” {refused.reason}"}) from None
    known = _Board.load(board, user)
    rows = []
    for number, cells in table.rows[start + 1 :]:
        row = _read_row(number, cells, columns, known)
        if row is not None:
            rows.append(row)
    empty = [row["number"] for row in rows if row.get("empty")]
    rows = [row for row in rows if not row.get("empty")]
    if not rows:
        if empty:
            reason = "has no figures: fill in the Value or Status column of the rows to import."
        else:
            reason = "has headings but no rows of figures under them."
        raise ValidationError({"file": f"“{name}” {reason}"})
    _mark_repeats(rows)
    _predict_all(rows)
    if empty:
        notes.append(
            f"{_rows_words(empty)} no figure (nor a status) and {'was' if len(empty) == 1 else 'were'} left out."
        )
    observation_import = ObservationImport.objects.create(
        board=board,
        uploaded_by=user if isinstance(user, User) else None,
        file_name=name,
        file_sha256=table.sha256,
        rows=rows,
        notes=[*table.notes, *notes],
    )
    bad = len(observation_import.bad_rows)
    log_action(
        "performance.import.checked",
        actor=user,
        obj=observation_import,
        data={"file": name, "summary": f"{_count(len(rows), 'row')}: {len(rows) - bad} ready, {bad} to correct."},
    )
    return observation_import


def _rows_words(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"Row {numbers[0]} gives"
    listed = ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"
    return f"Rows {listed} give"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def closed_message(observation_import: ObservationImport) -> str:
    if observation_import.status == ImportStatus.IMPORTED:
        when = timezone.localtime(observation_import.imported_at)
        return (
            f"“{observation_import.file_name}” was already imported on {when:%-d %B %Y at %H:%M}: nothing was "
            "changed this time."
        )
    return (
        f"This check of “{observation_import.file_name}” was discarded and nothing was imported from it. Upload "
        "the file again to import it."
    )


def _refused(number: int, why: str) -> ValidationError:
    return ValidationError(
        f"Nothing was imported: row {number} {why} Upload the file again to check it against the figures as they "
        "are now.",
        code="stale",
    )


@transaction.atomic
def apply_import(*, user, observation_import: ObservationImport, valid_rows_only: bool = False) -> dict:
    """Record the good rows of a checked file; returns the summary (created, revised, unchanged, skipped).

    Refused (``ValidationError``) when the file has bad rows and ``valid_rows_only`` is not given (code
    ``bad_rows``), when it was imported or discarded already (``closed``), and when a figure has changed
    since the check or a row can no longer be recorded (``stale``): then nothing at all is imported.
    """
    _require_importer(user, observation_import.board)
    lock_row(ObservationImport, observation_import.pk)
    observation_import = ObservationImport.objects.select_related("board").get(pk=observation_import.pk)
    if observation_import.status != ImportStatus.CHECKED:
        raise ValidationError(closed_message(observation_import), code="closed")
    bad, good = observation_import.bad_rows, observation_import.good_rows
    if bad and not valid_rows_only:
        raise ValidationError(
            f"Nothing was imported: {_count(len(bad), 'row')} {'needs' if len(bad) == 1 else 'need'} correcting.",
            code="bad_rows",
        )
    if not good:
        raise ValidationError("Nothing was imported: every row of the file needs correcting.", code="bad_rows")

    board = observation_import.board
    indicators = Indicator.objects.select_related("area").in_bulk({row["indicator_id"] for row in good})
    areas = Area.objects.in_bulk({row["area_id"] for row in good})
    stored = _stored_figures(good)
    reason = f"Imported from {observation_import.file_name}"[:300]
    summary = {"created": 0, "revised": 0, "unchanged": 0, "skipped": [row["number"] for row in bad]}
    for row in good:
        number = row["number"]
        indicator, area = indicators.get(row["indicator_id"]), areas.get(row["area_id"])
        if indicator is None or indicator.board_id != board.pk or area is None:
            raise _refused(number, "names an indicator or an area that has been deleted since the file was checked.")
        _kind, now = predict(row, stored.get(_stored_key(row)))
        if now != row["outcome"]:
            raise _refused(
                number,
                f"({indicator.code}, {area}, {row['period_label']}) has changed since the file was checked: the "
                f"check said “{row['outcome']}”, importing it now would be “{now}”.",
            )
        try:
            _observation, outcome = record_observation(
                user=user,
                indicator=indicator,
                area=area,
                period=_period_key(row),
                value=_decimal(row["value"]),
                status=row["status"],
                numerator=_decimal(row["numerator"]),
                denominator=_decimal(row["denominator"]),
                quality_note=row["note"],
                reason=reason,
                source_import=observation_import,
            )
        except ValidationError as error:
            raise _refused(number, f"cannot be recorded now: {' '.join(error.messages)}") from error
        except PermissionDenied as error:
            raise _refused(
                number, f"cannot be recorded now: you no longer enter figures for {indicator.code}."
            ) from error
        summary[outcome] += 1

    observation_import.status = ImportStatus.IMPORTED
    observation_import.imported_at = clock.now()
    observation_import.summary = summary
    observation_import.save(update_fields=["status", "imported_at", "summary"])
    log_action(
        "performance.import.imported",
        actor=user,
        obj=observation_import,
        data={"file": observation_import.file_name, "summary": summary_text(summary)},
    )
    return summary


def summary_text(summary: dict) -> str:
    """ "3 new figures, 1 revised, 8 unchanged; 2 rows left out."""
    text = (
        f"{_count(summary.get('created', 0), 'new figure')}, {summary.get('revised', 0)} revised, "
        f"{summary.get('unchanged', 0)} unchanged"
    )
    skipped = len(summary.get("skipped", []))
    if skipped:
        text += f"; {_count(skipped, 'row')} left out"
    return text + "."


@transaction.atomic
def discard_import(*, user, observation_import: ObservationImport) -> ObservationImport:
    """Drop a checked file: nothing is imported from it."""
    _require_importer(user, observation_import.board)
    lock_row(ObservationImport, observation_import.pk)
    observation_import = ObservationImport.objects.select_related("board").get(pk=observation_import.pk)
    if observation_import.status != ImportStatus.CHECKED:
        raise ValidationError(closed_message(observation_import), code="closed")
    observation_import.status = ImportStatus.DISCARDED
    observation_import.save(update_fields=["status"])
    log_action(
        "performance.import.discarded",
        actor=user,
        obj=observation_import,
        data={"file": observation_import.file_name},
    )
    return observation_import


# The template -------------------------------------------------------------------------------------------


def template_rows(user, board: Board, today: datetime.date) -> list[list[str]]:
    """One row for each indicator ``user`` enters, with its code, name, own area and its latest period
    written as the import reads it; the figures left blank."""
    rows = []
    for indicator in Indicator.objects.active().filter(board=board).select_related("area"):
        if not user.has_perm("performance.enter_figures", indicator):
            continue
        latest = periods.recent(indicator.frequency, indicator.basis, today, 1)
        period = latest[0] if latest else periods.current(indicator.frequency, indicator.basis, today)
        rows.append([indicator.code, indicator.name, indicator.area.name, period.label, "", "", "", "", ""])
    return rows


def has_ratio(unit: str) -> bool:
    """Whether figures of this unit have a numerator and a denominator (percentages and rates)."""
    return unit in RATE_BASES
