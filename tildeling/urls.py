from django.urls import path

from tildeling.views import klage, rapport, sak, varsel, vedtak

app_name = "tildeling"

urlpatterns = [
    # sak: the worklist, applications and cases
    path("", sak.arbeidsliste_view, name="arbeidsliste"),
    path("soknad/ny/", sak.soeknad_ny, name="soeknad_ny"),
    path("soknad/pasient/", sak.soeknad_pasient_view, name="soknad_pasient"),
    path("saker/<uuid:sak_id>/", sak.sak_view, name="sak"),
    path("saker/<uuid:sak_id>/status/", sak.sak_status_view, name="sak_status"),
    path("saker/<uuid:sak_id>/tildel/", sak.sak_assign_view, name="sak_tildel"),
    path("saker/<uuid:sak_id>/notat/", sak.sak_notat_view, name="sak_notat"),
    path("saker/<uuid:sak_id>/kartlegging/", sak.sak_kartlegging_view, name="sak_kartlegging"),
    # vedtak: decisions and the letter
    path("saker/<uuid:sak_id>/vedtak/ny/", vedtak.vedtak_ny, name="vedtak_ny"),
    path("vedtak/<uuid:vedtak_id>/", vedtak.vedtak_view, name="vedtak"),
    path("vedtak/<uuid:vedtak_id>/endre/", vedtak.vedtak_edit, name="vedtak_endre"),
    path("vedtak/<uuid:vedtak_id>/fatt/", vedtak.vedtak_decide_view, name="vedtak_fatt"),
    path("vedtak/<uuid:vedtak_id>/godkjenn/", vedtak.vedtak_approve_view, name="vedtak_godkjenn"),
    path("vedtak/<uuid:vedtak_id>/returner/", vedtak.vedtak_return_view, name="vedtak_returner"),
    path("vedtak/<uuid:vedtak_id>/avslutt/", vedtak.vedtak_end_view, name="vedtak_avslutt"),
    path("vedtak/<uuid:vedtak_id>/erstatt/", vedtak.vedtak_replace_view, name="vedtak_erstatt"),
    path("vedtak/<uuid:vedtak_id>/brev.pdf", vedtak.vedtak_brev, name="vedtak_brev"),
    path(
        "vedtak/<uuid:vedtak_id>/brev-sendt/",
        vedtak.vedtak_brev_sendt_view,
        name="vedtak_brev_sendt",
    ),
    # klage: appeals
    path("vedtak/<uuid:vedtak_id>/klage/", klage.klage_ny, name="klage_ny"),
    path("klager/<uuid:klage_id>/", klage.klage_view, name="klage"),
    path("klager/<uuid:klage_id>/vurder/", klage.klage_assess_view, name="klage_vurder"),
    path("klager/<uuid:klage_id>/oversend/", klage.klage_forward_view, name="klage_oversend"),
    path("klager/<uuid:klage_id>/avgjort/", klage.klage_decided_view, name="klage_avgjort"),
    # varsel and rapport: the leader's alerts and reports
    path("varsler/", varsel.varsler_view, name="varsler"),
    path("varsler/<uuid:varsel_id>/lost/", varsel.varsel_resolve_view, name="varsel_lost"),
    path("rapporter/", rapport.rapporter_view, name="rapporter"),
]
