"""Choices for tracked actions."""

from django.db import models


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    DEFERRED = "deferred", "Deferred"
    CANCELLED = "cancelled", "Cancelled"


#: Statuses of an action that is finished with, one way or the other.
CLOSED_STATUSES = (ActionStatus.COMPLETED, ActionStatus.CANCELLED)
#: Statuses that need a reason when an action is put into them.
STATUSES_WITH_REASON = (ActionStatus.DEFERRED, ActionStatus.CANCELLED)


class Rag(models.TextChoices):
    """How an action stands, as boards colour it: worked out from its status and due date unless the
    coordinator overrides it with a reason."""

    RED = "red", "Red: overdue"
    AMBER = "amber", "Amber: due soon or deferred"
    GREEN = "green", "Green: on track"
    COMPLETE = "complete", "Complete"
    CANCELLED = "cancelled", "Cancelled"


class ActionSource(models.TextChoices):
    MINUTES = "minutes", "Minuted at a meeting"
    OUTSIDE = "outside", "Raised outside a meeting"
