"""One permission check for every service: raise when a given user lacks the permission.

Services take ``user=None`` when called by the system itself (a management command, a Celery task,
the demo loader); with a user, they refuse what that user may not do, whichever door the call came
through.
"""

from django.core.exceptions import PermissionDenied


def require_permission(user, perm: str, obj=None) -> None:
    if user is not None and not user.has_perm(perm, obj):
        raise PermissionDenied("You do not have permission to do that.")
