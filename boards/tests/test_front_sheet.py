"""The wording of a board's front sheet: defaults per kind of body, edited on the board's settings page."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from boards import services
from boards.enums import BoardKind
from boards.models import Board
from core.permissions import SYSTEM

pytestmark = pytest.mark.django_db

WORDING = (
    "front_sheet_authority",
    "front_sheet_notice",
    "front_sheet_signatory",
    "front_sheet_signatory_title",
    "front_sheet_enquiries",
)


def wording(board: Board) -> tuple[str, ...]:
    board.refresh_from_db()
    return tuple(getattr(board, name) for name in WORDING)


def test_a_new_council_committee_starts_with_the_councils_wording():
    board = services.board_create(
        user=SYSTEM,
        name="Children's Services Scrutiny Committee",
        kind=BoardKind.COUNCIL_COMMITTEE,
        front_sheet_authority="Lancashire County Council",
    )
    assert board.is_council_body
    assert wording(board) == (
        "Lancashire County Council",
        "Notice of Meeting",
        "",
        "Head of Democratic Services",
        "",
    )


def test_what_the_clerk_types_is_kept_over_the_default():
    board = services.board_create(
        user=SYSTEM,
        name="Health Scrutiny Committee",
        kind=BoardKind.SCRUTINY_COMMITTEE,
        front_sheet_notice="You are summoned to attend a meeting of the committee",
        front_sheet_signatory="Josh Mynott",
        front_sheet_signatory_title="Democratic Services Manager",
    )
    assert wording(board)[1:4] == (
        "You are summoned to attend a meeting of the committee",
        "Josh Mynott",
        "Democratic Services Manager",
    )


def test_a_partnership_board_keeps_a_front_sheet_without_council_wording():
    board = services.board_create(user=SYSTEM, name="Children's Partnership Board", short_name="CPB")
    assert not board.is_council_body
    assert wording(board) == ("", "", "", "", "")


def test_a_board_that_becomes_a_council_committee_gets_the_defaults_it_left_blank():
    board = services.board_create(user=SYSTEM, name="Corporate Parenting Panel", kind=BoardKind.PANEL)
    services.board_update(
        user=SYSTEM, board=board, kind=BoardKind.COUNCIL_COMMITTEE, front_sheet_signatory_title="Monitoring Officer"
    )
    assert wording(board)[1:4] == ("Notice of Meeting", "", "Monitoring Officer")
    # Saving again without a change of kind leaves a cleared line cleared.
    services.board_update(user=SYSTEM, board=board, front_sheet_notice="")
    assert wording(board)[1] == ""


def test_the_settings_page_edits_the_front_sheet_in_its_own_fieldset(client, cast):
    client.force_login(cast.coordinator)
    url = reverse("boards:board_edit", args=[cast.board.slug])
    page = client.get(url).content.decode()
    fieldset = page[page.index("<legend") : page.index("</fieldset>")]
    assert "Front sheet" in fieldset
    for name in WORDING:
        assert f'name="{name}"' in fieldset
    data = {k: v for k, v in model_to_dict(cast.board).items() if v is not None and k != "terms_of_reference"}
    data.update(
        kind=BoardKind.COUNCIL_COMMITTEE,
        front_sheet_authority="Lancashire County Council",
        front_sheet_signatory="Angie Ridgwell",
        front_sheet_signatory_title="Chief Executive and Director of Resources",
        front_sheet_enquiries="Gary Halsall, 01772 536989, gary.halsall@lancashire.gov.uk",
    )
    response = client.post(url, data)
    assert response.status_code == 302
    assert wording(cast.board) == (
        "Lancashire County Council",
        "Notice of Meeting",
        "Angie Ridgwell",
        "Chief Executive and Director of Resources",
        "Gary Halsall, 01772 536989, gary.halsall@lancashire.gov.uk",
    )
