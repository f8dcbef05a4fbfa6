from django.urls import path

from integrasjoner.helfo import views

app_name = "helfo"

urlpatterns = [
    path("", views.krav_liste, name="krav_liste"),
    path("bygg/", views.krav_bygg, name="krav_bygg"),
    path("hent-oppgjoer/", views.oppgjoer_hent, name="oppgjoer_hent"),
    path("krav/<uuid:krav_id>/", views.krav_detalj, name="krav"),
    path("krav/<uuid:krav_id>/send/", views.krav_send_view, name="krav_send"),
    path("avviste/", views.arbeidsliste, name="arbeidsliste"),
    path("avviste/send/", views.send_paa_nytt, name="send_paa_nytt"),
    path("avviste/<uuid:linje_id>/", views.linje_korriger, name="linje_korriger"),
    path("ukjente-oppgjoer/", views.ukjente_oppgjoer, name="ukjente_oppgjoer"),
]
