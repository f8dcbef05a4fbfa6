"""Medication API, under /api/v1/legemidler/."""

from django.urls import URLPattern, path

from legemidler import apis

urlpatterns: list[URLPattern] = [
    # utdeling: the round, signing, PRN, missed doses
    path("runder/", apis.RundeListApi.as_view(), name="legemidler-runde"),
    path(
        "administrasjoner/",
        apis.AdministrasjonCreateApi.as_view(),
        name="legemidler-administrasjon-create",
    ),
    path(
        "administrasjoner/<uuid:administrasjon_id>/kontrollsignatur/",
        apis.AdministrasjonCosignApi.as_view(),
        name="legemidler-administrasjon-cosign",
    ),
    path(
        "administrasjoner/<uuid:administrasjon_id>/korrigering/",
        apis.AdministrasjonCorrectApi.as_view(),
        name="legemidler-administrasjon-correct",
    ),
    path(
        "administrasjoner/<uuid:administrasjon_id>/effekt/",
        apis.EffektCreateApi.as_view(),
        name="legemidler-effekt",
    ),
    path(
        "forordninger/<uuid:forordning_id>/behovsdoser/",
        apis.BehovsdoseCreateApi.as_view(),
        name="legemidler-behovsdose",
    ),
    path("dosevarsler/", apis.DosevarselListApi.as_view(), name="legemidler-dosevarsler"),
    path(
        "dosevarsler/<uuid:dosevarsel_id>/lukk/",
        apis.DosevarselCloseApi.as_view(),
        name="legemidler-dosevarsel-lukk",
    ),
    # multidose: deliveries of an order's changes to the pharmacy
    path(
        "forordninger/<uuid:forordning_id>/multidose/",
        apis.MultidoseleveringListApi.as_view(),
        name="legemidler-multidose",
    ),
    # kurve: the chart
    path("pasienter/<uuid:pasient_id>/kurve/", apis.KurveGetApi.as_view(), name="legemidler-kurve"),
]
