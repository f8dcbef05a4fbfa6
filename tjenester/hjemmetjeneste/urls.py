"""Home-care pages (config/urls.py: prefix hjemmetjeneste/)."""

from django.urls import URLPattern, path

from tjenester.hjemmetjeneste import views

app_name = "hjemmetjeneste"

urlpatterns: list[URLPattern] = [
    path("dagsliste/", views.dagsliste, name="dagsliste"),
    path("dagsliste/optimaliser/", views.dagsliste_optimaliser, name="dagsliste_optimaliser"),
    path("mine-besok/", views.mine_besok, name="mine_besok"),
    path("besok/<uuid:besok_id>/", views.besok, name="besok"),
    path("besok/<uuid:besok_id>/tildel/", views.besok_tildel, name="besok_tildel"),
    path("besok/<uuid:besok_id>/flytt/", views.besok_flytt, name="besok_flytt"),
    path("besok/<uuid:besok_id>/sjekk-inn/", views.besok_sjekk_inn, name="besok_sjekk_inn"),
    path("besok/<uuid:besok_id>/sjekk-ut/", views.besok_sjekk_ut, name="besok_sjekk_ut"),
    path("besok/<uuid:besok_id>/ikke-utfort/", views.besok_ikke_utfort, name="besok_ikke_utfort"),
    path(
        "besok/<uuid:besok_id>/oppgaver/<uuid:oppgave_id>/",
        views.oppgave_registrer,
        name="oppgave_registrer",
    ),
    path("besok/<uuid:besok_id>/notat/", views.besok_notat, name="besok_notat"),
    path("besok/<uuid:besok_id>/avvik/", views.besok_avvik, name="besok_avvik"),
    path("besok/<uuid:besok_id>/maling/", views.besok_maling, name="besok_maling"),
    path("leder/", views.leder, name="leder"),
    path("pasient/<uuid:pasient_id>/besok/", views.pasient_besok, name="pasient_besok"),
]
