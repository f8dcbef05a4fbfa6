"""Medication pages, under /legemidler/ (namespace "legemidler")."""

from django.urls import URLPattern, path

from legemidler import views

app_name = "legemidler"

urlpatterns: list[URLPattern] = [
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
