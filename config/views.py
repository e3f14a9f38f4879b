"""Error pages that say what happened and offer a way back."""

from django.http import Http404
from django.shortcuts import render
from django.urls import Resolver404


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    # A view's own explanation ("This pack has not been issued yet.") is worth showing. A URL that matched
    # nothing has none, and get_object_or_404's "No Meeting matches the given query." says nothing to a clerk.
    message = exception.args[0] if isinstance(exception, Http404) and exception.args else None
    shown = isinstance(message, str) and not isinstance(exception, Resolver404) and not message.startswith("No ")
    return render(request, "404.html", {"reason": message if shown else ""}, status=404)
