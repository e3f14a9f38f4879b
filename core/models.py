"""The activity log: one record of every change with business meaning, whoever made it and by which door."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class ActivityLogQuerySet(models.QuerySet):
    def for_object(self, obj) -> ActivityLogQuerySet:
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def for_scope(self, scope) -> ActivityLogQuerySet:
        return self.filter(scope_type=ContentType.objects.get_for_model(scope), scope_id=scope.pk)


class ActivityLog(models.Model):
    """Who did what, when, to which record; before and after where it matters.

    ``action`` is a stable dotted code (``meetings.item.withdrawn``) that history pages turn into words and
    that later features (reminders, the API) can filter on. ``scope`` is the record whose coordinators may
    read the entry (a board), so that the log can be scoped without the core knowing what a board is.
    Entries are written by :func:`core.activity.log_action` and never changed, except that erasing a
    person's personal data blanks their values here too.
    """

    timestamp = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="activity"
    )
    #: "the portal" for work the system did on its own (tasks, commands); empty when ``actor`` is set.
    system_actor = models.CharField(max_length=100, blank=True)
    action = models.CharField(max_length=100, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(max_length=300, blank=True)
    scope_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    scope_id = models.PositiveBigIntegerField(null=True, blank=True)
    scope = GenericForeignKey("scope_type", "scope_id")
    data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = ActivityLogQuerySet.as_manager()

    class Meta:
        ordering = ["-timestamp", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="activity_object"),
            models.Index(fields=["scope_type", "scope_id", "-timestamp"], name="activity_scope"),
        ]
        verbose_name = "activity log entry"
        verbose_name_plural = "activity log"

    def __str__(self) -> str:
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    @property
    def actor_name(self) -> str:
        if self.actor_id is None:
            return self.system_actor or "the portal"
        return self.actor.get_full_name() or self.actor.get_username()
