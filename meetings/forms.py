"""Forms for meetings, venues, agenda items, leads, papers and the work programme."""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Q

from boards.enums import CHAIR_ROLES
from boards.forms import person_label
from boards.models import Board, Membership, Person
from boards.selectors import board_people_matching, people_exactly_matching, people_for_picker, person_is_named
from core import clock
from core.forms import DateInput, OneLineFieldsMixin, PortalForm, PortalModelForm

from . import parts
from .enums import (
    ExemptParagraph,
    ItemFor,
    MeetingKind,
    PaperKind,
    PlannedFor,
    SeriesFrequency,
    SeriesRule,
    StandInKind,
)
from .models import AgendaItem, Meeting, Venue, WorkProgrammeEntry, quarter_label
from .packs.generated import generated_kind_choices
from .paperlabels import strip_label
from .scheduling import MAX_SERIES, series_rule_error


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
        self.fields[
            "pack_issue_date"
        ].help_text = (
            "When the pack goes to members. You will be warned if this gives less notice than the board requires."
        )
        if self.instance.pk:
            for name in self.TIMING_FIELDS:
                del self.fields[name]
        else:
            self.fields["venue"].queryset = board.venues.all()
            self.fields["venue"].help_text = "Venues are kept per board; add new ones on the venues page."


class GeneratedPublicSelect(forms.NullBooleanSelect):
    """Whether an item's generated document goes into the public edition, or as its kind suggests."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (
            ("unknown", "As usual for that kind of document"),
            ("true", "Yes, in the public edition too"),
            ("false", "No, in the members' edition only"),
        )


def generated_kind_field(**kwargs) -> forms.ChoiceField:
    """The kinds of generated document the installed apps registered, listed when the form is made."""
    return forms.ChoiceField(label="Generated document", choices=generated_kind_choices, required=False, **kwargs)


def _values(form: forms.BaseForm, name: str) -> list:
    """Every value sent for ``name`` (several for a list of checkboxes), none for an unbound form."""
    if not form.is_bound:
        return []
    key = form.add_prefix(name)
    if hasattr(form.data, "getlist"):
        return form.data.getlist(key)
    value = form.data.get(key)
    return list(value) if isinstance(value, (list, tuple)) else [] if value is None else [value]


def person_typed(*, board: Board, typed: str, choosable) -> tuple[Person | None, str]:
    """The person a picker's text names, and else why none: anyone ``choosable`` (the picker's people: the
    board's, and anyone found by an exact search) whose full name or e-mail address it is exactly, or else
    the one person of the board whose name has every word typed. How a picker works without JavaScript,
    and when the text was typed rather than chosen from the suggestions."""
    exact = list(choosable.filter(pk__in=people_exactly_matching(typed)))
    if len(exact) == 1:
        return exact[0], ""
    if exact:
        return (
            None,
            f"More than one person is called “{typed}”: choose one from the suggestions, or type their e-mail address.",
        )
    matching = list(board_people_matching(board=board, query=typed)[:6])
    if len(matching) == 1:
        return matching[0], ""
    if matching:
        names = ", ".join(p.full_name for p in matching[:5]) + (", ..." if len(matching) > 5 else "")
        return None, f"Several of the board's people match “{typed}” ({names}): type more of the name."
    return None, (
        f"Nobody on the board matches “{typed}”, and nobody else has exactly that name or e-mail address: "
        "check it, or add them as a guest."
    )


PICKER_HELP = "Part of the name of one of the board's people, or anyone else's full name or exact e-mail address."


def person_picker(field: forms.Field, *, choose: str, chosen_field: str = "", chosen: object = "") -> None:
    """Make ``field``, a text field, a person picker: static/js/person-picker.js suggests people as one types
    (the board's people, then anyone whose full name or exact e-mail address it is) and, ``choose="one"``,
    keeps the chosen person's id in a hidden ``chosen_field`` (starting from ``chosen``), or,
    ``choose="many"``, ticks them in the form's list. Without JavaScript it is a plain text field, and the
    form finds the person from what was typed (:func:`person_typed`)."""
    field.widget.attrs.update({"autocomplete": "off", "spellcheck": "false", "data-person-picker": choose})
    if choose == "one":
        field.widget.attrs.update({"data-chosen-field": chosen_field, "data-chosen": "" if chosen is None else chosen})


class AgendaItemForm(PortalModelForm):
    generated_kind = generated_kind_field(
        help_text="A document the portal writes for this item (such as the action log), placed before its papers."
    )
    generated_public = forms.NullBooleanField(
        label="Generated document in the public edition",
        required=False,
        widget=GeneratedPublicSelect,
        help_text="A Part II item's generated document is never in the public edition.",
    )

    class Meta:
        model = AgendaItem
        fields = list(AgendaItem.EDITABLE_FIELDS)
        widgets = {
            "intended_outcome": forms.Textarea(attrs={"rows": 2}),
            "links": forms.Textarea(attrs={"rows": 2}),
        }

    #: What the builder's "Add an item" form shows at once (with the first lead); the rest is under "More details".
    QUICK_FIELDS = ("title", "duration_minutes", "confidential", "exemption_paragraph", "exemption_reason")

    def __init__(self, *args, board=None, council: bool | None = None, **kwargs):
        """``board``: offer the people who may upload papers; ``council``: whether the board is a council
        committee, whose Part II items name a paragraph of Schedule 12A (by default, from ``board``)."""
        super().__init__(*args, **kwargs)
        if council is None:
            council = board is not None and parts.is_council(board)
        self.council = council
        self.board = board
        self._part_two_fields(council=council)
        if board is not None:
            self._uploaders_field(board)

    def _uploaders_field(self, board: Board) -> None:
        """Who else may upload the item's papers: ticked from a list of the board's current people (and
        whoever may already); anyone else of the board, or found by their full name or exact e-mail
        address, through the picker below it. Never a list of everyone who ever sat on the board."""
        current = list(self.instance.uploaders.all()) if self.instance.pk else []
        # People the picker found by exact search, each sent with the text that found them.
        self.uploader_found_name = self.add_prefix("uploader_found")
        self.uploader_found = [text for text in _values(self, "uploader_found") if text.strip()]
        found = [pk for text in self.uploader_found for pk in people_exactly_matching(text)]
        search = (self.data.get(self.add_prefix("uploader_search")) or "") if self.is_bound else ""
        field = forms.ModelMultipleChoiceField(
            label="May also upload papers",
            queryset=people_for_picker(board=board, query=search, keep=[p.pk for p in current] + found),
            required=False,
            initial=current,
            widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            help_text="The item's leads can always upload its papers.",
        )
        ticked = {int(v) for v in _values(self, "uploaders") if str(v).isdigit()}
        seated = Membership.objects.current().filter(board=board).values("person_id")
        shown = field.queryset.filter(Q(pk__in=seated) | Q(pk__in=[p.pk for p in current]) | Q(pk__in=ticked)).order_by(
            "last_name", "first_name", "pk"
        )
        field.widget.choices = [(p.pk, person_label(p)) for p in shown]
        self.fields["uploaders"] = field
        self.fields["uploader_search"] = forms.CharField(
            label="Add someone who may upload",
            required=False,
            max_length=200,
            help_text=PICKER_HELP,
        )
        person_picker(self.fields["uploader_search"], choose="many")

    def _part_two_fields(self, *, council: bool) -> None:
        """Why a Part II item is exempt: a council committee's paragraph of Schedule 12A (with optional words),
        another board's reason in words. The service says which is missing. static/js/part-two-fields.js
        shows them only while "Confidential (Part II)" is ticked; without JavaScript they are always there."""
        self.fields["confidential"].widget.attrs["data-part-two-toggle"] = ""
        reason = self.fields["exemption_reason"]
        reason.widget.attrs["data-part-two-field"] = ""
        if not council:
            del self.fields["exemption_paragraph"]
            reason.help_text = (
                "Why a Part II item is exempt from publication: printed against it and on every page of its "
                "papers, e.g. “It identifies a child”."
            )
            return
        paragraph = self.fields["exemption_paragraph"]
        paragraph.label = "Paragraph of Schedule 12A"
        paragraph.choices = [
            ("", "Choose the paragraph"),
            *((n, f"{n}. {text}") for n, text in ExemptParagraph.choices),
        ]
        paragraph.help_text = (
            "For a Part II item: the paragraph of Part 1 of Schedule 12A to the Local Government Act 1972 that "
            "makes it exempt, printed against it and on every page of its papers."
        )
        paragraph.widget.attrs["data-part-two-field"] = ""
        reason.label = "Further words on the exemption (optional)"
        reason.help_text = "Shown after the paragraph, e.g. why the public interest favours keeping it exempt."

    def detail_fields(self) -> list[forms.BoundField]:
        hidden = {*self.QUICK_FIELDS, "uploaders", "uploader_search"}
        return [self[name] for name in self.fields if name not in hidden]

    def details_have_errors(self) -> bool:
        return any(field.errors for field in self.detail_fields())

    def clean(self):
        data = super().clean()
        typed = (data.pop("uploader_search", None) or "").strip()  # not an item field: adds an uploader
        if typed and self.board is not None:
            person, error = person_typed(board=self.board, typed=typed, choosable=self.fields["uploaders"].queryset)
            if error:
                self.add_error("uploader_search", error)
            elif person not in data.get("uploaders", []):
                data["uploaders"] = [*data.get("uploaders", []), person]
        if data.get("confidential"):  # the service says the same; here it is shown against its field
            missing = parts.missing_exemption(
                council=self.council,
                paragraph=data.get("exemption_paragraph"),
                reason=data.get("exemption_reason") or "",
            )
            if missing:
                self.add_error(*missing)
        return data


class LeadForm(OneLineFieldsMixin, forms.Form):
    """One lead: a person (the board's, or anyone found by their full name or exact e-mail address), an office
    such as "Chair", or a guest typed in. The person is chosen with a picker (:func:`person_picker`): the id
    it keeps in ``person`` is refused unless the picker could have offered that person."""

    person = forms.ModelChoiceField(
        label="Person",
        queryset=Person.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": "That person cannot be chosen here: choose them from the suggestions, or type their "
            "full name or exact e-mail address."
        },
    )
    person_search = forms.CharField(
        label="Person leading it",
        required=False,
        max_length=200,
        help_text=PICKER_HELP,
    )
    office = forms.CharField(label="Or an office", required=False, max_length=100, help_text='e.g. "Chair"')
    guest_name = forms.CharField(label="Or a guest: name", required=False, max_length=200)
    guest_title = forms.CharField(label="Guest's job title", required=False, max_length=200)
    guest_organisation = forms.CharField(label="Guest's organisation", required=False, max_length=200)

    #: The fields after the person: the builder's "Add an item" form keeps them under "More details".
    DETAIL_FIELDS = ("office", "guest_name", "guest_title", "guest_organisation")

    def __init__(self, *args, board: Board, keep=(), **kwargs):
        """The board's own people; anyone else only through an exact search in ``person_search``;
        ``keep``: people already leading the item, who stay choosable."""
        super().__init__(*args, **kwargs)
        self.board = board
        search = (self.data.get(self.add_prefix("person_search")) or "") if self.is_bound else ""
        self.fields["person"].queryset = people_for_picker(board=board, query=search, keep=keep)
        self.fields["person"].label_from_instance = person_label
        chosen = self.data.get(self.add_prefix("person"), "") if self.is_bound else self.initial.get("person") or ""
        if self.prefix and not self.prefix.endswith("-0"):  # a second lead and after: said so, as one reads the form
            index = self.prefix.rsplit("-", 1)[-1]
            nth = {"1": "Second", "2": "Third", "3": "Fourth"}.get(index, "Another")
            self.fields["person_search"].label = f"{nth} person leading it"
        person_picker(self.fields["person_search"], choose="one", chosen_field=self.add_prefix("person"), chosen=chosen)

    def detail_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.DETAIL_FIELDS]

    def details_have_errors(self) -> bool:
        return bool(self.non_field_errors()) or any(field.errors for field in self.detail_fields())

    def clean(self):
        data = super().clean()
        person, typed = data.get("person"), (data.get("person_search") or "").strip()
        if typed and not (person and person_is_named(person, typed)):
            # Typed rather than chosen (or changed since): the text says who.
            data["person"], error = person_typed(
                board=self.board, typed=typed, choosable=self.fields["person"].queryset
            )
            if error:
                self.add_error("person_search", error)
        chosen = [bool(data.get("person")), bool(data.get("office")), bool(data.get("guest_name"))]
        if sum(chosen) > 1:
            raise forms.ValidationError("Give one of: a person, an office or a guest, for each lead.")
        return data


LeadFormSet = forms.formset_factory(LeadForm, extra=0, max_num=4, min_num=2, validate_min=False)


def lead_formset(data=None, *, board: Board, item: AgendaItem | None = None) -> LeadFormSet:
    """The leads of an item on ``board``: the picker offers its people and the item's current leads."""
    keep = [lead.person_id for lead in item.leads.all() if lead.person_id] if item is not None else []
    return LeadFormSet(
        data,
        prefix="leads",
        initial=lead_initial(item),
        form_kwargs={"board": board, "keep": keep},
    )


def lead_initial(item: AgendaItem | None) -> list[dict]:
    if item is None:
        return []
    return [
        {
            "person": lead.person_id,
            "person_search": lead.person.full_name if lead.person_id else "",
            "office": lead.office,
            "guest_name": lead.guest_name,
            "guest_title": lead.guest_title,
            "guest_organisation": lead.guest_organisation,
        }
        for lead in item.leads.select_related("person")
    ]


def leads_from(formset) -> list[dict]:
    leads = [{k: v for k, v in f.cleaned_data.items() if k != "person_search"} for f in formset.forms]
    return [lead for lead in leads if any(lead.values())]


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one ``<input type=file multiple>`` (Django's pattern): a list of files."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(one, initial) for one in files]


PAPER_FILE_TYPES = ".pdf,.doc,.docx,.odt,.rtf,.xls,.xlsx,.ods"


class PaperUploadForm(PortalForm):
    """The first step of adding papers: the files, checked before anything is added."""

    files = MultipleFileField(
        label="Files",
        help_text=(
            "One or more PDFs, or Word, OpenDocument or Excel files (converted to PDF for the pack). "
            "Next you check what kind of paper each one is and its title."
        ),
        widget=MultipleFileInput(attrs={"accept": PAPER_FILE_TYPES}),
        error_messages={"required": "Choose one or more files to upload."},
    )
    author = forms.CharField(
        label="Author", required=False, max_length=200, help_text="For every file: you can change it for each next."
    )
    author_organisation = forms.CharField(label="Author's organisation", required=False, max_length=200)


class PaperDetailsForm(PortalForm):
    """What a paper is, its title and author."""

    kind = forms.ChoiceField(
        label="Kind of paper",
        choices=PaperKind.choices,
        help_text="Appendices are lettered in order within the item; the others go by their kind.",
    )
    title = forms.CharField(
        label="Title",
        required=False,
        max_length=300,
        help_text=(
            "The paper's own title. The portal adds its label (e.g. “Appendix 6(a)”) itself, so a title that "
            "starts with one is saved without it."
        ),
    )
    author = forms.CharField(label="Author", required=False, max_length=200)
    author_organisation = forms.CharField(label="Author's organisation", required=False, max_length=200)

    def clean(self):
        data = super().clean()
        if self.title_needed(data):
            typed = data.get("title", "")
            if not typed.strip():
                self.add_error("title", "Give this paper a title.")
            elif not strip_label(typed):
                self.add_error(
                    "title",
                    f"“{typed.strip()}” is only a label, and the portal labels papers itself: "
                    "give this paper a title of its own.",
                )
        return data

    def title_needed(self, data) -> bool:
        return True


class HeldPaperForm(PaperDetailsForm):
    """The second step of adding papers, for one checked file: add it or not, and what it is."""

    token = forms.CharField(widget=forms.HiddenInput)
    add = forms.BooleanField(label="Add this paper", required=False, initial=True)

    field_order = ["token", "add", "kind", "title", "author", "author_organisation"]

    def title_needed(self, data) -> bool:
        return bool(data.get("add"))


class BaseHeldPaperFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not any(form.cleaned_data.get("add") for form in self.forms):
            raise forms.ValidationError("Tick “Add this paper” for at least one file, or cancel.")


HeldPaperFormSet = forms.formset_factory(HeldPaperForm, formset=BaseHeldPaperFormSet, extra=0)


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


def _month_starts(first: datetime.date, count: int, step: int = 1) -> list[datetime.date]:
    """``count`` first days of months from ``first``'s month, ``step`` months apart."""
    index = first.year * 12 + first.month - 1
    out = []
    for n in range(count):
        year, month = divmod(index + n * step, 12)
        out.append(datetime.date(year, month + 1, 1))
    return out


class WorkProgrammeForm(PortalModelForm):
    """A topic planned for a meeting, a month, a quarter, or to be confirmed: the choice says which of the
    three lists counts, and the others are ignored."""

    planned_for = forms.ChoiceField(
        label="Planned for", choices=PlannedFor.choices, initial=PlannedFor.MEETING, widget=forms.RadioSelect
    )
    month = forms.TypedChoiceField(label="Month", required=False, coerce=datetime.date.fromisoformat, empty_value=None)
    quarter = forms.TypedChoiceField(
        label="Quarter", required=False, coerce=datetime.date.fromisoformat, empty_value=None
    )

    #: Months and quarters offered, from the current one.
    MONTHS, QUARTERS = 24, 8

    class Meta:
        model = WorkProgrammeEntry
        fields = ["topic", "description", "lead", "planned_for", "meeting", "month", "quarter"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = board.meetings.exclude(status="cancelled").order_by("date")
        self.fields["meeting"].label_from_instance = lambda m: f"{m.date:%-d %B %Y}, {m.kind_phrase}"
        self.fields["meeting"].empty_label = "Choose a meeting"
        today = clock.today()
        months = _month_starts(today, self.MONTHS)
        self.fields["month"].choices = [("", "Choose a month"), *((m.isoformat(), f"{m:%B %Y}") for m in months)]
        quarter_start = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        quarters = _month_starts(quarter_start, self.QUARTERS, step=3)
        self.fields["quarter"].choices = [
            ("", "Choose a quarter"),
            *((q.isoformat(), quarter_label(q)) for q in quarters),
        ]

    def clean(self):
        data = super().clean()
        planned_for = data.get("planned_for")
        for name in ("meeting", "month", "quarter"):
            if planned_for != name:
                data[name] = None
            elif not data.get(name):
                self.add_error(name, f"Choose the {name}, or plan the topic differently.")
        return data

    def entry_kwargs(self) -> dict:
        """What :func:`meetings.services.work_programme_add` takes."""
        return {k: v for k, v in self.cleaned_data.items() if k != "planned_for"}


class AgendaTemplateItemForm(PortalForm):
    title = forms.CharField(label="Title", max_length=300)
    item_for = forms.ChoiceField(label="Item for", choices=[("", "---------"), *ItemFor.choices], required=False)
    intended_outcome = forms.CharField(label="Intended outcome", required=False, widget=forms.Textarea({"rows": 2}))
    duration_minutes = forms.IntegerField(label="Time allocated (minutes)", required=False, min_value=0, max_value=600)
    lead_office = forms.CharField(label="Led by (office)", required=False, initial="Chair", max_length=100)
    at_end = forms.BooleanField(
        label="After the business items", required=False, help_text="Like any other business and future dates."
    )
    generated_kind = generated_kind_field(help_text="A document the portal writes for the item on each agenda.")


# Scheduling ------------------------------------------------------------------------------------------------


def _board_people(board: Board):
    return Person.objects.filter(memberships__board=board).distinct().select_related("organisation")


def _frequency_guess(board: Board) -> str:
    text = board.meeting_frequency.lower()
    for value, label in SeriesFrequency.choices:
        if label.lower() in text or value.replace("_", "-") in text:
            return value
    return SeriesFrequency.QUARTERLY


class SeriesForm(PortalForm):
    first_date = forms.DateField(label="Date of the first meeting", widget=DateInput())
    weekday_rule = forms.ChoiceField(
        label="Later meetings fall on",
        choices=SeriesRule.choices,
        initial=SeriesRule.NTH_WEEKDAY,
        help_text="Worked out from the first date: 15 January 2026 is the third Thursday of its month.",
    )
    frequency = forms.ChoiceField(label="How often", choices=SeriesFrequency.choices)
    count = forms.IntegerField(label="Number of meetings", min_value=1, max_value=MAX_SERIES, initial=4)
    start_time = forms.TimeField(label="Start time", widget=TimeInput(), initial=datetime.time(14, 0))
    end_time = forms.TimeField(label="End time", widget=TimeInput(), required=False, initial=datetime.time(16, 0))
    venues = forms.ModelMultipleChoiceField(
        label="Venues",
        queryset=Venue.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Ticked venues are used in turn, in the order listed: the first meeting at the first, "
        "the second at the next, and so on. Leave all unticked for an online meeting or to decide later.",
    )
    online_link = forms.URLField(label="Online meeting link", required=False, assume_scheme="https")
    kind = forms.ChoiceField(label="Kind of meeting", choices=MeetingKind.choices, initial=MeetingKind.ORDINARY)
    contact_officer = forms.ModelChoiceField(label="Contact officer", queryset=Person.objects.none(), required=False)
    issue_notice = forms.BooleanField(
        label="Plan each pack's issue date from the board's notice period",
        required=False,
        initial=True,
    )

    def __init__(self, *args, board: Board, **kwargs):
        super().__init__(*args, **kwargs)
        self.board = board
        self.fields["venues"].queryset = board.venues.all()
        if not self.fields["venues"].queryset.exists():
            self.fields["venues"].help_text = "This board has no venues yet."
        self.fields["contact_officer"].queryset = _board_people(board)
        self.fields["frequency"].initial = _frequency_guess(board)
        self.fields[
            "issue_notice"
        ].help_text = (
            f"{board.notice_days} clear working days before each meeting, weekends and bank holidays excluded."
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "The meeting must end after it starts.")
        if data.get("first_date") and data.get("weekday_rule"):
            error = series_rule_error(first_date=data["first_date"], weekday_rule=data["weekday_rule"])
            if error:
                self.add_error("weekday_rule", error)
        return data

    def series_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["venues"] = list(data["venues"])
        return data


class TimingForm(PortalForm):
    date = forms.DateField(label="Date", widget=DateInput())
    start_time = forms.TimeField(label="Start time", widget=TimeInput())
    end_time = forms.TimeField(label="End time", widget=TimeInput(), required=False)
    venue = forms.ModelChoiceField(
        label="Venue",
        queryset=Venue.objects.none(),
        required=False,
        empty_label="No venue (online, or to be confirmed)",
    )
    online_link = forms.URLField(label="Online meeting link", required=False, assume_scheme="https")

    def __init__(self, *args, meeting: Meeting, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "date": meeting.date,
                "start_time": meeting.start_time,
                "end_time": meeting.end_time,
                "venue": meeting.venue_id,
                "online_link": meeting.online_link,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = meeting.board.venues.all()

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "The meeting must end after it starts.")
        return data


class ReasonForm(PortalForm):
    reason = forms.CharField(
        label="Reason", max_length=300, help_text="Shown to members on the meeting page and in their calendars."
    )


class WithdrawForm(PortalForm):
    """Why an item or paper leaves an agenda that is already part of the record."""

    reason = forms.CharField(
        label="Reason for withdrawing it",
        max_length=300,
        help_text="Members see this in the agenda's revisions, and it is kept in the activity log.",
    )


class StandInForm(PortalForm):
    """Name a deputy or substitute for one meeting. Seats: every seat on the meeting's date for the
    coordinator, only the reader's own for a member. People: the seats' named deputies and the people of the
    organisations represented on the board (not the whole directory)."""

    in_place_of = forms.ModelChoiceField(label="In place of", queryset=None)
    person = forms.ModelChoiceField(label="Attending", queryset=None)
    kind = forms.ChoiceField(label="As", choices=StandInKind.choices, initial=StandInKind.DEPUTY)

    def __init__(self, *args, meeting: Meeting, seats, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["in_place_of"].queryset = seats
        self.fields["in_place_of"].label_from_instance = lambda m: f"{m.person.full_name} ({m.role_label})"
        organisations = seats.model.objects.filter(board=meeting.board).values("organisation_id")
        deputies = seats.values("deputy_id")
        self.fields["person"].queryset = (
            Person.objects.filter(Q(organisation_id__in=organisations) | Q(pk__in=deputies))
            .select_related("organisation")
            .order_by("last_name", "first_name")
        )
        self.fields["person"].label_from_instance = lambda p: (
            f"{p.full_name}, {p.organisation.short_name or p.organisation.name}" if p.organisation_id else p.full_name
        )


# The register, apologies and declarations -----------------------------------------------------------------


def item_choices(items) -> list[tuple[str, str]]:
    """Agenda items as choices, with their numbers: ``items`` are (item, number) pairs in agenda order."""
    return [("", "—")] + [(str(item.pk), f"{number} {item.title}") for item, number in items]


class ApologyForm(PortalForm):
    """A member's apologies, on a phone: a message, and who (if anyone) attends in their place: their own
    named deputy first, else someone found by their exact full name or e-mail address."""

    NONE, NAMED, CURRENT, OTHER = "none", "named", "current", "other"

    message = forms.CharField(
        label="Message for the coordinator (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    deputy_choice = forms.ChoiceField(label="Who attends in your place?", widget=forms.RadioSelect)
    deputy_search = forms.CharField(
        label="Someone else: their full name or e-mail address",
        required=False,
        max_length=200,
        help_text="Type it exactly as the portal has it; it finds only an exact match.",
    )

    def __init__(self, *args, meeting: Meeting, seat, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting, self.seat, self.current = meeting, seat, current
        choices = [(self.NONE, "No one")]
        if seat.deputy_id:
            choices.append((self.NAMED, f"My named deputy, {person_label(seat.deputy)}"))
        if current is not None and current.pk != seat.deputy_id:
            choices.append((self.CURRENT, person_label(current)))
        choices.append((self.OTHER, "Someone else"))
        self.fields["deputy_choice"].choices = choices
        if current is not None:
            self.fields["deputy_choice"].initial = self.NAMED if current.pk == seat.deputy_id else self.CURRENT
        else:
            self.fields["deputy_choice"].initial = self.NAMED if seat.deputy_id else self.NONE

    def clean(self):
        data = super().clean()
        choice = data.get("deputy_choice")
        data["deputy"] = None
        if choice == self.NAMED:
            data["deputy"] = self.seat.deputy
        elif choice == self.CURRENT:
            data["deputy"] = self.current
        elif choice == self.OTHER:
            search = (data.get("deputy_search") or "").strip()
            if not search:
                self.add_error("deputy_search", "Type the full name or e-mail address of the person attending.")
                return data
            exact = people_exactly_matching(search)
            found = list(
                people_for_picker(board=self.meeting.board, query=search)
                .filter(pk__in=exact)
                .exclude(pk=self.seat.person_id)
            )
            if len(found) == 1:
                data["deputy"] = found[0]
            elif found:
                self.add_error("deputy_search", "More than one person has that name: give their e-mail address.")
            else:
                self.add_error(
                    "deputy_search",
                    "Nobody in the portal has exactly that name or e-mail address. Check it, or ask the "
                    "coordinator to add them.",
                )
        return data


class RegisterForm(OneLineFieldsMixin, forms.Form):
    """The register of one meeting: a row of fields per seat on the day (status, who attended in the
    member's place, arrived or left during an item, a note), and who was in the chair. Drawn as a table by
    its template; every choice comes from data loaded once, so it costs no query per row."""

    def __init__(self, *args, register, items, candidates: dict[int, list[Person]], others=(), **kwargs):
        from .enums import AttendanceStatus

        super().__init__(*args, **kwargs)
        self.register = register
        self.people: dict[int, Person] = {}
        items = item_choices(items)
        chair_initial = register.chair.person_id if register.chair else None
        for line in register.seats:
            prefix, person = f"seat-{line.seat.pk}", line.seat.person
            if line.expected:
                statuses = [
                    AttendanceStatus.PRESENT,
                    AttendanceStatus.APOLOGIES,
                    AttendanceStatus.DEPUTY,
                    AttendanceStatus.SUBSTITUTE,
                    AttendanceStatus.ABSENT,
                ]
            else:
                statuses = [
                    AttendanceStatus.PRESENT,
                    AttendanceStatus.IN_ATTENDANCE,
                    AttendanceStatus.APOLOGIES,
                    AttendanceStatus.ABSENT,
                ]
            labels = {
                AttendanceStatus.DEPUTY: "Apologies: deputy attended",
                AttendanceStatus.SUBSTITUTE: "Apologies: substitute attended",
            }
            self.fields[f"{prefix}-status"] = forms.ChoiceField(
                label=f"{person}: attendance",
                choices=[(s.value, labels.get(s, s.label)) for s in statuses],
                initial=line.status if line.status in statuses else AttendanceStatus.ABSENT,
            )
            if line.expected:
                options = candidates.get(line.seat.pk, [])
                self.people.update({p.pk: p for p in options})
                initial = line.in_place_person
                self.fields[f"{prefix}-in_place"] = forms.TypedChoiceField(
                    label=f"Attended in {person}'s place",
                    choices=[("", "—")] + [(str(p.pk), person_label(p)) for p in options],
                    coerce=int,
                    empty_value=None,
                    required=False,
                    initial=str(initial.pk) if initial else "",
                )
            entry = line.in_place or line.entry
            for name, attr, label in (
                ("arrived", "arrived_at_item_id", "arrived during item"),
                ("left", "left_at_item_id", "left during item"),
            ):
                value = getattr(entry, attr, None) if entry else None
                self.fields[f"{prefix}-{name}"] = forms.ChoiceField(
                    label=f"{person}: {label}", choices=items, required=False, initial=str(value or "")
                )
            self.fields[f"{prefix}-note"] = forms.CharField(
                label=f"{person}: note",
                required=False,
                max_length=300,
                initial=line.entry.note if line.entry else "",
            )
        chairs = [(str(line.seat.person_id), str(line.seat.person)) for line in register.seats]
        chairs += [(str(row.person_id), str(row.person)) for row in others]
        if chair_initial is None:
            chairs_on_the_day = (line.seat.person_id for line in register.seats if line.seat.role in CHAIR_ROLES)
            chair_initial = next(chairs_on_the_day, None)
        self.fields["chair"] = forms.TypedChoiceField(
            label="In the chair",
            choices=[("", "—"), *chairs],
            coerce=int,
            empty_value=None,
            required=False,
            initial=str(chair_initial or ""),
        )
        self.chair_people = {line.seat.person_id: line.seat.person for line in register.seats}
        self.chair_people.update({row.person_id: row.person for row in others})

    def groups(self):
        """[(heading, [(seat line, its bound fields by name), ...]), ...] for the template's table: the
        members proper, then those who support the board."""
        names = ("status", "in_place", "arrived", "left", "note")

        def rows(lines):
            return [
                (
                    line,
                    {n: self[f"seat-{line.seat.pk}-{n}"] for n in names if f"seat-{line.seat.pk}-{n}" in self.fields},
                )
                for line in lines
            ]

        groups = [("Members", rows(self.register.members))]
        groups.append(("Officers, advisers and observers", rows(self.register.supporting)))
        return [(heading, lines) for heading, lines in groups if lines]

    def clean(self):
        from .enums import STANDING_IN

        data = super().clean()
        for line in self.register.seats:
            prefix = f"seat-{line.seat.pk}"
            status = data.get(f"{prefix}-status")
            chosen = data.get(f"{prefix}-in_place")
            if status in STANDING_IN and not chosen:
                self.add_error(f"{prefix}-in_place", f"Choose who attended in {line.seat.person}'s place.")
            elif status not in STANDING_IN and chosen:
                self.add_error(
                    f"{prefix}-status",
                    "Someone is chosen as attending in the member's place: choose deputy or substitute.",
                )
        return data

    def entries(self, items_by_pk: dict[int, AgendaItem]):
        from .services import SeatEntry

        data = self.cleaned_data
        out = []
        for line in self.register.seats:
            prefix = f"seat-{line.seat.pk}"
            chosen = data.get(f"{prefix}-in_place")
            arrived, left = data.get(f"{prefix}-arrived"), data.get(f"{prefix}-left")
            out.append(
                SeatEntry(
                    seat=line.seat,
                    status=data[f"{prefix}-status"],
                    in_place=self.people.get(chosen) if chosen else None,
                    arrived_at_item=items_by_pk.get(int(arrived)) if arrived else None,
                    left_at_item=items_by_pk.get(int(left)) if left else None,
                    note=data.get(f"{prefix}-note", ""),
                )
            )
        return out

    def chair(self) -> Person | None:
        chosen = self.cleaned_data.get("chair")
        return self.chair_people.get(chosen) if chosen else None


class AttendeeForm(PortalForm):
    """Someone else in the register: an officer, guest or presenter in attendance, or someone who attended
    in a member's place and was not named beforehand."""

    person = forms.ModelChoiceField(label="Person", queryset=Person.objects.none(), required=False)
    person_search = forms.CharField(
        label="Or find someone not on the board",
        required=False,
        max_length=200,
        help_text="Their full name or exact e-mail address.",
    )
    status = forms.ChoiceField(label="As")
    for_member = forms.ModelChoiceField(label="In place of", queryset=None, required=False)
    role = forms.CharField(label="Role", required=False, max_length=200, help_text="Blank: their job title.")
    organisation = forms.CharField(
        label="Organisation", required=False, max_length=200, help_text="Blank: their organisation."
    )
    arrived = forms.ChoiceField(label="Arrived during item", required=False)
    left = forms.ChoiceField(label="Left during item", required=False)
    note = forms.CharField(label="Note", required=False, max_length=300)

    def __init__(self, *args, meeting: Meeting, seats, items, **kwargs):
        from .enums import AttendanceStatus

        super().__init__(*args, **kwargs)
        search = (self.data.get(self.add_prefix("person_search")) or "") if self.is_bound else ""
        self.fields["person"].queryset = people_for_picker(board=meeting.board, query=search)
        self.fields["person"].label_from_instance = person_label
        self.fields["status"].choices = [
            (s.value, s.label)
            for s in (
                AttendanceStatus.IN_ATTENDANCE,
                AttendanceStatus.PRESENT,
                AttendanceStatus.DEPUTY,
                AttendanceStatus.SUBSTITUTE,
            )
        ]
        self.fields["for_member"].queryset = seats
        self.fields["for_member"].label_from_instance = lambda m: f"{m.person} ({m.role_label})"
        self.fields["arrived"].choices = self.fields["left"].choices = item_choices(items)

    def clean(self):
        data = super().clean()
        if not data.get("person") and data.get("person_search"):
            found = list(self.fields["person"].queryset.filter(pk__in=people_exactly_matching(data["person_search"])))
            if len(found) == 1:
                data["person"] = found[0]
            elif found:
                self.add_error("person", "More than one person has that name: choose them from the list.")
            else:
                self.add_error("person_search", "Nobody has exactly that name or e-mail address; check it.")
        elif not data.get("person"):
            self.add_error("person", "Choose someone, or find them by their full name or e-mail address.")
        return data


class DeclarationForm(PortalForm):
    person = forms.ModelChoiceField(label="Who declared it", queryset=Person.objects.none())
    item = forms.ChoiceField(label="Item")
    interest_type = forms.ChoiceField(label="Type of interest")
    description = forms.CharField(label="The interest", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    left_room = forms.BooleanField(label="Left the room for the item", required=False)

    def __init__(self, *args, meeting: Meeting, people, items, **kwargs):
        from .enums import interest_types_for

        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = person_label
        self.fields["item"].choices = item_choices(items)[1:]
        self.fields["interest_type"].choices = [(t.value, t.label) for t in interest_types_for(meeting.board.kind)]


class InterestForm(PortalForm):
    interest_type = forms.ChoiceField(label="Type")
    description = forms.CharField(label="Description", widget=forms.Textarea(attrs={"rows": 3}))
    from_date = forms.DateField(label="From", widget=DateInput())
    to_date = forms.DateField(label="Until", required=False, widget=DateInput(), help_text="Blank: still held.")

    def __init__(self, *args, types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interest_type"].choices = [(t.value, t.label) for t in types]

    def clean(self):
        data = super().clean()
        if data.get("from_date") and data.get("to_date") and data["to_date"] < data["from_date"]:
            self.add_error("to_date", "It cannot end before it began.")
        return data


class InterestEndForm(PortalForm):
    to_date = forms.DateField(label="Ended on", widget=DateInput())


class PeriodForm(OneLineFieldsMixin, forms.Form):
    """The attendance report's period: a financial (or municipal) year, or dates of one's own."""

    year = forms.ChoiceField(label="Year", required=False)
    start = forms.DateField(label="From", required=False, widget=DateInput())
    end = forms.DateField(label="To", required=False, widget=DateInput())

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = {p.key: p for p in periods}
        self.fields["year"].choices = [(p.key, p.label) for p in periods] + [("custom", "Dates of my choosing")]

    def clean(self):
        data = super().clean()
        if data.get("year") == "custom":
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError("Give both dates, or choose a year.")
            if end < start:
                raise forms.ValidationError("The period ends before it starts.")
            if (end - start).days > 366 * 10:
                raise forms.ValidationError("Choose a period of ten years or less.")
        return data
