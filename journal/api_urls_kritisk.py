"""API URLs for kritisk (added to journal.api_urls)."""

from django.urls import URLPattern, path

from journal import apis_kritisk

urlpatterns: list[URLPattern] = [
    path(
        "pasienter/<uuid:pasient_id>/kritisk-info/",
        apis_kritisk.KritiskInfoCollectionApi.as_view(),
        name="pasient-kritisk-info",
    ),
    path(
        "pasienter/<uuid:pasient_id>/kritisk-info/<uuid:kritisk_id>/avslutt/",
        apis_kritisk.KritiskInfoDeactivateApi.as_view(),
        name="pasient-kritisk-info-avslutt",
    ),
    path(
        "pasienter/<uuid:pasient_id>/diagnoser/",
        apis_kritisk.DiagnoseCollectionApi.as_view(),
        name="pasient-diagnoser",
    ),
    path(
        "pasienter/<uuid:pasient_id>/diagnoser/<uuid:diagnose_id>/avslutt/",
        apis_kritisk.DiagnoseCloseApi.as_view(),
        name="pasient-diagnose-avslutt",
    ),
]
