"""Forms of the minutes' pages: a minute's discussion, its decisions (with numbered recommendations) and
minuted actions, inserting a minute, members' comments, and the steps of the minutes' life: circulation,
confirmation at a later meeting, sign-off and amendments. The services decide; these forms say what was
typed, and show the services' errors against their fields.

Every form of one minute carries the minute's ``version`` in a plain hidden input (not a form field), so
that the editor's script can bring all of a section's forms up to date after an autosave.
"""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Q

from boards.forms import person_label
from boards.models import Membership, Person
from core import clock
from core.forms import DateInput, PortalForm

from ..enums import ATTENDED, DecisionWording, MeetingStatus, MinutesStyle
from ..models import Attendance, Meeting
from .models import Decision, Minute, MinutedAction, Minutes

DISCUSSION_HELP = (
    "What was discussed, in Markdown: a blank line between paragraphs, “- ” at the start of a line for a bullet, "
    "**bold**. Saved by itself a moment after you stop typing."
)


def version_of(data) -> int | None:
    """The minute's version a change was made on; ``None`` when the form did not say (a stale change)."""
    value = (data.get("version") or "").strip()
    return int(value) if value.isdigit() else None


class MinuteForm(PortalForm):
    title = forms.CharField(label="Title", max_length=300, error_messages={"required": "A minute needs a title."})
    notes = forms.CharField(
        label="Discussion",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6, "data-discussion": ""}),
        help_text=DISCUSSION_HELP,
    )

    @classmethod
    def for_minute(cls, minute: Minute, data=None) -> MinuteForm:
        return cls(data, prefix=f"m{minute.pk}", initial={"title": minute.title, "notes": minute.notes})


class DecisionForm(PortalForm):
    wording = forms.ChoiceField(label="Worded as", choices=DecisionWording.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label="Decision",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Write the decision."},
        help_text="e.g. That the report be noted, and that the Board receive an update at its next meeting.",
    )
    addressee = forms.CharField(
        label="Addressed to (optional)",
        required=False,
        max_length=300,
        help_text="e.g. the Cabinet Member for Children and Families.",
    )

    @classmethod
    def for_decision(cls, decision: Decision, data=None) -> DecisionForm:
        return cls(
            data,
            prefix=f"d{decision.pk}",
            initial={"wording": decision.wording, "text": decision.text, "addressee": decision.addressee},
        )

    @classmethod
    def new(cls, minute: Minute, minutes: Minutes, data=None) -> DecisionForm:
        wording = DecisionWording.RESOLVED if minutes.style == MinutesStyle.COUNCIL else DecisionWording.AGREED
        return cls(data, prefix=f"m{minute.pk}-new-decision", initial={"wording": wording})


class RecommendationForm(forms.Form):
    text = forms.CharField(label="Recommendation", required=False, max_length=2000)
    addressee = forms.CharField(label="Addressed to", required=False, max_length=300)


RecommendationFormSet = forms.formset_factory(RecommendationForm, extra=1)


def recommendation_formset(decision: Decision, data=None):
    """The decision's numbered recommendations (i, ii, ...) as rows of text and addressee, and one blank row
    to add another. Blank rows are dropped when saved."""
    initial = [{"text": r.text, "addressee": r.addressee} for r in decision.recommendations.all()]
    formset = RecommendationFormSet(data, prefix=f"d{decision.pk}-rec", initial=initial)
    for index, form in enumerate(formset.forms, start=1):
        form.fields["text"].label = f"Recommendation ({roman(index)})"
        form.fields["addressee"].label = f"({roman(index)}) addressed to"
    return formset


def roman(number: int) -> str:
    """i, ii, iii, iv ...: how a resolution numbers its recommendations."""
    out = ""
    for value, letters in ((40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while number >= value:
            out += letters
            number -= value
    return out


def recommendation_rows(formset) -> list[tuple[str, str]]:
    return [
        (form.cleaned_data.get("text", ""), form.cleaned_data.get("addressee", ""))
        for form in formset.forms
        if form.cleaned_data
    ]


class OwnersField(forms.MultipleChoiceField):
    """Who an action is for: ticked from the people who attended and the board's members that day (the
    choices come from :func:`meetings.minutes.services.action_owner_choices`, read once for the page)."""

    widget = forms.CheckboxSelectMultiple


class ActionForm(PortalForm):
    text = forms.CharField(
        label="Action", widget=forms.Textarea(attrs={"rows": 2}), error_messages={"required": "Write the action."}
    )
    owners = OwnersField(
        label="Action by",
        error_messages={"required": "Tick who the action is for: one person, or several for a joint action."},
        help_text="Tick one person, or several for a joint action. Type part of a name to shorten the list.",
    )
    due_date = forms.DateField(label="Due by (optional)", required=False, widget=DateInput())
    due_next_meeting = forms.BooleanField(label="By the next meeting", required=False)

    def __init__(self, *args, people: list[Person], **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in people}
        self.fields["owners"].widget.attrs["class"] = "form-check-input"
        self.fields["owners"].choices = [(str(p.pk), person_label(p)) for p in people]

    @classmethod
    def for_action(cls, action: MinutedAction, people: list[Person], data=None) -> ActionForm:
        rows = sorted(action.owner_rows.all(), key=lambda row: (row.position, row.pk))
        owners = [str(row.person_id) for row in rows]
        known = {str(p.pk) for p in people}
        # Someone who owns the action but is no longer among the choices stays ticked.
        extra = [row.person for row in rows if str(row.person_id) not in known]
        return cls(
            data,
            people=[*people, *extra],
            prefix=f"a{action.pk}",
            initial={
                "text": action.text,
                "owners": owners,
                "due_date": action.due_date,
                "due_next_meeting": action.due_next_meeting,
            },
        )

    @classmethod
    def new(cls, minute: Minute, people: list[Person], data=None) -> ActionForm:
        return cls(data, people=people, prefix=f"m{minute.pk}-new-action", initial={"due_next_meeting": True})

    def clean(self):
        data = super().clean()
        if data.get("due_date") and data.get("due_next_meeting"):
            self.add_error("due_date", "Give a date, or “by the next meeting”, not both.")
        return data

    def chosen_owners(self) -> list[Person]:
        """The ticked people, in the order the form lists them."""
        ticked = set(self.cleaned_data.get("owners", []))
        return [person for pk, person in self.people.items() if pk in ticked]


class InsertMinuteForm(PortalForm):
    title = forms.CharField(
        label="Title",
        max_length=300,
        help_text="e.g. Chorley Youth Zone visit, or Urgent business: the budget.",
        error_messages={"required": "Give the minute a title."},
    )
    confidential = forms.BooleanField(
        label="Confidential (Part II)",
        required=False,
        help_text="Discussed without the press and public: the public edition shows its heading only.",
    )
    exemption_reason = forms.CharField(
        label="Why it is confidential",
        required=False,
        max_length=300,
        help_text="For a Part II minute: printed against its heading, e.g. “It identifies a child”.",
    )


class CommentForm(PortalForm):
    minute = forms.ChoiceField(label="Your comment is on", required=False)
    text = forms.CharField(
        label="Your comment",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write your comment."},
        help_text="Only the coordinators read it (and you). e.g. Minute 3: it was Richard Smith, not Robert.",
    )

    def __init__(self, *args, minutes_rows: list[Minute], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = {str(m.pk): m for m in minutes_rows}
        self.fields["minute"].choices = [("", "The minutes as a whole")] + [
            (str(m.pk), f"{m.label}: {m.title}" if m.number else m.title) for m in minutes_rows
        ]

    def chosen_minute(self) -> Minute | None:
        return self.rows.get(self.cleaned_data.get("minute") or "")


class CirculateForm(PortalForm):
    comments_by = forms.DateField(
        label="Comments by (optional)",
        required=False,
        widget=DateInput(),
        help_text="The date you would like members' comments by; it is given in the e-mail.",
    )


def later_meetings(meeting: Meeting):
    """The meetings at which the minutes may be confirmed: later meetings of the same board, not cancelled,
    whose day has come."""
    return (
        Meeting.objects.filter(board_id=meeting.board_id, date__gt=meeting.date, date__lte=clock.today())
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("board")
        .order_by("date", "start_time", "pk")
    )


def people_at(meeting: Meeting):
    """Who might have presided at ``meeting``: those in the room, and the board's members that day."""
    attended = Attendance.objects.filter(meeting=meeting, status__in=ATTENDED).values("person_id")
    members = Membership.objects.on_date(meeting.date).filter(board_id=meeting.board_id).values("person_id")
    return (
        Person.objects.filter(Q(pk__in=attended) | Q(pk__in=members))
        .select_related("organisation")
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


class ConfirmForm(PortalForm):
    """Confirmation as a correct record at a later meeting, and who presided there (who then signs)."""

    OTHER = "other"

    at_meeting = forms.ModelChoiceField(
        label="Confirmed at the meeting of",
        queryset=Meeting.objects.none(),
        empty_label=None,
        help_text="The later meeting of the board at which they were agreed as a correct record.",
    )
    presiding = forms.ChoiceField(label="Who presided at that meeting", widget=forms.RadioSelect)
    other_person = forms.ModelChoiceField(
        label="Who presided instead",
        required=False,
        queryset=Person.objects.none(),
        help_text="Only when someone else presided.",
    )
    presiding_role = forms.CharField(
        label="In what role they presided",
        required=False,
        max_length=100,
        help_text="e.g. Vice chair, or Chair for this meeting. Printed under the signature.",
    )

    def __init__(self, *args, meeting: Meeting, at_meeting: Meeting | None, choices, **kwargs):
        """``choices``: (person, role) pairs from ``presiding_choices`` for ``at_meeting``."""
        super().__init__(*args, **kwargs)
        self.fields["at_meeting"].queryset = later_meetings(meeting)
        self.fields["at_meeting"].label_from_instance = lambda m: f"{m.date:%-d %B %Y}"
        self.choices = {str(person.pk): (person, role) for person, role in choices}
        self.fields["presiding"].choices = [
            *((pk, f"{person.full_name} ({role})") for pk, (person, role) in self.choices.items()),
            (self.OTHER, "Someone else"),
        ]
        if at_meeting is not None:
            self.fields["other_person"].queryset = people_at(at_meeting)
            self.fields["other_person"].label_from_instance = person_label
            self.initial.setdefault("at_meeting", at_meeting.pk)
        if self.choices:
            self.initial.setdefault("presiding", next(iter(self.choices)))

    def clean(self):
        data = super().clean()
        if data.get("presiding") == self.OTHER:
            if not data.get("other_person"):
                self.add_error("other_person", "Choose who presided.")
            if not (data.get("presiding_role") or "").strip():
                self.add_error("presiding_role", "Say in what role they presided.")
        return data

    def person_and_role(self) -> tuple[Person, str]:
        data = self.cleaned_data
        if data["presiding"] == self.OTHER:
            return data["other_person"], data.get("presiding_role", "")
        person, _role = self.choices[data["presiding"]]
        return person, ""


class SignOffForm(PortalForm):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password."},
        help_text="The password you sign in with: it confirms that it is you who signs.",
    )
    code = forms.CharField(
        label="Code from your authenticator app",
        required=False,
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false", "inputmode": "text"}
        ),
        help_text="The six digits your app shows now, or one of your recovery codes.",
    )

    def __init__(self, *args, two_factor: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not two_factor:
            del self.fields["code"]


class AmendmentForm(PortalForm):
    reason = forms.CharField(
        label="What is corrected, and why",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what is corrected and why."},
        help_text="e.g. Minute 4: the date of the next review was 1 March, as agreed at the meeting of 16 March.",
    )


def default_comments_by() -> datetime.date:
    """A fortnight from today: what the circulation page suggests."""
    return clock.today() + datetime.timedelta(days=14)
