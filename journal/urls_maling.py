"""URLs for the maling pages (added to journal.urls)."""

from django.urls import URLPattern, path

from journal.views import maling

urlpatterns: list[URLPattern] = [
    path("<uuid:pasient_id>/malinger/", maling.malinger, name="malinger"),
    path("<uuid:pasient_id>/malinger/ny/", maling.maling_ny, name="maling_ny"),
    path(
        "<uuid:pasient_id>/malinger/<uuid:maling_id>/feilregistrer/",
        maling.maling_feilregistrer_view,
        name="maling_feilregistrer",
    ),
]
