"""What every form of the portal shares."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError

from .text import validate_one_line


def is_one_line_field(field: forms.Field) -> bool:
    """A text field drawn as one line: any ``CharField`` (e-mail, URL, search...) that is not a text area."""
    return isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea)


class OneLineFieldsMixin:
    """One-line text fields refuse line breaks and control characters, with one message.

    The value is checked as it was sent, before a field tidies it (a URL field drops line breaks silently),
    and for fields added after ``__init__`` too (the item form's uploader search).
    """

    def full_clean(self):
        super().full_clean()
        if not self.is_bound:
            return
        for name, field in self.fields.items():
            if field.disabled or not is_one_line_field(field):
                continue
            try:
                validate_one_line(self[name].data)
            except ValidationError as error:
                if error.messages[0] not in self._errors.get(name, []):
                    self.add_error(name, error)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PortalForm(OneLineFieldsMixin, forms.Form):
    """A plain form rendered by crispy; the template supplies the <form> tag and buttons.

    Its one-line text fields refuse line breaks and control characters (:class:`core.forms.OneLineFieldsMixin`).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class PortalModelForm(OneLineFieldsMixin, forms.ModelForm):
    """A model form rendered by crispy, with the same one-line rule as :class:`PortalForm`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
