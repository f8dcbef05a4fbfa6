"""API URLs for tildeling (included from config.urls api_v1)."""

from django.urls import URLPattern, path

from tildeling import apis

urlpatterns: list[URLPattern] = [
    # sak: applications and cases
    path("soknader/", apis.SoeknadCollectionApi.as_view(), name="tildeling-soknader"),
    path("saker/", apis.SakListApi.as_view(), name="tildeling-saker"),
    path("saker/<uuid:sak_id>/", apis.SakDetailApi.as_view(), name="tildeling-sak"),
    # vedtak: decisions and the letter
    path("vedtak/", apis.VedtakListApi.as_view(), name="tildeling-vedtak-liste"),
    path("vedtak/<uuid:vedtak_id>/", apis.VedtakDetailApi.as_view(), name="tildeling-vedtak"),
    path(
        "vedtak/<uuid:vedtak_id>/brev.pdf",
        apis.VedtaksbrevApi.as_view(),
        name="tildeling-vedtak-brev",
    ),
    # klage: appeals
    path("klager/", apis.KlageCollectionApi.as_view(), name="tildeling-klager"),
]
