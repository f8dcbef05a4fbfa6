from django.urls import path

from journal.apis import kartlegging, kritisk, maaling, notat, oversikt, pasient, tilgang
from journal.apis import tiltaksplan as a

NOTAT = "pasienter/<uuid:pasient_id>/journalnotater/<uuid:notat_id>/"
KARTLEGGING = "pasienter/<uuid:pasient_id>/kartlegginger/<uuid:kartlegging_id>/"
P = "pasienter/<uuid:pasient_id>/"
PLAN = f"{P}tiltaksplaner/<uuid:plan_id>/"

urlpatterns = [
    # Patients (pasient)
    path("pasienter/", pasient.PasientCollectionApi.as_view(), name="pasient-list"),
    path("pasienter/<uuid:pasient_id>/", pasient.PasientDetailApi.as_view(), name="pasient-detail"),
    # Access (tilgang)
    path(
        "pasienter/<uuid:pasient_id>/akuttilgang/",
        tilgang.AkuttilgangCreateApi.as_view(),
        name="pasient-akuttilgang",
    ),
    path(
        "pasienter/<uuid:pasient_id>/tilgangslogg/",
        tilgang.TilgangsloggApi.as_view(),
        name="pasient-tilgangslogg",
    ),
    # Journal notes (notat)
    path("notattyper/", notat.NotattypeListApi.as_view(), name="notattype-list"),
    path(
        "pasienter/<uuid:pasient_id>/journalnotater/",
        notat.JournalnotatCollectionApi.as_view(),
        name="pasient-journalnotat-list",
    ),
    path(
        "pasienter/<uuid:pasient_id>/journalnotater/sok/",
        notat.JournalnotatSearchApi.as_view(),
        name="pasient-journalnotat-sok",
    ),
    path(NOTAT, notat.JournalnotatDetailApi.as_view(), name="pasient-journalnotat-detail"),
    path(
        f"{NOTAT}historikk/",
        notat.JournalnotatHistorikkApi.as_view(),
        name="pasient-journalnotat-historikk",
    ),
    path(
        f"{NOTAT}signer/", notat.JournalnotatSignApi.as_view(), name="pasient-journalnotat-signer"
    ),
    path(
        f"{NOTAT}korriger/",
        notat.JournalnotatCorrectApi.as_view(),
        name="pasient-journalnotat-korriger",
    ),
    path(
        f"{NOTAT}feilregistrer/",
        notat.JournalnotatFeilregistrerApi.as_view(),
        name="pasient-journalnotat-feilregistrer",
    ),
    path(
        f"{NOTAT}kontrasigner/",
        notat.JournalnotatCountersignApi.as_view(),
        name="pasient-journalnotat-kontrasigner",
    ),
    # Critical information and diagnoses (kritisk)
    path(
        "pasienter/<uuid:pasient_id>/kritisk-info/",
        kritisk.KritiskInfoCollectionApi.as_view(),
        name="pasient-kritisk-info",
    ),
    path(
        "pasienter/<uuid:pasient_id>/kritisk-info/<uuid:kritisk_id>/avslutt/",
        kritisk.KritiskInfoDeactivateApi.as_view(),
        name="pasient-kritisk-info-avslutt",
    ),
    path(
        "pasienter/<uuid:pasient_id>/diagnoser/",
        kritisk.DiagnoseCollectionApi.as_view(),
        name="pasient-diagnoser",
    ),
    path(
        "pasienter/<uuid:pasient_id>/diagnoser/<uuid:diagnose_id>/avslutt/",
        kritisk.DiagnoseCloseApi.as_view(),
        name="pasient-diagnose-avslutt",
    ),
    # Measurements (maling)
    path(
        "pasienter/<uuid:pasient_id>/malinger/",
        maaling.MaalingCollectionApi.as_view(),
        name="pasient-malinger",
    ),
    path(
        "pasienter/<uuid:pasient_id>/malinger/<uuid:maling_id>/feilregistrer/",
        maaling.MaalingFeilregistrerApi.as_view(),
        name="pasient-maling-feilregistrer",
    ),
    # Clinical summary (oversikt)
    path(
        "pasienter/<uuid:pasient_id>/oversikt/",
        oversikt.OversiktApi.as_view(),
        name="pasient-oversikt",
    ),
    # Assessments (kartlegging)
    path(
        "kartleggingsskjema/",
        kartlegging.KartleggingsskjemaListApi.as_view(),
        name="kartleggingsskjema-list",
    ),
    path(
        "pasienter/<uuid:pasient_id>/kartlegginger/",
        kartlegging.KartleggingCollectionApi.as_view(),
        name="pasient-kartlegginger",
    ),
    path(
        KARTLEGGING,
        kartlegging.KartleggingDetailApi.as_view(),
        name="pasient-kartlegging-detail",
    ),
    path(
        f"{KARTLEGGING}fullfor/",
        kartlegging.KartleggingFullfoerApi.as_view(),
        name="pasient-kartlegging-fullfor",
    ),
    path(
        f"{KARTLEGGING}feilregistrer/",
        kartlegging.KartleggingFeilregistrerApi.as_view(),
        name="pasient-kartlegging-feilregistrer",
    ),
    # Care plans and the task-list interface (tiltaksplan)
    path(f"{P}tiltaksplaner/", a.TiltaksplanCollectionApi.as_view(), name="pasient-tiltaksplaner"),
    path(PLAN, a.TiltaksplanDetailApi.as_view(), name="pasient-tiltaksplan-detail"),
    path(f"{PLAN}avslutt/", a.TiltaksplanAvsluttApi.as_view(), name="pasient-tiltaksplan-avslutt"),
    path(f"{PLAN}individuell-plan/", a.TiltaksplanIpApi.as_view(), name="pasient-tiltaksplan-ip"),
    path(f"{PLAN}behov/", a.BehovCreateApi.as_view(), name="pasient-tiltaksplan-behov"),
    path(f"{PLAN}tiltak/", a.TiltakCreateApi.as_view(), name="pasient-tiltaksplan-tiltak"),
    path(
        f"{PLAN}evalueringer/",
        a.EvalueringCollectionApi.as_view(),
        name="pasient-tiltaksplan-evalueringer",
    ),
    path(f"{P}behov/<uuid:behov_id>/los/", a.BehovLosApi.as_view(), name="pasient-behov-los"),
    path(f"{P}behov/<uuid:behov_id>/maal/", a.MaalCreateApi.as_view(), name="pasient-behov-maal"),
    path(f"{P}maal/<uuid:maal_id>/naadd/", a.MaalNaaddApi.as_view(), name="pasient-maal-naadd"),
    path(
        f"{P}tiltak/<uuid:tiltak_id>/endre/",
        a.TiltakEndreApi.as_view(),
        name="pasient-tiltak-endre",
    ),
    path(
        f"{P}tiltak/<uuid:tiltak_id>/avslutt/",
        a.TiltakAvsluttApi.as_view(),
        name="pasient-tiltak-avslutt",
    ),
    path("tiltak/forekomster/", a.TiltakForekomsterApi.as_view(), name="tiltak-forekomster"),
]
