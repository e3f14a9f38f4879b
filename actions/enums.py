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


class RecommendationStatus(models.TextChoices):
    """Where a recommendation to the executive or a partner has got to, as scrutiny monitoring tables say."""

    NOT_YET_DUE = "not_yet_due", "Not yet due"
    AWAITING_RESPONSE = "awaiting_response", "Awaiting response"
    RESPONSE_RECEIVED = "response_received", "Response received"
    ACCEPTED = "accepted", "Accepted"
    PARTLY_ACCEPTED = "partly_accepted", "Partly accepted"
    REJECTED = "rejected", "Rejected"
    IMPLEMENTED = "implemented", "Implemented"


#: Statuses once the addressee has answered.
RESPONDED_STATUSES = (
    RecommendationStatus.RESPONSE_RECEIVED,
    RecommendationStatus.ACCEPTED,
    RecommendationStatus.PARTLY_ACCEPTED,
    RecommendationStatus.REJECTED,
    RecommendationStatus.IMPLEMENTED,
)


class TargetKind(models.TextChoices):
    DATE = "date", "A date"
    MONTH = "month", "A month"
    TBC = "tbc", "To be confirmed"
