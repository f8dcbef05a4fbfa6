"""Nursing-home pages, under /sykehjem/ (namespace "sykehjem")."""

from django.urls import URLPattern, path

from tjenester.sykehjem import views

app_name = "sykehjem"

urlpatterns: list[URLPattern] = [
    path("belegg/", views.belegg, name="belegg"),
    path("opphold/ny/", views.opphold_ny, name="opphold_ny"),
    path("opphold/<uuid:opphold_id>/", views.opphold_detalj, name="opphold_detalj"),
    path(
        "opphold/<uuid:opphold_id>/<slug:handling>/",
        views.opphold_handling,
        name="opphold_handling",
    ),
    path("venteliste/", views.venteliste, name="venteliste"),
    path("venteliste/<uuid:venteliste_id>/fjern/", views.venteliste_fjern, name="venteliste_fjern"),
    path("senger/", views.senger, name="senger"),
    path("senger/<uuid:seng_id>/aktiv/", views.seng_aktiv, name="seng_aktiv"),
    path("oppgaver/", views.oppgaver, name="oppgaver"),
    path("oppgaver/kvitter/", views.oppgave_kvitter, name="oppgave_kvitter"),
    path("vakter/", views.vakter, name="vakter"),
]
