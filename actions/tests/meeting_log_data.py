"""A board's action log as it stands before its meeting of 17 September 2015, for the tests of the action log
paper and of the live log on the meeting page.

The previous meeting (21 May 2015, minute 4 "Child sexual exploitation") raised the actions; by 17 September
one is overdue and in progress, one is due by the next meeting, one is due in December, one was completed in
August and one cancelled in June. An action closed before May, one raised at the September meeting itself and
another board's action are not part of the log.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from actions import services
from actions.enums import ActionSource, ActionStatus
from actions.models import Action, ActionOwner, ActionUpdate
from boards.models import Membership
from boards.tests.factories import PersonFactory
from meetings.enums import MeetingStatus, Standing
from meetings.minutes.models import Minute, Minutes
from meetings.tests.factories import AgendaItemFactory, MeetingFactory, meeting_with_papers

PREVIOUS = datetime.date(2015, 5, 21)
MEETING = datetime.date(2015, 9, 17)


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def add_action(board, number: int, text: str, owners, *, meeting=None, minute=None, **fields) -> Action:
    """An action as the minutes' tracking makes it, written directly (the services stamp today's date)."""
    fields.setdefault("created_at", at(meeting.date if meeting else PREVIOUS))
    action = Action.objects.create(
        board=board,
        number=number,
        text=text,
        source=ActionSource.MINUTES if meeting else ActionSource.OUTSIDE,
        meeting=meeting,
        minute=minute,
        **fields,
    )
    ActionOwner.objects.bulk_create(
        ActionOwner(action=action, person=person, position=index) for index, person in enumerate(owners)
    )
    return action


def post(clock, user, action: Action, day: datetime.date, **update) -> ActionUpdate:
    """An update posted through the service on ``day``."""
    clock.now = at(day)
    return services.action_post_update(user=user, action=action, **update)


@dataclass
class ActionLogScene:
    meeting: object
    previous: object
    item: object
    actions: dict[str, Action] = field(default_factory=dict)


def action_log_scene(cast, clock) -> ActionLogScene:
    """The September meeting (with the standard papers and an "Action log" item) and its board's actions."""
    board = cast.board
    Membership.objects.filter(board=board).update(start_date=datetime.date(2010, 1, 1))  # seated in 2015 too
    previous = MeetingFactory(board=board, date=PREVIOUS, status=MeetingStatus.HELD)
    minutes = Minutes.objects.create(meeting=previous, style="partnership")
    minute = Minute.objects.create(minutes=minutes, position=4, number="4", title="Child sexual exploitation")
    meeting = meeting_with_papers(board, date=MEETING)
    item = AgendaItemFactory(
        meeting=meeting, title="Action log", standing=Standing.ACTION_LOG, generated_kind="action_log", position=3
    )
    karl = PersonFactory(first_name="Karl", last_name="Turner", initials="KT")
    sue = PersonFactory(first_name="Sue", last_name="Ashworth", initials="SA")
    dawn = PersonFactory(first_name="Dawn", last_name="McCarthy", initials="DMc")
    scene = ActionLogScene(meeting=meeting, previous=previous, item=item)
    new = scene.actions
    new["overdue"] = add_action(
        board,
        1,
        "Set up a Task and Finish Group on CSE",
        [karl, sue],
        meeting=previous,
        minute=minute,
        due_date=datetime.date(2015, 7, 31),
    )
    new["next"] = add_action(
        board, 2, "Circulate the MASPI action plan", [dawn], meeting=previous, minute=minute, due_next_meeting=True
    )
    new["later"] = add_action(
        board,
        3,
        "Report school attendance figures",
        [sue],
        meeting=previous,
        minute=minute,
        due_date=datetime.date(2015, 12, 1),
    )
    new["done"] = add_action(
        board,
        4,
        "Share the Early Help strategy",
        [karl],
        meeting=previous,
        minute=minute,
        due_date=datetime.date(2015, 8, 31),
    )
    new["cancelled"] = add_action(
        board,
        5,
        "Invite the Police and Crime Commissioner",
        [dawn],
        meeting=previous,
        minute=minute,
        due_next_meeting=True,
    )
    new["old"] = add_action(
        board,
        6,
        "Agree the board's terms of reference",
        [karl],
        created_at=at(datetime.date(2015, 2, 1)),
        status=ActionStatus.COMPLETED,
        closed_on=datetime.date(2015, 3, 1),
    )
    new["raised_here"] = add_action(board, 7, "Raised at the September meeting", [karl], meeting=meeting)
    new["elsewhere"] = add_action(cast.other_board, 1, "Another board's action", [karl], created_at=at(PREVIOUS))
    post(
        clock,
        cast.coordinator,
        new["overdue"],
        datetime.date(2015, 7, 1),
        text="Terms of reference drafted.",
        status=ActionStatus.IN_PROGRESS,
    )
    post(
        clock,
        cast.coordinator,
        new["cancelled"],
        datetime.date(2015, 6, 15),
        status=ActionStatus.CANCELLED,
        reason="The Commissioner attends the Safeguarding Board instead.",
    )
    post(
        clock,
        cast.coordinator,
        new["done"],
        datetime.date(2015, 8, 10),
        text="Strategy sent to all partners.",
        status=ActionStatus.COMPLETED,
    )
    clock.now = at(datetime.date(2015, 9, 1))
    for action in new.values():
        action.refresh_from_db()
    return scene


def more_actions(board, count: int, *, meeting, start: int = 100) -> None:
    """``count`` more open actions from ``meeting``, each with two owners and an update."""
    owners = [PersonFactory(), PersonFactory()]
    for n in range(count):
        action = add_action(board, start + n, f"Extra action {n}", owners, meeting=meeting, due_date=MEETING)
        ActionUpdate.objects.create(action=action, text=f"Update {n}", created_at=at(datetime.date(2015, 8, 1)))
