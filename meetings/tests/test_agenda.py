"""The agenda builder's services and pages: numbering, timing, moves, conflicts, publishing, deferral."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from boards.enums import NumberingStyle
from core.permissions import SYSTEM
from meetings import services
from meetings.agenda import build_agenda
from meetings.models import AgendaItem, Meeting
from meetings.services import AgendaConflict
from meetings.visibility import BOARD_READER, PUBLIC_READER

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(cast):
    return services.meeting_create(
        user=SYSTEM,
        board=cast.board,
        date=datetime.date(2017, 3, 16),
        start_time=datetime.time(14, 0),
        end_time=datetime.time(16, 0),
    )


def numbers(meeting):
    return [(e.number, e.item.title) for e in build_agenda(meeting, reader=BOARD_READER).flat()]


def add(meeting, title, **kw):
    meeting.refresh_from_db()
    kw.setdefault("user", SYSTEM)
    return services.agenda_item_add(meeting=meeting, title=title, **kw)


def test_new_meeting_gets_standing_items_with_closing_items_last(meeting):
    titles = [t for _, t in numbers(meeting)]
    assert titles[0] == "Welcome, introductions and apologies"
    assert titles[-2:] == ["Any other business", "Future meeting dates"]
    add(meeting, "Troubled Families")
    assert [t for _, t in numbers(meeting)][-3:] == ["Troubled Families", "Any other business", "Future meeting dates"]


def test_sub_items_numbered_in_board_style_and_times_computed(meeting):
    safeguarding = add(meeting, "Safeguarding", is_heading=True)
    add(meeting, "Local CSE Plans", parent=safeguarding, duration_minutes=10, verbal_update=True)
    add(meeting, "Update from LSCB", parent=safeguarding, duration_minutes=15, verbal_update=True)
    assert ("5", "Safeguarding") in numbers(meeting)
    assert ("5a", "Local CSE Plans") in numbers(meeting) and ("5b", "Update from LSCB") in numbers(meeting)
    meeting.board.numbering_style = NumberingStyle.DECIMAL
    meeting.board.save()
    assert ("5.2", "Update from LSCB") in numbers(meeting)
    agenda = build_agenda(meeting, reader=BOARD_READER)
    starts = {e.item.title: e.starts_at.time() for e in agenda.flat()}
    # Standing items: 5 + 5 + 10 + 10 minutes before item 5.
    assert starts["Local CSE Plans"] == datetime.time(14, 30)
    assert starts["Update from LSCB"] == datetime.time(14, 40)


def test_overrun_warning_when_agenda_is_longer_than_the_meeting(meeting):
    assert build_agenda(meeting, reader=BOARD_READER).overrun_minutes == 0
    add(meeting, "Long item", duration_minutes=120)
    agenda = build_agenda(meeting, reader=BOARD_READER)
    assert agenda.overrun_minutes == 35  # 30 + 5 standing minutes + 120 = 155 against 120
    assert agenda.ends_at.time() == datetime.time(16, 35)


def test_keyboard_moves_up_down_indent_outdent(meeting):
    a = add(meeting, "A")
    b = add(meeting, "B")
    services.agenda_item_move(user=SYSTEM, item=b, direction="up")
    assert [t for _, t in numbers(meeting)][4:6] == ["B", "A"]
    services.agenda_item_move(user=SYSTEM, item=AgendaItem.objects.get(pk=a.pk), direction="indent")
    assert ("5a", "A") in numbers(meeting)
    with pytest.raises(ValidationError):
        services.agenda_item_move(user=SYSTEM, item=AgendaItem.objects.get(pk=a.pk), direction="indent")
    services.agenda_item_move(user=SYSTEM, item=AgendaItem.objects.get(pk=a.pk), direction="outdent")
    assert [t for _, t in numbers(meeting)][4:6] == ["B", "A"]
    first = AgendaItem.objects.filter(meeting=meeting).order_by("position").first()
    with pytest.raises(ValidationError, match="already at the top"):
        services.agenda_item_move(user=SYSTEM, item=first, direction="up")


def test_drag_and_drop_layout_nests_and_reorders(meeting):
    a, b, c = add(meeting, "A"), add(meeting, "B"), add(meeting, "C")
    ids = [i.pk for i in AgendaItem.objects.filter(meeting=meeting).order_by("position")]
    others = [pk for pk in ids if pk not in (a.pk, b.pk, c.pk)]
    layout = [(others[0], None), (c.pk, None), (a.pk, c.pk), (b.pk, c.pk)] + [(pk, None) for pk in others[1:]]
    services.agenda_reorder(user=SYSTEM, meeting=meeting, layout=layout)
    result = numbers(meeting)
    assert result[1:4] == [("2", "C"), ("2a", "A"), ("2b", "B")]
    with pytest.raises(ValidationError):  # two levels are refused
        services.agenda_reorder(
            user=SYSTEM,
            meeting=meeting,
            layout=[(others[0], None), (c.pk, others[0]), (a.pk, c.pk)]
            + [(b.pk, None)]
            + [(pk, None) for pk in others[1:]],
        )


def test_stale_version_is_refused_and_nothing_changes(meeting):
    meeting.refresh_from_db()
    seen = meeting.agenda_version
    services.agenda_item_add(user=SYSTEM, meeting=meeting, title="First coordinator's item", expected_version=seen)
    with pytest.raises(AgendaConflict):
        services.agenda_item_add(user=SYSTEM, meeting=meeting, title="Second coordinator's item", expected_version=seen)
    assert not AgendaItem.objects.filter(title="Second coordinator's item").exists()


def test_part_two_needs_an_exemption_reason(meeting):
    with pytest.raises(ValidationError, match="exempt"):
        add(meeting, "Contract award", confidential=True)
    item = add(meeting, "Contract award", confidential=True, exemption_reason="Paragraph 3")
    assert item.confidential


def test_publish_emails_members_and_later_changes_become_revisions(meeting, cast, django_capture_on_commit_callbacks):
    for user in (cast.member, cast.chair):
        user.person.email = f"{user.person.last_name.lower()}@example.org"
        user.person.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_publish(user=SYSTEM, meeting=meeting)
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].bcc) >= {cast.member.person.email, cast.chair.person.email}
    assert reverse("meetings:meeting_detail", args=[meeting.pk]) in mail.outbox[0].body
    add(meeting, "Late item")
    meeting.refresh_from_db()
    assert meeting.agenda_revision == 1
    assert meeting.revisions.get().summary == "Item added: Late item"
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_publish(user=SYSTEM, meeting=meeting)
    assert "Item added: Late item" in mail.outbox[1].body
    with pytest.raises(ValidationError, match="already have the current agenda"):
        services.agenda_publish(user=SYSTEM, meeting=meeting)


def test_defer_moves_item_with_papers_and_children(meeting, cast):
    later = services.meeting_create(
        user=SYSTEM, board=cast.board, date=datetime.date(2017, 6, 15), start_time=datetime.time(10)
    )
    heading = add(meeting, "Safeguarding")
    add(meeting, "CSE", parent=heading)
    services.agenda_item_defer(user=SYSTEM, item=AgendaItem.objects.get(pk=heading.pk), to_meeting=later)
    assert ("5", "Safeguarding") in numbers(later) and ("5a", "CSE") in numbers(later)
    assert "Safeguarding" not in [t for _, t in numbers(meeting)]
    assert AgendaItem.objects.get(pk=heading.pk).deferred_from == meeting


def test_work_programme_topic_pulled_into_agenda(meeting, cast):
    entry = services.work_programme_add(user=SYSTEM, board=cast.board, topic="Prevent duty", lead="Maria Gilling")
    services.work_programme_pull(user=SYSTEM, entry=entry, meeting=meeting)
    assert ("5", "Prevent duty") in numbers(meeting)
    with pytest.raises(ValidationError, match="already on the agenda"):
        services.work_programme_pull(user=SYSTEM, entry=entry, meeting=meeting)


# Pages --------------------------------------------------------------------------------------------------


def test_builder_add_via_htmx_returns_renumbered_partial(client, cast, meeting):
    client.force_login(cast.coordinator)
    meeting.refresh_from_db()
    response = client.post(
        reverse("meetings:agenda_item_add", args=[meeting.pk]),
        {
            "title": "Troubled Families",
            "item_for": "discussion",
            "duration_minutes": "20",
            "agenda_version": meeting.agenda_version,
            "leads-TOTAL_FORMS": "2",
            "leads-INITIAL_FORMS": "0",
            "leads-0-office": "Chair",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<div id="agenda"' in html and "<html" not in html
    assert "Troubled Families" in html
    item = AgendaItem.objects.get(title="Troubled Families")
    assert [str(lead) for lead in item.leads.all()] == ["Chair"]


def test_builder_conflict_shows_message_and_current_agenda(client, cast, meeting):
    client.force_login(cast.coordinator)
    meeting.refresh_from_db()
    stale = meeting.agenda_version
    add(meeting, "Added by someone else")
    response = client.post(
        reverse("meetings:agenda_item_add", args=[meeting.pk]),
        {"title": "Mine", "agenda_version": stale, "leads-TOTAL_FORMS": "0", "leads-INITIAL_FORMS": "0"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this agenda" in html and "Added by someone else" in html
    assert not AgendaItem.objects.filter(title="Mine").exists()


def test_move_buttons_work_without_javascript(client, cast, meeting):
    client.force_login(cast.coordinator)
    item = add(meeting, "Move me")
    meeting.refresh_from_db()
    url = reverse("meetings:agenda_item_move", args=[meeting.pk, item.pk, "up"])
    response = client.post(url, {"agenda_version": meeting.agenda_version})
    assert response.status_code == 302
    assert [t for _, t in numbers(meeting)][3] == "Move me"


@pytest.mark.parametrize(("role", "status"), [("member", 403), ("outsider", 403), ("coordinator", 200)])
def test_builder_only_for_coordinators(client, cast, meeting, role, status):
    client.force_login(cast.user(role))
    assert client.get(reverse("meetings:agenda_builder", args=[meeting.pk])).status_code == status


def test_meeting_page_for_members_only_and_public_page_after_publication(client, cast, meeting):
    add(meeting, "Contract award", confidential=True, exemption_reason="Paragraph 3")
    add(meeting, "Open item")
    client.force_login(cast.outsider)
    assert client.get(meeting.get_absolute_url()).status_code == 403
    client.force_login(cast.member)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Contract award" in html and "Open item" in html
    client.logout()
    assert client.get(reverse("meetings:meeting_public", args=[meeting.pk])).status_code == 404
    services.agenda_publish(user=SYSTEM, meeting=Meeting.objects.get(pk=meeting.pk))
    html = client.get(reverse("meetings:meeting_public", args=[meeting.pk])).content.decode()
    assert "Open item" in html and "Contract award" not in html


@pytest.mark.parametrize("url_name", ["meetings:board_meetings"])
def test_meeting_list_query_count_constant(client, cast, django_assert_num_queries, url_name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.member)
    url = reverse(url_name, args=[cast.board.slug])
    services.meeting_create(user=SYSTEM, board=cast.board, date=datetime.date(2030, 1, 1), start_time=datetime.time(10))
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(12):
        services.meeting_create(
            user=SYSTEM, board=cast.board, date=datetime.date(2031, 1, 1 + n), start_time=datetime.time(10)
        )
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)


def test_meeting_page_query_count_constant(client, cast, meeting, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.member)
    with CaptureQueriesContext(connection) as small:
        client.get(meeting.get_absolute_url())
    for n in range(10):
        add(meeting, f"Item {n}", leads=[{"office": "Chair"}])
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(meeting.get_absolute_url())


def test_a_part_two_items_sub_items_stay_part_two_when_moved_out(meeting):
    """A sub-item is Part II by its parent (derived, never copied); moved out, it is classified Part II itself."""
    contract = add(meeting, "Contract award", confidential=True, exemption_reason="Paragraph 3")
    child = add(meeting, "Tender scores", parent=contract)
    entry = build_agenda(meeting, reader=BOARD_READER).entry_for(child.pk)
    assert (entry.part_two, entry.exemption_reason) == (True, "Paragraph 3")
    services.agenda_item_move(user=SYSTEM, item=AgendaItem.objects.get(pk=child.pk), direction="outdent")
    assert AgendaItem.objects.get(pk=child.pk).confidential
    open_item = add(meeting, "Open item", before_closing_items=False)  # the last Part I item: it may become Part II
    later_child = add(meeting, "Detail", parent=open_item)
    meeting.refresh_from_db()
    services.agenda_item_update(user=SYSTEM, item=open_item, confidential=True, exemption_reason="Paragraph 1")
    assert build_agenda(meeting, reader=BOARD_READER).entry_for(later_child.pk).exemption_reason == "Paragraph 1"
    public = [e.item.title for e in build_agenda(meeting, reader=PUBLIC_READER).flat()]
    assert not {"Contract award", "Tender scores", "Open item", "Detail"} & set(public)


def test_links_must_be_web_addresses(meeting):
    with pytest.raises(ValidationError, match="is not a web address"):
        add(meeting, "Links", links="https://example.org\njavascript:alert(1)")


def test_unchanged_saves_and_drops_make_no_revision(meeting, cast):
    item = add(meeting, "Item", leads=[{"office": "Chair"}])
    services.agenda_publish(user=SYSTEM, meeting=Meeting.objects.get(pk=meeting.pk))
    meeting.refresh_from_db()
    version = meeting.agenda_version
    services.agenda_item_update(
        user=SYSTEM, item=AgendaItem.objects.get(pk=item.pk), title="Item", leads=[{"office": "Chair"}]
    )
    layout = services._layout(meeting)
    services.agenda_reorder(user=SYSTEM, meeting=meeting, layout=layout)
    meeting.refresh_from_db()
    assert (meeting.agenda_version, meeting.agenda_revision) == (version, 0)
    services.agenda_item_update(user=SYSTEM, item=AgendaItem.objects.get(pk=item.pk), title="Item renamed")
    meeting.refresh_from_db()
    assert meeting.agenda_revision == 1


def test_refused_sub_item_keeps_where_it_was_going(client, cast, meeting):
    parent = add(meeting, "Safeguarding")
    meeting.refresh_from_db()
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("meetings:agenda_item_add", args=[meeting.pk]),
        {
            "where": f"under:{parent.pk}",
            "title": "",
            "agenda_version": meeting.agenda_version,
            "leads-TOTAL_FORMS": "0",
            "leads-INITIAL_FORMS": "0",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert f'<option value="under:{parent.pk}" selected>' in response.content.decode()


def test_builder_query_count_does_not_grow_with_the_work_programme(client, cast, meeting, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.coordinator)
    url = reverse("meetings:agenda_builder", args=[meeting.pk])
    services.work_programme_add(user=SYSTEM, board=cast.board, topic="First", meeting=meeting)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(6):
        services.work_programme_add(
            user=SYSTEM, board=cast.board, topic=f"Topic {n}", meeting=meeting if n % 2 else None
        )
    with django_assert_num_queries(len(small.captured_queries)):
        html = client.get(url).content.decode()
    assert "Topic 5" in html and "(TBC)" in html


def test_an_edit_through_the_form_is_saved(client, cast, meeting):
    item = add(meeting, "Review", before_closing_items=False)  # last: it may become Part II
    meeting.refresh_from_db()
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("meetings:agenda_item_edit", args=[meeting.pk, item.pk]),
        {
            "title": "Review",
            "confidential": "on",
            "exemption_reason": "Paragraph 2",
            "agenda_version": meeting.agenda_version,
            "leads-TOTAL_FORMS": "0",
            "leads-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.confidential, item.exemption_reason) == (True, "Paragraph 2")
