"""A person who leaves may ask to be forgotten: a site administrator erases their personal data."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from boards import services
from boards.models import Person, User
from boards.tests.factories import PersonFactory, UserFactory
from core.models import ActivityLog
from core.permissions import SYSTEM
from meetings.models import CalendarFeed

pytestmark = pytest.mark.django_db

EMAIL, PHONE, NEW_EMAIL = "leaving.officer@example.org", "01257 515151", "leaving.new@example.org"


def _database_text() -> str:
    """Everything the database holds, withdrawn and historical rows included, as text."""
    out = io.StringIO()
    call_command("dumpdata", "--all", "--natural-foreign", stdout=out)
    return out.getvalue()


@pytest.fixture
def leaver(cast):
    """A member with a login, whose details were changed (so the history and the log hold them)."""
    user = UserFactory(email=EMAIL, person__email=EMAIL, person__last_name="Leaver", person__first_name="Lee")
    person = user.person
    services.membership_add(user=cast.coordinator, board=cast.board, person=person)
    services.person_save(
        user=SYSTEM,
        person=person,
        first_name="Lee",
        last_name="Leaver",
        job_title="Head of Early Help",
        phone=PHONE,
        email=EMAIL,
        organisation=person.organisation,
    )
    CalendarFeed.objects.create(person=person)
    return person


def test_an_erased_persons_email_and_phone_are_nowhere_in_the_database(cast, leaver):
    assert EMAIL in _database_text() and PHONE in _database_text()
    services.person_erase(user=cast.superuser, person=leaver)
    text = _database_text()
    assert EMAIL not in text
    assert PHONE not in text
    assert "Head of Early Help" not in text
    leaver.refresh_from_db()
    assert leaver.last_name == "Leaver"  # they sat on a board: the published record keeps their name
    login = User.objects.get(person=leaver)
    assert not login.is_active and not login.has_usable_password()
    assert not CalendarFeed.objects.filter(person=leaver).exists()
    erased = ActivityLog.objects.for_object(leaver).get(action="boards.person.erased")
    assert erased.actor == cast.superuser and erased.data == {"name_kept": True}


def test_an_earlier_address_changed_by_the_owner_is_erased_too(cast, leaver, client):
    login = User.objects.get(person=leaver)
    token = services.email_change_token(user=login, email=NEW_EMAIL)
    services.email_change_confirm(user=login, token=token)
    services.person_erase(user=cast.superuser, person=leaver)
    text = _database_text()
    assert EMAIL not in text and NEW_EMAIL not in text


def test_a_name_in_no_published_record_is_replaced(cast):
    person = PersonFactory(first_name="Pat", last_name="Passerby", email="pat@example.org")
    services.person_erase(user=cast.superuser, person=person)
    person.refresh_from_db()
    assert (person.first_name, person.last_name, person.email) == ("", services.ERASED_NAME, "")
    assert "Passerby" not in _database_text()


def test_a_guest_in_a_meetings_register_keeps_their_name_there(cast):
    import datetime

    from meetings.services import attendance_add, meeting_create

    guest = PersonFactory(first_name="Amanda", last_name="Gibbons", email="amanda@example.org", job_title="PC")
    meeting = meeting_create(
        user=SYSTEM, board=cast.board, date=datetime.date(2016, 12, 14), start_time=datetime.time(14)
    )
    attendance_add(user=SYSTEM, meeting=meeting, person=guest, role="Prevent Officer")
    services.person_erase(user=cast.superuser, person=guest)
    guest.refresh_from_db()
    assert (guest.last_name, guest.email, guest.job_title) == ("Gibbons", "", "")
    assert guest.attendance.get().role == "Prevent Officer"  # as the minutes record it


@pytest.mark.parametrize("role", ["member", "chair", "coordinator", "other_coordinator", "outsider"])
def test_only_a_site_administrator_erases(client, cast, leaver, role):
    client.force_login(cast.user(role))
    url = reverse("boards:person_erase", args=[leaver.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert Person.objects.get(pk=leaver.pk).email == EMAIL


def test_the_administrator_confirms_then_erases(client, cast, leaver):
    client.force_login(cast.superuser)
    url = reverse("boards:person_erase", args=[leaver.pk])
    page = client.get(url).content.decode()
    assert "cannot be undone" in page and "Their name stays" in page
    assert client.post(url).status_code == 302
    assert Person.objects.get(pk=leaver.pk).email == ""
