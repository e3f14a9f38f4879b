from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("boards/<slug:slug>/meetings/", views.board_meetings, name="board_meetings"),
]
