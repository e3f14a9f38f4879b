"""Record the demo board's minutes (``demo/data/minutes.yaml``) through the minutes' services.

The portal writes them as a coordinator would, acting as :data:`~core.permissions.SYSTEM`: the minutes
started from the meeting's agenda, each minute's discussion, decisions and actions (owners found by the
initials the notes print, among those who attended or sat on the board that day), the addenda, then the
draft circulated. Minutes the data says were confirmed are confirmed at the later meeting with the person
presiding, and signed off by that person through their own demo login (the sign-off asks for their
password, as it asks anyone); the portal's signing certificate is made first if there is none.

Idempotent: minutes already in the portal are not written again, and each later step is taken only if the
minutes have not reached it yet.
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from boards.models import Person, User
from core.permissions import SYSTEM
from demo.content import demo_content
from meetings.enums import MinutesStatus
from meetings.minutes import services
from meetings.models import Meeting, Minutes


class DemoDataError(ValueError):
    """minutes.yaml names a minute, person or login the demo does not have."""


def _minute(minutes: Minutes, number: str):
    minute = minutes.items.filter(number=number).first()
    if minute is None:
        raise DemoDataError(f"minutes.yaml: the minutes of {minutes.meeting.date} have no minute {number!r}.")
    return minute


def _owners(minutes: Minutes, initials: list[str]) -> list[Person]:
    """The people the notes name by their initials, among those who may own the minutes' actions."""
    choices: dict[str, Person] = {}
    for person in services.action_owner_choices(minutes):
        if person.initials:
            choices.setdefault(person.initials, person)
    missing = [i for i in initials if i not in choices]
    if missing:
        raise DemoDataError(
            f"minutes.yaml: no one with the initials {', '.join(missing)} attended or sat on the board on "
            f"{minutes.meeting.date}."
        )
    return [choices[i] for i in initials]


def _unwrap(text: str) -> str:
    """minutes.yaml keeps its lines short: each paragraph and each bullet ("- ") becomes one line again, with
    a blank line between paragraphs, as the minutes' Markdown expects."""
    lines: list[str] = []
    for raw in text.strip().splitlines():
        line = raw.strip()
        if not line:
            if lines and lines[-1]:
                lines.append("")
        elif lines and lines[-1] and not line.startswith("- "):
            lines[-1] += " " + line
        else:
            lines.append(line)
    return "\n".join(lines)


def _fill(minutes: Minutes, minute, row: dict) -> None:
    if row.get("notes"):
        services.minute_save(user=SYSTEM, minute=minute, notes=_unwrap(row["notes"]))
    for text in row.get("decisions", []):
        services.decision_add(user=SYSTEM, minute=minute, text=text)
    for action in row.get("actions", []):
        # The seed notes give no dates: ASSUMED "by the next meeting", as matters arising treats them,
        # unless the action names a date (`due: 2015-07-01`).
        due = action.get("due", "next_meeting")
        services.action_add(
            user=SYSTEM,
            minute=minute,
            text=action["text"],
            owners=_owners(minutes, [str(i) for i in action["owners"]]),
            due_date=None if due == "next_meeting" else datetime.date.fromisoformat(str(due)),
            due_next_meeting=due == "next_meeting",
        )


def _write(meeting: Meeting, spec: dict) -> Minutes:
    minutes = services.minutes_start(user=SYSTEM, meeting=meeting)
    for number, row in spec.get("minutes", {}).items():
        _fill(minutes, _minute(minutes, str(number)), row or {})
    for row in spec.get("addenda", []):
        minute = services.minute_insert(user=SYSTEM, minutes=minutes, after=None, title=row["title"], is_addendum=True)
        _fill(minutes, minute, row)
    return minutes


def _signing_certificate(result) -> None:
    """The portal's own signing certificate, made as an installation makes it, unless there is one."""
    path = Path(settings.MINUTES_SIGNING_KEY_FILE)
    if not path.exists():
        call_command("signing_certificate", stdout=io.StringIO())
        result.notes.append(f"Made the portal's signing certificate for minutes at {path}.")


def load_minutes(result, *, board, people: dict[str, Person]) -> None:
    data = demo_content("minutes")
    passwords = {row["email"]: row["password"] for row in demo_content("boards")["logins"]}
    for spec in data["minutes"]:
        meeting = Meeting.objects.get(board=board, date=datetime.date.fromisoformat(spec["meeting"]))
        minutes = Minutes.objects.filter(meeting=meeting).first()
        if minutes is None:
            minutes = _write(meeting, spec)
            result.count("minutes")
        if spec.get("circulate") and minutes.status == MinutesStatus.DRAFT:
            minutes = services.minutes_circulate(user=SYSTEM, minutes=minutes)
        confirm = spec.get("confirm")
        if confirm and minutes.status == MinutesStatus.CIRCULATED:
            at = Meeting.objects.get(board=board, date=datetime.date.fromisoformat(confirm["at"]))
            minutes = services.minutes_confirm(
                user=SYSTEM,
                minutes=minutes,
                at_meeting=at,
                presiding=people[confirm["presiding"]],
                presiding_role=confirm.get("role", ""),
            )
        sign_off = spec.get("sign_off")
        if sign_off and minutes.status == MinutesStatus.CONFIRMED:
            login = sign_off["login"]
            if login not in passwords:
                raise DemoDataError(f"minutes.yaml: {login} is not one of the demo logins in boards.yaml.")
            _signing_certificate(result)
            minutes = services.minutes_sign_off(
                user=User.objects.get(email=login), minutes=minutes, password=passwords[login]
            )
            when = f"{meeting.date.day} {meeting.date:%B %Y}"
            result.notes.append(
                f"Signed off the {minutes.heading_noun.lower()} of {when} as {minutes.signer_name} ({login}); "
                "their signed PDFs are built once the demo is saved."
            )
