"""Serving stored PDFs (papers, packs) to people already checked to be allowed them."""

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.utils.http import content_disposition_header

NO_STORE = "private, no-store"


def inline_pdf(fieldfile, *, filename: str, missing: str) -> FileResponse | HttpResponseRedirect:
    """The file shown in the browser's PDF viewer, never cached by shared caches.

    Streamed from the file store in chunks; or, when the store signs URLs (S3) and
    ``STORAGE_SIGNED_URL_SECONDS`` is set, a redirect to a URL that works for that many seconds and makes
    the store send the same headers.  Call it only after the permission check: the URL is the permission.
    """
    disposition = content_disposition_header(as_attachment=False, filename=filename)
    storage = fieldfile.storage
    seconds = settings.STORAGE_SIGNED_URL_SECONDS
    if seconds and getattr(storage, "querystring_auth", False):
        if not fieldfile.name or not storage.exists(fieldfile.name):
            raise Http404(missing)
        url = storage.url(
            fieldfile.name,
            parameters={
                "ResponseContentType": "application/pdf",
                "ResponseContentDisposition": disposition,
                "ResponseCacheControl": NO_STORE,
            },
            expire=seconds,
        )
        response = HttpResponseRedirect(url)
        response["Cache-Control"] = NO_STORE
        return response
    try:
        handle = fieldfile.open("rb")
    except FileNotFoundError as exc:
        raise Http404(missing) from exc
    response = FileResponse(handle, content_type="application/pdf", filename=filename)
    response["Content-Disposition"] = disposition
    response["Cache-Control"] = NO_STORE
    return response
