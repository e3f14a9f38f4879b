"""One life cycle for a meeting: each stage, and the rules each step follows."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core.permissions import SYSTEM
from meetings import lifecycle, scheduling, services
from meetings.enums import PackEdition
from meetings.lifecycle import Stage
from meetings.packs import services as pack_services
from meetings.tests.factories import MeetingFactory, meeting_with_papers
from meetings.workdays import notice_warning

pytestmark = pytest.mark.django_db


def test_a_meeting_moves_through_its_stages(cast):
    meeting = meeting_with_papers(cast.board, date=timezone.localdate() + datetime.timedelta(days=20))
    assert lifecycle.stage_of(meeting) == Stage.DRAFT
    services.agenda_publish(user=cast.coordinator, meeting=meeting)
    assert lifecycle.stage_of(meeting) == Stage.PUBLISHED
    build = pack_services.pack_build_now(meeting=meeting, edition=PackEdition.MEMBERS, user=SYSTEM)
    pack_services.pack_issue(user=cast.coordinator, build=build)
    assert lifecycle.stage_of(meeting) == Stage.PACK_ISSUED
    meeting.date = timezone.localdate()
    meeting.save()
    scheduling.meeting_mark_held(user=cast.coordinator, meeting=meeting)
    assert lifecycle.stage_of(meeting) == Stage.HELD
    states = [(s.stage, s.state) for s in lifecycle.steps(meeting)]
    assert states == [
        (Stage.DRAFT, "done"),
        (Stage.PUBLISHED, "done"),
        (Stage.PACK_ISSUED, "done"),
        (Stage.HELD, "current"),
        (Stage.MINUTES_DRAFTED, "to do"),
        (Stage.MINUTES_APPROVED, "to do"),
    ]


def test_no_pack_is_issued_before_the_agenda_is_published(cast):
    meeting = meeting_with_papers(cast.board)
    build = pack_services.pack_build_now(meeting=meeting, edition=PackEdition.MEMBERS, user=SYSTEM)
    with pytest.raises(ValidationError, match="Publish the agenda before issuing a pack"):
        pack_services.pack_issue(user=cast.coordinator, build=build)


def test_a_board_can_ask_its_chair_to_approve_each_agenda(cast, client):
    cast.board.agenda_needs_approval = True
    cast.board.save()
    meeting = meeting_with_papers(cast.board)
    with pytest.raises(ValidationError, match="ask the chair to approve it"):
        services.agenda_publish(user=cast.coordinator, meeting=meeting)
    with pytest.raises(PermissionDenied):
        services.agenda_approve(user=cast.coordinator, meeting=meeting)
    assert [s.stage for s in lifecycle.steps(meeting)][:2] == [Stage.DRAFT, Stage.APPROVED]

    client.force_login(cast.chair)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Approve the agenda" in page
    client.post(reverse("meetings:agenda_approve", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.agenda_approved_by == cast.chair
    assert lifecycle.stage_of(meeting) == Stage.APPROVED
    services.agenda_publish(user=cast.coordinator, meeting=meeting)
    assert lifecycle.stage_of(meeting) == Stage.PUBLISHED


def test_approval_is_off_by_default(cast):
    meeting = meeting_with_papers(cast.board)
    assert Stage.APPROVED not in [s.stage for s in lifecycle.steps(meeting)]
    services.agenda_publish(user=cast.coordinator, meeting=meeting)


def test_the_notice_warning_clears_once_the_members_pack_is_issued(cast):
    meeting = meeting_with_papers(
        cast.board, date=datetime.date(2030, 3, 14), pack_issue_date=datetime.date(2030, 3, 12)
    )
    assert notice_warning(meeting)
    services.agenda_publish(user=cast.coordinator, meeting=meeting)
    build = pack_services.pack_build_now(meeting=meeting, edition=PackEdition.MEMBERS, user=SYSTEM)
    pack_services.pack_issue(user=cast.coordinator, build=build)
    assert notice_warning(meeting) is None


def test_a_held_meetings_agenda_changes_only_as_recorded_revisions(cast):
    meeting = meeting_with_papers(cast.board, date=timezone.localdate() - datetime.timedelta(days=1))
    scheduling.meeting_mark_held(user=cast.coordinator, meeting=meeting)
    item = meeting.items.get(title="Troubled Families")
    services.agenda_item_update(user=cast.coordinator, item=item, title="Troubled Families programme")
    assert meeting.revisions.get().summary == "Item changed: Troubled Families programme"


def test_past_meetings_still_scheduled_are_listed_for_the_coordinator(client, cast):
    past = MeetingFactory(board=cast.board, date=timezone.localdate() - datetime.timedelta(days=10))
    MeetingFactory(board=cast.board, date=timezone.localdate() + datetime.timedelta(days=10))
    assert list(lifecycle.awaiting_outcome(cast.board.meetings.all())) == [past]
    url = reverse("meetings:board_meetings", args=[cast.board.slug])
    client.force_login(cast.coordinator)
    assert "Meetings that have passed: record what happened" in client.get(url).content.decode()
    client.force_login(cast.member)
    assert "Meetings that have passed" not in client.get(url).content.decode()


def test_the_coordinators_dashboard_lists_past_meetings_to_record(client, cast):
    past = MeetingFactory(board=cast.board, date=timezone.localdate() - datetime.timedelta(days=3))
    client.force_login(cast.coordinator)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Meetings that have passed: record what happened" in page and past.get_absolute_url() in page
    client.force_login(cast.member)
    assert "Meetings that have passed" not in client.get(reverse("dashboard")).content.decode()
    client.force_login(cast.other_coordinator)
    assert "Meetings that have passed" not in client.get(reverse("dashboard")).content.decode()
