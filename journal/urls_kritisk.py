"""URLs for the kritisk pages (added to journal.urls)."""

from django.urls import URLPattern, path

from journal.views import kritisk

urlpatterns: list[URLPattern] = [
    path("kodeverk/", kritisk.kode_sok, name="kode_sok"),
    path("<uuid:pasient_id>/kritisk/", kritisk.kritisk, name="kritisk"),
    path("<uuid:pasient_id>/kritisk/ny/", kritisk.kritisk_ny, name="kritisk_ny"),
    path(
        "<uuid:pasient_id>/kritisk/<uuid:kritisk_id>/avslutt/",
        kritisk.kritisk_avslutt,
        name="kritisk_avslutt",
    ),
    path("<uuid:pasient_id>/diagnoser/ny/", kritisk.diagnose_ny, name="diagnose_ny"),
    path(
        "<uuid:pasient_id>/diagnoser/<uuid:diagnose_id>/avslutt/",
        kritisk.diagnose_avslutt,
        name="diagnose_avslutt",
    ),
]
