"""Closing an action at a meeting: the "Closed at this meeting" button under the meeting's action log item."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core import clock
from core.views import require_perm
from meetings.enums import MeetingStatus
from meetings.models import Meeting

from .meeting_log import agenda_summary, long_date
from .models import Action
from .services import action_post_update


@login_required
@require_POST
def action_close_at_meeting(request, pk, meeting_pk):
    """A coordinator records that the meeting closed the action (completed, noted as closed there), then
    goes back to the action log on the meeting page; htmx requests get the refreshed log in place."""
    action = get_object_or_404(Action.objects.select_related("board"), pk=pk)
    meeting = get_object_or_404(Meeting.objects.select_related("board"), pk=meeting_pk, board_id=action.board_id)
    require_perm(request.user, "actions.manage_action", action)
    notice = error = ""
    if meeting.status == MeetingStatus.CANCELLED or meeting.date > clock.today():
        error = f"{action.reference} can be closed at this meeting only once it has begun."
    elif action.is_closed:
        error = f"{action.reference} is already {action.get_status_display().lower()}."
    else:
        try:
            action_post_update(
                user=request.user,
                action=action,
                text=f"Closed at the meeting of {long_date(meeting.date)}.",
                status="completed",
                at_meeting=meeting,
            )
        except ValidationError as e:
            error = " ".join(e.messages)
        else:
            notice = f"{action.reference} recorded as closed at this meeting."
    if request.htmx:
        shown = agenda_summary(meeting, request.user)
        if shown is None:  # not for a coordinator; but the log is shown to no one who may not read it
            raise PermissionDenied
        template_name, context = shown
        return render(request, template_name, {**context, "notice": notice, "error": error})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, notice)
    return redirect(f"{meeting.get_absolute_url()}#action-log-{meeting.pk}")
