"""The action log's pages."""

from django.urls import path

from . import views, views_close
from .views import recommendations

app_name = "actions"

urlpatterns = [
    path("boards/<slug:slug>/actions/", views.board_action_log, name="board_action_log"),
    path("boards/<slug:slug>/actions.csv", views.board_action_log_csv, name="board_action_log_csv"),
    path("boards/<slug:slug>/actions.xlsx", views.board_action_log_xlsx, name="board_action_log_xlsx"),
    path("boards/<slug:slug>/actions/new/", views.action_create, name="action_create"),
    path("boards/<slug:slug>/actions/reassign/", views.actions_reassign, name="actions_reassign"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("actions/<int:pk>/update/", views.action_update, name="action_update"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/rag/", views.action_rag, name="action_rag"),
    path("actions/updates/<int:pk>/evidence/", views.action_evidence, name="action_evidence"),
    path("my/actions/", views.my_actions, name="my_actions"),
    path("actions/link/<str:token>/", views.action_update_by_link, name="action_update_by_link"),
    path(
        "boards/<slug:slug>/recommendations/",
        recommendations.recommendation_monitoring,
        name="recommendation_monitoring",
    ),
    path(
        "boards/<slug:slug>/recommendations.csv",
        recommendations.recommendation_monitoring_csv,
        name="recommendation_monitoring_csv",
    ),
    path(
        "boards/<slug:slug>/recommendations/new/",
        recommendations.recommendation_create,
        name="recommendation_create",
    ),
    path("recommendations/<int:pk>/", recommendations.recommendation_detail, name="recommendation_detail"),
    path(
        "actions/<int:pk>/close-at-meeting/<int:meeting_pk>/",
        views_close.action_close_at_meeting,
        name="action_close_at_meeting",
    ),
]
