"""Uploading, reading and removing papers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.activity import log_action
from core.responses import inline_pdf
from core.views import apply_validation_error, require_perm

from .. import services
from ..agenda import build_agenda
from ..enums import PaperKind
from ..forms import (
    HeldPaperFormSet,
    PaperDetailsForm,
    PaperUploadForm,
    WithdrawForm,
)
from ..models import AgendaItem, Paper
from ..services import AgendaConflict, AgendaItemGone
from ..visibility import can_see, is_part_two
from .agenda import agenda_change
from .common import _version, meeting_for

# Papers -----------------------------------------------------------------------------------------------


def _upload_page(request, pk, item_pk):
    """The item papers are added to, with what the upload pages show about it; checks who may upload."""
    # An item's lead may be a guest from outside the board: the permission to upload is about the item.
    item = get_object_or_404(
        AgendaItem.objects.select_related("meeting__board", "meeting__venue", "parent"), pk=item_pk, meeting_id=pk
    )
    meeting = item.meeting
    require_perm(request.user, "meetings.upload_paper", item)
    return item, {
        "item": item,
        "meeting": meeting,
        "board": meeting.board,
        "can_manage": request.user.has_perm("meetings.manage_meeting", meeting),
        "can_view": request.user.has_perm("meetings.view_meeting", meeting),
    }


def _render_upload(request, context, template="meetings/paper_upload.html", **extra):
    meeting = context["meeting"]
    meeting.refresh_from_db(fields=["agenda_version"])
    agenda = build_agenda(meeting, reader=request.user)
    return render(request, template, {**context, **extra, "entry": agenda.entry_for(context["item"].pk)})


def _after_upload(context):
    """Where an uploader goes once papers are added: the builder, the meeting, or (a guest lead) back."""
    meeting, item = context["meeting"], context["item"]
    if context["can_manage"]:
        return redirect("meetings:agenda_builder", pk=meeting.pk)
    if context["can_view"]:
        return redirect(meeting)
    return redirect("meetings:paper_upload", pk=meeting.pk, item_pk=item.pk)


@login_required
@require_http_methods(["GET", "POST"])
def paper_upload(request, pk, item_pk):
    """Step 1 of adding papers: choose (or drop) one or more files. Each is checked at once; those that pass
    are held, and step 2 shows them with a guessed kind and title to correct (:func:`paper_upload_confirm`)."""
    item, context = _upload_page(request, pk, item_pk)
    form = PaperUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            found = services.papers_hold(user=request.user, item=item, uploads=data["files"])
        except ValidationError as e:
            form.add_error("files", e)
        else:
            if not found.held:
                form.add_error("files", [refused.reason for refused in found.refused])
            else:
                initial = [
                    {
                        "token": held.token,
                        "add": True,
                        "kind": held.kind,
                        "title": held.title,
                        "author": data["author"],
                        "author_organisation": data["author_organisation"],
                    }
                    for held in found.held
                ]
                formset = HeldPaperFormSet(initial=initial, prefix="papers")
                return _render_confirm(request, context, formset, refused=found.refused)
    return _render_upload(request, context, form=form)


def _render_confirm(request, context, formset, *, refused=(), status=200):
    files = []
    for form in formset:
        token = form["token"].value()
        try:
            held = services.held_paper(token, user=request.user, item=context["item"])
        except ValidationError as e:
            held = {"name": "", "error": " ".join(e.messages)}
        files.append((form, held))
    response = _render_upload(
        request,
        context,
        "meetings/paper_upload_confirm.html",
        formset=formset,
        files=files,
        refused=refused,
        kinds=PaperKind,
    )
    response.status_code = status
    return response


@login_required
@require_http_methods(["POST"])
def paper_upload_confirm(request, pk, item_pk):
    """Step 2 of adding papers: add the checked files the uploader kept, as the kinds and titles they chose."""
    item, context = _upload_page(request, pk, item_pk)
    meeting = context["meeting"]
    formset = HeldPaperFormSet(request.POST, prefix="papers")
    if not formset.is_valid():
        return _render_confirm(request, context, formset, status=422)
    choices, discard = [], []
    for form in formset:
        data = form.cleaned_data
        if not data["add"]:
            discard.append(data["token"])
            continue
        choices.append(
            services.PaperChoice(
                token=data["token"],
                kind=data["kind"],
                title=data["title"],
                author=data["author"],
                author_organisation=data["author_organisation"],
            )
        )
    try:
        added = services.papers_add(
            user=request.user, item=item, choices=choices, discard=discard, expected_version=_version(request)
        )
    except AgendaItemGone as e:
        messages.error(request, str(e))
        if context["can_manage"]:
            return redirect("meetings:agenda_builder", pk=meeting.pk)
        return redirect(meeting if context["can_view"] else "dashboard")
    except AgendaConflict as e:
        # The page (and the papers it lists as already on the item) was out of date: show the current one,
        # with the choices made on it, to confirm again.
        messages.error(request, e.out_of_date)
        return _render_confirm(request, context, formset, status=409)
    entry = build_agenda(meeting, reader=request.user).entry_for(item.pk)
    labels = {p.paper.pk: p for p in entry.papers} if entry else {}
    for paper in added.papers:
        if paper.is_converting:
            messages.info(
                request,
                f"“{paper.title}” was uploaded and is being converted to PDF. The agenda shows when it is "
                "ready, or why it could not be used.",
            )
        else:
            listed = labels.get(paper.pk)
            added_as = _added_as(listed.label if listed else "", paper.kind)
            messages.success(request, f"“{paper.title}” added as {added_as} ({paper.page_count} pages).")
        if paper.removed_content:
            messages.warning(
                request,
                f"For the readers' safety, this was taken out of “{paper.original_name}”: "
                f"{paper.removed_content}. The rest of the paper is as it was sent.",
            )
    for typed, stored in added.retitled:
        messages.info(
            request, f"“{typed}” is saved as “{stored}”: the portal adds labels such as “Appendix 6(a)” itself."
        )
    for refused in added.refused:
        messages.error(request, f"Not added: {refused.reason}")
    if not added.papers:
        return redirect("meetings:paper_upload", pk=meeting.pk, item_pk=item.pk)
    return _after_upload(context)


def _added_as(appendix_label: str, kind: str) -> str:
    """ "Appendix 6(a)", "the report", "minutes", "a presentation", "a background paper"."""
    if appendix_label:
        return f"Appendix {appendix_label}"
    return {
        PaperKind.REPORT: "a report",
        PaperKind.MINUTES: "minutes",
        PaperKind.PRESENTATION: "a presentation",
        PaperKind.BACKGROUND: "a background paper",
    }.get(kind, PaperKind(kind).label.lower())


@login_required
@require_http_methods(["GET"])
def paper_status(request, pk, item_pk):
    """The htmx fragment showing an item's uploads that are converting or were refused; it polls itself
    while any is converting. Whoever may see the item sees it (its papers, once ready, are as visible)."""
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=item_pk, meeting_id=pk)
    if not can_see(request.user, item):
        raise PermissionDenied
    pending = list(item.papers.pending().order_by("pk"))
    return render(
        request,
        "meetings/partials/paper_status.html",
        {
            "meeting": item.meeting,
            "item": item,
            "pending": pending,
            "converting": any(p.is_converting for p in pending),
            "polling": request.GET.get("polling") == "1",
        },
    )


@require_http_methods(["GET"])
def paper_file(request, paper_pk):
    """Serve a paper's PDF after checking who may read it (Part II papers: the board's members only)."""
    paper = get_object_or_404(Paper.objects.select_related("item__meeting__board", "item__parent"), pk=paper_pk)
    if not can_see(request.user, paper):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('login')}?next={request.path}")
        raise PermissionDenied
    filename = "".join(c if c.isalnum() or c in " -_" else "-" for c in paper.title)[:80].strip() + ".pdf"
    if is_part_two(paper.item):
        # Who read a Part II paper is part of the record: the board's coordinators can see the list.
        log_action("meetings.paper.opened", actor=request.user, obj=paper, data={"meeting": str(paper.item.meeting)})
    return inline_pdf(paper.file, filename=filename, missing="The file of this paper is missing.")


@login_required
@require_http_methods(["GET", "POST"])
@agenda_change
def paper_edit(request, pk, paper_pk):
    """Say what a paper is, or correct its title or author; its label follows from its kind and place."""
    meeting = meeting_for(request, pk, "meetings.manage_meeting")
    paper = get_object_or_404(Paper.objects.ready().select_related("item"), pk=paper_pk, item__meeting=meeting)
    fields = ("kind", "title", "author", "author_organisation")
    form = PaperDetailsForm(request.POST or None, initial={name: getattr(paper, name) for name in fields})
    if request.method == "POST" and form.is_valid():
        try:
            paper = services.paper_update(
                user=request.user,
                paper=paper,
                **{name: form.cleaned_data[name] for name in fields},
                expected_version=_version(request),
            )
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            entry = build_agenda(meeting, reader=request.user).entry_for(paper.item_id)
            listed = next((p for p in entry.papers if p.paper.pk == paper.pk), None) if entry else None
            messages.success(
                request, f"“{paper.title}” saved as {_added_as(listed.label if listed else '', paper.kind)}."
            )
            return redirect("meetings:agenda_builder", pk=meeting.pk)
    entry = build_agenda(meeting, reader=request.user).entry_for(paper.item_id)
    return render(
        request,
        "meetings/paper_edit.html",
        {"paper": paper, "entry": entry, "meeting": meeting, "board": meeting.board, "form": form},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
@agenda_change
def paper_delete(request, pk, paper_pk):
    """Delete a draft's paper; once the agenda is part of the record, withdraw it with a reason."""
    meeting = meeting_for(request, pk, "meetings.manage_meeting")
    paper = get_object_or_404(Paper.objects.select_related("item"), pk=paper_pk, item__meeting=meeting)
    keeps_record = services.agenda_keeps_record(meeting)
    form = WithdrawForm(request.POST if request.method == "POST" else None) if keeps_record else None
    if request.method == "POST":
        if form is not None:
            form.is_valid()  # errors show against the field; the service decides
        try:
            services.paper_delete(
                user=request.user,
                paper=paper,
                reason=request.POST.get("reason", ""),
                expected_version=_version(request),
            )
        except ValidationError as e:
            if form is None:
                messages.error(request, " ".join(e.messages))
                return redirect("meetings:agenda_builder", pk=meeting.pk)
            apply_validation_error(form, e)
        else:
            verb = "withdrawn" if keeps_record else "removed"
            messages.success(request, f"“{paper.title}” {verb} from the agenda.")
            return redirect("meetings:agenda_builder", pk=meeting.pk)
    return render(
        request,
        "meetings/paper_delete.html",
        {"paper": paper, "meeting": meeting, "board": meeting.board, "keeps_record": keeps_record, "form": form},
        status=422 if request.method == "POST" else 200,
    )
