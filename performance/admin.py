"""Performance figures in the admin. Areas are kept here (a site administrator adds the places figures are
compared with); indicators, their figures, targets and periods are read only: every change goes through the
portal's pages and services, which check who may make it, keep each figure's revisions and write the
activity log. Periods are made from the names people type ("Q1 2015/16"), never by hand."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdminMixin

from .models import Area, Indicator, Observation, Period, Target


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


@admin.register(Period)
class PeriodAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["label", "kind", "basis", "start", "end"]
    list_filter = ["kind", "basis"]
    search_fields = ["label"]


class TargetInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Target
    fields = ["effective_from", "kind", "value", "upper", "tolerance", "set_by", "set_at"]
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "name", "board", "unit", "frequency", "area", "retired"]
    list_filter = ["board", "unit", "frequency", "retired"]
    search_fields = ["code", "name"]
    list_select_related = ["board", "area"]
    inlines = [TargetInline]


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["indicator", "area", "period", "value", "status", "revision", "entered_at"]
    list_filter = ["status", "indicator__board"]
    search_fields = ["indicator__code", "indicator__name", "area__name", "period__label"]
    list_select_related = ["indicator", "area", "period"]
    date_hierarchy = "entered_at"


@admin.register(Target)
class TargetAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["indicator", "effective_from", "kind", "value", "upper", "tolerance", "set_at"]
    list_filter = ["kind", "indicator__board"]
    search_fields = ["indicator__code", "indicator__name"]
    list_select_related = ["indicator", "effective_from"]
