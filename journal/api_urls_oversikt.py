"""API URLs for the clinical summary (added to journal.api_urls)."""

from django.urls import URLPattern, path

from journal import apis_oversikt

urlpatterns: list[URLPattern] = [
    path(
        "pasienter/<uuid:pasient_id>/oversikt/",
        apis_oversikt.OversiktApi.as_view(),
        name="pasient-oversikt",
    ),
]
