"""Forms of the indicator pages: an indicator's definition, and its target from a period on.

Both are checked again by the services they feed (:func:`performance.services.save_indicator`,
:func:`performance.services.set_target`), whose errors the views show on the form.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import RegexValidator
from django.db.models import Q, QuerySet

from boards.models import Board, Membership, Person
from core.forms import PortalForm, PortalModelForm

from . import computation
from .enums import AreaKind, TargetKind
from .models import Area, Indicator, Target
from .services import RESERVED_CODES

code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
    "Use letters, numbers, dots, hyphens and underscores only (no spaces), e.g. CP-RATE.",
)


def lead_choices(board: Board, *, keep: Person | None = None) -> QuerySet[Person]:
    """The board's current people, and the indicator's data lead already chosen (who may have left)."""
    seated = Membership.objects.current().filter(board=board).values("person_id")
    keep_ids = [keep.pk] if keep is not None else []
    return (
        Person.objects.filter(Q(pk__in=seated) | Q(pk__in=keep_ids))
        .select_related("organisation")
        .order_by("last_name", "first_name", "pk")
    )


def area_label(area: Area) -> str:
    if area.kind == AreaKind.LOCAL:
        return area.name
    return f"{area.name} ({area.get_kind_display().lower()})"


class AreaField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return area_label(obj)


class AreasField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return area_label(obj)


class LeadField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        organisation = f", {obj.organisation.name}" if obj.organisation_id else ""
        return f"{obj.full_name}{organisation}"


class PrioritiesField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{obj.number}. {obj.title}"


class IndicatorForm(PortalModelForm):
    """What an indicator measures and how it is shown. Once it has figures its unit, periods and area are
    fixed: changing them would change what every recorded figure means."""

    #: Fields that say what a recorded figure means.
    FIXED_WITH_FIGURES = ("unit", "frequency", "basis", "area")

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "definition",
            "unit",
            "polarity",
            "decimals",
            "frequency",
            "basis",
            "area",
            "comparators",
            "source",
            "owner_organisation",
            "lead",
            "priorities",
            "days_to_report",
            "retired",
        ]
        field_classes = {"area": AreaField, "comparators": AreasField, "lead": LeadField, "priorities": PrioritiesField}
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "polarity": forms.RadioSelect,
        }

    def __init__(self, *args, board: Board, **kwargs):
        instance = kwargs.get("instance") or Indicator(board=board)
        kwargs["instance"] = instance
        super().__init__(*args, **kwargs)
        self.board = board
        self.fields["code"].validators.append(code_validator)
        areas = Area.objects.order_by("name")
        self.fields["area"].queryset = areas
        self.fields["area"].empty_label = "Choose the area measured"
        self.fields["comparators"].queryset = areas
        self.fields["comparators"].help_text = (
            "The areas its figures are compared with: the region, England, statistical neighbours. "
            "A site administrator adds areas that are not listed."
        )
        self.fields["lead"].queryset = lead_choices(board, keep=instance.lead if instance.lead_id else None)
        self.fields["lead"].empty_label = "No data lead"
        priorities = board.priorities.order_by("position", "number")
        if priorities.exists():
            self.fields["priorities"].queryset = priorities
            self.fields["priorities"].label = "Priorities it evidences"
            self.fields["priorities"].help_text = "The board's priorities, as its business plan numbers them."
        else:
            del self.fields["priorities"]  # the board has named none
        self.fields["owner_organisation"].empty_label = "Not recorded"
        if not instance.pk:
            del self.fields["retired"]  # a new indicator is reported
        elif instance.observations.exists():
            for name in self.FIXED_WITH_FIGURES:
                self.fields[name].disabled = True
                self.fields[name].help_text = "Fixed: figures have been recorded in it."

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if code.lower() in RESERVED_CODES:
            raise forms.ValidationError(f"“{code}” names a page of its own: choose another code.")
        return code


def decimal_or_error(text: str | None) -> Decimal | None:
    try:
        return computation.to_decimal(text)
    except ValueError:
        raise forms.ValidationError(f"“{text}” is not a number: write it as 80, 12.5 or 1,744.") from None


class TargetForm(PortalForm):
    """An indicator's target from a period on; a later target replaces it from its own period."""

    effective_from = forms.CharField(
        label="From the period",
        max_length=40,
        help_text="As the board names it: 2015/16, Q1 2015/16, April 2015.",
    )
    kind = forms.ChoiceField(label="The figure should be", choices=TargetKind.choices, widget=forms.RadioSelect)
    value = forms.CharField(label="Target", max_length=30, help_text="For “between”, the lower end.")
    upper = forms.CharField(label="Upper end (for “between”)", max_length=30, required=False)
    tolerance = forms.CharField(
        label="Amber within",
        max_length=30,
        required=False,
        help_text="How far on the wrong side of the target is still amber rather than red; blank for none.",
    )

    def __init__(self, *args, current: Target | None = None, expected: str = "", **kwargs):
        if current is not None:
            kwargs.setdefault(
                "initial",
                {
                    "kind": current.kind,
                    "value": _plain(current.value),
                    "upper": _plain(current.upper),
                    "tolerance": _plain(current.tolerance) if current.tolerance else "",
                },
            )
        else:
            kwargs.setdefault("initial", {"kind": TargetKind.AT_LEAST})
        super().__init__(*args, **kwargs)
        if expected:
            self.fields["effective_from"].help_text = f"As the board names it: {expected}."

    def clean_value(self):
        return decimal_or_error(self.cleaned_data.get("value"))

    def clean_upper(self):
        return decimal_or_error(self.cleaned_data.get("upper"))

    def clean_tolerance(self):
        tolerance = decimal_or_error(self.cleaned_data.get("tolerance"))
        if tolerance is not None and tolerance < 0:
            raise forms.ValidationError("Give how far as a positive number (or leave it blank).")
        return tolerance

    def clean(self):
        data = super().clean()
        if data.get("kind") == TargetKind.RANGE and "upper" in data and data.get("upper") is None:
            self.add_error("upper", "A target “between” two figures needs its upper end.")
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "effective_from": data["effective_from"],
            "kind": data["kind"],
            "value": data["value"],
            "upper": data.get("upper") if data["kind"] == TargetKind.RANGE else None,
            "tolerance": data.get("tolerance"),
        }


def _plain(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"
