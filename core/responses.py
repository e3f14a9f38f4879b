"""Serving stored PDFs (papers, packs) to people already checked to be allowed them."""

from django.http import FileResponse, Http404


def inline_pdf(fieldfile, *, filename: str, missing: str) -> FileResponse:
    """The file shown in the browser's PDF viewer, never cached by shared caches."""
    try:
        handle = fieldfile.open("rb")
    except FileNotFoundError as exc:
        raise Http404(missing) from exc
    response = FileResponse(handle, content_type="application/pdf", filename=filename)
    response["Content-Disposition"] = response["Content-Disposition"].replace("attachment", "inline", 1)
    response["Cache-Control"] = "private, no-store"
    return response
