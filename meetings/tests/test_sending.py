"""Publishing an agenda says first what members will be sent, who receives it, and who will not be told."""

import pytest
from django.core import mail
from django.urls import reverse

from boards.enums import Role
from boards.tests.factories import MembershipFactory, PersonFactory
from meetings.tests.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(cast):
    meeting = MeetingFactory(board=cast.board)
    AgendaItemFactory(meeting=meeting, title="Neglect strategy")
    return meeting


@pytest.fixture
def unreachable(cast):
    """Two members with no e-mail address and no login, and an observer who has one."""
    people = [
        MembershipFactory(board=cast.board, person=PersonFactory(first_name=first, last_name=last, email="")).person
        for first, last in (("Rita", "Postlethwaite"), ("Sam", "Oyelaran"))
    ]
    MembershipFactory(board=cast.board, role=Role.OBSERVER, person=PersonFactory(email="observer@example.org"))
    return people


def test_the_publish_preview_says_who_will_not_be_told_and_sends_nothing(client, cast, meeting, unreachable):
    client.force_login(cast.coordinator)
    page = client.get(reverse("meetings:agenda_publish", args=[meeting.pk])).content.decode()
    assert "4 of 6 members have an e-mail address; these 2 will not be told" in page
    assert "will not be told: Sam Oyelaran, Rita Postlethwaite." in page
    assert f"Agenda published: CPB, {meeting.date.day} {meeting.date:%B %Y}" in page
    assert "observer@example.org" in page  # the agenda goes to observers too
    assert 'name="csrfmiddlewaretoken"' in page and "Publish the agenda to members" in page
    meeting.refresh_from_db()
    assert meeting.agenda_published_at is None and mail.outbox == []


def test_publishing_says_how_many_were_not_told(client, cast, meeting, unreachable, django_capture_on_commit_callbacks):
    client.force_login(cast.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetings:agenda_publish", args=[meeting.pk]), follow=True)
    assert "2 without an e-mail address were not told: post them the printed list." in response.content.decode()
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].bcc) == sorted(
        [cast.coordinator.email, cast.chair.email, cast.member.email, "observer@example.org"]
    )


def test_the_posting_list_prints_those_without_an_address(client, cast, meeting, unreachable):
    url = reverse("meetings:posting_list", args=[meeting.pk])
    client.force_login(cast.coordinator)
    page = client.get(url).content.decode()
    assert "Rita Postlethwaite" in page and "Sam Oyelaran" in page
    assert cast.member.person.last_name not in page
    for who in ("member", "chair", "other_coordinator"):
        client.force_login(cast.user(who))
        assert client.get(url).status_code == 403


def test_the_preview_of_changes_lists_the_revisions_and_renumbering_and_stores_nothing(
    client, cast, meeting, django_capture_on_commit_callbacks
):
    from core.permissions import SYSTEM
    from meetings import services

    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_publish(user=SYSTEM, meeting=meeting)
    first = meeting.items.get()
    added = AgendaItemFactory(meeting=meeting, title="Early help update", position=first.position - 1)
    meeting.refresh_from_db()
    meeting.agenda_revision += 1
    meeting.save(update_fields=["agenda_revision"])
    client.force_login(cast.coordinator)
    page = client.get(reverse("meetings:agenda_publish", args=[meeting.pk])).content.decode()
    assert "Send the agenda&#x27;s changes" in page or "Send the agenda's changes" in page
    assert "Item 1 is now item 2: Neglect strategy" in page
    first.refresh_from_db()
    added.refresh_from_db()
    assert first.published_number == "1" and added.published_number == ""  # nothing stored by a preview
