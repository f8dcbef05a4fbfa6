from django.urls import path

from journal.views import kartlegging, kritisk, maaling, notat, oversikt, pasient, tilgang
from journal.views import tiltaksplan as v

app_name = "journal"

P = "<uuid:pasient_id>/tiltaksplan/"

urlpatterns = [
    # Patients (pasient)
    path("", pasient.pasient_soek, name="pasient_soek"),
    path("ny/", pasient.pasient_ny, name="pasient_ny"),
    # Access (tilgang)
    path("tilgang/", tilgang.tilgang_be_om, name="tilgang_be_om"),
    path("tilgangskontroll/", tilgang.loggkontroll, name="loggkontroll"),
    path("tilgangskontroll/logganalyse.csv", tilgang.loggkontroll_csv, name="loggkontroll_csv"),
    path(
        "tilgangskontroll/akutt/<uuid:tilgang_id>/gjennomga/",
        tilgang.akuttilgang_gjennomgaa,
        name="akuttilgang_gjennomgaa",
    ),
    path("<uuid:pasient_id>/", pasient.pasient_detalj, name="pasient_detalj"),
    path("<uuid:pasient_id>/tilgangslogg/", tilgang.tilgangslogg, name="tilgangslogg"),
    path("<uuid:pasient_id>/sperringer/", tilgang.sperringer, name="sperringer"),
    # Journal notes (notat)
    path("<uuid:pasient_id>/notater/", notat.notat_liste, name="notat_liste"),
    path("<uuid:pasient_id>/notater/ny/", notat.notat_ny, name="notat_ny"),
    path(
        "<uuid:pasient_id>/notater/<uuid:notat_id>/",
        notat.notat_detalj,
        name="notat_detalj",
    ),
    path(
        "<uuid:pasient_id>/notater/<uuid:notat_id>/historikk/",
        notat.notat_historikk,
        name="notat_historikk",
    ),
    # Critical information and diagnoses (kritisk)
    path("kodeverk/", kritisk.kode_soek, name="kode_soek"),
    path("<uuid:pasient_id>/kritisk/", kritisk.kritisk, name="kritisk"),
    path("<uuid:pasient_id>/kritisk/ny/", kritisk.kritisk_ny, name="kritisk_ny"),
    path(
        "<uuid:pasient_id>/kritisk/<uuid:kritisk_id>/avslutt/",
        kritisk.kritisk_avslutt,
        name="kritisk_avslutt",
    ),
    path("<uuid:pasient_id>/diagnoser/ny/", kritisk.diagnose_ny, name="diagnose_ny"),
    path(
        "<uuid:pasient_id>/diagnoser/<uuid:diagnose_id>/avslutt/",
        kritisk.diagnose_avslutt,
        name="diagnose_avslutt",
    ),
    # Measurements (maling)
    path("<uuid:pasient_id>/malinger/", maaling.malinger, name="malinger"),
    path("<uuid:pasient_id>/malinger/ny/", maaling.maaling_ny, name="maaling_ny"),
    path(
        "<uuid:pasient_id>/malinger/<uuid:maling_id>/feilregistrer/",
        maaling.maaling_feilregistrer_view,
        name="maling_feilregistrer",
    ),
    # Clinical summary and the journal print (oversikt)
    path("<uuid:pasient_id>/oversikt/", oversikt.oversikt, name="oversikt"),
    path("<uuid:pasient_id>/utskrift/", oversikt.utskrift, name="utskrift"),
    # Assessments (kartlegging)
    path("<uuid:pasient_id>/kartlegging/", kartlegging.kartlegginger, name="kartlegginger"),
    path("<uuid:pasient_id>/kartlegging/ny/", kartlegging.kartlegging_ny, name="kartlegging_ny"),
    path(
        "<uuid:pasient_id>/kartlegging/utvikling/",
        kartlegging.kartlegging_utvikling_view,
        name="kartlegging_utvikling",
    ),
    path(
        "<uuid:pasient_id>/kartlegging/<uuid:kartlegging_id>/",
        kartlegging.kartlegging_detalj,
        name="kartlegging_detalj",
    ),
    path(
        "<uuid:pasient_id>/kartlegging/<uuid:kartlegging_id>/rediger/",
        kartlegging.kartlegging_rediger,
        name="kartlegging_rediger",
    ),
    path(
        "<uuid:pasient_id>/kartlegging/<uuid:kartlegging_id>/feilregistrer/",
        kartlegging.kartlegging_feilregistrer_view,
        name="kartlegging_feilregistrer",
    ),
    # Care plans (tiltaksplan)
    path("tiltak/i-dag/", v.tiltak_i_dag, name="tiltak_i_dag"),
    path(P, v.tiltaksplan, name="tiltaksplan"),
    path(f"{P}ny/", v.tiltaksplan_ny, name="tiltaksplan_ny"),
    path(f"{P}historikk/", v.tiltaksplan_historikk, name="tiltaksplan_historikk"),
    path(f"{P}evaluering/ny/", v.evaluering_ny, name="evaluering_ny"),
    path(f"{P}<uuid:plan_id>/", v.tiltaksplan_detalj, name="tiltaksplan_detalj"),
    path(f"{P}<uuid:plan_id>/avslutt/", v.tiltaksplan_avslutt, name="tiltaksplan_avslutt"),
    path(f"{P}<uuid:plan_id>/ip/", v.tiltaksplan_ip, name="tiltaksplan_ip"),
    path(f"{P}<uuid:plan_id>/behov/ny/", v.behov_ny, name="behov_ny"),
    path(f"{P}<uuid:plan_id>/tiltak/ny/", v.tiltak_ny, name="tiltak_ny"),
    path(f"{P}behov/<uuid:behov_id>/los/", v.behov_los, name="behov_los"),
    path(f"{P}behov/<uuid:behov_id>/maal/ny/", v.maal_ny, name="maal_ny"),
    path(f"{P}maal/<uuid:maal_id>/naadd/", v.maal_naadd, name="maal_naadd"),
    path(f"{P}tiltak/<uuid:tiltak_id>/endre/", v.tiltak_endre, name="tiltak_endre"),
    path(f"{P}tiltak/<uuid:tiltak_id>/avslutt/", v.tiltak_avslutt, name="tiltak_avslutt"),
]
