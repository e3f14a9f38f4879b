"""Bodies, partner organisations, people, memberships and user accounts."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core import clock

from .enums import (
    COUNCIL_KINDS,
    AppendixStyle,
    BoardKind,
    ImportStatus,
    NumberingStyle,
    PriorityRating,
    Role,
    Sector,
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A login. Most people in the portal never have one; a user links to at most one person."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("e-mail address", unique=True)
    person = models.OneToOneField(
        "Person",
        verbose_name="person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return str(self.person) if self.person_id else self.email

    def get_full_name(self) -> str:
        return self.person.full_name if self.person_id else self.email

    def get_short_name(self) -> str:
        return self.person.first_name or self.email if self.person_id else self.email


class Organisation(models.Model):
    """A partner agency: a council, police force, NHS trust, school, charity."""

    name = models.CharField("name", max_length=200, unique=True)
    short_name = models.CharField("short name", max_length=50, blank=True)
    aliases = models.JSONField(
        "also known as",
        default=list,
        blank=True,
        help_text="Other names people use, e.g. LCC for Lancashire County Council.",
    )
    sector = models.CharField("sector", max_length=30, choices=Sector.choices, default=Sector.OTHER)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("boards:organisation_detail", args=[self.pk])


class Person(models.Model):
    """Someone who sits on, reports to or attends a board. A person need not have a login."""

    honorific = models.CharField("title", max_length=30, blank=True, help_text="Cllr, Dr, PC...")
    first_name = models.CharField("first name", max_length=100, blank=True)
    last_name = models.CharField("last name", max_length=100)
    initials = models.CharField(
        "initials",
        max_length=8,
        help_text="Used against actions in minutes (e.g. SA, DMc). Unique within each board.",
    )
    job_title = models.CharField("job title", max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    email = models.EmailField("e-mail address", blank=True)
    phone = models.CharField("phone", max_length=50, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("boards:person_detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.honorific, self.first_name, self.last_name) if part)


class Board(models.Model):
    """Any governing body: partnership board, safeguarding board, scrutiny committee, sub-group..."""

    name = models.CharField("name", max_length=200, unique=True)
    short_name = models.CharField("short name", max_length=30, blank=True)
    slug = models.SlugField("web address", max_length=60, unique=True)
    kind = models.CharField("kind", max_length=30, choices=BoardKind.choices, default=BoardKind.PARTNERSHIP_BOARD)
    parent = models.ForeignKey(
        "self",
        verbose_name="reports to",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    description = models.TextField("public description", blank=True)
    areas_covered = models.CharField("areas covered", max_length=300, blank=True)
    terms_of_reference = models.FileField("terms of reference", upload_to="boards/terms/", blank=True)
    meeting_frequency = models.CharField("meeting frequency", max_length=100, blank=True, help_text="e.g. Quarterly")
    quorum_members = models.PositiveSmallIntegerField("quorum: voting members present", null=True, blank=True)
    quorum_organisations = models.PositiveSmallIntegerField(
        "quorum: from at least this many organisations", null=True, blank=True
    )
    notice_days = models.PositiveSmallIntegerField("notice period (clear working days)", default=5)
    attendance_target = models.PositiveSmallIntegerField(
        "attendance target (%)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="e.g. 80: drawn as a line on the attendance chart. Leave blank for none.",
    )
    numbering_style = models.CharField(
        "sub-item numbering", max_length=10, choices=NumberingStyle.choices, default=NumberingStyle.LETTERS
    )
    appendix_style = models.CharField(
        "appendix labels", max_length=10, choices=AppendixStyle.choices, default=AppendixStyle.BY_ITEM
    )
    duplex = models.BooleanField(
        "print packs double-sided", default=True, help_text="Each item's papers start on an odd page."
    )
    pack_contents_page = models.BooleanField(
        "contents page in packs",
        default=False,
        help_text="A page after the agenda listing every paper with its page number (bookmarks always do).",
    )
    agenda_needs_approval = models.BooleanField(
        "the chair approves each agenda before it is published",
        default=False,
        help_text="When on, an agenda can be published only after the chair has approved it.",
    )
    action_reminder_days = models.PositiveSmallIntegerField(
        "remind action owners this many days before an action is due",
        default=7,
        validators=[MaxValueValidator(60)],
        help_text="Owners are e-mailed once in that window, and weekly while an action is overdue. 0 for no reminders "
        "before the due date.",
    )
    small_number_threshold = models.PositiveSmallIntegerField(
        "suppress counts below this in public",
        default=5,
        validators=[MaxValueValidator(100)],
        help_text="Performance figures counting fewer people than this (but more than none) are left out of the "
        "public edition of packs and pages, so that no child can be identified. 0 to publish every figure.",
    )
    draft_minutes_public = models.BooleanField(
        "publish draft minutes, marked DRAFT",
        default=False,
        help_text="When on, the public reads the Part I draft of each meeting's minutes before the board confirms "
        "them; otherwise only approved minutes are public.",
    )
    require_two_factor = models.BooleanField(
        "require two-factor sign-in for its coordinators and chair",
        default=False,
        help_text="They must set up an authenticator app before they can use the portal.",
    )
    # The front sheet of a council committee's pack (boards.front_sheet): blank for other boards.
    front_sheet_authority = models.CharField(
        "council", max_length=200, blank=True, help_text="Printed at the head of the front sheet."
    )
    front_sheet_notice = models.CharField(
        "notice line",
        max_length=300,
        blank=True,
        help_text="e.g. Notice of Meeting, or You are summoned to attend a meeting of the committee.",
    )
    front_sheet_signatory = models.CharField(
        "signed by", max_length=200, blank=True, help_text="The officer who gives notice of the meeting."
    )
    front_sheet_signatory_title = models.CharField(
        "their title", max_length=200, blank=True, help_text="e.g. Head of Democratic Services."
    )
    front_sheet_enquiries = models.CharField(
        "enquiries to",
        max_length=300,
        blank=True,
        help_text="Name, telephone and e-mail. Left blank, the meeting's contact officer is printed.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("boards:board_detail", args=[self.slug])

    @property
    def activity_scope(self):
        """Whose coordinators read this record's entries in the activity log."""
        return self

    @property
    def is_council_body(self) -> bool:
        """A committee of a council: its pack opens with the council's notice of meeting."""
        return self.kind in COUNCIL_KINDS

    @property
    def display_short_name(self) -> str:
        return self.short_name or self.name

    @property
    def quorum_description(self) -> str:
        if not self.quorum_members:
            return "Not set"
        text = f"{self.quorum_members} voting members"
        if self.quorum_organisations:
            text += f" from at least {self.quorum_organisations} organisations"
        return text


class MembershipQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None) -> MembershipQuerySet:
        return self.on_date(on or clock.today())

    def on_date(self, day: datetime.date) -> MembershipQuerySet:
        return self.filter(Q(start_date__lte=day), Q(end_date__isnull=True) | Q(end_date__gte=day))

    def past(self, on: datetime.date | None = None) -> MembershipQuerySet:
        return self.filter(end_date__lt=on or clock.today())


class Membership(models.Model):
    """A person's seat on a board, for a period. A change of role ends one membership and starts another."""

    person = models.ForeignKey(Person, verbose_name="person", on_delete=models.PROTECT, related_name="memberships")
    board = models.ForeignKey(Board, verbose_name="board", on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisation represented",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField("role", max_length=30, choices=Role.choices, default=Role.MEMBER)
    co_opted_type = models.CharField(
        "co-opted as", max_length=100, blank=True, help_text="e.g. parent governor, diocesan"
    )
    voting = models.BooleanField("voting member", default=True)
    start_date = models.DateField("from")
    end_date = models.DateField("until", null=True, blank=True)
    deputy = models.ForeignKey(
        Person,
        verbose_name="named deputy",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputy_for",
    )

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["board", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_it_starts",
            ),
            models.CheckConstraint(condition=~Q(deputy=models.F("person")), name="membership_deputy_is_someone_else"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}, {self.board.display_short_name}"

    @property
    def activity_scope(self):
        """Whose coordinators read this record's entries in the activity log."""
        return self.board

    @property
    def is_current(self) -> bool:
        today = clock.today()
        return self.start_date <= today and (self.end_date is None or self.end_date >= today)

    @property
    def role_label(self) -> str:
        if self.role == Role.CO_OPTED and self.co_opted_type:
            return f"Co-opted member ({self.co_opted_type})"
        return self.get_role_display()


class InvitationQuerySet(models.QuerySet):
    def open(self) -> InvitationQuerySet:
        """Sent, not yet used or withdrawn (expired ones included: the roster offers to send them again)."""
        return self.filter(accepted_at__isnull=True, withdrawn_at__isnull=True)


class Invitation(models.Model):
    """An offer to a person on a board to sign in: a single-use link e-mailed to the address they have.

    Only a digest of the link's secret is stored. Sending again replaces the secret (the older link stops
    working) and the expiry; the link works only while the person still has the address it went to and no
    login, and only once.
    """

    person = models.ForeignKey(Person, verbose_name="person", on_delete=models.CASCADE, related_name="invitations")
    board = models.ForeignKey(Board, verbose_name="board", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("sent to")
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User, verbose_name="invited by", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("first sent", default=clock.now)
    sent_at = models.DateTimeField("last sent", default=clock.now)
    times_sent = models.PositiveSmallIntegerField("times sent", default=1)
    expires_at = models.DateTimeField("expires")
    accepted_at = models.DateTimeField("used", null=True, blank=True)
    withdrawn_at = models.DateTimeField("withdrawn", null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(accepted_at__isnull=True, withdrawn_at__isnull=True),
                name="one_open_invitation_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.person}"

    @property
    def activity_scope(self):
        return self.board

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= clock.now()

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "used"
        if self.withdrawn_at:
            return "withdrawn"
        return "expired" if self.is_expired else "open"


class MemberImport(models.Model):
    """A member list uploaded for a board: its rows, held for a coordinator to check before anything is saved.

    ``rows`` are the file's rows as :mod:`boards.imports.reader` read them (each with its spreadsheet row
    number and the problems found in it); how each compares with the directory is worked out afresh each
    time, so a preview never shows yesterday's directory. Once imported or discarded, the rows keep names
    and roles but no longer contact details.
    """

    board = models.ForeignKey(Board, verbose_name="board", on_delete=models.PROTECT, related_name="member_imports")
    uploaded_by = models.ForeignKey(
        User,
        verbose_name="uploaded by",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="member_imports",
    )
    created_at = models.DateTimeField("uploaded", default=clock.now)
    file_name = models.CharField("file name", max_length=255)
    file_sha256 = models.CharField("SHA-256 of the file", max_length=64, blank=True)
    rows = models.JSONField("rows", default=list, blank=True)
    ignored_columns = models.JSONField("columns not read", default=list, blank=True)
    notes = models.JSONField("notes on the file", default=list, blank=True)
    status = models.CharField("status", max_length=20, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED)
    imported_at = models.DateTimeField("imported", null=True, blank=True)
    summary = models.JSONField("what the import did", default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "member import"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.board.display_short_name})"

    def get_absolute_url(self) -> str:
        return reverse("boards:member_import_preview", args=[self.board.slug, self.pk])

    @property
    def activity_scope(self):
        """Whose coordinators read this record's entries in the activity log."""
        return self.board


def year_label(year_start: int) -> str:
    """A financial year as boards write it: 2015 -> "2015/16" (April 2015 to March 2016)."""
    return f"{year_start}/{(year_start + 1) % 100:02d}"


class BusinessPlan(models.Model):
    """A board's business plan for one financial year: the priorities it set itself, whose progress its
    executive monitors with a RAG rating through the year (see :mod:`boards.priorities`)."""

    board = models.ForeignKey(Board, verbose_name="board", on_delete=models.PROTECT, related_name="business_plans")
    year_start = models.PositiveSmallIntegerField(
        "financial year starting",
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="The year the plan's April falls in: 2015 for 2015/16.",
    )
    title = models.CharField("title", max_length=200, help_text="e.g. Business plan 2015/16")
    summary = models.TextField("summary", blank=True, help_text="What the plan is for, in a few sentences.")
    created_at = models.DateTimeField("recorded", default=clock.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["board", "-year_start"]
        verbose_name = "business plan"
        constraints = [
            models.UniqueConstraint(fields=["board", "year_start"], name="boards_one_business_plan_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.board.display_short_name})"

    @property
    def activity_scope(self):
        return self.board

    @property
    def year_label(self) -> str:
        return year_label(self.year_start)


class Priority(models.Model):
    """One of a board's priorities (or a sub-priority of one): what its indicators and actions evidence.

    A board names its priorities in its business plan ("Priority Area 2: Improve the effectiveness of
    agencies in meeting the needs of Children Missing from Home, Care and Education"); a sub-priority sits
    under one, in the same plan. Indicators and actions point at the priority they serve. A priority outside
    any year's plan is one of the board's standing priorities. Numbers are unique within a plan (and among
    the standing priorities), so each year's plan may have its own priority 1.
    """

    board = models.ForeignKey(Board, verbose_name="board", on_delete=models.CASCADE, related_name="priorities")
    plan = models.ForeignKey(
        BusinessPlan,
        verbose_name="business plan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="priorities",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="part of",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    number = models.CharField("number", max_length=12, help_text="As the business plan numbers it: 1, 2, 2.1")
    title = models.CharField("title", max_length=300)
    description = models.TextField("description", blank=True)
    position = models.PositiveIntegerField("position", default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["board", "position", "number"]
        verbose_name = "priority"
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(
                fields=["board", "number"], condition=Q(plan__isnull=True), name="boards_priority_unique_number"
            ),
            models.UniqueConstraint(
                fields=["plan", "number"], condition=Q(plan__isnull=False), name="boards_priority_unique_in_plan"
            ),
        ]

    def __str__(self) -> str:
        return f"Priority {self.number}: {self.title}"

    @property
    def activity_scope(self):
        return self.board


class PriorityUpdate(models.Model):
    """A dated report of progress on a priority: its RAG rating, how far through it is and what has happened.

    Updates are never edited: a new one is posted, so the board's view of the year stays readable."""

    priority = models.ForeignKey(Priority, verbose_name="priority", on_delete=models.PROTECT, related_name="updates")
    rating = models.CharField("rating", max_length=10, choices=PriorityRating.choices)
    percent_complete = models.PositiveSmallIntegerField("per cent complete", validators=[MaxValueValidator(100)])
    narrative = models.TextField("what has happened", blank=True)
    as_at = models.DateField("as at", default=clock.today)
    recorded_by = models.ForeignKey(
        User, verbose_name="recorded by", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("recorded", default=clock.now, editable=False)

    class Meta:
        ordering = ["priority", "as_at", "created_at", "pk"]
        verbose_name = "progress update on a priority"
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_complete__lte=100), name="boards_priority_update_percent_at_most_100"
            ),
            models.CheckConstraint(
                condition=~Q(rating="complete") | Q(percent_complete=100),
                name="boards_priority_update_complete_is_100",
            ),
        ]

    def __str__(self) -> str:
        return f"Progress on priority {self.priority.number} as at {self.as_at:%-d %b %Y}"

    @property
    def activity_scope(self):
        return self.priority.board
