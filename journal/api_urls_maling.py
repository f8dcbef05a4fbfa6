"""API URLs for maling (added to journal.api_urls)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
