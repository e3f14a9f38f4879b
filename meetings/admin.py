from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdminMixin

from .minutes.models import (
    Decision,
    Minute,
    MinutedAction,
    Minutes,
    MinutesAmendment,
    MinutesComment,
    MinutesDocument,
    Recommendation,
)
from .models import (
    AgendaItem,
    AgendaRevision,
    AgendaTemplateItem,
    Apology,
    Attendance,
    Declaration,
    ItemLead,
    Meeting,
    PackBuild,
    Paper,
    RegisteredInterest,
    StandIn,
    Venue,
    WorkProgrammeEntry,
)


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["building", "room", "postcode", "board"]
    search_fields = ["building", "room", "postcode"]


class AgendaItemInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = AgendaItem
    fk_name = "meeting"
    fields = ["position", "parent", "title", "item_for", "duration_minutes", "verbal_update", "confidential"]
    extra = 0
    show_change_link = True


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["board", "date", "start_time", "kind", "status"]
    list_filter = ["board", "status", "kind"]
    date_hierarchy = "date"
    inlines = [AgendaItemInline]


class PaperInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Paper
    fields = ["position", "kind", "title", "author", "page_count"]
    readonly_fields = ["page_count"]
    extra = 0


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "meeting", "position", "confidential", "withdrawn_at"]
    list_filter = ["meeting__board", "confidential"]
    search_fields = ["title"]
    inlines = [PaperInline]

    def get_queryset(self, request):
        return AgendaItem.everything.select_related("meeting__board")


@admin.register(Paper)
class PaperAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "item", "page_count", "uploaded_at", "withdrawn_at"]
    list_filter = ["kind"]
    search_fields = ["title", "original_name"]

    def get_queryset(self, request):
        return Paper.everything.select_related("item")


@admin.register(ItemLead)
class ItemLeadAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "item"]


@admin.register(AgendaRevision)
class AgendaRevisionAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["meeting", "number", "summary", "created_at"]


@admin.register(StandIn)
class StandInAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["person", "kind", "in_place_of", "meeting"]


@admin.register(AgendaTemplateItem)
class AgendaTemplateItemAdmin(admin.ModelAdmin):
    list_display = ["title", "board", "position", "standing", "at_end"]
    list_filter = ["board"]


@admin.register(WorkProgrammeEntry)
class WorkProgrammeEntryAdmin(SimpleHistoryAdmin):
    list_display = ["topic", "board", "meeting", "lead"]
    list_filter = ["board"]


@admin.register(PackBuild)
class PackBuildAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["meeting", "edition", "number", "status", "page_count", "created_at", "issued_at"]
    list_filter = ["edition", "status"]
    readonly_fields = [f.name for f in PackBuild._meta.fields]

    def get_urls(self):
        queues = path(
            "queues/", self.admin_site.admin_view(self.work_queues_view), name="meetings_packbuild_work_queues"
        )
        return [queues, *super().get_urls()]

    def work_queues_view(self, request):
        """Pack builds and paper conversions waiting, running and failed: for site administrators only."""
        from .work_queues import ROW_LIMIT, broker_queue, work_queues

        queues = work_queues(user=request.user)
        queues.broker = broker_queue(user=request.user)
        context = {**self.admin_site.each_context(request), "title": "Work queues", "queues": queues}
        context["limit"] = ROW_LIMIT
        return TemplateResponse(request, "admin/meetings/work_queues.html", context)


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["person", "status", "for_member", "role", "organisation", "is_chair", "meeting"]
    list_filter = ["status", "meeting__board"]
    list_select_related = ["person", "for_member__person", "meeting__board"]


@admin.register(Apology)
class ApologyAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["seat", "meeting", "sent_at", "withdrawn_at"]
    list_select_related = ["seat__person", "seat__board", "meeting__board"]


@admin.register(Declaration)
class DeclarationAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["person", "interest_type", "item", "left_room", "meeting"]
    list_select_related = ["person", "item", "meeting__board"]


@admin.register(RegisteredInterest)
class RegisteredInterestAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["person", "interest_type", "description", "from_date", "to_date"]
    list_select_related = ["person"]


# Minutes: read here, never changed. Every change goes through the minutes' pages and services, and the rows
# refuse a save themselves once the minutes are confirmed or signed (meetings.minutes.models.LockedByMinutes).


class MinuteInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Minute
    fields = ["position", "number", "title", "confidential", "inserted", "is_addendum"]
    extra = 0
    show_change_link = True


@admin.register(Minutes)
class MinutesAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["meeting", "style", "status", "circulated_at", "confirmed_at", "signed_at", "signer_name"]
    list_filter = ["status", "style", "meeting__board"]
    list_select_related = ["meeting__board"]
    inlines = [MinuteInline]


@admin.register(Minute)
class MinuteAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "minutes", "confidential", "updated_at"]
    list_select_related = ["minutes__meeting__board"]
    search_fields = ["title", "notes"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["register_number", "wording", "text", "minute"]
    list_filter = ["board", "register_year"]
    list_select_related = ["minute"]
    search_fields = ["register_number", "text"]


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "addressee", "decision"]
    list_select_related = ["decision"]


@admin.register(MinutedAction)
class MinutedActionAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "owner_initials", "due_date", "due_next_meeting", "minute"]
    list_select_related = ["minute"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("owner_rows__person")


@admin.register(MinutesComment)
class MinutesCommentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["minutes", "author", "created_at", "resolved_at"]
    list_select_related = ["minutes__meeting__board", "author"]


@admin.register(MinutesAmendment)
class MinutesAmendmentAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["minutes", "number", "requested_at", "signed_at"]
    list_select_related = ["minutes__meeting__board"]


@admin.register(MinutesDocument)
class MinutesDocumentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["minutes", "edition", "kind", "version", "status", "signer_name", "signed_at", "sha256"]
    list_filter = ["edition", "kind", "status"]
    list_select_related = ["minutes__meeting__board"]
