"""GP office pages under /legekontor/ (names "legekontor:*")."""

from django.urls import URLPattern, path

from tjenester.legekontor import views

app_name = "legekontor"

KONS = "konsultasjon/<uuid:konsultasjon_id>/"

urlpatterns: list[URLPattern] = [
    # the appointment book
    path("", views.timebok, name="timebok"),
    path("uke/<uuid:ressurs_id>/", views.uke, name="uke"),
    path("maler/<uuid:ressurs_id>/", views.timemaler, name="timemaler"),
    path("maler/<uuid:ressurs_id>/<uuid:mal_id>/slett/", views.timemal_slett, name="timemal_slett"),
    path("timer/<uuid:time_id>/ankommet/", views.time_ankommet, name="time_ankommet"),
    path("timer/<uuid:time_id>/ikke-mott/", views.time_ikke_mott, name="time_ikke_mott"),
    path("timer/<uuid:time_id>/avlys/", views.time_avlys, name="time_avlys"),
    path("timer/<uuid:time_id>/flytt/", views.time_flytt, name="time_flytt"),
    # the GP: waiting room and consultation
    path("venterom/", views.venterom, name="venterom"),
    path("timer/<uuid:time_id>/konsultasjon/", views.konsultasjon_apne, name="konsultasjon_apne"),
    path(KONS, views.konsultasjon, name="konsultasjon"),
    path(f"{KONS}lagre/", views.konsultasjon_oppdater, name="konsultasjon_oppdater"),
    path(f"{KONS}diagnose/", views.konsultasjon_diagnose, name="konsultasjon_diagnose"),
    path(f"{KONS}takst/", views.konsultasjon_takst, name="konsultasjon_takst"),
    path(f"{KONS}signer/", views.konsultasjon_signer, name="konsultasjon_signer"),
    path(f"{KONS}betaling/", views.konsultasjon_betaling, name="konsultasjon_betaling"),
    # lists
    path("lister/", views.lister, name="lister"),
    path("lister/<uuid:liste_id>/", views.liste, name="liste"),
    path("lister/<uuid:liste_id>/meld-inn/", views.liste_meld_inn, name="liste_meld_inn"),
    path(
        "lister/<uuid:liste_id>/plass/<uuid:plass_id>/meld-ut/",
        views.liste_meld_ut,
        name="liste_meld_ut",
    ),
]
