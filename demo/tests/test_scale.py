import datetime
import io
from collections import Counter

import pikepdf
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.db import transaction

from boards.enums import CHAIR_ROLES, Role
from boards.models import Board, Membership, Organisation, Person, User
from meetings.enums import INFORMAL_KINDS, MeetingStatus, Standing
from meetings.models import AgendaItem, ItemLead, Meeting, Paper, WorkProgrammeEntry
from meetings.visibility import part_two_q
from testsupport.storage import local_copy

pytestmark = pytest.mark.django_db

SIZES = {"boards": 4, "people": 80, "meetings": 60, "seed": 3}


@pytest.fixture
def scale():
    out = io.StringIO()
    call_command("load_scale", stdout=out, **SIZES)
    return out.getvalue()


def test_load_scale_makes_what_it_was_asked_for_and_says_so(scale):
    assert (Board.objects.count(), Person.objects.count(), Meeting.objects.count()) == (4, 80, 60)
    assert "Scale data made in" in scale and "(seed 3)" in scale
    for label, count in [
        ("people", 80),
        ("boards", 4),
        ("meetings", 60),
        ("organisations", Organisation.objects.count()),
        ("memberships", Membership.objects.count()),
        ("logins", User.objects.count()),
        ("agenda items", AgendaItem.objects.count()),
        ("item leads", ItemLead.objects.count()),
        ("papers", Paper.objects.count()),
        ("work programme entries", WorkProgrammeEntry.objects.count()),
    ]:
        assert f"{count:>8,}  {label}\n" in scale
    assert "Every login's password is 'scale-password'" in scale
    coordinator = User.objects.get(email=scale.split("Coordinator of ")[1].split()[1])
    assert coordinator.check_password("scale-password")


def test_every_board_has_a_coordinator_with_a_login_and_one_chair_at_a_time(scale):
    today = datetime.date.today()
    for board in Board.objects.all():
        coordinators = Membership.objects.filter(board=board, role=Role.COORDINATOR)
        assert coordinators.count() == 1 and hasattr(coordinators[0].person, "user")
        chairs = list(Membership.objects.filter(board=board, role__in=CHAIR_ROLES))
        for meeting in board.meetings.all():
            on_the_day = [
                m for m in chairs if m.start_date <= meeting.date and (m.end_date or datetime.date.max) >= meeting.date
            ]
            assert len(on_the_day) == 1, meeting
        initials = Counter(p.initials.upper() for p in Person.objects.filter(memberships__board=board).distinct())
        assert max(initials.values()) == 1
    assert Membership.objects.filter(end_date__lt=today).exists()
    assert Membership.objects.exclude(deputy=None).exists()


def test_meetings_past_and_ahead_follow_the_visibility_rule(scale):
    today = datetime.date.today()
    past, ahead = Meeting.objects.filter(date__lt=today), Meeting.objects.filter(date__gte=today)
    assert past.exists() and ahead.exists()
    assert set(past.values_list("status", flat=True)) <= {MeetingStatus.HELD, MeetingStatus.CANCELLED}
    assert set(ahead.values_list("status", flat=True)) == {MeetingStatus.SCHEDULED}
    assert not past.filter(agenda_published_at=None).exists()
    assert not ahead.filter(date__gt=today + datetime.timedelta(days=10), agenda_published_at__isnull=False).exists()
    public = Meeting.objects.visible_to(AnonymousUser())
    assert set(public) == set(Meeting.objects.exclude(agenda_published_at=None))


def test_agendas_have_standing_items_sub_items_part_two_and_papers(scale):
    formal = Meeting.objects.exclude(kind__in=INFORMAL_KINDS)  # informal sessions have no standing items
    meeting = formal.filter(date__lt=datetime.date.today()).order_by("-date").first()
    top = list(meeting.items.filter(parent=None).order_by("position"))
    assert top[0].standing == Standing.WELCOME and top[-1].standing == Standing.FUTURE_DATES
    assert len(top) >= 10
    assert AgendaItem.objects.exclude(parent=None).exists()
    assert AgendaItem.objects.filter(is_heading=True, papers__isnull=False).count() == 0
    part_two = AgendaItem.objects.filter(part_two_q())
    assert part_two.exists()
    assert not part_two.filter(parent=None, exemption_reason="").exists()
    assert not ItemLead.objects.filter(person=None, office="", guest_name="").exists()
    paper = Paper.objects.order_by("?").first()
    with pikepdf.open(local_copy(paper.file)) as pdf:
        assert len(pdf.pages) == paper.page_count
    assert WorkProgrammeEntry.objects.filter(meeting=None).exists()
    assert WorkProgrammeEntry.objects.exclude(agenda_item=None).exists()


def _snapshot():
    return (
        list(Person.objects.order_by("pk").values_list("first_name", "last_name", "initials")),
        list(Board.objects.order_by("pk").values_list("name", "kind")),
        list(Meeting.objects.order_by("pk").values_list("date", "status", "uid")),
        list(AgendaItem.objects.order_by("pk").values_list("title", "position", "confidential")),
    )


def test_the_same_seed_makes_the_same_data():
    snapshots = []
    for _ in range(2):
        with transaction.atomic():
            call_command("load_scale", stdout=io.StringIO(), **SIZES)
            snapshots.append(_snapshot())
            transaction.set_rollback(True)
    assert snapshots[0] == snapshots[1]
    assert snapshots[0][0]


def test_load_scale_refuses_a_production_portal(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="load_scale refused: DJANGO_PRODUCTION is on"):
        call_command("load_scale", stdout=io.StringIO(), **SIZES)
    assert not Person.objects.exists()


def test_load_scale_wants_people_for_every_board():
    with pytest.raises(CommandError, match="at least three people per board"):
        call_command("load_scale", boards=10, people=12, meetings=5, stdout=io.StringIO())
