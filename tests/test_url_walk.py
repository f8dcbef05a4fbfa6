"""Walks the URL conf: every journal / patient API endpoint must be listed here, and each
patient-data endpoint is checked for the same 404 to strangers and an audit row on use.

A new endpoint under journal:* or api:pasient* fails this test until it is added below
with its access and audit checks.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from rest_framework.test import APIClient

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg
from journal.models import Pasient
from tests.conftest import api_client
from tests.factories import JournalnotatFactory, KartleggingFactory
from tests.journal.tiltaksplan_data import plan_make, tiltak_make
from tests.legemidler.factories import ForordningFactory, SamstemmingFactory


@dataclass(frozen=True)
class Endpoint:
    path: str  # "{pasient}" is replaced by the patient's id
    method: str = "get"
    data: dict[str, object] = field(default_factory=dict)
    audited: bool = True
    # the allowed actor (a doctor) may open the record but lacks this page's own right
    allowed_status: int = 200
    # patient data made before the call, by placeholder name in `path` (see SETUP)
    needs: tuple[str, ...] = ()


# What an endpoint under test needs to exist in the patient's record: placeholder → id.
SETUP: dict[str, Callable[[Pasient], object]] = {
    "notat": lambda pasient: JournalnotatFactory(pasient=pasient, signert=True).pk,
    # Care plans (tiltaksplan)
    "plan": lambda pasient: plan_make(pasient).pk,
    "tiltak": lambda pasient: tiltak_make(plan_make(pasient)).pk,
    "kartlegging": lambda pasient: KartleggingFactory(pasient=pasient).pk,
    "forordning": lambda pasient: ForordningFactory(pasient=pasient).pk,
    "samstemming": lambda pasient: SamstemmingFactory(pasient=pasient).pk,
}
NOTAT = "{pasient}/journalnotater/{notat}"
ANY_ID = "00000000-0000-4000-8000-000000000000"  # an entry that need not exist


PATIENT = {
    # legemidler: the chart (kurve)
    "legemidler:kurve": Endpoint("/legemidler/pasient/{pasient}/kurve/"),
    "legemidler:kurve_pdf": Endpoint("/legemidler/pasient/{pasient}/kurve.pdf"),
    "api:legemidler-kurve": Endpoint("/api/v1/legemidler/pasienter/{pasient}/kurve/"),
    "journal:notat_liste": Endpoint("/pasienter/{pasient}/notater/", needs=("notat",)),
    # outgoing messages (meldinger_ut): the patient's messages page and the send forms
    "meldinger:pasient": Endpoint("/meldinger/pasient/{pasient}/"),
    "meldinger:innleggelsesrapport": Endpoint("/meldinger/pasient/{pasient}/innleggelsesrapport/"),
    "meldinger:dialog": Endpoint("/meldinger/pasient/{pasient}/dialog/"),
    "meldinger:dialog_svar": Endpoint("/meldinger/pasient/{pasient}/dialog/svar/"),
    "journal:notat_ny": Endpoint("/pasienter/{pasient}/notater/ny/"),
    "journal:notat_detalj": Endpoint("/pasienter/{pasient}/notater/{notat}/", needs=("notat",)),
    "journal:notat_historikk": Endpoint(
        "/pasienter/{pasient}/notater/{notat}/historikk/", needs=("notat",)
    ),
    "api:pasient-journalnotat-list": Endpoint(
        "/api/v1/pasienter/{pasient}/journalnotater/", needs=("notat",)
    ),
    "api:pasient-journalnotat-sok": Endpoint(
        "/api/v1/pasienter/{pasient}/journalnotater/sok/?q=natt"
    ),
    "api:pasient-journalnotat-detail": Endpoint(f"/api/v1/pasienter/{NOTAT}/", needs=("notat",)),
    "api:pasient-journalnotat-historikk": Endpoint(
        f"/api/v1/pasienter/{NOTAT}/historikk/", needs=("notat",)
    ),
    "journal:pasient_detalj": Endpoint("/pasienter/{pasient}/"),
    # meldinger_inn: a patient's conversations with GPs and hospitals
    "meldinger:samtaler": Endpoint("/meldinger/pasient/{pasient}/samtaler/"),
    "journal:tilgangslogg": Endpoint("/pasienter/{pasient}/tilgangslogg/"),
    "journal:sperringer": Endpoint("/pasienter/{pasient}/sperringer/", allowed_status=403),
    "api:pasient-detail": Endpoint("/api/v1/pasienter/{pasient}/"),
    "api:pasient-tilgangslogg": Endpoint("/api/v1/pasienter/{pasient}/tilgangslogg/"),
    "journal:malinger": Endpoint("/pasienter/{pasient}/malinger/"),
    "journal:maaling_ny": Endpoint("/pasienter/{pasient}/malinger/ny/"),
    "api:pasient-malinger": Endpoint("/api/v1/pasienter/{pasient}/malinger/"),
    "journal:kritisk": Endpoint("/pasienter/{pasient}/kritisk/"),
    # posts without data: the page again with form errors (400), after the patient check
    "journal:kritisk_ny": Endpoint(
        "/pasienter/{pasient}/kritisk/ny/", method="post", allowed_status=400
    ),
    "journal:kritisk_avslutt": Endpoint(
        f"/pasienter/{{pasient}}/kritisk/{ANY_ID}/avslutt/", method="post", allowed_status=400
    ),
    "journal:diagnose_ny": Endpoint(
        "/pasienter/{pasient}/diagnoser/ny/", method="post", allowed_status=400
    ),
    "journal:diagnose_avslutt": Endpoint(
        f"/pasienter/{{pasient}}/diagnoser/{ANY_ID}/avslutt/", method="post", allowed_status=400
    ),
    "api:pasient-kritisk-info": Endpoint("/api/v1/pasienter/{pasient}/kritisk-info/"),
    "api:pasient-diagnoser": Endpoint("/api/v1/pasienter/{pasient}/diagnoser/"),
    "journal:oversikt": Endpoint("/pasienter/{pasient}/oversikt/", needs=("notat",)),
    "api:pasient-oversikt": Endpoint("/api/v1/pasienter/{pasient}/oversikt/", needs=("notat",)),
    # the form (GET); the PDF itself (POST) in tests/journal/test_utskrift.py
    "journal:utskrift": Endpoint("/pasienter/{pasient}/utskrift/"),
    # Care plans (tiltaksplan); writes with empty posts give the page again (400)
    "journal:tiltaksplan": Endpoint("/pasienter/{pasient}/tiltaksplan/"),
    "journal:tiltaksplan_historikk": Endpoint("/pasienter/{pasient}/tiltaksplan/historikk/"),
    "journal:tiltaksplan_detalj": Endpoint(
        "/pasienter/{pasient}/tiltaksplan/{plan}/", needs=("plan",)
    ),
    "journal:tiltak_endre": Endpoint(
        "/pasienter/{pasient}/tiltaksplan/tiltak/{tiltak}/endre/", needs=("tiltak",)
    ),
    "journal:behov_ny": Endpoint(
        "/pasienter/{pasient}/tiltaksplan/{plan}/behov/ny/",
        method="post",
        allowed_status=400,
        needs=("plan",),
    ),
    "journal:tiltak_ny": Endpoint(
        "/pasienter/{pasient}/tiltaksplan/{plan}/tiltak/ny/",
        method="post",
        allowed_status=400,
        needs=("plan",),
    ),
    "journal:evaluering_ny": Endpoint(
        "/pasienter/{pasient}/tiltaksplan/evaluering/ny/", method="post", allowed_status=400
    ),
    "journal:maal_ny": Endpoint(
        f"/pasienter/{{pasient}}/tiltaksplan/behov/{ANY_ID}/maal/ny/",
        method="post",
        allowed_status=400,
    ),
    "api:pasient-tiltaksplaner": Endpoint("/api/v1/pasienter/{pasient}/tiltaksplaner/"),
    "api:pasient-tiltaksplan-detail": Endpoint(
        "/api/v1/pasienter/{pasient}/tiltaksplaner/{plan}/", needs=("plan",)
    ),
    "api:pasient-tiltaksplan-evalueringer": Endpoint(
        "/api/v1/pasienter/{pasient}/tiltaksplaner/{plan}/evalueringer/", needs=("plan",)
    ),
    "journal:kartlegginger": Endpoint("/pasienter/{pasient}/kartlegging/", needs=("kartlegging",)),
    "journal:kartlegging_ny": Endpoint("/pasienter/{pasient}/kartlegging/ny/?skjema=iplos"),
    "journal:kartlegging_detalj": Endpoint(
        "/pasienter/{pasient}/kartlegging/{kartlegging}/", needs=("kartlegging",)
    ),
    "journal:kartlegging_utvikling": Endpoint(
        "/pasienter/{pasient}/kartlegging/utvikling/", needs=("kartlegging",)
    ),
    "api:pasient-kartlegginger": Endpoint(
        "/api/v1/pasienter/{pasient}/kartlegginger/", needs=("kartlegging",)
    ),
    "api:pasient-kartlegging-detail": Endpoint(
        "/api/v1/pasienter/{pasient}/kartlegginger/{kartlegging}/", needs=("kartlegging",)
    ),
    # home care
    "hjemmetjeneste:pasient_besoek": Endpoint("/hjemmetjeneste/pasient/{pasient}/besok/"),
    # medication (legemidler); the rest in tests/legemidler/
    "legemidler:legemiddelliste": Endpoint("/legemidler/pasient/{pasient}/"),
    "legemidler:legemiddelliste_pdf": Endpoint("/legemidler/pasient/{pasient}/pdf/"),
    "legemidler:forordning_ny": Endpoint("/legemidler/pasient/{pasient}/ny/"),
    "legemidler:forordning_detalj": Endpoint(
        "/legemidler/pasient/{pasient}/forordning/{forordning}/", needs=("forordning",)
    ),
    "api:pasient-legemidler": Endpoint("/api/v1/pasienter/{pasient}/legemidler/"),
    "api:pasient-legemidler-detail": Endpoint(
        "/api/v1/pasienter/{pasient}/legemidler/{forordning}/", needs=("forordning",)
    ),
    "legemidler:samstemminger": Endpoint("/legemidler/pasient/{pasient}/samstemming/"),
    "legemidler:samstemming_detalj": Endpoint(
        "/legemidler/pasient/{pasient}/samstemming/{samstemming}/", needs=("samstemming",)
    ),
    "api:pasient-legemiddelsamstemminger": Endpoint(
        "/api/v1/pasienter/{pasient}/legemiddelsamstemminger/"
    ),
    "api:pasient-legemiddelsamstemming-detail": Endpoint(
        "/api/v1/pasienter/{pasient}/legemiddelsamstemminger/{samstemming}/",
        needs=("samstemming",),
    ),
    # helsestasjon: growth charts (vekst)
    "helsestasjon:vekst": Endpoint("/helsestasjon/barn/{pasient}/vekst/"),
    "helsestasjon:vekst_pdf": Endpoint("/helsestasjon/barn/{pasient}/vekst/pdf/"),
}
LISTS = {
    "journal:pasient_soek": Endpoint("/pasienter/?sok={identifikator}"),
    "api:pasient-list": Endpoint("/api/v1/pasienter/?sok={identifikator}"),
}
SAMSTEMMING_TESTER = "write; tests/legemidler/views/test_samstemming.py, apis/test_samstemming.py"
# Endpoints that show no patient data before access checks of their own (tested elsewhere).
OTHER = {
    # legemidler, the round: the acting unit's lists and writes; access (other unit = 404)
    # and audit in tests/legemidler/utdeling/
    **{
        f"legemidler:{name}": "tests/legemidler/utdeling/test_views_api.py"
        for name in [
            "runde",
            "dose_signer",
            "dose_kontroll",
            "dose_korriger",
            "effekt",
            "behov_gi",
            "dosevarsler",
            "dosevarsel_lukk",
        ]
    },
    **{
        f"api:legemidler-{name}": "tests/legemidler/utdeling/test_views_api.py"
        for name in [
            "runde",
            "administrasjon-create",
            "administrasjon-cosign",
            "administrasjon-correct",
            "effekt",
            "behovsdose",
            "dosevarsler",
            "dosevarsel-lukk",
            "multidose",
        ]
    },
    "api:pasient-journalnotat-signer": "write; tests/journal/test_notat_api.py",
    "api:pasient-journalnotat-korriger": "write; tests/journal/test_notat_api.py",
    "api:pasient-journalnotat-feilregistrer": "write; tests/journal/test_notat_api.py",
    "api:pasient-journalnotat-kontrasigner": "write; tests/journal/test_notat_api.py",
    "journal:pasient_ny": "registration form; tests/journal/test_views.py",
    "journal:tilgang_be_om": "access request form; tests/journal/test_utvidet_tilgang.py",
    "api:pasient-akuttilgang": "opens access; tests/journal/test_utvidet_tilgang.py",
    "journal:loggkontroll": "leaders only; tests/journal/test_loggkontroll.py",
    "journal:loggkontroll_csv": "leaders only; tests/journal/test_loggkontroll.py",
    "journal:akuttilgang_gjennomgaa": "leaders only; tests/journal/test_loggkontroll.py",
    "journal:maling_feilregistrer": "write; tests/journal/test_maaling_views.py",
    # helsestasjon (helsestasjon branch): access matrix and audit in its own tests
    **{
        f"helsestasjon:{name}": "tests/tjenester/helsestasjon/test_views.py"
        for name in [
            "arbeidsliste",
            "innskrivning_ny",
            "barn",
            "overfoering",
            "foresatt_ny",
            "innkalling",
            "konsultasjon_ny",
            "vaksinasjon_ny",
            "reservasjon_ny",
        ]
    },
    # helsestasjon: growth (vekst)
    "helsestasjon:vekstmaaling_ny": "write; tests/tjenester/helsestasjon/test_vekst_views.py",
    "helsestasjon:fodselsopplysning_lagre": "write; tests/tjenester/helsestasjon/",
    "api:pasient-maling-feilregistrer": "write; tests/journal/test_maaling_api.py",
    "journal:kode_soek": "code lists, no patient data; tests/journal/test_kodeverk.py",
    "api:pasient-kritisk-info-avslutt": "write; tests/journal/test_kritisk_api.py",
    "api:pasient-diagnose-avslutt": "write; tests/journal/test_diagnose_api.py",
    # tildeling: the office's own case records (journal.access.restrict_unit_records); access
    # matrix (other office = same 404 as missing, no right = 403) and audit in tests/tildeling/
    **{
        f"tildeling:{name}": "tests/tildeling/test_views.py"
        for name in [
            "arbeidsliste",
            "soeknad_ny",
            "soknad_pasient",
            "sak",
            "sak_status",
            "sak_tildel",
            "sak_notat",
            "sak_kartlegging",
            "vedtak_ny",
            "vedtak",
            "vedtak_endre",
            "vedtak_fatt",
            "vedtak_godkjenn",
            "vedtak_returner",
            "vedtak_avslutt",
            "vedtak_erstatt",
            "vedtak_brev",
            "vedtak_brev_sendt",
            "klage_ny",
            "klage",
            "klage_vurder",
            "klage_oversend",
            "klage_avgjort",
            "varsler",
            "varsel_lost",
            "rapporter",
        ]
    },
    **{
        f"api:tildeling-{name}": "tests/tildeling/test_api.py"
        for name in ["soknader", "saker", "sak", "vedtak-liste", "vedtak", "vedtak-brev", "klager"]
    },
    # nursing home (tjenester.sykehjem): access matrix and audit in tests/tjenester/sykehjem/
    "sykehjem:belegg": "board; tests/tjenester/sykehjem/test_views.py, test_selectors.py",
    "sykehjem:opphold_ny": "admission; tests/tjenester/sykehjem/test_views.py",
    "sykehjem:opphold_detalj": "stay; tests/tjenester/sykehjem/test_views.py",
    "sykehjem:opphold_handling": "write; tests/tjenester/sykehjem/test_views.py",
    "sykehjem:venteliste": "waiting list; tests/tjenester/sykehjem/test_views.py",
    "sykehjem:venteliste_fjern": "write; tests/tjenester/sykehjem/test_views.py",
    "sykehjem:senger": "beds, no patient data; tests/tjenester/sykehjem/test_views.py",
    "sykehjem:vakter": "shifts, no patient data; tests/tjenester/sykehjem/test_vakter.py",
    "sykehjem:seng_aktiv": "beds, no patient data; tests/tjenester/sykehjem/test_views.py",
    "api:sykehjem-senger": "beds, no patient data; tests/tjenester/sykehjem/test_api.py",
    "api:sykehjem-belegg": "board; tests/tjenester/sykehjem/test_api.py",
    "api:sykehjem-opphold": "stays; tests/tjenester/sykehjem/test_api.py",
    "api:sykehjem-opphold-detail": "stay; tests/tjenester/sykehjem/test_api.py",
    "api:sykehjem-opphold-innlegg": "write; tests/tjenester/sykehjem/test_api.py",
    "api:sykehjem-opphold-overflytt": "write; tests/tjenester/sykehjem/test_api.py",
    "api:sykehjem-opphold-fravar": "write; tests/tjenester/sykehjem/test_api.py",
    "api:sykehjem-opphold-utskriv": "write; tests/tjenester/sykehjem/test_api.py",
    "api:sykehjem-opphold-dodsfall": "write; tests/tjenester/sykehjem/test_api.py",
    "api:sykehjem-opphold-annuller": "write; tests/tjenester/sykehjem/test_api.py",
    "api:sykehjem-fravar-slutt": "write; tests/tjenester/sykehjem/test_api.py",
    "api:sykehjem-venteliste": "waiting list; tests/tjenester/sykehjem/test_api.py",
    "api:sykehjem-venteliste-fjern": "write; tests/tjenester/sykehjem/test_api.py",
    "sykehjem:oppgaver": "ward task list; tests/tjenester/sykehjem/test_oppgaver_views.py",
    "sykehjem:oppgave_kvitter": "write; tests/tjenester/sykehjem/test_oppgaver_views.py",
    "api:sykehjem-oppgaver": "ward task list; tests/tjenester/sykehjem/test_oppgaver_api.py",
    "api:sykehjem-oppgave-kvitter": "write; tests/tjenester/sykehjem/test_oppgaver_api.py",
    # Care plans (tiltaksplan)
    "journal:tiltak_i_dag": "unit's day list; tests/journal/test_tiltaksplan_views.py",
    "journal:tiltaksplan_ny": "write; tests/journal/test_tiltaksplan_views.py",
    "journal:tiltaksplan_avslutt": "write; tests/journal/test_tiltaksplan_views.py",
    "journal:tiltaksplan_ip": "write; tests/journal/test_tiltaksplan_views.py",
    "journal:behov_los": "write; tests/journal/test_tiltaksplan_views.py",
    "journal:maal_naadd": "write; tests/journal/test_tiltaksplan_views.py",
    "journal:tiltak_avslutt": "write; tests/journal/test_tiltaksplan_views.py",
    "api:pasient-tiltaksplan-avslutt": "write; tests/journal/test_tiltaksplan_api.py",
    "api:pasient-tiltaksplan-ip": "write; tests/journal/test_tiltaksplan_api.py",
    "api:pasient-tiltaksplan-behov": "write; tests/journal/test_tiltaksplan_api.py",
    "api:pasient-tiltaksplan-tiltak": "write; tests/journal/test_tiltaksplan_api.py",
    "api:pasient-behov-los": "write; tests/journal/test_tiltaksplan_api.py",
    "api:pasient-behov-maal": "write; tests/journal/test_tiltaksplan_api.py",
    "api:pasient-maal-naadd": "write; tests/journal/test_tiltaksplan_api.py",
    "api:pasient-tiltak-endre": "write; tests/journal/test_tiltaksplan_api.py",
    "api:pasient-tiltak-avslutt": "write; tests/journal/test_tiltaksplan_api.py",
    "journal:kartlegging_rediger": "write; tests/journal/test_kartlegging_views.py",
    "journal:kartlegging_feilregistrer": "write; tests/journal/test_kartlegging_views.py",
    "api:pasient-kartlegging-fullfor": "write; tests/journal/test_kartlegging_api.py",
    "api:pasient-kartlegging-feilregistrer": "write; tests/journal/test_kartlegging_api.py",
    # invoicing (integrasjoner.faktura): admins of the kommune; tests/integrasjoner/faktura/
    "faktura:kjoringer": "runs, no patient data; tests/integrasjoner/faktura/test_sider.py",
    "faktura:kjoring": "lines, audited; tests/integrasjoner/faktura/test_sider.py",
    "faktura:kjoering_send": "write; tests/integrasjoner/faktura/{test_kjoering,test_levering}.py",
    "faktura:kjoering_fil": "file, audited; tests/integrasjoner/faktura/test_sider.py",
    "faktura:satser": "rates, no patient data; tests/integrasjoner/faktura/test_sider.py",
    "api:faktura-kjoringer": "runs, no patient data; tests/integrasjoner/faktura/test_sider.py",
    "api:faktura-kjoring-linjer": "lines, audited; tests/integrasjoner/faktura/test_sider.py",
    "api:faktura-kjoring-fil": "file, audited; tests/integrasjoner/faktura/test_sider.py",
    # home care: visit-scoped (404 to strangers, audited) in tests/tjenester/hjemmetjeneste/
    "hjemmetjeneste:dagsliste": "district list; tests/tjenester/hjemmetjeneste/test_views.py",
    "hjemmetjeneste:dagsliste_optimaliser": "write; tests/tjenester/hjemmetjeneste/test_views.py",
    "hjemmetjeneste:mine_besoek": "own list; tests/tjenester/hjemmetjeneste/test_views.py",
    "hjemmetjeneste:besok": "visit; tests/tjenester/hjemmetjeneste/test_views.py",
    "hjemmetjeneste:besoek_tildel": "write; tests/tjenester/hjemmetjeneste/test_views.py",
    "hjemmetjeneste:besoek_flytt": "write; tests/tjenester/hjemmetjeneste/test_views.py",
    "hjemmetjeneste:besoek_sjekk_inn": "write; tests/tjenester/hjemmetjeneste/test_views.py",
    "hjemmetjeneste:besoek_sjekk_ut": "write; tests/tjenester/hjemmetjeneste/test_views.py",
    "hjemmetjeneste:besoek_ikke_utfoert": "write; tests/tjenester/hjemmetjeneste/test_views.py",
    "hjemmetjeneste:oppgave_registrer": "write; tests/tjenester/hjemmetjeneste/test_views.py",
    "hjemmetjeneste:besoek_notat": "write; tests/tjenester/hjemmetjeneste/test_views.py",
    "hjemmetjeneste:besoek_avvik": "write; tests/tjenester/hjemmetjeneste/test_views.py",
    "hjemmetjeneste:besoek_maaling": "write; tests/tjenester/hjemmetjeneste/test_views.py",
    "hjemmetjeneste:leder": "leaders only; tests/tjenester/hjemmetjeneste/test_views.py",
    "api:hjemmetjeneste-dagsliste": "district list; tests/tjenester/hjemmetjeneste/test_api.py",
    "api:hjemmetjeneste-dagsliste-optimaliser": "write; tests/tjenester/hjemmetjeneste/test_api.py",
    "api:hjemmetjeneste-besok": "visit; tests/tjenester/hjemmetjeneste/test_api.py",
    "api:hjemmetjeneste-besok-sjekk-inn": "write; tests/tjenester/hjemmetjeneste/test_api.py",
    "api:hjemmetjeneste-besok-sjekk-ut": "write; tests/tjenester/hjemmetjeneste/test_api.py",
    "api:hjemmetjeneste-oppgave-registrer": "write; tests/tjenester/hjemmetjeneste/test_api.py",
    # medication (legemidler): writes and unit lists, with 404 and audit in tests/legemidler/
    "legemidler:forordning_seponer": "write; tests/legemidler/views/test_forordning.py",
    "legemidler:forordning_bekreft": "write; tests/legemidler/views/test_forordning.py",
    "legemidler:telefonordinasjoner": "unit list; tests/legemidler/views/test_forordning.py",
    "api:pasient-legemidler-seponer": "write; tests/legemidler/apis/test_forordning.py",
    "api:pasient-legemidler-bekreft": "write; tests/legemidler/apis/test_forordning.py",
    "api:legemidler-telefonordinasjoner": "unit list; tests/legemidler/apis/test_forordning.py",
    **dict.fromkeys(
        [
            "legemidler:samstemming_ny",
            "legemidler:samstemming_linje_ny",
            "legemidler:samstemming_linje_beslutt",
            "legemidler:samstemming_signer",
            "legemidler:gjennomgang_ny",
            "api:pasient-legemiddelsamstemming-linje",
            "api:pasient-legemiddelsamstemming-beslutt",
            "api:pasient-legemiddelsamstemming-signer",
            "api:pasient-legemiddelgjennomganger",
        ],
        SAMSTEMMING_TESTER,
    ),
    "api:legemidler-katalog": "catalogue only; tests/legemidler/apis/test_forordning.py",
    # outgoing messages (meldinger_ut): the unit's own outbox (unit record, same 404 to other
    # units), the address book (admin, no patient data)
    "meldinger:utboks": "unit's outbox, audited; tests/integrasjoner/meldinger/test_ut_views.py",
    "meldinger:utgaaende_detalj": "audited; tests/integrasjoner/meldinger/test_ut_views.py",
    "meldinger:varsel_lukk": "write; tests/integrasjoner/meldinger/test_ut_views.py",
    "meldinger:adressebok": "admin; tests/integrasjoner/meldinger/test_ut_views.py",
    "meldinger:adresse_legg_til": "admin write; tests/integrasjoner/meldinger/test_ut_views.py",
    # messages (integrasjoner.meldinger, meldinger_inn): the receiving unit's own records,
    # same 404 to other units, audited; tests/integrasjoner/meldinger/test_sider.py
    **{
        f"meldinger:{name}": "unit inbox; tests/integrasjoner/meldinger/test_sider.py"
        for name in ["innboks", "melding", "melding_haandter", "koblingsko", "kobl", "avviste"]
    },
    # payroll (integrasjoner.lonn): admins of the municipality only; access matrix (other
    # municipality = same 404 as missing, no ADMIN = 403) and audit in tests/integrasjoner/lonn/
    **{
        f"lonn:{name}": "tests/integrasjoner/lonn/test_views.py"
        for name in ["perioder", "periode", "fremdrift", "bygg", "lukk", "fil"]
    },
    **{
        f"api:lonn-{name}": "tests/integrasjoner/lonn/test_api.py"
        for name in [
            "perioder",
            "periode",
            "periode-bygg",
            "periode-lukk",
            "periode-linjer",
            "periode-fil",
        ]
    },
    # helfo: claims to HELFO, the acting GP office's only (SIGN right); other unit = same
    # 404, no SIGN = 403, reads audited per patient: tests/integrasjoner/helfo/test_sider.py
    **{
        f"helfo:{name}": "tests/integrasjoner/helfo/test_sider.py"
        for name in [
            "krav_liste",
            "krav_bygg",
            "oppgjoer_hent",
            "krav",
            "krav_send",
            "arbeidsliste",
            "send_paa_nytt",
            "linje_korriger",
            "ukjente_oppgjoer",
        ]
    },
    **{
        f"api:helfo-{name}": "tests/integrasjoner/helfo/test_sider.py"
        for name in ["krav", "krav-linjer", "krav-send"]
    },
    # KPR/IPLOS report (integrasjoner.kpr): the allocation office of the kommune; access
    # matrix (other kommune = same 404, no HANDLE_CASE = 403) and audit in tests/integrasjoner/kpr/
    "kpr:rapporter": "history, no patient data; tests/integrasjoner/kpr/test_sider.py",
    "kpr:rapport": "persons missing data, audited; tests/integrasjoner/kpr/test_sider.py",
    "kpr:rapport_send": "write; tests/integrasjoner/kpr/test_sider.py",
}


def _walk(patterns: list[URLPattern | URLResolver], namespace: str = "") -> Iterator[str]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, ns)
        elif p.name:
            yield f"{namespace}{p.name}"


# URL names that serve patient data somewhere: each must be listed above.
WALKED_PREFIXES = (
    "journal:",
    "api:pasient",
    "tildeling:",
    "api:tildeling-",
    "sykehjem:",
    "api:sykehjem",
    "faktura:",
    "api:faktura",
    "hjemmetjeneste:",
    "api:hjemmetjeneste",
    "lonn:",
    "api:lonn",
    "legemidler:",
    "api:legemidler",
    "helfo:",  # helfo
    "api:helfo",  # helfo
    "helsestasjon:",  # helsestasjon (vekst)
    "kpr:",
    "meldinger:",  # meldinger_inn + meldinger_ut
)


def _patient_url_names() -> set[str]:
    return {n for n in _walk(get_resolver().url_patterns) if n.startswith(WALKED_PREFIXES)}


def test_every_patient_endpoint_is_registered_here() -> None:
    # given
    known = set(PATIENT) | set(LISTS) | set(OTHER)
    # when
    found = _patient_url_names()
    # then
    assert found - known == set(), "new patient-data endpoints need access and audit tests"
    assert known - found == set(), "stale entries"


def test_patient_routes_take_the_patient_id() -> None:
    # the single-patient endpoints really are keyed by the patient (the 404 check relies on it)
    routes = []
    for pattern in _walk_patterns(get_resolver().url_patterns):
        if isinstance(pattern.pattern, RoutePattern) and "<uuid:pasient_id>" in str(
            pattern.pattern
        ):
            routes.append(pattern)
    assert len(routes) >= len(PATIENT)


def _walk_patterns(patterns: list[URLPattern | URLResolver]) -> Iterator[URLPattern]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk_patterns(p.url_patterns)
        else:
            yield p


def _setup(endpoint: Endpoint, pasient: Pasient) -> dict[str, object]:
    return {name: SETUP[name](pasient) for name in endpoint.needs}


def _client(ansatt: Ansatt) -> APIClient:
    """Logged in for both the HTML views (session) and the API."""
    client = api_client(ansatt)
    client.force_login(ansatt)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PATIENT))
def test_stranger_gets_the_same_404_as_for_a_missing_patient(
    name: str, ansatt_annen_enhet: Ansatt, pasient: Pasient
) -> None:
    # given
    endpoint = PATIENT[name]
    client = _client(ansatt_annen_enhet)
    ids = _setup(endpoint, pasient)
    # when
    denied = client.generic(
        endpoint.method.upper(), endpoint.path.format(pasient=pasient.pk, **ids)
    )
    missing = client.generic(
        endpoint.method.upper(), endpoint.path.format(pasient=uuid.uuid4(), **ids)
    )
    # then
    assert denied.status_code == missing.status_code == 404
    assert denied.content == missing.content
    # no read is recorded as done (a refused attempt may be logged as refused)
    assert (
        not AuditLogg.objects.exclude(hendelse=AuditEvent.PASIENT_READ_REFUSED)
        .filter(pasient_id=pasient.pk, aktor_id=ansatt_annen_enhet.pk)
        .exists()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PATIENT) + sorted(LISTS))
def test_allowed_use_writes_an_audit_row_for_the_patient(
    name: str, lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    endpoint = {**PATIENT, **LISTS}[name]
    ids = _setup(endpoint, pasient)
    path = endpoint.path.format(pasient=pasient.pk, identifikator=pasient.identifikator, **ids)
    # when
    response = _client(lege_med_relasjon).generic(endpoint.method.upper(), path)
    # then
    assert response.status_code == endpoint.allowed_status
    assert AuditLogg.objects.filter(pasient_id=pasient.pk, aktor_id=lege_med_relasjon.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(LISTS))
def test_lists_hide_patients_of_strangers(
    name: str, ansatt_annen_enhet: Ansatt, pasient: Pasient
) -> None:
    # when
    path = LISTS[name].path.format(identifikator=pasient.identifikator)
    response = _client(ansatt_annen_enhet).get(path)
    # then
    assert response.status_code == 200
    assert str(pasient.pk) not in response.content.decode()
    assert not AuditLogg.objects.filter(
        pasient_id=pasient.pk, aktor_id=ansatt_annen_enhet.pk
    ).exists()
