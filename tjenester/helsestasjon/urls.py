"""Health-station pages (config/urls.py: prefix helsestasjon/)."""

from django.urls import URLPattern, path

from tjenester.helsestasjon import views

app_name = "helsestasjon"

urlpatterns: list[URLPattern] = [
    # the worklist
    path("arbeidsliste/", views.arbeidsliste, name="arbeidsliste"),
    # the child
    path("innskriv/", views.innskrivning_ny, name="innskrivning_ny"),
    path("barn/<uuid:pasient_id>/", views.barn, name="barn"),
    path("barn/<uuid:pasient_id>/overfor/", views.innskrivning_overfoer, name="overfoering"),
    path("barn/<uuid:pasient_id>/foresatt/", views.foresatt_ny, name="foresatt_ny"),
    path(
        "barn/<uuid:pasient_id>/innkalling/<uuid:punkt_id>/",
        views.innkalling,
        name="innkalling",
    ),
    # consultations
    path(
        "barn/<uuid:pasient_id>/konsultasjon/<uuid:punkt_id>/",
        views.konsultasjon_ny,
        name="konsultasjon_ny",
    ),
    # vaccines
    path(
        "barn/<uuid:pasient_id>/vaksine/<uuid:dose_id>/",
        views.vaksinasjon_ny,
        name="vaksinasjon_ny",
    ),
    path(
        "barn/<uuid:pasient_id>/vaksine/<uuid:dose_id>/reservasjon/",
        views.vaksinasjon_reservasjon,
        name="reservasjon_ny",
    ),
    # vekst (growth)
    path("barn/<uuid:pasient_id>/vekst/", views.vekst, name="vekst"),
    path("barn/<uuid:pasient_id>/vekst/ny/", views.vekstmaaling_ny, name="vekstmaaling_ny"),
    path(
        "barn/<uuid:pasient_id>/vekst/fodsel/",
        views.fodselsopplysning_lagre,
        name="fodselsopplysning_lagre",
    ),
    path("barn/<uuid:pasient_id>/vekst/pdf/", views.vekst_pdf, name="vekst_pdf"),
]
