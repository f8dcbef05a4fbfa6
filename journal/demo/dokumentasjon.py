"""Demo clinical documentation: critical info and diagnoses, notes and vital signs."""

from __future__ import annotations

import datetime as dt
import importlib
import random
from dataclasses import replace
from decimal import Decimal

from django.apps import apps
from django.db import transaction

from core.acting import acting_context
from core.context import RequestContext, new_request_id, request_context
from core.klokke import naa
from core.models import (
    Ansatt,
    Enhet,
    Tilknytning,
)
from journal.models import (
    Bevissthet,
    Diagnose,
    Journalnotat,
    Kode,
    KritiskInformasjon,
    Maaling,
    Notattype,
    Pasient,
)
from journal.seeds import kodeverk_startsett_load
from journal.services import (
    MaalingData,
    diagnose_create,
    journalnotat_correct_start,
    journalnotat_create,
    journalnotat_sign,
    kritisk_create,
    maaling_create,
)

DEMO_KRITISK: list[tuple[list[tuple[str, str, str, str, str, str]], list[tuple[str, str]]]] = [
    (
        [("allergi", "Penicillin", "Anafylaksi", "livstruende", "bekreftet", "")],
        [("ICPC-2", "T90"), ("ICPC-2", "K86")],
    ),
    (
        [("beslutning", "Ikke HLR", "", "ukjent", "", "Lars Lege, etter samtale med pasienten")],
        [("ICD-10", "F03"), ("ICD-10", "I48")],
    ),
    (
        [
            ("allergi", "Lateks", "Kontakteksem", "moderat", "mistenkt", ""),
            ("implantat", "Pacemaker", "", "alvorlig", "", ""),
        ],
        [("ICPC-2", "K77"), ("ICPC-2", "K78")],
    ),
    ([("smitte", "MRSA-bærer", "", "alvorlig", "bekreftet", "")], [("ICPC-2", "R95")]),
    ([("intoleranse", "Laktose", "Mageplager", "lett", "bekreftet", "")], [("ICD-10", "E119")]),
]


def build_kritisk(units: dict[tuple[str, int], Enhet]) -> int:
    """Demo CAVE and diagnoses, registered by the demo GP through the services; idempotent."""
    kodeverk_startsett_load()
    enhet = units[("{k} legesenter", 0)]
    tilknytning = (
        Tilknytning.objects.filter(ansatt__username="lege", enhet=enhet)
        .select_related("ansatt", "rolle")
        .first()
    )
    if tilknytning is None:
        return 0
    lege = tilknytning.ansatt
    pasienter = (
        Pasient.objects.filter(
            relasjoner__enhet=enhet, relasjoner__gyldig_til__isnull=True, dodsdato__isnull=True
        )
        .distinct()
        .order_by("identifikator")[: len(DEMO_KRITISK)]
    )
    ctx = RequestContext(
        request_id=new_request_id(),
        kanal="system",
        enhet_id=enhet.pk,
        virksomhet_id=enhet.virksomhet_id,
        rolle_kode=tilknytning.rolle.kode,
        actions=frozenset(tilknytning.rolle.rettigheter.values_list("action", flat=True)),
    )
    created = 0
    with request_context(ctx):
        for pasient, (kritisk, diagnoser) in zip(pasienter, DEMO_KRITISK, strict=False):
            if (
                KritiskInformasjon.objects.filter(pasient=pasient).exists()
                or Diagnose.objects.filter(pasient=pasient).exists()
            ):
                continue
            for type_, tittel, reaksjon, alvorlighet, sikkerhet, besluttet_av in kritisk:
                kritisk_create(
                    actor=lege,
                    pasient_id=pasient.pk,
                    type=type_,
                    tittel=tittel,
                    reaksjon=reaksjon,
                    alvorlighet=alvorlighet,
                    sikkerhet=sikkerhet,
                    besluttet_av=besluttet_av,
                )
            for kodeverk, kode in diagnoser:
                kode_id = Kode.objects.get(kodeverk=kodeverk, kode=kode).pk
                diagnose_create(actor=lege, pasient_id=pasient.pk, kode_id=kode_id)
            created += 1
    return created


# --- Notes and vital signs for home-care patients in "sone nord" ------------------------------

DOK_ENHET = ("Hjemmetjenesten {k} sone nord", 0)
DOK_PASIENTER = 30  # patients of the unit with notes and vital signs
DOK_DAGER = 21  # spread over the last three weeks

# One theme per note: (title, sykepleiediagnose, observations, actions, evaluations).
# The PLO headings of the seeded sykepleienotat: Sykepleiediagnose, Observasjon, Tiltak,
# Evaluering.
NOTATTEMA: list[tuple[str, str, list[str], list[str], list[str]]] = [
    (
        "Morgenbesøk",
        "Nedsatt væskeinntak",
        [
            "Tørre slimhinner og mørk urin. Pasienten sier hun ikke er tørst.",
            "Har drukket ca. 600 ml siden i går kveld ifølge drikkelisten.",
        ],
        [
            "Satt fram drikke på nattbordet og avtalt drikkeliste.",
            "Tilbudt saft og kaffe, drakk to glass under besøket.",
        ],
        [
            "Følges opp ved kveldsbesøket.",
            "Drikkelisten viser bedre inntak enn i går.",
        ],
    ),
    (
        "Sårstell",
        "Sår på venstre legg",
        [
            "Såret måler 3 x 2 cm, rød sårkant, lite sekresjon, ingen lukt.",
            "Såret er i bedring, mindre rødhet rundt. Pasienten har ikke smerter i ro.",
        ],
        [
            "Rengjort med Nacl 0,9 %, lagt på skumbandasje. Neste skift om tre dager.",
            "Skiftet bandasje etter prosedyre. Tatt bilde til sårjournalen.",
        ],
        [
            "Tilheler som forventet.",
            "Kontaktes fastlege hvis økende rødhet eller feber.",
        ],
    ),
    (
        "Kveldsbesøk",
        "Smerter",
        [
            "Pasienten angir smerter 5 av 10 i hofta ved forflytning, 2 av 10 i ro.",
            "Grimaserer ved forflytning fra seng til stol.",
        ],
        [
            "Gitt Paracet 1 g etter fast ordinasjon kl. 20.",
            "Hjulpet til sengs, leiret med pute mellom knærne.",
        ],
        [
            "Smerter 2 av 10 etter en time, sov da vi gikk.",
            "Smertene er uendret; tas opp med fastlegen ved neste visitt.",
        ],
    ),
    (
        "Legemiddelhåndtering",
        "Risiko for feil legemiddelbruk",
        [
            "Dosett for uka er fylt og kontrollert mot legemiddellisten.",
            "Ettermiddagsdosen fra i går lå igjen i dosetten.",
        ],
        [
            "Gitt morgenmedisin og observert at den ble tatt.",
            "Avtalt påminnelse med pårørende på telefon ettermiddag.",
        ],
        [
            "Tar medisinene når vi er til stede.",
            "Vurderer multidosepakning, tas opp med fastlegen.",
        ],
    ),
    (
        "Fallrisiko",
        "Risiko for fall",
        [
            "Ustø ved gange uten rullator. Løse tepper i stua.",
            "Fant pasienten sittende på gulvet på badet, ingen synlige skader, våken og klar.",
        ],
        [
            "Fjernet løse tepper etter avtale med pasienten, satt på nattlys.",
            "Hjulpet opp med to personer, kontrollert bevegelighet, målt blodtrykk.",
        ],
        [
            "Bruker rullatoren inne nå.",
            "Fysioterapeut kontaktes for vurdering av gangfunksjon.",
        ],
    ),
    (
        "Ernæring",
        "Risiko for underernæring",
        [
            "Spiste en halv brødskive til frokost. Vekten er gått ned 2 kg siste måned.",
            "Matlyst bedre i dag, spiste middag fra matombringingen.",
        ],
        [
            "Tilbudt næringsdrikk mellom måltidene, veid pasienten.",
            "Laget matliste sammen med pasienten.",
        ],
        [
            "Vektkontroll hver uke framover.",
            "Drakk en næringsdrikk mens vi var der.",
        ],
    ),
    (
        "Respirasjon",
        "Tungpust ved anstrengelse",
        [
            "Hoster litt, tungpust etter gange til badet. Ingen feber.",
            "Puster lettere i dag, sitter oppe i stolen.",
        ],
        [
            "Målt vitale parametere og regnet NEWS2. Hevet hodeenden på sengen.",
            "Gitt inhalasjon etter ordinasjon.",
        ],
        [
            "Ny måling ved neste besøk; ringer legevakt ved forverring.",
            "Stabil, følges opp.",
        ],
    ),
    (
        "Søvn og uro",
        "Søvnforstyrrelse",
        [
            "Pasienten forteller at hun har sovet dårlig, var oppe flere ganger i natt.",
            "Urolig og litt forvirret på kveldsbesøket, kjente oss igjen.",
        ],
        [
            "Snakket rolig med pasienten, satt på radio og nattlys.",
            "Avtalt tilsyn fra nattpatruljen kl. 02.",
        ],
        [
            "Sov da nattpatruljen kom.",
            "Uroen følges opp, pårørende er informert.",
        ],
    ),
]

KORRIGERINGSGRUNN = "Feil klokkeslett for medisinering i første versjon"


def _notattyper_seed() -> None:
    """The note types the migration seeds (a flush in tests removes them); idempotent."""
    importlib.import_module("journal.migrations.0006_notat_uforanderlig_og_notattyper").seed(
        apps, None
    )


def _minute(tid: dt.datetime) -> dt.datetime:
    return tid.replace(second=0, microsecond=0)


def _demo_notes(
    pick: random.Random,
    sykepleier: Ansatt,
    pasient: Pasient,
    notattype: Notattype,
    *,
    korriger: bool,
) -> None:
    """2–5 signed sykepleienotater over the last weeks; with `korriger` the first note is
    corrected once (version 2), so the history has something to show."""
    now = naa()
    count = pick.randint(2, 5)
    days = sorted(pick.sample(range(1, DOK_DAGER), count), reverse=True)
    for number, (day, (tittel, diagnose, obs, tiltak, evaluering)) in enumerate(
        zip(days, pick.sample(NOTATTEMA, count), strict=True)
    ):
        innhold = {
            "Sykepleiediagnose": diagnose,
            "Observasjon": pick.choice(obs),
            "Tiltak": pick.choice(tiltak),
            "Evaluering": pick.choice(evaluering),
        }
        tid = _minute(now - dt.timedelta(days=day, hours=pick.randint(0, 10)))
        notat = journalnotat_create(
            actor=sykepleier,
            pasient_id=pasient.pk,
            type_id=notattype.pk,
            tittel=tittel,
            innhold=innhold,
            dokumentert_tid=tid,
        )
        notat = journalnotat_sign(actor=sykepleier, notat_id=notat.pk, lasversjon=notat.lasversjon)
        if number == 0 and korriger:
            notat = journalnotat_correct_start(
                actor=sykepleier, notat_id=notat.pk, grunn=KORRIGERINGSGRUNN
            )
            journalnotat_sign(
                actor=sykepleier,
                notat_id=notat.pk,
                lasversjon=notat.lasversjon,
                innhold={"Tiltak": f"{innhold['Tiltak']} Medisin gitt kl. 08.30."},
            )


def _vitals(pick: random.Random, *, syk: bool) -> MaalingData:
    """One believable set for an elderly patient; `syk` gives an infection-like picture
    (NEWS2 5 or more: respiration, SpO2 and pulse all score). About one healthy set in five
    is partial (blood pressure and pulse, maybe weight)."""
    systolisk = pick.randint(105, 150) if syk else pick.randint(118, 162)
    diastolisk = pick.randint(60, min(92, systolisk - 30))
    puls = pick.randint(96, 124) if syk else pick.randint(58, 88)
    if not syk and pick.random() < 0.2:
        return MaalingData(
            systolisk=systolisk,
            diastolisk=diastolisk,
            puls=puls,
            vekt=Decimal(pick.randint(480, 920)) / 10 if pick.random() < 0.5 else None,
        )
    oksygen = syk and pick.random() < 0.4
    return MaalingData(
        systolisk=systolisk,
        diastolisk=diastolisk,
        puls=puls,
        respirasjon=pick.randint(22, 26) if syk else pick.randint(12, 19),
        spo2=pick.randint(90, 93) if syk else pick.randint(95, 99),
        spo2_skala=1,
        oksygen=oksygen,
        temperatur=Decimal(pick.randint(380, 392) if syk else pick.randint(359, 376)) / 10,
        bevissthet=Bevissthet.C if syk and pick.random() < 0.3 else Bevissthet.A,
        blodsukker=Decimal(pick.randint(50, 110)) / 10 if pick.random() < 0.15 else None,
    )


def _demo_vitals(
    pick: random.Random, sykepleier: Ansatt, pasient: Pasient, *, blir_syk: bool
) -> None:
    """3–10 sets over the last weeks, oldest first; with `blir_syk` the last one or two
    show the patient turning ill (NEWS2 raised)."""
    now = naa()
    count = pick.randint(3, 10)
    days = sorted(pick.sample(range(DOK_DAGER), count), reverse=True)
    syk_fra = count - pick.randint(1, 2) if blir_syk else count
    for number, day in enumerate(days):
        data = _vitals(pick, syk=number >= syk_fra)
        tid = _minute(now - dt.timedelta(days=day, hours=pick.randint(1, 10)))
        maaling_create(
            actor=sykepleier,
            pasient_id=pasient.pk,
            data=replace(data, tidspunkt=tid),
        )


def build_dokumentasjon(units: dict[tuple[str, int], Enhet]) -> int:
    """Signed nursing notes and vital signs for the first patients of the demo nurse's unit,
    written by her through the services (audited); idempotent: a patient who already has
    notes or vital signs by her gets none added. Every fifth patient has a corrected note,
    every fourth turns ill. Returns the number of patients filled in."""
    _notattyper_seed()
    enhet = units[DOK_ENHET]
    tilknytning = (
        Tilknytning.objects.filter(ansatt__username="sykepleier", enhet=enhet)
        .select_related("ansatt", "rolle", "enhet")
        .first()
    )
    if tilknytning is None:
        return 0
    sykepleier = tilknytning.ansatt
    notattype = Notattype.objects.get(kode="sykepleienotat")
    pasienter = (
        Pasient.objects.filter(
            relasjoner__enhet=enhet, relasjoner__gyldig_til__isnull=True, dodsdato__isnull=True
        )
        .distinct()
        .order_by("identifikator")[:DOK_PASIENTER]
    )
    har_notater = set(
        Journalnotat.objects.filter(forfatter=sykepleier).values_list("pasient_id", flat=True)
    )
    har_malinger = set(
        Maaling.objects.filter(registrert_av=sykepleier).values_list("pasient_id", flat=True)
    )
    if len(har_notater & har_malinger) >= DOK_PASIENTER:
        # Built before: later demos (allocation, home care) relate more patients to the
        # unit, and they must not be documented on the next `make run`.
        return 0
    filled = 0
    with request_context(acting_context(tilknytning)):
        for index, pasient in enumerate(pasienter):
            pick = random.Random(f"dokumentasjon-{pasient.identifikator}")  # noqa: S311
            with transaction.atomic():
                if pasient.pk not in har_notater:
                    _demo_notes(pick, sykepleier, pasient, notattype, korriger=index % 5 == 0)
                if pasient.pk not in har_malinger:
                    _demo_vitals(pick, sykepleier, pasient, blir_syk=index % 4 == 1)
            filled += pasient.pk not in har_notater or pasient.pk not in har_malinger
    return filled


# --- Care plans (tiltaksplan) for the documented home-care patients and some nursing-home
# patients of the demo doctor's ward ---------------------------------------------------------
