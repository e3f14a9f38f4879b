"""The minutes' pages: who may open each, the editor's stale-edit guard (409, the refreshed section and the
text that was not saved, nothing changed), minutes that no door changes once confirmed, comments read by
the coordinators and their author only, the sign-off page, the PDFs by edition, and the editor's query count."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from boards.enums import Role
from boards.models import Membership
from boards.tests.factories import MembershipFactory, PersonFactory, UserFactory
from meetings.enums import (
    AttendanceStatus,
    MeetingStatus,
    MinutesDocumentKind,
    MinutesStatus,
    PackEdition,
    PackStatus,
    Standing,
)
from meetings.minutes import services
from meetings.models import (
    Decision,
    Minute,
    MinutedAction,
    Minutes,
    MinutesComment,
    MinutesDocument,
    MinutesLocked,
    Recommendation,
)
from meetings.tests.factories import AgendaItemFactory, AttendanceFactory, MeetingFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2015, 5, 21)
NEXT_DAY = datetime.date(2015, 9, 17)
ROLES = ["anonymous", "outsider", "member", "chair", "coordinator", "other_coordinator", "superuser"]
OK, DENIED, LOGIN, NOT_FOUND, STALE = 200, 403, 302, 404, 409
COORDINATORS = [LOGIN, DENIED, DENIED, DENIED, OK, DENIED, OK]
READERS = [LOGIN, DENIED, OK, OK, OK, DENIED, OK]
EXEMPT = "Tender prices from Acme Care Ltd were compared."


@pytest.fixture(autouse=True)
def _no_documents(monkeypatch):
    """PDFs are not built here (their own tests build them): asking for one records nothing."""
    monkeypatch.setattr("meetings.minutes.documents.documents_request", lambda **kwargs: [])


@pytest.fixture
def held(cast):
    Membership.objects.filter(board=cast.board).update(start_date=datetime.date(2010, 1, 1))
    meeting = MeetingFactory(board=cast.board, date=DAY, status=MeetingStatus.HELD)
    for position, (title, standing, confidential) in enumerate(
        [
            ("Welcome and introductions", Standing.WELCOME, False),
            ("Minutes of last meeting and matters arising", Standing.MINUTES, False),
            ("Safeguarding", "", False),
            ("Commissioning", "", True),
            ("Any other business", Standing.AOB, False),
        ],
        start=1,
    ):
        AgendaItemFactory(
            meeting=meeting,
            position=position,
            title=title,
            standing=standing,
            confidential=confidential,
            exemption_reason="Financial or business affairs" if confidential else "",
        )
    AttendanceFactory(meeting=meeting, person=cast.chair.person, is_chair=True)
    return meeting


@pytest.fixture
def minutes(cast, held) -> Minutes:
    minutes = services.minutes_start(user=cast.coordinator, meeting=held)
    exempt = minutes.items.get(title="Commissioning")
    services.minute_save(user=cast.coordinator, minute=exempt, notes=EXEMPT)
    return minutes


@pytest.fixture
def world(cast, minutes):
    """Circulated minutes with a decision, an action and an inserted minute, and a later meeting held."""
    safeguarding = minutes.items.get(title="Safeguarding")
    cast.decision = services.decision_add(user=cast.coordinator, minute=safeguarding, text="That the report be noted.")
    cast.action = services.action_add(
        user=cast.coordinator, minute=safeguarding, text="Circulate the plan.", owners=[cast.member.person]
    )
    cast.inserted = services.minute_insert(
        user=cast.coordinator, minutes=minutes, after=safeguarding, title="Youth Zone visit"
    )
    services.minutes_circulate(user=cast.coordinator, minutes=minutes)
    cast.comment = services.minutes_comment(user=cast.member, minutes=minutes, text="Richard, not Robert.")
    cast.minutes, cast.minute = minutes, safeguarding
    cast.next_meeting = MeetingFactory(board=cast.board, date=NEXT_DAY, status=MeetingStatus.HELD)
    return cast


def url(name, minutes_or_meeting, *args):
    meeting_pk = getattr(minutes_or_meeting, "meeting_id", None) or minutes_or_meeting.pk
    return reverse(f"meetings:{name}", args=[meeting_pk, *args])


def sign_in(client, cast, role):
    user = cast.user(role)
    if user:
        client.force_login(user)
    return user


def minute_data(minute, **fields):
    data = {f"m{minute.pk}-title": minute.title, f"m{minute.pk}-notes": minute.notes, "version": minute.version}
    data.update({f"m{minute.pk}-{k}" if k in ("title", "notes") else k: v for k, v in fields.items()})
    return data


# Who may open each page -------------------------------------------------------------------------------------

TABLE = [
    ("minutes_detail", lambda w: [], READERS),
    ("minutes_minute_insert", lambda w: [w.minute.pk], COORDINATORS),
    ("minutes_addendum", lambda w: [], COORDINATORS),
    ("minutes_minute_remove", lambda w: [w.inserted.pk], COORDINATORS),
    ("minutes_decision_remove", lambda w: [w.decision.pk], COORDINATORS),
    ("minutes_action_remove", lambda w: [w.action.pk], COORDINATORS),
    ("minutes_circulate", lambda w: [], COORDINATORS),
    ("minutes_notes_final", lambda w: [], COORDINATORS),
    ("minutes_confirm", lambda w: [], COORDINATORS),
    ("minutes_sign_off", lambda w: [], READERS),
    ("minutes_amendment_open", lambda w: [], COORDINATORS),
    ("minutes_amendment_ready", lambda w: [], COORDINATORS),
    ("minutes_documents", lambda w: [], READERS),
]
CASES = [(name, args, role, expected[i]) for name, args, expected in TABLE for i, role in enumerate(ROLES)]


@pytest.mark.parametrize(("name", "args", "role", "expected"), CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_get_by_role(client, world, name, args, role, expected):
    sign_in(client, world, role)
    address = url(name, world.minutes, *args(world))
    response = client.get(address)
    assert response.status_code == expected, f"{role} GET {address}"
    if expected == LOGIN:
        assert response["Location"].startswith(reverse("login"))


def test_before_the_minutes_are_begun(client, cast, held):
    address = url("minutes_detail", held)
    expected = dict(zip(ROLES, [LOGIN, DENIED, OK, OK, OK, DENIED, OK], strict=True))
    for role, status in expected.items():
        client.logout()
        sign_in(client, cast, role)
        assert client.get(address).status_code == status, role
    client.force_login(cast.member)
    assert "not ready yet" in client.get(address).content.decode()
    client.force_login(cast.coordinator)
    page = client.get(address).content.decode()
    assert "Start the minutes from the agenda" in page and "one minute for each" in page
    assert client.post(url("minutes_start", held)).status_code == 302
    assert Minutes.objects.get(meeting=held).items.count() == 5


def test_no_start_button_before_the_day(client, cast):
    ahead = MeetingFactory(board=cast.board, date=datetime.date(2099, 1, 1))
    client.force_login(cast.coordinator)
    page = client.get(url("minutes_detail", ahead)).content.decode()
    assert "from the day of the meeting" in page and "Start the minutes from the agenda" not in page
    meeting_page = client.get(ahead.get_absolute_url()).content.decode()
    assert "Start the minutes" not in meeting_page


def test_the_meeting_page_links_to_the_minutes(client, cast, minutes):
    client.force_login(cast.coordinator)
    page = client.get(minutes.meeting.get_absolute_url()).content.decode()
    assert "Write the minutes" in page or "Write the notes" in page
    client.force_login(cast.member)
    page = client.get(minutes.meeting.get_absolute_url()).content.decode()
    assert "Being written" in page and url("minutes_detail", minutes) not in page
    services.minutes_circulate(user=cast.coordinator, minutes=minutes)
    page = client.get(minutes.meeting.get_absolute_url()).content.decode()
    assert url("minutes_detail", minutes) in page and "Read the" in page


POSTS = [
    ("minutes_start", lambda w: [], {}),
    ("minutes_minute_save", lambda w: [w.minute.pk], {"version": 99}),
    ("minutes_minute_insert", lambda w: [w.minute.pk], {"title": "Sneaky"}),
    ("minutes_addendum", lambda w: [], {"title": "Sneaky"}),
    ("minutes_minute_remove", lambda w: [w.inserted.pk], {}),
    ("minutes_decision_add", lambda w: [w.minute.pk], {}),
    ("minutes_decision_change", lambda w: [w.decision.pk], {}),
    ("minutes_decision_remove", lambda w: [w.decision.pk], {}),
    ("minutes_action_add", lambda w: [w.minute.pk], {}),
    ("minutes_action_change", lambda w: [w.action.pk], {}),
    ("minutes_action_remove", lambda w: [w.action.pk], {}),
    ("minutes_comment_resolve", lambda w: [w.comment.pk], {}),
    ("minutes_circulate", lambda w: [], {}),
    ("minutes_notes_final", lambda w: [], {}),
    ("minutes_confirm", lambda w: [], {}),
    ("minutes_amendment_open", lambda w: [], {"reason": "x"}),
    ("minutes_amendment_ready", lambda w: [], {}),
]


def snapshot(minutes) -> list:
    minutes.refresh_from_db()
    return [
        minutes.status,
        list(Minute.objects.filter(minutes=minutes).values_list("pk", "title", "notes", "version")),
        list(Decision.objects.filter(minute__minutes=minutes).values_list("pk", "text")),
        list(MinutedAction.objects.filter(minute__minutes=minutes).values_list("pk", "text")),
        list(MinutesComment.objects.filter(minutes=minutes).values_list("pk", "resolved_at")),
    ]


@pytest.mark.parametrize("role", ["anonymous", "outsider", "member", "chair", "other_coordinator"])
@pytest.mark.parametrize(("name", "args", "data"), POSTS, ids=[p[0] for p in POSTS])
def test_writes_refused_to_all_but_coordinators(client, world, role, name, args, data):
    sign_in(client, world, role)
    before = snapshot(world.minutes)
    response = client.post(url(name, world.minutes, *args(world)), data)
    assert response.status_code == (LOGIN if role == "anonymous" else DENIED)
    assert snapshot(world.minutes) == before


# The editor ------------------------------------------------------------------------------------------------


def test_a_minute_saves_by_itself_and_says_when(client, cast, minutes):
    client.force_login(cast.coordinator)
    minute = minutes.items.get(title="Safeguarding")
    response = client.post(
        url("minutes_minute_save", minutes, minute.pk),
        minute_data(minute, notes="The Board discussed the LSCB's annual report.", autosave="1"),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    minute.refresh_from_db()
    assert response.json() == {"version": minute.version, "saved_at": response.json()["saved_at"]}
    assert minute.notes == "The Board discussed the LSCB's annual report."


def test_a_save_by_button_returns_the_section_and_a_plain_form_goes_back_to_it(client, cast, minutes):
    client.force_login(cast.coordinator)
    minute = minutes.items.get(title="Safeguarding")
    response = client.post(
        url("minutes_minute_save", minutes, minute.pk), minute_data(minute, notes="First."), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response.templates[0].name == "meetings/minutes/partials/section.html"
    assert f'id="minute-{minute.pk}"' in response.content.decode()
    minute.refresh_from_db()
    response = client.post(url("minutes_minute_save", minutes, minute.pk), minute_data(minute, notes="Second."))
    assert response.status_code == 302
    assert response["Location"] == f"{url('minutes_detail', minutes)}#minute-{minute.pk}"
    minute.refresh_from_db()
    assert minute.notes == "Second."


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_a_stale_save_is_refused_with_the_unsaved_text_shown(client, cast, minutes, htmx):
    client.force_login(cast.coordinator)
    minute = minutes.items.get(title="Safeguarding")
    stale = minute.version
    services.minute_save(user=cast.superuser, minute=minute, notes="Theirs.")
    minute.refresh_from_db()
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": f"minute-{minute.pk}"} if htmx else {}
    data = minute_data(minute, notes="Mine, typed on an old copy.", version=stale)
    response = client.post(url("minutes_minute_save", minutes, minute.pk), data, **headers)
    assert response.status_code == STALE
    page = response.content.decode()
    assert "Someone else changed this minute" in page
    assert "Mine, typed on an old copy." in page  # the box to copy from
    assert "Theirs." in page  # the refreshed minute
    minute.refresh_from_db()
    assert minute.notes == "Theirs."


def test_a_change_that_does_not_say_its_version_is_stale(client, cast, minutes):
    client.force_login(cast.coordinator)
    minute = minutes.items.get(title="Safeguarding")
    data = minute_data(minute, notes="No version")
    del data["version"]
    response = client.post(url("minutes_minute_save", minutes, minute.pk), data, HTTP_HX_REQUEST="true")
    assert response.status_code == STALE
    minute.refresh_from_db()
    assert minute.notes == ""


def test_two_coordinators_on_one_minute_decision(client, cast, minutes):
    """A decision added on an old copy of the minute is refused too: one writer's change is never lost."""
    second = UserFactory()
    MembershipFactory(board=cast.board, person=second.person, role=Role.COORDINATOR, voting=False)
    minute = minutes.items.get(title="Safeguarding")
    version = minute.version
    client.force_login(cast.coordinator)
    ok = client.post(
        url("minutes_decision_add", minutes, minute.pk),
        {
            f"m{minute.pk}-new-decision-wording": "agreed",
            f"m{minute.pk}-new-decision-text": "Noted.",
            "version": version,
        },
        HTTP_HX_REQUEST="true",
    )
    assert ok.status_code == 200
    client.force_login(second)
    late = client.post(
        url("minutes_decision_add", minutes, minute.pk),
        {
            f"m{minute.pk}-new-decision-wording": "agreed",
            f"m{minute.pk}-new-decision-text": "Agreed the plan.",
            "version": version,
        },
        HTTP_HX_REQUEST="true",
    )
    assert late.status_code == STALE
    assert "Agreed the plan." in late.content.decode()
    assert list(Decision.objects.filter(minute=minute).values_list("text", flat=True)) == ["Noted."]


def test_decision_with_recommendations_and_an_action_with_joint_owners(client, cast, minutes):
    client.force_login(cast.coordinator)
    minute = minutes.items.get(title="Safeguarding")
    client.post(
        url("minutes_decision_add", minutes, minute.pk),
        {
            f"m{minute.pk}-new-decision-wording": "resolved",
            f"m{minute.pk}-new-decision-text": "That the plan be agreed.",
            f"m{minute.pk}-new-decision-addressee": "The Cabinet Member",
            "version": minute.version,
        },
    )
    decision = Decision.objects.get(minute=minute)
    assert (decision.register_number, decision.wording) == ("CPB/2015/001", "resolved")
    minute.refresh_from_db()
    prefix = f"d{decision.pk}"
    response = client.post(
        url("minutes_decision_change", minutes, decision.pk),
        {
            f"{prefix}-wording": "resolved",
            f"{prefix}-text": "That the plan be agreed.",
            f"{prefix}-addressee": "",
            f"{prefix}-rec-TOTAL_FORMS": "2",
            f"{prefix}-rec-INITIAL_FORMS": "0",
            f"{prefix}-rec-0-text": "Draft the plan",
            f"{prefix}-rec-0-addressee": "The Director",
            f"{prefix}-rec-1-text": "",
            f"{prefix}-rec-1-addressee": "",
            "version": minute.version,
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Recommendation (ii)" in response.content.decode()  # a blank row to add another
    assert list(Recommendation.objects.filter(decision=decision).values_list("text", "addressee")) == [
        ("Draft the plan", "The Director")
    ]
    minute.refresh_from_db()
    prefix = f"m{minute.pk}-new-action"
    response = client.post(
        url("minutes_action_add", minutes, minute.pk),
        {
            f"{prefix}-text": "Invite elected members to a joint induction.",
            f"{prefix}-owners": [cast.member.person.pk, cast.chair.person.pk],
            f"{prefix}-due_next_meeting": "on",
            "version": minute.version,
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    action = MinutedAction.objects.get(minute=minute)
    assert {p.pk for p in action.owners.all()} == {cast.member.person.pk, cast.chair.person.pk}
    assert action.due_next_meeting


def test_an_action_for_no_one_is_refused_with_the_form_kept(client, cast, minutes):
    client.force_login(cast.coordinator)
    minute = minutes.items.get(title="Safeguarding")
    prefix = f"m{minute.pk}-new-action"
    response = client.post(
        url("minutes_action_add", minutes, minute.pk),
        {f"{prefix}-text": "Do it", "version": minute.version},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Tick who the action is for" in page and "Do it" in page
    assert not MinutedAction.objects.filter(minute=minute).exists()


def test_insert_and_remove_a_minute(client, cast, minutes):
    client.force_login(cast.coordinator)
    third = minutes.items.get(title="Safeguarding")
    page = client.get(url("minutes_minute_insert", minutes, third.pk)).content.decode()
    assert "Insert a minute after minute 3" in page
    response = client.post(url("minutes_minute_insert", minutes, third.pk), {"title": "Youth Zone visit"})
    inserted = minutes.items.get(title="Youth Zone visit")
    assert inserted.number == "3A"
    assert response["Location"].endswith(f"#minute-{inserted.pk}")
    assert "Remove a minute" in client.get(url("minutes_minute_remove", minutes, inserted.pk)).content.decode()
    client.post(url("minutes_minute_remove", minutes, inserted.pk))
    assert not minutes.items.filter(title="Youth Zone visit").exists()
    # A minute of an agenda item stays.
    response = client.post(url("minutes_minute_remove", minutes, third.pk))
    assert response.status_code == 422 and "stays in the minutes" in response.content.decode()


def test_remove_a_decision_after_asking(client, cast, minutes):
    client.force_login(cast.coordinator)
    minute = minutes.items.get(title="Safeguarding")
    decision = services.decision_add(user=cast.coordinator, minute=minute, text="Noted.")
    page = client.get(url("minutes_decision_remove", minutes, decision.pk)).content.decode()
    assert "Remove Decision CPB/2015/001" in page and "Noted." in page
    minute.refresh_from_db()
    response = client.post(url("minutes_decision_remove", minutes, decision.pk), {"version": minute.version - 1})
    assert response.status_code == STALE and Decision.objects.filter(pk=decision.pk).exists()
    response = client.post(url("minutes_decision_remove", minutes, decision.pk), {"version": minute.version})
    assert response.status_code == 302 and not Decision.objects.filter(pk=decision.pk).exists()


def test_editor_query_count_does_not_grow_with_the_minutes(client, cast, held, django_assert_num_queries):
    client.force_login(cast.coordinator)

    def editor_with(count: int):
        meeting = MeetingFactory(board=cast.board, date=DAY - datetime.timedelta(days=count), status="held")
        for position in range(1, count + 1):
            AgendaItemFactory(meeting=meeting, position=position, title=f"Item {position}")
        minutes = services.minutes_start(user=cast.coordinator, meeting=meeting)
        for minute in minutes.items.all():
            decision = services.decision_add(user=cast.coordinator, minute=minute, text="Noted.")
            services.recommendations_set(user=cast.coordinator, decision=decision, rows=[("Report back", "")])
            services.action_add(
                user=cast.coordinator, minute=minute, text="Do it", owners=[cast.member.person, cast.chair.person]
            )
        return url("minutes_detail", minutes)

    small, large = editor_with(5), editor_with(20)
    client.get(small)  # warm the caches a first request fills
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as counted:
        assert client.get(small).status_code == 200
    with django_assert_num_queries(len(counted.captured_queries)):
        response = client.get(large)
    assert response.content.decode().count("data-minute-section") == 20


# The reader ------------------------------------------------------------------------------------------------


@pytest.fixture
def observer(cast):
    user = UserFactory(email="observer@example.org")
    MembershipFactory(board=cast.board, person=user.person, role=Role.OBSERVER, start_date=datetime.date(2010, 1, 1))
    return user


def test_readers_get_their_edition_and_part_two_stays_with_those_who_read_it(client, world, observer):
    client.force_login(world.member)
    members = client.get(url("minutes_detail", world.minutes))
    assert members.context["edition"] == PackEdition.MEMBERS
    assert EXEMPT in members.content.decode()
    assert "Commissioning" in repr(members.context["comment_form"].fields["minute"].choices)
    # An observer reads the public edition: the Part II minute's heading, not what was said.
    client.force_login(observer)
    public = client.get(url("minutes_detail", world.minutes))
    assert public.context["edition"] == PackEdition.PUBLIC
    page = public.content.decode()
    assert "Safeguarding" in page and EXEMPT not in page
    assert "Commissioning" not in repr(public.context["comment_form"].fields["minute"].choices)


def test_the_public_reads_approved_minutes_without_part_two(client, confirmed):
    response = client.get(url("minutes_detail", confirmed.minutes))
    assert response.status_code == 200 and response.context["edition"] == PackEdition.PUBLIC
    page = response.content.decode()
    assert "Safeguarding" in page and EXEMPT not in page
    assert "comment_form" not in response.context


def test_comments_are_read_by_the_coordinators_and_their_author_only(client, world):
    other = UserFactory()
    MembershipFactory(board=world.board, person=other.person, role=Role.MEMBER)
    client.force_login(world.member)
    response = client.post(
        url("minutes_comment", world.minutes),
        {"minute": world.minute.pk, "text": "The date of the review was 1 March."},
    )
    assert response.status_code == 302
    comment = MinutesComment.objects.get(text="The date of the review was 1 March.")
    assert comment.minute == world.minute
    assert "The date of the review was 1 March." in client.get(url("minutes_detail", world.minutes)).content.decode()
    client.force_login(other)
    page = client.get(url("minutes_detail", world.minutes)).content.decode()
    assert "The date of the review was 1 March." not in page and "Richard, not Robert." not in page
    client.force_login(world.coordinator)
    page = client.get(url("minutes_detail", world.minutes)).content.decode()
    assert "The date of the review was 1 March." in page and "Richard, not Robert." in page
    client.post(url("minutes_comment_resolve", world.minutes, comment.pk))
    comment.refresh_from_db()
    assert comment.resolved_by == world.coordinator


def test_a_comment_needs_words(client, world):
    client.force_login(world.member)
    response = client.post(url("minutes_comment", world.minutes), {"minute": "", "text": "  "})
    assert response.status_code == 422 and "Write your comment." in response.content.decode()


# Circulation and confirmation ------------------------------------------------------------------------------


def test_circulate_says_who_is_emailed_and_sends(client, cast, minutes, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(cast.coordinator)
    page = client.get(url("minutes_circulate", minutes)).content.decode()
    assert "3 members will be e-mailed." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("minutes_circulate", minutes), {"comments_by": ""})
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.CIRCULATED
    assert len(mailoutbox) == 1 and len(mailoutbox[0].bcc) == 3


def test_confirm_defaults_to_the_next_meeting_and_the_person_in_the_chair(client, world):
    AttendanceFactory(meeting=world.next_meeting, person=world.chair.person, is_chair=True)
    client.force_login(world.coordinator)
    response = client.get(url("minutes_confirm", world.minutes))
    form = response.context["form"]
    assert form.initial["at_meeting"] == world.next_meeting.pk
    assert form.initial["presiding"] == str(world.chair.person.pk)
    response = client.post(
        url("minutes_confirm", world.minutes),
        {"at_meeting": world.next_meeting.pk, "presiding": str(world.chair.person.pk)},
    )
    assert response.status_code == 302
    world.minutes.refresh_from_db()
    assert (world.minutes.status, world.minutes.presiding, world.minutes.presiding_role) == (
        MinutesStatus.CONFIRMED,
        world.chair.person,
        "Chair",
    )


def test_confirm_with_someone_else_presiding_needs_their_role(client, world):
    client.force_login(world.coordinator)
    data = {"at_meeting": world.next_meeting.pk, "presiding": "other", "other_person": world.member.person.pk}
    response = client.post(url("minutes_confirm", world.minutes), data)
    assert response.status_code == 422 and "Say in what role they presided." in response.content.decode()
    response = client.post(url("minutes_confirm", world.minutes), {**data, "presiding_role": "Chair for this meeting"})
    assert response.status_code == 302
    world.minutes.refresh_from_db()
    assert (world.minutes.presiding, world.minutes.presiding_role) == (world.member.person, "Chair for this meeting")


# Locked minutes: no door changes them ----------------------------------------------------------------------


@pytest.fixture
def confirmed(world):
    services.minutes_confirm(
        user=world.coordinator, minutes=world.minutes, at_meeting=world.next_meeting, presiding=world.chair.person
    )
    world.minutes.refresh_from_db()
    world.minute.refresh_from_db()
    return world


EDITS = [
    ("minutes_minute_save", lambda w: [w.minute.pk], lambda w: minute_data(w.minute, notes="Changed after.")),
    ("minutes_minute_insert", lambda w: [w.minute.pk], lambda w: {"title": "Late"}),
    ("minutes_addendum", lambda w: [], lambda w: {"title": "Late"}),
    ("minutes_minute_remove", lambda w: [w.inserted.pk], lambda w: {}),
    (
        "minutes_decision_add",
        lambda w: [w.minute.pk],
        lambda w: {
            f"m{w.minute.pk}-new-decision-wording": "agreed",
            f"m{w.minute.pk}-new-decision-text": "Later.",
            "version": w.minute.version,
        },
    ),
    (
        "minutes_decision_change",
        lambda w: [w.decision.pk],
        lambda w: {
            f"d{w.decision.pk}-wording": "agreed",
            f"d{w.decision.pk}-text": "Changed after.",
            f"d{w.decision.pk}-rec-TOTAL_FORMS": "0",
            f"d{w.decision.pk}-rec-INITIAL_FORMS": "0",
            "version": w.minute.version,
        },
    ),
    ("minutes_decision_remove", lambda w: [w.decision.pk], lambda w: {"version": w.minute.version}),
    (
        "minutes_action_add",
        lambda w: [w.minute.pk],
        lambda w: {
            f"m{w.minute.pk}-new-action-text": "Later.",
            f"m{w.minute.pk}-new-action-owners": [w.member.person.pk],
            "version": w.minute.version,
        },
    ),
    (
        "minutes_action_change",
        lambda w: [w.action.pk],
        lambda w: {
            f"a{w.action.pk}-text": "Changed after.",
            f"a{w.action.pk}-owners": [w.member.person.pk],
            "version": w.minute.version,
        },
    ),
    ("minutes_action_remove", lambda w: [w.action.pk], lambda w: {"version": w.minute.version}),
]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize(("name", "args", "data"), EDITS, ids=[e[0] for e in EDITS])
def test_confirmed_minutes_refuse_every_edit_page(client, confirmed, name, args, data, htmx):
    client.force_login(confirmed.coordinator)
    before = snapshot(confirmed.minutes)
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": f"minute-{confirmed.minute.pk}"} if htmx else {}
    response = client.post(url(name, confirmed.minutes, *args(confirmed)), data(confirmed), **headers)
    assert response.status_code == STALE
    assert "can no longer be changed" in response.content.decode()
    assert snapshot(confirmed.minutes) == before
    if "Changed after." in str(data(confirmed)):
        assert "Changed after." in response.content.decode()  # what was typed, to copy


def test_confirmed_minutes_show_no_editor(client, confirmed):
    client.force_login(confirmed.coordinator)
    response = client.get(url("minutes_detail", confirmed.minutes))
    assert "meetings/minutes/reader.html" in [t.name for t in response.templates]
    assert "data-minute-section" not in response.content.decode()


def test_confirmed_minutes_refuse_the_admin_and_the_services(client, confirmed):
    client.force_login(confirmed.superuser)
    before = snapshot(confirmed.minutes)
    change = reverse("admin:meetings_minute_change", args=[confirmed.minute.pk])
    assert client.get(change).status_code == 200  # read, not changed
    response = client.post(change, {"title": "Changed", "notes": "Changed after."})
    assert response.status_code == DENIED
    assert (
        client.post(
            reverse("admin:meetings_decision_delete", args=[confirmed.decision.pk]), {"post": "yes"}
        ).status_code
        == DENIED
    )
    with pytest.raises(MinutesLocked):
        services.minute_save(user=confirmed.superuser, minute=confirmed.minute, notes="Changed after.")
    confirmed.minute.notes = "Changed after."
    with pytest.raises(MinutesLocked):
        confirmed.minute.save()
    assert snapshot(confirmed.minutes) == before


# Sign-off ------------------------------------------------------------------------------------------------


def test_sign_off_page_tells_others_who_signs(client, confirmed):
    client.force_login(confirmed.member)
    response = client.get(url("minutes_sign_off", confirmed.minutes))
    page = response.content.decode()
    assert response.status_code == 200 and response.context["form"] is None
    assert f"{confirmed.chair.person.full_name} (Chair) presided" in page
    assert client.post(url("minutes_sign_off", confirmed.minutes), {"password": "x"}).status_code == DENIED
    client.force_login(confirmed.coordinator)
    assert client.post(url("minutes_sign_off", confirmed.minutes), {"password": "x"}).status_code == DENIED
    confirmed.minutes.refresh_from_db()
    assert confirmed.minutes.status == MinutesStatus.CONFIRMED


def test_a_wrong_password_asks_again(client, confirmed):
    client.force_login(confirmed.chair)
    page = client.get(url("minutes_sign_off", confirmed.minutes)).content.decode()
    assert "Your password" in page and "Code from your authenticator app" not in page
    response = client.post(url("minutes_sign_off", confirmed.minutes), {"password": "not-my-password"})
    assert response.status_code == 422
    assert "That password is not right." in response.content.decode()
    confirmed.minutes.refresh_from_db()
    assert confirmed.minutes.status == MinutesStatus.CONFIRMED


def test_a_signer_with_an_authenticator_app_is_asked_for_the_code(client, confirmed):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=confirmed.chair, name="Authenticator app", confirmed=True)
    client.force_login(confirmed.chair)
    assert "Code from your authenticator app" in client.get(url("minutes_sign_off", confirmed.minutes)).content.decode()
    response = client.post(url("minutes_sign_off", confirmed.minutes), {"password": "correct-horse-battery"})
    assert response.status_code == 422 and "Enter the code from your authenticator app" in response.content.decode()


# The PDFs ------------------------------------------------------------------------------------------------------


def pdf_document(minutes, edition, **fields) -> MinutesDocument:
    document = MinutesDocument.objects.create(
        minutes=minutes,
        edition=edition,
        kind=fields.pop("kind", MinutesDocumentKind.SIGNED),
        status=PackStatus.DONE,
        version=fields.pop("version", 1),
        page_count=2,
        sha256=fields.pop("sha256", "a" * 64),
        **fields,
    )
    document.file.save(f"{edition}.pdf", ContentFile(b"%PDF-1.4 minutes"), save=True)
    return document


def test_a_public_reader_never_gets_the_members_document(client, confirmed, observer):
    members = pdf_document(confirmed.minutes, PackEdition.MEMBERS, signer_name="Chair")
    public = pdf_document(confirmed.minutes, PackEdition.PUBLIC, signer_name="Chair")
    client.force_login(confirmed.member)
    assert client.get(url("minutes_document_file", confirmed.minutes, members.pk)).status_code == 200
    client.force_login(observer)
    assert client.get(url("minutes_document_file", confirmed.minutes, members.pk)).status_code == NOT_FOUND
    response = client.get(url("minutes_document_file", confirmed.minutes, public.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    listing = client.get(url("minutes_documents", confirmed.minutes)).content.decode()
    assert url("minutes_document_file", confirmed.minutes, public.pk) in listing
    assert url("minutes_document_file", confirmed.minutes, members.pk) not in listing
    client.logout()  # confirmed minutes are public: the public edition to anyone
    assert client.get(url("minutes_document_file", confirmed.minutes, public.pk)).status_code == 200
    assert client.get(url("minutes_document_file", confirmed.minutes, members.pk)).status_code == NOT_FOUND


def test_signed_versions_are_all_listed_with_their_fingerprint(client, confirmed):
    first = pdf_document(confirmed.minutes, PackEdition.MEMBERS, signer_name="Sarah James", version=1)
    MinutesDocument.objects.filter(pk=first.pk).update(superseded_at=datetime.datetime(2016, 1, 1, tzinfo=datetime.UTC))
    pdf_document(confirmed.minutes, PackEdition.MEMBERS, signer_name="Sarah James", version=2, sha256="b" * 64)
    client.force_login(confirmed.member)
    page = client.get(url("minutes_documents", confirmed.minutes)).content.decode()
    assert "a" * 64 in page and "b" * 64 in page and "Superseded" in page


def test_a_pdf_being_prepared_is_polled(client, confirmed):
    building = MinutesDocument.objects.create(
        minutes=confirmed.minutes, edition=PackEdition.MEMBERS, kind=MinutesDocumentKind.DRAFT, status=PackStatus.QUEUED
    )
    client.force_login(confirmed.coordinator)
    response = client.get(url("minutes_document_status", confirmed.minutes, building.pk))
    page = response.content.decode()
    assert "Preparing the PDF" in page and 'hx-trigger="every 3s"' in page


def test_services_refuse_a_stale_version(cast, minutes):
    minute = minutes.items.first()
    with pytest.raises(ValidationError):
        services.decision_add(user=cast.coordinator, minute=minute, text="x", version=minute.version + 1)


def test_people_outside_the_meeting_cannot_own_actions_through_the_page(client, cast, minutes):
    stranger = PersonFactory()
    client.force_login(cast.coordinator)
    minute = minutes.items.get(title="Safeguarding")
    prefix = f"m{minute.pk}-new-action"
    response = client.post(
        url("minutes_action_add", minutes, minute.pk),
        {f"{prefix}-text": "x", f"{prefix}-owners": [stranger.pk], "version": minute.version},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422 and not MinutedAction.objects.exists()


def test_in_attendance_guests_may_own_actions(client, cast, held, minutes):
    guest = PersonFactory(first_name="Karl", last_name="Turner", initials="KT")
    AttendanceFactory(meeting=held, person=guest, status=AttendanceStatus.IN_ATTENDANCE)
    client.force_login(cast.coordinator)
    page = client.get(url("minutes_detail", minutes)).content.decode()
    assert "Karl Turner" in page


def test_prepare_the_pdf_of_the_readers_edition(client, world, observer, monkeypatch):
    asked = []
    monkeypatch.setattr("meetings.minutes.documents.documents_request", lambda **kwargs: asked.append(kwargs) or [])
    for user, edition in [(world.member, PackEdition.MEMBERS), (observer, PackEdition.PUBLIC)]:
        client.force_login(user)
        assert "Prepare the PDF" in client.get(url("minutes_detail", world.minutes)).content.decode()
        assert client.post(url("minutes_pdf_prepare", world.minutes)).status_code == 302
        assert asked[-1] == {"minutes": world.minutes, "editions": [edition]}


def test_the_steps_say_where_the_minutes_are(client, world):
    client.force_login(world.coordinator)
    steps = client.get(url("minutes_detail", world.minutes)).context["steps"]
    assert [(s.label, s.state) for s in steps] == [
        ("Draft", "done"),
        ("Circulated for comment", "current"),
        ("Confirmed as a correct record", "to do"),
        ("Signed", "to do"),
    ]


def test_informal_notes_are_made_final_from_their_page(client, cast):
    from meetings.enums import MeetingKind

    Membership.objects.filter(board=cast.board).update(start_date=datetime.date(2010, 1, 1))
    session = MeetingFactory(board=cast.board, date=DAY, kind=MeetingKind.DEEP_DIVE, status=MeetingStatus.HELD)
    AgendaItemFactory(meeting=session, position=1, title="Deep dive: neglect")
    notes = services.minutes_start(user=cast.coordinator, meeting=session)
    client.force_login(cast.coordinator)
    editor = client.get(url("minutes_detail", notes))
    assert [s.label for s in editor.context["steps"]] == ["Draft notes", "Notes final"]
    assert "Make the notes final…" in editor.content.decode()
    assert "no approval" in client.get(url("minutes_notes_final", notes)).content.decode()
    assert client.post(url("minutes_notes_final", notes)).status_code == 302
    notes.refresh_from_db()
    assert notes.status == MinutesStatus.FINAL


def test_signed_minutes_are_corrected_by_an_amendment(client, confirmed):
    Minutes.objects.filter(pk=confirmed.minutes.pk).update(
        status=MinutesStatus.SIGNED, signed_at=datetime.datetime(2015, 9, 17, tzinfo=datetime.UTC)
    )
    client.force_login(confirmed.coordinator)
    response = client.post(url("minutes_amendment_open", confirmed.minutes), {"reason": ""})
    assert response.status_code == 422 and "Say what is corrected and why." in response.content.decode()
    reason = "Minute 3: the review date was 1 March, as agreed on 17 September 2015."
    assert client.post(url("minutes_amendment_open", confirmed.minutes), {"reason": reason}).status_code == 302
    confirmed.minutes.refresh_from_db()
    assert confirmed.minutes.status == MinutesStatus.AMENDING
    editor = client.get(url("minutes_detail", confirmed.minutes))
    assert "data-minute-section" in editor.content.decode()
    assert editor.context["steps"][-1].label == "Being corrected, to sign again"
    assert reason in client.get(url("minutes_amendment_ready", confirmed.minutes)).content.decode()
    assert client.post(url("minutes_amendment_ready", confirmed.minutes)).status_code == 302
    confirmed.minutes.refresh_from_db()
    assert confirmed.minutes.status == MinutesStatus.CONFIRMED
