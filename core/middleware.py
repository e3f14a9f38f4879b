"""Middleware of the whole site: a Content Security Policy header (no inline scripts, no third-party
origins), and an id for every request that its log lines and its response carry."""

from django.core.signals import request_finished
from django.utils.functional import SimpleLazyObject, empty

from .logging import request_id_var, sane_request_id, user_id_var

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # The admin site ships its own inline styles; every page of the portal itself is covered.
        if not request.path.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", POLICY)
        return response


class RequestIdMiddleware:
    """Gives every request an id, for the log lines written while it is handled and in the ``X-Request-ID``
    response header (a person reporting a problem can quote it). A proxy's ``X-Request-ID`` is kept when it
    is a sane short token, so the proxy's log and the portal's agree; anything else is replaced.

    The ids are cleared when the response has been sent (``request_finished``), so that Django's own line
    for an error response ("Not Found: ...", written after the middleware returns) still carries it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = sane_request_id(request.headers.get("X-Request-ID"))
        request.request_id = request_id
        request_id_var.set(request_id)
        user_id_var.set(None)
        response = self.get_response(request)
        response.headers["X-Request-ID"] = request_id
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Who is asking, once the other middleware has looked (never looked up here just for the log).
        user = getattr(request, "user", None)
        if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
            return None
        if user is not None and user.is_authenticated:
            user_id_var.set(user.pk)
        return None


def _forget_request(**kwargs) -> None:
    request_id_var.set(None)
    user_id_var.set(None)


request_finished.connect(_forget_request, dispatch_uid="core.middleware.forget_request")
