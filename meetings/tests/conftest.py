"""Bridge while the meetings services still default ``user=None``.

``boards.permissions.require_permission`` now refuses ``None`` (no one named as acting). The meetings and
packs services are being changed in parallel and keep their signatures for now, and many tests here call
them without a user, meaning "the system". For these tests only, a missing actor is read as ``SYSTEM``, as
it was read before; calls that name a user are checked exactly as in production. Remove this file once the
meetings services take a required actor and these tests pass ``user=SYSTEM``.
"""

import pytest

from boards import permissions


@pytest.fixture(autouse=True)
def _no_actor_means_system_in_meetings_tests(monkeypatch):
    def require_permission(user, perm, obj=None):
        permissions.require_permission(permissions.SYSTEM if user is None else user, perm, obj)

    import meetings.packs.services
    import meetings.scheduling
    import meetings.services

    for module in (meetings.services, meetings.scheduling, meetings.packs.services):
        monkeypatch.setattr(module, "require_permission", require_permission)
