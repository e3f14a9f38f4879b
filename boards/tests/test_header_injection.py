"""A line break in a board's short name must never reach an e-mail header."""

import datetime

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from boards.models import Board
from core.text import ONE_LINE_MESSAGE
from meetings import services

pytestmark = pytest.mark.django_db


def _board_post(board, **changes):
    data = {k: v for k, v in model_to_dict(board).items() if v is not None and k != "terms_of_reference"}
    data.update(changes)
    return data


def test_a_short_name_with_a_line_break_is_refused_and_nothing_saved(client, cast):
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("boards:board_edit", args=[cast.board.slug]),
        _board_post(cast.board, short_name="CPB\r\nBcc: x@evil.example", name="Renamed board"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["short_name"] == [ONE_LINE_MESSAGE]
    assert ONE_LINE_MESSAGE in response.content.decode()
    board = Board.objects.get(pk=cast.board.pk)
    assert (board.name, board.short_name) == (cast.board.name, "CPB")


def test_the_same_form_without_the_line_break_is_saved(client, cast):
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("boards:board_edit", args=[cast.board.slug]), _board_post(cast.board, short_name="CPB2")
    )
    assert response.status_code == 302
    assert Board.objects.get(pk=cast.board.pk).short_name == "CPB2"


def test_a_bad_short_name_already_stored_never_breaks_a_page_that_sends_mail(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    Board.objects.filter(pk=cast.board.pk).update(short_name="CPB\r\nBcc: x@evil.example")
    meeting = services.meeting_create(
        user=cast.coordinator, board=cast.board, date=datetime.date(2030, 3, 14), start_time=datetime.time(14)
    )
    client.force_login(cast.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetings:agenda_publish", args=[meeting.pk]))
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject == "Agenda published: CPB Bcc: x@evil.example, 14 March 2030"
    assert "x@evil.example" not in message.bcc
    assert "\n" not in message.message()["Subject"]
