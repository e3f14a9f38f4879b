"""A site administrator creates a board from the portal and names its first coordinator."""

import pytest
from django.core import mail
from django.urls import reverse

from boards.enums import BoardKind, Role
from boards.models import Board, Invitation, Membership, Person
from boards.tests.factories import PersonFactory

FIELDS = {
    "name": "Children's Services Scrutiny Committee",
    "short_name": "CSSC",
    "kind": BoardKind.COUNCIL_COMMITTEE,
    "notice_days": "5",
    "numbering_style": "letters",
    "duplex": "on",
}


def _post(client, data, capture):
    with capture(execute=True):
        return client.post(reverse("boards:board_create"), data)


def test_a_new_board_with_a_new_coordinator_who_is_invited(client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.superuser)
    page = client.get(reverse("boards:board_create")).content.decode()
    assert "Its first coordinator" in page and "Council committee" in page
    response = _post(
        client,
        {
            **FIELDS,
            "coordinator_first_name": "Priya",
            "coordinator_last_name": "Shah",
            "coordinator_job_title": "Democratic Services Officer",
            "coordinator_email": "Priya.Shah@example.gov.uk",
            "invite_coordinator": "on",
        },
        django_capture_on_commit_callbacks,
    )
    board = Board.objects.get(short_name="CSSC")
    assert response.status_code == 302 and response.url == board.get_absolute_url()
    assert board.kind == BoardKind.COUNCIL_COMMITTEE
    seat = Membership.objects.get(board=board)
    assert (seat.person.full_name, seat.role, seat.voting) == ("Priya Shah", Role.COORDINATOR, False)
    assert seat.person.email == "priya.shah@example.gov.uk"
    assert Invitation.objects.get().person == seat.person
    assert mail.outbox[-1].to == ["priya.shah@example.gov.uk"]
    assert board.agenda_template.exists()  # the standing items for its kind


def test_an_existing_person_found_by_exact_search(client, cast, django_capture_on_commit_callbacks):
    person = PersonFactory(first_name="Aidan", last_name="Kelly", email="aidan.kelly@example.org")
    client.force_login(cast.superuser)
    found = client.get(reverse("boards:board_create"), {**FIELDS, "coordinator_search": "Aidan Kelly"})
    assert f'value="{person.pk}"' in found.content.decode()
    assert FIELDS["name"].replace("'", "&#x27;") in found.content.decode()  # what was typed is kept
    _post(
        client,
        {**FIELDS, "coordinator_search": "Aidan Kelly", "coordinator": person.pk},  # invitation unticked
        django_capture_on_commit_callbacks,
    )
    board = Board.objects.get(short_name="CSSC")
    assert Membership.objects.get(board=board).person == person
    assert not Invitation.objects.exists() and mail.outbox == []


def test_a_coordinator_must_be_named_and_nothing_is_saved_without(client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.superuser)
    people = Person.objects.count()
    response = _post(client, FIELDS, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "Name the board&#x27;s first coordinator" in response.content.decode()
    response = _post(
        client,
        {**FIELDS, "coordinator_last_name": "Shah", "invite_coordinator": "on"},
        django_capture_on_commit_callbacks,
    )
    assert "An invitation needs their e-mail address." in response.content.decode()
    assert not Board.objects.filter(short_name="CSSC").exists()
    assert Person.objects.count() == people
    assert mail.outbox == []


def test_a_person_posted_without_being_found_is_refused(client, cast, django_capture_on_commit_callbacks):
    hidden = PersonFactory(first_name="Ola", last_name="Nowak")
    client.force_login(cast.superuser)
    response = _post(client, {**FIELDS, "coordinator": hidden.pk}, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert not Board.objects.filter(short_name="CSSC").exists()


@pytest.mark.parametrize("who", ["coordinator", "chair", "member", "outsider"])
def test_only_site_administrators_create_boards(client, cast, who):
    client.force_login(cast.user(who))
    assert client.post(reverse("boards:board_create"), {**FIELDS, "coordinator_last_name": "X"}).status_code == 403
    assert not Board.objects.filter(short_name="CSSC").exists()
