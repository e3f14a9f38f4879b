"""Two people acting at the same moment: the row locks hold. Locks prove nothing on SQLite (it serialises
every write), so these run on PostgreSQL only: the second pass of ``.ci/run``."""

import threading

import pytest
from django.core import mail
from django.db import connection

from core.permissions import SYSTEM
from meetings import services
from meetings.models import Meeting, PackBuild
from meetings.packs import services as pack_services
from meetings.tests.factories import meeting_with_papers

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="locks are proved on PostgreSQL only"),
]


def at_once(count: int, action) -> list:
    """Run ``action`` in ``count`` threads released together; each thread has its own connection."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = action()
        except Exception as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_two_build_requests_at_once_start_one_build(cast, monkeypatch):
    meeting = meeting_with_papers(cast.board)
    from meetings import tasks

    monkeypatch.setattr(tasks.build_pack_task, "delay", lambda *a, **k: None)  # queued, never run here
    results = at_once(
        3, lambda: pack_services.pack_request_build(user=cast.coordinator, meeting=meeting, edition="members").pk
    )
    assert all(isinstance(r, int) for r in results), results
    assert len(set(results)) == 1
    assert PackBuild.objects.filter(meeting=meeting, edition="members").count() == 1


def test_two_coordinators_publishing_at_once_send_one_agenda(cast, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    meeting = meeting_with_papers(cast.board)
    mail.outbox = []

    def publish():
        return services.agenda_publish(user=SYSTEM, meeting=Meeting.objects.get(pk=meeting.pk))

    results = at_once(2, publish)
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1 and "Members already have the current agenda" in str(refused[0])
    assert [m.subject for m in mail.outbox].count(mail.outbox[0].subject) == 1


def test_two_edits_from_the_same_page_apply_once(cast):
    """Both saw version v: the first applies, the second is refused, whatever the timing."""
    meeting = meeting_with_papers(cast.board)
    version = Meeting.objects.get(pk=meeting.pk).agenda_version

    def add(title):
        return lambda: services.agenda_item_add(
            user=SYSTEM, meeting=Meeting.objects.get(pk=meeting.pk), title=title, expected_version=version
        )

    titles = iter(["First", "Second"])
    lock = threading.Lock()

    def one():
        with lock:
            title = next(titles)
        return add(title)()

    out = at_once(2, one)
    assert sum(isinstance(r, services.AgendaConflict) for r in out) == 1
    assert meeting.items.filter(title__in=["First", "Second"]).count() == 1
