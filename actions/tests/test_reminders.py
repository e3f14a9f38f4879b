"""Reminders to owners (once per window, safe to run twice), the coordinators' weekly digest, and the
signed update link (expires, refuses an altered token, stops when the person no longer owns the action)."""

from __future__ import annotations

import datetime

import pytest
from django.core import signing

from actions import services
from actions.links import BadLink, read_token, update_token
from actions.models import ReminderSent
from actions.reminders import digests_send, reminders_run, reminders_send
from boards.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def due(cast):
    owner = cast.member.person
    owner.email = "owner@example.org"
    owner.save()
    soon = services.action_create(
        user=cast.coordinator,
        board=cast.board,
        text="Send the learning brief.",
        owners=[owner],
        due_date=TODAY + datetime.timedelta(days=3),
    )
    late = services.action_create(
        user=cast.coordinator,
        board=cast.board,
        text="Circulate the strategy.",
        owners=[owner],
        due_date=TODAY - datetime.timedelta(days=2),
    )
    far = services.action_create(
        user=cast.coordinator,
        board=cast.board,
        text="Plan next year.",
        owners=[owner],
        due_date=TODAY + datetime.timedelta(days=90),
    )
    return soon, late, far


def test_reminders_go_once_per_window(due, mailoutbox, django_capture_on_commit_callbacks):
    soon, late, _far = due
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today=TODAY) == 2
    subjects = sorted(m.subject for m in mailoutbox)
    assert subjects[0].startswith(f"Action {soon.reference} due") and subjects[1].startswith(
        f"Overdue action {late.reference}"
    )
    assert all(m.to == ["owner@example.org"] for m in mailoutbox)
    assert "/actions/link/" in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today=TODAY) == 0  # the same day again: nothing
        assert reminders_send(today=TODAY + datetime.timedelta(days=1)) == 0  # same windows
    assert len(mailoutbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today=TODAY + datetime.timedelta(days=7)) == 2  # a week on: both overdue, new week
    assert ReminderSent.objects.filter(action=late).count() == 2


def test_the_digest_goes_to_coordinators_weekly(cast, due, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send(today=TODAY) == 1
        assert digests_send(today=TODAY + datetime.timedelta(days=1)) == 0
    [mail] = mailoutbox
    assert mail.to == [cast.coordinator.email] and "Overdue (1)" in mail.body
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_run(today=TODAY + datetime.timedelta(days=7)).digests == 1


def test_the_update_link_names_one_action_and_owner(cast, due, settings):
    soon = due[0]
    token = update_token(soon, cast.member.person)
    holder = read_token(token)
    assert holder.action == soon and holder.person == cast.member.person
    with pytest.raises(BadLink, match="changed on the way"):
        read_token(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    forged = signing.dumps({"a": soon.pk, "p": cast.member.person.pk}, salt="something-else")
    with pytest.raises(BadLink):
        read_token(forged)
    other = PersonFactory()
    services.actions_reassign(user=cast.coordinator, board=cast.board, from_person=cast.member.person, to_person=other)
    with pytest.raises(BadLink, match="no longer own"):
        read_token(token)


def test_an_expired_link_says_so(cast, due, monkeypatch):
    import time

    token = update_token(due[0], cast.member.person)
    later = time.time() + 22 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    with pytest.raises(BadLink, match="expired"):
        read_token(token)
