"""Home-care pages (config/urls.py: prefix hjemmetjeneste/)."""

from django.urls import URLPattern, path

from tjenester.hjemmetjeneste import views

app_name = "hjemmetjeneste"

urlpatterns: list[URLPattern] = [
    path("dagsliste/", views.dagsliste, name="dagsliste"),
    path("dagsliste/optimaliser/", views.dagsliste_optimaliser, name="dagsliste_optimaliser"),
    path("mine-besok/", views.mine_besoek, name="mine_besoek"),
    path("besok/<uuid:besok_id>/", views.besok, name="besok"),
    path("besok/<uuid:besok_id>/tildel/", views.besoek_tildel, name="besoek_tildel"),
    path("besok/<uuid:besok_id>/flytt/", views.besoek_flytt, name="besoek_flytt"),
    path("besok/<uuid:besok_id>/sjekk-inn/", views.besoek_sjekk_inn, name="besoek_sjekk_inn"),
    path("besok/<uuid:besok_id>/sjekk-ut/", views.besoek_sjekk_ut, name="besoek_sjekk_ut"),
    path(
        "besok/<uuid:besok_id>/ikke-utfort/", views.besoek_ikke_utfoert, name="besoek_ikke_utfoert"
    ),
    path(
        "besok/<uuid:besok_id>/oppgaver/<uuid:oppgave_id>/",
        views.oppgave_registrer,
        name="oppgave_registrer",
    ),
    path("besok/<uuid:besok_id>/notat/", views.besoek_notat, name="besoek_notat"),
    path("besok/<uuid:besok_id>/avvik/", views.besoek_avvik, name="besoek_avvik"),
    path("besok/<uuid:besok_id>/maling/", views.besoek_maaling, name="besoek_maaling"),
    path("leder/", views.leder, name="leder"),
    path("pasient/<uuid:pasient_id>/besok/", views.pasient_besoek, name="pasient_besoek"),
]
