"""URLs for the notat pages (added to journal.urls)."""

from django.urls import URLPattern, path

from journal.views import notat

urlpatterns: list[URLPattern] = [
    path("<uuid:pasient_id>/notater/", notat.notat_liste, name="notat_liste"),
    path("<uuid:pasient_id>/notater/ny/", notat.notat_ny, name="notat_ny"),
    path(
        "<uuid:pasient_id>/notater/<uuid:notat_id>/",
        notat.notat_detalj,
        name="notat_detalj",
    ),
    path(
        "<uuid:pasient_id>/notater/<uuid:notat_id>/historikk/",
        notat.notat_historikk,
        name="notat_historikk",
    ),
]
