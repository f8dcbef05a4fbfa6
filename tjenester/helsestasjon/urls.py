"""Health-station pages, under /helsestasjon/ (namespace "helsestasjon")."""

from django.urls import URLPattern, path

from tjenester.helsestasjon import views

app_name = "helsestasjon"

urlpatterns: list[URLPattern] = [
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
