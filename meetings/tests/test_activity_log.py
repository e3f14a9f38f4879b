"""One activity log: every change with business meaning, who made it, and who read confidential material."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from boards import services as board_services
from core.activity import registered_actions
from core.models import ActivityLog
from core.permissions import SYSTEM
from meetings import services
from meetings.enums import PackEdition
from meetings.models import AgendaItem, Paper
from meetings.packs.services import pack_build_now
from meetings.tests.factories import meeting_with_papers

pytestmark = pytest.mark.django_db


def test_every_action_code_in_the_code_has_words():
    """A history page never shows a bare code: each ``log_action("app.thing.verb", ...)`` is registered."""
    root = Path(settings.BASE_DIR)
    codes = set()
    for path in root.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text()
        codes |= set(re.findall(r'"((?:boards|meetings|actions|performance)\.[a-z_]+\.[a-z_]+)"', text))
    codes = {c for c in codes if not c.startswith(("meetings.manage", "boards.manage"))}
    codes = {c for c in codes if c.count(".") == 2 and "_" not in c.split(".")[0]}
    missing = {c for c in codes if c not in registered_actions() and not c.endswith(("_meeting", "_board"))}
    missing -= {c for c in missing if c.split(".")[1] in ("view", "change", "add", "erase")}
    assert not missing, f"register words for: {sorted(missing)}"


def test_a_change_records_who_what_and_before_and_after(cast):
    meeting = meeting_with_papers(cast.board)
    item = AgendaItem.objects.get(meeting=meeting, title="Troubled Families")
    services.agenda_item_update(user=cast.coordinator, item=item, duration_minutes=25, title="Troubled Families update")
    entry = ActivityLog.objects.for_object(item).get(action="meetings.item.changed")
    assert entry.actor == cast.coordinator and entry.scope == cast.board
    assert entry.data["changes"]["title"] == ["Troubled Families", "Troubled Families update"]
    assert entry.data["changes"]["duration_minutes"][1] == 25
    assert "intended_outcome" not in entry.data["changes"]


def test_board_changes_are_logged(cast):
    board_services.board_update(user=cast.coordinator, board=cast.board, short_name="CSPB")
    entry = ActivityLog.objects.for_object(cast.board).get(action="boards.board.changed")
    assert entry.data["changes"] == {"short_name": ["CPB", "CSPB"]}


def test_reading_a_part_two_paper_or_members_pack_is_recorded_for_the_coordinators(client, cast):
    meeting = meeting_with_papers(cast.board)
    exempt = Paper.objects.get(title="Tender evaluation")
    open_paper = Paper.objects.get(title="Troubled Families report")
    client.force_login(cast.member)
    assert client.get(reverse("meetings:paper_file", args=[exempt.pk])).status_code == 200
    assert client.get(reverse("meetings:paper_file", args=[open_paper.pk])).status_code == 200
    build = pack_build_now(meeting=meeting, edition=PackEdition.MEMBERS, user=SYSTEM)
    assert client.get(reverse("meetings:pack_download", args=[build.pk])).status_code == 200
    reads = ActivityLog.objects.filter(action__in=["meetings.paper.opened", "meetings.pack.downloaded"])
    assert [(e.action, e.actor) for e in reads.order_by("pk")] == [
        ("meetings.paper.opened", cast.member),
        ("meetings.pack.downloaded", cast.member),
    ]

    url = reverse("boards:board_activity", args=[cast.board.slug]) + "?show=access"
    client.force_login(cast.member)
    assert client.get(url).status_code == 403
    client.force_login(cast.coordinator)
    page = client.get(url).content.decode()
    assert "Confidential paper opened" in page and "Tender evaluation" in page
    assert "Members&#x27; pack opened" in page or "Members' pack opened" in page
    client.force_login(cast.other_coordinator)
    assert client.get(url).status_code == 403


def test_the_activity_page_reads_in_constant_queries(client, cast, django_assert_max_num_queries):
    meeting = meeting_with_papers(cast.board)
    for n in range(60):
        services.meeting_update(user=cast.coordinator, meeting=meeting, online_link=f"https://example.org/{n}")
    client.force_login(cast.coordinator)
    url = reverse("boards:board_activity", args=[cast.board.slug])
    with django_assert_max_num_queries(12):
        page = client.get(url)
    assert page.status_code == 200 and "Page 1 of 2" in page.content.decode()
    assert "Meeting details changed" in page.content.decode()


def test_a_meetings_history_lists_its_changes_and_reads_in_constant_queries(
    client, cast, django_assert_max_num_queries
):
    meeting = meeting_with_papers(cast.board)
    item = AgendaItem.objects.get(meeting=meeting, title="Troubled Families")
    services.agenda_item_update(user=cast.coordinator, item=item, title="Troubled Families update")
    other = meeting_with_papers(cast.board, date=meeting.date.replace(year=2031))
    services.meeting_update(user=cast.coordinator, meeting=other, online_link="https://example.org/other")
    url = reverse("meetings:meeting_history", args=[meeting.pk])
    client.force_login(cast.member)
    assert client.get(url).status_code == 403
    client.force_login(cast.coordinator)
    with django_assert_max_num_queries(14):
        page = client.get(url).content.decode()
    assert "Troubled Families update" in page and "https://example.org/other" not in page
    for n in range(30):
        services.agenda_item_update(user=cast.coordinator, item=item, minutes=n + 1)
    with django_assert_max_num_queries(14):
        client.get(url)
