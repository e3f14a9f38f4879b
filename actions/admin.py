"""Actions in the admin: read only, like the other governance records. Every change goes through the
portal's pages and services, which check who may make it and write it to the activity log."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdminMixin

from .models import Action, ActionOwner, ActionUpdate


class ActionOwnerInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ActionOwner
    fields = ["position", "person"]
    extra = 0


class ActionUpdateInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ActionUpdate
    fields = ["created_at", "author_person", "text", "status_before", "status_after", "reason", "via_link"]
    extra = 0
    show_change_link = True


@admin.register(Action)
class ActionAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["reference", "board", "text_start", "status", "due_date", "due_next_meeting", "closed_on"]
    list_filter = ["board", "status", "source"]
    search_fields = ["text"]
    list_select_related = ["board"]
    inlines = [ActionOwnerInline, ActionUpdateInline]

    @admin.display(description="action")
    def text_start(self, action):
        return action.text[:80]


@admin.register(ActionUpdate)
class ActionUpdateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["action", "created_at", "author_person", "status_before", "status_after", "via_link"]
    list_filter = ["via_link", "status_after"]
    search_fields = ["text"]
    list_select_related = ["action", "author_person"]
    date_hierarchy = "created_at"
