"""The upload form, and the choices a coordinator makes on a preview before confirming it."""

from __future__ import annotations

from django import forms
from django.conf import settings

from core.forms import PortalForm

from .matching import MATCH, ImportPreview
from .services import NEW_PERSON

ACCEPT = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class MemberImportForm(PortalForm):
    file = forms.FileField(
        label="Member list",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"A CSV file or an Excel workbook (.xlsx), up to {settings.MEMBER_IMPORT_MAX_MB} MB and "
            f"{settings.MEMBER_IMPORT_MAX_ROWS:,} rows. Only a workbook's first sheet is read, and formulas are "
            "not worked out: type values."
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.MEMBER_IMPORT_MAX_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(
                f"“{upload.name}” is larger than {limit} MB, the most the portal accepts for a list. Save only "
                "the sheet with the list, as CSV, and upload that."
            )
        return upload


def candidate_label(candidate) -> str:
    card = candidate.card
    text = f"The same person: {card}"
    if card.organisation is not None:
        text += f", {card.organisation.name}"
    if candidate.seats:
        text += f" (on this board as {', '.join(candidate.seats)})"
    return text


def organisation_label(new) -> str:
    rows = ", ".join(str(n) for n in new.rows)
    return f"Create “{new.name}” (row{'s' if len(new.rows) > 1 else ''} {rows})"


class MemberImportConfirmForm(PortalForm):
    """One question for each row that may be someone already in the directory, and the new organisations
    to create. ``version`` is the preview's as the coordinator saw it."""

    version = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, preview: ImportPreview, **kwargs):
        kwargs.setdefault("initial", {})["version"] = preview.version
        super().__init__(*args, **kwargs)
        self.preview = preview
        for row in preview.rows:
            if row.outcome != MATCH:
                continue
            how = "e-mail address" if row.matched_by == "email" else "name"
            self.fields[row.field_name] = forms.ChoiceField(
                label=f"Row {row.number}: is {row.name} someone already in the directory? (matched by {how})",
                choices=[(str(c.pk), candidate_label(c)) for c in row.candidates]
                + [(NEW_PERSON, "No: add a new person")],
                widget=forms.RadioSelect,
                initial=str(row.suggested) if row.suggested else None,
                error_messages={"required": f"Say whether row {row.number} is someone already in the directory."},
            )
        if preview.new_organisations:
            self.fields["organisations"] = forms.MultipleChoiceField(
                label="Create these organisations",
                choices=[(o.key, organisation_label(o)) for o in preview.new_organisations],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                initial=[o.key for o in preview.new_organisations],
                help_text="Untick a name you meant as an organisation already in the directory: its rows are left "
                "out, and you can correct the name in your file and import it again.",
            )

    def choices(self) -> dict:
        data = self.cleaned_data
        return {
            "people": {row.number: data[row.field_name] for row in self.preview.rows if row.field_name in data},
            "organisations": list(data.get("organisations") or []),
        }
