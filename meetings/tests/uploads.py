"""Adding papers through the two upload pages, as a browser would: choose files, then confirm each one's kind
and title.

    step2 = choose_files(client, item, [("plan.pdf", pdf_bytes(2))], author="Jo Bloggs")
    done = confirm(client, step2, {0: {"title": "Youth Justice Plan", "kind": "report"}})
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

FIELDS = ("token", "add", "kind", "title", "author", "author_organisation")


def upload_url(item) -> str:
    return reverse("meetings:paper_upload", args=[item.meeting_id, item.pk])


def choose_files(client, item, files: list[tuple[str, bytes]], **fields):
    """Step 1: send the files (and the author fields) in one POST; returns the response (step 2's page)."""
    data = {"files": [SimpleUploadedFile(name, content) for name, content in files], **fields}
    return client.post(upload_url(item), data)


def confirm_data(step2, changes: dict[int, dict] | None = None, *, version: int | None = None) -> dict:
    """The POST data of step 2's form as the page shows it, with ``changes`` per file (by its place on the
    page): ``{1: {"kind": "appendix", "title": "Map"}, 3: {"add": False}}``."""
    formset = step2.context["formset"]
    prefix = formset.prefix
    data = {
        f"{prefix}-TOTAL_FORMS": str(formset.total_form_count()),
        f"{prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
        "agenda_version": str(step2.context["meeting"].agenda_version if version is None else version),
    }
    for index, form in enumerate(formset.forms):
        values = {name: form[name].value() for name in FIELDS}
        values.update((changes or {}).get(index, {}))
        for name, value in values.items():
            if name == "add":
                if value:
                    data[f"{prefix}-{index}-add"] = "on"
            else:
                data[f"{prefix}-{index}-{name}"] = value or ""
    return data


def confirm(client, step2, changes: dict[int, dict] | None = None, **kwargs):
    """Step 2: send the page's form back with ``changes``; returns the response."""
    item = step2.context["item"]
    url = reverse("meetings:paper_upload_confirm", args=[item.meeting_id, item.pk])
    return client.post(url, confirm_data(step2, changes), **kwargs)
