from django.urls import path

from journal import (
    urls_kartlegging,
    urls_kritisk,
    urls_maling,
    urls_notat,
    urls_oversikt,
    urls_tiltaksplan,
)
from journal.views import pasient, tilgang

app_name = "journal"

urlpatterns = [
    path("", pasient.pasient_sok, name="pasient_sok"),
    path("ny/", pasient.pasient_ny, name="pasient_ny"),
    path("tilgang/", tilgang.tilgang_be_om, name="tilgang_be_om"),
    path("tilgangskontroll/", tilgang.loggkontroll, name="loggkontroll"),
    path("tilgangskontroll/logganalyse.csv", tilgang.loggkontroll_csv, name="loggkontroll_csv"),
    path(
        "tilgangskontroll/akutt/<uuid:tilgang_id>/gjennomga/",
        tilgang.akuttilgang_gjennomga,
        name="akuttilgang_gjennomga",
    ),
    path("<uuid:pasient_id>/", pasient.pasient_detalj, name="pasient_detalj"),
    path("<uuid:pasient_id>/tilgangslogg/", tilgang.tilgangslogg, name="tilgangslogg"),
    path("<uuid:pasient_id>/sperringer/", tilgang.sperringer, name="sperringer"),
]

# Clinical documentation, one module per area.
urlpatterns += (
    urls_notat.urlpatterns
    + urls_kritisk.urlpatterns
    + urls_maling.urlpatterns
    + urls_oversikt.urlpatterns
    + urls_kartlegging.urlpatterns
)

# Care plans (tiltaksplan)
urlpatterns += urls_tiltaksplan.urlpatterns
