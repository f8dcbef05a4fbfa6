"""API URLs for notat (added to journal.api_urls)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
