"""Tracked actions: the board's action log.

An action is minuted at a meeting (the ``meetings`` app's :class:`~meetings.models.MinutedAction`, which
belongs to the minutes and is frozen with them; this app tracks it from then on: see
:mod:`actions.receivers`) or raised outside a meeting. It carries its owners, when it is due (a date, or
"by the next meeting", which is that meeting's date once there is one), its status with dated updates, and
a RAG rating derived from both unless a coordinator overrides it with a reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core import clock

from .enums import (
    CLOSED_STATUSES,
    RESPONDED_STATUSES,
    ActionSource,
    ActionStatus,
    Rag,
    RecommendationStatus,
    TargetKind,
)


class Action(models.Model):
    board = models.ForeignKey("boards.Board", verbose_name="board", on_delete=models.PROTECT, related_name="actions")
    number = models.PositiveIntegerField("number", editable=False, help_text="The action's number on its board.")
    source = models.CharField("raised", max_length=20, choices=ActionSource.choices, default=ActionSource.OUTSIDE)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name="meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions_raised",
    )
    minute = models.ForeignKey(
        "meetings.Minute",
        verbose_name="minute",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tracked_actions",
    )
    minuted_action = models.OneToOneField(
        "meetings.MinutedAction",
        verbose_name="as minuted",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tracked",
        editable=False,
    )
    text = models.TextField("action")
    priority = models.ForeignKey(
        "boards.Priority",
        verbose_name="priority it serves",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
        help_text="One of the board's business plan priorities.",
    )
    owners = models.ManyToManyField(
        "boards.Person", verbose_name="owners", through="ActionOwner", related_name="tracked_actions"
    )
    due_date = models.DateField("due by", null=True, blank=True)
    due_next_meeting = models.BooleanField("by the next meeting", default=False)
    status = models.CharField("status", max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    status_reason = models.CharField("reason", max_length=500, blank=True)
    rag_override = models.CharField("RAG set by hand", max_length=10, choices=Rag.choices, blank=True)
    rag_override_reason = models.CharField("why the RAG was set by hand", max_length=300, blank=True)
    closed_on = models.DateField("closed on", null=True, blank=True, editable=False)
    closed_at_meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name="closed at the meeting of",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions_closed",
    )
    completion_note = models.TextField("how it was done", blank=True)
    created_at = models.DateTimeField("recorded", default=clock.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    updated_at = models.DateTimeField("last changed", default=clock.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["board", "number"]
        constraints = [
            models.UniqueConstraint(fields=["board", "number"], name="one_action_per_number_per_board"),
            models.CheckConstraint(
                condition=Q(due_date__isnull=True) | Q(due_next_meeting=False),
                name="tracked_action_due_a_date_or_next_meeting",
            ),
            models.CheckConstraint(
                condition=Q(rag_override="") | ~Q(rag_override_reason=""), name="rag_override_has_a_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["board", "status", "due_date"]),
            models.Index(fields=["status", "due_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.text[:80]}"

    def get_absolute_url(self) -> str:
        return reverse("actions:action_detail", args=[self.pk])

    @property
    def activity_scope(self):
        return self.board

    @property
    def reference(self) -> str:
        return f"A{self.number}"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


class ActionOwner(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="owner_rows")
    person = models.ForeignKey("boards.Person", on_delete=models.PROTECT, related_name="action_ownerships")
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["action", "person"], name="each_person_owns_an_action_once")]
        indexes = [models.Index(fields=["person", "action"])]

    def __str__(self) -> str:
        return f"{self.person} owns {self.action.reference}"


class ActionUpdate(models.Model):
    """A dated update on an action: what was done, and any change of status (with its reason)."""

    action = models.ForeignKey(Action, verbose_name="action", on_delete=models.PROTECT, related_name="updates")
    created_at = models.DateTimeField("posted", default=clock.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_person = models.ForeignKey(
        "boards.Person",
        verbose_name="by",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_updates",
        help_text="Who posted it (also for an update sent from a reminder's link, without signing in).",
    )
    text = models.TextField("update", blank=True)
    status_before = models.CharField(max_length=20, choices=ActionStatus.choices, blank=True)
    status_after = models.CharField(max_length=20, choices=ActionStatus.choices, blank=True)
    reason = models.CharField("reason", max_length=500, blank=True)
    evidence = models.FileField("evidence", upload_to="actions/evidence/%Y/%m/", blank=True, max_length=300)
    via_link = models.BooleanField("sent from a reminder's link", default=False)
    at_meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name="at the meeting of",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["action", "created_at", "pk"]

    def __str__(self) -> str:
        return f"Update on {self.action.reference} ({self.created_at:%d %b %Y})"

    @property
    def activity_scope(self):
        return self.action.board

    @property
    def changed_status(self) -> bool:
        return bool(self.status_after) and self.status_after != self.status_before


class ReminderSent(models.Model):
    """One reminder e-mail about one action in one reminder window: what makes the daily job safe to run
    twice and never send the same reminder again."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20)  # "due_soon" or "overdue"
    window = models.CharField(max_length=20, help_text="The due date (due soon) or the week (overdue) it was for.")
    sent_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "kind", "window"], name="one_reminder_per_action_and_window")
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder for {self.action.reference} ({self.window})"


class DigestSent(models.Model):
    """The weekly digest to a board's coordinators, once per board and week."""

    board = models.ForeignKey("boards.Board", on_delete=models.CASCADE, related_name="+")
    week = models.CharField(max_length=10)  # ISO year and week, e.g. 2026-W49
    sent_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["board", "week"], name="one_digest_per_board_and_week")]

    def __str__(self) -> str:
        return f"Digest for board {self.board_id}, {self.week}"


class TrackedRecommendation(models.Model):
    """A committee's recommendation to the executive or a partner, tracked from the resolution to the
    response and its progress. Made from a resolution's numbered recommendations in the minutes (see
    :func:`actions.services.recommendations_track_minutes`) or entered directly. Completed rows stay."""

    board = models.ForeignKey(
        "boards.Board", verbose_name="committee", on_delete=models.PROTECT, related_name="tracked_recommendations"
    )
    number = models.PositiveIntegerField("number", editable=False)
    source = models.OneToOneField(
        "meetings.Recommendation",
        verbose_name="as minuted",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tracked",
        editable=False,
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name="meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations_made",
    )
    minute = models.ForeignKey(
        "meetings.Minute",
        verbose_name="minute",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tracked_recommendations",
    )
    made_on = models.DateField("date of recommendation")
    text = models.TextField("recommendation")
    addressee = models.CharField("addressed to", max_length=300, blank=True)
    target_kind = models.CharField("target", max_length=10, choices=TargetKind.choices, default=TargetKind.TBC)
    target_date = models.DateField(
        "target date", null=True, blank=True, help_text="For a month, any day of it (the first is kept)."
    )
    officer = models.ForeignKey(
        "boards.Person",
        verbose_name="responsible officer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations_responsible",
    )
    officer_text = models.CharField(
        "responsible officer (not in the directory)",
        max_length=300,
        blank=True,
        help_text="e.g. Director of Children's Services",
    )
    response_due = models.DateField(
        "response due", help_text="Two months from the recommendation unless set otherwise."
    )
    response = models.TextField("response", blank=True)
    response_date = models.DateField("response received", null=True, blank=True)
    status = models.CharField(
        "status", max_length=20, choices=RecommendationStatus.choices, default=RecommendationStatus.NOT_YET_DUE
    )
    created_at = models.DateTimeField("recorded", default=clock.now, editable=False)
    updated_at = models.DateTimeField("last changed", default=clock.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["board", "number"]
        constraints = [
            models.UniqueConstraint(fields=["board", "number"], name="one_recommendation_per_number_per_board"),
            models.CheckConstraint(
                condition=Q(target_kind=TargetKind.TBC, target_date__isnull=True)
                | (~Q(target_kind=TargetKind.TBC) & Q(target_date__isnull=False)),
                name="recommendation_target_dated_unless_tbc",
            ),
        ]
        indexes = [models.Index(fields=["board", "status"]), models.Index(fields=["response_due"])]

    def __str__(self) -> str:
        return f"{self.reference}: {self.text[:80]}"

    def get_absolute_url(self) -> str:
        return reverse("actions:recommendation_detail", args=[self.pk])

    @property
    def activity_scope(self):
        return self.board

    @property
    def reference(self) -> str:
        return f"R{self.number}"

    @property
    def target_label(self) -> str:
        if self.target_kind == TargetKind.TBC or self.target_date is None:
            return "TBC"
        if self.target_kind == TargetKind.MONTH:
            return f"{self.target_date:%B %Y}"
        return f"{self.target_date.day} {self.target_date:%B %Y}"

    @property
    def officer_label(self) -> str:
        return self.officer.full_name if self.officer_id else self.officer_text

    @property
    def has_response(self) -> bool:
        return self.status in RESPONDED_STATUSES


class RecommendationUpdate(models.Model):
    """A dated update on a recommendation: progress, a response, a change of status."""

    recommendation = models.ForeignKey(
        TrackedRecommendation, verbose_name="recommendation", on_delete=models.PROTECT, related_name="updates"
    )
    created_at = models.DateTimeField("posted", default=clock.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField("update", blank=True)
    status_before = models.CharField(max_length=20, choices=RecommendationStatus.choices, blank=True)
    status_after = models.CharField(max_length=20, choices=RecommendationStatus.choices, blank=True)

    class Meta:
        ordering = ["recommendation", "created_at", "pk"]

    def __str__(self) -> str:
        return f"Update on {self.recommendation.reference} ({self.created_at:%d %b %Y})"

    @property
    def activity_scope(self):
        return self.recommendation.board


class RecommendationReminderSent(models.Model):
    """A reminder that a response is due, sent once per recommendation and due date."""

    recommendation = models.ForeignKey(TrackedRecommendation, on_delete=models.CASCADE, related_name="reminders")
    window = models.CharField(max_length=20)
    sent_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "window"], name="one_response_reminder_per_window")
        ]

    def __str__(self) -> str:
        return f"Response reminder for {self.recommendation.reference} ({self.window})"
