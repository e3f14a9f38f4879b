from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdminMixin

from .models import Board, Membership, Organisation, Person, User
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
