"""What became of the demo board's tracked actions (``demo/data/actions.yaml``, ``tracked``).

The minutes' services write the minuted actions (:mod:`demo.minutes`); the action log tracks each of them
(:func:`actions.services.actions_track_minutes`, called here at once rather than when the demo's
transaction commits). Their updates are then posted through the action log's services, acting as the
portal, and dated as the YAML says (the services date them today). Idempotent: an action that already has
updates, or has been reassigned, is left as it is.
"""

from __future__ import annotations

import datetime

from actions import services
from actions.models import Action, ActionUpdate
from boards.models import Board, Person
from core.permissions import SYSTEM
from meetings.models import Meeting, Minutes

from .content import demo_content


class DemoDataError(Exception):
    """actions.yaml names an action, person or meeting the demo does not have."""


def _day(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def _action(board: Board, spec: dict) -> Action:
    found = Action.objects.filter(
        board=board, meeting__date=_day(spec["meeting"]), text__startswith=spec["match"]
    ).first()
    if found is None:
        raise DemoDataError(f"actions.yaml: no action of {spec['meeting']} starts “{spec['match']}”.")
    return found


def _person(board: Board, initials: str) -> Person:
    person = Person.objects.filter(memberships__board=board, initials=initials).distinct().first()
    if person is None:
        raise DemoDataError(f"actions.yaml: no one on the board has the initials {initials}.")
    return person


def _dated(update: ActionUpdate, day: datetime.date) -> None:
    at = datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=datetime.UTC)
    ActionUpdate.objects.filter(pk=update.pk).update(created_at=at)
    action = update.action
    if action.closed_on is not None:
        Action.objects.filter(pk=action.pk).update(closed_on=day, updated_at=at)


def load_actions(result, *, board: Board) -> None:
    for minutes in Minutes.objects.filter(meeting__board=board):
        services.actions_track_minutes(minutes=minutes)
    for spec in demo_content("actions").get("tracked", []):
        action = _action(board, spec)
        if action.updates.exists():
            continue
        for row in spec.get("updates", []):
            meeting = None
            if row.get("at_meeting"):
                meeting = Meeting.objects.get(board=board, date=_day(row["at_meeting"]))
            update = services.action_post_update(
                user=SYSTEM, action=action, text=row.get("text", ""), status=row.get("status"), at_meeting=meeting
            )
            _dated(update, _day(row["date"]))
            action.refresh_from_db()
        if spec.get("reassign"):
            move = spec["reassign"]
            services.actions_reassign(
                user=SYSTEM,
                board=board,
                from_person=_person(board, move["from"]),
                to_person=_person(board, move["to"]),
                actions=[action],
            )
            _dated(action.updates.order_by("-pk").first(), _day(move["date"]))
        result.count("action histories")
