"""URLs for the clinical summary and the journal print (added to journal.urls)."""

from django.urls import URLPattern, path

from journal.views import oversikt

urlpatterns: list[URLPattern] = [
    path("<uuid:pasient_id>/oversikt/", oversikt.oversikt, name="oversikt"),
    path("<uuid:pasient_id>/utskrift/", oversikt.utskrift, name="utskrift"),
]
