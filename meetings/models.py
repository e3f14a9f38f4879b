"""Venues, meetings, agenda items, leads, papers, the work programme, calendar feeds and pack builds."""

from __future__ import annotations

import datetime
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from boards.models import Board, Person
from core import clock

from .enums import (
    INFORMAL_KINDS,
    KIND_PHRASES,
    STANDING_IN,
    AttendanceStatus,
    ExemptParagraph,
    InterestType,
    ItemFor,
    MeetingKind,
    MeetingStatus,
    PackEdition,
    PackStatus,
    PaperKind,
    PaperStatus,
    PlannedFor,
    Standing,
    StandInKind,
)
from .visibility import AgendaItemQuerySet, MeetingQuerySet, PackBuildQuerySet, PaperQuerySet


class Venue(models.Model):
    board = models.ForeignKey(Board, verbose_name="board", on_delete=models.PROTECT, related_name="venues")
    room = models.CharField("room", max_length=200, blank=True)
    building = models.CharField("building", max_length=200)
    address = models.TextField("address", blank=True)
    postcode = models.CharField("postcode", max_length=12, blank=True)
    access_notes = models.TextField("access notes", blank=True, help_text="e.g. Lift available; hearing loop.")

    class Meta:
        ordering = ["building", "room"]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.room, self.building) if part)

    @property
    def activity_scope(self):
        """Whose coordinators read this record's entries in the activity log."""
        return self.board

    @property
    def full_address(self) -> str:
        lines = [self.room, self.building, self.address.replace("\n", ", "), self.postcode]
        return ", ".join(line for line in lines if line)


class Meeting(models.Model):
    board = models.ForeignKey(Board, verbose_name="board", on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField("date")
    start_time = models.TimeField("start time")
    end_time = models.TimeField("end time", null=True, blank=True)
    venue = models.ForeignKey(
        Venue, verbose_name="venue", null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    online_link = models.URLField("online meeting link", blank=True)
    kind = models.CharField("kind", max_length=20, choices=MeetingKind.choices, default=MeetingKind.ORDINARY)
    status = models.CharField("status", max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    status_reason = models.CharField("reason for the status", max_length=300, blank=True)
    contact_officer = models.ForeignKey(
        Person,
        verbose_name="contact officer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings_as_contact",
    )
    pack_issue_date = models.DateField("planned pack issue date", null=True, blank=True)
    uid = models.UUIDField("calendar id", default=uuid.uuid4, unique=True, editable=False)
    series = models.UUIDField("series", null=True, blank=True, editable=False)
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    agenda_version = models.PositiveIntegerField(
        default=0, editable=False, help_text="Bumped by every agenda change: a stale edit is refused."
    )
    agenda_approved_at = models.DateTimeField("agenda approved by the chair", null=True, blank=True, editable=False)
    agenda_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    agenda_published_at = models.DateTimeField("agenda published", null=True, blank=True, editable=False)
    agenda_revision = models.PositiveIntegerField("agenda revision", default=0, editable=False)
    agenda_revision_sent = models.PositiveIntegerField("revision members were last told of", default=0, editable=False)
    register_taken_at = models.DateTimeField("register last saved", null=True, blank=True, editable=False)
    register_taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    quorate = models.BooleanField(
        "quorate",
        null=True,
        blank=True,
        editable=False,
        help_text="As recorded when the register was last saved; blank before then, or when the board sets no quorum.",
    )
    quorum_record = models.JSONField(
        "quorum as recorded",
        default=dict,
        blank=True,
        editable=False,
        help_text="The board's rule and who counted towards it, when the register was last saved (for the minutes).",
    )

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["agenda_version"])

    class Meta:
        ordering = ["date", "start_time"]
        indexes = [models.Index(fields=["board", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__isnull=True) | Q(end_time__gt=models.F("start_time")),
                name="meeting_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.board.display_short_name} – {self.date:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", args=[self.pk])

    @property
    def activity_scope(self):
        """Whose coordinators read this record's entries in the activity log."""
        return self.board

    @property
    def starts_at(self) -> datetime.datetime:
        return datetime.datetime.combine(self.date, self.start_time)

    @property
    def ends_at(self) -> datetime.datetime | None:
        return datetime.datetime.combine(self.date, self.end_time) if self.end_time else None

    @property
    def is_published(self) -> bool:
        return self.agenda_published_at is not None

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def is_informal(self) -> bool:
        """A deep dive, development session or workshop: no formal standing items, notes rather than minutes."""
        return self.kind in INFORMAL_KINDS

    @property
    def kind_phrase(self) -> str:
        """What kind of meeting it is, as an agenda says it: "formal meeting", "informal session (deep dive)"."""
        return KIND_PHRASES.get(self.kind, self.get_kind_display().lower())

    @property
    def place(self) -> str:
        if self.venue_id:
            return self.venue.full_address
        return "Online" if self.online_link else "Venue to be confirmed"


class CurrentManager(models.Manager):
    """The default: rows still on the agenda. Withdrawn items and papers stay in the database (they are part
    of the published record, shown with their reason) but drop out of every page, pack and feed."""

    def get_queryset(self):
        return super().get_queryset().filter(withdrawn_at__isnull=True)


class Withdrawable(models.Model):
    """Once an agenda is published, its items and papers are withdrawn with a reason, never deleted."""

    withdrawn_at = models.DateTimeField("withdrawn", null=True, blank=True, editable=False)
    withdrawn_reason = models.CharField("reason for withdrawal", max_length=300, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        abstract = True

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


#: Standing items that close every agenda, for items saved before standing items carried ``closing``.
CLOSING_STANDING = (Standing.AOB, Standing.FUTURE_DATES)


class AgendaItem(Withdrawable):
    """An agenda item or sub-item (one level). Its number is computed from its position while the agenda
    is a draft; publishing stores it, and only sending the changes to members renumbers (:mod:`.agenda`)."""

    meeting = models.ForeignKey(Meeting, verbose_name="meeting", on_delete=models.PROTECT, related_name="items")
    parent = models.ForeignKey(
        "self", verbose_name="under item", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    position = models.PositiveIntegerField("position", default=0)
    published_number = models.CharField(
        "number as published",
        max_length=20,
        blank=True,
        editable=False,
        help_text="The item's number when the agenda was last sent to members; empty for an item added since.",
    )
    title = models.CharField("title", max_length=300)
    item_for = models.CharField("item for", max_length=20, choices=ItemFor.choices, blank=True)
    intended_outcome = models.TextField("intended outcome", blank=True)
    duration_minutes = models.PositiveSmallIntegerField("time allocated (minutes)", null=True, blank=True)
    verbal_update = models.BooleanField("verbal update", default=False)
    is_heading = models.BooleanField(
        "heading only", default=False, help_text="A heading over sub-items, with no content of its own."
    )
    links = models.TextField("links", blank=True, help_text="One web address per line.")
    confidential = models.BooleanField("confidential (Part II)", default=False)
    exemption_paragraph = models.PositiveSmallIntegerField(
        "paragraph of Schedule 12A",
        choices=ExemptParagraph.choices,
        null=True,
        blank=True,
        help_text="A council committee's Part II item: the paragraph of Part 1 of Schedule 12A to the Local "
        "Government Act 1972 that makes it exempt.",
    )
    exemption_reason = models.CharField(
        "exemption reason",
        max_length=300,
        blank=True,
        help_text="Why it is considered in private, in words, e.g. it identifies a child.",
    )
    standing = models.CharField("standing item", max_length=20, choices=Standing.choices, blank=True)
    closing = models.BooleanField(
        "after the business items",
        default=False,
        help_text="From a standing item placed after the business items: items added later go before it.",
    )
    # A kind registered in meetings.packs.generated by the app that writes it; checked by the item form and
    # the services against the kinds registered when the portal runs, so no fixed choices here.
    generated_kind = models.CharField(
        "generated document",
        max_length=40,
        blank=True,
        help_text="A document the portal writes for this item (e.g. the action log), before its papers.",
    )
    generated_public = models.BooleanField(
        "generated document in the public edition",
        null=True,
        blank=True,
        help_text="Blank: as usual for that kind of document. A Part II item's is never in the public edition.",
    )
    deferred_from = models.ForeignKey(
        Meeting,
        verbose_name="deferred from",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deferred_items",
    )
    uploaders = models.ManyToManyField(
        Person,
        verbose_name="may also upload papers",
        blank=True,
        related_name="upload_items",
    )

    objects = CurrentManager.from_queryset(AgendaItemQuerySet)()
    #: Withdrawn items too: for the record, the history and the site administrator.
    everything = models.Manager.from_queryset(AgendaItemQuerySet)()
    history = HistoricalRecords(excluded_fields=["position"])

    #: What a coordinator edits on an item; its place (meeting, parent, position) changes only by moving it.
    EDITABLE_FIELDS = (
        "title",
        "item_for",
        "intended_outcome",
        "duration_minutes",
        "verbal_update",
        "is_heading",
        "links",
        "confidential",
        "exemption_paragraph",
        "exemption_reason",
        "generated_kind",
        "generated_public",
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(confidential=False) | ~Q(exemption_reason="") | Q(exemption_paragraph__isnull=False),
                name="part_two_item_has_exemption_ground",
            ),
            models.CheckConstraint(
                condition=Q(exemption_paragraph__isnull=True)
                | Q(exemption_paragraph__gte=1, exemption_paragraph__lte=7),
                name="exemption_paragraph_of_schedule_12a",
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="item_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def activity_scope(self):
        """Whose coordinators read this record's entries in the activity log."""
        return self.meeting.board

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    @property
    def generated_kind_label(self) -> str:
        """The name of the generated document the item carries ("Action log"), or "" for none."""
        return _generated_kind_label(self.generated_kind)

    @property
    def closes_agenda(self) -> bool:
        """A standing item that closes the agenda (urgent business, any other business, the date of the next
        meeting): items added later go before it. Items saved before standing items carried ``closing`` are
        known by their kind."""
        return self.closing or self.standing in CLOSING_STANDING


class ItemLead(models.Model):
    """Who leads an item: a person (member or not), an office ("Chair"), or a guest typed in."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="leads")
    position = models.PositiveSmallIntegerField(default=0)
    person = models.ForeignKey(
        Person, verbose_name="person", null=True, blank=True, on_delete=models.PROTECT, related_name="item_leads"
    )
    office = models.CharField("office", max_length=100, blank=True, help_text='e.g. "Chair"')
    guest_name = models.CharField("guest name", max_length=200, blank=True)
    guest_title = models.CharField("guest job title", max_length=200, blank=True)
    guest_organisation = models.CharField("guest organisation", max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(person__isnull=True, office="", guest_name=""), name="lead_names_someone"
            )
        ]

    def __str__(self) -> str:
        if self.person_id:
            parts = [self.person.full_name, self.person.job_title]
            if self.person.organisation_id:
                parts.append(self.person.organisation.short_name or self.person.organisation.name)
            return ", ".join(p for p in parts if p)
        if self.office:
            return self.office
        return ", ".join(p for p in (self.guest_name, self.guest_title, self.guest_organisation) if p)

    @property
    def activity_scope(self):
        """Whose coordinators read this record's entries in the activity log."""
        return self.item.meeting.board


def paper_upload_to(paper: Paper, filename: str) -> str:
    return f"papers/{paper.item.meeting_id}/{uuid.uuid4().hex}.pdf"


def original_upload_to(paper: Paper, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"papers/{paper.item.meeting_id}/originals/{uuid.uuid4().hex}.{suffix}"


class Paper(Withdrawable):
    """A paper for an agenda item: always held as a PDF (converted when uploaded as Word, ODT or Excel).

    A PDF is checked and cleaned as it is uploaded and is *ready* at once. An office document is stored as
    sent and is *converting* until a task has turned it into a PDF; then it is *ready*, or *refused* with
    the reason. Only ready papers are read, listed or packed (:mod:`meetings.visibility`). A new version of
    a paper that needs converting is a row of its own that ``replaces`` the paper: once ready it takes the
    paper's place, so a refused new version leaves the old one as it was.
    """

    item = models.ForeignKey(AgendaItem, verbose_name="item", on_delete=models.PROTECT, related_name="papers")
    position = models.PositiveSmallIntegerField(default=0)
    # Every paper was labelled an appendix before papers had kinds: one nobody has said otherwise of still is.
    kind = models.CharField("kind of paper", max_length=20, choices=PaperKind.choices, default=PaperKind.APPENDIX)
    title = models.CharField(
        "title",
        max_length=300,
        help_text="The paper's own title: its label (e.g. “Appendix 6(a)”) is added by the portal.",
    )
    author = models.CharField("author", max_length=200, blank=True)
    author_organisation = models.CharField("author's organisation", max_length=200, blank=True)
    file = models.FileField("PDF", upload_to=paper_upload_to, max_length=300, blank=True)
    original_file = models.FileField("original file", upload_to=original_upload_to, blank=True, max_length=300)
    original_name = models.CharField("file name", max_length=300)
    page_count = models.PositiveIntegerField("pages", default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField("size in bytes", default=0)
    status = models.CharField("status", max_length=12, choices=PaperStatus.choices, default=PaperStatus.READY)
    refusal_reason = models.TextField("why it was refused", blank=True)
    removed_content = models.TextField(
        "removed when uploaded", blank=True, help_text="Active content taken out of the file for safety."
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name="new version of",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="pending_versions",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="papers_uploaded"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = CurrentManager.from_queryset(PaperQuerySet)()
    everything = models.Manager.from_queryset(PaperQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(status=PaperStatus.READY) | ~Q(file=""), name="ready_paper_has_a_pdf"),
            models.CheckConstraint(
                condition=~Q(status=PaperStatus.REFUSED) | ~Q(refusal_reason=""), name="refused_paper_says_why"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def activity_scope(self):
        """Whose coordinators read this record's entries in the activity log."""
        return self.item.meeting.board

    @property
    def is_ready(self) -> bool:
        return self.status == PaperStatus.READY

    @property
    def is_converting(self) -> bool:
        return self.status == PaperStatus.CONVERTING


class AgendaTemplateItem(models.Model):
    """A board's standing item, inserted into each new meeting's agenda."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="agenda_template")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField("title", max_length=300)
    item_for = models.CharField("item for", max_length=20, choices=ItemFor.choices, blank=True)
    intended_outcome = models.TextField("intended outcome", blank=True)
    duration_minutes = models.PositiveSmallIntegerField("time allocated (minutes)", null=True, blank=True)
    lead_office = models.CharField("led by (office)", max_length=100, blank=True, default="Chair")
    standing = models.CharField("standing item", max_length=20, choices=Standing.choices, blank=True)
    generated_kind = models.CharField(
        "generated document", max_length=40, blank=True, help_text="Given to the item on each new agenda."
    )
    at_end = models.BooleanField("after the business items", default=False)

    class Meta:
        ordering = ["at_end", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def activity_scope(self):
        """Whose coordinators read this record's entries in the activity log."""
        return self.board

    @property
    def generated_kind_label(self) -> str:
        return _generated_kind_label(self.generated_kind)


def _generated_kind_label(key: str) -> str:
    from .packs.generated import generated_kind

    kind = generated_kind(key)
    return kind.label if kind else key


def quarter_label(start: datetime.date) -> str:
    """A quarter of the financial year (April to March): "Q1 2026/27 (April to June 2026)"."""
    year = start.year if start.month >= 4 else start.year - 1
    number = (start.month - 4) % 12 // 3 + 1
    end = start.replace(month=start.month + 2)  # a quarter starts in January, April, July or October
    return f"Q{number} {year}/{(year + 1) % 100:02d} ({start:%B} to {end:%B %Y})"


class WorkProgrammeEntry(models.Model):
    """A topic planned for a future meeting, a month, a quarter or "to be confirmed" (none of them), pulled
    into an agenda when its time comes."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="work_programme")
    meeting = models.ForeignKey(
        Meeting,
        verbose_name="planned meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="planned_topics",
    )
    month = models.DateField("planned month", null=True, blank=True, help_text="Held as the month's first day.")
    quarter = models.DateField(
        "planned quarter",
        null=True,
        blank=True,
        help_text="Held as the quarter's first day: 1 April, 1 July, 1 October or 1 January.",
    )
    topic = models.CharField("topic", max_length=300)
    description = models.TextField("description", blank=True)
    lead = models.CharField("lead", max_length=200, blank=True)
    agenda_item = models.OneToOneField(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="work_programme_entry"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        # As the work programme lists them: by meeting, then by month, by quarter, and to be confirmed last.
        ordering = [
            models.F("meeting__date").asc(nulls_last=True),
            models.F("month").asc(nulls_last=True),
            models.F("quarter").asc(nulls_last=True),
            "created_at",
            "pk",
        ]
        verbose_name_plural = "work programme entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting__isnull=True, month__isnull=True)
                | Q(meeting__isnull=True, quarter__isnull=True)
                | Q(month__isnull=True, quarter__isnull=True),
                name="work_programme_planned_for_one_time",
            ),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__day=1), name="work_programme_month_is_its_first_day"
            ),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__day=1, quarter__month__in=[1, 4, 7, 10]),
                name="work_programme_quarter_is_its_first_day",
            ),
        ]

    def __str__(self) -> str:
        return self.topic

    @property
    def activity_scope(self):
        """Whose coordinators read this record's entries in the activity log."""
        return self.board

    @property
    def planned_for(self) -> str:
        """Which of :class:`~meetings.enums.PlannedFor` the topic is planned for."""
        if self.meeting_id:
            return PlannedFor.MEETING
        if self.month:
            return PlannedFor.MONTH
        return PlannedFor.QUARTER if self.quarter else PlannedFor.TBC

    @property
    def when(self) -> str:
        """When the topic is planned for: 12 March 2026, March 2026, Q1 2026/27 (April to June 2026), or
        To be confirmed."""
        if self.meeting_id:
            return f"{self.meeting.date.day} {self.meeting.date:%B %Y}"
        if self.month:
            return f"{self.month:%B %Y}"
        return quarter_label(self.quarter) if self.quarter else PlannedFor.TBC.label


class AgendaRevision(models.Model):
    """A numbered change to an agenda after it was published."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    summary = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="one_revision_number_per_meeting")]

    def __str__(self) -> str:
        return f"Revision {self.number}"

    @property
    def activity_scope(self):
        """Whose coordinators read this record's entries in the activity log."""
        return self.meeting.board


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A person's secret calendar address. Resetting it makes the old address stop working."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Calendar for {self.person}"


def pack_upload_to(build: PackBuild, filename: str) -> str:
    return f"packs/{build.meeting_id}/{build.edition}-v{build.number}-{uuid.uuid4().hex[:8]}.pdf"


class PackBuild(models.Model):
    """One built (or attempted) version of a meeting's pack in one edition."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="pack_builds")
    edition = models.CharField(max_length=10, choices=PackEdition.choices)
    number = models.PositiveIntegerField(
        "version", null=True, blank=True, help_text="Given when a build produces a new pack; none for attempts."
    )
    status = models.CharField(max_length=10, choices=PackStatus.choices, default=PackStatus.QUEUED)
    stage = models.CharField(max_length=60, blank=True)
    percent = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    file = models.FileField(upload_to=pack_upload_to, blank=True, max_length=300)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(
        "last heard of",
        null=True,
        blank=True,
        help_text="When the build was queued or last reported progress: one silent for too long has stopped.",
    )
    attempts = models.PositiveSmallIntegerField(default=0, help_text="How many times a worker has started it.")
    finished_at = models.DateTimeField(null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    is_supplement = models.BooleanField(default=False)
    changes = models.TextField("what changed", blank=True)
    manifest = models.JSONField(
        "contents", default=dict, blank=True, help_text="Items, papers (with their SHA-256) and page ranges."
    )
    withdrawn_at = models.DateTimeField("withdrawn", null=True, blank=True)
    withdrawn_reason = models.TextField("why it was withdrawn", blank=True)

    objects = PackBuildQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "edition", "-number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "edition", "number"], name="one_pack_version_number")]

    def __str__(self) -> str:
        if self.number is None:
            return f"{self.get_edition_display()} ({self.get_status_display().lower()})"
        return f"{self.get_edition_display()} v{self.number}"

    @property
    def activity_scope(self):
        """Whose coordinators read this record's entries in the activity log."""
        return self.meeting.board


class StandIn(models.Model):
    """Someone named to attend one meeting in a member's place: the member's deputy, or a substitute "for
    this meeting only". From being named until the meeting is held they read its members' papers."""

    meeting = models.ForeignKey(Meeting, verbose_name="meeting", on_delete=models.PROTECT, related_name="stand_ins")
    person = models.ForeignKey(Person, verbose_name="attending", on_delete=models.PROTECT, related_name="stand_ins")
    in_place_of = models.ForeignKey(
        "boards.Membership", verbose_name="in place of", on_delete=models.PROTECT, related_name="stand_ins"
    )
    kind = models.CharField("as", max_length=20, choices=StandInKind.choices, default=StandInKind.DEPUTY)
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    named_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "named_at"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "in_place_of"], name="one_stand_in_per_seat_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_kind_display().lower()} for {self.in_place_of.person})"

    @property
    def activity_scope(self):
        """Whose coordinators read this record's entries in the activity log."""
        return self.meeting.board


# The register, apologies and declarations of interest ---------------------------------------------------


class Attendance(models.Model):
    """One person in a meeting's register: a member (present, apologies or absent), someone attending in a
    member's place (their deputy, or a substitute for this meeting only), or an officer, guest or presenter
    in attendance. Role, organisation and vote are copied as they were that day, never linked live: the
    register reads as the minutes printed it, whatever people's jobs are now."""

    meeting = models.ForeignKey(Meeting, verbose_name="meeting", on_delete=models.PROTECT, related_name="attendance")
    person = models.ForeignKey(Person, verbose_name="person", on_delete=models.PROTECT, related_name="attendance")
    seat = models.ForeignKey(
        "boards.Membership",
        verbose_name="their seat",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendance",
        help_text="The person's own seat on the board that day, if they had one.",
    )
    status = models.CharField("status", max_length=20, choices=AttendanceStatus.choices)
    for_member = models.ForeignKey(
        "boards.Membership",
        verbose_name="in place of",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stood_in_for",
        help_text="The member whose seat a deputy or substitute filled.",
    )
    role = models.CharField("role", max_length=200, blank=True, help_text="As it was that day.")
    organisation = models.CharField("organisation", max_length=200, blank=True, help_text="As it was that day.")
    voting = models.BooleanField("voting", default=False)
    is_chair = models.BooleanField("in the chair", default=False)
    arrived_at_item = models.ForeignKey(
        AgendaItem,
        verbose_name="arrived during item",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    left_at_item = models.ForeignKey(
        AgendaItem,
        verbose_name="left during item",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField("note", max_length=300, blank=True)
    recorded_at = models.DateTimeField("recorded", default=clock.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "-is_chair", "person__last_name", "person__first_name", "pk"]
        verbose_name = "register entry"
        verbose_name_plural = "register entries"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_register_entry_per_person"),
            models.UniqueConstraint(
                fields=["meeting", "for_member"],
                condition=Q(for_member__isnull=False),
                name="one_person_in_each_members_place",
            ),
            models.UniqueConstraint(fields=["meeting"], condition=Q(is_chair=True), name="one_chair_per_meeting"),
            models.CheckConstraint(
                condition=(Q(status__in=STANDING_IN) & Q(for_member__isnull=False))
                | (~Q(status__in=STANDING_IN) & Q(for_member__isnull=True)),
                name="deputy_or_substitute_names_the_seat",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.status_label}"

    @property
    def activity_scope(self):
        """Whose coordinators read this record's entries in the activity log."""
        return self.meeting.board

    @property
    def status_label(self) -> str:
        if self.status in STANDING_IN and self.for_member_id:
            kind = "deputy" if self.status == AttendanceStatus.DEPUTY else "substitute"
            return f"{kind} for {self.for_member.person}"
        return self.get_status_display()


class Apology(models.Model):
    """Apologies a member sends before a meeting. A deputy they name with them is a :class:`StandIn` for
    the seat (so the deputy reads the meeting's papers until it is held). Withdrawn apologies are kept, with
    the time; the register starts from the apologies in force."""

    meeting = models.ForeignKey(Meeting, verbose_name="meeting", on_delete=models.PROTECT, related_name="apologies")
    seat = models.ForeignKey(
        "boards.Membership", verbose_name="member", on_delete=models.PROTECT, related_name="apologies"
    )
    message = models.CharField("message to the coordinator", max_length=500, blank=True)
    sent_at = models.DateTimeField("sent", default=clock.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField("withdrawn", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "sent_at", "pk"]
        verbose_name_plural = "apologies"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "seat"], condition=Q(withdrawn_at__isnull=True), name="one_apology_in_force_per_seat"
            )
        ]

    def __str__(self) -> str:
        return f"Apologies from {self.seat.person}"

    @property
    def activity_scope(self):
        """Whose coordinators read this record's entries in the activity log."""
        return self.meeting.board


class RegisteredInterest(models.Model):
    """An entry in a person's register of interests: what it is, of which type, and from when to when.
    Ended with a date, never deleted."""

    person = models.ForeignKey(
        Person, verbose_name="person", on_delete=models.PROTECT, related_name="registered_interests"
    )
    interest_type = models.CharField("type", max_length=30, choices=InterestType.choices)
    description = models.TextField("description")
    from_date = models.DateField("from")
    to_date = models.DateField("until", null=True, blank=True)
    created_at = models.DateTimeField("registered", default=clock.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "-from_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_date__isnull=True) | Q(to_date__gte=models.F("from_date")),
                name="interest_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_interest_type_display()}: {self.description[:80]}"

    def is_current(self, on: datetime.date) -> bool:
        return self.from_date <= on and (self.to_date is None or self.to_date >= on)


class Declaration(models.Model):
    """An interest declared at a meeting against an agenda item, and whether the person left the room."""

    meeting = models.ForeignKey(Meeting, verbose_name="meeting", on_delete=models.PROTECT, related_name="declarations")
    item = models.ForeignKey(AgendaItem, verbose_name="item", on_delete=models.PROTECT, related_name="declarations")
    person = models.ForeignKey(Person, verbose_name="person", on_delete=models.PROTECT, related_name="declarations")
    interest_type = models.CharField("type of interest", max_length=30, choices=InterestType.choices)
    description = models.CharField("the interest", max_length=500)
    left_room = models.BooleanField("left the room for the item", default=False)
    registered_interest = models.ForeignKey(
        RegisteredInterest,
        verbose_name="entry in their register of interests",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="declarations",
    )
    recorded_at = models.DateTimeField("recorded", default=clock.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "item__position", "person__last_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "person", "interest_type"], name="one_declaration_per_interest")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_interest_type_display().lower()} in “{self.item}”"

    @property
    def activity_scope(self):
        """Whose coordinators read this record's entries in the activity log."""
        return self.meeting.board


# The minutes' models live beside the services that write them (meetings/minutes/).
from .minutes.models import (  # noqa: E402, F401
    Decision,
    Minute,
    MinutedAction,
    MinutedActionOwner,
    Minutes,
    MinutesAmendment,
    MinutesComment,
    MinutesDocument,
    MinutesLocked,
    Recommendation,
)
