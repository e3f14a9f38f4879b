"""The recommendation tracker: a committee's recommendations to the executive and its partners, from the
resolution that made them to the response and its progress.

- Each numbered recommendation of a resolution in the minutes ("Resolved: That ... (i) ... (ii) ...") is
  tracked by :func:`recommendations_track_minutes`, which the ``minutes_saved`` signal calls (as minuted
  actions are): while the minutes are a draft, the tracked row follows their text and addressee.
- Coordinators also enter recommendations directly, set targets (a date, a month or "TBC") and the
  responsible officer (someone in the directory, or words), and record responses and progress; every
  change of status is a dated update. Completed rows stay in the table.
- The executive's response is due within two months of the recommendation unless the coordinator sets
  another date; a daily job reminds the committee's coordinators (and a responsible officer with an
  address) as that date comes and weekly once it has passed.
"""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Prefetch, Q, QuerySet

from boards.enums import Role
from boards.models import Board, Membership, Person
from core import clock
from core.activity import log_action
from core.locks import lock_row, locked
from core.mail import queue_email_on_commit
from core.permissions import SYSTEM, require_permission

from .enums import RESPONDED_STATUSES, RecommendationStatus, TargetKind
from .models import RecommendationReminderSent, RecommendationUpdate, TrackedRecommendation
from .reminders import _address, _week

#: The executive responds to an overview and scrutiny report within two months.
RESPONSE_MONTHS = 2
#: Coordinators are reminded this many days before a response is due.
REMIND_DAYS_BEFORE = 14


def response_due_for(made_on: datetime.date) -> datetime.date:
    return made_on + relativedelta(months=RESPONSE_MONTHS)


def _next_number(board: Board) -> int:
    lock_row(Board, board.pk)
    top = TrackedRecommendation.objects.filter(board=board).aggregate(top=Max("number"))["top"]
    return (top or 0) + 1


def _clean_target(kind: str, day: datetime.date | None) -> tuple[str, datetime.date | None]:
    if kind not in TargetKind.values:
        raise ValidationError({"target_kind": "Choose a date, a month, or “to be confirmed”."})
    if kind == TargetKind.TBC:
        return kind, None
    if day is None:
        raise ValidationError({"target_date": "Give the target date (for a month, any day in it)."})
    return kind, day.replace(day=1) if kind == TargetKind.MONTH else day


# From the minutes -----------------------------------------------------------------------------------------


@transaction.atomic
def recommendations_track_minutes(*, minutes) -> list[TrackedRecommendation]:
    """Track every numbered recommendation in ``minutes``' resolutions; follow the draft's wording while it
    can change; drop those taken out of the draft (unless someone has recorded progress on them)."""
    from meetings.models import Recommendation

    meeting = minutes.meeting
    board = meeting.board
    made = list(
        Recommendation.objects.filter(decision__minute__minutes=minutes)
        .select_related("decision__minute")
        .order_by("decision__minute__position", "decision__position", "position", "pk")
    )
    tracked = {r.source_id: r for r in TrackedRecommendation.objects.filter(source__in=[m.pk for m in made])}
    out = []
    for source in made:
        addressee = source.addressee or source.decision.addressee
        row = tracked.get(source.pk)
        if row is None:
            row = TrackedRecommendation.objects.create(
                board=board,
                number=_next_number(board),
                source=source,
                meeting=meeting,
                minute=source.decision.minute,
                made_on=meeting.date,
                text=source.text,
                addressee=addressee,
                response_due=response_due_for(meeting.date),
            )
            log_action("actions.recommendation.minuted", actor=SYSTEM, obj=row, data={"minute": row.minute.number})
        elif minutes.is_editable and not row.updates.exists():
            changed = [f for f, v in (("text", source.text), ("addressee", addressee)) if getattr(row, f) != v]
            if changed:
                row.text, row.addressee = source.text, addressee
                row.updated_at = clock.now()
                row.save(update_fields=[*changed, "updated_at"])
        out.append(row)
    gone = TrackedRecommendation.objects.filter(meeting=meeting, source__isnull=True, minute__minutes=minutes)
    for row in gone:
        if not row.updates.exists():
            log_action("actions.recommendation.dropped", actor=SYSTEM, obj=row, data={"text": row.text[:200]})
            row.delete()
    return out


# Entered and kept by coordinators --------------------------------------------------------------------------


def _clean_officer(officer: Person | None, officer_text: str) -> tuple[Person | None, str]:
    officer_text = (officer_text or "").strip()
    if officer is not None and officer_text:
        raise ValidationError({"officer_text": "Choose someone from the directory, or type a name, not both."})
    return officer, officer_text


@transaction.atomic
def recommendation_create(
    *,
    user,
    board: Board,
    text: str,
    made_on: datetime.date,
    addressee: str = "",
    target_kind: str = TargetKind.TBC,
    target_date: datetime.date | None = None,
    officer: Person | None = None,
    officer_text: str = "",
    response_due: datetime.date | None = None,
    meeting=None,
) -> TrackedRecommendation:
    """Enter a recommendation directly (one made before the portal, or outside the minutes)."""
    require_permission(user, "actions.manage_action", board)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Write the recommendation."})
    target_kind, target_date = _clean_target(target_kind, target_date)
    officer, officer_text = _clean_officer(officer, officer_text)
    if meeting is not None and meeting.board_id != board.pk:
        raise ValidationError({"meeting": "That meeting is another board's."})
    row = TrackedRecommendation.objects.create(
        board=board,
        number=_next_number(board),
        meeting=meeting,
        made_on=made_on,
        text=text,
        addressee=addressee.strip(),
        target_kind=target_kind,
        target_date=target_date,
        officer=officer,
        officer_text=officer_text,
        response_due=response_due or response_due_for(made_on),
    )
    log_action("actions.recommendation.entered", actor=user, obj=row, data={"text": text[:200]})
    return row


@transaction.atomic
def recommendation_edit(
    *,
    user,
    recommendation: TrackedRecommendation,
    addressee: str,
    target_kind: str,
    target_date: datetime.date | None,
    officer: Person | None,
    officer_text: str,
    response_due: datetime.date,
) -> TrackedRecommendation:
    """Set the target, the responsible officer, the addressee and when the response is due."""
    require_permission(user, "actions.manage_action", recommendation.board)
    row = locked(TrackedRecommendation.objects, pk=recommendation.pk)
    target_kind, target_date = _clean_target(target_kind, target_date)
    officer, officer_text = _clean_officer(officer, officer_text)
    if response_due is None:
        raise ValidationError({"response_due": "Say when the response is due."})
    before = {
        "addressee": row.addressee,
        "target": row.target_label,
        "officer": row.officer_label,
        "response_due": row.response_due,
    }
    row.addressee, row.target_kind, row.target_date = addressee.strip(), target_kind, target_date
    row.officer, row.officer_text, row.response_due = officer, officer_text, response_due
    row.updated_at = clock.now()
    row.save()
    after = {
        "addressee": row.addressee,
        "target": row.target_label,
        "officer": row.officer_label,
        "response_due": row.response_due,
    }
    log_action(
        "actions.recommendation.edited",
        actor=user,
        obj=row,
        data={k: [before[k], after[k]] for k in before if before[k] != after[k]},
    )
    return row


@transaction.atomic
def recommendation_update(
    *,
    user,
    recommendation: TrackedRecommendation,
    text: str = "",
    status: str | None = None,
    response: str | None = None,
    response_date: datetime.date | None = None,
) -> RecommendationUpdate:
    """Record progress, the addressee's response, or a change of status, as a dated update."""
    require_permission(user, "actions.manage_action", recommendation.board)
    row = locked(TrackedRecommendation.objects, pk=recommendation.pk)
    status = status or row.status
    if status not in RecommendationStatus.values:
        raise ValidationError({"status": "Choose a status."})
    text = (text or "").strip()
    response = response.strip() if response is not None else None
    if status in RESPONDED_STATUSES and not (response or row.response):
        raise ValidationError({"response": "Record the response (a summary of what the addressee said)."})
    if (
        status == row.status
        and not text
        and response in (None, row.response)
        and response_date in (None, row.response_date)
    ):
        raise ValidationError({"text": "Write what has happened, record the response, or change the status."})
    update = RecommendationUpdate.objects.create(
        recommendation=row,
        author=user if getattr(user, "pk", None) else None,
        text=text,
        status_before=row.status,
        status_after=status,
    )
    fields = ["status", "updated_at"]
    row.status = status
    row.updated_at = clock.now()
    if response is not None and response != row.response:
        row.response = response
        fields.append("response")
    if status in RESPONDED_STATUSES and row.response_date is None:
        row.response_date = response_date or clock.today()
        fields.append("response_date")
    elif response_date is not None:
        row.response_date = response_date
        fields.append("response_date")
    row.save(update_fields=sorted(set(fields)))
    log_action(
        "actions.recommendation.updated",
        actor=user,
        obj=row,
        data={"status": [update.status_before, update.status_after], "text": text[:200]},
    )
    return update


# Reads -------------------------------------------------------------------------------------------------------


def monitoring_rows(board: Board) -> QuerySet[TrackedRecommendation]:
    """The committee's monitoring table, oldest first (completed rows stay), in a fixed number of queries."""
    latest = RecommendationUpdate.objects.order_by("-created_at", "-pk")
    return (
        TrackedRecommendation.objects.filter(board=board)
        .select_related("meeting", "minute", "officer")
        .prefetch_related(Prefetch("updates", queryset=latest, to_attr="updates_newest_first"))
        .order_by("made_on", "number")
    )


def overdue_q(today: datetime.date | None = None) -> Q:
    """Recommendations whose response is overdue: due before today, and none recorded."""
    return Q(response_due__lt=today or clock.today()) & ~Q(status__in=RESPONDED_STATUSES)


def status_label(row: TrackedRecommendation, *, today: datetime.date | None = None) -> str:
    """The status as the table shows it: a recommendation still "not yet due" whose response date has
    passed reads "Awaiting response (overdue)"."""
    today = today or clock.today()
    if row.status not in RESPONDED_STATUSES and row.response_due < today:
        return f"{RecommendationStatus.AWAITING_RESPONSE.label} (overdue)"
    return row.get_status_display()


def latest_update(row: TrackedRecommendation) -> RecommendationUpdate | None:
    updates = getattr(row, "updates_newest_first", None)
    if updates is None:
        return row.updates.order_by("-created_at", "-pk").first()
    return next((u for u in updates if u.text), None)


# Reminders ----------------------------------------------------------------------------------------------------


def response_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind each committee's coordinators (and a responsible officer with an address) of responses due
    within a fortnight (once per due date) and of overdue ones (weekly). Safe to run twice."""
    from django.urls import reverse

    today = today or clock.today()
    due = (
        TrackedRecommendation.objects.exclude(status__in=RESPONDED_STATUSES)
        .filter(response_due__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE))
        .select_related("board", "officer__user")
        .order_by("board_id", "number")
    )
    sent = 0
    coordinators: dict[int, list[str]] = {}
    for row in due.iterator(chunk_size=500):
        overdue = row.response_due < today
        window = f"overdue-{_week(today)}" if overdue else f"due-{row.response_due.isoformat()}"
        if row.board_id not in coordinators:
            seats = Membership.objects.current().filter(board_id=row.board_id, role=Role.COORDINATOR)
            coordinators[row.board_id] = sorted(
                {_address(seat.person) for seat in seats.select_related("person__user")} - {""}
            )
        to = list(coordinators[row.board_id])
        if row.officer_id and row.officer.email:
            to.append(row.officer.email)
        if not to:
            continue
        with transaction.atomic():
            try:
                with transaction.atomic():
                    RecommendationReminderSent.objects.create(recommendation=row, window=window)
            except IntegrityError:
                continue
            when = f"{row.response_due.day} {row.response_due:%B %Y}"
            lead = (
                f"The response was due by {when} and has not been recorded."
                if overdue
                else f"The response is due by {when}."
            )
            link = settings.SITE_URL.rstrip("/") + reverse("actions:recommendation_detail", args=[row.pk])
            queue_email_on_commit(
                subject=f"{'Overdue response' if overdue else 'Response due'}: {row.board.display_short_name} "
                f"recommendation {row.reference}",
                body=(
                    f"{row.board.name}\n\n{row.reference} (made {row.made_on.day} {row.made_on:%B %Y}), to "
                    f"{row.addressee or 'the addressee'}:\n{row.text}\n\n{lead}\n\nRecord the response:\n{link}\n"
                ),
                to=sorted(set(to)),
            )
            log_action("actions.recommendation.reminded", actor=SYSTEM, obj=row, data={"window": window})
            sent += 1
    return sent


def visible_recommendations_q(user) -> Q:
    """Which tracked recommendations ``user`` reads: a board's seats read its own, except those made under a
    Part II minute, which only readers of Part II read (not observers). Site administrators read all."""
    from meetings.visibility import Visibility, access_for

    access = access_for(user)
    if access.everything:
        return Q()
    q = Q(pk__in=[])
    full = access.boards_at(Visibility.CONFIDENTIAL)
    members_only = access.boards_at(Visibility.MEMBERS)
    if full:
        q |= Q(board_id__in=full)
    if members_only:
        q |= Q(board_id__in=members_only) & ~Q(minute__confidential=True)
    return q
