"""The minutes' pages (included by meetings/urls.py, so their names are in the ``meetings`` namespace)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
