"""URLs for the notat pages (added to journal.urls)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
