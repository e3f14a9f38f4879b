"""The minutes' pages (included by meetings/urls.py, so their names are in the ``meetings`` namespace)."""

from django.urls import path

from ..views import minutes as views

M = "meetings/<int:pk>/minutes/"

urlpatterns = [
    path(M, views.minutes_detail, name="minutes_detail"),
    path(f"{M}start/", views.minutes_start, name="minutes_start"),
    # The editor: one minute at a time
    path(f"{M}<int:minute_pk>/save/", views.minute_save, name="minutes_minute_save"),
    path(f"{M}<int:minute_pk>/insert-after/", views.minute_insert, name="minutes_minute_insert"),
    path(f"{M}addendum/", views.minute_addendum, name="minutes_addendum"),
    path(f"{M}<int:minute_pk>/remove/", views.minute_remove, name="minutes_minute_remove"),
    path(f"{M}<int:minute_pk>/decisions/add/", views.decision_add, name="minutes_decision_add"),
    path(f"{M}decisions/<int:decision_pk>/", views.decision_change, name="minutes_decision_change"),
    path(f"{M}decisions/<int:decision_pk>/remove/", views.decision_remove, name="minutes_decision_remove"),
    path(f"{M}<int:minute_pk>/actions/add/", views.action_add, name="minutes_action_add"),
    path(f"{M}actions/<int:action_pk>/", views.action_change, name="minutes_action_change"),
    path(f"{M}actions/<int:action_pk>/remove/", views.action_remove, name="minutes_action_remove"),
    # Members' comments on the circulated draft
    path(f"{M}comments/add/", views.minutes_comment, name="minutes_comment"),
    path(f"{M}comments/<int:comment_pk>/dealt-with/", views.comment_resolve, name="minutes_comment_resolve"),
    # The steps of their life
    path(f"{M}circulate/", views.minutes_circulate, name="minutes_circulate"),
    path(f"{M}final/", views.notes_final, name="minutes_notes_final"),
    path(f"{M}confirm/", views.minutes_confirm, name="minutes_confirm"),
    path(f"{M}sign/", views.minutes_sign_off, name="minutes_sign_off"),
    path(f"{M}amendment/", views.amendment_open, name="minutes_amendment_open"),
    path(f"{M}amendment/ready/", views.amendment_ready, name="minutes_amendment_ready"),
    # The PDFs
    path(f"{M}documents/", views.minutes_documents, name="minutes_documents"),
    path(f"{M}documents/prepare/", views.minutes_pdf_prepare, name="minutes_pdf_prepare"),
    path(f"{M}documents/<int:document_pk>.pdf", views.minutes_document_file, name="minutes_document_file"),
    path(f"{M}documents/<int:document_pk>/status/", views.minutes_document_status, name="minutes_document_status"),
]
