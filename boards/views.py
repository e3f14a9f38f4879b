"""Pages for boards, memberships, people and organisations. Thin: check, validate, call a service, redirect."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .forms import (
    AddMemberForm,
    BoardForm,
    ChangeRoleForm,
    DeputyForm,
    EndMembershipForm,
    OrganisationForm,
    PersonForm,
    SearchForm,
)
from .models import Board, Membership, Organisation, Person


def require_perm(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def apply_validation_error(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, against the field it names when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def dashboard(request):
    from meetings import selectors as meeting_selectors

    return render(
        request,
        "boards/dashboard.html",
        {
            "my_boards": selectors.my_boards(user=request.user),
            "next_meetings": meeting_selectors.upcoming_meetings_for(user=request.user, limit=5),
        },
    )


@login_required
def board_list(request):
    boards = selectors.boards_visible_to(user=request.user)
    member_of = set(selectors.boards_with_members_visible_to(user=request.user).values_list("pk", flat=True))
    return render(request, "boards/board_list.html", {"boards": boards, "member_of": member_of})


@login_required
def board_detail(request, slug):
    board = get_object_or_404(selectors.boards_visible_to(user=request.user), slug=slug)
    context = {"board": board}
    if request.user.has_perm("boards.view_board_members", board):
        context["roster"] = selectors.board_roster(board=board)
        context["chair_history"] = selectors.chair_history(board=board)
    return render(request, "boards/board_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def board_create(request):
    require_perm(request.user, "boards.add_board")
    form = BoardForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            board = services.board_create(user=request.user, **form.cleaned_data)
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(request, f"{board} created, with the standard agenda items.")
            return redirect(board)
    return render(request, "boards/board_form.html", {"form": form, "board": None})


@login_required
@require_http_methods(["GET", "POST"])
def board_edit(request, slug):
    board = get_object_or_404(Board, slug=slug)
    require_perm(request.user, "boards.manage_board", board)
    form = BoardForm(request.POST or None, request.FILES or None, instance=board)
    if request.method == "POST" and form.is_valid():
        try:
            services.board_update(user=request.user, board=board, **form.cleaned_data)
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(request, "Board settings saved.")
            return redirect(board)
    board.refresh_from_db()
    return render(request, "boards/board_form.html", {"form": form, "board": board})


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request, slug):
    board = get_object_or_404(Board, slug=slug)
    require_perm(request.user, "boards.manage_board", board)
    form = AddMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = services.member_add(
                user=request.user,
                board=board,
                person=data["existing_person"],
                new_person={
                    "honorific": data["honorific"],
                    "first_name": data["first_name"],
                    "last_name": data["last_name"],
                    "initials": data["initials"],
                    "job_title": data["job_title"],
                    "organisation": data["person_organisation"],
                    "email": data["email"],
                },
                role=data["role"],
                organisation=data["organisation"],
                start_date=data["start_date"],
                voting=data["voting"],
                co_opted_type=data["co_opted_type"],
            )
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(request, f"{membership.person} added to {board.display_short_name}.")
            return redirect(board)
    return render(request, "boards/member_add.html", {"form": form, "board": board})


def _membership_for_manager(request, slug, pk) -> Membership:
    membership = get_object_or_404(Membership.objects.select_related("board", "person"), pk=pk, board__slug=slug)
    require_perm(request.user, "boards.manage_board", membership.board)
    return membership


@login_required
@require_http_methods(["GET", "POST"])
def member_change_role(request, slug, pk):
    membership = _membership_for_manager(request, slug, pk)
    form = ChangeRoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_change_role(user=request.user, membership=membership, **form.cleaned_data)
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(request, f"{membership.person}'s role changed. The earlier role stays in the history.")
            return redirect(membership.board)
    return render(
        request,
        "boards/member_action.html",
        {
            "form": form,
            "membership": membership,
            "board": membership.board,
            "action": "Change role",
            "explain": "The current role ends the day before the new one starts, so the board's history is kept.",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_end(request, slug, pk):
    membership = _membership_for_manager(request, slug, pk)
    form = EndMembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_end(user=request.user, membership=membership, **form.cleaned_data)
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            last_day = membership.end_date
            if last_day < datetime.date.today():
                text = (
                    f"{membership.person}'s membership ended on {last_day:%-d %B %Y}. "
                    "They now appear under past members."
                )
            else:
                text = (
                    f"{membership.person}'s membership ends after {last_day:%-d %B %Y}. "
                    "From the next day they appear under past members."
                )
            messages.success(request, text)
            return redirect(membership.board)
    return render(
        request,
        "boards/member_action.html",
        {
            "form": form,
            "membership": membership,
            "board": membership.board,
            "action": "End membership",
            "danger": True,
            "explain": "They will stop receiving papers for this board. The record of their membership is kept.",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_deputy(request, slug, pk):
    membership = _membership_for_manager(request, slug, pk)
    form = DeputyForm(request.POST or None, initial={"deputy": membership.deputy_id})
    form.fields["deputy"].queryset = form.fields["deputy"].queryset.exclude(pk=membership.person_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_set_deputy(user=request.user, membership=membership, **form.cleaned_data)
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(request, "Deputy saved.")
            return redirect(membership.board)
    return render(
        request,
        "boards/member_action.html",
        {
            "form": form,
            "membership": membership,
            "board": membership.board,
            "action": "Name a deputy",
            "explain": "The deputy may attend in the member's place.",
        },
    )


# Directories ------------------------------------------------------------------------------------------


def _page(request, qs, per_page=50):
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


def _directory(request, *, search_fn, name: str):
    """A searchable, paginated directory page; an htmx search gets just the rows."""
    require_perm(request.user, "boards.view_directory")
    search = SearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    page = _page(request, search_fn(query=query))
    template = f"boards/partials/{name}_rows.html" if request.htmx else f"boards/{name}_list.html"
    return render(request, template, {"page": page, "search": search, "query": query})


@login_required
def person_list(request):
    return _directory(request, search_fn=selectors.people_search, name="person")


@login_required
def person_detail(request, pk):
    require_perm(request.user, "boards.view_directory")
    person = get_object_or_404(Person.objects.select_related("organisation"), pk=pk)
    return render(
        request,
        "boards/person_detail.html",
        {"person": person, "memberships": selectors.person_memberships(person=person, user=request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, pk=None):
    require_perm(request.user, "boards.manage_directory")
    person = get_object_or_404(Person, pk=pk) if pk else None
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            person = services.person_save(user=request.user, person=person, **data)
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(request, f"{person} saved.")
            return redirect(person)
    return render(request, "boards/person_form.html", {"form": form, "person": person})


@login_required
def organisation_list(request):
    return _directory(request, search_fn=selectors.organisations_search, name="organisation")


@login_required
def organisation_detail(request, pk):
    require_perm(request.user, "boards.view_directory")
    organisation = get_object_or_404(Organisation, pk=pk)
    return render(
        request,
        "boards/organisation_detail.html",
        {"organisation": organisation, "people": selectors.organisation_people(organisation=organisation)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk=None):
    require_perm(request.user, "boards.manage_directory")
    organisation = get_object_or_404(Organisation, pk=pk) if pk else None
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_save(
                user=request.user,
                organisation=organisation,
                name=form.cleaned_data["name"],
                short_name=form.cleaned_data["short_name"],
                sector=form.cleaned_data["sector"],
                aliases=form.aliases(),
            )
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(request, f"{organisation} saved.")
            return redirect(organisation)
    return render(request, "boards/organisation_form.html", {"form": form, "organisation": organisation})
