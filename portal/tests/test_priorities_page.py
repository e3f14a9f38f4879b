"""A board's priorities page: who may read it and keep the plan, what each priority shows (its progress, its
indicators, its actions and the share completed on time), the year chosen, and a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from lxml import html as lxml_html

from actions import services as action_services
from actions.enums import ActionStatus
from actions.models import Action
from boards import priorities as plans
from boards.enums import PriorityRating, Role
from boards.models import BusinessPlan, Priority, PriorityUpdate
from boards.tests.factories import MembershipFactory, UserFactory
from core.permissions import SYSTEM
from meetings.models import Minute, Minutes
from meetings.tests.factories import MeetingFactory
from performance import services as performance_services
from performance.enums import TargetKind, Unit
from performance.tests.factories import IndicatorFactory, record

pytestmark = pytest.mark.django_db

DUE = datetime.date(2016, 1, 31)


def _action(cast, priority, text, *, status=ActionStatus.OPEN, closed=None, due=DUE):
    action = action_services.action_create(
        user=cast.coordinator, board=cast.board, text=text, owners=[cast.member.person], due_date=due, priority=priority
    )
    if status != ActionStatus.OPEN:
        Action.objects.filter(pk=action.pk).update(status=status, closed_on=closed)
    return action


@pytest.fixture
def world(cast):
    """The LSCB's plan for 2015/16 on the board: three priority areas, the third with two circumstances;
    progress on the first; indicators; actions done on time, late, still open and cancelled."""
    board, coordinator = cast.board, cast.coordinator
    plan = plans.plan_create(
        user=coordinator, board=board, year_start=2015, summary="Agreed at the start of the financial year."
    )
    cse = plans.priority_add(user=coordinator, board=board, plan=plan, title="Preventing child sexual exploitation")
    missing = plans.priority_add(user=coordinator, board=board, plan=plan, title="Children missing from home and care")
    specific = plans.priority_add(user=coordinator, board=board, plan=plan, title="Children in specific circumstances")
    placed = plans.priority_add(
        user=coordinator, board=board, parent=specific, title="Children placed from other areas"
    )
    prison = plans.priority_add(user=coordinator, board=board, parent=specific, title="Children of prisoners")
    plans.priority_progress_post(
        user=coordinator,
        priority=cse,
        rating=PriorityRating.AMBER,
        percent_complete=40,
        narrative="Diagnostic completed; partners asked to respond.",
        as_at=datetime.date(2015, 9, 30),
    )
    plans.priority_progress_post(
        user=coordinator,
        priority=cse,
        rating=PriorityRating.GREEN,
        percent_complete=75,
        narrative="Record referrals to the CSE teams; taxi drivers trained across the county.",
        as_at=datetime.date(2016, 3, 31),
    )
    referrals = IndicatorFactory(board=board, code="CSE", name="CSE referrals", unit=Unit.COUNT)
    referrals.priorities.set([cse])
    for year, value in [("2014/15", 1412), ("2015/16", 1744)]:
        record(referrals, year, value)
    interviews = IndicatorFactory(board=board, code="RHI", name="Return interviews held", unit=Unit.PERCENTAGE)
    interviews.priorities.set([missing, placed])
    performance_services.set_target(
        user=SYSTEM, indicator=interviews, effective_from="2015/16", kind=TargetKind.AT_LEAST, value=80
    )
    record(interviews, "2015/16", 61)
    retired = IndicatorFactory(board=board, code="OLD", name="An indicator no longer reported", retired=True)
    retired.priorities.set([cse])

    on_time = _action(
        cast, cse, "Report the CSE diagnostic", status=ActionStatus.COMPLETED, closed=datetime.date(2016, 1, 15)
    )
    late = _action(cast, cse, "Train taxi drivers", status=ActionStatus.COMPLETED, closed=datetime.date(2016, 2, 10))
    still_open = _action(cast, cse, "Engage BME communities")
    cancelled = _action(cast, cse, "Hold a second conference", status=ActionStatus.CANCELLED, closed=DUE)
    _action(cast, None, "Something else entirely")
    # An action minuted in Part II: read by members, not observers.
    minutes = Minutes.objects.create(meeting=MeetingFactory(board=board, date=datetime.date(2015, 11, 5)))
    private = Minute.objects.create(minutes=minutes, position=1, number="7", title="A child's case", confidential=True)
    secret = _action(cast, prison, "Review the case of the child named in the minute")
    Action.objects.filter(pk=secret.pk).update(minute=private)
    cast.plan, cast.cse, cast.missing, cast.specific, cast.placed, cast.prison = (
        plan,
        cse,
        missing,
        specific,
        placed,
        prison,
    )
    cast.actions = {"on_time": on_time, "late": late, "open": still_open, "cancelled": cancelled, "secret": secret}
    observer = UserFactory(email="observer@example.org")
    MembershipFactory(board=board, person=observer.person, role=Role.OBSERVER)
    cast.observer = observer
    return cast


def page_url(cast, **query) -> str:
    url = reverse("portal:board_priorities", args=[cast.board.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def article(tree, priority):
    (found,) = tree.xpath(f'//article[@id="priority-{priority.pk}"]')
    return found


def text_of(element) -> str:
    return " ".join(element.text_content().split())


# Who may read and keep it -------------------------------------------------------------------------------------

ROLES = ["anonymous", "outsider", "member", "chair", "coordinator", "superuser", "other_coordinator", "outside_lead"]
OK, DENIED, MISSING_PAGE, LOGIN = 200, 403, 404, 302
READERS = [LOGIN, MISSING_PAGE, OK, OK, OK, OK, MISSING_PAGE, MISSING_PAGE]
KEEPERS = [LOGIN, MISSING_PAGE, DENIED, DENIED, OK, OK, MISSING_PAGE, MISSING_PAGE]

PAGES = [
    ("portal:board_priorities", lambda c: [c.board.slug], READERS),
    ("portal:plan_add", lambda c: [c.board.slug], KEEPERS),
    ("portal:plan_edit", lambda c: [c.board.slug, 2015], KEEPERS),
    ("portal:priority_add", lambda c: [c.board.slug], KEEPERS),
    ("portal:priority_edit", lambda c: [c.board.slug, c.cse.pk], KEEPERS),
    ("portal:priority_progress", lambda c: [c.board.slug, c.cse.pk], KEEPERS),
]


@pytest.mark.parametrize(("name", "args", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_members_read_the_page_and_coordinators_keep_the_plan(client, world, name, args, expected):
    url = reverse(name, args=args(world))
    for role, status in zip(ROLES, expected, strict=True):
        client.logout()
        user = world.user(role)
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, f"{name} as {role}: {response.status_code}, not {status}"
        if status == LOGIN:
            assert response.url.startswith(reverse("login"))


def test_the_move_button_takes_only_a_post_from_a_coordinator(client, world):
    url = reverse("portal:priority_move", args=[world.board.slug, world.missing.pk])
    client.force_login(world.coordinator)
    assert client.get(url).status_code == 405
    client.force_login(world.member)
    assert client.post(url, {"direction": "up"}).status_code == 403
    client.force_login(world.other_coordinator)
    assert client.post(url, {"direction": "up"}).status_code == 404
    client.force_login(world.coordinator)
    response = client.post(url, {"direction": "up"})
    assert response.url == page_url(world, year=2015) + f"#priority-{world.missing.pk}"
    assert [p.number for p in plans.plan_priorities(world.board, world.plan)] == ["2", "1", "3", "3.1", "3.2"]


def test_another_boards_priority_is_not_found_under_this_board(client, world):
    theirs = plans.priority_add(user=world.other_coordinator, board=world.other_board, title="Domestic abuse")
    client.force_login(world.coordinator)
    assert client.get(reverse("portal:priority_progress", args=[world.board.slug, theirs.pk])).status_code == 404
    assert client.get(reverse("portal:priority_edit", args=[world.board.slug, theirs.pk])).status_code == 404


def test_the_board_page_leads_its_members_to_the_priorities(client, world):
    url = reverse("boards:board_detail", args=[world.board.slug])
    client.force_login(world.member)
    assert page_url(world) in client.get(url).content.decode()
    client.force_login(world.outsider)
    assert page_url(world) not in client.get(url).content.decode()


# What it shows --------------------------------------------------------------------------------------------------


def test_each_priority_shows_its_latest_progress_in_words_and_as_a_bar(client, world):
    client.force_login(world.member)
    tree = lxml_html.fromstring(client.get(page_url(world)).content)
    assert text_of(tree.xpath("//h1")[0]) == "Business plan 2015/16 of the CPB"
    headings = [text_of(h) for h in tree.xpath("//article//*[self::h2 or self::h3][contains(@class, 'card-title')]")]
    assert headings == [
        "Priority 1: Preventing child sexual exploitation",
        "Priority 2: Children missing from home and care",
        "Priority 3: Children in specific circumstances",
        "Sub-priority 3.1: Children placed from other areas",
        "Sub-priority 3.2: Children of prisoners",
    ]
    cse = article(tree, world.cse)
    shown = text_of(cse)
    assert "Green 75% complete, as at 31 March 2016" in shown
    assert "Record referrals to the CSE teams; taxi drivers trained across the county." in shown
    (badge,) = cse.xpath(".//section[1]/p[1]/span[contains(@class, 'badge')]")
    assert "text-bg-success" in badge.get("class")
    (bar,) = cse.xpath(".//section[1]/div[@role='progressbar']")
    assert (bar.get("aria-valuenow"), bar.get("aria-valuemin"), bar.get("aria-valuemax")) == ("75", "0", "100")
    assert bar.get("aria-label") == "Share of priority 1 complete"
    assert bar.xpath(".//rect[@class='priority-bar-done']")[0].get("width") == "75"
    (earlier,) = cse.xpath(".//details")
    assert "Earlier reports (1)" in text_of(earlier)
    assert "Amber 40% complete, as at 30 September 2015" in text_of(earlier)
    assert "No progress reported yet." in text_of(article(tree, world.missing))
    # Members read; they are not offered the coordinators' buttons.
    assert not tree.xpath("//a[starts-with(normalize-space(), 'Report progress')]")


def test_each_priority_shows_the_indicators_that_evidence_it(client, world):
    client.force_login(world.member)
    tree = lxml_html.fromstring(client.get(page_url(world)).content)
    cse = text_of(article(tree, world.cse).xpath(".//section[2]")[0])
    assert "CSE referrals: 1,744 (2015/16)" in cse
    assert "no longer reported" not in cse  # a retired indicator is not on the scorecard
    for priority in (world.missing, world.placed):
        shown = text_of(article(tree, priority).xpath(".//section[2]")[0])
        assert "Return interviews held: 61% (2015/16), rated red" in shown
    assert "No indicators evidence this priority yet." in text_of(article(tree, world.specific))
    try:
        expected = reverse("performance:indicator", args=[world.board.slug, "CSE"])
    except NoReverseMatch:
        expected = None
    links = article(tree, world.cse).xpath(".//section[2]//a/@href")
    assert links == ([expected] if expected else [])


def test_the_share_of_actions_completed_on_time_leaves_out_cancelled_ones_and_counts_late_ones_against(client, world):
    client.force_login(world.member)
    tree = lxml_html.fromstring(client.get(page_url(world)).content)
    cse = article(tree, world.cse).xpath(".//section[3]")[0]
    shown = text_of(cse)
    # On time, late, open count; cancelled does not: 1 of 3.
    assert "1 of 3 actions completed on time (33%)" in shown
    references = [text_of(a) for a in cse.xpath(".//li/a")]
    assert references == [world.actions[k].reference for k in ("on_time", "late", "open", "cancelled")]
    assert "Completed 15 Jan 2016" in shown and "(overdue)" in shown
    assert world.member.person.full_name in shown
    assert "No actions yet." in text_of(article(tree, world.missing))
    assert "Something else entirely" not in text_of(tree)
    rule = text_of(tree.xpath("//details[summary[normalize-space()='How actions completed on time are counted']]")[0])
    assert "completed on or before the day it was due" in rule and "cancelled actions are left out" in rule


def test_actions_are_shown_and_counted_only_for_those_who_may_read_them(client, world):
    client.force_login(world.member)
    tree = lxml_html.fromstring(client.get(page_url(world)).content)
    assert "0 of 1 action completed on time (0%)" in text_of(article(tree, world.prison))
    client.force_login(world.observer)  # observers do not read Part II
    tree = lxml_html.fromstring(client.get(page_url(world)).content)
    prison = text_of(article(tree, world.prison))
    assert "No actions yet." in prison and "Review the case" not in prison


def test_a_priority_whose_actions_were_all_cancelled_says_so(client, world):
    _action(world, world.missing, "Dropped", status=ActionStatus.CANCELLED, closed=DUE)
    client.force_login(world.member)
    tree = lxml_html.fromstring(client.get(page_url(world)).content)
    assert "Its actions were all cancelled: none to count." in text_of(article(tree, world.missing))


def test_a_year_is_chosen_and_a_year_with_no_plan_says_so(client, world):
    later = plans.plan_create(user=world.coordinator, board=world.board, year_start=2016, title="LSCB plan 2016-17")
    plans.priority_add(user=world.coordinator, board=world.board, plan=later, title="Neglect")
    client.force_login(world.member)
    tree = lxml_html.fromstring(client.get(page_url(world, year=2016)).content)
    assert text_of(tree.xpath("//h1")[0]) == "LSCB plan 2016-17 of the CPB"
    assert [text_of(h) for h in tree.xpath("//article//h2")] == ["Priority 1: Neglect"]
    years = tree.xpath("//nav[@aria-label='Business plan years']//a")
    assert [(text_of(a), a.get("aria-current")) for a in years] == [("2016/17", "page"), ("2015/16", None)]
    tree = lxml_html.fromstring(client.get(page_url(world, year=2019)).content)
    assert "The board has no business plan for 2019/20." in text_of(tree)
    assert not tree.xpath("//article")
    assert client.get(page_url(world, year="last")).status_code == 404


def test_standing_priorities_show_after_the_plans_and_say_so(client, world):
    standing = Priority.objects.create(board=world.board, number="1", title="Children in custody", position=0)
    client.force_login(world.member)
    tree = lxml_html.fromstring(client.get(page_url(world)).content)
    assert tree.xpath("//article/@id")[-1] == f"priority-{standing.pk}"
    assert "Standing priority in no year's plan" in text_of(article(tree, standing))


@pytest.mark.parametrize("role", ["member", "coordinator"])
def test_a_board_with_no_plan_says_what_to_do_next(client, cast, role):
    client.force_login(cast.user(role))
    shown = text_of(lxml_html.fromstring(client.get(page_url(cast)).content))
    assert "The board has no business plan in the portal yet." in shown
    if role == "coordinator":
        assert "Start the plan for" in shown
    else:
        assert "Its coordinators add the plan and its priorities" in shown


def test_a_board_with_standing_priorities_and_no_plan_shows_them(client, cast):
    """As the demo loads the LSCB's priorities: made directly, in no year's plan."""
    area = Priority.objects.create(board=cast.board, number="3", title="Specific circumstances", position=3)
    Priority.objects.create(board=cast.board, number="3.1", title="Children in custody", parent=area, position=4)
    client.force_login(cast.member)
    tree = lxml_html.fromstring(client.get(page_url(cast)).content)
    assert text_of(tree.xpath("//h1")[0]) == "Priorities of the CPB"
    assert "These are the board's standing priorities: they are in no year's business plan." in text_of(tree)
    assert [text_of(h) for h in tree.xpath("//article//*[contains(@class, 'card-title')]")] == [
        "Priority 3: Specific circumstances",
        "Sub-priority 3.1: Children in custody",
    ]


def test_a_plan_with_no_priorities_says_what_to_do_next(client, cast):
    plans.plan_create(user=cast.coordinator, board=cast.board, year_start=plans.financial_year_start())
    client.force_login(cast.coordinator)
    shown = text_of(lxml_html.fromstring(client.get(page_url(cast)).content))
    assert "No priorities in this plan yet. Add the first priority" in shown


def _grow(cast, plan, n: int) -> None:
    """Another ``n`` priorities, each with a sub-priority, progress, an indicator with a figure and actions."""
    for i in range(n):
        top = plans.priority_add(user=cast.coordinator, board=cast.board, plan=plan, title=f"More {i}")
        sub = plans.priority_add(user=cast.coordinator, board=cast.board, parent=top, title=f"Sub {i}")
        for priority in (top, sub):
            plans.priority_progress_post(
                user=cast.coordinator, priority=priority, rating=PriorityRating.AMBER, percent_complete=10 + i
            )
            _action(cast, priority, f"Action for {priority.number}", status=ActionStatus.COMPLETED, closed=DUE)
            _action(cast, priority, f"Open action for {priority.number}")
        indicator = IndicatorFactory(board=cast.board, code=f"M{i}", name=f"Measure {i}")
        indicator.priorities.set([top, sub])
        record(indicator, "2015/16", 10 + i)


@pytest.mark.parametrize("role", ["member", "coordinator"])
def test_the_page_takes_the_same_number_of_queries_however_many_priorities(
    client, world, django_assert_num_queries, role
):
    client.force_login(world.user(role))
    url = page_url(world)
    client.get(url)  # the session, warmed
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(world, world.plan, 6)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.context["rows"]) == 5 + 12


# Keeping the plan -----------------------------------------------------------------------------------------------


def test_a_coordinator_starts_a_plan_and_adds_a_priority_and_a_sub_priority(client, cast):
    client.force_login(cast.coordinator)
    this_year = plans.financial_year_start()
    response = client.post(reverse("portal:plan_add", args=[cast.board.slug]), {"year_start": this_year})
    plan = BusinessPlan.objects.get(board=cast.board)
    assert plan.title == f"Business plan {plan.year_label}"
    assert response.url == page_url(cast, year=this_year)
    add = reverse("portal:priority_add", args=[cast.board.slug]) + f"?year={this_year}"
    response = client.post(add, {"title": "Neglect", "number": "", "description": ""})
    neglect = Priority.objects.get(title="Neglect")
    assert (neglect.number, neglect.plan) == ("1", plan)
    assert response.url == page_url(cast, year=this_year) + f"#priority-{neglect.pk}"
    form = client.get(add + f"&parent={neglect.pk}").context["form"]
    assert form.initial["parent"] == neglect.pk
    client.post(add, {"parent": neglect.pk, "title": "Early help thresholds", "number": ""})
    sub = Priority.objects.get(title="Early help thresholds")
    assert (sub.number, sub.parent, sub.plan) == ("1.1", neglect, plan)
    # The plan's year is not offered again.
    choices = client.get(reverse("portal:plan_add", args=[cast.board.slug])).context["form"].fields["year_start"]
    assert this_year not in [value for value, _label in choices.choices]


def test_adding_a_priority_before_any_plan_starts_the_plan_first(client, cast):
    client.force_login(cast.coordinator)
    response = client.get(reverse("portal:priority_add", args=[cast.board.slug]))
    assert response.url == reverse("portal:plan_add", args=[cast.board.slug])


def test_the_forms_show_their_errors_in_place_and_keep_what_was_typed(client, world):
    client.force_login(world.coordinator)
    add = reverse("portal:priority_add", args=[world.board.slug]) + "?year=2015"
    response = client.post(add, {"number": "2", "title": "Neglect"})
    assert response.status_code == 200
    assert response.context["form"].errors["number"] == ["There is already a priority 2 in the business plan 2015/16."]
    tree = lxml_html.fromstring(response.content)
    assert tree.xpath("//input[@name='title']/@value") == ["Neglect"]
    assert tree.xpath("//input[@name='number']/@aria-invalid") == ["true"]
    progress = reverse("portal:priority_progress", args=[world.board.slug, world.missing.pk])
    response = client.post(
        progress, {"rating": "complete", "percent_complete": "90", "narrative": "Done", "as_at": "2016-03-31"}
    )
    assert response.context["form"].errors["percent_complete"] == [
        "A complete priority is 100% complete: rate it otherwise, or say 100."
    ]
    response = client.post(progress, {"rating": "green", "percent_complete": "120", "as_at": "2016-03-31"})
    assert "percent_complete" in response.context["form"].errors
    assert not PriorityUpdate.objects.filter(priority=world.missing).exists()
    response = client.post(
        progress,
        {"rating": "amber", "percent_complete": "30", "narrative": "Protocol agreed.", "as_at": "2016-03-31"},
    )
    assert response.status_code == 302
    update = PriorityUpdate.objects.get(priority=world.missing)
    assert (update.rating, update.percent_complete, update.narrative) == ("amber", 30, "Protocol agreed.")
    # The next report starts from where this one left it.
    assert client.get(progress).context["form"].initial["percent_complete"] == 30


def test_a_coordinator_edits_a_priority_and_the_plan(client, world):
    client.force_login(world.coordinator)
    edit = reverse("portal:priority_edit", args=[world.board.slug, world.specific.pk])
    assert "parent" not in client.get(edit).context["form"].fields
    client.post(edit, {"number": "4", "title": "Children in specific circumstances", "description": "Four areas"})
    assert sorted(Priority.objects.filter(parent=world.specific).values_list("number", flat=True)) == ["4.1", "4.2"]
    plan_edit = reverse("portal:plan_edit", args=[world.board.slug, 2015])
    client.post(plan_edit, {"title": "LSCB Business Plan 2015-16", "summary": ""})
    world.plan.refresh_from_db()
    assert world.plan.title == "LSCB Business Plan 2015-16"


def test_the_forms_need_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.coordinator)
    url = reverse("portal:priority_progress", args=[world.board.slug, world.missing.pk])
    page = client.get(url)
    assert b'name="csrfmiddlewaretoken"' in page.content
    response = client.post(url, {"rating": "green", "percent_complete": "10", "as_at": "2016-03-31"})
    assert response.status_code == 403
    assert not PriorityUpdate.objects.filter(priority=world.missing).exists()
