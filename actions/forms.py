"""Forms of the action pages: raising and editing an action, posting an update (from the portal or from an
e-mailed link), setting the RAG rating by hand, and reassigning someone's actions."""

from __future__ import annotations

import zipfile
from pathlib import Path

from django import forms
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from boards.models import Board, Membership, Person, Priority
from core import clock
from core.forms import DateInput, PortalForm
from meetings.enums import MeetingStatus
from meetings.models import Meeting

from .enums import CLOSED_STATUSES, STATUSES_WITH_REASON, ActionStatus, Rag, RecommendationStatus, TargetKind
from .models import Action, TrackedRecommendation

# Evidence files --------------------------------------------------------------------------------------------

EVIDENCE_MAX_MB = 10
MB = 1024 * 1024

PDF, PNG, JPEG, OLE, DOCX, XLSX, PPTX, ODT, ODS = "pdf", "png", "jpeg", "ole", "docx", "xlsx", "pptx", "odt", "ods"

#: What each name may end in, what its bytes must say, and the type it is served as.
EVIDENCE_TYPES = {
    ".pdf": (PDF, "application/pdf"),
    ".png": (PNG, "image/png"),
    ".jpg": (JPEG, "image/jpeg"),
    ".jpeg": (JPEG, "image/jpeg"),
    ".doc": (OLE, "application/msword"),
    ".xls": (OLE, "application/vnd.ms-excel"),
    ".ppt": (OLE, "application/vnd.ms-powerpoint"),
    ".docx": (DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": (XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".pptx": (PPTX, "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ".odt": (ODT, "application/vnd.oasis.opendocument.text"),
    ".ods": (ODS, "application/vnd.oasis.opendocument.spreadsheet"),
}
#: Shown in the browser; everything else is downloaded.
EVIDENCE_INLINE = {PDF, PNG, JPEG}
EVIDENCE_ACCEPT = ",".join(EVIDENCE_TYPES)
EVIDENCE_HELP = f"Optional: a PDF, a picture (PNG or JPEG) or an Office document, up to {EVIDENCE_MAX_MB} MB."

_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ZIP_PARTS = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml", PPTX: "ppt/presentation.xml"}
_ODF = {b"application/vnd.oasis.opendocument.text": ODT, b"application/vnd.oasis.opendocument.spreadsheet": ODS}


def _zip_kind(upload) -> str:
    try:
        with zipfile.ZipFile(upload) as zf:
            names = set(zf.namelist())
            if "mimetype" in names and zf.getinfo("mimetype").file_size <= 200:
                return _ODF.get(zf.read("mimetype").strip(), "")
            if "[Content_Types].xml" in names:
                return next((kind for kind, part in _ZIP_PARTS.items() if part in names), "")
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError, KeyError):
        return ""
    return ""


def evidence_kind(upload) -> str:
    """What the file's bytes say it is (one of the kinds above), or "" for anything else."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = ""
    if head.startswith(b"%PDF-"):
        kind = PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = PNG
    elif head.startswith(b"\xff\xd8\xff"):
        kind = JPEG
    elif head.startswith(_OLE_MAGIC):
        kind = OLE
    elif head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(upload)
    upload.seek(0)
    return kind


def evidence_content_type(name: str) -> tuple[str, bool]:
    """The type an evidence file is served as, and whether a browser shows it (PDFs and pictures)."""
    kind, content_type = EVIDENCE_TYPES.get(Path(name).suffix.lower(), ("", "application/octet-stream"))
    return content_type, kind in EVIDENCE_INLINE


def clean_evidence(upload):
    """The uploaded file, if it is a PDF, a picture or an Office document within the size limit, its
    contents what its name says; a message naming the file and the reason otherwise."""
    if not upload:
        return None
    name = Path(upload.name).name
    if upload.size > EVIDENCE_MAX_MB * MB:
        raise forms.ValidationError(
            f"“{name}” is {upload.size / MB:.1f} MB; evidence can be up to {EVIDENCE_MAX_MB} MB. Attach a smaller "
            "copy (a PDF of the pages that show it was done, say)."
        )
    expected = EVIDENCE_TYPES.get(Path(name).suffix.lower())
    if expected is None:
        raise forms.ValidationError(
            f"“{name}” is not a kind of file the portal keeps as evidence. Attach a PDF, a picture (PNG or JPEG) "
            "or an Office document."
        )
    if evidence_kind(upload) != expected[0]:
        raise forms.ValidationError(
            f"“{name}” is not what its name says: its contents are something else. Open it, save it again "
            "(or as a PDF), and attach that."
        )
    return upload


# Owners --------------------------------------------------------------------------------------------------


def owner_label(person: Person) -> str:
    initials = f" ({person.initials})" if person.initials else ""
    organisation = f", {person.organisation.name}" if person.organisation_id else ""
    return f"{person.full_name}{initials}{organisation}"


def owner_choices(board: Board, *, keep=()) -> QuerySet[Person]:
    """The board's current people, and whoever already owns the action (``keep``), who may have left."""
    seated = Membership.objects.current().filter(board=board).values("person_id")
    return (
        Person.objects.filter(Q(pk__in=seated) | Q(pk__in=[p.pk for p in keep]))
        .select_related("organisation")
        .order_by("last_name", "first_name", "pk")
    )


class OwnersField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return owner_label(obj)


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return owner_label(obj)


# Priorities ----------------------------------------------------------------------------------------------


def priority_choices(board: Board) -> QuerySet[Priority]:
    """The board's priorities in the order of its plans: the latest year's first (standing priorities last),
    each priority followed by its sub-priorities."""
    return (
        Priority.objects.filter(board=board)
        .select_related("plan")
        .order_by(
            F("plan__year_start").desc(nulls_last=True),
            Coalesce("parent__position", "position"),
            Coalesce("parent_id", "id"),
            F("parent_id").asc(nulls_first=True),
            "position",
            "number",
        )
    )


class PriorityField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        year = f" ({obj.plan.year_label})" if obj.plan_id else ""
        indent = "\u2003" if obj.parent_id else ""  # an em space: a sub-priority reads under its priority
        return f"{indent}Priority {obj.number}: {obj.title}{year}"


# Raising and editing -------------------------------------------------------------------------------------

DUE_DATE, DUE_NEXT_MEETING, DUE_NONE = "date", "next_meeting", "none"


class ActionForm(PortalForm):
    """What an action is, who owns it and when it is due. The service checks the rest."""

    text = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    owners = OwnersField(
        label="Owners",
        queryset=Person.objects.none(),
        help_text="One or more people. Type in the box above the list to find someone quickly.",
    )
    due = forms.ChoiceField(
        label="Due",
        choices=[(DUE_DATE, "By a date"), (DUE_NEXT_MEETING, "By the next meeting"), (DUE_NONE, "No date yet")],
        widget=forms.RadioSelect,
        initial=DUE_DATE,
    )
    due_date = forms.DateField(label="Due date", required=False, widget=DateInput())
    priority = PriorityField(
        label="Priority it serves",
        queryset=Priority.objects.none(),
        required=False,
        empty_label="None of the board's priorities",
        help_text="The business plan priority the action helps deliver: its page counts the action.",
    )

    def __init__(self, *args, board: Board, action: Action | None = None, **kwargs):
        self.current_owners = []
        if action is not None:
            rows = sorted(action.owner_rows.all(), key=lambda row: (row.position, row.pk))
            self.current_owners = [row.person for row in rows]
            kwargs.setdefault(
                "initial",
                {
                    "text": action.text,
                    "owners": [p.pk for p in self.current_owners],
                    "due": DUE_NEXT_MEETING if action.due_next_meeting else DUE_DATE if action.due_date else DUE_NONE,
                    "due_date": action.due_date,
                    "priority": action.priority_id,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["owners"].queryset = owner_choices(board, keep=self.current_owners)
        priorities = priority_choices(board)
        if priorities.exists():
            self.fields["priority"].queryset = priorities
        else:  # a board with no priorities is not asked
            del self.fields["priority"]

    def clean(self):
        data = super().clean()
        if data.get("due") == DUE_DATE and not data.get("due_date"):
            self.add_error("due_date", "Give the date it is due, or choose “by the next meeting” or “no date yet”.")
        return data

    def owners_in_order(self) -> list[Person]:
        """The owners ticked: those who already owned the action first, in their order, then the others."""
        chosen = list(self.cleaned_data["owners"])
        kept = [p for p in self.current_owners if p in chosen]
        return kept + [p for p in chosen if p not in kept]

    def due_kwargs(self) -> dict:
        due = self.cleaned_data["due"]
        return {
            "due_date": self.cleaned_data.get("due_date") if due == DUE_DATE else None,
            "due_next_meeting": due == DUE_NEXT_MEETING,
        }

    def priority_kwargs(self) -> dict:
        """The priority chosen, when the form asks (a board with no priorities leaves it as it is)."""
        return {"priority": self.cleaned_data.get("priority")} if "priority" in self.fields else {}


# Updates -------------------------------------------------------------------------------------------------


def meetings_closing(action: Action) -> QuerySet[Meeting]:
    """The board's meetings an action can have been closed at: from the day it was raised until today."""
    since = action.meeting.date if action.meeting_id else timezone.localdate(action.created_at)
    return (
        Meeting.objects.filter(board_id=action.board_id, date__gte=since, date__lte=clock.today())
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("date", "start_time")
    )


class MeetingField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.date:%-d %B %Y}"


class UpdateForm(PortalForm):
    """An update on an action: what has happened, and its status now (with a reason to defer or cancel).
    A coordinator may say at which meeting it was closed."""

    status = forms.ChoiceField(
        label="Status", choices=ActionStatus.choices, widget=forms.RadioSelect(attrs={"class": "btn-check"})
    )
    text = forms.CharField(
        label="What has happened",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For a completed action, how it was done.",
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=500,
        help_text="Needed when the action is deferred or cancelled.",
    )
    evidence = forms.FileField(
        label="Evidence (a file)",
        required=False,
        help_text=EVIDENCE_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": EVIDENCE_ACCEPT}),
    )

    def __init__(self, *args, action: Action, closing_meetings: bool = False, **kwargs):
        kwargs.setdefault("initial", {"status": action.status})
        super().__init__(*args, **kwargs)
        self.action = action
        if closing_meetings:
            self.fields["at_meeting"] = MeetingField(
                label="Closed at the meeting of",
                queryset=meetings_closing(action),
                required=False,
                empty_label="Not at a meeting",
                help_text="When the board closed it at a meeting: completed or cancelled there.",
            )

    def clean_evidence(self):
        return clean_evidence(self.cleaned_data.get("evidence"))

    def clean(self):
        data = super().clean()
        status = data.get("status")
        if status and status != self.action.status and status in STATUSES_WITH_REASON and not data.get("reason"):
            self.add_error("reason", f"Say why the action is {ActionStatus(status).label.lower()}.")
        if data.get("at_meeting") and status not in CLOSED_STATUSES:
            self.add_error("at_meeting", "Choose a meeting only when the action is completed or cancelled there.")
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        out = {
            "text": data.get("text", ""),
            "status": data["status"],
            "reason": data.get("reason", ""),
            "evidence": data.get("evidence") or None,
        }
        if "at_meeting" in self.fields:
            out["at_meeting"] = data.get("at_meeting")
        return out


# The RAG rating --------------------------------------------------------------------------------------------

AUTOMATIC = ""


class RagForm(PortalForm):
    rag = forms.ChoiceField(
        label="RAG rating",
        widget=forms.RadioSelect,
        choices=[
            (AUTOMATIC, "Worked out from its status and due date"),
            (Rag.RED, "Red"),
            (Rag.AMBER, "Amber"),
            (Rag.GREEN, "Green"),
        ],
        required=False,
    )
    reason = forms.CharField(
        label="Why it is set by hand",
        required=False,
        max_length=300,
        help_text="Needed for red, amber or green: e.g. “Extension agreed by the chair”.",
    )

    def clean(self):
        data = super().clean()
        if data.get("rag") and not data.get("reason", "").strip():
            self.add_error("reason", "Say why the rating is set by hand.")
        return data


# Reassigning ---------------------------------------------------------------------------------------------


class ReassignForm(PortalForm):
    from_person = PersonField(
        label="Whose actions", queryset=Person.objects.none(), empty_label="Choose a person", required=True
    )
    to_person = PersonField(
        label="Hand them to", queryset=Person.objects.none(), empty_label="Choose a person", required=True
    )

    def __init__(self, *args, board: Board, **kwargs):
        super().__init__(*args, **kwargs)
        owners = Action.objects.filter(board=board).exclude(status__in=CLOSED_STATUSES).values("owner_rows__person_id")
        self.fields["from_person"].queryset = (
            Person.objects.filter(pk__in=owners).select_related("organisation").order_by("last_name", "first_name")
        )
        self.fields["from_person"].help_text = "Whoever owns an open action on the board, including those who left."
        self.fields["to_person"].queryset = owner_choices(board)
        self.fields["to_person"].help_text = "Someone with a seat on the board today."

    def clean(self):
        data = super().clean()
        if data.get("from_person") and data.get("from_person") == data.get("to_person"):
            self.add_error("to_person", "Choose someone else to take the actions on.")
        return data


# Recommendations -------------------------------------------------------------------------------------------


class TargetFieldsMixin(forms.Form):
    """The target (a date, a month or "to be confirmed") and the responsible officer (someone on the board,
    or words), shared by the forms that enter and edit a recommendation. The service checks the rest."""

    target_kind = forms.ChoiceField(
        label="Target", choices=TargetKind.choices, widget=forms.RadioSelect, initial=TargetKind.TBC
    )
    target_date = forms.DateField(
        label="Target date", required=False, widget=DateInput(), help_text="For a month, any day in it."
    )
    officer = PersonField(
        label="Responsible officer",
        queryset=Person.objects.none(),
        required=False,
        empty_label="No one chosen",
        help_text="Someone on the committee, or type a name or post below. Both may stay blank for now.",
    )
    officer_text = forms.CharField(
        label="Responsible officer (not listed)",
        required=False,
        max_length=300,
        help_text="e.g. Director of Children's Services",
    )

    def clean(self):
        data = super().clean()
        if data.get("target_kind") in (TargetKind.DATE, TargetKind.MONTH) and not data.get("target_date"):
            self.add_error(
                "target_date", "Give the target date (for a month, any day in it), or choose “to be confirmed”."
            )
        if data.get("officer") and (data.get("officer_text") or "").strip():
            self.add_error("officer_text", "Choose someone from the list, or type a name, not both.")
        return data


class RecommendationForm(TargetFieldsMixin, PortalForm):
    """A recommendation entered directly: one made before the portal, or outside the minutes."""

    text = forms.CharField(label="Recommendation", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    made_on = forms.DateField(label="Date of recommendation", widget=DateInput())
    meeting = MeetingField(
        label="Made at the meeting of",
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="Not at a meeting in the portal",
    )
    addressee = forms.CharField(
        label="Addressed to",
        required=False,
        max_length=300,
        help_text="e.g. Cabinet Member for Children and Families, the Executive, a partner body.",
    )
    response_due = forms.DateField(
        label="Response due",
        required=False,
        widget=DateInput(),
        help_text="Leave blank for two months from the date of the recommendation.",
    )

    field_order = ["text", "made_on", "meeting", "addressee", "target_kind", "target_date", "officer", "officer_text"]

    def __init__(self, *args, board: Board, **kwargs):
        kwargs.setdefault("initial", {"made_on": clock.today()})
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = owner_choices(board)
        self.fields["meeting"].queryset = (
            Meeting.objects.filter(board=board, date__lte=clock.today())
            .exclude(status=MeetingStatus.CANCELLED)
            .order_by("-date", "start_time")
        )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "made_on": data["made_on"],
            "meeting": data.get("meeting"),
            "addressee": data.get("addressee", ""),
            "target_kind": data["target_kind"],
            "target_date": data.get("target_date") if data["target_kind"] != TargetKind.TBC else None,
            "officer": data.get("officer"),
            "officer_text": data.get("officer_text", ""),
            "response_due": data.get("response_due"),
        }


class RecommendationEditForm(TargetFieldsMixin, PortalForm):
    """The addressee, target, responsible officer and when the response is due."""

    prefix = "edit"

    addressee = forms.CharField(label="Addressed to", required=False, max_length=300)
    response_due = forms.DateField(label="Response due", widget=DateInput())

    field_order = ["addressee", "target_kind", "target_date", "officer", "officer_text", "response_due"]

    def __init__(self, *args, recommendation: TrackedRecommendation, **kwargs):
        row = recommendation
        kwargs.setdefault(
            "initial",
            {
                "addressee": row.addressee,
                "target_kind": row.target_kind,
                "target_date": row.target_date,
                "officer": row.officer_id,
                "officer_text": row.officer_text,
                "response_due": row.response_due,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = owner_choices(row.board, keep=[row.officer] if row.officer_id else [])

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "addressee": data.get("addressee", ""),
            "target_kind": data["target_kind"],
            "target_date": data.get("target_date") if data["target_kind"] != TargetKind.TBC else None,
            "officer": data.get("officer"),
            "officer_text": data.get("officer_text", ""),
            "response_due": data["response_due"],
        }


class RecommendationUpdateForm(PortalForm):
    """Progress, the addressee's response, or a change of status: a dated update."""

    prefix = "update"

    text = forms.CharField(
        label="What has happened",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown in the Update column of the monitoring table.",
    )
    status = forms.ChoiceField(label="Status", choices=RecommendationStatus.choices)
    response = forms.CharField(
        label="Response",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A summary of what the addressee said. Needed once a response is recorded.",
    )
    response_date = forms.DateField(
        label="Response received",
        required=False,
        widget=DateInput(),
        help_text="Leave blank for today when recording a response.",
    )

    def __init__(self, *args, recommendation: TrackedRecommendation, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "status": recommendation.status,
                "response": recommendation.response,
                "response_date": recommendation.response_date,
            },
        )
        super().__init__(*args, **kwargs)
        self.recommendation = recommendation

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data.get("text", ""),
            "status": data["status"],
            "response": data.get("response", ""),
            "response_date": data.get("response_date"),
        }
