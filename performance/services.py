"""Writes for performance figures: indicators, figures (observations) and targets.

Every figure goes through :func:`record_observation`, from the data-entry page, a CSV import or the demo
loader: it checks the figure (a status that stands instead of a value has none; a percentage is at most
100%), flags what is implausible (a rate that does not match its numerator and denominator), and never
replaces a value silently: a changed figure becomes the next revision, with who changed it and why kept in
the history. Recording the same figure again changes nothing, so importing a file twice is harmless.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from boards.models import Board
from core import clock
from core.activity import log_action
from core.locks import lock_row
from core.permissions import SYSTEM, require_permission

from . import computation, periods
from .enums import STATUSES_WITHOUT_VALUE, USABLE_STATUSES, ObservationStatus, TargetKind, Unit
from .models import Area, Indicator, Observation, Period, Target

#: The words an indicator's code cannot be: they name pages of their own under the board's performance.
RESERVED_CODES = {"new", "entry", "import", "scorecard"}
#: Fields whose change makes a new revision of a figure.
FIGURE_FIELDS = ("value", "numerator", "denominator", "status", "quality_note")
#: Decimal places figures are stored to (see ``models.VALUE``).
STORED_PLACES = 6


def _user_or_none(user):
    return user if getattr(user, "pk", None) else None


def _stored(value: Decimal | None) -> Decimal | None:
    return None if value is None else computation.rounded(value, STORED_PLACES)


def as_period(indicator: Indicator, period) -> Period:
    """A :class:`Period` row for ``period`` (a row, a key or text such as "Q1 2015/16"), checked to be one
    this indicator reports on."""
    if isinstance(period, str):
        try:
            period = indicator.period_key(period)
        except periods.PeriodError as error:
            raise ValidationError({"period": str(error)}) from error
    key = period.key if isinstance(period, Period) else period
    if not periods.fits(key, indicator.frequency, indicator.basis):
        raise ValidationError(
            {
                "period": f"{key.label} is not a period this indicator reports on: it is reported "
                f"{indicator.get_frequency_display().lower()}."
            }
        )
    return period if isinstance(period, Period) else Period.for_key(key)


def indicator_areas(indicator: Indicator) -> list[Area]:
    """The indicator's own area, then its comparators (local to national)."""
    others = sorted(indicator.comparators.all(), key=lambda a: (a.comparator_order, a.name))
    return [indicator.area, *(a for a in others if a.pk != indicator.area_id)]


def check_figure(
    indicator: Indicator,
    *,
    value: Decimal | None,
    status: str,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
) -> tuple[Decimal | None, list[str]]:
    """The value to store (worked out from the numerator and denominator when only they are given) and the
    figure's implausibilities; raises ValidationError for a figure that cannot be right."""
    if status not in ObservationStatus.values:
        raise ValidationError({"status": f"“{status}” is not a status a figure can have."})
    if status in STATUSES_WITHOUT_VALUE:
        if value is not None:
            raise ValidationError(
                {"value": f"A figure marked “{ObservationStatus(status).label}” has no value: leave it blank."}
            )
        return None, []
    if value is None and numerator is not None and denominator:
        value = computation.worked_out_value(indicator.unit, numerator, denominator)
    if value is None and status in USABLE_STATUSES:
        raise ValidationError({"value": "Enter the figure, or choose a status saying why there is none."})
    if indicator.unit == Unit.PERCENTAGE and value is not None and not (0 <= value <= 100):
        shown = computation.format_number(value, indicator.decimals)
        raise ValidationError({"value": f"{shown}% is not a percentage: a percentage is between 0 and 100."})
    if denominator is not None and denominator <= 0:
        raise ValidationError({"denominator": "The denominator must be more than zero."})
    found = computation.problems(indicator.unit, value, numerator, denominator, indicator.decimals)
    return _stored(value), found


@transaction.atomic
def record_observation(
    *,
    user,
    indicator: Indicator,
    area: Area,
    period,
    value: Decimal | None,
    status: str = ObservationStatus.ACTUAL,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    quality_note: str = "",
    reason: str = "",
    source_import=None,
) -> tuple[Observation, str]:
    """Record one figure; returns the observation and what happened: "created", "revised" or "unchanged".

    A figure that replaces a value already recorded needs a reason (the history keeps the earlier one).
    """
    require_permission(user, "performance.enter_figures", indicator)
    period = as_period(indicator, period)
    if area.pk != indicator.area_id and not indicator.comparators.filter(pk=area.pk).exists():
        raise ValidationError({"area": f"{indicator.code} is not measured or compared for {area}."})
    value, numerator, denominator = (computation.to_decimal(v) for v in (value, numerator, denominator))
    value, found = check_figure(indicator, value=value, status=status, numerator=numerator, denominator=denominator)
    wanted = {
        "value": value,
        "numerator": _stored(numerator),
        "denominator": _stored(denominator),
        "status": status,
        "quality_note": (quality_note or "").strip()[:500],
    }
    existing = Observation.objects.select_for_update().filter(indicator=indicator, area=area, period=period).first()
    now = clock.now()
    actor = _user_or_none(user)
    if existing is None:
        observation = Observation(
            indicator=indicator,
            area=area,
            period=period,
            problems=found,
            entered_by=actor,
            entered_at=now,
            source_import=source_import,
            **wanted,
        )
        observation._change_reason = _history_reason(reason or "First figure")
        observation.save()
        log_action("performance.observation.entered", actor=user, obj=observation, data=_describe(observation))
        return observation, "created"

    if all(_same(getattr(existing, name), wanted[name]) for name in FIGURE_FIELDS):
        return existing, "unchanged"
    reason = (reason or "").strip()
    if existing.value is not None and not _same(existing.value, value) and not reason:
        earlier = f"{existing.value.normalize():f}"
        message = f"Say why the figure for {period} changes from {earlier}: the earlier figure stays in the history."
        raise ValidationError({"reason": message})
    before = _describe(existing)
    for name, new in wanted.items():
        setattr(existing, name, new)
    existing.problems = found
    existing.entered_by = actor
    existing.entered_at = now
    existing.revision += 1
    existing.revision_reason = reason[:300]
    existing.source_import = source_import
    existing._change_reason = _history_reason(reason or "Figure completed")
    existing.save()
    log_action(
        "performance.observation.revised",
        actor=user,
        obj=existing,
        data={"before": before, "after": _describe(existing), "reason": reason},
    )
    return existing, "revised"


#: The history's "why" column (django-simple-history's ``history_change_reason``) holds 100 characters;
#: the full reason is kept on the figure (``revision_reason``, 300) and in the activity log.
HISTORY_REASON_LENGTH = 100


def _history_reason(reason: str) -> str:
    reason = " ".join(reason.split())
    return reason if len(reason) <= HISTORY_REASON_LENGTH else reason[: HISTORY_REASON_LENGTH - 1] + "…"


def _same(old, new) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return (old is None and new is None) or (old is not None and new is not None and Decimal(old) == Decimal(new))
    return (old or "") == (new or "")


def _describe(observation: Observation) -> dict:
    return {
        "indicator": observation.indicator.code,
        "area": str(observation.area),
        "period": str(observation.period),
        "value": None if observation.value is None else f"{observation.value.normalize():f}",
        "status": observation.status,
    }


@transaction.atomic
def set_target(
    *,
    user,
    indicator: Indicator,
    effective_from,
    kind: str,
    value,
    upper=None,
    tolerance=None,
) -> Target:
    """Set the indicator's target from a period on (replacing a target set from that same period)."""
    require_permission(user, "performance.manage_indicator", indicator)
    period = as_period(indicator, effective_from)
    value, upper, tolerance = (computation.to_decimal(v) for v in (value, upper, tolerance))
    if value is None:
        raise ValidationError({"value": "Enter the target."})
    if kind not in TargetKind.values:
        raise ValidationError({"kind": "Choose at least, at most or between."})
    target = Target.objects.filter(indicator=indicator, effective_from=period).first() or Target(
        indicator=indicator, effective_from=period
    )
    target.kind, target.value, target.upper, target.tolerance = kind, value, upper, tolerance or Decimal(0)
    target.set_by, target.set_at = _user_or_none(user), clock.now()
    target.full_clean(exclude=["indicator", "effective_from", "set_by"])
    target.save()
    log_action(
        "performance.target.set",
        actor=user,
        obj=target,
        data={
            "indicator": indicator.code,
            "from": str(period),
            "target": computation.describe_target(target.rule, indicator.unit, indicator.decimals),
        },
    )
    return target


@transaction.atomic
def save_indicator(*, user, indicator: Indicator, comparators=None, priorities=None) -> Indicator:
    """Create or change an indicator (its form has checked its fields)."""
    board: Board = indicator.board
    require_permission(user, "performance.manage_indicator", board)
    creating = indicator.pk is None
    if indicator.code.lower() in RESERVED_CODES:
        raise ValidationError({"code": f"“{indicator.code}” names a page of its own: choose another code."})
    if Indicator.objects.filter(board=board, code__iexact=indicator.code).exclude(pk=indicator.pk).exists():
        raise ValidationError({"code": f"{board.display_short_name} already has an indicator {indicator.code}."})
    indicator.save()
    if comparators is not None:
        indicator.comparators.set([a for a in comparators if a.pk != indicator.area_id])
    if priorities is not None:
        indicator.priorities.set([p for p in priorities if p.board_id == board.pk])
    log_action(
        "performance.indicator.created" if creating else "performance.indicator.edited",
        actor=user,
        obj=indicator,
        data={"code": indicator.code, "name": indicator.name},
    )
    return indicator


# Scorecards -------------------------------------------------------------------------------------------------


def scorecard_snapshot_for(meeting, *, freeze: bool = True):
    """The meeting's frozen scorecard; frozen now (as the system) when there is none yet and the board has
    indicators, which is what building the meeting's first pack does."""
    from .models import ScorecardSnapshot

    def latest():
        return ScorecardSnapshot.objects.filter(meeting=meeting).order_by("-created_at", "-pk").first()

    snapshot = latest()
    if snapshot is None and freeze and Indicator.objects.filter(board_id=meeting.board_id, retired=False).exists():
        with transaction.atomic():
            lock_row(type(meeting), meeting.pk)  # two editions built at once freeze it once
            snapshot = latest() or freeze_scorecard(user=SYSTEM, meeting=meeting)
    return snapshot


@transaction.atomic
def freeze_scorecard(*, user, meeting):
    """Freeze the board's scorecard for ``meeting`` as it stands now (figures for periods ended by the
    meeting's date): what its pack shows from then on. A coordinator refreshes it before the meeting to take
    in figures entered since; the pack then needs building again."""
    from .models import ScorecardSnapshot
    from .scorecards import build_scorecard

    board = meeting.board
    require_permission(user, "performance.manage_indicator", board)
    lock_row(type(meeting), meeting.pk)
    snapshot = ScorecardSnapshot.objects.create(
        meeting=meeting,
        as_at=meeting.date,
        content=build_scorecard(board, as_at=meeting.date),
        public_content=build_scorecard(board, as_at=meeting.date, public=True),
        created_by=_user_or_none(user),
    )
    log_action("performance.scorecard.frozen", actor=user, obj=snapshot, data={"meeting": meeting.date.isoformat()})
    return snapshot


def refresh_scorecard(*, user, meeting):
    """A coordinator's "refresh with the latest figures" (or "freeze now" when the pack has not frozen it
    yet): only before the meeting's day. Once the meeting is held its pack is what the board saw, and the
    scorecard frozen for it stays as it was."""
    require_permission(user, "performance.manage_indicator", meeting.board)
    today = clock.today()
    if today == meeting.date:
        raise ValidationError(
            "The meeting is today: the board has its pack, so the scorecard stays as the pack shows it."
        )
    if today > meeting.date:
        raise ValidationError(
            f"The meeting on {meeting.date:%-d %B %Y} has been held: its scorecard stays as the board saw it "
            "in the pack."
        )
    return freeze_scorecard(user=user, meeting=meeting)
