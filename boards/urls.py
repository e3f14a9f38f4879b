from django.urls import path

from . import views
from .imports import views as import_views

app_name = "boards"

urlpatterns = [
    path("boards/", views.board_list, name="board_list"),
    path("boards/new/", views.board_create, name="board_create"),
    path("boards/<slug:slug>/", views.board_detail, name="board_detail"),
    path("boards/<slug:slug>/settings/", views.board_edit, name="board_edit"),
    path("boards/<slug:slug>/activity/", views.board_activity, name="board_activity"),
    path("boards/<slug:slug>/members/past/", views.board_past_members, name="board_past_members"),
    path("boards/<slug:slug>/chairs/", views.board_chairs, name="board_chairs"),
    path("boards/<slug:slug>/members/add/", views.member_add, name="member_add"),
    path("boards/<slug:slug>/members.csv", views.member_export, name="member_export"),
    path("boards/<slug:slug>/members/import/", import_views.member_import_upload, name="member_import"),
    path(
        "boards/<slug:slug>/members/import/template.csv",
        import_views.member_import_template,
        name="member_import_template",
    ),
    path(
        "boards/<slug:slug>/members/import/<int:pk>/",
        import_views.member_import_preview,
        name="member_import_preview",
    ),
    path(
        "boards/<slug:slug>/members/import/<int:pk>/discard/",
        import_views.member_import_discard,
        name="member_import_discard",
    ),
    path("boards/<slug:slug>/members/<int:pk>/role/", views.member_change_role, name="member_change_role"),
    path("boards/<slug:slug>/members/<int:pk>/end/", views.member_end, name="member_end"),
    path("boards/<slug:slug>/members/<int:pk>/deputy/", views.member_deputy, name="member_deputy"),
    path("boards/<slug:slug>/members/invite/", views.members_invite_all, name="members_invite_all"),
    path("boards/<slug:slug>/members/<int:pk>/invite/", views.member_invite, name="member_invite"),
    path("boards/<slug:slug>/invitations/<int:pk>/withdraw/", views.invitation_withdraw, name="invitation_withdraw"),
    path("invitations/accept/", views.invitation_accept, name="invitation_accept"),
    path("invitations/<str:token>/", views.invitation_open, name="invitation_open"),
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_edit, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/erase/", views.person_erase, name="person_erase"),
    path("me/", views.my_details, name="my_details"),
    path("me/e-mail/", views.email_change, name="email_change"),
    path("me/e-mail/confirm/<str:token>/", views.email_change_confirm, name="email_change_confirm"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_edit, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
]
