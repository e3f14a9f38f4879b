from django.urls import include, path

from . import feeds, views
from .minutes import urls as minutes_urls
from .packs import views as pack_views
from .views import decisions as decision_views

app_name = "meetings"

urlpatterns = [
    path("", include(minutes_urls)),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("boards/<slug:slug>/meetings/", views.board_meetings, name="board_meetings"),
    path("boards/<slug:slug>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("boards/<slug:slug>/venues/", views.venues, name="venues"),
    path("boards/<slug:slug>/standing-items/", views.agenda_template, name="agenda_template"),
    path(
        "boards/<slug:slug>/standing-items/<int:row_pk>/edit/",
        views.agenda_template_item_edit,
        name="agenda_template_item_edit",
    ),
    path("boards/<slug:slug>/work-programme/", views.work_programme, name="work_programme"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/publish/", views.agenda_publish, name="agenda_publish"),
    path("meetings/<int:pk>/posting-list/", views.posting_list, name="posting_list"),
    path("meetings/<int:pk>/approve/", views.agenda_approve, name="agenda_approve"),
    path("meetings/<int:pk>/held/", views.meeting_mark_held, name="meeting_mark_held"),
    path("meetings/<int:pk>/stand-ins/", views.stand_ins, name="stand_ins"),
    path("meetings/<int:pk>/history/", views.meeting_history, name="meeting_history"),
    path("meetings/<int:pk>/changes/", views.meeting_revisions, name="meeting_revisions"),
    # The register, apologies and declarations (meetings/views/attendance.py)
    path("meetings/<int:pk>/register/", views.register, name="register"),
    path("meetings/<int:pk>/register/add/", views.register_add, name="register_add"),
    path("meetings/<int:pk>/register/<int:entry_pk>/remove/", views.register_remove, name="register_remove"),
    path("meetings/<int:pk>/apologies/", views.apologies, name="apologies"),
    path("meetings/<int:pk>/declarations/", views.declarations, name="declarations"),
    path("boards/<slug:slug>/attendance/", views.attendance_page, name="attendance"),
    path("boards/<slug:slug>/attendance.csv", views.attendance_csv, name="attendance_csv"),
    path("people/<int:pk>/interests/", views.person_interests, name="person_interests"),
    # The decision register (meetings/views/decisions.py)
    path("boards/<slug:slug>/decisions/", decision_views.decision_register, name="decision_register"),
    path("boards/<slug:slug>/decisions.csv", decision_views.decision_register_csv, name="decision_register_csv"),
    path("meetings/<int:pk>/agenda/", views.agenda_builder, name="agenda_builder"),
    path("meetings/<int:pk>/agenda/add/", views.agenda_item_add, name="agenda_item_add"),
    path("meetings/<int:pk>/agenda/reorder/", views.agenda_reorder, name="agenda_reorder"),
    path("meetings/<int:pk>/agenda/people/", views.agenda_people, name="agenda_people"),
    path("meetings/<int:pk>/agenda/<int:item_pk>/edit/", views.agenda_item_edit, name="agenda_item_edit"),
    path("meetings/<int:pk>/agenda/<int:item_pk>/delete/", views.agenda_item_delete, name="agenda_item_delete"),
    path("meetings/<int:pk>/agenda/<int:item_pk>/defer/", views.agenda_item_defer, name="agenda_item_defer"),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/move/<str:direction>/",
        views.agenda_item_move,
        name="agenda_item_move",
    ),
    path("meetings/<int:pk>/agenda/<int:item_pk>/papers/add/", views.paper_upload, name="paper_upload"),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/papers/add/confirm/",
        views.paper_upload_confirm,
        name="paper_upload_confirm",
    ),
    path("meetings/<int:pk>/papers/<int:paper_pk>/delete/", views.paper_delete, name="paper_delete"),
    path("meetings/<int:pk>/papers/<int:paper_pk>/edit/", views.paper_edit, name="paper_edit"),
    path("meetings/<int:pk>/agenda/<int:item_pk>/papers/status/", views.paper_status, name="paper_status"),
    path(
        "meetings/<int:pk>/work-programme/<int:entry_pk>/pull/", views.work_programme_pull, name="work_programme_pull"
    ),
    path("papers/<int:paper_pk>/", views.paper_file, name="paper_file"),
    path("public/meetings/<int:pk>/", views.meeting_public, name="meeting_public"),
    # Scheduling a series; cancelling, postponing or moving one meeting (meetings/scheduling.py)
    path("boards/<slug:slug>/meetings/schedule/", views.schedule_series, name="schedule_series"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel_page, name="meeting_cancel"),
    path("meetings/<int:pk>/postpone/", views.meeting_postpone_page, name="meeting_postpone"),
    path("meetings/<int:pk>/timing/", views.meeting_timing_page, name="meeting_timing"),
    # iCalendar feeds (meetings/feeds.py)
    path("boards/<slug:slug>/calendar.ics", feeds.board_calendar, name="board_calendar"),
    path("calendar/", feeds.my_calendar, name="my_calendar"),
    path("calendar/reset/", feeds.my_calendar_reset, name="my_calendar_reset"),
    path("calendar/<str:token>.ics", feeds.person_calendar, name="person_calendar"),
    # Agenda packs (meetings/packs/views.py)
    path("meetings/<int:pk>/packs/", pack_views.packs, name="packs"),
    path("meetings/<int:pk>/packs/panel/", pack_views.pack_panel, name="pack_panel"),
    path("meetings/<int:pk>/packs/build/", pack_views.pack_build, name="pack_build"),
    path("meetings/<int:pk>/packs/<str:edition>/issued.pdf", pack_views.pack_issued, name="pack_issued"),
    path("packs/<int:build_pk>/status/", pack_views.pack_status, name="pack_status"),
    path("packs/<int:build_pk>/issue/", pack_views.pack_issue, name="pack_issue"),
    path("packs/<int:build_pk>/pack.pdf", pack_views.pack_download, name="pack_download"),
]
