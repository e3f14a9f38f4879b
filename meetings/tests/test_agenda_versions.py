"""Every change to an agenda carries the version of the agenda it was made on.

A request without one (an old page, a hand-made request) is refused, not applied over whatever is there
now; an edit of an item someone else removed meanwhile gets a message, not an error page.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.permissions import SYSTEM
from meetings import services
from meetings.models import AgendaItem, Meeting, Paper
from meetings.services import AgendaItemGone
from meetings.tests.factories import pdf_bytes
from meetings.tests.uploads import choose_files, confirm_data

pytestmark = pytest.mark.django_db

OUT_OF_DATE = (
    "This agenda changed since you opened it, or the page was out of date. "
    "Reload to see the latest version and try again."
)
GONE = "That item was removed from the agenda by someone else before your change was saved."
HTMX = {"HTTP_HX_REQUEST": "true"}
NO_LEADS = {"leads-TOTAL_FORMS": "0", "leads-INITIAL_FORMS": "0"}


@pytest.fixture
def world(cast):
    meeting = services.meeting_create(
        user=SYSTEM, board=cast.board, date=datetime.date(2030, 3, 14), start_time=datetime.time(14)
    )
    later = services.meeting_create(
        user=SYSTEM, board=cast.board, date=datetime.date(2030, 6, 13), start_time=datetime.time(14)
    )
    item = services.agenda_item_add(user=SYSTEM, meeting=meeting, title="Troubled Families")
    child = services.agenda_item_add(user=SYSTEM, meeting=meeting, title="Local CSE Plans", parent=item)
    paper = services.paper_upload(
        user=SYSTEM, item=item, upload=SimpleUploadedFile("plan.pdf", pdf_bytes(2)), title="Plan"
    )
    entry = services.work_programme_add(user=SYSTEM, board=cast.board, topic="Prevent duty")
    cast.meeting, cast.later, cast.item, cast.child, cast.paper, cast.entry = meeting, later, item, child, paper, entry
    return cast


def agenda_state(meeting):
    meeting = Meeting.objects.get(pk=meeting.pk)
    items = list(
        AgendaItem.objects.filter(meeting=meeting).order_by("pk").values_list("pk", "position", "parent", "title")
    )
    papers = list(Paper.objects.filter(item__meeting=meeting).order_by("pk").values_list("pk", "title"))
    return meeting.agenda_version, items, papers


def top_level(meeting) -> list[int]:
    return list(meeting.items.filter(parent=None).order_by("position").values_list("pk", flat=True))


CHANGES = [
    ("meetings:agenda_item_add", lambda w: [w.meeting.pk], lambda w: {"title": "Mine", **NO_LEADS}),
    ("meetings:agenda_item_add", lambda w: [w.meeting.pk], lambda w: {"title": "Sub", "parent": w.item.pk, **NO_LEADS}),
    (
        "meetings:agenda_item_edit",
        lambda w: [w.meeting.pk, w.item.pk],
        lambda w: {"title": "Renamed", **NO_LEADS},
    ),
    ("meetings:agenda_item_delete", lambda w: [w.meeting.pk, w.item.pk], lambda w: {}),
    ("meetings:agenda_item_move", lambda w: [w.meeting.pk, w.item.pk, "up"], lambda w: {}),
    ("meetings:agenda_item_move", lambda w: [w.meeting.pk, w.child.pk, "outdent"], lambda w: {}),
    (
        "meetings:agenda_reorder",
        lambda w: [w.meeting.pk],
        lambda w: {"order": [f"{w.child.pk}:"] + [f"{pk}:" for pk in top_level(w.meeting) if pk != w.child.pk]},
    ),
    ("meetings:agenda_item_defer", lambda w: [w.meeting.pk, w.item.pk], lambda w: {"to_meeting": w.later.pk}),
    ("meetings:work_programme_pull", lambda w: [w.meeting.pk, w.entry.pk], lambda w: {}),
    ("meetings:paper_delete", lambda w: [w.meeting.pk, w.paper.pk], lambda w: {}),
]
IDS = [f"{c[0].split(':')[1]}-{i}" for i, c in enumerate(CHANGES)]


@pytest.mark.parametrize(("name", "args", "data"), CHANGES, ids=IDS)
def test_a_change_without_the_agenda_version_is_refused_with_409_for_htmx(client, world, name, args, data):
    client.force_login(world.coordinator)
    before, later_before = agenda_state(world.meeting), agenda_state(world.later)
    response = client.post(reverse(name, args=args(world)), data(world), **HTMX)
    assert response.status_code == 409
    html = response.content.decode()
    assert OUT_OF_DATE in html and '<div id="agenda"' in html
    assert (agenda_state(world.meeting), agenda_state(world.later)) == (before, later_before)


@pytest.mark.parametrize(("name", "args", "data"), CHANGES, ids=IDS)
def test_a_change_without_the_agenda_version_is_refused_with_a_message_for_plain_forms(client, world, name, args, data):
    client.force_login(world.coordinator)
    before = agenda_state(world.meeting)
    response = client.post(reverse(name, args=args(world)), data(world), follow=True)
    assert response.redirect_chain[-1] == (reverse("meetings:agenda_builder", args=[world.meeting.pk]), 302)
    assert [str(m) for m in response.context["messages"]] == [OUT_OF_DATE]
    assert agenda_state(world.meeting) == before


@pytest.mark.parametrize(("name", "args", "data"), CHANGES, ids=IDS)
def test_the_same_change_with_the_current_version_is_applied(client, world, name, args, data):
    client.force_login(world.coordinator)
    before = agenda_state(world.meeting)
    response = client.post(reverse(name, args=args(world)), {**data(world), "agenda_version": before[0]}, **HTMX)
    assert response.status_code in (200, 302), response.content.decode()[:300]
    assert agenda_state(world.meeting)[0] == before[0] + 1


def test_adding_papers_without_the_agenda_version_is_refused(client, world):
    """Choosing files changes nothing; confirming them is the change, and carries the version."""
    client.force_login(world.coordinator)
    before = agenda_state(world.meeting)
    step2 = choose_files(client, world.item, [("late.pdf", pdf_bytes(1))])
    assert agenda_state(world.meeting) == before
    data = confirm_data(step2, {0: {"title": "Late"}})
    del data["agenda_version"]
    url = reverse("meetings:paper_upload_confirm", args=[world.meeting.pk, world.item.pk])
    response = client.post(url, data)
    assert response.status_code == 409
    assert [str(m) for m in response.context["messages"]] == [OUT_OF_DATE]
    assert agenda_state(world.meeting) == before
    page = response.content.decode()
    assert f'name="agenda_version" value="{before[0]}"' in page
    assert 'value="Late"' in page  # what was chosen is kept, to confirm again
    response = client.post(url, {**data, "agenda_version": before[0]})
    assert response.status_code == 302
    assert world.item.papers.filter(title="Late").exists()
    assert agenda_state(world.meeting)[0] == before[0] + 1


@pytest.mark.parametrize(
    "url_name",
    ["meetings:agenda_builder", "meetings:agenda_item_delete", "meetings:agenda_item_defer", "meetings:paper_upload"],
)
def test_every_page_that_changes_the_agenda_sends_its_version(client, world, url_name):
    """Each form on the page that posts (other than signing out) carries the agenda's current version."""
    client.force_login(world.coordinator)
    args = [world.meeting.pk] if url_name == "meetings:agenda_builder" else [world.meeting.pk, world.item.pk]
    html = client.get(reverse(url_name, args=args)).content.decode()
    version = Meeting.objects.get(pk=world.meeting.pk).agenda_version
    forms = [f for f in html.split('<form method="post"')[1:] if not f.lstrip().startswith('action="/accounts/logout')]
    assert forms
    assert all(f'name="agenda_version" value="{version}"' in f.split("</form>")[0] for f in forms)


def test_the_paper_removal_page_sends_the_version(client, world):
    client.force_login(world.coordinator)
    html = client.get(reverse("meetings:paper_delete", args=[world.meeting.pk, world.paper.pk])).content.decode()
    version = Meeting.objects.get(pk=world.meeting.pk).agenda_version
    assert f'name="agenda_version" value="{version}"' in html.split('<form method="post" novalidate>')[1]


# An edit racing a delete ---------------------------------------------------------------------------------


def test_editing_an_item_someone_removed_gives_a_message_not_an_error(client, world):
    client.force_login(world.coordinator)
    version = Meeting.objects.get(pk=world.meeting.pk).agenda_version
    url = reverse("meetings:agenda_item_edit", args=[world.meeting.pk, world.item.pk])
    services.agenda_item_delete(user=SYSTEM, item=world.item)  # by someone else, meanwhile
    data = {"title": "Renamed", "agenda_version": version, **NO_LEADS}
    response = client.post(url, data, follow=True)
    assert response.redirect_chain[-1] == (reverse("meetings:agenda_builder", args=[world.meeting.pk]), 302)
    assert [str(m) for m in response.context["messages"]] == [GONE]
    response = client.post(url, data, **HTMX)
    assert response.status_code == 409
    assert GONE in response.content.decode()
    assert not AgendaItem.objects.filter(title="Renamed").exists()


@pytest.mark.parametrize(
    "change",
    [
        lambda w, item: services.agenda_item_update(user=SYSTEM, item=item, title="Renamed"),
        lambda w, item: services.agenda_item_delete(user=SYSTEM, item=item),
        lambda w, item: services.agenda_item_move(user=SYSTEM, item=item, direction="down"),
        lambda w, item: services.agenda_item_defer(user=SYSTEM, item=item, to_meeting=w.later),
        lambda w, item: services.agenda_item_add(user=SYSTEM, meeting=w.meeting, title="Sub", parent=item),
        lambda w, item: services.paper_upload(
            user=SYSTEM, item=item, upload=SimpleUploadedFile("late.pdf", pdf_bytes(1))
        ),
    ],
    ids=["update", "delete", "move", "defer", "add-sub-item", "upload"],
)
def test_a_service_given_an_item_removed_meanwhile_refuses_in_words(world, change):
    stale = AgendaItem.objects.get(pk=world.item.pk)
    services.agenda_item_delete(user=SYSTEM, item=AgendaItem.objects.get(pk=world.item.pk))
    before = agenda_state(world.meeting), agenda_state(world.later)
    with pytest.raises(AgendaItemGone, match="removed from the agenda by someone else"):
        change(world, stale)
    assert (agenda_state(world.meeting), agenda_state(world.later)) == before


def test_an_item_deferred_meanwhile_counts_as_removed(world):
    stale = AgendaItem.objects.get(pk=world.item.pk)
    services.agenda_item_defer(user=SYSTEM, item=AgendaItem.objects.get(pk=world.item.pk), to_meeting=world.later)
    with pytest.raises(AgendaItemGone):
        services.agenda_item_update(user=SYSTEM, item=stale, title="Renamed")
    assert AgendaItem.objects.get(pk=world.item.pk).title == "Troubled Families"
