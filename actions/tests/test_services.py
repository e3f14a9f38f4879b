"""Tracked actions: from the minutes, raised outside a meeting, updated by their owners, rated, reassigned."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from actions import services
from actions.enums import ActionSource, ActionStatus, Rag
from actions.models import Action, ActionUpdate
from actions.selectors import board_actions, my_open_actions, rag_of
from boards.models import Membership
from boards.tests.factories import PersonFactory
from meetings.enums import AttendanceStatus, MeetingStatus
from meetings.minutes import services as minutes_services
from meetings.tests.factories import AgendaItemFactory, AttendanceFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_documents(monkeypatch):
    monkeypatch.setattr("meetings.minutes.documents.documents_request", lambda **kwargs: [])


@pytest.fixture
def minutes(cast, django_capture_on_commit_callbacks):
    Membership.objects.filter(board=cast.board).update(start_date=datetime.date(2010, 1, 1))
    meeting = MeetingFactory(board=cast.board, date=datetime.date(2015, 5, 21), status=MeetingStatus.HELD)
    AgendaItemFactory(meeting=meeting, position=1, title="Child sexual exploitation")
    AgendaItemFactory(meeting=meeting, position=2, title="Any other business")
    with django_capture_on_commit_callbacks(execute=True):
        return minutes_services.minutes_start(user=cast.coordinator, meeting=meeting)


def minute_action(cast, minutes, owners, text="Set up a Task and Finish Group.", **due):
    return minutes_services.action_add(
        user=cast.coordinator, minute=minutes.items.first(), text=text, owners=owners, **due
    )


def test_a_minuted_action_is_tracked_and_follows_the_draft(cast, minutes, django_capture_on_commit_callbacks):
    karl = PersonFactory(first_name="Karl", last_name="Turner", initials="KT")
    AttendanceFactory(meeting=minutes.meeting, person=karl, status=AttendanceStatus.IN_ATTENDANCE)
    with django_capture_on_commit_callbacks(execute=True):
        minuted = minute_action(cast, minutes, [karl, cast.coordinator.person], due_next_meeting=True)
    action = Action.objects.get(minuted_action=minuted)
    assert action.source == ActionSource.MINUTES and action.minute == minutes.items.first()
    assert action.number == 1 and action.due_next_meeting
    assert [r.person for r in action.owner_rows.order_by("position")] == [karl, cast.coordinator.person]
    with django_capture_on_commit_callbacks(execute=True):
        minutes_services.action_change(
            user=cast.coordinator, action=minuted, text="Set up the group.", owners=[karl], due_next_meeting=True
        )
    action.refresh_from_db()
    assert action.text == "Set up the group." and list(action.owners.all()) == [karl]
    with django_capture_on_commit_callbacks(execute=True):
        minutes_services.action_remove(user=cast.coordinator, action=minuted)
    assert not Action.objects.filter(pk=action.pk).exists()


def test_an_action_removed_after_updates_is_cancelled_not_lost(cast, minutes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        minuted = minute_action(cast, minutes, [cast.member.person])
    action = Action.objects.get(minuted_action=minuted)
    services.action_post_update(user=cast.member, action=action, text="Group meets on Monday.")
    with django_capture_on_commit_callbacks(execute=True):
        minutes_services.action_remove(user=cast.coordinator, action=minuted)
    action.refresh_from_db()
    assert action.status == ActionStatus.CANCELLED and action.status_reason == "Taken out of the draft minutes."


def test_owners_update_their_own_actions_only(cast, minutes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        minuted = minute_action(cast, minutes, [cast.member.person])
    action = Action.objects.get(minuted_action=minuted)
    with pytest.raises(PermissionDenied):
        services.action_post_update(user=cast.chair, action=action, text="Not mine")
    with pytest.raises(ValidationError, match="Say why"):
        services.action_post_update(user=cast.member, action=action, status=ActionStatus.DEFERRED)
    update = services.action_post_update(
        user=cast.member, action=action, text="Done: terms agreed.", status=ActionStatus.COMPLETED
    )
    action.refresh_from_db()
    assert update.changed_status and action.status == ActionStatus.COMPLETED and action.closed_on is not None
    assert action.completion_note == "Done: terms agreed."
    # A coordinator may update any action.
    services.action_post_update(user=cast.coordinator, action=action, status=ActionStatus.OPEN, text="Reopened")
    action.refresh_from_db()
    assert action.closed_on is None


def test_rag_from_status_and_due_date_with_a_reasoned_override(cast):
    action = services.action_create(
        user=cast.coordinator,
        board=cast.board,
        text="Publish the learning brief.",
        owners=[cast.member.person],
        due_date=datetime.date(2026, 1, 10),
    )
    action = board_actions(cast.board).get(pk=action.pk)
    assert rag_of(action, today=datetime.date(2025, 12, 1)) == Rag.GREEN
    assert rag_of(action, today=datetime.date(2026, 1, 5)) == Rag.AMBER
    assert rag_of(action, today=datetime.date(2026, 1, 11)) == Rag.RED
    with pytest.raises(ValidationError, match="Say why"):
        services.action_set_rag(user=cast.coordinator, action=action, rag=Rag.GREEN)
    services.action_set_rag(user=cast.coordinator, action=action, rag=Rag.GREEN, reason="Agreed extension")
    action = board_actions(cast.board).get(pk=action.pk)
    assert rag_of(action, today=datetime.date(2026, 1, 11)) == Rag.GREEN
    with pytest.raises(PermissionDenied):
        services.action_set_rag(user=cast.member, action=action, rag="", reason="")


def test_by_next_meeting_means_that_meetings_date(cast, minutes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        minute_action(cast, minutes, [cast.member.person], due_next_meeting=True)
    action = board_actions(cast.board).get()
    assert action.due_on is None  # no next meeting yet
    MeetingFactory(board=cast.board, date=datetime.date(2015, 9, 17))
    MeetingFactory(board=cast.board, date=datetime.date(2015, 12, 10))
    assert board_actions(cast.board).get().due_on == datetime.date(2015, 9, 17)


def test_reassigning_a_leavers_open_actions(cast):
    leaver = cast.member.person
    newcomer = PersonFactory()
    open_one = services.action_create(user=cast.coordinator, board=cast.board, text="A", owners=[leaver])
    joint = services.action_create(
        user=cast.coordinator, board=cast.board, text="B", owners=[cast.chair.person, leaver]
    )
    done = services.action_create(user=cast.coordinator, board=cast.board, text="C", owners=[leaver])
    services.action_post_update(user=cast.coordinator, action=done, status=ActionStatus.COMPLETED, text="Done")
    moved = services.actions_reassign(user=cast.coordinator, board=cast.board, from_person=leaver, to_person=newcomer)
    assert {a.pk for a in moved} == {open_one.pk, joint.pk}
    assert list(joint.owners.order_by("action_ownerships__position")) == [cast.chair.person, newcomer]
    assert list(done.owners.all()) == [leaver]
    assert ActionUpdate.objects.filter(action=open_one, text__startswith="Reassigned from").exists()


def test_my_open_actions_overdue_first(cast, clock):
    me = cast.member
    later = services.action_create(
        user=cast.coordinator, board=cast.board, text="Later", owners=[me.person], due_date=datetime.date(2099, 1, 1)
    )
    overdue = services.action_create(
        user=cast.coordinator, board=cast.board, text="Overdue", owners=[me.person], due_date=datetime.date(2020, 1, 1)
    )
    undated = services.action_create(user=cast.coordinator, board=cast.board, text="Undated", owners=[me.person])
    assert [a.pk for a in my_open_actions(me)] == [overdue.pk, later.pk, undated.pk]


def test_an_action_minuted_in_part_two_is_not_read_by_an_observer(cast, minutes, django_capture_on_commit_callbacks):
    from actions.selectors import can_see_action
    from boards.enums import Role
    from boards.tests.factories import MembershipFactory, UserFactory
    from meetings.models import Minute

    observer = UserFactory()
    MembershipFactory(board=cast.board, person=observer.person, role=Role.OBSERVER)
    with django_capture_on_commit_callbacks(execute=True):
        minuted = minute_action(cast, minutes, [cast.member.person])
    action = Action.objects.get(minuted_action=minuted)
    assert can_see_action(observer, action) and can_see_action(cast.member, action)
    Minute.objects.filter(pk=minuted.minute_id).update(confidential=True)
    assert not can_see_action(observer, action)
    assert can_see_action(cast.member, action) and can_see_action(cast.chair, action)
    assert not observer.has_perm("actions.view_action", action)
    assert not can_see_action(cast.outsider, action)


def test_the_public_action_log_holds_no_part_two_action(cast, minutes, django_capture_on_commit_callbacks):
    from actions.meeting_log import meeting_action_log
    from meetings.models import Minute

    with django_capture_on_commit_callbacks(execute=True):
        secret = minute_action(cast, minutes, [cast.member.person], text="Review the child's case.")
        minutes_services.action_add(
            user=cast.coordinator, minute=minutes.items.last(), text="Book the venue.", owners=[cast.member.person]
        )
    Minute.objects.filter(pk=secret.minute_id).update(confidential=True)
    next_meeting = MeetingFactory(board=cast.board, date=datetime.date(2015, 9, 17))
    members = str(meeting_action_log(next_meeting).as_data())
    public = str(meeting_action_log(next_meeting, public=True).as_data())
    assert "Review the child's case." in members and "Book the venue." in members
    assert "Review the child's case." not in public and "Book the venue." in public
