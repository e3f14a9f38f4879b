"""Forms for meetings, venues, agenda items, leads, papers and the work programme."""

from __future__ import annotations

from django import forms

from boards.forms import DateInput, PortalForm, PortalModelForm
from boards.models import Person

from .enums import ItemFor
from .models import AgendaItem, Meeting, Venue, WorkProgrammeEntry


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class VenueForm(PortalModelForm):
    class Meta:
        model = Venue
        fields = ["room", "building", "address", "postcode", "access_notes"]
        widgets = {"address": forms.Textarea(attrs={"rows": 2}), "access_notes": forms.Textarea(attrs={"rows": 2})}


class MeetingForm(PortalModelForm):
    online_link = forms.URLField(label="Online meeting link", required=False, assume_scheme="https")

    class Meta:
        model = Meeting
        fields = [
            "date",
            "start_time",
            "end_time",
            "venue",
            "online_link",
            "kind",
            "contact_officer",
            "pack_issue_date",
        ]
        widgets = {
            "date": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "pack_issue_date": DateInput(),
        }

    #: Date, time and place change through the timing page, which tells calendars and moves the pack date.
    TIMING_FIELDS = ("date", "start_time", "end_time", "venue", "online_link")

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_officer"].queryset = (
            Person.objects.filter(memberships__board=board).distinct().select_related("organisation")
        )
        self.fields["pack_issue_date"].help_text = (
            "When the pack goes to members. You will be warned if this gives less notice than the board requires."
        )
        if self.instance.pk:
            for name in self.TIMING_FIELDS:
                del self.fields[name]
        else:
            self.fields["venue"].queryset = board.venues.all()
            self.fields["venue"].help_text = "Venues are kept per board; add new ones on the venues page."


class AgendaItemForm(PortalModelForm):
    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "item_for",
            "intended_outcome",
            "minutes",
            "verbal_update",
            "is_heading",
            "links",
            "confidential",
            "exemption_reason",
        ]
        widgets = {
            "intended_outcome": forms.Textarea(attrs={"rows": 2}),
            "links": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, board=None, **kwargs):
        super().__init__(*args, **kwargs)
        if board is not None:
            self.fields["uploaders"] = forms.ModelMultipleChoiceField(
                label="May also upload papers",
                queryset=Person.objects.filter(memberships__board=board).distinct(),
                required=False,
                initial=list(self.instance.uploaders.all()) if self.instance.pk else [],
                help_text="The item's leads can always upload its papers. Hold Ctrl (or Cmd) to choose several.",
            )

    def clean(self):
        data = super().clean()
        if data.get("confidential") and not (data.get("exemption_reason") or "").strip():
            self.add_error(
                "exemption_reason", "A confidential (Part II) item needs the reason it is exempt from publication."
            )
        return data


class LeadForm(forms.Form):
    """One lead: a person from the directory, an office such as "Chair", or a guest typed in."""

    person = forms.ModelChoiceField(
        label="Person", queryset=Person.objects.select_related("organisation"), required=False
    )
    office = forms.CharField(label="Or an office", required=False, max_length=100, help_text='e.g. "Chair"')
    guest_name = forms.CharField(label="Or a guest: name", required=False, max_length=200)
    guest_title = forms.CharField(label="Guest's job title", required=False, max_length=200)
    guest_organisation = forms.CharField(label="Guest's organisation", required=False, max_length=200)

    def clean(self):
        data = super().clean()
        chosen = [bool(data.get("person")), bool(data.get("office")), bool(data.get("guest_name"))]
        if sum(chosen) > 1:
            raise forms.ValidationError("Give one of: a person, an office or a guest, for each lead.")
        return data


LeadFormSet = forms.formset_factory(LeadForm, extra=0, max_num=4, min_num=2, validate_min=False)


def lead_initial(item: AgendaItem | None) -> list[dict]:
    if item is None:
        return []
    return [
        {
            "person": lead.person_id,
            "office": lead.office,
            "guest_name": lead.guest_name,
            "guest_title": lead.guest_title,
            "guest_organisation": lead.guest_organisation,
        }
        for lead in item.leads.all()
    ]


def leads_from(formset) -> list[dict]:
    return [f.cleaned_data for f in formset.forms if f.cleaned_data and any(f.cleaned_data.values())]


class PaperUploadForm(PortalForm):
    file = forms.FileField(
        label="File",
        help_text="A PDF, or a Word, OpenDocument or Excel file (converted to PDF for the pack).",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.doc,.docx,.odt,.rtf,.xls,.xlsx,.ods"}),
    )
    title = forms.CharField(
        label="Title", required=False, max_length=300, help_text="Leave blank to use the file name."
    )
    author = forms.CharField(label="Author", required=False, max_length=200)
    author_organisation = forms.CharField(label="Author's organisation", required=False, max_length=200)


class DeferForm(PortalForm):
    to_meeting = forms.ModelChoiceField(label="Move to the meeting on", queryset=Meeting.objects.none())

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_meeting"].queryset = (
            Meeting.objects.filter(board=meeting.board, date__gte=meeting.date)
            .exclude(pk=meeting.pk)
            .exclude(status="cancelled")
            .select_related("board")
        )
        self.fields["to_meeting"].label_from_instance = lambda m: f"{m.date:%A %-d %B %Y}"


class WorkProgrammeForm(PortalModelForm):
    class Meta:
        model = WorkProgrammeEntry
        fields = ["topic", "description", "lead", "meeting"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = board.meetings.exclude(status="cancelled").order_by("date")
        self.fields["meeting"].label_from_instance = lambda m: f"{m.date:%-d %B %Y}"
        self.fields["meeting"].empty_label = "TBC"


class StatusReasonForm(PortalForm):
    reason = forms.CharField(label="Reason", max_length=300)


class AgendaTemplateItemForm(PortalForm):
    title = forms.CharField(label="Title", max_length=300)
    item_for = forms.ChoiceField(label="Item for", choices=[("", "---------"), *ItemFor.choices], required=False)
    intended_outcome = forms.CharField(label="Intended outcome", required=False, widget=forms.Textarea({"rows": 2}))
    minutes = forms.IntegerField(label="Time allocated (minutes)", required=False, min_value=0, max_value=600)
    lead_office = forms.CharField(label="Led by (office)", required=False, initial="Chair", max_length=100)
    at_end = forms.BooleanField(
        label="After the business items", required=False, help_text="Like any other business and future dates."
    )
