"""The priorities page in the browser on a phone (390 by 844), checked with axe on every page: a coordinator
goes from the board's page to its priorities, adds a priority to this year's plan and reports progress on
it; a member reads each priority's progress, indicators, actions and the share completed on time."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from actions import services as action_services
from actions.enums import ActionStatus
from actions.models import Action
from boards import priorities as plans
from boards.enums import PriorityRating
from boards.models import Priority, PriorityUpdate
from performance.enums import Unit
from performance.tests.factories import IndicatorFactory, record
from testsupport.browser import check_a11y, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
CSE = "Improve the effectiveness of agencies and the community in preventing child sexual exploitation"
MISSING = "Improve the effectiveness of agencies in meeting the needs of Children Missing from Home, Care and Education"


@pytest.fixture
def new_page(new_page):
    """Checked pages on a phone that ask for reduced motion (no transitions half-way through an axe check)."""

    def make():
        made = new_page()
        made.emulate_media(reduced_motion="reduce")
        made.set_viewport_size(PHONE)
        return made

    return make


@pytest.fixture
def plan(cast):
    """This year's plan with its first priority, its progress, an indicator and two actions (one done on time)."""
    plan = plans.plan_create(user=cast.coordinator, board=cast.board, year_start=plans.financial_year_start())
    cse = plans.priority_add(user=cast.coordinator, board=cast.board, plan=plan, title=CSE)
    plans.priority_progress_post(
        user=cast.coordinator,
        priority=cse,
        rating=PriorityRating.GREEN,
        percent_complete=60,
        narrative="Taxi drivers and licensing committees trained across the county.",
    )
    referrals = IndicatorFactory(board=cast.board, code="CSE", name="CSE referrals", unit=Unit.COUNT)
    referrals.priorities.set([cse])
    record(referrals, "2015/16", 1744)
    today = datetime.date.today()
    done = action_services.action_create(
        user=cast.coordinator,
        board=cast.board,
        text="Report the CSE diagnostic to the chief executives.",
        owners=[cast.member.person],
        due_date=today,
        priority=cse,
    )
    Action.objects.filter(pk=done.pk).update(status=ActionStatus.COMPLETED, closed_on=today)
    action_services.action_create(
        user=cast.coordinator,
        board=cast.board,
        text="Engage BME communities through two voluntary sector agencies.",
        owners=[cast.chair.person],
        due_date=today + datetime.timedelta(days=60),
        priority=cse,
    )
    return plan


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_coordinator_adds_a_priority_and_reports_progress_on_it(new_page, cast, plan):
    phone = new_page()
    sign_in(phone, cast.coordinator)
    phone.goto(cast.board.get_absolute_url())
    phone.get_by_role("link", name=re.compile("priorities$")).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(f"{plan.title} of the CPB")
    assert fits(phone)

    phone.get_by_role("link", name="Add a priority").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Add a priority")
    assert fits(phone)
    phone.get_by_label(re.compile(r"^\s*Title")).fill(MISSING)
    phone.get_by_role("button", name="Add the priority").click()
    expect(phone.get_by_role("status").first).to_contain_text(f"Priority 2 added to {plan.title}")
    second = Priority.objects.get(plan=plan, number="2")
    card = phone.locator(f"#priority-{second.pk}")
    expect(card.get_by_role("heading", level=2)).to_have_text(f"Priority 2: {MISSING}")
    expect(card).to_contain_text("No progress reported yet.")
    expect(card).to_contain_text("No actions yet.")
    assert fits(phone)

    card.get_by_role("link", name="Report progress on priority 2").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Report progress on priority 2")
    assert fits(phone)
    # Complete at 40%: refused in place, and what was typed is kept.
    phone.get_by_label("Complete", exact=True).check()
    phone.get_by_label("Per cent complete").fill("40")
    phone.get_by_label("What has happened").fill("Protocol agreed; performance measures drafted.")
    phone.get_by_role("button", name="Post the report").click()
    expect(phone.get_by_text("A complete priority is 100% complete")).to_be_visible()
    expect(phone.get_by_label("What has happened")).to_have_value("Protocol agreed; performance measures drafted.")
    assert not PriorityUpdate.objects.filter(priority=second).exists()
    phone.get_by_label(re.compile(r"^\s*Amber")).check()
    phone.get_by_role("button", name="Post the report").click()
    expect(phone.get_by_role("status").first).to_contain_text("Progress on priority 2 reported: amber, 40% complete.")
    card = phone.locator(f"#priority-{second.pk}")
    expect(card).to_contain_text("Amber")
    expect(card).to_contain_text("40% complete")
    expect(card).to_contain_text("Protocol agreed; performance measures drafted.")
    expect(card.get_by_role("progressbar", name="Share of priority 2 complete")).to_have_attribute(
        "aria-valuenow", "40"
    )
    check_a11y(phone)
    assert fits(phone)
    update = PriorityUpdate.objects.get(priority=second)
    assert (update.rating, update.percent_complete, update.recorded_by) == ("amber", 40, cast.coordinator)


def test_a_member_reads_each_prioritys_progress_indicators_and_actions(new_page, cast, plan):
    cse = Priority.objects.get(plan=plan, number="1")
    phone = new_page()
    sign_in(phone, cast.member)
    phone.goto(cast.board.get_absolute_url())
    phone.get_by_role("link", name=re.compile("priorities$")).click()
    card = phone.locator(f"#priority-{cse.pk}")
    expect(card.get_by_role("heading", level=2)).to_have_text(f"Priority 1: {CSE}")
    expect(card).to_contain_text("Green")
    expect(card.get_by_role("progressbar", name="Share of priority 1 complete")).to_have_attribute(
        "aria-valuenow", "60"
    )
    expect(card).to_contain_text("Taxi drivers and licensing committees trained across the county.")
    expect(card.get_by_role("heading", name="Indicators")).to_be_visible()
    expect(card).to_contain_text("CSE referrals: 1,744 (2015/16)")
    expect(card).to_contain_text("1 of 2 actions completed on time (50%)")
    expect(card.get_by_role("link", name="A1")).to_be_visible()
    expect(card.get_by_role("link", name="Report progress on priority 1")).to_have_count(0)
    assert fits(phone)
    card.get_by_role("link", name="A1").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Action A1")
    expect(phone.get_by_text(f"Priority 1: {CSE}")).to_be_visible()
    assert fits(phone)
