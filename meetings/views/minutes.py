"""The minutes' pages: the coordinator's editor (one section per minute, each saved on its own, with the
stale-edit guard of the agenda builder), the minutes as members and the public read them, members' comments,
and the steps of the minutes' life (circulation, confirmation at a later meeting, the chair's sign-off,
amendments), with the PDFs built from them.

Every change goes through :mod:`meetings.minutes.services`. Each form of a minute carries the minute's
version: a change made on an out-of-date copy is refused with 409 and the refreshed section, which shows the
text that was not saved so nothing is lost. Minutes that are confirmed, signed or final refuse every change
(409 and a page, or the section, saying so).
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import throttle, two_factor
from boards.selectors import member_recipients
from core.responses import inline_pdf
from core.views import apply_validation_error, require_perm

from ..enums import MeetingStatus, MinutesDocumentKind, MinutesStatus, PackEdition, PackStatus
from ..minutes import documents, services
from ..minutes.forms import (
    ActionForm,
    AmendmentForm,
    CirculateForm,
    CommentForm,
    ConfirmForm,
    DecisionForm,
    InsertMinuteForm,
    MinuteForm,
    SignOffForm,
    default_comments_by,
    later_meetings,
    recommendation_formset,
    recommendation_rows,
    version_of,
)
from ..minutes.models import (
    Decision,
    Minute,
    MinutedAction,
    MinutedActionOwner,
    Minutes,
    MinutesComment,
    MinutesDocument,
    MinutesLocked,
)
from ..minutes.render import minutes_document_html
from ..minutes.services import STALE_MESSAGE, StaleMinute
from ..models import Meeting
from ..visibility import minutes_edition_for
from .common import meeting_for

#: Wrong passwords on the sign-off page, per signer, before it pauses.
SIGN_OFF_ATTEMPTS = 10
SIGN_OFF_WINDOW = datetime.timedelta(minutes=15)


# Finding the minutes ------------------------------------------------------------------------------------


def _meeting(pk) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("board", "venue"), pk=pk)


def _minutes_of(meeting: Meeting) -> Minutes | None:
    minutes = (
        Minutes.objects.filter(meeting=meeting)
        .select_related("presiding", "confirmed_at_meeting", "signed_by__person")
        .first()
    )
    if minutes is not None:
        minutes.meeting = meeting
    return minutes


def _refuse(request):
    """Not someone who may see this: the sign-in page for a visitor, 403 for anyone signed in."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def _for_workflow(request, pk) -> tuple[Meeting, Minutes]:
    """A coordinator's page about the meeting's minutes (403 for anyone else, 404 if none are begun)."""
    meeting = meeting_for(request, pk, "meetings.edit_minutes")
    minutes = _minutes_of(meeting)
    if minutes is None:
        raise Http404("These minutes are not begun.")
    return meeting, minutes


def _for_editing(request, pk) -> tuple[Meeting, Minutes]:
    """As :func:`_for_workflow`, for a page that changes the text: locked minutes refuse (see
    :func:`minutes_change`)."""
    meeting, minutes = _for_workflow(request, pk)
    minutes.check_editable()
    return meeting, minutes


def _minute(minutes: Minutes, minute_pk) -> Minute:
    minute = get_object_or_404(Minute, pk=minute_pk, minutes=minutes)
    minute.minutes = minutes
    return minute


def _version(request) -> int:
    """The minute's version the change was made on; a change that does not say is treated as stale."""
    version = version_of(request.POST)
    if version is None:
        raise StaleMinute(STALE_MESSAGE, code="stale")
    return version


def _unsaved(request) -> list[str]:
    """What the person wrote in the form that was refused: shown back to them to copy."""
    return [
        value.strip()
        for name, value in request.POST.items()
        if name.endswith(("-notes", "-text", "-reason")) and value.strip()
    ]


def _editor_url(minutes: Minutes, minute: Minute | None = None) -> str:
    url = reverse("meetings:minutes_detail", args=[minutes.meeting_id])
    return f"{url}#minute-{minute.pk}" if minute is not None else url


def _time(moment) -> str:
    return f"{timezone.localtime(moment):%H:%M}"


# The editor's sections -----------------------------------------------------------------------------------


@dataclass
class DecisionRow:
    decision: Decision
    form: DecisionForm
    recommendations: object  # the formset


@dataclass
class ActionRow:
    action: MinutedAction
    form: ActionForm


@dataclass
class Section:
    """One minute in the editor, with a form for each thing in it that can change."""

    minute: Minute
    form: MinuteForm
    decisions: list[DecisionRow]
    new_decision: DecisionForm
    actions: list[ActionRow]
    new_action: ActionForm
    conflict: str = ""
    unsaved: list[str] = field(default_factory=list)
    announce: str = ""
    opened: str = ""  # "decision" or "action": the add form to show open (it has errors)
    focus_decision: int | None = None  # the decision just added: the focus goes to it
    focus_action: int | None = None

    @property
    def unsaved_id(self) -> str:
        return f"minute-{self.minute.pk}-unsaved"


def _minute_rows(minutes: Minutes, *, pk: int | None = None) -> list[Minute]:
    """The minutes' rows with their decisions, recommendations, actions and owners: a fixed number of
    queries however many minutes there are."""
    rows = (
        Minute.objects.filter(minutes=minutes)
        .select_related("updated_by__person")
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.prefetch_related("recommendations")),
            Prefetch(
                "actions",
                queryset=MinutedAction.objects.prefetch_related(
                    Prefetch("owner_rows", queryset=MinutedActionOwner.objects.select_related("person"))
                ),
            ),
        )
        .order_by("position", "pk")
    )
    if pk is not None:
        rows = rows.filter(pk=pk)
    out = list(rows)
    for minute in out:
        minute.minutes = minutes
    return out


def _owner_people(minutes: Minutes) -> list:
    return list(services.action_owner_choices(minutes).order_by("last_name", "first_name", "pk"))


def _section(minutes: Minutes, minute: Minute, people: list, *, bound: dict | None = None, **extra) -> Section:
    bound = bound or {}
    decisions = []
    for decision in minute.decisions.all():
        form, formset = bound.get(("decision", decision.pk)) or (
            DecisionForm.for_decision(decision),
            recommendation_formset(decision),
        )
        decisions.append(DecisionRow(decision, form, formset))
    actions = [
        ActionRow(action, bound.get(("action", action.pk)) or ActionForm.for_action(action, people))
        for action in minute.actions.all()
    ]
    return Section(
        minute=minute,
        form=bound.get("minute") or MinuteForm.for_minute(minute),
        decisions=decisions,
        new_decision=bound.get("new_decision") or DecisionForm.new(minute, minutes),
        actions=actions,
        new_action=bound.get("new_action") or ActionForm.new(minute, people),
        **extra,
    )


def _common(meeting: Meeting, minutes: Minutes | None, **extra) -> dict:
    return {
        "meeting": meeting,
        "board": meeting.board,
        "minutes": minutes,
        "steps": minutes_steps(minutes) if minutes is not None else [],
        **extra,
    }


def _editor_context(request, meeting: Meeting, minutes: Minutes, *, overrides: dict | None = None) -> dict:
    overrides = overrides or {}
    people = _owner_people(minutes)
    sections = [_section(minutes, m, people, **overrides.get(m.pk, {})) for m in _minute_rows(minutes)]
    return _common(
        meeting,
        minutes,
        sections=sections,
        comments=_comments(minutes),
        may_add_addendum=meeting.status == MeetingStatus.HELD,
        may_remove=minutes.circulated_at is None,
    )


def _comments(minutes: Minutes) -> list[MinutesComment]:
    return list(minutes.comments.select_related("author__person", "minute", "resolved_by__person"))


def _section_response(
    request,
    meeting: Meeting,
    minutes: Minutes,
    minute: Minute,
    *,
    status: int = 200,
    bound: dict | None = None,
    said: str = "",
    **extra,
):
    """After a change to one minute: htmx gets the refreshed section; a plain form goes back to the minute
    in the editor (or, when refused, the editor with the section as it was sent)."""
    if request.htmx:
        fresh = _minute_rows(minutes, pk=minute.pk)
        if not fresh:  # removed meanwhile
            response = render(request, "meetings/minutes/partials/gone.html", {"minute": minute}, status=409)
            response["HX-Retarget"] = f"#minute-{minute.pk}"
            response["HX-Reswap"] = "outerHTML"
            return response
        section = _section(minutes, fresh[0], _owner_people(minutes), bound=bound, announce=said, **extra)
        context = _common(meeting, minutes, section=section, may_remove=minutes.circulated_at is None)
        return render(request, "meetings/minutes/partials/section.html", context, status=status)
    if status == 200:
        if said:
            messages.success(request, said)
        return redirect(_editor_url(minutes, minute))
    overrides = {minute.pk: {"bound": bound, **extra}}
    context = _editor_context(request, meeting, minutes, overrides=overrides)
    return render(request, "meetings/minutes/editor.html", context, status=status)


def _stale(request, meeting, minutes, minute, error: ValidationError):
    return _section_response(
        request, meeting, minutes, minute, status=409, conflict=" ".join(error.messages), unsaved=_unsaved(request)
    )


def minutes_change(view):
    """A page that changes the text of a meeting's minutes (``pk``). Once they are confirmed, signed or
    final, nothing is saved: 409, with what the person wrote shown back to them (in the section they sent it
    from, for the editor's own requests)."""

    @functools.wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        try:
            return view(request, pk, *args, **kwargs)
        except MinutesLocked as error:
            context = {"message": " ".join(error.messages), "unsaved": _unsaved(request), "pk": pk}
            if request.htmx and request.htmx.target:
                context["target"] = request.htmx.target
                return render(request, "meetings/minutes/partials/locked.html", context, status=409)
            meeting = _meeting(pk)
            context.update(meeting=meeting, board=meeting.board)
            return render(request, "meetings/minutes/locked.html", context, status=409)

    return wrapper


# Where the minutes have got to ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    label: str
    state: str  # "done", "current", "to do" or "skipped"


def minutes_steps(minutes: Minutes) -> list[Step]:
    """Draft → circulated → confirmed → signed; an informal session's notes: draft → final."""
    status = minutes.status
    if minutes.is_notes:
        final = status == MinutesStatus.FINAL
        return [
            Step("Draft notes", "done" if final else "current"),
            Step("Notes final", "current" if final else "to do"),
        ]
    order = [MinutesStatus.DRAFT, MinutesStatus.CIRCULATED, MinutesStatus.CONFIRMED, MinutesStatus.SIGNED]
    labels = ["Draft", "Circulated for comment", "Confirmed as a correct record", "Signed"]
    at = order.index(MinutesStatus.SIGNED if status == MinutesStatus.AMENDING else status)
    steps = []
    for index, label in enumerate(labels):
        state = "done" if index < at else "current" if index == at else "to do"
        if index == 1 and state == "done" and minutes.circulated_at is None:
            state = "skipped"
        if status == MinutesStatus.AMENDING and index == at:
            state = "done"
        steps.append(Step(label, state))
    if status == MinutesStatus.AMENDING:
        steps.append(Step("Being corrected, to sign again", "current"))
    return steps


# The minutes page ----------------------------------------------------------------------------------------


def document_html(minutes: Minutes, edition: str) -> str:
    """The minutes as HTML, as the reader's edition prints them (a Part II minute is its heading only in the
    public edition): the body of the printed document, for a page."""
    return minutes_document_html(minutes, edition=edition, for_pdf=False)


def _pdf(minutes: Minutes, edition: str) -> dict:
    """The PDF the reader gets now: ready, being prepared, or to prepare (none yet, or the text changed)."""
    document = documents.current_document(minutes, edition)
    if document is None and minutes.status == MinutesStatus.SIGNED:
        return {"state": "waiting", "document": None}  # built at sign-off, never as a draft
    if document is None:
        return {"state": "none", "document": None}
    if document.status in (PackStatus.QUEUED, PackStatus.RUNNING):
        return {"state": "building", "document": document}
    if document.is_ready and documents.document_is_current(minutes, document):
        return {"state": "ready", "document": document}
    return {"state": "none", "document": None}


def _reader_context(request, meeting: Meeting, minutes: Minutes, edition: str, *, comment_form=None) -> dict:
    user = request.user
    can_edit = user.has_perm("meetings.edit_minutes", meeting)
    can_comment = user.has_perm("meetings.comment_on_minutes", minutes)
    rows = list(minutes.items.order_by("position", "pk"))
    if edition == PackEdition.PUBLIC:
        rows = [m for m in rows if not m.confidential]
    context = _common(
        meeting,
        minutes,
        edition=edition,
        document_html=document_html(minutes, edition),
        pdf=_pdf(minutes, edition),
        can_edit=can_edit,
        can_comment=can_comment,
        may_sign=user.has_perm("meetings.sign_off_minutes", minutes),
        amendments=list(minutes.amendments.all()) if can_edit else [],
    )
    if can_comment:
        context["comment_form"] = comment_form or CommentForm(minutes_rows=rows)
    if can_edit:
        context["comments"] = _comments(minutes)
    elif user.is_authenticated:
        context["own_comments"] = [c for c in _comments(minutes) if c.author_id == user.pk]
    return context


@require_GET
def minutes_detail(request, pk):
    """The meeting's minutes: the editor for its coordinators while they can change; the edition each
    reader may read otherwise; the button that starts them, or a word that they are not ready yet."""
    meeting = _meeting(pk)
    minutes = _minutes_of(meeting)
    user = request.user
    can_edit = user.has_perm("meetings.edit_minutes", meeting)
    if minutes is None or (not can_edit and minutes_edition_for(user, minutes) is None):
        if not (can_edit or user.has_perm("meetings.view_meeting", meeting)):
            return _refuse(request)
        return render(
            request,
            "meetings/minutes/not_started.html",
            _common(meeting, minutes, can_edit=can_edit, start_error=_start_error(meeting) if can_edit else ""),
        )
    if can_edit and minutes.is_editable and request.GET.get("view") != "reader":
        return render(request, "meetings/minutes/editor.html", _editor_context(request, meeting, minutes))
    edition = minutes_edition_for(user, minutes)
    return render(request, "meetings/minutes/reader.html", _reader_context(request, meeting, minutes, edition))


def _start_error(meeting: Meeting) -> str:
    try:
        services._may_start(meeting)
    except ValidationError as e:
        return " ".join(e.messages)
    return ""


@login_required
@require_POST
def minutes_start(request, pk):
    meeting = meeting_for(request, pk, "meetings.edit_minutes")
    try:
        minutes = services.minutes_start(user=request.user, meeting=meeting)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("meetings:minutes_detail", pk=meeting.pk)
    messages.success(
        request, f"{minutes.heading_noun} started from the agenda: one minute for each item. Nothing is sent yet."
    )
    return redirect("meetings:minutes_detail", pk=meeting.pk)


# One minute: its discussion --------------------------------------------------------------------------------


@login_required
@require_POST
@minutes_change
def minute_save(request, pk, minute_pk):
    """Save a minute's title and discussion. The editor's script sends ``autosave=1`` after a pause in
    typing and gets the new version and time back; a stale or refused save gets the section as for a
    button press."""
    meeting, minutes = _for_editing(request, pk)
    minute = _minute(minutes, minute_pk)
    form = MinuteForm.for_minute(minute, request.POST)
    autosave = request.POST.get("autosave") == "1"
    if form.is_valid():
        try:
            saved = services.minute_save(
                user=request.user,
                minute=minute,
                notes=form.cleaned_data["notes"],
                title=form.cleaned_data["title"],
                version=_version(request),
            )
        except StaleMinute as e:
            return _stale(request, meeting, minutes, minute, e)
        except MinutesLocked:
            raise
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            if autosave:
                return JsonResponse({"version": saved.version, "saved_at": _time(saved.updated_at)})
            return _section_response(
                request, meeting, minutes, saved, said=f"{saved.label} saved at {_time(saved.updated_at)}."
            )
    if autosave:
        errors = [e for errors in form.errors.values() for e in errors]
        return JsonResponse({"error": " ".join(errors)}, status=422)
    return _section_response(request, meeting, minutes, minute, status=422, bound={"minute": form})


def _insert_page(request, meeting, minutes, *, after: Minute | None, addendum: bool):
    form = InsertMinuteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            minute = services.minute_insert(
                user=request.user, minutes=minutes, after=after, is_addendum=addendum, **form.cleaned_data
            )
        except MinutesLocked:
            raise
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            what = "Addendum" if addendum else f"Minute {minute.number}"
            messages.success(request, f"{what} “{minute.title}” added.")
            return redirect(_editor_url(minutes, minute))
    return render(
        request,
        "meetings/minutes/minute_insert.html",
        _common(meeting, minutes, form=form, after=after, addendum=addendum),
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
@minutes_change
def minute_insert(request, pk, minute_pk):
    """Insert a minute that was not on the agenda, after this one."""
    meeting, minutes = _for_editing(request, pk)
    return _insert_page(request, meeting, minutes, after=_minute(minutes, minute_pk), addendum=False)


@login_required
@require_http_methods(["GET", "POST"])
@minutes_change
def minute_addendum(request, pk):
    """An addendum at the end: business done after the meeting closed."""
    meeting, minutes = _for_editing(request, pk)
    return _insert_page(request, meeting, minutes, after=None, addendum=True)


@login_required
@require_http_methods(["GET", "POST"])
@minutes_change
def minute_remove(request, pk, minute_pk):
    """Remove a minute inserted on the day, or an addendum (a minute of an agenda item stays)."""
    meeting, minutes = _for_editing(request, pk)
    minute = _minute(minutes, minute_pk)
    error = ""
    if request.method == "POST":
        try:
            services.minute_remove(user=request.user, minute=minute)
        except MinutesLocked:
            raise
        except ValidationError as e:
            error = " ".join(e.messages)
        else:
            messages.success(request, f"“{minute.title}” removed from the minutes.")
            return redirect(_editor_url(minutes))
    return render(
        request,
        "meetings/minutes/confirm_remove.html",
        _common(
            meeting,
            minutes,
            what=f"{minute.label}: {minute.title}" if minute.number else minute.title,
            title="Remove a minute",
            detail=minute.notes,
            consequence="The minute and its decisions and actions are removed from the draft.",
            error=error,
            back=_editor_url(minutes, minute),
        ),
        status=422 if error else 200,
    )


# Decisions and recommendations ---------------------------------------------------------------------------


def _decision(minutes: Minutes, decision_pk) -> Decision:
    decision = get_object_or_404(
        Decision.objects.select_related("minute").prefetch_related("recommendations"),
        pk=decision_pk,
        minute__minutes=minutes,
    )
    decision.minute.minutes = minutes
    return decision


@login_required
@require_POST
@minutes_change
def decision_add(request, pk, minute_pk):
    meeting, minutes = _for_editing(request, pk)
    minute = _minute(minutes, minute_pk)
    form = DecisionForm.new(minute, minutes, request.POST)
    if form.is_valid():
        try:
            decision = services.decision_add(
                user=request.user, minute=minute, version=_version(request), **form.cleaned_data
            )
        except StaleMinute as e:
            return _stale(request, meeting, minutes, minute, e)
        except MinutesLocked:
            raise
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            said = f"Decision {decision.register_number} added to {minute.label.lower()}."
            return _section_response(request, meeting, minutes, minute, said=said, focus_decision=decision.pk)
    return _section_response(
        request, meeting, minutes, minute, status=422, bound={"new_decision": form}, opened="decision"
    )


@login_required
@require_POST
@minutes_change
def decision_change(request, pk, decision_pk):
    """Save a decision's wording, text and addressee, and its numbered recommendations, together."""
    meeting, minutes = _for_editing(request, pk)
    decision = _decision(minutes, decision_pk)
    minute = decision.minute
    form = DecisionForm.for_decision(decision, request.POST)
    formset = recommendation_formset(decision, request.POST)
    if form.is_valid() and formset.is_valid():
        rows = recommendation_rows(formset)
        before = [(r.text, r.addressee) for r in decision.recommendations.all()]
        try:
            with transaction.atomic():
                services.decision_change(
                    user=request.user, decision=decision, version=_version(request), **form.cleaned_data
                )
                if [(t.strip(), a.strip()) for t, a in rows if t.strip()] != before:
                    # The same change: the version was checked, and the minute is locked, just above.
                    services.recommendations_set(user=request.user, decision=decision, rows=rows)
        except StaleMinute as e:
            return _stale(request, meeting, minutes, minute, e)
        except MinutesLocked:
            raise
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            return _section_response(
                request, meeting, minutes, minute, said=f"Decision {decision.register_number} saved."
            )
    return _section_response(
        request, meeting, minutes, minute, status=422, bound={("decision", decision.pk): (form, formset)}
    )


def _remove_page(request, meeting, minutes, minute, *, title, what, detail, consequence, remove):
    """A page that asks before removing a decision or an action, then removes it. ``remove(version)``."""
    error = ""
    status = 200
    if request.method == "POST":
        try:
            remove(_version(request))
        except StaleMinute as e:
            error, status = " ".join(e.messages), 409
            minute.refresh_from_db(fields=["version"])
        except MinutesLocked:
            raise
        except ValidationError as e:
            error, status = " ".join(e.messages), 422
        else:
            messages.success(request, f"{what} removed.")
            return redirect(_editor_url(minutes, minute))
    return render(
        request,
        "meetings/minutes/confirm_remove.html",
        _common(
            meeting,
            minutes,
            title=title,
            what=what,
            detail=detail,
            consequence=consequence,
            error=error,
            version=minute.version,
            back=_editor_url(minutes, minute),
        ),
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
@minutes_change
def decision_remove(request, pk, decision_pk):
    meeting, minutes = _for_editing(request, pk)
    decision = _decision(minutes, decision_pk)
    return _remove_page(
        request,
        meeting,
        minutes,
        decision.minute,
        title="Remove a decision",
        what=f"Decision {decision.register_number}",
        detail=decision.text,
        consequence=(
            "No one has been sent it yet. If it is the board's latest decision, the next one takes its number; "
            "otherwise the register skips it."
        ),
        remove=lambda version: services.decision_remove(user=request.user, decision=decision, version=version),
    )


# Minuted actions -----------------------------------------------------------------------------------------------


def _action(minutes: Minutes, action_pk) -> MinutedAction:
    action = get_object_or_404(
        MinutedAction.objects.select_related("minute").prefetch_related("owner_rows__person"),
        pk=action_pk,
        minute__minutes=minutes,
    )
    action.minute.minutes = minutes
    return action


def _action_fields(form: ActionForm) -> dict:
    data = form.cleaned_data
    return {
        "text": data["text"],
        "owners": form.chosen_owners(),
        "due_date": data.get("due_date"),
        "due_next_meeting": bool(data.get("due_next_meeting")),
    }


@login_required
@require_POST
@minutes_change
def action_add(request, pk, minute_pk):
    meeting, minutes = _for_editing(request, pk)
    minute = _minute(minutes, minute_pk)
    form = ActionForm.new(minute, _owner_people(minutes), request.POST)
    if form.is_valid():
        try:
            action = services.action_add(
                user=request.user, minute=minute, version=_version(request), **_action_fields(form)
            )
        except StaleMinute as e:
            return _stale(request, meeting, minutes, minute, e)
        except MinutesLocked:
            raise
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            said = f"Action added to {minute.label.lower()}, for {action.owner_initials}."
            return _section_response(request, meeting, minutes, minute, said=said, focus_action=action.pk)
    return _section_response(request, meeting, minutes, minute, status=422, bound={"new_action": form}, opened="action")


@login_required
@require_POST
@minutes_change
def action_change(request, pk, action_pk):
    meeting, minutes = _for_editing(request, pk)
    action = _action(minutes, action_pk)
    minute = action.minute
    form = ActionForm.for_action(action, _owner_people(minutes), request.POST)
    if form.is_valid():
        try:
            services.action_change(user=request.user, action=action, version=_version(request), **_action_fields(form))
        except StaleMinute as e:
            return _stale(request, meeting, minutes, minute, e)
        except MinutesLocked:
            raise
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            return _section_response(request, meeting, minutes, minute, said=f"Action in {minute.label.lower()} saved.")
    return _section_response(request, meeting, minutes, minute, status=422, bound={("action", action.pk): form})


@login_required
@require_http_methods(["GET", "POST"])
@minutes_change
def action_remove(request, pk, action_pk):
    meeting, minutes = _for_editing(request, pk)
    action = _action(minutes, action_pk)
    return _remove_page(
        request,
        meeting,
        minutes,
        action.minute,
        title="Remove an action",
        what=f"The action for {action.owner_initials or 'no one'}",
        detail=action.text,
        consequence="It is no longer tracked in the action log.",
        remove=lambda version: services.action_remove(user=request.user, action=action, version=version),
    )


# Comments ---------------------------------------------------------------------------------------------


@login_required
@require_POST
def minutes_comment(request, pk):
    """A member's comment on the circulated draft."""
    meeting = _meeting(pk)
    minutes = _minutes_of(meeting)
    if minutes is None:
        raise Http404("These minutes are not begun.")
    require_perm(request.user, "meetings.comment_on_minutes", minutes)
    edition = minutes_edition_for(request.user, minutes)
    rows = list(minutes.items.order_by("position", "pk"))
    if edition == PackEdition.PUBLIC:
        rows = [m for m in rows if not m.confidential]
    form = CommentForm(request.POST, minutes_rows=rows)
    if form.is_valid():
        try:
            services.minutes_comment(
                user=request.user, minutes=minutes, text=form.cleaned_data["text"], minute=form.chosen_minute()
            )
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(request, "Thank you: your comment has gone to the coordinator.")
            return redirect(reverse("meetings:minutes_detail", args=[meeting.pk]) + "#your-comments")
    context = _reader_context(request, meeting, minutes, edition, comment_form=form)
    return render(request, "meetings/minutes/reader.html", context, status=422)


@login_required
@require_POST
def comment_resolve(request, pk, comment_pk):
    """The coordinator has dealt with a comment."""
    meeting, minutes = _for_workflow(request, pk)
    comment = get_object_or_404(MinutesComment, pk=comment_pk, minutes=minutes)
    services.minutes_comment_resolve(user=request.user, comment=comment)
    messages.success(request, f"{comment.author.get_full_name()}'s comment marked as dealt with.")
    return redirect(reverse("meetings:minutes_detail", args=[meeting.pk]) + "#comments")


# The steps of the minutes' life ------------------------------------------------------------------------------


def _step_page(request, template: str, context: dict, *, posted_error: bool):
    return render(request, template, context, status=422 if posted_error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def minutes_circulate(request, pk):
    """Send the draft to the board's members for comment: who will be e-mailed, and when comments are due."""
    meeting, minutes = _for_workflow(request, pk)
    form = CirculateForm(
        request.POST if request.method == "POST" else None,
        initial={"comments_by": minutes.comments_by or default_comments_by()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_circulate(user=request.user, minutes=minutes, **form.cleaned_data)
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            told = member_recipients(board=meeting.board, confidential=True)
            text = f"Draft circulated: {len(told.told)} member{'s' if len(told.told) != 1 else ''} e-mailed a link."
            if told.not_told:
                text += f" {len(told.not_told)} without an e-mail address were not told."
            messages.success(request, text)
            return redirect("meetings:minutes_detail", pk=meeting.pk)
    context = _common(
        meeting,
        minutes,
        form=form,
        recipients=member_recipients(board=meeting.board, confidential=True),
        not_held=meeting.status != MeetingStatus.HELD,
    )
    return _step_page(request, "meetings/minutes/circulate.html", context, posted_error=request.method == "POST")


def _confirm_step(request, meeting, minutes, *, template: str, act, done: str, **extra):
    """A step with nothing to fill in: the page says what will happen; the POST takes the step (``act()``)
    and returns to the minutes, or shows the service's reason on the same page."""
    error = ""
    if request.method == "POST":
        try:
            act()
        except ValidationError as e:
            error = " ".join(e.messages)
        else:
            messages.success(request, done() if callable(done) else done)
            return redirect("meetings:minutes_detail", pk=meeting.pk)
    context = _common(meeting, minutes, error=error, **extra)
    return _step_page(request, template, context, posted_error=bool(error))


@login_required
@require_http_methods(["GET", "POST"])
def notes_final(request, pk):
    """An informal session's notes: made final by the coordinator, with no approval."""
    meeting, minutes = _for_workflow(request, pk)
    return _confirm_step(
        request,
        meeting,
        minutes,
        template="meetings/minutes/notes_final.html",
        act=lambda: services.notes_make_final(user=request.user, minutes=minutes),
        done="The notes are final. Their PDF is being prepared.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def minutes_confirm(request, pk):
    """Record that a later meeting confirmed the minutes as a correct record, and who presided there."""
    meeting, minutes = _for_workflow(request, pk)
    candidates = later_meetings(meeting)
    data = request.POST if request.method == "POST" else request.GET
    chosen = data.get("at_meeting", "")
    at_meeting = candidates.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    at_meeting = at_meeting or candidates.first()
    choices = services.presiding_choices(minutes, at_meeting) if at_meeting is not None else []
    form = ConfirmForm(
        request.POST if request.method == "POST" else None, meeting=meeting, at_meeting=at_meeting, choices=choices
    )
    if request.method == "POST" and form.is_valid():
        person, role = form.person_and_role()
        try:
            confirmed = services.minutes_confirm(
                user=request.user,
                minutes=minutes,
                at_meeting=form.cleaned_data["at_meeting"],
                presiding=person,
                presiding_role=role,
            )
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(
                request,
                f"Confirmed as a correct record at the meeting of {confirmed.confirmed_at_meeting.date:%-d %B %Y}. "
                f"{person.full_name} signs them: the minutes page asks them to when they sign in.",
            )
            return redirect("meetings:minutes_detail", pk=meeting.pk)
    upcoming = (
        Meeting.objects.filter(board_id=meeting.board_id, date__gt=meeting.date)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("date", "start_time")
        .first()
    )
    context = _common(meeting, minutes, form=form, at_meeting=at_meeting, upcoming=upcoming)
    return _step_page(request, "meetings/minutes/confirm.html", context, posted_error=request.method == "POST")


@login_required
@require_http_methods(["GET", "POST"])
def minutes_sign_off(request, pk):
    """The person who presided at the confirming meeting signs the minutes, confirming who they are with
    their password (and code). Anyone else who reads the minutes is told who is to sign."""
    meeting = _meeting(pk)
    minutes = _minutes_of(meeting)
    if minutes is None:
        raise Http404("These minutes are not begun.")
    user = request.user
    if not user.has_perm("meetings.view_minutes", minutes):
        return _refuse(request)
    may_sign = user.has_perm("meetings.sign_off_minutes", minutes)
    if request.method == "POST" and not may_sign:
        raise PermissionDenied
    form = None
    if may_sign:
        form = SignOffForm(request.POST if request.method == "POST" else None, two_factor=two_factor.is_enabled(user))
    if request.method == "POST" and form.is_valid():
        if not throttle.take("minutes-sign-off", str(user.pk), limit=SIGN_OFF_ATTEMPTS, window=SIGN_OFF_WINDOW):
            form.add_error(None, "Too many wrong passwords: wait a quarter of an hour, then try again.")
        else:
            try:
                services.minutes_sign_off(
                    user=user,
                    minutes=minutes,
                    password=form.cleaned_data["password"],
                    code=form.cleaned_data.get("code", ""),
                )
            except ValidationError as e:
                apply_validation_error(form, e)
            else:
                messages.success(
                    request,
                    "You have signed the minutes as a correct record. The signed PDF is being prepared: it will "
                    "be on this page in a minute or two.",
                )
                return redirect("meetings:minutes_detail", pk=meeting.pk)
    edition = minutes_edition_for(user, minutes)
    context = _common(
        meeting,
        minutes,
        form=form,
        may_sign=may_sign,
        document_html=document_html(minutes, edition) if may_sign else None,
    )
    return _step_page(request, "meetings/minutes/sign_off.html", context, posted_error=request.method == "POST")


@login_required
@require_http_methods(["GET", "POST"])
def amendment_open(request, pk):
    """Open a recorded correction of signed minutes."""
    meeting, minutes = _for_workflow(request, pk)
    form = AmendmentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            amendment = services.minutes_amendment_open(user=request.user, minutes=minutes, **form.cleaned_data)
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(
                request,
                f"Amendment {amendment.number} opened: correct the minutes, then send them to be signed again. "
                "The version signed before is kept.",
            )
            return redirect("meetings:minutes_detail", pk=meeting.pk)
    context = _common(meeting, minutes, form=form)
    return _step_page(request, "meetings/minutes/amendment_open.html", context, posted_error=request.method == "POST")


@login_required
@require_http_methods(["GET", "POST"])
def amendment_ready(request, pk):
    """The correction is written: the minutes lock again and go to the signer."""
    meeting, minutes = _for_workflow(request, pk)

    def done() -> str:
        signer = minutes.presiding.full_name if minutes.presiding_id else "the person who presided"
        return f"The corrected minutes are locked and waiting for {signer} to sign them."

    return _confirm_step(
        request,
        meeting,
        minutes,
        template="meetings/minutes/amendment_ready.html",
        act=lambda: services.minutes_amendment_ready(user=request.user, minutes=minutes),
        done=done,
        amendment=minutes.amendments.filter(signed_at__isnull=True).order_by("-number").first(),
    )


# The PDFs ------------------------------------------------------------------------------------------------


def _reader_minutes(request, pk) -> tuple[Meeting, Minutes, str]:
    """The minutes and the edition the reader gets (the sign-in page, 403 or 404 otherwise)."""
    meeting = _meeting(pk)
    minutes = _minutes_of(meeting)
    if minutes is None:
        raise Http404("These minutes are not begun.")
    edition = minutes_edition_for(request.user, minutes)
    if edition is None or not request.user.has_perm("meetings.view_minutes", minutes):
        raise PermissionDenied
    return meeting, minutes, edition


def _editions_for(edition: str) -> list[str]:
    """The members' edition's reader may have the public one too; a public reader only the public one."""
    return [PackEdition.MEMBERS, PackEdition.PUBLIC] if edition == PackEdition.MEMBERS else [PackEdition.PUBLIC]


def _may_have(request, meeting, minutes, edition, document: MinutesDocument) -> bool:
    """Whether the reader may download ``document``: an edition they read, and, unless they write the
    minutes, a signed version or the document of the minutes as they are now."""
    if document.minutes_id != minutes.pk or document.edition not in _editions_for(edition):
        return False
    if request.user.has_perm("meetings.edit_minutes", meeting) or document.kind == MinutesDocumentKind.SIGNED:
        return True
    current = documents.current_document(minutes, document.edition)
    return current is not None and current.pk == document.pk


@require_GET
def minutes_documents(request, pk):
    """Every PDF of the minutes the reader may have: each signed version (with its SHA-256, signer and date;
    the versions signed before an amendment are kept), and the current draft or notes."""
    meeting = _meeting(pk)
    minutes = _minutes_of(meeting)
    if minutes is None:
        raise Http404("These minutes are not begun.")
    edition = minutes_edition_for(request.user, minutes)
    if edition is None:
        return _refuse(request)
    rows = [
        d
        for d in minutes.documents.select_related("amendment", "signed_by__person").order_by(
            "-version", "edition", "-created_at", "-pk"
        )
        if _may_have(request, meeting, minutes, edition, d)
    ]
    can_edit = request.user.has_perm("meetings.edit_minutes", meeting)
    signed = [d for d in rows if d.kind == MinutesDocumentKind.SIGNED]
    others = [d for d in rows if d.kind != MinutesDocumentKind.SIGNED and (can_edit or d.is_ready)]
    return render(
        request,
        "meetings/minutes/documents.html",
        _common(meeting, minutes, signed=signed, others=others, can_edit=can_edit, edition=edition),
    )


def _document(request, pk, document_pk) -> tuple[Meeting, Minutes, MinutesDocument]:
    """One PDF of the minutes, if the reader may have it (404 if not: whether it exists is not theirs to
    know); ``PermissionDenied`` for someone who reads no edition of these minutes."""
    meeting = _meeting(pk)
    minutes = _minutes_of(meeting)
    if minutes is None:
        raise Http404("These minutes are not begun.")
    edition = minutes_edition_for(request.user, minutes)
    if edition is None:
        raise PermissionDenied
    document = get_object_or_404(MinutesDocument, pk=document_pk, minutes=minutes)
    if not _may_have(request, meeting, minutes, edition, document):
        raise Http404("There is no such document of these minutes for you.")
    return meeting, minutes, document


def _refusing_visitors(view):
    """A visitor refused a PDF is asked to sign in first (someone signed in gets 403)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return _refuse(request)

    return wrapper


@require_GET
@_refusing_visitors
def minutes_document_file(request, pk, document_pk):
    meeting, _minutes, document = _document(request, pk, document_pk)
    if not document.is_ready:
        raise Http404("This PDF is still being prepared.")
    kind = f"signed-v{document.version}" if document.kind == MinutesDocumentKind.SIGNED else document.kind
    name = f"{meeting.board.slug}-minutes-{meeting.date:%Y-%m-%d}-{document.edition}-{kind}.pdf"
    return inline_pdf(document.file, filename=name, missing="The PDF of these minutes is missing from the file store.")


@require_GET
@_refusing_visitors
def minutes_document_status(request, pk, document_pk):
    """Where a PDF has got to: polled by the page while it is being prepared."""
    meeting, minutes, document = _document(request, pk, document_pk)
    building = document.status in (PackStatus.QUEUED, PackStatus.RUNNING)
    state = "building" if building else "ready" if document.is_ready else "failed"
    context = _common(
        meeting,
        minutes,
        pdf={"state": state, "document": document},
        can_edit=request.user.has_perm("meetings.edit_minutes", meeting),
    )
    return render(request, "meetings/minutes/partials/pdf.html", context)


@require_POST
@_refusing_visitors
def minutes_pdf_prepare(request, pk):
    """Ask for the PDF of the reader's edition as the minutes are now (built unless it already is)."""
    meeting, minutes, edition = _reader_minutes(request, pk)
    if minutes.status != MinutesStatus.SIGNED:  # signed minutes have their signed PDF, made at sign-off
        documents.documents_request(minutes=minutes, editions=[edition])
    if request.htmx:
        context = _common(meeting, minutes, pdf=_pdf(minutes, edition))
        return render(request, "meetings/minutes/partials/pdf.html", context)
    messages.info(request, "The PDF is being prepared: it will be here in a minute or two.")
    return redirect("meetings:minutes_detail", pk=meeting.pk)
