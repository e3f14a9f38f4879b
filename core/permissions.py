"""One permission check for every service: raise when the actor lacks the permission.

Every service names who is acting. A person acts as their ``User``; the system itself (a management
command, a Celery task, the demo loader) acts as :data:`SYSTEM`, by name, so that "no user" can never
mean "no checks": ``require_permission(None, ...)`` refuses.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


class SystemActor:
    """The portal acting on its own behalf. Allowed everything; never a login, never a person."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_superuser = False
    is_staff = False
    pk = None
    person_id = None

    def __init__(self, name: str) -> None:
        self.name = name

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<SystemActor {self.name}>"

    def has_perm(self, perm: str, obj=None) -> bool:
        return True


#: The actor for management commands, Celery tasks and the demo loader.
SYSTEM = SystemActor("system (demo loader, commands, tasks)")


def require_permission(user, perm: str, obj=None) -> None:
    if user is None:
        raise PermissionDenied("No one was named as acting; pass the user, or SYSTEM for the portal itself.")
    if not user.has_perm(perm, obj):
        raise PermissionDenied("You do not have permission to do that.")
