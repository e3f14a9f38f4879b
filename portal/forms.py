"""Forms of the priorities page: a year's business plan, a priority or sub-priority, a progress report.
They check what a form can; the services in :mod:`boards.priorities` check the rest."""

from __future__ import annotations

from django import forms

from boards.enums import PriorityRating
from boards.models import BusinessPlan, Priority, year_label
from boards.priorities import financial_year_start
from core import clock
from core.forms import DateInput, PortalForm


class PlanForm(PortalForm):
    """A year's business plan: its year (a new plan only), title and summary."""

    year_start = forms.TypedChoiceField(label="Financial year", coerce=int, choices=())
    title = forms.CharField(
        label="Title", required=False, max_length=200, help_text="Leave blank for “Business plan 2015/16”."
    )
    summary = forms.CharField(
        label="Summary",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the plan sets out to do, in a few sentences (optional).",
    )

    def __init__(self, *args, plan: BusinessPlan | None = None, taken=(), **kwargs):
        if plan is not None:
            kwargs.setdefault("initial", {"title": plan.title, "summary": plan.summary})
        super().__init__(*args, **kwargs)
        if plan is not None:  # a plan keeps its year
            del self.fields["year_start"]
            return
        this_year = financial_year_start()
        years = [year for year in range(this_year + 1, this_year - 6, -1) if year not in set(taken)]
        self.fields["year_start"].choices = [(year, year_label(year)) for year in years]
        self.fields["year_start"].initial = this_year if this_year in years else (years[0] if years else None)
        self.fields["year_start"].help_text = "April to March. Years the board already has a plan for are not listed."


class PriorityForm(PortalForm):
    """A priority's number, title and description; when adding, whether it is a sub-priority of another."""

    parent = forms.ModelChoiceField(
        label="Part of",
        queryset=Priority.objects.none(),
        required=False,
        empty_label="None: a priority of the plan",
        help_text="For a sub-priority, the priority it sits under.",
    )
    number = forms.CharField(
        label="Number",
        required=False,
        max_length=12,
        help_text="1, 2, 3 for a priority; 2.1, 2.2 for a sub-priority of 2. Leave blank for the next number.",
    )
    title = forms.CharField(label="Title", max_length=300, help_text="As the plan words it.")
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the priority covers or sets out to achieve (optional).",
    )

    def __init__(self, *args, parents=None, priority: Priority | None = None, **kwargs):
        if priority is not None:
            kwargs.setdefault(
                "initial", {"number": priority.number, "title": priority.title, "description": priority.description}
            )
        super().__init__(*args, **kwargs)
        if parents is None:  # editing: a priority stays where it is
            del self.fields["parent"]
        else:
            self.fields["parent"].queryset = parents
        if priority is not None:
            self.fields["number"].required = True
            self.fields["number"].help_text = "Renumbering a priority renumbers its sub-priorities with it."


class ProgressForm(PortalForm):
    """A progress report on a priority: its rating, the share complete, what has happened, as at a date."""

    rating = forms.ChoiceField(label="Rating", choices=PriorityRating.choices, widget=forms.RadioSelect)
    percent_complete = forms.IntegerField(
        label="Per cent complete",
        min_value=0,
        max_value=100,
        help_text="A whole number from 0 to 100.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    narrative = forms.CharField(
        label="What has happened",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Progress since the last report, and any corrective action agreed.",
    )
    as_at = forms.DateField(label="As at", widget=DateInput(), help_text="The day the report describes.")

    def __init__(self, *args, latest=None, **kwargs):
        initial = {"as_at": clock.today()}
        if latest is not None:  # start from where the last report left it
            initial |= {"rating": latest.rating, "percent_complete": latest.percent_complete}
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("rating") == PriorityRating.COMPLETE and data.get("percent_complete") not in (None, 100):
            self.add_error("percent_complete", "A complete priority is 100% complete: rate it otherwise, or say 100.")
        if data.get("as_at") and data["as_at"] > clock.today():
            self.add_error("as_at", "Report progress as at today or an earlier day, not one still to come.")
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "rating": data["rating"],
            "percent_complete": data["percent_complete"],
            "narrative": data.get("narrative", ""),
            "as_at": data["as_at"],
        }
