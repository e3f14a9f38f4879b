from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdminMixin

from .models import Board, BusinessPlan, Membership, Organisation, Person, Priority, PriorityUpdate, User
from .signals import board_created


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "person", "is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "person__last_name"]
    autocomplete_fields = ["person"]
    fieldsets = (
        (None, {"fields": ("email", "password", "person")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2", "person")}),)


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "sector"]
    list_filter = ["sector"]
    search_fields = ["name", "short_name"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["last_name", "first_name", "honorific", "initials", "job_title", "organisation"]
    search_fields = ["last_name", "first_name", "initials", "email"]
    list_select_related = ["organisation"]


class MembershipInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Membership
    fk_name = "board"
    extra = 0
    autocomplete_fields = ["person", "deputy", "organisation"]


@admin.register(Board)
class BoardAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ("short_name",)}
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:  # as the board_create service does: the meetings app gives it the standard standing items
            board_created.send(sender=Board, board=obj)


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["person", "board", "role", "organisation", "voting", "start_date", "end_date"]
    list_filter = ["board", "role", "voting"]
    search_fields = ["person__last_name", "board__name"]
    autocomplete_fields = ["person", "deputy", "organisation", "board"]
    list_select_related = ["person", "board", "organisation"]


class PriorityInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Priority
    fk_name = "plan"
    extra = 0
    fields = ["number", "title", "parent", "position"]
    ordering = ["position", "number"]


@admin.register(BusinessPlan)
class BusinessPlanAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Plans are kept on the board's priorities page, whose services log each change; read here."""

    list_display = ["title", "board", "year_start"]
    list_filter = ["board", "year_start"]
    search_fields = ["title", "board__name"]
    list_select_related = ["board"]
    inlines = [PriorityInline]


class PriorityUpdateInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = PriorityUpdate
    extra = 0
    fields = ["as_at", "rating", "percent_complete", "narrative", "recorded_by", "created_at"]
    readonly_fields = ["created_at"]
    ordering = ["-as_at", "-created_at"]


@admin.register(Priority)
class PriorityAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["number", "title", "board", "plan", "parent", "position"]
    list_filter = ["board", "plan"]
    search_fields = ["number", "title", "board__name"]
    list_select_related = ["board", "plan__board", "parent"]
    inlines = [PriorityUpdateInline]


@admin.register(PriorityUpdate)
class PriorityUpdateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Progress reports are never changed: a new one is posted."""

    list_display = ["priority", "as_at", "rating", "percent_complete", "recorded_by", "created_at"]
    list_filter = ["rating", "priority__board"]
    search_fields = ["priority__title", "narrative"]
    list_select_related = ["priority", "recorded_by__person"]
    date_hierarchy = "as_at"
