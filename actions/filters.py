"""The board action log's filters and sort orders (django-filter).

The log opens on the open actions; "show closed ones too", or choosing a closed status, brings the others
in. Every filter works on the queryset of :func:`actions.selectors.with_due`, so "overdue" and the due
range use ``due_on``: the due date, or the date of the next meeting for "by the next meeting".
"""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When

from boards.models import Membership, Organisation, Person
from core import clock
from core.forms import DateInput
from meetings.models import Meeting

from .enums import CLOSED_STATUSES, ActionStatus
from .models import Action, ActionOwner
from .selectors import overdue_q

#: How the log can be sorted: the value in the address, and its label.
SORTS = {
    "ref": "Reference",
    "due": "Due date",
    "status": "Status",
    "owner": "Owner",
}
DEFAULT_SORT = "ref"

#: Statuses in the order a reader expects them: still to do first, then done with.
STATUS_ORDER = [
    ActionStatus.OPEN,
    ActionStatus.IN_PROGRESS,
    ActionStatus.DEFERRED,
    ActionStatus.COMPLETED,
    ActionStatus.CANCELLED,
]

_REFERENCE = re.compile(r"^\s*a?\s*(\d{1,9})\s*$", re.IGNORECASE)


def board_people(board) -> QuerySet[Person]:
    """Whoever has had a seat on the board, or owns one of its actions: the owner filter's choices."""
    seats = Membership.objects.filter(board=board, person=OuterRef("pk"))
    owns = ActionOwner.objects.filter(action__board=board, person=OuterRef("pk"))
    return Person.objects.filter(Q(Exists(seats)) | Q(Exists(owns))).order_by("last_name", "first_name", "pk")


def sort_key(value: str) -> tuple[str, bool]:
    """("due", descending?) from ``-due``; the default sort for anything else."""
    descending = value.startswith("-")
    key = value.lstrip("-")
    if key not in SORTS:
        return DEFAULT_SORT, False
    return key, descending


def ordered(queryset: QuerySet, value: str) -> QuerySet:
    """The log in the order asked for, always ending with the reference so pages never shuffle."""
    key, descending = sort_key(value or "")
    if key == "due":
        due = F("due_on").desc(nulls_last=True) if descending else F("due_on").asc(nulls_last=True)
        return queryset.order_by(due, "number")
    if key == "status":
        rank = Case(
            *(When(status=status, then=Value(index)) for index, status in enumerate(STATUS_ORDER)),
            default=Value(len(STATUS_ORDER)),
            output_field=IntegerField(),
        )
        queryset = queryset.annotate(status_rank=rank)
        return queryset.order_by("-status_rank" if descending else "status_rank", "number")
    if key == "owner":
        first_owner = ActionOwner.objects.filter(action=OuterRef("pk")).order_by("position", "pk")
        queryset = queryset.annotate(
            first_owner_name=Subquery(first_owner.values("person__last_name")[:1]),
            first_owner_first=Subquery(first_owner.values("person__first_name")[:1]),
        )
        if descending:
            return queryset.order_by(
                F("first_owner_name").desc(nulls_last=True), F("first_owner_first").desc(nulls_last=True), "-number"
            )
        return queryset.order_by(
            F("first_owner_name").asc(nulls_last=True), F("first_owner_first").asc(nulls_last=True), "number"
        )
    return queryset.order_by("-number" if descending else "number")


class ActionLogFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search", method="filter_text", widget=forms.TextInput(attrs={"type": "search", "maxlength": 200})
    )
    status = django_filters.MultipleChoiceFilter(
        label="Status", choices=ActionStatus.choices, widget=forms.CheckboxSelectMultiple
    )
    closed = django_filters.BooleanFilter(
        label="Show closed actions too (completed or cancelled)",
        method="filter_closed",
        widget=forms.CheckboxInput,
    )
    owner = django_filters.ModelChoiceFilter(
        label="Owner", queryset=Person.objects.none(), method="filter_owner", empty_label="Anyone"
    )
    organisation = django_filters.ModelChoiceFilter(
        label="Owner's organisation",
        queryset=Organisation.objects.none(),
        method="filter_organisation",
        empty_label="Any organisation",
    )
    meeting = django_filters.ModelChoiceFilter(
        label="Raised at the meeting of", queryset=Meeting.objects.none(), empty_label="Any meeting or none"
    )
    overdue = django_filters.ChoiceFilter(
        label="Overdue",
        choices=[("yes", "Overdue only"), ("no", "Not overdue")],
        method="filter_overdue",
        empty_label="Either",
    )
    due_from = django_filters.DateFilter(label="Due from", field_name="due_on", lookup_expr="gte", widget=DateInput())
    due_to = django_filters.DateFilter(label="Due by", field_name="due_on", lookup_expr="lte", widget=DateInput())
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=[*SORTS.items(), *((f"-{key}", f"{label}, reversed") for key, label in SORTS.items())],
        method="filter_sort",
        empty_label=None,
    )

    def __init__(self, data=None, queryset=None, *, board, **kwargs):
        self.board = board
        super().__init__(data, queryset, **kwargs)
        people = board_people(board)
        self.filters["owner"].queryset = people
        self.filters["organisation"].queryset = Organisation.objects.filter(
            Exists(people.filter(organisation=OuterRef("pk")))
        ).order_by("name")
        self.filters["meeting"].queryset = Meeting.objects.filter(
            board=board, pk__in=Action.objects.filter(board=board, meeting__isnull=False).values("meeting_id")
        ).order_by("-date")

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_labelled", False):
            form.fields["owner"].label_from_instance = lambda p: f"{p.full_name} ({p.initials})" if p.initials else p
            form.fields["meeting"].label_from_instance = lambda m: f"{m.date:%-d %B %Y}"
            form._labelled = True
        return form

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if not data.get("status") and not data.get("closed"):
            queryset = queryset.exclude(status__in=CLOSED_STATUSES)
        if not data.get("sort"):
            queryset = ordered(queryset, DEFAULT_SORT)
        return queryset

    @property
    def sort_in_force(self) -> str:
        """The sort in force (``ref``, ``-due``...)."""
        form = self.form
        value = form.cleaned_data.get("sort") if form.is_bound and form.is_valid() else ""
        key, descending = sort_key(value or DEFAULT_SORT)
        return f"-{key}" if descending else key

    @property
    def showing_closed(self) -> bool:
        form = self.form
        if not (form.is_bound and form.is_valid()):
            return False
        data = form.cleaned_data
        return bool(data.get("closed")) or any(s in CLOSED_STATUSES for s in data.get("status") or [])

    # Filters ------------------------------------------------------------------------------------------

    def filter_text(self, queryset, name, value):
        words = value.split()
        if not words:
            return queryset
        reference = _REFERENCE.match(value)
        if reference:
            return queryset.filter(Q(number=int(reference.group(1))) | Q(text__icontains=value.strip()))
        for word in words:
            queryset = queryset.filter(text__icontains=word)
        return queryset

    def filter_closed(self, queryset, name, value):
        return queryset  # applied in filter_queryset, with the status filter

    def filter_owner(self, queryset, name, value):
        return queryset.filter(Exists(ActionOwner.objects.filter(action=OuterRef("pk"), person=value)))

    def filter_organisation(self, queryset, name, value):
        owners = ActionOwner.objects.filter(action=OuterRef("pk"), person__organisation=value)
        return queryset.filter(Exists(owners))

    def filter_overdue(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(overdue_q())
        if value == "no":
            today = clock.today()
            return queryset.filter(Q(due_on__isnull=True) | Q(due_on__gte=today) | Q(status__in=CLOSED_STATUSES))
        return queryset

    def filter_sort(self, queryset, name, value):
        return ordered(queryset, value)
