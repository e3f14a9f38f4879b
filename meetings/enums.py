"""Choices for meetings, agenda items and packs."""

from django.db import models


class MeetingKind(models.TextChoices):
    ORDINARY = "ordinary", "Ordinary meeting"
    EXTRAORDINARY = "extraordinary", "Extraordinary meeting"
    DEEP_DIVE = "deep_dive", "Informal deep dive"
    DEVELOPMENT = "development", "Development session"
    WORKSHOP = "workshop", "Workshop"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    POSTPONED = "postponed", "Postponed"
    CANCELLED = "cancelled", "Cancelled"
    HELD = "held", "Held"


class ItemFor(models.TextChoices):
    INFORMATION = "information", "Information"
    DISCUSSION = "discussion", "Discussion"
    DECISION = "decision", "Decision"
    ACTION = "action", "Action"
    ASSURANCE = "assurance", "Assurance"
    TO_NOTE = "to_note", "To note"
    TO_AGREE = "to_agree", "To agree"


class Standing(models.TextChoices):
    """Standing items every agenda has; some fill themselves in (future meeting dates)."""

    WELCOME = "welcome", "Welcome and apologies"
    DECLARATIONS = "declarations", "Declarations of interest"
    MINUTES = "minutes", "Minutes of the last meeting and matters arising"
    ACTION_LOG = "action_log", "Action log"
    AOB = "aob", "Any other business"
    FUTURE_DATES = "future_dates", "Future meeting dates"


class PackEdition(models.TextChoices):
    MEMBERS = "members", "Members' edition"
    PUBLIC = "public", "Public edition"


class PackStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Building"
    DONE = "done", "Built"
    UNCHANGED = "unchanged", "Already up to date"
    FAILED = "failed", "Failed"


class PaperStatus(models.TextChoices):
    CONVERTING = "converting", "Converting"
    READY = "ready", "Ready"
    REFUSED = "refused", "Refused"


class PaperKind(models.TextChoices):
    """What a paper is. Only appendices are lettered ("Appendix 6(a)"); the others go by their kind's name."""

    REPORT = "report", "Report"
    APPENDIX = "appendix", "Appendix"
    MINUTES = "minutes", "Minutes"
    PRESENTATION = "presentation", "Presentation"
    BACKGROUND = "background", "Background paper"


class SeriesFrequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    BIMONTHLY = "bimonthly", "Every two months"
    QUARTERLY = "quarterly", "Quarterly"
    TERMLY = "termly", "Every four months"
    HALF_YEARLY = "half_yearly", "Every six months"


SERIES_MONTHS = {
    SeriesFrequency.MONTHLY: 1,
    SeriesFrequency.BIMONTHLY: 2,
    SeriesFrequency.QUARTERLY: 3,
    SeriesFrequency.TERMLY: 4,
    SeriesFrequency.HALF_YEARLY: 6,
}


class SeriesRule(models.TextChoices):
    """How the later dates of a series follow from the first one."""

    NTH_WEEKDAY = "nth_weekday", "The same weekday of the month (e.g. the third Thursday)"
    LAST_WEEKDAY = "last_weekday", "The last weekday of the month (e.g. the last Thursday)"
    SAME_DATE = "same_date", "The same date of the month (e.g. the 15th)"


class StandInKind(models.TextChoices):
    DEPUTY = "deputy", "Deputy"
    SUBSTITUTE = "substitute", "Substitute for this meeting only"
