from django.urls import path

from journal import (
    api_urls_kartlegging,
    api_urls_kritisk,
    api_urls_maling,
    api_urls_notat,
    api_urls_oversikt,
    api_urls_tiltaksplan,
    apis,
)

urlpatterns = [
    path("pasienter/", apis.PasientCollectionApi.as_view(), name="pasient-list"),
    path("pasienter/<uuid:pasient_id>/", apis.PasientDetailApi.as_view(), name="pasient-detail"),
    path(
        "pasienter/<uuid:pasient_id>/akuttilgang/",
        apis.AkuttilgangCreateApi.as_view(),
        name="pasient-akuttilgang",
    ),
    path(
        "pasienter/<uuid:pasient_id>/tilgangslogg/",
        apis.TilgangsloggApi.as_view(),
        name="pasient-tilgangslogg",
    ),
]

urlpatterns += (
    api_urls_notat.urlpatterns
    + api_urls_kritisk.urlpatterns
    + api_urls_maling.urlpatterns
    + api_urls_oversikt.urlpatterns
    + api_urls_kartlegging.urlpatterns
)

# Care plans (tiltaksplan)
urlpatterns += api_urls_tiltaksplan.urlpatterns
