"""The demo's minutes (demo/data/minutes.yaml, demo/minutes.py): the notes of 21 May 2015 and of 14 December
2016 recorded through the services as the seed packs print them, the 2015 notes confirmed and signed off
with a stored, digitally signed PDF, the 2016 notes a circulated draft; and load_demo still idempotent."""

from __future__ import annotations

import datetime
import hashlib
import io

import pytest
from django.core.management import call_command

from boards.models import User
from core.models import ActivityLog
from demo.content import demo_content
from meetings.enums import DecisionWording, MinutesDocumentKind, MinutesStatus, PackEdition, PackStatus
from meetings.models import Decision, Meeting, Minute, MinutedAction, Minutes, MinutesDocument
from testsupport.storage import local_copy

MAY_2015 = datetime.date(2015, 5, 21)
DECEMBER_2016 = datetime.date(2016, 12, 14)

# The ACTION BY column of the seed notes, minute by minute ("" is the addendum written after the meeting).
ACTIONS = {
    MAY_2015: {
        "4": ["SA", "SA", "IE"],  # CSE standing item; invite Graham Lowe; task and finish group
        "5": ["LM"],  # forward plan
        "7": ["LM"],  # how Working Together with Families will be reported
        "8": ["KT/SA"],  # joint induction
        "9": ["SA"],  # future dates
        "": ["RM/LM"],  # "At the conclusion of the meeting, the MASPI Action Plan ..."
    },
    DECEMBER_2016: {"5": ["DMc"], "5a": ["LE"], "6a": ["JA"]},
}


def load(capture, **options) -> str:
    out = io.StringIO()
    with capture(execute=True):  # the minutes' PDFs are built once the load is saved
        call_command("load_demo", "--no-pack", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks):
    return load(django_capture_on_commit_callbacks)


def actions_by_minute(day) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    actions = MinutedAction.objects.filter(
        minute__minutes__meeting__date=day, minute__minutes__meeting__board__short_name="CPB"
    )
    for action in (
        actions.select_related("minute").prefetch_related("owner_rows__person").order_by("minute__position", "position")
    ):
        found.setdefault(action.minute.number, []).append(action.owner_initials)
    return found


# The data, without a database --------------------------------------------------------------------------


def test_the_data_names_the_owners_by_the_initials_of_people_in_the_demo():
    initials = {p["initials"] for p in demo_content("boards")["people"]}
    for spec in demo_content("minutes")["minutes"]:
        rows = [*spec.get("minutes", {}).values(), *spec.get("addenda", [])]
        for row in rows:
            for action in (row or {}).get("actions", []):
                assert set(action["owners"]) <= initials, action


def test_the_2015_chair_who_signs_has_a_demo_login():
    logins = {row["email"]: row for row in demo_content("boards")["logins"]}
    [may] = [s for s in demo_content("minutes")["minutes"] if s["meeting"] == "2015-05-21"]
    login = logins[may["sign_off"]["login"]]
    assert login["person"] == may["confirm"]["presiding"] == "rebecca_huddleston"


# Loaded ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_minutes_are_recorded_as_the_seeds_print_them(demo):
    assert actions_by_minute(MAY_2015) == ACTIONS[MAY_2015]
    assert actions_by_minute(DECEMBER_2016) == ACTIONS[DECEMBER_2016]
    may = Minutes.objects.get(meeting__board__short_name="CPB", meeting__date=MAY_2015)
    addendum = may.items.get(is_addendum=True)
    assert addendum.notes.startswith("At the conclusion of the meeting, the MASPI Action Plan was discussed")
    assert list(may.items.values_list("number", flat=True)) == ["1", "2", "3", "4", "5", "6", "7", "8", "9", ""]
    # "The Board agreed:" bullets, numbered in the board's register.
    decisions = Decision.objects.filter(minute__minutes=may).order_by("register_sequence")
    assert [(d.register_number, d.minute.number) for d in decisions] == [
        ("CPB/2015/001", "2"),
        ("CPB/2015/002", "2"),
        ("CPB/2015/003", "3"),
        ("CPB/2015/004", "3"),
        ("CPB/2015/005", "4"),
        ("CPB/2015/006", "4"),
        ("CPB/2015/007", "4"),
    ]
    assert {d.wording for d in decisions} == {DecisionWording.AGREED}
    assert decisions[4].text == "To have CSE as a standing item on the agenda."
    # Names and facts of the discussion are kept.
    notes = "\n".join(may.items.values_list("notes", flat=True))
    for fact in ("Dunkenhalgh Hotel", "Ella Fossard", "Instant Atlas", "40% across the board", "Glenburn"):
        assert fact in notes
    december = Minutes.objects.get(meeting__board__short_name="CPB", meeting__date=DECEMBER_2016)
    assert december.status == MinutesStatus.CIRCULATED and december.confirmed_at is None
    assert "Lee Kearns" in december.items.get(number="6a").actions.get().text


@pytest.mark.django_db
def test_the_2015_notes_are_confirmed_and_signed_with_a_stored_signed_pdf(demo):
    from meetings.minutes.signing import check_pdf_signatures

    may = Minutes.objects.select_related("confirmed_at_meeting", "presiding", "signed_by").get(
        meeting__board__short_name="CPB", meeting__date=MAY_2015
    )
    assert may.status == MinutesStatus.SIGNED
    assert may.confirmed_at_meeting.date == datetime.date(2015, 9, 17)
    assert (may.presiding.full_name, may.presiding_role) == ("Rebecca Huddleston", "Chair")
    assert may.signed_by == User.objects.get(email="chair-2015@example.org")
    signed = MinutesDocument.objects.filter(minutes=may, kind=MinutesDocumentKind.SIGNED)
    assert sorted(signed.values_list("edition", flat=True)) == [PackEdition.MEMBERS, PackEdition.PUBLIC]
    for document in signed:
        assert document.status == PackStatus.DONE, document.error
        data = local_copy(document.file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == document.sha256
        assert document.file.name.startswith("minutes/cpb/")  # in the default storage, beside the packs
        [signature] = check_pdf_signatures(data)
        assert signature.intact and signature.valid
    assert "Signed off the notes of 21 May 2015 as Rebecca Huddleston (chair-2015@example.org)" in demo
    assert "Chair in 2015  chair-2015@example.org       password: demo-chair-2015" in demo
    # The sign-off is the chair's own act in the activity log; everything else the portal's.
    people = ActivityLog.objects.filter(system_actor="").values_list("action", flat=True)
    assert list(people) == ["meetings.minutes.signed"]


@pytest.mark.django_db
def test_a_missing_signing_certificate_is_made_first(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MINUTES_SIGNING_KEY_FILE = tmp_path / "var" / "minutes-signing.p12"
    out = load(django_capture_on_commit_callbacks)
    assert settings.MINUTES_SIGNING_KEY_FILE.exists()
    assert f"Made the portal's signing certificate for minutes at {settings.MINUTES_SIGNING_KEY_FILE}." in out
    assert Minutes.objects.get(meeting__date=MAY_2015).status == MinutesStatus.SIGNED


@pytest.mark.django_db
def test_loading_twice_changes_nothing(demo, django_capture_on_commit_callbacks):
    def counts():
        return (
            Minutes.objects.count(),
            Minute.objects.count(),
            Decision.objects.count(),
            MinutedAction.objects.count(),
            MinutesDocument.objects.count(),
            ActivityLog.objects.count(),
            list(Minutes.objects.order_by("pk").values_list("status", "signed_at")),
            Meeting.objects.count(),
        )

    before = counts()
    again = load(django_capture_on_commit_callbacks)
    assert counts() == before
    assert "Created: nothing new (already loaded)." in again
    assert "Signed off" not in again


def test_the_action_log_tracks_every_minuted_action_with_realistic_statuses(demo, django_capture_on_commit_callbacks):
    from actions.enums import ActionStatus
    from actions.models import Action
    from actions.selectors import board_actions, is_overdue, owner_initials

    listed = list(board_actions(Action.objects.get(text__startswith="To have CSE").board))

    def action(start: str) -> Action:
        [found] = [a for a in listed if a.text.startswith(start)]
        return found

    assert len(listed) == MinutedAction.objects.filter(minute__minutes__meeting__board__short_name="CPB").count()
    cse = action("To have CSE as a standing item")
    assert cse.status == ActionStatus.COMPLETED and cse.closed_at_meeting.date == datetime.date(2015, 9, 17)
    joint = action("Karl/Sarah to invite elected me")
    assert owner_initials(joint) == "KT/SA" and joint.status == ActionStatus.COMPLETED
    louise = action("Louise to share the following i")
    assert louise.status == ActionStatus.IN_PROGRESS and is_overdue(louise)
    assert louise.due_on == datetime.date(2017, 3, 16)  # "by the next meeting"
    julie = action("How are 6mth and 12mth tracked")
    assert owner_initials(julie) == "TG"  # reassigned when Julie Appleby left the board
    assert julie.updates.get().text == "Reassigned from Julie Appleby to Tim Grose."
    # Loading again changes nothing.
    before = sorted(Action.objects.values_list("pk", "status", "updated_at"))
    load(django_capture_on_commit_callbacks)
    assert sorted(Action.objects.values_list("pk", "status", "updated_at")) == before
