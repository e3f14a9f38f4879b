"""The forms of the data-entry page (one figure for one indicator and period) and of the figures import."""

from __future__ import annotations

from django import forms

from core.forms import PortalForm

from . import computation
from .enums import ObservationStatus
from .imports import MAX_MB, MAX_ROWS, has_ratio
from .models import Indicator, Observation

ACCEPT = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMBER_FIELDS = ("value", "numerator", "denominator")


def _shown(number) -> str:
    return "" if number is None else f"{number.normalize():f}"


class FigureForm(PortalForm):
    """One indicator's figure for the board's own area and one period. The reason is asked only when a
    value is already recorded (changing it makes a new revision); the numerator and denominator only for
    percentages and rates. Numbers are read as people type them: 1,744, 74.6%."""

    period = forms.CharField(widget=forms.HiddenInput)
    value = forms.CharField(label="Value", required=False, max_length=40)
    numerator = forms.CharField(label="Numerator", required=False, max_length=40)
    denominator = forms.CharField(label="Denominator", required=False, max_length=40)
    status = forms.ChoiceField(label="Status", choices=ObservationStatus.choices, initial=ObservationStatus.ACTUAL)
    quality_note = forms.CharField(label="Data-quality note", required=False, max_length=500)
    reason = forms.CharField(
        label="Reason for changing the figure",
        required=False,
        max_length=300,
        help_text="Needed only if you change the value: the earlier figure stays in the history.",
    )

    def __init__(
        self, *args, indicator: Indicator, observation: Observation | None = None, period_key: str = "", **kwargs
    ):
        kwargs.setdefault("prefix", f"figure-{indicator.pk}")
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("period", period_key)
        if observation is not None:
            initial.setdefault("value", _shown(observation.value))
            initial.setdefault("numerator", _shown(observation.numerator))
            initial.setdefault("denominator", _shown(observation.denominator))
            initial.setdefault("status", observation.status)
            initial.setdefault("quality_note", observation.quality_note)
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.replacing = observation is not None and observation.value is not None
        if not self.replacing:
            del self.fields["reason"]
        if not has_ratio(indicator.unit):
            del self.fields["numerator"]
            del self.fields["denominator"]
        unit = indicator.get_unit_display()
        self.fields["value"].label = f"Value ({unit.lower()})"
        self.fields["value"].widget.attrs["inputmode"] = "decimal"
        for name in ("numerator", "denominator"):
            if name in self.fields:
                self.fields[name].widget.attrs["inputmode"] = "decimal"

    def _number(self, name: str):
        text = self.cleaned_data.get(name, "")
        try:
            return computation.to_decimal(text)
        except ValueError:
            raise forms.ValidationError(f"“{text}” is not a number: write it as 1744 or 74.6.") from None

    def clean_value(self):
        return self._number("value")

    def clean_numerator(self):
        return self._number("numerator")

    def clean_denominator(self):
        return self._number("denominator")


class FiguresImportForm(PortalForm):
    file = forms.FileField(
        label="File of figures",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=(
            f"A CSV file or an Excel workbook (.xlsx), up to {MAX_MB} MB and {MAX_ROWS:,} rows. Only a workbook's "
            "first sheet is read, and formulas are not worked out: type values."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_MB * 1024 * 1024:
            raise forms.ValidationError(
                f"“{upload.name}” is larger than {MAX_MB} MB, the most the portal accepts for a file of figures. "
                "Save only the sheet with the figures, as CSV, and upload that."
            )
        return upload
