"""Forms for boards, people, organisations and memberships. They validate input; services do the writing."""

from __future__ import annotations

import datetime

from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms

from core.forms import DateInput, OneLineFieldsMixin, PortalForm, PortalModelForm

from . import rules as board_rules
from . import selectors
from .enums import AppendixStyle, Role
from .front_sheet import FRONT_SHEET_FIELDS
from .models import Board, Organisation, Person


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
            "attendance_target",
            "notice_days",
            "numbering_style",
            "appendix_style",
            "duplex",
            "pack_contents_page",
            "agenda_needs_approval",
            "draft_minutes_public",
            "action_reminder_days",
            "small_number_threshold",
            "require_two_factor",
            *FRONT_SHEET_FIELDS,
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parent"].queryset = Board.objects.exclude(pk=self.instance.pk)
        self.helper.layout = Layout(
            *(name for name in self.fields if name not in FRONT_SHEET_FIELDS),
            Fieldset(
                "Front sheet",
                HTML(
                    '<p class="form-text">For a council or scrutiny committee: the pack opens with the council\'s '
                    "notice of meeting, worded from these. Blank ones are left out. A new council committee starts "
                    "with the usual wording.</p>"
                ),
                *FRONT_SHEET_FIELDS,
            ),
        )

        # A form sent from before the setting existed keeps the board's style (a new board: by item number).
        self.fields["appendix_style"].required = False
        self.fields["action_reminder_days"].required = False
        self.fields["small_number_threshold"].required = False

    def clean_action_reminder_days(self):
        value = self.cleaned_data["action_reminder_days"]
        return self.instance.action_reminder_days if value is None else value

    def clean_small_number_threshold(self):
        value = self.cleaned_data["small_number_threshold"]
        return self.instance.small_number_threshold if value is None else value

    def clean_appendix_style(self):
        return self.cleaned_data["appendix_style"] or self.instance.appendix_style or AppendixStyle.BY_ITEM


class BoardCreateForm(BoardForm):
    """A new board and its first coordinator: someone already in the directory, found by an exact search,
    or someone new typed in here. The coordinator can then run the board without the site administrator."""

    coordinator_search = forms.CharField(
        label="Find the coordinator",
        required=False,
        help_text="Someone already in the directory: type their full name or exact e-mail address, then Find.",
    )
    coordinator = forms.ModelChoiceField(
        label="Coordinator", queryset=Person.objects.none(), required=False, empty_label="Someone new (below)"
    )
    coordinator_honorific = forms.CharField(label="Title", required=False, max_length=30)
    coordinator_first_name = forms.CharField(label="First name", required=False, max_length=100)
    coordinator_last_name = forms.CharField(label="Last name", required=False, max_length=100)
    coordinator_job_title = forms.CharField(label="Job title", required=False, max_length=200)
    coordinator_organisation = forms.ModelChoiceField(
        label="Their organisation", queryset=Organisation.objects.all(), required=False
    )
    coordinator_email = forms.EmailField(label="E-mail address", required=False)
    invite_coordinator = forms.BooleanField(
        label="E-mail them an invitation to sign in",
        required=False,
        initial=True,
        help_text="Only if they have no login yet. The link works once; they choose their own password.",
    )

    COORDINATOR_FIELDS = (
        "coordinator_search",
        "coordinator",
        "coordinator_honorific",
        "coordinator_first_name",
        "coordinator_last_name",
        "coordinator_job_title",
        "coordinator_organisation",
        "coordinator_email",
        "invite_coordinator",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        found = selectors.people_exactly_matching(_search_value(self, "coordinator_search"))
        self.fields["coordinator"].queryset = Person.objects.filter(pk__in=found).select_related("organisation")
        self.fields["coordinator"].label_from_instance = person_label

    def board_fields(self) -> list:
        return [field for field in self if field.name not in self.COORDINATOR_FIELDS]

    def clean(self):
        data = super().clean()
        chosen, typed = data.get("coordinator"), data.get("coordinator_last_name")
        if not chosen and not typed:
            raise forms.ValidationError(
                "Name the board's first coordinator: find someone in the directory, or type a new person's "
                "name and e-mail address."
            )
        if chosen and typed:
            raise forms.ValidationError("You chose a coordinator and also typed a new one: clear one of them.")
        if typed and data.get("invite_coordinator") and not data.get("coordinator_email"):
            self.add_error("coordinator_email", "An invitation needs their e-mail address.")
        return data

    def board_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in self.COORDINATOR_FIELDS}

    def new_coordinator(self) -> dict | None:
        data = self.cleaned_data
        if data.get("coordinator"):
            return None
        return {
            "honorific": data["coordinator_honorific"],
            "first_name": data["coordinator_first_name"],
            "last_name": data["coordinator_last_name"],
            "job_title": data["coordinator_job_title"],
            "organisation": data["coordinator_organisation"],
            "email": data["coordinator_email"],
        }


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


def person_label(person: Person) -> str:
    """How a picker shows a person: name and organisation, never contact details."""
    return f"{person} ({person.organisation.name})" if person.organisation_id else str(person)


def _search_value(form, name: str) -> str:
    """A picker's search text: from the POST bound to the form, or the ``initial`` of a Find (a GET)."""
    value = form.data.get(form.add_prefix(name)) if form.is_bound else form.initial.get(name)
    return (value or "").strip()


def user_board_ids(user) -> list[int] | None:
    """The boards whose partner organisations a user's pickers list first; ``None`` for everyone."""
    return None if user.is_superuser else sorted(board_rules.member_board_ids(user))


class OrganisationPickerMixin:
    """Organisation fields that list the given boards' partner organisations, then exact name/alias matches."""

    organisation_fields: tuple[str, ...] = ()

    def scope_organisations(self, *, board_ids, keep=()) -> None:
        query = _search_value(self, "organisation_search")
        for name in self.organisation_fields:
            if board_ids is None:
                continue
            self.fields[name].queryset = selectors.organisations_for_picker(board_ids=board_ids, query=query, keep=keep)


ORGANISATION_SEARCH_HELP = "Not listed? Type the organisation's full name, short name or alias exactly, then Find."


class PersonForm(OrganisationPickerMixin, PortalModelForm):
    organisation_search = forms.CharField(
        label="Find another organisation", required=False, help_text=ORGANISATION_SEARCH_HELP
    )
    organisation_fields = ("organisation",)

    class Meta:
        model = Person
        fields = ["honorific", "first_name", "last_name", "initials", "job_title", "organisation", "email", "phone"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initials"].required = False
        self.fields["initials"].help_text = "Leave blank to have them suggested. Unique within each board."
        self.scope_organisations(board_ids=user_board_ids(user), keep=[self.instance.organisation_id])
        has_login = self.instance.pk and hasattr(self.instance, "user")
        if "email" in self.fields and has_login and not user.is_superuser:
            self.fields["email"].disabled = True
            self.fields["email"].help_text = "They sign in with this address: only they can change it."


class MyDetailsForm(PersonForm):
    """The signed-in user's own details. Their e-mail address changes through a confirmation link."""

    class Meta(PersonForm.Meta):
        fields = ["honorific", "first_name", "last_name", "initials", "job_title", "organisation", "phone"]


class EmailChangeForm(PortalForm):
    email = forms.EmailField(label="New e-mail address", help_text="We will send a link to confirm it.")


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


class AddMemberForm(OrganisationPickerMixin, MembershipFieldsMixin, PortalForm):
    """Add an existing person, or a new one typed in here.

    The picker offers the board's own people; anyone else is found only by their full name or exact e-mail
    address typed into ``person_search``, so a posted id nobody could have found this way is refused.
    """

    person_search = forms.CharField(
        label="Find someone else",
        required=False,
        help_text="Someone not on this board: type their full name or exact e-mail address.",
    )
    existing_person = forms.ModelChoiceField(
        label="Existing person",
        queryset=Person.objects.none(),
        required=False,
        help_text="Choose someone already in the directory, or fill in the new person's details below.",
    )
    organisation_search = forms.CharField(
        label="Find another organisation", required=False, help_text=ORGANISATION_SEARCH_HELP
    )
    organisation_fields = ("organisation", "person_organisation")
    honorific = forms.CharField(label="Title", required=False, max_length=30)
    first_name = forms.CharField(label="First name", required=False, max_length=100)
    last_name = forms.CharField(label="Last name", required=False, max_length=100)
    initials = forms.CharField(label="Initials", required=False, max_length=8, help_text="Leave blank to suggest.")
    job_title = forms.CharField(label="Job title", required=False, max_length=200)
    person_organisation = forms.ModelChoiceField(
        label="Their organisation", queryset=Organisation.objects.all(), required=False
    )
    email = forms.EmailField(label="E-mail address", required=False)

    def __init__(self, *args, board: Board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["existing_person"].queryset = selectors.people_for_picker(
            board=board, query=_search_value(self, "person_search")
        )
        self.fields["existing_person"].label_from_instance = person_label
        self.scope_organisations(board_ids=[board.pk])

    field_order = [
        "person_search",
        "existing_person",
        "honorific",
        "first_name",
        "last_name",
        "initials",
        "job_title",
        "person_organisation",
        "email",
        "organisation_search",
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
        queryset=Person.objects.none(),
        required=False,
        help_text="Leave blank to remove the deputy.",
    )
    person_search = forms.CharField(
        label="Find someone else",
        required=False,
        help_text="Someone not on this board: type their full name or exact e-mail address, then save.",
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = selectors.people_for_picker(
            board=membership.board, query=_search_value(self, "person_search"), keep=[membership.deputy_id]
        ).exclude(pk=membership.person_id)
        self.fields["deputy"].label_from_instance = person_label


class SearchForm(OneLineFieldsMixin, forms.Form):
    q = forms.CharField(label="Search", required=False)
