"""Forms for boards, people, organisations and memberships. They validate input; services do the writing."""

from __future__ import annotations

import datetime

from crispy_forms.helper import FormHelper
from django import forms

from .enums import Role
from .models import Board, Organisation, Person


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PortalForm(forms.Form):
    """A plain form rendered by crispy; the template supplies the <form> tag and buttons."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class PortalModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class BoardForm(PortalModelForm):
    class Meta:
        model = Board
        fields = [
            "name",
            "short_name",
            "kind",
            "parent",
            "description",
            "areas_covered",
            "terms_of_reference",
            "meeting_frequency",
            "quorum_members",
            "quorum_organisations",
            "notice_days",
            "numbering_style",
            "duplex",
            "pack_contents_page",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parent"].queryset = Board.objects.exclude(pk=self.instance.pk)


class OrganisationForm(PortalModelForm):
    aliases_text = forms.CharField(
        label="Also known as", required=False, help_text="Separate names with commas, e.g. LCC, Lancs CC."
    )

    class Meta:
        model = Organisation
        fields = ["name", "short_name", "sector"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["aliases_text"].initial = ", ".join(self.instance.aliases)

    def aliases(self) -> list[str]:
        return [a.strip() for a in self.cleaned_data.get("aliases_text", "").split(",") if a.strip()]


class PersonForm(PortalModelForm):
    class Meta:
        model = Person
        fields = ["honorific", "first_name", "last_name", "initials", "job_title", "organisation", "email", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initials"].required = False
        self.fields["initials"].help_text = "Leave blank to have them suggested. Unique within each board."


class MembershipFieldsMixin(forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices, initial=Role.MEMBER)
    co_opted_type = forms.CharField(
        label="Co-opted as", required=False, help_text="Only for co-opted members, e.g. parent governor."
    )
    organisation = forms.ModelChoiceField(
        label="Organisation represented",
        queryset=Organisation.objects.all(),
        required=False,
        help_text="Leave blank to use the person's own organisation.",
    )
    voting = forms.TypedChoiceField(
        label="Voting",
        choices=[("", "As usual for the role"), ("yes", "Voting"), ("no", "Non-voting")],
        required=False,
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
    )
    start_date = forms.DateField(label="Member from", widget=DateInput(), initial=datetime.date.today)


class AddMemberForm(MembershipFieldsMixin, PortalForm):
    """Add an existing person, or a new one typed in here."""

    existing_person = forms.ModelChoiceField(
        label="Existing person",
        queryset=Person.objects.select_related("organisation"),
        required=False,
        help_text="Choose someone already in the directory, or fill in the new person's details below.",
    )
    honorific = forms.CharField(label="Title", required=False, max_length=30)
    first_name = forms.CharField(label="First name", required=False, max_length=100)
    last_name = forms.CharField(label="Last name", required=False, max_length=100)
    initials = forms.CharField(label="Initials", required=False, max_length=8, help_text="Leave blank to suggest.")
    job_title = forms.CharField(label="Job title", required=False, max_length=200)
    person_organisation = forms.ModelChoiceField(
        label="Their organisation", queryset=Organisation.objects.all(), required=False
    )
    email = forms.EmailField(label="E-mail address", required=False)

    field_order = [
        "existing_person",
        "honorific",
        "first_name",
        "last_name",
        "initials",
        "job_title",
        "person_organisation",
        "email",
        "role",
        "co_opted_type",
        "organisation",
        "voting",
        "start_date",
    ]

    def clean(self):
        data = super().clean()
        if not data.get("existing_person") and not data.get("last_name"):
            raise forms.ValidationError("Choose an existing person, or give at least the new person's last name.")
        if data.get("existing_person") and data.get("last_name"):
            raise forms.ValidationError("You chose an existing person and also typed a new one: clear one of them.")
        return data


class ChangeRoleForm(PortalForm):
    role = forms.ChoiceField(label="New role", choices=Role.choices)
    co_opted_type = forms.CharField(label="Co-opted as", required=False)
    voting = MembershipFieldsMixin.base_fields["voting"]
    from_date = forms.DateField(label="From", widget=DateInput(), initial=datetime.date.today)


class EndMembershipForm(PortalForm):
    end_date = forms.DateField(label="Last day of membership", widget=DateInput(), initial=datetime.date.today)


class DeputyForm(PortalForm):
    deputy = forms.ModelChoiceField(
        label="Named deputy",
        queryset=Person.objects.select_related("organisation"),
        required=False,
        help_text="Leave blank to remove the deputy.",
    )


class SearchForm(forms.Form):
    q = forms.CharField(label="Search", required=False)
