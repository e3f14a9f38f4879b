"""Business plans, their priorities and progress reports: who may keep them, how they are numbered and
ordered, and that each progress report is kept as it was posted."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from boards import priorities as plans
from boards.enums import PriorityRating
from boards.models import BusinessPlan, Priority, PriorityUpdate
from core.activity import action_label
from core.models import ActivityLog
from core.permissions import SYSTEM

pytestmark = pytest.mark.django_db

CSE = "Improve the effectiveness of agencies and the community in preventing child sexual exploitation"
MISSING = "Improve the effectiveness of agencies in meeting the needs of Children Missing from Home, Care and Education"
SPECIFIC = "Improve the effectiveness of safeguarding activity for children in specific circumstances"


@pytest.fixture
def plan(cast):
    return plans.plan_create(user=cast.coordinator, board=cast.board, year_start=2015)


@pytest.fixture
def lscb_plan(cast, plan):
    """The LSCB's three priority areas of 2015/16, the third with two of its circumstances."""
    one = plans.priority_add(user=cast.coordinator, board=cast.board, plan=plan, title=CSE)
    two = plans.priority_add(user=cast.coordinator, board=cast.board, plan=plan, title=MISSING)
    three = plans.priority_add(user=cast.coordinator, board=cast.board, plan=plan, title=SPECIFIC)
    placed = plans.priority_add(
        user=cast.coordinator, board=cast.board, parent=three, title="Children placed in Lancashire from other areas"
    )
    prison = plans.priority_add(
        user=cast.coordinator, board=cast.board, parent=three, title="Children whose parents are in prison"
    )
    return one, two, three, placed, prison


# Plans ------------------------------------------------------------------------------------------------------


def test_a_plan_is_titled_by_its_financial_year_unless_named(cast, plan):
    assert (plan.year_start, plan.year_label, plan.title) == (2015, "2015/16", "Business plan 2015/16")
    named = plans.plan_create(
        user=cast.coordinator, board=cast.board, year_start=2016, title="  LSCB Business Plan 2016-17 ", summary="x"
    )
    assert named.title == "LSCB Business Plan 2016-17"
    assert BusinessPlan(year_start=1999).year_label == "1999/00"


def test_one_plan_per_board_and_year(cast, plan):
    with pytest.raises(ValidationError) as refused:
        plans.plan_create(user=cast.coordinator, board=cast.board, year_start=2015)
    assert refused.value.message_dict == {"year_start": ["The board already has a business plan for 2015/16."]}
    # Another board plans the same year.
    other = plans.plan_create(user=cast.other_coordinator, board=cast.other_board, year_start=2015)
    assert other.board == cast.other_board
    with pytest.raises(IntegrityError), transaction.atomic():
        BusinessPlan.objects.create(board=cast.board, year_start=2015, title="Again")


@pytest.mark.parametrize("year", [1999, 2101, "2015"])
def test_a_plan_needs_a_sensible_year(cast, year):
    with pytest.raises(ValidationError) as refused:
        plans.plan_create(user=cast.coordinator, board=cast.board, year_start=year)
    assert "year_start" in refused.value.message_dict


def test_a_plan_title_is_one_line(cast, plan):
    with pytest.raises(ValidationError) as refused:
        plans.plan_edit(user=cast.coordinator, plan=plan, title="Plan\r\nBcc: x@evil.example")
    assert "title" in refused.value.message_dict


def test_editing_a_plan_is_logged_with_what_changed(cast, plan):
    plans.plan_edit(user=cast.coordinator, plan=plan, title="LSCB Business Plan", summary="Three priority areas.")
    entry = ActivityLog.objects.for_object(plan).get(action="boards.plan.changed")
    assert entry.data["changes"] == {
        "title": ["Business plan 2015/16", "LSCB Business Plan"],
        "summary": ["", "Three priority areas."],
    }
    assert entry.scope == cast.board and entry.actor == cast.coordinator
    assert action_label("boards.plan.changed") == "Business plan changed"


@pytest.mark.parametrize("role", ["member", "chair", "outsider", "other_coordinator"])
def test_only_the_boards_coordinators_keep_its_plan(cast, plan, role):
    user = cast.user(role)
    with pytest.raises(PermissionDenied):
        plans.plan_create(user=user, board=cast.board, year_start=2016)
    with pytest.raises(PermissionDenied):
        plans.plan_edit(user=user, plan=plan, title="Mine now")
    with pytest.raises(PermissionDenied):
        plans.priority_add(user=user, board=cast.board, plan=plan, title="Mine")
    with pytest.raises(PermissionDenied):
        plans.plan_create(user=None, board=cast.board, year_start=2016)


def test_a_site_administrator_and_the_system_keep_any_plan(cast, plan):
    plans.plan_create(user=cast.superuser, board=cast.board, year_start=2016)
    plans.priority_add(user=SYSTEM, board=cast.board, plan=plan, title=CSE)
    assert BusinessPlan.objects.filter(board=cast.board).count() == 2


# Priorities and sub-priorities ------------------------------------------------------------------------------


def test_priorities_are_numbered_in_turn_and_sub_priorities_under_theirs(cast, plan, lscb_plan):
    three, placed = lscb_plan[2], lscb_plan[3]
    assert [p.number for p in lscb_plan] == ["1", "2", "3", "3.1", "3.2"]
    assert (placed.parent, placed.plan, placed.board) == (three, plan, cast.board)
    assert [p.number for p in plans.plan_priorities(cast.board, plan)] == ["1", "2", "3", "3.1", "3.2"]
    assert plans.suggest_number(board=cast.board, plan=plan) == "4"
    assert plans.suggest_number(board=cast.board, plan=plan, parent=three) == "3.3"


def test_each_years_plan_has_its_own_priority_1(cast, plan, lscb_plan):
    later = plans.plan_create(user=cast.coordinator, board=cast.board, year_start=2016)
    first = plans.priority_add(user=cast.coordinator, board=cast.board, plan=later, title="Neglect")
    assert first.number == "1"
    with pytest.raises(ValidationError) as refused:
        plans.priority_add(user=cast.coordinator, board=cast.board, plan=later, number="1", title="Again")
    assert refused.value.message_dict == {"number": ["There is already a priority 1 in the business plan 2016/17."]}


@pytest.mark.parametrize(
    ("number", "parent", "message"),
    [
        ("1.1", False, "Number a priority 1, 2, 3 (a whole number up to 999)."),
        ("one", False, "Number a priority 1, 2, 3 (a whole number up to 999)."),
        ("0", False, "Number a priority 1, 2, 3 (a whole number up to 999)."),
        ("2.1", True, "Number a sub-priority of priority 3 3.1, 3.2…"),
        ("3", True, "Number a sub-priority of priority 3 3.1, 3.2…"),
        ("3.1", True, "There is already a priority 3.1 in the business plan 2015/16."),
    ],
)
def test_numbers_follow_the_plan(cast, plan, lscb_plan, number, parent, message):
    three = lscb_plan[2]
    with pytest.raises(ValidationError) as refused:
        plans.priority_add(
            user=cast.coordinator,
            board=cast.board,
            number=number,
            title="X",
            parent=three if parent else None,
            plan=plan,
        )
    assert refused.value.message_dict == {"number": [message]}


def test_a_sub_priority_sits_under_a_priority_of_its_own_board_and_plan(cast, plan, lscb_plan):
    three, placed = lscb_plan[2], lscb_plan[3]
    with pytest.raises(ValidationError) as refused:
        plans.priority_add(user=cast.coordinator, board=cast.board, parent=placed, title="Too deep")
    assert "parent" in refused.value.message_dict
    # The other board's coordinator cannot hang a sub-priority of theirs under this board's priority...
    with pytest.raises(ValidationError) as refused:
        plans.priority_add(user=cast.other_coordinator, board=cast.other_board, parent=three, title="Theirs")
    assert refused.value.message_dict == {
        "parent": ["That priority is another board's: a sub-priority sits under its own."]
    }
    # ...nor add a priority to this board's plan.
    with pytest.raises(ValidationError) as refused:
        plans.priority_add(user=cast.other_coordinator, board=cast.other_board, plan=plan, title="Theirs")
    assert refused.value.message_dict == {"plan": ["That business plan is another board's."]}
    # A sub-priority is in its priority's plan, whichever plan is named.
    later = plans.plan_create(user=cast.coordinator, board=cast.board, year_start=2016)
    with pytest.raises(ValidationError) as refused:
        plans.priority_add(user=cast.coordinator, board=cast.board, plan=later, parent=three, title="Elsewhere")
    assert "plan" in refused.value.message_dict
    assert not Priority.objects.filter(title__in=["Too deep", "Theirs", "Elsewhere"]).exists()


def test_a_priority_needs_a_title(cast, plan):
    with pytest.raises(ValidationError) as refused:
        plans.priority_add(user=cast.coordinator, board=cast.board, plan=plan, title="  ")
    assert refused.value.message_dict == {"title": ["Give the priority's title, as the plan words it."]}


def test_standing_priorities_are_in_no_plan_and_numbered_among_themselves(cast, plan, lscb_plan):
    standing = plans.priority_add(user=cast.coordinator, board=cast.board, title="Children in custody")
    assert (standing.plan, standing.number) == (None, "1")
    with pytest.raises(ValidationError):
        plans.priority_add(user=cast.coordinator, board=cast.board, number="1", title="Again")
    shown = plans.plan_priorities(cast.board, plan)
    assert [(p.number, p.plan_id) for p in shown] == [
        ("1", plan.pk),
        ("2", plan.pk),
        ("3", plan.pk),
        ("3.1", plan.pk),
        ("3.2", plan.pk),
        ("1", None),  # standing priorities after the plan's
    ]
    assert [p.number for p in plans.plan_priorities(cast.board, plan, standing=False)] == ["1", "2", "3", "3.1", "3.2"]


def test_renumbering_a_priority_renumbers_its_sub_priorities(cast, plan, lscb_plan):
    three = lscb_plan[2]
    plans.priority_edit(user=cast.coordinator, priority=three, number="4", title=SPECIFIC + " ", description="Four")
    assert sorted(Priority.objects.filter(parent=three).values_list("number", flat=True)) == ["4.1", "4.2"]
    entry = ActivityLog.objects.for_object(three).get(action="boards.priority.changed")
    assert entry.data["changes"] == {"number": ["3", "4"], "description": ["", "Four"]}
    assert entry.data["sub_priorities_renumbered"] == ["4.1", "4.2"]
    with pytest.raises(ValidationError) as refused:
        plans.priority_edit(user=cast.coordinator, priority=three, number="1", title=SPECIFIC)
    assert "number" in refused.value.message_dict


def test_priorities_move_up_and_down_among_their_siblings_only(cast, plan, lscb_plan):
    one, two, three, _placed, prison = lscb_plan
    plans.priority_move(user=cast.coordinator, priority=three, direction=plans.UP)
    plans.priority_move(user=cast.coordinator, priority=prison, direction=plans.UP)
    plans.priority_move(user=cast.coordinator, priority=prison, direction=plans.UP)  # first already: stays
    plans.priority_move(user=cast.coordinator, priority=one, direction=plans.UP)  # first already: stays
    assert [p.number for p in plans.plan_priorities(cast.board, plan)] == ["1", "3", "3.2", "3.1", "2"]
    entry = ActivityLog.objects.filter(action="boards.priority.moved").order_by("pk").first()
    assert entry.data == {"before": ["1", "2", "3"], "after": ["1", "3", "2"]}
    assert ActivityLog.objects.filter(action="boards.priority.moved").count() == 2  # no entry when nothing moved
    with pytest.raises(ValidationError):
        plans.priority_move(user=cast.coordinator, priority=one, direction="sideways")
    with pytest.raises(PermissionDenied):
        plans.priority_move(user=cast.member, priority=two, direction=plans.UP)


# Progress ---------------------------------------------------------------------------------------------------


def test_progress_reports_are_kept_in_order_and_the_latest_by_date_stands(cast, plan, lscb_plan, clock):
    one = lscb_plan[0]
    clock.now = datetime.datetime(2016, 3, 31, 12, tzinfo=datetime.UTC)
    first = plans.priority_progress_post(
        user=cast.coordinator,
        priority=one,
        rating=PriorityRating.AMBER,
        percent_complete=40,
        narrative="Diagnostic completed; partners asked to respond.",
        as_at=datetime.date(2015, 9, 30),
    )
    second = plans.priority_progress_post(
        user=cast.coordinator,
        priority=one,
        rating=PriorityRating.GREEN,
        percent_complete=75,
        narrative="Record referrals to the CSE teams; taxi drivers trained.",
    )
    late = plans.priority_progress_post(  # the December report, entered after the March one
        user=cast.coordinator,
        priority=one,
        rating=PriorityRating.AMBER,
        percent_complete=60,
        as_at=datetime.date(2015, 12, 31),
    )
    assert second.as_at == datetime.date(2016, 3, 31)
    assert second.recorded_by == cast.coordinator
    shown = plans.plan_priorities(cast.board, plan)[0]
    assert shown.progress == [second, late, first]
    assert shown.latest == second
    first.refresh_from_db()
    assert (first.rating, first.percent_complete) == (PriorityRating.AMBER, 40)  # never changed by later reports
    entry = ActivityLog.objects.for_object(one).filter(action="boards.priority.progress").order_by("pk")[1]
    assert entry.data["summary"] == "Green, 75% complete, as at 31 March 2016"


@pytest.mark.parametrize(
    ("rating", "percent", "as_at", "field"),
    [
        ("purple", 50, None, "rating"),
        (PriorityRating.GREEN, 101, None, "percent_complete"),
        (PriorityRating.GREEN, -1, None, "percent_complete"),
        (PriorityRating.GREEN, "50", None, "percent_complete"),
        (PriorityRating.COMPLETE, 90, None, "percent_complete"),
        (PriorityRating.GREEN, 50, datetime.date.today() + datetime.timedelta(days=1), "as_at"),
    ],
)
def test_a_progress_report_is_checked(cast, plan, lscb_plan, rating, percent, as_at, field):
    with pytest.raises(ValidationError) as refused:
        plans.priority_progress_post(
            user=cast.coordinator, priority=lscb_plan[0], rating=rating, percent_complete=percent, as_at=as_at
        )
    assert field in refused.value.message_dict
    assert not PriorityUpdate.objects.exists()


def test_the_database_holds_a_complete_priority_to_100(cast, plan, lscb_plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        PriorityUpdate.objects.create(priority=lscb_plan[0], rating=PriorityRating.COMPLETE, percent_complete=80)


@pytest.mark.parametrize("role", ["member", "chair", "outsider", "other_coordinator"])
def test_only_the_boards_coordinators_report_progress(cast, plan, lscb_plan, role):
    with pytest.raises(PermissionDenied):
        plans.priority_progress_post(
            user=cast.user(role), priority=lscb_plan[0], rating=PriorityRating.GREEN, percent_complete=10
        )


# Reads ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "year"),
    [(datetime.date(2016, 3, 31), 2015), (datetime.date(2016, 4, 1), 2016), (datetime.date(2016, 1, 1), 2015)],
)
def test_the_financial_year_starts_in_april(day, year):
    assert plans.financial_year_start(day) == year


def test_the_plan_shown_is_this_years_else_the_latest_begun_else_the_first_to_come(cast):
    made = [BusinessPlan(board=cast.board, year_start=y, title=str(y)) for y in (2014, 2015, 2017)]
    march_2016 = datetime.date(2016, 3, 1)
    assert plans.plan_for_year(made, None, today=march_2016).year_start == 2015
    assert plans.plan_for_year(made, None, today=datetime.date(2016, 6, 1)).year_start == 2015
    assert plans.plan_for_year(made, None, today=datetime.date(2012, 6, 1)).year_start == 2014
    assert plans.plan_for_year(made, 2017, today=march_2016).year_start == 2017
    assert plans.plan_for_year(made, 2016, today=march_2016) is None
    assert plans.plan_for_year([], None, today=march_2016) is None


def test_the_plan_and_its_progress_are_read_in_two_queries(cast, plan, lscb_plan, django_assert_num_queries):
    for priority in lscb_plan:
        plans.priority_progress_post(
            user=cast.coordinator, priority=priority, rating=PriorityRating.GREEN, percent_complete=20
        )
    with django_assert_num_queries(2):
        shown = plans.plan_priorities(cast.board, plan)
        assert [p.latest.recorded_by.person for p in shown] == [cast.coordinator.person] * 5
        assert [len(p.subs) for p in shown] == [0, 0, 2, 0, 0]


# The admin --------------------------------------------------------------------------------------------------


def test_the_admin_reads_plans_priorities_and_progress_but_changes_none(client, cast, plan, lscb_plan):
    from django.urls import reverse

    update = plans.priority_progress_post(
        user=cast.coordinator, priority=lscb_plan[0], rating=PriorityRating.GREEN, percent_complete=30
    )
    client.force_login(cast.superuser)
    for model, obj in (("businessplan", plan), ("priority", lscb_plan[3]), ("priorityupdate", update)):
        listing = client.get(reverse(f"admin:boards_{model}_changelist"))
        assert listing.status_code == 200, model
        page = client.get(reverse(f"admin:boards_{model}_change", args=[obj.pk]))
        assert page.status_code == 200, model
        assert b'name="_save"' not in page.content, model  # read, never changed here
    assert client.get(reverse("admin:boards_priority_add")).status_code == 403
