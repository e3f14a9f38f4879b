"""Every e-mail goes through one Celery task that retries, so a page never fails because mail did.

The mail server is the boundary replaced here (a backend that fails a set number of times); the task runs
in-process as it does without a broker, and the broker-down test points Celery at a port nothing listens on.
"""

import ast
import datetime
import logging
import smtplib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse

from core.tasks import send_mail_task
from meetings import services
from testsupport.tasks import broker_at

pytestmark = pytest.mark.django_db


class FlakyBackend(EmailBackend):
    """The test outbox behind a mail server that refuses the first ``failures`` attempts."""

    failures = 0
    attempts = 0

    def send_messages(self, messages):
        FlakyBackend.attempts += 1
        if FlakyBackend.attempts <= FlakyBackend.failures:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def flaky_mail(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.attempts = 0

    def fail(times: int) -> type[FlakyBackend]:
        FlakyBackend.failures = times
        return FlakyBackend

    return fail


@pytest.fixture
def meeting(cast):
    return services.meeting_create(
        user=cast.coordinator, board=cast.board, date=datetime.date(2030, 3, 14), start_time=datetime.time(14)
    )


def publish(client, cast, meeting, capture):
    client.force_login(cast.coordinator)
    with capture(execute=True):
        return client.post(reverse("meetings:agenda_publish", args=[meeting.pk]))


def test_the_page_succeeds_while_the_mail_server_fails_and_the_mail_goes_on_a_retry(
    client, cast, meeting, flaky_mail, mailoutbox, django_capture_on_commit_callbacks
):
    backend = flaky_mail(2)
    response = publish(client, cast, meeting, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert backend.attempts == 3
    assert [m.subject for m in mailoutbox] == ["Agenda published: CPB, 14 March 2030"]
    assert set(mailoutbox[0].bcc) == {"coordinator@example.org", "chair@example.org", "member@example.org"}


def test_a_mail_server_down_for_good_is_logged_and_the_change_is_kept(
    client, cast, meeting, flaky_mail, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    backend = flaky_mail(100)
    with caplog.at_level(logging.ERROR, logger="core.mail"):
        response = publish(client, cast, meeting, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert backend.attempts == 1 + 5  # the first try and five retries
    assert mailoutbox == []
    meeting.refresh_from_db()
    assert meeting.agenda_published_at is not None
    assert "Agenda published: CPB, 14 March 2030" in caplog.text


@pytest.fixture
def broker_down():
    """Celery with a real broker address that nothing answers (port 9, "discard")."""
    with broker_at("redis://127.0.0.1:9/0") as app:
        yield app


def test_the_page_succeeds_with_the_broker_down_and_the_error_is_logged(
    client, cast, meeting, broker_down, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    with caplog.at_level(logging.ERROR, logger="core.mail"):
        response = publish(client, cast, meeting, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert mailoutbox == []
    assert "Agenda published: CPB, 14 March 2030" in caplog.text
    meeting.refresh_from_db()
    assert meeting.agenda_published_at is not None


def test_the_task_retries_only_mail_server_and_connection_errors_with_backoff():
    assert issubclass(smtplib.SMTPException, send_mail_task.autoretry_for)
    assert issubclass(ConnectionRefusedError, send_mail_task.autoretry_for)
    assert not issubclass(ValueError, send_mail_task.autoretry_for)
    assert send_mail_task.retry_kwargs["max_retries"] == 5
    assert send_mail_task.retry_backoff and send_mail_task.retry_backoff_max >= 300


def test_the_task_puts_the_subject_on_one_line(mailoutbox):
    send_mail_task.delay(subject="Hello\r\nBcc: x@evil.example", body="Body", to=["a@example.org"])
    assert mailoutbox[0].subject == "Hello Bcc: x@evil.example"
    assert mailoutbox[0].bcc == []


def test_nothing_but_the_mail_task_sends_mail():
    """No module of the portal outside ``core/tasks.py`` imports Django's mail API to send with it."""
    senders = []
    root = Path(settings.BASE_DIR)
    for app in ("boards", "meetings", "actions", "performance", "core", "config"):
        for path in (root / app).rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts or path == root / "core" / "tasks.py":
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("django.core.mail"):
                    senders.append(str(path.relative_to(root)))
    assert senders == []
