"""API URLs for kartlegging (added to journal.api_urls)."""

from django.urls import URLPattern, path

from journal import apis_kartlegging

KARTLEGGING = "pasienter/<uuid:pasient_id>/kartlegginger/<uuid:kartlegging_id>/"

urlpatterns: list[URLPattern] = [
    path(
        "kartleggingsskjema/",
        apis_kartlegging.KartleggingsskjemaListApi.as_view(),
        name="kartleggingsskjema-list",
    ),
    path(
        "pasienter/<uuid:pasient_id>/kartlegginger/",
        apis_kartlegging.KartleggingCollectionApi.as_view(),
        name="pasient-kartlegginger",
    ),
    path(
        KARTLEGGING,
        apis_kartlegging.KartleggingDetailApi.as_view(),
        name="pasient-kartlegging-detail",
    ),
    path(
        f"{KARTLEGGING}fullfor/",
        apis_kartlegging.KartleggingFullforApi.as_view(),
        name="pasient-kartlegging-fullfor",
    ),
    path(
        f"{KARTLEGGING}feilregistrer/",
        apis_kartlegging.KartleggingFeilregistrerApi.as_view(),
        name="pasient-kartlegging-feilregistrer",
    ),
]
