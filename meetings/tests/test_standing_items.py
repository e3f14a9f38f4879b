"""Standing items: the defaults of each kind of body, items placed after the business, editing them, and
informal sessions, which get none."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from boards import services as board_services
from boards.enums import BoardKind
from core.models import ActivityLog
from core.permissions import SYSTEM
from meetings import services
from meetings.enums import ItemFor, MeetingKind, Standing
from meetings.models import AgendaItem

pytestmark = pytest.mark.django_db

COUNCIL_ITEMS = [
    ("Apologies for Absence and Substitutions", False),
    ("Declarations of Interest", False),
    ("Minutes of the Last Meeting", False),
    ("Urgent Business", True),
    ("Date of the Next Meeting", True),
]


def council(kind=BoardKind.COUNCIL_COMMITTEE, name="Children's Services Committee"):
    return board_services.board_create(user=SYSTEM, name=name, kind=kind)


def meeting_of(board, day=datetime.date(2030, 3, 11), **kw):
    return services.meeting_create(user=SYSTEM, board=board, date=day, start_time=datetime.time(10), **kw)


def titles(meeting):
    return list(
        AgendaItem.objects.filter(meeting=meeting, parent=None).order_by("position").values_list("title", flat=True)
    )


def add(meeting, title, **kw):
    meeting.refresh_from_db()
    return services.agenda_item_add(user=SYSTEM, meeting=meeting, title=title, **kw)


# Defaults per kind of body -----------------------------------------------------------------------------


def test_a_council_committee_starts_with_the_council_standing_items():
    board = council()
    rows = list(board.agenda_template.order_by("at_end", "position"))
    assert [(r.title, r.at_end) for r in rows] == COUNCIL_ITEMS
    assert [r.standing for r in rows] == [
        Standing.WELCOME,
        Standing.DECLARATIONS,
        Standing.MINUTES,
        Standing.URGENT_BUSINESS,
        Standing.FUTURE_DATES,
    ]
    assert rows[2].item_for == ItemFor.TO_AGREE and "correct record" in rows[2].intended_outcome
    assert rows[2].generated_kind == "minutes"
    assert "Code of Conduct" in rows[1].intended_outcome


def test_a_council_committees_new_meeting_has_them_in_order():
    meeting = meeting_of(council())
    assert titles(meeting) == [title for title, _ in COUNCIL_ITEMS]
    closing = AgendaItem.objects.filter(meeting=meeting, closing=True).values_list("title", flat=True)
    assert sorted(closing) == ["Date of the Next Meeting", "Urgent Business"]


def test_a_scrutiny_committee_also_reviews_its_work_programme():
    board = council(BoardKind.SCRUTINY_COMMITTEE, "Health Scrutiny Committee")
    assert titles(meeting_of(board)) == [
        "Apologies for Absence and Substitutions",
        "Declarations of Interest",
        "Minutes of the Last Meeting",
        "Work Programme",
        "Urgent Business",
        "Date of the Next Meeting",
    ]
    assert board.agenda_template.get(title="Work Programme").generated_kind == "work_programme"


def test_a_partnership_board_keeps_todays_standing_items(cast):
    assert titles(meeting_of(cast.board)) == [
        "Welcome, introductions and apologies",
        "Declarations of interest",
        "Minutes of the last meeting and matters arising",
        "Action log",
        "Any other business",
        "Future meeting dates",
    ]


def test_a_board_keeps_its_standing_items_when_its_kind_changes(cast):
    before = list(cast.board.agenda_template.values_list("title", flat=True))
    board_services.board_update(user=SYSTEM, board=cast.board, kind=BoardKind.COUNCIL_COMMITTEE)
    assert list(cast.board.agenda_template.values_list("title", flat=True)) == before


# Items after the business ------------------------------------------------------------------------------


def test_a_standing_item_after_the_business_stays_last_as_three_items_are_added(cast):
    services.agenda_template_item_add(
        user=SYSTEM, board=cast.board, title="Exclusion of the Press and Public", at_end=True
    )
    meeting = meeting_of(cast.board)
    assert titles(meeting)[-1] == "Exclusion of the Press and Public"
    for title in ("Troubled Families", "Prevent Duty and Channel Programme", "Young People Participation"):
        add(meeting, title)
    assert titles(meeting)[-6:] == [
        "Troubled Families",
        "Prevent Duty and Channel Programme",
        "Young People Participation",
        "Any other business",
        "Future meeting dates",
        "Exclusion of the Press and Public",
    ]


def test_a_closing_item_can_still_be_moved_by_hand_and_new_items_follow_the_business():
    meeting = meeting_of(council())
    first = add(meeting, "Budget Monitoring")
    urgent = AgendaItem.objects.get(meeting=meeting, title="Urgent Business")
    services.agenda_item_move(user=SYSTEM, item=urgent, direction="up")
    assert titles(meeting)[-3:] == ["Urgent Business", "Budget Monitoring", "Date of the Next Meeting"]
    add(meeting, "School Place Planning")
    assert titles(meeting)[-4:] == [
        "Urgent Business",
        first.title,
        "School Place Planning",
        "Date of the Next Meeting",
    ]


def test_an_item_deferred_to_a_council_meeting_goes_before_its_closing_items():
    board = council()
    march, june = meeting_of(board), meeting_of(board, datetime.date(2030, 6, 10))
    item = add(march, "Annual Complaints Report")
    services.agenda_item_defer(user=SYSTEM, item=item, to_meeting=june)
    assert titles(june)[-3:] == ["Annual Complaints Report", "Urgent Business", "Date of the Next Meeting"]


# Editing a standing item -------------------------------------------------------------------------------


def test_a_standing_item_is_edited_in_place_and_new_agendas_take_the_change(cast):
    row = cast.board.agenda_template.get(title="Declarations of interest")
    services.agenda_template_item_update(
        user=SYSTEM,
        row=row,
        title="  Declarations of Interest  ",
        intended_outcome="Members to declare any interest, and whether they will leave the room for the item.",
        duration_minutes=2,
        item_for=ItemFor.TO_NOTE,
    )
    row.refresh_from_db()
    assert (row.title, row.duration_minutes, row.item_for) == ("Declarations of Interest", 2, ItemFor.TO_NOTE)
    item = AgendaItem.objects.get(meeting=meeting_of(cast.board), title="Declarations of Interest")
    assert item.intended_outcome.endswith("leave the room for the item.")
    entry = ActivityLog.objects.get(action="meetings.standing_item.changed")
    assert entry.data["changes"]["duration_minutes"] == [5, 2]


def test_a_standing_item_moved_after_the_business_goes_last_there(cast):
    row = cast.board.agenda_template.get(title="Action log")
    services.agenda_template_item_update(user=SYSTEM, row=row, at_end=True)
    assert list(
        cast.board.agenda_template.filter(at_end=True).order_by("position").values_list("title", flat=True)
    ) == [
        "Any other business",
        "Future meeting dates",
        "Action log",
    ]
    meeting = meeting_of(cast.board)
    add(meeting, "Troubled Families")
    assert titles(meeting)[-4:] == ["Troubled Families", "Any other business", "Future meeting dates", "Action log"]


def test_a_standing_item_edit_refuses_an_empty_title(cast):
    row = cast.board.agenda_template.get(title="Action log")
    with pytest.raises(ValidationError):
        services.agenda_template_item_update(user=SYSTEM, row=row, title="  ")
    row.refresh_from_db()
    assert row.title == "Action log"


def test_the_edit_page_saves_and_leads_back_to_the_standing_items(client, cast):
    client.force_login(cast.coordinator)
    row = cast.board.agenda_template.get(title="Any other business")
    url = reverse("meetings:agenda_template_item_edit", args=[cast.board.slug, row.pk])
    page = client.get(url).content.decode()
    assert 'value="Any other business"' in page
    assert reverse("meetings:agenda_template", args=[cast.board.slug]) in page
    listing = client.get(reverse("meetings:agenda_template", args=[cast.board.slug])).content.decode()
    assert url in listing
    response = client.post(
        url,
        {
            "title": "Any Other Urgent Business",
            "item_for": "discussion",
            "intended_outcome": "",
            "duration_minutes": "10",
            "lead_office": "Chair",
            "at_end": "on",
            "generated_kind": "",
        },
    )
    assert response.url == reverse("meetings:agenda_template", args=[cast.board.slug])
    row.refresh_from_db()
    assert (row.title, row.duration_minutes, row.at_end) == ("Any Other Urgent Business", 10, True)


def test_only_the_boards_coordinators_edit_its_standing_items(client, cast):
    row = cast.board.agenda_template.get(title="Any other business")
    url = reverse("meetings:agenda_template_item_edit", args=[cast.board.slug, row.pk])
    for user in (cast.member, cast.chair, cast.other_coordinator):
        client.force_login(user)
        assert client.post(url, {"title": "Taken over"}).status_code == 403
    row.refresh_from_db()
    assert row.title == "Any other business"
    client.force_login(cast.other_coordinator)
    other_url = reverse("meetings:agenda_template_item_edit", args=[cast.other_board.slug, row.pk])
    assert client.get(other_url).status_code == 404


# Informal sessions -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [MeetingKind.DEEP_DIVE, MeetingKind.DEVELOPMENT, MeetingKind.WORKSHOP])
def test_an_informal_session_gets_no_formal_standing_items(cast, kind):
    session = meeting_of(cast.board, kind=kind)
    assert session.is_informal
    assert titles(session) == []
    add(session, "Exploitation: what young people told us")
    assert titles(session) == ["Exploitation: what young people told us"]


def test_an_informal_session_in_a_series_gets_none_either():
    from meetings.scheduling import meeting_schedule_series

    sessions = meeting_schedule_series(
        user=SYSTEM,
        board=council(),
        first_date=datetime.date(2030, 1, 15),
        frequency="quarterly",
        count=2,
        start_time=datetime.time(14),
        end_time=None,
        kind=MeetingKind.WORKSHOP,
    )
    assert [titles(s) for s in sessions] == [[], []]


def test_creating_an_informal_session_says_its_agenda_is_empty(client, cast):
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("meetings:meeting_create", args=[cast.board.slug]),
        {"date": "2030-02-12", "start_time": "10:00", "kind": MeetingKind.DEEP_DIVE},
        follow=True,
    )
    assert "Informal session created, with an empty agenda" in response.content.decode()
    assert titles(response.context["meeting"]) == []


# The date of the next meeting ------------------------------------------------------------------------


def test_the_date_of_the_next_meeting_says_what_kind_of_meeting_it_is(client, cast):
    board = council()
    meeting = meeting_of(board)
    meeting_of(board, datetime.date(2030, 4, 24), kind=MeetingKind.DEEP_DIVE)
    meeting_of(board, datetime.date(2030, 6, 10))
    client.force_login(cast.superuser)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Informal session (deep dive): Wednesday 24 April 2030, 10.00 a.m." in html
    assert "10 June 2030" not in html  # a council committee's agenda names the next meeting only
    partnership = meeting_of(cast.board)
    meeting_of(cast.board, datetime.date(2030, 6, 10))
    meeting_of(cast.board, datetime.date(2030, 9, 9), kind=MeetingKind.WORKSHOP)
    html = client.get(partnership.get_absolute_url()).content.decode()
    assert "Formal meeting: Monday 10 June 2030" in html
    assert "Informal session (workshop): Monday 9 September 2030" in html
