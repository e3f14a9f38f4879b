"""Pages for boards, memberships, people and organisations. Thin: check, validate, call a service, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core import clock
from core.activity import access_actions, entries_for_page
from core.models import ActivityLog
from core.spreadsheets import csv_response
from core.views import apply_validation_error, require_perm

from . import selectors, services
from .forms import (
    AddMemberForm,
    BoardForm,
    ChangeRoleForm,
    DeputyForm,
    EmailChangeForm,
    EndMembershipForm,
    MyDetailsForm,
    OrganisationForm,
    PersonForm,
    SearchForm,
)
from .imports.reader import TEMPLATE_HEADINGS
from .models import Board, Membership, Organisation, Person


def picker_form(form_class, request, **kwargs):
    """A form bound to a POST; or, for a GET (the Find button, the live search), unbound with the typed
    values as its initial data, so pickers can offer what an exact search found without showing errors."""
    if request.method == "POST":
        return form_class(request.POST, **kwargs)
    return form_class(initial=request.GET.dict(), **kwargs)


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
@require_http_methods(["GET"])
def board_activity(request, slug):
    """The board's activity log for its coordinators: every change, and who read confidential material."""
    board = get_object_or_404(Board, slug=slug)
    require_perm(request.user, "boards.view_activity", board)
    show = request.GET.get("show", "")
    entries = ActivityLog.objects.for_scope(board).select_related("actor__person")
    if show == "access":
        entries = entries.filter(action__in=access_actions())
    return render(
        request,
        "boards/board_activity.html",
        {
            "board": board,
            "show": show,
            "page": entries_for_page(entries, request.GET.get("page")),
        },
    )


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
    form = picker_form(AddMemberForm, request, board=board)
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


def _person_fields(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "organisation_search"}


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
            if last_day < clock.today():
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
    if request.method == "POST":
        form = DeputyForm(request.POST, membership=membership)
    else:
        form = DeputyForm(initial={"deputy": membership.deputy_id, **request.GET.dict()}, membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_set_deputy(user=request.user, membership=membership, deputy=form.cleaned_data["deputy"])
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
            "find": True,
        },
    )


@login_required
@require_http_methods(["GET"])
def member_export(request, slug):
    """The board's current members as CSV, in the import's columns (so a list can go from board to board)."""
    board = get_object_or_404(Board, slug=slug)
    require_perm(request.user, "boards.view_board_members", board)
    seats = [m for group in selectors.board_roster(board=board).groups for m in group.memberships]
    cards = {c.pk: c for c in selectors.person_cards(user=request.user, people={m.person for m in seats})}
    rows = []
    for m in seats:
        person, card = m.person, cards[m.person_id]
        rows.append(
            [
                person.honorific,
                person.first_name,
                person.last_name,
                m.organisation.name if m.organisation else "",
                m.get_role_display(),
                m.co_opted_type,
                card.job_title,
                card.email,
                card.phone,
                m.start_date,
                card.initials,
                m.voting,
            ]
        )
    return csv_response(
        f"{board.slug}-members-{clock.today():%Y-%m-%d}.csv", [*TEMPLATE_HEADINGS, "Initials", "Voting"], rows
    )


# Directories ------------------------------------------------------------------------------------------


def _page(request, qs, per_page=50):
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


def _directory(request, *, search_fn, name: str, cards=None):
    """A searchable, paginated directory page; an htmx search gets just the rows."""
    require_perm(request.user, "boards.view_directory")
    search = SearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    page = _page(request, search_fn(user=request.user, query=query))
    if cards is not None:
        page.object_list = cards(page.object_list)
    template = f"boards/partials/{name}_rows.html" if request.htmx else f"boards/{name}_list.html"
    return render(request, template, {"page": page, "search": search, "query": query})


@login_required
def person_list(request):
    """The people of the user's boards; someone else only by an exact search, with name and organisation."""
    return _directory(
        request,
        search_fn=selectors.people_search,
        name="person",
        cards=lambda people: selectors.person_cards(user=request.user, people=people, show_organisation=True),
    )


@login_required
def person_detail(request, pk):
    require_perm(request.user, "boards.view_directory")
    person = get_object_or_404(Person.objects.select_related("organisation"), pk=pk)
    return render(
        request,
        "boards/person_detail.html",
        {
            "person": selectors.person_card(user=request.user, person=person),
            "memberships": selectors.person_memberships(person=person, user=request.user),
            "may_edit": request.user.has_perm("boards.change_person", person),
            "may_erase": request.user.has_perm("boards.erase_person", person),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_erase(request, pk):
    """A site administrator erases a person's personal data, after confirming."""
    person = get_object_or_404(Person, pk=pk)
    require_perm(request.user, "boards.erase_person", person)
    if request.method == "POST":
        services.person_erase(user=request.user, person=person)
        messages.success(request, "Their personal data has been erased. The activity log records that it was.")
        return redirect("boards:person_detail", pk=person.pk)
    return render(
        request,
        "boards/person_erase.html",
        {
            "person": person,
            "keeps_name": services.person_named_in_record(person),
            "has_login": hasattr(person, "user") and person.user is not None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, pk=None):
    if pk:
        person = get_object_or_404(Person, pk=pk)
        require_perm(request.user, "boards.change_person", person)
    else:
        person = None
        require_perm(request.user, "boards.add_person")
    if request.method == "POST":
        form = PersonForm(request.POST, instance=person, user=request.user)
    else:
        form = PersonForm(instance=person, initial=request.GET.dict(), user=request.user)
    if request.method == "POST" and form.is_valid():
        data = _person_fields(form.cleaned_data)
        if form.fields["email"].disabled:
            data.pop("email")
        try:
            person = services.person_save(user=request.user, person=person, **data)
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(request, f"{person} saved.")
            return redirect(person)
    return render(request, "boards/person_form.html", {"form": form, "person": person, "find": True})


@login_required
@require_http_methods(["GET", "POST"])
def my_details(request):
    """The signed-in user's own person: name, title, organisation, phone. The e-mail has its own page."""
    person = request.user.person
    if person is None:
        messages.info(request, "Your login is not linked to anyone in the directory.")
        return redirect("dashboard")
    if request.method == "POST":
        form = MyDetailsForm(request.POST, instance=person, user=request.user)
    else:
        form = MyDetailsForm(instance=person, initial=request.GET.dict(), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_save(user=request.user, person=person, **_person_fields(form.cleaned_data))
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(request, "Your details are saved.")
            return redirect("boards:my_details")
    return render(request, "boards/my_details.html", {"form": form, "person": person, "find": True})


@login_required
@require_http_methods(["GET", "POST"])
def email_change(request):
    form = EmailChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            email = services.email_change_request(
                user=request.user,
                email=form.cleaned_data["email"],
                confirm_url=lambda token: request.build_absolute_uri(
                    reverse("boards:email_change_confirm", args=[token])
                ),
            )
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(
                request, f"We have sent a link to {email}. Your address changes when you open it, signed in."
            )
            return redirect("boards:my_details")
    return render(request, "boards/email_change.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def email_change_confirm(request, token):
    """Opening the link shows what will change; the button (a POST) changes it."""
    try:
        email = services.email_change_read(user=request.user, token=token)
        if request.method == "POST":
            services.email_change_confirm(user=request.user, token=token)
    except ValidationError as e:
        return render(request, "boards/email_change_confirm.html", {"error": e.messages[0]}, status=400)
    if request.method == "POST":
        messages.success(request, f"You now sign in with {email}.")
        return redirect("boards:my_details")
    return render(request, "boards/email_change_confirm.html", {"email": email})


@login_required
def organisation_list(request):
    return _directory(request, search_fn=_organisations_search, name="organisation")


def _organisations_search(*, user, query: str):
    return selectors.organisations_search(query=query)


@login_required
def organisation_detail(request, pk):
    require_perm(request.user, "boards.view_directory")
    organisation = get_object_or_404(Organisation, pk=pk)
    return render(
        request,
        "boards/organisation_detail.html",
        {
            "organisation": organisation,
            "people": selectors.organisation_people(organisation=organisation, user=request.user),
        },
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
