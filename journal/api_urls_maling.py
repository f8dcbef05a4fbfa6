"""API URLs for maling (added to journal.api_urls)."""

from django.urls import URLPattern, path

from journal import apis_maling

urlpatterns: list[URLPattern] = [
    path(
        "pasienter/<uuid:pasient_id>/malinger/",
        apis_maling.MalingCollectionApi.as_view(),
        name="pasient-malinger",
    ),
    path(
        "pasienter/<uuid:pasient_id>/malinger/<uuid:maling_id>/feilregistrer/",
        apis_maling.MalingFeilregistrerApi.as_view(),
        name="pasient-maling-feilregistrer",
    ),
]
