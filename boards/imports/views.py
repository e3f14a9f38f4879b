"""Pages for importing a board's members: upload, preview and confirm (or discard), and the template."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from core.spreadsheets import csv_response
from core.views import apply_validation_error, require_perm

from ..enums import ImportStatus
from ..models import Board, MemberImport
from . import services
from .forms import MemberImportConfirmForm, MemberImportForm
from .matching import ALREADY, ERROR, MATCH, NEW, preview_import
from .reader import COLUMN_BY_KEY, COLUMNS, NAME_COLUMN, TEMPLATE_HEADINGS


def _board_for_manager(request, slug) -> Board:
    board = get_object_or_404(Board, slug=slug)
    require_perm(request.user, "boards.manage_board", board)
    return board


def _import_for_manager(request, slug, pk) -> MemberImport:
    member_import = get_object_or_404(
        MemberImport.objects.select_related("board", "uploaded_by__person"), pk=pk, board__slug=slug
    )
    require_perm(request.user, "boards.manage_board", member_import.board)
    return member_import


@login_required
@require_http_methods(["GET", "POST"])
def member_import_upload(request, slug):
    board = _board_for_manager(request, slug)
    form = MemberImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            member_import = services.member_import_preview(
                user=request.user, board=board, uploaded_file=form.cleaned_data["file"]
            )
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            return redirect(member_import)
    waiting = board.member_imports.filter(status=ImportStatus.PREVIEWED).select_related("uploaded_by__person")[:10]
    return render(
        request,
        "boards/imports/upload.html",
        {
            "board": board,
            "form": form,
            "columns": COLUMNS,
            "required_column": COLUMN_BY_KEY["last_name"],
            "name_column": NAME_COLUMN,
            "waiting": waiting,
        },
    )


@login_required
@require_http_methods(["GET"])
def member_import_template(request, slug):
    _board_for_manager(request, slug)
    return csv_response("members-template.csv", TEMPLATE_HEADINGS, [])


def _confirmed_message(member_import: MemberImport) -> str:
    summary = member_import.summary
    seated, unchanged, skipped = services.seated(summary), summary["unchanged"], len(summary["skipped"])
    text = f"{seated} member{'' if seated == 1 else 's'} added to {member_import.board.display_short_name}"
    text += f" ({summary['new_people']} new to the directory)."
    if unchanged:
        text += f" {unchanged} {'was' if unchanged == 1 else 'were'} already on the board."
    if skipped:
        text += f" {skipped} {'row was' if skipped == 1 else 'rows were'} left out: see why below."
    return text


@login_required
@require_http_methods(["GET", "POST"])
def member_import_preview(request, slug, pk):
    """What the import would do, row by row; confirming it (a POST) imports it."""
    member_import = _import_for_manager(request, slug, pk)
    if member_import.status != ImportStatus.PREVIEWED:
        if request.method == "POST":
            messages.info(request, services.closed_message(member_import))
            return redirect(member_import)
        return render(
            request,
            "boards/imports/result.html",
            {
                "board": member_import.board,
                "member_import": member_import,
                "summary": member_import.summary,
                "seated": services.seated(member_import.summary),
            },
        )
    preview = preview_import(member_import=member_import, user=request.user)
    form = MemberImportConfirmForm(request.POST or None, preview=preview)
    status = 200
    if request.method == "POST" and request.POST.get("version") != preview.version:
        # The page was drawn before the directory or the board changed: show what an import would do now.
        messages.warning(request, services.STALE_MESSAGE)
        status = 409
        form = MemberImportConfirmForm(preview=preview)
    elif request.method == "POST" and form.is_valid():
        try:
            services.member_import_confirm(
                user=request.user,
                member_import=member_import,
                choices=form.choices(),
                version=form.cleaned_data["version"],
            )
        except ValidationError as e:
            if e.code == "closed":
                messages.info(request, e.messages[0])
                return redirect(member_import)
            if e.code != "stale":
                raise
            messages.warning(request, e.messages[0])
            status = 409
            preview = preview_import(member_import=member_import, user=request.user)
            form = MemberImportConfirmForm(preview=preview)
        else:
            member_import.refresh_from_db()
            messages.success(request, _confirmed_message(member_import))
            return redirect(member_import)
    for row in preview.rows:
        if row.field_name in form.fields:
            row.field = form[row.field_name]
    return render(
        request,
        "boards/imports/preview.html",
        {
            "board": member_import.board,
            "member_import": member_import,
            "preview": preview,
            "form": form,
            "earlier": services.member_import_earlier(member_import),
            "counts": {
                "new": preview.count(NEW),
                "match": preview.count(MATCH),
                "already": preview.count(ALREADY),
                "error": preview.count(ERROR),
            },
        },
        status=status,
    )


@login_required
@require_POST
def member_import_discard(request, slug, pk):
    member_import = _import_for_manager(request, slug, pk)
    try:
        services.member_import_discard(user=request.user, member_import=member_import)
    except ValidationError as e:
        messages.info(request, e.messages[0])
        return redirect(member_import)
    messages.success(request, f"The preview of “{member_import.file_name}” was discarded; nothing was imported.")
    return redirect("boards:member_import", member_import.board.slug)
