"""Medication pages, under /legemidler/ (namespace "legemidler")."""

from django.urls import URLPattern, path

from legemidler import views

app_name = "legemidler"

P = "pasient/<uuid:pasient_id>/"
F = f"{P}forordning/<uuid:forordning_id>/"
S = f"{P}samstemming/<uuid:samstemming_id>/"

urlpatterns: list[URLPattern] = [
    # The medication list and orders (forordning)
    path(P, views.legemiddelliste, name="legemiddelliste"),
    path(f"{P}pdf/", views.legemiddelliste_pdf, name="legemiddelliste_pdf"),
    path(f"{P}ny/", views.forordning_ny, name="forordning_ny"),
    path(F, views.forordning_detalj, name="forordning_detalj"),
    path(f"{F}seponer/", views.forordning_seponer, name="forordning_seponer"),
    path(f"{F}bekreft/", views.forordning_bekreft, name="forordning_bekreft"),
    path("telefonordinasjoner/", views.telefonordinasjoner, name="telefonordinasjoner"),
    # Reconciliation and review (samstemming)
    path(f"{P}samstemming/", views.samstemminger, name="samstemminger"),
    path(f"{P}samstemming/ny/", views.samstemming_ny, name="samstemming_ny"),
    path(f"{S}", views.samstemming_detalj, name="samstemming_detalj"),
    path(f"{S}linje/", views.samstemming_linje_ny, name="samstemming_linje_ny"),
    path(
        f"{S}linje/<uuid:linje_id>/",
        views.samstemming_linje_beslutt,
        name="samstemming_linje_beslutt",
    ),
    path(f"{S}signer/", views.samstemming_signer, name="samstemming_signer"),
    path(f"{P}gjennomgang/ny/", views.gjennomgang_ny, name="gjennomgang_ny"),
    # utdeling: the round, signing, PRN, missed doses
    path("utdeling/", views.runde, name="runde"),
    path("utdeling/signer/", views.dose_signer, name="dose_signer"),
    path("utdeling/<uuid:administrasjon_id>/kontroll/", views.dose_kontroll, name="dose_kontroll"),
    path("utdeling/<uuid:administrasjon_id>/korriger/", views.dose_korriger, name="dose_korriger"),
    path("utdeling/<uuid:administrasjon_id>/effekt/", views.effekt, name="effekt"),
    path("utdeling/behov/<uuid:forordning_id>/", views.behov_gi, name="behov_gi"),
    path("dosevarsler/", views.dosevarsler, name="dosevarsler"),
    path("dosevarsler/<uuid:dosevarsel_id>/lukk/", views.dosevarsel_lukk, name="dosevarsel_lukk"),
    # kurve: the chart
    path("pasient/<uuid:pasient_id>/kurve/", views.kurve, name="kurve"),
    path("pasient/<uuid:pasient_id>/kurve.pdf", views.kurve_pdf, name="kurve_pdf"),
]
