"""Indicators, areas, periods, observations and targets: the figures a board is shown.

An indicator belongs to a board (its coordinators keep it; its members read it) and is measured for the
board's own area and compared with others (the region, England, statistical neighbours): a benchmark is an
observation for another area. An observation is one figure for one indicator, area and period, with its
status; changing it makes a new revision (the history keeps every earlier one, who made it and why), so a
value is never silently replaced. Changes, ratings and totals are never stored: :mod:`performance.computation`
works them out from these rows every time.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from boards.models import Board, Organisation, Person, Priority, User
from core import clock

from . import periods
from .computation import Figure, TargetRule
from .enums import (
    AreaKind,
    Frequency,
    ImportStatus,
    ObservationStatus,
    PeriodBasis,
    PeriodKind,
    Polarity,
    TargetKind,
    Unit,
)

VALUE = {"max_digits": 18, "decimal_places": 6}


class Area(models.Model):
    """A place figures are reported for: a county, a district, the North West, England."""

    name = models.CharField("name", max_length=120, unique=True)
    kind = models.CharField("kind", max_length=20, choices=AreaKind.choices, default=AreaKind.LOCAL)
    code = models.CharField("statistical code", max_length=20, blank=True, help_text="e.g. E10000017 (ONS)")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def comparator_order(self) -> int:
        return list(AreaKind.values).index(self.kind)


class Period(models.Model):
    """A reporting period: a month, a quarter, a term, a year, or a date figures are "as at".

    One row per period, shared by every indicator reporting on it; see :mod:`performance.periods`.
    """

    kind = models.CharField("kind", max_length=10, choices=PeriodKind.choices)
    basis = models.CharField("year", max_length=10, choices=PeriodBasis.choices)
    start = models.DateField("starts")
    end = models.DateField("ends")
    label = models.CharField("label", max_length=40)

    class Meta:
        ordering = ["start", "end"]
        constraints = [models.UniqueConstraint(fields=["kind", "basis", "start"], name="performance_period_unique")]

    def __str__(self) -> str:
        return self.label

    @property
    def key(self) -> periods.PeriodKey:
        return periods.PeriodKey(self.start, self.kind, self.basis)

    @classmethod
    def for_key(cls, key: periods.PeriodKey) -> Period:
        period, _ = cls.objects.get_or_create(
            kind=key.kind, basis=key.basis, start=key.start, defaults={"end": key.end, "label": key.label}
        )
        return period


class IndicatorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(retired=False)


class Indicator(models.Model):
    board = models.ForeignKey(Board, verbose_name="board", on_delete=models.PROTECT, related_name="indicators")
    code = models.CharField("code", max_length=30, help_text="Short and unique on the board, e.g. CP-RATE")
    name = models.CharField("name", max_length=300)
    definition = models.TextField("definition", blank=True, help_text="What is counted, and how.")
    unit = models.CharField("unit", max_length=12, choices=Unit.choices, default=Unit.COUNT)
    polarity = models.CharField("polarity", max_length=12, choices=Polarity.choices, default=Polarity.HIGHER_IS_BETTER)
    decimals = models.PositiveSmallIntegerField("decimal places shown", default=0, validators=[MaxValueValidator(4)])
    frequency = models.CharField("frequency", max_length=10, choices=Frequency.choices, default=Frequency.QUARTERLY)
    basis = models.CharField("period basis", max_length=10, choices=PeriodBasis.choices, default=PeriodBasis.FINANCIAL)
    area = models.ForeignKey(
        Area,
        verbose_name="area measured",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The board's own area; figures for other areas are comparators.",
    )
    comparators = models.ManyToManyField(Area, verbose_name="compared with", blank=True, related_name="+")
    source = models.CharField("source", max_length=300, blank=True, help_text="e.g. Children in Need census (DfE)")
    owner_organisation = models.ForeignKey(
        Organisation,
        verbose_name="owner organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    lead = models.ForeignKey(
        Person,
        verbose_name="data lead",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
        help_text="Who enters its figures (besides the board's coordinators).",
    )
    priorities = models.ManyToManyField(Priority, verbose_name="evidences", blank=True, related_name="indicators")
    days_to_report = models.PositiveSmallIntegerField(
        "figures due this many days after the period ends",
        default=42,
        validators=[MaxValueValidator(400)],
    )
    position = models.PositiveIntegerField("position", default=0)
    retired = models.BooleanField("no longer reported", default=False)
    created_at = models.DateTimeField("created", default=clock.now)

    history = HistoricalRecords(m2m_fields=[comparators, priorities])
    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["board", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["board", "code"], name="performance_indicator_unique_code")]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("performance:indicator", args=[self.board.slug, self.code])

    @property
    def activity_scope(self):
        return self.board

    @property
    def own_kind(self) -> str:
        return periods.kinds_for(self.frequency, self.basis)[0]

    def period_key(self, text: str) -> periods.PeriodKey:
        return periods.parse(text, self.frequency, self.basis)

    def due_date(self, period: Period) -> datetime.date:
        return period.end + datetime.timedelta(days=self.days_to_report)


class Observation(models.Model):
    """One figure: an indicator's value for an area and a period, with its status.

    ``revision`` counts the figures this row has held; the history table keeps each earlier one with who
    changed it, when and why (``revision_reason``).
    """

    indicator = models.ForeignKey(
        Indicator, verbose_name="indicator", on_delete=models.CASCADE, related_name="observations"
    )
    area = models.ForeignKey(Area, verbose_name="area", on_delete=models.PROTECT, related_name="observations")
    period = models.ForeignKey(Period, verbose_name="period", on_delete=models.PROTECT, related_name="observations")
    value = models.DecimalField("value", null=True, blank=True, **VALUE)
    numerator = models.DecimalField("numerator", null=True, blank=True, **VALUE)
    denominator = models.DecimalField("denominator", null=True, blank=True, **VALUE)
    status = models.CharField(
        "status", max_length=16, choices=ObservationStatus.choices, default=ObservationStatus.ACTUAL
    )
    quality_note = models.CharField("data-quality note", max_length=500, blank=True)
    problems = models.JSONField("flagged as implausible", default=list, blank=True)
    entered_by = models.ForeignKey(
        User, verbose_name="entered by", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField("entered", default=clock.now)
    revision = models.PositiveIntegerField("revision", default=1)
    revision_reason = models.CharField("reason for the change", max_length=300, blank=True)
    source_import = models.ForeignKey(
        "ObservationImport",
        verbose_name="imported from",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "area", "period__start"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "area", "period"], name="performance_observation_unique"),
        ]
        indexes = [models.Index(fields=["indicator", "period"], name="performance_obs_ind_period")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.area} {self.period}: {self.value}"

    @property
    def activity_scope(self):
        return self.indicator.board

    @property
    def figure(self) -> Figure:
        return Figure(value=self.value, status=self.status, numerator=self.numerator, denominator=self.denominator)

    def clean(self):
        if self.status in (ObservationStatus.NOT_YET_AVAILABLE, ObservationStatus.NOT_COLLECTED) and (
            self.value is not None
        ):
            raise ValidationError({"value": "A figure that is not available has no value: leave it blank."})
        if self.status in (ObservationStatus.ACTUAL, ObservationStatus.PROVISIONAL) and self.value is None:
            raise ValidationError({"value": "Enter the figure, or choose a status saying why there is none."})


class Target(models.Model):
    """What an indicator should reach, from a period on (until a later target replaces it)."""

    indicator = models.ForeignKey(Indicator, verbose_name="indicator", on_delete=models.CASCADE, related_name="targets")
    kind = models.CharField("kind", max_length=10, choices=TargetKind.choices, default=TargetKind.AT_LEAST)
    value = models.DecimalField("target", **VALUE)
    upper = models.DecimalField("upper end of the range", null=True, blank=True, **VALUE)
    tolerance = models.DecimalField(
        "amber within",
        default=0,
        help_text="How far on the wrong side of the target is still amber rather than red.",
        **VALUE,
    )
    effective_from = models.ForeignKey(Period, verbose_name="from period", on_delete=models.PROTECT, related_name="+")
    set_by = models.ForeignKey(
        User, verbose_name="set by", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField("set", default=clock.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "effective_from__start"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "effective_from"], name="performance_target_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} from {self.effective_from}: {self.rule.kind} {self.value}"

    @property
    def activity_scope(self):
        return self.indicator.board

    @property
    def rule(self) -> TargetRule:
        return TargetRule(kind=self.kind, value=self.value, upper=self.upper, tolerance=self.tolerance or 0)

    def clean(self):
        if self.kind == TargetKind.RANGE and (self.upper is None or self.upper < self.value):
            raise ValidationError({"upper": "A range needs an upper end at or above its lower end."})


class ObservationImport(models.Model):
    """A CSV file of figures uploaded for a board, checked row by row before anything is saved."""

    board = models.ForeignKey(Board, verbose_name="board", on_delete=models.CASCADE, related_name="observation_imports")
    uploaded_by = models.ForeignKey(
        User, verbose_name="uploaded by", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("uploaded", default=clock.now)
    file_name = models.CharField("file name", max_length=255)
    file_sha256 = models.CharField("SHA-256 of the file", max_length=64, blank=True)
    rows = models.JSONField("rows", default=list, blank=True)
    notes = models.JSONField("notes on the file", default=list, blank=True)
    status = models.CharField("status", max_length=12, choices=ImportStatus.choices, default=ImportStatus.CHECKED)
    imported_at = models.DateTimeField("imported", null=True, blank=True)
    summary = models.JSONField("what the import did", default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.board.display_short_name})"

    def get_absolute_url(self) -> str:
        return reverse("performance:import_report", args=[self.board.slug, self.pk])

    @property
    def activity_scope(self):
        return self.board

    @property
    def bad_rows(self) -> list[dict]:
        return [row for row in self.rows if row.get("errors")]

    @property
    def good_rows(self) -> list[dict]:
        return [row for row in self.rows if not row.get("errors")]


class ScorecardSnapshot(models.Model):
    """A board's scorecard frozen for a meeting: what its pack shows, whatever is revised afterwards.

    Frozen the first time the meeting's pack is built with a scorecard item, or again when a coordinator
    refreshes it before the meeting; the latest is the one packs use. ``content`` is the members' scorecard,
    ``public_content`` the public edition's (small numbers suppressed).
    """

    meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name="meeting", on_delete=models.CASCADE, related_name="scorecard_snapshots"
    )
    as_at = models.DateField("figures for periods ended by")
    content = models.JSONField("scorecard", default=dict)
    public_content = models.JSONField("public scorecard", default=dict)
    created_at = models.DateTimeField("frozen", default=clock.now)
    created_by = models.ForeignKey(
        User, verbose_name="frozen by", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Scorecard for {self.meeting} (frozen {self.created_at:%d %b %Y})"

    @property
    def activity_scope(self):
        return self.meeting.board

    def for_edition(self, edition: str) -> dict:
        return self.public_content if edition == "public" else self.content
