"""API URLs for nursing homes, under /api/v1/sykehjem/ (names "api:sykehjem-*")."""

from django.urls import URLPattern, path

from tjenester.sykehjem import apis

OPPHOLD = "opphold/<uuid:opphold_id>/"

urlpatterns: list[URLPattern] = [
    path("senger/", apis.SengListApi.as_view(), name="sykehjem-senger"),
    path("belegg/", apis.BeleggApi.as_view(), name="sykehjem-belegg"),
    path("opphold/", apis.OppholdCollectionApi.as_view(), name="sykehjem-opphold"),
    path(OPPHOLD, apis.OppholdDetailApi.as_view(), name="sykehjem-opphold-detail"),
    path(f"{OPPHOLD}innlegg/", apis.OppholdInnleggApi.as_view(), name="sykehjem-opphold-innlegg"),
    path(
        f"{OPPHOLD}overflytt/",
        apis.OppholdOverflyttApi.as_view(),
        name="sykehjem-opphold-overflytt",
    ),
    path(f"{OPPHOLD}fravar/", apis.OppholdFravaerApi.as_view(), name="sykehjem-opphold-fravar"),
    path(f"{OPPHOLD}utskriv/", apis.OppholdUtskrivApi.as_view(), name="sykehjem-opphold-utskriv"),
    path(
        f"{OPPHOLD}dodsfall/", apis.OppholdDoedsfallApi.as_view(), name="sykehjem-opphold-dodsfall"
    ),
    path(
        f"{OPPHOLD}annuller/", apis.OppholdAnnullerApi.as_view(), name="sykehjem-opphold-annuller"
    ),
    path(
        "fravar/<uuid:fravar_id>/slutt/",
        apis.FravaerSluttApi.as_view(),
        name="sykehjem-fravar-slutt",
    ),
    path("venteliste/", apis.VentelisteApi.as_view(), name="sykehjem-venteliste"),
    path(
        "venteliste/<uuid:venteliste_id>/fjern/",
        apis.VentelisteFjernApi.as_view(),
        name="sykehjem-venteliste-fjern",
    ),
    path("oppgaver/", apis.OppgaveListApi.as_view(), name="sykehjem-oppgaver"),
    path("oppgaver/kvitter/", apis.OppgaveKvitterApi.as_view(), name="sykehjem-oppgave-kvitter"),
]
