"""The minutes' services: drafted from the agenda, numbered, decisions in the register, minuted actions,
circulation and comments, confirmation at the next meeting, sign-off by the person presiding, and the lock
that no door gets past."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from boards.enums import BoardKind, Role
from boards.models import Membership
from boards.tests.factories import MembershipFactory, PersonFactory, UserFactory
from meetings.enums import AttendanceStatus, DecisionWording, MeetingStatus, MinutesStatus, Standing
from meetings.minutes import services
from meetings.models import Decision, Minute, MinutedAction, Minutes, MinutesLocked, Recommendation
from meetings.signals import minutes_saved
from meetings.tests.factories import AgendaItemFactory, AttendanceFactory, MeetingFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2015, 5, 21)


@pytest.fixture(autouse=True)
def _no_documents(monkeypatch):
    """These tests are about the text and its life cycle; the PDFs have their own tests."""
    monkeypatch.setattr("meetings.minutes.documents.documents_request", lambda **kwargs: [])


@pytest.fixture
def held(cast, clock):
    Membership.objects.filter(board=cast.board).update(start_date=datetime.date(2010, 1, 1))
    meeting = MeetingFactory(board=cast.board, date=DAY, status=MeetingStatus.HELD)
    for position, (title, standing) in enumerate(
        [
            ("Welcome and introductions", Standing.WELCOME),
            ("Minutes of last meeting and matters arising", Standing.MINUTES),
            ("Safeguarding", ""),
            ("Child sexual exploitation", ""),
            ("Any other business", Standing.AOB),
        ],
        start=1,
    ):
        AgendaItemFactory(meeting=meeting, position=position, title=title, standing=standing)
    return meeting


def start(cast, meeting):
    return services.minutes_start(user=cast.coordinator, meeting=meeting)


def test_minutes_start_from_the_agenda_in_order_with_its_numbers(cast, held):
    minutes = start(cast, held)
    rows = list(minutes.items.values_list("number", "title"))
    assert rows == [
        ("1", "Welcome and introductions"),
        ("2", "Minutes of last meeting and matters arising"),
        ("3", "Safeguarding"),
        ("4", "Child sexual exploitation"),
        ("5", "Any other business"),
    ]
    assert start(cast, held).pk == minutes.pk  # safe to call twice
    assert Minute.objects.filter(minutes=minutes).count() == 5


def test_only_coordinators_start_or_write_minutes(cast, held):
    with pytest.raises(PermissionDenied):
        services.minutes_start(user=cast.member, meeting=held)
    minutes = start(cast, held)
    with pytest.raises(PermissionDenied):
        services.minute_save(user=cast.chair, minute=minutes.items.first(), notes="Hello")


def test_no_minutes_before_the_day(cast, clock):
    meeting = MeetingFactory(board=cast.board, date=datetime.date(2099, 1, 1))
    with pytest.raises(ValidationError, match="from the day of the meeting"):
        start(cast, meeting)


def test_inserted_minute_takes_the_number_before_it_with_a_letter(cast, held):
    minutes = start(cast, held)
    third = minutes.items.get(number="3")
    inserted = services.minute_insert(user=cast.coordinator, minutes=minutes, after=third, title="Youth Zone visit")
    again = services.minute_insert(user=cast.coordinator, minutes=minutes, after=third, title="Another")
    addendum = services.minute_insert(
        user=cast.coordinator, minutes=minutes, after=None, title="MASPI action plan", is_addendum=True
    )
    order = list(minutes.items.order_by("position").values_list("number", "title"))
    assert order[2:5] == [("3", "Safeguarding"), ("3B", "Another"), ("3A", "Youth Zone visit")]
    assert order[-1] == ("", "MASPI action plan")
    assert inserted.number == "3A" and again.number == "3B" and addendum.label == "Addendum"


def test_council_minutes_number_through_the_municipal_year(cast, council, clock):
    first = MeetingFactory(board=council, date=datetime.date(2015, 6, 10), status=MeetingStatus.HELD)
    second = MeetingFactory(board=council, date=datetime.date(2015, 9, 10), status=MeetingStatus.HELD)
    next_year = MeetingFactory(board=council, date=datetime.date(2016, 5, 20), status=MeetingStatus.HELD)
    for meeting in (first, second, next_year):
        for position in range(1, 4):
            AgendaItemFactory(meeting=meeting, position=position, title=f"Item {position}")
    start(cast, first)
    minutes = start(cast, second)
    assert list(minutes.items.values_list("number", flat=True)) == ["4", "5", "6"]
    inserted = services.minute_insert(
        user=cast.coordinator, minutes=minutes, after=minutes.items.get(number="4"), title="Urgent business"
    )
    assert inserted.number == "5"
    assert list(minutes.items.order_by("position").values_list("number", flat=True)) == ["4", "5", "6", "7"]
    assert list(start(cast, next_year).items.values_list("number", flat=True)) == ["1", "2", "3"]


def test_decisions_take_register_numbers_by_board_and_year(cast, held):
    minutes = start(cast, held)
    minute = minutes.items.get(number="3")
    first = services.decision_add(user=cast.coordinator, minute=minute, text="That the minutes of the LSCB be noted.")
    second = services.decision_add(user=cast.coordinator, minute=minute, text="To discuss the MASPI Action Plan.")
    assert (first.register_number, second.register_number) == ("CPB/2015/001", "CPB/2015/002")
    assert first.wording == DecisionWording.AGREED
    services.recommendations_set(
        user=cast.coordinator,
        decision=second,
        rows=[("Draft a plan", "The Cabinet Member"), ("", ""), ("Report back", "")],
    )
    assert list(Recommendation.objects.filter(decision=second).values_list("position", "text")) == [
        (1, "Draft a plan"),
        (2, "Report back"),
    ]


def test_council_decisions_are_resolutions(cast, council, held):
    minutes = start(cast, held)
    decision = services.decision_add(
        user=cast.coordinator, minute=minutes.items.first(), text="That the report be noted."
    )
    assert decision.wording == DecisionWording.RESOLVED


def test_a_stale_save_is_refused_and_nothing_lost(cast, held):
    minutes = start(cast, held)
    minute = minutes.items.get(number="3")
    version = minute.version
    services.minute_save(user=cast.coordinator, minute=minute, notes="First writer", version=version)
    with pytest.raises(services.StaleMinute):
        services.minute_save(user=cast.coordinator, minute=minute, notes="Second writer", version=version)
    minute.refresh_from_db()
    assert minute.notes == "First writer"


def test_actions_owned_by_attendees_or_members_jointly(cast, held):
    minutes = start(cast, held)
    minute = minutes.items.get(number="8") if minutes.items.filter(number="8").exists() else minutes.items.last()
    karl = PersonFactory(first_name="Karl", last_name="Turner", initials="KT")
    AttendanceFactory(meeting=held, person=karl, status=AttendanceStatus.IN_ATTENDANCE)
    sarah = cast.coordinator.person
    action = services.action_add(
        user=cast.coordinator,
        minute=minute,
        text="Invite elected members to a joint induction.",
        owners=[karl, sarah],
        due_next_meeting=True,
    )
    assert action.owner_initials == f"KT/{sarah.initials}"
    stranger = PersonFactory(last_name="Nobody")
    with pytest.raises(ValidationError, match="neither attended"):
        services.action_add(user=cast.coordinator, minute=minute, text="x", owners=[stranger])
    with pytest.raises(ValidationError):
        services.action_add(
            user=cast.coordinator,
            minute=minute,
            text="x",
            owners=[karl],
            due_date=datetime.date(2015, 9, 1),
            due_next_meeting=True,
        )


def test_saving_tells_the_apps_above(cast, held, django_capture_on_commit_callbacks):
    heard = []

    def receiver(sender, minutes, **kwargs):
        heard.append(minutes.pk)

    minutes_saved.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            minutes = start(cast, held)
    finally:
        minutes_saved.disconnect(receiver)
    assert heard == [minutes.pk]


def test_circulate_comment_confirm_sign(cast, held, clock, mailoutbox, django_capture_on_commit_callbacks):
    minutes = start(cast, held)
    services.decision_add(user=cast.coordinator, minute=minutes.items.get(number="3"), text="Noted.")
    with pytest.raises(PermissionDenied):
        services.minutes_comment(user=cast.member, minutes=minutes, text="Too early")
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_circulate(user=cast.coordinator, minutes=minutes)
    assert any("Draft minutes for comment" in m.subject for m in mailoutbox)
    comment = services.minutes_comment(user=cast.member, minutes=minutes, text="Item 3: Richard, not Robert.")
    assert comment.minute is None
    with pytest.raises(PermissionDenied):
        services.minutes_comment(user=cast.outsider, minutes=minutes, text="Not mine to comment on")

    next_meeting = MeetingFactory(board=cast.board, date=datetime.date(2015, 9, 17), status=MeetingStatus.HELD)
    AgendaItemFactory(meeting=next_meeting, position=1, title="Minutes", standing=Standing.MINUTES)
    choices = services.presiding_choices(minutes, next_meeting)
    assert choices[0][0] == cast.chair.person
    confirmed = services.minutes_confirm(
        user=cast.coordinator, minutes=minutes, at_meeting=next_meeting, presiding=cast.chair.person
    )
    assert confirmed.status == MinutesStatus.CONFIRMED and confirmed.presiding_role == "Chair"
    # Next meeting's minutes record the confirming decision under their minutes item.
    later = start(cast, next_meeting)
    decision = Decision.objects.get(minute__minutes=later)
    assert decision.text == "That the minutes of the meeting held on 21 May 2015 be confirmed as a correct record."

    # Confirmed minutes no longer change, by any door.
    minute = minutes.items.get(number="3")
    with pytest.raises(MinutesLocked):
        services.minute_save(user=cast.coordinator, minute=minute, notes="Changed after")
    minute.notes = "Changed through the back door"
    with pytest.raises(MinutesLocked):
        minute.save()
    with pytest.raises(MinutesLocked):
        Decision.objects.filter(minute__minutes=minutes).first().delete()

    # Only the person presiding signs, after confirming who they are.
    cast.chair.set_password("chair-password-1")
    cast.chair.save()
    with pytest.raises(PermissionDenied):
        services.minutes_sign_off(user=cast.coordinator, minutes=minutes, password="x")
    with pytest.raises(ValidationError, match="password"):
        services.minutes_sign_off(user=cast.chair, minutes=minutes, password="wrong")
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.CONFIRMED


def test_an_outsider_cannot_be_recorded_presiding_without_a_role(cast, held, clock):
    minutes = start(cast, held)
    next_meeting = MeetingFactory(board=cast.board, date=datetime.date(2015, 9, 17), status=MeetingStatus.HELD)
    vice = UserFactory()
    MembershipFactory(board=cast.board, person=vice.person, role=Role.VICE_CHAIR, start_date=datetime.date(2010, 1, 1))
    roles = {p.pk: r for p, r in services.presiding_choices(minutes, next_meeting)}
    assert roles[vice.person.pk] == "Vice chair"
    with pytest.raises(ValidationError, match="no chair's seat"):
        services.minutes_confirm(
            user=cast.coordinator, minutes=minutes, at_meeting=next_meeting, presiding=cast.member.person
        )
    confirmed = services.minutes_confirm(
        user=cast.coordinator, minutes=minutes, at_meeting=next_meeting, presiding=vice.person
    )
    assert confirmed.presiding_role == "Vice chair"


def test_informal_notes_are_made_final_without_approval(cast, clock):
    from meetings.enums import MeetingKind

    session = MeetingFactory(board=cast.board, date=DAY, kind=MeetingKind.DEEP_DIVE, status=MeetingStatus.HELD)
    AgendaItemFactory(meeting=session, position=1, title="Deep dive: neglect")
    minutes = start(cast, session)
    assert minutes.is_notes
    with pytest.raises(ValidationError, match="need no approval"):
        services.minutes_circulate(user=cast.coordinator, minutes=minutes)
    final = services.notes_make_final(user=cast.coordinator, minutes=minutes)
    assert final.status == MinutesStatus.FINAL
    with pytest.raises(MinutesLocked):
        services.minute_save(user=cast.coordinator, minute=minutes.items.first(), notes="Later")


def test_minuted_actions_lock_with_the_minutes(cast, held):
    minutes = start(cast, held)
    minute = minutes.items.first()
    action = services.action_add(user=cast.coordinator, minute=minute, text="Do it", owners=[cast.member.person])
    Minutes.objects.filter(pk=minutes.pk).update(
        status=MinutesStatus.SIGNED, signed_at=datetime.datetime(2015, 9, 17, tzinfo=datetime.UTC)
    )
    action = MinutedAction.objects.get(pk=action.pk)
    action.text = "Done differently"
    with pytest.raises(MinutesLocked):
        action.save()


def test_board_kind_sets_the_style(cast, held):
    from meetings.enums import MinutesStyle

    assert start(cast, held).style == MinutesStyle.PARTNERSHIP
    cast.board.kind = BoardKind.SCRUTINY_COMMITTEE
    cast.board.save()
    other = MeetingFactory(board=cast.board, date=DAY, status=MeetingStatus.HELD)
    assert start(cast, other).style == MinutesStyle.COUNCIL


def test_the_meeting_moves_on_to_minutes_drafted_then_approved(cast, held):
    from meetings.lifecycle import Stage, stage_of

    assert stage_of(held) == Stage.HELD
    minutes = start(cast, held)
    held.refresh_from_db()
    assert stage_of(held) == Stage.MINUTES_DRAFTED
    next_meeting = MeetingFactory(board=cast.board, date=datetime.date(2015, 9, 17), status=MeetingStatus.HELD)
    services.minutes_confirm(
        user=cast.coordinator, minutes=minutes, at_meeting=next_meeting, presiding=cast.chair.person
    )
    held.refresh_from_db()
    assert stage_of(held) == Stage.MINUTES_APPROVED
