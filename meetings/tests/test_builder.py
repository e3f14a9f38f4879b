"""The agenda builder's quicker ways: adding an item just after another, the person pickers that suggest as
one types (the board's people, anyone else only by an exact search), and what the list says after a change."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from boards.enums import Role
from boards.tests.factories import MembershipFactory, OrganisationFactory, PersonFactory
from core.permissions import SYSTEM
from meetings import services
from meetings.agenda import build_agenda
from meetings.forms import AgendaItemForm, LeadForm
from meetings.models import AgendaItem
from meetings.visibility import BOARD_READER

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def meeting(cast):
    return services.meeting_create(
        user=SYSTEM,
        board=cast.board,
        date=datetime.date(2030, 3, 14),
        start_time=datetime.time(14, 0),
        end_time=datetime.time(16, 0),
    )


def titles(meeting) -> list[tuple[str, str]]:
    return [(e.number, e.item.title) for e in build_agenda(meeting, reader=BOARD_READER).flat()]


def item(meeting, title) -> AgendaItem:
    return AgendaItem.objects.get(meeting=meeting, title=title)


def add(meeting, title, **kw):
    meeting.refresh_from_db()
    return services.agenda_item_add(user=SYSTEM, meeting=meeting, title=title, **kw)


# Adding an item just after another -------------------------------------------------------------------


def test_an_item_added_after_another_goes_just_after_it_at_its_level(meeting):
    safeguarding = add(meeting, "Safeguarding", is_heading=True)
    add(meeting, "Local CSE Plans", parent=safeguarding)
    add(meeting, "Update from LSCB", parent=safeguarding)
    add(meeting, "Neglect strategy", after=item(meeting, "Minutes of the last meeting and matters arising"))
    add(meeting, "Early help", after=item(meeting, "Local CSE Plans"))
    add(meeting, "Troubled Families", after=safeguarding)  # after the item and its sub-items
    assert titles(meeting) == [
        ("1", "Welcome, introductions and apologies"),
        ("2", "Declarations of interest"),
        ("3", "Minutes of the last meeting and matters arising"),
        ("4", "Neglect strategy"),
        ("5", "Action log"),
        ("6", "Safeguarding"),
        ("6a", "Local CSE Plans"),
        ("6b", "Early help"),
        ("6c", "Update from LSCB"),
        ("7", "Troubled Families"),
        ("8", "Any other business"),
        ("9", "Future meeting dates"),
    ]
    assert item(meeting, "Early help").parent_id == safeguarding.pk


def test_an_item_after_the_last_business_item_goes_before_the_closing_items_and_none_among_them(meeting):
    add(meeting, "Troubled Families", after=item(meeting, "Action log"))
    assert [t for _, t in titles(meeting)][-3:] == ["Troubled Families", "Any other business", "Future meeting dates"]
    for closing in ("Any other business", "Future meeting dates"):
        with pytest.raises(ValidationError, match=r"close the agenda.*add “Late item” above “Any other business”"):
            add(meeting, "Late item", after=item(meeting, closing))
    assert not AgendaItem.objects.filter(title="Late item").exists()


def test_part_two_stays_last_when_adding_after_an_item(meeting):
    reason = {"confidential": True, "exemption_reason": "It identifies a child"}
    review = add(meeting, "Case review", **reason)
    with pytest.raises(ValidationError, match="is Part I, so it cannot go after the Part II item “Case review”"):
        add(meeting, "Open item", after=review)
    with pytest.raises(ValidationError, match="is Part II, so it cannot go after “Action log”, above the Part I item"):
        add(meeting, "Another review", after=item(meeting, "Action log"), **reason)
    add(meeting, "Another review", after=review, **reason)
    add(meeting, "Contract award", after=item(meeting, "Future meeting dates"), **reason)  # the first in Part II
    assert [t for _, t in titles(meeting)][-5:] == [
        "Any other business",
        "Future meeting dates",
        "Contract award",
        "Case review",
        "Another review",
    ]


def test_an_item_of_another_meeting_cannot_be_followed(meeting, cast):
    other = services.meeting_create(
        user=SYSTEM, board=cast.board, date=datetime.date(2030, 6, 13), start_time=datetime.time(14)
    )
    elsewhere = other.items.order_by("position").first()
    with pytest.raises(services.AgendaItemGone):
        add(meeting, "Lost", after=elsewhere)
    with pytest.raises(ValidationError, match="not both"):
        first = meeting.items.order_by("position").first()
        add(meeting, "Both", after=first, parent=first)


def test_add_below_through_the_form_and_without_javascript(client, cast, meeting):
    client.force_login(cast.coordinator)
    minutes = item(meeting, "Minutes of the last meeting and matters arising")
    html = client.get(reverse("meetings:agenda_builder", args=[meeting.pk]), {"where": f"after:{minutes.pk}"})
    assert f'<option value="after:{minutes.pk}" selected>' in html.content.decode()
    meeting.refresh_from_db()
    response = client.post(
        reverse("meetings:agenda_item_add", args=[meeting.pk]),
        {
            "where": f"after:{minutes.pk}",
            "title": "Neglect strategy",
            "agenda_version": meeting.agenda_version,
            "leads-TOTAL_FORMS": "0",
            "leads-INITIAL_FORMS": "0",
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert 'data-announce="Added “Neglect strategy” as item 4"' in response.content.decode()
    assert ("4", "Neglect strategy") in titles(meeting)

    aob = item(meeting, "Any other business")
    meeting.refresh_from_db()
    response = client.post(
        reverse("meetings:agenda_item_add", args=[meeting.pk]),
        {
            "where": f"after:{aob.pk}",
            "title": "Late item",
            "agenda_version": meeting.agenda_version,
            "leads-TOTAL_FORMS": "0",
            "leads-INITIAL_FORMS": "0",
        },
        **HTMX,
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "one of the items that close the agenda" in html
    assert f'<option value="after:{aob.pk}"' not in html  # not offered in the first place
    assert not AgendaItem.objects.filter(title="Late item").exists()


# What the list says ----------------------------------------------------------------------------------


def test_the_count_says_items_and_sub_items_apart(client, cast, meeting):
    safeguarding = add(meeting, "Safeguarding", is_heading=True)
    add(meeting, "Local CSE Plans", parent=safeguarding)
    add(meeting, "Update from LSCB", parent=safeguarding)
    client.force_login(cast.coordinator)
    html = client.get(reverse("meetings:agenda_builder", args=[meeting.pk])).content.decode()
    assert '<span class="agenda-count">7 items and 2 sub-items</span>' in html


def test_a_move_says_where_the_item_went(client, cast, meeting):
    neglect = add(meeting, "Neglect strategy")
    client.force_login(cast.coordinator)
    meeting.refresh_from_db()
    url = reverse("meetings:agenda_item_move", args=[meeting.pk, neglect.pk, "up"])
    html = client.post(url, {"agenda_version": meeting.agenda_version}, **HTMX).content.decode()
    assert 'data-announce="Moved “Neglect strategy” to item 4"' in html
    meeting.refresh_from_db()
    url = reverse("meetings:agenda_item_move", args=[meeting.pk, neglect.pk, "indent"])
    html = client.post(url, {"agenda_version": meeting.agenda_version}, **HTMX).content.decode()
    assert 'data-announce="Moved “Neglect strategy” to item 3a"' in html
    # Without JavaScript, the same words as a message on the builder.
    meeting.refresh_from_db()
    url = reverse("meetings:agenda_item_move", args=[meeting.pk, neglect.pk, "outdent"])
    response = client.post(url, {"agenda_version": meeting.agenda_version}, follow=True)
    assert "Moved “Neglect strategy” to item 4." in response.content.decode()
    # A refused move says nothing of a move.
    first = meeting.items.order_by("position").first()
    meeting.refresh_from_db()
    url = reverse("meetings:agenda_item_move", args=[meeting.pk, first.pk, "up"])
    html = client.post(url, {"agenda_version": meeting.agenda_version}, **HTMX).content.decode()
    assert "already at the top" in html and "data-announce" not in html


def test_a_drag_says_where_the_dragged_item_went(client, cast, meeting):
    neglect = add(meeting, "Neglect strategy")
    layout = services._layout(meeting)
    layout.remove((neglect.pk, None))
    layout.insert(0, (neglect.pk, None))
    client.force_login(cast.coordinator)
    meeting.refresh_from_db()
    html = client.post(
        reverse("meetings:agenda_reorder", args=[meeting.pk]),
        {
            "order": [f"{pk}:{parent or ''}" for pk, parent in layout],
            "moved": str(neglect.pk),
            "agenda_version": meeting.agenda_version,
        },
        **HTMX,
    ).content.decode()
    assert 'data-announce="Moved “Neglect strategy” to item 1"' in html


def test_rare_actions_are_in_a_more_menu_named_for_its_item(client, cast, meeting):
    neglect = add(meeting, "Neglect strategy")
    client.force_login(cast.coordinator)
    html = client.get(reverse("meetings:agenda_builder", args=[meeting.pk])).content.decode()
    card = html[html.index(f'id="item-{neglect.pk}"') :]
    card = card[: card.index("</details>")]
    assert re.search(r"<summary[^>]*>More<span class=\"visually-hidden\"> actions for item 5: Neglect strategy", card)
    menu = card[card.index("<summary") :]
    assert all(f">{name}<" in menu for name in ("Make sub-item", "Add a sub-item", "Defer", "Delete"))
    services.agenda_publish(user=SYSTEM, meeting=meeting)
    html = client.get(reverse("meetings:agenda_builder", args=[meeting.pk])).content.decode()
    assert '>Withdraw<span class="visually-hidden"> item 5</span>' in html


# The person pickers ----------------------------------------------------------------------------------


@pytest.fixture
def people(cast):
    """A past member of the board, one coming, a current one, and a stranger who sits on another board only."""
    org = OrganisationFactory(name="Lancashire County Council")
    past = PersonFactory(first_name="Amelia", last_name="Quenby", organisation=org)
    MembershipFactory(
        board=cast.board, person=past, start_date=datetime.date(2010, 4, 1), end_date=datetime.date(2012, 3, 31)
    )
    current = PersonFactory(first_name="Ameera", last_name="Quennell", email="ameera.khan@example.org")
    MembershipFactory(board=cast.board, person=current, role=Role.MEMBER)
    stranger = PersonFactory(first_name="Amelia", last_name="Oddfellow", email="amelia@elsewhere.example")
    MembershipFactory(board=cast.other_board, person=stranger)
    return past, current, stranger


def suggest(client, meeting, q):
    response = client.get(reverse("meetings:agenda_people", args=[meeting.pk]), {"q": q}, **HTMX)
    return response.status_code, response.content.decode()


def test_the_picker_suggests_the_boards_people_by_part_of_a_name_current_first(client, cast, meeting, people):

    client.force_login(cast.coordinator)
    status, html = suggest(client, meeting, "quen")
    assert status == 200
    assert re.findall(r'data-person-name="([^"]+)"', html) == ["Ameera Quennell", "Amelia Quenby"]
    assert 'role="listbox"' in html and "Lancashire County Council" in html
    assert "Oddfellow" not in html  # not on the board, and not typed in full


def test_anyone_else_only_by_their_exact_full_name_or_e_mail_address(client, cast, meeting, people):

    client.force_login(cast.coordinator)
    for partial in ("Oddfellow", "Amelia Odd", "amelia@elsewhere"):
        assert 'data-person-name="Amelia Oddfellow"' not in suggest(client, meeting, partial)[1]
    for exact in ("amelia oddfellow", "AMELIA@elsewhere.example"):
        html = suggest(client, meeting, exact)[1]
        assert 'data-person-name="Amelia Oddfellow"' in html and "(not on this board)" in html
    html = suggest(client, meeting, "Zebedee")[1]
    assert 'role="listbox"' not in html and "Nobody on the board matches “Zebedee”" in html
    assert suggest(client, meeting, " ")[1].strip() == ""  # nothing typed: nobody listed


def test_the_picker_suggests_ten_at_most(client, cast, meeting):
    for n in range(15):
        MembershipFactory(board=cast.board, person=PersonFactory(first_name=f"Sam{n:02}", last_name="Jones"))
    client.force_login(cast.coordinator)
    assert suggest(client, meeting, "jones")[1].count('role="option"') == 10


@pytest.mark.parametrize("role", ["member", "chair", "other_coordinator", "outsider"])
def test_only_the_boards_coordinators_ask_the_picker(client, cast, meeting, people, role):
    client.force_login(cast.user(role))
    assert suggest(client, meeting, "amelia oddfellow")[0] == 403


def test_the_builder_lists_nobody_however_many_people_sat_on_the_board(client, cast, meeting, people):

    client.force_login(cast.coordinator)
    html = client.get(reverse("meetings:agenda_builder", args=[meeting.pk])).content.decode()
    assert "Quenby" not in html and "Quennell" not in html and "Oddfellow" not in html
    assert 'data-person-picker="one"' in html and 'name="leads-0-person"' not in html  # no list to choose from


def lead_form(board, **data):
    return LeadForm({f"leads-0-{k}": v for k, v in data.items()}, board=board, prefix="leads-0")


def test_a_lead_typed_without_choosing_is_found_by_the_text(cast, people):
    past, _current, stranger = people
    form = lead_form(cast.board, person_search="Quenby")  # part of a board person's name: the one it names
    assert form.is_valid(), form.errors
    assert form.cleaned_data["person"] == past
    form = lead_form(cast.board, person_search="quen")
    assert not form.is_valid()
    assert (
        "Several of the board's people match “quen” (Ameera Quennell, Amelia Quenby)" in form.errors["person_search"][0]
    )
    form = lead_form(cast.board, person_search="Oddfellow")
    assert not form.is_valid() and "Nobody on the board matches “Oddfellow”" in form.errors["person_search"][0]
    form = lead_form(cast.board, person_search="amelia@elsewhere.example")
    assert form.is_valid() and form.cleaned_data["person"] == stranger


def test_a_chosen_lead_is_kept_while_the_text_names_them_and_else_the_text_says_who(cast, people):
    past, current, stranger = people
    form = lead_form(cast.board, person=stranger.pk, person_search="Amelia Oddfellow")
    assert form.is_valid() and form.cleaned_data["person"] == stranger
    form = lead_form(cast.board, person=past.pk, person_search="Quennell")  # changed after choosing
    assert form.is_valid() and form.cleaned_data["person"] == current
    form = lead_form(cast.board, person=stranger.pk, person_search="Oddfellow")  # not found by that: refused
    assert not form.is_valid()
    assert "cannot be chosen here" in form.errors["person"][0]


def test_uploaders_list_the_boards_current_people_and_find_anyone_else(client, cast, meeting, people):
    past, current, stranger = people
    neglect = add(meeting, "Neglect strategy")
    form = AgendaItemForm(instance=neglect, board=cast.board)
    shown = {label for _, label in form.fields["uploaders"].widget.choices}
    assert any(label.startswith("Ameera Quennell") for label in shown)
    assert not any("Quenby" in label or "Oddfellow" in label for label in shown)

    client.force_login(cast.coordinator)
    meeting.refresh_from_db()
    url = reverse("meetings:agenda_item_edit", args=[meeting.pk, neglect.pk])
    data = {
        "title": "Neglect strategy",
        "agenda_version": meeting.agenda_version,
        "leads-TOTAL_FORMS": "0",
        "leads-INITIAL_FORMS": "0",
        "uploaders": [current.pk, past.pk, stranger.pk],  # a past member picked from the suggestions
        "uploader_found": ["Amelia Oddfellow"],  # the stranger, picked as found by their full name
    }
    assert client.post(url, data).status_code == 302
    assert set(neglect.uploaders.all()) == {current, past, stranger}

    # Typed and saved without choosing, as without JavaScript: added.
    meeting.refresh_from_db()
    newcomer = PersonFactory(first_name="Nia", last_name="Roberts", email="nia@elsewhere.example")
    data.update(uploaders=[current.pk], uploader_found=[], uploader_search="nia@elsewhere.example")
    data["agenda_version"] = meeting.agenda_version
    assert client.post(url, data).status_code == 302
    assert set(neglect.uploaders.all()) == {current, newcomer}

    # A stranger's id sent without the exact name that finds them is refused.
    meeting.refresh_from_db()
    data.update(uploaders=[stranger.pk], uploader_search="", agenda_version=meeting.agenda_version)
    assert client.post(url, data).status_code == 422
    assert set(neglect.uploaders.all()) == {current, newcomer}


def test_the_builders_queries_do_not_grow_with_the_boards_past_people(client, cast, meeting, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.coordinator)
    url = reverse("meetings:agenda_builder", args=[meeting.pk])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(30):
        MembershipFactory(
            board=cast.board,
            person=PersonFactory(first_name=f"Former{n}"),
            start_date=datetime.date(2010, 4, 1),
            end_date=datetime.date(2012, 3, 31),
        )
    with django_assert_num_queries(len(small.captured_queries)):
        html = client.get(url).content.decode()
    assert "Former" not in html
