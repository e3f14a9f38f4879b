from django.contrib import admin

from .activity import action_label
from .models import ActivityLog


class ReadOnlyAdminMixin:
    """Governance records are read here, never changed or deleted: every change goes through the portal's
    own pages and services, which check who may make it and write it to the activity log."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ActivityLog)
class ActivityLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["timestamp", "actor_name", "label", "object_repr"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "action"]
    date_hierarchy = "timestamp"
    list_select_related = ["actor"]

    @admin.display(description="what")
    def label(self, entry):
        return action_label(entry.action)
