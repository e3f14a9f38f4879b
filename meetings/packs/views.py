"""Pages for agenda packs: the pack panel (an htmx fragment on the meeting page, and a full page without
JavaScript), building with progress, issuing, and serving the PDFs after a permission check."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from core.activity import log_action
from core.responses import inline_pdf
from core.views import require_perm

from ..enums import PackEdition, PackStatus
from ..models import Meeting, PackBuild
from ..views import meeting_for
from . import selectors, services

PANEL = "meetings/packs/partials/pack_panel.html"
STATUS = "meetings/packs/partials/pack_status.html"


def _build(request, build_pk, perm="meetings.view_meeting") -> PackBuild:
    build = get_object_or_404(PackBuild.objects.select_related("meeting__board"), pk=build_pk)
    require_perm(request.user, perm, build.meeting)
    return build


def _panel_context(request, meeting: Meeting, **extra) -> dict:
    return {
        "meeting": meeting,
        "board": meeting.board,
        "editions": selectors.meeting_packs(meeting=meeting),
        "can_manage": request.user.has_perm("meetings.manage_meeting", meeting),
        "recipients": services.pack_recipients(meeting),
        **extra,
    }


@login_required
@require_GET
def pack_panel(request, pk):
    """The pack panel as an HTML fragment (loaded into the meeting page with htmx)."""
    meeting = meeting_for(request, pk)
    return render(request, PANEL, _panel_context(request, meeting))


@login_required
@require_GET
def packs(request, pk):
    """The same panel as a whole page: works without JavaScript."""
    meeting = meeting_for(request, pk)
    return render(request, "meetings/packs/packs.html", _panel_context(request, meeting))


@login_required
@require_POST
def pack_build(request, pk):
    meeting = meeting_for(request, pk, "meetings.manage_meeting")
    edition = request.POST.get("edition", PackEdition.MEMBERS)
    error, build = "", None
    try:
        build = services.pack_request_build(user=request.user, meeting=meeting, edition=edition)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:
        # The focus goes to the build's progress, or its outcome if it is finished already, or the error.
        extra = {"error": error, "requested_error": bool(error)}
        if build is not None:
            build.refresh_from_db()
            current = selectors.latest_pack(meeting=meeting, edition=build.edition)
            extra.update(requested=build, current=current)
        return render(request, PANEL, _panel_context(request, meeting, **extra))
    if error:
        messages.error(request, error)
    else:
        messages.info(request, "The pack is being built: refresh this page to see its progress.")
    return redirect("meetings:packs", pk=meeting.pk)


@login_required
@require_GET
def pack_status(request, build_pk):
    """A build's progress while it runs (polled every second); once finished (or found to have stopped),
    the outcome, with the panel's list of versions updated out of band."""
    build = _build(request, build_pk)
    services.pack_fail_if_stalled(build)  # its worker died: say so rather than poll for ever
    # The poller says which stage it showed: the live region is updated only when that changes.
    context = {
        "build": build,
        "meeting": build.meeting,
        "stage_changed": request.GET.get("shown") != (build.stage or services.STAGE_QUEUED),
    }
    if build.status not in (PackStatus.QUEUED, PackStatus.RUNNING):
        context.update(_panel_context(request, build.meeting, finished=True))
        context["current"] = selectors.latest_pack(meeting=build.meeting, edition=build.edition)
    return render(request, STATUS, context)


@login_required
@require_http_methods(["GET", "POST"])
def pack_issue(request, build_pk):
    """GET: what issuing this version would send and to whom (and who will not be told). POST: issue it."""
    build = _build(request, build_pk, "meetings.manage_meeting")
    meeting = build.meeting
    if request.method == "GET":
        return _issue_preview(request, build)
    message, error = "", ""
    try:
        build = services.pack_issue(user=request.user, build=build)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    else:
        if build.edition == PackEdition.PUBLIC:
            message = f"Public edition version {build.number} is issued: it is on the meeting's public page."
        else:
            what = "Supplementary pack" if build.is_supplement else "Pack"
            message = f"{what} version {build.number} issued: members have been e-mailed a link."
    if request.htmx:
        return render(request, PANEL, _panel_context(request, meeting, message=message, error=error))
    if error:
        messages.error(request, error)
    else:
        messages.success(request, message)
    return redirect("meetings:packs", pk=meeting.pk)


def _issue_preview(request, build: PackBuild):
    meeting = build.meeting
    context = {
        "meeting": meeting,
        "board": meeting.board,
        "build": build,
        "title": f"Issue the {build.get_edition_display().lower()}, version {build.number}",
        "action": f"Yes, issue version {build.number}",
        "form_action": reverse("meetings:pack_issue", args=[build.pk]),
    }
    if build.edition == PackEdition.MEMBERS:
        subject, body = services.pack_issue_preview(build)
        context.update(subject=subject, body=body, recipients=services.pack_recipients(meeting), posting_list="pack")
    else:
        context["no_mail"] = "Nobody is e-mailed: this version appears on the meeting's public page at once."
    return render(request, "meetings/send_preview.html", context)


def _serve(request, build: PackBuild):
    if build.status == PackStatus.DONE and not services.pack_check_still_valid(build):
        # Checked against the papers as they are now: withdrawn for everyone, whoever could read it before.
        context = {
            "build": build,
            "meeting": build.meeting,
            "board": build.meeting.board,
            "can_manage": request.user.has_perm("meetings.manage_meeting", build.meeting),
        }
        return render(request, "meetings/packs/withdrawn.html", context, status=410)
    if not request.user.has_perm("meetings.view_pack", build):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('login')}?next={request.path}")
        raise PermissionDenied
    if build.status != PackStatus.DONE or not build.file:
        raise Http404("This version of the pack has no file.")
    meeting = build.meeting
    if build.edition == PackEdition.MEMBERS and request.method == "GET":
        log_action("meetings.pack.downloaded", actor=request.user, obj=build, data={"version": build.number})
    name = slugify(f"{meeting.board.display_short_name} {meeting.date:%Y-%m-%d} agenda pack {build.edition}")
    return inline_pdf(build.file, filename=f"{name}-v{build.number}.pdf", missing="The file of this pack is missing.")


@require_safe
def pack_download(request, build_pk):
    """One version of a pack. Members' edition: the board's members; public edition: anyone once issued."""
    build = get_object_or_404(PackBuild.objects.select_related("meeting__board"), pk=build_pk)
    return _serve(request, build)


@require_safe
def pack_issued(request, pk, edition):
    """The version of an edition most recently issued: the stable link for the public page."""
    meeting = get_object_or_404(Meeting.objects.select_related("board"), pk=pk)
    if edition not in PackEdition.values:
        raise Http404("No such edition.")
    build = selectors.latest_issued_pack(meeting=meeting, edition=edition)
    if build is None:
        raise Http404("This pack has not been issued yet.")
    return _serve(request, build)
