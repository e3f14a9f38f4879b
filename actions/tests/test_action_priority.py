"""Actions serve the board's business plan priorities: the form offers the board's own priorities only (and
asks nothing of a board with none), the services refuse another board's, the action's page names it; and how
many of a priority's actions were completed on time is counted one way."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actions import services
from actions.enums import ActionStatus
from actions.forms import ActionForm
from actions.models import Action
from actions.selectors import completed_on_time, on_time_share, with_due
from boards import priorities as plans
from core.models import ActivityLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def priorities(cast):
    plan = plans.plan_create(user=cast.coordinator, board=cast.board, year_start=2015)
    cse = plans.priority_add(user=cast.coordinator, board=cast.board, plan=plan, title="Child sexual exploitation")
    missing = plans.priority_add(user=cast.coordinator, board=cast.board, plan=plan, title="Children missing")
    specific = plans.priority_add(user=cast.coordinator, board=cast.board, plan=plan, title="Specific circumstances")
    prison = plans.priority_add(
        user=cast.coordinator, board=cast.board, parent=specific, title="Children whose parents are in prison"
    )
    theirs = plans.priority_add(user=cast.other_coordinator, board=cast.other_board, title="Domestic abuse")
    return cse, missing, specific, prison, theirs


def test_the_form_offers_the_boards_own_priorities_in_the_plans_order(cast, priorities):
    cse, missing, specific, prison, theirs = priorities
    form = ActionForm(board=cast.board)
    field = form.fields["priority"]
    assert list(field.queryset) == [cse, missing, specific, prison]
    labels = [label for _value, label in field.choices]
    assert labels == [
        "None of the board's priorities",
        "Priority 1: Child sexual exploitation (2015/16)",
        "Priority 2: Children missing (2015/16)",
        "Priority 3: Specific circumstances (2015/16)",
        "\u2003Priority 3.1: Children whose parents are in prison (2015/16)",
    ]
    # Another board's priority is not a choice, even when sent.
    data = {"text": "Audit", "owners": [cast.member.person.pk], "due": "none", "priority": theirs.pk}
    sent = ActionForm(data, board=cast.board)
    assert not sent.is_valid()
    assert "priority" in sent.errors


def test_a_board_with_no_priorities_is_not_asked(cast):
    form = ActionForm(board=cast.board)
    assert "priority" not in form.fields
    sent = ActionForm({"text": "Audit", "owners": [cast.member.person.pk], "due": "none"}, board=cast.board)
    assert sent.is_valid()
    assert sent.priority_kwargs() == {}


def test_the_services_refuse_another_boards_priority(cast, priorities):
    theirs = priorities[-1]
    with pytest.raises(ValidationError) as refused:
        services.action_create(
            user=cast.coordinator, board=cast.board, text="Audit", owners=[cast.member.person], priority=theirs
        )
    assert refused.value.message_dict == {"priority": ["That priority is another board's: choose one of this board's."]}
    action = services.action_create(user=cast.coordinator, board=cast.board, text="Audit", owners=[cast.member.person])
    with pytest.raises(ValidationError):
        services.action_edit(
            user=cast.coordinator, action=action, text="Audit", owners=[cast.member.person], priority=theirs
        )
    action.refresh_from_db()
    assert action.priority is None


def test_editing_keeps_the_priority_unless_told_and_logs_a_change(cast, priorities):
    cse, missing = priorities[0], priorities[1]
    action = services.action_create(
        user=cast.coordinator, board=cast.board, text="Train taxi drivers", owners=[cast.member.person], priority=cse
    )
    assert ActivityLog.objects.get(action="actions.action.raised").data["priority"] == str(cse)
    services.action_edit(user=cast.coordinator, action=action, text="Train taxi drivers.", owners=[cast.member.person])
    action.refresh_from_db()
    assert action.priority == cse
    services.action_edit(
        user=cast.coordinator, action=action, text="Train taxi drivers.", owners=[cast.member.person], priority=missing
    )
    entry = ActivityLog.objects.filter(action="actions.action.edited").order_by("pk").last()
    assert entry.data["priority"] == [str(cse), str(missing)]
    services.action_edit(
        user=cast.coordinator, action=action, text="Train taxi drivers.", owners=[cast.member.person], priority=None
    )
    action.refresh_from_db()
    assert action.priority is None


def test_a_coordinator_chooses_the_priority_on_the_page_and_the_action_names_it(client, cast, priorities):
    prison = priorities[3]
    client.force_login(cast.coordinator)
    url = reverse("actions:action_create", args=[cast.board.slug])
    html = client.get(url).content.decode()
    assert "Priority it serves" in html and "Domestic abuse" not in html
    response = client.post(
        url,
        {"text": "Run the iHOP workshops.", "owners": [cast.member.person.pk], "due": "none", "priority": prison.pk},
    )
    action = Action.objects.get(text="Run the iHOP workshops.")
    assert response.status_code == 302 and action.priority == prison
    client.force_login(cast.member)
    html = client.get(action.get_absolute_url()).content.decode()
    assert "Priority it serves" in html
    assert "Priority 3.1: Children whose parents are in prison (Business plan 2015/16)" in html
    # Edited with the choice left empty: it serves none.
    client.force_login(cast.coordinator)
    edit = reverse("actions:action_edit", args=[action.pk])
    assert client.get(edit).context["form"].initial["priority"] == prison.pk
    client.post(edit, {"text": "Run the iHOP workshops.", "owners": [cast.member.person.pk], "due": "none"})
    action.refresh_from_db()
    assert action.priority is None


def test_the_action_page_of_an_action_serving_no_priority_says_nothing_of_one(client, cast):
    action = services.action_create(user=cast.coordinator, board=cast.board, text="Audit", owners=[cast.member.person])
    client.force_login(cast.member)
    assert "Priority it serves" not in client.get(action.get_absolute_url()).content.decode()


# Completed on time ------------------------------------------------------------------------------------------


def _action(cast, *, due, status=ActionStatus.OPEN, closed=None):
    action = services.action_create(
        user=cast.coordinator, board=cast.board, text="Audit", owners=[cast.member.person], due_date=due
    )
    Action.objects.filter(pk=action.pk).update(status=status, closed_on=closed)
    return with_due(Action.objects.filter(pk=action.pk)).get()


def test_an_action_is_completed_on_time_on_or_before_its_due_date(cast):
    due = datetime.date(2016, 3, 31)
    on_the_day = _action(cast, due=due, status=ActionStatus.COMPLETED, closed=due)
    early = _action(cast, due=due, status=ActionStatus.COMPLETED, closed=due - datetime.timedelta(days=30))
    late = _action(cast, due=due, status=ActionStatus.COMPLETED, closed=due + datetime.timedelta(days=1))
    undated = _action(cast, due=None, status=ActionStatus.COMPLETED, closed=due)
    still_open = _action(cast, due=due)
    deferred = _action(cast, due=due, status=ActionStatus.DEFERRED)
    cancelled = _action(cast, due=due, status=ActionStatus.CANCELLED, closed=due)
    assert [completed_on_time(a) for a in (on_the_day, early, late, undated, still_open, deferred, cancelled)] == [
        True,
        True,
        False,
        True,
        False,
        False,
        False,
    ]
    share = on_time_share([on_the_day, early, late, undated, still_open, deferred, cancelled])
    assert (share.on_time, share.counted, share.percent) == (3, 6, 50)  # the cancelled one is not counted
    assert on_time_share([cancelled]).percent is None
    assert on_time_share([]).counted == 0


def test_by_the_next_meeting_means_by_that_meetings_date(cast):
    from meetings import services as meeting_services

    meeting_services.meeting_create(
        user=cast.coordinator, board=cast.board, date=datetime.date(2030, 3, 14), start_time=datetime.time(14)
    )
    action = services.action_create(
        user=cast.coordinator, board=cast.board, text="Audit", owners=[cast.member.person], due_next_meeting=True
    )
    Action.objects.filter(pk=action.pk).update(status=ActionStatus.COMPLETED, closed_on=datetime.date(2030, 3, 15))
    late = with_due(Action.objects.filter(pk=action.pk)).get()
    assert late.due_on == datetime.date(2030, 3, 14)
    assert not completed_on_time(late)
    Action.objects.filter(pk=action.pk).update(closed_on=datetime.date(2030, 3, 14))
    assert completed_on_time(with_due(Action.objects.filter(pk=action.pk)).get())
