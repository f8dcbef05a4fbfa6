from django.urls import path

from legemidler import apis
from legemidler.apis import forordning as f
from legemidler.apis import samstemming as s

P = "pasienter/<uuid:pasient_id>/legemidler/"
F = f"{P}<uuid:forordning_id>/"
S = "pasienter/<uuid:pasient_id>/legemiddelsamstemminger/<uuid:samstemming_id>/"

urlpatterns = [
    # The medication list and orders (forordning)
    path(P, f.LegemiddellisteApi.as_view(), name="pasient-legemidler"),
    path(F, f.ForordningDetailApi.as_view(), name="pasient-legemidler-detail"),
    path(f"{F}seponer/", f.ForordningStopApi.as_view(), name="pasient-legemidler-seponer"),
    path(f"{F}bekreft/", f.ForordningConfirmApi.as_view(), name="pasient-legemidler-bekreft"),
    path(
        "legemidler/telefonordinasjoner/",
        f.TelefonordinasjonListApi.as_view(),
        name="legemidler-telefonordinasjoner",
    ),
    # Reconciliation and review (samstemming)
    path(
        "pasienter/<uuid:pasient_id>/legemiddelsamstemminger/",
        s.SamstemmingCollectionApi.as_view(),
        name="pasient-legemiddelsamstemminger",
    ),
    path(S, s.SamstemmingDetailApi.as_view(), name="pasient-legemiddelsamstemming-detail"),
    path(
        f"{S}linjer/", s.SamstemmingLinjeApi.as_view(), name="pasient-legemiddelsamstemming-linje"
    ),
    path(
        f"{S}linjer/<uuid:linje_id>/beslutt/",
        s.SamstemmingLinjeDecideApi.as_view(),
        name="pasient-legemiddelsamstemming-beslutt",
    ),
    path(
        f"{S}signer/", s.SamstemmingSignApi.as_view(), name="pasient-legemiddelsamstemming-signer"
    ),
    path(
        "pasienter/<uuid:pasient_id>/legemiddelgjennomganger/",
        s.GjennomgangCreateApi.as_view(),
        name="pasient-legemiddelgjennomganger",
    ),
    # The catalogue (katalog)
    path("legemidler/katalog/", f.LegemiddelSearchApi.as_view(), name="legemidler-katalog"),
    # utdeling: the round, signing, PRN, missed doses
    path("legemidler/runder/", apis.RundeListApi.as_view(), name="legemidler-runde"),
    path(
        "legemidler/administrasjoner/",
        apis.AdministrasjonCreateApi.as_view(),
        name="legemidler-administrasjon-create",
    ),
    path(
        "legemidler/administrasjoner/<uuid:administrasjon_id>/kontrollsignatur/",
        apis.AdministrasjonCosignApi.as_view(),
        name="legemidler-administrasjon-cosign",
    ),
    path(
        "legemidler/administrasjoner/<uuid:administrasjon_id>/korrigering/",
        apis.AdministrasjonCorrectApi.as_view(),
        name="legemidler-administrasjon-correct",
    ),
    path(
        "legemidler/administrasjoner/<uuid:administrasjon_id>/effekt/",
        apis.EffektCreateApi.as_view(),
        name="legemidler-effekt",
    ),
    path(
        "legemidler/forordninger/<uuid:forordning_id>/behovsdoser/",
        apis.BehovsdoseCreateApi.as_view(),
        name="legemidler-behovsdose",
    ),
    path(
        "legemidler/dosevarsler/", apis.DosevarselListApi.as_view(), name="legemidler-dosevarsler"
    ),
    path(
        "legemidler/dosevarsler/<uuid:dosevarsel_id>/lukk/",
        apis.DosevarselCloseApi.as_view(),
        name="legemidler-dosevarsel-lukk",
    ),
    # multidose: deliveries of an order's changes to the pharmacy
    path(
        "legemidler/forordninger/<uuid:forordning_id>/multidose/",
        apis.MultidoseleveringListApi.as_view(),
        name="legemidler-multidose",
    ),
    # kurve: the chart
    path(
        "legemidler/pasienter/<uuid:pasient_id>/kurve/",
        apis.KurveGetApi.as_view(),
        name="legemidler-kurve",
    ),
]
