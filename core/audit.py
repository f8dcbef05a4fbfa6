"""The audit log: one function that services call inside their own transaction.

Events are numbered by range per app: 0xx core, 1xx journal, 2xx tjenester,
3xx tildeling, 4xx legemidler, 5xx integrasjoner.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models
from django.utils import timezone
from psycopg.types.json import Jsonb

from core.context import context_get
from core.db import sql_rows
from core.models import Ansatt, AuditLogg


class AuditEvent(models.IntegerChoices):
    LOGIN_OK = 1, "Innlogging"
    LOGIN_FAILED = 2, "Mislykket innlogging"
    LOGIN_LOCKED = 3, "Konto låst etter mislykkede innlogginger"
    LOGOUT = 4, "Utlogging"
    ENHET_SELECTED = 5, "Valgt enhet"
    TOKEN_ISSUED = 6, "API-nøkkel utstedt"
    TOKEN_REVOKED = 8, "API-nøkkel trukket tilbake (utlogging)"
    TOKENS_REVOKED_ALL = 13, "Alle API-nøkler trukket tilbake (ansatt deaktivert)"
    REVISJONSLOGG_READ = 7, "Revisjonslogg lest (administrasjon)"
    TILKNYTNING_SAVED = 11, "Tilknytning til enhet lagret"
    TILKNYTNING_REMOVED = 12, "Tilknytning til enhet fjernet"
    PASIENT_REGISTRATION_MATCHED = 107, "Registrering avvist: fødselsnummeret finnes i annen enhet"
    PASIENT_CREATED = 101, "Pasient registrert"
    PASIENT_READ = 102, "Pasient åpnet"
    PASIENT_SEARCHED = 103, "Pasientsøk"
    PASIENT_LISTED = 104, "Pasient vist i liste"
    PASIENT_UPDATED = 105, "Pasient endret"
    PASIENT_READ_REFUSED = 106, "Forsøk på å åpne pasient uten tilgang"
    RELASJON_OPENED = 110, "Behandlingsrelasjon opprettet"
    RELASJON_CLOSED = 111, "Behandlingsrelasjon avsluttet"
    UTVIDET_TILGANG_OPENED = 120, "Tilgang utenfor behandlingsrelasjon"
    AKUTTILGANG_REVIEWED = 121, "Akuttilgang gjennomgått"
    UTVIDET_TILGANG_REFUSED = 122, "Tilgang utenfor behandlingsrelasjon avvist (ukjent pasient)"
    SPERRING_CREATED = 130, "Sperring registrert"
    SPERRING_LIFTED = 131, "Sperring opphevet"
    # 15x notes, 16x critical info, 17x diagnoses, 18x vitals (one block per area)
    NOTAT_CREATED = 150, "Journalnotat opprettet"
    NOTAT_DRAFT_SAVED = 151, "Utkast lagret"
    NOTAT_SIGNED = 152, "Journalnotat signert"
    NOTAT_CORRECTION_STARTED = 153, "Korrigering påbegynt"
    NOTAT_FEILREGISTRERT = 154, "Journalnotat feilregistrert"
    NOTAT_COUNTERSIGNED = 155, "Journalnotat kontrasignert"
    NOTAT_READ = 156, "Journalnotat lest"
    NOTAT_LISTED = 157, "Journalnotat vist i liste"
    NOTAT_SEARCHED = 158, "Søk i journalen"
    KRITISK_CREATED = 160, "Kritisk informasjon registrert"
    KRITISK_DEACTIVATED = 161, "Kritisk informasjon avsluttet"
    KRITISK_READ = 162, "Kritisk informasjon lest"
    DIAGNOSE_CREATED = 170, "Diagnose satt"
    DIAGNOSE_CLOSED = 171, "Diagnose avsluttet"
    DIAGNOSE_READ = 172, "Diagnoser lest"
    MALING_CREATED = 180, "Måling registrert"
    MALING_FEILREGISTRERT = 181, "Måling feilregistrert"
    MALING_READ = 182, "Målinger lest"
    OVERSIKT_READ = 190, "Klinisk oppsummering lest"
    JOURNAL_PRINTED = 191, "Journal skrevet ut (PDF)"
    TILGANGSLOGG_READ = 140, "Tilgangslogg lest"
    LOGGKONTROLL_READ = 141, "Logganalyse"
    LOGGKONTROLL_EXPORTED = 142, "Logganalyse eksportert"
    ROLLE_RETTIGHETER_CHANGED = 10, "Rettigheter for rolle endret"
    # 183–189 service deliveries (journal Tjeneste), started and ended by tildeling decisions
    TJENESTE_STARTED = 183, "Tjeneste startet"
    TJENESTE_ENDED = 184, "Tjeneste avsluttet"
    TJENESTE_READ = 185, "Tjenester lest"
    # 3xx tildeling: applications, cases, decisions, letters, appeals, alerts
    SOKNAD_CREATED = 301, "Søknad registrert"
    SAK_READ = 303, "Sak lest"
    SAK_LISTED = 304, "Sak vist i arbeidsliste"
    SAK_STATUS_CHANGED = 305, "Saksstatus endret"
    SAK_ASSIGNED = 306, "Saksbehandler satt"
    SAK_NOTAT_CREATED = 307, "Saksnotat skrevet"
    SAK_DOKUMENT_CREATED = 308, "Dokument lagt til sak"
    SAK_KARTLEGGING_LINKED = 309, "IPLOS-kartlegging knyttet til sak"
    VEDTAK_DRAFTED = 310, "Vedtaksutkast opprettet"
    VEDTAK_DRAFT_UPDATED = 311, "Vedtaksutkast endret"
    VEDTAK_FATTET = 312, "Vedtak fattet"
    VEDTAK_GODKJENT = 313, "Vedtak godkjent (to personer)"
    VEDTAK_RETURNED = 314, "Vedtak sendt tilbake til utkast"
    VEDTAK_ENDED = 315, "Vedtak avsluttet"
    VEDTAK_READ = 316, "Vedtak lest"
    VEDTAK_LISTED = 317, "Vedtak vist i liste"
    VEDTAKSBREV_CREATED = 318, "Vedtaksbrev laget"
    VEDTAKSBREV_DOWNLOADED = 319, "Vedtaksbrev lastet ned"
    VEDTAKSBREV_SENT = 320, "Vedtaksbrev sendt"
    KLAGE_REGISTERED = 330, "Klage registrert"
    KLAGE_ASSESSED = 331, "Klage vurdert"
    KLAGE_FORWARDED = 332, "Klage oversendt Statsforvalteren"
    KLAGE_DECIDED = 333, "Klage avgjort av Statsforvalteren"
    KLAGE_READ = 334, "Klage lest"
    VARSEL_RAISED = 340, "Varsel opprettet"
    VARSEL_RESOLVED = 341, "Varsel løst"
    VARSEL_LISTED = 342, "Varsel vist"
    RAPPORT_READ = 350, "Tildelingsrapport vist"
    # 500–519 integrasjoner: received messages (meldinger_inn)
    MELDING_RECEIVED = 500, "Melding mottatt"  # reserved: the outcome row below says it
    MELDING_PROCESSED = 501, "Melding behandlet"
    MELDING_REJECTED = 502, "Melding avvist"
    MELDING_PARKED = 503, "Melding lagt i koblingskøen"
    MELDING_MATCHED = 504, "Melding koblet til pasient manuelt"
    MELDING_DUPLICATE = 505, "Melding mottatt på nytt (samme MsgId)"
    APPREC_SENT = 506, "Applikasjonskvittering laget og sendt"  # reserved (in 501–505)
    MELDING_CANCELLED = 507, "Melding kansellert av avsender"
    MELDING_REPLACED = 508, "Melding erstattet av endring"
    PASIENT_DODSDATO_SET = 509, "Dødsdato registrert"
    MELDING_HANDLED = 510, "Melding håndtert i enhetens arbeidsliste"
    MELDING_READ = 511, "Melding åpnet"
    MELDINGER_LISTED = 512, "Meldinger vist"
    SAMTALE_READ = 513, "Samtale vist"
    DIALOG_REPLY_CREATED = 514, "Svar på dialogmelding skrevet"
    ENHET_HERID_SAVED = 515, "HER-id for enhet registrert"
    # 530–549 integrasjoner: outbox deliveries and velferdsteknologi
    LEVERING_DOD = 530, "Levering til integrasjon stoppet etter feil"
    LEVERING_REPLAYED = 531, "Levering sendt på nytt manuelt"
    # --- fhir (integrasjoner/fhir): 532–534, 548–549 ---
    FHIR_SEARCHED = 532, "Søk i FHIR-API-et"
    FHIR_READ = 533, "Journalopplysninger lest via FHIR-API-et"
    # --- end fhir ---
    VFT_AVSENDER_CREATED = 535, "Avsendersystem for velferdsteknologi registrert"
    VFT_UTSTYR_SAVED = 536, "Velferdsteknologisk utstyr registrert eller endret"
    VFT_HENDELSE_RECEIVED = 537, "Hendelse fra velferdsteknologi mottatt"
    VFT_HENDELSE_PARKED = 538, "Hendelse fra velferdsteknologi parkert"
    VFT_HENDELSE_MATCHED = 539, "Parkert hendelse koblet til pasient"
    VFT_HENDELSE_REFUSED = 540, "Hendelse fra velferdsteknologi avvist (autentisering)"
    VFT_ALARM_CREATED = 541, "Alarm opprettet"
    VFT_ALARM_ACKNOWLEDGED = 542, "Alarm kvittert"
    VFT_ALARM_CLOSED = 543, "Alarm håndtert og lukket"
    VFT_ALARM_READ = 544, "Alarm åpnet"
    VFT_ALARM_LISTED = 545, "Alarm vist i responssenteret"
    VFT_TERSKEL_SAVED = 546, "Terskelverdi for måling satt"
    VFT_PARKERT_READ = 547, "Parkerte hendelser vist"
    # 570–589 integrasjoner: payroll (lønn)
    LONN_PERIODE_CREATED = 570, "Lønnsperiode opprettet"
    LONN_PERIODE_BUILD_REQUESTED = 571, "Bygging av lønnsperiode bestilt"
    LONN_PERIODE_BUILT = 572, "Lønnsperiode bygget"
    LONN_PERIODE_BUILD_FAILED = 573, "Bygging av lønnsperiode feilet"
    LONN_PERIODE_CLOSED = 574, "Lønnsperiode lukket og sendt til lønnssystemet"
    LONN_LINJER_READ = 575, "Lønnslinjer vist"
    LONN_FIL_DOWNLOADED = 576, "Lønnsfil lastet ned"
    LONN_LONNSARTER_SEEDED = 577, "Standard lønnsarter opprettet for kommunen"
    LONN_LONNSART_SAVED = 578, "Lønnsart lagret"
    # 580–589 helfo: claims to HELFO (integrasjoner.helfo)
    HELFO_KRAV_BUILT = 580, "Krav til HELFO bygget og validert"
    HELFO_KRAV_SENT = 581, "Krav til HELFO sendt"
    HELFO_KRAV_RECEIPT = 582, "Kvittering fra HELFO registrert"
    HELFO_OPPGJOER_REGISTERED = 583, "Oppgjør fra HELFO registrert"
    HELFO_OPPGJOER_UNKNOWN = 584, "Oppgjør for ukjent krav mottatt"
    HELFO_KRAVLINJE_CORRECTED = 585, "Avvist kravlinje korrigert"
    HELFO_KRAV_LISTED = 586, "Krav til HELFO vist (liste)"
    HELFO_KRAV_READ = 587, "Krav til HELFO vist"
    HELFO_ARBEIDSLISTE_READ = 588, "Avviste kravlinjer vist"
    HELFO_KRAV_FAILED = 589, "Krav til HELFO avvist eller feilet"
    # 240-279 nursing home (tjenester.sykehjem)
    SENG_CHANGED = 240, "Rom eller seng endret"
    OPPHOLD_CREATED = 241, "Opphold registrert"
    OPPHOLD_ADMITTED = 242, "Innleggelse"
    OPPHOLD_TRANSFERRED = 243, "Overflytting"
    OPPHOLD_DISCHARGED = 244, "Utskrivning"
    OPPHOLD_DEATH = 245, "Dødsfall registrert"
    OPPHOLD_CANCELLED = 246, "Reservasjon annullert"
    OPPHOLD_READ = 247, "Opphold lest"
    OPPHOLD_LISTED = 248, "Opphold vist i liste"
    FRAVAR_CREATED = 250, "Fravær registrert"
    FRAVAR_ENDED = 251, "Fravær avsluttet"
    VENTELISTE_CREATED = 255, "Satt på venteliste"
    VENTELISTE_REMOVED = 256, "Fjernet fra venteliste"
    VENTELISTE_LISTED = 257, "Venteliste vist"
    AVDELINGSOPPGAVE_TICKED = 260, "Oppgave på avdelingen kvittert"
    AVDELINGSOPPGAVER_LISTED = 261, "Oppgaveliste for avdelingen vist"
    # nursing home, stays from decisions (tjenester.sykehjem): 262-269
    VEDTAK_UTEN_OPPHOLD_LISTED = 262, "Vedtak om opphold uten opphold vist"
    VAKT_REGISTRERT = 263, "Vakt registrert på avdeling"
    # 264–289 GP office (tjenester.legekontor)
    FASTLEGELISTE_SAVED = 264, "Fastlegeliste opprettet eller endret"
    LISTEPLASS_JOINED = 265, "Pasient satt på fastlegeliste"
    LISTEPLASS_LEFT = 266, "Pasient meldt ut av fastlegeliste"
    FASTLEGELISTE_LISTED = 267, "Fastlegeliste vist"
    TIMEMAL_SAVED = 268, "Timemal lagret"
    TIME_BOOKED = 269, "Time booket"
    TIME_MOVED = 270, "Time flyttet"
    TIME_CANCELLED = 271, "Time avlyst"
    TIME_NO_SHOW = 272, "Pasient møtte ikke"
    TIME_ARRIVED = 273, "Pasient registrert ankommet"
    TIMEBOK_LISTED = 274, "Timebok vist"
    VENTEROM_LISTED = 275, "Venterom vist"
    KONSULTASJON_OPENED = 276, "Konsultasjon åpnet"
    KONSULTASJON_READ = 277, "Konsultasjon lest"
    KONSULTASJON_SAVED = 278, "Konsultasjon endret (kontaktårsak, diagnoser)"
    TAKST_ADDED = 279, "Takst lagt til konsultasjon"
    TAKST_REMOVED = 280, "Takst fjernet fra konsultasjon"
    KONSULTASJON_SIGNED = 281, "Konsultasjon signert"
    BETALING_REGISTERED = 282, "Egenandel betalt eller fakturert"
    KONSULTASJONER_LISTED = 283, "Konsultasjoner vist i liste"
    TAKSTER_LOADED = 284, "Takster lastet"
    # lk2: the list page (tjenester.legekontor)
    LISTEPLASSER_LISTED = 285, "Pasienter på fastlegeliste vist"
    TIME_READ = 286, "Time åpnet for flytting"
    TIMEMAL_DELETED = 287, "Timemal slettet"
    # Care plans (tiltaksplan): 192–199 and 123–129
    TILTAKSPLAN_CREATED = 192, "Tiltaksplan opprettet"
    TILTAKSPLAN_CLOSED = 193, "Tiltaksplan avsluttet"
    TILTAKSPLAN_READ = 194, "Tiltaksplan lest"
    TILTAKSPLAN_IP_CHANGED = 195, "Individuell plan/koordinator endret"
    BEHOV_ADDED = 196, "Problem/behov lagt til i tiltaksplan"
    BEHOV_RESOLVED = 197, "Problem/behov løst"
    MAAL_ADDED = 198, "Mål lagt til i tiltaksplan"
    MAAL_ACHIEVED = 199, "Mål nådd"
    TILTAK_ADDED = 123, "Tiltak lagt til"
    TILTAK_CHANGED = 124, "Tiltak endret (ny versjon fra dato)"
    TILTAK_ENDED = 125, "Tiltak avsluttet"
    EVALUERING_ADDED = 126, "Evaluering skrevet"
    TILTAK_FOREKOMSTER_LISTED = 127, "Pasient vist i tiltaksliste"
    # 112–117 assessments (kartlegging)
    KARTLEGGING_CREATED = 112, "Kartlegging opprettet"
    KARTLEGGING_COMPLETED = 113, "Kartlegging fullført"
    KARTLEGGING_DRAFT_SAVED = 114, "Utkast til kartlegging lagret"
    KARTLEGGING_FEILREGISTRERT = 115, "Kartlegging feilregistrert"
    KARTLEGGING_READ = 116, "Kartlegging lest"
    KARTLEGGING_LISTED = 117, "Kartlegginger vist i liste"
    # 550–569 invoicing (integrasjoner.faktura)
    FAKTURA_KJORING_STARTED = 550, "Fakturakjøring startet"
    FAKTURA_KJORING_FINISHED = 551, "Fakturakjøring beregnet"
    FAKTURA_KJORING_FAILED = 552, "Fakturakjøring feilet"
    FAKTURA_KJORING_SENT = 553, "Fakturakjøring godkjent og sendt"
    FAKTURA_LINJER_LISTED = 554, "Fakturalinjer vist"
    FAKTURA_FIL_DOWNLOADED = 555, "Fakturafil lastet ned"
    FAKTURA_INNTEKT_SAVED = 556, "Inntektsgrunnlag registrert eller endret"
    # 557–569 KPR/IPLOS report (integrasjoner.kpr)
    KPR_RAPPORT_STARTED = 557, "KPR-rapport bestilt"
    KPR_RAPPORT_BUILT = 558, "KPR-rapport bygget og validert"
    KPR_RAPPORT_FAILED = 559, "Bygging av KPR-rapport feilet"
    KPR_RAPPORT_SENT = 560, "KPR-rapport sendt til KPR"
    KPR_MANGLER_LISTED = 561, "Personer med mangler i KPR-rapport vist"
    # 200–239 home care (hjemmetjeneste)
    BESOK_PLANNED = 200, "Besøk planlagt fra tiltaksplan"
    BESOK_REMOVED = 201, "Planlagt besøk fjernet etter planendring"
    BESOK_ASSIGNED = 202, "Besøk tildelt ansatt"
    BESOK_REORDERED = 203, "Rekkefølge i kjøreliste endret"
    BESOK_ROUTE_OPTIMISED = 204, "Kjøreliste ruteoptimalisert"
    BESOK_CHECKED_IN = 205, "Sjekket inn på besøk"
    BESOK_CHECKED_OUT = 206, "Sjekket ut av besøk"
    BESOK_OPPGAVE_TICKED = 207, "Oppgave på besøk registrert"
    BESOK_MISSED = 208, "Besøk ikke startet innen tidsvinduet"
    BESOK_READ = 209, "Besøk åpnet"
    BESOK_LISTED = 210, "Besøk vist i liste"
    ADRESSEPUNKT_SAVED = 211, "Adresse og nøkkelinformasjon lagret"
    AVVIK_CREATED = 212, "Avvik meldt fra besøk"
    AVVIK_LISTED = 213, "Avvik vist i liste"
    VAKT_SAVED = 214, "Vakt registrert"
    UTFORT_TID_READ = 215, "Utført tid lest"
    # --- helsestasjon (216–231): enrolment, programme, vaccinations ---
    INNSKRIVNING_CREATED = 216, "Barn innskrevet på helsestasjon"
    INNSKRIVNING_TRANSFERRED = 217, "Barn overført til annen helsestasjon"
    FORESATT_SAVED = 218, "Foresatt registrert"
    KONSULTASJON_REGISTERED = 219, "Konsultasjon registrert"
    VAKSINASJON_GIVEN = 220, "Vaksine gitt"
    VAKSINASJON_REFUSED = 221, "Reservasjon mot vaksine registrert"
    VAKSINASJON_INVALIDATED = 222, "Vaksinasjon feilregistrert"
    HELSESTASJON_BARN_READ = 223, "Barnets helsestasjonsprogram åpnet"
    ARBEIDSLISTE_LISTED = 224, "Barn vist på helsestasjonens arbeidsliste"
    INNKALLING_READ = 225, "Innkalling til helsestasjonen laget"
    # --- end helsestasjon ---
    # 450–479 legemidler: the administration round, missed doses, chart, multidose
    RUNDE_LISTED = 450, "Utdelingsrunde vist"
    ADMINISTRASJON_SIGNED = 451, "Legemiddeldose signert"
    ADMINISTRASJON_COSIGNED = 452, "Legemiddeldose dobbeltkontrollert"
    ADMINISTRASJON_CORRECTED = 453, "Legemiddeldose korrigert"
    BEHOVSDOSE_GIVEN = 454, "Behovsdose gitt"
    EFFEKT_EVALUATED = 455, "Effekt av behovsdose vurdert"
    DOSEVARSEL_RAISED = 456, "Dose ikke signert eller ikke tatt (varsel)"
    DOSEVARSEL_CLOSED = 457, "Dosevarsel lukket"
    DOSEVARSEL_LISTED = 458, "Dosevarsel vist i liste"
    KURVE_READ = 459, "Kurve lest"
    KURVE_PRINTED = 460, "Kurve skrevet ut (PDF)"
    BESOEK_DOSER_READ = 461, "Doser på besøk vist"
    UTDELINGSOPPSETT_SAVED = 462, "Utdelingsoppsett for enhet lagret"
    MULTIDOSE_SENT = 463, "Endring i multidose sendt til apotek"
    # 400–429 legemidler: orders, the medication list, reconciliation and review
    # (430–469 are the administration round, missed doses and the chart)
    FORORDNING_CREATED = 400, "Legemiddel ordinert"
    FORORDNING_STOPPED = 401, "Forordning seponert"
    FORORDNING_CONFIRMED = 402, "Telefonordinasjon bekreftet av lege"
    FORORDNING_CHECK_OVERRIDDEN = 403, "Kontroll ved ordinering overstyrt med begrunnelse"
    FORORDNING_STOPPED_BY_CHECK = 404, "Ordinering stoppet av kontroll"
    FORORDNING_READ = 405, "Forordning lest"
    LEGEMIDDELLISTE_READ = 406, "Legemiddelliste lest"
    LEGEMIDDELLISTE_PRINTED = 407, "Legemiddelliste skrevet ut (PDF)"
    TELEFONORDINASJON_LISTED = 408, "Ubekreftet telefonordinasjon vist i liste"
    SAMSTEMMING_CREATED = 410, "Legemiddelsamstemming påbegynt"
    SAMSTEMMING_LINE_DECIDED = 411, "Linje i legemiddelsamstemming avgjort"
    SAMSTEMMING_SIGNED = 412, "Legemiddelsamstemming signert av lege"
    SAMSTEMMING_READ = 413, "Legemiddelsamstemming lest"
    GJENNOMGANG_CREATED = 415, "Legemiddelgjennomgang registrert"
    GJENNOMGANG_READ = 416, "Legemiddelgjennomgang lest"
    # 520–529 integrasjoner: outgoing messages and the address book (meldinger_ut)
    KOMMUNIKASJONSPART_SAVED = 520, "Kommunikasjonspart lagret i adresseboken"
    UTGAAENDE_CREATED = 521, "Utgående melding laget og validert"
    UTGAAENDE_REFUSED = 522, "Utgående melding ikke gyldig, ikke sendt"
    UTGAAENDE_SENT = 523, "Utgående melding sendt"
    UTGAAENDE_APPREC = 524, "Kvittering for utgående melding mottatt"
    UTGAAENDE_VARSEL = 525, "Varsel om utgående melding"
    UTGAAENDE_VARSEL_CLOSED = 526, "Varsel om utgående melding lukket"
    UTGAAENDE_LISTED = 527, "Utgående meldinger vist"
    UTGAAENDE_READ = 528, "Utgående melding åpnet"
    # 232–239 helsestasjon: growth (vekst)
    VEKSTMAALING_CREATED = 232, "Vekstmåling registrert"
    VEKSTKURVE_READ = 233, "Vekstkurve lest"
    VEKSTKURVE_PRINTED = 234, "Vekstkurve skrevet ut (PDF)"
    FODSELSOPPLYSNING_SAVED = 235, "Svangerskapslengde ved fødsel registrert"
    # 590–599 SYSVAK (integrasjoner.sysvak)
    SYSVAK_REPORTED = 590, "Vaksinasjon meldt til SYSVAK (kvittering mottatt)"
    SYSVAK_FETCHED = 591, "Tidligere vaksinasjoner hentet fra SYSVAK"
    SYSVAK_HISTORIKK_READ = 592, "Vaksinasjoner fra SYSVAK vist"


def _actor_fields(actor: Ansatt | None) -> dict[str, Any]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"aktor_id": None, "aktor_navn": "", "aktor_hpr": "", "aktor_yrke": ""}
    return {
        "aktor_id": actor.pk,
        "aktor_navn": actor.get_full_name() or actor.username,
        "aktor_hpr": actor.hpr_nummer or "",
        "aktor_yrke": actor.yrke,
    }


def _context_fields() -> dict[str, Any]:
    ctx = context_get()
    if ctx is None:
        return {"kanal": "system"}
    return {
        "request_id": ctx.request_id,
        "klient_request_id": ctx.klient_request_id,
        "ip": ctx.ip,
        "kanal": ctx.kanal,
        "enhet_id": ctx.enhet_id,
        "rolle": ctx.rolle_kode,
    }


def _target_fields(target: models.Model | None) -> dict[str, Any]:
    if target is None:
        return {"objekt_type": "", "objekt_id": ""}
    return {"objekt_type": target._meta.label, "objekt_id": str(target.pk)}


def _require_transaction() -> None:
    # The audit row must commit if and only if the change (or read) it records commits.
    if not connection.in_atomic_block:
        raise RuntimeError("audit_log must be called inside transaction.atomic()")


# The columns we write; the database sets id and the hash chain (kjede_nr, forrige_hash, hash).
_COLUMNS = (
    "tidspunkt",
    "hendelse",
    "aktor_id",
    "aktor_navn",
    "aktor_hpr",
    "aktor_yrke",
    "rolle",
    "enhet_id",
    "pasient_id",
    "objekt_type",
    "objekt_id",
    "grunnlag",
    "begrunnelse",
    "ip",
    "request_id",
    "klient_request_id",
    "kanal",
    "ekstra",
)
_NULLABLE = frozenset({"aktor_id", "enhet_id", "pasient_id", "ip"})
_ROW_SQL = "(" + ", ".join(["%s"] * len(_COLUMNS)) + ")"
_INSERT_SQL = f'INSERT INTO "{AuditLogg._meta.db_table}" ({", ".join(_COLUMNS)}) VALUES '  # noqa: S608


def _as_uuid(value: Any) -> uuid.UUID | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _insert(rows: list[dict[str, Any]]) -> list[int]:
    """The rows in one `INSERT … RETURNING id`, in order. Every audit row is written here:
    the columns are fixed and the values plain, so the ORM's per-field preparation (a third
    of a millisecond of Python per statement, on every audited request) is not needed. The
    values are adapted as Django's fields would (UUID, inet, JSON)."""
    params = [_param(column, row.get(column)) for row in rows for column in _COLUMNS]
    sql = _INSERT_SQL + ", ".join([_ROW_SQL] * len(rows)) + " RETURNING id"
    # Prepared (core.db): one text per row count, the same few on every request.
    return [row[0] for row in sql_rows(sql, params)]


# --- kjerne (issue 12): audit rows written by the statement that reads -------------------
# Types of the columns, for rows made by a SELECT (a bound value there has no column to take
# its type from).
_CAST = {
    "tidspunkt": "timestamptz",
    "hendelse": "smallint",
    "aktor_id": "uuid",
    "enhet_id": "uuid",
    "pasient_id": "uuid",
    "ip": "inet",
    "ekstra": "jsonb",
}


def _param(column: str, value: Any) -> Any:
    if column in ("aktor_id", "enhet_id", "pasient_id"):
        return _as_uuid(value)
    if column == "hendelse":
        return int(value)
    if column == "ip":
        return connection.ops.adapt_ipaddressfield_value(value)
    if column == "ekstra":
        return Jsonb(value if value is not None else {})
    if value is None and column not in _NULLABLE:
        return ""
    return value


def audit_rows_select(
    *,
    actor: Ansatt | None,
    event: AuditEvent,
    fra: str,
    rekke: int,
    pasient_sql: str | None = None,
    objekt_type: str = "",
    objekt_id_sql: str | None = None,
    grunnlag: str = "",
    extra: dict[str, Any] | None = None,
    extra_sql: str | None = None,
    nr_sql: str = "0",
    objekt_type_sql: str | None = None,
    fra_params: Sequence[Any] = (),
    tidspunkt: Any = None,
) -> tuple[str, list[Any]]:
    """A SELECT giving one audit row per row of `fra` (SQL text: a relation of the same
    statement, with a WHERE if need be), for audit_rows_insert. `pasient_sql` and
    `objekt_id_sql` are SQL expressions over `fra` (else no patient / object id);
    `extra_sql` is a jsonb expression added to `extra` (e.g. a count). Rows sort by
    `rekke`, then by `nr_sql` (an expression over `fra`: the order the rows were shown);
    `fra_params` are the values of placeholders in `fra` (after the columns' own).
    Columns and expressions come from the caller's constant SQL; every value is a bound
    parameter."""
    return _rows_select(
        _shared_params(actor, tidspunkt),
        event=event,
        fra=fra,
        rekke=rekke,
        pasient_sql=pasient_sql,
        objekt_type=objekt_type,
        objekt_id_sql=objekt_id_sql,
        grunnlag=grunnlag,
        extra=extra,
        extra_sql=extra_sql,
        nr_sql=nr_sql,
        objekt_type_sql=objekt_type_sql,
        fra_params=fra_params,
    )


def _shared_params(actor: Ansatt | None, tidspunkt: Any) -> dict[str, Any]:
    """The bound values every row of one audited step shares (its time, the actor, the
    request's context), adapted once (_param) for all of the step's selects."""
    values = {
        "tidspunkt": tidspunkt or timezone.now(),
        "begrunnelse": "",
        **_actor_fields(actor),
        **_context_fields(),
    }
    return {column: _param(column, values.get(column)) for column in _SHARED}


# The columns of _shared_params; the others are each select's own.
_SHARED = (
    "tidspunkt",
    "aktor_id",
    "aktor_navn",
    "aktor_hpr",
    "aktor_yrke",
    "rolle",
    "enhet_id",
    "begrunnelse",
    "ip",
    "request_id",
    "klient_request_id",
    "kanal",
)


def _rows_select(
    shared: dict[str, Any],
    *,
    event: AuditEvent,
    fra: str,
    rekke: int,
    pasient_sql: str | None,
    objekt_type: str,
    objekt_id_sql: str | None,
    grunnlag: str,
    extra: dict[str, Any] | None,
    extra_sql: str | None,
    nr_sql: str,
    objekt_type_sql: str | None,
    fra_params: Sequence[Any],
) -> tuple[str, list[Any]]:
    """audit_rows_select with the shared values already adapted (_shared_params)."""
    own = {
        "hendelse": event,
        "grunnlag": grunnlag,
        "ekstra": extra or {},
        "objekt_type": objekt_type,
    }
    sql, columns = _rows_select_sql(
        fra, rekke, pasient_sql, objekt_id_sql, extra_sql, nr_sql, objekt_type_sql
    )
    params = [
        shared[column] if column in shared else _param(column, own.get(column))
        for column in columns
    ]
    return sql, [*params, *fra_params]


@functools.lru_cache(maxsize=64)
def _rows_select_sql(
    fra: str,
    rekke: int,
    pasient_sql: str | None,
    objekt_id_sql: str | None,
    extra_sql: str | None,
    nr_sql: str,
    objekt_type_sql: str | None,
) -> tuple[str, tuple[str, ...]]:
    """audit_rows_select's text (the same few on every request) and its bound columns."""
    parts = [f"{int(rekke)} AS kj_rekke", f"({nr_sql})::bigint AS kj_nr"]
    bound: list[str] = []
    for column in _COLUMNS:
        if column == "pasient_id" and pasient_sql is not None:
            parts.append(f"({pasient_sql})::uuid AS {column}")
            continue
        if column == "objekt_id" and objekt_id_sql is not None:
            parts.append(f"({objekt_id_sql})::text AS {column}")
            continue
        if column == "objekt_type" and objekt_type_sql is not None:
            parts.append(f"({objekt_type_sql})::text AS {column}")
            continue
        cast = _CAST.get(column)
        placeholder = f"%s::{cast}" if cast else "%s"
        if column == "ekstra" and extra_sql is not None:
            placeholder = f"(%s::jsonb || {extra_sql})"
        parts.append(f"{placeholder} AS {column}")
        bound.append(column)
    return f"SELECT {', '.join(parts)} FROM {fra}", tuple(bound)  # noqa: S608 - constants


def audit_rows_insert(selects: list[tuple[str, list[Any]]]) -> tuple[str, list[Any]]:
    """`INSERT … SELECT` of the rows of audit_rows_select, in their order (the hash chain
    numbers them so), for a data-modifying step (CTE) of the statement that reads: the rows
    then commit exactly when the read does, whether that statement runs alone (its own
    transaction) or inside the caller's. `nr`: the selects' sources have a `kj_nr` order."""
    if not selects:
        raise ValueError("audit_rows_insert needs at least one select")
    body = " UNION ALL ".join(sql for sql, _params in selects)
    columns = ", ".join(_COLUMNS)
    sql = (
        f'INSERT INTO "{AuditLogg._meta.db_table}" ({columns}) SELECT'  # noqa: S608
        f" {', '.join('x.' + c for c in _COLUMNS)} FROM ({body}) x"
        " ORDER BY x.kj_rekke, x.kj_nr RETURNING 1"
    )
    return sql, [p for _sql, params in selects for p in params]


# --- end kjerne


def audit_log(
    *,
    actor: Ansatt | None,
    event: AuditEvent,
    target: models.Model | None = None,
    pasient_id: uuid.UUID | None = None,
    grunnlag: str = "",
    begrunnelse: str = "",
    extra: dict[str, Any] | None = None,
) -> AuditLogg:
    """Write one audit row in the caller's transaction. Raises if it cannot (fail closed)."""
    _require_transaction()
    values = {
        "tidspunkt": timezone.now(),
        "hendelse": event,
        "pasient_id": _as_uuid(pasient_id),
        "grunnlag": grunnlag,
        "begrunnelse": begrunnelse,
        "ekstra": extra or {},
        **_actor_fields(actor),
        **_context_fields(),
        **_target_fields(target),
    }
    (row_id,) = _insert([values])
    return AuditLogg(id=row_id, **values)


def audit_log_list(
    *,
    actor: Ansatt | None,
    event: AuditEvent,
    extra: dict[str, Any] | None,
    listed_event: AuditEvent,
    targets: Iterable[models.Model],
    listed_extra: dict[str, Any] | None = None,
) -> int:
    """A list shown (a search, a filter): one row for the list itself (`event`, no target)
    and one per patient-scoped object on it (`listed_event`), all in a single INSERT, the
    list's row first. The same rows as audit_log followed by audit_log_many. Returns the
    number of objects listed."""
    _require_transaction()
    now = timezone.now()
    selects = [
        audit_rows_select(
            actor=actor, event=event, fra="(SELECT 1) kj_en", rekke=0, extra=extra, tidspunkt=now
        )
    ]
    listed = _listed_select(actor, listed_event, targets, extra=listed_extra, tidspunkt=now)
    if listed is not None:
        selects.append(listed[0])
    sql, params = audit_rows_insert(selects)
    sql_rows(sql, params)
    return listed[1] if listed is not None else 0


def audit_rows_list(
    *,
    actor: Ansatt | None,
    event: AuditEvent,
    extra: dict[str, Any] | None,
    listed_event: AuditEvent,
    listed_extra: dict[str, Any] | None,
    objekt_type: str,
    fra: str,
    t: str,
) -> tuple[str, list[Any]]:
    """audit_log_list's rows as audit_rows_insert, for the statement that reads the list:
    `fra` is the list as shown (alias `t`, with the object's id `t.id`, also its patient, and
    its place `t.kj_nr`). The list's row (`event`) gets `extra` and `treff`, the count of
    `fra`; each object a `listed_event` row with `listed_extra`. The same rows, values and
    shared time as audit_log_list gives for the same list."""
    shared = _shared_params(actor, timezone.now())  # one time, actor and context for both
    return audit_rows_insert(
        [
            _rows_select(
                shared,
                event=event,
                fra="(SELECT 1) kj_en",
                rekke=0,
                pasient_sql=None,
                objekt_type="",
                objekt_id_sql=None,
                grunnlag="",
                extra=extra,
                extra_sql=f"jsonb_build_object('treff', (SELECT count(*) FROM {fra}))",  # noqa: S608
                nr_sql="0",
                objekt_type_sql=None,
                fra_params=(),
            ),
            _rows_select(
                shared,
                event=listed_event,
                fra=fra,
                rekke=1,
                pasient_sql=f"{t}.id",
                objekt_type=objekt_type,
                objekt_id_sql=f"{t}.id",
                grunnlag="",
                extra=listed_extra,
                extra_sql=None,
                nr_sql=f"{t}.kj_nr",
                objekt_type_sql=None,
                fra_params=(),
            ),
        ]
    )


def _listed_select(
    actor: Ansatt | None,
    event: AuditEvent,
    targets: Iterable[models.Model],
    *,
    extra: dict[str, Any] | None,
    tidspunkt: Any,
    grunnlag: str = "",
) -> tuple[tuple[str, list[Any]], int] | None:
    """audit_rows_select for one row per patient-scoped object of a list, and the count
    (None for an empty list). One prepared text whatever the list's length: the shared
    values bound once, the per-row ones as three arrays, in list order."""
    rows = [
        (_as_uuid(getattr(t, "pasient_id", None) or t.pk), t._meta.label, str(t.pk))
        for t in targets
    ]
    if not rows:
        return None
    pasienter, typer, objekter = (list(c) for c in zip(*rows, strict=True))
    select = audit_rows_select(
        actor=actor,
        event=event,
        fra=_LISTED_FROM,
        fra_params=[pasienter, typer, objekter],
        rekke=1,
        pasient_sql="l.pasient_id",
        objekt_type_sql="l.objekt_type",
        objekt_id_sql="l.objekt_id",
        nr_sql="l.nr",
        grunnlag=grunnlag,
        extra=extra,
        tidspunkt=tidspunkt,
    )
    return select, len(rows)


_LISTED_FROM = (
    "unnest(%s::uuid[], %s::text[], %s::text[]) WITH ORDINALITY"
    " AS l(pasient_id, objekt_type, objekt_id, nr)"
)


def audit_log_many(
    *,
    actor: Ansatt | None,
    event: AuditEvent,
    targets: Iterable[models.Model],
    grunnlag: str = "",
    extra: dict[str, Any] | None = None,
) -> int:
    """One row per patient-scoped object shown in a list, in a single INSERT."""
    _require_transaction()
    listed = _listed_select(
        actor, event, targets, extra=extra, tidspunkt=timezone.now(), grunnlag=grunnlag
    )
    if listed is None:
        return 0
    sql, params = audit_rows_insert([listed[0]])
    sql_rows(sql, params)
    return listed[1]


# --- oversikt (issue 12, target 2): rows of several events in one INSERT -----------------


@dataclass(frozen=True)
class Revisjonsrad:
    """One row for audit_log_rows: the arguments of audit_log but the actor."""

    event: AuditEvent
    target: models.Model | None = None
    pasient_id: uuid.UUID | None = None
    grunnlag: str = ""
    begrunnelse: str = ""
    extra: dict[str, Any] | None = None


def audit_log_rows(*, actor: Ansatt | None, rows: Sequence[Revisjonsrad]) -> int:
    """The rows of a composite read (the overview: its sections' reads and its own), of any
    events, for one actor in the caller's transaction and in one INSERT, in order: the same
    rows as audit_log called once per entry (they share one time). Returns the count."""
    _require_transaction()
    if not rows:
        return 0
    now = timezone.now()
    shared = {**_actor_fields(actor), **_context_fields()}
    values = [
        {
            "tidspunkt": now,
            "hendelse": r.event,
            "pasient_id": _as_uuid(r.pasient_id),
            "grunnlag": r.grunnlag,
            "begrunnelse": r.begrunnelse,
            "ekstra": r.extra or {},
            **shared,
            **_target_fields(r.target),
        }
        for r in rows
    ]
    return len(_insert(values))


# --- end oversikt
