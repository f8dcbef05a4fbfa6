"""API URLs for invoicing (added to config.urls api_v1)."""

from django.urls import URLPattern, path

from integrasjoner.faktura import apis

urlpatterns: list[URLPattern] = [
    path("faktura/kjoringer/", apis.KjoeringCollectionApi.as_view(), name="faktura-kjoringer"),
    path(
        "faktura/kjoringer/<uuid:kjoring_id>/linjer/",
        apis.KjoeringLinjerApi.as_view(),
        name="faktura-kjoring-linjer",
    ),
    path(
        "faktura/kjoringer/<uuid:kjoring_id>/fil.csv",
        apis.KjoeringFilApi.as_view(),
        name="faktura-kjoring-fil",
    ),
]
