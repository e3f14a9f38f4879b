"""The minutes of a meeting: numbered minutes (one per agenda item, and any inserted), their decisions with
register numbers and numbered recommendations, minuted actions with their owners, members' comments on the
draft, amendments after sign-off, and the PDF documents built and signed from them.

These models live in the ``meetings`` app (imported at the end of :mod:`meetings.models`). Once the
minutes are confirmed or signed, no door changes them: the services refuse, and the rows below refuse to be
saved or deleted (:meth:`LockedByMinutes.save`), so the admin and any script refuse too. A correction after
sign-off is a recorded :class:`MinutesAmendment` that reopens them for the coordinator and ends with a new
signed version; the documents signed before are kept.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core import clock

from ..enums import (
    MINUTES_APPROVED,
    MINUTES_EDITABLE,
    DecisionWording,
    ExemptParagraph,
    MinutesDocumentKind,
    MinutesStatus,
    MinutesStyle,
    PackEdition,
    PackStatus,
)


class MinutesLocked(ValidationError):
    """Raised on any attempt to change minutes that are confirmed or signed off."""


LOCKED_MESSAGE = (
    "These minutes are {status}: they can no longer be changed. A correction is made as a recorded amendment, "
    "which the chair signs again."
)


class Minutes(models.Model):
    """The minutes (or, for an informal session, the notes) of one meeting."""

    meeting = models.OneToOneField(
        "meetings.Meeting", verbose_name="meeting", on_delete=models.PROTECT, related_name="minutes"
    )
    style = models.CharField("style", max_length=20, choices=MinutesStyle.choices)
    status = models.CharField("status", max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT)
    version = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Bumped when minutes are added or removed: a stale change is refused.",
    )
    created_at = models.DateTimeField("started", default=clock.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    circulated_at = models.DateTimeField("circulated for comment", null=True, blank=True, editable=False)
    circulated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    comments_by = models.DateField("comments by", null=True, blank=True)
    confirmed_at = models.DateTimeField("confirmed", null=True, blank=True, editable=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    confirmed_at_meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name="confirmed at the meeting of",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="minutes_confirmed",
        editable=False,
    )
    presiding = models.ForeignKey(
        "boards.Person",
        verbose_name="presiding at that meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        help_text="Who signs the minutes: the person in the chair at the meeting that confirmed them.",
    )
    presiding_role = models.CharField("presiding as", max_length=100, blank=True, editable=False)
    signed_at = models.DateTimeField("signed off", null=True, blank=True, editable=False)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    signer_name = models.CharField("signed by", max_length=200, blank=True, editable=False)
    signer_role = models.CharField("signed as", max_length=100, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name_plural = "minutes"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=MinutesStatus.SIGNED) | Q(signed_at__isnull=False),
                name="signed_minutes_have_a_signature_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.heading_noun} of {self.meeting}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:minutes_detail", args=[self.meeting_id])

    @property
    def activity_scope(self):
        """Whose coordinators read this record's entries in the activity log."""
        return self.meeting.board

    @property
    def is_notes(self) -> bool:
        """An informal session's notes: no approval, no signature."""
        return self.meeting.is_informal

    @property
    def heading_noun(self) -> str:
        return "Notes" if self.is_notes or self.style == MinutesStyle.PARTNERSHIP else "Minutes"

    @property
    def is_editable(self) -> bool:
        return self.status in MINUTES_EDITABLE

    @property
    def is_approved(self) -> bool:
        return self.status in MINUTES_APPROVED

    @property
    def is_signed(self) -> bool:
        return self.status == MinutesStatus.SIGNED

    @property
    def is_draft_document(self) -> bool:
        """The PDF carries a DRAFT watermark until the board has confirmed the minutes (notes: until final)."""
        return not self.is_approved

    def check_editable(self) -> None:
        if not self.is_editable:
            raise MinutesLocked(LOCKED_MESSAGE.format(status=self.get_status_display().lower()), code="locked")


class LockedByMinutes(models.Model):
    """A row of the minutes' text: it refuses to be saved or deleted once the minutes are confirmed or signed,
    whichever door the change comes through (the services check first and say so in their own words)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._refuse_if_locked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_locked()
        return super().delete(*args, **kwargs)

    def _owning_minutes(self) -> Minutes:
        raise NotImplementedError

    def _refuse_if_locked(self) -> None:
        status = Minutes.objects.filter(pk=self._owning_minutes().pk).values_list("status", flat=True).first()
        if status is not None and status not in MINUTES_EDITABLE:
            raise MinutesLocked(LOCKED_MESSAGE.format(status=MinutesStatus(status).label.lower()), code="locked")


class Minute(LockedByMinutes):
    """One numbered minute: an agenda item's discussion, decisions and actions, or an item inserted on the
    day, or an addendum written after the meeting closed. Its number is stored: once the draft has gone to
    members it never shifts (a council's minutes are numbered through the municipal year)."""

    minutes = models.ForeignKey(Minutes, verbose_name="minutes", on_delete=models.CASCADE, related_name="items")
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name="agenda item",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="minute_entries",
    )
    position = models.PositiveIntegerField("position", default=0)
    level = models.PositiveSmallIntegerField("level", default=0, help_text="1 for a sub-item's minute.")
    number = models.CharField("number", max_length=20, blank=True)
    sequence = models.PositiveIntegerField(
        "minute number in the municipal year", null=True, blank=True, help_text="A council committee's minutes only."
    )
    title = models.CharField("title", max_length=300)
    notes = models.TextField(
        "discussion", blank=True, help_text="Markdown: blank lines between paragraphs, - for a bullet, **bold**."
    )
    inserted = models.BooleanField("inserted on the day", default=False)
    is_addendum = models.BooleanField("addendum after the meeting closed", default=False)
    confidential = models.BooleanField("confidential (Part II)", default=False)
    exemption_paragraph = models.PositiveSmallIntegerField(
        "paragraph of Schedule 12A", choices=ExemptParagraph.choices, null=True, blank=True
    )
    exemption_reason = models.CharField("exemption reason", max_length=300, blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField("last changed", default=clock.now, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    history = HistoricalRecords(excluded_fields=["position", "version"])

    class Meta:
        ordering = ["minutes", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "agenda_item"], condition=Q(agenda_item__isnull=False), name="one_minute_per_item"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return f"{self.minutes.get_absolute_url()}#minute-{self.pk}"

    def _owning_minutes(self) -> Minutes:
        return self.minutes

    @property
    def activity_scope(self):
        return self.minutes.meeting.board

    @property
    def label(self) -> str:
        """How the minute is cited: "Minute 4", "Addendum"."""
        if self.is_addendum and not self.number:
            return "Addendum"
        return f"Minute {self.number}" if self.number else self.title


class Decision(LockedByMinutes):
    """A decision of the board under a minute: "The Board agreed: ..." or "Resolved: That ...", with its
    number in the board's decision register (e.g. CPB/2017/014), stored when it is first written."""

    minute = models.ForeignKey(Minute, verbose_name="minute", on_delete=models.CASCADE, related_name="decisions")
    board = models.ForeignKey(
        "boards.Board", verbose_name="board", on_delete=models.PROTECT, related_name="decisions", editable=False
    )
    position = models.PositiveIntegerField("position", default=0)
    wording = models.CharField("wording", max_length=20, choices=DecisionWording.choices)
    text = models.TextField(
        "decision",
        help_text="e.g. That the minutes of the last meeting be confirmed as a correct record.",
    )
    addressee = models.CharField(
        "addressed to", max_length=300, blank=True, help_text="e.g. the Cabinet Member for Children and Families."
    )
    register_year = models.PositiveSmallIntegerField("register year", editable=False)
    register_sequence = models.PositiveIntegerField("register number", editable=False)
    register_number = models.CharField("decision number", max_length=60, editable=False)
    created_at = models.DateTimeField("recorded", default=clock.now, editable=False)

    history = HistoricalRecords(excluded_fields=["position"])

    class Meta:
        ordering = ["minute", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "register_year", "register_sequence"], name="one_decision_per_register_number"
            ),
        ]
        indexes = [models.Index(fields=["board", "register_year"])]

    def __str__(self) -> str:
        return f"{self.register_number}: {self.text[:80]}"

    def get_absolute_url(self) -> str:
        return f"{self.minute.minutes.get_absolute_url()}#decision-{self.pk}"

    def _owning_minutes(self) -> Minutes:
        return self.minute.minutes

    @property
    def activity_scope(self):
        return self.board


class Recommendation(LockedByMinutes):
    """A numbered recommendation (i, ii, ...) of a resolution, with whom it is addressed to."""

    decision = models.ForeignKey(
        Decision, verbose_name="decision", on_delete=models.CASCADE, related_name="recommendations"
    )
    position = models.PositiveIntegerField("position", default=0)
    text = models.TextField("recommendation")
    addressee = models.CharField("addressed to", max_length=300, blank=True)

    history = HistoricalRecords(excluded_fields=["position"])

    class Meta:
        ordering = ["decision", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def _owning_minutes(self) -> Minutes:
        return self.decision.minute.minutes

    @property
    def activity_scope(self):
        return self.decision.board


class MinutedAction(LockedByMinutes):
    """An action written in the minutes: what, by whom (one or more people: "KT/SA") and by when (a date or
    the next meeting). It belongs to the minutes and is frozen with them; the ``actions`` app tracks it."""

    minute = models.ForeignKey(Minute, verbose_name="minute", on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveIntegerField("position", default=0)
    text = models.TextField("action")
    owners = models.ManyToManyField(
        "boards.Person", verbose_name="action by", through="MinutedActionOwner", related_name="minuted_actions"
    )
    due_date = models.DateField("due by", null=True, blank=True)
    due_next_meeting = models.BooleanField("by the next meeting", default=False)

    history = HistoricalRecords(excluded_fields=["position"])

    class Meta:
        ordering = ["minute", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__isnull=True) | Q(due_next_meeting=False), name="action_due_a_date_or_next_meeting"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def _owning_minutes(self) -> Minutes:
        return self.minute.minutes

    @property
    def activity_scope(self):
        return self.minute.minutes.meeting.board

    @property
    def owner_initials(self) -> str:
        """ "KT/SA": the owners' initials in the order they were named (uses the prefetched owner rows)."""
        rows = sorted(self.owner_rows.all(), key=lambda row: (row.position, row.pk))
        return "/".join(row.person.initials or row.person.last_name for row in rows)

    @property
    def owner_names(self) -> str:
        rows = sorted(self.owner_rows.all(), key=lambda row: (row.position, row.pk))
        return ", ".join(row.person.full_name for row in rows)


class MinutedActionOwner(LockedByMinutes):
    action = models.ForeignKey(MinutedAction, on_delete=models.CASCADE, related_name="owner_rows")
    person = models.ForeignKey("boards.Person", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["action", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["action", "person"], name="each_owner_once_per_action")]

    def __str__(self) -> str:
        return str(self.person)

    def _owning_minutes(self) -> Minutes:
        return self.action.minute.minutes


class MinutesComment(models.Model):
    """A member's comment on the circulated draft, read by the board's coordinators (and its author)."""

    minutes = models.ForeignKey(Minutes, verbose_name="minutes", on_delete=models.CASCADE, related_name="comments")
    minute = models.ForeignKey(
        Minute, verbose_name="on minute", null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("comment")
    created_at = models.DateTimeField("sent", default=clock.now)
    resolved_at = models.DateTimeField("dealt with", null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["minutes", "created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment by {self.author} on {self.minutes}"

    @property
    def activity_scope(self):
        return self.minutes.meeting.board


class MinutesAmendment(models.Model):
    """A correction to signed minutes: why, by whom, and when the corrected version was signed."""

    minutes = models.ForeignKey(Minutes, verbose_name="minutes", on_delete=models.PROTECT, related_name="amendments")
    number = models.PositiveSmallIntegerField("amendment number")
    reason = models.TextField("reason for the correction")
    requested_at = models.DateTimeField("opened", default=clock.now)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField("signed", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["minutes", "number"]
        constraints = [models.UniqueConstraint(fields=["minutes", "number"], name="amendments_numbered_once")]

    def __str__(self) -> str:
        return f"Amendment {self.number} to {self.minutes}"

    @property
    def activity_scope(self):
        return self.minutes.meeting.board


class MinutesDocument(models.Model):
    """A PDF of the minutes: a watermarked draft (rebuilt when the text changes), or a version signed off by
    the chair, with the SHA-256 of the file exactly as signed (``verify_minutes`` recomputes it)."""

    minutes = models.ForeignKey(Minutes, verbose_name="minutes", on_delete=models.PROTECT, related_name="documents")
    edition = models.CharField("edition", max_length=20, choices=PackEdition.choices)
    kind = models.CharField("kind", max_length=20, choices=MinutesDocumentKind.choices)
    version = models.PositiveSmallIntegerField(
        "signed version", default=0, help_text="1 for the minutes as first signed, 2 after the first amendment..."
    )
    amendment = models.ForeignKey(
        MinutesAmendment,
        verbose_name="amendment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    status = models.CharField("status", max_length=20, choices=PackStatus.choices, default=PackStatus.QUEUED)
    error = models.TextField("error", blank=True)
    fingerprint = models.CharField("fingerprint of the text", max_length=64, blank=True)
    file = models.FileField("file", upload_to="minutes/%Y/%m/", blank=True, max_length=300)
    sha256 = models.CharField("SHA-256 of the file as signed", max_length=64, blank=True)
    size = models.PositiveIntegerField("size in bytes", default=0)
    page_count = models.PositiveIntegerField("pages", default=0)
    created_at = models.DateTimeField("requested", default=clock.now)
    built_at = models.DateTimeField("built", null=True, blank=True)
    signed_at = models.DateTimeField("signed", null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signer_name = models.CharField("signed by", max_length=200, blank=True)
    signer_role = models.CharField("signed as", max_length=100, blank=True)
    superseded_at = models.DateTimeField("superseded", null=True, blank=True)

    class Meta:
        ordering = ["minutes", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "edition", "version"],
                condition=Q(kind=MinutesDocumentKind.SIGNED),
                name="one_signed_document_per_edition_and_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.minutes} – {self.get_edition_display()}, {self.get_kind_display().lower()}"

    @property
    def activity_scope(self):
        return self.minutes.meeting.board

    @property
    def is_ready(self) -> bool:
        return self.status == PackStatus.DONE and bool(self.file)
