"""URLs for the maling pages (added to journal.urls)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
