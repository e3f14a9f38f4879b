"""Pages for boards, memberships, people and organisations. Thin: check, validate, call a service, redirect."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core import clock
from core.activity import access_actions, entries_for_page
from core.forms import PortalForm
from core.models import ActivityLog
from core.spreadsheets import csv_response
from core.views import apply_validation_error, require_perm

from . import invitations, selectors, services
from . import rules as board_rules
from .enums import Role
from .forms import (
    AddMemberForm,
    BoardCreateForm,
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
from .models import Board, Invitation, Membership, Organisation, Person, User
from .sections import board_sections


def picker_form(form_class, request, **kwargs):
    """A form bound to a POST; or, for a GET (the Find button, the live search), unbound with the typed
    values as its initial data, so pickers can offer what an exact search found without showing errors."""
    if request.method == "POST":
        return form_class(request.POST, **kwargs)
    return form_class(initial=request.GET.dict(), **kwargs)


@login_required
def board_list(request):
    boards = selectors.boards_visible_to(user=request.user)
    labels = dict(Role.choices)
    my_roles = {
        board_id: ", ".join(labels[role] for role in Role.values if role in roles)
        for board_id, roles in board_rules.current_roles(request.user).items()
    }
    boards = list(boards)
    for board in boards:
        board.my_roles = my_roles.get(board.pk, "")
    return render(request, "boards/board_list.html", {"boards": boards})


@login_required
def board_detail(request, slug):
    board = get_object_or_404(selectors.boards_visible_to(user=request.user), slug=slug)
    context = {"board": board, "sections": board_sections(board=board, user=request.user)}
    if request.user.has_perm("boards.view_board_members", board):
        roster = selectors.board_roster(board=board)
        context["roster"] = roster
        shown = selectors.HISTORY_SHOWN
        chairs = selectors.chair_history(board=board, limit=shown + 1)
        context["chair_history"], context["more_chairs"] = chairs[:shown], len(chairs) > shown
        if request.user.has_perm("boards.manage_board", board):
            _show_sign_in_status(roster)
    return render(request, "boards/board_detail.html", context)


def _board_for_members(request, slug) -> Board:
    board = get_object_or_404(selectors.boards_visible_to(user=request.user), slug=slug)
    require_perm(request.user, "boards.view_board_members", board)
    return board


@login_required
@require_http_methods(["GET"])
def board_past_members(request, slug):
    """Everyone who has left the board, the latest first, a page at a time."""
    board = _board_for_members(request, slug)
    page = _page(request, selectors.past_members(board=board))
    return render(request, "boards/board_past_members.html", {"board": board, "page": page})


@login_required
@require_http_methods(["GET"])
def board_chairs(request, slug):
    """Every chair the board has had, the latest first, a page at a time."""
    board = _board_for_members(request, slug)
    page = _page(request, selectors.chairs(board=board))
    return render(request, "boards/board_chairs.html", {"board": board, "page": page})


def _show_sign_in_status(roster) -> None:
    """For coordinators: who among the current and coming members has a login, or was invited and when."""
    seats = [m for group in roster.groups for m in group.memberships] + list(roster.starting)
    with_login, latest = invitations.sign_in_status({m.person_id for m in seats})
    for m in seats:
        m.person.has_login = m.person_id in with_login
        m.person.latest_invitation = latest.get(m.person_id)


@login_required
@require_http_methods(["GET", "POST"])
def board_create(request):
    require_perm(request.user, "boards.add_board")
    if request.method == "POST":
        form = BoardCreateForm(request.POST, request.FILES)
    else:  # the first visit, or the Find button with what has been typed so far
        form = BoardCreateForm(initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        try:
            board, seat = services.board_set_up(
                user=request.user,
                board_fields=form.board_data(),
                coordinator=form.cleaned_data["coordinator"],
                new_coordinator=form.new_coordinator(),
                invite=form.cleaned_data["invite_coordinator"],
            )
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            text = f"{board} created, with the standard agenda items and {seat.person} as its coordinator."
            if seat.person.invitations.open().exists():
                text += f" An invitation to sign in went to {seat.person.email}."
            messages.success(request, text)
            return redirect(board)
    return render(request, "boards/board_create.html", {"form": form})


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


# Invitations to sign in -------------------------------------------------------------------------------

INVITATION_SESSION_KEY = "_invitation_token"


@login_required
@require_http_methods(["GET", "POST"])
def member_invite(request, slug, pk):
    """Send (or send again) the member an invitation to sign in, after saying where it goes."""
    membership = _membership_for_manager(request, slug, pk)
    person = membership.person
    form = PortalForm(request.POST if request.method == "POST" else None)
    latest = person.invitations.open().first()
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitations.invitation_send(user=request.user, board=membership.board, person=person)
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(
                request,
                f"Invitation {'sent again' if invitation.times_sent > 1 else 'sent'} to {person} at "
                f"{invitation.email}. The link works once, for {invitations.max_age_days()} days.",
            )
            return redirect(f"{membership.board.get_absolute_url()}#members")
    try:
        existing_login = invitations.check_can_invite(person, membership.board)
        problem = ""
    except ValidationError as e:
        existing_login, problem = None, " ".join(e.messages)
    return render(
        request,
        "boards/member_invite.html",
        {
            "form": form,
            "membership": membership,
            "board": membership.board,
            "person": person,
            "latest": latest,
            "problem": problem,
            "existing_login": existing_login,
            "days": invitations.max_age_days(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def members_invite_all(request, slug):
    """Invite, in one go, everyone on the board who has an address, no login and no invitation waiting."""
    board = get_object_or_404(Board, slug=slug)
    require_perm(request.user, "boards.manage_board", board)
    form = PortalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        sent = invitations.invitations_send_all(user=request.user, board=board)
        if sent:
            messages.success(request, f"{len(sent)} invitation{'s' if len(sent) != 1 else ''} sent.")
        else:
            messages.info(request, "Nobody needed an invitation: no invitations were sent.")
        return redirect(f"{board.get_absolute_url()}#members")
    chosen, left_out = invitations.invitable_people(board)
    return render(
        request,
        "boards/members_invite_all.html",
        {"form": form, "board": board, "chosen": chosen, "left_out": left_out, "days": invitations.max_age_days()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitation_withdraw(request, slug, pk):
    invitation = get_object_or_404(Invitation.objects.select_related("board", "person"), pk=pk, board__slug=slug)
    require_perm(request.user, "boards.manage_board", invitation.board)
    form = PortalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            invitations.invitation_withdraw(user=request.user, invitation=invitation)
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(request, f"Invitation to {invitation.person} withdrawn: its link no longer works.")
            return redirect(f"{invitation.board.get_absolute_url()}#members")
    return render(
        request, "boards/invitation_withdraw.html", {"form": form, "invitation": invitation, "board": invitation.board}
    )


# Neither page may be kept by the browser: the accept page's address stays the same while what it shows
# follows the link last opened, and browsers keep a "gone" (410) answer indefinitely unless told not to. Once a
# link had been refused, the new link a coordinator sent would otherwise show the old refusal.


@never_cache
@require_http_methods(["GET"])
def invitation_open(request, token):
    """The e-mailed link. The secret moves into the session and out of the address bar (and so out of
    browser history, shared screens and the Referer header), as Django's password reset does."""
    request.session[INVITATION_SESSION_KEY] = token
    return redirect("boards:invitation_accept")


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request):
    token = request.session.get(INVITATION_SESSION_KEY, "")
    try:
        invitation = invitations.invitation_for_token(token)
    except ValidationError as e:
        return render(request, "boards/invitation_accept.html", {"problem": " ".join(e.messages)}, status=410)
    existing_login = invitations.existing_login_for(invitation)
    context = {"invitation": invitation, "existing_login": existing_login, "board": invitation.board}
    signed_in = request.user.is_authenticated
    if existing_login is not None:
        if not signed_in:
            context["sign_in_url"] = f"{reverse('login')}?{urlencode({'next': reverse('boards:invitation_accept')})}"
            return render(request, "boards/invitation_accept.html", context)
        form = PortalForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                invitations.invitation_accept_as(user=request.user, token=token)
            except ValidationError as e:
                apply_validation_error(form, e)
            else:
                request.session.pop(INVITATION_SESSION_KEY, None)
                messages.success(request, f"Your login is now linked to your place on {invitation.board.name}.")
                return redirect("dashboard")
        return render(request, "boards/invitation_accept.html", {**context, "form": form, "link": True})
    if signed_in:
        context["signed_in_as_other"] = True
        return render(request, "boards/invitation_accept.html", context)
    form = SetPasswordForm(User(email=invitation.email), request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            login = invitations.invitation_accept_with_password(
                token=token, password=form.cleaned_data["new_password1"]
            )
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            request.session.pop(INVITATION_SESSION_KEY, None)
            auth_login(request, login, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome. You are signed in as {login.email}; use this address to sign in.")
            return redirect("dashboard")
    return render(request, "boards/invitation_accept.html", {**context, "form": form})
