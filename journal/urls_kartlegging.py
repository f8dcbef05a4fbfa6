"""URLs for the assessment pages (added to journal.urls)."""

from django.urls import URLPattern, path

from journal.views import kartlegging

urlpatterns: list[URLPattern] = [
    path("<uuid:pasient_id>/kartlegging/", kartlegging.kartlegginger, name="kartlegginger"),
    path("<uuid:pasient_id>/kartlegging/ny/", kartlegging.kartlegging_ny, name="kartlegging_ny"),
    path(
        "<uuid:pasient_id>/kartlegging/utvikling/",
        kartlegging.kartlegging_utvikling_view,
        name="kartlegging_utvikling",
    ),
    path(
        "<uuid:pasient_id>/kartlegging/<uuid:kartlegging_id>/",
        kartlegging.kartlegging_detalj,
        name="kartlegging_detalj",
    ),
    path(
        "<uuid:pasient_id>/kartlegging/<uuid:kartlegging_id>/rediger/",
        kartlegging.kartlegging_rediger,
        name="kartlegging_rediger",
    ),
    path(
        "<uuid:pasient_id>/kartlegging/<uuid:kartlegging_id>/feilregistrer/",
        kartlegging.kartlegging_feilregistrer_view,
        name="kartlegging_feilregistrer",
    ),
]
