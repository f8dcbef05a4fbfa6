"""SYSVAK pages, under /integrasjoner/sysvak/ (namespace "sysvak")."""

from django.urls import URLPattern, path

from integrasjoner.sysvak import views

app_name = "sysvak"

urlpatterns: list[URLPattern] = [
    path("barn/<uuid:pasient_id>/", views.barn, name="barn"),
    path("barn/<uuid:pasient_id>/hent/", views.oppslag, name="oppslag"),
]
