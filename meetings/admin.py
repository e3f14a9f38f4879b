from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AgendaItem, AgendaTemplateItem, Meeting, PackBuild, Paper, Venue, WorkProgrammeEntry


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["building", "room", "postcode", "board"]
    search_fields = ["building", "room", "postcode"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    fk_name = "meeting"
    fields = ["position", "parent", "title", "item_for", "minutes", "verbal_update", "confidential"]
    extra = 0
    show_change_link = True


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["board", "date", "start_time", "kind", "status"]
    list_filter = ["board", "status", "kind"]
    date_hierarchy = "date"
    inlines = [AgendaItemInline]


class PaperInline(admin.TabularInline):
    model = Paper
    fields = ["position", "title", "author", "page_count"]
    readonly_fields = ["page_count"]
    extra = 0


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "meeting", "position", "confidential"]
    list_filter = ["meeting__board", "confidential"]
    search_fields = ["title"]
    inlines = [PaperInline]


@admin.register(AgendaTemplateItem)
class AgendaTemplateItemAdmin(admin.ModelAdmin):
    list_display = ["title", "board", "position", "standing", "at_end"]
    list_filter = ["board"]


@admin.register(WorkProgrammeEntry)
class WorkProgrammeEntryAdmin(SimpleHistoryAdmin):
    list_display = ["topic", "board", "meeting", "lead"]
    list_filter = ["board"]


@admin.register(PackBuild)
class PackBuildAdmin(admin.ModelAdmin):
    list_display = ["meeting", "edition", "number", "status", "page_count", "created_at", "issued_at"]
    list_filter = ["edition", "status"]
    readonly_fields = [f.name for f in PackBuild._meta.fields]
