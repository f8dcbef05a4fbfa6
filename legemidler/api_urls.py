from django.urls import path

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
]
