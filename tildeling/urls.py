from django.urls import path

from tildeling.views import klage, leder, sak, vedtak

app_name = "tildeling"

urlpatterns = [
    path("", sak.arbeidsliste_view, name="arbeidsliste"),
    path("soknad/ny/", sak.soknad_ny, name="soknad_ny"),
    path("saker/<uuid:sak_id>/", sak.sak_view, name="sak"),
    path("saker/<uuid:sak_id>/status/", sak.sak_status_view, name="sak_status"),
    path("saker/<uuid:sak_id>/tildel/", sak.sak_tildel_view, name="sak_tildel"),
    path("saker/<uuid:sak_id>/notat/", sak.sak_notat_view, name="sak_notat"),
    path("saker/<uuid:sak_id>/kartlegging/", sak.sak_kartlegging_view, name="sak_kartlegging"),
    path("saker/<uuid:sak_id>/vedtak/ny/", vedtak.vedtak_ny, name="vedtak_ny"),
    path("vedtak/<uuid:vedtak_id>/", vedtak.vedtak_view, name="vedtak"),
    path("vedtak/<uuid:vedtak_id>/endre/", vedtak.vedtak_endre, name="vedtak_endre"),
    path("vedtak/<uuid:vedtak_id>/fatt/", vedtak.vedtak_fatt_view, name="vedtak_fatt"),
    path("vedtak/<uuid:vedtak_id>/godkjenn/", vedtak.vedtak_godkjenn_view, name="vedtak_godkjenn"),
    path("vedtak/<uuid:vedtak_id>/returner/", vedtak.vedtak_returner_view, name="vedtak_returner"),
    path("vedtak/<uuid:vedtak_id>/avslutt/", vedtak.vedtak_avslutt_view, name="vedtak_avslutt"),
    path("vedtak/<uuid:vedtak_id>/erstatt/", vedtak.vedtak_erstatt_view, name="vedtak_erstatt"),
    path("vedtak/<uuid:vedtak_id>/brev.pdf", vedtak.vedtak_brev, name="vedtak_brev"),
    path(
        "vedtak/<uuid:vedtak_id>/brev-sendt/",
        vedtak.vedtak_brev_sendt_view,
        name="vedtak_brev_sendt",
    ),
    path("vedtak/<uuid:vedtak_id>/klage/", vedtak.klage_ny, name="klage_ny"),
    path("klager/<uuid:klage_id>/", klage.klage_view, name="klage"),
    path("klager/<uuid:klage_id>/vurder/", klage.klage_vurder_view, name="klage_vurder"),
    path("klager/<uuid:klage_id>/oversend/", klage.klage_oversend_view, name="klage_oversend"),
    path("klager/<uuid:klage_id>/avgjort/", klage.klage_avgjort_view, name="klage_avgjort"),
    path("varsler/", leder.varsler_view, name="varsler"),
    path("varsler/<uuid:varsel_id>/lost/", leder.varsel_lost_view, name="varsel_lost"),
    path("rapporter/", leder.rapporter_view, name="rapporter"),
]
