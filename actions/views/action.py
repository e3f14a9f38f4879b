"""An action's page with its timeline, and the pages that change actions: posting an update (owners and
coordinators), raising, editing, rating by hand and reassigning (coordinators)."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from core.responses import NO_STORE
from core.views import apply_validation_error, require_perm

from .. import services
from ..enums import CLOSED_STATUSES
from ..forms import ActionForm, RagForm, ReassignForm, UpdateForm, evidence_content_type
from ..models import Action, ActionUpdate
from .common import action_for, board_for, listed, present


def timeline(action: Action) -> list[ActionUpdate]:
    """The action's updates, oldest first, each with the name of its evidence file (if any) to show."""
    updates = list(
        action.updates.select_related("author__person", "author_person", "at_meeting").order_by("created_at", "pk")
    )
    for update in updates:
        update.evidence_filename = Path(update.evidence.name).name if update.evidence else ""
    return updates


def _update_form(request, action: Action) -> UpdateForm:
    closing = request.user.has_perm("actions.manage_action", action)
    if request.method == "POST":
        return UpdateForm(request.POST, request.FILES, action=action, closing_meetings=closing)
    return UpdateForm(action=action, closing_meetings=closing)


@login_required
@require_GET
def action_detail(request, pk):
    """An action: what, whose, from where, when due, its RAG rating and the timeline of its updates; the
    update form for its owners and the board's coordinators."""
    action = action_for(request, pk)
    present([action])
    may_update = request.user.has_perm("actions.update_action", action)
    return render(
        request,
        "actions/action_detail.html",
        {
            "action": action,
            "board": action.board,
            "updates": timeline(action),
            "form": _update_form(request, action) if may_update else None,
            "may_update": may_update,
            "may_manage": request.user.has_perm("actions.manage_action", action),
            "may_read_log": request.user.has_perm("actions.view_action", action.board),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_update(request, pk):
    """Post an update: what has happened and the status now. Quick on a phone: big status buttons, a text
    area, an optional file."""
    action = action_for(request, pk, "actions.update_action")
    form = _update_form(request, action)
    if request.method == "POST" and form.is_valid():
        try:
            update = services.action_post_update(user=request.user, action=action, **form.service_kwargs())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if update.changed_status:
                messages.success(
                    request, f"{action.reference} is now {update.get_status_after_display().lower()}: update posted."
                )
            else:
                messages.success(request, f"Update posted on {action.reference}.")
            return redirect(action)
    present([action])
    return render(
        request,
        "actions/action_update.html",
        {
            "action": action,
            "board": action.board,
            "form": form,
            "may_read_log": request.user.has_perm("actions.view_action", action.board),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request, slug):
    """A coordinator raises an action outside a meeting (minuted actions come from the minutes)."""
    board = board_for(request, slug, "actions.manage_action")
    form = ActionForm(request.POST if request.method == "POST" else None, board=board)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(
                user=request.user,
                board=board,
                text=form.cleaned_data["text"],
                owners=form.owners_in_order(),
                **form.due_kwargs(),
                **form.priority_kwargs(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Action {action.reference} raised.")
            return redirect(action)
    return render(request, "actions/action_form.html", {"board": board, "form": form, "action": None})


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request, pk):
    """A coordinator changes an action's wording, owners or due date; its history keeps what it was."""
    action = action_for(request, pk, "actions.manage_action")
    form = ActionForm(request.POST if request.method == "POST" else None, board=action.board, action=action)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_edit(
                user=request.user,
                action=action,
                text=form.cleaned_data["text"],
                owners=form.owners_in_order(),
                **form.due_kwargs(),
                **form.priority_kwargs(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Action {action.reference} saved.")
            return redirect(action)
    return render(request, "actions/action_form.html", {"board": action.board, "form": form, "action": action})


@login_required
@require_http_methods(["GET", "POST"])
def action_rag(request, pk):
    """A coordinator sets the RAG rating by hand, with the reason, or goes back to the worked-out one."""
    action = action_for(request, pk, "actions.manage_action")
    initial = {"rag": action.rag_override, "reason": action.rag_override_reason}
    form = RagForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        rag = form.cleaned_data["rag"]
        try:
            services.action_set_rag(user=request.user, action=action, rag=rag, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if rag:
                messages.success(request, f"{action.reference} is rated {rag} by hand.")
            else:
                messages.success(request, f"{action.reference}'s rating is worked out from its status and due date.")
            return redirect(action)
    present([action])
    return render(request, "actions/action_rag.html", {"action": action, "board": action.board, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def actions_reassign(request, slug):
    """A coordinator hands someone's open actions to someone else (when they leave the board, say): choose
    both, see what will move, confirm. Each action's timeline says so."""
    board = board_for(request, slug, "actions.manage_action")
    data = request.POST if request.method == "POST" else (request.GET if "from_person" in request.GET else None)
    form = ReassignForm(data, board=board)
    moving = []
    if form.is_bound and form.is_valid():
        from_person, to_person = form.cleaned_data["from_person"], form.cleaned_data["to_person"]
        if request.method == "POST":
            try:
                moved = services.actions_reassign(
                    user=request.user, board=board, from_person=from_person, to_person=to_person
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                count = len(moved)
                messages.success(
                    request,
                    f"{count} action{'s' if count != 1 else ''} handed from {from_person} to {to_person}.",
                )
                url = reverse("actions:board_action_log", args=[board.slug])
                return redirect(f"{url}?owner={to_person.pk}")
        moving = present(
            listed()
            .filter(board=board, owner_rows__person=from_person)
            .exclude(status__in=CLOSED_STATUSES)
            .order_by("number")
        )
    return render(
        request,
        "actions/reassign.html",
        {"board": board, "form": form, "moving": moving, "previewed": form.is_bound and form.is_valid()},
    )


@login_required
@require_GET
def action_evidence(request, pk):
    """An update's evidence file, for those who may read the action only; never kept by a shared cache."""
    update = get_object_or_404(ActionUpdate.objects.select_related("action__board").filter(~Q(evidence="")), pk=pk)
    require_perm(request.user, "actions.view_action", update.action)
    filename = Path(update.evidence.name).name
    content_type, inline = evidence_content_type(filename)
    try:
        handle = update.evidence.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The evidence file is missing from the file store.") from exc
    response = FileResponse(handle, content_type=content_type, as_attachment=not inline, filename=filename)
    response["Cache-Control"] = NO_STORE
    return response
