"""The signed-in person's own open actions, across every board, overdue first: on the dashboard and on a
page of their own."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..models import Action
from ..selectors import my_open_actions, overdue_q, with_due
from .common import present

PER_PAGE = 25
#: How many the dashboard's card shows before "all my actions".
ON_DASHBOARD = 5


def _mine(user):
    """The person's open actions; for a login with no person (a site administrator), none."""
    if not getattr(user, "person_id", None):
        return with_due(Action.objects.none())
    return my_open_actions(user)


def my_actions_card(user) -> dict:
    """The dashboard card: the first few of the person's open actions, how many there are, how many overdue."""
    mine = _mine(user)
    return {
        "actions": present(mine[:ON_DASHBOARD]),
        **counts(mine),
        "has_person": bool(getattr(user, "person_id", None)),
    }


def counts(mine) -> dict:
    """How many open actions, and how many of them overdue: one query."""
    return mine.order_by().aggregate(
        total=Count("pk", distinct=True), overdue=Count("pk", filter=overdue_q(), distinct=True)
    )


@login_required
@require_GET
def my_actions(request):
    """Every open action the person owns, overdue first, each with a one-tap way to post an update."""
    mine = _mine(request.user)
    totals = counts(mine)
    paginator = Paginator(mine, PER_PAGE)
    paginator.count = totals["total"]  # counted already, with the overdue ones
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = present(page.object_list)
    return render(request, "actions/my_actions.html", {"page": page, **totals})
