"""The action log's pages."""

from django.urls import path

from . import views_close

app_name = "actions"

urlpatterns: list = [
    path(
        "actions/<int:pk>/close-at-meeting/<int:meeting_pk>/",
        views_close.action_close_at_meeting,
        name="action_close_at_meeting",
    ),
]
