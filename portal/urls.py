"""The portal's own pages under a board: those that gather from several apps."""

from django.urls import path

from . import priorities

app_name = "portal"

urlpatterns = [
    path("boards/<slug:slug>/priorities/", priorities.board_priorities, name="board_priorities"),
    path("boards/<slug:slug>/priorities/plans/new/", priorities.plan_add, name="plan_add"),
    path("boards/<slug:slug>/priorities/plans/<int:year>/edit/", priorities.plan_edit, name="plan_edit"),
    path("boards/<slug:slug>/priorities/new/", priorities.priority_add, name="priority_add"),
    path("boards/<slug:slug>/priorities/<int:pk>/edit/", priorities.priority_edit, name="priority_edit"),
    path("boards/<slug:slug>/priorities/<int:pk>/move/", priorities.priority_move, name="priority_move"),
    path("boards/<slug:slug>/priorities/<int:pk>/progress/", priorities.priority_progress, name="priority_progress"),
]
